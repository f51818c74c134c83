"""The Bluesky connector (atproto): a signed-in session per account, the post created under
its pre-generated record key, mentions resolved to DIDs, a link card or images."""

from __future__ import annotations

import hashlib
import threading
from typing import Any

from .protocol import DEFAULT_TIMEOUT, Media, Outgoing, Posted, Refused, Unknown, short

POST_COLLECTION = "app.bsky.feed.post"
# Logged-in clients, reused across posts: createSession is rate-limited. Kept in memory only
# (keyed by a hash of the password, never the password), so a restart signs in again.
_SESSIONS: dict[tuple[str, str, str], Any] = {}
_SESSIONS_LOCK = threading.Lock()


class BlueskyConnector:
    def __init__(self, api_url: str, password: str, handle: str, timeout: float = DEFAULT_TIMEOUT):
        self.api_url = api_url
        self.handle = handle.lstrip("@")
        self.password = password
        self.timeout = timeout
        self._client: Any = None
        self.uploaded: list[str] = []

    def _key(self) -> tuple[str, str, str]:
        return (self.api_url, self.handle, hashlib.sha256(self.password.encode()).hexdigest())

    def _forget(self) -> None:
        """A session the PDS refused is not reused: the next post signs in again."""
        with _SESSIONS_LOCK:
            _SESSIONS.pop(self._key(), None)
        self._client = None

    def _explain(self, exc: Exception) -> str:
        response = getattr(exc, "response", None)
        content = getattr(response, "content", None)
        message = getattr(content, "message", None) or getattr(content, "error", None)
        return short(message or exc or type(exc).__name__)

    def client(self) -> Any:
        from atproto import Client
        from atproto_client.request import Request
        from atproto_core.exceptions import AtProtocolError

        if self._client is not None:
            return self._client
        if not self.handle:
            raise Refused("The Bluesky channel has no handle to sign in with (set its handle).")
        key = self._key()
        with _SESSIONS_LOCK:
            client = _SESSIONS.get(key)
        if client is None:
            client = Client(base_url=self.api_url, request=Request(timeout=self.timeout))
            try:
                client.login(self.handle, self.password, fetch_bsky_profile=False)
            except AtProtocolError as exc:
                code = getattr(getattr(exc, "response", None), "status_code", None)
                if code in (400, 401):
                    raise Refused(
                        f"{self.api_url} refused the app password for {self.handle} "
                        f"({self._explain(exc)}): it may have expired or been revoked; "
                        "re-authorise the grant and retry."
                    ) from None
                raise Refused(
                    f"Signing in to {self.api_url} failed: {self._explain(exc)}"
                ) from None
            with _SESSIONS_LOCK:
                _SESSIONS[key] = client
        self._client = client
        return client

    def _did(self) -> str:
        client = self.client()
        session = getattr(client, "_session", None)
        return str(getattr(session, "did", "") or self.handle)

    def _posted(self, rkey: str) -> Posted:
        did = self._did()
        return Posted(
            f"at://{did}/{POST_COLLECTION}/{rkey}",
            f"https://bsky.app/profile/{self.handle}/post/{rkey}",
        )

    def limit(self) -> int | None:
        return None

    def find(self, out: Outgoing) -> Posted | None:
        from atproto import models
        from atproto_core.exceptions import AtProtocolError

        client = self.client()
        try:
            client.com.atproto.repo.get_record(
                models.ComAtprotoRepoGetRecord.Params(
                    repo=self._did(), collection=POST_COLLECTION, rkey=out.key
                )
            )
        except AtProtocolError as exc:
            code = getattr(getattr(exc, "response", None), "status_code", None)
            if code in (400, 404):
                return None  # RecordNotFound: the earlier attempt did not create it
            raise Refused(f"Looking up the earlier attempt failed: {self._explain(exc)}") from None
        return self._posted(out.key)

    def _facets(self, client: Any, text: str) -> tuple[list[Any], list[str]]:
        """Links, tags and mentions as facets with UTF-8 byte offsets (atproto's own
        detection, ported from the platform's client), each mention's DID resolved with
        ``com.atproto.identity.resolveHandle``.

        A handle the PDS cannot resolve stays plain text, as the platform's posting guide
        says to do ("skip it: it will be rendered as text"): the approved text still goes out
        as written, and the outcome carries a note. Any other error while resolving (the
        PDS down, a timeout) refuses the post before the posting call: it is retried by a
        person rather than sent with a mention silently dropped."""
        from atproto import models
        from atproto_client.exceptions import BadRequestError, RequestErrorBase
        from atproto_client.utils import facet_detection

        facets = list(facet_detection.detect_facets(text))
        notes: list[str] = []
        for m in facet_detection.detect_mentions(text):
            try:
                did = client.resolve_handle(m.handle).did
            except BadRequestError as exc:
                notes.append(
                    f"@{m.handle} could not be resolved ({self._explain(exc)}): it went out "
                    "as plain text, not as a mention."
                )
                continue
            except RequestErrorBase as exc:
                raise Refused(
                    f"Resolving the mention @{m.handle} at {self.api_url} failed: "
                    f"{self._explain(exc)}. Nothing was posted; retry."
                ) from None
            facets.append(
                models.AppBskyRichtextFacet.Main(
                    features=[models.AppBskyRichtextFacet.Mention(did=did)],
                    index=models.AppBskyRichtextFacet.ByteSlice(
                        byte_start=m.byte_start, byte_end=m.byte_end
                    ),
                )
            )
        facets.sort(key=lambda f: f.index.byte_start)
        return facets, notes

    def _blob(self, client: Any, m: Media) -> Any:
        from atproto_client.exceptions import RequestErrorBase

        try:
            return client.upload_blob(m.data).blob
        except RequestErrorBase as exc:
            raise Refused(f"Uploading the image failed: {self._explain(exc)}") from None

    def _embed(self, client: Any, out: Outgoing) -> Any:
        """The blog post's link card (its image as the thumbnail) when the text links it;
        else the images. A post carries one embed."""
        from atproto import models

        if out.card is not None and out.card.uri in out.text:
            thumb = self._blob(client, out.media[0]) if out.media else None
            return models.AppBskyEmbedExternal.Main(
                external=models.AppBskyEmbedExternal.External(
                    uri=out.card.uri,
                    title=out.card.title,
                    description=out.card.description,
                    thumb=thumb,
                )
            )
        if out.media:
            images = [
                models.AppBskyEmbedImages.Image(alt=m.description, image=self._blob(client, m))
                for m in out.media
            ]
            return models.AppBskyEmbedImages.Main(images=images)
        return None

    def post(self, out: Outgoing) -> Posted:
        from atproto import models
        from atproto_client.exceptions import (
            NetworkError,
            RequestErrorBase,
            UnauthorizedError,
        )

        client = self.client()
        facets, notes = self._facets(client, out.text)
        record = models.AppBskyFeedPost.Record(
            created_at=client.get_current_time_iso(),
            text=out.text,
            langs=[out.language or "en"],
            facets=facets or None,
            embed=self._embed(client, out),
        )
        try:
            client.com.atproto.repo.create_record(
                models.ComAtprotoRepoCreateRecord.Data(
                    repo=self._did(), collection=POST_COLLECTION, rkey=out.key, record=record
                )
            )
        except UnauthorizedError as exc:
            self._forget()
            raise Refused(
                f"{self.api_url} refused the session for {self.handle} ({self._explain(exc)}): "
                "re-authorise the grant and retry."
            ) from None
        except NetworkError as exc:
            raise Unknown(
                f"{self.api_url} did not confirm the post: {self._explain(exc)}"
            ) from None
        except RequestErrorBase as exc:
            code = getattr(getattr(exc, "response", None), "status_code", 0) or 0
            if code >= 500:
                raise Unknown(f"{self.api_url} answered {code}: {self._explain(exc)}") from None
            raise Refused(f"{self.api_url} refused the post: {self._explain(exc)}") from None
        posted = self._posted(out.key)
        return Posted(posted.remote_id, posted.url, tuple(notes))
