"""Score documents in one pass: each document's spans, profile row and attribution records.

This is the one per-document scoring loop. Each document's attributions are found once
(:func:`analysis.measures.spans.document_span_rows` hands its records on) and its profile row is
read from its span rows (:func:`analysis.measures.profile_rows.profile_row`), so the three tables agree
by construction. The study pipeline (:mod:`analysis.pipeline.scoring`: chunks, cache, every core)
and :func:`analysis.measures.profile.profile_frame` both score through here, with the study's
:class:`analysis.measures.context.ScoringContext` passed in, never read from process state.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["score_rows", "score_documents", "events_frame", "roles_frame"]


def score_rows(
    docs: pd.DataFrame, bounds: list, context=None
) -> tuple[list[tuple], list[dict], list[dict], list[dict], list[dict]]:
    """``(span rows, profile rows, attribution records, harm events, roles)`` of ``docs`` (columns doc_id, text and
    optionally publisher) with their sentence ``bounds``, in document order: span rows are
    :class:`analysis.measures.span_columns.SpanRow` tuples, profile rows dicts, attribution records
    dicts with ``doc_id`` first, harm events (with the ``agency`` analysis) and narrative roles
    (with ``roles``) dicts with ``doc_id`` first. ``context``: the scoring context (default: none but the aliases ``docs`` declare; its
    ``analyses`` say which framing analyses run, :mod:`analysis.measures.extras`)."""
    from analysis.measures.context import context_for
    from analysis.measures.profile_rows import profile_row
    from analysis.measures.sentence_bias import sentence_bias_rows, shipped_sentence_bias, with_bias_rows
    from analysis.measures.spans import context_model, document_span_rows, lexicon_matchers, scored_batches

    ctx = context_for(docs, context)
    subcats, extra = ctx.loaded_subcategories(), tuple(ctx.extra_categories())
    matchers = lexicon_matchers(ctx)
    has_model = context_model() is not None
    bias_model = shipped_sentence_bias() if "bias" in ctx.analyses else None
    span_rows: list[tuple] = []
    profile_rows: list[dict] = []
    records: list[dict] = []
    events: list[dict] = []
    roles: list[dict] = []
    analyses = ctx.analyses
    for doc in scored_batches(docs, bounds, ctx, matchers, bias_model):
        text, doc_id, b, ms = doc.text, doc.doc_id, doc.bounds, doc.model_scores
        extras: dict[str, list] = {"harm_events": [], "roles": []}
        rows = document_span_rows(
            text,
            doc_id=doc_id,
            sentence_bounds=b,
            publisher=doc.publisher,
            matchers=matchers,
            self_names=ctx.self_names(doc.publisher),
            analyses=analyses,
            extras_out=extras,
            model_scores=ms,
            attributions=doc.attributions,
        )
        if bias_model is not None:
            rows = with_bias_rows(rows, sentence_bias_rows(text, doc_id, b, bias_model, doc.bias))
        span_rows += rows
        profile_rows.append(
            profile_row(
                text,
                doc_id,
                b,
                rows,
                subcats,
                has_model,
                extra,
                analyses,
                extras["harm_events"],
                bias_model is not None,
                len(ms[0]) if ms is not None else None,  # the context model's WORD_RE tokens
            )
        )
        records += [{"doc_id": str(doc_id), **r} for r in doc.attributions]
        events += [{"doc_id": str(doc_id), **e} for e in extras["harm_events"]]
        roles += extras["roles"]
    return span_rows, profile_rows, records, events, roles


def score_documents(
    docs: pd.DataFrame, bounds: list, context=None
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """``(spans, profile, attributions, harm_events, roles)`` tables of ``docs`` (see :func:`score_rows`):
    the spans table (:data:`analysis.measures.span_columns.SPAN_COLUMNS`), the profile
    (:func:`analysis.measures.profile.profile_table`), the attributions table
    (:data:`analysis.measures.attributions_table.ATTRIBUTION_TABLE_COLUMNS`) and the harm events
    (``doc_id`` and :data:`analysis.measures.agency.EVENT_COLUMNS`; empty unless the ``agency``
    analysis is on) and the roles (:data:`analysis.measures.roles.ROLE_COLUMNS`; empty unless the
    ``roles`` analysis is on)."""
    from analysis.measures.attributions_table import attributions_frame
    from analysis.measures.profile_rows import profile_table
    from analysis.measures.spans import spans_frame

    span_rows, profile_rows, records, events, roles = score_rows(docs, bounds, context)
    return (
        spans_frame(span_rows),
        profile_table(docs, profile_rows),
        attributions_frame(records),
        events_frame(events),
        roles_frame(roles),
    )


def events_frame(events: list[dict]) -> pd.DataFrame:
    """The harm-events table of harm-event dicts (``doc_id`` first)."""
    from analysis.measures.agency import EVENT_COLUMNS

    columns = ["doc_id", *EVENT_COLUMNS]
    return pd.DataFrame(events, columns=columns) if events else pd.DataFrame(columns=columns)


def roles_frame(roles: list[dict]) -> pd.DataFrame:
    """The roles table of role dicts (:data:`analysis.measures.roles.ROLE_COLUMNS`)."""
    from analysis.measures.roles import ROLE_COLUMNS

    return pd.DataFrame(roles, columns=ROLE_COLUMNS) if roles else pd.DataFrame(columns=ROLE_COLUMNS)
