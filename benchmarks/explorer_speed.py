"""Time of the term explorer page, before and after the shared counting and the KWIC pre-filter.

    FRAMING_CACHE_DIR=/tmp/<you>-cache python benchmarks/explorer_speed.py [--repeat 2] [--max-docs N]

Draws :func:`analysis.report.explorer.explorer_page` for the whole study (the seeds and every
available baseline, ``build_study()``: cached after its first run, which scores every document for
a few minutes) as the report build does (links from the studied documents to annotated pages),
in the same process, interleaved: the current code ("new") and the code before (term table from
``log_odds_groups`` once per group, every term searched in every document: "old", the reference
functions of ``tests/report/test_explorer_identical.py``). Prints wall-clock and CPU seconds
(best of ``--repeat``), their ratios, the new page's parts, and whether the two pages are
byte-identical (Bokeh's ids fixed as in that test).
"""

from __future__ import annotations

import argparse
import importlib.util
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.report import explorer  # noqa: E402


def reference_module():
    """The test module holding the reference (old) term table and KWIC lines."""
    path = ROOT / "tests" / "report" / "test_explorer_identical.py"
    spec = importlib.util.spec_from_file_location("explorer_reference", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def timed(fn, *args):
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn(*args)
    return time.perf_counter() - wall, time.process_time() - cpu, out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=2, help="interleaved runs of each (best kept)")
    ap.add_argument("--max-docs", type=int, default=None, help="cap per baseline (default: the full study)")
    args = ap.parse_args(argv)

    from analysis.corpus.study import StudySpec
    from analysis.pipeline.study import build_study

    ref = reference_module()
    study = build_study(StudySpec.from_params(max_docs=args.max_docs))
    docs = study.documents
    studied = study.studied_groups()
    links = {d: f"documents/{d}.html" for d in docs.loc[docs["group"].isin(studied), "doc_id"]}
    title = f"Terms of {', '.join(studied)} and the reference groups"
    words = int(docs["text"].str.split().str.len().sum())
    print(
        f"{len(docs)} documents, {docs['group'].nunique()} groups, ~{words:,} words; "
        f"Python {platform.python_version()}, {platform.machine()}",
        flush=True,
    )
    explorer.explorer_page(docs.head(8), "group")  # Bokeh's first-page models, outside the timings

    def page():
        with ref.fixed_bokeh_ids():
            return explorer.explorer_page(docs, "group", title, links)

    def old_page():
        with ref.reference_functions():
            return page()

    best = {"new": (float("inf"), float("inf")), "old": (float("inf"), float("inf"))}
    pages = {}
    for i in range(args.repeat):
        for name, fn in (("new", page), ("old", old_page)):
            wall, cpu, pages[name] = timed(fn)
            best[name] = (min(best[name][0], wall), min(best[name][1], cpu))
            print(f"  run {i + 1} {name}: {wall:7.1f} s wall, {cpu:7.1f} s CPU", flush=True)
    (ow, oc), (nw, nc) = best["old"], best["new"]
    print(f"explorer_page, best of {args.repeat}:")
    print(f"  old: {ow:7.1f} s wall, {oc:7.1f} s CPU")
    print(f"  new: {nw:7.1f} s wall, {nc:7.1f} s CPU")
    print(f"  speed-up: {ow / nw:.1f}x wall, {oc / nc:.1f}x CPU")
    print(
        f"  pages byte-identical: {pages['old'].encode('utf-8') == pages['new'].encode('utf-8')} "
        f"({len(pages['new'].encode('utf-8')):,} bytes)"
    )
    wall, cpu, table = timed(explorer.term_table, docs)
    print(f"new parts: term_table {wall:.1f} s wall, {cpu:.1f} s CPU", end="; ")
    wall, cpu, _ = timed(explorer.kwic_lines, docs, table["term"], "group", links)
    print(f"kwic_lines ({len(table)} terms) {wall:.1f} s wall, {cpu:.1f} s CPU")
    return 0 if pages["old"] == pages["new"] else 1


if __name__ == "__main__":
    sys.exit(main())
