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


def seed_context():
    """The scoring context of the seed study: the publisher aliases its manifest declares
    (``publisher_aliases``), as :func:`analysis.pipeline.study.build_study` builds it."""
    from analysis.corpus.load import load_seeds
    from analysis.measures.context import ScoringContext

    return ScoringContext.create(documents=load_seeds().documents)


def seed_self_names(publisher: str = "National Council of Resistance of Iran (NCRI)") -> tuple[str, ...]:
    """The aliases the seeds' manifest declares for their publisher."""
    return seed_context().self_names(publisher)


def first_documents(per_baseline: int) -> pd.DataFrame:
    """The five seeds (group ``seeds``) and the first ``per_baseline`` documents of each default
    baseline (duplicates and empty documents dropped), in registry order: a fixed set of real texts
    for identity tests, independent of how the package samples groups."""
    from analysis.corpus.baselines import BaselineUnavailable, load_baseline
    from analysis.corpus.load import load_seeds
    from analysis.corpus.study import DEFAULT_BASELINES

    parts = [load_seeds().documents.assign(group="seeds")]
    for name in DEFAULT_BASELINES:
        try:
            docs = load_baseline(name)
        except BaselineUnavailable:
            continue
        if "duplicate_of" in docs.columns:
            docs = docs[docs["duplicate_of"].fillna("") == ""]
        parts.append(docs[docs["words"] > 0].head(per_baseline).assign(group=name))
    return pd.concat(parts, ignore_index=True)
