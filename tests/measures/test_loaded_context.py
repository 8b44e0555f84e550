"""Loaded language in context: the rules file (sport results, reported designations, negation,
so-called, scare quotes), noun-compound lemmas, and the context model's spans in the spans table.

Sentences are written for the tests; each test says what it expects and why. Tests that need
the context model (it reads the MPQA and Recasens lists from the benchmark folder) skip without it.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.measures.lexicon import entry_forms, get_matcher
from analysis.measures.loaded_context import check_rules, load_rules, read_rules
from analysis.measures.spans import context_model, document_spans

needs_model = pytest.mark.skipif(
    context_model() is None, reason="context model unavailable (needs the benchmark folder for MPQA/Recasens)"
)


def _loaded(text: str, categories=("loaded",)) -> pd.DataFrame:
    df = document_spans(text, categories=categories)
    return df[df["category"].isin(["loaded", "loaded_model"])].reset_index(drop=True)


def test_sport_score_is_not_loaded_lexicon():
    # "massacred" is an atrocity_amplifier entry; a 6-0 score in the sentence makes it a sport result
    assert _loaded("Liverpool massacred Leeds 6-0.").empty


def test_sport_final_is_not_loaded_lexicon():
    assert _loaded("Their rivals were slaughtered in the final on Sunday.").empty


def test_date_range_is_not_a_score():
    # "3-4 May" is a date: the massacre of villagers stays loaded (one span, entry "massacre")
    df = _loaded("Troops massacred 40 villagers on 3-4 May.")
    assert df["entry"].tolist() == ["massacre"]


@needs_model
def test_sport_result_not_loaded_by_model_either():
    # the model alone marks "massacred Leeds"; the sport rule applies to model spans too
    assert _loaded("Liverpool massacred Leeds 6-0.", ("loaded", "loaded_model")).empty


@needs_model
def test_sport_final_not_loaded_by_model_either():
    # "slaughtered in the final": the lexicon's "slaughter" is a sport result (rule), and the shipped
    # model marks no span here either (its token probabilities stay below hi): 0 loaded spans
    assert _loaded("Their rivals were slaughtered in the final on Sunday.", ("loaded", "loaded_model")).empty


def test_police_stated_is_not_police_state():
    # "police state" (noun compound) takes the plural only: "Police stated" is a report, no loaded span
    assert _loaded("Police stated that two men were arrested.").empty
    assert "police stated" not in entry_forms("police state", "lemma")
    assert _loaded("They built a police state.")["entry"].tolist() == ["police state"]


def test_thugs_and_massacre_in_a_statement_are_loaded():
    # two hand entries in the author's own voice: thug (pejorative_label), massacre (atrocity_amplifier)
    df = _loaded("The regime's thugs massacred peaceful protesters in Tehran.")
    got = df[df["entry"].isin(["thug", "massacre"])]
    assert got["entry"].tolist() == ["thug", "massacre"]
    assert set(got["voice"]) == {"authorial"}
    assert set(got["context"]) == {""}


def test_reported_designation_has_its_own_voice():
    # the label is the designating government's, reported: voice reported_designation, not authorial
    df = _loaded("In 2019 the State Department designated the group a terrorist organisation.")
    assert df["entry"].tolist() == ["terrorist"]
    assert df["voice"].tolist() == ["reported_designation"]
    df = _loaded("The group was listed as a terrorist entity.")
    assert df["voice"].tolist() == ["reported_designation"]


def test_own_terrorist_label_stays_authorial():
    df = _loaded("These terrorists murder civilians.")
    assert df.loc[df["entry"] == "terrorist", "voice"].tolist() == ["authorial"]


def test_negated_and_scare_quoted_labels():
    df = _loaded('He is not a terrorist, and the "thugs" label is unfair.')
    ctx = dict(zip(df["entry"], df["context"]))
    assert ctx == {"terrorist": "negated", "thug": "scare_quoted"}


def test_so_called_label():
    df = _loaded("The so-called regime reformers met again.")
    assert dict(zip(df["entry"], df["context"]))["regime"] == "so_called"


def test_rules_file_is_valid_and_errors_name_row_and_column():
    assert len(load_rules()) >= 6
    bad = read_rules()
    bad.loc[2, "before"] = "(unclosed"
    with pytest.raises(ValueError, match=r"row 3 \('designation_before'\), column 'before'"):
        check_rules(bad, "rules.csv")
    bad = read_rules()
    bad.loc[0, "action"] = "delete"
    with pytest.raises(ValueError, match=r"row 1 .*column 'action'"):
        check_rules(bad)


@needs_model
def test_model_spans_carry_probability_and_source():
    df = document_spans("The regime's thugs massacred peaceful protesters in Tehran.")
    m = df[df["category"] == "loaded_model"]
    assert len(m) >= 1
    assert m["probability"].between(0, 1).all()
    assert m["lexicon_source"].str.startswith("model: ").all()
    lex = df[df["category"] == "loaded"]
    assert lex["probability"].isna().all() and (lex["lexicon_source"] != "").all()


def test_lexicon_matcher_unchanged_for_plural_compounds():
    m = get_matcher("loaded")
    assert [x.text for x in m.finditer("two rogue states and their death squads")] == ["rogue states", "death squads"]


def test_circular_entries_labelled_and_not_counted():
    # "death squads" is a loaded.csv entry written from a seed statement (circular = yes): the span
    # is in the table with context "circular" but the profile does not count it; "thugs" counts
    from analysis.measures.profile import profile_document

    text = "The death squads and their thugs returned."
    df = _loaded(text)
    assert dict(zip(df["entry"], df["context"])) == {"death squad": "circular", "thug": ""}
    row = profile_document(text)
    assert row["loaded_lexicon_per_1k"] == pytest.approx(1000 * 1 / 7)


@needs_model
def test_fast_lr_path_equals_feature_path():
    # the profile's fast path (weights looked up per distinct word) must give the same token
    # probabilities as summing the weights of token_features, on text with quotes, "!", a line
    # break, flags of every lexicon and possessives
    import numpy as np

    from analysis.measures.loaded_model import load_context_model, token_features

    model = load_context_model()
    text = (
        'The regime\'s "thugs" massacred 40 protesters!\nOfficials said the so-called reformers '
        "were terrorists, and the State Department designated them."
    )
    toks, feats = token_features(text)
    np.testing.assert_allclose(model.lr_fast(text, toks), model.lr_probabilities(feats), rtol=0, atol=1e-12)


@needs_model
def test_batched_documents_score_as_each_alone():
    # the one pass scores a chunk's documents in one array pass (lr_fast_many); every window,
    # bigram and lexicon flag must stay inside its document, so each document's probabilities
    # equal a call on the document alone, bit for bit. The texts end and start with what a
    # feature looks across: a quotation mark, "!", a loaded word next to the edge, an empty text.
    from pathlib import Path

    from analysis.measures.loaded_model import load_context_model

    model = load_context_model()
    seeds = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds[:3]]
    texts += ['"Thugs!"', "", "massacre", "terrorists said the regime", '!" he said']
    batch = model.many_token_probabilities(texts)
    for text, (toks, p) in zip(texts, batch):
        alone_toks, alone = model.token_probabilities(text)
        assert toks == alone_toks
        assert p.tolist() == alone.tolist()
