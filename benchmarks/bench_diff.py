"""The revision diff (jupyter_jms/notebook_diff.py, nbdime) on large notebooks.

    python benchmarks/bench_diff.py [--cells 1000] [--lines 10] [--replaced 120] [--repeat 3]

Two cases, each against a baseline measured in the same run:

(a) an edited notebook: ``--cells`` code cells of ``--lines`` lines with outputs, one in ten
    edited, three moved, five removed, five added. Baseline: reading both revisions
    (nbformat.reads, which the diff does first) and nbdime's own ``diff_notebooks`` with its
    default settings.
(b) a rewritten notebook: ``--replaced`` cells replaced by others with new ids (every pair
    of them a candidate for nbdime's approximate matching). Baseline: nbdime's default
    ``diff_notebooks``, whose cost grows with the product of the two numbers of cells; the
    service aligns these cells by id only above 400 pairs.

Prints the best of ``--repeat`` runs in milliseconds and the ratio to each baseline.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import nbdime  # noqa: E402
import nbformat  # noqa: E402
from nbformat.v4 import new_code_cell, new_notebook, new_output  # noqa: E402

from jupyter_jms import notebook_diff  # noqa: E402


def cell(tag: str, i: int, lines: int) -> Any:
    src = "\n".join(f"{tag}value_{i}_{j} = compute({i}, {j})  # step {j}" for j in range(lines))
    out = [new_output("stream", name="stdout", text=f"{i}\n")]
    return new_code_cell(src, id=f"{tag}{i}", outputs=out)


def notebook(cells: list[Any]) -> dict[str, Any]:
    nb: dict[str, Any] = json.loads(json.dumps(new_notebook(cells=cells)))
    return nb


def edited(n: int, lines: int) -> tuple[str, str]:
    rng = random.Random(7)
    old = notebook([cell("a", i, lines) for i in range(n)])
    new = copy.deepcopy(old)
    cells = new["cells"]
    for k in rng.sample(range(n), n // 10):
        cells[k]["source"] += "\nprint('revised')"
        cells[k]["outputs"][0]["text"] = "revised\n"
    for src, dst in ((3, n // 2), (n // 3, 1), (n - 10, n // 4)):
        cells.insert(dst, cells.pop(src))
    for k in sorted(rng.sample(range(n), 5), reverse=True):
        del cells[k]
    for k in rng.sample(range(n - 5), 5):
        cells.insert(k, cell("new", k, lines))
    return json.dumps(old), json.dumps(new)


def rewritten(n: int, lines: int) -> tuple[str, str]:
    return (
        json.dumps(notebook([cell("a", i, lines) for i in range(n)])),
        json.dumps(notebook([cell("b", i, lines) for i in range(n)])),
    )


def best(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def nbdime_default(old: str, new: str) -> Any:
    return nbdime.diff_notebooks(
        nbformat.reads(old, as_version=4), nbformat.reads(new, as_version=4)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cells", type=int, default=1000)
    parser.add_argument("--lines", type=int, default=10)
    parser.add_argument("--replaced", type=int, default=120)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    old, new = edited(args.cells, args.lines)
    size = (len(old) + len(new)) / 2 / 1e6
    read = best(
        lambda: (nbformat.reads(old, as_version=4), nbformat.reads(new, as_version=4)),
        args.repeat,
    )
    default = best(lambda: nbdime_default(old, new), args.repeat)
    ours = best(lambda: notebook_diff.diff(old, new), args.repeat)
    d = notebook_diff.diff(old, new)
    counts: dict[str, int] = {}
    for c in d["cells"]:
        counts[c["status"]] = counts.get(c["status"], 0) + 1
    print(f"(a) edited: {args.cells} cells x {args.lines} lines, {size:.1f} MB a revision")
    print(f"    statuses: {dict(sorted(counts.items()))}, matched by {d['matched_by']}")
    print(f"    reading both revisions        {read:9.1f} ms")
    print(f"    nbdime.diff_notebooks default {default:9.1f} ms")
    print(
        f"    the service's diff            {ours:9.1f} ms"
        f"  ({ours / read:.1f}x reading, {ours / default:.2f}x nbdime default)"
    )

    old, new = rewritten(args.replaced, args.lines)
    default = best(lambda: nbdime_default(old, new), 1)
    ours = best(lambda: notebook_diff.diff(old, new), args.repeat)
    d = notebook_diff.diff(old, new)
    print(f"(b) rewritten: {args.replaced} cells replaced by {args.replaced} new ones")
    print(f"    nbdime.diff_notebooks default {default:9.1f} ms")
    print(
        f"    the service's diff            {ours:9.1f} ms"
        f"  ({default / ours:.0f}x faster, matched by {d['matched_by']})"
    )


if __name__ == "__main__":
    main()
