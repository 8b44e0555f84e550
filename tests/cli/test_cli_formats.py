"""Every table command prints csv, json, jsonl and an aligned table; the table cuts long cells."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout

import pandas as pd

from analysis.cli.app import FORMATS, TABLE_CELL_WIDTH, _register_optional_commands, build_parser, emit, main

BODY = "Officials said on Monday that the talks would probably continue. They are certainly useful."


def run(argv):
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(argv)
    return rc, out.getvalue(), err.getvalue()


def test_every_table_command_accepts_all_four_formats():
    _register_optional_commands()
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, p in sub.choices.items():
        fmt = next((a for a in p._actions if a.dest == "format"), None)
        if fmt is not None:
            assert set(fmt.choices) == set(FORMATS), name


def test_spans_prints_every_format_with_the_same_rows(tmp_path):
    # "said" is an attribution cue, "probably" a hedge, "certainly" a booster: at least three spans
    (tmp_path / "a.txt").write_text("Talks\n\n" + BODY, encoding="utf-8")
    outputs = {fmt: run(["spans", str(tmp_path / "a.txt"), "--format", fmt]) for fmt in FORMATS}
    assert all(rc == 0 for rc, _, _ in outputs.values())
    records = json.loads(outputs["json"][1])
    lines = [json.loads(line) for line in outputs["jsonl"][1].splitlines()]
    csv_rows = pd.read_csv(io.StringIO(outputs["csv"][1]))
    assert records == lines and len(csv_rows) == len(records) >= 3
    assert {"hedge", "booster", "attribution_cue"} <= {r["category"] for r in records}
    table_lines = outputs["table"][1].splitlines()
    assert table_lines[0].split()[:4] == ["doc_id", "group", "start", "end"] and len(table_lines) == len(records) + 1


def test_table_format_truncates_a_900_character_title():
    frame = pd.DataFrame({"doc_id": ["d1"], "title": ["word " * 180]})
    out = io.StringIO()
    emit(frame, "table", out=out)
    line = out.getvalue().splitlines()[1]
    assert "…" in line and len(line) <= TABLE_CELL_WIDTH + 10
    out = io.StringIO()
    emit(frame, "jsonl", out=out)  # machine formats keep the whole cell
    assert json.loads(out.getvalue())["title"] == "word " * 180
