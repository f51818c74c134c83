"""The panels' one kind of failure: a call the server refused or could not answer."""

from __future__ import annotations

from collections.abc import Iterable

# The ``reason`` of a connected Lab's answers when its JMS service failed (see openapi.yaml).
SERVICE_FAILURES = frozenset({"service_unreachable", "service_timeout", "service_token_refused"})


class JmsError(Exception):
    """A call the server refused or could not answer, with the server's own explanation.

    ``status`` is the HTTP status (0 when the server could not be reached), ``message`` the
    server's sentence, ``errors`` its field errors as ``(field, message)`` pairs.
    """

    def __init__(
        self,
        status: int,
        message: str,
        *,
        reason: str | None = None,
        errors: Iterable[tuple[str, str]] = (),
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.reason = reason
        self.errors = list(errors)

    @property
    def from_service(self) -> bool:
        """Whether a connected Lab's JMS service failed (unreachable, too slow, refusing
        the Lab's token) rather than the request: the member's rights are not in question."""
        return self.reason in SERVICE_FAILURES

    def sentence(self, doing: str | None = None) -> str:
        """One readable sentence, e.g. "You cannot approve this draft: Nobody reviews their
        own post." ``doing`` says what was being attempted ("approve this draft")."""
        text = self.message.strip() or "The server gave no reason."
        # A field error that repeats the headline is said once.
        errors = [(f, m) for f, m in self.errors if m.strip() != text]
        if errors:
            details = "; ".join(f"{_short_field(f)}: {m}" for f, m in errors[:5])
            more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
            text = f"{text.rstrip('.')}: {details}{more}."
        if not doing:
            return text
        if self.status in (401, 403) and not self.from_service:
            return f"You cannot {doing}: {text}"
        if self.status == 0:
            return text
        return f"Could not {doing}: {text}"


def _short_field(field: str) -> str:
    return field.removeprefix("metadata.jms.")
