"""Typed errors raised by services; the handler base maps each to one HTTP status."""

from __future__ import annotations


class ServiceError(Exception):
    status = 400
    reason: str | None = None

    def __init__(self, message: str, *, errors: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or []


class InvalidInput(ServiceError):
    status = 400
    reason = "invalid"

    def __init__(
        self, message: str, *, field: str | None = None, errors: list[tuple[str, str]] | None = None
    ) -> None:
        errs = list(errors or [])
        if field and not errs:
            errs = [(field, message)]
        super().__init__(message, errors=errs)


class NotAuthenticated(ServiceError):
    status = 401
    reason = "unauthenticated"


class Forbidden(ServiceError):
    status = 403
    reason = "forbidden"


class NotFound(ServiceError):
    status = 404
    reason = "not_found"


class Conflict(ServiceError):
    status = 409
    reason = "conflict"


class StaleVersion(Conflict):
    reason = "stale_version"


class TooLarge(ServiceError):
    status = 413
    reason = "too_large"


class TooMany(ServiceError):
    status = 429
    reason = "too_many"
