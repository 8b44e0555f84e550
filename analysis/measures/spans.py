"""The spans table: every lexicon and attribution match of a document, with offsets and voice.

One row per span, columns :data:`SPAN_COLUMNS`:

``doc_id``
    the document.
``start``, ``end``, ``text``
    character offsets into the document text (``end`` exclusive) and ``text[start:end]``.
``category``
    ``loaded``, ``hedge``, ``booster`` (from :mod:`analysis.measures.lexicon`), ``attribution_cue`` or
    ``source`` (from :func:`analysis.measures.attribution.find_attributions`); with the framing
    analyses a study turns on (:mod:`analysis.measures.extras`), ``technique`` (subcategory = the
    PTC technique, ``entry`` = its family, ``probability`` = the detector's score) and
    ``harm_event`` (subcategory = active, passive_with_agent, agentless_passive or nominal,
    ``entry`` = the harm word's lemma, ``source_type`` = the agent's type).
    ``sentence_bias``: one row per sentence with the BABE sentence-bias probability in ``probability``
    (subcategory ``biased`` / ``not_biased``; :func:`analysis.measures.sentence_bias.sentence_bias_rows`),
    added by the one scoring pass, :func:`corpus_spans` and :func:`document_spans` when the study
    or context turns on the ``bias`` analysis (``--with bias``; all categories asked for; not by
    :func:`document_span_rows`: the pass adds them per chunk).
``subcategory``
    the lexicon subcategory (``pejorative_label``, ``modal`` ...); for ``attribution_cue`` the cue
    subcategory (``reporting_verb``, ``prepositional`` ...); for ``source`` ``direct`` (its content
    is a direct quotation) or ``indirect``.
``entry``
    the lexicon term that matched (for regex entries, the pattern); for ``attribution_cue`` the cue
    entry; for ``source`` the source phrase lower-cased with whitespace collapsed (so distinct
    sources can be counted).
``lexicon_source``
    the citation of the entry (the lexicon's ``source`` column); for cues the cue lexicon's
    citation; for sources ``analysis.measures.attribution: <source_type_rule>``.
``voice``
    ``quoted`` inside a direct quotation attributed to someone other than the publisher, else
    ``authorial`` (:func:`analysis.measures.quotes.quoted_voice_regions`, :func:`analysis.measures.quotes.voice_of`);
    a loaded span in a reported official designation ("designated ... a terrorist organisation")
    has voice ``reported_designation`` (:mod:`analysis.measures.loaded_context`, whose rules also drop
    sport-result uses such as "massacred Leeds 6-0").
``sentence``
    index into the sentence bounds (``-1`` if a span starts outside every sentence).
``source_type``
    for ``source`` rows the source type (``named_person``, ``official_institution`` ...), else "".
``probability``
    for ``loaded_model`` rows the model's probability of the span (the largest token probability
    in it), else NaN.
``context``
    context labels of a lexicon match, ``;``-separated: ``circular`` (an entry written from the
    texts under study, :mod:`analysis.measures.lexicon` column ``circular``; left out of profile rates) and
    the labels of :mod:`analysis.measures.loaded_context` (``negated``, ``scare_quoted``, ``so_called``), else "".

Loaded language comes from two detectors, kept apart so every span says where it came from:
``loaded`` rows are hand-lexicon matches (entry + citation; high precision), ``loaded_model``
rows are spans of the context model (:mod:`analysis.measures.loaded_model`; ``entry`` = the model's
name, ``lexicon_source`` = its training data, ``probability``). The two may overlap; "what the
spans table marks loaded" is their union. The model needs the benchmark folder (MPQA and Recasens
lists are features); without it there are no ``loaded_model`` rows.

Lexicon spans of different lexicons may overlap (a word can be a hedge and an attribution cue:
"claimed"); within one lexicon they never do. Each attribution gives exactly one
``attribution_cue`` row and, when it has an explicit source, one ``source`` row, so counts of cue
rows are counts of attributions.

Non-core hedge and booster subcategories (conditional "if"/"would", approximators, "always"/
"never"; :data:`analysis.measures.lexicon.NON_CORE_SUBCATEGORIES`) are in the table; filter them with
:func:`analysis.measures.lexicon.is_core` (or :func:`core_mask`) before computing headline rates.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pandas as pd

from analysis.measures.lexicon import NON_CORE_SUBCATEGORIES
from analysis.measures.span_columns import (
    LEXICON_OF_CATEGORY,
    MODEL_CATEGORY,
    SPAN_CATEGORIES,
    SPAN_COLUMNS,
    SpanRow,
)

_INT_COLUMNS = ("start", "end", "sentence")


def empty_spans() -> pd.DataFrame:
    """A spans table with no rows and the right columns and dtypes."""
    df = pd.DataFrame(
        {
            c: pd.Series(dtype="int64" if c in _INT_COLUMNS else ("float64" if c == "probability" else "object"))
            for c in SPAN_COLUMNS
        }
    )
    return df


def _check_categories(categories: Iterable[str] | None, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The requested span categories (default: all, with the ``extra`` categories of user
    lexicons); ValueError for an unknown one."""
    known = SPAN_CATEGORIES + tuple(extra)
    if categories is None:
        return known
    if isinstance(categories, str):
        categories = [categories]
    cats = tuple(dict.fromkeys(categories))
    bad = [c for c in cats if c not in known]
    if bad:
        raise ValueError(f"unknown span categories {bad}; choose from {known}")
    return cats


def _sentence_index(starts: np.ndarray, bounds: list[tuple[int, int]]) -> np.ndarray:
    """For each span start, the index of the sentence containing it, else -1."""
    if not len(bounds) or not len(starts):
        return np.full(len(starts), -1, dtype="int64")
    b = np.asarray(bounds, dtype="int64")
    idx = np.searchsorted(b[:, 0], starts, side="right") - 1
    ok = (idx >= 0) & (starts < b[np.clip(idx, 0, None), 1])
    return np.where(ok, idx, -1).astype("int64")


@lru_cache(maxsize=1)
def _cue_citations() -> dict[str, str]:
    """Cue entry -> citation, from the attribution cue lexicon (empty if unavailable)."""
    try:
        from analysis.measures.attribution_cues import CUES_CSV

        df = pd.read_csv(CUES_CSV, dtype=str, keep_default_na=False)
        return dict(zip(df["term"], df["source"]))
    except Exception:  # pragma: no cover - the cue lexicon is another module's business
        return {}


@lru_cache(maxsize=16)
def _entry_columns(matcher) -> tuple[list, list, list, list]:
    """term, subcategory, source and context label ("circular" or "") of every entry of a
    (cached, immutable) matcher."""
    f = matcher.frame
    circ = f["circular"].eq("yes").map({True: "circular", False: ""}).tolist() if "circular" in f else [""] * len(f)
    return tuple(f[c].tolist() for c in ("term", "subcategory", "source")) + (circ,)


def lexicon_matchers(context=None) -> dict:
    """Span category -> its compiled matcher, as the scoring ``context``
    (:class:`analysis.measures.context.ScoringContext`; default: no user lexicon) sees the lexicons:
    the shipped ones with its user entries merged in, one per extra user category; also
    ``loaded_model`` -> the context model, or None when it is unavailable. Looked up once for a
    whole corpus rather than once per document."""
    from analysis.measures.context import DEFAULT_CONTEXT

    out = (context or DEFAULT_CONTEXT).matchers()
    out[MODEL_CATEGORY] = context_model()
    return out


def context_model():
    """The loaded-language context model (:func:`analysis.measures.loaded_model.load_context_model`), or
    None when its files or the published lists it reads are missing."""
    from analysis.measures.loaded_model import context_model_available, load_context_model

    return load_context_model() if context_model_available() else None


_NAN = float("nan")


def _lexicon_rows(text: str, category: str, matcher) -> list[tuple]:
    m = matcher
    terms, subs, sources, circ = _entry_columns(m)
    return [(s, e, t, category, subs[i], terms[i], sources[i], "", _NAN, circ[i]) for s, e, t, i in m.finditer(text)]


#: A model span that is a web address or handle ("pic.twitter.com", "www.x.org", "@user") is not
#: language: never drawn or counted as loaded (PTC articles end in such links; the model once gave
#: "pic.twitter.com" 0.93).
_URL_SPAN = re.compile(r"https?:|www\.|\.(?:com|org|net|gov|edu|co|uk|ly)\b|@\w", re.IGNORECASE)


def _model_rows(text: str, model, bounds, scores: tuple | None = None) -> list[tuple]:
    """The context model's spans (:meth:`analysis.measures.loaded_model.ContextModel.spans`: spans
    start at the calibrated draw threshold, so none below it), web addresses left out. ``scores``:
    the model's ``(tokens, probabilities)`` of ``text`` when already computed."""
    from analysis.measures.loaded_model import MODEL_LABEL, MODEL_STEM

    src = "model: " + model.meta.get("citation", MODEL_STEM)
    found = model.spans(text, bounds) if scores is None else model.decode(*scores)
    return [
        (s, e, text[s:e], MODEL_CATEGORY, MODEL_LABEL, MODEL_STEM, src, "", round(p, 4), "")
        for s, e, p in found
        if not _URL_SPAN.search(text, s, e)
    ]


def chunk_model_scores(texts: list[str], matchers: dict, categories=None, tokens: list | None = None) -> list:
    """The context model's ``(tokens, probabilities)`` of every text, scored in one batch
    (:meth:`analysis.measures.loaded_model.ContextModel.many_token_probabilities`), or a None per
    text when the model is absent or not asked for (then each document is scored on its own).
    ``tokens``: each text's WORD_RE ``(words, starts, ends)``, when at hand."""
    model = matchers.get(MODEL_CATEGORY)
    if model is None or (categories is not None and MODEL_CATEGORY not in categories):
        return [None] * len(texts)
    return model.many_token_probabilities(texts, tokens)


def _attribution_rows(
    text: str, attributions: pd.DataFrame | list[dict] | None, categories: tuple[str, ...]
) -> list[tuple]:
    rows: list[tuple] = []
    if attributions is None or not len(attributions):
        return rows
    if isinstance(attributions, pd.DataFrame):
        attributions = attributions.to_dict("records")
    cites = _cue_citations()
    for a in attributions:
        if "attribution_cue" in categories and a["cue_start"] >= 0:
            s, e = int(a["cue_start"]), int(a["cue_end"])
            rows.append(
                (
                    s,
                    e,
                    text[s:e],
                    "attribution_cue",
                    a.get("cue_subcategory", "") or "",
                    a["cue_entry"],
                    cites.get(a["cue_entry"], "analysis.measures.attribution cue lexicon"),
                    "",
                    _NAN,
                    "",
                )
            )
        if "source" in categories and a["source_start"] >= 0:
            s, e = int(a["source_start"]), int(a["source_end"])
            src = text[s:e]
            rows.append(
                (
                    s,
                    e,
                    src,
                    "source",
                    "direct" if bool(a["direct"]) else "indirect",
                    " ".join(src.lower().split()),
                    f"analysis.measures.attribution: {a.get('source_type_rule', '')}".rstrip(": "),
                    a["source_type"],
                    _NAN,
                    "",
                )
            )
    return rows


_CATEGORY_ORDER = {c: i for i, c in enumerate(SPAN_CATEGORIES)}


def _order(cat: str) -> int:
    return _CATEGORY_ORDER.get(cat, len(_CATEGORY_ORDER))


def document_span_rows(
    text: str,
    doc_id: str = "",
    sentence_bounds: list[tuple[int, int]] | None = None,
    publisher: str | None = None,
    categories: Iterable[str] | None = None,
    matchers: dict | None = None,
    records_out: list | None = None,
    self_names: tuple[str, ...] = (),
    analyses: tuple[str, ...] = (),
    extras_out: dict | None = None,
    model_scores: tuple | None = None,
    attributions: list[dict] | None = None,
) -> list[tuple]:
    """The rows of :func:`document_spans` as :class:`SpanRow` tuples (:data:`SPAN_COLUMNS` order), in the same
    order, without pandas (the per-document fast path of the profile and of
    :func:`corpus_spans`). ``matchers`` (from :func:`lexicon_matchers`) saves the per-document
    matcher lookup in a loop over a corpus. ``records_out``: a list that receives the document's
    attribution records (:func:`analysis.measures.attribution.attribution_records`, found on the
    way), so the attributions table needs no second pass. ``self_names``: the aliases declared for
    the publisher (:meth:`analysis.measures.context.ScoringContext.self_names`). ``analyses``: the
    framing analyses turned on (:mod:`analysis.measures.extras`: technique, harm-event and role
    spans); ``extras_out`` (a dict of lists) receives their rows (``harm_events``, ``roles``).
    ``model_scores``: the context model's ``(tokens, probabilities)`` of ``text``, when a caller
    scored a batch of documents at once (:func:`chunk_model_scores`); ``attributions``: the
    document's attribution records when found for a batch
    (:func:`analysis.measures.attribution.attribution_records_many`)."""
    if matchers is None:
        matchers = lexicon_matchers()
    cats = _check_categories(categories, tuple(c for c in matchers if c not in SPAN_CATEGORIES))
    if not text:
        return []
    from analysis.corpus.sentences import ensure_bounds
    from analysis.measures.attribution import attribution_records
    from analysis.measures.quotes import quoted_voice_regions, voice_of

    sentence_bounds = ensure_bounds(text, sentence_bounds)
    if attributions is None:
        attributions = attribution_records(text, sentence_bounds, publisher=publisher, self_names=self_names)
    if records_out is not None:
        records_out.extend(attributions)
    rows: list[tuple] = []
    for c in cats:
        if c in LEXICON_OF_CATEGORY:
            rows += _lexicon_rows(text, c, matchers[c])
        elif c not in SPAN_CATEGORIES:  # a category of a user lexicon (in the context's matchers)
            rows += _lexicon_rows(text, c, matchers[c])
    if MODEL_CATEGORY in cats:
        model = matchers.get(MODEL_CATEGORY)
        if model is not None:
            rows += _model_rows(text, model, sentence_bounds, model_scores)
    rows += _attribution_rows(text, attributions, cats)
    if analyses:
        from analysis.measures.extras import extra_span_rows

        rows += extra_span_rows(
            text, sentence_bounds, analyses, publisher, extras_out, doc_id=doc_id, self_names=self_names
        )
    if not rows:
        return []
    # start ascending, longer spans first, then category order (a stable sort, as before)
    rows.sort(key=lambda r: (r[0], r[0] - r[1], _order(r[3])))
    regions = quoted_voice_regions(text, attributions, publisher=publisher)
    starts = [s for s, _ in sentence_bounds]
    out = []
    for s, e, t, cat, sub, entry, source, stype, prob, ctx in rows:
        k = bisect.bisect_right(starts, s) - 1
        sentence = k if k >= 0 and s < sentence_bounds[k][1] else -1
        voice = voice_of(regions, s, e) if regions else "authorial"
        out.append(SpanRow(doc_id, s, e, t, cat, sub, entry, source, voice, sentence, stype, prob, ctx))
    if "loaded" in cats or MODEL_CATEGORY in cats:
        from analysis.measures.loaded_context import apply_rules

        out = apply_rules(text, out, sentence_bounds)
    return out


def spans_frame(rows: list[tuple]) -> pd.DataFrame:
    """The spans table of span rows (:class:`analysis.measures.span_columns.SpanRow` tuples)."""
    if not rows:
        return empty_spans()
    return pd.DataFrame(rows, columns=SPAN_COLUMNS).astype(
        {**{c: "int64" for c in _INT_COLUMNS}, "probability": "float64"}
    )


def document_spans(
    text: str,
    doc_id: str = "",
    sentence_bounds: list[tuple[int, int]] | None = None,
    publisher: str | None = None,
    categories: Iterable[str] | None = None,
    context=None,
) -> pd.DataFrame:
    """The spans table of one document (columns :data:`SPAN_COLUMNS`), sorted by start, then
    longer spans first, then category.

    ``sentence_bounds``: the document's sentence bounds (the documents table carries them; split
    here only for a one-off call on a bare text); ``publisher`` (e.g. "NCRI") tells the attribution
    step which self-references are the publisher's own voice; ``categories`` restricts the output
    (default: all of :data:`SPAN_CATEGORIES` and the context's user categories); ``context``: the
    :class:`analysis.measures.context.ScoringContext` (user lexicons, declared aliases). Voice does
    not depend on ``categories``: attributions are always found, because a publisher quoting itself
    stays in authorial voice."""
    from analysis.corpus.sentences import ensure_bounds
    from analysis.measures.context import DEFAULT_CONTEXT
    from analysis.measures.sentence_bias import sentence_bias_rows, shipped_sentence_bias, with_bias_rows

    ctx = context or DEFAULT_CONTEXT
    rows = document_span_rows(
        text, doc_id, sentence_bounds, publisher, categories, lexicon_matchers(ctx), None, ctx.self_names(publisher)
    )
    if categories is None and text and "bias" in ctx.analyses:  # the sentence_bias rows, as a study stores them
        bounds = ensure_bounds(text, sentence_bounds)
        rows = with_bias_rows(rows, sentence_bias_rows(text, doc_id, bounds, shipped_sentence_bias()))
    return spans_frame(rows)


def normalise_publisher(pub) -> str | None:
    """A documents frame's publisher value as the attribution step takes it: None for missing,
    NaN or empty, else the string."""
    return None if pub is None or (isinstance(pub, float) and np.isnan(pub)) or pub == "" else str(pub)


#: Characters of text scored as one batch by the detectors that take many documents at once (about
#: 60,000 words: the call overhead is paid once per batch, the arrays stay a few MB).
BATCH_CHARS = 400_000


class BatchedDocument(NamedTuple):
    """One document of :func:`scored_batches`: its ``doc_id``, ``text`` ("" for a missing one),
    ``publisher`` (normalised), sentence ``bounds`` (as given), and what its batch computed for it:
    the sentence-bias probabilities (``bias``, None without the model), the context model's
    ``(tokens, probabilities)`` (``model_scores``, None without it) and the attribution records
    (``attributions``, ``[]`` for an empty text)."""

    doc_id: object
    text: str
    publisher: str | None
    bounds: list
    bias: object
    model_scores: tuple | None
    attributions: list


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


def scored_batches(docs: pd.DataFrame, bounds: list, ctx, matchers: dict, bias_model=None, categories=None):
    """The documents of ``docs`` (columns doc_id, text, optionally publisher) in order, as
    :class:`BatchedDocument`, with the detectors that score many documents at once run per batch of
    about :data:`BATCH_CHARS` characters: the sentence-bias model (``bias_model``, None: not run), the
    context model (when ``categories`` has it; None: all) and the attribution records (the tagger's
    forward-backward pass over every sentence of the batch). Each document's WORD_RE tokens are split
    once for the tagger and the context model. Every number equals a per-document call's."""
    from analysis.corpus.sentences import ensure_bounds
    from analysis.measures.attribution import attribution_records_many
    from analysis.measures.attribution_tagger_fast import DocumentArrays
    from analysis.measures.sentence_bias import chunk_bias_probabilities

    texts = [t if isinstance(t, str) else "" for t in docs["text"]]
    raw = docs["publisher"] if "publisher" in docs.columns else [None] * len(docs)
    publishers = [normalise_publisher(p) for p in raw]
    doc_ids = list(docs["doc_id"])
    for lo, hi in _batches(texts):
        part = texts[lo:hi]
        part_bounds = [ensure_bounds(t, b) if t else b for t, b in zip(part, bounds[lo:hi])]
        arrays = [DocumentArrays(t, b) for t, b in zip(part, part_bounds) if t]
        tokens = iter([(d.words, d.starts.tolist(), d.ends.tolist()) for d in arrays])
        bias_p = chunk_bias_probabilities(part, bounds[lo:hi], bias_model)
        model_scores = chunk_model_scores(
            part, matchers, categories, tokens=[next(tokens) if t else ([], [], []) for t in part]
        )
        found = attribution_records_many(
            [(t, b, p, ctx.self_names(p)) for t, b, p in zip(part, part_bounds, publishers[lo:hi]) if t],
            arrays=arrays,
        )[::-1]
        for doc_id, text, pub, b, bp, ms in zip(
            doc_ids[lo:hi], part, publishers[lo:hi], bounds[lo:hi], bias_p, model_scores
        ):
            yield BatchedDocument(doc_id, text, pub, b, bp, ms, found.pop() if text else [])


def corpus_spans(
    docs: pd.DataFrame, categories: Iterable[str] | None = None, bounds: list | None = None, context=None
) -> pd.DataFrame:
    """The spans of every document in ``docs`` (columns ``doc_id``, ``text`` and optionally
    ``publisher``, ``publisher_aliases``, ``sentence_bounds``), concatenated in document order.
    ``bounds``: each document's sentence bounds (default: the documents' ``sentence_bounds``
    column, :func:`analysis.corpus.sentences.document_bounds`). ``context``: the scoring context
    (default: none but the aliases ``docs`` declare, :func:`analysis.measures.context.context_for`).
    With all categories (``categories`` None) and the ``bias`` analysis in the context, the table has
    the ``sentence_bias`` rows too (one per sentence,
    :func:`analysis.measures.sentence_bias.sentence_bias_rows`), as a study stores it."""
    from analysis.corpus.sentences import document_bounds
    from analysis.measures.context import context_for
    from analysis.measures.sentence_bias import sentence_bias_rows, shipped_sentence_bias, with_bias_rows

    missing = {"doc_id", "text"} - set(docs.columns)
    if missing:
        raise ValueError(f"corpus_spans: docs lacks column(s) {sorted(missing)}")
    ctx = context_for(docs, context)
    matchers = lexicon_matchers(ctx)
    cats = _check_categories(categories, tuple(c for c in matchers if c not in SPAN_CATEGORIES))
    rows: list[tuple] = []
    if bounds is None:
        bounds = document_bounds(docs)
    # all categories and the bias analysis asked: with the sentence_bias rows, as the study's one pass stores them
    bias_model = shipped_sentence_bias() if categories is None and "bias" in ctx.analyses else None
    for doc in scored_batches(docs, bounds, ctx, matchers, bias_model, cats):
        doc_rows = document_span_rows(
            doc.text,
            doc_id=doc.doc_id,
            sentence_bounds=doc.bounds,
            publisher=doc.publisher,
            categories=cats,
            matchers=matchers,
            self_names=ctx.self_names(doc.publisher),
            model_scores=doc.model_scores,
            attributions=doc.attributions,
        )
        if bias_model is not None:
            doc_rows = with_bias_rows(
                doc_rows, sentence_bias_rows(doc.text, doc.doc_id, doc.bounds, bias_model, doc.bias)
            )
        rows += doc_rows
    return spans_frame(rows)


def core_mask(spans: pd.DataFrame) -> pd.Series:
    """Boolean mask of spans in core subcategories (False for conditional "if", approximators,
    "always"/"never" ...: :data:`analysis.measures.lexicon.NON_CORE_SUBCATEGORIES`)."""
    non_core = pd.Series(False, index=spans.index)
    for cat, subs in NON_CORE_SUBCATEGORIES.items():
        if subs:
            non_core |= (spans["category"] == cat) & spans["subcategory"].isin(subs)
    return ~non_core
