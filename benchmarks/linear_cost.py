"""Cost linear in sentence and document length: doubling the input at most ~doubles the time.

    python benchmarks/linear_cost.py [--words 100000] [--megabytes 4] [--repeat 2] [--no-write]

Two inputs, each timed at its size and at twice its size, through what ``python -m analysis
profile FILE`` runs (without the cache): the loader (:func:`analysis.corpus.load.load_corpus` on a
.txt file: decoding, cleaning, sentence splitting) and the full document profile in one process
(:func:`analysis.measures.profile.profile_frame`, ``jobs=1``: spans, attributions, context rules,
quoted voice, readability).

* **one sentence** of ``--words`` words (default 100,000): real news words with every sentence
  end (``.!?…``) turned into a comma and every line break into a space, so the sentence splitter
  sees one sentence;
* **one document** of ``--megabytes`` MB (default 4): real news documents, paragraphs kept,
  repeated until the size is reached.

The words come from the openly licensed baselines (Wikinews, White House, State Department) when
the shared folder is there, else from the seeds and the Lee corpus (shipped with gensim); texts
are read at run time and never written anywhere but a temporary folder. Times are CPU seconds of
this process (less sensitive to other load on a shared machine), the fastest of ``--repeat`` runs.
The ratio (time at 2x / time at 1x) should be at most about 2.2; a quadratic step gives about 4.
The table goes to standard output and, unless ``--no-write``, into ``benchmarks/results.md``
between the ``linear-cost`` markers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

BEGIN, END = "<!-- linear-cost:begin -->", "<!-- linear-cost:end -->"
TARGET = 2.2


def source_texts() -> tuple[list[str], str]:
    """Real news texts (the openly licensed baselines, else the seeds and Lee) and their names."""
    from analysis.config import RANDOM_SEED
    from analysis.corpus.baselines import BaselineUnavailable, load_baseline
    from analysis.corpus.load import load_seeds

    texts, names = [], []
    for name in ("wikinews", "whitehouse", "state_dept"):
        try:
            docs = load_baseline(name)
        except BaselineUnavailable:
            continue
        texts += [t for t in docs["text"] if isinstance(t, str) and t.strip()]
        names.append(name)
    if not texts:
        texts = list(load_seeds().documents["text"]) + list(load_baseline("lee")["text"])
        names = ["seeds", "lee"]
    random.Random(RANDOM_SEED).shuffle(texts)
    return texts, ", ".join(names)


def one_sentence(texts: list[str], words: int) -> str:
    """``words`` words of ``texts`` as one sentence: sentence ends become commas, line breaks spaces."""
    out: list[str] = []
    while len(out) < words:
        for t in texts:
            out += re.sub(r"[.!?…]+", ",", t).split()
            if len(out) >= words:
                break
    return " ".join(out[:words]) + "."


def one_document(texts: list[str], size: int) -> str:
    """Documents of ``texts``, paragraphs kept, joined and cut at the last paragraph break before
    ``size`` characters (about as many bytes: the news texts are nearly all ASCII)."""
    parts, n = [], 0
    while n < size:
        for t in texts:
            parts.append(t.strip())
            n += len(t) + 2
            if n >= size:
                break
    text = "\n\n".join(parts)
    return text[: text.rfind("\n\n", 0, size)]


def cpu_seconds(text: str, folder: Path, repeat: int) -> tuple[float, int]:
    """The fastest CPU time of loading ``text`` from a .txt file and profiling it, and its words."""
    from analysis.corpus.load import load_corpus
    from analysis.measures.profile import profile_frame

    path = folder / "input.txt"
    path.write_text(text, encoding="utf-8")
    best, words = float("inf"), 0
    for _ in range(repeat):
        t0 = time.process_time()
        docs = load_corpus([path]).documents
        profile_frame(docs, jobs=1)
        best = min(best, time.process_time() - t0)
        words = int(docs["words"].sum())
    return best, words


def commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "analysis"], cwd=ROOT, capture_output=True, text=True
        )
        return out.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else "")
    except OSError:
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=100_000, help="words of the one-sentence input (default 100,000)")
    ap.add_argument("--megabytes", type=float, default=4.0, help="size of the one-document input in MB (default 4)")
    ap.add_argument("--repeat", type=int, default=2, help="runs per size; the fastest is kept (default 2)")
    ap.add_argument("--no-write", action="store_true", help="print only; do not update benchmarks/results.md")
    args = ap.parse_args(argv)
    os.environ.setdefault("FRAMING_JOBS", "1")
    import warnings

    warnings.simplefilter("ignore")  # missing-gold notes: the profile is timed the same either way

    from analysis.corpus.sentences import split_sentences
    from analysis.measures.profile import profile_document

    texts, names = source_texts()
    profile_document("Officials said the talks may resume.")  # models and lexicons loaded before timing
    cases = [
        ("one sentence", f"{args.words:,} words", lambda k: one_sentence(texts, k * args.words)),
        ("one document", f"{args.megabytes:g} MB", lambda k: one_document(texts, int(k * args.megabytes * 1e6))),
    ]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, size, make in cases:
            times = []
            for k in (1, 2):
                text = make(k)
                if name == "one sentence":
                    assert len(split_sentences(text)) == 1, "the sentence input must be one sentence"
                seconds, words = cpu_seconds(text, Path(tmp), args.repeat)
                times.append((seconds, words, len(text.encode("utf-8"))))
                print(f"{name} x{k}: {words:,} words, {times[-1][2] / 1e6:.1f} MB, {seconds:.1f} CPU s", flush=True)
            ratio = times[1][0] / times[0][0]
            rows.append((name, size, times, ratio))
    lines = [
        "## Cost linear in sentence and document length",
        "",
        f"Written by `benchmarks/linear_cost.py` on {dt.date.today().isoformat()}, commit {commit()}, "
        f"Python {platform.python_version()}, {os.cpu_count()} cores. Input words from {names} (read at run "
        "time). Each size is loaded from a .txt file and profiled in one process (`load_corpus`, then "
        f"`profile_frame(jobs=1)`); CPU seconds, the fastest of {args.repeat} runs.",
        "",
        "| input | size | words | CPU s | 2x size: words | CPU s | time ratio | target |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for name, size, ((s1, w1, _), (s2, w2, _)), ratio in rows:
        verdict = "met" if ratio <= TARGET else "NOT met"
        lines.append(
            f"| {name} | {size} | {w1:,} | {s1:.1f} | {w2:,} | {s2:.1f} | {ratio:.2f} | <= {TARGET}: {verdict} |"
        )
    lines += [
        "",
        "The time ratio is the CPU time at twice the size over the CPU time at the size: about 2 for work "
        "linear in the length, about 4 for quadratic work.",
    ]
    block = "\n".join(lines)
    print("\n" + block)
    if not args.no_write:
        results = HERE / "results.md"
        old = results.read_text(encoding="utf-8") if results.exists() else "# Benchmark results\n"
        section = f"{BEGIN}\n{block}\n{END}"
        if BEGIN in old and END in old:
            new = old[: old.index(BEGIN)] + section + old[old.index(END) + len(END) :]
        else:
            new = old.rstrip("\n") + "\n\n" + section + "\n"
        results.write_text(new, encoding="utf-8")
    return 0 if all(r[3] <= TARGET for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
