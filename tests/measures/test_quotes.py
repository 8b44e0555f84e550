"""Quotation finding and voice, on real seed passages and on deliberately odd quoting."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.measures.quotes import find_quotations, quoted_voice_regions, voice_of

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
NCRI = "National Council of Resistance of Iran (NCRI)"


def _seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def _quote_texts(text: str, mark: str | None = None) -> list[str]:
    q = find_quotations(text)
    if mark:
        q = q[q["mark"] == mark]
    return [text[s:e] for s, e in zip(q["inner_start"], q["inner_end"])]


def _voice(text: str, phrase: str, regions) -> str:
    i = text.index(phrase)
    return voice_of(regions, i, i + len(phrase))


# --- quotation finding ------------------------------------------------------------------------


def test_columns_and_offsets():
    text = "He said: “We will return.” Then he left."
    q = find_quotations(text)
    assert list(q.columns) == ["start", "end", "inner_start", "inner_end", "mark", "closed"]
    row = q.iloc[0]
    assert text[row.start : row.end] == "“We will return.”"  # start/end include the marks
    assert text[row.inner_start : row.inner_end] == "We will return."
    assert row.mark == "double" and bool(row.closed)


def test_multi_paragraph_quotation_seed_000():
    # Seed 000: 'A statement by Iranian resistance said: “These remarks ...' runs over three
    # paragraphs, each opening with “, and closes with ” only after "acceptable." (typographic
    # convention), so it is ONE quotation, not three.
    text = _seed("000")
    inner = [t for t in _quote_texts(text, "double") if t.startswith("These remarks")]
    assert len(inner) == 1
    assert inner[0].endswith("no excuse from the US or the UN or any other party will be acceptable.")
    assert "To prevent further catastrophes" in inner[0]
    # Al-Batat's two-paragraph quote likewise ends at "... his office in Najaf."
    batat = [t for t in _quote_texts(text, "double") if t.startswith("I am a faithful")]
    assert len(batat) == 1 and batat[0].endswith("I am the director of his office in Najaf.")


def test_scare_quotes_vs_apostrophes_seed_000():
    # ‘second crippling blow’ and ‘religious and ethical duty’ are single-quoted (scare quotes);
    # the ’ in Kata’ib, People’s, Maliki’s and mullahs’ are apostrophes and must not close or open.
    text = _seed("000")
    singles = _quote_texts(text, "single")
    assert "second crippling blow" in singles
    assert "religious and ethical duty" in singles
    assert "Kata’ib Hezbollah" in singles  # the inner apostrophe did not end it early
    assert "Mukhtar of our time" in singles  # nested inside Asharq-Al-Awsat's double quote
    assert not any(s.startswith("s ") or s.startswith("ib") for s in singles)


def test_unbalanced_open_quote_capped_at_paragraph():
    # An opening “ never closed: the quotation stops at its paragraph end (closed=False), and the
    # next paragraph's own quotation is still found intact.
    text = "He said: “We will never leave this camp.\n\nThe minister replied: “Nobody asked you to.”\n"
    q = find_quotations(text)
    first, second = q.iloc[0], q.iloc[1]
    assert not bool(first.closed)
    assert text[first.inner_start : first.inner_end] == "We will never leave this camp."
    assert bool(second.closed)
    assert text[second.inner_start : second.inner_end] == "Nobody asked you to."


def test_unbalanced_paragraph_initial_quote_without_close():
    # Paragraph opens with “ and never closes, next paragraph does not open with a quote mark:
    # capped at the paragraph end, later quotation unaffected.
    text = "“This is an unfinished remark\n\nLater the envoy said “all is well” and left.\n"
    inner = _quote_texts(text)
    assert inner == ["This is an unfinished remark", "all is well"]


def test_stray_closing_mark_is_ignored():
    text = "The report” was late. The official said “it arrived today” at noon."
    assert _quote_texts(text) == ["it arrived today"]


def test_mistyped_opening_mark():
    # a ” typed where “ belongs (before a word, after a space) still opens the quotation
    text = "He said: ”We are ready.” Later “more” came."
    assert _quote_texts(text) == ["We are ready.", "more"]


def test_straight_and_mixed_quotes():
    text = 'Reuters said "the talks failed" but the envoy called it “a pause” and left.'
    q = find_quotations(text)
    assert set(q["mark"]) == {"straight", "double"}
    assert _quote_texts(text) == ["the talks failed", "a pause"]


def test_doubled_apostrophe_quotes():
    # NYT-style ''...'' marks (as in PolNeAR) are straight double quotes
    text = "''He liked them,'' said Edward G. Rendell. ''That is all.''"
    assert _quote_texts(text) == ["He liked them,", "That is all."]


def test_nested_single_inside_double():
    text = "He wrote: “They call him the ‘Mukhtar of our time’ in Baghdad.” Then “later” came."
    assert _quote_texts(text, "double") == ["They call him the ‘Mukhtar of our time’ in Baghdad.", "later"]
    assert _quote_texts(text, "single") == ["Mukhtar of our time"]


def test_unclosed_single_quote_dropped_and_later_spans_intact():
    # ‘em is an elision, and a ‘ with no partner is dropped rather than swallowing the paragraph
    text = "They told ‘em to go. An ‘unclosed remark here.\nHe said “fine” and ‘left’."
    assert _quote_texts(text, "single") == ["left"]
    assert _quote_texts(text, "double") == ["fine"]


@pytest.mark.parametrize("text", ["", "“", "”", "‘", "’", '"', "''", "“ ” “", "\n\n“\n\n”\n", 'a“b”c‘d’e"f'])
def test_degenerate_inputs_do_not_crash(text):
    q = find_quotations(text)
    assert (q["end"] >= q["start"]).all()
    assert (q["inner_end"] >= q["inner_start"]).all()


# --- voice ------------------------------------------------------------------------------------


def _records(text: str, publisher):
    """The document's attribution records, found once as the scorer finds them."""
    from support import seed_self_names

    from analysis.corpus.sentences import split_sentences
    from analysis.measures.attribution import attribution_records

    aliases = seed_self_names() if publisher else ()
    return attribution_records(text, split_sentences(text), publisher=publisher, self_names=aliases)


def test_voice_seed_001():
    # “These are traitors and murderers ...” is Adnan Assadi's (an Iraqi official quoted via IRNA,
    # "he said: “...”"): quoted voice. "the terrorist Quds Force" in the NCRI's own "According
    # to ..." sentence is the author's words: authorial voice.
    text = _seed("001")
    regions = quoted_voice_regions(text, _records(text, NCRI), publisher=NCRI)
    assert _voice(text, "These are traitors and murderers of the people of Iraq and Iran", regions) == "quoted"
    assert _voice(text, "the terrorist Quds Force", regions) == "authorial"


def test_publisher_quoting_itself_stays_authorial_seed_000():
    # 'A statement by Iranian resistance said: “These remarks ...' is the publisher quoting itself
    # (self-reference), so its content is authorial; al-Batat's quotes are quoted voice, as is the
    # scare-quoted ‘second crippling blow’ (his phrase, attributed by context).
    text = _seed("000")
    regions = quoted_voice_regions(text, _records(text, NCRI), publisher=NCRI)
    assert _voice(text, "These remarks clearly show", regions) == "authorial"
    assert _voice(text, "To prevent further catastrophes", regions) == "authorial"  # 2nd paragraph
    assert _voice(text, "The responsibility for the implementation", regions) == "authorial"  # "The statement added"
    assert _voice(text, "We will inflict a second crippling blow", regions) == "quoted"
    assert _voice(text, "All Hezbollah branches across the world", regions) == "quoted"
    assert _voice(text, "second crippling blow’ on the PMOI", regions) == "authorial"  # straddles the mark
    i = text.index("‘second crippling blow’") + 1
    assert voice_of(regions, i, i + len("second crippling blow")) == "quoted"


def test_voice_without_publisher_treats_ncri_as_ordinary_source():
    # Even-handed: with no publisher, the NCRI is not "self", so its quotation is quoted voice.
    text = _seed("000")
    regions = quoted_voice_regions(text, _records(text, None))
    assert _voice(text, "These remarks clearly show", regions) == "quoted"
