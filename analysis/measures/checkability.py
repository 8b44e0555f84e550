"""How checkable is each source? Named persons with and without a role, verifiable bodies,
datelines and agency credits, and links to primary sources.

The scorecard (:mod:`analysis.compare.scorecard`) counts a claim as checkable when its source is a
named person, an official institution, a media outlet or an organisation. Issue 25 found that
fabricated stories quote named people with nothing a reader could look up ("said 37-year-old Paul
Horner") and score as well sourced. The definition sharpened here follows the issue and the
verification practice of journalism handbooks (Kovach & Rosenstiel, *The Elements of Journalism*,
2001/2014, ch. 4 "Journalism of verification": say who a source is and how they know; the
Associated Press's "identify sources as fully as possible"):

* a **named person is identified** when the text gives a role, title or affiliation for that person
  somewhere in the document: a title or office before the name ("Rep. Jerry Nadler", "White House
  press secretary Sean Spicer"), an appositive after it ("Marty West, an education professor at
  Harvard"; "Jerry Nadler, a Democrat from New York"), a party label ("(D-N.J.)") or an affiliation
  ("Doug Miller of Milltech Marine"). Later mentions ("Nadler said", "he said") inherit it. An
  age ("Paul Horner, 37,", "37-year-old Paul Horner") is not a role;
* a named person with no such description is a **bare name**: weaker, counted apart;
* an official institution, media outlet or organisation (and the documents they publish: typed
  as the body by :mod:`analysis.measures.source_types`) is **verifiable** as it stands;
* a **dateline** ("WASHINGTON (Reuters) -") and an **agency credit** ("(AP)", "Reporting by") are
  recognised and reported, never counted as a sourced claim: a fabricated story can carry a
  fake dateline, so they add nothing to the sourcing shares on their own;
* **links to primary sources** (an HTML ``href`` to a government, court, legislature,
  intergovernmental, academic or document URL) are counted by :func:`primary_links` where the
  input has them.

Role words, party labels and agency names are data: ``analysis/lexicons/source_roles.csv``.
Everything runs in plain Python with regular expressions over the attribution records, so it adds
little to the scorecard's time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from urllib.parse import urlparse

from analysis.config import LEXICON_DIR

__all__ = [
    "SOURCE_ROLES_CSV",
    "CHECKABILITY_COLUMNS",
    "BODY_TYPES",
    "DOCUMENT_SOURCE_TYPES",
    "identified_names",
    "source_checkability",
    "body_start",
    "find_dateline",
    "has_agency_credit",
    "primary_links",
    "is_primary_url",
]

SOURCE_ROLES_CSV = LEXICON_DIR / "source_roles.csv"

#: Source types that are verifiable bodies (an institution, an outlet, an organisation or a document
#: they published): checkable as they stand.
BODY_TYPES = frozenset({"official_institution", "media_outlet", "organisation"})

#: Columns :func:`source_checkability` returns (added to the scorecard's table).
CHECKABILITY_COLUMNS = [
    "person_claims",
    "identified_person_claims",
    "bare_name_claims",
    "identified_source_share",
    "bare_name_share",
    "identified_sources_distinct",
    "document_claims",
    "contact_mentions",
    "dateline",
    "agency_credit",
]


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, tuple[str, ...]]:
    """Terms of ``source_roles.csv`` by subcategory."""
    import csv

    out: dict[str, list[str]] = {}
    with open(SOURCE_ROLES_CSV, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(row["subcategory"], []).append(row["term"])
    return {k: tuple(v) for k, v in out.items()}


def _alternation(terms) -> str:
    return "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    lex = _lexicon()
    titles = _alternation(lex["title_abbreviation"])
    offices = _alternation(lex["office_or_occupation"])
    parties = _alternation(t for t in lex["party"] if t != "independent")
    agencies = _alternation(lex["news_agency"])
    documents = _alternation(lex["document_noun"])
    contact = "|".join(f"(?:{t})" for t in lex["contact_channel"])
    return {
        # a document named in an attribution's source phrase ("a Pew Research Center survey")
        "document": re.compile(rf"\b(?:{documents})\b", re.IGNORECASE),
        # how the statement was obtained ("in an interview", "said in an email", "a spokeswoman")
        # (searched in the lower-cased text: without IGNORECASE when the terms are lower case, 2x faster)
        "contact": re.compile(contact, 0 if contact == contact.lower() else re.IGNORECASE),
        # a role word anywhere in a stretch of text (appositives, the words before a name)
        "role": re.compile(
            rf"(?:\b(?i:{offices})\b|(?<![\w.])(?:{titles})(?=\s)|\b(?:{parties})\b|\b(?i:independent)\b)"
        ),
        # a title right before the name: "Sen. Menendez", "President Obama"
        "title_before": re.compile(rf"(?:(?<![\w.])(?:{titles})|\b(?i:{offices})|\b(?:{parties}))\s+$"),
        # party and state in brackets or after a comma: "(D-N.J.)", ", R-Texas,"
        "party_state": re.compile(r"^\s*(?:\(\s*|,\s*)[RDI]-[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?\s*[),]"),
        # an affiliation right after the name: "Doug Miller of Milltech", "Jane Roe at the Brookings"
        "affiliation": re.compile(r"^\s+(?:of|from|at|with)\s+(?:the\s+)?[A-Z]"),
        # the appositive after a comma, up to the next comma, bracket or sentence end
        "appositive": re.compile(r"^\s*,\s*(?P<clause>[^,;:()“”\"\n]{1,90}?)(?=[,;:()“”\"\n]|\.\s|\.$|$)"),
        "age_only": re.compile(r"^\s*(?:aged\s+)?\d{1,3}\s*$"),
        "affiliation_in_clause": re.compile(r"\b(?:of|at|for|from|with)\s+(?:the\s+)?[A-Z]"),
        "agency": re.compile(rf"\b(?:{agencies})\b"),
    }


#: A personal name: two to four capitalised tokens ("Ben Carson", "Robert F. Kennedy", "Tedros
#: Adhanom Ghebreyesus"), or one capitalised token (a surname on later mention).
_NAME = re.compile(
    r"\b[A-Z][a-zA-Z’'\-]+(?:\s+(?:[A-Z]\.|(?:de|van|von|al|bin|da|del|di|le|la)\s+)?[A-Z][a-zA-Z’'\-]+){0,3}\b"
)
#: Lower-case words that may stand between a role and the name it describes ("former White House
#: press secretary Sean Spicer", "Harvard's senior fellow Jane Roe").
_MODIFIERS = frozenset(
    """former retired senior junior deputy acting presidential campaign state federal top chief press
    longtime assistant associate executive vice general district county city national international
    political party communications policy foreign defense defence health education economic legal
    military then-candidate then newly elected longtime veteran interim outgoing incoming local
    regional royal supreme appeals circuit high court research staff managing founding
    republican democratic conservative liberal""".split()
)
_TOKEN = re.compile(r"[\w’'.\-]+")
_PRONOUN = re.compile(r"^(?:he|she|his|her|him)$", re.IGNORECASE)
_STOP_KEYS = frozenset("The A An This That These Those It He She They We I You Mr Mrs Ms Dr".split())


def _described_before(text: str, start: int, floor: int) -> bool:
    """Does a role or title stand right before the name at ``start`` (within its noun phrase)?"""
    pats = _patterns()
    left = text[max(floor, start - 80) : start]
    if pats["title_before"].search(left):
        return True
    toks = _TOKEN.findall(left)
    run: list[str] = []
    for tok in reversed(toks):  # the contiguous run of name-like and role-like words before the name
        low = tok.lower().rstrip(".")
        if tok[:1].isupper() or low in _MODIFIERS or pats["role"].fullmatch(low) or low.endswith("’s"):
            run.append(tok)
            continue
        break
    if not run:
        return False
    # the run must end right before the name: no comma, quote or sentence end in between
    gap = left[left.rfind(run[0]) + len(run[0]) :] if run else ""
    return not re.search(r"[,;:“”\"()]", gap) and bool(pats["role"].search(" ".join(reversed(run))))


def _described_after(text: str, end: int) -> bool:
    """Does an appositive, party label or affiliation follow the name ending at ``end``?"""
    pats = _patterns()
    right = text[end : end + 120]
    if pats["party_state"].match(right) or pats["affiliation"].match(right):
        return True
    m = pats["appositive"].match(right)
    if not m:
        return False
    clause = m.group("clause").strip()
    if pats["age_only"].match(clause):  # "Paul Horner, 37," is not a role; "Kiera O'Brien, 21, a senior
        m = pats["appositive"].match(right[m.end() :])  # at Harvard University" is, by the next clause
        if not m:
            return False
        clause = m.group("clause").strip()
    return bool(pats["role"].search(clause) or pats["affiliation_in_clause"].search(clause))


_KEY_CUT = re.compile(r",|\(|\s(?:of|at|from|for|in|who|with)\s")


@lru_cache(maxsize=8192)  # a text names the same people again and again: one regex pass per distinct name
def _key(name: str) -> str:
    """The surname key of a person's name or source phrase: the last capitalised token before any
    appositive or affiliation ("Mikhail Xifaras, a professor at Sciences Po" -> "Xifaras"; "White
    House press secretary Sean Spicer" -> "Spicer"), possessive stripped."""
    cut = _KEY_CUT.search(name)
    name = name[: cut.start()] if cut else name
    toks = [t for t in re.findall(r"[A-Z][a-zA-Z’'\-]+", name) if t not in _STOP_KEYS]
    return toks[-1].removesuffix("’s").removesuffix("'s") if toks else ""


def identified_names(text: str, sentence_starts: Sequence[int] = (), wanted: set[str] | None = None) -> set[str]:
    """Surname keys of every person the text describes by role, title or affiliation at least once
    (module docstring); ``sentence_starts`` keep the look-behind inside the name's sentence.
    ``wanted``: only these keys are looked up (the people the text attributes claims to; None: all)."""
    import bisect

    starts = sorted(sentence_starts)
    out: set[str] = set()
    for m in _NAME.finditer(text):
        key = _key(m.group())
        if not key or key in out or (wanted is not None and key not in wanted):
            continue
        s, e = m.span()
        k = bisect.bisect_right(starts, s) - 1
        floor = starts[k] if k >= 0 else 0
        if _described_before(text, s, floor) or _described_after(text, e):
            out.add(key)
    return out


def _body_key(source_text: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", source_text.strip().lower())


#: Source types whose source phrase can name a verifiable document (not anonymous, the publisher
#: itself or no source): "a Pew Research Center survey", "the CBO report", "court documents".
DOCUMENT_SOURCE_TYPES = BODY_TYPES | {"named_person"}


def source_checkability(text: str, records: Sequence[dict], bounds: Sequence[tuple[int, int]] = ()) -> dict:
    """Per document: the claims (attribution records with ``source_type`` and ``source_text``, in
    text order) by how checkable their source is (module docstring), keys
    :data:`CHECKABILITY_COLUMNS`. Shares are of all claims (NaN without claims):
    ``identified_source_share`` = (identified persons + bodies) / claims, ``bare_name_share`` =
    named persons without role / claims; ``identified_sources_distinct`` counts distinct
    identified persons (by surname) and bodies (by name); ``document_claims`` counts claims whose
    source phrase names a document (a report, a study, data, a filing, a ruling: lexicon
    subcategory ``document_noun``) published by someone the text names; ``contact_mentions``
    counts the phrases that say how a statement was obtained ("in an interview", "said in an
    email", "a spokeswoman", "told reporters": subcategory ``contact_channel``)."""
    from analysis.measures.bounds import share

    pats = _patterns()
    wanted = {
        _key(r["source_text"] or "")
        for r in records
        if r["source_type"] == "named_person" and not _PRONOUN.match((r["source_text"] or "").strip())
    }
    wanted.discard("")
    known = identified_names(text, [s for s, _ in bounds], wanted) if wanted else set()
    persons = identified = bare = documents = 0
    distinct: set[str] = set()
    last_key = ""
    for r in records:
        stype = r["source_type"]
        src = (r.get("source_text") or "").strip()
        if stype in DOCUMENT_SOURCE_TYPES and src and pats["document"].search(src):
            documents += 1
        if stype in BODY_TYPES:
            distinct.add("body:" + _body_key(src))
            continue
        if stype != "named_person":
            continue
        persons += 1
        if _PRONOUN.match(src):
            key = last_key
            ok = bool(key) and key in known
        else:
            key = _key(src)
            ok = bool(key) and (key in known or _describes_itself(src))
            if ok and key:
                known.add(key)
            last_key = key or last_key
        if ok:
            identified += 1
            distinct.add("person:" + key)
        else:
            bare += 1
    n = len(records)
    bodies = sum(r["source_type"] in BODY_TYPES for r in records)
    head = body_start(text)
    return {
        "person_claims": persons,
        "identified_person_claims": identified,
        "bare_name_claims": bare,
        "identified_source_share": share(identified + bodies, n),
        "bare_name_share": share(bare, n),
        "identified_sources_distinct": len(distinct),
        "document_claims": documents,
        "contact_mentions": len(pats["contact"].findall(text.lower())),
        "dateline": bool(find_dateline(text, head)),
        "agency_credit": has_agency_credit(text),
    }


def _describes_itself(source: str) -> bool:
    """A source phrase that carries its own role ("Marty West, an education professor at Harvard")."""
    return any(
        _described_before(source, m.start(), 0) or _described_after(source, m.end()) for m in _NAME.finditer(source)
    )


# ---------------------------------------------------------------------------------------------
# Datelines and agency credits
# ---------------------------------------------------------------------------------------------

#: A dateline at the start of the body: a place in capitals, or any place followed by an agency in
#: brackets, then a dash ("WASHINGTON (Reuters) -", "NEW YORK —", "LONDON, March 3 (AFP) -").
_DATELINE = re.compile(
    r"[ \t“\"]*(?P<place>[A-Z][A-Za-z.'’\-]+(?:[ ,]+[A-Z][A-Za-z.'’\-]+){0,3})"
    r"(?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}))?"
    r"\s*(?:\((?P<agency>[^()\n]{2,40})\))?\s*[-–—]{1,2}\s+(?=[A-Z“\"])"
)
_CREDIT = re.compile(
    r"\((?:AP|Reuters|AFP|UPI|dpa|IANS|PTI)\)|\bReporting by\b|\b(?:contributed|contributing) (?:reporting|to this report)\b|"
    r"\bcontributed to this (?:report|story)\b|\bCopyright \d{4} (?:The )?Associated Press\b|\bAssociated Press writers?\b",
)


def body_start(text: str) -> int:
    """Offset of the first body line: after a short first line without a full stop (a headline)."""
    nl = text.find("\n")
    if 0 < nl < 200 and not text[:nl].rstrip().endswith("."):
        rest = nl
        while rest < len(text) and text[rest] in "\r\n \t":
            rest += 1
        return rest
    return 0


def find_dateline(text: str, start: int = 0) -> str:
    """The dateline opening the body at ``start`` ("WASHINGTON (Reuters) -"), or "" when there is
    none. A place in mixed case counts only with an agency in brackets ("Geneva (AFP) -"), so an
    opening like "Trump - the ..." is not a dateline."""
    m = _DATELINE.match(text, start)
    if not m:
        return ""
    place = m.group("place")
    agency = m.group("agency") or ""
    if agency and _patterns()["agency"].search(agency):
        return m.group().strip()
    letters = re.sub(r"[^A-Za-z]", "", place)
    return m.group().strip() if len(letters) >= 3 and letters.isupper() else ""


#: :data:`_CREDIT`'s alternatives, each behind a literal it cannot match without (a plain substring
#: test first: one search of the long alternation per text was the scorecard's slowest step).
_CREDIT_PARTS = tuple(
    (literal, re.compile(pattern))
    for literal, pattern in (
        ("(", r"\((?:AP|Reuters|AFP|UPI|dpa|IANS|PTI)\)"),
        ("Reporting by", r"\bReporting by\b"),
        (
            "contribut",
            r"\b(?:contributed|contributing) (?:reporting|to this report)\b|\bcontributed to this (?:report|story)\b",
        ),
        ("Associated Press", r"\bCopyright \d{4} (?:The )?Associated Press\b|\bAssociated Press writers?\b"),
    )
)


def has_agency_credit(text: str) -> bool:
    """A wire-agency credit anywhere in the text: "(AP)", "(Reuters)", "Reporting by ...",
    "... contributed to this report", "Copyright 2016 The Associated Press" (:data:`_CREDIT`)."""
    return any(literal in text and pat.search(text) for literal, pat in _CREDIT_PARTS)


# ---------------------------------------------------------------------------------------------
# Links to primary sources
# ---------------------------------------------------------------------------------------------

_PRIMARY_HOST = re.compile(
    r"(?:\.gov|\.mil|\.gov\.[a-z]{2}|\.gc\.ca|\.gouv\.fr|\.europa\.eu|\.int|\.un\.org|\.edu|\.ac\.[a-z]{2}|"
    r"\.parliament\.uk|legislation\.gov\.uk|courtlistener\.com|supremecourt\.gov|congress\.gov|"
    r"doi\.org|arxiv\.org|ncbi\.nlm\.nih\.gov|pubmed|sec\.gov|who\.int|worldbank\.org|imf\.org)$"
)
_PRIMARY_PATH = re.compile(
    r"\.(?:pdf|csv|xlsx?|docx?)$|/(?:pdf|documents?|reports?|filings?|opinions?)/", re.IGNORECASE
)
_HREF = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def is_primary_url(url: str) -> bool:
    """A link to a primary source: a government, military, legislature, court, intergovernmental
    or academic host, a DOI or preprint server, or a document file (PDF, spreadsheet)."""
    try:
        parsed = urlparse(url.strip())
    except ValueError:
        return False
    host = (parsed.hostname or "").lower()
    if parsed.scheme not in ("http", "https") or not host:
        return False
    return bool(_PRIMARY_HOST.search(host) or _PRIMARY_PATH.search(parsed.path))


def primary_links(markup: str) -> tuple[int, int]:
    """``(links, primary links)`` among the ``<a href>`` of an HTML document (absolute http(s)
    links only; see :func:`is_primary_url`)."""
    urls = [next(g for g in m.groups() if g is not None) for m in _HREF.finditer(markup)]
    urls = [u for u in urls if u.lower().startswith(("http://", "https://"))]
    return len(urls), sum(is_primary_url(u) for u in urls)
