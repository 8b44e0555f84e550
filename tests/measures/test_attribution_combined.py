"""The attribution records every table reads: rule extractor and CRF tagger combined
(:func:`analysis.measures.attribution.attribution_records`), on short constructed sentences named
as such; each expected value says why."""

from __future__ import annotations

from analysis.corpus.load import make_documents
from analysis.measures.attribution import attribution_records, combine_records, rule_records
from analysis.measures.spans import corpus_spans


def _view(text: str) -> list[tuple]:
    return [(r["cue_text"], r["source_text"], r["source_type"]) for r in attribution_records(text)]


def test_tagged_cue_grows_to_the_rule_piece_and_sources_are_cut_at_the_comma():
    # constructed: the tagger marks "to" of "According to" and runs "state TV, the ambassador"
    # together as one source; the rule cue piece restores "According to" and the two rule sources
    # it holds whole cut the run at the comma, so "told" gets "the ambassador" (a person: codebook rule 2)
    text = "According to state TV, the ambassador told reporters the talks had failed."
    assert _view(text) == [
        ("According to", "state TV", "media_outlet"),
        ("told", "the ambassador", "named_person"),
    ]


def test_non_response_kept_from_the_rules():
    # constructed: "did not respond to a request for comment" is a rule-only kind (non_response),
    # kept when no tagged cue overlaps it; the scorecard reads these records
    recs = attribution_records("The ministry did not respond to a request for comment.")
    assert [(r["cue_text"], r["source_text"], r["non_response"]) for r in recs] == [
        ("did not respond to a request for comment", "The ministry", True)
    ]


def test_nested_inner_record_is_not_kept():
    # constructed: the rules give "AFP quoted X as saying" two linked records; the combination keeps
    # the tagged outer cue only (PolNeAR train: keeping the rules' nested records cost cue F1)
    text = "AFP quoted a military spokesman as saying the troops had withdrawn."
    assert len(rule_records(text)) == 2
    assert _view(text) == [("quoted", "AFP", "media_outlet")]


def test_combine_without_tagged_runs_keeps_only_the_kept_kinds():
    # constructed: with no tagged run at all, only the rule kinds the settings keep survive
    text = "Officials said the plan was dead. The ministry did not respond to a request for comment."
    from analysis.corpus.sentences import ensure_bounds
    from analysis.measures.attribution_rules import document_quotes, rule_candidates

    bounds = ensure_bounds(text)
    quotes = document_quotes(text)
    cands = rule_candidates(text, bounds, quotes)
    kept = combine_records(text, bounds, cands, {}, quotes[1], {"keep": ("non_response",)})
    assert [r["non_response"] for r in kept] == [True]
    assert len(combine_records(text, bounds, cands, {}, quotes[1], {"keep": ("verb", "non_response")})) == 2


def test_spans_table_holds_the_same_attributions():
    # the spans table's cue and source rows are the combined records' cues and sources
    text = "According to state TV, the ambassador told reporters the talks had failed."
    docs = make_documents([{"doc_id": "d", "title": "", "text": text}], corpus="t", genre="news")
    sp = corpus_spans(docs, categories=["attribution_cue", "source"])
    recs = attribution_records(text)
    cues = sp[sp.category == "attribution_cue"]
    srcs = sp[sp.category == "source"]
    assert sorted(zip(cues.start, cues.end)) == sorted((r["cue_start"], r["cue_end"]) for r in recs)
    assert sorted(zip(srcs.start, srcs.end)) == sorted((r["source_start"], r["source_end"]) for r in recs)
