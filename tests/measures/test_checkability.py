"""Checkability of sources (issue 25): a named person with a role, title or affiliation is
identified; a bare name (or a name with only an age) is not; datelines and agency credits are
recognised; links to primary sources are counted."""

from __future__ import annotations

from analysis.corpus.sentences import split_sentences
from analysis.measures.attribution import attribution_records
from analysis.measures.checkability import (
    find_dateline,
    has_agency_credit,
    identified_names,
    is_primary_url,
    primary_links,
    source_checkability,
)


def _card(text: str) -> dict:
    bounds = split_sentences(text)
    return source_checkability(text, attribution_records(text, bounds), bounds)


def test_title_and_party_appositive_identify_nadler():
    # the issue's own example: a title before the name and a party/state appositive after it
    assert "Nadler" in identified_names("Rep. Jerry Nadler, a Democrat from New York, said the bill would fail.")


def test_age_is_not_a_role():
    # "said 37-year-old Paul Horner" and "Paul Horner, 37," describe nobody a reader can place
    assert identified_names("The story was false, said 37-year-old Paul Horner.") == set()
    assert identified_names("Paul Horner, 37, said he wrote it.") == set()


def test_office_before_name_and_affiliation_after_name():
    assert identified_names("“No,” said White House press secretary Sean Spicer.") == {"Spicer"}
    assert identified_names("Doug Miller of Milltech Marine said the boats were ready.") == {"Miller"}
    assert "Menendez" in identified_names("Sen. Robert Menendez (D-N.J.) said he would vote no.")


def test_verb_between_is_not_a_role():
    # "Trump said Carson ...": nothing describes Carson
    assert identified_names("Trump said Carson was wrong.") == set()


def test_later_mentions_inherit_the_role():
    text = (
        "Marty West, an education professor at Harvard, studied the law. "
        "West said the results were clear. He said more data would come."
    )
    card = _card(text)
    assert card["person_claims"] == 2  # "West said", "He said"
    assert card["identified_person_claims"] == 2 and card["bare_name_claims"] == 0
    assert card["identified_source_share"] == 1.0


def test_fabricated_style_sourcing_is_bare():
    # a fake-news pattern: a named man with an age only, no role or affiliation
    card = _card("The protesters were paid, said 37-year-old Paul Horner. Horner said he was paid $3,500.")
    assert card["person_claims"] >= 1
    assert card["identified_person_claims"] == 0
    assert card["bare_name_share"] > 0


def test_dateline_and_agency_credit():
    assert find_dateline("WASHINGTON (Reuters) - The Senate voted on Tuesday.") == "WASHINGTON (Reuters) -"
    assert find_dateline("NEW YORK — Stocks fell sharply.") == "NEW YORK —"
    assert find_dateline("Trump - The man who would be president.") == ""  # mixed case and no agency
    assert has_agency_credit("Reporting by Jane Doe; Editing by John Roe")
    assert not has_agency_credit("The senator said she would vote no.")


def test_dateline_alone_is_not_a_sourced_claim():
    # a fake agency dateline and no attribution: recognised, but no claim and no identified source
    card = _card("WASHINGTON (Reuters) - The president will resign next week.")
    assert card["dateline"] is True
    assert card["identified_sources_distinct"] == 0


def test_primary_links():
    html = (
        '<p>See the <a href="https://www.congress.gov/bill/115th-congress/house-bill/1">bill</a>, the '
        '<a href="https://example.com/blog">blog</a> and <a href="https://site.org/files/report.pdf">report</a>.</p>'
    )
    assert primary_links(html) == (3, 2)
    assert is_primary_url("https://www.who.int/news")
    assert not is_primary_url("javascript:void(0)")
