"""The rule that matches a found entity to a gold entity string of the Narrative Frames corpus
(analysis.training.roles_data), the triple counts and their bootstrap intervals
(analysis.training.roles, analysis.validate.roles). Gold strings below are entity strings as the
corpus's annotators extracted them."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.training.roles import rates, triple_counts
from analysis.training.roles_data import entity_head, names_gold, normalise_entity, outlet_key
from analysis.validate.roles import bootstrap_rates


@pytest.mark.parametrize(
    "gold, forms, head, exact, why",
    [
        (
            "far-right President Jair Bolsonaro",
            ["Jair Bolsonaro", "Bolsonaro"],
            True,
            False,
            "same head word, title and epithet aside",
        ),
        ("President Trump", ["President Trump", "Trump"], True, True, "the form as written, title included"),
        ("people who are unscientific", ["the people"], True, False, "the head is the word before the relative clause"),
        ("Indigenous people of Brazil", ["Brazil"], False, False, "Brazil is the post-modifier, not the head"),
        ("the Trump administration's", ["The Trump administration"], True, True, "determiner and possessive dropped"),
        (
            "Democratic New York Rep. Alexandria Ocasio",
            ["Alexandria Ocasio-Cortez"],
            True,
            False,
            "hyphenated surname part",
        ),
        ("the U.S.", ["US"], True, True, "dots of an acronym dropped"),
        ("greenhouse gases", ["greenhouse gas"], True, False, "singular and plural heads"),
        ("they", ["the activists"], False, False, "a pronoun names no entity"),
    ],
)
def test_matching_rules(gold, forms, head, exact, why):
    assert names_gold(forms, gold, "head") is head, why
    assert names_gold(forms, gold, "exact") is exact, why


def test_normalisation_and_outlets():
    assert normalise_entity("The Trump Administration’s") == "trump administration"
    assert entity_head("EU environmental subsidies") == "subsidy"
    # the corpus spells outlets two ways; grouped folds need one key per outlet
    assert outlet_key("The Huffington Post") == outlet_key("thehuffingtonpost") == "huffingtonpost"


def test_triple_counts_and_rates():
    # article 1: gold Trump/villain and residents/victim; rows: Trump as villain (right) and as
    # hero (wrong), an entity naming no gold entity. Article 2: one gold triple, no rows.
    gold = pd.DataFrame(
        {
            "doc_id": ["1", "1", "2"],
            "entity": ["President Trump", "the residents", "farmers"],
            "role": ["villain", "victim", "victim"],
        }
    )
    rows = pd.DataFrame(
        {
            "doc_id": ["1", "1", "1"],
            "forms": [["Donald Trump", "Trump"], ["Donald Trump", "Trump"], ["the weather"]],
            "role": ["villain", "hero", "victim"],
        }
    )
    counts = triple_counts(rows, gold).set_index("doc_id")
    assert counts.loc["1"].tolist() == [2, 1, 3, 2, 1]  # gold, found, rows, named, correct
    assert counts.loc["2"].tolist() == [1, 0, 0, 0, 0]
    r = rates(counts.reset_index())
    assert r["recall"] == pytest.approx(1 / 3) and r["role_accuracy"] == pytest.approx(1 / 2)
    assert r["precision"] == pytest.approx(1 / 3)


def test_bootstrap_interval_brackets_the_value():
    counts = pd.DataFrame(
        {
            "gold": [4, 5, 3, 6, 2, 5],
            "found": [2, 1, 2, 3, 0, 4],
            "rows": [8, 9, 6, 10, 4, 9],
            "named": [4, 3, 3, 5, 1, 5],
            "correct": [3, 1, 2, 3, 0, 4],
        }
    )
    stats = bootstrap_rates(counts, n_boot=500, seed=1)
    value, lo, hi = stats["recall"]
    assert value == pytest.approx(12 / 25) and lo <= value <= hi
    assert stats["role_accuracy"][0] == pytest.approx(13 / 21)


@pytest.mark.requires_shared
def test_gold_reader_and_candidate_labels():
    from analysis.training.roles import build_candidates
    from analysis.training.roles_data import load_narrative_roles

    articles, gold = load_narrative_roles()
    assert len(articles) == 345 and articles["outlet"].nunique() == 34
    assert len(gold) == 1540 and set(gold["role"]) == {"hero", "villain", "victim"}
    # article 11: the annotators cast "President Jair Bolsonaro" (twice, with and without
    # "far-right") as villain; the entity found for him carries that label alone
    cands = build_candidates(articles[articles["doc_id"] == "11"], gold)
    him = cands.frame[cands.frame["entity"] == "Jair Bolsonaro"].iloc[0]
    assert him["main"] == 1 and him["villain"] == 1.0 and len(him["match_head"]) == 2
    assert len(cands.features) == len(cands.frame)
