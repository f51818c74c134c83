"""What a stand-in does to the next posting calls: fail, stall, or post and then fail."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field


@dataclass
class Behaviour:
    # "ok"; "error_500" (nothing created, then 500); "post_then_500" (created, then 500);
    # "stall" (created, then no answer for ``stall_seconds``: the caller times out).
    mode: str = "ok"
    stall_seconds: float = 60.0
    # Every posting call takes this long (two racing publishers then overlap).
    delay_seconds: float = 0.0
    # Set when a posting call arrives (a test waits on it before killing the caller).
    arrived: threading.Event = field(default_factory=threading.Event)
    calls: int = 0

    async def arrive(self) -> None:
        self.calls += 1
        self.arrived.set()
        if self.delay_seconds:
            await asyncio.sleep(self.delay_seconds)

    async def stall(self) -> None:
        await asyncio.sleep(self.stall_seconds)
