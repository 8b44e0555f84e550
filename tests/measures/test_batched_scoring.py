"""The one pass scores a batch of documents at once where a detector allows it (the attribution
tagger's forward-backward pass, the context model, the sentence-bias model); every row must equal
what each document gives alone, and the batch size must not matter.

Texts: the five seeds and the first documents of the offline Lee corpus (real press releases and
news), plus an empty document and one without a word, which a batch must step over.
"""

from __future__ import annotations

import pandas as pd
import pytest
from support import seeds_and_lee

from analysis.corpus.sentences import document_bounds
from analysis.measures import spans
from analysis.measures.attribution import attribution_records, attribution_records_many
from analysis.measures.context import ScoringContext
from analysis.measures.document_scores import score_rows


@pytest.fixture(scope="module")
def docs() -> pd.DataFrame:
    d = seeds_and_lee(slice(0, 12))[["doc_id", "text", "publisher"]]
    extra = pd.DataFrame({"doc_id": ["empty", "dashes"], "text": ["", "--- !!! ---"], "publisher": [None, None]})
    return pd.concat([d.iloc[:6], extra, d.iloc[6:]], ignore_index=True)


def test_batched_attribution_records_equal_each_document_alone(docs):
    # the seeds' attributions ("information obtained from inside Iran", the NCRI's own statements)
    # and Lee news quotes: the batch's records equal one call per document, record for record
    texts = [t for t in docs["text"] if t]
    bounds = document_bounds(pd.DataFrame({"text": texts}))
    batch = attribution_records_many([(t, b, None, ()) for t, b in zip(texts, bounds)])
    alone = [attribution_records(t, b) for t, b in zip(texts, bounds)]
    assert batch == alone
    assert sum(len(r) for r in batch) > 20  # real attributions were compared, not empty lists


def test_batch_size_does_not_change_any_row(docs, monkeypatch):
    # every table of the one pass, with the sentence-bias analysis on, scored in one batch and in
    # batches of about one document (BATCH_CHARS = 1): the same rows in the same order
    bounds = document_bounds(docs)
    ctx = ScoringContext.create(analyses=["bias"])
    one = score_rows(docs, bounds, ctx)
    monkeypatch.setattr(spans, "BATCH_CHARS", 1)
    many = score_rows(docs, bounds, ctx)
    assert len(spans._batches(list(docs["text"]))) >= len(docs) - 2  # empties join the next batch
    for a, b in zip(one, many):
        assert pd.DataFrame(a).equals(pd.DataFrame(b))
    assert len(one[0]) > 100
