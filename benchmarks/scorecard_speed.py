"""Time of the reliability scorecard, before and after the fast path, in one run.

    python benchmarks/scorecard_speed.py [--per-baseline 40] [--repeats 3] [--jobs 2]

Builds :func:`analysis.compare.scorecard.build_scorecard` on the same documents (the seeds and the
first ``--per-baseline`` documents of each default baseline; needs ``../shared``) through the
straightforward computation it replaced (``tests/compare/scorecard_reference.py``: one small
DataFrame per document and step) and through the current one, interleaved, best of ``--repeats``:

* ``table``: attributions handed over as a table (the report's route: found once by the spans pass);
* ``find``: attributions found inside the scorecard;
* ``table, jobs=N``: the current path over N worker processes.

Prints wall and CPU seconds (CPU includes finished worker processes) and old/new ratios, and checks
that every variant gives the same five tables.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "compare"))

import scorecard_reference as ref  # noqa: E402

from analysis.compare import scorecard as S  # noqa: E402

TABLES = ("table", "claims", "sentences", "details", "responses")


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed(fn) -> tuple[float, float, S.Scorecard]:
    wall, cpu = time.perf_counter(), _cpu()
    out = fn()
    return time.perf_counter() - wall, _cpu() - cpu, out


def same(a: S.Scorecard, b: S.Scorecard) -> bool:
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True, obj=name)
    return True


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-baseline", type=int, default=40, help="documents per default baseline")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2, help="worker processes of the parallel variant (0: skip)")
    args = ap.parse_args(argv)

    import warnings

    from analysis.corpus.study import StudySpec, study_documents
    from analysis.measures.attributions_table import attributions_table

    warnings.simplefilter("ignore")
    docs = study_documents(StudySpec.from_params(max_docs=args.per_baseline)).documents
    table = attributions_table(docs)
    words = int(docs["text"].str.split().str.len().sum())
    print(
        f"{len(docs)} documents ({words:,} words), {len(table):,} attributions; python {platform.python_version()}, "
        f"{os.cpu_count()} cores; best of {args.repeats}"
    )
    variants = {
        "old, table": lambda: ref.build_scorecard(docs, "group", attributions=table),
        "new, table": lambda: S.build_scorecard(docs, "group", attributions=table, jobs=1),
        "old, find": lambda: ref.build_scorecard(docs, "group"),
        "new, find": lambda: S.build_scorecard(docs, "group", jobs=1),
    }
    if args.jobs > 1:
        variants[f"new, table, jobs={args.jobs}"] = lambda: S.build_scorecard(
            docs, "group", attributions=table, jobs=args.jobs
        )
    best: dict[str, tuple[float, float]] = {}
    first: S.Scorecard | None = None
    for _ in range(args.repeats):
        for name, fn in variants.items():  # interleaved: the machine's load hits every variant alike
            wall, cpu, card = timed(fn)
            w, c = best.get(name, (float("inf"), float("inf")))
            best[name] = (min(w, wall), min(c, cpu))
            first = card if first is None else first
            same(card, first)
    print(f"{'variant':<22}{'wall s':>9}{'CPU s':>9}")
    for name, (w, c) in best.items():
        print(f"{name:<22}{w:9.2f}{c:9.2f}")
    for route in ("table", "find"):
        (ow, oc), (nw, nc) = best[f"old, {route}"], best[f"new, {route}"]
        print(f"old/new ({route}): wall {ow / nw:.1f}x, CPU {oc / nc:.1f}x")
    if args.jobs > 1:
        (ow, oc), (pw, pc) = best["old, table"], best[f"new, table, jobs={args.jobs}"]
        print(f"old/new (table, jobs={args.jobs}): wall {ow / pw:.1f}x, CPU {oc / pc:.1f}x")
    print("all variants give identical tables")


if __name__ == "__main__":
    main()
