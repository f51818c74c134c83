"""Event schemas registered with jupyter_server's event logger, one per subject type, and the
emit function that hands the services' events to it."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from tornado.ioloop import IOLoop

SCHEMA_DIR = Path(__file__).parent
SCHEMA_BASE = "https://events.jupyter.org/jupyter_jms"


def schema_id(subject_type: str) -> str:
    return f"{SCHEMA_BASE}/{subject_type}/v1"


def schema_paths() -> list[Path]:
    return sorted(SCHEMA_DIR.glob("*.yaml"))


def subject_types() -> list[str]:
    return [p.stem for p in schema_paths()]


def loop_emitter(event_logger: Any) -> Callable[[str, dict[str, Any]], None]:
    """Register the schemas with jupyter_server's event logger, and give the function the
    services emit through. Services run on worker threads; jupyter_events listeners need the
    loop, so each event is handed to the loop that is current here."""
    for path in schema_paths():
        event_logger.register_event_schema(path)

    io_loop = IOLoop.current()

    def emit(schema_id: str, data: dict[str, Any]) -> None:
        io_loop.add_callback(partial(event_logger.emit, schema_id=schema_id, data=data))

    return emit
