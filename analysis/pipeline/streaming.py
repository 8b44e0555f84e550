"""Score a corpus larger than memory: chunk by chunk, with bounded memory, resumable.

:func:`score_stream` reads a JSONL or CSV corpus ``chunk_size`` records at a time (JSONL line by
line, CSV through ``pandas.read_csv(chunksize=...)``), turns each chunk into a documents frame
(:func:`analysis.corpus.load.make_documents`), scores it (by default the full document profile,
:func:`analysis.measures.profile.profile_frame`) and appends the rows to the output (CSV or JSONL, chosen by
the output's suffix) before reading on. At most one chunk of records and one chunk of results are
held at a time (with the Dask engine, at most ``max_in_flight`` chunks; see :mod:`analysis.pipeline.scale`).
A tqdm bar shows the bytes of input done.

Records
-------
Each record is one JSON object per line, or one CSV row. The text is the first of the fields
``text``, ``body``, ``content``, ``article`` that the record has; ``title``, ``publisher``,
``date``, ``corpus`` and ``genre`` are used when present (``corpus`` defaults to the input file's
stem, ``genre`` to ``unknown``). The id is the record's ``id`` or ``doc_id`` field, else its line
number (JSONL: the 1-based physical line; CSV: the 1-based data row, header not counted). A
record that is not valid JSON, not an object, has no text field or has binary content (a NUL or
many control characters in its text or a metadata field, judged per record by
:func:`analysis.corpus.readers.looks_binary`) is skipped; every skip is listed with its line (for
CSV the data row, as for ids) and reason in the manifest and counted in the result, and the rest of
the file is read. Blank JSONL lines are not records.

The input is UTF-8 (a byte-order mark is dropped; an invalid byte becomes U+FFFD), or UTF-16 or
UTF-32 when a byte-order mark says so (:func:`analysis.corpus.readers.bom_encoding`, the rule of the
batch reader :func:`analysis.corpus.readers.decode_bytes`); wide inputs are decoded as they are
read, so memory stays bounded. Text is normalised and composed with its title as for the baseline corpora; with
``clean=True`` each text also goes through the same cleaning as :func:`analysis.corpus.load.load_corpus`
(HTML reduced to text, page furniture removed, publisher and date read from explicit markers).
Exact duplicates are *not* removed (that needs the whole corpus in memory).

Chunks, checkpoint and resume
-----------------------------
Chunk ``k`` is records ``k*chunk_size`` to ``(k+1)*chunk_size - 1`` (JSONL: non-blank lines,
valid or not; CSV: data rows), so chunk boundaries depend only on the input and the chunk size.
After a chunk's rows are appended and flushed, the manifest ``<output>.manifest.json`` (written
atomically) records the chunk index, its record count, its skips and the output size in bytes
after it, together with an input fingerprint (file size and SHA-256 of the whole input, streamed)
and the settings. With ``resume=True`` a run reads the manifest, checks that the input and settings
are the same (else ValueError: mixing two inputs in one output would be silent corruption),
truncates the output to the end of the last finished chunk (so rows of a chunk that was being
written when the run died are dropped) and scores only the chunks not yet finished. Without
``resume`` the output and manifest are started afresh. A finished run's manifest says
``"complete": true``; resuming it does nothing.

The output is the same bytes whether a run went through in one go, was resumed, or used Dask.

One writer per output: a run holds an exclusive lock on ``<output>.lock``
(:class:`analysis.pipeline.files.OutputLock`) from before it reads the manifest until it has
written the last chunk; a second run on the same output stops at once with
:class:`analysis.pipeline.files.OutputLocked` and touches nothing.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.corpus.load import make_documents
from analysis.corpus.readers import bom_encoding
from analysis.corpus.records import TEXT_FIELDS, parse_json_line, table_record

#: Manifest format version (bumped when its meaning changes; an older manifest is not resumed).
#: 2: the input fingerprint is the SHA-256 of the whole input (1 hashed only its first and last MiB).
MANIFEST_VERSION = 2
INPUT_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv"}
OUTPUT_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}
_FINGERPRINT_BYTES = 1 << 20

Scorer = Callable[[pd.DataFrame], pd.DataFrame]


# --------------------------------------------------------------------------------------------
# scoring one chunk
# --------------------------------------------------------------------------------------------


def profile_scorer(documents: pd.DataFrame) -> pd.DataFrame:
    """The default scorer: the full document profile (:func:`analysis.measures.profile.profile_frame`),
    one row per document in input order."""
    from analysis.measures.profile import profile_frame

    return profile_frame(documents)


def _scorer_name(score: Scorer) -> str:
    """A name for the scorer that is the same in every run (recorded in the manifest)."""
    qual = getattr(score, "__qualname__", None) or type(score).__qualname__
    return f"{getattr(score, '__module__', None) or type(score).__module__}.{qual}"


def _clean_record(rec: dict) -> dict:
    """The per-record cleaning of :func:`analysis.corpus.load.load_corpus` (metadata fields win)."""
    from analysis.corpus.load import record_from_text

    warnings_, notes = [], []
    out = record_from_text(rec.pop("text"), rec.get("source_file", ""), ".txt", warnings_, notes)
    for k, v in rec.items():
        if v not in ("", None):
            out[k] = v
    return out


def documents_from_records(
    records: list[dict], corpus: str = "input", genre: str = "unknown", clean: bool = False
) -> pd.DataFrame:
    """A documents frame (:func:`analysis.corpus.load.make_documents`) from parsed records (dicts with
    ``doc_id`` and ``text``; see :func:`read_chunks`)."""
    if clean:
        records = [_clean_record(dict(r)) for r in records]
    return make_documents(records, corpus=corpus, genre=genre)


def score_records(
    index: int,
    records: list[dict],
    corpus: str = "input",
    genre: str = "unknown",
    clean: bool = False,
    score: Scorer | None = None,
) -> tuple[int, pd.DataFrame]:
    """``(index, scores)`` of one chunk of records: the unit of work of both engines (a
    module-level function, so Dask can ship it to workers)."""
    docs = documents_from_records(records, corpus=corpus, genre=genre, clean=clean)
    if docs.empty:
        return index, pd.DataFrame()
    return index, (score or profile_scorer)(docs)


# --------------------------------------------------------------------------------------------
# reading
# --------------------------------------------------------------------------------------------


@dataclass
class Chunk:
    """One chunk of input: its index, its records (None when skipped because already finished),
    how many records it had, the records that could not be read ``(line, reason)``, and the input
    byte position after it (approximate for CSV; used for the progress bar only)."""

    index: int
    records: list[dict] | None
    n_records: int
    bad: list[tuple[int, str]] = field(default_factory=list)
    position: int = 0


def input_format(path: str | Path) -> str:
    """``jsonl`` or ``csv`` from the file suffix (ValueError otherwise)."""
    suffix = Path(path).suffix.lower()
    if suffix not in INPUT_FORMATS:
        raise ValueError(f"{path}: cannot stream {suffix or 'a file without suffix'}; use .jsonl, .ndjson or .csv")
    return INPUT_FORMATS[suffix]


def _record(obj: dict, number: int) -> tuple[dict | None, str]:
    """(record, "") or (None, reason) of one parsed row (:func:`analysis.corpus.records.table_record`,
    the loader's reader too); a record without a usable id takes its line number."""
    rec, why, _ = table_record(obj)
    if rec is None:
        return None, why
    rec.setdefault("doc_id", str(number))
    return rec, ""


def _lines(fh) -> Iterator[tuple[bytes | str, int]]:
    """(line, input byte position after it) of an open binary file: UTF-8 lines as bytes (decoded
    only when their chunk is scored; a leading byte-order mark dropped), UTF-16/32 lines (the
    byte-order mark says which) as text, decoded as read (position approximate)."""
    enc = bom_encoding(fh.read(4))
    fh.seek(0)
    if enc is None:
        pos = 0
        for k, raw in enumerate(fh):
            pos += len(raw)
            yield (raw[3:] if k == 0 and raw.startswith(b"\xef\xbb\xbf") else raw), pos
        return
    # lines end at LF only, as for bytes; an invalid code unit becomes U+FFFD, as in UTF-8 lines
    text = io.TextIOWrapper(fh, encoding=enc, errors="replace", newline="\n")
    for line in text:
        yield line, fh.tell()
    text.detach()  # the caller closes the file


def _read_jsonl(path: Path, chunk_size: int, skip: frozenset[int]) -> Iterator[Chunk]:
    index, lines, line_no = 0, [], 0
    with path.open("rb") as fh:
        pos = 0
        for raw, pos in _lines(fh):
            line_no += 1
            if not raw.strip():
                continue
            lines.append((line_no, raw))
            if len(lines) == chunk_size:
                yield _jsonl_chunk(index, lines, index in skip, pos)
                index, lines = index + 1, []
        if lines:
            yield _jsonl_chunk(index, lines, index in skip, pos)


def _jsonl_chunk(index: int, lines: list[tuple[int, bytes | str]], skipped: bool, pos: int) -> Chunk:
    if skipped:  # finished before: not even parsed
        return Chunk(index, None, len(lines), position=pos)
    records, bad = [], []
    for n, raw in lines:
        line = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
        obj, why = parse_json_line(line)
        if obj is None:
            bad.append((n, why))
            continue
        rec, reason = _record(obj, n)
        if rec is None:
            bad.append((n, reason))
        else:
            records.append(rec)
    return Chunk(index, records, len(lines), bad, pos)


def _read_csv(path: Path, chunk_size: int, skip: frozenset[int]) -> Iterator[Chunk]:
    with path.open("rb") as fh:
        encoding = bom_encoding(fh.read(4)) or "utf-8-sig"
        fh.seek(0)
        try:
            reader = pd.read_csv(
                fh, chunksize=chunk_size, dtype=str, keep_default_na=False, encoding=encoding, encoding_errors="replace"
            )
        except pd.errors.EmptyDataError:
            return
        row = 0
        with reader:
            for index, frame in enumerate(_named_errors(reader, path)):
                n = len(frame)
                first = row + 1
                row += n
                if index in skip:
                    yield Chunk(index, None, n, position=fh.tell())
                    continue
                text_field = next((f for f in TEXT_FIELDS if f in frame.columns), None)
                if text_field is None:
                    raise ValueError(f"{path}: no text column (looked for {', '.join(TEXT_FIELDS)})")
                records, bad = [], []
                for number, obj in enumerate(frame.to_dict("records"), start=first):
                    rec, reason = _record(obj, number)
                    if rec is None:
                        bad.append((number, reason))
                    else:
                        records.append(rec)
                yield Chunk(index, records, n, bad, fh.tell())


def _named_errors(frames: Iterable[pd.DataFrame], path: Path) -> Iterator[pd.DataFrame]:
    """``frames``, with a pandas parser error (a row with too many fields) naming the file."""
    try:
        yield from frames
    except pd.errors.ParserError as err:
        detail = str(err).removeprefix("Error tokenizing data. C error: ").strip()
        raise ValueError(f"{path}: {detail} (a value with a comma needs double quotes)") from None


def read_chunks(path: str | Path, chunk_size: int = 1000, skip: Iterable[int] = ()) -> Iterator[Chunk]:
    """The input in :class:`Chunk` s of ``chunk_size`` records (see module docstring); chunks
    whose index is in ``skip`` come with ``records=None`` and are not parsed."""
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, not {chunk_size}")
    path = Path(path)
    reader = _read_jsonl if input_format(path) == "jsonl" else _read_csv
    return reader(path, int(chunk_size), frozenset(skip))


def input_fingerprint(path: str | Path) -> dict:
    """``{"size": bytes, "sha256": ...}``: the file size and the SHA-256 of its whole content,
    read in 1 MiB blocks (constant memory), so any edit anywhere in the input is noticed."""
    path = Path(path)
    h = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        while block := fh.read(_FINGERPRINT_BYTES):
            h.update(block)
            size += len(block)
    return {"size": size, "sha256": h.hexdigest()}


# --------------------------------------------------------------------------------------------
# writing and the manifest
# --------------------------------------------------------------------------------------------


def output_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in OUTPUT_FORMATS:
        raise ValueError(f"{path}: output must end in .csv, .jsonl or .ndjson")
    return OUTPUT_FORMATS[suffix]


def manifest_path(output: str | Path) -> Path:
    """The checkpoint next to ``output``: ``<output>.manifest.json``."""
    output = Path(output)
    return output.with_name(output.name + ".manifest.json")


def _json_value(v: Any) -> Any:
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):  # numpy scalar
        v = v.item()
        if isinstance(v, float) and math.isnan(v):
            return None
    return v


def _rows_bytes(frame: pd.DataFrame, fmt: str, header: bool, safe_csv: bool = True) -> bytes:
    if frame.empty and not header:
        return b""
    if fmt == "csv":
        from analysis.cli.safe_output import csv_text, safe_csv_frame

        if safe_csv:  # text cells a spreadsheet would run as formulas get a leading '
            frame = safe_csv_frame(frame)
        return csv_text(frame, header=header).encode("utf-8")  # a cell with \r or \n is quoted
    cols = list(frame.columns)
    out = []
    for values in frame.itertuples(index=False, name=None):
        rec = {c: _json_value(v) for c, v in zip(cols, values)}
        out.append(json.dumps(rec, ensure_ascii=False, allow_nan=False))
    return ("\n".join(out) + "\n").encode("utf-8") if out else b""


def _write_manifest(path: Path, manifest: dict) -> None:
    from analysis.pipeline.files import atomic_write

    atomic_write(path, (json.dumps(manifest, indent=1) + "\n").encode("utf-8"))


_CHUNK_KEYS = ("index", "records", "rows", "skipped", "output_end")


def read_manifest(output: str | Path) -> dict | None:
    """The manifest of ``output`` (None when there is none). A manifest that cannot be read
    (truncated, not JSON, not a manifest) is a ValueError naming the file and what to do, not a
    bare JSON error."""
    path = manifest_path(output)
    if not path.is_file():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        ok = isinstance(manifest, dict) and isinstance(manifest.get("chunks"), list)
        ok = ok and all(isinstance(c, dict) and all(k in c for k in _CHUNK_KEYS) for c in manifest["chunks"])
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        why = f"{type(err).__name__}: {err}"
    else:
        if ok:
            return manifest
        why = "not a score-stream manifest"
    raise ValueError(
        f"cannot resume: the manifest {path} is damaged ({why}). Run again without --resume to start "
        "afresh (the output is written again from the start), or restore the manifest from a backup."
    )


@dataclass
class StreamResult:
    """What a :func:`score_stream` run did."""

    output: Path
    manifest: Path
    chunks: int = 0
    chunks_resumed: int = 0
    records: int = 0
    rows: int = 0
    skipped_records: int = 0
    complete: bool = False

    def summary(self) -> str:
        done = self.chunks - self.chunks_resumed
        return (
            f"{self.output}: {self.rows} rows from {self.records} records in {self.chunks} chunks "
            f"({done} scored now, {self.chunks_resumed} finished before), "
            f"{self.skipped_records} records skipped (see {self.manifest.name})"
        )


# --------------------------------------------------------------------------------------------
# engines
# --------------------------------------------------------------------------------------------


class LocalEngine:
    """Scores chunks one after another in this process."""

    name = "local"

    def map(self, fn: Callable, items: Iterable[tuple]) -> Iterator:
        for args in items:
            yield fn(*args)


# --------------------------------------------------------------------------------------------
# the run
# --------------------------------------------------------------------------------------------


def score_stream(
    input: str | Path,
    output: str | Path,
    chunk_size: int = 1000,
    *,
    resume: bool = False,
    score: Scorer | None = None,
    engine: Any = None,
    corpus: str | None = None,
    genre: str = "unknown",
    clean: bool = False,
    progress: bool = True,
    on_chunk: Callable[[int, int], None] | None = None,
    safe_csv: bool = True,
) -> StreamResult:
    """Score ``input`` (JSONL or CSV) chunk by chunk into ``output`` (CSV or JSONL); see the module
    docstring for records, chunks, the manifest and resuming.

    ``score`` maps a documents frame to a frame with one row per document (default
    :func:`profile_scorer`, the full profile; it must be a module-level function for Dask).
    ``engine`` is :class:`LocalEngine` (default) or :class:`analysis.pipeline.scale.DaskEngine`.
    ``on_chunk(index, n_records)`` is called after each chunk is committed (output flushed,
    manifest written): a hook for progress reports and for tests that interrupt a run.
    ``safe_csv`` (CSV output only) prefixes text cells that a spreadsheet would run as a formula
    with ``'`` (:func:`analysis.cli.safe_output.safe_csv_cell`); it is a setting of the run, so a
    resume must use the same value. The output is locked for the run (:class:`analysis.pipeline.files.OutputLock`):
    a second writer of the same output gets :class:`analysis.pipeline.files.OutputLocked`."""
    from analysis.pipeline.files import OutputLock

    with OutputLock(output):
        return _score_stream(
            input,
            output,
            chunk_size,
            resume=resume,
            score=score,
            engine=engine,
            corpus=corpus,
            genre=genre,
            clean=clean,
            progress=progress,
            on_chunk=on_chunk,
            safe_csv=safe_csv,
        )


def _score_stream(
    input: str | Path,
    output: str | Path,
    chunk_size: int,
    *,
    resume: bool,
    score: Scorer | None,
    engine: Any,
    corpus: str | None,
    genre: str,
    clean: bool,
    progress: bool,
    on_chunk: Callable[[int, int], None] | None,
    safe_csv: bool,
) -> StreamResult:
    input, output = Path(input), Path(output)
    in_fmt, out_fmt = input_format(input), output_format(output)
    from analysis.pipeline.files import check_output_apart

    check_output_apart(output, [input], folder=False)  # never the input, under any name
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, not {chunk_size}")
    score = score or profile_scorer
    engine = engine or LocalEngine()
    corpus = corpus or input.stem
    mpath = manifest_path(output)
    settings = {
        "chunk_size": int(chunk_size),
        "input_format": in_fmt,
        "output_format": out_fmt,
        "corpus": corpus,
        "genre": genre,
        "clean": bool(clean),
        "score": _scorer_name(score),
        "safe_csv": bool(safe_csv) if out_fmt == "csv" else False,
    }
    fingerprint = input_fingerprint(input)

    manifest = read_manifest(output) if resume else None
    if manifest is not None:
        _check_manifest(manifest, input, fingerprint, settings)
    else:
        manifest = {
            "version": MANIFEST_VERSION,
            "input": str(input),
            "fingerprint": fingerprint,
            "settings": settings,
            "columns": None,
            "chunks": [],
            "complete": False,
        }
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(b"")
        _write_manifest(mpath, manifest)
    out_size = manifest["chunks"][-1]["output_end"] if manifest["chunks"] else 0
    if manifest["chunks"] and (not output.is_file() or output.stat().st_size < out_size):
        warnings.warn(f"{output} is missing or shorter than its manifest says: starting afresh", stacklevel=2)
        manifest.update(columns=None, chunks=[], complete=False)
        out_size = 0
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(b"")
        _write_manifest(mpath, manifest)
    done = {c["index"] for c in manifest["chunks"]}
    with output.open("r+b") as fh:  # drop rows written after the last checkpoint
        fh.truncate(out_size)

    if score is profile_scorer and not done:
        from analysis.measures.profile_rows import missing_inputs_note

        note = missing_inputs_note()  # once per run, not once per chunk
        if note:
            warnings.warn(note, stacklevel=2)

    result = StreamResult(output, mpath, chunks_resumed=len(done))
    by_index = {c["index"]: c for c in manifest["chunks"]}
    bar = _progress(progress, fingerprint["size"], input.name)
    chunks_meta: dict[int, Chunk] = {}

    def work() -> Iterator[tuple]:
        for chunk in read_chunks(input, chunk_size, skip=done):
            if chunk.records is None:
                old = by_index[chunk.index]
                result.chunks += 1
                result.records += chunk.n_records
                result.rows += old["rows"]
                result.skipped_records += len(old["skipped"])
                bar.update(max(0, chunk.position - bar.n))
                continue
            chunks_meta[chunk.index] = Chunk(chunk.index, None, chunk.n_records, chunk.bad, chunk.position)
            yield (chunk.index, chunk.records, corpus, genre, clean, score)

    try:
        with output.open("ab") as out:
            for index, scores in engine.map(score_records, work()):
                meta = chunks_meta.pop(index)
                if manifest["columns"] is None and not scores.empty:
                    manifest["columns"] = [str(c) for c in scores.columns]
                if not scores.empty and list(map(str, scores.columns)) != manifest["columns"]:
                    scores = scores.reindex(columns=manifest["columns"])
                header = out_fmt == "csv" and out.tell() == 0 and not scores.empty
                out.write(_rows_bytes(scores, out_fmt, header, safe_csv=settings["safe_csv"]))
                out.flush()
                os.fsync(out.fileno())
                manifest["chunks"].append(
                    {
                        "index": index,
                        "records": meta.n_records,
                        "rows": len(scores),
                        "skipped": [{"line": n, "reason": r} for n, r in meta.bad],
                        "output_end": out.tell(),
                    }
                )
                _write_manifest(mpath, manifest)
                result.chunks += 1
                result.records += meta.n_records
                result.rows += len(scores)
                result.skipped_records += len(meta.bad)
                for n, reason in meta.bad:  # a CSV record is named by its data row (header not counted)
                    print(
                        f"skipped: {input.name} {'row' if in_fmt == 'csv' else 'line'} {n}: {reason}", file=sys.stderr
                    )
                bar.update(max(0, meta.position - bar.n))
                if on_chunk is not None:
                    on_chunk(index, meta.n_records)
    finally:
        bar.close()
    manifest["complete"] = True
    _write_manifest(mpath, manifest)
    result.complete = True
    return result


def _check_manifest(manifest: dict, input: Path, fingerprint: dict, settings: dict) -> None:
    problems = []
    if manifest.get("version") != MANIFEST_VERSION:
        problems.append(f"manifest version {manifest.get('version')!r}, expected {MANIFEST_VERSION}")
    if manifest.get("fingerprint") != fingerprint:
        problems.append(f"the input differs from the one the run started on ({manifest.get('input')})")
    for key, value in settings.items():
        if manifest.get("settings", {}).get(key) != value:
            problems.append(f"{key} was {manifest.get('settings', {}).get(key)!r}, now {value!r}")
    if problems:
        raise ValueError(
            "cannot resume: "
            + "; ".join(problems)
            + ". Run without resume to start afresh (the output will be overwritten)."
        )


def _progress(enabled: bool, total: int, name: str):
    from tqdm.auto import tqdm

    return tqdm(
        total=total,
        unit="B",
        unit_scale=True,
        unit_divisor=1024,
        desc=f"scoring {name}",
        disable=not enabled,
        file=sys.stderr,
        leave=True,
    )
