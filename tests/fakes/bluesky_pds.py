"""A Bluesky PDS as its XRPC lexicons document it, for the calls the publisher makes:

- ``com.atproto.server.createSession`` (app password; counted: it is rate-limited);
- ``com.atproto.repo.createRecord`` with a caller-chosen ``rkey`` (a second record with the
  same key is a 500, as a real PDS answers it), the post's 300-grapheme limit enforced;
- ``com.atproto.repo.getRecord`` (``RecordNotFound`` when absent);
- ``com.atproto.repo.uploadBlob`` (the blob's size and type kept, as the PDS keeps it until a
  record references it);
- ``com.atproto.identity.resolveHandle`` (400 ``InvalidRequest`` "Unable to resolve handle"
  for a handle it does not know).

A post record is checked as the PDS checks it against the lexicons (app.bsky.feed.post,
app.bsky.richtext.facet, app.bsky.embed.external / images): facet byte ranges inside the
UTF-8 text, a mention's ``did`` a DID, a link's ``uri`` a URI, every blob referenced one this
PDS holds, a card's thumbnail an image of at most 1,000,000 bytes.

Errors are XRPC's ``{"error": name, "message": text}``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import time
from typing import Any

import grapheme
from tornado.web import Application

from .behaviour import Behaviour
from .server import JsonHandler, Running

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
        self.blob_refs: dict[str, dict[str, Any]] = {}  # cid -> {"mimeType", "size"}
        # Other accounts' handles this PDS (or the network it asks) resolves.
        self.handles: dict[str, str] = {h: did_of(h) for h in accounts}
        self.resolve_calls: list[str] = []
        self.resolve_mode = "ok"  # or "error_500"
        self.session_calls = 0
        self.behaviour = Behaviour()


def did_of(handle: str) -> str:
    return "did:plc:" + hashlib.sha256(handle.encode()).hexdigest()[:24]


class Base(JsonHandler):
    state: State

    def error(self, code: int, name: str, message: str) -> None:
        self.reply(code, {"error": name, "message": message})

    def did(self) -> str | None:
        return self.state.sessions.get(self.bearer())


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
            # What @atproto/pds answers (tests/test_publish_pds.py saw it): the repository's
            # unique key fails inside the write and surfaces as a bare 500.
            return self.error(500, "InternalServerError", "Internal Server Error")
        if grapheme.length(str(record.get("text", ""))) > 300:
            return self.error(
                400, "InvalidRequest", "Record/text must not be longer than 300 graphemes"
            )
        invalid = check_post(record, self.state.blob_refs)
        if invalid:
            return self.error(400, "InvalidRequest", invalid)
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
        cid = "bafkrei" + hashlib.sha256(self.request.body).hexdigest()[:40]
        body = self.request.body
        # The PDS sniffs the type from the bytes; PNG and JPEG are what the tests send.
        mime = (
            "image/png"
            if body.startswith(b"\x89PNG")
            else "image/jpeg"
            if body.startswith(b"\xff\xd8")
            else "application/octet-stream"
        )
        self.state.blob_refs[cid] = {"mimeType": mime, "size": len(body)}
        self.reply(
            200,
            {"blob": {"$type": "blob", "ref": {"$link": cid}, "mimeType": mime, "size": len(body)}},
        )


class ResolveHandle(Base):
    def get(self) -> None:
        handle = self.get_query_argument("handle", "").lower()
        self.state.resolve_calls.append(handle)
        if self.state.resolve_mode == "error_500":
            return self.error(500, "InternalServerError", "Internal Server Error")
        did = self.state.handles.get(handle)
        if did is None:
            return self.error(400, "InvalidRequest", "Unable to resolve handle")
        self.reply(200, {"did": did})


_DID = re.compile(r"^did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]$")
_URI = re.compile(r"^[a-z][a-z0-9+.-]*:\S+$")


def _blob_problem(blob: Any, refs: dict[str, dict[str, Any]], max_size: int) -> str | None:
    if not isinstance(blob, dict) or blob.get("$type") != "blob":
        return "a blob reference is malformed"
    cid = (blob.get("ref") or {}).get("$link")
    held = refs.get(cid)
    if held is None:
        return f"Could not find blob: {cid}"
    if not str(held["mimeType"]).startswith("image/"):
        return f"Wrong type of file. It is {held['mimeType']} but it must match image/*."
    if held["size"] > max_size:
        return f"This file is too large. It is {held['size']} bytes but the maximum is {max_size}."
    return None


def check_post(record: dict[str, Any], refs: dict[str, dict[str, Any]]) -> str | None:
    """Why a post record is invalid under the lexicons, else None."""
    text = str(record.get("text", ""))
    size = len(text.encode("utf-8"))
    for i, facet in enumerate(record.get("facets") or []):
        index = facet.get("index") or {}
        start, end = index.get("byteStart"), index.get("byteEnd")
        if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= size:
            return f"Invalid app.bsky.feed.post record: facets/{i}/index is out of the text"
        for feature in facet.get("features") or []:
            kind = feature.get("$type")
            if kind == "app.bsky.richtext.facet#mention" and not _DID.match(
                str(feature.get("did", ""))
            ):
                return f"Invalid app.bsky.feed.post record: facets/{i} did must be a valid did"
            if kind == "app.bsky.richtext.facet#link" and not _URI.match(
                str(feature.get("uri", ""))
            ):
                return f"Invalid app.bsky.feed.post record: facets/{i} uri must be a valid uri"
    embed = record.get("embed") or {}
    if embed.get("$type") == "app.bsky.embed.external":
        ext = embed.get("external") or {}
        for name in ("uri", "title", "description"):
            if not isinstance(ext.get(name), str):
                return f"Invalid app.bsky.feed.post record: embed/external must have {name}"
        if not _URI.match(ext["uri"]):
            return "Invalid app.bsky.feed.post record: embed/external/uri must be a valid uri"
        if "thumb" in ext:
            return _blob_problem(ext["thumb"], refs, 1_000_000)
    if embed.get("$type") == "app.bsky.embed.images":
        for image in embed.get("images") or []:
            problem = _blob_problem(image.get("image"), refs, 1_000_000)
            if problem:
                return problem
    return None


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
                (r"/xrpc/com.atproto.identity.resolveHandle", ResolveHandle, kw),
            ]
        )
        super().__init__(app)

    def posts(self) -> list[str]:
        return [r.get("text", "") for (_did, _k), r in self.state.records.items()]
