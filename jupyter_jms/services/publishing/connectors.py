"""The platforms behind one interface: Mastodon (Mastodon.py) and Bluesky (atproto).

A connector either returns where the post went (``Posted``), or raises ``Refused`` (a
definite error: nothing went out, e.g. a refused credential or a 4xx with the platform's
message) or ``Unknown`` (a timeout, a 5xx, a dropped connection during the posting call:
it may have gone out). The publisher turns these into posted / failed / unconfirmed.

The blog (no API) and manual channels have no connector: a person records the URL.
"""

from __future__ import annotations

import hashlib
import io
import threading
from dataclasses import dataclass, field
from typing import Any, Protocol

DEFAULT_TIMEOUT = 30.0


@dataclass(frozen=True)
class Media:
    data: bytes
    mime: str
    description: str


@dataclass(frozen=True)
class Card:
    """A link card for the blog post (Bluesky's ``app.bsky.embed.external``)."""

    uri: str
    title: str
    description: str


@dataclass(frozen=True)
class Outgoing:
    text: str
    key: str  # Mastodon's Idempotency-Key, or Bluesky's record key (a TID)
    language: str = "en"
    handle: str = ""  # the account (Bluesky logs in with it)
    media: list[Media] = field(default_factory=list)
    # The blog post's card, when its URL is in the text (Bluesky builds it client-side).
    card: Card | None = None
    # Media an earlier attempt already uploaded (Mastodon ids): not uploaded again.
    media_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Posted:
    remote_id: str
    url: str
    # What a person should know about how it went out (e.g. a mention left as plain text).
    notes: tuple[str, ...] = ()


class Refused(Exception):
    """A definite error: nothing was posted."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Unknown(Exception):
    """The posting call's outcome is unknown: it may have gone out."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Connector(Protocol):
    # Media ids this connector uploaded in its last ``post`` (kept for a retry), if any.
    uploaded: list[str]

    def limit(self) -> int | None:
        """The platform's character limit for this account, when it says one."""

    def find(self, out: Outgoing) -> Posted | None:
        """An earlier attempt's post, when the platform lets it be looked up by its key."""

    def post(self, out: Outgoing) -> Posted:
        """Post ``out``; raises Refused or Unknown."""


def _short(text: Any, n: int = 300) -> str:
    s = " ".join(str(text).split())
    return s if len(s) <= n else s[: n - 1] + "…"


# -- Mastodon -----------------------------------------------------------------------------
class MastodonConnector:
    def __init__(self, api_url: str, token: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        from mastodon import Mastodon

        self.api_url = api_url
        self.uploaded: list[str] = []
        # A fixed version: no request to detect it; rate limits are errors, not waits.
        self.api = Mastodon(
            access_token=token,
            api_base_url=api_url,
            request_timeout=timeout,
            ratelimit_method="throw",
            version_check_mode="none",
            mastodon_version="4.3.0",
        )

    def _before_posting(self, exc: Exception, what: str) -> Refused:
        """Any error before the status call is definite: the status was not sent."""
        from mastodon import MastodonUnauthorizedError

        if isinstance(exc, MastodonUnauthorizedError):
            return Refused(
                f"{self.api_url} refused the credential ({_short(exc)}): it may have expired "
                "or been revoked; re-authorise the grant and retry."
            )
        return Refused(f"{what} at {self.api_url} failed: {_short(exc)}")

    def limit(self) -> int | None:
        from mastodon import MastodonError

        try:
            inst = self.api.instance_v2()
            return int(inst["configuration"]["statuses"]["max_characters"])
        except (KeyError, TypeError, ValueError):
            return None
        except MastodonError as exc:
            raise self._before_posting(exc, "Reading the instance's limits") from None

    def find(self, out: Outgoing) -> Posted | None:
        # Mastodon keeps the Idempotency-Key (an hour): a repeat returns the first status.
        return None

    def post(self, out: Outgoing) -> Posted:
        from mastodon import (
            MastodonAPIError,
            MastodonError,
            MastodonNetworkError,
            MastodonServerError,
            MastodonUnauthorizedError,
        )

        # An earlier attempt's uploads are reused: Mastodon keeps unattached media a day
        # (its media cleanup), and the publisher only passes ids younger than that.
        media_ids = list(out.media_ids)
        self.uploaded = list(media_ids)
        for m in out.media[len(media_ids) :]:
            try:
                media = self.api.media_post(
                    io.BytesIO(m.data),
                    mime_type=m.mime,
                    description=m.description,
                    file_name="image",
                )
            except MastodonError as exc:
                raise self._before_posting(exc, "Uploading the image") from None
            media_ids.append(str(media["id"]))
            self.uploaded = list(media_ids)
        try:
            status = self.api.status_post(
                out.text,
                idempotency_key=out.key,
                media_ids=media_ids or None,
                # Mastodon takes an ISO 639 code: the primary subtag of the post's BCP 47 tag.
                language=(out.language or "").split("-")[0] or None,
                visibility="public",
            )
        except MastodonUnauthorizedError as exc:
            raise self._before_posting(exc, "Posting") from None
        except (MastodonNetworkError, MastodonServerError) as exc:
            raise Unknown(f"{self.api_url} did not confirm the post: {_short(exc)}") from None
        except MastodonAPIError as exc:
            # Refused ids (e.g. reused media the instance has since removed) are not kept:
            # a retry uploads the image again.
            self.uploaded = []
            raise Refused(f"{self.api_url} refused the post: {_short(exc)}") from None
        except MastodonError as exc:
            raise Unknown(f"{self.api_url}: {_short(exc)}") from None
        return Posted(str(status["id"]), str(status.get("url") or status.get("uri") or ""))


# -- Bluesky ------------------------------------------------------------------------------
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
        return _short(message or exc or type(exc).__name__)

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


def build(
    connector: str, api_url: str, credential: str, handle: str, timeout: float = DEFAULT_TIMEOUT
) -> Connector:
    if not api_url:
        raise Refused("The channel has no api_url: an admin sets the instance or PDS URL.")
    if connector == "mastodon":
        return MastodonConnector(api_url, credential, timeout)
    if connector == "bluesky":
        return BlueskyConnector(api_url, credential, handle, timeout)
    raise Refused(f"'{connector}' channels are published by a person, not by the service.")
