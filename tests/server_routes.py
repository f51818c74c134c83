"""Every route a running Jupyter server answers, read from its tornado router, with the
methods its handler serves and concrete paths that reach it.

The service-lock tests use this instead of a hand-kept list, so a route added by any server
extension (or a new jupyter_server) is checked the day it appears. A route this module cannot
turn into a request (a matcher other than a path, a host-specific rule, a regex it cannot
fill) fails loudly rather than being skipped.
"""

from __future__ import annotations

import itertools
import re
import re._constants as sre  # the parser's opcodes, to fill a route's regex with a path
import re._parser as sre_parse
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from tornado.routing import AnyMatches, HostMatches, PathMatches, Rule, RuleRouter
from tornado.web import RequestHandler

# Several variants of one route (optional parts, alternatives like ``lab|doc``) are all sent,
# up to this many per route.
MAX_VARIANTS = 8
# What an unnamed ``.*`` / ``.+`` group is filled with: a file the operator owns.
ANY_TEXT = "x.txt"
# Characters tried, in order, for one place of a character class: digits first, so ``\w+``
# gives ``1``, the name of the first terminal.
CLASS_CHARS = "1xa_-.%"


@dataclass(frozen=True)
class Route:
    pattern: str  # the rule's regex as the router holds it (base URL included)
    handler: type[RequestHandler]
    methods: tuple[str, ...]
    paths: tuple[str, ...]  # raw request paths that the router sends to this rule

    @property
    def name(self) -> str:
        return f"{self.handler.__module__}.{self.handler.__qualname__}"


def served_methods(handler: type[RequestHandler]) -> tuple[str, ...]:
    """The HTTP methods the handler implements itself (tornado's defaults answer 405)."""
    return tuple(
        m
        for m in handler.SUPPORTED_METHODS
        if getattr(handler, m.lower(), None) is not getattr(RequestHandler, m.lower())
    )


def _rules(router: RuleRouter) -> Iterator[Rule]:
    """The leaf rules in the order the router tries them."""
    for rule in router.rules:
        if isinstance(rule.target, RuleRouter):
            matcher = rule.matcher
            ok = isinstance(matcher, AnyMatches) or (
                isinstance(matcher, HostMatches) and matcher.host_pattern.pattern == ".*$"
            )
            assert ok, f"a host-specific router {matcher!r}: send its Host in these tests"
            yield from _rules(rule.target)
        else:
            assert isinstance(rule.target, type) and issubclass(rule.target, RequestHandler), (
                f"a route to {rule.target!r}, not a handler: teach server_routes to reach it"
            )
            assert isinstance(rule.matcher, PathMatches), f"{rule.matcher!r} is not a path"
            yield rule


def _class_char(items: list[Any]) -> str:
    negate = bool(items) and items[0][0] is sre.NEGATE

    def member(c: str) -> bool:
        for op, av in items:
            if op is sre.LITERAL and c == chr(av):
                return True
            if op is sre.RANGE and av[0] <= ord(c) <= av[1]:
                return True
            if op is sre.CATEGORY:
                if av is sre.CATEGORY_DIGIT and c.isdigit():
                    return True
                if av is sre.CATEGORY_WORD and (c.isalnum() or c == "_"):
                    return True
        return False

    for c in CLASS_CHARS:
        if member(c) != negate:
            return c
    raise AssertionError(f"no sample character for the class {items!r}")


def _fill(parsed: Any, names: Mapping[int, str], samples: Mapping[str, str]) -> list[str]:
    """Strings the parsed regex matches: each alternative and each optional part both ways,
    named groups with a sample filled with it."""
    variants = [""]
    for op, av in parsed:
        if op is sre.LITERAL:
            options = [chr(av)]
        elif op is sre.NOT_LITERAL:
            options = ["x" if chr(av) != "x" else "y"]
        elif op is sre.ANY:
            options = ["."]  # an unescaped dot most often stands for itself (``spec.yaml``)
        elif op is sre.IN:
            options = [_class_char(av)]
        elif op is sre.AT:
            options = [""]
        elif op is sre.BRANCH:
            options = [v for branch in av[1] for v in _fill(branch, names, samples)]
        elif op is sre.SUBPATTERN:
            group, _, _, sub = av
            name = names.get(group) if group else None
            options = [samples[name]] if name in samples else _fill(sub, names, samples)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, high, sub = av
            if list(sub) == [(sre.ANY, None)] and high > 1:
                once = [ANY_TEXT]
            else:
                once = _fill(sub, names, samples)
            options = [v * max(low, 1) for v in once]
            if low == 0 and high == 1:
                options = ["", *options]
        else:
            raise AssertionError(f"cannot fill the regex part {op}: teach server_routes it")
        variants = [a + b for a, b in itertools.product(variants, options)][: MAX_VARIANTS * 4]
    return variants


def sample_paths(pattern: str, samples: Mapping[str, str]) -> list[str]:
    """Paths the regex matches, its named groups filled from ``samples`` where they fit."""
    parsed = sre_parse.parse(pattern)
    names = {number: name for name, number in parsed.state.groupdict.items()}
    regex = re.compile(pattern)
    out: list[str] = []
    for chosen in (samples, {}):  # a sample that does not fit the group: the regex's own
        for filled in _fill(parsed, names, chosen):
            path = filled if filled.startswith("/") else "/" + filled  # a request path's form
            if regex.fullmatch(path) and path not in out:
                out.append(path)
        if out:
            break
    return out


def server_routes(web_app: Any, samples: Mapping[str, str]) -> list[Route]:
    """Every route of the application, with the paths that the router sends to that route
    (a path an earlier rule catches belongs to that rule, not this one)."""
    rules = list(_rules(web_app.default_router))
    routes = []
    for index, rule in enumerate(rules):
        regex = rule.matcher.regex
        paths = [
            p
            for p in sample_paths(regex.pattern, samples)
            if next(i for i, r in enumerate(rules) if r.matcher.regex.match(p)) == index
        ][:MAX_VARIANTS]
        assert paths, f"no path reaches {regex.pattern} ({rule.target.__qualname__})"
        routes.append(Route(regex.pattern, rule.target, served_methods(rule.target), tuple(paths)))
    return routes
