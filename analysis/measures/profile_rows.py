"""The measures of one document, from its span rows: the profile row (:func:`profile_row`) and
the profile table of many rows (:func:`profile_table`).

Every column is defined in :mod:`analysis.measures.profile` (and ``docs/data-contracts.md``); the
orchestration (one document, a corpus, on every core) lives there and in
:mod:`analysis.measures.document_scores`, whose one pass over a document calls :func:`profile_row`.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from analysis.corpus.text import WORD_RE
from analysis.corpus.text import trie_alternation as _trie_alternation
from analysis.measures.bounds import per_1k, share
from analysis.measures.readability import readability
from analysis.measures.source_types import SOURCE_TYPES, source_type_shares  # noqa: F401  (SOURCE_TYPES re-exported)

NAMED_TYPES = {"named_person", "official_institution", "media_outlet", "organisation"}


def loaded_subcategories(context=None) -> list[str]:
    """Subcategories of the loaded-terminology lexicon as the scoring ``context`` sees it (user
    entries may add some), in file order."""
    from analysis.measures.context import DEFAULT_CONTEXT

    return (context or DEFAULT_CONTEXT).loaded_subcategories()


@lru_cache(maxsize=1)
def mpqa_strong_pattern() -> re.Pattern | None:
    """Combined regex of MPQA strong-subjective clues (stemmed clues match as prefixes)."""
    from analysis.config import benchmark_dir

    root = benchmark_dir()
    if root is None:
        return None
    path = next(root.glob("recasens2013-bias-lexicons/**/subjclueslen1-HLTEMNLP05.tff"), None)
    if path is None:
        return None
    exact, stems = set(), set()
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        fields = dict(kv.split("=", 1) for kv in line.split() if "=" in kv)
        if fields.get("type") == "strongsubj" and fields.get("word1"):
            (stems if fields.get("stemmed1") == "y" else exact).add(fields["word1"].lower())
    # Equivalent to \b(?:exact clues, longest first | stems + [a-z]*, longest first)\b, but each
    # group as a prefix trie: sre tries a flat alternation entry by entry at every word start
    # (thousands of entries: about 0.5 ms per word); the trie dispatches on one character. At a
    # start the greedy trie finds the longest exact clue followed by a word boundary, as the
    # longest-first alternation did, and every stem ends where [a-z]* ends, so both patterns match
    # the same spans.
    # Compiled without IGNORECASE: strong_subjective_count runs it on the lower-cased text (the
    # clues are lower case), which sre scans several times faster.
    return re.compile(r"\b(?:" + _trie_alternation(exact) + r"\b|" + _trie_alternation(stems) + r"[a-z]*\b)")


def strong_subjective_count(text: str) -> float:
    """Number of MPQA strong-subjective clue tokens in ``text`` (NaN if the list is absent)."""
    pattern = mpqa_strong_pattern()
    if pattern is None:
        return float("nan")
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case is longer ("İ"): match case-insensitively
        return float(len(_mpqa_ci(pattern).findall(text)))
    return float(len(pattern.findall(low)))


@lru_cache(maxsize=1)
def _mpqa_ci(pattern: re.Pattern) -> re.Pattern:
    return re.compile(pattern.pattern, re.IGNORECASE)


def _per_1k(count: float, words: int) -> float:
    return per_1k(count, words)  # at least 0 (analysis.measures.bounds)


def _count_words(text: str) -> int:
    """:func:`analysis.corpus.text.count_words` (same tokens; findall counts them in C)."""
    return len(WORD_RE.findall(text))


def _quoted_words(text: str) -> int:
    """Words inside any quotation; nested or overlapping quotations are merged first, so no word
    is counted twice and the share stays within [0, 1]."""
    from analysis.measures.quotes import merge_regions, quotation_tuples

    regions = merge_regions((q.inner_start, q.inner_end) for q in quotation_tuples(text))
    return sum(_count_words(text[s:e]) for s, e in regions)


_NON_SPACE = re.compile(r"\W+")


def profile_row(
    text: str,
    doc_id,
    bounds: list[tuple[int, int]],
    rows: list[tuple],
    subcategories: list[str],
    has_model: bool = True,
    extra_categories: tuple = (),
    analyses: tuple = (),
    events: list | None = None,
    has_bias: bool = False,
    words: int | None = None,
) -> dict:
    """The profile of one document from its spans rows (tuples in SPAN_COLUMNS order, read as
    :class:`analysis.measures.spans.SpanRow`): plain Python over a few dozen rows, no pandas.
    ``bias_sentence_share`` is a column when ``analyses`` has ``bias`` (NaN unless ``has_bias``: the
    rows carry the sentence-bias rows, i.e. the model was available). ``words``: the text's
    :data:`analysis.corpus.text.WORD_RE` tokens, when a caller has counted them."""
    from analysis.measures.lexicon import NON_CORE_SUBCATEGORIES
    from analysis.measures.span_columns import SpanRow

    words = _count_words(text) if words is None else words
    row: dict = {"doc_id": doc_id, "words": words, "sentences": len(bounds)}
    loaded_subs: list[str] = []
    loaded_authorial = hedges = boosters = model = model_authorial = biased = 0
    model_words = model_words_authorial = 0
    cue_sentences: list[int] = []
    source_types: list[str] = []
    named: set[str] = set()
    non_core_hedge, non_core_booster = NON_CORE_SUBCATEGORIES["hedge"], NON_CORE_SUBCATEGORIES["booster"]
    rows = [r if hasattr(r, "_fields") else SpanRow._make(r) for r in rows]
    for r in rows:
        cat = r.category
        if "circular" in (r.context or ""):
            continue  # an entry written from the texts under study: not counted (see analysis.measures.lexicon)
        if cat == "loaded":
            loaded_subs.append(r.subcategory)
            loaded_authorial += r.voice == "authorial"
        elif cat == "loaded_model":
            n = len(WORD_RE.findall(r.text))
            model += 1
            model_words += n
            if r.voice == "authorial":
                model_authorial += 1
                model_words_authorial += n
        elif cat == "attribution_cue":
            cue_sentences.append(r.sentence)
        elif cat == "source":
            source_types.append(r.source_type)
            if r.source_type in NAMED_TYPES:
                named.add(_NON_SPACE.sub(" ", r.text).strip().lower())
        elif cat == "sentence_bias":
            biased += r.subcategory == "biased"
        elif cat == "hedge":
            hedges += r.subcategory not in non_core_hedge
        elif cat == "booster":
            boosters += r.subcategory not in non_core_booster
    # the headline: words inside the validated detector's spans (context model, calibrated draw
    # threshold) per 1,000 words; the lexicon and the model's span count are its named components
    nan = float("nan")
    row["loaded_per_1k"] = _per_1k(model_words, words) if has_model else nan
    row["loaded_authorial_per_1k"] = _per_1k(model_words_authorial, words) if has_model else nan
    row["loaded_lexicon_per_1k"] = _per_1k(len(loaded_subs), words)
    row["loaded_lexicon_authorial_per_1k"] = _per_1k(loaded_authorial, words)
    for sub in subcategories:
        row[f"loaded_{sub}_per_1k"] = _per_1k(loaded_subs.count(sub), words)
    for cat in extra_categories:
        row[f"{cat}_per_1k"] = _per_1k(sum(r.category == cat for r in rows), words)
    row["loaded_model_per_1k"] = _per_1k(model, words) if has_model else float("nan")
    row["loaded_model_authorial_per_1k"] = _per_1k(model_authorial, words) if has_model else float("nan")
    if "bias" in analyses:  # an analysis run when asked (analysis.measures.extras)
        row["bias_sentence_share"] = share(biased, len(bounds)) if has_bias else float("nan")
    n_attr = len(cue_sentences)
    row["attributions"] = n_attr
    row["attributed_sentence_share"] = share(len(set(cue_sentences)), len(bounds))
    # one source type per attribution: the source span's type, "unspecified" when there is none
    types = source_types + ["unspecified"] * max(0, n_attr - len(source_types))
    row.update(source_type_shares(types))
    row["named_sources_distinct"] = len(named)
    row["named_sources_per_1k"] = _per_1k(len(named), words)
    row["hedges_per_1k"] = _per_1k(hedges, words)
    row["boosters_per_1k"] = _per_1k(boosters, words)
    row["booster_hedge_ratio"] = (boosters + 0.5) / (hedges + 0.5)
    row["quoted_word_share"] = share(_quoted_words(text), words)
    row.update(readability(text, bounds))
    row["strong_subjective_per_1k"] = _per_1k(strong_subjective_count(text), words)
    if analyses:  # the framing analyses the study turned on (analysis.measures.extras)
        from analysis.measures.extras import extra_profile_columns

        row.update(extra_profile_columns(text, bounds, rows, words, analyses, events))
    return row


def missing_inputs_note() -> str:
    """One sentence on the profile columns that are NaN because data the project may not
    redistribute is not on this computer ("" when nothing is missing): said once per study
    (:func:`analysis.pipeline.study.build_study`), not once per document or chunk."""
    from analysis.measures.spans import context_model

    missing = []
    if mpqa_strong_pattern() is None:
        missing.append("strong_subjective_per_1k (the MPQA subjectivity clues)")
    if context_model() is None:
        missing.append(
            "loaded_per_1k, loaded_authorial_per_1k, loaded_model_per_1k and loaded_model_authorial_per_1k "
            "(the context model reads the MPQA and Recasens lists)"
        )
    if not missing:
        return ""
    return (
        "Left empty (NaN) because the gold data is not on this computer: "
        + "; ".join(missing)
        + ". Put the shared benchmarks at ../shared/benchmarks or point FRAMING_GOLD_DIR at them."
    )


def profile_table(documents: pd.DataFrame, rows: list[dict]) -> pd.DataFrame:
    """The profile frame of ``documents`` from their :func:`_profile_row` dicts (one per document,
    in document order): the documents' corpus, genre, title, publisher and date columns first."""
    prof = pd.DataFrame(rows)
    keep = [c for c in ("corpus", "genre", "title", "publisher", "date") if c in documents.columns]
    meta = documents[["doc_id", *keep]].reset_index(drop=True)
    if prof.empty:
        return meta
    # rows are in document order: joined by position, so a repeated doc_id cannot multiply rows
    return pd.concat([meta, prof.drop(columns="doc_id")], axis=1)
