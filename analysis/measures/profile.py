"""The document profile: one row of framing and sourcing measures per document.

Every rate is per 1,000 words (:func:`analysis.corpus.text.count_words`), every share is between 0 and
1. Lexicon entries marked ``circular`` (written from the texts under study; spans with context
label ``circular``) are not counted in any rate. Definitions (README, "Measures", has the same list):

* ``loaded_per_1k``: the **headline** loaded-language rate: words inside the spans of the validated
  detector (the context model, :mod:`analysis.measures.loaded_model`, trained on SemEval PTC and
  BABE; spans from its calibrated draw threshold) per 1,000 words; ``loaded_authorial_per_1k`` the
  same in the author's own voice (not inside a quotation attributed to someone else). Chosen on
  PTC train by 5-fold CV by article on token F1 and on the rank correlation of the rate with gold
  loaded density (:mod:`analysis.validate.validation_rank`); NaN when the model is unavailable
  (it needs the benchmark folder for the MPQA and Recasens lists). Its named **components**:
* ``loaded_lexicon_per_1k``, ``loaded_lexicon_authorial_per_1k``: loaded-terminology lexicon spans
  (``analysis/lexicons/loaded.csv``, hand + learned entries: entry and citation per span) per
  1,000 words, all and in the author's own voice; ``loaded_<subcategory>_per_1k`` one lexicon rate
  per subcategory;
* ``loaded_model_per_1k``, ``loaded_model_authorial_per_1k``: spans (not words) of the context
  model per 1,000 words, all and in the author's own voice; NaN when the model is unavailable;
* ``<category>_per_1k``: spans of each new category of a user lexicon (``--lexicon FILE``);
* ``bias_sentence_share``: share of sentences the BABE sentence-bias model
  (:mod:`analysis.measures.sentence_bias`; Spinde et al. 2021) calls biased (probability at least its
  cross-validated threshold), read from the ``sentence_bias`` spans rows (one per sentence, with
  the probability); NaN without sentences or without the model files; a column only when the
  ``bias`` analysis is turned on (``--with bias``; figures and reports turn it on);
* ``attributed_sentence_share``: share of sentences with at least one attribution;
* ``attributions``: number of attributions; ``source_<type>_share``: share of attributions whose
  source is of each type (named person, official institution, media outlet,
  anonymous/unverifiable, self-reference, unspecified);
* ``named_sources_distinct``: distinct named sources (persons, institutions, outlets), compared
  case-insensitively; ``named_sources_per_1k`` the same per 1,000 words (a count grows with
  length: compare groups of unequal length on the rate);
* ``hedges_per_1k``, ``boosters_per_1k``: core hedges and boosters only (conditionals such as
  "if"/"would", approximators and "always"/"never" are in the spans table but not counted here,
  :func:`analysis.measures.spans.core_mask`); ``booster_hedge_ratio`` = (boosters + 0.5) /
  (hedges + 0.5), the 0.5 keeps the ratio finite and defined when a text never hedges
  (Haldane 1956 / Anscombe 1956 correction);
* ``quoted_word_share``: share of words inside direct quotations (any speaker);
* ``flesch_reading_ease``, ``flesch_kincaid_grade``, ``gunning_fog``: :mod:`analysis.measures.readability`;
* ``strong_subjective_per_1k``: MPQA strong-subjective clue words per 1,000 words (Wilson, Wiebe &
  Hoffmann 2005), read at run time from the benchmark folder (the list is not ours to
  redistribute); NaN with a warning when the list is not available.
"""

from __future__ import annotations

import pandas as pd

from analysis.corpus.sentences import document_bounds
from analysis.corpus.text import WORD_RE
from analysis.measures.profile_rows import (  # noqa: F401  (the profile's public names, defined there)
    NAMED_TYPES,
    SOURCE_TYPES,
    loaded_subcategories,
    profile_row,
    profile_table,
    strong_subjective_count,
)


def profile_document(
    text: str,
    doc_id: str = "",
    publisher: str | None = None,
    spans: pd.DataFrame | None = None,
    bounds: list[tuple[int, int]] | None = None,
    context=None,
) -> dict:
    """All profile measures of one text (see module docstring); ``spans`` may be precomputed
    (a spans table of this document, as from :func:`analysis.measures.spans.document_spans`);
    ``bounds``: its sentence bounds (split here for a bare text); ``context``: the scoring context."""
    from analysis.corpus.sentences import ensure_bounds
    from analysis.measures.context import DEFAULT_CONTEXT
    from analysis.measures.spans import SPAN_COLUMNS, context_model, document_span_rows, lexicon_matchers

    ctx = context or DEFAULT_CONTEXT
    bounds = ensure_bounds(text, bounds)
    if spans is None:
        rows = document_span_rows(
            text,
            doc_id=doc_id,
            sentence_bounds=bounds,
            publisher=publisher,
            matchers=lexicon_matchers(ctx),
            self_names=ctx.self_names(publisher),
        )
    else:
        rows = list(spans[SPAN_COLUMNS].itertuples(index=False, name=None))
    has_model = context_model() is not None
    return profile_row(text, doc_id, bounds, rows, ctx.loaded_subcategories(), has_model, tuple(ctx.extra_categories()))


#: A corpus of at least this many words is profiled on every core (``jobs``); smaller ones here.
PARALLEL_MIN_WORDS = 200_000


def profile_frame(
    documents: pd.DataFrame,
    spans: pd.DataFrame | None = None,
    bounds: list | None = None,
    jobs: int | None = None,
    context=None,
) -> pd.DataFrame:
    """One profile row per document of a documents frame (doc_id, text, publisher, ...), with the
    documents' corpus and genre columns kept for grouping. ``spans`` (a spans table of these
    documents) is used when given; otherwise each document is scored on the way
    (:func:`analysis.measures.document_scores.score_rows`, without building the spans table), and a
    corpus of at least :data:`PARALLEL_MIN_WORDS` words is cut into contiguous chunks scored in
    ``jobs`` processes (default :func:`analysis.pipeline.parallel.available_jobs`;
    ``FRAMING_JOBS=1`` or ``jobs=1``: this process only), with the same rows in the same order.
    ``bounds``: each document's sentence bounds (default: the documents' ``sentence_bounds``,
    :func:`analysis.corpus.sentences.document_bounds`); ``context``: the scoring context (default:
    none but the aliases the documents declare)."""
    from analysis.measures.context import context_for
    from analysis.measures.span_columns import BIAS_CATEGORY
    from analysis.measures.spans import SPAN_COLUMNS, context_model

    ctx = context_for(documents, context)
    all_bounds = document_bounds(documents) if bounds is None else bounds
    if spans is not None:
        subcats, has_model, extra = (
            ctx.loaded_subcategories(),
            context_model() is not None,
            tuple(ctx.extra_categories()),
        )
        has_bias = bool((spans["category"] == BIAS_CATEGORY).any())  # the table carries the sentence rows
        bias_only = ("bias",) if has_bias or "bias" in ctx.analyses else ()
        by_doc: dict = {}
        for r in spans[SPAN_COLUMNS].itertuples(index=False, name="SpanRow"):
            by_doc.setdefault(r.doc_id, []).append(r)
        rows = []
        for doc_id, text, b in zip(documents["doc_id"], documents["text"], all_bounds):
            text = text if isinstance(text, str) else ""
            rows.append(
                profile_row(
                    text, doc_id, b, by_doc.get(doc_id, []), subcats, has_model, extra, bias_only, None, has_bias
                )
            )
        return profile_table(documents, rows)
    from analysis.pipeline.parallel import available_jobs, chunk_bounds, map_ordered

    n_jobs = available_jobs(jobs)
    ranges = [(0, len(documents))]
    if n_jobs > 1 and len(documents) > 1:
        words = [len(WORD_RE.findall(t)) if isinstance(t, str) else 0 for t in documents["text"]]
        if sum(words) >= PARALLEL_MIN_WORDS:
            ranges = chunk_bounds(words, 4 * n_jobs)  # a few chunks per process: an even finish
    cols = [c for c in ("doc_id", "text", "publisher") if c in documents.columns]
    tasks = [(documents.iloc[a:b][cols], all_bounds[a:b], ctx) for a, b in ranges]
    rows = [row for part in map_ordered(_profile_rows, tasks, n_jobs if len(ranges) > 1 else 1) for row in part]
    return profile_table(documents, rows)


def _profile_rows(task: tuple) -> list[dict]:
    """The profile rows of one chunk ``(documents, bounds, context)`` (a worker task)."""
    from analysis.measures.document_scores import score_rows

    documents, bounds, context = task
    return score_rows(documents, bounds, context)[1]


def measure_columns(profile: pd.DataFrame) -> list[str]:
    """The numeric measure columns of a profile frame (not ids, counts of words or sentences)."""
    skip = {"words", "sentences", "attributions"}
    return [c for c in profile.columns if c not in skip and pd.api.types.is_numeric_dtype(profile[c])]
