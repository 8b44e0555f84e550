"""Commands given too little to work with end with one ``error:`` line and exit code 2 (or, for a
comparison of one document, a table), never a traceback (issue 17)."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli.app import main
from analysis.corpus.baselines import gensim_data_dir

BODY = "The officials said on Monday that the talks in Geneva would continue for another week."

needs_lee = pytest.mark.skipif(gensim_data_dir() is None, reason="gensim (which ships the Lee corpus) is not installed")


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(argv)
    return rc, out.getvalue(), err.getvalue()


@pytest.fixture
def one_doc(tmp_path) -> Path:
    path = tmp_path / "one.txt"
    path.write_text(f"Talks go on\n\n{BODY}\n", encoding="utf-8")
    return path


def last_line_error(err: str, needle: str) -> None:
    line = err.strip().splitlines()[-1]
    assert line.startswith("error:") and needle in line, err
    assert "Traceback" not in err


@pytest.fixture
def two_groups(tmp_path) -> Path:
    """A corpus of two groups (subfolders), three short documents each."""
    for group, verb in (("alpha", "said"), ("beta", "claimed")):
        (tmp_path / "corpus" / group).mkdir(parents=True)
        for i in range(3):
            text = f"Note {i}\n\nThe minister {verb} on Monday that talks in Geneva would go on for {i + 2} weeks."
            (tmp_path / "corpus" / group / f"{group}{i}.txt").write_text(text, encoding="utf-8")
    return tmp_path / "corpus"


@pytest.mark.parametrize("command", ["compare", "distinctive"])
def test_several_groups_and_no_reference_say_which_comparisons_ran(command, two_groups):
    """No studied group is picked silently: with no reference named, a corpus of several groups is
    compared pair by pair, and the command says so before the table."""
    rc, out, err = run(
        [command, str(two_groups), "--format", "csv"] + (["--resamples", "99"] if command == "compare" else [])
    )
    assert rc == 0, err
    assert "Comparisons (no reference named, so every pair of the corpus groups): alpha vs beta." in err
    table = pd.read_csv(io.StringIO(out))
    assert set(table["group_a"]) == {"alpha"} and set(table["group_b"]) == {"beta"}


@pytest.mark.parametrize("command", ["compare", "classify", "distinctive"])
def test_an_unknown_group_is_one_error_naming_the_groups(command, two_groups):
    rc, _, err = run([command, str(two_groups), "--reference", "gamma"])
    assert rc == 2
    last_line_error(err, "no group named gamma; the corpus has alpha, beta")


@pytest.mark.parametrize("command", ["compare", "classify"])
def test_unknown_baseline_name(command, one_doc):
    rc, _, err = run([command, str(one_doc), "--baseline", "nytimes"])
    assert rc == 2
    last_line_error(err, "unknown baseline 'nytimes'; known: lee, wikinews")


@needs_lee
def test_classify_with_one_document(one_doc):
    """A classifier needs two studied documents to hold one out; the group is named after the input file."""
    rc, _, err = run(["classify", str(one_doc), "--baseline", "lee"])
    assert rc == 2
    last_line_error(err, "need at least 2 documents in the positive group 'one'; got 1")


@needs_lee
def test_classify_with_one_baseline(tmp_path):
    """Leave-one-corpus-out needs two neutral corpora: with only Lee there is nothing left to train on."""
    for i, body in enumerate([BODY, "The ministry said the plan was approved by the committee on Tuesday."]):
        (tmp_path / f"d{i}.txt").write_text(f"Headline {i}\n\n{body}\n", encoding="utf-8")
    rc, _, err = run(["classify", str(tmp_path), "--baseline", "lee"])
    assert rc == 2
    last_line_error(err, "need at least 2 neutral corpora")


@needs_lee
def test_compare_with_one_document_gives_a_table(one_doc):
    """One studied document against Lee is a comparison with n_a = 1 (no traceback)."""
    rc, out, err = run(["compare", str(one_doc), "--baseline", "lee", "--format", "csv"])
    assert rc == 0, err
    table = pd.read_csv(io.StringIO(out))
    # the context-model measures are undefined (n_a = 0) without the gold-data folder they need
    defined = table[~table["measure"].str.startswith("loaded_model")]
    assert (defined["n_a"] == 1).all() and (table["n_a"] <= 1).all() and (table["group_b"] == "lee").all()
