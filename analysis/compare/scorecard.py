"""Source-reliability scorecard: how *checkable* is what a text tells its reader?

The scorecard turns the attribution layer (:func:`analysis.measures.attribution.find_attributions`) and a
few transparent rules into one row per document. It measures the checkability of the sourcing,
never the truth of a claim, and every rule below is applied unchanged to every corpus.

Components (columns of :func:`build_scorecard`'s ``table``)
-----------------------------------------------------------

**Claims and their sources.** A *claim* is one attribution (cue + source + content): every row of
``find_attributions`` is one claim, with the document's ``publisher`` activating self-reference.
Its source type maps to a *sourcing class* (:data:`SOURCE_CLASS`):

* ``checkable``: ``named_person``, ``official_institution``, ``media_outlet``: a reader can look
  the source up and ask it;
* ``unverifiable``: ``anonymous_unverifiable`` ("information obtained from inside Iran",
  "sources said", "reportedly");
* ``self``: ``self_reference`` (the publisher citing itself: "the Iranian Resistance said");
* ``unspecified``: no explicit source or none the rules could type.

``named_source_share``, ``unverifiable_source_share``, ``self_source_share`` and
``unspecified_source_share`` are shares of the document's claims (they sum to 1; NaN when the
document has no claim), ``claims`` is the number of claims.

**Unattributed assertions of fact** (:func:`sentence_table`). Every sentence is classified, in
this order:

1. *not a statement* (excluded from the denominator) when it is the headline (the first line,
   when it is the document's title), has no terminal punctuation (sub-headlines, bullets,
   sign-offs, datelines), has fewer than :data:`MIN_STATEMENT_WORDS` words, is a question (ends
   with "?") or is a call to action (:data:`CALL_TO_ACTION`: "calls on/for", "urges", "must",
   "should", "ought to" ...);
2. a statement is a *factual assertion* when it contains a finite verb of event or state
   (:data:`FINITE_VERB`: a form of be/have/do or a modal, an -ed past form, or a common irregular
   past) or a concrete detail (a date, number or multi-word name; see below). A statement with
   neither ("Everything bespeaks of plotting for another massacre.") is evaluation, not counted;
3. a factual assertion is *attributed* when the sentence holds an attribution cue, or overlaps
   the content of an attribution (the later sentences of a multi-sentence quotation), and is
   in *quoted voice* when more than half its characters are inside quotations attributed to
   someone else (:func:`analysis.measures.quotes.quoted_voice_regions`);
4. it is an *unattributed assertion* when it is neither attributed nor in quoted voice: the
   author states a fact in its own voice without saying where it comes from.

``unattributed_assertion_share`` = unattributed assertions / factual assertions (NaN when the
document has none); the counts are ``factual_assertions`` and ``unattributed_assertions``.

**Concrete, checkable detail** (:func:`find_details`), counted in the body (the headline line is
left out) per 1,000 body words:

* ``dates``: a month name with a day and/or year ("February 9", "5 April 2013", "March 7, 2013",
  "February 2013"), with an optional weekday before it; a weekday on its own ("on Monday"); an
  ISO date (2013-03-07); a four-digit year after a preposition ("in 1999", "since 2013");
* ``numbers``: digit groups with any unit glued on or following ("3,200", "107mm", "500 mln
  dlrs", "5 pct") and number words from two upwards ("seven", "twenty-five", "two million").
  "one", ordinals and vague plurals ("hundreds of", "dozens") are not numbers; digits inside a
  date are not counted again;
* ``names``: sequences of two or more capitalised tokens, optionally joined by "of", "of the",
  "al-", "bin" ("Camp Liberty", "Ali Khamenei", "Ministry of Interior", "U.S. Embassy"), after
  stripping stop words (:data:`NAME_STOPWORDS`) and month/weekday tokens at either end. At a
  sentence start the first token is dropped when the same word appears in lower case elsewhere
  in the document (it is then a common word capitalised by position). No gazetteer is used.

Precision caveats: single-word names ("Iraq", "Moslehi") are not counted (their capitalisation
at a sentence start is ambiguous), title-case phrases ("Supreme Leader", "Foreign Affairs
Committee") count as names, and an all-capitals body would inflate names.

**The other side's response** (:func:`find_other_side`): a sentence reporting a denial ("denied
the accusation", "denied that", "which he denied"), a rejection of an accusation ("rejected
the allegations"), a refusal to comment ("declined to comment") or a failed attempt to get one
("could not be reached", "did not respond to a request for comment"). ``other_side_response``
is True when at least one sentence matches; ``other_side_sentences`` lists them as
"[index] text". The patterns need an object that marks an accusation or a comment, so "denied
entry", "denied funding" or "denied fundamental freedoms" do not match. The rule cannot tell
*whose* response it is: it records that the text carries one.

**Hedging of unverifiable claims.** ``anonymous_claims`` is the number of claims with an
``anonymous_unverifiable`` source; ``anonymous_claims_hedged_share`` the share of them whose
sentence contains a core hedge (:func:`analysis.measures.lexicon.is_core`: "reportedly", "allegedly",
"may", "unconfirmed" ...; NaN when there is no anonymous claim).

A combined index (:func:`reliability_index`, formula in :data:`INDEX_COMPONENTS`) and its
weight sensitivity (:func:`weight_sensitivity`) are given for readers who want one number; the
components are the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Sequence

import numpy as np
import pandas as pd

from analysis.corpus.text import count_words

# ---------------------------------------------------------------------------------------------
# Sourcing classes
# ---------------------------------------------------------------------------------------------

#: Source type (``analysis.measures.attribution.SOURCE_TYPES``) -> sourcing class.
SOURCE_CLASS = {
    "named_person": "checkable",
    "official_institution": "checkable",
    "media_outlet": "checkable",
    "anonymous_unverifiable": "unverifiable",
    "self_reference": "self",
    "unspecified": "unspecified",
}
CHECKABLE_TYPES = tuple(t for t, c in SOURCE_CLASS.items() if c == "checkable")
SOURCE_CLASSES = ("checkable", "unverifiable", "self", "unspecified")
#: Share column of each sourcing class.
CLASS_SHARE_COLUMN = {
    "checkable": "named_source_share",
    "unverifiable": "unverifiable_source_share",
    "self": "self_source_share",
    "unspecified": "unspecified_source_share",
}

# ---------------------------------------------------------------------------------------------
# Sentence rules
# ---------------------------------------------------------------------------------------------

#: A statement has at least this many words.
MIN_STATEMENT_WORDS = 4
#: Terminal punctuation, possibly followed by closing quotes or brackets.
TERMINAL = re.compile(r"[.!?…][\"”’')\]]*\s*$")
QUESTION = re.compile(r"\?[\"”’')\]]*\s*$")
#: Calls to action and obligations: the sentence asks for something rather than states a fact.
CALL_TO_ACTION = re.compile(
    r"\b(?:calls?\s+(?:on|upon|for)|urges?|appeals?\s+to|must|should|ought\s+to|let\s+us)\b", re.IGNORECASE)
_IRREGULAR_PAST = (
    "said told met left came went took made gave held sent began saw fell won lost led struck fled brought "
    "bought built caught fought found got heard kept knew meant paid ran rose sold spoke stood thought threw "
    "wrote hit put set cut shot became broke chose drove flew grew hid spent taught understood wore overtook "
    "withdrew undertook sought arose forbade sank swore tore woke bore beat bit bled blew dealt dug drew ate "
    "fed felt forgave froze hung lay lit quit rode rang shook shut slid sat slept spread stole stuck swept "
    "swung"
).split()
#: A finite verb of event or state: be/have/do, modals, an -ed past form, a common irregular past.
FINITE_VERB = re.compile(
    r"\b(?:am|is|are|was|were|has|have|had|does|did|do|will|would|can|could|may|might|shall|"
    r"(?:is|are|was|were|has|have|had|did|does|do|wo)n['’]t|[a-z]{2,}ed|" + "|".join(_IRREGULAR_PAST) + r")\b",
    re.IGNORECASE,
)
#: Words ending in -ed that are not past forms.
NOT_PAST_ED = frozenset("""need hundred red bed feed seed speed breed greed weed deed creed indeed shed sled naked
    sacred wicked wretched rugged ragged beloved kindred hatred embed united ahmed mohammed mohamed""".split())


def has_finite_verb(sentence: str) -> bool:
    """True when ``sentence`` holds a finite verb form by :data:`FINITE_VERB` (-ed words in
    :data:`NOT_PAST_ED` do not count)."""
    return any(m.group().lower() not in NOT_PAST_ED for m in FINITE_VERB.finditer(sentence))


# ---------------------------------------------------------------------------------------------
# Concrete detail
# ---------------------------------------------------------------------------------------------

_MONTHS = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
           r"Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)")
_WEEKDAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"
#: Dates (case-sensitive month and weekday names; see module docstring).
DATE_RE = re.compile(
    rf"\b(?:\d{{4}}-[01]\d-[0-3]\d"
    rf"|(?:{_WEEKDAYS},?\s+)?(?:{_DAY}\s+{_MONTHS}(?:,?\s+{_YEAR})?"
    rf"|{_MONTHS}\s+{_DAY}(?!\d)(?:,?\s+{_YEAR})?"
    rf"|{_MONTHS},?\s+{_YEAR})"
    rf"|{_WEEKDAYS}"
    rf"|(?i:in|since|by|until|during|from|before|after|through)\s+(?P<year>{_YEAR}))(?![\w-])"
)
_NUMBER_WORD = (r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
                r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
                r"hundred|thousand|million|billion|trillion|dozen)")
_SCALE = r"(?:hundred|thousand|million|billion|trillion|mln|bln|m|bn|k)"
_UNIT = (r"(?:%|percent|per\s+cent|pct|mm|cm|km|kg|kilometres?|kilometers?|miles?|metres?|meters?|tonnes?|tons?|"
         r"dlrs|dollars?|usd|bpd|barrels?|years?|months?|weeks?|days?|hours?|minutes?|people|dead|killed|injured|"
         r"wounded)")
#: Numbers: digit groups or number words (from two), with a scale word and a unit when present.
NUMBER_RE = re.compile(
    rf"(?:[$£€]\s?)?(?<![\w.,])(?:\d+(?:[.,]\d+)*(?:[a-zA-Z]{{1,3}}\b)?|{_NUMBER_WORD}(?:[\s-]+{_NUMBER_WORD})*)\b"
    rf"(?:\s+{_SCALE}\b)?(?:\s+{_UNIT}\b)?",
    re.IGNORECASE,
)
#: Plural or vague quantity words that are not checkable numbers.
_VAGUE_AFTER = re.compile(r"s\b|\s+of\b", re.IGNORECASE)
#: Words never part of a name at either end.
NAME_STOPWORDS = frozenset(
    """a an the this that these those his her their its our my your some any every each no
    in on at by for from to of with without into onto over under after before during since until as
    and or but nor so yet if then than when while where who whom whose which what how why
    he she it they we i you me him us them
    mr mrs ms dr
    according following meanwhile moreover however also still even just only
    dear madam sir""".split()
) - {"mr", "mrs", "ms", "dr"}
_CAP_TOKEN = r"(?:(?:[A-Z]\.){2,}|[A-Z][\w’'\-]*|(?:al|el|bin|ibn)-[A-Z][\w’'\-]*)"
_NAME_SEQ = re.compile(rf"{_CAP_TOKEN}(?:[ \t]+(?:(?:of(?:[ \t]+the)?|bin|de|al|el|van|von|da)[ \t]+)?{_CAP_TOKEN})+")
_MONTH_OR_DAY = re.compile(rf"^(?:{_MONTHS}|{_WEEKDAYS}|May)$")

# ---------------------------------------------------------------------------------------------
# The other side
# ---------------------------------------------------------------------------------------------

_ACCUSATION = (r"(?:accusations?|allegations?|charges?|claims?|reports?|criticism|assertions?|premise|"
               r"involvement|responsibility|wrongdoing|guilt|complicity|links?|role|wrong)")
#: Patterns that report the other side's response (name -> regex); see module docstring.
OTHER_SIDE_PATTERNS = {
    "denial": re.compile(
        r"\bden(?:ied|ies|y|ying)\s+(?:as\s+(?:baseless|false|untrue|groundless)\s+|"
        r"(?:flatly|strongly|categorically|vehemently|firmly|repeatedly|again|also)\s+)?"
        rf"(?:that\b|knowing\b|having\b|being\b|making\b|ever\b|"
        rf"(?:any|all|the|such|these|those|this|that|one|each|his|her|their|its)\s+"
        rf"(?:[\w-]+\s+){{0,2}}?{_ACCUSATION}\b|"
        rf"{_ACCUSATION}\b)", re.IGNORECASE),
    "denial_relative": re.compile(
        r"\b(?:which|a\s+charge|an\s+accusation|an\s+allegation|the\s+charges?|the\s+accusations?|"
        r"the\s+allegations?|the\s+claims?)\s+(?:\w+\s+)?(?:has\s+|have\s+|had\s+|was\s+|were\s+|"
        r"has\s+been\s+|have\s+been\s+)?(?:also\s+|repeatedly\s+|strongly\s+)?denied\b", re.IGNORECASE),
    "denial_noun": re.compile(r"\b(?:issued|made|gave|in)\s+(?:a|an\s+official|a\s+formal|a\s+strong)\s+denial\b",
                              re.IGNORECASE),
    "rejection": re.compile(
        r"\b(?:rejected|rejects|rejecting|dismissed|dismisses|dismissing|refuted|refutes|rebutted|rebuts|"
        r"disputed|disputes|contested|contests)\s+(?:as\s+\w+\s+)?(?:the\s+|these\s+|those\s+|such\s+|all\s+|"
        rf"any\s+|his\s+|her\s+|their\s+|its\s+)?(?:[\w-]+\s+){{0,2}}?{_ACCUSATION}\b", re.IGNORECASE),
    "no_comment": re.compile(
        r"\b(?:declined|refused|declines|refuses)\s+to\s+(?:comment|respond|answer|be\s+interviewed)\b|"
        r"\b(?:would|could|did)\s+not\s+(?:immediately\s+)?comment\b|"
        r"\b(?:was|were|is|are)\s+(?:not\s+|un)(?:immediately\s+)?available\s+(?:for|to)\s+comment\b|"
        r"\bno\s+(?:immediate\s+)?comment\s+(?:from|was|could)\b", re.IGNORECASE),
    "not_reached": re.compile(
        r"\bcould\s+not\s+(?:immediately\s+)?be\s+(?:reached|contacted)\b|"
        r"\b(?:did\s+not|didn['’]t|has\s+not|have\s+not|had\s+not)\s+(?:immediately\s+)?"
        r"(?:respond(?:ed)?|repl(?:y|ied)|return(?:ed)?)\s+(?:to\s+)?(?:a\s+|an\s+|the\s+|several\s+|repeated\s+)?"
        r"(?:requests?|calls?|questions?|inquir\w+|quer\w+|e-?mails?|messages?|phone\s+calls?)\b", re.IGNORECASE),
    "response_to_accusation": re.compile(
        r"\b(?:responded|responding|replied|replying|reacted|reacting)\s+to\s+(?:the\s+|these\s+|such\s+|this\s+)?"
        r"(?:[\w-]+\s+){0,2}?(?:accusations?|allegations?|charges?|criticism|claims?)\b", re.IGNORECASE),
}

# ---------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------

SCORECARD_COLUMNS = [
    "doc_id", "words", "body_words", "sentences", "claims", "named_source_share", "unverifiable_source_share",
    "self_source_share", "unspecified_source_share", "statements", "factual_assertions",
    "unattributed_assertions", "unattributed_assertion_share", "dates", "numbers", "names",
    "dates_per_1k", "numbers_per_1k", "names_per_1k", "checkable_details_per_1k", "other_side_response",
    "other_side_count", "other_side_sentences", "anonymous_claims", "anonymous_claims_hedged",
    "anonymous_claims_hedged_share",
]
CLAIM_COLUMNS = ["doc_id", "sentence", "cue_text", "source_text", "source_type", "source_class", "checkable",
                 "direct", "hedged", "hedges", "claim_text", "sentence_text"]
SENTENCE_COLUMNS = ["doc_id", "sentence", "start", "end", "statement", "excluded_because", "factual",
                    "attributed", "voice", "unattributed_assertion", "text"]
DETAIL_COLUMNS = ["doc_id", "sentence", "start", "end", "kind", "text"]
RESPONSE_COLUMNS = ["doc_id", "sentence", "start", "end", "pattern", "match", "text"]


@dataclass
class Scorecard:
    """The scorecard of a set of documents: ``table`` (one row per document, :data:`SCORECARD_COLUMNS`
    plus the grouping and metadata columns), ``claims`` (one row per attribution,
    :data:`CLAIM_COLUMNS`), ``sentences`` (every sentence with its classification), ``details``
    (every date, number and name found) and ``responses`` (every other-side sentence)."""

    table: pd.DataFrame
    claims: pd.DataFrame
    sentences: pd.DataFrame
    details: pd.DataFrame
    responses: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=RESPONSE_COLUMNS))


# ---------------------------------------------------------------------------------------------
# Building blocks (each usable on one text)
# ---------------------------------------------------------------------------------------------


def headline_end(text: str, title: str | None) -> int:
    """End offset of the headline line (0 when the text does not open with its title)."""
    title = (title or "").strip()
    if not title or not text.startswith(title):
        return 0
    nl = text.find("\n")
    return len(text) if nl < 0 else nl


def _sentence_of(bounds: Sequence[tuple[int, int]], pos: int) -> int:
    starts = [s for s, _ in bounds]
    i = int(np.searchsorted(starts, pos, side="right")) - 1
    return i if i >= 0 and pos < bounds[i][1] else -1


def find_other_side(text: str, sentence_bounds: Sequence[tuple[int, int]] | None = None,
                    doc_id: str = "") -> pd.DataFrame:
    """Sentences that report the other side's response (:data:`OTHER_SIDE_PATTERNS`): one row per
    matching sentence (the first pattern that matches), columns :data:`RESPONSE_COLUMNS`."""
    from analysis.corpus.sentences import split_sentences

    bounds = split_sentences(text) if sentence_bounds is None else sentence_bounds
    rows = []
    for i, (s, e) in enumerate(bounds):
        sent = text[s:e]
        for name, pat in OTHER_SIDE_PATTERNS.items():
            m = pat.search(sent)
            if m:
                rows.append((doc_id, i, s, e, name, m.group(), sent))
                break
    return pd.DataFrame(rows, columns=RESPONSE_COLUMNS)


def _lower_words(text: str) -> set[str]:
    return {w for w in re.findall(r"\b[a-z][\w’'\-]*", text)}


def _strip_name(tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    def bad(tok: str) -> bool:
        t = tok.rstrip(".").lower()
        return t in NAME_STOPWORDS or bool(_MONTH_OR_DAY.match(tok))

    while tokens and bad(tokens[0][2]):
        tokens = tokens[1:]
    while tokens and (bad(tokens[-1][2]) or tokens[-1][2].lower() in {"of", "the"}):
        tokens = tokens[:-1]
    return tokens


_TOKEN_IN_SEQ = re.compile(rf"{_CAP_TOKEN}|\\b(?:of|the|bin|de|al|el|van|von|da)\\b")


def find_details(text: str, sentence_bounds: Sequence[tuple[int, int]] | None = None, doc_id: str = "",
                 skip_until: int = 0) -> pd.DataFrame:
    """Dates, numbers and multi-word names in ``text`` (from offset ``skip_until``: the headline is
    left out), columns :data:`DETAIL_COLUMNS`, ``kind`` in {date, number, name}."""
    from analysis.corpus.sentences import split_sentences

    bounds = split_sentences(text) if sentence_bounds is None else list(sentence_bounds)
    rows: list[tuple] = []
    taken: list[tuple[int, int]] = []
    for m in DATE_RE.finditer(text, skip_until):
        s, e = m.span("year") if m.group("year") else m.span()
        rows.append((s, e, "date", text[s:e]))
        taken.append((s, e))

    def free(s: int, e: int) -> bool:
        return not any(s < b and a < e for a, b in taken)

    for m in NUMBER_RE.finditer(text, skip_until):
        s, e = m.span()
        if not free(s, e) or not m.group().strip():
            continue
        word = m.group()
        if word[:1].isalpha() and _VAGUE_AFTER.match(text, e) and not re.search(r"\d", word) \
                and word.split()[-1].lower() in {"hundred", "thousand", "million", "billion", "dozen"}:
            continue  # "hundreds of", "dozens", "millions of": vague
        rows.append((s, e, "number", word))
        taken.append((s, e))
    lower = _lower_words(text)
    starts = {s for s, _ in bounds}
    for m in _NAME_SEQ.finditer(text, skip_until):
        toks = [(t.start() + m.start(), t.end() + m.start(), t.group()) for t in _TOKEN_IN_SEQ.finditer(m.group())]
        toks = _strip_name(toks)
        if toks and _at_sentence_start(text, toks[0][0], starts) and toks[0][2].lower() in lower:
            toks = _strip_name(toks[1:])
        caps = [t for t in toks if t[2][:1].isupper() or "-" in t[2]]
        if len(caps) < 2:
            continue
        s, e = toks[0][0], toks[-1][1]
        if not free(s, e):
            continue
        rows.append((s, e, "name", text[s:e]))
    rows.sort()
    out = pd.DataFrame([(doc_id, _sentence_of(bounds, s), s, e, k, t) for s, e, k, t in rows], columns=DETAIL_COLUMNS)
    return out


def _at_sentence_start(text: str, pos: int, starts: set[int]) -> bool:
    """Is ``pos`` the first word of a sentence (after any opening quote, bracket or bullet)?"""
    j = pos
    while j > 0 and text[j - 1] in "“\"‘'([•–- \t":
        j -= 1
    return j in starts or j == 0 or text[j - 1] == "\n"


def _outside(text: str, s: int, e: int, regions: list[tuple[int, int]]) -> str:
    """``text[s:e]`` with the parts inside ``regions`` blanked out."""
    chars = list(text[s:e])
    for a, b in regions:
        for j in range(max(a, s), min(b, e)):
            chars[j - s] = " "
    return "".join(chars)


def _quoted_share(regions: list[tuple[int, int]], s: int, e: int) -> float:
    n = e - s
    if n <= 0:
        return 0.0
    inside = sum(max(0, min(e, b) - max(s, a)) for a, b in regions)
    return inside / n


def sentence_table(text: str, sentence_bounds: Sequence[tuple[int, int]], attributions: pd.DataFrame,
                   quoted_regions: list[tuple[int, int]], title: str | None = None, doc_id: str = "",
                   details: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every sentence classified for the unattributed-assertion rule (module docstring), columns
    :data:`SENTENCE_COLUMNS`. ``details`` (from :func:`find_details`) lets a concrete detail make a
    statement factual; it is computed when not given."""
    head = headline_end(text, title)
    if details is None:
        details = find_details(text, sentence_bounds, doc_id=doc_id, skip_until=head)
    detail_sentences = set(details["sentence"])
    cue_sentences = set(attributions["sentence"]) if len(attributions) else set()
    contents = []
    if len(attributions):
        contents = [(int(a), int(b)) for a, b in zip(attributions["content_start"], attributions["content_end"]) if a >= 0]
    rows = []
    for i, (s, e) in enumerate(sentence_bounds):
        sent = text[s:e]
        reason = ""
        if head and s < head:
            reason = "headline"
        elif not TERMINAL.search(sent):
            reason = "no terminal punctuation"
        elif count_words(sent) < MIN_STATEMENT_WORDS:
            reason = "too short"
        elif QUESTION.search(sent):
            reason = "question"
        elif CALL_TO_ACTION.search(_outside(text, s, e, quoted_regions)):
            reason = "call to action"
        statement = not reason
        factual = statement and (has_finite_verb(sent) or i in detail_sentences)
        attributed = i in cue_sentences or any(a < e and s < b for a, b in contents)
        voice = "quoted" if _quoted_share(quoted_regions, s, e) > 0.5 else "authorial"
        unattributed = factual and not attributed and voice == "authorial"
        rows.append((doc_id, i, s, e, statement, reason, factual, attributed, voice, unattributed, sent))
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)


@lru_cache(maxsize=1)
def _hedge_matcher():
    from analysis.measures.lexicon import get_matcher

    return get_matcher("hedges")


def core_hedges(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, text)`` of every core hedge (:func:`analysis.measures.lexicon.is_core`) in ``text``."""
    from analysis.measures.lexicon import is_core

    m = _hedge_matcher()
    subs = m.frame["subcategory"].tolist()
    return [(x.start, x.end, x.text) for x in m.finditer(text) if is_core("hedge", subs[x.entry_index])]


# ---------------------------------------------------------------------------------------------
# One document, many documents
# ---------------------------------------------------------------------------------------------


def _share(n: int, d: int) -> float:
    return n / d if d else float("nan")


def _per_1k(n: int, words: int) -> float:
    return 1000.0 * n / words if words else float("nan")


def document_scorecard(text: str, doc_id: str = "", publisher: str | None = None,
                       title: str | None = None) -> Scorecard:
    """The scorecard of one text (a :class:`Scorecard` with a one-row ``table``)."""
    from analysis.measures.attribution import find_attributions
    from analysis.measures.quotes import quoted_voice_regions
    from analysis.corpus.sentences import split_sentences

    publisher = publisher or None
    bounds = split_sentences(text)
    att = find_attributions(text, bounds, publisher=publisher)
    regions = quoted_voice_regions(text, att, publisher=publisher) if len(att) or "“" in text or '"' in text else []
    head = headline_end(text, title)
    details = find_details(text, bounds, doc_id=doc_id, skip_until=head)
    sentences = sentence_table(text, bounds, att, regions, title=title, doc_id=doc_id, details=details)
    responses = find_other_side(text, bounds, doc_id=doc_id)
    hedges_by_sentence: dict[int, list[str]] = {}
    for s, _e, t in core_hedges(text):
        hedges_by_sentence.setdefault(_sentence_of(bounds, s), []).append(t)

    claim_rows = []
    for a in att.itertuples(index=False):
        ss, se = bounds[a.sentence]
        cls = SOURCE_CLASS.get(a.source_type, "unspecified")
        hedges = hedges_by_sentence.get(a.sentence, [])
        content = text[a.content_start:a.content_end] if a.content_start >= 0 else ""
        claim_rows.append((doc_id, int(a.sentence), a.cue_text, a.source_text, a.source_type, cls, cls == "checkable",
                           bool(a.direct), bool(hedges), "; ".join(hedges), content, text[ss:se]))
    claims = pd.DataFrame(claim_rows, columns=CLAIM_COLUMNS)

    n_claims = len(claims)
    classes = claims["source_class"].value_counts()
    body_words = count_words(text[head:])
    kinds = details["kind"].value_counts()
    anon = claims[claims["source_type"] == "anonymous_unverifiable"]
    factual = int(sentences["factual"].sum())
    unattributed = int(sentences["unattributed_assertion"].sum())
    row = {"doc_id": doc_id, "words": count_words(text), "body_words": body_words, "sentences": len(bounds),
           "claims": n_claims}
    for cls, col in CLASS_SHARE_COLUMN.items():
        row[col] = _share(int(classes.get(cls, 0)), n_claims)
    row.update({
        "statements": int(sentences["statement"].sum()), "factual_assertions": factual,
        "unattributed_assertions": unattributed, "unattributed_assertion_share": _share(unattributed, factual),
    })
    for kind, col in (("date", "dates"), ("number", "numbers"), ("name", "names")):
        row[col] = int(kinds.get(kind, 0))
        row[f"{col}_per_1k"] = _per_1k(row[col], body_words)
    row["checkable_details_per_1k"] = _per_1k(row["dates"] + row["numbers"] + row["names"], body_words)
    row["other_side_response"] = bool(len(responses))
    row["other_side_count"] = len(responses)
    row["other_side_sentences"] = " || ".join(f"[{i}] {t}" for i, t in zip(responses["sentence"], responses["text"]))
    row["anonymous_claims"] = len(anon)
    row["anonymous_claims_hedged"] = int(anon["hedged"].sum())
    row["anonymous_claims_hedged_share"] = _share(int(anon["hedged"].sum()), len(anon))
    table = pd.DataFrame([row], columns=SCORECARD_COLUMNS)
    return Scorecard(table, claims, sentences, details, responses)


def build_scorecard(documents: pd.DataFrame, group_col: str | None = "group") -> Scorecard:
    """The scorecard of every document of a documents frame (columns doc_id, text, and optionally
    publisher, title and ``group_col``). ``table`` starts with doc_id, ``group_col``, title and
    publisher; ``claims`` carries ``group_col`` too."""
    missing = {"doc_id", "text"} - set(documents.columns)
    if missing:
        raise ValueError(f"build_scorecard: documents lack column(s) {sorted(missing)}")
    parts: list[Scorecard] = []
    for d in documents.to_dict("records"):
        text = d["text"] if isinstance(d["text"], str) else ""
        pub = d.get("publisher")
        pub = pub if isinstance(pub, str) and pub else None
        title = d.get("title") if isinstance(d.get("title"), str) else None
        parts.append(document_scorecard(text, str(d["doc_id"]), pub, title))
    meta_cols = [c for c in (group_col, "title", "publisher") if c and c in documents.columns]
    meta = documents[["doc_id", *meta_cols]].astype({"doc_id": str}).reset_index(drop=True)

    def cat(attr: str, columns: list[str]) -> pd.DataFrame:
        frames = [getattr(p, attr) for p in parts if len(getattr(p, attr))]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)

    table = cat("table", SCORECARD_COLUMNS)
    table = meta.merge(table, on="doc_id", how="left", validate="one_to_one") if len(table) else table
    out = Scorecard(table, cat("claims", CLAIM_COLUMNS), cat("sentences", SENTENCE_COLUMNS),
                    cat("details", DETAIL_COLUMNS), cat("responses", RESPONSE_COLUMNS))
    if group_col and group_col in documents.columns:
        groups = dict(zip(meta["doc_id"], meta[group_col]))
        for frame in (out.claims, out.sentences, out.details, out.responses):
            frame.insert(1, group_col, frame["doc_id"].map(groups))
    out.table["other_side_response"] = out.table["other_side_response"].astype(bool)
    return out


def group_scorecard(baselines: Sequence[str] | None = None, max_docs: int | None = None, topic: bool = False,
                    data_dir: str | None = None, use_cache: bool = True) -> Scorecard:
    """The scorecard of the seeds and ``baselines`` as assembled by :func:`analysis.pipeline.cache.group_data`
    (same documents, same ``group`` column), cached on disk beside it (keyed by the request and the
    package's code fingerprint, so a change to any rule recomputes it)."""
    import hashlib

    from analysis.pipeline.cache import CACHE_DIR, cached, code_fingerprint, group_data
    from analysis.corpus.groups import DEFAULT_BASELINES

    baselines = tuple(DEFAULT_BASELINES if baselines is None else baselines)
    key = hashlib.sha256(repr((baselines, bool(topic), max_docs, str(data_dir or ""), code_fingerprint())).encode())
    path = CACHE_DIR / f"scorecard-{key.hexdigest()[:20]}.pkl"

    def compute() -> Scorecard:
        docs = group_data(baselines, topic=topic, max_docs=max_docs, data_dir=data_dir, use_cache=use_cache).documents
        card = build_scorecard(docs, group_col="group")
        card.table["reliability_index"] = reliability_index(card.table)
        return card

    return cached(path, compute, use_cache)


# ---------------------------------------------------------------------------------------------
# Comparison with the baselines
# ---------------------------------------------------------------------------------------------

#: Scorecard measures compared between groups (the per-document components).
COMPARED_MEASURES = ["named_source_share", "unverifiable_source_share", "self_source_share",
                     "unattributed_assertion_share", "checkable_details_per_1k", "dates_per_1k", "numbers_per_1k",
                     "names_per_1k", "other_side_response", "anonymous_claims_hedged_share", "reliability_index"]


def compare_scorecard(table: pd.DataFrame, group_col: str = "group", studied: str = "seeds",
                      measures: Sequence[str] | None = None, **kwargs) -> pd.DataFrame:
    """The ``studied`` group against every other group on each scorecard measure
    (:func:`analysis.compare.stats.compare_groups`, one call per pair, so Holm's family is the measures of
    that pair; ``other_side_response`` as 0/1). ``group_a`` is the studied group, ``group_b`` the
    other (reference) group: an effect > 0 means the studied documents score higher. A measure
    with fewer than two defined values in either group of a pair is left out of that pair. Adds
    the index when missing."""
    from analysis.compare.stats import compare_groups

    frame = table.copy()
    if "reliability_index" not in frame.columns:
        frame["reliability_index"] = reliability_index(frame)
    frame["other_side_response"] = frame["other_side_response"].astype(float)
    measures = [m for m in (measures or COMPARED_MEASURES) if m in frame.columns]
    others = [g for g in dict.fromkeys(frame[group_col]) if g != studied]
    parts = []
    for g in others:
        pair = frame[frame[group_col].isin([studied, g])]
        counts = pair.groupby(group_col)[measures].count()
        usable = [m for m in measures if len(counts) == 2 and counts[m].min() >= 2]
        if usable:  # a share undefined in all but one document (no anonymous claim) cannot be compared
            parts.append(compare_groups(pair, group_col, usable, pairs=[(studied, g)], **kwargs))
    if not parts:
        return pd.DataFrame()
    out = pd.concat(parts, ignore_index=True)
    out.attrs.update(parts[0].attrs)
    return out


# ---------------------------------------------------------------------------------------------
# The combined index and its weight sensitivity
# ---------------------------------------------------------------------------------------------

#: Details per 1,000 words at which the detail component reaches 1 (its scale; see formula).
DETAIL_CAP_PER_1K = 100.0

#: Index components: name -> (formula in words, function of the table). Each lies in [0, 1],
#: higher = more checkable.
INDEX_COMPONENTS = {
    "named": ("named_source_share (0 when the text has no claim)",
              lambda t: t["named_source_share"].fillna(0.0)),
    "not_unverifiable": ("1 - unverifiable_source_share (1 when no claim)",
                         lambda t: 1.0 - t["unverifiable_source_share"].fillna(0.0)),
    "not_self": ("1 - self_source_share (1 when no claim)",
                 lambda t: 1.0 - t["self_source_share"].fillna(0.0)),
    "attributed_facts": ("1 - unattributed_assertion_share (0.5 when no factual assertion)",
                         lambda t: 1.0 - t["unattributed_assertion_share"].fillna(0.5)),
    "detail": (f"min(checkable_details_per_1k / {DETAIL_CAP_PER_1K:g}, 1)",
               lambda t: (t["checkable_details_per_1k"].fillna(0.0) / DETAIL_CAP_PER_1K).clip(0.0, 1.0)),
    "other_side": ("1 if other_side_response else 0",
                   lambda t: t["other_side_response"].astype(float)),
    "anonymous_hedged": ("anonymous_claims_hedged_share (1 when no anonymous claim: nothing unverifiable is "
                         "asserted bare)", lambda t: t["anonymous_claims_hedged_share"].fillna(1.0)),
}
INDEX_FORMULA = ("reliability_index = sum_k w_k * c_k with weights w_k >= 0 summing to 1 (default: equal, 1/7 "
                 "each) over the components c_k: " + "; ".join(f"{k} = {v[0]}" for k, v in INDEX_COMPONENTS.items()))


def index_components(table: pd.DataFrame) -> pd.DataFrame:
    """The components of the index (:data:`INDEX_COMPONENTS`), one column each, in [0, 1]."""
    return pd.DataFrame({k: f(table).astype(float).to_numpy() for k, (_, f) in INDEX_COMPONENTS.items()},
                        index=table.index)


def reliability_index(table: pd.DataFrame, weights: dict[str, float] | Sequence[float] | None = None) -> pd.Series:
    """The weighted mean of the components (:data:`INDEX_FORMULA`); ``weights`` default to equal and
    are normalised to sum to 1. 0 = nothing checkable, 1 = every component at its best."""
    comps = index_components(table)
    if weights is None:
        w = np.full(comps.shape[1], 1.0 / comps.shape[1])
    elif isinstance(weights, dict):
        unknown = set(weights) - set(comps.columns)
        if unknown:
            raise ValueError(f"unknown index components {sorted(unknown)}")
        w = np.array([float(weights.get(c, 0.0)) for c in comps.columns])
    else:
        w = np.asarray(weights, dtype=float)
    if w.shape != (comps.shape[1],) or (w < 0).any() or w.sum() <= 0:
        raise ValueError("weights must be non-negative, one per component, not all zero")
    return pd.Series(comps.to_numpy() @ (w / w.sum()), index=table.index, name="reliability_index")


def weight_sensitivity(table: pd.DataFrame, group_col: str = "group", studied: str = "seeds",
                       n_weights: int = 1000, seed: int = 0, alpha: float = 1.0) -> pd.DataFrame:
    """Does a conclusion hinge on the index weights? Draw ``n_weights`` weight vectors from a flat
    Dirichlet(``alpha``) with a fixed ``seed``; under each, compare every ``studied`` document's
    index with the median index of the other groups (pooled, and each group alone).

    One row per studied document and comparison (``baseline`` = "all baselines" or a group):
    ``share_below_median`` = share of weight vectors under which the document's index is below that
    median; ``index_equal_weights`` and ``median_equal_weights`` under equal weights. ``attrs``:
    ``share_all_below`` (share of weight vectors under which *every* studied document is below
    the pooled median), ``n_weights``, ``seed``, ``alpha``."""
    comps = index_components(table).to_numpy()
    rng = np.random.default_rng(seed)
    W = rng.dirichlet(np.full(comps.shape[1], alpha), size=n_weights)  # (n_weights, k)
    scores = comps @ W.T  # (docs, n_weights)
    equal = comps.mean(axis=1)
    groups = table[group_col].to_numpy()
    is_ref = groups == studied
    if not is_ref.any() or is_ref.all():
        raise ValueError(f"weight_sensitivity needs {studied!r} documents and other documents")
    comparisons = {"all baselines": ~is_ref}
    for g in dict.fromkeys(groups[~is_ref]):
        comparisons[str(g)] = groups == g
    rows = []
    ref_idx = np.flatnonzero(is_ref)
    pooled_median = np.median(scores[~is_ref], axis=0)
    for label, mask in comparisons.items():
        med = np.median(scores[mask], axis=0)
        med_eq = float(np.median(equal[mask]))
        for i in ref_idx:
            rows.append({"doc_id": table["doc_id"].iloc[i], "baseline": label, "n_baseline": int(mask.sum()),
                         "share_below_median": float(np.mean(scores[i] < med)),
                         "index_equal_weights": float(equal[i]), "median_equal_weights": med_eq})
    out = pd.DataFrame(rows)
    out.attrs.update(share_all_below=float(np.mean((scores[ref_idx] < pooled_median).all(axis=0))),
                     n_weights=n_weights, seed=seed, alpha=alpha)
    return out


# ---------------------------------------------------------------------------------------------
# Plain words
# ---------------------------------------------------------------------------------------------


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _n(count, singular: str, plural: str | None = None) -> str:
    count = int(count or 0)
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def explain(row: pd.Series | dict) -> str:
    """The scorecard of one document (a row of :func:`build_scorecard`'s table) in plain words, for
    journalists; every sentence is generated from the numbers."""
    r = dict(row)
    title = r.get("title") if isinstance(r.get("title"), str) and r.get("title") else None
    parts = [f"“{title}”" if title else str(r.get("doc_id", "This text"))]
    n = int(r.get("claims", 0) or 0)
    if n == 0:
        parts.append("attributes no statement to any source.")
    else:
        parts.append(
            f"attributes {_n(n, 'statement')} to a source: {_pct(r['named_source_share'])} to sources a reader can "
            f"check (a named person, an official institution or a media outlet), "
            f"{_pct(r['unverifiable_source_share'])} to anonymous or unverifiable sources, "
            f"{_pct(r['self_source_share'])} to the publisher itself and {_pct(r['unspecified_source_share'])} to no "
            f"identifiable source.")
    fa = int(r.get("factual_assertions", 0) or 0)
    if fa:
        ua = int(r.get("unattributed_assertions", 0) or 0)
        verb = "is" if ua == 1 else "are"
        parts.append(f"Of its {_n(fa, 'factual statement')}, {ua} ({_pct(ua / fa)}) {verb} made in the author's own "
                     f"voice with no source given.")
    else:
        parts.append("It makes no factual statement in the sense of the scorecard.")
    details = r.get("checkable_details_per_1k", float("nan"))
    parts.append(f"It gives {_n(r.get('dates'), 'date')}, {_n(r.get('numbers'), 'number')} and "
                 f"{_n(r.get('names'), 'multi-word name')} ({details:.0f} checkable details per 1,000 words).")
    if r.get("other_side_response"):
        k = int(r.get("other_side_count", 1) or 1)
        parts.append(f"It reports a response from the other side in {_n(k, 'sentence')} (a denial, a rejection, a "
                     f"refusal to comment or an unanswered request).")
    else:
        parts.append("It reports no denial, rejection, refusal to comment or unanswered request for comment from "
                     "anyone.")
    an = int(r.get("anonymous_claims", 0) or 0)
    if an:
        h = int(r.get("anonymous_claims_hedged", 0) or 0)
        if an == 1:
            state = "is hedged (\"reportedly\", \"allegedly\", \"may\")" if h else "is stated as fact, without a hedge"
            parts.append(f"One claim rests on an anonymous or unverifiable source; it {state}.")
        else:
            parts.append(f"{an} claims rest on anonymous or unverifiable sources; {h} of them "
                         f"{'is' if h == 1 else 'are'} hedged (\"reportedly\", \"allegedly\", \"may\"), {an - h} "
                         f"{'is' if an - h == 1 else 'are'} stated as fact.")
    else:
        parts.append("No claim rests on an anonymous source.")
    if "reliability_index" in r and pd.notna(r["reliability_index"]):
        parts.append(f"Combined checkability index (equal weights): {r['reliability_index']:.2f} on a 0-1 scale.")
    parts.append("This measures how checkable the sourcing is, not whether the claims are true.")
    return " ".join(parts)


# ---------------------------------------------------------------------------------------------
# Figure
# ---------------------------------------------------------------------------------------------

#: Panels of :func:`scorecard_figure`: column -> panel title (with units).
FIGURE_PANELS = {
    "named_source_share": "claims with a checkable source\n(share of claims, 0-1)",
    "unverifiable_source_share": "claims with an anonymous source\n(share of claims, 0-1)",
    "self_source_share": "claims sourced to the publisher\n(share of claims, 0-1)",
    "unattributed_assertion_share": "factual statements with no source\n(share of statements, 0-1)",
    "checkable_details_per_1k": "dates, numbers and names\n(per 1,000 words)",
    "anonymous_claims_hedged_share": "anonymous claims that are hedged\n(share, 0-1)",
    "other_side_response": "other side's response given\n(0 = no, 1 = yes; bar: share of texts)",
    "reliability_index": "combined index, equal weights\n(0-1, higher = more checkable)",
}


def scorecard_figure(scorecard: pd.DataFrame | Scorecard, group_col: str = "group", source: str = "",
                     save: str | None = None, studied: str = "seeds"):
    """Small multiples: one panel per scorecard component, one column of points per group. Every
    document is a point (baselines hollow and jittered, with the group median as a bar); the
    ``studied`` documents (the seeds) are large filled markers. Returns the Figure; saves PNG and
    SVG only when ``save`` is given."""
    from analysis.report.figures import _finish
    from analysis.report.style import new_figure, style

    table = scorecard.table if isinstance(scorecard, Scorecard) else scorecard
    table = table.copy()
    if "reliability_index" not in table.columns:
        table["reliability_index"] = reliability_index(table)
    table["other_side_response"] = table["other_side_response"].astype(float)
    groups = list(dict.fromkeys(table[group_col]))
    if studied in groups:
        groups = [studied] + [g for g in groups if g != studied]
    panels = [c for c in FIGURE_PANELS if c in table.columns]
    ncols = 4
    nrows = int(np.ceil(len(panels) / ncols))
    fig, axes = new_figure(2.6 * ncols, 2.6 * nrows + 0.9, nrows=nrows, ncols=ncols, squeeze=False)
    rng = np.random.default_rng(0)
    for k, (ax, col) in enumerate(zip(axes.flat, panels)):
        for gi, g in enumerate(groups):
            vals = table.loc[table[group_col] == g, col].astype(float).to_numpy()
            ok = vals[~np.isnan(vals)]
            st = style(gi)
            if g == studied:
                x = gi + np.linspace(-0.15, 0.15, len(ok)) if len(ok) > 1 else np.full(len(ok), float(gi))
                ax.scatter(x, ok, s=34, marker=st["marker"], facecolor=st["color"], edgecolor="black",
                           linewidth=0.6, zorder=4, label=f"{g} (each document)" if k == 0 else None)
            else:
                ax.scatter(gi + rng.uniform(-0.22, 0.22, len(ok)), ok, s=9, marker=st["marker"], facecolor="white",
                           edgecolor="#555555", linewidth=0.5, zorder=2)
            if len(ok):
                centre = np.mean(ok) if col == "other_side_response" else np.median(ok)
                ax.hlines(centre, gi - 0.3, gi + 0.3, color="black", linewidth=1.6, zorder=5)
        ax.set_xticks(range(len(groups)), groups, rotation=30, ha="right", fontsize=7)
        ax.set_title(FIGURE_PANELS[col], fontsize=7.5)
        ax.set_xlim(-0.6, len(groups) - 0.4)
        if col != "checkable_details_per_1k":
            ax.set_ylim(-0.05, 1.05)
    for ax in list(axes.flat)[len(panels):]:
        ax.set_visible(False)
    fig.suptitle("Source-reliability scorecard: how checkable is the sourcing? (not whether it is true)", fontsize=10)
    n = table.groupby(group_col, sort=False).size()
    caption = (f"Source: {source or 'analysis/scorecard.py'}. " + ", ".join(f"{g} n={int(n[g])}" for g in groups)
               + f". Points: documents ({studied}: filled, larger); bar: group median (other side's response: "
               "share of texts). Share panels leave out documents where the share is undefined (no claim, no "
               "anonymous claim). Index formula: analysis.compare.scorecard.INDEX_FORMULA.")
    return _finish(fig, caption, save)
