"""Words per second of the attribution CRF tagger beside the rules, on baseline texts.

    python benchmarks/attribution_tagger_speed.py [--words 100000] [--corpora wikinews,whitehouse,state_dept]

Documents of the named baselines (analysis.corpus.baselines; default the openly licensed ones) are
shuffled with the project seed and taken until ``--words`` words. Each step runs over all of them
once, in this process: the rules (``attribution_records``), the tagger without rule features,
the combination (rules, then the tagger reading them) and the combination turned into
attribution rows (``tagged_attribution_records``). Sentence bounds are computed once beforehand,
as the spans table receives them.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    from measure import sentence_sample

    from analysis.measures.attribution import attribution_records
    from analysis.measures.attribution_tagger import load_tagger, tag_document, tagged_attribution_records

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=100_000)
    ap.add_argument("--corpora", default="wikinews,whitehouse,state_dept")
    args = ap.parse_args()
    docs, n = sentence_sample(args.corpora, args.words)
    alone, combo = load_tagger(False), load_tagger(True)
    steps = {
        "rules (attribution_records)": lambda t, b: attribution_records(t, b),
        "tagger without rule features": lambda t, b: tag_document(t, b, alone),
        "combination (rules + tagger)": lambda t, b: tag_document(t, b, combo),
        "combination as attribution rows": lambda t, b: tagged_attribution_records(t, b, tagger=combo),
    }
    print(f"{len(docs)} documents, {n} words ({args.corpora})")
    for name, fn in steps.items():
        t0 = time.perf_counter()
        for t, b in docs:
            fn(t, b)
        sec = time.perf_counter() - t0
        print(f"{name:36s} {sec:7.1f} s  {n / sec:9,.0f} words/s")


if __name__ == "__main__":
    main()
