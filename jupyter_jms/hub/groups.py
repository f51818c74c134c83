"""The roster follows Hub groups: ``c.JmsApp.hub_role_groups = {"editor": "jms-editors"}``.

For each role named there, the members of the Hub group hold the role today and nobody else
does: a user added to the group gets the role (and a roster entry if they had none), a user
taken out of it has the role ended. The key ``member`` names a group whose users are put on
the roster with no role (contributors); leaving it takes nobody off the roster, which keeps
every member's history. Every change goes through the members service as an
admin's would, so it is in the history like any other role change, with ``jupyterhub`` as
the actor. A group the Hub does not know (a typo, a group not created yet) changes nothing.

The service asks the Hub every ``c.JmsApp.hub_group_sync_seconds`` (and at start-up) with
its own API token, which needs the scope ``read:groups`` (``jupyter-config/
jupyterhub_config.py`` grants it). Several service processes on one database may do this at
once: each compares with what is stored, so the second one finds nothing left to change,
and a write that loses a race is tried again at the next round.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.ioloop import IOLoop, PeriodicCallback

from ..domain.access import ADMIN, CHAIR, EDITOR, Caller
from ..domain.values import USERNAME_RE
from ..errors import ServiceError
from ..services.kernel.common import today

ACTOR = "jupyterhub"
# "On the roster, no role": contributors.
MEMBER = "member"
# Council roles list the languages they vet, which a Hub group cannot say.
SYNCED_ROLES = (MEMBER, EDITOR, ADMIN, CHAIR)

log = logging.getLogger("jupyter_jms.hub")

if TYPE_CHECKING:
    from ..container import Services


def check_mapping(mapping: Mapping[str, Any]) -> dict[str, str]:
    """``hub_role_groups`` as role -> group, or ValueError saying what is wrong."""
    out: dict[str, str] = {}
    for role, group in mapping.items():
        if role not in SYNCED_ROLES:
            raise ValueError(
                f"JmsApp.hub_role_groups: {role!r} cannot follow a Hub group; the roles that "
                f"can are {', '.join(SYNCED_ROLES)}."
            )
        if not isinstance(group, str) or not group:
            raise ValueError(f"JmsApp.hub_role_groups[{role!r}] is a Hub group name.")
        out[role] = group
    return out


def _said(exc: ServiceError) -> str:
    return " ".join([exc.message, *(f"{f}: {m}." for f, m in exc.errors)])


def _active(interval: Mapping[str, Any], day: date) -> bool:
    since = date.fromisoformat(interval["since"])
    until = interval["until"] and date.fromisoformat(interval["until"])
    return since <= day and (not until or day < until)


class RosterFollowsGroups:
    """One round: what the Hub's groups say, applied to the roster through ``members``."""

    def __init__(
        self, members: Any, mapping: Mapping[str, str], logger: logging.Logger | None = None
    ) -> None:
        self.log = logger or log
        self.members = members
        self.mapping = dict(mapping)
        self.actor = Caller(ACTOR, frozenset({ADMIN}))

    def apply(self, groups: Mapping[str, set[str] | None]) -> list[str]:
        """Bring the roster in line with ``groups`` (group -> usernames; None: the Hub has
        no such group). Returns what changed, one line each. Blocking: run it off the loop."""
        changes: list[str] = []
        day = today()
        for role, group in self.mapping.items():
            wanted = groups.get(group)
            if wanted is None:
                self.log.warning(
                    "jupyter-jms: the Hub has no group %r (for %s); skipped", group, role
                )
                continue
            bad = sorted(name for name in wanted if not USERNAME_RE.match(name))
            if bad:
                self.log.warning("jupyter-jms: not valid member usernames: %s", ", ".join(bad))
            wanted = wanted - set(bad)
            # Read again for each role: the one before may have added members.
            roster = {m["username"]: m for m in self.members.list()}
            if role == MEMBER:
                for name in sorted(wanted - set(roster)):
                    changes += self._grant(None, name, role, group)
                continue
            holders = {name for name, m in roster.items() if role in m["roles"]}
            for name in sorted(wanted - holders):
                changes += self._grant(roster.get(name), name, role, group)
            for name in sorted(holders - wanted):
                changes += self._end(roster[name], role, group, day)
        return changes

    def _grant(self, member: Any, name: str, role: str, group: str) -> list[str]:
        try:
            if member is None:
                roles = [] if role == MEMBER else [{"role": role, "since": today().isoformat()}]
                self.members.create(self.actor, {"username": name, "roles": roles})
            else:
                self.members.add_role(self.actor, name, {"role": role})
        except ServiceError as exc:
            self.log.warning(
                "jupyter-jms: %s not made %s (Hub group %s): %s", name, role, group, _said(exc)
            )
            return []
        what = "on the roster" if role == MEMBER else f"+{role}"
        return [f"{name} {what} (in Hub group {group})"]

    def _end(self, member: Mapping[str, Any], role: str, group: str, day: date) -> list[str]:
        out: list[str] = []
        name = member["username"]
        for interval in member["role_intervals"]:
            if interval["role"] != role or not _active(interval, day):
                continue
            since = date.fromisoformat(interval["since"])
            # The roster records days: a role given today ends tomorrow at the earliest.
            until = day if since < day else since + timedelta(days=1)
            try:
                fresh = self.members.get(name)
                self.members.change_role(
                    self.actor,
                    name,
                    interval["id"],
                    {"until": until.isoformat(), "if_version": fresh["version"]},
                )
            except ServiceError as exc:
                self.log.warning(
                    "jupyter-jms: %s keeps %s (not in Hub group %s): %s",
                    name,
                    role,
                    group,
                    _said(exc),
                )
                continue
            out.append(f"{name} -{role} (not in Hub group {group})")
        return out


async def fetch_groups(
    api_url: str, token: str, names: list[str], timeout: float = 10.0
) -> dict[str, set[str] | None]:
    """The users of each named Hub group (None for a group the Hub does not have)."""
    client = AsyncHTTPClient()
    out: dict[str, set[str] | None] = {}
    for name in names:
        resp = await client.fetch(
            HTTPRequest(
                f"{api_url.rstrip('/')}/groups/{quote(name, safe='')}",
                headers={"Authorization": f"token {token}"},
                connect_timeout=timeout,
                request_timeout=timeout,
            ),
            raise_error=False,
        )
        if resp.code == 404:
            out[name] = None
        elif resp.code == 200:
            out[name] = set(json.loads(resp.body).get("users") or [])
        else:
            raise OSError(f"the Hub answered {resp.code} for group {name!r}")
    return out


def follow_groups(
    services: Services,
    mapping: Mapping[str, str],
    hub_auth: Any,
    seconds: float,
    logger: logging.Logger,
) -> PeriodicCallback:
    """Keep the roster's roles in step with Hub groups: one round as soon as the loop runs,
    then one every ``seconds``. ``hub_auth`` is the server's HubAuth (its API URL and token);
    the rounds apply what they read on the services' worker threads."""
    import asyncio

    sync = RosterFollowsGroups(services.members, mapping, logger)

    async def one_round() -> None:
        try:
            groups = await fetch_groups(
                hub_auth.api_url, hub_auth.api_token, sorted(set(sync.mapping.values()))
            )
            loop = asyncio.get_running_loop()
            changes = await loop.run_in_executor(services.executor, sync.apply, groups)
        except Exception as exc:  # the Hub away, a database hiccup: next round
            logger.warning("jupyter-jms: Hub groups not read: %s", exc)
            return
        for change in changes:
            logger.info("jupyter-jms roster: %s", change)

    periodic = PeriodicCallback(one_round, seconds * 1000)
    IOLoop.current().add_callback(one_round)
    periodic.start()
    return periodic
