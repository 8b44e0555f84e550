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
    from analysis.corpus.sentences import ensure_bounds
    from analysis.measures.attribution import attribution_records_many
    from analysis.measures.attribution_tagger_fast import DocumentArrays
    from analysis.measures.context import context_for
    from analysis.measures.profile_rows import profile_row
    from analysis.measures.sentence_bias import (
        chunk_bias_probabilities,
        sentence_bias_rows,
        shipped_sentence_bias,
        with_bias_rows,
    )
    from analysis.measures.spans import (
        chunk_model_scores,
        context_model,
        document_span_rows,
        lexicon_matchers,
        normalise_publisher,
    )

    ctx = context_for(docs, context)
    subcats, extra = ctx.loaded_subcategories(), tuple(ctx.extra_categories())
    matchers = lexicon_matchers(ctx)
    has_model = context_model() is not None
    bias_model = shipped_sentence_bias() if "bias" in ctx.analyses else None
    publishers = docs["publisher"] if "publisher" in docs.columns else [None] * len(docs)
    span_rows: list[tuple] = []
    profile_rows: list[dict] = []
    records: list[dict] = []
    events: list[dict] = []
    roles: list[dict] = []
    analyses = ctx.analyses
    texts = [t if isinstance(t, str) else "" for t in docs["text"]]
    publishers = [normalise_publisher(p) for p in publishers]
    doc_ids = list(docs["doc_id"])
    for lo, hi in _batches(texts):
        # the batch's detectors that score many documents at once: sentence bias, context model,
        # attribution records (the tagger's forward-backward pass over every sentence of the batch)
        part = texts[lo:hi]
        part_bounds = [ensure_bounds(t, b) if t else b for t, b in zip(part, bounds[lo:hi])]
        # each document's WORD_RE tokens, split once for the tagger and the context model
        arrays = [DocumentArrays(t, b) for t, b in zip(part, part_bounds) if t]
        tokens = iter([(d.words, d.starts.tolist(), d.ends.tolist()) for d in arrays])
        bias_p = chunk_bias_probabilities(part, bounds[lo:hi], bias_model)
        model_scores = chunk_model_scores(part, matchers, tokens=[next(tokens) if t else ([], [], []) for t in part])
        found_all = attribution_records_many(
            [(t, b, p, ctx.self_names(p)) for t, b, p in zip(part, part_bounds, publishers[lo:hi]) if t],
            arrays=arrays,
        )[::-1]
        for doc_id, text, pub, b, bp, ms in zip(
            doc_ids[lo:hi], part, publishers[lo:hi], bounds[lo:hi], bias_p, model_scores
        ):
            found: list[dict] = found_all.pop() if text else []
            extras: dict[str, list] = {"harm_events": [], "roles": []}
            rows = document_span_rows(
                text,
                doc_id=doc_id,
                sentence_bounds=b,
                publisher=pub,
                matchers=matchers,
                self_names=ctx.self_names(pub),
                analyses=analyses,
                extras_out=extras,
                model_scores=ms,
                attributions=found,
            )
            if bias_model is not None:
                rows = with_bias_rows(rows, sentence_bias_rows(text, doc_id, b, bias_model, bp))
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
            records += [{"doc_id": str(doc_id), **r} for r in found]
            events += [{"doc_id": str(doc_id), **e} for e in extras["harm_events"]]
            roles += extras["roles"]
    return span_rows, profile_rows, records, events, roles


#: Characters of text scored as one batch by the detectors that take many documents at once (about
#: 60,000 words: the call overhead is paid once per batch, the arrays stay a few MB).
BATCH_CHARS = 400_000


def _batches(texts: list[str]) -> list[tuple[int, int]]:
    """``(start, stop)`` index ranges of consecutive texts of about :data:`BATCH_CHARS` characters."""
    out, lo, size = [], 0, 0
    for i, t in enumerate(texts):
        size += len(t)
        if size >= BATCH_CHARS:
            out.append((lo, i + 1))
            lo, size = i + 1, 0
    if lo < len(texts):
        out.append((lo, len(texts)))
    return out


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
