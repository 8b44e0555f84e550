"""Scoring a study in one pass, in cached chunks on every core, gives exactly the tables of the
serial functions (corpus_spans, profile_frame, attributions_table)."""

from __future__ import annotations

import pandas as pd
import pytest

pytestmark = pytest.mark.requires_shared


@pytest.fixture(scope="module")
def study():
    from analysis.corpus.sentences import document_bounds
    from analysis.corpus.study import StudySpec, study_documents
    from analysis.measures.context import ScoringContext

    docs = study_documents(StudySpec.from_params(max_docs=12)).documents
    return docs, document_bounds(docs), ScoringContext.create(documents=docs)


def test_chunked_parallel_scores_equal_the_serial_tables(study, tmp_path, monkeypatch):
    from analysis.measures.attributions_table import attributions_table
    from analysis.measures.profile import profile_frame
    from analysis.measures.spans import corpus_spans
    from analysis.pipeline import scoring

    docs, bounds, ctx = study
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(scoring, "CHUNK_WORDS", 5_000)  # many chunks, several per group
    assert len(scoring._chunks(docs, "group")) > docs["group"].nunique()
    spans = corpus_spans(docs, bounds=bounds, context=ctx)
    profile = profile_frame(docs, spans, bounds=bounds, context=ctx)
    attributions = attributions_table(docs).reset_index(drop=True)
    for jobs in (2, 1):  # scored in two worker processes, then read back from the Parquet chunk cache
        s, p, a, *_framing = scoring.score_study(docs, bounds, ctx, "group", jobs=jobs)
        pd.testing.assert_frame_equal(s, spans, check_exact=True)
        pd.testing.assert_frame_equal(p, profile, check_exact=True)
        pd.testing.assert_frame_equal(a, attributions, check_exact=True, check_dtype=False)
    chunks = list((tmp_path / "results").glob("scores-*"))
    assert len(chunks) == len(scoring._chunks(docs, "group"))
    assert all((c / "spans.parquet").is_file() for c in chunks)  # tables a user can open, no pickle


def test_a_chunk_never_spans_two_groups(study):
    from analysis.pipeline.scoring import _chunks

    docs, _, _ = study
    for a, b in _chunks(docs, "group"):
        assert docs["group"].iloc[a:b].nunique() == 1
    assert sum(b - a for a, b in _chunks(docs, "group")) == len(docs)


def test_profile_on_two_cores_equals_the_profile_in_one_process(study, monkeypatch):
    from analysis.measures import profile as profile_module
    from analysis.measures.profile import profile_frame

    docs, _, _ = study
    serial = profile_frame(docs, jobs=1)
    monkeypatch.setattr(profile_module, "PARALLEL_MIN_WORDS", 0)  # this small corpus, cut in chunks
    pd.testing.assert_frame_equal(profile_frame(docs, jobs=2), serial, check_exact=True)
