"""The jupyter-jms server extension: settings, start-up checks, event wiring, routes.

The services themselves are built in ``container.py``, from the ``JmsSettings`` this
application's configuration gives (``jms_settings``), as the command line builds them.
"""

from __future__ import annotations

from typing import Any

from jupyter_server.extension.application import ExtensionApp
from jupyter_server.utils import url_path_join
from tornado.ioloop import IOLoop
from traitlets import Bool, Dict, Enum, Float, Int, Type, Unicode, default

from .auth import JmsIdentityProvider
from .container import JmsSettings, Services
from .events import loop_emitter
from .handlers import forward, routes
from .handlers.landing import LandingHandler
from .handlers.service_link import ServiceLink, close_service_session
from .hub import is_hub_user_server
from .hub.discover import REFUSED_ROUTES, Found, find_service
from .hub.groups import check_mapping, follow_groups
from .store.db import MissingDriver, default_database_url
from .version import __version__


class JmsApp(ExtensionApp):
    """Editorial review, channel registry and governance for the Media Strategy Working Group."""

    name = "jupyter_jms"
    extension_url = "/lab"
    load_other_extensions = True

    database_url = Unicode(
        "",
        config=True,
        help="SQLAlchemy URL of the jupyter-jms database. Empty: $JMS_DATABASE_URL, else "
        "SQLite under the Jupyter data dir. PostgreSQL: postgresql+psycopg://user@host/db.",
    )
    required_approvals = Int(
        1, config=True, help="Approvals from distinct non-author editors a post needs."
    )
    max_notebook_bytes = Int(
        20 * 1024 * 1024, config=True, help="Largest notebook accepted for review (bytes)."
    )
    max_open_drafts_per_member = Int(
        20,
        config=True,
        help="Open drafts (not yet published, rejected or withdrawn) one member may have "
        "submitted; one more gets 429. 0: no limit.",
    )
    max_stored_bytes_per_member = Int(
        200 * 1024 * 1024,
        config=True,
        help="Bytes one member's revisions may store, counting every revision they submitted "
        "except on published posts (withdrawing deletes nothing, so withdrawn and rejected "
        "drafts keep counting); a submission over it gets 413. 0: no limit.",
    )
    max_concurrent_large_submissions = Int(
        1,
        config=True,
        help="Submissions over 1 MB that are parsed and stored at once; the others wait "
        "(their bodies spooled to disk), so memory stays bounded when many large notebooks "
        "arrive together. 0: no bound.",
    )
    max_body_bytes = Int(1_000_000, config=True, help="Largest JSON request body (bytes).")
    max_url_bytes = Int(
        32 * 1024,
        config=True,
        help="Longest API URL (path and query, bytes); a longer one gets 414. Keep it below "
        "max_header_bytes so the 414 can be sent.",
    )
    max_header_bytes = Int(
        1024 * 1024,
        config=True,
        help="tornado's limit on a request's header block (request line included) for the "
        "server's own HTTP server; tornado's default is 64 KiB and a request over it has its "
        "connection closed with no response. Raised at start-up so that URLs between "
        "max_url_bytes and this get a 414 instead.",
    )
    identity = Enum(
        ["auto", "personal", "server"],
        "auto",
        config=True,
        help="Who a request acts as. 'personal': the OS user (or member_name); 'server': the "
        "user jupyter_server authenticated (JupyterHub user or member token). 'auto' picks "
        "'server' under JupyterHub or with member tokens, else 'personal'.",
    )
    member_name = Unicode(
        "", config=True, help="In personal mode, the member username to act as (default: OS user)."
    )
    auto_upgrade = Bool(
        False,
        config=True,
        help="Migrate an older database at start-up instead of refusing to start.",
    )
    workers = Int(8, config=True, help="Threads that run database writes off the event loop.")
    inline_reads = Bool(
        True,
        config=True,
        help="Run short indexed reads on the event loop instead of a worker thread. Readers "
        "never wait for writers on SQLite (WAL) or PostgreSQL, and the thread hop costs more "
        "than the read; turn off for a database far away on the network.",
    )

    caller_cache_seconds = Float(
        2.0,
        config=True,
        help="Reuse a member token's lookup (the member and their roles) for this many "
        "seconds; 0 looks it up on every request. Revocations and role changes made through "
        "this server apply at once; made by another process (the CLI, another server on the "
        "same database) they apply within this time.",
    )

    stale_grant_days = Int(
        90,
        config=True,
        help="Flag an access grant as stale when it has not been re-authorised (or, for "
        "publishing access, used for a verified post) for this many days.",
    )

    attendance_policy = Dict(
        {},
        config=True,
        help="The attendance rule's settings: threshold ('2/3'), window_days (90), excused "
        "('leave', 'attended' or 'missed'), min_eligible (4), effective (a date), roles "
        "(['editor', 'chair', 'admin']: whose attendance counts).",
    )
    reports_dir = Unicode(
        "",
        config=True,
        help="Folder for report runs' outputs. Empty: beside a SQLite database, else "
        "<jupyter data dir>/jms/reports.",
    )

    publish_interval = Float(
        30.0,
        config=True,
        help="Seconds between the publisher's runs: it posts scheduled posts that are due to "
        "their Mastodon and Bluesky channels. 0: this server does not publish (another process "
        "on the same database does). A connected Lab never publishes.",
    )
    publish_timeout = Float(
        30.0, config=True, help="Seconds a posting call to a platform may take."
    )
    publish_claim_timeout = Float(
        300.0,
        config=True,
        help="A channel claimed for posting longer ago than this lost its process (a restart, a "
        "crash): it becomes 'unconfirmed' for a person to check, never posted again blindly.",
    )

    services_class = Type(
        default_value=Services,
        klass=Services,
        config=True,
        help="The services container (a subclass of jupyter_jms.container.Services): swap it "
        "to put other service backends behind the same handlers.",
    )

    # -- the connected Lab (handlers/forward.py) ------------------------------------------
    service_url = Unicode(
        "",
        config=True,
        help="URL of a shared JMS service (`jupyter jms serve`) this server is a client of; "
        "its /jms/api/ then forwards there and no local database is opened. Empty: "
        "$JMS_SERVICE_URL, else none (personal mode). Set by `jupyter jms connect URL`.",
    )
    service_token = Unicode(
        "",
        config=True,
        help="The member token this server uses on the JMS service. Empty: $JMS_SERVICE_TOKEN.",
    )
    # -- under JupyterHub (hub/) -----------------------------------------------------------
    hub_service_name = Unicode(
        "jms",
        config=True,
        help="Under JupyterHub, the name of the Hub service a user's server connects to by "
        "itself (with its own $JUPYTERHUB_API_TOKEN) when no service_url is set. Empty: "
        "never; the server keeps its own data.",
    )
    hub_role_groups = Dict(
        {},
        config=True,
        help="When the Hub runs `jupyter jms serve`: roster roles that follow Hub groups, "
        'e.g. {"editor": "jms-editors", "admin": "jms-admins"}. Members of the group hold the '
        "role, nobody else does; each change is in the history. The service's Hub token "
        "needs the scope read:groups.",
    )
    hub_group_sync_seconds = Float(
        60.0, config=True, help="How often the service reads the Hub groups of hub_role_groups."
    )

    service_connect_timeout = Float(
        5.0, config=True, help="Seconds to wait for a connection to the JMS service."
    )
    service_request_timeout = Float(
        120.0, config=True, help="Seconds to wait for the JMS service's whole answer."
    )

    @default("service_url")
    def _default_service_url(self) -> str:
        import os

        return os.environ.get("JMS_SERVICE_URL", "")

    @default("service_token")
    def _default_service_token(self) -> str:
        import os

        return os.environ.get("JMS_SERVICE_TOKEN", "")

    def service_link(self) -> ServiceLink | None:
        """The JMS service this server forwards to, or None when it holds its own data.

        A user's server under JupyterHub finds the Hub's service itself and uses its own Hub
        token (``hub/discover.py``); one that cannot use it keeps the reason in
        ``hub_refusal``, which its ``/jms/api/`` then answers with."""
        import os

        url, token = self.service_url, self.service_token
        hub_token = False
        if is_hub_user_server() and not token:
            token, hub_token = os.environ["JUPYTERHUB_API_TOKEN"], True
            if url or self.hub_service_name:
                found = find_service(os.environ, self.hub_service_name or "jms", url=url)
                self.hub_refusal = found if found is not None and found.refusal else None
                url = found.url if found is not None else ""
        if not url:
            return None
        return ServiceLink(
            url=url,
            token=token,
            connect_timeout=self.service_connect_timeout,
            request_timeout=self.service_request_timeout,
            max_body_bytes=self.max_body_bytes,
            max_notebook_bytes=self.max_notebook_bytes,
            hub_token=hub_token,
        )

    @default("database_url")
    def _default_db(self) -> str:
        return default_database_url()

    def resolved_identity(self) -> str:
        if self.identity != "auto":
            return self.identity
        import os

        provider = getattr(self.serverapp, "identity_provider", None)
        if isinstance(provider, JmsIdentityProvider) or os.environ.get("JUPYTERHUB_API_TOKEN"):
            return "server"
        return "personal"

    def jms_settings(self, identity: str | None = None) -> JmsSettings:
        """The settings every front builds its services from (see ``container.py``)."""
        return JmsSettings(
            database_url=self.database_url,
            required_approvals=self.required_approvals,
            max_notebook_bytes=self.max_notebook_bytes,
            max_open_drafts_per_member=self.max_open_drafts_per_member,
            max_stored_bytes_per_member=self.max_stored_bytes_per_member,
            max_concurrent_large_submissions=self.max_concurrent_large_submissions,
            stale_grant_days=self.stale_grant_days,
            attendance_policy=dict(self.attendance_policy),
            reports_dir=self.reports_dir,
            identity=identity or self.resolved_identity(),
            member_name=self.member_name,
            max_body_bytes=self.max_body_bytes,
            workers=self.workers,
            inline_reads=self.inline_reads,
            caller_cache_seconds=self.caller_cache_seconds,
            publish_interval=self.publish_interval,
            publish_timeout=self.publish_timeout,
            publish_claim_timeout=self.publish_claim_timeout,
        )

    hub_refusal: Found | None = None

    def initialize_settings(self) -> None:
        link = self.service_link()
        if self.hub_refusal is not None:
            # A user's server whose Hub token cannot use the service: every /jms/api/ request
            # answers with what the hub admin must add.
            self.settings["jms_refusal"] = self.hub_refusal
            self.log.error("jupyter-jms: %s", self.hub_refusal.refusal)
            return
        if link is not None:
            # A client of the service: no database, no services, one forwarding route.
            self.settings.update({"jms_service": link, "jms_max_url_bytes": self.max_url_bytes})
            self.log.info(
                "jupyter-jms %s connected to the JMS service at %s", __version__, link.url
            )
            return
        event_logger = getattr(self.serverapp, "event_logger", None)
        emit = loop_emitter(event_logger) if event_logger is not None else None
        try:
            services = self.services_class.build(
                self.jms_settings(), emit, auto_upgrade=self.auto_upgrade
            )
        except MissingDriver as exc:
            # One sentence saying what to install; Lab starts without the jms routes.
            self.log.error("jupyter-jms is off: %s", exc)
            return
        provider = getattr(self.serverapp, "identity_provider", None)
        if isinstance(provider, JmsIdentityProvider):
            provider.jms_tokens = services.tokens
        if isinstance(provider, JmsIdentityProvider) and hasattr(provider, "jms_roster"):
            # Signing in with JupyterHub (hub/identity.py, which needs jupyterhub installed).
            from .hub.identity import RosterCallers

            provider.jms_roster = RosterCallers(services)
            self._follow_hub_groups(services, provider)
        self.services = services
        self.settings.update({"jms": services, "jms_max_url_bytes": self.max_url_bytes})
        IOLoop.current().add_callback(self._raise_header_limit)
        IOLoop.current().add_callback(self._start_publisher)
        self.log.info(
            "jupyter-jms %s on %s (identity: %s)",
            __version__,
            services.store.display_url(),
            services.identity,
        )

    def _follow_hub_groups(self, services: Services, provider: Any) -> None:
        """Keep the roster's roles in step with Hub groups (``hub_role_groups``)."""
        if not self.hub_role_groups:
            return
        self._group_sync = follow_groups(
            services,
            check_mapping(self.hub_role_groups),
            provider.hub_auth,
            self.hub_group_sync_seconds,
            self.log,
        )

    def _start_publisher(self) -> None:
        services = getattr(self, "services", None)
        if services is not None:
            self._publisher_task = services.start_publisher()

    def _raise_header_limit(self) -> None:
        """jupyter_server builds its HTTPServer without ``max_header_size``; the server
        exists once the loop runs, and connections read its parameters when they open."""
        server = getattr(self.serverapp, "_http_server", None)
        params = getattr(server, "conn_params", None)
        if params is not None:
            params.max_header_size = max(params.max_header_size or 0, self.max_header_bytes)

    def initialize_handlers(self) -> None:
        table: list[tuple[str, Any]]
        if self.settings.get("jms_refusal") is not None:
            table = REFUSED_ROUTES
        elif self.settings.get("jms_service") is not None:
            table = forward.ROUTES
        elif getattr(self, "services", None) is None:
            return
        else:
            table = routes()
        # ExtensionApp prepends the server's base_url.
        for pattern, handler in table:
            self.handlers.append((url_path_join("/jms/api", pattern), handler))
        # What this server is and how to connect a Lab (`jupyter jms serve` redirects / here).
        self.handlers.append((r"/jms/?", LandingHandler))

    async def stop_extension(self) -> None:
        sync = getattr(self, "_group_sync", None)
        if sync is not None:
            sync.stop()
        web_app = getattr(self.serverapp, "web_app", None)
        if web_app is not None:  # the handlers' settings, where the session is kept
            await close_service_session(web_app.settings)
        task = getattr(self, "_publisher_task", None)
        if task is not None:
            import asyncio
            import contextlib

            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        services = getattr(self, "services", None)
        if services is not None:
            services.close()
