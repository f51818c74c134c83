"""The Mastodon connector (Mastodon.py): the post and its images, once per Idempotency-Key."""

from __future__ import annotations

import io

from .protocol import DEFAULT_TIMEOUT, Outgoing, Posted, Refused, Unknown, short


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
                f"{self.api_url} refused the credential ({short(exc)}): it may have expired "
                "or been revoked; re-authorise the grant and retry."
            )
        return Refused(f"{what} at {self.api_url} failed: {short(exc)}")

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
            raise Unknown(f"{self.api_url} did not confirm the post: {short(exc)}") from None
        except MastodonAPIError as exc:
            # Refused ids (e.g. reused media the instance has since removed) are not kept:
            # a retry uploads the image again.
            self.uploaded = []
            raise Refused(f"{self.api_url} refused the post: {short(exc)}") from None
        except MastodonError as exc:
            raise Unknown(f"{self.api_url}: {short(exc)}") from None
        return Posted(str(status["id"]), str(status.get("url") or status.get("uri") or ""))
