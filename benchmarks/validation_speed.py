"""Time of the full detector validation, before and after the fast scoring, in one run.

    python benchmarks/validation_speed.py [--old REV] [--repeat 1] [--jobs 1 2] [--benchmarks ptc babe ...]

Runs :func:`analysis.validate.validation.run_validation` (all benchmarks, ``fast=False``: 5-fold
CV on PTC, 1,000 bootstrap resamples per row) once with the code of ``--old`` (default
``c901dd6``, the commit before the fast scoring; checked out into a temporary git worktree) and
once with this checkout, each in a fresh Python process, interleaved when ``--repeat`` > 1. The
new code runs once per ``--jobs`` value (``FRAMING_JOBS``: 1 = benchmarks one after another, 2 =
two benchmark processes). Prints wall and CPU seconds (CPU: the child process and its workers,
from ``getrusage(RUSAGE_CHILDREN)``), the ratios to the old run (best of the repeats), and checks
that every table equals the old one exactly (``assert_frame_equal(check_exact=True)``).
Needs the gold benchmarks (``../shared/benchmarks``). A shared machine makes times noisy: compare
runs of the same invocation only.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OLD_DEFAULT = "c901dd6"

CHILD = """
import sys, pandas as pd
sys.path.insert(0, sys.argv[1])
import analysis
assert analysis.__file__.startswith(sys.argv[1]), analysis.__file__  # the code under test
from analysis.validate.validation import run_validation
benchmarks = sys.argv[3].split(",") if sys.argv[3] else None
res = run_validation(benchmarks, fast=False)
res.to_pickle(sys.argv[2])
"""


def run_child(code_dir: Path, out: Path, jobs: int, benchmarks: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run_validation in a fresh process (CPU includes its workers)."""
    env = dict(os.environ, FRAMING_JOBS=str(jobs), PYTHONPATH=str(code_dir))
    # ../shared is found beside the checkout; a temporary worktree gets it through the env
    shared = ROOT.parent / "shared" / "benchmarks"
    if shared.exists():
        env.setdefault("FRAMING_BENCHMARK_DIR", str(shared))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", CHILD, str(code_dir), str(out), ",".join(benchmarks)], check=True, cwd=code_dir, env=env
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main(argv=None) -> None:
    import pandas as pd
    from pandas.testing import assert_frame_equal

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--old", default=OLD_DEFAULT, help="git revision of the old code (default %(default)s)")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="FRAMING_JOBS values for the new code")
    ap.add_argument("--benchmarks", nargs="*", default=[], help="default: all")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="validation-speed-") as tmp:
        tmp = Path(tmp)
        old_dir = tmp / "old"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(old_dir), args.old], check=True
        )
        try:
            variants = [("old", old_dir, 1)] + [(f"new jobs={j}", ROOT, j) for j in args.jobs]
            times: dict[str, list[tuple[float, float]]] = {name: [] for name, _, _ in variants}
            tables: dict[str, pd.DataFrame] = {}
            for rep in range(args.repeat):
                for name, code, jobs in variants:
                    out = tmp / f"{name.replace(' ', '_')}-{rep}.pkl"
                    wall, cpu = run_child(code, out, jobs, args.benchmarks)
                    times[name].append((wall, cpu))
                    tables[name] = pd.read_pickle(out)
                    print(f"run {rep + 1} {name:>10}: wall {wall:6.1f} s  cpu {cpu:6.1f} s", flush=True)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old_dir)], check=False)
    ref = tables["old"]
    for table in tables.values():
        assert_frame_equal(table, ref, check_exact=True)
    print(f"\ntables identical: yes ({len(ref)} rows x {ref.shape[1]} columns, every variant)")
    best_old = min(w for w, _ in times["old"]), min(c for _, c in times["old"])
    print(f"{'variant':>12} {'wall s':>8} {'cpu s':>8} {'wall x':>7} {'cpu x':>7}   (best of {args.repeat})")
    for name in times:
        w, c = min(w for w, _ in times[name]), min(c for _, c in times[name])
        print(f"{name:>12} {w:8.1f} {c:8.1f} {best_old[0] / w:7.2f} {best_old[1] / c:7.2f}")


if __name__ == "__main__":
    main()
