"""The document profile: one row of framing and sourcing measures per document.

Every rate is per 1,000 words (:func:`analysis.text.count_words`), every share is between 0 and
1. Definitions (README, "Measures", has the same list):

* ``loaded_per_1k``: loaded-terminology spans (``analysis/lexicons/loaded.csv``) per 1,000 words;
  ``loaded_authorial_per_1k`` counts only spans in the author's own voice (not inside a quotation
  attributed to someone else); ``loaded_<subcategory>_per_1k`` one rate per subcategory;
* ``attributed_sentence_share``: share of sentences with at least one attribution;
* ``attributions``: number of attributions; ``source_<type>_share``: share of attributions whose
  source is of each type (named person, official institution, media outlet,
  anonymous/unverifiable, self-reference, unspecified);
* ``named_sources_distinct``: distinct named sources (persons, institutions, outlets), compared
  case-insensitively;
* ``hedges_per_1k``, ``boosters_per_1k``: core hedges and boosters only (conditionals such as
  "if"/"would", approximators and "always"/"never" are in the spans table but not counted here,
  :func:`analysis.spans.core_mask`); ``booster_hedge_ratio`` = (boosters + 0.5) /
  (hedges + 0.5), the 0.5 keeps the ratio finite and defined when a text never hedges
  (Haldane 1956 / Anscombe 1956 correction);
* ``quoted_word_share``: share of words inside direct quotations (any speaker);
* ``flesch_reading_ease``, ``flesch_kincaid_grade``, ``gunning_fog``: :mod:`analysis.readability`;
* ``strong_subjective_per_1k``: MPQA strong-subjective clue words per 1,000 words (Wilson, Wiebe &
  Hoffmann 2005), read at run time from the benchmark folder (the list is not ours to
  redistribute); NaN with a warning when the list is not available.
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin

from analysis.readability import READABILITY_COLUMNS, readability
from analysis.sentences import split_sentences
from analysis.text import WORD_RE, count_words

SOURCE_TYPES = ["named_person", "official_institution", "media_outlet", "anonymous_unverifiable",
                "self_reference", "unspecified"]
NAMED_TYPES = {"named_person", "official_institution", "media_outlet"}


def loaded_subcategories() -> list[str]:
    """Subcategories of the loaded-terminology lexicon, in file order."""
    from analysis.lexicon import load_lexicon

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
    alternatives = [re.escape(w) for w in sorted(exact, key=len, reverse=True)]
    alternatives += [re.escape(w) + r"[a-z]*" for w in sorted(stems, key=len, reverse=True)]
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


def strong_subjective_count(text: str) -> float:
    """Number of MPQA strong-subjective clue tokens in ``text`` (NaN if the list is absent)."""
    pattern = _mpqa_strong_pattern()
    if pattern is None:
        return float("nan")
    return float(sum(1 for _ in pattern.finditer(text)))


def _per_1k(count: float, words: int) -> float:
    return 1000.0 * count / words if words else float("nan")


def _quoted_words(text: str) -> int:
    from analysis.quotes import find_quotations

    quotes = find_quotations(text)
    if quotes.empty:
        return 0
    return sum(count_words(text[s:e]) for s, e in zip(quotes["inner_start"], quotes["inner_end"]))


def profile_document(text: str, doc_id: str = "", publisher: str | None = None,
                     spans: pd.DataFrame | None = None, subcategories: list[str] | None = None) -> dict:
    """All profile measures of one text (see module docstring); ``spans`` may be precomputed."""
    from analysis.spans import core_mask, document_spans

    bounds = split_sentences(text)
    if spans is None:
        spans = document_spans(text, doc_id=doc_id, sentence_bounds=bounds, publisher=publisher)
    words = count_words(text)
    subcategories = subcategories or loaded_subcategories()
    row: dict = {"doc_id": doc_id, "words": words, "sentences": len(bounds)}
    loaded = spans[spans["category"] == "loaded"]
    row["loaded_per_1k"] = _per_1k(len(loaded), words)
    row["loaded_authorial_per_1k"] = _per_1k(int((loaded["voice"] == "authorial").sum()), words)
    for sub in subcategories:
        row[f"loaded_{sub}_per_1k"] = _per_1k(int((loaded["subcategory"] == sub).sum()), words)
    cues = spans[spans["category"] == "attribution_cue"]
    sources = spans[spans["category"] == "source"]
    n_attr = len(cues)
    row["attributions"] = n_attr
    row["attributed_sentence_share"] = cues["sentence"].nunique() / len(bounds) if bounds else float("nan")
    # one source type per attribution: the source span's type, "unspecified" when there is none
    types = sources["source_type"].tolist() + ["unspecified"] * max(0, n_attr - len(sources))
    for t in SOURCE_TYPES:
        row[f"source_{t}_share"] = types.count(t) / n_attr if n_attr else float("nan")
    named = sources[sources["source_type"].isin(NAMED_TYPES)]["text"]
    row["named_sources_distinct"] = len({re.sub(r"\W+", " ", s).strip().lower() for s in named})
    core = spans[core_mask(spans)] if len(spans) else spans
    hedges = int((core["category"] == "hedge").sum())
    boosters = int((core["category"] == "booster").sum())
    row["hedges_per_1k"] = _per_1k(hedges, words)
    row["boosters_per_1k"] = _per_1k(boosters, words)
    row["booster_hedge_ratio"] = (boosters + 0.5) / (hedges + 0.5)
    row["quoted_word_share"] = _quoted_words(text) / words if words else float("nan")
    row.update(readability(text, bounds))
    row["strong_subjective_per_1k"] = _per_1k(strong_subjective_count(text), words)
    return row


def profile_frame(documents: pd.DataFrame, spans: pd.DataFrame | None = None) -> pd.DataFrame:
    """One profile row per document of a documents frame (doc_id, text, publisher, ...), with the
    documents' corpus and genre columns kept for grouping."""
    from analysis.spans import corpus_spans

    if spans is None:
        spans = corpus_spans(documents)
    subcats = loaded_subcategories()
    by_doc = {k: g for k, g in spans.groupby("doc_id", sort=False)} if len(spans) else {}
    empty = spans.iloc[0:0]
    rows = []
    for d in documents.itertuples(index=False):
        rows.append(profile_document(d.text, d.doc_id, getattr(d, "publisher", None) or None,
                                     spans=by_doc.get(d.doc_id, empty), subcategories=subcats))
    prof = pd.DataFrame(rows)
    if _mpqa_strong_pattern() is None:
        warnings.warn("MPQA subjectivity clues not found (set FRAMING_BENCHMARK_DIR): "
                      "strong_subjective_per_1k is NaN", stacklevel=2)
    keep = [c for c in ("corpus", "genre", "title", "publisher", "date") if c in documents.columns]
    meta = documents[["doc_id", *keep]].reset_index(drop=True)
    return meta.merge(prof, on="doc_id", how="left")


def measure_columns(profile: pd.DataFrame) -> list[str]:
    """The numeric measure columns of a profile frame (not ids, counts of words or sentences)."""
    skip = {"words", "sentences", "attributions"}
    return [c for c in profile.columns if c not in skip and pd.api.types.is_numeric_dtype(profile[c])]


class ProfileTransformer(TransformerMixin, BaseEstimator):
    """scikit-learn transformer: texts (or a documents frame with a ``text`` column) to the
    numeric document profile, so the measures drop into a Pipeline. Stateless: ``fit`` learns
    nothing. NaN (a text with no attributions has no source shares) becomes ``fill_value``."""

    def __init__(self, fill_value: float = 0.0, include_readability: bool = True):
        self.fill_value = fill_value
        self.include_readability = include_readability

    def fit(self, X, y=None):
        self.feature_names_ = np.array(self._columns())
        self.n_features_in_ = 1
        return self

    def _columns(self) -> list[str]:
        sample = profile_document("A sentence.", "x")
        cols = [c for c in sample if c not in {"doc_id", "words", "sentences"}]
        if not self.include_readability:
            cols = [c for c in cols if c not in READABILITY_COLUMNS]
        return cols

    def transform(self, X):
        texts = X["text"].tolist() if isinstance(X, pd.DataFrame) else list(X)
        cols = list(self.feature_names_) if hasattr(self, "feature_names_") else self._columns()
        rows = [profile_document(t, f"doc{i}") for i, t in enumerate(texts)]
        frame = pd.DataFrame(rows)[cols].astype(float)
        return frame.fillna(self.fill_value).to_numpy()

    def get_feature_names_out(self, input_features=None):
        return np.array(self._columns(), dtype=object)
