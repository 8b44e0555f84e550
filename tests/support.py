"""Helpers shared by several test modules (importable because pytest puts tests/ on sys.path)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

#: Record fields written for streaming; publisher_aliases carries the seeds' declared self-reference
#: names (their manifest) to every worker that scores a record.
STREAM_FIELDS = ["doc_id", "title", "publisher", "publisher_aliases", "date", "corpus", "genre", "text"]


def seeds_and_lee(lee_rows: slice) -> pd.DataFrame:
    """The five seeds plus a slice of the offline Lee news corpus (gensim ships it)."""
    from analysis.corpus.baselines import BaselineUnavailable, load_baseline
    from analysis.corpus.load import load_seeds

    parts = [load_seeds().documents]
    try:
        parts.append(load_baseline("lee").iloc[lee_rows])
    except BaselineUnavailable:  # pragma: no cover - gensim ships Lee; seeds alone still test it
        pass
    return pd.concat(parts, ignore_index=True)


def write_jsonl(docs: pd.DataFrame, path: Path) -> Path:
    """Write documents as JSONL records with the streaming fields."""
    with path.open("w", encoding="utf-8") as fh:
        for rec in docs.reindex(columns=STREAM_FIELDS).fillna("").to_dict("records"):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path
