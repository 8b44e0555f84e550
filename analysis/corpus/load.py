"""The corpus model: tidy documents and sentences, and a load report for every input.

``load_corpus(paths)`` reads folders of .txt/.md/.html files, CSV files and JSONL files with a
text column. It returns a :class:`Corpus` with three pandas DataFrames:

* ``documents``: one row per document: doc_id, title, publisher, date (ISO 8601 or empty),
  genre, corpus, text (cleaned: headline, blank line, body), words, sentences, source_file,
  status, plus comments, boilerplate, date_marker and url where known;
* ``sentences``: one row per sentence: doc_id, sentence (index), start, end (character
  offsets into the document's cleaned ``text``, end exclusive), text;
* ``report``: one row per input file or record: source_file, doc_id, status (loaded, skipped,
  missing), reason, warnings. Nothing is dropped without a row here.

A folder may hold ``manifest.csv`` (id, file, title, publisher, publisher_aliases, date, genre,
group, notes): its values win over what is read from the text, and a disagreement is recorded as a
warning. ``publisher_aliases`` (names separated by ``;``) are further names under which the
publisher speaks of itself: they count as self-reference
(:func:`analysis.measures.source_types.self_reference_names`). An entry whose file or id would
lead outside the folder (``..``, an absolute path) is refused with a report row; a manifest that
is not UTF-8, not CSV or lacks ``id``/``file`` raises InputError naming it.

CSV and JSONL records are judged one by one: a record with binary content or no text field is
skipped with its line number; a null or non-scalar id is replaced by a generated one (warning).
Exact duplicates (same headline and body) are skipped with a pointer to the first.

Folders are walked once each and stay inside the corpus folder (:func:`_walk`): a folder reached a
second time (by its device and inode: ``ln -s . loop``, two links to one folder) is skipped with a
report row, and a symbolic link to a file or folder outside the corpus folder is skipped with the
row "link outside the corpus folder" unless ``follow_links`` is given (``--follow-links``); the
manifest refuses such paths in the same way.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath, PureWindowsPath

import pandas as pd

from analysis.corpus.cleaning import clean_text, is_valid_iso_date, publisher_from_headline, unwrap_hard_wrapped
from analysis.corpus.readers import InputError, decode_bytes, html_to_text, looks_like_html
from analysis.corpus.records import TEXT_FIELDS, parse_json_line, table_record
from analysis.corpus.sentences import split_sentences
from analysis.corpus.text import count_words, normalise

DOC_COLUMNS = [
    "doc_id",
    "title",
    "publisher",
    "date",
    "genre",
    "corpus",
    "text",
    "words",
    "sentences",
    "sentence_bounds",
    "source_file",
    "status",
]
SENTENCE_COLUMNS = ["doc_id", "sentence", "start", "end", "text"]
REPORT_COLUMNS = ["source_file", "doc_id", "status", "reason", "warnings", "notes"]
TEXT_SUFFIXES = {".txt", ".md", ".html", ".htm"}
TABLE_SUFFIXES = {".csv", ".jsonl", ".ndjson"}


@dataclass
class Corpus:
    """Documents, sentences and the load report of one load."""

    documents: pd.DataFrame
    sentences: pd.DataFrame
    report: pd.DataFrame

    def __repr__(self) -> str:
        counts = self.report["status"].value_counts().to_dict() if len(self.report) else {}
        return f"Corpus({len(self.documents)} documents, {len(self.sentences)} sentences, report={counts})"


def slugify(value: str, max_len: int = 48) -> str:
    """A readable id from a name: lower case, ASCII letters, digits and hyphens."""
    slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    return slug[:max_len].rstrip("-") or "doc"


def compose_text(title: str, body: str) -> str:
    """The measured text: headline, a blank line, then the body (the headline is part of what a
    text says; it is not repeated when the body already opens with it)."""
    title, body = (title or "").strip(), (body or "").strip()
    if not title or body.startswith(title):
        return body
    return f"{title}\n\n{body}" if body else title


def make_documents(records: Iterable[dict], corpus: str, genre: str) -> pd.DataFrame:
    """Documents frame from records with doc_id, title and text (the body); optional publisher,
    date (ISO or empty), source_file, url and any extra metadata (kept as columns).

    The text is normalised (:func:`analysis.corpus.text.normalise`) and composed with its title
    (:func:`compose_text`); its sentences are split here, once (``sentence_bounds``: the
    ``(start, end)`` offsets every later step reads), and words and sentences are counted on it."""
    rows = []
    for rec in records:
        row = dict(rec)
        body = normalise(str(row.pop("text", "") or ""))
        row["title"] = normalise(str(row.get("title", "") or "")).strip()
        row["text"] = compose_text(row["title"], body)
        row.setdefault("publisher", "")
        row.setdefault("date", "")
        row.setdefault("source_file", "")
        row.setdefault("status", "loaded")
        row["corpus"] = row.get("corpus") or corpus
        row["genre"] = row.get("genre") or genre
        row["wire_agency"] = str(row.get("wire_agency") or "")
        row["wire_copy"] = bool(row["wire_agency"])
        row["words"] = count_words(row["text"])
        row["sentence_bounds"] = split_sentences(row["text"])
        row["sentences"] = len(row["sentence_bounds"])
        rows.append(row)
    frame = pd.DataFrame(rows)
    if frame.empty:
        return pd.DataFrame(columns=DOC_COLUMNS)
    extra = [c for c in frame.columns if c not in DOC_COLUMNS]
    frame = frame[DOC_COLUMNS + extra]
    for col in ("publisher", "date", "title", "source_file"):
        frame[col] = frame[col].fillna("").astype(str)
    return frame.reset_index(drop=True)


def sentences_frame(documents: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence of every document, with offsets into its cleaned text (from the
    documents' ``sentence_bounds``: :func:`analysis.corpus.sentences.document_bounds`)."""
    from analysis.corpus.sentences import document_bounds

    rows = [
        (doc_id, i, s, e, text[s:e])
        for doc_id, text, bounds in zip(documents["doc_id"], documents["text"], document_bounds(documents))
        for i, (s, e) in enumerate(bounds)
    ]
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)


# --------------------------------------------------------------------------- reading inputs


#: key of a manifest entry that was refused; its value says why
REFUSED = "__refused__"


def _manifest_problem(folder: Path, row: dict) -> str:
    """Why a manifest entry cannot be used ("" when it can): its file must name a file inside the
    folder (no absolute path, no ``..``) and its id must not be a path."""
    file, doc_id = row.get("file") or "", row.get("id") or ""
    pure = PurePath(file.replace("\\", "/"))
    if not file.strip():
        return "manifest entry without a file"
    if pure.is_absolute() or PureWindowsPath(file).is_absolute() or ".." in pure.parts:
        return f"manifest file {file!r} points outside its folder"
    try:
        (folder / file).resolve().relative_to(folder.resolve())
    except ValueError:
        return f"manifest file {file!r} points outside its folder (a link)"
    if re.search(r"[/\\]", doc_id) or doc_id.strip() in {".", ".."}:
        return f"manifest id {doc_id!r} is a path, not an id"
    return ""


def _read_manifest(folder: Path) -> dict[str, dict]:
    """The entries of ``folder/manifest.csv`` by file name (empty when there is none). An entry
    whose file or id would lead outside the folder is kept with a :data:`REFUSED` reason. A
    manifest that is not UTF-8, not CSV, or lacks the id and file columns raises
    :class:`InputError` naming it."""
    path = folder / "manifest.csv"
    if not path.is_file():
        return {}
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(
            f"{path}: manifest is not UTF-8 (invalid byte at offset {err.start}); save it as UTF-8"
        ) from None
    if "\x00" in text:
        raise InputError(f"{path}: manifest is not a text file (NUL byte)")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error as err:
        raise InputError(f"{path}: manifest is not valid CSV (line {reader.line_num}: {err})") from None
    missing = {"id", "file"} - set(reader.fieldnames or [])
    if missing:
        raise InputError(f"{path}: manifest lacks columns {sorted(missing)} (it needs id and file)")
    out = {}
    for row in rows:
        if None in row:
            raise InputError(f"{path}: manifest line {reader.line_num}: more fields than the header has")
        row = {k: (v or "") for k, v in row.items()}
        problem = _manifest_problem(folder, row)
        if problem:
            row[REFUSED] = problem
        out[row["file"]] = row
    return out


def record_from_text(
    raw: str, source: str, suffix: str, warnings: list[str], notes: list[str], has_title: bool = False
) -> dict:
    html_title = ""
    if suffix in {".html", ".htm"} or looks_like_html(raw):
        if suffix not in {".html", ".htm"}:
            warnings.append("HTML markup in a text file: reduced to its visible text")
        raw, html_title = html_to_text(raw)
    raw, joined = unwrap_hard_wrapped(normalise(raw))
    if joined:
        notes.append(f"hard-wrapped lines joined into paragraphs ({joined} line breaks removed)")
    cleaned = clean_text(raw, has_title=has_title)
    if cleaned.boilerplate:
        notes.append("removed boilerplate: " + " | ".join(cleaned.boilerplate))
    if cleaned.comments:
        notes.append("reader comments kept apart from the body")
    if cleaned.date_marker:
        notes.append(f"date from {cleaned.date_marker}")
    return {
        "title": cleaned.title or html_title,
        "text": cleaned.body,
        "publisher": cleaned.publisher,
        "date": cleaned.date,
        "date_marker": cleaned.date_marker,
        "comments": cleaned.comments,
        "boilerplate": " | ".join(cleaned.boilerplate),
        "signoff": cleaned.signoff,
        "wire_agency": cleaned.wire_agency,
        "source_file": source,
    }


def _apply_manifest(rec: dict, entry: dict, warnings: list[str]) -> None:
    rec["doc_id"] = entry["id"]
    for key in ("title", "publisher", "publisher_aliases", "date", "genre", "group"):
        value = (entry.get(key) or "").strip()
        if not value:
            continue
        found = (rec.get(key) or "").strip()
        if (
            found
            and key not in ("genre", "publisher_aliases")
            and found != value
            and not (key == "publisher" and same_publisher(found, value))
        ):
            warnings.append(f"manifest {key} {value!r} differs from text {found!r}; manifest used")
        rec[key] = value
    if rec.get("date") and not is_valid_iso_date(rec["date"]):
        warnings.append(f"date {rec['date']!r} is not ISO 8601; left empty")
        rec["date"] = ""


def _skip_row(path: Path, line: int, reason: str) -> dict:
    return {
        "source_file": f"{display_path(path)}#{line}",
        "doc_id": "",
        "status": "skipped",
        "reason": reason,
        "warnings": "",
        "notes": "",
    }


def _csv_rows(path: Path, text: str) -> Iterable[tuple[int, dict]]:
    """(first line, row) of each data row of a CSV text, all values strings; a row with more
    fields than the header raises ValueError naming the file and line."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            return
        line = reader.line_num
        for fields in reader:
            first, line = line + 1, reader.line_num
            if not fields or fields == [""]:
                continue
            if len(fields) > len(header):
                raise ValueError(
                    f"{display_path(path)}: Expected {len(header)} fields in line {first}, "
                    f"saw {len(fields)} (a value with a comma needs double quotes)"
                )
            yield first, dict(zip(header, fields + [""] * (len(header) - len(fields))))
    except csv.Error as err:
        raise ValueError(f"{display_path(path)}: not valid CSV at line {reader.line_num}: {err}") from None


def _json_rows(path: Path, text: str, report: list[dict]) -> Iterable[tuple[int, dict]]:
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        obj, why = parse_json_line(line)
        if obj is None:
            if why.startswith("invalid JSON: "):
                reason = f"invalid JSON on line {n}: {why.removeprefix('invalid JSON: ')}"
            elif why == "not a JSON object":
                reason = f"line {n} is not a JSON object"
            else:
                reason = f"{why} on line {n}; record skipped"
            report.append(_skip_row(path, n, reason))
            continue
        yield n, obj


_NAME_DATE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2}-[01][0-9]-[0-3][0-9])(?![0-9])")


def date_in_file_name(source: str) -> str:
    """An ISO date (``YYYY-MM-DD``) written in a file's name ("nyt_2016-10-14_debate.txt"), or ""
    (none, or not a real date). The researcher who named the file put it there; a date the text
    merely mentions is never used."""
    name = Path(str(source).split("#")[0]).name
    m = _NAME_DATE.search(name)
    return m.group(1) if m and is_valid_iso_date(m.group(1)) else ""


def same_publisher(found: str, declared: str) -> bool:
    """Whether a publisher read from the text names the declared one: the same name, or its
    acronym or full name ("NCRI" or "National Council of Resistance of Iran" for "National Council
    of Resistance of Iran (NCRI)")."""
    m = re.match(r"^(.*?)\s*\(([^)]+)\)\s*$", declared)
    names = {declared.lower()} | ({m.group(1).lower(), m.group(2).lower()} if m else set())
    return found.lower().removeprefix("the ") in {n.removeprefix("the ") for n in names}


def _table_records(path: Path, warnings_out: list[dict]) -> list[tuple[str, dict]]:
    """(record key, record) pairs from a CSV or JSONL file; bad rows become report entries.

    Each record is judged on its own: its text field is the first of :data:`TEXT_FIELDS` it has
    (CSV: the header's), and a record with binary content (a NUL, many control characters) or
    without a text field is skipped with its line number. A record's ``_warnings`` list says what
    was changed (an id that was null or not a single value)."""
    decoded = decode_bytes(path.read_bytes(), str(path), records=True)
    out = []
    if path.suffix == ".csv":
        rows = _csv_rows(path, decoded.text)
        first = next(rows, None)
        if first is not None and not any(f in first[1] for f in TEXT_FIELDS):
            raise InputError(f"no text column (looked for {', '.join(TEXT_FIELDS)})")
        rows = ([first] if first is not None else []) + list(rows)
    else:
        rows = list(_json_rows(path, decoded.text, warnings_out))
    for n, (line, row) in enumerate(rows, start=1):
        rec, why, warnings = table_record(row)
        if rec is None:
            reason = (
                f"line {line} has {why}" if why.startswith("no text field") else f"{why} on line {line}; record skipped"
            )
            warnings_out.append(_skip_row(path, line, reason))
            continue
        rec["_warnings"] = warnings
        out.append((f"{display_path(path)}#{rec.get('doc_id') or n}", rec))
    for w in decoded.warnings:
        warnings_out.append(
            {
                "source_file": display_path(path),
                "doc_id": "",
                "status": "note",
                "reason": w,
                "warnings": "",
                "notes": "",
            }
        )
    return out


def display_path(path: str | Path) -> str:
    """A path as shown in tables: relative to the project root when inside it (so outputs do not
    depend on where the project is checked out), else as given."""
    from analysis.config import PROJECT_ROOT

    try:
        return Path(path).resolve().relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return str(path)


#: Files in a corpus folder that document the folder rather than hold a document.
FOLDER_DOCS = {"PROVENANCE.md", "README.md"}


#: Skip reasons of the walker (report rows).
LINK_OUTSIDE = "link outside the corpus folder (--follow-links reads it)"
FOLDER_AGAIN = "folder already read (a second link to it, or a link back into the corpus)"


def _folder_id(path: Path) -> tuple[int, int]:
    st = path.stat()  # follows links: the folder itself
    return st.st_dev, st.st_ino


def _walk(
    root: Path, folder: Path, follow_links: bool = False, visited: set | None = None
) -> Iterable[tuple[Path, dict, str, str]]:
    """Every path under ``folder``, recursively, as (path, manifest entry, group, skip reason).
    The group is the subfolder's path relative to ``root`` (empty at the top level).

    Each folder is read once, known by its (device, inode): a symbolic link back into the corpus
    (``ln -s . s1; ln -s . s2`` made about 2^40 paths) or a second link to a folder is skipped with
    :data:`FOLDER_AGAIN`. A symbolic link whose target lies outside ``root`` (resolved) is skipped
    with :data:`LINK_OUTSIDE` unless ``follow_links``."""
    if visited is None:
        visited = {_folder_id(root)}
    real_root = root.resolve()
    manifest = _read_manifest(folder)
    group = "" if folder == root else folder.relative_to(root).as_posix()
    seen = set()
    # real entries before links, each in name order: a folder or file that is also reached through
    # a link is read at its own place (its group is its own path); the link is then the repeat
    for f in sorted(folder.iterdir(), key=lambda f: (f.is_symlink(), f.name)):
        seen.add(f.name)
        if f.name == "manifest.csv":
            yield f, {}, group, "metadata"
        elif f.name.startswith("."):
            yield f, {}, group, "hidden file or folder"
        elif f.is_symlink() and not f.exists():
            yield f, {}, group, "dangling symbolic link"
        elif f.is_symlink() and not follow_links and not f.resolve().is_relative_to(real_root):
            yield f, {}, group, LINK_OUTSIDE
        elif f.is_dir():
            key = _folder_id(f)
            if key in visited:
                yield f, {}, group, FOLDER_AGAIN
                continue
            visited.add(key)
            yield from _walk(root, f, follow_links, visited)
        elif not f.is_file():
            yield f, {}, group, "not a regular file (FIFO, socket or device)"
        elif f.name in FOLDER_DOCS:
            yield f, {}, group, "folder documentation (README/PROVENANCE), not a document"
        else:
            entry = manifest.get(f.name, {})
            yield f, entry, group, entry.get(REFUSED, "")
    for name in sorted(set(manifest) - seen):
        entry = manifest[name]
        if entry.get(REFUSED):  # never followed: reported under the manifest, not the path it names
            yield folder / "manifest.csv", {}, group, f"{entry[REFUSED]}; entry refused"
        else:
            yield folder / name, entry, group, ""


def _iter_inputs(paths: Iterable[str | Path], follow_links: bool = False) -> Iterable[tuple[Path, dict, str, str]]:
    for p in paths:
        p = Path(p)
        if p.is_dir():
            yield from _walk(p, p, follow_links)
        else:
            manifest = _read_manifest(p.parent) if p.parent.is_dir() else {}
            entry = manifest.get(p.name, {})
            yield p, entry, "", entry.get(REFUSED, "")


def corpus_files(paths: Iterable[str | Path], follow_links: bool = False) -> list[Path]:
    """The files :func:`load_corpus` reads from ``paths`` (the walk of the module docstring, skips
    left out): what a cache key must hash when links lead outside the corpus folders."""
    return [p for p, _, _, skip in _iter_inputs(paths, follow_links) if not skip and p.is_file()]


def load_corpus(
    paths: Iterable[str | Path] | str | Path,
    corpus: str | None = None,
    genre: str = "unknown",
    follow_links: bool = False,
) -> Corpus:
    """Load documents from files and folders (see module docstring) into a :class:`Corpus`;
    ``follow_links``: also read files and folders that symbolic links inside a corpus folder point
    to outside it."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    paths = list(paths)
    corpus = corpus or (Path(paths[0]).name if paths else "corpus")
    report: list[dict] = []
    records: list[dict] = []
    used_ids: set[str] = set()
    seen: dict[str, str] = {}

    def add(rec: dict, source: str, warnings: list[str], manifest_entry: dict, notes: list[str]) -> None:
        if manifest_entry:
            _apply_manifest(rec, manifest_entry, warnings)
        rec.setdefault(
            "doc_id", slugify(Path(source.split("#")[0]).stem + ("-" + source.split("#")[1] if "#" in source else ""))
        )
        if not rec.get("date") or not is_valid_iso_date(str(rec.get("date"))):
            if rec.get("date"):
                warnings.append(f"date {rec['date']!r} is not ISO 8601; left empty")
            rec["date"] = ""
            named = date_in_file_name(source)
            if named:
                rec["date"], rec["date_marker"] = named, "file name"
                notes.append("date from the file name")
        if not str(rec.get("text", "")).strip():
            report.append(
                {
                    "source_file": source,
                    "doc_id": rec["doc_id"],
                    "status": "skipped",
                    "reason": "no body text after cleaning",
                    "warnings": "; ".join(warnings),
                    "notes": "; ".join(notes),
                }
            )
            return
        # an exact duplicate repeats both the headline and the body
        same = normalise(str(rec.get("title") or "")).strip() + "\x00" + normalise(rec["text"]).strip()
        digest = hashlib.sha256(same.encode("utf-8")).hexdigest()
        if digest in seen:
            report.append(
                {
                    "source_file": source,
                    "doc_id": rec["doc_id"],
                    "status": "skipped",
                    "reason": f"exact duplicate of {seen[digest]}",
                    "warnings": "; ".join(warnings),
                    "notes": "; ".join(notes),
                }
            )
            return
        base, n = rec["doc_id"], 2
        while rec["doc_id"] in used_ids:  # a set: a corpus of n records costs n, not n²
            rec["doc_id"] = f"{base}-{n}"
            n += 1
        if rec["doc_id"] != base:
            warnings.append(f"id {base!r} already used; renamed {rec['doc_id']!r}")
        seen[digest] = rec["doc_id"]
        if not rec.get("title"):
            warnings.append("no title")
        elif not str(rec.get("publisher") or "").strip() and publisher_from_headline(str(rec["title"])):
            rec["publisher"] = publisher_from_headline(str(rec["title"]))
            notes.append("publisher from the headline")
        records.append(rec)
        used_ids.add(rec["doc_id"])
        report.append(
            {
                "source_file": source,
                "doc_id": rec["doc_id"],
                "status": "loaded",
                "reason": "",
                "warnings": "; ".join(warnings),
                "notes": "; ".join(notes),
            }
        )

    for path, entry, group, skip in _iter_inputs(paths, follow_links):
        source = display_path(path)
        if skip == "metadata":
            report.append(
                {
                    "source_file": source,
                    "doc_id": "",
                    "status": "metadata",
                    "reason": "manifest: metadata for the files beside it",
                    "warnings": "",
                    "notes": "",
                }
            )
            continue
        if skip:
            report.append(
                {"source_file": source, "doc_id": "", "status": "skipped", "reason": skip, "warnings": "", "notes": ""}
            )
            continue
        if not path.exists():
            report.append(
                {
                    "source_file": source,
                    "doc_id": entry.get("id", ""),
                    "status": "missing",
                    "reason": "file listed but not found",
                    "warnings": "",
                    "notes": "",
                }
            )
            continue
        suffix = path.suffix.lower()
        if suffix not in TEXT_SUFFIXES | TABLE_SUFFIXES:
            report.append(
                {
                    "source_file": source,
                    "doc_id": "",
                    "status": "skipped",
                    "reason": f"unsupported file type {suffix or '(none)'}",
                    "warnings": "",
                    "notes": "",
                }
            )
            continue
        try:
            if suffix in TABLE_SUFFIXES:
                notes: list[dict] = []
                rows = _table_records(path, notes)
                report.extend(n for n in notes if n["status"] == "skipped")
                file_warnings = [n["reason"] for n in notes if n["status"] == "note"]
                if not rows:
                    raise InputError("no records")
                for key, row in rows:
                    warnings, notes = list(file_warnings) + row.pop("_warnings", []), []
                    if group and not str(row.get("group") or "").strip():
                        row["group"] = group
                    has_title = bool(str(row.get("title") or "").strip())
                    rec = record_from_text(row.pop("text"), key, ".txt", warnings, notes, has_title=has_title)
                    for k, v in row.items():  # metadata columns win over what the text says
                        if v not in ("", None):
                            rec[k] = v if k != "doc_id" else str(v)
                    add(rec, key, warnings, {}, notes)
            else:
                decoded = decode_bytes(path.read_bytes(), source)
                warnings, notes = list(decoded.warnings), []
                rec = record_from_text(decoded.text, source, suffix, warnings, notes)
                if group:
                    rec["group"] = group
                add(rec, source, warnings, entry, notes)
        except InputError as err:
            report.append(
                {
                    "source_file": source,
                    "doc_id": entry.get("id", ""),
                    "status": "skipped",
                    "reason": str(err),
                    "warnings": "",
                    "notes": "",
                }
            )

    documents = make_documents(records, corpus=corpus, genre=genre)
    return Corpus(documents, sentences_frame(documents), pd.DataFrame(report, columns=REPORT_COLUMNS))


def load_seeds(seeds_dir: str | Path | None = None) -> Corpus:
    """The five advocacy statements under study, with ids and genre from ``seeds/manifest.csv``."""
    from analysis.config import SEEDS_DIR

    return load_corpus([seeds_dir or SEEDS_DIR], corpus="seeds", genre="advocacy")
