"""Outputs never overwrite inputs (issue 29): ``annotate``, ``report``, ``figures``, ``validate``
and ``score-stream`` refuse an ``--out`` that is an input, lies inside an input folder, or (for
an output folder) holds an input file, with one ``error:`` line and exit code 2, before anything
is written. ``annotate --out`` at the corpus folder used to write ``index.html`` and one page per
document among the user's files, replacing a source file named like a page."""

from __future__ import annotations

import io
import os
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from analysis.cli.app import main

BODY_1 = "The officials said on Monday that the talks in Geneva would continue for another week."
BODY_2 = "The ministry said the plan was approved by the committee on Tuesday after a long debate."


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(argv)
    return rc, out.getvalue(), err.getvalue()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A corpus folder of two documents, one of them an HTML file named like its annotated page
    (``index.html``: the page name the index takes too)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "talks.txt").write_text("Talks go on\n\n" + BODY_1 + "\n", encoding="utf-8")
    (folder / "index.html").write_text(f"<html><body><h1>Plan approved</h1><p>{BODY_2}</p></body></html>\n")
    return folder


def refused(argv: list[str], needle: str) -> None:
    rc, out, err = run(argv)
    assert rc == 2, err
    assert err.startswith("error:") and needle in err, err
    assert "Traceback" not in err and err.count("\n") == 1


@pytest.mark.parametrize("command", ["annotate", "report", "figures"])
def test_out_equal_to_the_corpus_folder_is_refused(command, corpus):
    before = snapshot(corpus)
    refused([command, str(corpus), "--out", str(corpus), "--quiet"], "is the input")
    assert snapshot(corpus) == before  # index.html is still the user's document


@pytest.mark.parametrize("command", ["annotate", "report", "figures"])
def test_out_inside_the_corpus_folder_is_refused(command, corpus):
    refused([command, str(corpus), "--out", str(corpus / "pages"), "--quiet"], "inside the input folder")
    assert not (corpus / "pages").exists()


def test_out_at_the_folder_of_an_input_file_is_refused(corpus):
    """``annotate corpus/index.html --out corpus``: the page of document ``index`` would replace it."""
    before = snapshot(corpus)
    refused(["annotate", str(corpus / "index.html"), "--out", str(corpus), "--quiet"], "folder of the input file")
    assert snapshot(corpus) == before


def test_out_through_a_symbolic_link_to_the_corpus_is_refused(corpus, tmp_path):
    link = tmp_path / "elsewhere"
    link.symlink_to(corpus, target_is_directory=True)
    refused(["annotate", str(corpus), "--out", str(link / "pages"), "--quiet"], "inside the input folder")
    assert not (corpus / "pages").exists()


def test_out_beside_the_corpus_is_written(corpus, tmp_path):
    """The check refuses only what overlaps: a sibling folder is fine."""
    rc, out, err = run(["annotate", str(corpus), "--out", str(tmp_path / "pages"), "--quiet"])
    assert rc == 0, err
    assert (tmp_path / "pages" / "index.html").is_file()


def test_score_stream_out_that_is_the_input_by_another_name_is_refused(tmp_path):
    """A hard link and a symbolic link to the input are the input: refused, the input unchanged."""
    src = tmp_path / "in.csv"
    src.write_text(f"id,text\n1,{BODY_1}\n2,{BODY_2}\n", encoding="utf-8")
    before = src.read_bytes()
    hard = tmp_path / "hard.csv"
    os.link(src, hard)
    soft = tmp_path / "soft.csv"
    soft.symlink_to(src)
    for out in (src, hard, soft):
        refused(["score-stream", str(src), "--out", str(out), "--no-progress"], "is the input")
    assert src.read_bytes() == before


def test_validate_out_inside_the_gold_folder_is_refused(tmp_path):
    gold = tmp_path / "benchmarks"
    gold.mkdir()
    refused(["validate", "--data", str(gold), "--fast", "--out", str(gold / "results.csv")], "inside the input folder")
    assert list(gold.iterdir()) == []
