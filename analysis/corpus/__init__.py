"""Corpus stage: documents and their sentences, read from files, folders, CSV and JSONL (``load``,
``readers``, ``records``, ``cleaning``, ``text``, ``sentences``), the baseline corpora (``baselines``,
``baseline_readers``) and the study: what is compared with what, and the one assembly of its
documents (``study``).

The names below are this stage's public surface, imported on first use (PEP 562); the modules
behind them are its implementation.
"""

from __future__ import annotations

import importlib

#: public name -> module of this package that defines it
_PUBLIC = {
    "load_corpus": "load",
    "load_seeds": "load",
    "make_documents": "load",
    "sentences_frame": "load",
    "split_sentences": "sentences",
    "document_bounds": "sentences",
    "ensure_bounds": "sentences",
    "count_words": "text",
    "load_baseline": "baselines",
    "available_baselines": "baselines",
    "BaselineUnavailable": "baselines",
    "BASELINES": "baselines",
    "StudySpec": "study",
    "StudyError": "study",
    "study_documents": "study",
    "topic_view": "study",
    "cap_groups": "study",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
