"""Loading under bad bytes and bad records: wide encodings, NUL bytes, per-record judgement in
CSV/JSONL, ids that are not ids, duplicates, and manifests that point outside their folder or
cannot be read. Each case failed on main (issue 17)."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from analysis.cli.app import main
from analysis.corpus.load import load_corpus
from analysis.corpus.readers import InputError, decode_bytes
from analysis.pipeline.streaming import read_chunks

BODY_1 = "The officials said on Monday that the talks in Geneva would continue for another week."
BODY_2 = "The ministry said the plan was approved by the committee on Tuesday after a long debate."
BODY_3 = "Witnesses told reporters that the convoy had left the city before dawn on Friday."
TEXT = f"Talks go on\n\n{BODY_1} {BODY_2}\n"


def jsonl(path: Path, records: list) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records), encoding="utf-8")
    return path


def row(corpus, needle: str) -> dict:
    rows = corpus.report[corpus.report["source_file"].str.contains(needle, regex=False)]
    assert len(rows) == 1, corpus.report
    return rows.iloc[0].to_dict()


@pytest.mark.parametrize(
    "encoding, bom",
    [
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-32-le", b"\xff\xfe\x00\x00"),
        ("utf-32-be", b"\x00\x00\xfe\xff"),
    ],
)
def test_wide_encodings_are_read_from_their_byte_order_mark(tmp_path, encoding, bom):
    """Every other byte of UTF-16 text is NUL: main rejected such a file as binary."""
    (tmp_path / "plain.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "wide.txt").write_bytes(bom + TEXT.encode(encoding))
    plain = load_corpus([tmp_path / "plain.txt"]).documents.iloc[0]
    wide = load_corpus([tmp_path / "wide.txt"])
    assert wide.documents.iloc[0]["text"] == plain["text"] and wide.documents.iloc[0]["words"] == 34
    assert "byte-order mark" in wide.report.iloc[0]["warnings"]


def test_nul_after_the_first_8_kib_is_refused():
    """Main sniffed only the first 8 KiB, so a NUL at byte 8,700 reached the text."""
    data = (BODY_1 + "\n").encode() * 100  # 8,700 bytes of text
    data += b"\x00" + BODY_2.encode()
    with pytest.raises(InputError, match=r"binary file \(NUL byte at offset 8700\)"):
        decode_bytes(data)


def test_one_binary_record_skips_only_that_record(tmp_path):
    """JSONL line 2 and CSV line 3 carry a NUL: main rejected each whole file."""
    src = jsonl(
        tmp_path / "a.jsonl",
        [{"id": "a1", "text": BODY_1}, {"id": "a2", "text": "x\u0000y " + BODY_2}, {"id": "a3", "text": BODY_3}],
    )
    corpus = load_corpus([src])
    assert corpus.documents["doc_id"].tolist() == ["a1", "a3"]
    bad = row(corpus, "a.jsonl#2")
    assert bad["status"] == "skipped" and bad["reason"].startswith("binary content (NUL at character 1) on line 2")
    csv_src = tmp_path / "b.csv"
    csv_src.write_bytes(f"id,text\nb1,{BODY_1}\nb2,bad\x00record {BODY_2}\nb3,{BODY_3}\n".encode())
    corpus = load_corpus([csv_src])
    assert corpus.documents["doc_id"].tolist() == ["b1", "b3"]
    assert "on line 3" in row(corpus, "b.csv#3")["reason"]


def test_jsonl_text_field_is_found_per_record(tmp_path):
    """The first record uses "body", the second "text", the third has neither: main looked at
    the first record only and lost the second (no "body" key)."""
    src = jsonl(
        tmp_path / "mixed.jsonl",
        [{"id": "m1", "body": BODY_1}, {"id": "m2", "text": BODY_2}, {"id": "m3", "title": "Only a title"}],
    )
    corpus = load_corpus([src])
    assert corpus.documents["doc_id"].tolist() == ["m1", "m2"]
    assert row(corpus, "mixed.jsonl#3")["reason"].startswith("line 3 has no text field")


def test_null_and_non_scalar_ids_get_a_generated_id_with_a_warning(tmp_path):
    """``id: null`` gave an empty id on main; a list id gave the text "['a', 'b']"."""
    src = jsonl(
        tmp_path / "ids.jsonl",
        [{"id": None, "text": BODY_1}, {"id": ["a", "b"], "text": BODY_2}, {"id": 7, "text": BODY_3}],
    )
    corpus = load_corpus([src])
    assert corpus.documents["doc_id"].tolist() == ["ids-1", "ids-2", "7"]
    loaded = corpus.report[corpus.report["status"] == "loaded"]
    assert loaded["warnings"].str.contains("is not a single value; generated id used").tolist() == [True, True, False]


def test_duplicates_need_the_same_title_too(tmp_path):
    """Two records with one body under different headlines are two documents; main dropped the
    second as an exact duplicate. The same headline and body is still a duplicate."""
    src = jsonl(
        tmp_path / "d.jsonl",
        [
            {"id": "d1", "title": "Talks go on", "text": BODY_1},
            {"id": "d2", "title": "Talks collapse", "text": BODY_1},
            {"id": "d3", "title": "Talks go on", "text": BODY_1},
        ],
    )
    corpus = load_corpus([src])
    assert corpus.documents["doc_id"].tolist() == ["d1", "d2"]
    assert row(corpus, "d.jsonl#d3")["reason"] == "exact duplicate of d1"


def test_manifest_entries_must_stay_inside_their_folder(tmp_path):
    """Entries naming ../secret.txt, an absolute path, or an id with ../ are refused and the
    files they name are never read (main loaded ../secret.txt)."""
    (tmp_path / "secret.txt").write_text(f"Secret\n\n{BODY_3}\n", encoding="utf-8")
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "b.txt").write_text(f"Plan approved\n\n{BODY_2}\n", encoding="utf-8")
    (folder / "manifest.csv").write_text(
        f"id,file\nup,../secret.txt\nabs,{tmp_path / 'secret.txt'}\n../escape,b.txt\nfine,a.txt\n", encoding="utf-8"
    )
    corpus = load_corpus([folder])
    assert corpus.documents["doc_id"].tolist() == ["fine"]
    assert BODY_3 not in " ".join(corpus.documents["text"])
    reasons = corpus.report.loc[corpus.report["status"] == "skipped", "reason"].tolist()
    assert "manifest file '../secret.txt' points outside its folder; entry refused" in reasons
    assert f"manifest file '{tmp_path / 'secret.txt'}' points outside its folder; entry refused" in reasons
    assert "manifest id '../escape' is a path, not an id" in reasons


def run(argv: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(argv)
    return rc, err.getvalue()


@pytest.mark.parametrize(
    "manifest, needle",
    [
        (b"name,path\nx,a.txt\n", "manifest lacks columns ['file', 'id']"),
        ("id,file,title\nx,a.txt,Caf\u00e9\n".encode("cp1252"), "manifest is not UTF-8 (invalid byte at offset 25)"),
        (b"id,file\nx,a.txt,extra,more\n", "manifest line 2: more fields than the header has"),
    ],
)
def test_unreadable_manifest_is_one_error_naming_it(tmp_path, manifest, needle):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "manifest.csv").write_bytes(manifest)
    rc, err = run(["documents", str(tmp_path)])
    assert rc == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"error: {tmp_path / 'manifest.csv'}: ") and needle in err


def test_stream_ids_that_are_not_single_values_become_line_numbers(tmp_path):
    src = jsonl(tmp_path / "s.jsonl", [{"id": {"x": 1}, "text": BODY_1}, {"id": None, "doc_id": "k", "text": BODY_2}])
    (chunk,) = list(read_chunks(src, 10))
    assert [r["doc_id"] for r in chunk.records] == ["1", "k"]


def test_csv_row_with_too_many_fields_names_the_file(tmp_path):
    """Main printed pandas' "Error tokenizing data. C error: ..." without saying which file."""
    bad = tmp_path / "bad.csv"
    bad.write_text(f"id,text\n1,{BODY_1}\n2,{BODY_2},extra,more\n", encoding="utf-8")
    for argv in (["score", str(bad)], ["score-stream", str(bad), "--out", str(tmp_path / "o.csv"), "--no-progress"]):
        rc, err = run(argv)
        assert rc == 2 and err.count("\n") == 1, err
        assert f"{bad}: Expected 2 fields in line 3, saw 4" in err and "Error tokenizing" not in err
