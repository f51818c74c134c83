"""Tornado handlers: parse, authorize, call a service, serialize. No SQL, no rules here."""

from __future__ import annotations

from typing import Any

from . import checks, drafts, governance, identity, publishing, registry


def routes() -> list[tuple[str, Any]]:
    """URL patterns relative to ``{base_url}jms/api/``."""
    return [
        *registry.ROUTES,
        *identity.ROUTES,
        *drafts.ROUTES,
        *checks.ROUTES,
        *governance.ROUTES,
        *publishing.ROUTES,
    ]
