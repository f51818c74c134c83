"""The authorization matrix over the whole server: on a service configured as ``jupyter jms
serve`` configures it, a member token opens the JMS API and nothing else; the operator's own
token keeps the rest; anonymous callers are refused or sent to the login page as before.

The server runs every server extension the environment installs (JupyterLab, terminals,
nbdime, jupyter_lsp; notebook_shim adds no route), and the routes a member is checked against
are read from its router (``server_routes.py``), so a route any of them adds later is checked too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jupyter_core.utils import ensure_async
from server_routes import server_routes
from tornado.httpclient import HTTPRequest, HTTPResponse
from tornado.simple_httpclient import HTTPStreamClosedError, HTTPTimeoutError
from traitlets.config import Config

from jupyter_jms.cli import serve_config

MEMBERS = {"author": "eve", "editor": "ada", "admin": "dana"}
WRITE = json.dumps({"type": "file", "format": "text", "content": "the operator's"})

# The routes of the Jupyter server a member token may open besides the JMS API (``jms/api/``,
# whose own authorization matrices say who may do what there), each with why. Exact handler
# classes: a new static or page handler from an extension is a new route to weigh, not a
# silent exception.
PUBLIC_ROUTES = {
    # where a member pastes their token, and signs out again
    "jupyter_server.auth.login.LoginFormHandler": "the login page",
    "jupyter_server.auth.logout.LogoutHandler": "the logout page",
    # the landing page tells a member how to connect their own server; it holds no data
    "jupyter_jms.handlers.landing.LandingHandler": "the JMS landing page",
    # assets shipped with the installed packages (the login page's CSS, favicons, Lab's
    # bundles and themes, robots.txt): the same for everyone, none of the operator's data
    "jupyter_server.base.handlers.FileFindHandler": "static assets",
    "jupyter_server.base.handlers.PublicStaticFileHandler": "robots.txt and favicon.ico",
    "jupyterlab_server.themes_handler.ThemesHandler": "Lab's theme assets",
    # ``<path>/`` is sent on to ``<path>`` (302) without reading anything; what answers there
    # is a route of its own, checked here. Its POST and PUT fail tornado's XSRF check (403).
    "jupyter_server.base.handlers.TrailingSlashHandler": "the trailing-slash redirect",
}
# Handlers that never finish the response to a refused request: jupyterlab_server's
# LicensesHandler overrides ``finish`` with a required argument that ``write_error`` does not
# pass, so its 403 raises in the error path and the request hangs (an upstream bug). The
# handler's own code never ran, so a timeout there counts as refused; anywhere else it fails.
HANGS_WHEN_REFUSED = {"jupyterlab_server.licenses_handler.LicensesHandler"}
REFUSAL = "A member token opens only the JMS API."


def _refused(resp: Any, route: Any) -> bool:
    """403, with the lock's own sentence wherever the answer is not an HTML page (APIs
    answer JSON, nbdime plain text). A page's 403 is jupyter_server's HTML error page, which
    does not carry the sentence: its code is what is checked there. 401, 404 or 405 would not
    do: the lock answers in ``prepare``, before any handler method runs, so anything but 403
    means something other than the lock answered (and a 404 would tell a member whether the
    object behind the path exists)."""
    if resp.code == 599:
        return route.name in HANGS_WHEN_REFUSED
    if resp.code != 403:
        return False
    if resp.body and "html" not in resp.headers.get("Content-Type", ""):
        return REFUSAL in resp.body.decode(errors="replace")
    return True


# What jupyter_server itself opens to anyone without signing in (the service changes none of
# it): its version at ``/api``, the plain page at the base URL, the old notebooks API's
# redirect to the contents API (which then refuses), and the 404 page for unknown paths.
ANONYMOUS_OPEN = {
    "jupyter_server.base.handlers.APIVersionHandler": 200,
    "jupyter_server.base.handlers.MainHandler": 200,
    "jupyter_server.services.contents.handlers.NotebooksRedirectHandler": 302,
    "jupyter_server.base.handlers.Template404": 404,
}

# Request bodies that would do real harm if a member got through (so the before/after state
# comparison would catch it); other writes send ``{}``. Keyed by method and path after the
# base URL.
BODIES = {
    ("POST", "api/kernels"): json.dumps({"name": "python3"}),
    ("POST", "api/contents"): json.dumps({"copy_from": "x.txt"}),
    ("PUT", "api/contents/x.txt"): WRITE,
    ("PATCH", "api/contents/x.txt"): json.dumps({"path": "moved.txt"}),
    ("POST", "api/sessions"): json.dumps(
        {"path": "s.ipynb", "type": "notebook", "kernel": {"name": "python3"}}
    ),
    ("POST", "api/events"): json.dumps({"schema_id": "x", "data": {}}),
    ("POST", "nbdime/api/diff"): json.dumps({"base": "x.txt"}),
    ("POST", "nbdime/api/isgit"): json.dumps({"path": "x.txt"}),
}

# A few of the server's own routes, for the anonymous caller and a member's cookie.
SERVER_PATHS = ["lab", "api/contents", "api/kernels", "lab/api/settings", "files/x.txt"]

# What the operator's token still gets on the same server (status, or a set of statuses).
OPERATOR_ROWS = [
    ("GET", "api/kernels", None, 200),
    ("GET", "api/terminals", None, 200),
    ("GET", "api/contents", None, 200),
    ("GET", "api/contents/x.txt", None, 200),
    ("GET", "files/x.txt", None, 200),
    ("GET", "api/sessions", None, 200),
    ("GET", "api/kernelspecs", None, 200),
    ("GET", "api/status", None, 200),
    ("GET", "api/me", None, 200),
    ("GET", "lab", None, 200),
    ("GET", "lab/api/settings", None, 200),
    ("GET", "lab/api/workspaces", None, 200),
    ("PUT", "api/contents/y.txt", WRITE, 201),
    ("GET", "jms/api/me", None, 200),
]


@pytest.fixture
def jp_server_config(db_url: str, jp_root_dir: Path) -> Config:
    """``jupyter jms serve``'s own configuration, with every server extension the
    environment installs (``jupyter server extension list``) loaded."""
    config = serve_config(str(jp_root_dir))
    config["ServerApp"]["jpserver_extensions"] = {  # type: ignore[assignment]
        "jupyter_jms": True,
        "jupyterlab": True,
        "jupyter_server_terminals": True,
        "nbdime": True,
        "jupyter_lsp": True,
        # notebook_shim, also installed, adds no route (it maps the classic notebook's
        # config), and loading it patches jupyter_server's ExtensionManager for the whole
        # process, which breaks every later test server that does not load it.
    }
    config["JmsApp"]["database_url"] = db_url
    return Config(config)


async def _send(jp_fetch: Any, token: str | None, method: str, path: str, body: Any, **kw: Any):
    headers = {"Authorization": f"token {token}" if token else ""}
    headers.update(kw.pop("headers", {}))
    return await jp_fetch(
        *path.split("/"),
        method=method,
        body=body,
        headers=headers,
        raise_error=False,
        follow_redirects=False,
        **kw,
    )


async def _operator_objects(jp_serverapp: Any, root: Path) -> dict[str, str]:
    """A file, a checkpoint of it, a kernel, a session on that kernel and a terminal, all
    the operator's: the values the routes' path groups are filled with, so a member's
    request aims at something real."""
    (root / "x.txt").write_text("the operator's file")
    contents = jp_serverapp.contents_manager
    checkpoint = await ensure_async(contents.create_checkpoint("x.txt"))
    kernel_id = await ensure_async(jp_serverapp.kernel_manager.start_kernel())
    session = await jp_serverapp.session_manager.create_session(
        path="x.ipynb", type="notebook", kernel_id=kernel_id
    )
    jp_serverapp.web_app.settings["terminal_manager"].create()
    return {
        "path": "/x.txt",
        "checkpoint_id": checkpoint["id"],
        "kernel_id": kernel_id,
        "session_id": session["id"],
        "kernel_name": "python3",
        "section_name": "notebook",
        "format": "html",
        "schema_name": "@jupyterlab/apputils-extension:themes",
        "space_name": "default",
        "locale": "en",
        "language_server": "pylsp",
    }


async def _state(jp_serverapp: Any, root: Path) -> dict[str, Any]:
    """What a refused request must leave alone: files (checkpoints too), kernels and their
    processes (a restart changes it), sessions, terminals."""
    terminals = jp_serverapp.web_app.settings.get("terminal_manager")
    km = jp_serverapp.kernel_manager
    return {
        "files": sorted(
            (str(p.relative_to(root)), p.read_bytes()) for p in root.rglob("*") if p.is_file()
        ),
        "kernels": {
            k: getattr(km.get_kernel(k).provisioner, "pid", None) for k in km.list_kernel_ids()
        },
        "sessions": sorted(s["id"] for s in await jp_serverapp.session_manager.list_sessions()),
        "terminals": sorted(terminals.terminals) if terminals else [],
    }


async def _hit(client: Any, token: str | None, method: str, path: str, base: str) -> Any:
    """One request as the member (None: anonymous); 599: no answer in time."""
    body = None
    if method in ("POST", "PUT", "PATCH"):
        body = BODIES.get((method, path[len(base) :]), "{}")
    try:
        return await client.fetch(
            path,
            method=method,
            body=body,
            headers={"Authorization": f"token {token}" if token else ""},
            raise_error=False,
            follow_redirects=False,
            request_timeout=5,
        )
    except (HTTPTimeoutError, HTTPStreamClosedError):
        return HTTPResponse(HTTPRequest(path, method), 599)


@pytest.mark.parametrize("part", list(MEMBERS))
async def test_a_member_token_opens_nothing_but_the_jms_api(
    part, api, jp_fetch, jp_serverapp, jp_root_dir, jp_base_url, http_server_client
):
    """Every route the server's router holds, outside the JMS API and the public pages,
    refuses a member token for every method its handler serves, at every sample path."""
    root = Path(jp_root_dir)
    samples = await _operator_objects(jp_serverapp, root)
    token = api.tokens[MEMBERS[part]]
    routes = server_routes(jp_serverapp.web_app, samples)
    jms_api = jp_base_url + "jms/api/"
    before = await _state(jp_serverapp, root)
    not_refused, public, checked = [], {}, 0
    for route in routes:
        if route.paths[0].startswith(jms_api):
            continue
        if route.name in PUBLIC_ROUTES:
            hit = await _hit(http_server_client, token, "GET", route.paths[0], jp_base_url)
            public[route.name] = hit.code
            continue
        for method in route.methods or ("GET",):  # no method of its own: GET, as a browser
            for path in route.paths:
                resp = await _hit(http_server_client, token, method, path, jp_base_url)
                checked += 1
                if not _refused(resp, route):
                    not_refused.append((method, path, resp.code, route.name))
    assert not_refused == [], "\n".join(map(str, not_refused))
    assert checked > 100, checked  # the router was read, not an empty list
    # every public route still answers a member (a stale entry here would hide nothing, but
    # would no longer say what the service is)
    assert sorted(public) == sorted(PUBLIC_ROUTES)
    assert 403 not in public.values(), public
    assert await _state(jp_serverapp, root) == before

    # The JMS API still answers the same token: who they are, the page, their drafts, a submit.
    me = await _send(jp_fetch, token, "GET", "jms/api/me", None)
    assert me.code == 200 and json.loads(me.body)["username"] == MEMBERS[part]
    page = await _send(jp_fetch, token, "GET", "jms/api/page", None, params={"format": "html"})
    assert page.code == 200
    assert (await _send(jp_fetch, token, "GET", "jms/api/drafts", None)).code == 200
    api.write_post(f"posts/{part}.ipynb", authors=[MEMBERS[part]])
    code, draft = await api.call(MEMBERS[part], "POST", "drafts", {"path": f"posts/{part}.ipynb"})
    assert code == 201, draft


async def test_a_member_cookie_is_held_to_the_same_rule(api, jp_fetch):
    """A browser signed in with a member token gets the same 403 outside the JMS API."""
    resp = await _send(jp_fetch, api.tokens["eve"], "GET", "jms/api/me", None)
    cookie = "; ".join(
        c.split(";", 1)[0] for c in resp.headers.get_list("Set-Cookie") if "username" in c
    )
    assert cookie, resp.headers
    jms = await _send(jp_fetch, None, "GET", "jms/api/me", None, headers={"Cookie": cookie})
    assert jms.code == 200 and json.loads(jms.body)["username"] == "eve"
    for path in SERVER_PATHS:
        resp = await _send(jp_fetch, None, "GET", path, None, headers={"Cookie": cookie})
        assert resp.code == 403, path


async def test_the_operator_token_keeps_the_whole_server(
    api, jp_fetch, jp_root_dir, jp_auth_header
):
    (Path(jp_root_dir) / "x.txt").write_text("the operator's file")
    token = jp_auth_header["Authorization"].split()[1]
    got = {}
    for method, path, body, _ in OPERATOR_ROWS:
        got[(method, path)] = (await _send(jp_fetch, token, method, path, body)).code
    assert got == {(m, p): code for m, p, _, code in OPERATOR_ROWS}
    # and a terminal, which it then closes
    resp = await _send(jp_fetch, token, "POST", "api/terminals", "{}")
    assert resp.code == 200
    name = json.loads(resp.body)["name"]
    assert (await _send(jp_fetch, token, "DELETE", f"api/terminals/{name}", None)).code == 204


async def test_anonymous_callers_are_refused_or_sent_to_sign_in(
    api, jp_fetch, jp_serverapp, jp_root_dir, jp_base_url, http_server_client
):
    """The same routes, without any token: a refusal, or for a page the way to sign in."""
    root = Path(jp_root_dir)
    samples = await _operator_objects(jp_serverapp, root)
    before = await _state(jp_serverapp, root)
    not_refused = []
    for route in server_routes(jp_serverapp.web_app, samples):
        if route.paths[0].startswith(jp_base_url + "jms/api/") or route.name in PUBLIC_ROUTES:
            continue
        for method in route.methods or ("GET",):
            for path in route.paths:
                resp = await _hit(http_server_client, None, method, path, jp_base_url)
                to_login = resp.code == 302 and "/login" in resp.headers.get("Location", "")
                hung = resp.code == 599 and route.name in HANGS_WHEN_REFUSED
                # a CORS preflight answers with headers only, to anyone, as upstream
                preflight = method == "OPTIONS" and resp.code in (200, 204) and not resp.body
                upstream = ANONYMOUS_OPEN.get(route.name) == resp.code and method == "GET"
                if not (resp.code == 403 or to_login or hung or preflight or upstream):
                    not_refused.append((method, path, resp.code, route.name))
    assert not_refused == [], "\n".join(map(str, not_refused))
    assert await _state(jp_serverapp, root) == before
    assert (await _send(jp_fetch, None, "GET", "jms/api/me", None)).code == 403


@pytest.mark.parametrize("who", ["anonymous", "author", "operator"])
async def test_the_landing_page_and_the_login_page_are_open(who, api, jp_fetch, jp_auth_header):
    token = {
        "anonymous": None,
        "author": api.tokens["eve"],
        "operator": jp_auth_header["Authorization"].split()[1],
    }[who]
    resp = await _send(jp_fetch, token, "GET", "jms/", None)
    assert resp.code == 200
    html = resp.body.decode()
    for words in (
        "jupyter jms connect",
        "c.JmsApp.service_url",
        "c.JmsApp.service_token",
        "JMS_SERVICE_URL",
        "jms/api/page",
    ):
        assert words in html, words
    login = await _send(jp_fetch, token, "GET", "login", None)
    assert login.code in (200, 302)
    if login.code == 302:  # already signed in: sent on, not to a refusal
        assert "/login" not in login.headers["Location"]
    # the login page's own assets, and signing out
    assert (await _send(jp_fetch, token, "GET", "static/favicons/favicon.ico", None)).code == 200
    assert (await _send(jp_fetch, token, "GET", "logout", None)).code == 200
