"""One study assembly: a :class:`~analysis.corpus.study.StudySpec` in, the study's tables out.

:func:`build_study` is the one road from a study definition to its tables. Every command, notebook,
figure and report reads a :class:`Study`:

* ``documents``: one row per document with ``group``, metadata, ``text`` and ``sentence_bounds``
  (split once, when the document was loaded: :func:`analysis.corpus.load.make_documents`);
* ``report``: the load report, one row per input file or record (nothing dropped silently);
* ``spans``, ``profile``, ``attributions``: scored once per document
  (:func:`analysis.pipeline.scoring.score_study`: cached chunks, every core), each with ``group``;
* ``context``: the :class:`~analysis.measures.context.ScoringContext` they were scored with.

Where the tables are stored: the assembled documents, report and notes in
``<cache>/results/study-<key>/documents/``, and after scoring the three score tables in
``<cache>/results/study-<key>/scores/``, as Parquet (:mod:`analysis.pipeline.store`), the
key a sha256 over the spec, the bytes of every corpus file, baseline file and gold file, the user
lexicons and the package code. A warm build reads them back; nothing is pickled.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

import pandas as pd

from analysis.corpus.study import StudySpec, topic_view

__all__ = ["Study", "build_study", "study_key"]

_DOC_TABLES = ("documents", "report", "notes")
_SCORE_TABLES = ("spans", "profile", "attributions", "harm_events", "roles")


def study_key(spec: StudySpec) -> str:
    """Content key of a study: the spec, the bytes of its corpus files, of the baselines it can
    read, of the gold folder (the context model reads published lists from it), its user lexicons
    and the package code."""
    from analysis.corpus.baselines import BASELINES
    from analysis.pipeline.cache import content_key, corpus_fingerprint, file_digest, gold_fingerprint

    corpus = [file_digest(p) for p in spec.corpus_paths]
    if spec.follow_links:  # files behind links to outside folders, which a folder digest does not read
        from analysis.corpus.load import corpus_files

        corpus.append([(str(p), file_digest(p)) for p in corpus_files(spec.corpus_paths, follow_links=True)])
    lexicons = [file_digest(p) for p in spec.lexicons]
    return content_key(
        "study", repr(spec), corpus, lexicons, corpus_fingerprint(tuple(BASELINES), spec.data_dir), gold_fingerprint()
    )


@dataclass
class Study:
    """A study's tables (see the module docstring). The score tables are computed on first use."""

    spec: StudySpec
    documents: pd.DataFrame
    report: pd.DataFrame
    context: object
    key: str
    notes: list[str] = field(default_factory=list)
    missing_baselines: list[str] = field(default_factory=list)
    use_cache: bool = True
    jobs: int | None = None
    progress: object = None
    _scores: tuple | None = None
    _parent: Study | None = None

    # -- the score tables -------------------------------------------------------------------------

    def _scored(self) -> tuple[pd.DataFrame, ...]:
        if self._scores is None:
            if self._parent is not None:  # a view: cut from the parent's tables
                self._scores = tuple(_cut(t, self.documents) for t in self._parent._scored())
            else:
                self._scores = _load_scores(self)
        return self._scores

    @property
    def spans(self) -> pd.DataFrame:
        return self._scored()[0]

    @property
    def profile(self) -> pd.DataFrame:
        return self._scored()[1]

    @property
    def attributions(self) -> pd.DataFrame:
        return self._scored()[2]

    @property
    def harm_events(self) -> pd.DataFrame:
        """One row per harm event with its agent and patient (empty unless the study runs the
        ``agency`` analysis: :mod:`analysis.measures.extras`)."""
        return self._scored()[3]

    @property
    def roles(self) -> pd.DataFrame:
        """One row per (document, entity, role): whom each document casts as hero, villain or
        victim, with a score and the evidence sentence (empty unless the study runs the ``roles``
        analysis: :mod:`analysis.measures.extras`)."""
        return self._scored()[4]

    @property
    def cache_key(self) -> str:
        """The study's content key (:func:`study_key`, plus the view it is): what
        :func:`analysis.pipeline.cache.memo_call` hashes when a study is an argument."""
        return self.key

    @property
    def corpus_documents(self) -> pd.DataFrame:
        """The documents of the user's corpus (or the seeds), without the baselines."""
        from analysis.corpus.baselines import BASELINES

        return self.documents[~self.documents["corpus"].isin(list(BASELINES))]

    @property
    def corpus_report(self) -> pd.DataFrame:
        """The load report of the user's corpus files: every file or record read, loaded or skipped."""
        return self.report[self.report["part"] == "corpus"] if "part" in self.report.columns else self.report

    # -- the design -------------------------------------------------------------------------------

    def studied_groups(self) -> list[str]:
        return self.spec.studied_groups(self.documents)

    def reference_groups(self) -> list[str]:
        return self.spec.reference_groups(self.documents)

    def comparisons(self) -> list[tuple[str, str]]:
        return self.spec.comparisons(self.documents)

    def topic(self) -> Study:
        """The topic-matched design (:func:`analysis.corpus.study.topic_view`): corpus groups whole,
        each baseline cut to its topic documents as ``<name>-topic``; the score tables are cut from
        this study's (no document is scored twice). This study itself when there is no topic."""
        if self.spec.topic() is None:
            return self
        docs = topic_view(self.documents, self.spec)
        return self._view(docs, self.key + "-topic")

    def sample(self, max_docs: int | None, keep=()) -> Study:
        """The study with at most ``max_docs`` documents per group (groups in ``keep`` whole): the
        nested sample of :func:`analysis.corpus.study.cap_groups`; this study itself when
        ``max_docs`` is None or no group is larger."""
        from analysis.corpus.study import cap_groups

        docs = cap_groups(self.documents, max_docs, keep=tuple(keep))
        if len(docs) == len(self.documents):
            return self
        return self._view(docs.reset_index(drop=True), f"{self.key}-max{max_docs}")

    def subset(self, groups) -> Study:
        """The study restricted to ``groups`` (documents and score tables)."""
        keep = set(groups)
        docs = self.documents[self.documents["group"].isin(keep)].reset_index(drop=True)
        return self._view(docs, self.key + "-" + ",".join(sorted(keep)))

    def _view(self, docs: pd.DataFrame, key: str) -> Study:
        return Study(
            self.spec,
            docs,
            self.report,
            self.context,
            key,
            list(self.notes),
            list(self.missing_baselines),
            self.use_cache,
            self.jobs,
            self.progress,
            None,
            self,
        )


def _cut(table: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``table`` for the documents of ``docs``, with their ``group`` (as ``docs`` names it)."""
    group = dict(zip(docs["doc_id"], docs["group"]))
    out = table[table["doc_id"].isin(group)].reset_index(drop=True)
    out["group"] = out["doc_id"].map(group).to_numpy()
    return out


#: The study's columns every table carries after ``doc_id``: its group and how it was published.
STUDY_COLUMNS = ("group", "publisher", "date", "genre", "wire_copy")


def _with_study_columns(table: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """``table`` with each row's document's :data:`STUDY_COLUMNS` right after ``doc_id`` (those the
    table already has are kept where they are, ``group`` always from the documents)."""
    out = table.drop(columns=["group"], errors="ignore")
    ids = out["doc_id"].astype(str)
    position = 1
    for col in STUDY_COLUMNS:
        if col not in docs.columns or (col in out.columns and col != "group"):
            continue
        values = dict(zip(docs["doc_id"].astype(str), docs[col]))
        out.insert(position, col, ids.map(values).to_numpy())
        position += 1
    return out


def _load_scores(study: Study) -> tuple[pd.DataFrame, ...]:
    from analysis.corpus.sentences import document_bounds
    from analysis.pipeline.cache import results_dir
    from analysis.pipeline.scoring import score_study
    from analysis.pipeline.store import read_tables, write_tables

    folder = results_dir() / f"study-{study.key}" / "scores"
    if study.use_cache:
        hit = read_tables(folder, _SCORE_TABLES)
        if hit is not None:
            return tuple(hit[t] for t in _SCORE_TABLES)
    docs = study.documents
    scored = score_study(
        docs, document_bounds(docs), study.context, "group", study.use_cache, study.jobs, study.progress
    )
    tables = tuple(_with_study_columns(t, docs) for t in scored)
    if study.use_cache:
        write_tables(folder, dict(zip(_SCORE_TABLES, tables)))
    return tables


def build_study(
    spec: StudySpec | None = None,
    use_cache: bool = True,
    jobs: int | None = None,
    progress=None,
    quiet: bool = True,
) -> Study:
    """The :class:`Study` of ``spec`` (default: the seed study): its documents assembled once by
    :func:`analysis.corpus.study.study_documents`, its scoring context built once
    (:meth:`analysis.measures.context.ScoringContext.create`: user lexicons and the aliases the
    documents declare). Scoring happens on the first use of ``spans``, ``profile`` or
    ``attributions`` (``progress(done_words, total_words)`` is called meanwhile). Baselines that are
    not on this machine are left out and named in ``missing_baselines``; ``quiet=False`` prints
    the notes to standard error."""
    from analysis.corpus.study import study_documents
    from analysis.measures.context import ScoringContext
    from analysis.pipeline.cache import results_dir
    from analysis.pipeline.store import read_tables, write_tables

    spec = spec or StudySpec()
    key = study_key(spec)
    folder = results_dir() / f"study-{key}" / "documents"
    hit = read_tables(folder, _DOC_TABLES) if use_cache else None
    if hit is not None:
        documents, report, meta = hit["documents"], hit["report"], hit["notes"]
        notes = meta.loc[meta["kind"] == "note", "text"].tolist()
        missing = meta.loc[meta["kind"] == "missing", "text"].tolist()
    else:
        assembled = study_documents(spec)
        documents, report = assembled.documents, assembled.report
        notes, missing = assembled.notes, assembled.missing_baselines
        if use_cache:
            meta = pd.DataFrame(
                {"kind": ["note"] * len(notes) + ["missing"] * len(missing), "text": [*notes, *missing]},
                columns=["kind", "text"],
            )
            write_tables(folder, {"documents": documents, "report": report, "notes": meta})
    context = ScoringContext.create(spec.lexicons, documents, spec.analyses)
    from analysis.measures.profile_rows import missing_inputs_note

    missing_note = missing_inputs_note()
    if missing_note and missing_note not in notes:
        notes = [*notes, missing_note]
    study = Study(spec, documents, report, context, key, list(notes), list(missing), use_cache, jobs, progress)
    if not quiet:
        for line in study.notes:
            print(f"note: {line}", file=sys.stderr)
    return study
