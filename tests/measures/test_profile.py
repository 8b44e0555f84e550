"""The document profile checked against counts made by reading two seeds by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from analysis.corpus.load import load_seeds
from analysis.measures.profile import profile_frame
from analysis.measures.profile_transformer import ProfileTransformer


@pytest.fixture(scope="module")
def profile():
    return profile_frame(load_seeds().documents).set_index("doc_id")


def test_quds_massacre_plan_by_hand(profile):
    """quds-massacre-plan, 406 words. Loaded terms read off the text, sentence by sentence:
    headline "Iranian regime’s ... another massacre" (regime, massacre); "the terrorist Quds Force ...
    another massacre" (terrorist, massacre); "Iranian regime’s Supreme Leader" (regime); "such crimes
    against humanity, hours after the criminal attack" (crimes against humanity, criminal); "Iranian
    regime’s state-run news agency" (regime); "next massacre ... he said: “These are traitors and
    murderers ...”" (massacre; traitors and murderers are Adnan Assadi's words: quoted voice);
    "the clerical regime’s foreign ministry spokesman" (clerical regime); "The clerical regime is
    planning for another criminal attack" (clerical regime, criminal); "warns about another
    massacre" (massacre). 15 in all. Four are entries marked ``circular`` in loaded.csv (written
    from the seed statements: "crimes against humanity", "murderers", "clerical regime" x2); they
    stay in the spans table but are not counted, leaving 11: 10 authorial, 1 quoted (traitors).
    By subcategory: delegitimising state terms 3 (regime x3), atrocity amplifiers 4 (massacre
    x4), pejorative labels 2 (terrorist, traitors), moral outrage 2 (criminal x2)."""
    row = profile.loc["quds-massacre-plan"]
    assert row["words"] == 406
    assert row["loaded_lexicon_per_1k"] == pytest.approx(1000 * 11 / 406)
    assert row["loaded_lexicon_authorial_per_1k"] == pytest.approx(1000 * 10 / 406)
    assert row["loaded_delegitimising_state_term_per_1k"] == pytest.approx(1000 * 3 / 406)
    assert row["loaded_atrocity_amplifier_per_1k"] == pytest.approx(1000 * 4 / 406)
    assert row["loaded_pejorative_label_per_1k"] == pytest.approx(1000 * 2 / 406)
    assert row["loaded_moral_outrage_ridicule_per_1k"] == pytest.approx(1000 * 2 / 406)
    # one hedge: "we believe that we should ..." inside Assadi's quotation; no booster
    assert row["hedges_per_1k"] == pytest.approx(1000 * 1 / 406)
    assert row["boosters_per_1k"] == 0
    assert row["booster_hedge_ratio"] == pytest.approx(0.5 / 1.5)
    # two direct quotations, 26 + 22 words counted by hand ("We do not have any limits ... in all
    # fields." and "These are traitors ... security and stability.")
    assert row["quoted_word_share"] == pytest.approx(48 / 406)


def test_moslehi_baghdad_visit_by_hand(profile):
    """moslehi-baghdad-visit, 448 words: 13 loaded terms, all in the statement's own voice:
    "regime" in the headline and in "The Iranian regime’s Minister", "the Iranian regime’s
    state-run TV", "affiliated to the Iranian regime", "the Iranian regime’s Quds force", "the
    regime Supreme Leader", "Iranian regime’s Revolutionary Guard", "signals the Iranian regime"
    (8); "massacre" twice ("another massacre of 3,200", "ominous plans for another massacre");
    "terrorist groups"; "the criminal acts of explosions"; "ominous plans". Moslehi's quoted
    "fighting terrorism" is not a loaded entry (the lexicon lists the label "terrorist", not the
    noun for the activity)."""
    row = profile.loc["moslehi-baghdad-visit"]
    assert row["words"] == 448
    assert row["loaded_lexicon_per_1k"] == pytest.approx(1000 * 13 / 448)
    assert row["loaded_lexicon_authorial_per_1k"] == pytest.approx(1000 * 13 / 448)
    assert row["loaded_delegitimising_state_term_per_1k"] == pytest.approx(1000 * 8 / 448)
    assert row["loaded_atrocity_amplifier_per_1k"] == pytest.approx(1000 * 2 / 448)
    # no hedge anywhere in the statement: "we hope that this group will be expelled" is Moslehi's
    # wish, and the lexicon does not count "hope" as an epistemic hedge
    assert row["hedges_per_1k"] == 0


def test_source_shares_sum_to_one(profile):
    cols = [c for c in profile.columns if c.startswith("source_") and c.endswith("_share")]
    assert np.allclose(profile[cols].sum(axis=1), 1.0)


def test_profile_transformer_in_a_pipeline():
    docs = load_seeds().documents
    tr = ProfileTransformer()
    X = tr.fit_transform(docs["text"])
    names = tr.get_feature_names_out()
    assert X.shape == (5, len(names)) and "loaded_per_1k" in names
    # the transformer's loaded rate is the profile's (no publisher needed for loaded terms)
    col = list(names).index("loaded_per_1k")
    assert X[2, col] == pytest.approx(profile_frame(docs).iloc[2]["loaded_per_1k"])
    pipe = make_pipeline(ProfileTransformer(), StandardScaler(), LogisticRegression())
    y = np.array([1, 0, 1, 0, 1])
    pipe.fit(docs["text"], y)
    assert pipe.predict_proba(docs["text"]).shape == (5, 2)


def test_quoted_word_share_counts_nested_quotations_once():
    """A straight quotation nested in an unclosed curly one: “ opens a quotation capped at the
    paragraph end (6 words: the regime is evil and more) and the straight quotation inside it
    covers 4 of those words again. Counting each region on its own gave 10 quoted words in an
    8-word text (share 1.25); merged, the 6 words after the opening mark are quoted once."""
    from analysis.corpus.load import make_documents

    text = 'He said “"the regime is evil" and more.'
    docs = make_documents([{"doc_id": "nested", "text": text}], corpus="t", genre="t")
    row = profile_frame(docs).iloc[0]
    assert 0.0 <= row["quoted_word_share"] <= 1.0
    assert row["words"] == 8
    assert row["quoted_word_share"] == pytest.approx(6 / 8)


def test_attribution_measures_on_four_plain_sentences():
    """Four sentences read by hand: "The minister said ..." (a single office holder: a named
    person under the codebook, docs/source-types.md), "Sources said ..." (anonymous/unverifiable),
    "Heavy rain fell on Monday." (no attribution), "John Smith told reporters ..." (named person).
    3 attributions in 3 of 4 sentences; two thirds named person, one third anonymous; two
    distinct named sources (the minister, John Smith; the anonymous "Sources" is not named)."""
    from analysis.measures.profile import profile_document

    text = (
        "The minister said the talks would continue. Sources said the plan had failed. "
        "Heavy rain fell on Monday. John Smith told reporters that the minister was right."
    )
    row = profile_document(text, "plain")
    assert row["attributions"] == 3 and row["sentences"] == 4
    assert row["attributed_sentence_share"] == pytest.approx(3 / 4)
    assert row["source_named_person_share"] == pytest.approx(2 / 3)
    assert row["source_anonymous_unverifiable_share"] == pytest.approx(1 / 3)
    assert row["source_official_institution_share"] == 0
    assert row["source_self_reference_share"] == 0 and row["source_unspecified_share"] == 0
    assert row["named_sources_distinct"] == 2


def test_model_measure_and_strong_subjective_rate_on_one_statement():
    """ "The regime's thugs massacred peaceful protesters in Tehran. The vote was held on Monday."
    (14 words). The context model marks one span, "regime's thugs massacred peaceful", in the
    author's voice; the second sentence is plain report. MPQA lists "massacred" and "protesters"
    as strong-subjective clues: 2 clues. Both need the benchmark folder (model features, MPQA)."""
    from analysis.measures.profile import profile_document
    from analysis.measures.profile_rows import mpqa_strong_pattern
    from analysis.measures.spans import context_model

    if context_model() is None or mpqa_strong_pattern() is None:
        pytest.skip("context model / MPQA clues need the benchmark folder (../shared/benchmarks)")
    row = profile_document(
        "The regime's thugs massacred peaceful protesters in Tehran. The vote was held on Monday.", "model"
    )
    assert row["words"] == 14
    assert row["loaded_model_per_1k"] == pytest.approx(1000 / 14)
    assert row["loaded_model_authorial_per_1k"] == pytest.approx(1000 / 14)
    assert row["strong_subjective_per_1k"] == pytest.approx(2000 / 14)


def test_headline_loaded_rate_counts_words_in_model_spans():
    """The same 14-word statement: the headline ``loaded_per_1k`` counts the words inside the
    context model's span "regime's thugs massacred peaceful" (4 words: WORD_RE keeps "regime's"
    whole), so 4000/14, all in the author's voice; the lexicon component counts its own matches
    ("regime", "thugs", "massacred": 3 terms) and the model component the one span."""
    from analysis.measures.profile import profile_document
    from analysis.measures.spans import context_model

    if context_model() is None:
        pytest.skip("the context model needs the benchmark folder (../shared/benchmarks)")
    row = profile_document(
        "The regime's thugs massacred peaceful protesters in Tehran. The vote was held on Monday.", "model"
    )
    assert row["loaded_per_1k"] == pytest.approx(4000 / 14)
    assert row["loaded_authorial_per_1k"] == pytest.approx(4000 / 14)
    assert row["loaded_model_per_1k"] == pytest.approx(1000 / 14)
    assert row["loaded_lexicon_per_1k"] == pytest.approx(3000 / 14)


def test_no_model_span_below_the_calibrated_threshold_on_the_seeds():
    # the loader starts spans at max(hi, draw_threshold) = 0.12 (chosen by CV, sidecar): every
    # drawn span of the five seeds has a token at 0.12 or more
    from analysis.measures.spans import context_model

    model = context_model()
    if model is None:
        pytest.skip("the context model needs the benchmark folder (../shared/benchmarks)")
    assert model.hi == pytest.approx(0.12) == pytest.approx(model.meta["draw_threshold"])
    docs = load_seeds().documents
    spans = [p for t in docs["text"] for _, _, p in model.spans(t)]
    assert spans and min(spans) >= 0.12


def test_web_addresses_are_not_loaded_language():
    # a model span over "pic.twitter.com/x1" (a PTC article's trailing link) is not language: no row
    from analysis.measures.spans import _model_rows

    class Fake:
        meta = {"citation": "fake"}

        def spans(self, text, bounds):
            return [(0, 6, 0.9), (12, 30, 0.93)]

    text = "Thugs! See pic.twitter.com/x1 now"
    rows = _model_rows(text, Fake(), [(0, len(text))])
    assert [r[2] for r in rows] == ["Thugs!"]


def test_named_sources_per_1k_is_the_count_per_1000_words():
    # "Mayor Anne Hidalgo said ... Reuters reported ...": two distinct named sources (a person and
    # an outlet) in a text of N words; the rate is 1000 * 2 / N, whatever the text's length
    text = (
        "Paris votes\n\nMayor Anne Hidalgo said on Monday that the plan would go ahead. "
        "Reuters reported that the council had approved it by a wide margin."
    )
    row = profile_frame(pd.DataFrame({"doc_id": ["p"], "text": [text]})).iloc[0]
    assert row["named_sources_distinct"] == 2
    assert row["named_sources_per_1k"] == pytest.approx(1000 * 2 / row["words"])
