"""The jupyter-jms server extension: settings, services, handlers, event schemas."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

from jupyter_server.extension.application import ExtensionApp
from jupyter_server.utils import url_path_join
from tornado.ioloop import IOLoop
from traitlets import Bool, Dict, Enum, Float, Int, Unicode, default

from . import __version__
from .auth import JmsIdentityProvider, personal_username
from .events import schema_paths
from .handlers import routes
from .services.channels import ChannelService
from .services.context import Context, Settings
from .services.decisions import DecisionService
from .services.drafts import DraftService
from .services.events import EventService
from .services.governance import attach_governance
from .services.grants import GrantService
from .services.members import MemberService
from .services.page import PageService
from .services.registry_io import RegistryIO
from .services.reviews import ReviewService
from .services.tokens import TokenService
from .store.db import Store, default_database_url


class Services:
    """Every service over one store; what handlers reach as ``self.settings["jms"]``."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        emit: Any = None,
        *,
        identity: str = "personal",
        member_name: str = "",
        max_body_bytes: int = 1_000_000,
        workers: int = 8,
        inline_reads: bool = True,
    ) -> None:
        self.store = store
        self.settings_ = settings
        self.ctx = Context(store, settings, emit)
        self.members = MemberService(self.ctx)
        self.channels = ChannelService(self.ctx)
        self.grants = GrantService(self.ctx)
        self.decisions = DecisionService(self.ctx)
        self.page = PageService(self.channels)
        self.registry_io = RegistryIO(self.ctx)
        self.tokens = TokenService(self.ctx)
        self.drafts = DraftService(self.ctx)
        self.reviews = ReviewService(self.ctx, self.drafts)
        self.events = EventService(self.ctx)
        attach_governance(self)
        self.identity = identity
        self.member_name = member_name
        self.max_body_bytes = max_body_bytes
        self.inline_reads = inline_reads
        self.executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="jms")

    def username_for(self, user: Any) -> str:
        if self.identity == "server":
            return str(getattr(user, "username", "") or "")
        return personal_username(self.member_name)

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.store.dispose()


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
    max_body_bytes = Int(1_000_000, config=True, help="Largest JSON request body (bytes).")
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

    def initialize_settings(self) -> None:
        store = Store(self.database_url)
        if (
            self.auto_upgrade
            and not store.is_empty()
            and store.current_revision() != store.head_revision()
        ):
            store.upgrade(backup=True)
        store.ensure_schema()

        event_logger = getattr(self.serverapp, "event_logger", None)
        emit = None
        if event_logger is not None:
            for path in schema_paths():
                event_logger.register_event_schema(path)

            io_loop = IOLoop.current()

            def emit(schema_id: str, data: dict[str, Any]) -> None:
                # Services run on worker threads; jupyter_events listeners need the loop.
                io_loop.add_callback(partial(event_logger.emit, schema_id=schema_id, data=data))

        services = Services(
            store,
            Settings(
                required_approvals=self.required_approvals,
                max_notebook_bytes=self.max_notebook_bytes,
                stale_grant_days=self.stale_grant_days,
                caller_cache_seconds=self.caller_cache_seconds,
            ),
            emit,
            identity=self.resolved_identity(),
            member_name=self.member_name,
            max_body_bytes=self.max_body_bytes,
            workers=self.workers,
            inline_reads=self.inline_reads,
        )
        attach_governance(services, self.attendance_policy, self.reports_dir)
        provider = getattr(self.serverapp, "identity_provider", None)
        if isinstance(provider, JmsIdentityProvider):
            provider.jms_tokens = services.tokens
        self.services = services
        self.settings.update({"jms": services})
        self.log.info(
            "jupyter-jms %s on %s (identity: %s)",
            __version__,
            store.display_url(),
            services.identity,
        )

    def initialize_handlers(self) -> None:
        # ExtensionApp prepends the server's base_url.
        for pattern, handler in routes():
            self.handlers.append((url_path_join("/jms/api", pattern), handler))

    async def stop_extension(self) -> None:
        services = getattr(self, "services", None)
        if services is not None:
            services.close()
