"""The framing analyses a study turns on (analysis.measures.extras): named, checked, keyed, and
scored in the same one pass as the default profile (analysis.measures.document_scores)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.corpus.sentences import document_bounds
from analysis.corpus.study import StudyError, StudySpec
from analysis.measures.context import ScoringContext
from analysis.measures.document_scores import score_documents
from analysis.measures.extras import EXTRA_ANALYSES, check_analyses

# Two sentences, three harm events: an agentless passive ("were killed": no by-phrase), a nominal
# with no agent ("the attack": no possessor, by-phrase or light-verb subject) and an active event
# with a state agent ("Iraqi forces shelled": past tense with an object).
TEXT = "Seven residents were killed in the attack on the camp. Iraqi forces shelled the camp again on Monday."


def docs(text: str = TEXT) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": ["d1"], "text": [text], "publisher": [""]})


def test_names_are_checked_and_put_in_run_order():
    assert check_analyses(["all"]) == EXTRA_ANALYSES
    # comma-separated and repeated names collapse to one run order
    assert check_analyses(["agency,techniques", "agency"]) == ("techniques", "agency")
    assert check_analyses(None) == ()
    with pytest.raises(ValueError, match="unknown analysis 'roles-x'"):
        check_analyses(["roles-x"])


def test_a_study_spec_names_an_unknown_analysis():
    with pytest.raises(StudyError, match="unknown analysis"):
        StudySpec.from_params(corpus=["seeds"], analyses="sentiment")
    assert StudySpec.from_params(corpus=["seeds"], analyses="frames").analyses == ("frames",)


def test_the_analyses_are_part_of_the_scoring_key():
    """A study scored with agency must not be read back from the cache of one scored without."""
    plain = ScoringContext.create()
    agency = ScoringContext.create(analyses=["agency"])
    assert plain.is_default and not agency.is_default
    assert plain.key != agency.key


def test_default_profile_runs_no_extra_analysis():
    d = docs()
    spans, profile, _, events, roles = score_documents(d, document_bounds(d))
    assert not {"technique", "harm_event"} & set(spans["category"])
    assert not [c for c in profile.columns if c.startswith(("technique_", "frame_", "harm_"))]
    assert events.empty and "agent" in events.columns
    assert roles.empty and "evidence_sentence" in roles.columns


def test_agency_marks_the_three_harm_events_and_counts_them():
    d = docs()
    spans, profile, _, events, _ = score_documents(d, document_bounds(d), ScoringContext.create(analyses=["agency"]))
    harm = spans[spans["category"] == "harm_event"].set_index("text")
    assert set(harm.index) == {"killed", "attack", "shelled"}
    assert harm.loc["killed", "subcategory"] == "agentless_passive"
    assert harm.loc["attack", "subcategory"] == "nominal"
    assert harm.loc["shelled", "subcategory"] == "active"
    assert harm.loc["shelled", "source_type"] == "state_forces"  # the agent's type
    assert list(events["doc_id"]) == ["d1"] * 3
    # three harm events, two without an agent
    words = profile.loc[0, "words"]
    assert profile.loc[0, "harm_events_per_1k"] == pytest.approx(1000 * 3 / words)
    assert profile.loc[0, "harm_agentless_share"] == pytest.approx(2 / 3)


def test_frames_give_one_probability_per_frame():
    from analysis.measures.frames import FRAME_COLUMNS, frame_model_available

    if not frame_model_available():
        pytest.skip("frame model not shipped in this checkout")
    d = docs()
    _, profile, _, _, _ = score_documents(d, document_bounds(d), ScoringContext.create(analyses=["frames"]))
    values = profile.loc[0, list(FRAME_COLUMNS.values())].astype(float)
    assert values.between(0, 1).all() and len(values) == len(FRAME_COLUMNS)


def test_techniques_rates_are_per_thousand_words():
    d = docs("They are terrorists, murderers and criminals, nothing but terrorists. " * 3)
    spans, profile, _, _, _ = score_documents(d, document_bounds(d), ScoringContext.create(analyses=["techniques"]))
    from analysis.measures.techniques import technique_rates

    tech = spans[spans["category"] == "technique"]
    assert len(tech) > 0  # name calling: "terrorists", "murderers" (PTC Name_Calling,Labeling)
    # the one pass gives the same rates as the detector run on its own
    alone = technique_rates(d.loc[0, "text"], document_bounds(d)[0])
    for column, value in alone.items():
        assert profile.loc[0, column] == pytest.approx(value), column


def test_roles_mark_the_evidence_mention_of_each_listed_entity():
    """Each roles row points at the mention that is its evidence: a ``role`` span on exactly that
    text, inside the evidence sentence, with the row's role and score."""
    text = (
        "Militias attacked the refugee camp on Monday, killing seven residents. "
        "The residents said the militias fired rockets at their homes. "
        "The United Nations called on the government to protect the residents."
    )
    d = docs(text)
    spans, _, _, _, roles = score_documents(d, document_bounds(d), ScoringContext.create(analyses=["roles"]))
    assert len(roles) > 0 and set(roles["role"]) <= {"hero", "villain", "victim"}
    marks = spans[spans["category"] == "role"]
    assert len(marks) == (roles["start"] >= 0).sum()
    for r in roles[roles["start"] >= 0].itertuples():
        mark = marks[(marks["start"] == r.start) & (marks["subcategory"] == r.role)].iloc[0]
        assert mark["entry"] == r.entity and mark["probability"] == pytest.approx(r.score)
        assert text[r.start : r.end] in r.evidence_sentence
