"""Single-core throughput of the document profile at two checkouts, interleaved, plus textstat alone.

    FRAMING_JOBS=1 python benchmarks/profile_ab.py BASE_CHECKOUT [--words 300000] [--reps 3]

The corpus is ~``--words`` words of the shared baselines (lee, wikinews, whitehouse, reuters, bbc,
ag_news), shuffled with ``random.Random(13)``; it is written to a temporary pickle, never to the
repository. Each measurement runs in a fresh process (``PYTHONPATH`` = the checkout) through
:func:`measure.task_profile` / :func:`measure.task_textstat` (set-up and warm-up before the clock),
in the order base, this checkout, textstat, repeated ``--reps`` times; the best wall and CPU time
(``time.process_time``) of each is reported. Every process scores on one core (``FRAMING_JOBS=1``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

CHILD = r"""
import json, sys, time
import pandas as pd
sys.path.insert(0, sys.argv[3])
import measure
docs = pd.read_pickle(sys.argv[2])
run = (measure.task_profile if sys.argv[1] == "profile" else measure.task_textstat)(docs)
from analysis.corpus.text import count_words
words = sum(count_words(t) for t in docs["text"])
w0, c0 = time.perf_counter(), time.process_time()
run()
w1, c1 = time.perf_counter(), time.process_time()
print(json.dumps({"words": words, "wall": w1 - w0, "cpu": c1 - c0}))
"""


def build_corpus(words: int, path: Path) -> int:
    """Write :func:`measure.baseline_sample` of ``words`` words to ``path`` (pickle); its documents."""
    from measure import baseline_sample

    docs = baseline_sample(words)
    docs.to_pickle(path)
    return len(docs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("base", help="the other checkout (e.g. a git worktree at the start commit)")
    ap.add_argument("--words", type=int, default=300_000)
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args()
    env = dict(os.environ, FRAMING_JOBS="1")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.pkl"
        n_docs = build_corpus(args.words, corpus)
        variants = {
            "base": ("profile", args.base),
            "branch": ("profile", str(ROOT)),
            "textstat": ("textstat", str(ROOT)),
        }
        runs: dict[str, list[dict]] = {k: [] for k in variants}
        for rep in range(args.reps):
            for name, (task, root) in variants.items():
                out = subprocess.run(
                    [sys.executable, "-c", CHILD, task, str(corpus), str(HERE)],
                    env={**env, "PYTHONPATH": root},
                    capture_output=True,
                    text=True,
                    cwd=tmp,
                )
                if out.returncode:
                    sys.exit(f"{name} failed:\n{out.stderr}")
                runs[name].append(json.loads(out.stdout.strip().splitlines()[-1]))
                print(rep, name, runs[name][-1], flush=True)
    print(f"{n_docs} documents")
    for name, rs in runs.items():
        w, wall, cpu = rs[0]["words"], min(r["wall"] for r in rs), min(r["cpu"] for r in rs)
        print(
            f"{name:9s} {w:,} words: best wall {wall:.2f} s = {w / wall:,.0f} words/s; "
            f"best CPU {cpu:.2f} s = {w / cpu:,.0f} words/CPU-s"
        )


if __name__ == "__main__":
    main()
