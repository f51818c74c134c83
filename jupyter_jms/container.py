"""The composition root: every service, built from one settings object.

The server extension (``app.py``), the command line, the demo and the report worker all
build their services here, from the same ``JmsSettings``; ``JmsApp.jms_settings()`` makes
one from the Jupyter configuration. ``JmsApp.services_class`` (a traitlets ``Type``) swaps
the whole container for a subclass that puts other backends behind the same handlers.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .auth import personal_username
from .domain.attendance_policy import Policy, PolicyError
from .services.editorial.checks import CheckService
from .services.editorial.drafts import DraftService
from .services.editorial.reviews import ReviewService
from .services.governance.attendance import AttendanceService
from .services.governance.meetings import MeetingService
from .services.governance.report_runs import ReportService
from .services.kernel.context import Context, EmitFn, Settings
from .services.kernel.events import EventService
from .services.publishing import Publisher, PublishingService
from .services.registry.channels import ChannelService
from .services.registry.decisions import DecisionService
from .services.registry.document import RegistryIO
from .services.registry.grants import GrantService
from .services.registry.members import MemberService
from .services.registry.page import PageService
from .services.registry.tokens import TokenService
from .store.db import Store, default_database_url

if TYPE_CHECKING:
    from .services.governance.calendar import CalendarService


@dataclass(frozen=True)
class JmsSettings:
    """Everything the services are built from: the ``c.JmsApp.*`` settings, as plain values."""

    database_url: str = field(default_factory=default_database_url)
    required_approvals: int = 1
    max_notebook_bytes: int = 20 * 1024 * 1024
    max_open_drafts_per_member: int = 20
    max_stored_bytes_per_member: int = 200 * 1024 * 1024
    max_concurrent_large_submissions: int = 1
    stale_grant_days: int = 90
    attendance_policy: dict[str, Any] = field(default_factory=dict)
    reports_dir: str = ""
    identity: str = "personal"
    member_name: str = ""
    max_body_bytes: int = 1_000_000
    workers: int = 8
    inline_reads: bool = True
    caller_cache_seconds: float = 2.0
    # Publishing: seconds between the publisher's runs (0: no publisher in this process),
    # a posting call's timeout, and the age at which a claim counts as lost (unconfirmed).
    publish_interval: float = 30.0
    publish_timeout: float = 30.0
    publish_claim_timeout: float = 300.0

    def context_settings(self) -> Settings:
        return Settings(
            required_approvals=self.required_approvals,
            max_notebook_bytes=self.max_notebook_bytes,
            max_open_drafts_per_member=self.max_open_drafts_per_member,
            max_stored_bytes_per_member=self.max_stored_bytes_per_member,
            stale_grant_days=self.stale_grant_days,
            caller_cache_seconds=self.caller_cache_seconds,
        )

    def policy(self) -> Policy:
        """The attendance rule's policy; a bad one stops start-up with the field and reason."""
        try:
            return Policy.from_mapping(self.attendance_policy)
        except PolicyError as exc:
            raise ValueError(f"JmsApp.attendance_policy: {exc.field}: {exc.message}") from None


class Services:
    """Every service over one store; what handlers reach as ``self.jms``."""

    store: Store
    config: JmsSettings
    settings_: Settings
    ctx: Context
    members: MemberService
    channels: ChannelService
    grants: GrantService
    decisions: DecisionService
    page: PageService
    registry_io: RegistryIO
    tokens: TokenService
    drafts: DraftService
    reviews: ReviewService
    checks: CheckService
    events: EventService
    meetings: MeetingService
    attendance: AttendanceService
    reports: ReportService
    publishing: PublishingService
    publisher: Publisher
    executor: ThreadPoolExecutor
    large_executor: ThreadPoolExecutor

    def __init__(
        self, store: Store, config: JmsSettings | None = None, emit: EmitFn | None = None
    ) -> None:
        config = config or JmsSettings(database_url=store.url)
        policy = config.policy()
        self.store = store
        self.config = config
        self.settings_ = config.context_settings()
        self.ctx = Context(store, self.settings_, emit)
        self.members = MemberService(self.ctx)
        self.channels = ChannelService(self.ctx)
        self.grants = GrantService(self.ctx)
        self.decisions = DecisionService(self.ctx)
        self.page = PageService(self.channels)
        self.registry_io = RegistryIO(self.ctx)
        self.tokens = TokenService(self.ctx)
        self.drafts = DraftService(self.ctx)
        self.reviews = ReviewService(self.ctx, self.drafts)
        self.checks = CheckService(self.ctx)
        self.events = EventService(self.ctx)
        self.meetings = MeetingService(self.ctx)
        self.attendance = AttendanceService(self.ctx, policy)
        self.reports = ReportService(
            self.ctx, Path(config.reports_dir) if config.reports_dir else None
        )
        self.publishing = PublishingService(self.ctx, self.drafts)
        self.publisher = Publisher(
            self.ctx, timeout=config.publish_timeout, claim_timeout=config.publish_claim_timeout
        )
        self._publisher_wake: Any = None
        self.executor = ThreadPoolExecutor(max_workers=config.workers, thread_name_prefix="jms")
        # Large submissions run on their own few threads: memory a thread freed is reused by
        # that thread's next one, where spread over every worker it would stay resident in
        # each (the C allocator keeps per-thread arenas).
        self.large_executor = ThreadPoolExecutor(
            max_workers=max(1, config.max_concurrent_large_submissions or config.workers),
            thread_name_prefix="jms-large",
        )

    @cached_property
    def calendar(self) -> CalendarService:
        """iCalendar export and import, built on first use: only they pay for the iCalendar
        library's import (the command line builds services for every command)."""
        from .services.governance.calendar import CalendarService

        return CalendarService(self.ctx, self.meetings)

    @classmethod
    def build(
        cls, config: JmsSettings, emit: EmitFn | None = None, *, auto_upgrade: bool = False
    ) -> Services:
        """Open ``config.database_url``, create or check its schema, and build the services.

        An older schema is migrated only with ``auto_upgrade``; otherwise ``SchemaMismatch``
        says what to run.
        """
        store = Store(config.database_url)
        try:
            if (
                auto_upgrade
                and not store.is_empty()
                and store.current_revision() != store.head_revision()
            ):
                store.upgrade(backup=True)
            store.ensure_schema()
            return cls(store, config, emit)
        except BaseException:
            store.dispose()
            raise

    # -- what the handlers read -----------------------------------------------------------
    @property
    def identity(self) -> str:
        return self.config.identity

    @property
    def member_name(self) -> str:
        return self.config.member_name

    @property
    def max_body_bytes(self) -> int:
        return self.config.max_body_bytes

    @property
    def inline_reads(self) -> bool:
        return self.config.inline_reads

    def username_for(self, user: Any) -> str:
        if self.identity == "server":
            return str(getattr(user, "username", "") or "")
        return personal_username(self.member_name)

    def start_publisher(self) -> Any:
        """Run the publisher every ``publish_interval`` seconds (and when woken) on this
        event loop, its work on the worker pool; returns the task (None when off)."""
        import asyncio

        if self.config.publish_interval <= 0:
            return None
        wake = asyncio.Event()
        self._publisher_wake = wake
        loop = asyncio.get_running_loop()

        async def run() -> None:
            import logging

            log = logging.getLogger("jupyter_jms.publisher")
            while True:
                try:
                    await loop.run_in_executor(self.executor, self.publisher.run_due)
                except Exception:  # noqa: BLE001 (the loop outlives one bad run; it is logged)
                    log.exception("the publisher's run failed")
                wake.clear()
                try:
                    await asyncio.wait_for(wake.wait(), self.config.publish_interval)
                except asyncio.TimeoutError:
                    pass

        return loop.create_task(run())

    def wake_publisher(self) -> None:
        if self._publisher_wake is not None:
            self._publisher_wake.set()

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.large_executor.shutdown(wait=False, cancel_futures=True)
        self.store.dispose()
