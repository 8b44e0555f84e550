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

Every file is checked against its registered sha256 when read (hashed once per process). A file that
fails is never used: the error names it and says how to repair it; ``download=True`` replaces a damaged cached copy.

Each loaded frame carries ``docs.attrs["load_report"]`` (see :func:`load_report`): where the corpus
came from, that the checksums were verified, ``warnings`` (encoding fall-backs, dateline/date
disagreements) and ``notes`` (empty texts, duplicate texts, test pages).
"""

from __future__ import annotations

import csv
import importlib.util
import logging
import os
import re
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.corpus.baseline_readers import (  # noqa: F401  (re-exported)
    _READERS,
    AG_NEWS_WORLD,
    URL_TEMPLATE,
    WIKINEWS_DATELINE,
    BaselineSpec,
    ChecksumMismatch,
    Record,
    SourceFile,
    _annotate,
    _check_manifest,
    _Report,
    manifest_digest,
    parse_reuters_date,
    quiet_pooch,
    remove_unverified,
    repair_hint,
    split_wikinews_dateline,
    unescape_ag_news,
)

__all__ = [
    "DOWNLOAD_ENV",
    "DEFAULT_DOWNLOAD_BASE",
    "URL_TEMPLATE",
    "BaselineUnavailable",
    "SourceFile",
    "BaselineSpec",
    "BBC_CATEGORIES",
    "BASELINES",
    "TOPIC_PATTERN",
    "TOPICS",
    "topic_mask",
    "topic_filter",
    "manifest_digest",
    "Record",
    "WIKINEWS_DATELINE",
    "split_wikinews_dateline",
    "parse_reuters_date",
    "AG_NEWS_WORLD",
    "unescape_ag_news",
    "gensim_data_dir",
    "baseline_cache_dir",
    "locate_baseline",
    "download_baseline",
    "load_baseline",
    "baseline_spec",
    "load_report",
    "count_documents",
    "available_baselines",
]

log = logging.getLogger(__name__)

#: Environment variable that overrides the download base URL (tests point it at a local server).
DOWNLOAD_ENV = "FRAMING_DOWNLOAD_BASE"
DEFAULT_DOWNLOAD_BASE = "https://raw.githubusercontent.com"


class BaselineUnavailable(RuntimeError):
    """A baseline corpus cannot be found, downloaded or read; the message says how to get it."""


# --------------------------------------------------------------------------------------------
# Registry
# --------------------------------------------------------------------------------------------


_STATE_DEPT_REPORTS = [f"{y}_{c}.txt" for y in range(2016, 2025) for c in ("iran", "iraq")]
_STATE_DEPT_SHA256 = dict(
    zip(
        _STATE_DEPT_REPORTS,
        """
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
""".split(),
        strict=True,
    )
)

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
                SourceFile(
                    "lee_background.cor",
                    "5d78d6dafd953bbf65797bef09a9ffb9ec430583381be705f8fd460000f370fb",
                    "gensim/test/test_data/lee_background.cor",
                ),
                SourceFile(
                    "lee.cor",
                    "a878f9a58f6743c32985c56c2f2f75988386216b38a4023a01fd3bcf7884d93e",
                    "gensim/test/test_data/lee.cor",
                ),
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
                SourceFile(
                    "wikinews_2019.csv",
                    "d65f87b01244679d01c89ec15616fbd8413e7852732432d5895fa4db9b21ac9e",
                    "data/wikinews_2019.csv",
                ),
                SourceFile(
                    "wikinews_2020.csv",
                    "42f833b55a848b6a9070c3be7e7ab5e55d3150a3e128419130df5b8283a62f4a",
                    "data/wikinews_2020.csv",
                ),
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
                SourceFile(
                    "whitehouse_statements_iraq_iran.json",
                    "b5bd2f05ab25454af8732a5ff2894c649c05f2a68d949543013020d2942031f2",
                ),
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
                SourceFile(
                    "reuters21578_iran_iraq_subset.json",
                    "4fec55da5353181faa512246a20977bf193090e99271ea89d33b5cddf37e1e86",
                ),
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
                SourceFile(
                    "test.csv",
                    "d2a2cef4dfeb21ca17b463fd15e9e5a639c05823d03efabb3d28a75bbfe8d915",
                    "data/ag_news_csv/test.csv",
                ),
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


def baseline_spec(name: str) -> BaselineSpec:
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
    spec = baseline_spec(name)
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

    spec = baseline_spec(name)
    if not spec.downloadable:
        raise _unavailable(spec, None, "it cannot be downloaded")
    base = base_url or os.environ.get(DOWNLOAD_ENV) or DEFAULT_DOWNLOAD_BASE
    dest = baseline_cache_dir() / spec.folder
    current = ""
    try:
        with quiet_pooch():
            for file in spec.files:
                current = spec.url(file, base)
                target = dest / file.path
                pooch.retrieve(
                    current,
                    known_hash=f"sha256:{file.sha256}" if file.sha256 else None,
                    fname=target.name,
                    path=target.parent,
                    progressbar=False,
                )
        if spec.manifest_sha256:
            current = f"the manifest check of {dest}"
            report = _Report(name, "download", str(dest))
            try:
                for file in spec.files:
                    report.read(dest, file)
                _check_manifest(spec, report)
            except ChecksumMismatch:
                remove_unverified(spec, dest)
                raise
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


def _damaged(spec: BaselineSpec, source: str, err: ChecksumMismatch) -> BaselineUnavailable:
    return BaselineUnavailable(f"Baseline corpus {spec.name!r} failed its checksum: {err}. {repair_hint(spec, source)}")


def _records(name: str, folder: Path, report: _Report) -> list[Record]:
    try:
        return _annotate(_READERS[name](folder, report, BASELINES[name]), report)
    except ChecksumMismatch:
        raise
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

    spec = baseline_spec(name)
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
    try:
        records = _records(name, folder, report)
    except ChecksumMismatch as err:
        if not (download and source == "cache" and spec.downloadable):
            raise _damaged(spec, source, err) from None
        log.warning("baseline %s: %s; downloading it again", name, err)
        remove_unverified(spec, folder, err.path)
        folder, source = download_baseline(name, base_url), "download"
        report = _Report(name, source, str(folder))
        records = _records(name, folder, report)
    docs = make_documents(records, corpus=name, genre=spec.genre)
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
    try:
        return len(_records(name, found[0], report))
    except ChecksumMismatch as err:
        raise _damaged(baseline_spec(name), found[1], err) from None


def available_baselines(data_dir: str | Path | None = None) -> pd.DataFrame:
    """One row per registered corpus: name, genre, licence, redistributable, downloadable,
    n_docs (when found locally, else NA), source and folder where it was found ("" if not)."""
    rows = []
    for name, spec in BASELINES.items():
        found = locate_baseline(name, data_dir)
        rows.append(
            {
                "name": name,
                "genre": spec.genre,
                "licence": spec.licence,
                "redistributable": spec.redistributable,
                "downloadable": spec.downloadable,
                "n_docs": count_documents(name, data_dir) if found else None,
                "source": found[1] if found else "",
                "where": str(found[0]) if found else "",
            }
        )
    frame = pd.DataFrame(rows)
    frame["n_docs"] = frame["n_docs"].astype("Int64")
    return frame
