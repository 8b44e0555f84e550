"""The study: what is compared with what, and the one place that assembles its documents.

A :class:`StudySpec` is the one description of a study that every command, notebook, figure and
report takes: the user's corpus (files, folders, CSV or JSONL; empty: the project's seed study),
the groups to study, the reference groups to compare them with (the user's own groups or named
baseline corpora), explicit pairs, baselines, topic terms, a document cap, user lexicons and how
metadata is read. :func:`study_documents` turns it into one documents frame with a ``group``
column (and the load report of every input file): nothing else in the package loads a corpus and
baselines into groups, builds topic-matched groups or caps documents.

Groups and comparisons (:meth:`StudySpec.comparisons`):

* a document's group is its ``group`` column or manifest field, else its subfolder, else the
  corpus folder's name; each baseline corpus is one group named after it;
* the studied groups are those named with ``groups`` (``--group``), else every corpus group that is
  not a reference;
* comparisons, in this order of precedence: the explicit ``pairs`` (``--pair A:B``); each studied
  group against each of the ``references`` (``--reference``: a corpus group or a baseline); each
  studied group against each baseline; and, for a corpus of several groups with nothing named,
  every pair of its groups. Effects always read "first group minus second group";
* baselines: exactly those named with ``baselines`` (``--baseline``) or as a reference or pair
  side. When nothing at all is named, a corpus of one group (the seed study too) is compared with
  every baseline available (:data:`DEFAULT_BASELINES`), a corpus of several groups with itself.

The topic-matched design (:func:`topic_view`) keeps, of each baseline, the documents matching the
study's topic terms, as group ``<name>-topic``; corpus groups stay whole. Document caps
(``max_docs``; the FAST preset: :data:`FAST_MAX_DOCS`) keep a deterministic, nested sample of each
group (:func:`cap_groups`), never the first documents of a file.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations
from pathlib import Path

import pandas as pd

from analysis.config import RANDOM_SEED

__all__ = [
    "DEFAULT_BASELINES",
    "FAST_BASELINES",
    "FAST_MAX_DOCS",
    "TOPIC_SUFFIX",
    "StudySpec",
    "StudyDocuments",
    "StudyError",
    "study_documents",
    "topic_view",
    "cap_groups",
    "sample_key",
    "parse_topic_terms",
    "parse_pairs",
    "topic_pattern_from_terms",
]

#: Baselines compared by default: all seven, openly licensed first.
DEFAULT_BASELINES = ("wikinews", "whitehouse", "state_dept", "lee", "reuters", "ag_news", "bbc")
#: A quick set for the FAST preset (small, offline-or-shared, topic-relevant).
FAST_BASELINES = ("lee", "whitehouse")
#: Documents per group in the FAST preset (a quick look; never written over figures/).
FAST_MAX_DOCS = 30
#: Suffix of a topic-matched baseline group.
TOPIC_SUFFIX = "-topic"

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
    "sentence_bounds",
    "source_file",
]


class StudyError(ValueError):
    """A study that cannot be run as asked (an unknown group, nothing to compare with, ...); the
    message names what there is."""


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


def parse_pairs(values) -> tuple[tuple[str, str], ...]:
    """Pairs from ``"A:B"`` strings (or ``(A, B)`` tuples): the first group is compared with the second."""
    out = []
    for v in values or ():
        if isinstance(v, str):
            a, sep, b = v.partition(":")
            if not sep or not a.strip() or not b.strip():
                raise StudyError(f"--pair {v!r}: write two group names separated by a colon, e.g. breitbart:nyt")
            v = (a.strip(), b.strip())
        a, b = v
        if a == b:
            raise StudyError(f"--pair {a}:{b} compares a group with itself")
        out.append((str(a), str(b)))
    return tuple(dict.fromkeys(out))


def topic_pattern_from_terms(terms) -> re.Pattern[str]:
    """A case-insensitive, word-bounded pattern matching any of ``terms`` (spaces match any
    whitespace)."""
    parts = [r"\s+".join(re.escape(w) for w in t.split()) for t in sorted(terms, key=len, reverse=True)]
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b", re.IGNORECASE)


def _analyses(value) -> tuple[str, ...]:
    from analysis.measures.extras import check_analyses

    try:
        return check_analyses(_tup(value))
    except ValueError as err:
        raise StudyError(str(err)) from None


def _tup(v) -> tuple:
    return () if not v else ((v,) if isinstance(v, (str, Path)) else tuple(v))


@dataclass(frozen=True)
class StudySpec:
    """What is studied and against what (see the module docstring for the rules).

    * ``corpus``: files or folders of the user's texts (empty: the seed study, ``seeds/``);
    * ``groups``: the studied corpus groups (empty: every corpus group that is not a reference);
    * ``references``: groups every studied group is compared with (corpus groups or baselines);
    * ``baselines``: baseline corpora added as groups (None: the default of the module docstring);
    * ``pairs``: explicit ``(A, B)`` comparisons (win over ``references``);
    * ``topic_terms``: keywords of the topic-matched design (None: the Iraq/Iran list for the seed
      study, no topic design otherwise);
    * ``fast``: the preview preset (:data:`FAST_BASELINES` by default, :data:`FAST_MAX_DOCS`
      documents per group); ``max_docs``: a cap per group otherwise;
    * ``lexicons``: user lexicon files (``--lexicon``), part of the scoring context;
    * ``data_dir``: the shared baseline folder; ``download``: fetch a missing openly published baseline;
    * ``publisher_from_group``: a corpus document with no publisher takes its group's name (one
      folder per outlet);
    * ``wire_copy``: False leaves out of the corpus groups the documents that carry a wire credit
      ("Washington (AFP) –"), so an outlet is measured in its own voice only;
    * ``follow_links``: read files and folders that symbolic links in a corpus folder point to
      outside it (default: skipped with a load-report row; :func:`analysis.corpus.load.load_corpus`).
    * ``analyses``: the framing analyses beyond words to run (``--with``; techniques, frames,
      agency: :mod:`analysis.measures.extras`); none by default, all for figures and reports.
    """

    corpus: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    baselines: tuple[str, ...] | None = None
    pairs: tuple[tuple[str, str], ...] = ()
    topic_terms: tuple[str, ...] | None = None
    fast: bool = False
    max_docs: int | None = None
    lexicons: tuple[str, ...] = ()
    data_dir: str | None = None
    download: bool = False
    publisher_from_group: bool = False
    wire_copy: bool = True
    follow_links: bool = False
    analyses: tuple[str, ...] = ()

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
        pairs=None,
        lexicons=None,
        download: bool = False,
        publisher_from_group: bool = False,
        wire_copy: bool = True,
        follow_links: bool = False,
        analyses=(),
    ) -> StudySpec:
        """A spec from loose values (a notebook's parameters cell or command-line options):
        single values or lists; ``reference`` may name one group or several."""
        if max_docs is not None and int(max_docs) < 0:
            raise StudyError(f"max_docs must be 0 (all) or a positive number, got {max_docs}")
        return cls(
            corpus=tuple(str(p) for p in _tup(corpus)),
            groups=tuple(str(g) for g in _tup(groups)),
            references=tuple(str(r) for r in _tup(reference)),
            baselines=None if baselines is None else tuple(str(b) for b in _tup(baselines)),
            pairs=parse_pairs(pairs),
            topic_terms=parse_topic_terms(topic_terms),
            fast=bool(fast),
            max_docs=int(max_docs) if max_docs else None,
            lexicons=tuple(str(Path(p).expanduser()) for p in _tup(lexicons)),
            data_dir=str(data_dir) if data_dir else None,
            download=bool(download),
            publisher_from_group=bool(publisher_from_group),
            wire_copy=bool(wire_copy),
            follow_links=bool(follow_links),
            analyses=_analyses(analyses),
        )

    def params(self) -> dict:
        """The notebook parameters of this spec (the parameters cell of every notebook)."""
        return {
            "CORPUS": list(self.corpus),
            "GROUPS": list(self.groups),
            "REFERENCE": list(self.references) or None,
            "BASELINES": None if self.baselines is None else list(self.baselines),
            "PAIRS": [f"{a}:{b}" for a, b in self.pairs],
            "TOPIC_TERMS": None if self.topic_terms is None else list(self.topic_terms),
            "LEXICONS": list(self.lexicons),
            "MAX_DOCS": self.max_docs,
            "PUBLISHER_FROM_GROUP": self.publisher_from_group,
            "WIRE_COPY": self.wire_copy,
            "FOLLOW_LINKS": self.follow_links,
            "ANALYSES": list(self.analyses),
            "FAST": self.fast,
        }

    # -- the corpus -------------------------------------------------------------------------------

    @property
    def is_seed_study(self) -> bool:
        from analysis.config import SEEDS_DIR

        return not self.corpus or all(Path(p).resolve().is_relative_to(SEEDS_DIR.resolve()) for p in self.corpus)

    @property
    def corpus_paths(self) -> tuple[str, ...]:
        from analysis.config import SEEDS_DIR

        return tuple(str(Path(p).expanduser().resolve()) for p in self.corpus) or (str(SEEDS_DIR),)

    @property
    def corpus_name(self) -> str:
        """The ``corpus`` label of the user's documents (``seeds`` for the seed study)."""
        if self.is_seed_study:
            return "seeds"
        return Path(self.corpus_paths[0]).stem if len(self.corpus_paths) == 1 else "corpus"

    # -- baselines and caps -----------------------------------------------------------------------

    def named_groups(self) -> tuple[str, ...]:
        """Every group the spec names (references and both sides of the pairs), in order."""
        return tuple(dict.fromkeys([*self.references, *(g for p in self.pairs for g in p)]))

    def baseline_names(self, n_corpus_groups: int | None = None) -> tuple[str, ...]:
        """The baselines added as groups: those named (``baselines``, or as a reference or pair
        side); when nothing is named, every default baseline for a one-group corpus (the seed
        study), none for a corpus of several groups (``n_corpus_groups``; unknown: one)."""
        from analysis.corpus.baselines import BASELINES

        named = [g for g in self.named_groups() if g in BASELINES]
        if self.baselines is not None:
            return tuple(dict.fromkeys([*self.baselines, *named]))
        if self.named_groups():  # references or pairs were named: only the baselines among them
            return tuple(named)
        if not self.is_seed_study and (n_corpus_groups or 1) > 1:  # several groups: compared with itself
            return ()
        return FAST_BASELINES if self.fast else DEFAULT_BASELINES

    @property
    def doc_cap(self) -> int | None:
        """Documents per group (None: all)."""
        return FAST_MAX_DOCS if self.fast else self.max_docs

    def missing_baselines(self, n_corpus_groups: int | None = None) -> list[str]:
        """Baselines of the spec not found on this machine (lee always is)."""
        from analysis.corpus.baselines import locate_baseline

        if self.download:
            return []
        return [n for n in self.baseline_names(n_corpus_groups) if locate_baseline(n, self.data_dir) is None]

    # -- the topic-matched design -----------------------------------------------------------------

    def topic(self) -> re.Pattern[str] | None:
        """The topic pattern for topic-matched baselines (None: no topic design)."""
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

    # -- groups and comparisons (of assembled documents) ------------------------------------------

    def comparisons(self, documents: pd.DataFrame) -> list[tuple[str, str]]:
        """(first, second) group pairs, in the precedence of the module docstring: an effect > 0
        means the first group scores higher. ``documents``: the study's (with ``group`` and
        ``corpus``)."""
        present = list(dict.fromkeys(documents["group"]))
        if self.pairs:
            return [(a, b) for a, b in self.pairs if a in present and b in present]
        studied = self.studied_groups(documents)
        refs = self.reference_groups(documents)
        if refs:
            return [(a, b) for a in studied for b in refs if a != b]
        return list(combinations(studied, 2))

    def studied_groups(self, documents: pd.DataFrame) -> list[str]:
        """The groups compared with the references, in order of appearance (``groups`` when named)."""
        corpus = _corpus_groups(documents)
        if self.pairs:
            return list(dict.fromkeys(a for a, _ in self.pairs if a in set(documents["group"])))
        if self.groups:
            return [g for g in self.groups if g in corpus]
        return [g for g in corpus if g not in self.references]

    def reference_groups(self, documents: pd.DataFrame) -> list[str]:
        """The second group of every comparison: the named references (or the second sides of the
        pairs), else every baseline group, else (``groups`` named) the other corpus groups; empty
        when a several-group corpus is compared with itself, pair by pair."""
        present = list(dict.fromkeys(documents["group"]))
        if self.pairs:
            return list(dict.fromkeys(b for _, b in self.pairs if b in present))
        if self.references:
            return [r for r in self.references if r in present]
        corpus = _corpus_groups(documents)
        baselines = [g for g in present if g not in set(corpus)]
        if baselines:
            return baselines
        if self.groups:
            return [g for g in corpus if g not in self.groups]
        return []

    def describe_comparisons(self, documents: pd.DataFrame) -> str:
        """One sentence saying which comparisons the study runs and why (from the design)."""
        pairs = self.comparisons(documents)
        if not pairs:
            return "no comparison: there is nothing to compare with"
        shown = ", ".join(f"{a} vs {b}" for a, b in pairs[:8]) + (
            f", ... ({len(pairs)} in all)" if len(pairs) > 8 else ""
        )
        if self.pairs:
            why = "the pairs named with --pair"
        elif self.references:
            why = "each studied group against the reference(s) named"
        elif self.groups and not set(self.reference_groups(documents)) - set(_corpus_groups(documents)):
            why = "each studied group against every other corpus group"
        elif self.reference_groups(documents):
            why = "each studied group against each baseline"
        else:
            why = "no reference named, so every pair of the corpus groups"
        return f"Comparisons ({why}): {shown}."


def _corpus_groups(documents: pd.DataFrame) -> list[str]:
    """Groups of the user's corpus (not baselines), in order of appearance."""
    from analysis.corpus.baselines import BASELINES

    if "corpus" not in documents.columns:
        return list(dict.fromkeys(documents["group"]))
    base = documents["corpus"].isin(list(BASELINES))
    return list(dict.fromkeys(documents.loc[~base, "group"]))


# ------------------------------------------------------------------------------------------------
# Assembly
# ------------------------------------------------------------------------------------------------


@dataclass
class StudyDocuments:
    """The assembled documents of a study (``group`` and ``sentence_bounds`` columns), the load
    report (one row per input file or record: corpus files and baseline documents; ``part`` says
    which: ``corpus`` or the baseline's name) and notes a reader should see (baselines left out,
    duplicates dropped, groups capped)."""

    documents: pd.DataFrame
    report: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    missing_baselines: list[str] = field(default_factory=list)


def sample_key(doc_id: Hashable, seed: int) -> str:
    """The key that orders a group's documents for a nested sample (:func:`cap_groups`)."""
    return hashlib.sha256(f"{seed}:{doc_id}".encode()).hexdigest()


def cap_groups(
    frame: pd.DataFrame,
    max_docs: int | None,
    group_col: str = "group",
    keep: Sequence[Hashable] = (),
    seed: int = RANDOM_SEED,
) -> pd.DataFrame:
    """At most ``max_docs`` documents per group (groups in ``keep`` are never sampled).

    The sample is deterministic and *nested*: each document gets the key sha256("seed:doc_id")
    and a group keeps its ``max_docs`` smallest keys. The key depends only on the seed and the
    document, so the topic-matched sample of a corpus contains every topic document of the
    unfiltered sample, and adding documents to a corpus never reshuffles which of the old ones are
    kept. Row order is preserved. ``attrs["sampled"]`` maps each sampled group to (kept, available).
    """
    if not max_docs:
        return frame
    keys = frame["doc_id"].map(lambda d: sample_key(d, seed))
    keep_rows = pd.Series(True, index=frame.index)
    sampled = {}
    for label, idx in frame.groupby(group_col, sort=False).groups.items():
        if label in set(keep) or len(idx) <= max_docs:
            continue
        chosen = keys.loc[idx].sort_values(kind="stable").index[:max_docs]
        keep_rows.loc[idx] = False
        keep_rows.loc[chosen] = True
        sampled[label] = (int(max_docs), int(len(idx)))
    out = frame[keep_rows].copy()
    out.attrs = dict(frame.attrs)
    out.attrs["sampled"] = sampled
    return out


def _corpus_part(spec: StudySpec) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The user's (or the seed) documents with a ``group`` column, and their load report."""
    from analysis.corpus.load import load_corpus

    loaded = load_corpus(
        list(spec.corpus_paths),
        corpus=spec.corpus_name,
        genre="advocacy" if spec.is_seed_study else "input",
        follow_links=spec.follow_links,
    )
    docs = loaded.documents
    default = docs["corpus"].astype(str) if len(docs) else pd.Series(dtype=str)
    group = docs["group"].fillna("").astype(str) if "group" in docs.columns else pd.Series("", index=docs.index)
    docs = docs.assign(group=group.where(group.str.strip() != "", default))
    if spec.publisher_from_group and len(docs):
        pub = docs["publisher"].fillna("").astype(str)
        docs = docs.assign(publisher=pub.where(pub.str.strip() != "", docs["group"]))
    return docs, loaded.report


def _baseline_part(name: str, spec: StudySpec) -> tuple[pd.DataFrame, int]:
    """A baseline's documents as group ``name`` (exact repeats and empty documents dropped), and
    the number of repeats dropped."""
    from analysis.corpus.baselines import load_baseline

    docs = load_baseline(name, data_dir=spec.data_dir, download=spec.download)
    dropped = 0
    if "duplicate_of" in docs.columns:
        keep = docs["duplicate_of"].fillna("") == ""
        dropped = int((~keep).sum())
        docs = docs[keep]
    return docs[docs["words"] > 0].assign(group=name), dropped


def _baseline_report(docs: pd.DataFrame) -> pd.DataFrame:
    from analysis.corpus.load import REPORT_COLUMNS

    return pd.DataFrame(
        {
            "source_file": docs["source_file"].astype(str),
            "doc_id": docs["doc_id"].astype(str),
            "status": "loaded",
            "reason": "",
            "warnings": "",
            "notes": "",
        },
        columns=REPORT_COLUMNS,
    )


def study_documents(spec: StudySpec) -> StudyDocuments:
    """The documents of ``spec``: the corpus groups (``groups`` kept when named), then each baseline
    as a group, every group capped to :attr:`StudySpec.doc_cap` documents (a nested sample).
    Baselines not on this machine are left out and named (``missing_baselines``). Raises
    :class:`StudyError` when a named group does not exist, two documents share an id, a corpus group
    has a baseline's name, or a studied text is also inside a baseline."""
    from analysis.corpus.baselines import BASELINES, BaselineUnavailable

    corpus, report = _corpus_part(spec)
    report = report.assign(part="corpus")
    corpus_groups = list(dict.fromkeys(corpus["group"]))
    known = corpus_groups + [b for b in BASELINES]
    unknown = [g for g in (*spec.groups, *spec.named_groups()) if g not in known]
    if unknown:
        raise StudyError(
            f"no group named {', '.join(unknown)}; the corpus has {', '.join(corpus_groups) or 'no documents'}"
            f" and the baselines are {', '.join(BASELINES)}"
        )
    clash = set(corpus_groups) & set(BASELINES)
    if clash:
        raise StudyError(f"corpus group names clash with baseline names: {sorted(clash)}; rename the folders")
    if spec.pairs or (spec.groups and spec.references):
        # only the groups the design names: the pairs' sides, or the studied groups and references
        wanted = set(spec.groups) | set(spec.named_groups())
        corpus = corpus[corpus["group"].isin(wanted)]
    notes, missing = [], []
    if not spec.wire_copy and "wire_copy" in corpus.columns and corpus["wire_copy"].any():
        wire = corpus["wire_copy"].fillna(False).astype(bool)
        for g, n in corpus[wire].groupby("group").size().items():
            notes.append(f'{g}: {n} wire-copy documents left out (a wire credit such as "(AFP) –"; --no-wire-copy)')
        corpus = corpus[~wire]
    elif "wire_copy" in corpus.columns and corpus["wire_copy"].any():
        for g, n in corpus[corpus["wire_copy"].fillna(False).astype(bool)].groupby("group").size().items():
            notes.append(
                f'{g}: {n} documents are wire copy (a wire credit such as "(AP) —"); --no-wire-copy leaves them out'
            )
    parts = [corpus]
    n_groups = corpus["group"].nunique()
    for name in spec.baseline_names(n_groups):
        try:
            docs, dropped = _baseline_part(name, spec)
        except BaselineUnavailable:
            missing.append(name)
            continue
        if dropped:
            notes.append(f"{name}: {dropped} exact repeats of another document left out")
        parts.append(docs)
        report = pd.concat([report, _baseline_report(docs).assign(part=name)], ignore_index=True)
    frame = pd.concat(parts, ignore_index=True)
    frame["doc_id"] = frame["doc_id"].astype(str)
    if frame["doc_id"].duplicated().any():
        dup = frame.loc[frame["doc_id"].duplicated(), "doc_id"].tolist()
        raise StudyError(f"document ids used twice: {dup[:5]}")
    mine = frame["group"].isin(corpus_groups)
    shared = set(frame.loc[mine, "text"]) & set(frame.loc[~mine, "text"])
    if shared:
        raise StudyError("a studied text is also inside a baseline group; it cannot be compared with itself")
    frame = cap_groups(frame, spec.doc_cap)
    for g, (kept, available) in frame.attrs.get("sampled", {}).items():
        notes.append(f"{g}: {kept} of {available} documents (a fixed random sample, --max-docs)")
    frame = frame[
        [c for c in GROUP_COLUMNS if c in frame.columns] + [c for c in frame.columns if c not in GROUP_COLUMNS]
    ]
    frame = frame.reset_index(drop=True)
    frame.attrs = {}
    return StudyDocuments(frame, report.reset_index(drop=True), notes, missing)


def topic_view(documents: pd.DataFrame, spec: StudySpec) -> pd.DataFrame:
    """The topic-matched design of a study's documents: corpus groups whole, each baseline group
    cut to the documents matching :meth:`StudySpec.topic` and renamed ``<name>-topic``. The
    documents frame itself when the spec has no topic."""
    from analysis.corpus.baselines import BASELINES, topic_mask

    pattern = spec.topic()
    if pattern is None:
        return documents
    is_base = documents["group"].isin(list(BASELINES))
    keep = ~is_base | topic_mask(documents, pattern)
    out = documents[keep].copy()
    out.loc[out["group"].isin(list(BASELINES)), "group"] = out["group"] + TOPIC_SUFFIX
    return out.reset_index(drop=True)
