"""jupyter_jms/openapi.yaml: a valid spec, in step with the routes, and true of live responses."""

from __future__ import annotations

import copy
import json
import re
from importlib.resources import files
from typing import Any

import pytest
import yaml
from conftest import CHECK_ALL, Api
from jsonschema import Draft202012Validator
from openapi_core import Config, OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from openapi_spec_validator import validate as validate_spec
from referencing import Registry, Resource

from jupyter_jms.handlers import routes

SPEC: dict[str, Any] = yaml.safe_load(files("jupyter_jms").joinpath("openapi.yaml").read_text())
METHODS = ("get", "post", "put", "patch", "delete")


def test_spec_is_valid_openapi():
    validate_spec(SPEC)
    tags = {t["name"] for t in SPEC["tags"]}
    for path, item in SPEC["paths"].items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            assert op.get("tags") and set(op["tags"]) <= tags, (method, path)
            assert op.get("operationId") and op.get("summary"), (method, path)


def test_spec_ships_inside_the_package():
    assert files("jupyter_jms").joinpath("openapi.yaml").is_file()


# -- routes <-> paths -------------------------------------------------------------------------
def _route_key(pattern: str) -> str:
    return "/" + re.sub(r"\([^)]*\)", "{}", pattern)


def _spec_key(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", path)


def _handler_methods(handler: type) -> set[str]:
    """HTTP methods a handler class implements itself (not tornado's 405 defaults)."""
    from tornado.web import RequestHandler

    out = set()
    for cls in handler.__mro__:
        if cls is RequestHandler or not cls.__module__.startswith("jupyter_jms"):
            continue
        out |= {m for m in METHODS if m in vars(cls)}
    return out


def test_every_route_is_in_the_spec_and_every_spec_path_is_served():
    served = {_route_key(p): _handler_methods(h) for p, h in routes()}
    described = {
        _spec_key(path): {m for m in METHODS if m in item} for path, item in SPEC["paths"].items()
    }
    assert sorted(set(served) - set(described)) == [], "routes missing from openapi.yaml"
    assert sorted(set(described) - set(served)) == [], "paths in openapi.yaml nobody serves"
    for key, methods in served.items():
        assert methods == described[key], key


# -- live responses ---------------------------------------------------------------------------
def _strict(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with allOf flattened and undeclared properties refused, for field drift."""
    spec = copy.deepcopy(spec)
    schemas = spec["components"]["schemas"]

    def resolve(node: dict[str, Any]) -> dict[str, Any]:
        if "$ref" in node:
            return resolve(schemas[node["$ref"].rsplit("/", 1)[1]])
        if "allOf" in node and all("properties" in resolve(p) for p in node["allOf"]):
            merged: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
            for part in node["allOf"]:
                part = resolve(part)
                merged["properties"].update(part.get("properties", {}))
                merged["required"] += part.get("required", [])
            return merged
        return node

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            if "allOf" in node:
                node = resolve(node)
            node = {k: walk(v) for k, v in node.items()}
            if "properties" in node and "additionalProperties" not in node:
                node["additionalProperties"] = False
            return node
        if isinstance(node, list):
            return [walk(x) for x in node]
        return node

    spec["components"]["schemas"] = {k: walk(v) for k, v in schemas.items()}
    spec["paths"] = walk(spec["paths"])
    return spec


STRICT = _strict(SPEC)
REGISTRY = Registry().with_resource("urn:jms-openapi", Resource.opaque(STRICT))


def _json(value: Any, **_params: Any) -> Any:
    """Media type deserializer that ignores parameters such as charset."""
    return json.loads(value)


OPENAPI = OpenAPI.from_dict(
    SPEC, config=Config(extra_media_type_deserializers={"application/x-ipynb+json": _json})
)


def _strict_schema(method: str, template: str, code: int, content_type: str) -> dict[str, Any]:
    responses = STRICT["paths"][template][method]["responses"]
    resp = responses[str(code)]
    if "$ref" in resp:
        resp = STRICT["components"]["responses"][resp["$ref"].rsplit("/", 1)[1]]
    schema = resp["content"][content_type]["schema"]
    return json.loads(json.dumps(schema).replace('"#/', '"urn:jms-openapi#/'))


def _template(path: str) -> str:
    # A literal segment wins over a placeholder (channels/preferred before channels/{id}).
    for template in sorted(SPEC["paths"], key=lambda t: t.count("{")):
        regex = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(regex, "/" + path):
            return template
    raise AssertionError(f"no path in openapi.yaml for /{path}")


class Checked(Api):
    """Calls the API like ``Api`` and checks every response against openapi.yaml."""

    def __init__(self, api: Api) -> None:
        super().__init__(api.fetch, api.tokens, api.services, api.root)
        self.seen: set[tuple[str, str, int]] = set()

    async def call(
        self, user: str | None, method: str, path: str, body: Any = None, **kw: Any
    ) -> tuple[int, Any]:
        resp, data = await self.send(user, method, path, body, **kw)
        params = kw.get("params")
        content_type = resp.headers.get("Content-Type", "")
        request = MockRequest(
            "http://localhost", method, f"/jms/api/{path}", args=params, data=data
        )
        response = MockResponse(
            resp.body, status_code=resp.code, headers=dict(resp.headers), content_type=content_type
        )
        OPENAPI.validate_response(request, response)
        template = _template(path)
        media = content_type.split(";")[0].strip()
        decoded = json.loads(resp.body) if resp.body else None
        schema = _strict_schema(method.lower(), template, resp.code, media)
        errors = list(Draft202012Validator(schema, registry=REGISTRY).iter_errors(decoded))
        assert not errors, (method, path, resp.code, [e.message for e in errors])
        self.seen.add((method, template, resp.code))
        return resp.code, decoded


async def test_live_workflow_responses_match_the_spec(api):
    c = Checked(api)
    assert (await c.ok("ada", "GET", "version"))["version"]
    me = await c.ok("carla", "GET", "me")
    assert me["roles"] == ["council"] and me["member"] is True
    await c.ok("eve", "GET", "members")
    await c.ok("eve", "GET", "members/ada")
    assert (await c.call("eve", "GET", "members/nobody"))[0] == 404
    await c.ok("eve", "GET", "channels")

    created = await c.ok("eve", "POST", "tokens", {"note": "laptop"})
    assert created["token"].startswith("jms_")
    listed = await c.ok("eve", "GET", "tokens")
    assert created["id"] in [t["id"] for t in listed["items"]]
    revoked = await c.ok("eve", "DELETE", f"tokens/{created['id']}")
    assert revoked["revoked_at"] is not None

    api.write_post("posts/a.ipynb", authors=["eve"], channels=["blog", "mastodon"])
    api.write_post("posts/b.ipynb", language="es", body="Hola " * 40)
    api.write_post("posts/c.ipynb", title="Withdrawn soon")
    a = await c.ok("eve", "POST", "drafts", {"path": "posts/a.ipynb"})
    b = await c.ok("eve", "POST", "drafts", {"path": "posts/b.ipynb"})
    w = await c.ok("eve", "POST", "drafts", {"path": "posts/c.ipynb"})

    page = await c.ok("ada", "GET", "drafts", params={"limit": "2"})
    assert page["total"] == 3 and page["next"]
    rest = await c.ok("ada", "GET", "drafts", params={"limit": "2", "cursor": page["next"]})
    assert rest["next"] is None and len(rest["items"]) == 1
    await c.ok("eve", "GET", "drafts", params={"state": "submitted", "q": "post"})

    full = await c.ok("ada", "GET", f"drafts/{a['id']}")
    assert full["allowed_actions"]
    code, nb = await c.call("ada", "GET", f"drafts/{a['id']}/revisions/1")
    assert code == 200 and nb["nbformat"] == 4
    cell = nb["cells"][0]["id"]
    await c.ok("ada", "POST", f"drafts/{a['id']}/comments", {"body": "Nice.", "cell_id": cell})
    await c.ok(
        "ada",
        "POST",
        f"drafts/{a['id']}/reviews",
        {"revision": 1, "verdict": "request_changes", "checklist": {}, "comment": "More."},
    )
    api.edit_post("posts/a.ipynb", "A post about JupyterLab 5")
    await c.ok("eve", "POST", f"drafts/{a['id']}/revisions", {})
    diff = await c.ok("ada", "GET", f"drafts/{a['id']}/revisions/2/diff", params={"from": "1"})
    assert diff["cells"][0]["status"] == "modified"
    review = await c.approve("ada", a["id"], 2)
    assert review["state"] == "approved"
    await c.approve("ada", b["id"])
    vet = await c.ok("carla", "POST", f"drafts/{b['id']}/vettings",
                     {"revision": 1, "language": "es", "verdict": "approve"})  # fmt: skip
    assert vet["state"] == "approved"

    sched = await c.ok("ada", "POST", f"drafts/{a['id']}/transitions",
                       {"to": "scheduled", "if_version": review["version"],
                        "publish_at": "2030-01-01T10:00:00Z"})  # fmt: skip
    pub = await c.ok("dana", "POST", f"drafts/{a['id']}/transitions",
                     {"to": "published", "if_version": sched["version"],
                      "publications": [{"channel": "blog", "url": "https://blog.jupyter.org/x"}]})  # fmt: skip
    assert pub["state"] == "published"
    await c.ok("eve", "POST", f"drafts/{w['id']}/transitions",
               {"to": "withdrawn", "if_version": w["version"]})  # fmt: skip
    detail = await c.ok("eve", "GET", f"drafts/{a['id']}")
    assert detail["publications"] and detail["history"] and detail["comments"]
    detail_b = await c.ok("ada", "GET", f"drafts/{b['id']}")
    assert detail_b["vettings"][0]["vetter"] == "carla"

    events = await c.ok("dana", "GET", "events", params={"limit": "5"})
    more = await c.ok("dana", "GET", "events", params={"since": events["last"]})
    assert more["items"] and int(more["items"][0]["id"]) > int(events["last"])

    # the error side of the same endpoints
    assert (await c.call("eve", "POST", "drafts", raw=b"{not json"))[0] == 400
    api.write_post("posts/bad.ipynb", subtitle="x" * 200)
    code, err = await c.call("eve", "POST", "drafts", {"path": "posts/bad.ipynb"})
    assert code == 400 and err["errors"]
    assert (await c.call("eve", "GET", "drafts", params={"limit": "0"}))[0] == 400
    assert (await c.call("eve", "GET", "events"))[0] == 403
    assert (await c.call(None, "GET", "drafts"))[0] in (401, 403)
    code, _ = await c.call("eve", "POST", f"drafts/{b['id']}/reviews",
                           {"revision": 1, "verdict": "approve", "checklist": CHECK_ALL})  # fmt: skip
    assert code == 403
    assert (await c.call("ada", "GET", "drafts/999"))[0] == 404
    assert (await c.call("ada", "GET", f"drafts/{a['id']}/revisions/9"))[0] == 404
    code, err = await c.call("ada", "POST", f"drafts/{b['id']}/transitions",
                             {"to": "scheduled", "if_version": 1,
                              "publish_at": "2030-01-01T10:00:00Z"})  # fmt: skip
    assert code == 409 and err["reason"] == "stale_version"
    assert (await c.call("eve", "POST", "drafts", {"path": "posts/b.ipynb"}))[0] == 409

    codes = {code for _, _, code in c.seen}
    assert {200, 201, 400, 403, 404, 409} <= codes


@pytest.mark.parametrize("jms_config", [{"max_body_bytes": 2000}])
async def test_too_large_responses_match_the_spec(api, jms_config):
    c = Checked(api)
    code, err = await c.call("eve", "POST", "drafts", {"path": "x" * 5000 + ".ipynb"})
    assert code == 413 and err["reason"] == "too_large"
