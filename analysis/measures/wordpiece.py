"""BERT uncased WordPiece tokenisation in plain Python (no tokenizer library at run time).

Reproduces what ``BertTokenizer`` (``do_lower_case=True``, ``tokenize_chinese_chars=True``) does
for the uncased BERT vocabulary that all-MiniLM-L6-v2 uses (Devlin et al. 2019, "BERT", section 3
and the reference ``tokenization.py`` of google-research/bert; Wu et al. 2016 for WordPiece):

1. *clean*: drop NUL, U+FFFD and control characters (Unicode ``Cc``/``Cf`` except tab, newline and
   carriage return); every whitespace character separates tokens;
2. *Chinese characters* (the CJK Unified Ideograph blocks) become tokens of their own;
3. *lower-case*, then strip accents (NFD, drop combining marks ``Mn``);
4. *split on punctuation*: every ASCII non-letter, non-digit printable character and every
   Unicode ``P*`` character is a token of its own;
5. *WordPiece*: greedy longest match from the left against the vocabulary, continuation pieces
   prefixed ``##``; a word with no full segmentation, or longer than 100 characters, is ``[UNK]``.

The punctuation and control character sets are passed in (the embedding artefact stores the code
points it was built with, so tokenisation does not depend on the Python's Unicode tables and no
start-up scan of all code points is needed). Words already seen are cached, so run time on news
text is one regex pass plus a dictionary look-up per word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

__all__ = ["WordPiece", "CJK_RANGES", "is_bert_punctuation", "is_bert_control"]

#: The CJK Unified Ideographs blocks BERT splits into single-character tokens.
CJK_RANGES = (
    (0x4E00, 0x9FFF),
    (0x3400, 0x4DBF),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2B73F),
    (0x2B740, 0x2B81F),
    (0x2B820, 0x2CEAF),
    (0xF900, 0xFAFF),
    (0x2F800, 0x2FA1F),
)
#: Distinct words kept in the cache before it is emptied (bounds memory on endless streams).
CACHE_SIZE = 500_000


def is_bert_punctuation(cp: int) -> bool:
    """BERT's ``_is_punctuation``: ASCII 33-47, 58-64, 91-96, 123-126, or Unicode category ``P*``."""
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(chr(cp)).startswith("P")


def is_bert_control(cp: int) -> bool:
    """Characters BERT's ``_clean_text`` drops: NUL, U+FFFD, and ``Cc``/``Cf`` except tab, newline
    and carriage return."""
    if cp in (9, 10, 13):
        return False
    return cp in (0, 0xFFFD) or unicodedata.category(chr(cp)) in ("Cc", "Cf")


def _char_class(codepoints: Iterable[int]) -> str:
    """A regex character-class body for the code points, as ranges."""
    cps = sorted(set(int(c) for c in codepoints))
    parts, i = [], 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        a, b = chr(cps[i]), chr(cps[j])
        parts.append(re.escape(a) if i == j else f"{re.escape(a)}-{re.escape(b)}")
        i = j + 1
    return "".join(parts)


class WordPiece:
    """BERT uncased tokeniser over ``vocab`` (token strings in id order).

    ``punctuation`` and ``control``: the code points of steps 4 and 1 (see the module docstring);
    :func:`is_bert_punctuation` and :func:`is_bert_control` define them.
    """

    def __init__(
        self,
        vocab: list[str],
        punctuation: Iterable[int],
        control: Iterable[int],
        unk_token: str = "[UNK]",
        max_chars: int = 100,
    ):
        punctuation, control = [int(c) for c in punctuation], [int(c) for c in control]
        self.vocab = list(vocab)
        self.index = {t: i for i, t in enumerate(self.vocab)}
        self.unk_id = self.index[unk_token]
        self.max_chars = max_chars
        cjk = "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in CJK_RANGES)
        single = _char_class(punctuation) + cjk
        self._control = re.compile(f"[{_char_class(control)}]")
        self._split = re.compile(f"[{single}]|[^\\s{single}]+")
        # ASCII texts (most news): the same two steps with the ASCII members of the classes only,
        # a much smaller character class for sre (same output: tests/measures/test_wordpiece_ascii.py)
        ascii_single = _char_class(c for c in punctuation if c < 128)
        ascii_control = _char_class(c for c in control if c < 128)
        self._ascii_control = re.compile(f"[{ascii_control}]") if ascii_control else None
        self._ascii_split = re.compile(f"[{ascii_single}]|[^\\s{ascii_single}]+") if ascii_single else None
        self._cache: dict[str, tuple[int, ...]] = {}
        self._longest = max(len(t) for t in self.vocab)

    # -- basic tokeniser ----------------------------------------------------------------------

    def normalise(self, text: str) -> str:
        """Steps 1 and 3: control characters removed, lower-cased, accents stripped."""
        text = self._control.sub("", text).lower()
        if not text.isascii():
            text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
        return text

    def words(self, text: str) -> list[str]:
        """The basic tokeniser's output (steps 1-4): lower-cased words and punctuation marks."""
        if self._ascii_split is not None and text.isascii():
            if self._ascii_control is not None:
                text = self._ascii_control.sub("", text)
            return self._ascii_split.findall(text.lower())
        return self._split.findall(self.normalise(text))

    # -- WordPiece ----------------------------------------------------------------------------

    def _word_ids(self, word: str) -> tuple[int, ...]:
        """Greedy longest-match-first WordPiece ids of one basic-tokeniser word."""
        if len(word) > self.max_chars:
            return (self.unk_id,)
        index, out, start, n = self.index, [], 0, len(word)
        while start < n:
            end = min(n, start + self._longest)
            hit = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                hit = index.get(piece)
                if hit is not None:
                    break
                end -= 1
            if hit is None:
                return (self.unk_id,)
            out.append(hit)
            start = end
        return tuple(out)

    def word_ids(self, words: list[str]) -> list[tuple[int, ...]]:
        """WordPiece ids of each word (cached)."""
        cache = self._cache
        get = cache.get
        out = [get(w) for w in words]
        if None in out:
            if len(cache) > CACHE_SIZE:
                cache.clear()
            for k, w in enumerate(words):
                if out[k] is None:
                    out[k] = cache[w] = self._word_ids(w)
        return out

    def ids(self, text: str) -> list[int]:
        """Token ids of ``text`` (no ``[CLS]``/``[SEP]``)."""
        return [i for t in self.word_ids(self.words(text)) for i in t]

    def tokenize(self, text: str) -> list[str]:
        """Token strings of ``text``, as ``BertTokenizer.tokenize`` returns them."""
        return [self.vocab[i] for i in self.ids(text)]
