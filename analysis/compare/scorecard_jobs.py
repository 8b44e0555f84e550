"""The scorecard's per-document rows for a whole documents frame, in this process or split into
contiguous chunks over worker processes (:func:`score_documents`). The rows are the same either way
and come back in document order, so :func:`analysis.compare.scorecard.build_scorecard` builds
identical tables whatever the number of workers."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

import pandas as pd

from analysis.compare.scorecard_rows import DocumentRows, document_rows

#: Fewer documents than this per worker are scored in this process (a worker's start costs more).
MIN_DOCS_PER_JOB = 100
#: Chunks per worker: documents differ a lot in length, so several chunks each keep workers busy.
CHUNKS_PER_JOB = 4
_COLUMNS = ("doc_id", "text", "publisher", "title", "publisher_aliases")


def _score_chunk(documents: pd.DataFrame, by_doc: dict[str, list[dict]] | None) -> list[DocumentRows]:
    """:func:`document_rows` of every document of ``documents``; ``by_doc``: attribution records
    per doc_id (None: found per document)."""
    from analysis.measures.attributions_table import self_names_of

    out = []
    for d in documents.to_dict("records"):
        text = d["text"] if isinstance(d["text"], str) else ""
        pub = d.get("publisher")
        pub = pub if isinstance(pub, str) and pub else None
        title = d.get("title") if isinstance(d.get("title"), str) else None
        doc_id = str(d["doc_id"])
        records = None if by_doc is None else by_doc.get(doc_id, [])
        out.append(document_rows(text, doc_id, pub, title, records, self_names_of(d.get("publisher_aliases"))))
    return out


def _worker(documents: pd.DataFrame, by_doc: dict[str, list[dict]] | None) -> list[DocumentRows]:
    """:func:`_score_chunk` in a worker process, after registering the chunk's publisher aliases
    (self-reference names are process state, absent from a freshly spawned worker)."""
    from analysis.measures.source_types import use_publisher_aliases

    use_publisher_aliases(documents)
    return _score_chunk(documents, by_doc)


def _context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def workers(n_documents: int, jobs: int | None = None) -> int:
    """Worker processes for ``n_documents``: ``jobs`` (None: the usable cores), at most one per
    :data:`MIN_DOCS_PER_JOB` documents; 1 means this process."""
    if jobs is None:
        jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(int(jobs), n_documents // MIN_DOCS_PER_JOB))


def score_documents(documents: pd.DataFrame, by_doc: dict[str, list[dict]] | None = None,
                    jobs: int | None = None) -> list[DocumentRows]:
    """The rows of every document of ``documents`` in order (see :func:`workers` for ``jobs``)."""
    docs = documents[[c for c in _COLUMNS if c in documents.columns]]
    n_workers = workers(len(docs), jobs)
    if n_workers == 1:
        return _score_chunk(docs, by_doc)
    n_chunks = min(len(docs), n_workers * CHUNKS_PER_JOB)
    edges = [round(k * len(docs) / n_chunks) for k in range(n_chunks + 1)]
    chunks = [docs.iloc[a:b] for a, b in zip(edges, edges[1:])]
    parts = []
    for chunk in chunks:
        ids = set(chunk["doc_id"].astype(str))
        parts.append(None if by_doc is None else {k: v for k, v in by_doc.items() if k in ids})
    with ProcessPoolExecutor(max_workers=n_workers, mp_context=_context()) as pool:
        results = pool.map(_worker, chunks, parts)
        return [rows for chunk_rows in results for rows in chunk_rows]
