"""CPU seconds of the document profile's steps, on the same shuffled baseline words as
``benchmarks/profile_ab.py``, in one process (after the profile's own warm-up).

    FRAMING_JOBS=1 python benchmarks/profile_parts.py [--words 150000] [module.function ...]

Each named function (default: the steps listed in :data:`STEPS`) is wrapped with a timer
(``time.process_time``) where its module defines it, so a step imported by name into another module
before the wrap is not counted; nested steps are counted in each (their times overlap). Prints the
profile's total CPU seconds and each step's, largest first. Used to see where the profile's time
goes, not as a benchmark: the total includes the timers' overhead.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

STEPS = (
    "analysis.measures.spans.document_span_rows",
    "analysis.measures.attribution.attribution_records_many",
    "analysis.measures.attribution_tagger_fast.tagger_emissions",
    "analysis.measures.attribution_tagger_fast.forward_backward",
    "analysis.measures.attribution._tagged_records",
    "analysis.measures.attribution.rule_candidates",
    "analysis.measures.attribution.type_sources",
    "analysis.measures.spans.chunk_model_scores",
    "analysis.measures.spans._lexicon_rows",
    "analysis.measures.profile_rows.profile_row",
    "analysis.measures.profile_rows.readability",
    "analysis.measures.sentence_bias.chunk_bias_probabilities",
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("steps", nargs="*", default=list(STEPS))
    ap.add_argument("--words", type=int, default=150_000)
    args = ap.parse_args()
    import measure

    docs = measure.baseline_sample(args.words)
    run = measure.task_profile(docs)
    spent: dict[str, float] = {}

    def timed(name, f):
        @functools.wraps(f)
        def wrapper(*a, **k):
            t = time.process_time()
            try:
                return f(*a, **k)
            finally:
                spent[name] = spent.get(name, 0.0) + time.process_time() - t

        return wrapper

    for step in args.steps:
        mod, fn = step.rsplit(".", 1)
        module = importlib.import_module(mod)
        setattr(module, fn, timed(step, getattr(module, fn)))
    t0 = time.process_time()
    run()
    print(f"profile CPU s {time.process_time() - t0:.2f} ({len(docs)} documents)")
    for name, s in sorted(spent.items(), key=lambda x: -x[1]):
        print(f"{s:7.2f}  {name}")


if __name__ == "__main__":
    main()
