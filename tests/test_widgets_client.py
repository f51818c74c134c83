"""How the panels' client finds its server and turns refusals into sentences."""

from __future__ import annotations

import os

import pytest

from jupyter_jms.widgets.client import JmsClient, JmsError, find_server

HUB_ENV = {
    "JUPYTERHUB_API_TOKEN": "hub-token",
    "JUPYTERHUB_SERVICE_PREFIX": "/user/ada/",
    "JUPYTERHUB_SERVICE_URL": "http://0.0.0.0:8888/user/ada/",
}


def running(root, url="http://localhost:8888/", token="server-token"):
    return {"url": url, "token": token, "root_dir": str(root), "pid": os.getpid()}


def test_explicit_url_and_token_win(tmp_path):
    found = find_server(
        "https://jms.example.org/lab",
        "jms_x",
        env={"JMS_URL": "http://other/", **HUB_ENV},
        cwd=tmp_path,
        servers=[running(tmp_path)],
    )
    assert (found.url, found.token, found.source) == (
        "https://jms.example.org/lab/",
        "jms_x",
        "given",
    )


def test_jms_url_in_the_environment_beats_guessing(tmp_path):
    env = {"JMS_URL": "https://jms.example.org", "JMS_TOKEN": "jms_env", **HUB_ENV}
    found = find_server(env=env, cwd=tmp_path, servers=[running(tmp_path)])
    assert (found.url, found.token) == ("https://jms.example.org/", "jms_env")


def test_jupyterhub_single_user_environment(tmp_path):
    found = find_server(env=HUB_ENV, cwd=tmp_path, servers=[running(tmp_path)])
    # A server bound to every interface is reached on the loopback address.
    assert (found.url, found.token) == ("http://127.0.0.1:8888/user/ada/", "hub-token")
    assert found.source == "JupyterHub environment"


def test_running_server_whose_root_holds_the_working_directory(tmp_path):
    work = tmp_path / "team" / "posts"
    work.mkdir(parents=True)
    servers = [
        running(tmp_path / "elsewhere", "http://localhost:9000/", "a"),
        running(tmp_path, "http://localhost:9001/", "b"),
        running(tmp_path / "team", "http://localhost:9002/base/", "c"),
    ]
    found = find_server(env={}, cwd=work, servers=servers)
    assert (found.url, found.token, found.source) == (
        "http://localhost:9002/base/",
        "c",
        "running server",
    )


def test_hub_token_opens_a_running_server_without_its_own(tmp_path):
    env = {"JUPYTERHUB_API_TOKEN": "hub-token", "JUPYTERHUB_SERVICE_PREFIX": "/user/ada/"}
    servers = [running(tmp_path, "http://127.0.0.1:8888/user/ada/", "")]
    found = find_server(env=env, cwd=tmp_path, servers=servers)
    assert (found.url, found.token) == ("http://127.0.0.1:8888/user/ada/", "hub-token")


def test_jms_token_fills_a_missing_token_wherever_the_server_is_found(tmp_path):
    env = {"JMS_TOKEN": "jms_env"}
    given = find_server("http://127.0.0.1:9/", env=env, cwd=tmp_path, servers=[])
    assert (given.url, given.token) == ("http://127.0.0.1:9/", "jms_env")
    found = find_server(env=env, cwd=tmp_path, servers=[running(tmp_path)])
    assert (found.url, found.token, found.source) == (
        "http://localhost:8888/",
        "jms_env",
        "running server",
    )
    # A token given to the panel still wins.
    assert find_server("http://x/", "jms_given", env=env).token == "jms_given"


def test_the_server_that_started_the_kernel_wins_over_the_closest_root(tmp_path):
    work = tmp_path / "team"
    work.mkdir()
    closest = {**running(work, "http://localhost:9002/", "c"), "pid": 111}
    parent = {**running(tmp_path, "http://localhost:9001/", "b"), "pid": 222}
    found = find_server(env={}, cwd=work, servers=[closest, parent], parent_pid=222)
    assert (found.url, found.token) == ("http://localhost:9001/", "b")


def test_the_notebook_s_own_path_beats_a_changed_working_directory(tmp_path):
    (tmp_path / "ada" / "posts").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    servers = [
        running(tmp_path / "ada", "http://localhost:9001/", "ada-lab"),
        running(tmp_path / "elsewhere", "http://localhost:9002/", "other"),
    ]
    env = {"JPY_SESSION_NAME": str(tmp_path / "ada" / "posts" / "dashboard.ipynb")}
    found = find_server(env=env, cwd=tmp_path / "elsewhere", servers=servers, parent_pid=1)
    assert found.token == "ada-lab"


def test_no_server_found_says_what_to_do(tmp_path):
    with pytest.raises(JmsError) as err:
        find_server(env={}, cwd=tmp_path, servers=[running(tmp_path / "other")])
    assert "set JMS_TOKEN in the environment" in err.value.sentence()
    assert err.value.status == 0


def test_refusals_read_as_sentences():
    forbidden = JmsError(403, "Nobody reviews their own post.")
    assert forbidden.sentence("approve this draft") == (
        "You cannot approve this draft: Nobody reviews their own post."
    )
    invalid = JmsError(
        400,
        "The post metadata has 2 error(s).",
        errors=[("metadata.jms.title", "is required"), ("metadata.jms.subtitle", "too long")],
    )
    assert invalid.sentence("submit this post") == (
        "Could not submit this post: The post metadata has 2 error(s): "
        "title: is required; subtitle: too long."
    )


def test_a_connected_labs_service_failure_is_not_a_refusal_of_the_member():
    refused = JmsError(
        401,
        "The JMS service at https://jms.example.org/ refused this Lab's token; run "
        "`jupyter jms connect` to sign in again.",
        reason="service_token_refused",
    )
    assert refused.from_service
    assert refused.sentence("load the queue") == (
        "Could not load the queue: The JMS service at https://jms.example.org/ refused this "
        "Lab's token; run `jupyter jms connect` to sign in again."
    )
    # The server's own 401 stays a refusal of the member.
    own = JmsError(401, "The server did not accept the token.")
    assert not own.from_service
    assert own.sentence("load the queue").startswith("You cannot load the queue: ")


async def test_client_finds_the_live_server_from_its_runtime_info(jp_serverapp, api):
    info = jp_serverapp.server_info()
    found = find_server(env={}, cwd=jp_serverapp.root_dir, servers=[info])
    assert found.url.endswith(jp_serverapp.base_url)
    client = JmsClient(server=found)
    import asyncio

    version = await asyncio.to_thread(client.version)
    from jupyter_jms.version import __version__

    assert version == __version__
    member = JmsClient(server=type(found)(found.url, api.tokens["carla"], "given"))
    me = await asyncio.to_thread(member.me)
    assert me["username"] == "carla" and "council" in me["roles"]
