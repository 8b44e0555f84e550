"""Single-core CPU time of the reliability scorecard at two checkouts, interleaved.

    FRAMING_JOBS=1 python benchmarks/scorecard_ab.py BASE_CHECKOUT [--per-baseline 40] [--reps 2]

``BASE_CHECKOUT`` is a folder holding another version of the package (``git worktree add`` or
``git archive one-road | tar -x -C DIR``). Each measurement runs in a fresh process (``PYTHONPATH`` =
the checkout) on the default study (the seeds and the first ``--per-baseline`` documents of each
default baseline; needs ``../shared``): the attributions table is found once, then
:func:`analysis.compare.scorecard.build_scorecard` runs three times with the table handed over
(``table``, the study's route) and three times finding attributions itself (``find``), one process,
``jobs=1``; the best CPU time (``time.process_time``) of each is kept. The order is base, this
checkout, repeated ``--reps`` times; the best of all repetitions and the ratio this/base are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, sys, time, warnings
warnings.simplefilter("ignore")
from analysis.compare import scorecard as S
from analysis.corpus.study import StudySpec, study_documents
from analysis.measures.attributions_table import attributions_table
docs = study_documents(StudySpec.from_params(max_docs=int(sys.argv[1]))).documents
table = attributions_table(docs)
out = {"docs": len(docs)}
for route in ("table", "find"):
    best = float("inf")
    for _ in range(3):
        c0 = time.process_time()
        S.build_scorecard(docs, "group", attributions=table if route == "table" else None, jobs=1)
        best = min(best, time.process_time() - c0)
    out[route] = best
print(json.dumps(out))
"""


def run(checkout: Path, per_baseline: int) -> dict:
    env = dict(os.environ, PYTHONPATH=str(checkout), FRAMING_JOBS="1")
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(per_baseline)], env=env, cwd=checkout, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "child failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("base", type=Path, help="folder of the other checkout")
    ap.add_argument("--per-baseline", type=int, default=40)
    ap.add_argument("--reps", type=int, default=2)
    args = ap.parse_args(argv)
    sides = {"base": args.base.resolve(), "this": ROOT}
    best: dict[tuple[str, str], float] = {}
    for _ in range(args.reps):
        for name, checkout in sides.items():  # interleaved: the machine's load hits both alike
            got = run(checkout, args.per_baseline)
            print(name, got, flush=True)
            for route in ("table", "find"):
                best[name, route] = min(best.get((name, route), float("inf")), got[route])
    for route in ("table", "find"):
        b, t = best["base", route], best["this", route]
        print(f"{route}: base {b:.2f} s CPU, this {t:.2f} s CPU, this/base {t / b:.2f}x")


if __name__ == "__main__":
    main()
