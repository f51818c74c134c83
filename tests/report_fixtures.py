"""The generated history the report tests read: the real channel list and years of drafts,
meetings and attendance from ``jupyter_jms.sample.history``."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "jupyter_jms" / "data"


def write_history(url: str) -> None:
    """Fill the (new) database at ``url`` with the channels and the generated history."""
    from jupyter_jms.container import Services
    from jupyter_jms.sample import history
    from jupyter_jms.store.db import Store

    store = Store(url)
    store.ensure_schema()
    services = Services(store)
    services.channels.import_text((DATA / "jupyter-channels.yaml").read_text(), actor="test")
    history.generate(services)
    services.close()


@pytest.fixture(scope="module")
def history_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite database with the generated history, built once per module (it takes seconds
    and the report runs only read it)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('history') / 'jms.sqlite'}"
    write_history(url)
    return url
