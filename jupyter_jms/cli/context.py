"""What every `jupyter jms` command shares: the services, built from the Jupyter config.

The command line reads the same configuration files as the server (``c.JmsApp.*`` in
``jupyter_server_config.py``/``.json`` and ``jupyter_jupyter_jms_config`` on the Jupyter
config path), through the same steps the server takes to configure its extension, and builds
its services with the same container. The database is, in order: ``--db``, then
``c.JmsApp.database_url``, then ``$JMS_DATABASE_URL``, then SQLite under the Jupyter data dir:
the server's order, so a command and the server beside it never pick different databases.
"""

from __future__ import annotations

import dataclasses
import getpass
import sys
from typing import TYPE_CHECKING

from ..domain.access import OWNER_ROLES, Caller
from ..store.db import Store, describe_url

if TYPE_CHECKING:
    from ..app import JmsApp
    from ..container import JmsSettings, Services


def owner_caller() -> Caller:
    """Who a command acts as: the OS user, with the database owner's authority (the REST API
    is where members' roles are checked)."""
    return Caller(getpass.getuser(), OWNER_ROLES)


def actor() -> str:
    """The name commands stamp on the audit trail."""
    return owner_caller().username


def configured_app() -> JmsApp:
    """A ``JmsApp`` configured as the server would configure it, without starting a server."""
    # Imported here, not at the top: the server and every service take about a second and a
    # half to import, which `jupyter jms --help`, `--version` and `report --list` never need.
    from jupyter_server.serverapp import ServerApp

    from ..app import JmsApp

    server = ServerApp()
    # jupyter_config and jupyter_server_config (.py, .json, .d/*.json) on the config path.
    server.load_config_file()
    app = JmsApp()
    # The extension's own link step: its config file, then the server's config onto its traits.
    app._link_jupyter_server_extension(server)
    return app


def settings(db: str | None = None, app: JmsApp | None = None) -> JmsSettings:
    app = app or configured_app()
    # The server's order: --db, then c.JmsApp.database_url, whose default is
    # $JMS_DATABASE_URL, else SQLite under the Jupyter data dir. A command and the server it
    # sits beside must never pick different databases.
    url = db or app.database_url
    # One worker: a command makes its calls one after another.
    return dataclasses.replace(app.jms_settings(identity="personal"), database_url=url, workers=1)


def announce(url: str) -> None:
    """Say on stderr which database a command uses (never its password)."""
    print(f"database: {describe_url(url)}", file=sys.stderr)


def open_store(db: str | None = None) -> Store:
    url = settings(db).database_url
    announce(url)
    return Store(url)


def open_services(db: str | None = None) -> Services:
    """The services on the configured database, its schema created or checked."""
    app = configured_app()
    config = settings(db, app)
    announce(config.database_url)
    services: Services = app.services_class.build(config)
    return services
