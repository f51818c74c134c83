"""A Bluesky PDS as its XRPC lexicons document it, for the calls the publisher makes:

- ``com.atproto.server.createSession`` (app password; counted: it is rate-limited);
- ``com.atproto.repo.createRecord`` with a caller-chosen ``rkey`` (a second record with the
  same key is refused), the post's 300-grapheme limit enforced;
- ``com.atproto.repo.getRecord`` (``RecordNotFound`` when absent);
- ``com.atproto.repo.uploadBlob``.

Errors are XRPC's ``{"error": name, "message": text}``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
from typing import Any

import grapheme
from tornado.web import Application, RequestHandler

from .behaviour import Behaviour
from .server import Running

POST = "app.bsky.feed.post"


def _b64(data: dict[str, Any]) -> str:
    raw = json.dumps(data).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def jwt(sub: str, scope: str, lifetime: int) -> str:
    """A JWT-shaped token (the client reads its expiry; the stand-in checks it by value)."""
    now = int(time.time())
    payload = {"scope": scope, "sub": sub, "iat": now, "exp": now + lifetime}
    return f"{_b64({'typ': 'at+jwt', 'alg': 'HS256'})}.{_b64(payload)}.c2lnbmF0dXJl"


class State:
    def __init__(self, accounts: dict[str, str]) -> None:
        self.passwords = dict(accounts)  # handle -> app password
        self.sessions: dict[str, str] = {}  # access token -> did
        self.records: dict[tuple[str, str], dict[str, Any]] = {}  # (did, rkey) -> record
        self.blobs: list[bytes] = []
        self.session_calls = 0
        self.behaviour = Behaviour()


def did_of(handle: str) -> str:
    return "did:plc:" + hashlib.sha256(handle.encode()).hexdigest()[:24]


class Base(RequestHandler):
    state: State

    def initialize(self, state: State) -> None:
        self.state = state

    def check_xsrf_cookie(self) -> None:
        pass

    def reply(self, code: int, body: Any) -> None:
        self.set_status(code)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body))

    def error(self, code: int, name: str, message: str) -> None:
        self.reply(code, {"error": name, "message": message})

    def did(self) -> str | None:
        auth = self.request.headers.get("Authorization", "")
        token = auth[len("Bearer ") :] if auth.startswith("Bearer ") else ""
        return self.state.sessions.get(token)


class CreateSession(Base):
    def post(self) -> None:
        body = json.loads(self.request.body or b"{}")
        handle = str(body.get("identifier", "")).lstrip("@")
        self.state.session_calls += 1
        if self.state.passwords.get(handle) != body.get("password"):
            return self.error(401, "AuthenticationRequired", "Invalid identifier or password")
        did = did_of(handle)
        access = jwt(did, "com.atproto.appPass", 7200)
        self.state.sessions[access] = did
        self.reply(
            200,
            {
                "did": did,
                "handle": handle,
                "accessJwt": access,
                "refreshJwt": jwt(did, "com.atproto.refresh", 86400),
                "active": True,
            },
        )


class CreateRecord(Base):
    async def post(self) -> None:
        did = self.did()
        if did is None:
            return self.error(401, "ExpiredToken", "Token has expired")
        body = json.loads(self.request.body or b"{}")
        if body.get("repo") != did:
            return self.error(400, "InvalidRequest", "repo does not match the session")
        rkey = str(body.get("rkey") or "")
        record = body.get("record") or {}
        b = self.state.behaviour
        await b.arrive()
        if b.mode == "error_500":
            return self.error(500, "InternalServerError", "Internal Server Error")
        if (did, rkey) in self.state.records:
            return self.error(400, "InvalidRequest", f"Record already exists: {rkey}")
        if grapheme.length(str(record.get("text", ""))) > 300:
            return self.error(
                400, "InvalidRequest", "Record/text must not be longer than 300 graphemes"
            )
        self.state.records[(did, rkey)] = record
        uri = f"at://{did}/{body.get('collection')}/{rkey}"
        if b.mode == "post_then_500":
            return self.error(500, "InternalServerError", "Internal Server Error")
        if b.mode == "stall":
            await b.stall()
        self.reply(
            200, {"uri": uri, "cid": "bafyrei" + hashlib.sha256(uri.encode()).hexdigest()[:40]}
        )


class GetRecord(Base):
    def get(self) -> None:
        repo = self.get_query_argument("repo")
        rkey = self.get_query_argument("rkey")
        collection = self.get_query_argument("collection")
        record = self.state.records.get((repo, rkey))
        if record is None:
            return self.error(400, "RecordNotFound", f"Could not locate record: {rkey}")
        uri = f"at://{repo}/{collection}/{rkey}"
        self.reply(
            200,
            {
                "uri": uri,
                "cid": "bafyrei" + hashlib.sha256(uri.encode()).hexdigest()[:40],
                "value": record,
            },
        )


class UploadBlob(Base):
    def post(self) -> None:
        if self.did() is None:
            return self.error(401, "ExpiredToken", "Token has expired")
        self.state.blobs.append(self.request.body)
        digest = hashlib.sha256(self.request.body).hexdigest()[:40]
        self.reply(
            200,
            {
                "blob": {
                    "$type": "blob",
                    "ref": {"$link": "bafkrei" + digest},
                    "mimeType": self.request.headers.get("Content-Type", "image/png"),
                    "size": len(self.request.body),
                }
            },
        )


class FakeBluesky(Running):
    def __init__(self, accounts: dict[str, str]) -> None:
        self.state = State(accounts)
        kw = {"state": self.state}
        app = Application(
            [
                (r"/xrpc/com.atproto.server.createSession", CreateSession, kw),
                (r"/xrpc/com.atproto.repo.createRecord", CreateRecord, kw),
                (r"/xrpc/com.atproto.repo.getRecord", GetRecord, kw),
                (r"/xrpc/com.atproto.repo.uploadBlob", UploadBlob, kw),
            ]
        )
        super().__init__(app)

    def posts(self) -> list[str]:
        return [r.get("text", "") for (_did, _k), r in self.state.records.items()]
