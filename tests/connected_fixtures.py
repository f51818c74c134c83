"""A connected Lab: a real JMS service process, and the local Jupyter server (pytest-jupyter's
``jp_serverapp``) whose /jms/api/ forwards to it with one member's token.

A module imports these fixtures by name; it may override ``lab_member`` (whose token the Lab
holds), ``service_url`` or ``service_token`` (a service that is down, silent or refuses)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from jms_service import JmsService
from traitlets.config import Config


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JmsService]:
    svc = JmsService(tmp_path_factory.mktemp("service"))
    yield svc
    svc.stop()


@pytest.fixture
def lab_member() -> str:
    """Whose member token the local Lab holds: an author who is not a member."""
    return "eve"


@pytest.fixture
def service_url(service: JmsService) -> str:
    return service.url


@pytest.fixture
def service_token(service: JmsService, lab_member: str) -> str:
    return service.tokens[lab_member]


@pytest.fixture
def local_db(tmp_path: Path) -> Path:
    """The Lab's own database, which a connected Lab never creates."""
    return tmp_path / "local-jms.sqlite"


@pytest.fixture
def jp_server_config(service_url: str, service_token: str, local_db: Path) -> Config:
    return Config(
        {
            "ServerApp": {"jpserver_extensions": {"jupyter_jms": True}},
            "JmsApp": {
                "database_url": f"sqlite:///{local_db}",
                "service_url": service_url,
                "service_token": service_token,
                "service_connect_timeout": 3.0,
            },
        }
    )
