"""The document profile: one row of framing and sourcing measures per document.

Every rate is per 1,000 words (:func:`analysis.corpus.text.count_words`), every share is between 0 and
1. Lexicon entries marked ``circular`` (written from the texts under study; spans with context
label ``circular``) are not counted in any rate. Definitions (README, "Measures", has the same list):

* ``loaded_per_1k``: loaded-terminology spans (``analysis/lexicons/loaded.csv``) per 1,000 words;
  ``loaded_authorial_per_1k`` counts only spans in the author's own voice (not inside a quotation
  attributed to someone else); ``loaded_<subcategory>_per_1k`` one rate per subcategory. These
  ``loaded_*`` columns are the **lexicon measure** (hand + learned entries: entry and citation per
  span);
* ``loaded_model_per_1k``, ``loaded_model_authorial_per_1k``: the **model measure**, spans of the
  loaded-language context model (:mod:`analysis.measures.loaded_model`, trained on SemEval PTC and BABE)
  per 1,000 words, all and in the author's own voice; NaN when the model is unavailable (it
  needs the benchmark folder for the MPQA and Recasens lists);
* ``<category>_per_1k``: spans of each new category of a user lexicon (``--lexicon FILE``);
* ``attributed_sentence_share``: share of sentences with at least one attribution;
* ``attributions``: number of attributions; ``source_<type>_share``: share of attributions whose
  source is of each type (named person, official institution, media outlet,
  anonymous/unverifiable, self-reference, unspecified);
* ``named_sources_distinct``: distinct named sources (persons, institutions, outlets), compared
  case-insensitively;
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

import re
import warnings
from functools import lru_cache

import pandas as pd

from analysis.corpus.sentences import document_bounds, split_sentences
from analysis.corpus.text import WORD_RE
from analysis.corpus.text import trie_alternation as _trie_alternation
from analysis.measures.bounds import per_1k, share
from analysis.measures.readability import readability
from analysis.measures.source_types import SOURCE_TYPES, source_type_shares  # noqa: F401  (SOURCE_TYPES re-exported)

NAMED_TYPES = {"named_person", "official_institution", "media_outlet", "organisation"}


def loaded_subcategories() -> list[str]:
    """Subcategories of the loaded-terminology lexicon, in file order."""
    from analysis.measures.lexicon import load_lexicon

    return list(dict.fromkeys(load_lexicon("loaded")["subcategory"]))


@lru_cache(maxsize=1)
def _mpqa_strong_pattern() -> re.Pattern | None:
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
    pattern = _mpqa_strong_pattern()
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


def _profile_row(
    text: str,
    doc_id,
    bounds: list[tuple[int, int]],
    rows: list[tuple],
    subcategories: list[str],
    has_model: bool = True,
    extra_categories: tuple = (),
) -> dict:
    """The profile of one document from its spans rows (tuples in SPAN_COLUMNS order, read as
    :class:`analysis.measures.spans.SpanRow`): plain Python over a few dozen rows, no pandas."""
    from analysis.measures.lexicon import NON_CORE_SUBCATEGORIES
    from analysis.measures.span_columns import SpanRow

    words = _count_words(text)
    row: dict = {"doc_id": doc_id, "words": words, "sentences": len(bounds)}
    loaded_subs: list[str] = []
    loaded_authorial = hedges = boosters = model = model_authorial = 0
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
            model += 1
            model_authorial += r.voice == "authorial"
        elif cat == "attribution_cue":
            cue_sentences.append(r.sentence)
        elif cat == "source":
            source_types.append(r.source_type)
            if r.source_type in NAMED_TYPES:
                named.add(_NON_SPACE.sub(" ", r.text).strip().lower())
        elif cat == "hedge":
            hedges += r.subcategory not in non_core_hedge
        elif cat == "booster":
            boosters += r.subcategory not in non_core_booster
    row["loaded_per_1k"] = _per_1k(len(loaded_subs), words)
    row["loaded_authorial_per_1k"] = _per_1k(loaded_authorial, words)
    for sub in subcategories:
        row[f"loaded_{sub}_per_1k"] = _per_1k(loaded_subs.count(sub), words)
    for cat in extra_categories:
        row[f"{cat}_per_1k"] = _per_1k(sum(r.category == cat for r in rows), words)
    row["loaded_model_per_1k"] = _per_1k(model, words) if has_model else float("nan")
    row["loaded_model_authorial_per_1k"] = _per_1k(model_authorial, words) if has_model else float("nan")
    n_attr = len(cue_sentences)
    row["attributions"] = n_attr
    row["attributed_sentence_share"] = share(len(set(cue_sentences)), len(bounds))
    # one source type per attribution: the source span's type, "unspecified" when there is none
    types = source_types + ["unspecified"] * max(0, n_attr - len(source_types))
    row.update(source_type_shares(types))
    row["named_sources_distinct"] = len(named)
    row["hedges_per_1k"] = _per_1k(hedges, words)
    row["boosters_per_1k"] = _per_1k(boosters, words)
    row["booster_hedge_ratio"] = (boosters + 0.5) / (hedges + 0.5)
    row["quoted_word_share"] = share(_quoted_words(text), words)
    row.update(readability(text, bounds))
    row["strong_subjective_per_1k"] = _per_1k(strong_subjective_count(text), words)
    return row


def profile_document(
    text: str,
    doc_id: str = "",
    publisher: str | None = None,
    spans: pd.DataFrame | None = None,
    subcategories: list[str] | None = None,
) -> dict:
    """All profile measures of one text (see module docstring); ``spans`` may be precomputed
    (a spans table of this document, as from :func:`analysis.measures.spans.document_spans`)."""
    from analysis.measures.spans import SPAN_COLUMNS, document_span_rows

    bounds = split_sentences(text)
    if spans is None:
        rows = document_span_rows(text, doc_id=doc_id, sentence_bounds=bounds, publisher=publisher)
    else:
        rows = list(spans[SPAN_COLUMNS].itertuples(index=False, name=None))
    from analysis.measures.user_lexicon import extra_categories

    return _profile_row(
        text, doc_id, bounds, rows, subcategories or loaded_subcategories(), _has_model(), tuple(extra_categories())
    )


def _has_model() -> bool:
    from analysis.measures.spans import context_model

    return context_model() is not None


#: A corpus of at least this many words is profiled on every core (``jobs``); smaller ones here.
PARALLEL_MIN_WORDS = 200_000


def profile_frame(
    documents: pd.DataFrame, spans: pd.DataFrame | None = None, bounds: list | None = None, jobs: int | None = None
) -> pd.DataFrame:
    """One profile row per document of a documents frame (doc_id, text, publisher, ...), with the
    documents' corpus and genre columns kept for grouping. ``spans`` (a spans table of these
    documents) is used when given; otherwise each document's spans are found on the way, without
    building the table (the fast path: see ``benchmarks/``), and a corpus of at least
    :data:`PARALLEL_MIN_WORDS` words is cut into contiguous chunks scored in ``jobs`` processes
    (default :func:`analysis.pipeline.parallel.available_jobs`; ``FRAMING_JOBS=1`` or ``jobs=1``:
    this process only), with the same rows in the same order. ``bounds``: each document's
    sentence bounds (:func:`analysis.corpus.sentences.document_bounds`, the same list the spans used)."""
    from analysis.measures.spans import SPAN_COLUMNS

    all_bounds = document_bounds(documents) if bounds is None else bounds
    if spans is not None:
        subcats, has_model = loaded_subcategories(), _has_model()
        from analysis.measures.user_lexicon import extra_categories

        extra = tuple(extra_categories())
        by_doc: dict = {}
        for r in spans[SPAN_COLUMNS].itertuples(index=False, name="SpanRow"):
            by_doc.setdefault(r.doc_id, []).append(r)
        rows = []
        for doc_id, text, b in zip(documents["doc_id"], documents["text"], all_bounds):
            text = text if isinstance(text, str) else ""
            rows.append(_profile_row(text, doc_id, b, by_doc.get(doc_id, []), subcats, has_model, extra))
        return profile_table(documents, rows)
    from analysis.measures.source_types import use_publisher_aliases
    from analysis.pipeline.parallel import available_jobs, chunk_bounds

    use_publisher_aliases(documents)  # declared self-reference names, in whatever process scores
    n_jobs = available_jobs(jobs)
    ranges = [(0, len(documents))]
    if n_jobs > 1 and len(documents) > 1:
        words = [len(WORD_RE.findall(t)) if isinstance(t, str) else 0 for t in documents["text"]]
        if sum(words) >= PARALLEL_MIN_WORDS:
            ranges = chunk_bounds(words, 4 * n_jobs)  # a few chunks per process: an even finish
    if len(ranges) == 1:
        return profile_table(documents, _profile_rows(documents, all_bounds))
    from analysis.measures.worker_state import map_in_scoring_state

    cols = [c for c in ("doc_id", "text", "publisher") if c in documents.columns]
    tasks = [(documents.iloc[a:b][cols], all_bounds[a:b]) for a, b in ranges]
    rows = [row for part in map_in_scoring_state(_profile_rows, tasks, n_jobs) for row in part]
    return profile_table(documents, rows)


def _profile_rows(documents: pd.DataFrame, all_bounds: list) -> list[dict]:
    """:func:`_profile_row` of every document, spans found on the way (no spans table)."""
    from analysis.measures.spans import document_span_rows, lexicon_matchers, normalise_publisher
    from analysis.measures.user_lexicon import extra_categories

    subcats, has_model, extra = loaded_subcategories(), _has_model(), tuple(extra_categories())
    publishers = documents["publisher"] if "publisher" in documents.columns else [None] * len(documents)
    matchers = lexicon_matchers()
    rows = []
    for doc_id, text, pub, b in zip(documents["doc_id"], documents["text"], publishers, all_bounds):
        text = text if isinstance(text, str) else ""
        span_rows = document_span_rows(
            text, doc_id=doc_id, sentence_bounds=b, publisher=normalise_publisher(pub), matchers=matchers
        )
        rows.append(_profile_row(text, doc_id, b, span_rows, subcats, has_model, extra))
    return rows


def profile_table(documents: pd.DataFrame, rows: list[dict]) -> pd.DataFrame:
    """The profile frame of ``documents`` from their :func:`_profile_row` dicts (one per document,
    in document order): the documents' corpus, genre, title, publisher and date columns first."""
    prof = pd.DataFrame(rows)
    if _mpqa_strong_pattern() is None:
        warnings.warn(
            "MPQA subjectivity clues not found (set FRAMING_BENCHMARK_DIR): strong_subjective_per_1k is NaN",
            stacklevel=3,
        )
    keep = [c for c in ("corpus", "genre", "title", "publisher", "date") if c in documents.columns]
    meta = documents[["doc_id", *keep]].reset_index(drop=True)
    if prof.empty:
        return meta
    # rows are in document order: joined by position, so a repeated doc_id cannot multiply rows
    return pd.concat([meta, prof.drop(columns="doc_id")], axis=1)


def measure_columns(profile: pd.DataFrame) -> list[str]:
    """The numeric measure columns of a profile frame (not ids, counts of words or sentences)."""
    skip = {"words", "sentences", "attributions"}
    return [c for c in profile.columns if c not in skip and pd.api.types.is_numeric_dtype(profile[c])]
