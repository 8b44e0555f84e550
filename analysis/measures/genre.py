"""Genre before judgement: is a text hard news, opinion, satire, a press release or wire copy?

Sourcing norms differ by genre. An op-ed argues in the first person and cites few sources; a press
release speaks for its publisher; satire invents on purpose; wire copy carries an agency's dateline
and credit. Issue 25 found the scorecard calling reputable opinion pieces unreliable and scoring
satire like news. The scorecard therefore reports each text's ``genre`` and compares texts within
their genre (:func:`analysis.compare.scorecard_genre.within_genre`); it never reads an op-ed's few
sources as a verdict on the outlet.

Rules, in this order (the first that applies), with markers as data in
``analysis/lexicons/genre_markers.csv``:

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
   :func:`~analysis.measures.checkability.has_agency_credit`);
5. ``news``: everything else.

A document's declared ``genre`` (a manifest or column value, see the README's corpus model) wins
over these rules when it names one of :data:`GENRES`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from functools import lru_cache

from analysis.config import LEXICON_DIR

__all__ = ["GENRES", "GENRE_MARKERS_CSV", "FIRST_PERSON_MIN_PER_1K", "GENRE_COLUMNS", "detect_genre", "genre_of"]

GENRES = ("news", "opinion", "satire", "press_release", "wire")
GENRE_MARKERS_CSV = LEXICON_DIR / "genre_markers.csv"
#: First-person singular pronouns per 1,000 words (outside quotations) from which first-person
#: argument can make a text opinion (with an argument marker). Hard news in the baselines stays far
#: below it (reporters do not write "I"); personal essays and columns are well above.
FIRST_PERSON_MIN_PER_1K = 8.0
#: Columns :func:`detect_genre` returns (added to the scorecard's table).
GENRE_COLUMNS = ["genre", "genre_evidence", "first_person_per_1k"]
#: How far into the text an opinion label is looked for (labels sit in the title or kicker).
_LABEL_REACH = 300
#: How far from the end a satire site's disclaimer is looked for.
_TAIL_REACH = 400

_FIRST_PERSON = re.compile(r"\b(?:I|me|my|mine|myself)\b|\bI['’](?:m|ve|d|ll)\b")
_WORD = re.compile(r"\b[\w’'-]+\b")


@lru_cache(maxsize=1)
def _markers() -> dict[str, list[tuple[re.Pattern, str, str]]]:
    out: dict[str, list[tuple[re.Pattern, str, str]]] = {}
    with open(GENRE_MARKERS_CSV, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            sub, term = row["subcategory"], row["term"]
            if row["kind"] == "literal":
                pat = re.compile(r"(?<!\w)" + re.escape(term))
            else:
                flags = 0 if sub == "press_release" or "case-sensitive" in row["note"] else re.IGNORECASE
                pat = re.compile(term, flags)
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


def detect_genre(text: str, quoted_regions: Sequence[tuple[int, int]] | None = None, title: str | None = None) -> dict:
    """The genre of one text by the rules of the module docstring: ``{"genre", "genre_evidence"
    (the marker or measure that decided it), "first_person_per_1k"}``. ``quoted_regions``
    (character spans of quotations, e.g. :func:`analysis.measures.quotes.quoted_voice_regions`)
    are left out of the first-person count; when None, text between double quotation marks is."""
    from analysis.measures.checkability import _body_start, find_dateline, has_agency_credit

    if quoted_regions is None:
        quoted_regions = [m.span() for m in re.finditer(r"[“\"][^“”\"]{0,2000}[”\"]", text)]
    own = _blank(text, quoted_regions)
    words = max(1, len(_WORD.findall(text)))
    fp = 1000.0 * len(_FIRST_PERSON.findall(own)) / words
    head = ((title or "") + "\n" + text[:_LABEL_REACH]) if title else text[:_LABEL_REACH]
    satire = _first("satire_label", text[:_LABEL_REACH] + "\n" + text[-_TAIL_REACH:])
    if satire:
        return {"genre": "satire", "genre_evidence": satire, "first_person_per_1k": fp}
    release = _first("press_release", text)
    if release:
        return {"genre": "press_release", "genre_evidence": release, "first_person_per_1k": fp}
    label = ""
    for pat, _term, kind in _markers()["opinion_label"]:
        m = pat.search(head if kind == "literal" else text)  # a label sits in the title or kicker
        if m:
            label = m.group().strip()
            break
    if label:
        return {"genre": "opinion", "genre_evidence": label, "first_person_per_1k": fp}
    if fp >= FIRST_PERSON_MIN_PER_1K:
        argument = _first("argument", own)
        if argument:
            evidence = f"first person {fp:.0f}/1k; {argument!r}"
            return {"genre": "opinion", "genre_evidence": evidence, "first_person_per_1k": fp}
    dateline = find_dateline(text, _body_start(text))
    if dateline or has_agency_credit(text):
        return {"genre": "wire", "genre_evidence": dateline or "agency credit", "first_person_per_1k": fp}
    return {"genre": "news", "genre_evidence": "", "first_person_per_1k": fp}


def genre_of(declared, detected: dict) -> dict:
    """``detected`` (from :func:`detect_genre`) unless ``declared`` (a document's ``genre``
    metadata) names one of :data:`GENRES`; then that, with evidence "declared"."""
    if isinstance(declared, str) and declared.strip().lower() in GENRES:
        return {**detected, "genre": declared.strip().lower(), "genre_evidence": "declared"}
    return detected
