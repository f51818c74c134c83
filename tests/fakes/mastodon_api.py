"""A Mastodon instance as its REST API documents it, for the endpoints the publisher uses:

- ``GET /api/v2/instance``: ``configuration.statuses.max_characters`` (the instance's limit);
- ``POST /api/v2/media``: an upload with its ``description`` (alt text);
- ``POST /api/v1/statuses``: a status; ``Idempotency-Key`` honoured per account (a repeat
  returns the first status), the limit enforced as the server counts (422 over it), media ids
  only the account's own unattached uploads (422 otherwise);
- a bearer token per account; an unknown or revoked token is 401 ``{"error": ...}``.
"""

from __future__ import annotations

import itertools
import json
from datetime import datetime, timezone
from typing import Any
from urllib.parse import parse_qs

from mastodon import Mastodon
from tornado.web import Application

from .behaviour import Behaviour
from .server import JsonHandler, Running


class State:
    def __init__(self, tokens: dict[str, str], max_characters: int) -> None:
        self.tokens = dict(tokens)  # token -> account
        self.max_characters = max_characters
        self.statuses: list[dict[str, Any]] = []
        self.media: list[dict[str, Any]] = []
        self.keys: dict[tuple[str, str], dict[str, Any]] = {}
        self.ids = itertools.count(109_000_000_000_000_001)
        self.behaviour = Behaviour()
        self.base = ""


class Base(JsonHandler):
    state: State

    def account(self) -> str | None:
        return self.state.tokens.get(self.bearer())

    def params(self) -> dict[str, Any]:
        ctype = self.request.headers.get("Content-Type", "")
        if ctype.startswith("application/json"):
            data: dict[str, Any] = json.loads(self.request.body or b"{}")
            return data
        if ctype.startswith("multipart/form-data"):
            return {k: v[0].decode() for k, v in self.request.body_arguments.items()}
        raw = parse_qs(self.request.body.decode())
        return {k: (v if k.endswith("[]") else v[0]) for k, v in raw.items()}


class Instance(Base):
    def get(self) -> None:
        self.reply(
            200,
            {
                "domain": "127.0.0.1",
                "title": "Stand-in",
                "version": "4.3.0",
                "configuration": {
                    "statuses": {
                        "max_characters": self.state.max_characters,
                        "max_media_attachments": 4,
                        "characters_reserved_per_url": 23,
                    }
                },
            },
        )


class Media(Base):
    def post(self) -> None:
        if self.account() is None:
            return self.reply(401, {"error": "The access token is invalid"})
        files = self.request.files.get("file") or []
        if not files:
            return self.reply(422, {"error": "Validation failed: File can't be blank"})
        params = self.params()
        item = {
            "id": str(next(self.state.ids)),
            "type": "image",
            "url": f"{self.state.base}/media/{len(self.state.media)}",
            "preview_url": None,
            "description": params.get("description"),
            "size": len(files[0].body),
            "account": self.account(),
        }
        self.state.media.append(item)
        self.reply(200, item)


class Statuses(Base):
    async def post(self) -> None:
        account = self.account()
        if account is None:
            return self.reply(401, {"error": "The access token is invalid"})
        key = self.request.headers.get("Idempotency-Key")
        if key and (account, key) in self.state.keys:
            return self.reply(200, self.state.keys[(account, key)])
        b = self.state.behaviour
        await b.arrive()
        if b.mode == "error_500":
            return self.reply(500, {"error": "We're sorry, but something went wrong"})
        params = self.params()
        text = str(params.get("status") or "")
        if Mastodon.get_status_length(text) > self.state.max_characters:
            return self.reply(
                422,
                {
                    "error": "Validation failed: Text character limit of "
                    f"{self.state.max_characters} exceeded"
                },
            )
        media_ids = params.get("media_ids[]") or params.get("media_ids") or []
        if isinstance(media_ids, str):
            media_ids = [media_ids]
        # Only the account's own uploads not yet attached to a status (as the server checks).
        attached = {m["id"] for st in self.state.statuses for m in st["media_attachments"]}
        own = {m["id"] for m in self.state.media if m["account"] == account}
        bad = [i for i in media_ids if i not in own or i in attached]
        if bad:
            return self.reply(
                422, {"error": f"Validation failed: media {', '.join(bad)} could not be found"}
            )
        sid = str(next(self.state.ids))
        status = {
            "id": sid,
            "uri": f"{self.state.base}/users/{account}/statuses/{sid}",
            "url": f"{self.state.base}/@{account}/{sid}",
            "created_at": datetime.now(timezone.utc).isoformat().replace("+00:00", "Z"),
            "content": f"<p>{text}</p>",
            "text": text,
            "visibility": params.get("visibility", "public"),
            "language": params.get("language"),
            "account": {"id": "1", "username": account, "acct": account},
            "media_attachments": [m for m in self.state.media if m["id"] in media_ids],
        }
        self.state.statuses.append(status)
        if key:
            self.state.keys[(account, key)] = status
        if b.mode == "post_then_500":
            return self.reply(500, {"error": "We're sorry, but something went wrong"})
        if b.mode == "stall":
            await b.stall()
        self.reply(200, status)


class FakeMastodon(Running):
    def __init__(self, tokens: dict[str, str], max_characters: int = 500) -> None:
        self.state = State(tokens, max_characters)
        kw = {"state": self.state}
        app = Application(
            [
                (r"/api/v2/instance/?", Instance, kw),
                (r"/api/v[12]/media/?", Media, kw),
                (r"/api/v1/statuses/?", Statuses, kw),
            ]
        )
        super().__init__(app)
        self.state.base = self.url

    @property
    def statuses(self) -> list[dict[str, Any]]:
        return self.state.statuses
