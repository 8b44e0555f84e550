"""Every CSV the package writes reads back as written (issue 29).

A carriage return inside a cell used to be written bare (``to_csv(lineterminator="\\n")`` quotes
only cells with ``\\n``): pandas, R and spreadsheets end the row there, the columns shift (a
"share" of 12) and the rest of the cell starts a new row, so ``=1+1`` after the ``\\r`` reached a
spreadsheet with no ``'`` in front. Each writer is tried with cells holding ``\\r``, ``\\n``,
``\\r\\n``, quotes, commas, leading spaces and formula starts, and read back with pandas and with
Python's ``csv`` module (``newline=""``): every cell must come back equal to what was written,
modulo the documented ``'`` prefix of :func:`analysis.cli.safe_output.safe_csv_cell`.
"""

from __future__ import annotations

import csv
import io
import json
from contextlib import redirect_stderr, redirect_stdout

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.cli.app import emit, main
from analysis.cli.safe_output import csv_text, safe_csv_cell, write_csv
from analysis.pipeline.streaming import _rows_bytes

BODY = "The officials said on Monday that the talks in Geneva would continue for another week."

#: Cells made of the characters that break CSV rows or start formulas, and a few letters.
CELL = st.text(alphabet=st.sampled_from(list("\r\n\",'=+-@ \tab1é")), max_size=12)


def frames():
    """Frames shaped like the package's tables: text columns (id, title, publisher) and numbers."""
    return st.lists(st.tuples(CELL, CELL, CELL, st.integers(-5, 5)), min_size=1, max_size=6).map(
        lambda rows: pd.DataFrame(rows, columns=["doc_id", "title", "publisher", "words"])
    )


def read_back(text: str) -> list[pd.DataFrame]:
    """The CSV ``text`` read by pandas and by Python's csv module (as strings)."""
    by_pandas = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return [by_pandas, pd.DataFrame(rows[1:], columns=rows[0])]


def expected(frame: pd.DataFrame, raw: bool) -> pd.DataFrame:
    cells = frame.astype(str) if raw else frame.map(safe_csv_cell).astype(str)
    return cells.reset_index(drop=True)


def assert_reads_back(text: str, frame: pd.DataFrame, raw: bool) -> None:
    want = expected(frame, raw)
    for got in read_back(text):
        assert list(got.columns) == list(frame.columns)
        pd.testing.assert_frame_equal(got.reset_index(drop=True), want, check_dtype=False)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=frames(), raw=st.booleans())
def test_every_csv_writer_reads_back_as_written(frame, raw, tmp_path_factory):
    # 1. standard output of every table command (analysis.cli.app.emit)
    out = io.StringIO()
    emit(frame, "csv", out=out, raw_csv=raw)
    assert_reads_back(out.getvalue(), frame, raw)
    # 2. score-stream's chunks (header, then rows appended chunk by chunk)
    head = _rows_bytes(frame.iloc[:1], "csv", header=True, safe_csv=not raw)
    rest = _rows_bytes(frame.iloc[1:], "csv", header=False, safe_csv=not raw)
    assert_reads_back((head + rest).decode("utf-8"), frame, raw)
    # 3. files written with --out (validate's results; analysis.cli.safe_output.write_csv)
    path = write_csv(frame, tmp_path_factory.mktemp("csv") / "out.csv", raw=raw)
    assert_reads_back(path.read_bytes().decode("utf-8"), frame, raw)


def test_a_bare_carriage_return_is_quoted_and_rows_end_in_line_feeds():
    """``x\\ry`` (an old Mac line end in a title) is quoted; a frame without \\r gives the bytes it
    gave before (rows end in \\n, only cells with \\n or quotes or commas quoted)."""
    frame = pd.DataFrame({"title": ["x\ry", "plain", 'a "b", c'], "n": [1, 2, 3]})
    assert csv_text(frame) == 'title,n\n"x\ry",1\nplain,2\n"a ""b"", c",3\n'
    plain = pd.DataFrame({"title": ["p\nq", "plain"], "n": [1.5, None]})
    assert csv_text(plain) == plain.to_csv(index=False, lineterminator="\n")


@pytest.mark.parametrize(
    "cell, expected_cell",
    [
        (" =1+1", "' =1+1"),  # spreadsheets skip the leading spaces and run the formula
        ("   @SUM(A1)", "'   @SUM(A1)"),
        ("\u00a0+cmd", "'\u00a0+cmd"),  # a no-break space is skipped too
        (" -12", " -12"),  # a number with a leading space stays a number
        ("  ", "  "),  # blank: nothing to run
        ("a =1", "a =1"),
    ],
)
def test_formula_after_leading_spaces_is_neutralised(cell, expected_cell):
    assert safe_csv_cell(cell) == expected_cell


def _run(argv: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(argv)
    return rc, out.getvalue()


@pytest.fixture
def carriage_returns(tmp_path):
    """Two records whose id, title and publisher carry a bare \\r (an old Mac file), a CRLF, a
    quote, a comma and a formula after the \\r."""
    records = [
        {"id": "mac\r=1+1", "title": "Talks\rgo on", "publisher": 'The "Daily", News\r\n', "text": BODY},
        {"id": "two", "title": " =1+1", "publisher": "Desk\r@SUM(A1)", "text": BODY.replace("Monday", "Friday")},
    ]
    path = tmp_path / "cr.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["documents", "profile", "spans", "scorecard"])
def test_table_commands_write_carriage_returns_that_read_back(command, carriage_returns):
    """Each command's CSV equals its JSON output (lossless), cell for cell, after the ' prefix."""
    quiet = [] if command == "documents" else ["--quiet"]
    rc, as_json = _run([command, str(carriage_returns), "--format", "json", *quiet])
    assert rc == 0
    frame = pd.DataFrame(json.loads(as_json))
    if command == "documents":  # the document text is in json and jsonl only
        frame = frame.drop(columns=["text"])
    rc, as_csv = _run([command, str(carriage_returns), "--format", "csv", *quiet])
    assert rc == 0
    text_cols = [c for c in frame.columns if frame[c].map(lambda v: isinstance(v, str)).all()]
    assert {"doc_id"} <= set(text_cols)
    for got in read_back(as_csv):
        assert list(got.columns) == list(frame.columns)
        assert len(got) == len(frame)
        for col in text_cols:
            assert got[col].tolist() == frame[col].map(safe_csv_cell).tolist(), col
    if command == "documents":  # the =1+1 after the \r stays inside its quoted cell
        back = read_back(as_csv)[0]
        assert back["doc_id"].tolist() == ["mac\r=1+1", "two"]
        assert back["title"].tolist()[1] == "'=1+1"  # the loader strips the title's spaces


def test_score_stream_output_reads_back(carriage_returns, tmp_path):
    out = tmp_path / "scores.csv"
    rc, _ = _run(["score-stream", str(carriage_returns), "--out", str(out), "--no-progress"])
    assert rc == 0
    for got in read_back(out.read_bytes().decode("utf-8")):
        assert got["doc_id"].tolist() == ["mac\r=1+1", "two"]
        assert float(got["attributed_sentence_share"].iloc[0]) <= 1.0  # no column shifted into a share
