"""Event schemas registered with jupyter_server's event logger, one per subject type."""

from __future__ import annotations

from pathlib import Path

SCHEMA_DIR = Path(__file__).parent
SCHEMA_BASE = "https://events.jupyter.org/jupyter_jms"


def schema_id(subject_type: str) -> str:
    return f"{SCHEMA_BASE}/{subject_type}/v1"


def schema_paths() -> list[Path]:
    return sorted(SCHEMA_DIR.glob("*.yaml"))


def subject_types() -> list[str]:
    return [p.stem for p in schema_paths()]
