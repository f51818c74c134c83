"""``RegistryPanel``: the official channels, the preferred one, and who holds access to each.

Everyone may read the channels; access grants are shown to admins (and a member sees their
own). The admin forms appear when `GET me` says the member may ``administer_registry``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from .client import JmsClient
from .panel import Panel, PanelOptions, esc

if TYPE_CHECKING:
    from typing_extensions import Unpack


def load_registry(client: JmsClient, me: dict[str, Any]) -> dict[str, Any]:
    """Channels, and for a member who administers the registry (as `GET me` says), the
    stale grants and the access levels a grant may give. Nobody else is sent
    to the admins' calls."""
    admin = "administer_registry" in (me.get("capabilities") or [])
    out: dict[str, Any] = {"channels": client.channels(), "admin": admin, "stale": []}
    if admin:
        every = client.get("grants", stale="true")
        out["stale"] = every.get("items") or []
        out["access_levels"] = every.get("access_levels") or []
    return out


def channels_table(channels: list[dict[str, Any]]) -> str:
    head = "".join(
        f"<th style='text-align:left;padding-right:1em'>{h}</th>"
        for h in ("id", "name", "platform", "kind", "status", "mode", "limit", "")
    )
    rows = []
    for c in channels:
        star = "\u2605 preferred" if c.get("preferred") else ""
        cells = [
            c.get("id"),
            c.get("name"),
            c.get("platform"),
            c.get("kind"),
            c.get("status"),
            str(c.get("mode", "")).replace("_", "-"),
            c.get("char_limit") or "",
            star,
        ]
        rows.append(
            "<tr>"
            + "".join(f"<td style='padding-right:1em'>{esc(x)}</td>" for x in cells)
            + "</tr>"
        )
    return f"<table class='jms-channels'><tr>{head}</tr>{''.join(rows)}</table>"


def grants_table(grants: list[dict[str, Any]], *, admin: bool = True) -> str:
    if not grants:
        if admin:
            return "<p>No access recorded on this channel.</p>"
        return "<p>You hold no access to this channel (admins see everyone's).</p>"
    head = "".join(
        f"<th style='text-align:left;padding-right:1em'>{h}</th>"
        for h in ("member", "access", "credential lives at", "granted", "re-authorised", "")
    )
    rows = []
    for g in grants:
        note = ""
        if not g.get("live"):
            note = f"revoked {str(g.get('revoked_at') or '')[:10]} by {g.get('revoked_by')}"
        elif g.get("stale"):
            note = "stale: " + "; ".join(g.get("stale_reasons") or [])
        cells = [
            g.get("username"),
            g.get("access"),
            g.get("vault_ref") or "(not recorded)",
            f"{str(g.get('granted_at') or '')[:10]} by {g.get('granted_by')}",
            str(g.get("reauthorized_at") or "")[:10],
            note,
        ]
        rows.append(
            "<tr>"
            + "".join(f"<td style='padding-right:1em'>{esc(x)}</td>" for x in cells)
            + "</tr>"
        )
    return f"<table class='jms-grants'><tr>{head}</tr>{''.join(rows)}</table>"


class RegistryPanel(Panel):
    """Channels, the preferred channel, and access grants (changed by admins)."""

    def __init__(
        self,
        url: str | None = None,
        token: str | None = None,
        **options: Unpack[PanelOptions],
    ) -> None:
        super().__init__(url, token, **options)
        self.channels: list[dict[str, Any]] = []
        self.grants: list[dict[str, Any]] = []
        self.is_admin = False
        self._quiet = False
        self.channels_html = widgets.HTML("")
        self.stale_html = widgets.HTML("")
        self.preferred = widgets.Dropdown(options=[], description="Preferred")
        self.prefer_button = widgets.Button(description="Make preferred", icon="star")
        self.prefer_button.on_click(lambda _b: self.make_preferred())
        self.prefer_box = widgets.HBox(
            [self.preferred, self.prefer_button], layout=widgets.Layout(display="none")
        )
        self.channel = widgets.Dropdown(options=[], description="Channel")
        self.history = widgets.Checkbox(description="include revoked access", indent=False)
        self.grants_html = widgets.HTML("")
        self.channel.observe(lambda _c: self.load_grants(), names="value")
        self.history.observe(lambda _c: self.load_grants(), names="value")

        self.member = widgets.Dropdown(options=[], description="Member")
        self.access = widgets.Dropdown(options=[], description="Access")
        self.vault_ref = widgets.Text(
            description="Vault ref", placeholder="op://JMS/Mastodon/password (never the secret)"
        )
        self.reason = widgets.Text(description="Why", placeholder="reason, for the record")
        self.grant_button = widgets.Button(description="Grant access", button_style="primary")
        self.grant_button.on_click(lambda _b: self.grant())
        self.grant_pick = widgets.Dropdown(options=[], description="Grant")
        self.revoke_reason = widgets.Text(description="Why", placeholder="reason for revoking")
        self.revoke_button = widgets.Button(description="Revoke", button_style="danger")
        self.reauthorize_button = widgets.Button(description="Mark re-authorised")
        self.revoke_button.on_click(lambda _b: self.change_grant("revoke"))
        self.reauthorize_button.on_click(lambda _b: self.change_grant("reauthorize"))
        self.admin_box = widgets.VBox(
            [
                widgets.HTML("<b>Grant access</b>"),
                widgets.HBox([self.member, self.access]),
                widgets.HBox([self.vault_ref, self.reason]),
                self.grant_button,
                widgets.HTML("<b>Change access</b>"),
                widgets.HBox([self.grant_pick, self.revoke_reason]),
                widgets.HBox([self.revoke_button, self.reauthorize_button]),
            ],
            layout=widgets.Layout(display="none"),
        )
        self.children = [
            widgets.HTML("<h3>Channel registry</h3>"),
            self.service,
            self.busy,
            self.message,
            self.channels_html,
            self.prefer_box,
            self.stale_html,
            widgets.HTML("<h4>Access</h4>"),
            widgets.HBox([self.channel, self.history]),
            self.grants_html,
            self.admin_box,
        ]
        self.refresh()

    # -- reading --------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the channels (and for admins, the stale grants)."""
        self.begin(load_registry, self._loaded, doing="load the channel registry")

    def _loaded(self, data: dict[str, Any]) -> None:
        self.channels = data["channels"]
        self.is_admin = data["admin"]
        self.channels_html.value = channels_table(self.channels)
        active = [c for c in self.channels if c.get("status") == "active"]
        current = next((c["id"] for c in self.channels if c.get("preferred")), None)
        self.preferred.options = [(f"{c['name']} ({c['id']})", c["id"]) for c in active]
        self.preferred.value = current if current in [c["id"] for c in active] else None
        self.prefer_box.layout.display = "" if self.is_admin else "none"
        self.admin_box.layout.display = "" if self.is_admin else "none"
        stale = data.get("stale") or []
        self.stale_html.value = (
            f"<p style='color:#8a6d00'>\u26a0 {len(stale)} stale grant(s): "
            + esc(", ".join(f"{g['username']} on {g['channel']}" for g in stale))
            + "</p>"
            if stale
            else ""
        )
        if data.get("access_levels"):
            self.access.options = data["access_levels"]
        keep = self.channel.value
        ids = [c["id"] for c in self.channels]
        # Replacing a Dropdown's options moves its value: load the grants once, after.
        self._quiet = True
        try:
            self.channel.options = [(f"{c['name']} ({c['id']})", c["id"]) for c in self.channels]
            self.channel.value = keep if keep in ids else (ids[0] if ids else None)
        finally:
            self._quiet = False
        self.load_grants()

    def load_grants(self) -> None:
        """Show who has access to the chosen channel."""
        cid = self.channel.value
        if not cid or self._quiet:
            return
        history = self.history.value
        self.call(
            lambda c: c.get(f"channels/{cid}/grants", include="history" if history else None),
            self._grants_loaded,
            doing=f"load who has access to {cid}",
            quiet=True,
        )

    def _grants_loaded(self, data: dict[str, Any]) -> None:
        if data.get("channel") != self.channel.value:
            return
        self.grants = data.get("items") or []
        self._offer_grantees(data.get("grantable") or [])
        self.grants_html.value = grants_table(self.grants, admin=self.is_admin)
        live = [g for g in self.grants if g.get("live")]
        self.grant_pick.options = [(f"{g['username']} ({g['access']})", g["id"]) for g in live]
        self.grant_pick.value = live[0]["id"] if live else None

    def _offer_grantees(self, grantable: list[dict[str, Any]]) -> None:
        """The grant form lists whom the server says may be given access to the chosen
        channel now (``grantable`` of its grants, sent to admins only)."""
        keep = self.member.value
        self.member.options = [
            (f"{m.get('name') or m['username']} ({m['username']})", m["username"])
            for m in grantable
        ]
        names = [v for _, v in self.member.options]
        self.member.value = keep if keep in names else None

    # -- admins ---------------------------------------------------------------------------
    def make_preferred(self) -> None:
        """Make the chosen channel the preferred one (the server moves the flag)."""
        target = next((c for c in self.channels if c["id"] == self.preferred.value), None)
        if target is None:
            self.say("Pick an active channel first.", "error")
            return

        def done(c: dict[str, Any]) -> None:
            self.say(f"{c['name']} is now the preferred channel.")
            self.refresh()

        self.call(
            lambda cl: cl.patch(
                f"channels/{target['id']}", {"preferred": True, "if_version": target["version"]}
            ),
            done,
            doing=f"make {target['id']} the preferred channel",
            disable=[self.prefer_button],
        )

    def grant(self) -> None:
        """Grant the chosen member access to the chosen channel."""
        cid = self.channel.value
        body = {
            "username": self.member.value,
            "access": self.access.value,
            "vault_ref": self.vault_ref.value.strip(),
            "reason": self.reason.value.strip(),
        }

        def done(g: dict[str, Any]) -> None:
            self.say(f"{g['username']} now holds {g['access']} access to {g['channel']}.")
            self.vault_ref.value = ""
            self.reason.value = ""
            self.load_grants()

        self.call(
            lambda c: c.post(f"channels/{cid}/grants", body),
            done,
            doing=f"grant access to {cid}",
            disable=[self.grant_button],
        )

    def change_grant(self, action: str) -> None:
        """Revoke the chosen grant, or record that its access was re-authorised."""
        grant = next((g for g in self.grants if g["id"] == self.grant_pick.value), None)
        if grant is None:
            self.say("Pick a grant first.", "error")
            return
        body: dict[str, Any] = {"action": action, "if_version": grant["version"]}
        if action == "revoke":
            body["reason"] = self.revoke_reason.value.strip()
        words = {"revoke": "revoke this access", "reauthorize": "record the re-authorisation"}

        def done(g: dict[str, Any]) -> None:
            what = "revoked" if action == "revoke" else "marked re-authorised"
            self.say(f"{g['username']}'s {g['access']} access to {g['channel']} is {what}.")
            self.revoke_reason.value = ""
            self.refresh()

        self.call(
            lambda c: c.patch(f"channels/{grant['channel']}/grants/{grant['id']}", body),
            done,
            doing=words[action],
            disable=[self.revoke_button, self.reauthorize_button],
        )
