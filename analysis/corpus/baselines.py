"""Real neutral-reporting (and official-statement) baselines, loaded as documents frames.

Every corpus is described once in :data:`BASELINES` (genre, folder, licence, citation, upstream
repository and commit, sha256 of every file). The facts come from the ``PROVENANCE.md`` beside each
corpus folder in the shared baselines directory; the checksums were computed from those files.

Where a corpus is found (:func:`load_baseline`):

1. ``lee`` always comes from the gensim wheel (``gensim/test/test_data``); gensim is located with
   :func:`importlib.util.find_spec`, never imported.
2. The others come from one *data root*: the ``data_dir`` argument when given (authoritative, even if
   it does not exist), otherwise :func:`analysis.config.baseline_dir` (``$FRAMING_DATA_DIR``, then
   ``../shared/baselines``). The corpus is ``<root>/<spec.folder>``.
3. Then the download cache, ``<analysis.config.cache_dir()>/baselines/<spec.folder>``.
4. With ``download=True``, a checksummed :func:`pooch.retrieve` of the *original* upstream files
   from ``<base>/<repo>/<commit>/<original path>`` (``base`` defaults to raw.githubusercontent.com and
   is overridden by the ``base_url`` argument or ``$FRAMING_DOWNLOAD_BASE``). Only byte copies can be
   downloaded (wikinews, ag_news, bbc). ``whitehouse``, ``state_dept`` and ``reuters`` are files
   *derived* by a helper session (selection, conversion); they cannot be downloaded and the error
   says how to get them.

When nothing is found, :class:`BaselineUnavailable` is raised with the corpus name, the folders
looked at, the environment variable and how to get the data.

Licences: ``reuters``, ``ag_news`` and ``bbc`` are research-only, and ``lee`` is ABC copyright shipped
as gensim test data (``redistributable=False``). Measures and figures derived from them may be
published; their texts must never be committed or republished. Texts are read from outside the
repository and never copied into it.

Text preparation changes layout, never wording: the Wikinews dateline line, the State Department
header and the White House "###" end mark leave the body (the first two are kept as metadata);
hard-wrapped lines (Reuters, White House Markdown) are joined into paragraphs; AG News escapes are
undone. :func:`analysis.corpus.load.make_documents` then puts the headline before the body. Nothing is
dropped: exact repeats of an earlier body are marked in ``duplicate_of`` (Lee 7, Reuters 13,
BBC 133), to be filtered by the caller if wanted.

Each loaded frame carries ``docs.attrs["load_report"]`` (see :func:`load_report`): where the corpus
came from, whether the checksums matched, ``warnings`` (encoding fall-backs, checksum mismatches,
dateline/date disagreements) and ``notes`` (empty texts, duplicate texts, test pages).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import html
import importlib.util
import io
import json
import logging
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from analysis import config

log = logging.getLogger(__name__)

#: Environment variable that overrides the download base URL (tests point it at a local server).
DOWNLOAD_ENV = "FRAMING_DOWNLOAD_BASE"
DEFAULT_DOWNLOAD_BASE = "https://raw.githubusercontent.com"
#: URL of one upstream file: raw.githubusercontent.com layout.
URL_TEMPLATE = "{base}/{repo}/{commit}/{path}"


class BaselineUnavailable(RuntimeError):
    """A baseline corpus cannot be found, downloaded or read; the message says how to get it."""


# --------------------------------------------------------------------------------------------
# Registry
# --------------------------------------------------------------------------------------------


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


_STATE_DEPT_REPORTS = [f"{y}_{c}.txt" for y in range(2016, 2025) for c in ("iran", "iraq")]
_STATE_DEPT_SHA256 = dict(zip(_STATE_DEPT_REPORTS, """
c25467109269baed0ac0fc69d877cf56e2f6da14d60e0249a0067dd754b81e41
f08c040a46a390a29695de0dc5df8616238db9edae6aa02249dd04b6996bee00
beeb8ff7c2a75e7ed9ad0dd5204a05f4e7aba55f8669322bbfb6bf5c1a169493
bfa32547b0ddfd3764664ae3ba638782604b83f07e31524eded134da5f314bcc
595f84debaf44ae6f4139a2c1a9196383df9324431de1969dbfe50a834e04fbc
7e1fa9db7e0a36c605773e1b1aeb6109adc3f3f8effd4881581e4a45d5ea2d70
1491d026321b26fa12251d5bb4f55b1e5eab625aaad2eb4a8e3bb603d2d7f4b4
3c2d92cb838d4d62c1adccf31e5d5a8501f40339b12558903b07a72ca17aac0f
4e3b8842125f65cbdcd5479719c998dc9b3ba739f53bebf3f17245ba056e7482
82125f2a703fc9444ff3b7d4f5c3840721ab9e13208ef79c7d111bfd37ed5cec
a99dec826336ed3aada9ae76de1dba5ca847f1bac7b667a4d4765415af817b8a
4305fa1aa4169468741b1b92ddd71fa021aac4bc20132cf5df4b11c7d45933c5
4426e2544ec561af5be7a7720e4a3175d447f5905ebb384c444df359bec4c861
58bf119bdcd6b0b7008aa49710bc3dc531ea85ab3e32844603d4b189f773d0b8
7f8d81772afcf281d32dd11adaadb2550c3cb2a2bfeed3f03af6fb6b627f5376
74a38becd1a8683fbc4da0e13cb462bc97c57a9e61f6dabe87c17b0c2c05adb4
5ac507d223cc6377a13c48aba535a0e340d8a9c4993cdce22f32c80860a5d94a
84c89719102bc8b66ca9c092455f398b249a24a6190cc4f3df94d3a46f945357
""".split(), strict=True))

#: Articles per BBC category (files ``<category>/001.txt`` ... ``NNN.txt``), from PROVENANCE.md.
BBC_CATEGORIES = {"business": 510, "entertainment": 386, "politics": 417, "sport": 511, "tech": 401}


def _bbc_files() -> tuple[SourceFile, ...]:
    readme = SourceFile(
        "README.TXT", "a72bbd998060e438a1c3943758a641735a6370e1a8f43f6f6a8a5459d7c34b13", "bbc/README.TXT"
    )
    articles = tuple(
        SourceFile(f"{cat}/{i:03d}.txt", "", f"bbc/{cat}/{i:03d}.txt")
        for cat, n in BBC_CATEGORIES.items()
        for i in range(1, n + 1)
    )
    return (readme, *articles)


BASELINES: dict[str, BaselineSpec] = {
    spec.name: spec
    for spec in (
        BaselineSpec(
            name="lee",
            genre="news",
            folder="gensim/test/test_data",
            licence="ABC copyright; distributed by Michael D. Lee to gensim as test data (gensim: LGPL-2.1)",
            citation=(
                "Lee, M. D., Pincombe, B., & Welsh, M. (2005). An empirical evaluation of models of text "
                "document similarity. Proc. 27th Annual Conference of the Cognitive Science Society."
            ),
            redistributable=False,
            repo="piskvorky/gensim",
            commit="",  # shipped inside the installed wheel (checked with gensim 4.4.0)
            files=(
                SourceFile("lee_background.cor", "5d78d6dafd953bbf65797bef09a9ffb9ec430583381be705f8fd460000f370fb",
                           "gensim/test/test_data/lee_background.cor"),
                SourceFile("lee.cor", "a878f9a58f6743c32985c56c2f2f75988386216b38a4023a01fd3bcf7884d93e",
                           "gensim/test/test_data/lee.cor"),
            ),
            publisher="ABC (Australian Broadcasting Corporation)",
        ),
        BaselineSpec(
            name="wikinews",
            genre="news",
            folder="wikinews_2019_2020",
            licence="CC BY 2.5 (attribute 'Wikinews contributors' and the article URL)",
            citation=(
                "Wikinews contributors, English Wikinews (https://en.wikinews.org), articles from 2019-2020, "
                "CC BY 2.5; collected by W. van Atteveldt, https://github.com/vanatteveldt/wikinews."
            ),
            redistributable=True,
            repo="vanatteveldt/wikinews",
            commit="347254178bf343f3801aac1d03c41cc09c35decb",
            files=(
                SourceFile("wikinews_2019.csv", "d65f87b01244679d01c89ec15616fbd8413e7852732432d5895fa4db9b21ac9e",
                           "data/wikinews_2019.csv"),
                SourceFile("wikinews_2020.csv", "42f833b55a848b6a9070c3be7e7ab5e55d3150a3e128419130df5b8283a62f4a",
                           "data/wikinews_2020.csv"),
            ),
            publisher="Wikinews",
        ),
        BaselineSpec(
            name="whitehouse",
            genre="official_statement",
            folder="whitehouse_statements_iraq_iran",
            licence="US federal government work, public domain (17 U.S.C. 105); scrape repository CC0 1.0",
            citation=(
                "The White House, Briefing Room (statements and releases), 2021-2025, via the "
                "brian14708/wh-briefings scrape, commit 737ca03a271adc205c67766074ec8d0070f7ad95."
            ),
            redistributable=True,
            repo="brian14708/wh-briefings",
            commit="737ca03a271adc205c67766074ec8d0070f7ad95",
            files=(
                SourceFile("whitehouse_statements_iraq_iran.json",
                           "b5bd2f05ab25454af8732a5ff2894c649c05f2a68d949543013020d2942031f2"),
            ),
            publisher="The White House",
            derived=True,
        ),
        BaselineSpec(
            name="state_dept",
            genre="official_report",
            folder="state_dept_human_rights_reports_iraq_iran",
            licence="US federal government work, public domain (17 U.S.C. 105)",
            citation=(
                "U.S. Department of State, Bureau of Democracy, Human Rights, and Labor. <Year> Country Reports "
                "on Human Rights Practices: Iraq / Iran. Scraped copy via InsideClimateNews/"
                "2025-08-state-department-human-rights, commit 7dc670a4006b8a0d50290d4731ec26d83c4b904c."
            ),
            redistributable=True,
            repo="InsideClimateNews/2025-08-state-department-human-rights",
            commit="7dc670a4006b8a0d50290d4731ec26d83c4b904c",
            files=(
                SourceFile("index.csv", "a35c85dfe12c366d34c874b5f68458c0e2c8ca27034afe099e9b5792462260d2"),
                *(SourceFile(f, h) for f, h in _STATE_DEPT_SHA256.items()),
            ),
            publisher="U.S. Department of State",
            derived=True,
        ),
        BaselineSpec(
            name="reuters",
            genre="news",
            folder="reuters21578",
            licence="Research use only; copyright Reuters Ltd. (Reuters-21578, Distribution 1.0)",
            citation=(
                "David D. Lewis, Reuters-21578 text categorization test collection, Distribution 1.0 (1997); "
                "https://archive.ics.uci.edu/dataset/137/reuters+21578+text+categorization+collection"
            ),
            redistributable=False,
            repo="haseebr/irengine",
            commit="9f0f5f5f2c59132ec6a25176d8b7dd761e6922ad",
            files=(
                SourceFile("reuters21578_iran_iraq_subset.json",
                           "4fec55da5353181faa512246a20977bf193090e99271ea89d33b5cddf37e1e86"),
            ),
            publisher="Reuters",
            derived=True,
        ),
        BaselineSpec(
            name="ag_news",
            genre="news",
            folder="ag_news_test",
            licence="Research / non-commercial use only (AG's corpus, ComeToMyHead); items from commercial sources",
            citation=(
                "Xiang Zhang, Junbo Zhao, Yann LeCun. Character-level Convolutional Networks for Text "
                "Classification. NIPS 2015. Original corpus: A. Gulli, AG's corpus of news articles."
            ),
            redistributable=False,
            repo="suuuch/TransformerClassification",
            commit="0d9808e1978c8468b4f8f08a44c5be99d058aa7b",
            files=(
                SourceFile("test.csv", "d2a2cef4dfeb21ca17b463fd15e9e5a639c05823d03efabb3d28a75bbfe8d915",
                           "data/ag_news_csv/test.csv"),
            ),
        ),
        BaselineSpec(
            name="bbc",
            genre="news",
            folder="bbc_news_greene2006",
            licence="Copyright BBC; distributed by the authors for research use only",
            citation=(
                "D. Greene and P. Cunningham. Practical Solutions to the Problem of Diagonal Dominance in Kernel "
                "Document Clustering. Proc. ICML 2006. http://mlg.ucd.ie/datasets/bbc.html"
            ),
            redistributable=False,
            repo="moztom/bbc_ml",
            commit="c73a475422d2f038fcb21825987701d1b517f9be",
            files=_bbc_files(),
            publisher="BBC News",
            manifest_sha256="f67e4756a902a405f3eaa5cd87da7013917ad3bc451abfa9f42d9f3ea3a17824",
        ),
    )
}


def _spec(name: str) -> BaselineSpec:
    try:
        return BASELINES[name]
    except KeyError:
        raise ValueError(f"unknown baseline {name!r}; known: {', '.join(BASELINES)}") from None


# --------------------------------------------------------------------------------------------
# Topic filter
# --------------------------------------------------------------------------------------------

#: Iraq/Iran topic terms (word-boundary, case-insensitive). Country and capital names, the MEK and
#: its camps (Ashraf, Liberty/Hurriya), the Quds Force, leaders and major Iraqi cities. Deliberate
#: exclusions, to avoid false hits: "Ashraf Ghani" (Afghanistan), "al-Quds"/"al Quds" (Jerusalem),
#: and plain "mujahideen" (also the Afghan fighters); "Mujahedin" counts only as "Mujahedin-e Khalq"
#: or "People's Mujahedin", while "Mojahedin" (the MEK's own spelling) always counts.
TOPIC_PATTERN = re.compile(
    r"\b(?:"
    r"Iraq|Iraqi|Iraqis|Iran|Iranian|Iranians|Tehran|Teheran|Baghdad"
    r"|MEK|PMOI|NCRI|Mojahed(?:in|een)"
    r"|Mujahed(?:in|een)(?=[-\s]+e?[-\s]*Khalq)|People's\s+Mujahed(?:in|een)|Khalq"
    r"|Ashraf(?!\s+Ghani)|Camp\s+Liberty|Camp\s+Hurriya"
    r"|(?<!al-)(?<!al\s)(?:Quds|Qods)|IRGC|Soleimani|Suleimani"
    r"|Maliki|Khamenei|Khomeini|Rouhani|Ahmadinejad|Saddam"
    r"|Basra|Mosul|Erbil|Kirkuk|Najaf|Karbala|Fallujah|Kurdistan\s+Region"
    r")\b",
    re.IGNORECASE,
)

#: Named topic filters accepted by ``load_baseline(topic=...)``.
TOPICS = {"iraq_iran": TOPIC_PATTERN}


def topic_mask(docs: pd.DataFrame, pattern: re.Pattern[str] = TOPIC_PATTERN) -> pd.Series:
    """Boolean Series: the title or the text of the document matches ``pattern``."""
    text = docs["title"].fillna("").astype(str) + "\n" + docs["text"].fillna("").astype(str)
    return text.map(lambda t: pattern.search(t) is not None).astype(bool)


def topic_filter(docs: pd.DataFrame, pattern: re.Pattern[str] = TOPIC_PATTERN) -> pd.DataFrame:
    """The documents whose title or text mentions the topic (default :data:`TOPIC_PATTERN`, Iraq/Iran).

    Returns a filtered copy with the original row order; ``attrs["load_report"]`` (when present)
    records the counts before and after and the pattern used.
    """
    kept = docs.loc[topic_mask(docs, pattern)].copy()
    report = dict(docs.attrs.get("load_report", {}))
    if report:
        report["topic_filter"] = {"pattern": pattern.pattern, "n_before": len(docs), "n_after": len(kept)}
        kept.attrs["load_report"] = report
    return kept


# --------------------------------------------------------------------------------------------
# Reading helpers: checksums, decoding, text clean-up
# --------------------------------------------------------------------------------------------


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
        """Bytes of ``file``; a sha256 different from the registry is recorded as a warning."""
        data = (folder / file.path).read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        self.hashes[file.path] = digest
        if file.sha256 and digest != file.sha256:
            self.checksums = "mismatch"
            self.warnings.append(f"{file.path}: sha256 {digest} differs from the registered {file.sha256}")
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
        report.warnings.append(f"manifest sha256 {digest} differs from the registered {spec.manifest_sha256}")


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


def _read_lee(folder: Path, report: _Report) -> list[Record]:
    """Lee corpus: one article per line; ``lee_background.cor`` (300, ids ``lee-bg-NNN``) and
    ``lee.cor`` (50, ids ``lee-test-NNN``). The data have no titles and no dates, so ``title`` and
    ``date`` are empty. Read as latin-1, as gensim's own ``test_lee.py`` does (``lee.cor`` has one
    0xA3 byte, "£")."""
    spec = BASELINES["lee"]
    records: list[Record] = []
    for file, part, prefix in zip(spec.files, ("background", "test"), ("lee-bg", "lee-test"), strict=True):
        lines = report.read(folder, file).decode("latin-1").split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        for i, line in enumerate(lines, start=1):
            records.append({
                "doc_id": f"{prefix}-{i:03d}", "title": "", "text": line.strip(),
                "publisher": spec.publisher, "date": "", "part": part,
                "source_file": f"{spec.folder}/{file.path}#line={i}",
            })
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
    return m.group("dateline"), text[m.end():].strip()


def _read_wikinews(folder: Path, report: _Report) -> list[Record]:
    """Wikinews CSVs (``url,date,title,text``). The leading dateline line is removed from the body
    (kept in ``dateline``); ``date`` comes from the ``date`` column and is checked against it."""
    spec = BASELINES["wikinews"]
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
            records.append({
                "doc_id": doc_id, "title": row["title"].strip(), "text": body,
                "publisher": spec.publisher, "date": row["date"], "url": row["url"], "dateline": dateline,
                "source_file": f"{spec.folder}/{file.path}#row={i}",
            })
    return records


def _read_whitehouse(folder: Path, report: _Report) -> list[Record]:
    """White House statements (JSON array). Hard-wrapped Markdown is unwrapped into paragraphs
    (see :func:`_unwrap_markdown`); ids ``whitehouse-NNN`` in file (date) order."""
    spec = BASELINES["whitehouse"]
    file = spec.files[0]
    items = json.loads(report.decode(report.read(folder, file), file.path))
    return [
        {
            "doc_id": f"whitehouse-{i:03d}", "title": item["title"].strip(), "text": _unwrap_markdown(item["text"]),
            "publisher": spec.publisher, "date": item["date"], "url": item["source_url"],
            "source_file": f"{spec.folder}/{file.path}#id={item['id']}",
            "administration": item["administration"], "section": item["category"],
            "doc_type": item["doc_type"], "original_path": item["original_path"],
        }
        for i, item in enumerate(items, start=1)
    ]


_STATE_DEPT_HEADER = re.compile(
    r"\A(?P<title>\d{4} Country Reports on Human Rights Practices: .+)\n(?P<bureau>.+)\nSource: (?P<url>\S+)\n"
)


def _read_state_dept(folder: Path, report: _Report) -> list[Record]:
    """State Department human-rights reports. The three header lines the helper prepended (title,
    bureau, source URL) are removed from the body and kept as ``title``, ``bureau`` and ``url``.
    Only the report year is known: ``date`` is empty and ``year`` holds it (int)."""
    spec = BASELINES["state_dept"]
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
        records.append({
            "doc_id": f"state-dept-{meta['report_year']}-{meta['country']}", "title": m.group("title"),
            "text": text[m.end():].strip(), "publisher": spec.publisher, "date": "", "url": m.group("url"),
            "source_file": f"{spec.folder}/{file.path}", "year": int(meta["report_year"]),
            "country": meta["country"], "bureau": m.group("bureau"), "original_path": meta["original_path"],
        })
    return records


def parse_reuters_date(value: str) -> str:
    """ISO date of a Reuters-21578 DATE field ("26-FEB-1987 16:40:00.82" -> "1987-02-26"), or ""."""
    try:
        return datetime.strptime(value.split()[0], "%d-%b-%Y").date().isoformat()
    except (ValueError, IndexError):
        return ""


def _read_reuters(folder: Path, report: _Report) -> list[Record]:
    """Reuters-21578 Iran/Iraq subset (JSON array). The body's hard line wraps are joined into
    paragraphs (:func:`_unwrap_indented`); the dateline ("WASHINGTON, Feb 26 -") is metadata.
    BRIEF items are headline-only: their text is empty."""
    spec = BASELINES["reuters"]
    file = spec.files[0]
    records: list[Record] = []
    for item in json.loads(report.decode(report.read(folder, file), file.path)):
        date = parse_reuters_date(item["date"])
        if not date:
            report.warnings.append(f"reuters-{item['newid']}: unparsable date {item['date']!r}")
        records.append({
            "doc_id": f"reuters-{item['newid']}", "title": item["title"].strip(),
            "text": _unwrap_indented(item["body"]), "publisher": spec.publisher, "date": date,
            "source_file": f"{spec.folder}/{file.path}#newid={item['newid']}",
            "dateline": item["dateline"].strip(), "text_type": item["text_type"],
            "places": ";".join(item["places"]), "topics": ";".join(item["topics"]),
            "lewissplit": item["lewissplit"], "original_file": item["source_file"],
        })
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


def _read_ag_news(folder: Path, report: _Report) -> list[Record]:
    """AG News test split, World class only: title and description (a 1-3 sentence lead, not a full
    article). ids ``agnews-test-NNNN`` are row numbers in the whole test.csv. When the title ends
    with a credit "(AP)" and the description opens "AP - ", the credit is the ``publisher`` and the
    "AP - " byline is removed from the text; otherwise ``publisher`` is empty."""
    spec = BASELINES["ag_news"]
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
            text = text[len(publisher) + 3:].lstrip()
        records.append({
            "doc_id": f"agnews-test-{i:04d}", "title": title, "text": text, "publisher": publisher,
            "date": "", "section": "World", "source_file": f"{spec.folder}/{file.path}#row={i}",
        })
    return records


def _read_bbc(folder: Path, report: _Report) -> list[Record]:
    """BBC News (Greene & Cunningham 2006): one file per article, line 1 the headline, then the
    body. UTF-8, with a recorded cp1252 fall-back (``sport/199.txt`` has a Latin-1 "£" byte).
    The category is ``section``; ids ``bbc-<category>-NNN``; no dates in the data."""
    spec = BASELINES["bbc"]
    report.read(folder, spec.files[0])  # README.TXT: checksum only
    records: list[Record] = []
    for file in spec.files[1:]:
        section, name = file.path.split("/")
        text = report.decode(report.read(folder, file), file.path)
        title, _, body = text.partition("\n")
        records.append({
            "doc_id": f"bbc-{section}-{name.removesuffix('.txt')}", "title": title.strip(), "text": body.strip(),
            "publisher": spec.publisher, "date": "", "section": section,
            "source_file": f"{spec.folder}/{file.path}",
        })
    _check_manifest(spec, report)
    return records


_READERS: dict[str, Callable[[Path, _Report], list[Record]]] = {
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


# --------------------------------------------------------------------------------------------
# Finding the corpus: gensim wheel, data root, cache, download
# --------------------------------------------------------------------------------------------


def gensim_data_dir() -> Path | None:
    """``gensim/test/test_data`` of the installed gensim (found without importing gensim), or None."""
    spec = importlib.util.find_spec("gensim")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0]) / "test" / "test_data"


def _data_root(data_dir: str | Path | None) -> Path | None:
    """The explicit ``data_dir`` (authoritative), else :func:`analysis.config.baseline_dir`."""
    if data_dir is not None:
        return Path(data_dir).expanduser()
    return config.baseline_dir()


def baseline_cache_dir() -> Path:
    """Where downloaded corpora live: ``<analysis.config.cache_dir()>/baselines``."""
    return config.cache_dir() / "baselines"


def _complete(folder: Path, spec: BaselineSpec) -> bool:
    return folder.is_dir() and all((folder / f.path).is_file() for f in spec.files)


def locate_baseline(name: str, data_dir: str | Path | None = None) -> tuple[Path, str] | None:
    """``(folder, source)`` where corpus ``name`` is found without downloading, or None.

    ``source`` is "gensim wheel", "data dir" or "cache"."""
    spec = _spec(name)
    if name == "lee":
        folder = gensim_data_dir()
        return (folder, "gensim wheel") if folder and _complete(folder, spec) else None
    root = _data_root(data_dir)
    if root is not None and _complete(root / spec.folder, spec):
        return root / spec.folder, "data dir"
    cached = baseline_cache_dir() / spec.folder
    if _complete(cached, spec):
        return cached, "cache"
    return None


def _how_to_get(spec: BaselineSpec) -> str:
    if spec.name == "lee":
        return "Install gensim (pip install gensim); the Lee corpus ships inside its wheel."
    where = (
        f"Put the folder '{spec.folder}' (see its PROVENANCE.md) in the data dir, pass data_dir=..., "
        f"or set ${config.DATA_ENV} to the folder holding it."
    )
    if spec.downloadable:
        return (
            f"{where} Or call load_baseline({spec.name!r}, download=True) to fetch the original files "
            f"from {DEFAULT_DOWNLOAD_BASE}/{spec.repo}/{spec.commit}/ (checksummed, cached)."
        )
    return (
        f"{where} This file was derived by a helper session from {spec.repo}@{spec.commit} and cannot be "
        f"downloaded; rebuild it as its PROVENANCE.md describes, or copy it from the shared baselines."
    )


def _looked_in(spec: BaselineSpec, data_dir: str | Path | None) -> str:
    if spec.name == "lee":
        return f"gensim test data ({gensim_data_dir()})"
    root = _data_root(data_dir)
    none = f"(none: no data_dir, ${config.DATA_ENV} unset or not a folder, no ../shared/baselines)"
    data = root / spec.folder if root else none
    return f"data dir {data} and cache {baseline_cache_dir() / spec.folder}"


def _unavailable(spec: BaselineSpec, data_dir: str | Path | None, reason: str) -> BaselineUnavailable:
    return BaselineUnavailable(
        f"Baseline corpus {spec.name!r} is not available: {reason}. Looked in {_looked_in(spec, data_dir)} "
        f"(the data dir comes from the data_dir argument, else ${config.DATA_ENV}, else ../shared/baselines). "
        f"{_how_to_get(spec)}"
    )


@contextlib.contextmanager
def _quiet_pooch() -> Iterator[None]:
    import pooch

    logger = pooch.get_logger()
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def download_baseline(name: str, base_url: str | None = None) -> Path:
    """Fetch the original files of corpus ``name`` into the cache with :func:`pooch.retrieve`
    (sha256-checked; files already cached and matching are not fetched again). Returns the folder.

    ``base_url`` (else ``$FRAMING_DOWNLOAD_BASE``, else raw.githubusercontent.com) replaces the host
    part of ``<base>/<repo>/<commit>/<original path>``. Only byte-copy corpora can be downloaded.
    BBC files are registered by a manifest digest: a mismatch deletes the fetched articles (2,226
    requests: expect minutes from GitHub).
    Any failure (network, HTTP status, checksum) raises :class:`BaselineUnavailable`."""
    import pooch
    import requests

    spec = _spec(name)
    if not spec.downloadable:
        raise _unavailable(spec, None, "it cannot be downloaded")
    base = base_url or os.environ.get(DOWNLOAD_ENV) or DEFAULT_DOWNLOAD_BASE
    dest = baseline_cache_dir() / spec.folder
    current = ""
    try:
        with _quiet_pooch():
            for file in spec.files:
                current = spec.url(file, base)
                target = dest / file.path
                pooch.retrieve(current, known_hash=f"sha256:{file.sha256}" if file.sha256 else None,
                               fname=target.name, path=target.parent, progressbar=False)
        if spec.manifest_sha256:
            current = f"the manifest check of {dest}"
            report = _Report(name, "download", str(dest))
            for file in spec.files:
                report.read(dest, file)
            _check_manifest(spec, report)
            if report.checksums != "verified":
                for file in spec.files:
                    if not file.sha256:
                        (dest / file.path).unlink(missing_ok=True)
                raise ValueError("; ".join(report.warnings))
    except (requests.RequestException, ValueError, OSError) as exc:
        raise BaselineUnavailable(
            f"Download of baseline corpus {name!r} failed at {current}: {type(exc).__name__}: {exc}. "
            f"Files that failed their checksum were not kept in {dest}. {_how_to_get(spec)}"
        ) from exc
    log.info("downloaded baseline %s into %s", name, dest)
    return dest


# --------------------------------------------------------------------------------------------
# Public entry points
# --------------------------------------------------------------------------------------------


def _records(name: str, folder: Path, report: _Report) -> list[Record]:
    try:
        return _annotate(_READERS[name](folder, report), report)
    except (OSError, ValueError, KeyError, csv.Error, UnicodeDecodeError) as exc:
        raise BaselineUnavailable(
            f"Baseline corpus {name!r} in {folder} could not be read: {type(exc).__name__}: {exc}. "
            f"Check the files against {name!r} in analysis.corpus.baselines.BASELINES."
        ) from exc


def load_baseline(
    name: str,
    data_dir: str | Path | None = None,
    topic: str | None = None,
    download: bool = False,
    base_url: str | None = None,
) -> pd.DataFrame:
    """The documents frame (:func:`analysis.corpus.load.make_documents`) of baseline corpus ``name``.

    Resolution order and licences: see the module docstring. ``topic="iraq_iran"`` keeps only the
    documents matching :data:`TOPIC_PATTERN` (:func:`topic_filter`). ``download=True`` allows a
    checksummed download of byte-copy corpora (``base_url`` overrides the host). Raises
    :class:`BaselineUnavailable` when the corpus cannot be found, fetched or read, and ValueError for
    an unknown name or topic. ``attrs["load_report"]`` says where it came from and what was noticed.
    """
    from analysis.corpus.load import make_documents

    spec = _spec(name)
    if topic is not None and topic not in TOPICS:
        raise ValueError(f"unknown topic {topic!r}; known: {', '.join(TOPICS)}")
    found = locate_baseline(name, data_dir)
    if found is None:
        if not download:
            raise _unavailable(spec, data_dir, "not found and download=False")
        if not spec.downloadable:
            raise _unavailable(spec, data_dir, "not found, and this derived file cannot be downloaded")
        found = (download_baseline(name, base_url), "download")
    folder, source = found
    report = _Report(name, source, str(folder))
    docs = make_documents(_records(name, folder, report), corpus=name, genre=spec.genre)
    docs.attrs["load_report"] = report.as_dict()
    if topic is not None:
        docs = topic_filter(docs, TOPICS[topic])
    return docs


def load_report(docs: pd.DataFrame) -> dict:
    """The load report of a frame from :func:`load_baseline` (empty dict when absent)."""
    return dict(docs.attrs.get("load_report", {}))


def count_documents(name: str, data_dir: str | Path | None = None) -> int | None:
    """Number of documents corpus ``name`` yields, or None when it is not found locally."""
    found = locate_baseline(name, data_dir)
    if found is None:
        return None
    report = _Report(name, found[1], str(found[0]))
    return len(_records(name, found[0], report))


def available_baselines(data_dir: str | Path | None = None) -> pd.DataFrame:
    """One row per registered corpus: name, genre, licence, redistributable, downloadable,
    n_docs (when found locally, else NA), source and folder where it was found ("" if not)."""
    rows = []
    for name, spec in BASELINES.items():
        found = locate_baseline(name, data_dir)
        rows.append({
            "name": name, "genre": spec.genre, "licence": spec.licence,
            "redistributable": spec.redistributable, "downloadable": spec.downloadable,
            "n_docs": count_documents(name, data_dir) if found else None,
            "source": found[1] if found else "", "where": str(found[0]) if found else "",
        })
    frame = pd.DataFrame(rows)
    frame["n_docs"] = frame["n_docs"].astype("Int64")
    return frame
