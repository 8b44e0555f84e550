"""Per-corpus readers of the baseline corpora registered in :mod:`analysis.corpus.baselines`.

Each reader turns one corpus folder into record dicts for :func:`analysis.corpus.load.make_documents`:
``reader(folder, report, spec)``, where ``spec`` is the corpus's registry entry and ``report`` records
checksums, decoding fall-backs and notes. Text preparation changes layout, never wording (see the
:mod:`analysis.corpus.baselines` docstring). The registry imports this module (and its spec classes, defined here), never the reverse.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import html
import io
import json
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

#: URL of one upstream file: raw.githubusercontent.com layout.
URL_TEMPLATE = "{base}/{repo}/{commit}/{path}"


@dataclass(frozen=True)
class SourceFile:
    """One file of a corpus: ``path`` inside the corpus folder, its sha256 (empty when only the
    corpus manifest digest is registered) and its path in the upstream repository."""

    path: str
    sha256: str = ""
    original_path: str = ""


@dataclass(frozen=True)
class BaselineSpec:
    """A baseline corpus as described by its PROVENANCE.md."""

    name: str
    genre: str
    folder: str
    licence: str
    citation: str
    redistributable: bool
    repo: str
    commit: str
    files: tuple[SourceFile, ...]
    publisher: str = ""
    derived: bool = False  # True: made by a helper session, not a byte copy; cannot be downloaded
    #: sha256 of the manifest ``"<sha256>  <path>\n"`` lines, sorted by path (bbc: 2,225 files).
    manifest_sha256: str = ""
    url_template: str = URL_TEMPLATE

    @property
    def downloadable(self) -> bool:
        return not self.derived and bool(self.repo and self.commit)

    def url(self, file: SourceFile, base: str) -> str:
        """Download URL of one upstream file."""
        return self.url_template.format(
            base=base.rstrip("/"), repo=self.repo, commit=self.commit, path=file.original_path
        )


# --------------------------------------------------------------------------------------------
# Reading helpers: checksums, decoding, text clean-up
# --------------------------------------------------------------------------------------------


class ChecksumMismatch(ValueError):
    """A baseline file whose sha256 differs from the registry (truncated, edited or replaced);
    ``path`` is the file (or the corpus folder, for a manifest digest)."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path


#: sha256 of files already hashed in this process, keyed by (path, size, mtime_ns)
_DIGESTS: dict[tuple[str, int, int], str] = {}


def file_sha256(path: Path, data: bytes | None = None) -> str:
    """sha256 of ``path`` (of ``data``, its bytes, when already read), computed once per file and
    process: memoised by (path, size, modification time), so a changed file is hashed again."""
    st = path.stat()
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
    if key not in _DIGESTS:
        _DIGESTS[key] = hashlib.sha256(path.read_bytes() if data is None else data).hexdigest()
    return _DIGESTS[key]


@dataclass
class _Report:
    """What happened while loading one corpus (stored as a dict in ``attrs['load_report']``)."""

    corpus: str
    source: str  # "gensim wheel", "data dir", "cache", "download"
    folder: str
    checksums: str = "verified"  # or "mismatch"
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    hashes: dict[str, str] = field(default_factory=dict)

    def read(self, folder: Path, file: SourceFile) -> bytes:
        """Bytes of ``file``, checked against its registered sha256: a difference raises
        :class:`ChecksumMismatch` naming the file (a damaged copy is never used)."""
        path = folder / file.path
        data = path.read_bytes()
        digest = file_sha256(path, data)
        self.hashes[file.path] = digest
        if file.sha256 and digest != file.sha256:
            self.checksums = "mismatch"
            raise ChecksumMismatch(
                path,
                f"{path}: sha256 {digest} differs from the registered {file.sha256} "
                f"({len(data):,} bytes; the copy is truncated or changed)",
            )
        return data

    def decode(self, data: bytes, where: str, encoding: str = "utf-8") -> str:
        """``data`` decoded as ``encoding``, else as cp1252 (then latin-1) with a recorded warning."""
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            for fallback in ("cp1252", "latin-1"):
                with contextlib.suppress(UnicodeDecodeError):
                    text = data.decode(fallback)
                    bad = data[exc.start : exc.end]
                    self.warnings.append(
                        f"{where}: not valid {encoding} (byte {bad.hex()} at offset {exc.start}); "
                        f"decoded as {fallback} ({bad.decode(fallback)!r})"
                    )
                    return text
            raise

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "hashes"}


def manifest_digest(hashes: dict[str, str]) -> str:
    """sha256 of the ``"<sha256>  <path>\\n"`` lines sorted by path (the ``sha256sum`` format)."""
    lines = "".join(f"{hashes[p]}  {p}\n" for p in sorted(hashes))
    return hashlib.sha256(lines.encode()).hexdigest()


def _check_manifest(spec: BaselineSpec, report: _Report) -> None:
    if not spec.manifest_sha256:
        return
    hashes = {f.path: report.hashes[f.path] for f in spec.files if not f.sha256}
    digest = manifest_digest(hashes)
    if digest != spec.manifest_sha256:
        report.checksums = "mismatch"
        raise ChecksumMismatch(
            Path(report.folder),
            f"{report.folder}: manifest sha256 {digest} of its "
            f"{len(hashes):,} files differs from the registered "
            f"{spec.manifest_sha256} (a file is truncated, changed or replaced)",
        )


@contextlib.contextmanager
def quiet_pooch() -> Iterator[None]:
    """pooch's logger at WARNING while downloading (no per-file INFO lines)."""
    import pooch

    logger = pooch.get_logger()
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def remove_unverified(spec: BaselineSpec, folder: Path, bad: Path | None = None) -> None:
    """Delete ``bad`` and the files checked only by the corpus manifest digest (any of them may be
    the damaged one), so the next download fetches them again."""
    if bad is not None and bad.is_file():
        bad.unlink()
    for file in spec.files:
        if not file.sha256:
            (folder / file.path).unlink(missing_ok=True)


def repair_hint(spec: BaselineSpec, source: str) -> str:
    """How to repair a corpus whose file failed its checksum, by where it was found."""
    if source == "cache" and spec.downloadable:
        return (
            f"Delete it and run again with --download (load_baseline({spec.name!r}, download=True)), "
            "which replaces a damaged cached copy."
        )
    if source == "gensim wheel":
        return "Reinstall gensim (pip install --force-reinstall gensim) to restore its test data."
    return f"Copy the folder '{spec.folder}' again from the shared baselines (see its PROVENANCE.md)" + (
        " or delete it and use --download to fetch the original files." if spec.downloadable else "."
    )


def _unwrap_indented(text: str) -> str:
    """Join hard-wrapped lines; a line that starts with white space starts a new paragraph
    (Reuters-21578 indents paragraphs by four spaces and wraps lines at ~65 characters)."""
    paragraphs: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        if paragraphs and not line[:1].isspace():
            paragraphs[-1] += " " + line.strip()
        else:
            paragraphs.append(line.strip())
    return "\n".join(paragraphs)


_MD_BLOCK = re.compile(r"^(?:[-*+] |#{1,6}(?: |$)|\d{1,2}[.)] |>|\|)")
_MD_TAG = re.compile(r"</?(?:u|b|i|em|strong|sup|sub|br)\s*/?>", re.IGNORECASE)
_MD_STARS = re.compile(r"\*{1,3}")


def _drop_emphasis(text: str) -> str:
    """Remove emphasis asterisks (a run of 1-3 touching a non-space); a lone " * " stays."""

    def keep(m: re.Match[str]) -> str:
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        return m.group() if before.isspace() and after.isspace() else ""

    return _MD_STARS.sub(keep, text) if "*" in text else text


def _unwrap_markdown(text: str) -> str:
    """Render hard-wrapped Markdown paragraphs as one line each, as Markdown does: a blank line
    ends a paragraph; list items, headings, quotes and table rows start a new line. Inline tags
    (``<u>``) and emphasis asterisks are dropped; a final ``###`` end-of-release mark is removed."""
    text = _drop_emphasis(_MD_TAG.sub("", text))
    lines = text.rstrip().split("\n")
    if lines and lines[-1].strip() == "###":
        lines.pop()
    out: list[str] = []
    joinable = False
    for line in lines:
        stripped = line.strip()
        if not stripped:
            if out and out[-1]:
                out.append("")
            joinable = False
        elif joinable and not _MD_BLOCK.match(stripped):
            out[-1] += " " + stripped
        else:
            out.append(stripped)
            joinable = not re.match(r"#{1,6}(?: |$)", stripped)
    return "\n".join(out).strip()


# --------------------------------------------------------------------------------------------
# One reader per corpus: (folder, report) -> record dicts for analysis.corpus.load.make_documents
# --------------------------------------------------------------------------------------------

Record = dict[str, object]


def _read_lee(folder: Path, report: _Report, spec: BaselineSpec) -> list[Record]:
    """Lee corpus: one article per line; ``lee_background.cor`` (300, ids ``lee-bg-NNN``) and
    ``lee.cor`` (50, ids ``lee-test-NNN``). The data have no titles and no dates, so ``title`` and
    ``date`` are empty. Read as latin-1, as gensim's own ``test_lee.py`` does (``lee.cor`` has one
    0xA3 byte, "£")."""
    records: list[Record] = []
    for file, part, prefix in zip(spec.files, ("background", "test"), ("lee-bg", "lee-test"), strict=True):
        lines = report.read(folder, file).decode("latin-1").split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        for i, line in enumerate(lines, start=1):
            records.append(
                {
                    "doc_id": f"{prefix}-{i:03d}",
                    "title": "",
                    "text": line.strip(),
                    "publisher": spec.publisher,
                    "date": "",
                    "part": part,
                    "source_file": f"{spec.folder}/{file.path}#line={i}",
                }
            )
    return records


_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
#: A Wikinews dateline: a whole first line "Friday, January 4, 2019" (blank lines and no-break
#: spaces around it allowed). A sentence that merely starts "Thursday, ..." is not a dateline.
WIKINEWS_DATELINE = re.compile(
    rf"\A\s*(?P<dateline>(?:{_WEEKDAYS}),\s+(?:{_MONTHS})\s+\d{{1,2}},\s+\d{{4}})[ \t\u00a0]*(?:\n|\Z)"
)


def split_wikinews_dateline(text: str) -> tuple[str, str]:
    """``(dateline, body)``: the leading Wikinews dateline line (or "") and the text without it."""
    m = WIKINEWS_DATELINE.match(text)
    if not m:
        return "", text.strip()
    return m.group("dateline"), text[m.end() :].strip()


def _read_wikinews(folder: Path, report: _Report, spec: BaselineSpec) -> list[Record]:
    """Wikinews CSVs (``url,date,title,text``). The leading dateline line is removed from the body
    (kept in ``dateline``); ``date`` comes from the ``date`` column and is checked against it."""
    records: list[Record] = []
    for file in spec.files:
        year = file.path.removeprefix("wikinews_").removesuffix(".csv")
        rows = csv.DictReader(io.StringIO(report.decode(report.read(folder, file), file.path), newline=""))
        for i, row in enumerate(rows, start=1):
            dateline, body = split_wikinews_dateline(row["text"])
            doc_id = f"wikinews-{year}-{i:03d}"
            if dateline:
                parsed = datetime.strptime(re.sub(r"\s+", " ", dateline), "%A, %B %d, %Y").date().isoformat()
                if parsed != row["date"]:
                    report.warnings.append(f"{doc_id}: dateline {dateline!r} disagrees with date {row['date']}")
            if row["title"].startswith("TEST PAGE:"):
                report.notes.append(f"{doc_id}: Wikinews test page {row['title']!r} dated {row['date']}")
            records.append(
                {
                    "doc_id": doc_id,
                    "title": row["title"].strip(),
                    "text": body,
                    "publisher": spec.publisher,
                    "date": row["date"],
                    "url": row["url"],
                    "dateline": dateline,
                    "source_file": f"{spec.folder}/{file.path}#row={i}",
                }
            )
    return records


def _read_whitehouse(folder: Path, report: _Report, spec: BaselineSpec) -> list[Record]:
    """White House statements (JSON array). Hard-wrapped Markdown is unwrapped into paragraphs
    (see :func:`_unwrap_markdown`); ids ``whitehouse-NNN`` in file (date) order."""
    file = spec.files[0]
    items = json.loads(report.decode(report.read(folder, file), file.path))
    return [
        {
            "doc_id": f"whitehouse-{i:03d}",
            "title": item["title"].strip(),
            "text": _unwrap_markdown(item["text"]),
            "publisher": spec.publisher,
            "date": item["date"],
            "url": item["source_url"],
            "source_file": f"{spec.folder}/{file.path}#id={item['id']}",
            "administration": item["administration"],
            "section": item["category"],
            "doc_type": item["doc_type"],
            "original_path": item["original_path"],
        }
        for i, item in enumerate(items, start=1)
    ]


_STATE_DEPT_HEADER = re.compile(
    r"\A(?P<title>\d{4} Country Reports on Human Rights Practices: .+)\n(?P<bureau>.+)\nSource: (?P<url>\S+)\n"
)


def _read_state_dept(folder: Path, report: _Report, spec: BaselineSpec) -> list[Record]:
    """State Department human-rights reports. The three header lines the helper prepended (title,
    bureau, source URL) are removed from the body and kept as ``title``, ``bureau`` and ``url``.
    Only the report year is known: ``date`` is empty and ``year`` holds it (int)."""
    index_file, *reports = spec.files
    index_text = report.decode(report.read(folder, index_file), index_file.path)
    index = {row["file"]: row for row in csv.DictReader(io.StringIO(index_text, newline=""))}
    records: list[Record] = []
    for file in reports:
        text = report.decode(report.read(folder, file), file.path)
        m = _STATE_DEPT_HEADER.match(text)
        if not m:
            raise ValueError(f"{file.path}: missing the three-line header (title, bureau, Source: URL)")
        meta = index[file.path]
        if meta["source_url"] != m.group("url"):
            report.warnings.append(f"{file.path}: header URL differs from index.csv")
        records.append(
            {
                "doc_id": f"state-dept-{meta['report_year']}-{meta['country']}",
                "title": m.group("title"),
                "text": text[m.end() :].strip(),
                "publisher": spec.publisher,
                "date": "",
                "url": m.group("url"),
                "source_file": f"{spec.folder}/{file.path}",
                "year": int(meta["report_year"]),
                "country": meta["country"],
                "bureau": m.group("bureau"),
                "original_path": meta["original_path"],
            }
        )
    return records


def parse_reuters_date(value: str) -> str:
    """ISO date of a Reuters-21578 DATE field ("26-FEB-1987 16:40:00.82" -> "1987-02-26"), or ""."""
    try:
        return datetime.strptime(value.split()[0], "%d-%b-%Y").date().isoformat()
    except (ValueError, IndexError):
        return ""


def _read_reuters(folder: Path, report: _Report, spec: BaselineSpec) -> list[Record]:
    """Reuters-21578 Iran/Iraq subset (JSON array). The body's hard line wraps are joined into
    paragraphs (:func:`_unwrap_indented`); the dateline ("WASHINGTON, Feb 26 -") is metadata.
    BRIEF items are headline-only: their text is empty."""
    file = spec.files[0]
    records: list[Record] = []
    for item in json.loads(report.decode(report.read(folder, file), file.path)):
        date = parse_reuters_date(item["date"])
        if not date:
            report.warnings.append(f"reuters-{item['newid']}: unparsable date {item['date']!r}")
        records.append(
            {
                "doc_id": f"reuters-{item['newid']}",
                "title": item["title"].strip(),
                "text": _unwrap_indented(item["body"]),
                "publisher": spec.publisher,
                "date": date,
                "source_file": f"{spec.folder}/{file.path}#newid={item['newid']}",
                "dateline": item["dateline"].strip(),
                "text_type": item["text_type"],
                "places": ";".join(item["places"]),
                "topics": ";".join(item["topics"]),
                "lewissplit": item["lewissplit"],
                "original_file": item["source_file"],
            }
        )
    return records


#: AG News class index of the World class (classes.txt: 1=World, 2=Sports, 3=Business, 4=Sci/Tech).
AG_NEWS_WORLD = 1
_AG_ENTITY = re.compile(r" #(\d+);")
_AG_TAG = re.compile(r"<[^>]{1,20}>")
_AG_CREDIT = re.compile(r"\(([^()]+)\)\s*$")


def unescape_ag_news(text: str) -> str:
    """Undo the AG News escapes. ``\\$`` is a dollar sign, and any other backslash marks a line
    break of the original item, so it becomes a space. (readme.txt says newlines are escaped as
    ``\\n``, but the file has a bare backslash: "gave\\no indication" is "gave no indication", so
    ``\\n`` must not be read as a newline.) Entity residue " #36;" is "&#36;" ("$"), then
    :func:`html.unescape` (``&lt;b&gt;`` -> ``<b>``, which is dropped; "#151;" -> an em dash)."""
    text = text.replace("\\$", "$").replace("\\", " ")
    text = html.unescape(_AG_ENTITY.sub(r"&#\1;", text))
    text = _AG_TAG.sub("", text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()


def _read_ag_news(folder: Path, report: _Report, spec: BaselineSpec) -> list[Record]:
    """AG News test split, World class only: title and description (a 1-3 sentence lead, not a full
    article). ids ``agnews-test-NNNN`` are row numbers in the whole test.csv. When the title ends
    with a credit "(AP)" and the description opens "AP - ", the credit is the ``publisher`` and the
    "AP - " byline is removed from the text; otherwise ``publisher`` is empty."""
    file = spec.files[0]
    rows = csv.reader(io.StringIO(report.decode(report.read(folder, file), file.path), newline=""))
    records: list[Record] = []
    for i, (label, raw_title, raw_text) in enumerate(rows, start=1):
        if int(label) != AG_NEWS_WORLD:
            continue
        title, text = unescape_ag_news(raw_title), unescape_ag_news(raw_text)
        credit = _AG_CREDIT.search(title)
        publisher = ""
        if credit and text.startswith(credit.group(1) + " - "):
            publisher = credit.group(1)
            text = text[len(publisher) + 3 :].lstrip()
        records.append(
            {
                "doc_id": f"agnews-test-{i:04d}",
                "title": title,
                "text": text,
                "publisher": publisher,
                "date": "",
                "section": "World",
                "source_file": f"{spec.folder}/{file.path}#row={i}",
            }
        )
    return records


def _read_bbc(folder: Path, report: _Report, spec: BaselineSpec) -> list[Record]:
    """BBC News (Greene & Cunningham 2006): one file per article, line 1 the headline, then the
    body. UTF-8, with a recorded cp1252 fall-back (``sport/199.txt`` has a Latin-1 "£" byte).
    The category is ``section``; ids ``bbc-<category>-NNN``; no dates in the data."""
    report.read(folder, spec.files[0])  # README.TXT: checksum only
    records: list[Record] = []
    for file in spec.files[1:]:
        section, name = file.path.split("/")
        text = report.decode(report.read(folder, file), file.path)
        title, _, body = text.partition("\n")
        records.append(
            {
                "doc_id": f"bbc-{section}-{name.removesuffix('.txt')}",
                "title": title.strip(),
                "text": body.strip(),
                "publisher": spec.publisher,
                "date": "",
                "section": section,
                "source_file": f"{spec.folder}/{file.path}",
            }
        )
    _check_manifest(spec, report)
    return records


_READERS: dict[str, Callable[[Path, _Report, BaselineSpec], list[Record]]] = {
    "lee": _read_lee,
    "wikinews": _read_wikinews,
    "whitehouse": _read_whitehouse,
    "state_dept": _read_state_dept,
    "reuters": _read_reuters,
    "ag_news": _read_ag_news,
    "bbc": _read_bbc,
}


def _annotate(records: list[Record], report: _Report) -> list[Record]:
    """Add ``duplicate_of`` (doc_id of the first record with the same non-empty text, else "")
    and note empty texts and duplicates in the report."""
    first: dict[str, str] = {}
    empty = []
    for rec in records:
        text = str(rec["text"])
        rec["duplicate_of"] = first.setdefault(text, str(rec["doc_id"])) if text else ""
        if rec["duplicate_of"] == rec["doc_id"]:
            rec["duplicate_of"] = ""
        if not text:
            empty.append(str(rec["doc_id"]))
    n_dup = sum(1 for r in records if r["duplicate_of"])
    if empty:
        report.notes.append(f"{len(empty)} empty text(s): {', '.join(empty)}")
    if n_dup:
        report.notes.append(f"{n_dup} body text(s) identical to an earlier document's (column duplicate_of)")
    return records
