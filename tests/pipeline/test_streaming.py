"""Streaming scoring: same profile as in memory, bounded chunks, and resume after interruption.

Documents: the five seeds and 30 Lee news articles, written to a temporary JSONL/CSV. The
expected output is :func:`analysis.measures.profile.profile_frame` on the same documents frame.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import warnings
from contextlib import redirect_stderr
from pathlib import Path

import pandas as pd
import pytest
from support import STREAM_FIELDS, seeds_and_lee, write_jsonl

from analysis.cli.app import main
from analysis.cli.scale import _add_parser, cmd_score_stream
from analysis.measures.profile import profile_frame
from analysis.pipeline.streaming import (
    StreamResult,
    _rows_bytes,
    manifest_path,
    profile_scorer,
    read_chunks,
    read_manifest,
    score_stream,
)

CHUNK = 7


# every test here runs with warnings silenced (the shared ``quiet`` fixture in conftest.py)
pytestmark = pytest.mark.usefixtures("quiet")


@pytest.fixture(scope="module")
def docs() -> pd.DataFrame:
    return seeds_and_lee(slice(0, 30))


@pytest.fixture(scope="module")
def expected(docs) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return profile_frame(docs)


@pytest.fixture(scope="module")
def jsonl(docs, tmp_path_factory) -> Path:
    return write_jsonl(docs, tmp_path_factory.mktemp("in") / "corpus.jsonl")


@pytest.fixture(scope="module")
def reference(jsonl, tmp_path_factory) -> Path:
    """One uninterrupted local run (CSV output): what every other run must reproduce."""
    out = tmp_path_factory.mktemp("ref") / "profile.csv"
    score_stream(jsonl, out, CHUNK, progress=False)
    return out


class CountingScorer:
    """The profile scorer, counting calls and the largest chunk it was given."""

    def __init__(self):
        self.calls, self.sizes = 0, []

    def __call__(self, documents):
        self.calls += 1
        self.sizes.append(len(documents))
        return profile_scorer(documents)


class Interrupt(Exception):
    pass


def stop_after(index: int):
    def hook(i, n):
        if i == index:
            raise Interrupt(f"interrupted after chunk {i}")

    return hook


def test_stream_equals_in_memory_profile(reference, expected, docs):
    assert reference.read_bytes() == _rows_bytes(expected, "csv", header=True)
    back = pd.read_csv(reference, keep_default_na=False, na_values=[""], dtype={"date": str, "title": str})
    assert list(back["doc_id"]) == list(docs["doc_id"])
    num = [c for c in expected.columns if pd.api.types.is_numeric_dtype(expected[c])]
    pd.testing.assert_frame_equal(back[num], expected[num], check_dtype=False, rtol=0, atol=0)
    m = read_manifest(reference)
    assert m["complete"] and [c["index"] for c in m["chunks"]] == list(range(math.ceil(len(docs) / CHUNK)))
    assert sum(c["rows"] for c in m["chunks"]) == len(docs)


def test_jsonl_output_and_csv_input(docs, expected, tmp_path):
    csv_in = tmp_path / "corpus.csv"
    docs[STREAM_FIELDS].to_csv(csv_in, index=False)
    out = tmp_path / "profile.jsonl"
    result = score_stream(csv_in, out, 11, progress=False)
    assert result.rows == len(docs) and result.complete
    assert out.read_bytes() == _rows_bytes(expected, "jsonl", header=False)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    for row, (_, exp) in zip(rows, expected.iterrows()):
        for col in ("words", "loaded_per_1k", "attributions", "flesch_reading_ease", "quoted_word_share"):
            e = exp[col]
            assert (row[col] is None and pd.isna(e)) or row[col] == e, (row["doc_id"], col)


def test_chunk_size_is_respected(jsonl, docs, tmp_path):
    chunks = list(read_chunks(jsonl, 4))
    assert [c.n_records for c in chunks] == [4] * (len(docs) // 4) + ([len(docs) % 4] if len(docs) % 4 else [])
    assert all(len(c.records) <= 4 for c in chunks)
    scorer = CountingScorer()
    score_stream(jsonl, tmp_path / "p.csv", 4, score=scorer, progress=False)
    assert max(scorer.sizes) <= 4 and scorer.calls == math.ceil(len(docs) / 4)
    skipped = list(read_chunks(jsonl, 4, skip={0, 2}))
    assert skipped[0].records is None and skipped[2].records is None and skipped[1].records is not None


def test_interrupted_run_resumes_without_redoing_chunks(jsonl, reference, docs, tmp_path):
    out = tmp_path / "profile.csv"
    first = CountingScorer()
    with pytest.raises(Interrupt):
        score_stream(jsonl, out, CHUNK, score=first, progress=False, on_chunk=stop_after(1))
    assert first.calls == 2
    m = read_manifest(out)
    assert [c["index"] for c in m["chunks"]] == [0, 1] and not m["complete"]
    # the run was killed while writing chunk 2: half a row after the checkpoint
    with out.open("ab") as fh:
        fh.write(b"half-written,row,of,chunk,2")
    second = CountingScorer()
    result = score_stream(jsonl, out, CHUNK, score=second, resume=True, progress=False)
    n_chunks = math.ceil(len(docs) / CHUNK)
    assert second.calls == n_chunks - 2  # chunks 0 and 1 were not scored again
    assert result.chunks_resumed == 2 and result.chunks == n_chunks and result.rows == len(docs)
    assert out.read_bytes() == reference.read_bytes()
    third = CountingScorer()
    score_stream(jsonl, out, CHUNK, score=third, resume=True, progress=False)  # complete: nothing to do
    assert third.calls == 0 and out.read_bytes() == reference.read_bytes()


def test_resume_refuses_other_input_or_settings(jsonl, docs, tmp_path):
    src = tmp_path / "corpus.jsonl"
    src.write_bytes(jsonl.read_bytes())
    out = tmp_path / "profile.csv"
    with pytest.raises(Interrupt):
        score_stream(src, out, CHUNK, progress=False, on_chunk=stop_after(0))
    with pytest.raises(ValueError, match="chunk_size"):
        score_stream(src, out, CHUNK + 1, resume=True, progress=False)
    write_jsonl(docs.iloc[1:], src)  # the input changed under the interrupted run
    with pytest.raises(ValueError, match="input differs"):
        score_stream(src, out, CHUNK, resume=True, progress=False)
    result = score_stream(src, out, CHUNK, progress=False)  # without resume: afresh
    assert result.chunks_resumed == 0 and result.rows == len(docs) - 1


def test_bad_records_are_listed_and_ids_default_to_line_numbers(tmp_path):
    path = tmp_path / "mixed.jsonl"
    lines = [
        json.dumps({"text": "The minister said the talks would resume. Critics doubted it."}),
        "",
        "{not json",
        json.dumps(["a list"]),
        json.dumps({"headline": "no text field"}),
        json.dumps({"id": "x1", "body": "Officials reportedly denied the claim."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "p.jsonl"
    with redirect_stderr(io.StringIO()) as err:
        result = score_stream(path, out, 2, progress=False)
    assert isinstance(result, StreamResult)
    assert result.records == 5 and result.rows == 2 and result.skipped_records == 3
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert [r["doc_id"] for r in rows] == ["1", "x1"]
    assert rows[0]["corpus"] == "mixed" and rows[0]["attributions"] >= 1
    skipped = [s for c in read_manifest(out)["chunks"] for s in c["skipped"]]
    assert [s["line"] for s in skipped] == [3, 4, 5]
    assert "invalid JSON" in skipped[0]["reason"] and "line 3" in err.getvalue()


def test_cli_score_stream(jsonl, reference, tmp_path):
    out = tmp_path / "cli.csv"
    with redirect_stderr(io.StringIO()) as err:
        rc = main(["score-stream", str(jsonl), "--out", str(out), "--chunk-size", str(CHUNK), "--no-progress"])
    assert rc == 0 and out.read_bytes() == reference.read_bytes()
    assert "finished before" in err.getvalue() and manifest_path(out).is_file()
    parser = argparse.ArgumentParser()
    _add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["score-stream", str(jsonl), "--out", str(out), "--scheduler", "tcp://127.0.0.1:1"])
    with pytest.raises(SystemExit, match="--engine dask"):
        cmd_score_stream(args)


def test_profile_fast_path_equals_spans_table_path(docs, expected):
    # profile_frame without spans finds each document's spans as plain rows (no DataFrame per
    # document); with the spans table it reads them from the table. Both must agree exactly.
    from analysis.measures.spans import corpus_spans

    pd.testing.assert_frame_equal(expected, profile_frame(docs, spans=corpus_spans(docs)))
