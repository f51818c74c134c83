"""The report notebooks shipped with the package and the parameters each one takes.

A report's parameters are read from its notebook's ``parameters`` cell (the names, the
annotated types and the defaults), so the notebook stays the one place they are defined.
Values are checked before papermill starts: a wrong type or an unknown name is an error
the caller sees at once, not a failed cell a minute later.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

NOTEBOOK_DIR = "report_notebooks"
# Set by whoever runs the notebook (the database URL reaches the kernel through the
# environment so it never lands in an output file): not a caller's parameter.
RESERVED = frozenset({"db_url"})
TYPES: dict[str, type] = {"int": int, "float": float, "str": str, "bool": bool}
_KIND = {"int": "an integer", "float": "a number", "str": "text", "bool": "true or false"}
# What a JSON value that has the wrong type is, in the words of _KIND (not Python's names).
_GOT = {
    "int": "an integer",
    "float": "a number",
    "str": "text",
    "bool": "true or false",
    "NoneType": "null",
    "list": "a list",
    "dict": "an object",
}


class ParameterError(ValueError):
    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{f}: {m}" for f, m in errors))
        self.errors = errors


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: Any
    help: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "default": self.default, "help": self.help}


@dataclass(frozen=True)
class Report:
    name: str
    title: str
    description: str
    path: Path
    check: Callable[[dict[str, Any]], list[tuple[str, str]]] = field(
        default=lambda _: [], compare=False
    )

    @property
    def parameters(self) -> dict[str, Parameter]:
        return notebook_parameters(str(self.path))

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "parameters": [p.as_dict() for p in self.parameters.values()],
        }


def _literal(text: str) -> Any:
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def _parameters_cell(path: str) -> str:
    import json

    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code" and "parameters" in cell.get("metadata", {}).get(
            "tags", []
        ):
            source = cell.get("source", "")
            return "".join(source) if isinstance(source, list) else source
    return ""


@lru_cache(maxsize=16)
def notebook_parameters(path: str) -> dict[str, Parameter]:
    """Names, annotated types, defaults and comments of the ``parameters`` cell.

    Read with ``ast`` (as papermill's own inspection does) so listing reports needs neither
    papermill nor a kernel.
    """
    source = _parameters_cell(path)
    lines = source.splitlines()
    out = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            name, annotation, value = node.target.id, node.annotation, node.value
        elif (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
        ):
            name, annotation, value = node.targets[0].id, None, node.value
        else:
            continue
        if name in RESERVED or value is None:
            continue
        default = _literal(ast.unparse(value))
        kind = annotation.id if isinstance(annotation, ast.Name) else type(default).__name__
        if kind not in TYPES:
            kind = "str"
        line = lines[node.lineno - 1]
        comment = line.split("#", 1)[1].strip() if "#" in line else ""
        out[name] = Parameter(name, kind, default, comment)
    return out


def _is_date(value: Any) -> bool:
    if value in ("", None):
        return True
    try:
        date.fromisoformat(str(value))
    except ValueError:
        return False
    return True


def _dates(*names: str) -> Callable[[dict[str, Any]], list[tuple[str, str]]]:
    def check(params: dict[str, Any]) -> list[tuple[str, str]]:
        return [
            (n, "a date (YYYY-MM-DD) or empty")
            for n in names
            if n in params and not _is_date(params[n])
        ]

    return check


def _attendance_check(params: dict[str, Any]) -> list[tuple[str, str]]:
    errors = _dates("as_of", "effective")(params)
    if "months" in params and not 1 <= params["months"] <= 120:
        errors.append(("months", "from 1 to 120"))
    from ..domain.attendance_policy import Policy, PolicyError

    policy: dict[str, Any] = {
        k: params[k]
        for k in ("threshold", "window_days", "excused", "min_eligible", "effective")
        if k in params
    }
    try:
        Policy.from_mapping(policy)
    except PolicyError as exc:
        errors.append((exc.field, exc.message))
    return errors


def _publication_check(params: dict[str, Any]) -> list[tuple[str, str]]:
    errors = _dates("start", "end")(params)
    if "months" in params and not 1 <= params["months"] <= 120:
        errors.append(("months", "from 1 to 120"))
    return errors


def _nb(name: str) -> Path:
    return Path(str(files("jupyter_jms") / NOTEBOOK_DIR / f"{name}.ipynb"))


REPORTS: dict[str, Report] = {
    "attendance": Report(
        "attendance",
        "Attendance",
        "Who attended the regular meetings, attendance rates, the charter's 2/3-in-90-days "
        "flags with their evidence, and how complete the records are.",
        _nb("attendance"),
        _attendance_check,
    ),
    "publication": Report(
        "publication",
        "Publication",
        "Posts submitted, approved and published by channel and month; review turnaround; "
        "the backlog; languages, third-party share, author affiliations and social amplification.",
        _nb("publication"),
        _publication_check,
    ),
}

_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")


def get_report(name: str) -> Report | None:
    if not isinstance(name, str) or not _NAME.match(name):
        return None
    return REPORTS.get(name)


def _coerce_text(value: str, kind: str) -> Any:
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    if kind == "bool":
        low = value.strip().lower()
        if low in ("true", "1", "yes"):
            return True
        if low in ("false", "0", "no"):
            return False
        raise ValueError(value)
    return value


def check_parameters(
    report: Report, given: Mapping[str, Any], *, from_text: bool = False
) -> dict[str, Any]:
    """Validated parameters; ParameterError lists every problem.

    ``from_text`` (the CLI's ``-p key value``) converts strings to the declared type;
    otherwise (JSON) a value must already have it (an int is accepted for a float).
    """
    declared = report.parameters
    errors: list[tuple[str, str]] = []
    out: dict[str, Any] = {}
    for name, value in given.items():
        if name in RESERVED:
            errors.append((name, "is set by the server, not by the caller"))
            continue
        p = declared.get(name)
        if p is None:
            known = ", ".join(sorted(declared)) or "none"
            errors.append(
                (name, f"is not a parameter of the {report.name} report (known: {known})")
            )
            continue
        if from_text and isinstance(value, str):
            try:
                value = _coerce_text(value, p.type)
            except ValueError:
                errors.append((name, f"must be {_KIND[p.type]}, got '{value}'"))
                continue
        ok = (
            isinstance(value, TYPES[p.type]) and not (p.type != "bool" and isinstance(value, bool))
        ) or (p.type == "float" and isinstance(value, int) and not isinstance(value, bool))
        if not ok:
            got = _GOT.get(type(value).__name__, type(value).__name__)
            errors.append((name, f"must be {_KIND[p.type]}, got {got}"))
            continue
        if isinstance(value, str) and len(value) > 500:
            errors.append((name, "at most 500 characters"))
            continue
        out[name] = value
    if not errors:
        errors = report.check({**{k: p.default for k, p in declared.items()}, **out})
    if errors:
        raise ParameterError(errors)
    return out
