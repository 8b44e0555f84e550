"""Source-reliability scorecard: each component on named passages of the seeds and of real baselines.

Every test names the sentence it checks, the value expected and why. Baseline passages are read
with :func:`analysis.corpus.baselines.load_baseline`; a test is skipped when its corpus is not available.
"""

from __future__ import annotations

import io
import json

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from analysis.compare import scorecard as S
from analysis.corpus.load import load_seeds


@pytest.fixture(scope="module")
def seeds() -> pd.DataFrame:
    return load_seeds().documents.assign(group="seeds")


@pytest.fixture(scope="module")
def seed_card(seeds) -> S.Scorecard:
    card = S.build_scorecard(seeds, group_col="group")
    card.table["reliability_index"] = S.reliability_index(card.table)
    return card


def _baseline_doc(name: str, doc_id: str) -> pd.Series:
    from analysis.corpus.baselines import BaselineUnavailable, load_baseline

    try:
        docs = load_baseline(name)
    except BaselineUnavailable as err:  # pragma: no cover - depends on the shared data folder
        pytest.skip(f"baseline {name} not available: {err}")
    row = docs[docs["doc_id"] == doc_id]
    if row.empty:  # pragma: no cover
        pytest.skip(f"{doc_id} not in {name}")
    return row.iloc[0]


def _card_of(name: str, doc_id: str) -> S.Scorecard:
    d = _baseline_doc(name, doc_id)
    return S.document_scorecard(d["text"], d["doc_id"], d["publisher"] or None, d["title"] or None)


def _claim(card: S.Scorecard, doc_id: str, sentence_starts: str) -> pd.DataFrame:
    c = card.claims
    return c[(c["doc_id"] == doc_id) & c["sentence_text"].str.startswith(sentence_starts)]


def _sentence(card: S.Scorecard, doc_id: str, starts: str) -> pd.Series:
    s = card.sentences
    hit = s[(s["doc_id"] == doc_id) & s["text"].str.startswith(starts)]
    assert len(hit) == 1, f"expected one sentence starting {starts!r} in {doc_id}, found {len(hit)}"
    return hit.iloc[0]


# --------------------------------------------------------------------------------------------
# Claims and their sources
# --------------------------------------------------------------------------------------------


def test_seed_001_information_from_inside_iran_is_unverifiable(seed_card):
    # Seed 001 (quds-massacre-plan): "According to the information obtained from inside Iran, the
    # terrorist Quds Force once again intends to attack Camp Liberty ..." The source is an
    # unnamed channel nobody can ask: unverifiable, not checkable, and the sentence has no hedge.
    # The CRF tagger also reads "the terrorist Quds Force ... intends" as an attribution (a second
    # claim in the sentence, with its own source); the "According to" claim is the one meant here.
    rows = _claim(seed_card, "quds-massacre-plan", "According to the information obtained from inside Iran")
    rows = rows[rows["cue_text"] == "According to"]
    assert len(rows) == 1
    assert rows.iloc[0]["source_text"] == "the information obtained from inside Iran"
    row = rows.iloc[0]
    assert row["source_type"] == "anonymous_unverifiable"
    assert row["source_class"] == "unverifiable"
    assert not row["checkable"]
    assert not row["hedged"]  # asserted as fact: "intends to attack", no "reportedly"/"may"


def test_seed_002_us_embassy_is_an_official_institution(seed_card):
    # Seed 002 (ramadan-attack-order): 'U.S. Embassy warned on July 26: “Terror attacks have claimed
    # lives ...”' The U.S. Embassy is an official institution a reader can contact: checkable.
    rows = _claim(seed_card, "ramadan-attack-order", "U.S. Embassy warned on July 26")
    row = rows[rows["source_text"].str.contains("Embassy")].iloc[0]
    assert row["source_type"] == "official_institution"
    assert row["source_class"] == "checkable" and row["checkable"]


def test_reuters_minister_quoted_by_tehran_radio_is_named_and_checkable():
    # reuters-20090, sentence 1: "U.S. Attacks on two Iranian oil platforms in the Gulf ... caused
    # damage estimated at 500 mln dlrs, Tehran Radio quoted Iranian Oil Minister Gholamreza
    # Aqazadeh as saying." The spans table keeps the tagged outer cue "quoted" with its source, the
    # named outlet (media_outlet, checkable); the rules' inner record for the minister is not kept
    # (PolNeAR train scored the rules' nested records worse: analysis.measures.attribution).
    card = _card_of("reuters", "reuters-20090")
    rows = card.claims[card.claims["sentence_text"].str.contains("Tehran Radio quoted")]
    row = rows[rows["cue_text"] == "quoted"].iloc[0]
    assert row["source_text"] == "Tehran Radio"
    assert row["source_type"] == "media_outlet"
    assert row["checkable"]


def test_source_shares_sum_to_one_and_match_the_claims(seed_card):
    # The four class shares partition each document's claims; named_source_share is the share
    # of checkable claims in the claims table (same rows, same rule).
    t = seed_card.table
    total = t[
        [
            "named_source_share",
            "source_anonymous_unverifiable_share",
            "source_self_reference_share",
            "source_unspecified_share",
        ]
    ].sum(axis=1)
    assert np.allclose(total, 1.0)
    for doc_id, g in seed_card.claims.groupby("doc_id"):
        row = t[t["doc_id"] == doc_id].iloc[0]
        assert row["claims"] == len(g)
        assert row["named_source_share"] == pytest.approx(g["checkable"].mean())


def test_scorecard_source_shares_are_the_profiles(seeds, seed_card):
    # One name, one definition (issue 14): the scorecard's source_<type>_share columns are the
    # profile's columns of the same name, computed by source_types.source_type_shares from the
    # same attributions. Seed 001 cites "information obtained from inside Iran" (anonymous), so
    # at least one seed has a non-zero anonymous share and the check is not vacuous.
    from analysis.measures.profile import profile_frame

    cols = ["source_anonymous_unverifiable_share", "source_self_reference_share", "source_unspecified_share"]
    prof = profile_frame(seeds).set_index("doc_id")[cols]
    card = seed_card.table.set_index("doc_id")[cols].loc[prof.index]
    assert (card["source_anonymous_unverifiable_share"] > 0).any()
    pd.testing.assert_frame_equal(card.astype(float), prof.astype(float), check_names=False)


def test_no_claim_gives_undefined_shares():
    # A text with no attribution at all: shares are NaN (undefined), never 0.
    card = S.document_scorecard("Heavy rain fell on Monday. The river rose by two metres.", "x")
    row = card.table.iloc[0]
    assert row["claims"] == 0
    assert np.isnan(row["named_source_share"]) and np.isnan(row["anonymous_claims_hedged_share"])


# --------------------------------------------------------------------------------------------
# Unattributed assertions of fact
# --------------------------------------------------------------------------------------------


def test_seed_001_khamenei_order_is_an_unattributed_assertion(seed_card):
    # Seed 001: "The February 9 rocket attack on Camp Liberty that killed seven resident and wounded
    # over 100 was carried out at the order of Iranian regime’s Supreme Leader Ali Khamenei ..."
    # A factual claim (past verbs, date, numbers), in the author's voice, with no source: counted.
    row = _sentence(seed_card, "quds-massacre-plan", "The February 9 rocket attack on Camp Liberty")
    assert row["statement"] and row["factual"] and not row["attributed"] and row["voice"] == "authorial"
    assert row["unattributed_assertion"]


def test_seed_001_bullet_and_call_to_action_are_not_statements(seed_card):
    # "• The residents must be immediately be returned to Camp Ashraf": a bullet with no final
    # punctuation, not a statement. "The Iranian Resistance once again warns ... and calls on the US
    # government ...": a call to action, not a factual assertion.
    bullet = _sentence(seed_card, "quds-massacre-plan", "• The residents must")
    assert not bullet["statement"] and bullet["excluded_because"] == "no terminal punctuation"
    call = _sentence(seed_card, "quds-massacre-plan", "The Iranian Resistance once again warns")
    assert not call["statement"] and call["excluded_because"] == "call to action"


def test_should_inside_someone_elses_quote_is_not_a_call_to_action(seed_card):
    # Seed 001: "On Wednesday, March 6, ... IRNA quoted the acting director of Iraq’s Ministry of
    # Interior, Adnan Assadi, ... as saying: “... we believe that we should have good ...
    # cooperation ...”" The "should" is Assadi's, inside his quotation: the sentence is a statement,
    # and it is attributed (IRNA quoted ... as saying).
    row = _sentence(seed_card, "quds-massacre-plan", "On Wednesday, March 6")
    assert row["statement"] and row["factual"] and row["attributed"]
    assert not row["unattributed_assertion"]


def test_seed_002_evaluation_without_facts_is_not_a_factual_assertion(seed_card):
    # Seed 002: "Everything bespeaks of plotting for another massacre." No finite verb of the
    # list, no date, number or name: an evaluation, a statement but not a factual assertion.
    row = _sentence(seed_card, "ramadan-attack-order", "Everything bespeaks")
    assert row["statement"] and not row["factual"] and not row["unattributed_assertion"]


def test_unattributed_share_is_unattributed_over_factual(seed_card):
    t = seed_card.table
    assert (t["unattributed_assertion_share"] == t["unattributed_assertions"] / t["factual_assertions"]).all()
    assert t["unattributed_assertion_share"].between(0, 1).all()


# --------------------------------------------------------------------------------------------
# Concrete, checkable detail
# --------------------------------------------------------------------------------------------


def test_seed_002_dates_numbers_and_names(seed_card):
    # Seed 002: "On 5 April 2013, the National Council of Resistance disclosed ..." (date, name),
    # "Reciprocally, he promised them 107mm missiles ..." (number with unit), "On February 11, the
    # U.S. Embassy in Iraq declared ..." (date, name).
    d = seed_card.details[seed_card.details["doc_id"] == "ramadan-attack-order"]
    dates, numbers, names = (set(d.loc[d["kind"] == k, "text"]) for k in ("date", "number", "name"))
    assert {"5 April 2013", "February 11", "July 26", "February 2013"} <= dates
    assert "107mm" in numbers and "200" in numbers
    assert {"National Council of Resistance", "U.S. Embassy", "Government of Iraq"} <= names


def test_detail_rules_on_plain_sentences():
    text = (
        "Officials met in Baghdad on Wednesday, March 6, and again on 2013-03-07. Hundreds of meetings "
        "have gone nowhere since 1999. Following the meeting, Heydar Moslehi said seven people died "
        "and 3,200 refugees remain."
    )
    d = S.find_details(text)
    by_kind = {k: list(g["text"]) for k, g in d.groupby("kind")}
    # "Wednesday, March 6" is one date (weekday + month day), the ISO date and "since 1999" are dates
    assert by_kind["date"] == ["Wednesday, March 6", "2013-03-07", "1999"]
    # "Hundreds of meetings" is vague, not a number; "seven people" and "3,200" are numbers
    assert by_kind["number"] == ["seven people", "3,200"]
    # "Heydar Moslehi" is a name; "Following the meeting" (capitalised only by position) is not
    assert by_kind["name"] == ["Heydar Moslehi"]


def test_details_per_1k_use_body_words(seed_card):
    t = seed_card.table
    expected = 1000 * (t["dates"] + t["numbers"] + t["names"]) / t["body_words"]
    assert np.allclose(t["checkable_details_per_1k"], expected)
    assert (t["body_words"] < t["words"]).all()  # the headline is left out of the body


# --------------------------------------------------------------------------------------------
# The other side's response
# --------------------------------------------------------------------------------------------


def test_reuters_iran_denied_as_baseless_is_an_other_side_response():
    # reuters-8675: "Iran denied as baseless reports that it intended to threaten shipping in the
    # Gulf ..." The accused party's denial: detected, with its sentence index and text.
    card = _card_of("reuters", "reuters-8675")
    row = card.table.iloc[0]
    assert row["other_side_response"]
    hit = card.responses[card.responses["text"].str.startswith("Iran denied as baseless reports")]
    assert len(hit) == 1 and hit.iloc[0]["pattern"] == "denial"
    assert row["other_side_count"] == len(card.responses) >= 1


def test_wikinews_iran_denied_the_accusation_is_detected():
    # wikinews-2020-009: "For several days Iran denied the accusation." A denial: detected.
    card = _card_of("wikinews", "wikinews-2020-009")
    assert card.responses["text"].str.contains("For several days Iran denied the accusation.").any()


def test_denied_without_an_accusation_is_not_a_response():
    # whitehouse-070: "For decades, Iran’s regime has denied fundamental freedoms to its people ..."
    # "denied" here means withheld, not a reply to an accusation: not detected.
    d = _baseline_doc("whitehouse", "whitehouse-070")
    hits = S.find_other_side(d["text"])
    assert not hits["text"].str.contains("denied fundamental freedoms").any()


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The ministry did not respond to a request for comment.", "not_reached"),
        ("Mr Smith could not be reached for comment.", "not_reached"),
        ("The company declined to comment.", "no_comment"),
        ("The government rejected the accusation on Monday.", "rejection"),
        ("Qawi was later accused of inciting the murder, which he denied.", "denial_relative"),
        ("Congress has repeatedly denied funding for such a wall.", None),  # withheld money: no response
        ("The players will be denied entry to all tournaments.", None),  # refused entry: no response
    ],
)
def test_other_side_patterns(sentence, expected):
    hits = S.find_other_side(sentence)
    assert (hits["pattern"].tolist() or [None]) == [expected]


def test_no_seed_gives_the_other_sides_response(seed_card):
    # Read all five: none reports a denial, a no-comment or an unanswered request from Iran, the
    # Iraqi government, al-Batat, ISNA or anyone else they accuse.
    assert not seed_card.table["other_side_response"].any()
    assert (seed_card.table["other_side_count"] == 0).all() and seed_card.responses.empty


# --------------------------------------------------------------------------------------------
# Hedging of unverifiable claims
# --------------------------------------------------------------------------------------------


def test_seed_anonymous_claims_are_not_hedged(seed_card):
    # Seeds 001, 002, 004 each rest one claim on "information obtained from (inside) Iran" /
    # "reports received from inside Iran", stated without a hedge: share hedged 0. Seeds 000 and
    # 003 have no anonymous claim: the share is undefined (NaN).
    t = seed_card.table.set_index("doc_id")
    for doc in ("quds-massacre-plan", "ramadan-attack-order", "isis-cooperation-reports"):
        assert t.loc[doc, "anonymous_claims"] >= 1
        assert t.loc[doc, "anonymous_claims_hedged_share"] == 0.0
    for doc in ("batat-threats", "moslehi-baghdad-visit"):
        assert t.loc[doc, "anonymous_claims"] == 0 and np.isnan(t.loc[doc, "anonymous_claims_hedged_share"])


def test_wikinews_reportedly_is_hedged_and_according_to_reports_is_not():
    # wikinews-2019-011: "The crash reportedly killed seven." -> anonymous, hedged ("reportedly").
    # "According to reports, of the 40 passengers, 22 were Cuban." -> anonymous, not hedged: the
    # same rule that flags the seeds flags a neutral baseline.
    card = _card_of("wikinews", "wikinews-2019-011")
    c = card.claims
    hedged = c[c["sentence_text"] == "The crash reportedly killed seven."].iloc[0]
    assert hedged["source_type"] == "anonymous_unverifiable" and hedged["hedged"] and "reportedly" in hedged["hedges"]
    bare = c[c["sentence_text"].str.startswith("According to reports, of the 40 passengers")].iloc[0]
    assert bare["source_type"] == "anonymous_unverifiable" and not bare["hedged"]
    row = card.table.iloc[0]
    assert 0 < row["anonymous_claims_hedged_share"] < 1


# --------------------------------------------------------------------------------------------
# Index, sensitivity, words, figure, command line
# --------------------------------------------------------------------------------------------


def _toy_table() -> pd.DataFrame:
    rows = []
    for i, (g, named, details) in enumerate(
        [("seeds", 0.2, 20), ("seeds", 0.3, 30), ("base", 0.8, 80), ("base", 0.7, 70), ("base", 0.9, 90)]
    ):
        rows.append(
            {
                "doc_id": f"d{i}",
                "group": g,
                "claims": 10,
                "named_source_share": named,
                "source_anonymous_unverifiable_share": 0.1,
                "source_self_reference_share": 0.1,
                "unattributed_assertion_share": 0.5,
                "checkable_details_per_1k": details,
                "other_side_response": g == "base",
                "anonymous_claims_hedged_share": np.nan,
            }
        )
    return pd.DataFrame(rows)


def test_index_formula_and_weights():
    t = _toy_table()
    comps = S.index_components(t)
    assert list(comps.columns) == list(S.INDEX_COMPONENTS)
    assert ((comps >= 0) & (comps <= 1)).all().all()
    # d0 (ten claims, a table without the issue-25 columns): named 0.2, identified 0, not_bare 0,
    # sources 0, documents 0, contact 0, not_unverifiable 0.9, not_self 0.9, attributed_facts 0.5,
    # detail 0.2, dates 0, other_side 0, anonymous_hedged 1 (claims, none anonymous)
    # -> equal-weight mean 3.7 / 13
    assert len(S.INDEX_COMPONENTS) == 13
    assert S.reliability_index(t, "equal").iloc[0] == pytest.approx(3.7 / 13)
    # a text that attributes nothing scores 0 on every sourcing component, never 1 (issue 25)
    none = S.index_components(t.assign(claims=0, named_source_share=np.nan))
    assert (none[["named", "not_bare", "not_unverifiable", "not_self", "anonymous_hedged"]] == 0).all().all()
    assert S.reliability_index(t, {"named": 1.0}).iloc[0] == pytest.approx(0.2)
    # the default is the published fitted weights (analysis/models/reliability_weights.json)
    from analysis.compare.reliability_index import published_weights

    assert S.reliability_index(t).iloc[0] == pytest.approx(S.reliability_index(t, published_weights()).iloc[0])
    assert sum(published_weights().values()) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        S.reliability_index(t, {"nonsense": 1.0})


def test_weight_sensitivity_is_deterministic_and_bounded():
    t = _toy_table()
    a = S.weight_sensitivity(t, "group", studied="seeds", n_weights=200, seed=0)
    b = S.weight_sensitivity(t, "group", studied="seeds", n_weights=200, seed=0)
    pd.testing.assert_frame_equal(a, b)
    assert set(a["baseline"]) == {"all baselines", "base"}
    assert a["share_below_median"].between(0, 1).all()
    # the toy seeds are worse on named sources, detail and the other side, equal elsewhere:
    # below the baseline median under every weight vector (ties need all weight on equal parts)
    assert a.attrs["share_all_below"] > 0.95 and a.attrs["n_weights"] == 200


def test_explain_states_the_numbers(seed_card):
    row = seed_card.table.set_index("doc_id").loc["quds-massacre-plan"].to_dict() | {"doc_id": "quds-massacre-plan"}
    text = S.explain(row)
    assert f"attributes {row['claims']} statements" in text
    assert "One claim rests on an anonymous or unverifiable source; it is stated as fact" in text
    assert "no denial" in text and "not whether the claims are true" in text
    assert f"{row['dates']} dates" in text


def test_figure_has_panels_caption_and_n(seed_card):
    table = pd.concat([seed_card.table, _toy_table().assign(group="base").iloc[2:]], ignore_index=True)
    table["reliability_index"] = S.reliability_index(table)
    from analysis.report.scorecard_figure import FIGURE_PANELS, scorecard_figure

    fig = scorecard_figure(table, "group", source="test frame")
    titles = [ax.get_title() for ax in fig.axes if ax.get_visible()]
    assert len(titles) == len(FIGURE_PANELS)
    caption = " ".join(t.get_text() for t in fig.texts)
    assert "Source: test frame" in caption and "seeds n=5" in caption and "base n=3" in caption
    plt.close(fig)


def test_cli_scorecard_is_registered():
    import analysis.cli.app as cli

    cli._register_optional_commands()
    assert "scorecard" in cli.COMMANDS


def test_cli_scorecard_prints_one_row_per_seed():
    # A parser of its own: analysis.cli.app.main keeps registered sub-commands in module state, so a
    # second main() in one process may meet sub-commands added twice by other modules.
    import argparse

    from analysis.cli.app import emit
    from analysis.cli.scorecard import add_parser, cmd_scorecard
    from analysis.config import SEEDS_DIR

    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["scorecard", str(SEEDS_DIR), "--format", "json"])
    out = io.StringIO()
    emit(cmd_scorecard(args), args.format, out)
    rows = json.loads(out.getvalue())
    assert len(rows) == 5 and {r["group"] for r in rows} == {"seeds"}
    for col in (
        "named_source_share",
        "unattributed_assertion_share",
        "checkable_details_per_1k",
        "other_side_response",
        "other_side_count",
        "source_anonymous_unverifiable_share",
        "anonymous_claims_hedged_share",
    ):
        assert col in rows[0]
