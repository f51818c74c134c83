"""Every HTTP method of every jupyter-jms handler is authenticated, then authorized on jms:*."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import jupyter_jms.handlers as handlers_pkg
from jupyter_jms.handlers import routes
from jupyter_jms.handlers.base import JmsHandler

HTTP_METHODS = {"get", "post", "put", "patch", "delete", "head", "options"}
HANDLER_DIR = Path(handlers_pkg.__file__).parent
MODULES = sorted(p for p in HANDLER_DIR.glob("*.py"))
# Pages open to anyone, with no data in them (like the login page): the only handlers allowed
# @allow_unauthenticated instead of @web.authenticated + @authorized.
PUBLIC_PAGES = {"LandingHandler"}


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Call):
        return _dotted(node.func) + "()"
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    if isinstance(node, ast.Name):
        return node.id
    return ast.dump(node)


def auth_problems(source: str, filename: str = "<source>") -> list[str]:
    """Why any HTTP method in this source is not ``@web.authenticated`` then ``@authorized``."""
    problems = []
    for cls in ast.walk(ast.parse(source, filename)):
        if not isinstance(cls, ast.ClassDef):
            continue
        for fn in cls.body:
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            if fn.name not in HTTP_METHODS:
                continue
            where = f"{filename}:{fn.lineno} {cls.name}.{fn.name}"
            decorators = [_dotted(d) for d in fn.decorator_list]
            if cls.name in PUBLIC_PAGES and decorators == ["allow_unauthenticated"]:
                pass
            elif decorators[:1] != ["web.authenticated"]:
                problems.append(f"{where}: the outermost decorator must be @web.authenticated")
            elif decorators[1:2] != ["authorized"]:
                problems.append(f"{where}: @authorized must come right after @web.authenticated")
            if not ast.get_docstring(fn):
                problems.append(f"{where}: no docstring")
    return problems


def test_handler_modules_exist():
    assert {p.name for p in MODULES} >= {"base.py", "drafts.py", "identity.py"}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_every_handler_method_is_authenticated_then_authorized(path):
    assert auth_problems(path.read_text(), path.name) == []


def test_the_check_catches_a_missing_or_misordered_decorator():
    source = '''
class A(JmsHandler):
    @web.authenticated
    @authorized
    async def get(self):
        """fine"""

    async def post(self):
        """no auth at all"""

    @authorized
    @web.authenticated
    async def delete(self, x):
        """the wrong order"""

    @web.authenticated
    async def patch(self):
        """not authorized"""

    def helper(self):
        pass
'''
    found = auth_problems(source)
    assert [p.split()[1].split(":")[0] for p in found] == ["A.post", "A.delete", "A.patch"]


def _handler_classes() -> list[type]:
    out = []
    for path in MODULES:
        module = importlib.import_module(f"jupyter_jms.handlers.{path.stem}")
        for obj in vars(module).values():
            if (
                isinstance(obj, type)
                and issubclass(obj, JmsHandler)
                and obj.__module__ == module.__name__
                and HTTP_METHODS & set(vars(obj))
            ):
                out.append(obj)
    return out


@pytest.mark.parametrize("cls", _handler_classes(), ids=lambda c: c.__name__)
def test_every_handler_names_its_jms_resource(cls):
    owner = next(k for k in cls.__mro__ if "auth_resource" in vars(k))
    # JmsHandler has no resource of its own: each handler (or its own base) picks one.
    assert owner is not JmsHandler and owner.__module__.startswith("jupyter_jms.handlers"), owner
    assert isinstance(cls.auth_resource, str) and cls.auth_resource.startswith("jms:")
    assert len(cls.auth_resource) > len("jms:")


def test_a_handler_that_names_no_jms_resource_fails_when_defined():
    with pytest.raises(TypeError, match="Forgot names no jms:"):

        class Forgot(JmsHandler):
            async def get(self) -> None:
                """no resource"""

    with pytest.raises(TypeError, match="Elsewhere names no jms:"):

        class Elsewhere(JmsHandler):
            auth_resource = "contents"


def test_every_routed_handler_lives_in_the_checked_package():
    checked = set(_handler_classes())
    for pattern, handler in routes():
        assert handler in checked, f"{pattern}: {handler} is outside jupyter_jms/handlers"
