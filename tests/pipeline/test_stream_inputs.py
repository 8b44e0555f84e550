"""``score-stream`` inputs that are text but not UTF-8, and files with one binary record.

Documents: the five seeds (seeds/, real text with curly quotes), written to a temporary JSONL or
CSV in UTF-16 or UTF-32 with a byte-order mark, or in UTF-8 with one record made binary. The
scorer returns each document's id, text and counts, so the output shows exactly what was read.
On main a UTF-16/32 JSONL gave no rows (every line "invalid JSON"), a UTF-16/32 CSV stopped with
"no text column", and a record holding a NUL or control characters was scored as text.
"""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr

import pandas as pd
import pytest
from support import STREAM_FIELDS

from analysis.cli.app import main
from analysis.corpus.load import load_seeds
from analysis.pipeline.streaming import read_manifest, score_stream

pytestmark = pytest.mark.usefixtures("quiet")

#: A sentence of the seed "ramadan-attack-order"; its ’ is two bytes in UTF-16 and four in UTF-32.
RAMADAN = "Danaifar, clerical regime’s ambassador to Baghdad, has ordered Iraqi groups"


def text_scorer(documents: pd.DataFrame) -> pd.DataFrame:
    """What was read: id, text and the word and sentence counts of each document."""
    return documents[["doc_id", "text", "words", "sentences"]]


@pytest.fixture(scope="module")
def seeds() -> pd.DataFrame:
    return load_seeds().documents


def records(docs: pd.DataFrame) -> list[dict]:
    return docs.reindex(columns=STREAM_FIELDS).fillna("").to_dict("records")


def serialise(recs: list[dict], fmt: str) -> str:
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs)
    return pd.DataFrame(recs, columns=STREAM_FIELDS).to_csv(index=False, lineterminator="\n")


def encode(text: str, encoding: str) -> bytes:
    """``text`` in ``encoding`` with its byte-order mark (Python's utf-16/utf-32 write the
    machine's order with a mark; the -be codecs write none, so the big-endian mark is added)."""
    marks = {"utf-16-be": b"\xfe\xff", "utf-32-be": b"\x00\x00\xfe\xff"}
    return marks.get(encoding, b"") + text.encode(encoding)


@pytest.mark.parametrize(
    "fmt,encoding", [("jsonl", "utf-16"), ("jsonl", "utf-32-be"), ("csv", "utf-16-be"), ("csv", "utf-32")]
)
def test_utf16_and_utf32_inputs_read_as_their_utf8_copy(seeds, tmp_path, fmt, encoding):
    """The five seeds in UTF-16/32 (either byte order) give the same output bytes as the same
    records in UTF-8: five rows, nothing skipped, the curly apostrophe of the Ramadan seed intact."""
    plain = serialise(records(seeds), fmt)
    utf8, wide = tmp_path / f"in-utf8.{fmt}", tmp_path / f"in-wide.{fmt}"
    utf8.write_text(plain, encoding="utf-8")
    wide.write_bytes(encode(plain, encoding))
    expected = score_stream(utf8, tmp_path / "utf8.csv", 2, score=text_scorer, progress=False)
    result = score_stream(wide, tmp_path / "wide.csv", 2, score=text_scorer, progress=False)
    assert (result.records, result.rows, result.skipped_records) == (5, 5, 0)
    assert (tmp_path / "wide.csv").read_bytes() == (tmp_path / "utf8.csv").read_bytes()
    assert expected.rows == 5
    rows = pd.read_csv(tmp_path / "wide.csv", dtype=str, keep_default_na=False)
    assert list(rows["doc_id"]) == list(seeds["doc_id"])
    assert list(rows["words"].astype(int)) == list(seeds["words"])
    assert RAMADAN in rows.set_index("doc_id").loc["ramadan-attack-order", "text"]


# Ways one record is binary: a NUL in the text, a run of 40 control characters (more than 1 in 100
# of the ~2,700 characters, see analysis.corpus.readers.looks_binary), a NUL in the title.
BINARY = {
    "nul in text": ("text", lambda t: t[:200] + "\x00" + t[200:], "binary content (NUL at character 200)"),
    "control characters": (
        "text",
        lambda t: t[:200] + "\x01\x02\x03\x04\x05\x06\x07\x08" * 5 + t[200:],
        "binary content (control characters)",
    ),
    "nul in title": ("title", lambda t: t + "\x00", "binary content (NUL at character"),
}


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
@pytest.mark.parametrize("case", list(BINARY))
def test_one_binary_record_is_skipped_with_its_line(seeds, tmp_path, fmt, case):
    """The third of five records (seed "ramadan-attack-order") is made binary: only it is skipped,
    named by its line (JSONL) or data row (CSV) 3 in the manifest and on stderr; the other four
    seeds are scored. On main all five were scored, the NUL or control bytes inside the text."""
    column, damage, reason = BINARY[case]
    recs = records(seeds)
    recs[2][column] = damage(recs[2][column])
    src = tmp_path / f"seeds.{fmt}"
    src.write_text(serialise(recs, fmt), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    with redirect_stderr(io.StringIO()) as err:
        result = score_stream(src, out, 2, score=text_scorer, progress=False)
    assert (result.records, result.rows, result.skipped_records) == (5, 4, 1)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["doc_id"] for r in rows] == [d for d in seeds["doc_id"] if d != "ramadan-attack-order"]
    assert not any("\x00" in r["text"] or "\x01" in r["text"] for r in rows)
    skipped = [s for c in read_manifest(out)["chunks"] for s in c["skipped"]]
    assert len(skipped) == 1 and skipped[0]["line"] == 3 and skipped[0]["reason"].startswith(reason)
    unit = "row" if fmt == "csv" else "line"
    assert f"skipped: seeds.{fmt} {unit} 3: binary content" in err.getvalue()


def test_raw_nul_byte_in_a_jsonl_line_is_named_binary(seeds, tmp_path):
    """A NUL byte written raw (not as the JSON escape) inside line 2 is reported as binary content,
    not as invalid JSON, and only that line is skipped."""
    lines = serialise(records(seeds), "jsonl").splitlines(keepends=True)
    lines[1] = lines[1].replace("Quds Force", "Quds\x00Force", 1)
    src = tmp_path / "seeds.jsonl"
    src.write_text("".join(lines), encoding="utf-8")
    result = score_stream(src, tmp_path / "out.csv", 5, score=text_scorer, progress=False)
    assert (result.rows, result.skipped_records) == (4, 1)
    (skip,) = read_manifest(tmp_path / "out.csv")["chunks"][0]["skipped"]
    assert skip["line"] == 2 and skip["reason"].startswith("binary content (NUL at character")


def test_utf16_input_with_a_binary_record_through_the_command_line(seeds, tmp_path):
    """``score-stream`` on a UTF-16 JSONL whose first record has a NUL: exit 0, the four other seeds
    profiled (their words as loaded), line 1 listed as skipped."""
    recs = records(seeds)
    recs[0]["text"] = "\x00" + recs[0]["text"]
    src = tmp_path / "seeds.jsonl"
    src.write_bytes(encode(serialise(recs, "jsonl"), "utf-16"))
    out = tmp_path / "profile.csv"
    with redirect_stderr(io.StringIO()) as err:
        rc = main(["score-stream", str(src), "--out", str(out), "--chunk-size", "2", "--no-progress"])
    assert rc == 0, err.getvalue()
    rows = pd.read_csv(out)
    assert list(rows["doc_id"]) == list(seeds["doc_id"][1:])
    assert list(rows["words"]) == list(seeds["words"][1:])
    assert "skipped: seeds.jsonl line 1: binary content (NUL at character 0)" in err.getvalue()
    assert "4 rows from 5 records" in err.getvalue()
