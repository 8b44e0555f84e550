"""What each framing analysis costs: the one-pass scoring with none (the default profile) and with
each analysis of ``--with`` turned on, side by side on the same texts, as ratios.

    FRAMING_JOBS=1 python benchmarks/framing_speed.py [--words 100000] [--reps 3] [--write]

The corpus is ~``--words`` words of the shared baselines (lee, wikinews, whitehouse, reuters, bbc,
ag_news), shuffled with ``random.Random(13)``, written to a temporary Parquet file. Each variant
runs in a fresh process on one core (models loaded and one warm-up document scored before the
clock): :func:`analysis.measures.document_scores.score_documents` with
``ScoringContext.create(analyses=...)``. Rounds interleave the variants (``--reps``; best CPU time
of each kept), so a burst of load on the machine hits all alike. ``--write`` appends the table to
``benchmarks/results.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VARIANTS = {
    "default profile": "",
    "+ techniques": "techniques",
    "+ frames": "frames",
    "+ agency": "agency",
    "+ roles": "roles",
    "+ all four": "techniques,frames,agency,roles",
}

CHILD = r"""
import json, sys, time
import pandas as pd
from analysis.corpus.sentences import document_bounds
from analysis.corpus.text import count_words
from analysis.measures.context import ScoringContext
from analysis.measures.document_scores import score_documents
docs = pd.read_parquet(sys.argv[1])
ctx = ScoringContext.create(analyses=[a for a in sys.argv[2].split(",") if a])
warm = pd.DataFrame({"doc_id": ["w"], "text": ["Seven residents were killed in the attack, officials said on Monday."]})
score_documents(warm, document_bounds(warm), ctx)
bounds = document_bounds(docs)
words = sum(count_words(t) for t in docs["text"])
w0, c0 = time.perf_counter(), time.process_time()
score_documents(docs, bounds, ctx)
w1, c1 = time.perf_counter(), time.process_time()
print(json.dumps({"words": words, "wall": w1 - w0, "cpu": c1 - c0}))
"""


def build_corpus(words: int, path: Path) -> int:
    """Write :func:`measure.baseline_sample` of ``words`` words to ``path`` (Parquet); its documents."""
    from measure import baseline_sample

    docs = baseline_sample(words)[["doc_id", "text", "publisher", "sentence_bounds"]]
    docs.to_parquet(path)
    return len(docs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=100_000)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--write", action="store_true", help="append the table to benchmarks/results.md")
    args = ap.parse_args()
    env = dict(os.environ, FRAMING_JOBS="1", PYTHONPATH=str(ROOT))
    best: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.parquet"
        n_docs = build_corpus(args.words, corpus)
        for _ in range(args.reps):
            for name, analyses in VARIANTS.items():
                out = subprocess.run(
                    [sys.executable, "-c", CHILD, str(corpus), analyses],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                run = json.loads(out.stdout.strip().splitlines()[-1])
                if name not in best or run["cpu"] < best[name]["cpu"]:
                    best[name] = run
    base = best["default profile"]
    words = base["words"]
    lines = [
        f"### Framing analyses: cost beside the default profile ({dt.date.today().isoformat()})",
        "",
        f"{n_docs} baseline documents, {words:,} words; one core; best CPU time of {args.reps} interleaved rounds; "
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}.",
        "",
        "| scoring | words per CPU-second | time vs the default profile |",
        "| --- | ---: | ---: |",
    ]
    for name, run in best.items():
        lines.append(f"| {name} | {words / run['cpu']:,.0f} | {run['cpu'] / base['cpu']:.2f}x |")
    table = "\n".join(lines)
    print(table)
    if args.write:
        with open(HERE / "results.md", "a", encoding="utf-8") as fh:
            fh.write("\n" + table + "\n")


if __name__ == "__main__":
    main()
