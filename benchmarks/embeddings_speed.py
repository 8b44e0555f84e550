"""Words per second of the static sentence embeddings and the sentence-bias classifier, on baseline texts.

    python benchmarks/embeddings_speed.py [--words 100000] [--corpora wikinews,whitehouse,state_dept] [--repeat 3]

Documents of the named baselines are shuffled with the project seed and taken until ``--words``
words (analysis.corpus.text.count_words). Sentence bounds are computed once beforehand, as the
profile receives them. Steps, each over all documents in this process, CPU seconds of this process:

- ``sentence_vectors, cold``: every sentence embedded, the tokeniser's word cache emptied first;
- ``sentence_vectors, warm``: the same again (words already seen are looked up, not re-split);
- ``span_vectors per document``: one call per document with its bounds (what a per-document
  profile column would do);
- ``document_vectors``: one vector per whole document;
- ``sentence_bias per document``: :func:`sentence_bias_probabilities` per document (warm);
- ``sentence_bias_table``: all sentences of all documents in one batch (warm).

The best of ``--repeat`` runs is printed for each step.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    import pandas as pd
    from measure import sentence_sample

    from analysis.measures.embeddings import document_vectors, load_embeddings, sentence_vectors, span_vectors
    from analysis.measures.sentence_bias import load_sentence_bias, sentence_bias_probabilities, sentence_bias_table

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=100_000)
    ap.add_argument("--corpora", default="wikinews,whitehouse,state_dept")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    docs, n = sentence_sample(args.corpora, args.words)
    sentences = [t[s:e] for t, b in docs for s, e in b]
    frame = pd.DataFrame({"doc_id": range(len(docs)), "text": [t for t, _ in docs]})
    bounds = [b for _, b in docs]
    emb, model = load_embeddings(), load_sentence_bias()

    def cold():
        emb.tokenizer._cache.clear()
        sentence_vectors(sentences, emb)

    steps = {
        "sentence_vectors, cold": cold,
        "sentence_vectors, warm": lambda: sentence_vectors(sentences, emb),
        "span_vectors per document": lambda: [span_vectors(t, b, emb) for t, b in docs],
        "document_vectors": lambda: document_vectors([t for t, _ in docs], emb),
        "sentence_bias per document": lambda: [sentence_bias_probabilities(t, b, model) for t, b in docs],
        "sentence_bias_table": lambda: sentence_bias_table(frame, bounds, model),
    }
    print(f"{len(docs)} documents, {len(sentences)} sentences, {n} words ({args.corpora})")
    for name, fn in steps.items():
        best = float("inf")
        for _ in range(args.repeat):
            t0 = time.process_time()
            fn()
            best = min(best, time.process_time() - t0)
        print(f"{name:28s} {best:7.2f} s  {n / best:10,.0f} words/s")


if __name__ == "__main__":
    main()
