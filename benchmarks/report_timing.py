"""Wall-clock time of a cold and a warm build of every figure and report (issue: a report in minutes).

    python benchmarks/report_timing.py [--fast] [--keep-cache DIR] [--no-write]

Cold: an empty ``FRAMING_CACHE_DIR`` (a new temporary folder; the corpora are read from the data
folders as usual, nothing is downloaded), then ``python -m analysis figures`` and
``python -m analysis report`` into temporary folders (``figures/`` and ``reports/`` of the project
are not touched). Warm: the same two commands again with the cache the cold run filled. Each
command runs in a fresh process, as ``make report`` runs them. The load average before and after
is recorded, since other work on the machine slows every step. The times, per-notebook seconds
and targets (cold <= 180 s, warm <= 45 s on 2 cores) go to standard output and to the section
"Report build time" of ``benchmarks/results.md`` (``--no-write`` skips the file).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TARGET_COLD, TARGET_WARM = 180.0, 45.0
BEGIN, END = "<!-- report-timing:begin -->", "<!-- report-timing:end -->"


def run(step: str, args: list[str], env: dict) -> tuple[float, list[str]]:
    """Run ``python -m analysis <args>``; its seconds and the per-notebook progress lines."""
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "analysis", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if proc.returncode:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"{step} failed (exit {proc.returncode})")
    done = [
        line
        for line in proc.stderr.splitlines()
        if re.match(r"(?:report: |\[\d+/\d+\] )\S+ (?:done in|unchanged)", line)
    ]
    print(f"{step}: {seconds:.1f} s", flush=True)
    return seconds, done


def build(label: str, env: dict, out: Path, fast: bool) -> dict:
    extra = ["--fast"] if fast else []
    fig_s, _ = run(f"{label} figures", ["figures", "--out", str(out / "figures"), *extra], env)
    rep_s, notebooks = run(f"{label} report", ["report", "--out", str(out / "reports"), *extra], env)
    return {"figures": fig_s, "report": rep_s, "total": fig_s + rep_s, "notebooks": notebooks}


def write_section(path: Path, text: str) -> None:
    """Replace (or append) the report-timing section of the results file."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    section = f"{BEGIN}\n{text.rstrip()}\n{END}\n"
    if BEGIN in old and END in old:
        new = old[: old.index(BEGIN)] + section + old[old.index(END) + len(END) + 1 :]
    else:
        new = old.rstrip() + "\n\n" + section
    path.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fast", action="store_true", help="the FAST build (two small baselines), for a quick check")
    ap.add_argument("--keep-cache", help="use this (emptied) folder as the cache instead of a temporary one")
    ap.add_argument("--no-write", action="store_true", help="do not write benchmarks/results.md")
    ap.add_argument("--out", default=str(HERE / "results.md"))
    args = ap.parse_args(argv)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    with tempfile.TemporaryDirectory(prefix="framing-timing-") as tmp:
        cache = Path(args.keep_cache) if args.keep_cache else Path(tmp) / "cache"
        if cache.exists() and any(cache.iterdir()):
            raise SystemExit(f"{cache} is not empty: a cold build needs an empty cache")
        env = dict(os.environ, FRAMING_CACHE_DIR=str(cache), MPLBACKEND="Agg", PYTHONHASHSEED="0")
        load_before = os.getloadavg()
        cold = build("cold", env, Path(tmp) / "cold", args.fast)
        warm = build("warm", env, Path(tmp) / "warm", args.fast)
        load_after = os.getloadavg()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    verdict = lambda s, t: "met" if s <= t else "NOT met"  # noqa: E731
    lines = [
        "## Report build time" + (" (FAST build)" if args.fast else ""),
        "",
        f"Written by `benchmarks/report_timing.py`{' --fast' if args.fast else ''} on "
        f"{dt.date.today().isoformat()}, commit {commit}, {cores} cores. Load average (1 min) "
        f"{load_before[0]:.2f} before, {load_after[0]:.2f} after: other work on the machine "
        "shares the cores and slows every step.",
        "",
        "| build | figures s | report s | total s | target |",
        "|---|---:|---:|---:|---|",
        f"| cold (empty FRAMING_CACHE_DIR) | {cold['figures']:.1f} | {cold['report']:.1f} | {cold['total']:.1f} | "
        f"<= {TARGET_COLD:.0f} s: {verdict(cold['total'], TARGET_COLD)} |",
        f"| warm (same cache) | {warm['figures']:.1f} | {warm['report']:.1f} | {warm['total']:.1f} | "
        f"<= {TARGET_WARM:.0f} s: {verdict(warm['total'], TARGET_WARM)} |",
        "",
        "Notebooks (cold run, parallel lanes): " + "; ".join(n.removeprefix("report: ") for n in cold["notebooks"]),
        "",
        "Notebooks (warm run): " + "; ".join(n.removeprefix("report: ") for n in warm["notebooks"]),
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section(Path(args.out), text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
