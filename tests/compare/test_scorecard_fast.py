"""The fast scorecard (rows per document in plain Python, each table built once, attribution records
looked up per document, optional worker processes) gives exactly the tables of the straightforward
computation it replaced (``scorecard_reference.py``: one small DataFrame per document and step), on
the seeds and on real baseline documents: same values, dtypes, row order and columns.
"""

from __future__ import annotations

import pandas as pd
import pytest
import scorecard_reference as ref

from analysis.compare import scorecard as S

TABLES = ("table", "claims", "sentences", "details", "responses")
#: Documents per default baseline (seven baselines: ~150 documents besides the five seeds) ...
PER_BASELINE = 25
#: ... of at most this many characters (two State Department reports; the longer ones, 110-190k
#: characters each, would take most of the test's time without adding a different case).
MAX_CHARS = 50_000


def _assert_same(got: S.Scorecard, want: S.Scorecard) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(got, name), getattr(want, name), check_exact=True, obj=name)


@pytest.fixture(scope="module")
def corpus():
    """Seeds plus the first documents of each default baseline, and their attributions table."""
    from support import first_documents

    from analysis.measures.attributions_table import attributions_table

    docs = first_documents(PER_BASELINE + 5)
    docs = docs[docs["text"].str.len() <= MAX_CHARS].groupby("group", sort=False).head(PER_BASELINE)
    docs = docs.reset_index(drop=True)
    return docs, attributions_table(docs)


@pytest.mark.requires_shared
def test_fast_scorecard_equals_reference_with_attributions_table(corpus, quiet):
    # the build used by the report: attributions handed over from the spans pass
    docs, table = corpus
    assert (docs["group"] != "seeds").sum() >= 140  # the baseline documents are there
    want = ref.build_scorecard(docs, "group", attributions=table)
    assert len(want.claims) > 1000 and len(want.responses) > 0  # real claims and other-side rows compared
    _assert_same(S.build_scorecard(docs, "group", attributions=table, jobs=1), want)


@pytest.mark.requires_shared
def test_fast_scorecard_equals_reference_finding_attributions(corpus, quiet):
    docs, _table = corpus
    _assert_same(S.build_scorecard(docs, "group", jobs=1), ref.build_scorecard(docs, "group"))


@pytest.mark.requires_shared
def test_worker_processes_give_the_serial_tables(corpus, quiet, monkeypatch):
    # two processes over contiguous chunks (MIN_CHUNK_CHARS lowered so that ~155 short documents
    # make several chunks), concatenated in document order: the serial tables
    from analysis.compare import scorecard_jobs

    docs, table = corpus
    monkeypatch.setattr(scorecard_jobs, "MIN_CHUNK_CHARS", 20_000)
    assert len(scorecard_jobs.chunks(docs, 2)) > 2
    _assert_same(
        S.build_scorecard(docs, "group", attributions=table, jobs=2),
        S.build_scorecard(docs, "group", attributions=table, jobs=1),
    )


def test_seed_scorecards_equal_reference():
    # the five seeds alone (no shared data needed): the study's own documents, both routes, and
    # document_scorecard per seed with and without its attribution rows
    from analysis.corpus.load import load_seeds
    from analysis.measures.attributions_table import attributions_table

    seeds = load_seeds().documents.assign(group="seeds")
    table = attributions_table(seeds)
    _assert_same(S.build_scorecard(seeds), ref.build_scorecard(seeds))
    _assert_same(S.build_scorecard(seeds, attributions=table), ref.build_scorecard(seeds, attributions=table))
    for d in seeds.itertuples(index=False):
        att = table[table["doc_id"] == d.doc_id]
        for given in (None, att):
            _assert_same(
                S.document_scorecard(d.text, d.doc_id, d.publisher, d.title, attributions=given),
                ref.document_scorecard(d.text, d.doc_id, d.publisher, d.title, attributions=given),
            )


def test_empty_documents_and_no_attribution():
    # constructed: an empty text and a text without a cue give the same (object-typed, empty) tables
    docs = pd.DataFrame(
        {"doc_id": ["a", "b"], "text": ["", "Heavy rain fell on Monday. The river rose by two metres."]}
    )
    _assert_same(S.build_scorecard(docs, group_col=None), ref.build_scorecard(docs, group_col=None))
    empty = docs.iloc[:0]
    _assert_same(S.build_scorecard(empty, group_col=None), ref.build_scorecard(empty, group_col=None))


def test_overlapping_quoted_regions_count_as_before():
    # constructed: regions given unsorted and overlapping (quoted_voice_regions merges them; a
    # caller of sentence_table may not) take the scan instead of the bisection, same table
    from analysis.corpus.sentences import split_sentences

    text = "The minister said that we must act now. He added that the plan had failed in March."
    bounds = split_sentences(text)
    att = pd.DataFrame({"sentence": [0], "content_start": [18], "content_end": [39]})
    for regions in ([(23, 38), (20, 30)], [(60, 70), (0, 5), (3, 4), (50, 50)], [(23, 38)]):
        got = S.sentence_table(text, bounds, att, regions, doc_id="x")
        want = ref.sentence_table(text, bounds, att, regions, doc_id="x")
        pd.testing.assert_frame_equal(got, want, check_exact=True)
    assert S.sentence_table(text, bounds, att, [(23, 38), (20, 30)])["excluded_because"].tolist() == ["", ""]
