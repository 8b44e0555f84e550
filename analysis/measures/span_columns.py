"""The columns of the spans table (:mod:`analysis.measures.spans` documents each one) and its row
type, in a module of their own so that the span rules (:mod:`analysis.measures.loaded_context`) and
the profile read them without importing the spans builder."""

from __future__ import annotations

from collections import namedtuple

__all__ = [
    "SPAN_COLUMNS",
    "SpanRow",
    "LEXICON_OF_CATEGORY",
    "ATTRIBUTION_CATEGORIES",
    "MODEL_CATEGORY",
    "SPAN_CATEGORIES",
    "BIAS_CATEGORY",
]

SPAN_COLUMNS = [
    "doc_id",
    "start",
    "end",
    "text",
    "category",
    "subcategory",
    "entry",
    "lexicon_source",
    "voice",
    "sentence",
    "source_type",
    "probability",
    "context",
]
#: One spans row with named fields (rows of :func:`document_span_rows` are plain tuples in this order).
SpanRow = namedtuple("SpanRow", SPAN_COLUMNS)
#: Span category -> lexicon file name (for the lexicon-based categories).
LEXICON_OF_CATEGORY = {"loaded": "loaded", "hedge": "hedges", "booster": "boosters"}
ATTRIBUTION_CATEGORIES = ("attribution_cue", "source")
MODEL_CATEGORY = "loaded_model"
SPAN_CATEGORIES = tuple(LEXICON_OF_CATEGORY) + (MODEL_CATEGORY,) + ATTRIBUTION_CATEGORIES
#: Category of the sentence-level bias rows: one per sentence, scored in the one pass, not a lexicon
#: or span detector (so not in SPAN_CATEGORIES; see analysis.measures.sentence_bias.sentence_bias_rows).
BIAS_CATEGORY = "sentence_bias"
