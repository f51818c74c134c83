"""A seeded fuzz pass over every operation in openapi.yaml against a live server: path
parameters, query parameters and JSON bodies built from the spec and then broken (64-bit
overflows, unicode digits, NUL, lone surrogates, wrong types), sent as an admin and as a
plain author. No request may get a 5xx.

The generator is written here rather than taken from schemathesis because the server runs
on the test's own event loop (pytest-jupyter), where a synchronous HTTP client would block
it; a small generator driven by the same spec keeps the pass deterministic and bounded.
"""

from __future__ import annotations

import json
import random
import re
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml
from conftest import CHECK_ALL

SPEC = yaml.safe_load(
    (Path(__file__).resolve().parent.parent / "jupyter_jms" / "openapi.yaml").read_text()
)
METHODS = ("get", "post", "put", "patch", "delete")
SEED = 20261206
ROUNDS = 20  # requests per operation and caller
USERS = ("dana", "eve")  # an admin and chair, and a plain author

# Values that have broken parsers before: past 64 bits, unicode digits, NUL, surrogates.
NASTY_STRINGS = [
    "100000000000000000000",
    "9223372036854775808",
    "-1",
    "0",
    "²",
    "٣",
    "1.5",
    "true",
    "",
    " ",
    "a\x00b",
    "a\ud800b",
    "\udfff",
    "x" * 2000,
    "9999-12-31",
    "0001-01-01T00:00:00Z",
    "null",
    "{}",
]
NASTY_VALUES: list[Any] = [
    None,
    True,
    1.5,
    -1,
    0,
    10**20,
    2**63,
    {},
    [],
    [{}],
    {"a": {"b": []}},
    *NASTY_STRINGS,
]
NASTY_PATH = [
    "100000000000000000000",
    "9223372036854775808",
    "²",
    "٣",
    "a\x00b",
    "-1",
    "0",
    "true",
    "x" * 300,
    "%ED%A0%80",  # a lone surrogate, percent-encoded
]


def resolve(node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = SPEC
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def operations() -> list[tuple[str, str, dict[str, Any], list[dict[str, Any]]]]:
    """Every (path, method, operation, parameters) in the spec."""
    out = []
    for path, item in SPEC["paths"].items():
        shared = [resolve(p) for p in item.get("parameters", [])]
        for method in METHODS:
            if method in item:
                op = item[method]
                params = shared + [resolve(p) for p in op.get("parameters", [])]
                out.append((path, method.upper(), op, params))
    return out


class Gen:
    """Values from a schema, often valid, often broken on purpose."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def nasty(self) -> Any:
        return self.rng.choice(NASTY_VALUES)

    def value(self, schema: Any, depth: int = 0) -> Any:
        schema = resolve(schema) or {}
        if self.rng.random() < 0.25 or depth > 4:
            return self.nasty()
        for key in ("oneOf", "anyOf"):
            if key in schema:
                return self.value(self.rng.choice(schema[key]), depth + 1)
        if "allOf" in schema:
            merged: dict[str, Any] = {}
            for part in schema["allOf"]:
                part = resolve(part)
                merged.setdefault("properties", {}).update(part.get("properties", {}))
            schema = {**schema, **merged, "type": "object"}
        if "enum" in schema:
            return self.rng.choice(schema["enum"])
        if "const" in schema:
            return schema["const"]
        kind = schema.get("type")
        if isinstance(kind, list):
            kind = self.rng.choice(kind)
        if kind == "object" or "properties" in schema:
            return self.obj(schema, depth)
        if kind == "array":
            return [
                self.value(schema.get("items", {}), depth + 1)
                for _ in range(self.rng.randint(0, 3))
            ]
        if kind == "integer":
            return self.rng.choice([1, 2, 7, 2024, self.rng.randint(-5, 10**6)])
        if kind == "number":
            return self.rng.choice([0.5, 1, 2.0])
        if kind == "boolean":
            return self.rng.choice([True, False])
        if kind == "string":
            fmt = schema.get("format")
            if fmt == "date-time":
                return self.rng.choice(["2024-03-05T17:00:00Z", "2024-03-05T17:00"])
            if fmt == "date":
                return self.rng.choice(["2024-12-31", "2024-02-29"])
            return self.rng.choice(["x", "ada", "mastodon", "Hello", "viewer", "1"])
        return self.nasty()

    def obj(self, schema: dict[str, Any], depth: int) -> dict[str, Any]:
        props = schema.get("properties", {})
        required = set(schema.get("required", []))
        out: dict[str, Any] = {}
        for name, sub in props.items():
            if name in required or self.rng.random() < 0.5:
                out[name] = self.value(sub, depth + 1)
        if self.rng.random() < 0.15:
            out[self.rng.choice(["\ud800", "a\x00", "extra"])] = self.nasty()
        return out

    def path_value(self, name: str, good: dict[str, str]) -> str:
        if name in good and self.rng.random() < 0.5:
            return good[name]
        bad = self.rng.choice(NASTY_PATH)
        return bad if bad.startswith("%") else quote(bad, safe="")

    def query_value(self, schema: Any) -> str:
        if self.rng.random() < 0.5:
            return self.rng.choice(NASTY_STRINGS).replace("\ud800", "").replace("\udfff", "")
        v = self.value(schema)
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, str):
            return v.replace("\ud800", "").replace("\udfff", "")
        return json.dumps(v)


async def world(api: Any) -> dict[str, str]:
    """Real objects, so that valid path values reach deep into the services."""
    draft = await api.submit()
    await api.ok("ben", "POST", f"drafts/{draft['id']}/comments", {"body": "Fine."})
    await api.approve("ada", draft["id"])
    grant = await api.ok(
        "dana",
        "POST",
        "channels/mastodon/grants",
        {"username": "ada", "access": "viewer", "reason": "r"},
    )
    decision = await api.ok("dana", "POST", "decisions", {"title": "A proposal"})
    series = await api.ok(
        "dana",
        "POST",
        "meetings/series",
        {"title": "Sync", "rrule": "FREQ=WEEKLY", "tz": "UTC", "dtstart": "2024-02-20T17:00"},
    )
    occ = await api.ok(
        "ada",
        "GET",
        "meetings/occurrences",
        params={"from": "2024-02-01T00:00:00Z", "to": "2024-04-01T00:00:00Z"},
    )
    me = await api.ok("dana", "GET", "members/ada")
    roles = me.get("role_intervals") or [{"id": "1"}]
    assert CHECK_ALL
    return {
        "draft_id": str(draft["id"]),
        "n": "1",
        "channel_id": "mastodon",
        "grant_id": str(grant["id"]),
        "username": "ada",
        "role_id": str(roles[0].get("id", "1")),
        "decision_id": str(decision["id"]),
        "series_id": str(series["id"]),
        "occurrence_id": occ["items"][0]["id"],
        "token_id": "1",
        "run_id": "1",
        "filename": "report.html",
        "name": "publication",
    }


def _send_path(template: str, values: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], template).lstrip("/")


async def test_no_operation_in_the_spec_gets_a_5xx(api: Any):
    good = await world(api)
    rng = random.Random(SEED)
    gen = Gen(rng)
    exercised: set[tuple[str, str]] = set()
    failures: list[str] = []
    started = time.monotonic()
    sent = 0
    codes: dict[int, int] = {}
    undocumented: set[tuple[str, str, int]] = set()
    for template, method, op, params in operations():
        body_schema = (
            op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
        )
        for user in USERS:
            for _ in range(ROUNDS):
                values = {
                    p["name"]: gen.path_value(p["name"], good)
                    for p in params
                    if p.get("in") == "path"
                }
                query = {
                    p["name"]: gen.query_value(p.get("schema", {}))
                    for p in params
                    if p.get("in") == "query" and rng.random() < 0.7
                }
                raw = None
                body = None
                if method in ("POST", "PUT", "PATCH"):
                    if body_schema is not None and rng.random() < 0.85:
                        body = gen.value(body_schema)
                        if template == "/reports/{name}/runs" and isinstance(body, dict):
                            # a valid run would start a notebook process: keep it refused
                            body["parameters"] = {"months": "²"}
                    else:
                        raw = rng.choice([b"", b"[]", b"{", b'"x"', b'{"a": "\\ud800"}'])
                    raw = raw if raw is not None else json.dumps(body).encode()
                path = _send_path(template, values)
                code, data = await api.call(user, method, path, None, params=query, raw=raw)
                sent += 1
                codes[code] = codes.get(code, 0) + 1
                exercised.add((template, method))
                if str(code) not in op.get("responses", {}) and code != 405:
                    undocumented.add((template, method, code))
                if code >= 500:
                    failures.append(
                        f"{user} {method} {path[:80]} {query!r:.120} {raw!r:.200} -> {code}"
                    )
    elapsed = time.monotonic() - started
    print(f"fuzz: {sent} requests in {elapsed:.1f} s; statuses {sorted(codes.items())}")
    assert not failures, f"{len(failures)} requests got a 5xx:\n" + "\n".join(failures[:30])
    assert exercised == {(p, m) for p, m, _, _ in operations()}
    # what the server answered is what the spec lists for that operation
    assert not undocumented, "statuses the spec does not list:\n" + "\n".join(
        f"{m} {p}: {c}" for p, m, c in sorted(undocumented)
    )


def test_the_fuzz_covers_every_operation_in_the_spec():
    """Every operation the spec lists is one the pass above sends requests to, and none is
    skipped: the list comes from the spec itself, so a new path is fuzzed as soon as it is
    documented (tests/test_openapi.py keeps the spec and the routes in step)."""
    ops = operations()
    assert len(ops) == len({(p, m) for p, m, _, _ in ops})
    assert len(ops) >= 60
    assert {m for _, m, _, _ in ops} <= {"GET", "POST", "PUT", "PATCH", "DELETE"}
