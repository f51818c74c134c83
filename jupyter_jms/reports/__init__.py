"""Data access and wording for the report notebooks.

The notebooks in ``jupyter_jms/report_notebooks`` (copied to ``notebooks/`` in the
repository) call ``attendance.load`` and ``publication.load``, which read the database
given its URL (see ``source``) and return plain Python data computed with the server's own
rules (``domain``); ``attendance_view`` and ``publication_view`` word its figures and give
its table rows, which the notebooks' cells show as DataFrames and draw as charts
(``charts``). An empty database gives empty data, and each notebook says there is nothing
yet.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..store.db import Store


def open_store(db_url: str = "") -> Store:
    """A store on ``db_url``, else ``$JMS_DATABASE_URL``, else the default SQLite file.

    The schema must be current: a report never migrates a database.
    """
    from ..store.db import Store, default_database_url

    store = Store(db_url or os.environ.get("JMS_DATABASE_URL") or default_database_url())
    store.ensure_schema()
    return store
