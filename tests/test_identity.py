"""Who a request acts as: personal servers, service mode with member tokens, `jupyter jms serve`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timezone
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from conftest import OWNER
from jms_service import free_port, wait_for_server

DATA = Path(__file__).resolve().parent.parent / "jupyter_jms" / "data"


class TestPersonalServer:
    @pytest.fixture
    def jms_config(self):
        return {"identity": "personal", "member_name": "ada"}

    async def test_personal_server_acts_as_the_configured_member(self, jp_fetch, jms_services):
        jms_services.members.import_roster_text((DATA / "demo-roster.yaml").read_text(), actor="t")
        resp = await jp_fetch("jms", "api", "me")  # the server's own token
        me = json.loads(resp.body)
        assert me["username"] == "ada" and me["roles"] == ["editor"]


async def test_member_token_acts_as_that_member(api):
    me = await api.ok("carla", "GET", "me")
    assert me["username"] == "carla" and me["roles"] == ["council"]
    assert me["languages"] == ["es", "pt"]


async def test_revoked_token_is_refused(api):
    assert (await api.call("ben", "GET", "me"))[0] == 200
    api.services.tokens.revoke(OWNER, api.tokens["ben"])
    code, _ = await api.call("ben", "GET", "me")
    assert code in (401, 403)


async def test_revoking_a_token_over_the_api_applies_to_the_next_request(api):
    created = await api.ok("ben", "POST", "tokens", {"note": "phone"})
    api.tokens["ben2"] = created["token"]
    for _ in range(3):  # looked up, then reused
        assert (await api.ok("ben2", "GET", "drafts"))["total"] == 0
    await api.ok("ben", "DELETE", f"tokens/{created['id']}")
    assert (await api.call("ben2", "GET", "drafts"))[0] in (401, 403)
    assert (await api.call("ben", "GET", "drafts"))[0] == 200


async def test_a_role_ended_applies_to_the_next_request(api):
    d = await api.submit(user="eve")
    seen = await api.ok("ben", "GET", "drafts")
    assert [x["id"] for x in seen["items"]] == [d["id"]]
    assert (await api.ok("ben", "GET", f"drafts/{d['id']}"))["id"] == d["id"]
    ben = await api.ok("dana", "GET", "members/ben")
    editor = next(r for r in ben["role_intervals"] if r["role"] == "editor")
    today = datetime.now(timezone.utc).date().isoformat()
    await api.ok(
        "dana",
        "PATCH",
        f"members/ben/roles/{editor['id']}",
        {"until": today, "if_version": ben["version"]},
    )
    # no longer an editor: the draft list and the draft are an author's view at once
    assert (await api.ok("ben", "GET", "drafts"))["total"] == 0
    assert (await api.call("ben", "GET", f"drafts/{d['id']}"))[0] == 404


def test_token_lookups_are_reused_until_any_write(api):
    """The per-request lookup of a token is reused, never past a write in this process."""
    svc = api.services
    before = svc.tokens.caller(api.tokens["ben"])
    assert before is not None and before.roles == {"editor"}
    assert svc.tokens.caller(api.tokens["ben"]) is before  # reused
    svc.members.import_roster_text(
        "members:\n  - username: ben\n    name: Ben E.\n    roles:\n"
        "      - {role: chair, since: 2024-06-01}\n",
        actor="test",
    )
    after = svc.tokens.caller(api.tokens["ben"])
    assert after is not None and after.roles == {"editor", "chair"}
    svc.settings_.caller_cache_seconds = 0
    assert svc.tokens.caller(api.tokens["ben"]) is not svc.tokens.caller(api.tokens["ben"])


async def test_unknown_member_token_is_refused(api):
    api.tokens["mallory"] = "jms_" + "x" * 43
    code, _ = await api.call("mallory", "GET", "me")
    assert code in (401, 403)


async def test_members_create_and_revoke_their_own_tokens(api):
    created = await api.ok("eve", "POST", "tokens", {"note": "laptop"})
    assert created["token"].startswith("jms_") and created["username"] == "eve"
    listed = await api.ok("eve", "GET", "tokens")
    assert "token" not in listed["items"][0]
    code, _ = await api.call("eve", "POST", "tokens", {"username": "ada"})
    assert code == 403
    other = await api.ok("dana", "POST", "tokens", {"username": "ada", "note": "by admin"})
    code, _ = await api.call("eve", "DELETE", f"tokens/{other['id']}")
    assert code == 404
    revoked = await api.ok("eve", "DELETE", f"tokens/{created['id']}")
    assert revoked["revoked_at"]
    api.tokens["eve2"] = created["token"]
    assert (await api.call("eve2", "GET", "me"))[0] in (401, 403)


async def test_token_rules_hold_in_the_service_for_every_front(api):
    """Who lists whose tokens, who creates them for whom, the note, and who revokes:
    the service applies them to its caller, so the HTTP handler and the CLI share them."""
    tokens = api.services.tokens
    eve = api.services.members.caller("eve")
    dana = api.services.members.caller("dana")
    before = api.count_events()
    for bad, field in (
        ({"note": "x" * 201}, "note"),
        ({"note": 5}, "note"),
        ({"username": 7}, "username"),
    ):
        code, err = await api.call("eve", "POST", "tokens", bad)
        assert (code, err["errors"][0]["field"]) == (400, field)
    assert api.count_events() == before
    _token, adas = tokens.create(dana, "ada", note="x" * 200)
    _token, eves = tokens.create(eve, note="mine")
    # A member lists only their own, even when naming another; an admin lists anyone's.
    assert {t["username"] for t in tokens.list(eve, "ada")} == {"eve"}
    assert {t["id"] for t in tokens.list(dana, "ada")} >= {adas["id"]}
    assert "ada" in {t["username"] for t in tokens.list(dana)}
    # Another member's token is not found by id or by prefix; a 20-digit id is not found.
    for ref in (adas["id"], adas["prefix"], "9" * 20, "\u00b2", "a\x00"):
        code, _ = await api.call("eve", "DELETE", f"tokens/{ref}")
        assert code == 404, ref
    assert tokens.list(dana, "ada")[-1]["revoked_at"] is None
    assert tokens.revoke(dana, adas["prefix"])["revoked_at"]
    assert tokens.revoke(eve, eves["id"])["revoked_at"]


def _jms(args, env):
    bindir = Path(sys.executable).parent
    return subprocess.run(
        [str(bindir / "jupyter"), "jms", *args], env=env, capture_output=True, text=True, check=True
    )


def test_jupyter_jms_serve_accepts_member_tokens_and_login(tmp_path):
    """The service mode end to end: roster, a token from the CLI, the API, the login page."""
    bindir = Path(sys.executable).parent
    env = {
        **os.environ,
        "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}",
        "JMS_DATABASE_URL": f"sqlite:///{tmp_path / 'jms.sqlite'}",
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_DATA_DIR": str(tmp_path / "data"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
    }
    _jms(["roster", "import", str(DATA / "demo-roster.yaml")], env)
    token = _jms(["token", "create", "ada"], env).stdout.strip().splitlines()[-1]
    root = tmp_path / "root"
    root.mkdir()
    port = free_port()
    proc = subprocess.Popen(
        [
            str(bindir / "jupyter"),
            "jms",
            "serve",
            f"--port={port}",
            "--no-browser",
            f"--ServerApp.root_dir={root}",
            # serve never runs as root on its own; this test says so when it is root
            *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:

        def answers() -> bool:
            try:
                urllib.request.urlopen(f"{base}/api/status", timeout=2).close()
            except urllib.error.HTTPError:
                pass  # the server answers (403 without a token)
            return True

        if not wait_for_server(answers, proc, timeout=60):
            raise AssertionError(proc.stderr.read() if proc.poll() is not None else "timeout")
        req = urllib.request.Request(
            f"{base}/jms/api/me", headers={"Authorization": f"token {token}"}
        )
        me = json.loads(urllib.request.urlopen(req, timeout=10).read())
        assert me["username"] == "ada" and "editor" in me["roles"]
        # a browser: paste the member token into the login page, then use the cookie
        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        opener.open(f"{base}/login", timeout=10).read()
        xsrf = next(c.value for c in jar if c.name == "_xsrf")
        form = urllib.parse.urlencode({"password": token, "_xsrf": xsrf}).encode()
        opener.open(f"{base}/login", data=form, timeout=10).read()
        me = json.loads(opener.open(f"{base}/jms/api/me", timeout=10).read())
        assert me["username"] == "ada"
        # revoking the token ends the browser session it opened: at once in this process,
        # within JmsApp.caller_cache_seconds (2 s by default) when revoked by another one
        _jms(["token", "revoke", token], env)
        time.sleep(2.1)
        with pytest.raises(urllib.error.HTTPError) as err:
            opener.open(f"{base}/jms/api/me", timeout=10)
        assert err.value.code in (401, 403)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
