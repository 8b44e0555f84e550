"""Attribution cues: the cue lexicon (``lexicons/attribution_cues.csv``), finding cue candidates in
sentences, their context filters, and the extension of a cue span over auxiliaries, adverbs and
channel phrases. Steps 1 and 2 of the pipeline described in :mod:`analysis.measures.attribution`;
the shared lexicon reader (:func:`load_lexicon`) and term-pattern convention also live here."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

import pandas as pd

from analysis.config import LEXICON_DIR
from analysis.corpus.text import WORD_RE, casefold_for_search, first_chars, required_factors, trie_alternation

__all__ = ["CUES_CSV", "CUE_BEHAVIOUR", "LEXICON_COLUMNS", "load_lexicon"]

CUES_CSV = LEXICON_DIR / "attribution_cues.csv"

#: What each cue subcategory does.
CUE_BEHAVIOUR = {
    "reporting_verb": "speech-act verb form; a cue wherever it occurs outside a quotation",
    "conditional_verb": "cognition, stance or ambiguous verb form; a cue only before a complement "
    "(that/whether/colon/quotation) or right after a closing quotation",
    "phrase": "multi-word cue (verb + particle or channel); a cue wherever it occurs",
    "prepositional": "cue whose source follows it: according to X, citing X",
    "passive": "passive reporting frame (was quoted as saying); the source precedes it",
    "discontinuous": "regex 'verb X as <verb>': the words between the first word and the final "
    "'as <verb>' are the source inside the cue (quoted X as saying)",
    "adverbial": "sourceless cue adverb (reportedly); the source type is anonymous_unverifiable",
    "non_response": "a refusal or failure to respond (declined to comment, could not be reached); the "
    "source precedes it and the record is marked non_response",
    "layout": "not a lexicon row: a press-release layout found by analysis.measures.attribution (a "
    "quotation signed with a dash, or a speaker line ending in a colon before a quotation); the cue "
    "is the dash or the colon",
}

# ---------------------------------------------------------------------------------------------
# lexicons
# ---------------------------------------------------------------------------------------------

LEXICON_COLUMNS = ["term", "kind", "category", "subcategory", "source", "note"]


def load_lexicon(path: str | Path) -> pd.DataFrame:
    """A lexicon CSV (columns :data:`LEXICON_COLUMNS`), blank fields as empty strings."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = set(LEXICON_COLUMNS) - set(df.columns)
    if missing:
        raise ValueError(f"{path}: missing columns {sorted(missing)}")
    bad = set(df["kind"]) - {"literal", "regex"}
    if bad:
        raise ValueError(f"{path}: unknown kind {sorted(bad)}")
    return df


_APOS = re.compile(r"['’‘ʼ]")


def _term_pattern(term: str, kind: str) -> str:
    """Regex source for one lexicon term. Literals follow the project convention of
    :mod:`analysis.measures.lexicon`: whole words only, a space matches any whitespace or a hyphen, a
    hyphen matches a hyphen, whitespace or nothing, an apostrophe matches any apostrophe or none."""
    if kind == "regex":
        return term
    out = []
    for ch in " ".join(term.split()):
        if ch == " ":
            out.append(r"[\s\-]+")
        elif ch == "-":
            out.append(r"[\s\-]?")
        elif _APOS.match(ch):
            out.append(r"['’‘ʼ]?")
        else:
            out.append(re.escape(ch))
    left = r"(?<![\w’'-])" if term[:1].isalnum() else ""
    right = r"(?![\w-]|['’]\w)" if term[-1:].isalnum() else ""
    return left + "".join(out) + right


def _first_word(term: str) -> str:
    return _APOS.sub("'", term.split()[0].lower())


@dataclass(frozen=True)
class _CueLexicon:
    by_first: dict  # first word (lower case) -> [(compiled literal pattern, term, subcategory)], longest first
    literal: dict  # first word -> (its cues as one pattern, [(term, subcategory)]): see _first_word_cues
    regex: re.Pattern | None  # regex entries combined; group c<n> names entry n
    regex_entries: tuple  # (term, subcategory) per regex entry
    regex_gate: re.Pattern | None  # finds one of the strings every match of regex holds (None: unknown)


@lru_cache(maxsize=4)
def _cue_lexicon(path: str = str(CUES_CSV)) -> _CueLexicon:
    df = load_lexicon(path)
    df = df[df["category"] == "attribution_cue"]
    by_first: dict[str, list] = {}
    parts, regex_entries = [], []
    for term, kind, sub in zip(df["term"], df["kind"], df["subcategory"]):
        if kind == "literal":
            pat = re.compile(_term_pattern(term, kind), re.IGNORECASE)
            by_first.setdefault(_first_word(term), []).append((pat, term, sub))
        else:
            parts.append(f"(?P<c{len(regex_entries)}>{term})")
            regex_entries.append((term, sub))
    for lst in by_first.values():
        lst.sort(key=lambda x: -len(x[1]))
    # a guard on the characters a cue can start with: same matches, far fewer positions tried
    starts = first_chars("|".join(parts), re.IGNORECASE) if parts else None
    guard = "(?=[" + "".join(re.escape(ch) for ch in starts) + "])" if starts else ""
    regex = re.compile(guard + "(?:" + "|".join(parts) + ")", re.IGNORECASE) if parts else None
    factors = required_factors(regex.pattern, re.IGNORECASE) if parts else None
    gate = re.compile(trie_alternation(factors)) if factors else None
    literal = {key: _first_word_cues(entries) for key, entries in by_first.items()}
    return _CueLexicon(by_first, literal, regex, tuple(regex_entries), gate)


def _first_word_cues(entries: list) -> tuple[re.Pattern, list[tuple[str, str]]]:
    """The literal cues starting with one word (``(pattern, term, subcategory)``, longest first)
    as one alternation in their order: ``match`` returns the first alternative that matches, as
    trying them one by one did; group ``a<n>`` names entry n. A word that starts a single cue
    keeps that cue's own pattern."""
    if len(entries) == 1:  # most first words start one cue
        rx = entries[0][0]
    else:
        rx = re.compile("|".join(f"(?P<a{n}>{pat.pattern})" for n, (pat, _, _) in enumerate(entries)), re.IGNORECASE)
    return rx, [(term, sub) for _, term, sub in entries]


# ---------------------------------------------------------------------------------------------
# cue detection
# ---------------------------------------------------------------------------------------------

#: Words taken into the cue on its left: auxiliaries, negation, and adverbs (also any -ly word).
_LEFT_EXT = re.compile(
    r"(?:(?<![\w’'])(?:has|have|had|having|is|are|was|were|been|will|would|could|"
    r"may|might|must|did|does|do|yet|(?:did|does|do|is|was|are|were|has|have|had|would|could|should|wo|ca)n[’']t|not|never|also|now|repeatedly|previously|later|then|since|"
    r"recently|once|often|publicly|privately|already|first|initially|even|still|just|long|"
    r"again|openly|[a-z]+ly)\s+)+$",
    re.IGNORECASE,
)
_WORDS = re.compile(r"[\w’'-]+")
_LEFT_NOT_ADVERB = {
    "only",
    "early",
    "family",
    "italy",
    "july",
    "rally",
    "ally",
    "supply",
    "reply",
    "daily",
    "holy",
    "likely",
    "fly",
    "apply",
    "kelly",
    "billy",
    "sally",
    "molly",
}
#: Channel phrases taken into the cue on its right ("said in a statement", "wrote on Twitter").
_RIGHT_EXT = re.compile(
    r"\s+(?:in\s+(?:a|an|the|his|her|their|its)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:statement|interview|email|e-mail|tweet|letter|speech|post|memo|op-ed|column|"
    r"blog\s+post|press\s+release|release|message|note|video|report|book|essay|filing|"
    r"conference\s+call|call|briefing|appearance)"
    r"|on\s+(?:Twitter|Facebook|Instagram|CNN|Fox|MSNBC|NBC|ABC|CBS)"
    r"|about|out)(?![\w-])",
)
#: A complement after a conditional cue: that/whether/if, a colon, or an opening quotation.
_COMPLEMENT = re.compile(r"(?:\s+(?:[\w’'-]+\s+){0,3}?(?:that|whether)\b|\s*[,:]?\s*[“\"‘]|\s*:)", re.IGNORECASE)
#: A closing quotation (with optional comma) just before a cue: “…,” she thinks.
_AFTER_QUOTE = re.compile(r"[”\"’][,.]?\s*(?:[\w’'.-]+\s+){0,3}$")
#: A cue form after a determiner, possessive or quantifying adjective is a noun ("new calls",
#: "any hint"), not a reporting verb.
_BLOCK_BEFORE = re.compile(
    r"(?:\bso-|\b(?:the|a|an|any|new|more|many|several|recent|fresh|renewed|growing|"
    r"repeated|phone|his|their|its|our|my|your)\s+"
    r"(?:(?:urgent|further|widespread|new|fresh|renewed|growing|repeated|recent)\s+)?)$",
    re.IGNORECASE,
)


_PLURAL_S = re.compile(r"\w+s(?=\s|$)")
_PREP_BEFORE = re.compile(
    r"\b(?:for|in|of|on|at|with|from|about|into|after|before|during|by|to|amid|over)\s+$", re.IGNORECASE
)


class _Regions:
    """Quotation regions for containment tests in O(log n): regions sorted by start with the
    running maximum of their ends (a region containing [s, e) starts at or before s, and the
    furthest end among those decides)."""

    def __init__(self, regions):
        ordered = sorted(regions)
        self.starts = [a for a, _ in ordered]
        self.max_end = list(accumulate((b for _, b in ordered), max))

    def contains(self, s: int, e: int) -> bool:
        k = bisect.bisect_right(self.starts, s) - 1
        return k >= 0 and self.max_end[k] >= e


def _extend_left(text: str, s: int, floor: int) -> int:
    m = _LEFT_EXT.search(text, max(floor, s - 80), s)
    if not m:
        return s
    start = m.start()
    words = list(_WORDS.finditer(text[start:s]))
    # drop leading words that are not extension words (a -ly noun such as "rally")
    for w in words:
        if w.group().lower() in _LEFT_NOT_ADVERB:
            start = start + w.end()
        else:
            break
    while start < s and text[start].isspace():
        start += 1
    return start


#: A time adverb between a reporting verb and its complement ("said Tuesday that"). (Longer
#: circumstance phrases, "said at a town hall in Iowa, ...", are also cue in PolNeAR, but taking
#: them in lowered cue F1 on PolNeAR train: 0.583 against 0.599 without.)
_RIGHT_PP = re.compile(
    r"\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|recently|repeatedly|"
    r"earlier|later|again|privately|publicly)(?:\s+(?:morning|afternoon|evening|night))?"
    r"(?=\s*(?:,|:|—|\bthat\b|“|\"|$))"
)


def _extend_right(text: str, e: int, ceil: int) -> int:
    m = _RIGHT_EXT.match(text, e, ceil)
    e = m.end() if m else e
    m = _RIGHT_PP.match(text, e, ceil)
    return m.end() if m else e


@dataclass
class _Cue:
    start: int
    end: int
    parts: list[tuple[int, int]]
    entry: str
    sub: str
    src: tuple[int, int] | None = None


_WORD_SPLIT = re.compile(f"({WORD_RE.pattern})")  # WORD_RE has no groups: tokens at the odd indices


def _word_starts(text: str, ss: int, se: int, keys) -> list[tuple[int, str]]:
    """``(start, key)`` of the WORD_RE tokens of ``text[ss:se]`` whose key (lower case, apostrophes
    as ') is in ``keys``. Fast path: one split of the lower-cased sentence and running offsets, all
    in C but the membership test; the token loop is the fallback when lower-casing changes the
    length or the sentence holds ‘ or ʼ (which ' would tokenise differently)."""
    sentence = text[ss:se]
    low = sentence.lower()
    if len(low) != len(sentence) or "‘" in sentence or "ʼ" in sentence:
        return [
            (w.start(), k) for w in WORD_RE.finditer(text, ss, se) if (k := _APOS.sub("'", w.group().lower())) in keys
        ]
    parts = _WORD_SPLIT.split(low.replace("’", "'"))
    ends = list(accumulate(map(len, parts)))
    return [(ss + ends[j - 1], parts[j]) for j in range(1, len(parts), 2) if parts[j] in keys]


def _raw_matches(text: str, ss: int, se: int):
    """``(start, end, term, subcategory, src_span)`` of every lexicon match in ``text[ss:se]``."""
    lex = _cue_lexicon()
    literal = lex.literal
    for start, key in _word_starts(text, ss, se, literal):
        rx, entries = literal[key]
        m = rx.match(text, start, se)
        if m:
            term, sub = entries[int(m.lastgroup[1:])] if len(entries) > 1 else entries[0]
            yield m.start(), m.end(), term, sub, None
    # the regex cues can only match a sentence holding one of their required factors (9% do)
    gate = lex.regex_gate
    if lex.regex is not None and (gate is None or gate.search(casefold_for_search(text[ss:se]))):
        for m in lex.regex.finditer(text, ss, se):
            term, sub = lex.regex_entries[int(m.lastgroup[1:])]
            src = _inner_source(text, m.start(), m.end()) if sub == "discontinuous" else None
            yield m.start(), m.end(), term, sub, src


_DISC_HEAD = re.compile(r"\w+")
_DISC_TAIL = re.compile(r",?\s+as\s+\w+$", re.IGNORECASE)


def _inner_source(text: str, s: int, e: int) -> tuple[int, int]:
    """The source inside a discontinuous cue match: between its first word and its closing
    "as <verb>" ("quoted | the acting director ..., Adnan Assadi, | as saying")."""
    head = _DISC_HEAD.match(text, s, e)
    tail = _DISC_TAIL.search(text, s, e)
    return head.end(), tail.start() if tail else e


#: Uses of cue forms that are not reporting (issue 12's false cues): a noun "talks"/"calls" before
#: a preposition or auxiliary ("talks with", "calls grew"), "called"/"named" naming a thing ("a firm
#: called Milltech"), an adjectival "is opposed", a noun "blast" (an explosion), "continued" with no complement and no quotation
#: before it ("The search continued"), and a cue word ending an unpunctuated heading line ("Scare quotes").
_NOUN_AFTER = re.compile(
    r"\s+(?:with|between|in|over|at|broke|collapsed|resumed|failed|grew|were|are|"
    r"have|had|will|would|could)\b",
    re.IGNORECASE,
)
_NAMING = re.compile(r"\b(?:a|an|the)\s+[a-z][\w-]*\s+$")
_ADJ_BE = re.compile(r"(?:is|are|was|were|be|been|being|am)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_NEEDS_COMPLEMENT = {"continued", "issued"}
#: "blast" as the noun for an explosion ("a bomb blast", "the second blast", "blast killed"): an
#: explosion word, an ordinal or size adjective before it, or a preposition or event verb after it.
_BLAST_NOUN_BEFORE = re.compile(
    r"\b(?:bomb|car|truck|grenade|suicide|nuclear|gas|mine|jet|deadly|fatal|first|second|"
    r"third|latest|twin|huge|massive|powerful|big|large|explosive)\s+$",
    re.IGNORECASE,
)
_BLAST_NOUN_AFTER = re.compile(
    r"\s+(?:killed|kills|killing|hit|hits|ripped|rocked|rocks|struck|strikes|wounded|injured|"
    r"destroyed|damaged|occurred|shook|went\s+off)\b",
    re.IGNORECASE,
)


def _false_cue(text: str, s: int, e: int, term: str, ss: int, se: int) -> bool:
    """Is the cue-form match at ``[s, e)`` one of the non-reporting uses above?"""
    low = term.lower()
    if low in ("talks", "calls") and _NOUN_AFTER.match(text, e, se):
        return True
    if low in ("called", "named") and _NAMING.search(text, max(ss, s - 30), s) and _CAP_NEXT.match(text, e, se):
        return True
    if low in ("opposed",) and _ADJ_BE.search(text, max(ss, s - 20), s):
        return True
    if low in ("blast", "blasts") and (
        _BLAST_NOUN_BEFORE.search(text, max(ss, s - 20), s)
        or _NOUN_AFTER.match(text, e, se)
        or _BLAST_NOUN_AFTER.match(text, e, se)
    ):
        return True
    if low in _NEEDS_COMPLEMENT and not (
        _COMPLEMENT.match(text, e, se) or _AFTER_QUOTE.search(text, max(ss, s - 60), s)
    ):
        return True
    # a heading: nothing but whitespace from the cue to the line end (a line break within the
    # sentence, or just after it), read up to that line break only, not to the sentence end
    if not _BLANK_TO_LINE_END.match(text, e, min(len(text), se + 2)):
        return False
    line_start = text.rfind("\n", ss, s) + 1 or ss  # the line is short or this is its one last cue
    head = text[max(ss, line_start) : s]
    return len(head.split()) <= 6 and not head.rstrip().endswith(("”", '"'))


_CAP_NEXT = re.compile(r"\s+[A-Z]")
_BLANK_TO_LINE_END = re.compile(r"[^\S\n]*\n")


def _find_cues(text: str, sentence_bounds, quote_regions) -> list[tuple[int, _Cue]]:
    """Cue candidates with their sentence index, after context filters and span extension."""
    out: list[tuple[int, _Cue]] = []
    regions = _Regions(quote_regions)
    for si, (ss, se) in enumerate(sentence_bounds):
        for s, e, term, sub, src in _raw_matches(text, ss, se):
            if regions.contains(s, e) or _BLOCK_BEFORE.search(text, max(ss, s - 24), s):
                continue
            if _PLURAL_S.match(text, s, e) and _PREP_BEFORE.search(text, max(ss, s - 12), s):
                continue  # "for talks", "of reports": a plural noun after a preposition
            if _false_cue(text, s, e, term, ss, se):
                continue
            if sub == "conditional_verb" and not (
                _COMPLEMENT.match(text, e, se) or _AFTER_QUOTE.search(text, max(ss, s - 60), s)
            ):
                continue
            parts = [(s, e)]
            if src is not None:
                parts = [(a, b) for a, b in (_trim(text, s, src[0]), _trim(text, src[1], e)) if b > a]
            if sub in ("reporting_verb", "conditional_verb", "phrase", "passive", "discontinuous", "non_response"):
                parts[0] = (_extend_left(text, parts[0][0], ss), parts[0][1])
            if sub in ("reporting_verb", "conditional_verb", "phrase"):
                parts[-1] = (parts[-1][0], _extend_right(text, parts[-1][1], se))
            out.append((si, _Cue(parts[0][0], parts[-1][1], parts, term, sub, src)))
    return _dedupe(out)


def _dedupe(cues: list[tuple[int, _Cue]]) -> list[tuple[int, _Cue]]:
    """Drop cues overlapping an earlier, longer one."""
    keep: list[tuple[int, _Cue]] = []
    for si, c in sorted(cues, key=lambda x: (x[1].start, -(x[1].end - x[1].start))):
        if keep and c.start < keep[-1][1].end:
            continue
        keep.append((si, c))
    return keep


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Shrink ``[s, e)`` past surrounding whitespace and commas."""
    while s < e and (text[s].isspace() or text[s] == ","):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] == ","):
        e -= 1
    return s, e


# ---------------------------------------------------------------------------------------------
# helpers of the source search in analysis.measures.attribution (kept here for its size)
# ---------------------------------------------------------------------------------------------

#: Words before "to"/"with" that keep a source noun phrase going ("sources close to Mr X", "people
#: familiar with the talks"), and "on the ground" ("our sources on the ground"): the codebook's
#: unnamed circles (docs/source-types.md), whose whole phrase is the source.
_JOINT_BEFORE = {"close", "closer", "familiar"}


def _np_joint(toks, i: int) -> bool:
    """Is ``toks[i]`` (``(start, end, word)`` tokens) a preposition inside a source noun phrase
    (see :data:`_JOINT_BEFORE`)?"""
    if i <= 0 or i + 1 >= len(toks):
        return False
    lw = toks[i][2].lower()
    if lw in ("to", "with"):
        return toks[i - 1][2].lower() in _JOINT_BEFORE
    return lw == "on" and [t[2].lower() for t in toks[i + 1 : i + 3]] == ["the", "ground"]


_FROM = re.compile(r"\s+from\s+", re.IGNORECASE)
_ASKED = re.compile(
    r"\b(?:contacted|asked|approached|e-?mailed|wrote\s+to|reached\s+out\s+to|"
    r"sent\s+(?:an?\s+)?(?:e-?mail|request|questions?|letter)s?\s+to)\s+",
    re.IGNORECASE,
)
_BOTH = re.compile(r"(?:both|either)\s+", re.IGNORECASE)
_PARTICIPLE = re.compile(r"\s+[a-z]+ing\b")


def _addressee_window(text: str, cue: _Cue, ss: int, se: int) -> tuple[int, int] | None:
    """Where to read who is awaited in "… is awaiting a response (from X)": after "from", else
    after the last "contacted"/"asked"/"approached" before the cue ("has contacted the Coast Guard
    … and is awaiting a response"), as ``(start, ceiling)``; None if neither. The codebook types a
    non-response as whoever did not respond, not the asker."""
    m = _FROM.match(text, cue.end, se)
    if m:
        return m.end(), se
    last = None
    for last in _ASKED.finditer(text, ss, cue.start):  # noqa: B007  (the last match is wanted)
        pass
    return (last.end(), cue.start) if last else None


def _trim_addressee(text: str, a: int, b: int) -> tuple[int, int]:
    """The awaited body's span without a leading "both"/"either" or a trailing participle clause
    ("the Coast Guard seeking to clarify …")."""
    lead = _BOTH.match(text, a, b)
    tail = _PARTICIPLE.search(text, a, b)
    return _trim(text, lead.end() if lead else a, tail.start() if tail else b)


#: A closing quotation mark, then whitespace with at most one comma, at the end of the text before
#: a cue ("“…,” said X"): what :func:`_quote_before` answers without a search of the whole text.
_QUOTE_BEFORE = re.compile(r"(?:[”\"]|'')\s*,?\s*$")


def _skip_space_back(text: str, floor: int, pos: int) -> int:
    """The position after the last non-whitespace character of ``text[floor:pos]`` (``floor`` when
    there is none): the work is the whitespace run before ``pos``, not the whole text before it."""
    while pos > floor and text[pos - 1].isspace():
        pos -= 1
    return pos


def _quote_before(text: str, floor: int, pos: int) -> bool:
    """:data:`_QUOTE_BEFORE` searched in ``text[floor:pos]``, looking only at its end: a closing
    quotation mark, then whitespace with at most one comma."""
    end = _skip_space_back(text, floor, pos)
    if end > floor and text[end - 1] == ",":
        end = _skip_space_back(text, floor, end - 1)
    return end > floor and (text[end - 1] in '”"' or (end - 1 > floor and text[end - 2 : end] == "''"))
