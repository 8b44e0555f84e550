"""The spans table on real sentences from the seeds: which spans, which voice, and why.

Counts are per named sentence (the sentence of the seed that contains the quoted words). The
attribution rows (cue, source) come from :mod:`analysis.measures.attribution`, tested there; here only their
mapping into the table (one cue row per attribution, one source row per explicit source) is
checked, so these tests do not pin down the attribution module's own choices.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from support import seed_context

from analysis import config
from analysis.corpus.sentences import split_sentences
from analysis.measures.spans import SPAN_CATEGORIES, SPAN_COLUMNS, core_mask, corpus_spans, document_spans

SEEDS = sorted(config.SEEDS_DIR.glob("*.txt"))
LEXICAL = ("loaded", "hedge", "booster")


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # regex warnings from other modules' lexicons
        yield


def seed(i: int) -> str:
    return SEEDS[i].read_text(encoding="utf-8")


_CACHE: dict[int, pd.DataFrame] = {}


def seed_spans(i: int) -> pd.DataFrame:
    if i not in _CACHE:
        _CACHE[i] = document_spans(seed(i), doc_id=SEEDS[i].stem, publisher="NCRI", context=seed_context())
    return _CACHE[i]


def in_sentence(i: int, needle: str, categories=LEXICAL) -> list[tuple[str, str, str, str]]:
    """(text, category, subcategory, voice) of the lexical spans in the seed sentence holding
    ``needle``."""
    text = seed(i)
    at = text.index(needle)
    si = next(k for k, (s, e) in enumerate(split_sentences(text)) if s <= at < e)
    df = seed_spans(i)
    df = df[(df["sentence"] == si) & df["category"].isin(categories)]
    return list(zip(df["text"], df["category"], df["subcategory"], df["voice"]))


# ------------------------------------------------------------------------------------------
# named sentences
# ------------------------------------------------------------------------------------------


def test_seed_004_opening_sentence_loaded_terms():
    """'The clerical regime’s terrorist Qods Force and its puppet government in Iraq are
    disseminating false reports and fabricating bogus scenarios ... and cause carnage.'
    6 loaded spans, all authorial. The brief's five plus 'fabricating' (entry 'fabricate',
    accusation of invented claims). Not spans: 'false' (deliberately not loaded: a truth-value
    word neutral fact-checking uses), 'Sham' in 'Islamic State of Iraq and Sham' (the Levant,
    excluded by rule not_capitalised_midsentence), 'regime' alone (inside the longer
    'clerical regime'). No hedges or boosters."""
    assert in_sentence(4, "The clerical regime’s terrorist Qods Force") == [
        ("clerical regime", "loaded", "delegitimising_state_term", "authorial"),
        ("terrorist", "loaded", "pejorative_label", "authorial"),
        ("puppet", "loaded", "pejorative_label", "authorial"),
        ("fabricating", "loaded", "moral_outrage_ridicule", "authorial"),
        ("bogus", "loaded", "moral_outrage_ridicule", "authorial"),
        ("carnage", "loaded", "atrocity_amplifier", "authorial"),
    ]


def test_seed_004_totally_false_report():
    """'... dispatched a totally false report on July 1, quoting Abbas Bayati ...: “Relevant Iraqi
    agencies have obtained information that show members ...”'. 1 lexical span: the booster
    'totally'. 'false' is not loaded; 'show' after 'that' is excluded (here a relative clause, and
    in the quotation anyway)."""
    assert in_sentence(4, "dispatched a totally false report") == [("totally", "booster", "intensifier", "authorial")]


def test_seed_004_isna_quotation_is_quoted_voice():
    """'ISNA added: “If the involvement of these individuals in terrorist operations ... is proven,
    the Iraqi government will deal them a decisive response.”' 3 spans, all quoted (ISNA speaks):
    'If' (hedge, non-core conditional), 'terrorist' (loaded), 'proven' (booster)."""
    assert in_sentence(4, "ISNA added") == [
        ("If", "hedge", "conditional", "quoted"),
        ("terrorist", "loaded", "pejorative_label", "quoted"),
        ("proven", "booster", "certainty_verb", "quoted"),
    ]


def test_seed_004_ludicrous_lies():
    """'Simultaneous with these ludicrous lies, Iraqi forces, who are supposed to protect Camp
    Liberty, ...' 2 loaded spans ('lies' is the noun here); 'supposed to' is obligation, not a
    hedge."""
    assert in_sentence(4, "Simultaneous with these ludicrous lies") == [
        ("ludicrous", "loaded", "moral_outrage_ridicule", "authorial"),
        ("lies", "loaded", "moral_outrage_ridicule", "authorial"),
    ]


def test_seed_004_massacres_inflection():
    """'Three officers who were directly involved in the massacres at Camp Ashraf and a number of
    Iraqi intelligence agents ...' 1 span: 'massacres' (entry 'massacre'). 'intelligence agents'
    is not loaded ('agent' only counts tied to the Quds Force, the regime, Tehran ...)."""
    df = seed_spans(4)
    row = df[(df["text"] == "massacres")]
    assert row["entry"].tolist() == ["massacre"]
    assert in_sentence(4, "Three officers who were directly involved") == [
        ("massacres", "loaded", "atrocity_amplifier", "authorial")
    ]
    # and the verb: 'to put on ISIS uniforms and attack and massacre the residents of Liberty'
    assert ("massacre", "loaded", "atrocity_amplifier", "authorial") in in_sentence(4, "put on ISIS uniforms")


def test_seed_001_traitors_and_murderers_are_quoted():
    """'In an outright threat for paving the way for next massacre of ... he said: “These are
    traitors and murderers of the people of Iraq and Iran ...”' 3 loaded spans: 'massacre'
    (the NCRI's own framing, authorial) and 'traitors', 'murderers' (the Iraqi official's words,
    quoted)."""
    assert in_sentence(1, "These are traitors and murderers") == [
        ("massacre", "loaded", "atrocity_amplifier", "authorial"),
        ("traitors", "loaded", "pejorative_label", "quoted"),
        ("murderers", "loaded", "pejorative_label", "quoted"),
    ]


def test_seed_001_terrorist_quds_force_is_authorial():
    """'NCRI – According to the information obtained from inside Iran, the terrorist Quds Force
    once again intends to attack Camp Liberty ... to commit another massacre.' 2 loaded spans,
    both authorial (no quotation marks)."""
    assert in_sentence(1, "the terrorist Quds Force once again") == [
        ("terrorist", "loaded", "pejorative_label", "authorial"),
        ("massacre", "loaded", "atrocity_amplifier", "authorial"),
    ]


def test_seed_001_could_not_is_not_a_hedge():
    """'... the Iraqi government announced that it could not prevent another rocket attacks ...'
    'could not' reports inability: no hedge in that sentence (its loaded spans are 'crimes
    against humanity' and 'criminal')."""
    assert in_sentence(1, "it could not prevent") == [
        ("crimes against humanity", "loaded", "atrocity_amplifier", "authorial"),
        ("criminal", "loaded", "moral_outrage_ridicule", "authorial"),
    ]


def test_seed_000_clearly_show_in_ncri_statement_is_authorial():
    """'A statement by Iranian resistance said: “These remarks clearly show the goal ... was their
    annihilation ...' 3 spans, all AUTHORIAL: the quotation is the publisher's own statement
    (source 'Iranian resistance' is a self-reference for NCRI). Boosters 'clearly' and 'show'
    (certainty verb), loaded 'annihilation'."""
    assert in_sentence(0, "These remarks clearly show") == [
        ("clearly", "booster", "certainty_adverb", "authorial"),
        ("show", "booster", "certainty_verb", "authorial"),
        ("annihilation", "loaded", "atrocity_amplifier", "authorial"),
    ]


def test_seed_000_quite_possible():
    """'“Any delay ... is unacceptable because a repeat of the catastrophe and a fourth massacre is
    quite possible at any moment ...”' (continuing the NCRI's own statement, so authorial).
    4 spans: loaded 'catastrophe', 'massacre'; booster 'quite' (Islam et al. 2020; it strengthens
    'possible' here); hedge 'possible' (epistemic adjective)."""
    assert in_sentence(0, "a fourth massacre is quite possible") == [
        ("catastrophe", "loaded", "atrocity_amplifier", "authorial"),
        ("massacre", "loaded", "atrocity_amplifier", "authorial"),
        ("quite", "booster", "intensifier", "authorial"),
        ("possible", "hedge", "epistemic_adjective", "authorial"),
    ]


def test_seed_000_mullah_title_and_labels():
    """'Mullah Wathiq al-Batat, leader of the Iraqi Hezbollah ...': 0 lexical spans ('Mullah'
    before a name is a title). '... the Hezbollah Brigades death squads and Quds agents.': 2
    loaded spans, authorial (the scare quotes around ‘Kata’ib Hezbollah’ do not cover them)."""
    assert in_sentence(0, "Mullah Wathiq al-Batat, leader") == []
    assert in_sentence(0, "Brigades death squads") == [
        ("death squads", "loaded", "pejorative_label", "authorial"),
        ("Quds agents", "loaded", "pejorative_label", "authorial"),
    ]


def test_seed_002_may_authorial_and_quoted():
    """'On February 11, the U.S. Embassy in Iraq declared that attacks similar to February 9 may
    recur at any time.' 1 hedge, authorial (indirect speech is the writer's wording).
    'U.S. Embassy warned on July 26: “Terror attacks have claimed lives ... may occur at any
    time.”' 1 hedge, quoted. 'claimed lives' is not a distancing 'claim'."""
    assert in_sentence(2, "may recur at any time") == [("may", "hedge", "modal", "authorial")]
    assert in_sentence(2, "such terror attacks may occur") == [("may", "hedge", "modal", "quoted")]


def test_negative_cases():
    """The month 'May' is not a hedge; 'sanctions regime' and 'regime change' are not loaded."""
    text = "On May 5 the UN extended the sanctions regime. Washington denies seeking regime change."
    assert document_spans(text, categories=LEXICAL).empty


# ------------------------------------------------------------------------------------------
# the table
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("i", range(len(SEEDS)))
def test_table_schema_and_offsets(i):
    text, df = seed(i), seed_spans(i)
    assert list(df.columns) == SPAN_COLUMNS
    assert len(df) > 0
    for c in ("start", "end", "sentence"):
        assert df[c].dtype == "int64"
    assert (df["text"] == [text[s:e] for s, e in zip(df["start"], df["end"])]).all()
    assert set(df["category"]) <= set(SPAN_CATEGORIES) | {"sentence_bias"}  # sentence_bias: one row per sentence
    assert set(df.loc[df["category"] != "sentence_bias", "voice"]) <= {"authorial", "quoted"}  # a sentence row has none
    assert (df["doc_id"] == SEEDS[i].stem).all()
    n_sent = len(split_sentences(text))
    assert df["sentence"].between(0, n_sent - 1).all()
    is_source = df["category"] == "source"
    assert (df.loc[is_source, "source_type"] != "").all()
    assert (df.loc[~is_source, "source_type"] == "").all()
    assert (df["lexicon_source"] != "").all() and (df["entry"] != "").all()
    assert df["start"].is_monotonic_increasing


@pytest.mark.parametrize("i", range(len(SEEDS)))
def test_attribution_rows_map_one_to_one(i):
    from analysis.measures.attribution import find_attributions

    text = seed(i)
    att = find_attributions(text, split_sentences(text), publisher="NCRI", self_names=seed_context().self_names("NCRI"))
    df = seed_spans(i)
    cues, sources = df[df["category"] == "attribution_cue"], df[df["category"] == "source"]
    assert len(cues) == len(att)
    with_source = att[att["source_start"] >= 0]
    assert len(sources) == len(with_source)
    assert sorted(sources["source_type"]) == sorted(with_source["source_type"])
    assert sorted(zip(cues["start"], cues["end"])) == sorted(zip(att["cue_start"], att["cue_end"]))


def test_lexicon_spans_never_overlap_within_a_category():
    for i in range(len(SEEDS)):
        df = seed_spans(i)
        for cat in LEXICAL:
            sub = df[df["category"] == cat].sort_values("start")
            assert (sub["start"].to_numpy()[1:] >= sub["end"].to_numpy()[:-1]).all()


def test_categories_filter_and_voice_does_not_depend_on_it():
    text = seed(1)
    only = document_spans(text, publisher="NCRI", categories=["loaded"], context=seed_context())
    assert set(only["category"]) == {"loaded"}
    full = seed_spans(1)
    full_loaded = full[full["category"] == "loaded"].reset_index(drop=True)
    pd.testing.assert_frame_equal(only.drop(columns="doc_id"), full_loaded.drop(columns="doc_id"))
    with pytest.raises(ValueError, match="unknown span categories"):
        document_spans(text, categories=["loaded", "framing"])


def test_custom_sentence_bounds():
    text = seed(3)
    df = document_spans(text, sentence_bounds=[(0, len(text))], categories=["loaded"])
    assert len(df) and (df["sentence"] == 0).all()


def test_empty_text():
    df = document_spans("", doc_id="x")
    assert df.empty and list(df.columns) == SPAN_COLUMNS


def test_corpus_spans_concatenates_documents():
    docs = pd.DataFrame(
        {
            "doc_id": [p.stem for p in SEEDS],
            "text": [seed(i) for i in range(len(SEEDS))],
            "publisher": ["NCRI"] * len(SEEDS),
        }
    )
    allspans = corpus_spans(docs, context=seed_context())
    assert list(allspans.columns) == SPAN_COLUMNS
    assert list(dict.fromkeys(allspans["doc_id"])) == list(docs["doc_id"])
    for i, p in enumerate(SEEDS):
        part = allspans[allspans["doc_id"] == p.stem].reset_index(drop=True)
        pd.testing.assert_frame_equal(part, seed_spans(i))
    with pytest.raises(ValueError, match="lacks column"):
        corpus_spans(docs.drop(columns="text"))
    empty = corpus_spans(docs.iloc[0:0])
    assert empty.empty and list(empty.columns) == SPAN_COLUMNS


def test_core_mask_drops_conditionals_and_approximators():
    df = seed_spans(4)
    dropped = df[~core_mask(df)]
    assert set(dropped["subcategory"]) <= {"conditional", "approximator", "downtoner", "investigation", "universal"}
    assert {"If", "would"} <= set(dropped["text"])
    assert "possible" in set(seed_spans(0)[core_mask(seed_spans(0))]["text"])
