"""The scorecard's per-document rows for a whole documents frame, in this process or over worker
processes (:func:`score_documents`): contiguous chunks of about equal text length
(:func:`analysis.pipeline.parallel.chunk_bounds`), results in document order
(:func:`analysis.pipeline.parallel.map_ordered`), so
:func:`analysis.compare.scorecard.build_scorecard` builds identical tables whatever the number of
processes."""

from __future__ import annotations

import pandas as pd

from analysis.compare.scorecard_rows import DocumentRows, document_rows

#: A chunk holds at least this many characters of text (about 20,000 words, half a second of
#: scoring): fewer are not worth a worker's start, so small corpora are scored in this process.
MIN_CHUNK_CHARS = 120_000
#: Chunks per process: documents differ a lot in length, several chunks each keep every process busy.
CHUNKS_PER_JOB = 4
_COLUMNS = ("doc_id", "text", "publisher", "title", "publisher_aliases", "sentence_bounds")


def _score_chunk(task: tuple) -> list[DocumentRows]:
    """:func:`document_rows` of every document of ``documents``; ``by_doc``: attribution records
    per doc_id (None: found per document)."""
    from analysis.measures.attributions_table import self_names_of

    documents, by_doc = task

    out = []
    for d in documents.to_dict("records"):
        text = d["text"] if isinstance(d["text"], str) else ""
        pub = d.get("publisher")
        pub = pub if isinstance(pub, str) and pub else None
        title = d.get("title") if isinstance(d.get("title"), str) else None
        doc_id = str(d["doc_id"])
        records = None if by_doc is None else by_doc.get(doc_id, [])
        bounds = d.get("sentence_bounds")
        aliases = self_names_of(d.get("publisher_aliases"))
        out.append(document_rows(text, doc_id, pub, title, records, aliases, bounds))
    return out


def chunks(documents: pd.DataFrame, jobs: int | None = None) -> list[tuple[int, int]]:
    """Contiguous ``(start, end)`` row ranges for :data:`CHUNKS_PER_JOB` chunks per process, by
    text length, none under :data:`MIN_CHUNK_CHARS` characters (one range: score here)."""
    from analysis.pipeline.parallel import available_jobs, chunk_bounds

    n_jobs = available_jobs(jobs)
    if n_jobs <= 1 or len(documents) < 2:
        return [(0, len(documents))]
    sizes = [len(t) if isinstance(t, str) else 0 for t in documents["text"]]
    return chunk_bounds(sizes, n_jobs * CHUNKS_PER_JOB, min_weight=MIN_CHUNK_CHARS)


def score_documents(
    documents: pd.DataFrame, by_doc: dict[str, list[dict]] | None = None, jobs: int | None = None
) -> list[DocumentRows]:
    """The rows of every document of ``documents``, in order. ``jobs``: processes (None:
    :func:`analysis.pipeline.parallel.available_jobs`, ``$FRAMING_JOBS`` or the usable cores; 1:
    this process); a corpus too small for two chunks is scored here."""
    from analysis.pipeline.parallel import map_ordered

    docs = documents[[c for c in _COLUMNS if c in documents.columns]]
    ranges = chunks(docs, jobs)
    if len(ranges) <= 1:
        return _score_chunk((docs, by_doc))
    tasks = []
    for a, b in ranges:
        part = docs.iloc[a:b]
        ids = set(part["doc_id"].astype(str))
        tasks.append((part, None if by_doc is None else {k: v for k, v in by_doc.items() if k in ids}))
    return [rows for chunk in map_ordered(_score_chunk, tasks, jobs) for rows in chunk]
