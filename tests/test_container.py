"""The composition root: one typed container, swappable through ``JmsApp.services_class``."""

from __future__ import annotations

from typing import Any

import pytest

from jupyter_jms.container import JmsSettings, Services
from jupyter_jms.services.registry.members import MemberService
from jupyter_jms.store.db import Store


class CountingMembers(MemberService):
    """Another members backend: answers as the stock one and counts the lookups."""

    lookups = 0

    def me(self, username: str) -> dict[str, Any]:
        CountingMembers.lookups += 1
        return super().me(username)


class OtherBackends(Services):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = CountingMembers(self.ctx)


@pytest.fixture
def jms_config() -> dict[str, Any]:
    return {"services_class": OtherBackends, "required_approvals": 2}


async def test_the_configured_container_serves_the_handlers(api: Any, jp_serverapp: Any) -> None:
    services = jp_serverapp.web_app.settings["jms"]
    assert isinstance(services, OtherBackends)
    assert services.settings_.required_approvals == 2  # the same config built it
    before = CountingMembers.lookups
    me = await api.ok("ada", "GET", "me")
    assert me["username"] == "ada" and CountingMembers.lookups > before


def test_a_bad_attendance_policy_names_the_setting(tmp_path: Any) -> None:
    store = Store(f"sqlite:///{tmp_path / 'jms.sqlite'}")
    with pytest.raises(ValueError, match=r"JmsApp.attendance_policy: threshold"):
        Services(store, JmsSettings(attendance_policy={"threshold": "lots"}))
    store.dispose()


def test_every_service_is_a_declared_attribute(tmp_path: Any) -> None:
    svc = Services(Store(f"sqlite:///{tmp_path / 'jms.sqlite'}"))
    try:
        declared = {k for k in Services.__annotations__ if k not in ("store", "config")}
        assert declared <= set(vars(svc)), declared - set(vars(svc))
        assert {"meetings", "attendance", "reports", "tokens", "decisions"} <= declared
    finally:
        svc.close()
