"""Words per second of the agency analysis (harm events + agency profile) on baseline text.

Reads about 100,000 words of real baselines, a quarter from each (Wikinews, Reuters-21578 Iran/Iraq, AG News World,
State Department reports: the shared folder), and times :func:`analysis.measures.agency.agency_tables`
in this process (CPU seconds, after one warm-up document loads the tagger), beside the cost of the
parts: the lexicon scan alone, and POS tagging of the sentences that have a harm word. Run::

    FRAMING_DATA_DIR=../shared/baselines python benchmarks/agency_speed.py [WORDS]
"""

from __future__ import annotations

import json
import sys
import time

import pandas as pd

from analysis.corpus.baselines import load_baseline
from analysis.corpus.text import count_words
from analysis.measures.agency import agency_tables, harm_lexicon
from analysis.measures.pos_tags import load_pos_tagger


def sample(words: int = 100_000) -> pd.DataFrame:
    """Whole documents of four baselines, about a quarter of ``words`` from each, in file order."""
    rows = []
    for name in ("wikinews", "reuters", "ag_news", "state_dept"):
        total = 0
        for r in load_baseline(name).itertuples():
            if total >= words // 4:
                break
            rows.append({"doc_id": r.doc_id, "text": r.text})
            total += count_words(r.text)
    return pd.DataFrame(rows)


def main(words: int = 100_000) -> dict:
    docs = sample(words)
    n_words = int(sum(count_words(t) for t in docs["text"]))
    tagger = load_pos_tagger()
    agency_tables(docs.head(1), tagger=tagger)
    _, pattern = harm_lexicon()
    t0 = time.process_time()
    hits = sum(1 for t in docs["text"] for _ in pattern.finditer(t))
    scan = time.process_time() - t0
    t0 = time.process_time()
    events, profile = agency_tables(docs, tagger=tagger)
    full = time.process_time() - t0
    return {
        "documents": len(docs),
        "words": n_words,
        "lexicon_hits": hits,
        "events": len(events),
        "cpu_seconds": round(full, 2),
        "words_per_cpu_second": round(n_words / full),
        "lexicon_scan_words_per_cpu_second": round(n_words / scan),
        "date": time.strftime("%Y-%m-%d"),
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000), indent=1))
