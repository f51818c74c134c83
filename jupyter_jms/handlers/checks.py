"""Checks a front asks for while a person types: post metadata, character counts, checklist.

The checks themselves are CheckService's (services/editorial/checks.py); these endpoints
change nothing.
"""

from __future__ import annotations

from jupyter_server.auth.decorator import authorized
from tornado import web

from ..errors import InvalidInput
from .base import JmsHandler


class PostCheckHandler(JmsHandler):
    auth_resource = "jms:checks"

    @web.authenticated
    @authorized
    async def post(self) -> None:
        """Validate post metadata and count its social texts per channel; changes nothing."""
        body = self.json_body()
        if "metadata" not in body:
            raise InvalidInput(
                "The body is {'metadata': {...}}: the notebook's metadata.jms.", field="metadata"
            )
        self.reply(await self.call(self.jms.checks.post, body["metadata"]))


class ChecklistHandler(JmsHandler):
    auth_resource = "jms:checks"

    @web.authenticated
    @authorized
    async def get(self) -> None:
        """The editorial checklist and which items apply to a post of the given kind."""
        self.reply(
            self.jms.checks.checklist(
                third_party=self.query_flag("third_party"),
                needs_vetting=self.query_flag("needs_vetting"),
            )
        )


ROUTES = [
    (r"checks/post", PostCheckHandler),
    (r"checks/checklist", ChecklistHandler),
]
