"""Score a study's documents once: spans, profile, attributions and (with the agency analysis)
harm-events tables, in cached chunks, on every core.

The documents are cut into chunks of about :data:`CHUNK_WORDS` words inside each group. Each
chunk is scored by :func:`analysis.measures.document_scores.score_documents` and stored as
Parquet tables (:func:`analysis.pipeline.store.write_tables`) under a key over its documents'
cells, their sentence bounds, the scoring context (user lexicon bytes, declared aliases), the gold
files the context model reads and the package code, so a study that changes only its parameters
(reference group, topic terms, pairs) reuses every score. Chunks not in the cache are scored on
every core (:func:`analysis.pipeline.parallel.map_ordered`); the scoring context travels with each
task. Concatenated in document order, the tables equal those of one serial
:func:`~analysis.measures.document_scores.score_documents` call over all documents (a test checks this).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["CHUNK_WORDS", "TABLES", "score_study"]

#: About this many words per cached and parallel chunk (a few seconds of scoring).
CHUNK_WORDS = 60_000
#: The tables of a scored chunk, in the order :func:`score_study` returns them.
TABLES = ("spans", "profile", "attributions", "harm_events", "roles")


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


def _score_chunk(task: tuple) -> tuple[pd.DataFrame, ...]:
    """One worker task: ``(documents, bounds, context)`` -> its tables (:data:`TABLES`)."""
    from analysis.measures.document_scores import score_documents

    docs, bounds, context = task
    return score_documents(docs, bounds, context)


def score_study(
    docs: pd.DataFrame,
    bounds: list,
    context,
    group_col: str | None = "group",
    use_cache: bool = True,
    jobs: int | None = None,
    progress=None,
) -> tuple[pd.DataFrame, ...]:
    """``(spans, profile, attributions, harm_events, roles)`` of ``docs`` with their sentence ``bounds`` under the
    scoring ``context`` (:class:`analysis.measures.context.ScoringContext`), chunk by chunk: cached
    chunks are read, the others scored on every core (``jobs`` processes, default
    :func:`analysis.pipeline.parallel.available_jobs`). ``progress(done_words, total_words)`` is
    called after the cached chunks are read and after each batch of new ones."""
    from analysis.measures.document_scores import score_documents
    from analysis.pipeline.cache import content_key, gold_fingerprint, results_dir
    from analysis.pipeline.parallel import available_jobs, map_ordered
    from analysis.pipeline.store import read_tables, write_tables

    if not len(docs):
        return score_documents(docs, bounds, context)
    cols = [
        c
        for c in ("doc_id", "text", "publisher", "corpus", "genre", "title", "publisher_aliases", "date")
        if c in docs.columns
    ]
    ranges = _chunks(docs, group_col)
    words = docs["words"].fillna(0).to_numpy() if "words" in docs.columns else np.zeros(len(docs))
    tasks, folders, sizes = [], [], []
    gold = gold_fingerprint()
    for a, b in ranges:
        part = docs.iloc[a:b][cols].reset_index(drop=True)
        part_bounds = list(bounds[a:b])
        flat = np.array([(k, s, e) for k, doc in enumerate(part_bounds) for s, e in doc], dtype=np.int64)
        tasks.append((part, part_bounds, context))
        folders.append(results_dir() / f"scores-{content_key('scores', part, flat, context.key, gold)}")
        sizes.append(int(words[a:b].sum()))
    total = int(sum(sizes))
    results: list = [None] * len(tasks)
    todo = []
    for i, folder in enumerate(folders):
        hit = read_tables(folder, TABLES) if use_cache else None
        if hit is None:
            todo.append(i)
        else:
            results[i] = tuple(hit[t] for t in TABLES)
    done = total - sum(sizes[i] for i in todo)
    if progress is not None:
        progress(done, total)
    n_jobs = available_jobs(jobs)
    step = max(1, 2 * n_jobs)  # batches of a few chunks per process, so progress can be reported
    for k in range(0, len(todo), step):
        batch = todo[k : k + step]
        for i, value in zip(batch, map_ordered(_score_chunk, [tasks[i] for i in batch], n_jobs)):
            results[i] = value
            if use_cache:
                write_tables(folders[i], dict(zip(TABLES, value)))
        done += sum(sizes[i] for i in batch)
        if progress is not None:
            progress(done, total)
    return tuple(_concat([r[j] for r in results]) for j in range(len(TABLES)))


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Chunks' tables in order; the empty ones only give the columns (no all-NA dtype surprises)."""
    kept = [f for f in frames if len(f)]
    if not kept:
        return frames[0].iloc[:0].reset_index(drop=True)
    return pd.concat(kept, ignore_index=True)
