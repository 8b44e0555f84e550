"""Regex helpers of analysis.corpus.text used by the fast paths of the profile."""

import re

from analysis.corpus.text import first_chars, trie_alternation


def test_first_chars_of_cue_alternatives():
    # "declined to comment" / "could not be reached": every alternative starts with c or d
    pattern = r"(?P<c0>(?:declined|refused)\s+to\s+comment)|(?P<c1>(?:could|can)\s*not\s+be\s+reached)"
    assert first_chars(pattern, re.IGNORECASE) == "cdr"


def test_first_chars_gives_up_when_a_start_is_open():
    # \b is zero-width, \w is a category, x? may be skipped: no finite first set, so no guard
    assert first_chars(r"\bsaid") is None
    assert first_chars(r"\w+ said") is None
    assert first_chars(r"x?said") is None


def test_guarded_cue_regex_finds_the_same_matches():
    from analysis.measures.attribution_cues import _cue_lexicon

    rx = _cue_lexicon().regex
    assert rx.pattern.startswith("(?=[")
    bare = re.compile(rx.pattern[rx.pattern.index("])") + 2 :], rx.flags)
    sentence = (
        "The ministry declined to comment, and a spokesman could not be reached for comment; "
        "Reuters quoted a senior official as saying the talks had failed."
    )
    assert [m.span() for m in rx.finditer(sentence)] == [m.span() for m in bare.finditer(sentence)]
    assert len(rx.findall(sentence)) == 3


def test_trie_alternation_matches_prefixes_like_the_word_list():
    # MPQA-style stems: "abus" is a prefix of "abusive", "fear" of "fearful"; "fea" matches neither
    prefix = re.compile(trie_alternation({"abus", "fear", "fearful"})).match
    assert prefix("abusive") and prefix("fearfully") and prefix("fear")
    assert prefix("fea") is None and prefix("afraid") is None


def test_required_factors_of_cue_alternatives():
    # every match of "quoted ... as saying" holds "saying"; every "declined/refused to comment" holds
    # one of the verbs; an optional item or a class gives nothing
    from analysis.corpus.text import required_factors

    assert required_factors(r"quot(?:ed|es)\s+\w+\s+as\s+saying", re.IGNORECASE) == ("saying",)
    assert required_factors(r"(?:declined|Refused)\s+to\s+comment", re.IGNORECASE) == ("comment",)
    assert required_factors(r"(?:declined|refused)\s+to", re.IGNORECASE) == ("declined", "refused")
    assert required_factors(r"(?:said)?\w+") is None


def test_casefold_keeps_what_ignorecase_matches():
    # the long s and dotted capital I match "s" and "i" under re.IGNORECASE: the fold keeps them findable
    from analysis.corpus.text import casefold_for_search

    for text in ("He ſaid so", "İNSIST", "KELVIN"):  # last: Kelvin sign
        assert re.search("said|insist|kelvin", text, re.IGNORECASE)
        assert any(f in casefold_for_search(text) for f in ("said", "insist", "kelvin"))
