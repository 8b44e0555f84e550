"""Word tokens and text normalisation shared by every measure.

A *word* is a run of letters or digits, with internal apostrophes, hyphens and decimal or
thousands separators kept ("Mojahedin's", "anti-Maliki", "3,200", "107mm"). Words are what every
"per 1,000 words" rate divides by, so every module counts them with :data:`WORD_RE`.
"""

from __future__ import annotations

import re
import unicodedata

WORD_RE = re.compile(r"[^\W_]+(?:[’'\-.,][^\W_]+)*", re.UNICODE)

_SPACE_RE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")


def term_form(word: str) -> str | None:
    """The form under which a word is counted as a *term* (distinctive-term lists): lower case,
    possessive removed ("regime's", "Regime’s" -> "regime"; "mullahs'" -> "mullahs"); None for a
    token that is not a word: a single letter outside a-z, or a single symbol-like character
    (stray letters of other scripts left by cleaning). Single Latin letters and digits are kept."""
    w = _POSSESSIVE.sub("", word.lower())
    if not w:
        return None
    if len(w) == 1 and not ("a" <= w <= "z" or w.isdigit()):
        return None
    return w


def term_tokens(text: str) -> list[str]:
    """The :func:`term_form` of every word of ``text`` (:data:`WORD_RE`), non-words left out."""
    return [f for f in (term_form(w) for w in WORD_RE.findall(text)) if f is not None]


def words(text: str) -> list[str]:
    """The word tokens of ``text`` (see :data:`WORD_RE`)."""
    return WORD_RE.findall(text)


def count_words(text: str) -> int:
    """Number of word tokens in ``text``."""
    return sum(1 for _ in WORD_RE.finditer(text))


def normalise(text: str) -> str:
    """Unicode NFC, no byte-order mark and no NUL, ``\\n`` line ends, no-break and odd spaces as plain
    spaces, trailing spaces stripped from each line. Quotes and dashes are kept as written (they carry voice)."""
    text = text.replace("\ufeff", "").replace("\x00", "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    text = _SPACE_RE.sub(" ", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))
