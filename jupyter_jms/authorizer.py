"""What a member token may reach on the JMS service: the JMS API and nothing else.

``jupyter jms serve`` installs ``JmsAuthorizer``. A request signed in with a member token
(``auth.MemberUser``) is allowed only on ``jms:*`` resources (every handler under
``/jms/api/`` and the landing page at ``/jms/``) and on the pages anyone may open without
signing in (the login and logout pages, the server's static assets). Everything else a Jupyter
server offers answers 403 to members: kernels, terminals, sessions, contents, files,
kernelspecs, nbconvert, config, events, ``/lab`` and its settings and workspaces APIs.

Two resources were weighed on purpose and are refused too:

- ``/api/me`` (jupyter_server's identity) says nothing ``GET /jms/api/me`` does not, and it is
  there for JupyterLab, which members do not run on the service.
- ``/api/status`` reports the server's kernels, terminals, connections and last activity:
  the operator's business, not a member's.

Any other user (the operator signed in with the server's own token or password) is allowed
everything, as with jupyter_server's ``AllowAllAuthorizer``.

jupyter_server asks the Authorizer only in handlers that carry ``@authorized``; ``/lab``,
``/api/me`` and JupyterLab's settings and workspaces handlers do not. ``member_may_reach`` is
therefore also called by the identity provider (``auth.py``) for every member request (see
``JmsIdentityProvider.get_user``), so the same rule holds for every handler, decorated or not.
"""

from __future__ import annotations

from typing import Any

from jupyter_server.auth.authorizer import Authorizer
from jupyter_server.auth.identity import User
from jupyter_server.base.handlers import FileFindHandler

from .auth import MemberUser

JMS_RESOURCE_PREFIX = "jms:"


def _public_page(handler: Any) -> bool:
    """Pages open to anyone without signing in: the login and logout pages, static assets."""
    provider = getattr(handler, "identity_provider", None)
    classes: list[type] = [FileFindHandler]
    for name in ("login_handler_class", "logout_handler_class"):
        cls = getattr(provider, name, None)
        if isinstance(cls, type):
            classes.append(cls)
    return isinstance(handler, tuple(classes))


class JmsAuthorizer(Authorizer):
    """Members may use the JMS API (``jms:*``); the operator may use everything."""

    def is_authorized(self, handler: Any, user: User, action: str, resource: str) -> bool:
        if not isinstance(user, MemberUser):
            return True
        return resource.startswith(JMS_RESOURCE_PREFIX) or _public_page(handler)
