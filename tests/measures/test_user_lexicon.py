"""User lexicons (``--lexicon FILE.csv``): entries added or overriding shipped ones by term, new
categories, clear errors, and the ``lexicon show|check`` command."""

from __future__ import annotations

import pytest

from analysis.cli.app import main
from analysis.measures.context import ScoringContext
from analysis.measures.lexicon import get_matcher
from analysis.measures.spans import document_spans
from analysis.measures.user_lexicon import summarise

HEADER = "term,kind,category,subcategory,source,note\n"
TEXT = "The jackboots of the regime caused collateral damage, and their thugs beat residents."


@pytest.fixture
def user_file(tmp_path):
    p = tmp_path / "mine.csv"
    p.write_text(
        HEADER + "jackboot,lemma,loaded,pejorative_label,project: test entry,\n"
        "thugs,literal,loaded,name_calling_user,project: overrides the shipped lemma,\n"
        "collateral damage,literal,euphemism,military,project: a new category,\n",
        encoding="utf-8",
    )
    return p


def _loaded(text, context=None):
    df = document_spans(text, categories=None, context=context)
    return df[~df["category"].isin(["attribution_cue", "source", "hedge", "booster", "loaded_model", "sentence_bias"])]


def test_user_term_is_found_and_overrides(user_file):
    # without the file: "regime" and "thugs" (shipped entries); "jackboots" is not in loaded.csv
    before = _loaded(TEXT)
    assert before["entry"].tolist() == ["regime", "thug"]
    after = _loaded(TEXT, ScoringContext.create([user_file]))
    # jackboots (added, lemma -> plural), regime (shipped), collateral damage (new category),
    # thugs (the user's literal entry replaced the shipped lemma, with the user's subcategory)
    assert list(zip(after["entry"], after["category"], after["subcategory"])) == [
        ("jackboot", "loaded", "pejorative_label"),
        ("regime", "loaded", "delegitimising_state_term"),
        ("collateral damage", "euphemism", "military"),
        ("thugs", "loaded", "name_calling_user"),
    ]
    # the shipped lexicon is untouched: the user file lives in its context only
    assert "thug" in set(get_matcher("loaded").frame["term"])
    assert _loaded(TEXT)["entry"].tolist() == ["regime", "thug"]


def test_user_lexicon_is_keyed_by_content_not_by_name(user_file):
    # an edit that keeps the file's name (and could keep its size and time) changes the context key
    first = ScoringContext.create([user_file])
    user_file.write_text(user_file.read_text(encoding="utf-8").replace("jackboot,", "jackbooted,"), encoding="utf-8")
    second = ScoringContext.create([user_file])
    assert first.key != second.key
    assert _loaded(TEXT, second)["entry"].tolist()[0] == "regime"  # "jackbooted" is not in the text


def test_bad_file_names_row_and_column(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "ok,literal,loaded,x,project: fine,\nfoo,lemmx,loaded,x,project: y,\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"row 2 \(line 3\): kind 'lemmx'.*\[column 'kind'\]"):
        ScoringContext.create([bad])
    assert main(["lexicon", "check", str(bad)]) == 2  # a bad file is a bad input: exit code 2, as everywhere
    assert main(["score", "--lexicon", str(bad), "seeds"]) == 2


def test_lexicon_show_summarises(user_file):
    s = summarise(user_file)
    assert s["action"].tolist() == ["adds", "overrides thug", "new category"]
    assert main(["lexicon", "check", str(user_file)]) == 0


def test_spans_command_with_lexicon_finds_the_user_term(user_file, tmp_path, capsys):
    # the CLI path: "spans --lexicon FILE" on a text file. "jackboots" is in no shipped lexicon;
    # with the file it is one loaded span (entry "jackboot", lemma -> plural), and "collateral
    # damage" one span of the file's new category; without the file neither is reported.
    doc = tmp_path / "a.txt"
    doc.write_text("Notice\n\n" + TEXT, encoding="utf-8")
    assert main(["spans", str(doc), "--format", "json", "--category", "loaded"]) == 0
    plain = capsys.readouterr().out
    assert "jackboot" not in plain and "collateral damage" not in plain
    # without the file its category is unknown: one error line, exit 2 (not an empty table)
    assert main(["spans", str(doc), "--format", "json", "--category", "euphemism"]) == 2
    assert "unknown --category euphemism" in capsys.readouterr().err
    assert (
        main(
            [
                "spans",
                str(doc),
                "--format",
                "json",
                "--lexicon",
                str(user_file),
                "--category",
                "loaded",
                "--category",
                "euphemism",
            ]
        )
        == 0
    )
    import json

    rows = json.loads(capsys.readouterr().out)
    got = [(r["text"], r["entry"], r["category"]) for r in rows if r["entry"] in ("jackboot", "collateral damage")]
    assert got == [("jackboots", "jackboot", "loaded"), ("collateral damage", "collateral damage", "euphemism")]


@pytest.mark.parametrize(
    "pattern, column",
    [
        (r"(?:a+)+b", "term"),  # the example: exponential on "aaaa...a!"
        (r"(?:a*)*b", "term"),
        (r"(?:\w+\s?)+$", "term"),
        (r"jack(?:boot)*", ""),  # fine as a term; the context regex below is not
    ],
)
def test_a_user_regex_with_nested_quantifiers_is_refused_naming_the_row(tmp_path, capsys, pattern, column):
    """A user lexicon regex that can backtrack for ever (a repeated group holding a repeat) is
    refused before it runs, by ``lexicon check`` (exit code 2, one line) and when a command loads
    it, with the file, row, column and a safe way to write it. Before, ``(?:a+)+b`` passed
    ``lexicon check`` and a text of 30 a's took minutes."""
    bad = tmp_path / "risky.csv"
    head = "term,kind,category,subcategory,source,note,exclude_before\n"
    term_row = f'"{pattern}",regex,loaded,x,project: test,,\n'
    context_row = 'thug,literal,loaded,x,project: test,,"(?:\\w+\\s?)+$"\n'
    bad.write_text(head + "regime,literal,loaded,x,project: fine,,\n" + (context_row if not column else term_row))
    col = column or "exclude_before"
    with pytest.raises(
        ValueError, match=rf"row 2 \(line 3\): regex .* could run for a very long time.*\[column '{col}'\]"
    ):
        ScoringContext.create([bad])
    capsys.readouterr()
    assert main(["lexicon", "check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and "nested quantifiers" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    "pattern, risky",
    [
        (r"(?:a+)+b", True),
        (r"(a*)*", True),
        (r"(\w+\s?)+$", True),
        (r"(?:a?)+b", True),  # a repeated group that can match nothing
        (r"(?:a{1,20})+", True),  # a large bounded repeat counts as unbounded
        (r"(?:\w+\s+){0,3}", False),  # a few repetitions: small and polynomial
        (r"(?:\s+\w+)*+", False),  # possessive: never gives back what it matched
        (r"(?>(?:a+)+)b", False),  # atomic group
        (r"jackboot(?:s|ed)?", False),
    ],
)
def test_nested_quantifier_check(pattern, risky):
    from analysis.measures.regex_safety import nested_quantifier

    assert bool(nested_quantifier(pattern)) is risky


def test_safe_rewrites_of_a_risky_regex_are_accepted(tmp_path):
    ok = tmp_path / "ok.csv"
    ok.write_text(HEADER + '"jackboot(?:s|ed)?(?:\\s+\\w+){0,2}",regex,loaded,x,project: bounded repeat,\n')
    assert main(["lexicon", "check", str(ok)]) == 0
