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


@pytest.mark.parametrize("command", ["compare", "classify", "distinctive"])
def test_comparisons_without_a_baseline(command, one_doc):
    rc, _, err = run([command, str(one_doc)])
    assert rc == 2
    last_line_error(err, "give at least one --baseline NAME")


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
