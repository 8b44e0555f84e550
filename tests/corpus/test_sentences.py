"""Sentences are split once (analysis.corpus.sentences.document_bounds) and every later step reads
those bounds instead of splitting again."""

from __future__ import annotations

import pandas as pd

from analysis.corpus.load import load_seeds
from analysis.corpus.sentences import document_bounds, split_sentences
from analysis.measures.profile import profile_frame


def test_document_bounds_split_each_text_once_in_row_order():
    docs = load_seeds().documents
    bounds = document_bounds(docs)
    assert len(bounds) == len(docs)
    assert bounds == [split_sentences(t) for t in docs["text"]]
    # the seeds frame already counts its sentences at load: the same splitter, the same count
    assert [len(b) for b in bounds] == list(docs["sentences"])


def test_stored_bounds_are_read_not_recomputed():
    docs = load_seeds().documents.head(1)
    text = docs["text"].iloc[0]
    whole = [(0, len(text))]  # the whole document as one sentence: only a stored column can say so
    stored = docs.assign(sentence_bounds=[whole])
    assert document_bounds(stored) == [whole]


def test_profile_reads_the_bounds_it_is_given(quiet):
    docs = load_seeds().documents.head(1)
    text = docs["text"].iloc[0]
    split = profile_frame(docs)
    given = profile_frame(docs, bounds=[[(0, len(text))]])
    assert split["sentences"].iloc[0] == len(split_sentences(text)) > 1
    assert given["sentences"].iloc[0] == 1
    assert isinstance(given, pd.DataFrame)
