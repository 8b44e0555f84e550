"""Where the source and the content of an attribution are, given its cue: steps 3 and 4 of the rule
extractor (:mod:`analysis.measures.attribution_rules`; the pipeline is described in
:mod:`analysis.measures.attribution`). The source is the noun phrase before the cue, or after it in
inversions ("...," said Mr. X) and after prepositional cues ("according to X"); the content is the
adjacent quotation or the clause after the cue. The work per cue is bounded (:data:`SOURCE_WINDOW`),
so time is linear in sentence length."""

from __future__ import annotations

import bisect
import re

from analysis.corpus.text import WORD_RE
from analysis.measures.attribution_cues import (
    _addressee_window,
    _Cue,
    _np_joint,
    _quote_before,
    _skip_space_back,
    _trim,
    _trim_addressee,
)
from analysis.measures.source_types import _PRONOUNS

# ---------------------------------------------------------------------------------------------
# source extraction
# ---------------------------------------------------------------------------------------------

#: Words that end a source noun phrase when walking left from the cue.
_NP_STOP = set(
    """
and or but nor so yet because although though while whereas if unless when whenever where after
before since until as than like that which who whom whose what how why whether
is are was were be been being am has have had do does did will would can could should may might
must shall not also only even just still then there here now however meanwhile moreover
in on at by with from to into onto about over under after during through against without within
between among across toward towards upon per via
said says say told tells added wrote according saying
""".split()
)
_DETERMINERS = {
    "the",
    "a",
    "an",
    "this",
    "these",
    "those",
    "his",
    "her",
    "their",
    "its",
    "our",
    "my",
    "your",
    "some",
    "many",
    "most",
    "several",
    "both",
    "all",
    "other",
    "another",
    "each",
    "few",
    "one",
    "two",
    "three",
    "four",
    "five",
    "no",
    "any",
    "such",
}
_NP_LINKS = {"of", "for", "at", "from", "by"}
_ING_NOUNS = {
    "leading",
    "ranking",
    "founding",
    "outgoing",
    "incoming",
    "governing",
    "sitting",
    "acting",
    "building",
    "meeting",
    "polling",
    "training",
    "working",
    "funding",
    "rating",
}
#: Tokens after which a sentence-internal subject may start.
_CLAUSE_START = {
    ",",
    ";",
    ":",
    "—",
    "–",
    "“",
    "”",
    '"',
    "(",
    "but",
    "and",
    "so",
    "yet",
    "meanwhile",
    "however",
    "also",
    "still",
    "now",
    "then",
    "instead",
}
_TIME_GAP = re.compile(
    r"(?:\s+|,)(?:on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|"
    r"(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\s+(?:morning|afternoon|evening|night)|"
    r"(?:last|this|next)\s+(?:week|month|year|night|weekend)|(?:earlier|later)\s+(?:this|that)\s+\w+|"
    r"yesterday|today|himself|herself|themselves|itself|in\s+(?:19|20)\d\d)\s*$"
)
_TOKEN = re.compile(r"''|[\w’'.\-/&]*\w[\w’'.\-/&]*|[,:;()\[\]“”\"—–‘’']", re.UNICODE)
_WORDLIKE = re.compile(r"[\w’'.\-/&]*\w[\w’'.\-/&]*$")
#: Determiners that cannot be a source on their own ("her" in "wrote to her say").
_BARE_DET = {
    "the",
    "a",
    "an",
    "his",
    "her",
    "their",
    "its",
    "our",
    "my",
    "your",
    "this",
    "these",
    "those",
    "no",
    "any",
    "such",
    "each",
    "another",
    "other",
}


def _np_walk(toks, last: int, limit: int = 14) -> int | None:
    """Index of the first token of the noun phrase ending at ``toks[last]`` (walking left), or
    None. Stops at function words, verbs in :data:`_NP_STOP` and punctuation; crosses "of"/"for"
    links ("a spokesman for the campaign") and "and" after a capitalised word."""
    i, taken = last, None
    while i >= 0 and last - i < limit:
        w = toks[i][2]
        lw = w.lower().strip(".")
        if not _WORDLIKE.match(w):
            break
        if lw == "in" and i < last and toks[i + 1][2][:1].isupper() and i > 0 and toks[i - 1][2][:1].isupper():
            pass  # "the U.S. Embassy in Iraq"
        elif _np_joint(toks, i):
            pass  # "sources close to Mr X"
        elif (
            lw in _NP_STOP and lw not in _NP_LINKS and not (w[:1].isupper() and i > 0 and toks[i - 1][2][:1].isupper())
        ):
            if not (lw == "and" and i > 0 and toks[i - 1][2][:1].isupper() and taken is not None):
                break
        if lw in _PRONOUNS and lw != "it":
            break
        if lw in _NP_LINKS and (i == 0 or not _WORDLIKE.match(toks[i - 1][2])):
            break
        if lw.endswith("ing") and w[:1].islower() and i < last and lw not in _ING_NOUNS:
            break  # a participle or gerund verb ("tool allowing users") is not inside the subject
        taken = i
        if lw in _DETERMINERS:
            prev = toks[i - 1][2].lower() if i > 0 else ""
            if prev in _NP_LINKS or prev in _DETERMINERS or _np_joint(toks, i - 1):  # "a spokesman for the", "all the"
                i -= 1
                continue
            if prev == "and" and i > 1 and toks[i - 2][2][:1].isupper():  # "Mr. Sanders and his team"
                i -= 2
                continue
            break
        i -= 1
    while taken is not None and taken <= last and toks[taken][2].lower() in _NP_LINKS | {"and"}:
        taken += 1
    if taken is None or taken > last or (taken == last and toks[last][2].lower() in _BARE_DET):
        return None
    return taken


def _tokens(text: str, a: int, b: int):
    return [(t.start(), t.end(), t.group()) for t in _TOKEN.finditer(text, a, b)]


#: How far left of a cue the source search looks, in characters. A subject noun phrase is at most
#: 14 tokens and an appositive subject 45 (:func:`_np_walk`, :func:`_appositive_subject`), well
#: inside this window; bounding it keeps the work per cue constant, so a sentence costs time
#: linear in its length (re-scanning from the sentence start for every cue was quadratic).
SOURCE_WINDOW = 600
_CUT = (-1, -1, "\x00")  # stands for the tokens cut off by the window: not a word, not a clause start


def _tokens_before(text: str, floor: int, end: int):
    """Tokens of ``text[floor:end]``, or of its last :data:`SOURCE_WINDOW` characters preceded by a
    cut marker (the first, possibly partial, token of the window is dropped)."""
    if end - floor <= SOURCE_WINDOW:
        return _tokens(text, floor, end)
    toks = _tokens(text, end - SOURCE_WINDOW, end)
    return [_CUT, *toks[1:]]


def _appositive_subject(text: str, toks) -> tuple[int, int] | None:
    """``Name, appositive, <cue>``: the span from the name to the last comma (exclusive)."""
    commas = [k for k, t in enumerate(toks[:-1]) if t[2] == ","]
    for c in commas:
        if c == 0 or len(toks) - c > 45:
            continue
        k = _np_walk(toks, c - 1, limit=8)
        if k is None or not (k == 0 or toks[k - 1][2].lower() in _CLAUSE_START):
            continue
        np_words = [t[2] for t in toks[k:c]]
        if not any(w[:1].isupper() for w in np_words) and np_words[0].lower() not in _DETERMINERS:
            continue
        if any(t[2] in ("“", "”", '"', "''") for t in toks[c:]):
            continue
        return toks[k][0], toks[-2][1]
    return None


def _relative_subject(toks) -> tuple[int, int] | None:
    """``Name(, appositive) who is based in Najaf has warned``: a subject carrying a relative
    clause (who/whose) with no comma between the clause and the cue."""
    for r in range(len(toks) - 2, 0, -1):
        w = toks[r][2]
        if w in (",", ";", ":", "“", "”", '"', "''", "—"):
            return None
        if w.lower() not in ("who", "whose"):
            continue
        j = r - 1
        if toks[j][2] == ",":
            j -= 1
        if j < 0:
            return None
        k = _np_walk(toks, j, limit=10)
        if k is None:
            return None
        if k > 0 and toks[k - 1][2] == ",":  # Name, appositive who ...
            k2 = _np_walk(toks, k - 2, limit=6) if k >= 2 else None
            if k2 is not None and toks[k2][2][:1].isupper():
                k = k2
        if not (k == 0 or toks[k - 1][2].lower() in _CLAUSE_START):
            return None
        if not any(t[2][:1].isupper() for t in toks[k:r]):
            return None
        return toks[k][0], toks[-1][1]
    return None


def _left_source(text: str, cue_start: int, floor: int) -> tuple[int, int] | None:
    """The noun phrase ending just before ``cue_start`` (``floor`` is the sentence start)."""
    end = cue_start
    m = _TIME_GAP.search(text, max(floor, end - 40), end)
    if m:
        end = m.start()
    toks = _tokens_before(text, floor, end)
    if not toks or toks == [_CUT]:
        return None
    last = toks[-1][2].lower()
    if last in _PRONOUNS:
        return toks[-1][0], toks[-1][1]
    if last == ",":
        return _appositive_subject(text, toks)
    rel = _relative_subject(toks)
    if rel:
        return rel
    if last == ")":
        j = next((k for k in range(len(toks) - 1, -1, -1) if toks[k][2] == "("), None)
        if j is None or j == 0:
            return None
        k = _np_walk(toks, j - 1)
        return (toks[k][0], toks[-1][1]) if k is not None else None
    k = _np_walk(toks, len(toks) - 1)
    return _trim(text, toks[k][0], toks[-1][1]) if k is not None else None


_RIGHT_NP_END = re.compile(
    r"[,.;:!?—–()“”\"]|''|\s(?:that|who|which|as|in|on|at|after|before|when|while|because|"
    r"and\s+(?:the|a)\s)\s",
    re.IGNORECASE,
)
_PARTY_LABEL = re.compile(r"\s*\((?:[DRI]|Ind)\.?-[\w.\s]{1,12}\)")
_ABBREV_END = re.compile(r"(?:\b[A-Z][a-z]{0,3}|\b[A-Z]|\b(?:[A-Z]\.)+[A-Z]?)$")
_APPOSITIVE_OPEN = re.compile(
    r",\s*(?!(?:and|but|or|while|as|because|before|after|when|then|adding|saying|noting|"
    r"according|explaining|though|although|so)\b)[\w“\"]"
)
_APPOSITIVE_STOP = re.compile(
    r"—|\s–\s|,\s*(?:adding|saying|noting|according|explaining|and|but|while|who\s+(?:said|added))\b|[.;!?](?:[”\"]?\s|$)"
)


def _right_source(
    text: str, start: int, ceil: int, *, appositive: bool = False, max_words: int = 14
) -> tuple[int, int] | None:
    """The noun phrase starting at ``start`` (after a cue), up to punctuation or a clause word;
    with ``appositive``, a following ", a former governor of X who ..." is included."""
    while start < ceil and (text[start].isspace() or text[start] == ","):
        start += 1
    pos, end = start, ceil
    while pos < ceil:
        m = _RIGHT_NP_END.search(text, pos, ceil)
        if not m:
            break
        if m.group() == "." and _ABBREV_END.search(text, start, m.start()):
            pos = m.end()
            continue
        end = m.start()
        break
    s, e = _trim(text, start, end)
    words = list(WORD_RE.finditer(text, s, e))
    if not words:
        return None
    if len(words) > max_words:
        e = words[max_words - 1].end()
    else:
        m = _PARTY_LABEL.match(text, e, ceil)  # "Harry M. Reid (D-Nev.)"
        if m:
            e = m.end()
    if appositive and _APPOSITIVE_OPEN.match(text, e, ceil):
        stop, pos = None, e + 1
        while pos < ceil:
            stop = _APPOSITIVE_STOP.search(text, pos, ceil)
            if stop and stop.group()[:1] == "." and _ABBREV_END.search(text, s, stop.start()):
                pos, stop = stop.end(), None
                continue
            break
        e = _trim(text, s, stop.start() if stop else ceil)[1]
        while e > s and text[e - 1] in ".,;:":
            e -= 1
    return s, e


_SRC_TAIL = re.compile(r",\s*(?:while|when|during|in|on|at|after|before)\b")
_INVERSION_VERBS = {
    "said",
    "says",
    "added",
    "adds",
    "wrote",
    "writes",
    "asked",
    "asks",
    "continued",
    "explained",
    "noted",
    "notes",
    "recalled",
    "tweeted",
    "argued",
    "argues",
    "insisted",
    "warned",
    "replied",
    "responded",
    "observed",
    "quipped",
    "declared",
    "concluded",
    "stated",
}
_NAMEISH = re.compile(
    r"\s*(?:(?:the|a|an|one|his|her|their)\s+)?[A-Z][\w’'.\-]*(?:\s+[A-Z][\w’'.\-]*){0,4}\s*(?:[,.;:!?]|$)"
)


def _inversion(text: str, cue: _Cue, ss: int, se: int) -> bool:
    """Is this a postposed-subject cue: “…,” said X / …, said X. / Said X: …?

    Only the end of the text before the cue is read (:func:`_quote_before`, :func:`_skip_space_back`),
    never the whole sentence up to it: a cue costs the same in a long sentence as in a short one."""
    if cue.sub in ("passive", "prepositional", "adverbial") or cue.src is not None:
        return False
    last = _skip_space_back(text, ss, cue.start)  # text[ss:last] is the text before, right-stripped
    after_ok = _NAMEISH.match(text, cue.end, se) or _PRONOUN_AFTER.match(text, cue.end, se)
    if _quote_before(text, ss, cue.start):
        return bool(_WORD_AFTER.match(text, cue.end, se))
    if last == ss:  # nothing but whitespace before the cue in its sentence
        return bool(after_ok) and cue.entry.lower() in _INVERSION_VERBS
    if text[last - 1] == "," and after_ok:
        return (
            cue.entry.lower() in _INVERSION_VERBS
            and _appositive_subject(text, _tokens_before(text, ss, cue.start)) is None
        )
    return False


_BY_AGENT = re.compile(r"\s+by\s+(?=[\w“])")
_WORD_AFTER = re.compile(r"\s+(?!that\b)[\w“]")
_PRONOUN_AFTER = re.compile(r"\s*(?:he|she|they|I|we)\s*(?:[,.;:!?]|$)")


def _source_span(text: str, cue: _Cue, ss: int, se: int) -> tuple[tuple[int, int] | None, str]:
    """Source span and where it was found: ``inside`` (discontinuous cue), ``after``
    (prepositional cue or inversion), ``before`` (subject), or ``none``."""
    if cue.src is not None:
        a, b = _trim(text, *cue.src)
        m = _SRC_TAIL.search(text, a, b)
        return _trim(text, a, m.start() if m else b), "inside"
    if cue.sub == "adverbial":
        return None, "none"
    if cue.sub == "prepositional":
        return _right_source(text, cue.end, se), "after"
    if cue.sub == "non_response" and "awaiting" in cue.entry:  # the body asked, not the asker
        at = _addressee_window(text, cue, ss, se)
        r = _right_source(text, *at) if at else None
        if r:
            return _trim_addressee(text, *r), "after"
    if cue.sub in ("reporting_verb", "conditional_verb") and text[cue.start : cue.end].endswith("ed"):
        m = _BY_AGENT.match(text, cue.end, se)  # "a pattern described by Marine Bulletin", "reported by sources"
        if m:
            r = _right_source(text, m.end(), se)
            if r:
                return r, "after"
    if _inversion(text, cue, ss, se):
        r = _right_source(text, cue.end, se, appositive=True)
        if r:
            return r, "after"
    left = _left_source(text, cue.start, ss)
    return (left, "before") if left else (None, "none")


# ---------------------------------------------------------------------------------------------
# content
# ---------------------------------------------------------------------------------------------

_TOLD_LISTENER = re.compile(r"\s+(?:[\w’'.-]+\s+){0,10}?that\b", re.IGNORECASE)
_THAT = re.compile(r"\s*,?\s*(?:that\b)?\s*", re.IGNORECASE)


_GAP_TO_QUOTE = re.compile(r"[\s,:—–-]*(?:that\s*)?|\s*[^.;“”\"]{0,100}?:\s*")
_GAP_BLANK = re.compile(r"[\s,]*")


def _content_span(
    text: str, cue: _Cue, ss: int, se: int, src, src_where: str, quotes: list[tuple[int, int]]
) -> tuple[tuple[int, int], bool]:
    """Content span and whether it is a direct quotation. ``quotes`` are the double and straight
    quotations as sorted ``(start, end)``. A quotation is the content when it follows the cue (or
    its postposed source) directly, after "that", or after a colon ("told the TV: “…”"), or when
    it ends just before the source ("“…,” he said"); it must start or end inside the sentence."""
    after_from = max(cue.end, src[1] if src and src_where == "after" else cue.end)
    k = bisect.bisect_left(quotes, (after_from, -1))
    if k < len(quotes) and quotes[k][0] < se and _GAP_TO_QUOTE.fullmatch(text, after_from, quotes[k][0]):
        return quotes[k], True
    k = bisect.bisect_right(quotes, (cue.start, len(text) + 1)) - 1
    while k >= 0 and quotes[k][1] > cue.start:
        k -= 1
    if k >= 0 and quotes[k][1] > ss:
        qs, qe = quotes[k]
        if src_where == "after" and _GAP_BLANK.fullmatch(text, qe, cue.start):
            return (qs, qe), True
        if src and src_where == "before" and src[0] >= qe and _GAP_BLANK.fullmatch(text, qe, src[0]):
            return (qs, qe), True
    if src_where == "after" and cue.sub != "prepositional":
        s, e = _trim(text, ss, cue.start)
        return ((s, e) if e > s else (-1, -1)), False
    if cue.sub == "prepositional" and src:
        rest = _trim(text, src[1], se)
        if rest[1] - rest[0] > 3:
            return _strip_end(text, *rest), False
        s, e = _trim(text, ss, cue.start)
        return ((s, e) if e > s else (-1, -1)), False
    start = after_from
    if cue.entry.lower().startswith(("told", "tell", "tells", "telling")):
        m = _TOLD_LISTENER.match(text, start, se)
        if m:
            start = m.end()
    m = _THAT.match(text, start, se)
    start = m.end() if m else start
    s, e = _strip_end(text, start, se)
    return ((s, e) if e > s else (-1, -1)), False


def _strip_end(text: str, s: int, e: int) -> tuple[int, int]:
    s, e = _trim(text, s, e)
    while e > s and text[e - 1] in ".;:":
        e -= 1
    return s, e


def _antecedent(text: str, pos: int, floor: int) -> tuple[int, int] | None:
    """The noun phrase just before a relative pronoun at ``pos`` ("Martin Kobler, who ...")."""
    toks = _tokens_before(text, floor, pos)
    while toks and toks[-1][2] == ",":
        toks.pop()
    if not toks:
        return None
    k = _np_walk(toks, len(toks) - 1)
    return (toks[k][0], toks[-1][1]) if k is not None else None
