"""Assemble the groups a comparison needs: the seeds and any number of baseline corpora.

Each document carries a ``group`` label: ``seeds`` for the advocacy statements, the baseline's
name otherwise (``wikinews``, ``whitehouse``...), with the suffix ``-topic`` for topic-matched
subsets (documents about Iraq/Iran, :func:`analysis.corpus.baselines.topic_filter`). Seeds are never
mixed into a baseline group: :func:`assemble` checks that no seed text appears in a baseline.

Exact repeats inside a baseline (``duplicate_of`` set by the loader) are dropped here, so a
repeated article does not count twice in a group's statistics; the count dropped is kept in
``frame.attrs["dropped_duplicates"]``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.corpus.load import load_seeds

#: Baselines compared by default: all seven, openly licensed first.
DEFAULT_BASELINES = ("wikinews", "whitehouse", "state_dept", "lee", "reuters", "ag_news", "bbc")
#: A quick set for tests and fast notebook runs (small, offline-or-shared, topic-relevant).
FAST_BASELINES = ("lee", "whitehouse")

GROUP_COLUMNS = [
    "doc_id",
    "group",
    "corpus",
    "genre",
    "title",
    "publisher",
    "date",
    "text",
    "words",
    "sentences",
    "source_file",
]


@lru_cache(maxsize=32)
def _baseline(name: str, topic: bool, data_dir: str | None) -> pd.DataFrame:
    from analysis.corpus.baselines import load_baseline

    return load_baseline(name, data_dir=data_dir, topic="iraq_iran" if topic else None)


def baseline_group(
    name: str, topic: bool = False, data_dir: str | None = None, max_docs: int | None = None
) -> pd.DataFrame:
    """Documents of one baseline as a group (duplicates dropped, optional first ``max_docs``)."""
    docs = _baseline(name, topic, data_dir).copy()
    dropped = 0
    if "duplicate_of" in docs.columns:
        keep = docs["duplicate_of"].fillna("") == ""
        dropped = int((~keep).sum())
        docs = docs[keep]
    docs = docs[docs["words"] > 0]
    if max_docs:
        docs = docs.head(max_docs)
    docs = docs.assign(group=f"{name}-topic" if topic else name)
    docs.attrs["dropped_duplicates"] = dropped
    return docs


def assemble(
    baselines=DEFAULT_BASELINES,
    topic: bool = False,
    data_dir: str | None = None,
    max_docs: int | None = None,
    include_seeds: bool = True,
) -> pd.DataFrame:
    """One documents frame: seeds (group ``seeds``) and each baseline as its own group."""
    parts = []
    seeds = load_seeds().documents.assign(group="seeds") if include_seeds else None
    if seeds is not None:
        parts.append(seeds)
    dropped = {}
    for name in baselines:
        docs = baseline_group(name, topic=topic, data_dir=data_dir, max_docs=max_docs)
        dropped[name] = docs.attrs.get("dropped_duplicates", 0)
        parts.append(docs)
    frame = pd.concat(parts, ignore_index=True)
    frame["doc_id"] = frame["doc_id"].astype(str)
    if seeds is not None:
        check_seeds_not_in_baselines(frame)
    frame = frame[
        [c for c in GROUP_COLUMNS if c in frame.columns] + [c for c in frame.columns if c not in GROUP_COLUMNS]
    ]
    frame.attrs["dropped_duplicates"] = dropped
    return frame


def check_seeds_not_in_baselines(frame: pd.DataFrame) -> None:
    """Raise if a seed text (or a seed doc_id) appears in a baseline group."""
    seeds = frame[frame["group"] == "seeds"]
    others = frame[frame["group"] != "seeds"]
    shared_text = set(seeds["text"]) & set(others["text"])
    shared_ids = set(seeds["doc_id"]) & set(others["doc_id"])
    if shared_text or shared_ids:
        raise ValueError(f"seed documents found inside a baseline group: {sorted(shared_ids) or 'same text'}")


# ---------------------------------------------------------------------------------------------
# The study as one object
# ---------------------------------------------------------------------------------------------

#: Documents per baseline in the FAST preset (a quick look; never written over figures/).
FAST_MAX_DOCS = 30


def parse_topic_terms(value) -> tuple[str, ...] | None:
    """Topic keywords from a file (one term per line or comma-separated) or from words
    ("Iraq,Iran" or a list); None when ``value`` is empty."""
    if value is None or value == "" or value == []:
        return None
    items = [value] if isinstance(value, str) else list(value)
    terms: list[str] = []
    for item in items:
        path = Path(str(item)).expanduser()
        text = path.read_text(encoding="utf-8") if path.is_file() else str(item)
        terms += [t.strip() for t in re.split(r"[,\n]", text) if t.strip() and not t.strip().startswith("#")]
    return tuple(dict.fromkeys(terms)) or None


def topic_pattern_from_terms(terms) -> re.Pattern[str]:
    """A case-insensitive, word-bounded pattern matching any of ``terms`` (spaces match any
    whitespace)."""
    parts = [r"\s+".join(re.escape(w) for w in t.split()) for t in sorted(terms, key=len, reverse=True)]
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class StudySpec:
    """What is studied and against what: the one description of the groups that the command line,
    the figure build, the notebooks and the comparisons share.

    * ``corpus``: files or folders of the user's texts (empty: the seed study, ``seeds/``);
    * ``groups``: the corpus groups to keep (empty: every group found). A document's group is its
      ``group`` column or manifest field, else its subfolder, else the corpus folder's name;
    * ``reference``: the reference group (``group_b`` of every comparison). None: every baseline
      is a reference for each studied group;
    * ``baselines``: baseline corpora added as groups (None: all seven; FAST: lee and whitehouse);
    * ``topic_terms``: keywords for the topic-matched baselines (None: the Iraq/Iran list for the
      seed study, no topic filter otherwise);
    * ``fast``: the preview preset (FAST_BASELINES, :data:`FAST_MAX_DOCS` documents per baseline).
    """

    corpus: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    reference: str | None = None
    baselines: tuple[str, ...] | None = None
    topic_terms: tuple[str, ...] | None = None
    fast: bool = False
    max_docs: int | None = None
    data_dir: str | None = None

    @classmethod
    def from_params(
        cls,
        corpus=None,
        groups=None,
        reference=None,
        baselines=None,
        topic_terms=None,
        fast: bool = False,
        max_docs: int | None = None,
        data_dir: str | None = None,
    ) -> StudySpec:
        """A spec from loose values (a notebook's parameters cell or command-line options)."""

        def tup(v):
            return () if not v else ((v,) if isinstance(v, (str, Path)) else tuple(v))

        return cls(
            corpus=tuple(str(p) for p in tup(corpus)),
            groups=tup(groups),
            reference=reference or None,
            baselines=None if baselines is None else tup(baselines),
            topic_terms=parse_topic_terms(topic_terms),
            fast=bool(fast),
            max_docs=max_docs,
            data_dir=str(data_dir) if data_dir else None,
        )

    def params(self) -> dict:
        """The notebook parameters (CORPUS, GROUPS, REFERENCE, BASELINES, TOPIC_TERMS, FAST) of this spec."""
        return {
            "CORPUS": list(self.corpus),
            "GROUPS": list(self.groups),
            "REFERENCE": self.reference,
            "BASELINES": None if self.baselines is None else list(self.baselines),
            "TOPIC_TERMS": None if self.topic_terms is None else list(self.topic_terms),
            "FAST": self.fast,
        }

    @property
    def is_seed_study(self) -> bool:
        from analysis.config import SEEDS_DIR

        return not self.corpus or all(Path(p).resolve().is_relative_to(SEEDS_DIR.resolve()) for p in self.corpus)

    @property
    def corpus_paths(self) -> tuple[str, ...]:
        from analysis.config import SEEDS_DIR

        return tuple(str(Path(p).expanduser().resolve()) for p in self.corpus) or (str(SEEDS_DIR),)

    @property
    def baseline_names(self) -> tuple[str, ...]:
        if self.baselines is not None:
            return tuple(self.baselines)
        return FAST_BASELINES if self.fast else DEFAULT_BASELINES

    @property
    def doc_cap(self) -> int | None:
        """Documents per baseline group (None: all)."""
        return FAST_MAX_DOCS if self.fast else self.max_docs

    def topic(self) -> re.Pattern[str] | None:
        """The topic pattern for topic-matched baselines (None: no topic filter)."""
        if self.topic_terms:
            return topic_pattern_from_terms(self.topic_terms)
        if self.is_seed_study:
            from analysis.corpus.baselines import TOPIC_PATTERN

            return TOPIC_PATTERN
        return None

    def topic_label(self) -> str:
        if self.topic_terms:
            shown = ", ".join(self.topic_terms[:6]) + (", ..." if len(self.topic_terms) > 6 else "")
            return f"documents mentioning {shown}"
        return "documents about Iraq/Iran" if self.is_seed_study else "all documents (no topic terms given)"

    def with_baselines(self, names) -> StudySpec:
        return replace(self, baselines=tuple(names))

    def missing_baselines(self) -> list[str]:
        """Baselines of the spec not found on this machine (lee always is)."""
        from analysis.corpus.baselines import locate_baseline

        return [n for n in self.baseline_names if locate_baseline(n, self.data_dir) is None]

    def available(self) -> StudySpec:
        """The same spec without the baselines that are not on this machine."""
        missing = set(self.missing_baselines())
        return self.with_baselines([n for n in self.baseline_names if n not in missing])

    def fingerprint(self) -> str:
        """sha256 over the spec and the bytes of every corpus file (a cache key part)."""
        h = hashlib.sha256(repr(self).encode())
        for p in self.corpus_paths:
            root = Path(p)
            files = sorted(root.rglob("*")) if root.is_dir() else [root]
            for f in files:
                if f.is_file():
                    h.update(f.as_posix().encode())
                    h.update(f.read_bytes())
        return h.hexdigest()[:20]

    # -- documents ---------------------------------------------------------------------------

    def load(self):
        """The :class:`analysis.corpus.load.Corpus` (documents, sentences, load report) of the corpus."""
        from analysis.corpus.load import load_corpus

        paths = self.corpus_paths
        if self.is_seed_study:
            return load_corpus(list(paths), corpus="seeds", genre="advocacy")
        name = Path(paths[0]).stem if len(paths) == 1 else "corpus"
        return load_corpus(list(paths), corpus=name, genre="input")

    def corpus_documents(self) -> pd.DataFrame:
        """The user's (or the seed) documents with a ``group`` column (see the class docstring)."""
        docs = self.load().documents
        default = docs["corpus"].astype(str)
        group = docs["group"].fillna("").astype(str) if "group" in docs.columns else pd.Series("", index=docs.index)
        docs = docs.assign(group=group.where(group.str.strip() != "", default))
        if self.groups:
            docs = docs[docs["group"].isin(self.groups)]
        clash = set(docs["group"]) & set(self.baseline_names) - {self.reference}
        if clash:
            raise ValueError(f"corpus group names clash with baseline names: {sorted(clash)}")
        return docs.reset_index(drop=True)

    def studied_groups(self, documents: pd.DataFrame) -> list[str]:
        """The corpus groups compared with the reference(s), in order of appearance."""
        base = set(self.baseline_names) | {f"{n}-topic" for n in self.baseline_names}
        return [g for g in dict.fromkeys(documents["group"]) if g not in base and g != self.reference]

    def reference_groups(self, documents: pd.DataFrame) -> list[str]:
        """The ``group_b`` of every comparison: the reference, else every baseline group."""
        if self.reference:
            return [self.reference]
        studied = set(self.studied_groups(documents))
        return [g for g in dict.fromkeys(documents["group"]) if g not in studied]

    def pairs(self, documents: pd.DataFrame) -> list[tuple[str, str]]:
        """(studied, reference) pairs: an effect > 0 means the studied group is higher."""
        return [(a, b) for a in self.studied_groups(documents) for b in self.reference_groups(documents) if a != b]


def assemble_study(spec: StudySpec, topic: bool = False) -> pd.DataFrame:
    """One documents frame for ``spec``: the corpus groups, then each baseline as a group
    (``<name>-topic`` with ``topic`` and a topic pattern; at most ``spec.doc_cap`` documents)."""
    from analysis.corpus.baselines import topic_filter

    pattern = spec.topic() if topic else None
    corpus = spec.corpus_documents()
    parts, dropped = [corpus], {}
    for name in spec.baseline_names:
        docs = baseline_group(name, data_dir=spec.data_dir)
        dropped[name] = docs.attrs.get("dropped_duplicates", 0)
        if pattern is not None:
            docs = topic_filter(docs, pattern).assign(group=f"{name}-topic")
        if spec.doc_cap:
            docs = docs.head(spec.doc_cap)
        parts.append(docs)
    frame = pd.concat(parts, ignore_index=True)
    frame["doc_id"] = frame["doc_id"].astype(str)
    check_corpus_not_in_baselines(frame, set(corpus["group"]))
    frame = frame[
        [c for c in GROUP_COLUMNS if c in frame.columns] + [c for c in frame.columns if c not in GROUP_COLUMNS]
    ]
    frame.attrs["dropped_duplicates"] = dropped
    return frame


def check_corpus_not_in_baselines(frame: pd.DataFrame, corpus_groups: set[str]) -> None:
    """Raise if a studied text (or doc_id) appears in a baseline group."""
    mine = frame[frame["group"].isin(corpus_groups)]
    others = frame[~frame["group"].isin(corpus_groups)]
    shared_text = set(mine["text"]) & set(others["text"])
    shared_ids = set(mine["doc_id"]) & set(others["doc_id"])
    if shared_text or shared_ids:
        raise ValueError(f"corpus documents found inside a baseline group: {sorted(shared_ids) or 'same text'}")
