"""Part-of-speech tags (Penn Treebank tag set) from a small CRF trained on UD English EWT.

The agency detector (:mod:`analysis.measures.agency`) needs to tell a past participle ("was
*killed*", "residents *killed* in the attack") from a past tense ("militias *killed* seven") and to
find the noun phrases around a verb. This module gives it Penn Treebank tags (Marcus, Santorini &
Marcinkiewicz 1993; the ``XPOS`` column of UD English EWT) from a linear-chain CRF (CRFsuite,
Okazaki 2007, through ``python-crfsuite``) trained on the dev part of the Universal Dependencies
English Web Treebank (Silveira et al. 2014; UD_English-EWT, CC BY-SA 4.0). The model file and its
sidecar are a derived work of the treebank and carry its licence (``analysis/models/pos_ewt.json``);
training is in :mod:`analysis.training.pos_tagger`, accuracy on the EWT test part in the sidecar.

Tokens follow the treebank's tokenisation closely enough for the tagger: clitics ("n't", "'s",
"'re") and punctuation are tokens of their own, a hyphen between two words is a token, dotted
acronyms ("U.S.") and numbers with separators ("1,200") stay whole. Features of a token
(:func:`token_features`) are the usual ones of feature-based taggers (Ratnaparkhi 1996; Toutanova
et al. 2003): the word, its prefixes and suffixes, its shape, and the words around it.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from analysis import config

__all__ = [
    "MODEL_DIR",
    "MODEL_STEM",
    "FEATURE_VERSION",
    "TOKEN_RE",
    "tokenize",
    "token_features",
    "PosTagger",
    "load_pos_tagger",
]

MODEL_DIR = config.PACKAGE_DIR / "models"
MODEL_STEM = "pos_ewt"
FEATURE_VERSION = 1

_CLITIC = r"['’](?:s|S|re|ve|ll|d|m|RE|VE|LL|D|M)\b"
#: One token: a dotted acronym, a number with separators, a word before "n't", "n't", a clitic, a
#: word (letters/digits with internal apostrophes that do not start a clitic), any other character.
TOKEN_RE = re.compile(
    rf"""(?:[A-Za-z]\.){{2,}}
    |\d+(?:[.,:/]\d+)*
    |[^\W_]+?(?=[nN]['’][tT]\b)
    |[nN]['’][tT]\b
    |{_CLITIC}
    |[^\W_]+(?:['’](?!(?:s|S|re|ve|ll|d|m)\b)[^\W_]+)*
    |\S""",
    re.VERBOSE,
)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Character offsets ``(start, end)`` of the tokens of ``text[start:end]`` (see :data:`TOKEN_RE`)."""
    return [m.span() for m in TOKEN_RE.finditer(text, start, len(text) if end is None else end)]


def _shape(word: str) -> str:
    s = re.sub(r"[A-Z]+", "X", word)
    s = re.sub(r"[a-z]+", "x", s)
    s = re.sub(r"[0-9]+", "d", s)
    return s[:6]


def _word_feats(word: str) -> list[str]:
    low = word.lower()
    f = [
        "w=" + low,
        "s1=" + low[-1:],
        "s2=" + low[-2:],
        "s3=" + low[-3:],
        "s4=" + low[-4:],
        "p1=" + low[:1],
        "p2=" + low[:2],
        "p3=" + low[:3],
        "sh=" + _shape(word),
    ]
    if word[:1].isupper():
        f.append("cap")
    if word.isupper() and len(word) > 1:
        f.append("upper")
    if any(c.isdigit() for c in word):
        f.append("digit")
    return f


def token_features(words: list[str]) -> list[list[str]]:
    """CRFsuite feature lists for the words of one sentence: the word's own features
    (lower-cased form, 1-4 character suffixes, 1-3 character prefixes, shape, capitalisation,
    digits), the words and 3-character suffixes one and two tokens either side, the pair of the
    word with the one before, and sentence-start/end markers."""
    lows = [w.lower() for w in words]
    n = len(words)
    out = []
    for i, w in enumerate(words):
        f = ["bias", *_word_feats(w)]
        if i == 0:
            f.append("BOS")
        else:
            f += ["-1w=" + lows[i - 1], "-1s3=" + lows[i - 1][-3:], "-1w|w=" + lows[i - 1] + "|" + lows[i]]
            if words[i - 1][:1].isupper():
                f.append("-1cap")
            if i > 1:
                f += ["-2w=" + lows[i - 2]]
        if i == n - 1:
            f.append("EOS")
        else:
            f += ["+1w=" + lows[i + 1], "+1s3=" + lows[i + 1][-3:]]
            if words[i + 1][:1].isupper():
                f.append("+1cap")
            if i < n - 2:
                f += ["+2w=" + lows[i + 2]]
        out.append(f)
    return out


class PosTagger:
    """A trained CRF part-of-speech tagger (``pos_ewt.crfsuite``) and its sidecar (``pos_ewt.json``)."""

    def __init__(self, model_path: str | Path, meta: dict):
        import pycrfsuite

        self.meta = meta
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model_path))

    def tag(self, words: list[str]) -> list[str]:
        """Penn Treebank tags of the words of one sentence (Viterbi path)."""
        if not words:
            return []
        return self._tagger.tag(token_features(words))


@lru_cache(maxsize=4)
def _load(directory: str, mtime: float) -> PosTagger:
    meta = json.loads((Path(directory) / f"{MODEL_STEM}.json").read_text(encoding="utf-8"))
    if meta.get("feature_version") != FEATURE_VERSION:
        raise ValueError(f"{MODEL_STEM}.json: feature_version {meta.get('feature_version')} != {FEATURE_VERSION}")
    return PosTagger(Path(directory) / f"{MODEL_STEM}.crfsuite", meta)


def load_pos_tagger(directory: str | Path = MODEL_DIR) -> PosTagger:
    """The stored tagger. Raises FileNotFoundError when it has not been trained
    (``python -m analysis.training.pos_tagger``)."""
    path = Path(directory) / f"{MODEL_STEM}.crfsuite"
    if not path.is_file() or not (Path(directory) / f"{MODEL_STEM}.json").is_file():
        raise FileNotFoundError(
            f"{path} (or its .json sidecar) not found; run `python -m analysis.training.pos_tagger`"
        )
    return _load(str(directory), path.stat().st_mtime)
