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


def trie_alternation(words) -> str:
    """A regex matching exactly ``words``, factored by common prefixes, longer branches first: sre
    tries a flat alternation entry by entry (slow for thousands of entries); a trie dispatches on
    one character at a time."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(k) + emit(node[k]) for k in sorted(node) if k != ""]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return emit(trie) or r"(?!x)x"


def first_chars(pattern: str, flags: int = 0) -> str | None:
    """The characters a match of ``pattern`` can start with, or None when that set is not a plain
    finite one (a class like ``\\w``, a zero-width start, an optional first item ...). Used to put a
    ``(?=[...])`` guard before a long alternation: same matches, but sre skips the positions where
    no alternative can start instead of trying each one there."""
    try:
        from re import _parser as sre_parse  # Python >= 3.11
    except ImportError:  # pragma: no cover
        import sre_parse  # type: ignore[no-redef]
    from re import _constants as c

    def first(sub) -> set[str] | None:
        if not len(sub.data):
            return None
        op, av = sub.data[0]
        if op is c.LITERAL:
            return {chr(av)}
        if op is c.IN:
            out = set()
            for iop, iav in av:
                if iop is c.LITERAL:
                    out.add(chr(iav))
                elif iop is c.RANGE and iav[1] - iav[0] < 256:
                    out.update(chr(k) for k in range(iav[0], iav[1] + 1))
                else:
                    return None
            return out
        if op is c.BRANCH:
            out = set()
            for alt in av[1]:
                got = first(alt)
                if got is None:
                    return None
                out |= got
            return out
        if op is c.SUBPATTERN and not av[1] and not av[2]:
            return first(av[3])
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
            return first(av[2])
        return None

    try:
        found = first(sre_parse.parse(pattern, flags))
    except Exception:  # noqa: BLE001 - any parser change: no guard, never wrong matches
        return None
    return "".join(sorted(found)) if found else None


def required_factors(pattern: str, flags: int = 0, min_len: int = 3) -> tuple[str, ...] | None:
    """Strings one of which every match of ``pattern`` contains (a literal run that no match can
    skip: ``quot`` in ``quot(?:ed|es)\\s+as``, or one per alternative of a branch), or None when
    no such set has strings of ``min_len`` characters or more. With ``re.IGNORECASE`` the strings
    are lower-cased and compare with a text folded by :func:`casefold_for_search`. Used to skip
    texts no match can occur in before running a long regex: same matches, less work."""
    try:
        from re import _parser as sre_parse  # Python >= 3.11
    except ImportError:  # pragma: no cover
        import sre_parse  # type: ignore[no-redef]
    from re import _constants as c

    def better(a: set[str] | None, b: set[str] | None) -> set[str] | None:
        if a is None or b is None:
            return a if b is None else b
        return a if (min(map(len, a)), -len(a)) >= (min(map(len, b)), -len(b)) else b

    def factors(sub) -> set[str] | None:
        best, run = None, []
        for op, av in list(sub.data) + [(None, None)]:
            if op is c.LITERAL:
                run.append(chr(av))
                continue
            if run:
                best, run = better(best, {"".join(run)}), []
            if op is c.SUBPATTERN and not av[1] and not av[2]:
                best = better(best, factors(av[3]))
            elif op is c.BRANCH:
                alts = [factors(alt) for alt in av[1]]
                if all(a is not None for a in alts):
                    best = better(best, set().union(*alts))
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
                best = better(best, factors(av[2]))
        return best

    try:
        found = factors(sre_parse.parse(pattern, flags))
    except Exception:  # noqa: BLE001 - any parser change: no factors, never a skipped match
        return None
    if not found or min(map(len, found)) < min_len:
        return None
    if flags & re.IGNORECASE:
        if not all(f.isascii() for f in found):
            return None
        found = {f.lower() for f in found}
    return tuple(sorted(found))


#: The non-ASCII characters that ``re.IGNORECASE`` matches to an ASCII letter, and str.lower() does
#: not lower to it (Kelvin sign K does): dotted and dotless I, long s.
_FOLD_TO_ASCII = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})


def casefold_for_search(text: str) -> str:
    """``text`` lower-cased so that an ASCII string matched case-insensitively by ``re`` in it
    (:func:`required_factors`) is a plain substring of the result."""
    return text.lower() if text.isascii() else text.translate(_FOLD_TO_ASCII).lower()
