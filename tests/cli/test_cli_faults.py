"""The command line under hostile or broken input: CSV cells that would run as spreadsheet
formulas, terminal control characters, and errors that must end as one message, not a traceback."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import app
from analysis.cli.app import main
from analysis.cli.safe_output import safe_csv_cell, strip_control

BODY_1 = "The officials said on Monday that the talks in Geneva would continue for another week."
BODY_2 = "The ministry said the plan was approved by the committee on Tuesday after a long debate."


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(argv)
    return rc, out.getvalue(), err.getvalue()


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def hostile(tmp_path) -> Path:
    """Two records whose id and title a spreadsheet would run as formulas (=HYPERLINK, @SUM), and
    one whose id and title are negative numbers (must stay numbers)."""
    return write_jsonl(
        tmp_path / "hostile.jsonl",
        [
            {"id": '=HYPERLINK("http://example.invalid")', "title": "@SUM(A1:A9)", "text": "Talks go on\n\n" + BODY_1},
            {"id": "-12", "title": "-2.5", "text": "Plan approved\n\n" + BODY_2},
        ],
    )


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("=1+2", "'=1+2"),  # formula
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),  # DDE payload from the OWASP page
        ("-cmd", "'-cmd"),  # minus that is not a number
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-12", "-12"),  # negative numbers stay numbers
        ("-2.5e3", "-2.5e3"),
        ("+7", "+7"),
        ("plain = text", "plain = text"),  # '=' later in the cell is harmless
        ("", ""),
        (-3, -3),  # non-text values pass through
    ],
)
def test_safe_csv_cell(cell, expected):
    assert safe_csv_cell(cell) == expected


def test_documents_csv_neutralises_formula_cells(hostile):
    rc, out, _ = run(["documents", str(hostile), "--format", "csv"])
    assert rc == 0
    rows = pd.read_csv(io.StringIO(out), dtype=str, keep_default_na=False)
    assert rows["doc_id"].tolist() == ['\'=HYPERLINK("http://example.invalid")', "-12"]
    assert rows["title"].tolist() == ["'@SUM(A1:A9)", "-2.5"]


def test_documents_raw_csv_keeps_cells(hostile):
    rc, out, _ = run(["documents", str(hostile), "--format", "csv", "--raw-csv"])
    assert rc == 0
    rows = pd.read_csv(io.StringIO(out), dtype=str, keep_default_na=False)
    assert rows["doc_id"].tolist() == ['=HYPERLINK("http://example.invalid")', "-12"]
    assert rows["title"].tolist() == ["@SUM(A1:A9)", "-2.5"]


def test_score_stream_csv_neutralises_formula_cells(hostile, tmp_path):
    out = tmp_path / "scores.csv"
    rc, _, _ = run(["score-stream", str(hostile), "--out", str(out), "--no-progress"])
    assert rc == 0
    rows = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert rows["doc_id"].tolist() == ['\'=HYPERLINK("http://example.invalid")', "-12"]
    raw = tmp_path / "raw.csv"
    rc, _, _ = run(["score-stream", str(hostile), "--out", str(raw), "--no-progress", "--raw-csv"])
    assert rc == 0
    assert pd.read_csv(raw, dtype=str)["doc_id"].tolist() == ['=HYPERLINK("http://example.invalid")', "-12"]


def test_table_output_has_no_terminal_control_characters(tmp_path):
    """A title carrying an ANSI colour sequence, a bell and a C1 CSI must print as plain text."""
    src = write_jsonl(
        tmp_path / "esc.jsonl",
        [{"id": "esc", "title": "\x1b[31mRED\x1b[0m alert\x07 \x9b2J", "text": "Talks go on\n\n" + BODY_1}],
    )
    rc, out, _ = run(["documents", str(src), "--format", "table"])
    assert rc == 0
    assert "RED alert" in out
    assert not any(ch in out for ch in "\x1b\x07\x9b")
    assert strip_control("a\tb\nc\x1b]0;title\x07d\x00") == "a\tb\ncd"


@pytest.mark.parametrize(
    "argv, needle",
    [
        (["score", "no/such/folder"], "no/such/folder: no such file or folder"),
        (["documents", "no/such/folder"], "no/such/folder: no such file or folder"),
        (["spans", "--category", "nope"], "unknown --category nope"),
        (["compare", "--max-docs", "-3"], "expected 0 or more"),
        (["compare", "--resamples", "0"], "expected 1 or more"),
        (["score", "--baseline", "no_such_baseline"], "unknown baseline 'no_such_baseline'"),
    ],
)
def test_bad_arguments_are_one_line_errors(argv, needle):
    rc, _, err = run(argv)
    assert rc == 2
    assert err.startswith("error:") and needle in err
    assert "Traceback" not in err and err.count("\n") == 1


def test_out_that_is_a_directory(hostile, tmp_path):
    folder = tmp_path / "scores.csv"
    folder.mkdir()
    rc, _, err = run(["score-stream", str(hostile), "--out", str(folder), "--no-progress"])
    assert rc == 2
    assert err.startswith("error:") and "Is a directory" in err and err.count("\n") == 1


def test_csv_row_with_too_many_fields(tmp_path):
    """Row 3 of this CSV has four fields under a two-column header: pandas' ParserError must
    become one line naming the line and the field counts."""
    bad = tmp_path / "bad.csv"
    bad.write_text(f"id,text\n1,{BODY_1}\n2,{BODY_2},extra,more\n", encoding="utf-8")
    for argv in (["score", str(bad)], ["score-stream", str(bad), "--out", str(tmp_path / "o.csv"), "--no-progress"]):
        rc, _, err = run(argv)
        assert rc == 2, argv
        assert err.startswith("error:") and "Expected 2 fields in line 3, saw 4" in err
        assert "Traceback" not in err


def test_ctrl_c_exits_130_without_traceback(monkeypatch, hostile):
    def interrupted(args):
        raise KeyboardInterrupt

    app._register_optional_commands()
    monkeypatch.setitem(app.COMMANDS, "documents", interrupted)
    rc, out, err = run(["documents", str(hostile)])
    assert rc == 130 and out == ""
    assert err == "interrupted\n"


def test_unknown_errors_still_raise(monkeypatch, hostile):
    """A bug (here a KeyError) is not dressed up as a user error."""

    def buggy(args):
        raise KeyError("doc_id")

    app._register_optional_commands()
    monkeypatch.setitem(app.COMMANDS, "documents", buggy)
    with pytest.raises(KeyError):
        run(["documents", str(hostile)])


def test_safe_csv_frame_covers_categorical_columns():
    """A categorical text column (as groupby output often has) is neutralised too; numbers stay."""
    from analysis.cli.safe_output import safe_csv_frame

    frame = pd.DataFrame({"group": pd.Categorical(["=cmd", "lee"]), "n": [-1, 2]})
    out = safe_csv_frame(frame)
    assert out["group"].tolist() == ["'=cmd", "lee"] and out["n"].tolist() == [-1, 2]
