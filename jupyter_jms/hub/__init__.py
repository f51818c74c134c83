"""jupyter-jms under JupyterHub: the JMS service as a Hub service, users' servers as its clients.

Two roles, told apart by the environment the Hub gives a process:

- **The service** (``jupyter jms serve`` started by the Hub from ``c.JupyterHub.services``):
  the Hub sets ``JUPYTERHUB_SERVICE_NAME``. It listens where ``JUPYTERHUB_SERVICE_URL`` says,
  under ``JUPYTERHUB_SERVICE_PREFIX``, and signs people in with the Hub
  (``identity.JmsHubIdentityProvider``); ``groups.py`` keeps roster roles in step with Hub
  groups when ``c.JmsApp.hub_role_groups`` asks for it.
- **A user's server** (``jupyterhub-singleuser``): the Hub sets ``JUPYTERHUB_USER`` and no
  service name. ``discover.py`` finds the service and the server forwards its ``/jms/api/``
  there with its own ``$JUPYTERHUB_API_TOKEN``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import urlsplit

# The scope a Hub token needs to reach a service named NAME (JupyterHub's own spelling).
ACCESS_SCOPE = "access:services!service={name}"


def hub_service_name(environ: Mapping[str, str] | None = None) -> str:
    """The name this process runs under as a Hub-managed service, or '' when it is none."""
    env = os.environ if environ is None else environ
    if env.get("JUPYTERHUB_API_TOKEN") and env.get("JUPYTERHUB_API_URL"):
        return env.get("JUPYTERHUB_SERVICE_NAME", "")
    return ""


def is_hub_user_server(environ: Mapping[str, str] | None = None) -> bool:
    """Whether this process is a user's server spawned by a Hub (not a Hub service)."""
    env = os.environ if environ is None else environ
    return bool(
        env.get("JUPYTERHUB_API_TOKEN")
        and env.get("JUPYTERHUB_USER")
        and not env.get("JUPYTERHUB_SERVICE_NAME")
    )


def serve_config(environ: Mapping[str, str] | None = None) -> dict[str, dict[str, str]]:
    """What ``jupyter jms serve`` adds when the Hub runs it: Hub sign-in, and the address and
    prefix the Hub routes to. Empty when the process is no Hub service."""
    env = os.environ if environ is None else environ
    if not hub_service_name(env):
        return {}
    server: dict[str, str] = {
        "identity_provider_class": "jupyter_jms.hub.identity.JmsHubIdentityProvider",
        "open_browser": "False",
    }
    where = env.get("JUPYTERHUB_SERVICE_URL", "")
    if where:
        parts = urlsplit(where)
        if parts.hostname:
            server["ip"] = parts.hostname
        if parts.port:
            server["port"] = str(parts.port)
    prefix = env.get("JUPYTERHUB_SERVICE_PREFIX", "")
    if prefix:
        server["base_url"] = prefix
    return {"ServerApp": server}
