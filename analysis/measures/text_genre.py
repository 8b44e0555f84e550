"""Genre before judgement: is a text hard news, opinion, satire, a press release or wire copy?

Sourcing norms differ by genre. An op-ed argues in the first person and cites few sources; a press
release speaks for its publisher; satire invents on purpose; wire copy carries an agency's dateline
and credit. Issue 25 found the scorecard calling reputable opinion pieces unreliable and scoring
satire like news. The scorecard therefore reports each text's ``text_genre`` (the genre the text
itself shows; the documents' ``genre`` column is the genre a corpus declares, a different thing) and
compares texts within their text genre (:func:`analysis.compare.scorecard_genre.within_genre`); it
never reads an op-ed's few sources as a verdict on the outlet.

Rules, in this order (the first that applies), with markers as data in
``analysis/lexicons/text_genre_markers.csv``:

1. ``satire``: a satire or parody label at the top or a disclaimer at the end ("This article is
   satire", "for entertainment purposes only"); a news story about a parody is not satire;
2. ``press_release``: a press-release layout marker ("FOR IMMEDIATE RELEASE", a "Media contact:"
   line, a "###" end mark, a newswire name, an "About <Organisation>" boilerplate line);
3. ``opinion``: an opinion label near the top ("Opinion:", "Op-Ed", "Commentary:") or a columnist
   disclaimer ("The views expressed ... are the author's own"), or first-person argument in the
   author's own voice: at least :data:`FIRST_PERSON_MIN_PER_1K` first-person singular pronouns per
   1,000 words outside quotations *and* at least one argument marker ("I think", "in my view",
   "we must", "let's"). The features follow Biber's (1988) involved and persuasive dimensions
   (first-person pronouns, private verbs, necessity modals);
4. ``wire``: a wire dateline or credit (:func:`analysis.measures.checkability.find_dateline`,
   :func:`~analysis.measures.checkability.has_agency_credit`), or the corpus loader's own wire
   credit (the documents' ``wire_copy``);
5. ``news``: everything else.

A document's declared ``genre`` (a manifest or column value, see the README's corpus model) wins
over these rules when it names a text genre (:data:`DECLARED_TEXT_GENRE`: "opinion", "op-ed",
"satire", "press_release", "official_statement", "wire" ...). A declared "news" does not: it is
how a whole baseline corpus is labelled, and the rules still find the op-ed or the wire copy in it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from functools import lru_cache

from analysis.config import LEXICON_DIR

__all__ = [
    "TEXT_GENRES",
    "TEXT_GENRE_MARKERS_CSV",
    "FIRST_PERSON_MIN_PER_1K",
    "TEXT_GENRE_COLUMNS",
    "DECLARED_TEXT_GENRE",
    "detect_text_genre",
    "declared_text_genre",
]

TEXT_GENRES = ("news", "opinion", "satire", "press_release", "wire")
TEXT_GENRE_MARKERS_CSV = LEXICON_DIR / "text_genre_markers.csv"
#: First-person singular pronouns per 1,000 words (outside quotations) from which first-person
#: argument can make a text opinion (with an argument marker). Hard news in the baselines stays far
#: below it (reporters do not write "I"); personal essays and columns are well above.
FIRST_PERSON_MIN_PER_1K = 8.0
#: Columns :func:`detect_text_genre` returns (added to the scorecard's table).
TEXT_GENRE_COLUMNS = ["text_genre", "text_genre_evidence", "first_person_per_1k"]
#: A declared ``genre`` (lower case) -> the text genre it names; any other declared genre leaves
#: the rules to decide.
DECLARED_TEXT_GENRE = {
    "opinion": "opinion",
    "op-ed": "opinion",
    "oped": "opinion",
    "editorial": "opinion",
    "commentary": "opinion",
    "column": "opinion",
    "satire": "satire",
    "parody": "satire",
    "press_release": "press_release",
    "press release": "press_release",
    "official_statement": "press_release",
    "wire": "wire",
}
#: How far into the text an opinion label is looked for (labels sit in the title or kicker).
_LABEL_REACH = 300
#: How far from the end a satire site's disclaimer is looked for.
_TAIL_REACH = 400

_FIRST_PERSON = re.compile(r"\b(?:I|me|my|mine|myself)\b|\bI['’](?:m|ve|d|ll)\b")
_WORD = re.compile(r"\b[\w’'-]+\b")
_QUOTED = re.compile(r"[“\"][^“”\"]{0,2000}[”\"]")


_WORD_CHAR = re.compile(r"\w")
_LEADING_BOUNDARY = re.compile(r"^(?:\\b|\(\?<!\\w\))")


class _Bounded:
    """A marker pattern that opens with a word boundary (``\\b`` or ``(?<!\\w)``), searched as the
    rest of the pattern with the boundary checked at each candidate start: the same matches, but
    ``re`` can scan for the literal that follows (a leading boundary makes it try every position;
    about 10x slower on long texts)."""

    __slots__ = ("pattern", "lookbehind")

    def __init__(self, rest: re.Pattern, lookbehind: bool):
        self.pattern = rest
        self.lookbehind = lookbehind

    def search(self, text: str):
        pos = 0
        while (m := self.pattern.search(text, pos)) is not None:
            s = m.start()
            before = s > 0 and _WORD_CHAR.match(text, s - 1) is not None
            if self.lookbehind:
                ok = not before
            else:  # \b: a word character on exactly one side
                ok = before != (s < len(text) and _WORD_CHAR.match(text, s) is not None)
            if ok:
                return m
            pos = s + 1
        return None


def _top_level_bar(pattern: str) -> bool:
    """Does ``pattern`` hold a ``|`` outside every group and character class?"""
    depth, in_class, i = 0, False, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return True
        i += 1
    return False


def _compile(term: str, flags: int = 0):
    """``term`` compiled; a :class:`_Bounded` search when it opens with a word boundary that
    governs all of it (no ``|`` at the top level)."""
    lead = _LEADING_BOUNDARY.match(term)
    if not lead or _top_level_bar(term[lead.end() :]):
        return re.compile(term, flags)
    return _Bounded(re.compile(term[lead.end() :], flags), lookbehind=lead.group() != "\\b")


@lru_cache(maxsize=1)
def _markers() -> dict[str, list[tuple[re.Pattern, str, str]]]:
    out: dict[str, list[tuple[re.Pattern, str, str]]] = {}
    with open(TEXT_GENRE_MARKERS_CSV, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            sub, term = row["subcategory"], row["term"]
            if row["kind"] == "literal":
                pat = _compile(r"(?<!\w)" + re.escape(term))
            else:
                flags = 0 if sub == "press_release" or "case-sensitive" in row["note"] else re.IGNORECASE
                pat = _compile(term, flags)
            out.setdefault(sub, []).append((pat, term, row["kind"]))
    return out


def _blank(text: str, regions: Sequence[tuple[int, int]]) -> str:
    """``text`` with the characters inside ``regions`` (quotations) replaced by spaces."""
    if not regions:
        return text
    chars = list(text)
    for a, b in regions:
        chars[max(0, a) : max(0, b)] = " " * (max(0, b) - max(0, a))
    return "".join(chars)


def _first(sub: str, text: str) -> str:
    for pat, _term, _kind in _markers()[sub]:
        m = pat.search(text)
        if m:
            return m.group().strip()
    return ""


def _genre(name: str, evidence: str, fp: float) -> dict:
    return {"text_genre": name, "text_genre_evidence": evidence, "first_person_per_1k": fp}


def detect_text_genre(
    text: str,
    quoted_regions: Sequence[tuple[int, int]] | None = None,
    title: str | None = None,
    words: int | None = None,
) -> dict:
    """The text genre of one text by the rules of the module docstring: ``{"text_genre",
    "text_genre_evidence" (the marker or measure that decided it), "first_person_per_1k"}``.
    ``quoted_regions`` (character spans of quotations, e.g.
    :func:`analysis.measures.quotes.quoted_voice_regions`) are left out of the first-person count;
    when None, text between double quotation marks is. ``words``: the text's word count when known."""
    from analysis.measures.checkability import body_start, find_dateline, has_agency_credit

    if quoted_regions is None:
        quoted_regions = [m.span() for m in _QUOTED.finditer(text)]
    own = _blank(text, quoted_regions)
    n_words = max(1, words if words is not None else len(_WORD.findall(text)))
    fp = 1000.0 * len(_FIRST_PERSON.findall(own)) / n_words
    head = ((title or "") + "\n" + text[:_LABEL_REACH]) if title else text[:_LABEL_REACH]
    satire = _first("satire_label", text[:_LABEL_REACH] + "\n" + text[-_TAIL_REACH:])
    if satire:
        return _genre("satire", satire, fp)
    release = _first("press_release", text)
    if release:
        return _genre("press_release", release, fp)
    for pat, _term, kind in _markers()["opinion_label"]:
        m = pat.search(head if kind == "literal" else text)  # a label sits in the title or kicker
        if m:
            return _genre("opinion", m.group().strip(), fp)
    if fp >= FIRST_PERSON_MIN_PER_1K:
        argument = _first("argument", own)
        if argument:
            return _genre("opinion", f"first person {fp:.0f}/1k; {argument!r}", fp)
    dateline = find_dateline(text, body_start(text))
    if dateline or has_agency_credit(text):
        return _genre("wire", dateline or "agency credit", fp)
    return _genre("news", "", fp)


def declared_text_genre(declared, wire_copy, detected: dict) -> dict:
    """``detected`` (from :func:`detect_text_genre`) unless the document's metadata says otherwise:
    a declared ``genre`` naming a text genre (:data:`DECLARED_TEXT_GENRE`) wins, with evidence
    "declared genre"; else the corpus loader's wire credit (``wire_copy``) makes news wire copy."""
    key = declared.strip().lower() if isinstance(declared, str) else ""
    if key in DECLARED_TEXT_GENRE:
        return {**detected, "text_genre": DECLARED_TEXT_GENRE[key], "text_genre_evidence": "declared genre"}
    if wire_copy is not None and wire_copy == wire_copy and bool(wire_copy) and detected["text_genre"] == "news":
        return {**detected, "text_genre": "wire", "text_genre_evidence": "wire credit (corpus loader)"}
    return detected
