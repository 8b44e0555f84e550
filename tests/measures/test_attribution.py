"""Attribution cues, sources, contents and source types on real seed sentences.

Each expected value was read off the seed text by hand; the comment says why. The seed fixtures
and span-level cases read the rule extractor (:func:`analysis.measures.attribution.rule_records`),
whose spans these expectations describe; the records the tables use (rules and tagger combined)
are tested in ``test_attribution_combined.py``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from support import seed_self_names  # noqa: E402

from analysis.corpus.sentences import split_sentences
from analysis.measures.attribution import (
    ATTRIBUTION_COLUMNS,
    CUES_CSV,
    LEXICON_COLUMNS,
    SOURCE_TYPES,
    SOURCE_TYPES_CSV,
    attribution_records,
    classify_source,
    cue_spans,
    find_attributions,
    load_lexicon,
    publisher_groups,
    rule_records,
)


def rules_frame(text, bounds=None, publisher=None, self_names=()) -> pd.DataFrame:
    """The rule extractor's rows as a frame (what ``find_attributions`` gave before the tagger)."""
    return pd.DataFrame(rule_records(text, bounds, publisher, self_names), columns=ATTRIBUTION_COLUMNS)


SEEDS = Path(__file__).resolve().parents[2] / "seeds"
NCRI = "National Council of Resistance of Iran (NCRI)"


def _seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seeds() -> dict[str, tuple[str, pd.DataFrame]]:
    out = {}
    for p in ("000", "001", "002", "003", "004"):
        text = _seed(p)
        # the seed study's declared aliases (its manifest), as the study's scoring context passes them
        out[p] = (text, rules_frame(text, split_sentences(text), publisher=NCRI, self_names=seed_self_names()))
    return out


def _row(seeds, prefix: str, cue_phrase: str, after: str | None = None) -> pd.Series:
    """The attribution whose cue starts at the first occurrence of ``cue_phrase`` (after
    ``after`` if given)."""
    text, df = seeds[prefix]
    base = text.index(after) if after else 0
    pos = text.index(cue_phrase, base)
    hit = df[(df["cue_start"] <= pos) & (df["cue_end"] > pos)]
    assert len(hit) == 1, f"no single cue at {cue_phrase!r}: {df[['cue_text', 'source_text']]}"
    return hit.iloc[0]


def _content(seeds, prefix, row) -> str:
    return seeds[prefix][0][row.content_start : row.content_end]


# --- lexicons ---------------------------------------------------------------------------------


def test_lexicons_are_well_formed():
    for path in (CUES_CSV, SOURCE_TYPES_CSV):
        df = load_lexicon(path)
        assert list(df.columns[:6]) == LEXICON_COLUMNS
        assert (df["source"].str.len() > 0).all(), f"{path.name}: every entry cites a source"
    cues = load_lexicon(CUES_CSV)
    live = cues[cues["category"] == "attribution_cue"]
    assert {"said", "says", "told", "according to", "warned", "disclosed"} <= set(live["term"])
    # entries learned from PolNeAR carry their measured train precision
    learned = live[live["source"].str.contains("PolNeAR train n=|PolNeAR train cue frequency")]
    assert len(learned) > 100 and learned["source"].str.contains("precision=").all()


def test_columns(seeds):
    _, df = seeds["001"]
    assert list(df.columns) == ATTRIBUTION_COLUMNS
    assert set(df["source_type"]) <= set(SOURCE_TYPES)


# --- seed 001 ---------------------------------------------------------------------------------


def test_according_to_information_from_inside_iran_is_anonymous(seeds):
    # "NCRI – According to the information obtained from inside Iran, the terrorist Quds Force ..."
    # Cue "According to"; the source is unverifiable information, not a named body.
    r = _row(seeds, "001", "According to the information")
    assert r.cue_text == "According to"
    assert r.source_text == "the information obtained from inside Iran"
    assert r.source_type == "anonymous_unverifiable"
    assert not r.direct
    assert _content(seeds, "001", r).startswith("the terrorist Quds Force once again intends")


def test_irna_quoted_as_saying_is_a_nested_pair(seeds):
    # "IRNA quoted the acting director of Iraq’s Ministry of Interior, Adnan Assadi, while in
    # visit to Iran, as saying: “We do not have any limits ...”" (seed 001): two linked records.
    # Outer: IRNA (a news agency, media_outlet), cue "quoted". Inner: the director, a named person
    # (cue "as saying", content the quotation, direct), whose nested_in is the outer record's id.
    text, df = seeds["001"]
    outer = _row(seeds, "001", "quoted the acting director")
    assert outer.cue_text == "quoted" and outer.source_text.endswith("news agency IRNA")
    assert outer.source_type == "media_outlet" and outer.nested_in == -1
    inner = df[df["nested_in"] == outer.attribution_id].iloc[0]
    assert inner.cue_text == "as saying" and inner.direct
    assert text[inner.content_start : inner.content_end].startswith("“We do not have any limits")
    assert inner.source_text.endswith("Adnan Assadi")
    assert inner.source_type == "named_person"


def test_he_said_traitors_is_quoted_official(seeds):
    # "... in Iraq, he said: “These are traitors and murderers ...”": "he" is Adnan Assadi from
    # the sentence before, so the type is inherited (named person), and the content is direct.
    r = _row(seeds, "001", "said: “These are traitors")
    assert r.source_text == "he"
    assert r.direct
    assert r.source_type == "named_person"
    assert r.source_type_rule.startswith("anaphora")


def test_iranian_resistance_warns_is_self_reference(seeds):
    # "The Iranian Resistance once again warns about another massacre ..." is the publisher.
    r = _row(seeds, "001", "warns about")
    assert r.source_type == "self_reference"


# --- seed 002 ---------------------------------------------------------------------------------


def test_reports_received_is_anonymous(seeds):
    # "NCRI – According to reports received from inside Iran, Danaifar ... has ordered ..."
    r = _row(seeds, "002", "According to reports")
    assert r.cue_text == "According to"
    assert r.source_text == "reports received from inside Iran"
    assert r.source_type == "anonymous_unverifiable"


def test_national_council_disclosed_is_self_reference(seeds):
    # "On 5 April 2013, the National Council of Resistance disclosed: “Moslehi ...”"
    r = _row(seeds, "002", "disclosed")
    assert r.source_text == "the National Council of Resistance"
    assert r.source_type == "self_reference"
    assert r.direct


def test_us_embassy_warned_is_official_and_direct(seeds):
    # "U.S. Embassy warned on July 26: “Terror attacks have claimed lives ...”": an institution,
    # and the colon-introduced quotation is the (direct) content.
    r = _row(seeds, "002", "warned on July 26")
    assert r.source_text == "U.S. Embassy"
    assert r.source_type == "official_institution"
    assert r.direct
    assert _content(seeds, "002", r).startswith("“Terror attacks")


def test_named_ambassador_with_appositive(seeds):
    # "Danaifar, clerical regime’s ambassador to Baghdad, has ordered ...": a name with an
    # appositive title is a named person, not the institution named in the title.
    r = _row(seeds, "002", "has ordered")
    assert r.source_text.startswith("Danaifar")
    assert r.source_type == "named_person"


# --- seed 003 ---------------------------------------------------------------------------------


def test_mr_kobler_wrote_is_named_and_direct(seeds):
    # "Mr Kobler wrote: “The government has now decided ...”"
    r = _row(seeds, "003", "wrote:")
    assert r.source_text == "Mr Kobler"
    assert r.source_type == "named_person"
    assert r.direct


def test_iranian_resistance_said_in_statement_is_self_and_indirect(seeds):
    # "The Iranian Resistance said in a statement that Kobler’s letter gives carte blanche ...":
    # self-reference; the content is a that-clause, not the quotation of the paragraph before.
    r = _row(seeds, "003", "said in a statement")
    assert r.cue_text == "said in a statement"
    assert r.source_type == "self_reference"
    assert not r.direct
    assert _content(seeds, "003", r).startswith("Kobler’s letter gives carte blanche")


def test_told_state_run_tv_colon_quote(seeds):
    # "Moslehi told the Iranian regime’s state-run TV: “The serious follow-up ...”": the listener
    # (state TV) is not the source; the quotation after the colon is the direct content.
    r = _row(seeds, "003", "told the Iranian regime")
    assert r.source_text == "Moslehi"
    assert r.source_type == "named_person"
    assert r.direct


# --- seed 000 ---------------------------------------------------------------------------------


def test_al_batat_told_newspapers_is_named_indirect(seeds):
    # "Al-Batat told international Arabic language newspapers Al Hayat and Asharq-al-Awsat that he
    # was under the command ...": the newspapers are the listeners; content starts after "that".
    r = _row(seeds, "000", "told international")
    assert r.source_text == "Al-Batat"
    assert r.source_type == "named_person"
    assert not r.direct
    assert _content(seeds, "000", r).startswith("he was under the command")


def test_statement_by_iranian_resistance_and_the_statement_added(seeds):
    # "A statement by Iranian resistance said: “These remarks ...” (three paragraphs) and later
    # "The statement added: “The responsibility ...”": both self-reference ("the statement" is
    # resolved to the last non-person source), both direct.
    r = _row(seeds, "000", "said: “These remarks")
    assert r.source_text == "A statement by Iranian resistance"
    assert r.source_type == "self_reference" and r.direct
    assert _content(seeds, "000", r).endswith("will be acceptable.”")  # whole multi-paragraph quote
    r2 = _row(seeds, "000", "added: “The responsibility")
    assert r2.source_text == "The statement"
    assert r2.source_type == "self_reference" and r2.direct


def test_al_batat_quoted_as_saying(seeds):
    # "Al-Batat was quoted as saying: “We will inflict ...”": passive frame, source before it.
    r = _row(seeds, "000", "was quoted as saying")
    assert r.cue_text == "was quoted as saying"
    assert r.source_text == "Al-Batat" and r.source_type == "named_person" and r.direct


def test_newspaper_wrote_is_media(seeds):
    # "Asharq-Al-Awsat wrote on February 11: “In slogans ...”"
    r = _row(seeds, "000", "wrote on February 11")
    assert r.source_type == "media_outlet" and r.direct


def test_relative_clause_subject(seeds):
    # "Mullah Wathiq al-Batat, leader of the Iraqi Hezbollah ... who is based in city of Najaf
    # has warned he will inflict ...": the source is the whole subject, a titled person.
    r = _row(seeds, "000", "has warned")
    assert r.source_text.startswith("Mullah Wathiq al-Batat")
    assert r.source_type == "named_person"


# --- seed 004 ---------------------------------------------------------------------------------


def test_isna_added_is_media_and_quoting_bayati(seeds):
    # "ISNA added: “If the involvement ...”" (media outlet, direct); "..., quoting Abbas Bayati,
    # an Iraqi MP ...: “Relevant Iraqi agencies ...”" (prepositional cue, named person).
    r = _row(seeds, "004", "added:")
    assert r.source_text == "ISNA" and r.source_type == "media_outlet" and r.direct
    q = _row(seeds, "004", "quoting Abbas")
    assert q.cue_text == "quoting" and q.source_text == "Abbas Bayati"
    assert q.source_type == "named_person" and q.direct


def test_ncri_committee_and_it(seeds):
    # "The NCRI’s Foreign Affairs Committee again warns ... It calls on the U.S. government ...":
    # self-reference, and "It" inherits it.
    assert _row(seeds, "004", "again warns").source_type == "self_reference"
    r = _row(seeds, "004", "calls on the U.S.")
    assert r.source_text == "It" and r.source_type == "self_reference"


# --- even-handedness and helpers --------------------------------------------------------------


def test_self_reference_depends_on_publisher():
    text = "The Iranian Resistance said in a statement that the attack was planned."
    bounds = split_sentences(text)
    aliases = seed_self_names()
    assert find_attributions(text, bounds, publisher=NCRI, self_names=aliases).iloc[0].source_type == "self_reference"
    # the same sentence in a neutral outlet's report: the NCRI is just an organisation
    assert find_attributions(text, bounds, publisher="Reuters").iloc[0].source_type != "self_reference"


def test_white_house_group_is_even_handed():
    text = "The President said the talks would continue."
    bounds = split_sentences(text)
    assert find_attributions(text, bounds, publisher="The White House").iloc[0].source_type == "self_reference"
    assert find_attributions(text, bounds, publisher=NCRI).iloc[0].source_type != "self_reference"
    assert "self_reference_white_house" in publisher_groups("The White House")


def test_publisher_own_name_is_self_reference_without_a_group():
    # A publisher with no group in source_types.csv is still recognised by its own name/acronym.
    stype, rule = classify_source("the Acme Policy Institute", publisher="Acme Policy Institute (API)")
    assert (stype, rule) == ("self_reference", "publisher_name")
    assert classify_source("API", publisher="Acme Policy Institute (API)")[0] == "self_reference"


@pytest.mark.parametrize(
    "source, expected",
    [
        ("informed sources", "anonymous_unverifiable"),
        ("Reuters", "media_outlet"),
        ("the foreign ministry spokesman", "official_institution"),
        ("Mr Kobler", "named_person"),
        ("Martin Kobler", "named_person"),
        ("", "unspecified"),
    ],
)
def test_classify_source(source, expected):
    assert classify_source(source)[0] == expected


def test_inversion_and_postposed_source():
    # '“…,” said Mr. Smith, a spokesman for the ministry.': the source follows the cue.
    text = "“We are ready,” said Mr. Smith, a spokesman for the ministry. Reporters were told later."
    df = find_attributions(text, split_sentences(text))
    r = df.iloc[0]
    assert r.cue_text == "said"
    assert r.source_text == "Mr. Smith, a spokesman for the ministry"
    assert r.direct and text[r.content_start : r.content_end] == "“We are ready,”"


def test_cues_inside_quotations_are_not_attributions():
    # "says" inside Al-Batat-style quotation is part of the content, not a new attribution
    text = "He said: “Everyone says the camp is safe.”"
    df = find_attributions(text, split_sentences(text))
    assert df["cue_text"].tolist() == ["said"]


def test_cue_and_source_span_helpers():
    # ("that talks had failed" would be read as a verb: a rule system cannot tell the noun there)
    text = "According to state TV, the ambassador told reporters the talks had failed."
    recs = rule_records(text, split_sentences(text))
    assert [r["cue_text"] for r in recs] == ["According to", "told"]
    assert [r["source_text"] for r in recs] == ["state TV", "the ambassador"]
    # a single office-holder ("the ambassador") is a person named elsewhere: codebook rule 2
    assert [r["source_type"] for r in recs] == ["media_outlet", "named_person"]
    # the helpers read the combined records: the same two cues (the tagger's "to" grows to the
    # rule's "According to")
    cues = cue_spans(text, split_sentences(text))
    assert [text[s:e] for s, e, _ in cues] == ["According to", "told"]


def test_empty_and_quote_only_text():
    assert find_attributions("", []).empty
    text = "“"
    assert find_attributions(text, split_sentences(text)).empty


def test_lexicons_pass_the_project_validator():
    # the same checks as every other lexicon of the project (analysis.measures.lexicon.validate_lexicon):
    # no duplicate forms, lower-case non-capturing regexes, a cited source on every row
    lexicon = pytest.importorskip("analysis.measures.lexicon")
    for path in (CUES_CSV, SOURCE_TYPES_CSV):
        lexicon.validate_lexicon(pd.read_csv(path, dtype=str, keep_default_na=False), path)


def test_discontinuous_cue_pieces():
    text = "IRNA quoted the acting director, Adnan Assadi, as saying: “We have no limits.”"
    # constructed: the rules' outer record (IRNA, cue "quoted") and inner one (the director, cue
    # "as saying") share the cue pieces between them
    df = rules_frame(text, split_sentences(text))
    assert [text[a:b] for parts in df["cue_parts"] for a, b in parts] == ["quoted", "as saying"]
    assert df["source_text"].tolist() == ["IRNA", "the acting director, Adnan Assadi"]
    assert df["nested_in"].tolist() == [-1, 0]


def _tokens_scanned(monkeypatch, text: str) -> tuple[int, int]:
    """(tokens produced by the source search, attributions found) for ``text`` read as one sentence."""
    from analysis.measures import attribution_sources as attr

    seen = [0]
    real = attr._tokens

    def counting(t, a, b):
        out = real(t, a, b)
        seen[0] += len(out)
        return out

    monkeypatch.setattr(attr, "_tokens", counting)
    n = len(attribution_records(text, [(0, len(text))]))
    return seen[0], n


def test_source_search_work_is_linear_in_sentence_length(monkeypatch):
    # constructed clause (a unit test of the cost, not of typing), repeated into one long sentence:
    # each copy holds two cues ("said", "told"). Doubling the sentence must double the attributions
    # and at most about double the tokens the source search scans; the old search re-scanned from
    # the sentence start for every cue, which quadrupled it (about 4.0 here).
    clause = "Officials said the talks had failed, and the minister told reporters that the plan was dead; "
    work1, n1 = _tokens_scanned(monkeypatch, clause * 60)
    work2, n2 = _tokens_scanned(monkeypatch, clause * 120)
    assert n2 == 2 * n1 >= 200
    assert work2 / work1 < 2.2, (work1, work2)
