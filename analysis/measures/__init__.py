"""Measures stage: the spans and attributions tables, readability, the per-document profile, and
the run-time models they use. Everything scoring reads besides a document travels in a
:class:`~analysis.measures.context.ScoringContext` (``context``); ``document_scores`` is the one pass
over a document (spans, profile row, attribution records). Run-time code here imports nothing from
``analysis.training`` or ``analysis.validate``.

The names below are this stage's public surface, imported on first use (PEP 562); the modules
behind them are its implementation.
"""

from __future__ import annotations

import importlib

#: public name -> module of this package that defines it
_PUBLIC = {
    "ScoringContext": "context",
    "score_documents": "document_scores",
    "score_rows": "document_scores",
    "corpus_spans": "spans",
    "document_spans": "spans",
    "SPAN_COLUMNS": "span_columns",
    "find_attributions": "attribution",
    "attribution_records": "attribution",
    "classify_source": "source_types",
    "attributions_table": "attributions_table",
    "ATTRIBUTION_TABLE_COLUMNS": "attributions_table",
    "find_quotations": "quotes",
    "quoted_voice_regions": "quotes",
    "readability": "readability",
    "profile_frame": "profile",
    "profile_document": "profile",
    "load_lexicon": "lexicon",
    "load_context_model": "loaded_model",
    "tag_document": "attribution_tagger",
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
