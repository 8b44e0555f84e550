"""Score a study's documents once: spans, profile and attributions table in one pass.

Each document's attributions are found once (:func:`analysis.measures.spans.document_span_rows`
hands its records on), and its profile row is read from its span rows, so the three tables agree by
construction. The documents are cut into chunks of about :data:`CHUNK_WORDS` words inside each
group; each chunk is cached by content (:func:`analysis.pipeline.cache.memo_call`: its documents'
cells, their sentence bounds, the declared publisher aliases, any user lexicon, the gold files the
model reads, and the code), so a study that changes only its parameters (reference group, topic terms) reuses every
score, and the chunks not in the cache are scored on every core
(:func:`analysis.pipeline.parallel.map_ordered`). Concatenated in document order, the tables are
those of the serial functions: :func:`analysis.measures.spans.corpus_spans`,
:func:`analysis.measures.profile.profile_frame` and
:func:`analysis.measures.attributions_table.attributions_table` (a test checks this).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["CHUNK_WORDS", "score_documents", "score_study"]

#: About this many words per cached and parallel chunk (a few seconds of scoring).
CHUNK_WORDS = 60_000


def score_documents(docs: pd.DataFrame, bounds: list) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """``(spans, profile, attributions)`` of ``docs`` (columns doc_id, text, optionally publisher,
    corpus, genre, title, date) with their sentence ``bounds``, in one pass per document."""
    from analysis.measures.attributions_table import ATTRIBUTION_TABLE_COLUMNS
    from analysis.measures.profile import _has_model, _profile_row, loaded_subcategories, profile_table
    from analysis.measures.spans import _frame, document_span_rows, lexicon_matchers, normalise_publisher
    from analysis.measures.user_lexicon import extra_categories

    subcats, has_model, extra = loaded_subcategories(), _has_model(), tuple(extra_categories())
    matchers = lexicon_matchers()
    publishers = docs["publisher"] if "publisher" in docs.columns else [None] * len(docs)
    span_rows: list[tuple] = []
    profile_rows: list[dict] = []
    attributions: list[dict] = []
    for doc_id, text, pub, b in zip(docs["doc_id"], docs["text"], publishers, bounds):
        text = text if isinstance(text, str) else ""
        records: list[dict] = []
        rows = document_span_rows(
            text,
            doc_id=doc_id,
            sentence_bounds=b,
            publisher=normalise_publisher(pub),
            matchers=matchers,
            records_out=records,
        )
        span_rows += rows
        profile_rows.append(_profile_row(text, doc_id, b, rows, subcats, has_model, extra))
        attributions += [{"doc_id": str(doc_id), **r} for r in records]
    att = (
        pd.DataFrame(attributions)[ATTRIBUTION_TABLE_COLUMNS]
        if attributions
        else pd.DataFrame(columns=ATTRIBUTION_TABLE_COLUMNS)
    )
    return _frame(span_rows), profile_table(docs, profile_rows), att


def _chunks(docs: pd.DataFrame, group_col: str | None) -> list[tuple[int, int]]:
    """Contiguous document ranges: never across a group boundary, about CHUNK_WORDS words each."""
    from analysis.corpus.text import count_words
    from analysis.pipeline.parallel import chunk_bounds

    words = (
        docs["words"].fillna(0).to_numpy()
        if "words" in docs.columns
        else [count_words(t) if isinstance(t, str) else 0 for t in docs["text"]]
    )
    groups = docs[group_col].to_numpy() if group_col and group_col in docs.columns else [None] * len(docs)
    out, start = [], 0
    for i in range(1, len(docs) + 1):
        if i == len(docs) or groups[i] != groups[start]:
            w = list(words[start:i])
            n = max(1, round(sum(w) / CHUNK_WORDS))
            out += [(start + a, start + b) for a, b in chunk_bounds(w, n)]
            start = i
    return out


def score_study(
    docs: pd.DataFrame, bounds: list, group_col: str | None = "group", use_cache: bool = True, jobs: int | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """:func:`score_documents` of a whole study, chunk by chunk: cached chunks are read, the others
    scored on every core (``jobs`` processes, default :func:`analysis.pipeline.parallel.available_jobs`)."""
    from analysis.measures.source_types import _DECLARED_ALIASES, use_publisher_aliases
    from analysis.measures.worker_state import map_in_scoring_state
    from analysis.pipeline.cache import cached, content_key, gold_fingerprint, results_dir

    if not len(docs):
        return score_documents(docs, bounds)
    use_publisher_aliases(docs)
    aliases = dict(_DECLARED_ALIASES)
    cols = [
        c
        for c in ("doc_id", "text", "publisher", "corpus", "genre", "title", "publisher_aliases", "date")
        if c in docs.columns
    ]
    ranges = _chunks(docs, group_col)
    tasks, paths = [], []
    gold = gold_fingerprint()
    for a, b in ranges:
        part = docs.iloc[a:b][cols].reset_index(drop=True)
        part_bounds = list(bounds[a:b])
        flat = np.array([(k, s, e) for k, doc in enumerate(part_bounds) for s, e in doc], dtype=np.int64)
        tasks.append((part, part_bounds))
        paths.append(results_dir() / f"scores-{content_key('scores', part, flat, aliases, gold)}.pkl")
    results: list = [None] * len(tasks)
    todo = []
    for i, path in enumerate(paths):
        if use_cache and path.exists():
            results[i] = cached(path, lambda: None)
        else:
            todo.append(i)
    if todo:
        done = map_in_scoring_state(score_documents, [tasks[i] for i in todo], jobs)
        for i, value in zip(todo, done):
            results[i] = cached(paths[i], lambda v=value: v, use_cache) if use_cache else value
    spans = pd.concat([r[0] for r in results], ignore_index=True) if results else None
    profile = pd.concat([r[1] for r in results], ignore_index=True) if results else None
    att_parts = [r[2] for r in results if len(r[2])]
    from analysis.measures.attributions_table import ATTRIBUTION_TABLE_COLUMNS

    att = pd.concat(att_parts, ignore_index=True) if att_parts else pd.DataFrame(columns=ATTRIBUTION_TABLE_COLUMNS)
    return spans, profile, att
