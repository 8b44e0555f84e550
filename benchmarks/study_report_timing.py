"""Cold build of the report of a user's multi-group study, timed and checked (issue: any study).

    python benchmarks/study_report_timing.py CORPUS [--reference nyt] [--no-write] [-- more study args]

Runs ``python -m analysis report CORPUS --reference R`` with an empty ``FRAMING_CACHE_DIR`` (a new
temporary folder) into a temporary output folder, in a fresh process as a user would, and checks
what a reader of the pages must never see:

* a baseline loaded although none was asked for (the index lists the groups of the study);
* a Python warning block in any page (``UserWarning``, ``FutureWarning``, ``RuntimeWarning``);
* a sentence written for tiny groups ("Each document is ...% of its group") when every group has
  at least ten documents.

The seconds (target: at most 150 s cold on 2 cores), the load average before and after and the
checks go to standard output and to the section "Study report build" of ``benchmarks/results.md``
(``--no-write`` skips the file). A corpus of the shared data to try: the PolNeAR texts copied into
one folder per outlet (see the README, "A multi-group study").
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
TARGET_COLD = 150.0
BEGIN, END = "<!-- study-report-timing:begin -->", "<!-- study-report-timing:end -->"
WARNING = re.compile(r"\b(?:UserWarning|FutureWarning|RuntimeWarning|DeprecationWarning|Pandas4Warning)\b")
SMALL_N = re.compile(r"Each document is \d+% of its group")


def check_pages(out: Path) -> dict:
    """What the pages say that they should not: warning blocks and small-group sentences, per page."""
    found = {"warnings": [], "small_n": []}
    for page in sorted(out.glob("*.html")):
        text = page.read_text(encoding="utf-8", errors="replace")
        if WARNING.search(text):
            found["warnings"].append(page.name)
        if SMALL_N.search(text):
            found["small_n"].append(page.name)
    return found


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus")
    ap.add_argument("--reference", default="nyt")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("extra", nargs="*", help="further study arguments after --")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        env = dict(os.environ, FRAMING_CACHE_DIR=str(tmp / "cache"), PYTHONHASHSEED="0", MPLBACKEND="Agg")
        load_before = os.getloadavg()[0]
        t0 = time.perf_counter()
        cmd = [sys.executable, "-m", "analysis", "report", args.corpus, "--reference", args.reference]
        cmd += ["--out", str(tmp / "reports"), *args.extra]
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - t0
        load_after = os.getloadavg()[0]
        if proc.returncode:
            sys.stderr.write(proc.stdout + proc.stderr)
            raise SystemExit(f"report failed (exit {proc.returncode})")
        index = (tmp / "reports" / "index.html").read_text(encoding="utf-8")
        baselines = [
            b
            for b in ("wikinews", "whitehouse", "state_dept", "lee", "reuters", "ag_news", "bbc")
            if f">{b} (" in index
        ]
        found = check_pages(tmp / "reports")
    verdict = "met" if seconds <= TARGET_COLD else "missed"
    lines = [
        f"Study report build ({dt.date.today().isoformat()}, {os.cpu_count()} cores, load average "
        f"{load_before:.1f} before, {load_after:.1f} after): `report {Path(args.corpus).name} --reference "
        f"{args.reference}` cold, empty cache: **{seconds:.0f} s** (target <= {TARGET_COLD:.0f} s: {verdict}).",
        f"Baselines loaded: {', '.join(baselines) or 'none'}. Pages with a warning block: "
        f"{', '.join(found['warnings']) or 'none'}. Pages with a small-group sentence: {', '.join(found['small_n']) or 'none'}.",
    ]
    text = "\n\n".join(lines)
    print(text)
    if not args.no_write:
        path = HERE / "results.md"
        old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
        section = f"{BEGIN}\n{text}\n{END}\n"
        if BEGIN in old:
            new = old[: old.index(BEGIN)] + section + old[old.index(END) + len(END) + 1 :]
        else:
            new = old.rstrip() + "\n\n" + section
        path.write_text(new, encoding="utf-8")
    return 0 if not baselines and not found["warnings"] else 1


if __name__ == "__main__":
    sys.exit(main())
