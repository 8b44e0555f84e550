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

from functools import lru_cache

import pandas as pd

from analysis.corpus.load import load_seeds

#: Baselines compared by default: all seven, openly licensed first.
DEFAULT_BASELINES = ("wikinews", "whitehouse", "state_dept", "lee", "reuters", "ag_news", "bbc")
#: A quick set for tests and fast notebook runs (small, offline-or-shared, topic-relevant).
FAST_BASELINES = ("lee", "whitehouse")

GROUP_COLUMNS = ["doc_id", "group", "corpus", "genre", "title", "publisher", "date", "text", "words",
                 "sentences", "source_file"]


@lru_cache(maxsize=32)
def _baseline(name: str, topic: bool, data_dir: str | None) -> pd.DataFrame:
    from analysis.corpus.baselines import load_baseline

    return load_baseline(name, data_dir=data_dir, topic="iraq_iran" if topic else None)


def baseline_group(name: str, topic: bool = False, data_dir: str | None = None,
                   max_docs: int | None = None) -> pd.DataFrame:
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


def assemble(baselines=DEFAULT_BASELINES, topic: bool = False, data_dir: str | None = None,
             max_docs: int | None = None, include_seeds: bool = True) -> pd.DataFrame:
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
    frame = frame[[c for c in GROUP_COLUMNS if c in frame.columns]
                  + [c for c in frame.columns if c not in GROUP_COLUMNS]]
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
