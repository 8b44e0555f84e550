"""The scorecard's rules applied to one document in plain Python: the rows of its five tables as
tuples (no DataFrame per document), so that :func:`analysis.compare.scorecard.build_scorecard` builds
each table once for a whole corpus. The rules themselves are described in the docstring of
:mod:`analysis.compare.scorecard`, which re-exports the public names defined here (sourcing classes,
other-side patterns, :func:`headline_end`, :func:`core_hedges`)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from itertools import islice
from typing import NamedTuple

from analysis.compare.scorecard_details import detail_rows, sentence_index
from analysis.compare.statement_rules import CALL_TO_ACTION, MIN_STATEMENT_WORDS, QUESTION, TERMINAL, has_finite_verb
from analysis.corpus.text import WORD_RE
from analysis.measures.bounds import per_1k, share
from analysis.measures.checkability import CHECKABILITY_COLUMNS, source_checkability
from analysis.measures.source_types import share_column, source_type_shares
from analysis.measures.text_genre import TEXT_GENRE_COLUMNS, detect_text_genre

# ---------------------------------------------------------------------------------------------
# Sourcing classes
# ---------------------------------------------------------------------------------------------

#: Source type (``analysis.measures.attribution.SOURCE_TYPES``) -> sourcing class.
SOURCE_CLASS = {
    "named_person": "checkable",
    "official_institution": "checkable",
    "media_outlet": "checkable",
    "organisation": "checkable",
    "anonymous_unverifiable": "unverifiable",
    "self_reference": "self",
    "unspecified": "unspecified",
}
CHECKABLE_TYPES = tuple(t for t, c in SOURCE_CLASS.items() if c == "checkable")
SOURCE_CLASSES = ("checkable", "unverifiable", "self", "unspecified")
#: Share column of each sourcing class (the last three are the profile's ``source_<type>_share``).
CLASS_SHARE_COLUMN = {
    "checkable": "named_source_share",
    "unverifiable": "source_anonymous_unverifiable_share",
    "self": "source_self_reference_share",
    "unspecified": "source_unspecified_share",
}

# ---------------------------------------------------------------------------------------------
# The other side
# ---------------------------------------------------------------------------------------------

_ACCUSATION = (
    r"(?:accusations?|allegations?|charges?|claims?|reports?|criticism|assertions?|premise|"
    r"involvement|responsibility|wrongdoing|guilt|complicity|links?|role|wrong)"
)
#: Patterns that report the other side's response (name -> regex); see :mod:`analysis.compare.scorecard`.
OTHER_SIDE_PATTERNS = {
    "denial": re.compile(
        r"\bden(?:ied|ies|y|ying)\s+(?:as\s+(?:baseless|false|untrue|groundless)\s+|"
        r"(?:flatly|strongly|categorically|vehemently|firmly|repeatedly|again|also)\s+)?"
        rf"(?:that\b|knowing\b|having\b|being\b|making\b|ever\b|"
        rf"(?:any|all|the|such|these|those|this|that|one|each|his|her|their|its)\s+"
        rf"(?:[\w-]+\s+){{0,2}}?{_ACCUSATION}\b|"
        rf"{_ACCUSATION}\b)",
        re.IGNORECASE,
    ),
    "denial_relative": re.compile(
        r"\b(?:which|a\s+charge|an\s+accusation|an\s+allegation|the\s+charges?|the\s+accusations?|"
        r"the\s+allegations?|the\s+claims?)\s+(?:\w+\s+)?(?:has\s+|have\s+|had\s+|was\s+|were\s+|"
        r"has\s+been\s+|have\s+been\s+)?(?:also\s+|repeatedly\s+|strongly\s+)?denied\b",
        re.IGNORECASE,
    ),
    "denial_noun": re.compile(
        r"\b(?:issued|made|gave|in)\s+(?:a|an\s+official|a\s+formal|a\s+strong)\s+denial\b", re.IGNORECASE
    ),
    "rejection": re.compile(
        r"\b(?:rejected|rejects|rejecting|dismissed|dismisses|dismissing|refuted|refutes|rebutted|rebuts|"
        r"disputed|disputes|contested|contests)\s+(?:as\s+\w+\s+)?(?:the\s+|these\s+|those\s+|such\s+|all\s+|"
        rf"any\s+|his\s+|her\s+|their\s+|its\s+)?(?:[\w-]+\s+){{0,2}}?{_ACCUSATION}\b",
        re.IGNORECASE,
    ),
    "no_comment": re.compile(
        r"\b(?:declined|refused|declines|refuses)\s+to\s+(?:comment|respond|answer|be\s+interviewed)\b|"
        r"\b(?:would|could|did)\s+not\s+(?:immediately\s+)?comment\b|"
        r"\b(?:was|were|is|are)\s+(?:not\s+|un)(?:immediately\s+)?available\s+(?:for|to)\s+comment\b|"
        r"\bno\s+(?:immediate\s+)?comment\s+(?:from|was|could)\b",
        re.IGNORECASE,
    ),
    "not_reached": re.compile(
        r"\bcould\s+not\s+(?:immediately\s+)?be\s+(?:reached|contacted)\b|"
        r"\b(?:did\s+not|didn['’]t|has\s+not|have\s+not|had\s+not)\s+(?:immediately\s+)?"
        r"(?:respond(?:ed)?|repl(?:y|ied)|return(?:ed)?)\s+(?:to\s+)?(?:a\s+|an\s+|the\s+|several\s+|repeated\s+)?"
        r"(?:requests?|calls?|questions?|inquir\w+|quer\w+|e-?mails?|messages?|phone\s+calls?)\b",
        re.IGNORECASE,
    ),
    "response_to_accusation": re.compile(
        r"\b(?:responded|responding|replied|replying|reacted|reacting)\s+to\s+(?:the\s+|these\s+|such\s+|this\s+)?"
        r"(?:[\w-]+\s+){0,2}?(?:accusations?|allegations?|charges?|criticism|claims?)\b",
        re.IGNORECASE,
    ),
}

#: Letters one of which every match of an other-side pattern contains (case-insensitively: den[ied|ies|
#: y|ying|ial], dismiss, disput, declin, reject, refut, rebut, refus, reached, respond, repl, return,
#: react, comment, contest, contacted): the six patterns are only tried on a sentence holding one.
_OTHER_SIDE_HINT = re.compile(
    r"d(?:en(?:ied|ies|y|ying|ial)|ismiss|isput|eclin)|"
    r"re(?:ject|fut|but|fus|ached|spond|pl|turn|act)|co(?:mment|ntest|ntacted)",
    re.IGNORECASE,
)


def headline_end(text: str, title: str | None) -> int:
    """End offset of the headline line (0 when the text does not open with its title)."""
    title = (title or "").strip()
    if not title or not text.startswith(title):
        return 0
    nl = text.find("\n")
    return len(text) if nl < 0 else nl


@lru_cache(maxsize=1)
def _hedge_matcher():
    """The hedges matcher and, per entry, whether it is a core hedge."""
    from analysis.measures.lexicon import get_matcher, is_core

    m = get_matcher("hedges")
    return m, tuple(is_core("hedge", sub) for sub in m.frame["subcategory"].tolist())


def core_hedges(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, text)`` of every core hedge (:func:`analysis.measures.lexicon.is_core`) in ``text``."""
    m, core = _hedge_matcher()
    return [(x.start, x.end, x.text) for x in m.finditer(text) if core[x.entry_index]]


# ---------------------------------------------------------------------------------------------
# Rows of one document
# ---------------------------------------------------------------------------------------------


def other_side_rows(text: str, bounds: Sequence[tuple[int, int]], doc_id: str = "") -> list[tuple]:
    """The rows of :func:`analysis.compare.scorecard.find_other_side`: per sentence, the first
    pattern of :data:`OTHER_SIDE_PATTERNS` that matches."""
    rows = []
    hint = _OTHER_SIDE_HINT.search
    for i, (s, e) in enumerate(bounds):
        if not hint(text, s, e):
            continue
        sent = text[s:e]
        for name, pat in OTHER_SIDE_PATTERNS.items():
            m = pat.search(sent)
            if m:
                rows.append((doc_id, i, s, e, name, m.group(), sent))
                break
    return rows


class _Regions:
    """Character regions (quoted voice) asked, per sentence, for the characters they cover. Regions
    sorted and disjoint (as :func:`analysis.measures.quotes.quoted_voice_regions` returns them) are
    found by bisection, others by a scan; the answers are the same."""

    def __init__(self, regions: Sequence[tuple[int, int]]):
        self.regions = sorted((int(a), int(b)) for a, b in regions if b > a)  # empty ones cover nothing
        self.ends = [b for _, b in self.regions]
        self.sorted = all(self.regions[k][1] <= self.regions[k + 1][0] for k in range(len(self.regions) - 1))

    def overlapping(self, s: int, e: int) -> list[tuple[int, int]]:
        """The regions that share a character with ``[s, e)``, by start."""
        if not self.sorted:
            return [(a, b) for a, b in self.regions if a < e and s < b]
        out = []
        for j in range(bisect_right(self.ends, s), len(self.regions)):
            a, b = self.regions[j]
            if a >= e:
                break
            out.append((a, b))
        return out


def _blank(text: str, s: int, e: int, regions: list[tuple[int, int]]) -> str:
    """``text[s:e]`` with the characters inside ``regions`` (overlapping it, by start) as spaces."""
    if not regions:
        return text[s:e]
    parts, pos = [], s
    for a, b in regions:
        a, b = max(a, s, pos), min(b, e)
        if b <= a:
            continue
        parts += [text[pos:a], " " * (b - a)]
        pos = b
    parts.append(text[pos:e])
    return "".join(parts)


def _count_words(text: str) -> int:
    """:func:`analysis.corpus.text.count_words` (the same matches, counted from one list)."""
    return len(WORD_RE.findall(text))


def _fewer_words(sentence: str, n: int) -> bool:
    """``count_words(sentence) < n``, without counting past ``n``."""
    return next(islice(WORD_RE.finditer(sentence), n - 1, None), None) is None


def _any_overlap(spans: Sequence[tuple[int, int]]):
    """A function ``(s, e) -> any(a < e and s < b for a, b in spans)`` answered by bisection."""
    spans = sorted(spans)
    starts = [a for a, _ in spans]
    reach, top = [], None
    for _, b in spans:
        top = b if top is None or b > top else top
        reach.append(top)  # the largest end among the spans up to here

    def overlaps(s: int, e: int) -> bool:
        k = bisect_left(starts, e)  # spans[:k] start before e
        return bool(k) and reach[k - 1] > s

    return overlaps


def statement_rows(
    text: str,
    bounds: Sequence[tuple[int, int]],
    head: int,
    cue_sentences: set,
    contents: Sequence[tuple[int, int]],
    quoted_regions: Sequence[tuple[int, int]],
    detail_sentences: set,
    doc_id: str = "",
) -> list[tuple]:
    """The rows of :func:`analysis.compare.scorecard.sentence_table`: ``head`` the headline's end,
    ``cue_sentences`` the sentences holding a cue, ``contents`` the attributions' content spans,
    ``detail_sentences`` the sentences holding a concrete detail."""
    regions = _Regions(quoted_regions)
    in_content = _any_overlap(contents)
    rows = []
    for i, (s, e) in enumerate(bounds):
        sent = text[s:e]
        quoted = regions.overlapping(s, e)
        reason = ""
        if head and s < head:
            reason = "headline"
        elif not TERMINAL.search(sent):
            reason = "no terminal punctuation"
        elif _fewer_words(sent, MIN_STATEMENT_WORDS):
            reason = "too short"
        elif QUESTION.search(sent):
            reason = "question"
        elif CALL_TO_ACTION.search(_blank(text, s, e, quoted)):
            reason = "call to action"
        statement = not reason
        factual = statement and (i in detail_sentences or has_finite_verb(sent))
        attributed = i in cue_sentences or in_content(s, e)
        inside = sum(min(e, b) - max(s, a) for a, b in quoted)
        voice = "quoted" if e > s and inside / (e - s) > 0.5 else "authorial"
        unattributed = factual and not attributed and voice == "authorial"
        rows.append((doc_id, i, s, e, statement, reason, factual, attributed, voice, unattributed, sent))
    return rows


def non_response_rows(
    responses: list[tuple], records: Sequence[dict], text: str, bounds: Sequence[tuple[int, int]], doc_id: str = ""
) -> list[tuple]:
    """``responses`` (rows of :func:`other_side_rows`) plus the sentences of non-response attribution
    records ("The ministry did not respond to a request for comment", key ``non_response``) that no
    pattern matched, by sentence: a sought response counts as the other side's response whoever
    the attribution step finds declining."""
    if not records or "non_response" not in records[0]:
        return responses
    seen = {r[1] for r in responses}
    extra = []
    for a in records:
        if not bool(a["non_response"]) or a["sentence"] in seen:
            continue
        seen.add(a["sentence"])
        s, e = bounds[a["sentence"]]
        extra.append((doc_id, a["sentence"], s, e, "non_response_record", a["cue_text"], text[s:e]))
    if not extra:
        return responses
    return sorted(responses + extra, key=lambda r: r[1])  # stable: a pattern's row before a record's


class DocumentRows(NamedTuple):
    """One document's rows of the scorecard's five tables (``table``: one row)."""

    table: tuple
    claims: list[tuple]
    sentences: list[tuple]
    details: list[tuple]
    responses: list[tuple]


#: Attribution keys the scorecard reads (columns of the attributions table).
RECORD_KEYS = (
    "sentence",
    "cue_text",
    "source_text",
    "source_type",
    "content_start",
    "content_end",
    "direct",
    "non_response",
)


def document_rows(
    text: str,
    doc_id: str = "",
    publisher: str | None = None,
    title: str | None = None,
    records: Sequence[dict] | None = None,
    self_names: Sequence[str] = (),
    bounds: Sequence[tuple[int, int]] | None = None,
) -> DocumentRows:
    """The scorecard of one text as rows (columns of the scorecard module's ``*_COLUMNS``).
    ``records``: the document's attributions as dicts with :data:`RECORD_KEYS` (rows of the
    attributions table, found with the same sentence bounds); None finds them here. ``bounds``:
    the document's sentence bounds (the documents table carries them; split here for a bare text)."""
    from analysis.corpus.sentences import ensure_bounds
    from analysis.measures.attribution import attribution_records
    from analysis.measures.quotes import quoted_voice_regions

    publisher = publisher or None
    bounds = ensure_bounds(text, bounds)
    if records is None:
        records = attribution_records(text, list(bounds), publisher=publisher, self_names=tuple(self_names))
    regions = (
        quoted_voice_regions(text, list(records), publisher=publisher) if records or "“" in text or '"' in text else []
    )
    head = headline_end(text, title)
    details = detail_rows(text, bounds, doc_id, head)
    cue_sentences = {a["sentence"] for a in records}
    contents = [(int(a["content_start"]), int(a["content_end"])) for a in records if a["content_start"] >= 0]
    sentences = statement_rows(text, bounds, head, cue_sentences, contents, regions, {d[1] for d in details}, doc_id)
    responses = non_response_rows(other_side_rows(text, bounds, doc_id), records, text, bounds, doc_id)
    sentence_of = sentence_index(bounds)
    hedges_by_sentence: dict[int, list[str]] = {}
    for s, _e, t in core_hedges(text):
        hedges_by_sentence.setdefault(sentence_of(s), []).append(t)

    claims = []
    for a in records:
        si, cs = a["sentence"], a["content_start"]
        ss, se = bounds[si]
        cls = SOURCE_CLASS.get(a["source_type"], "unspecified")
        hedges = hedges_by_sentence.get(si, [])
        content = text[cs : a["content_end"]] if cs >= 0 else ""
        claims.append(
            (
                doc_id,
                int(si),
                a["cue_text"],
                a["source_text"],
                a["source_type"],
                cls,
                cls == "checkable",
                bool(a["direct"]),
                bool(hedges),
                "; ".join(hedges),
                content,
                text[ss:se],
            )
        )

    words = _count_words(text)
    body_words = _count_words(text[head:]) if head else words
    kinds = Counter(d[4] for d in details)
    anon_hedged = [c[8] for c in claims if c[4] == "anonymous_unverifiable"]
    factual = sum(r[6] for r in sentences)
    unattributed = sum(r[9] for r in sentences)
    shares = source_type_shares([c[4] for c in claims])
    dates, numbers, names = kinds["date"], kinds["number"], kinds["name"]
    table = (
        doc_id,
        words,
        body_words,
        len(bounds),
        len(claims),
        sum(shares[share_column(t)] for t in CHECKABLE_TYPES),
        *(shares[col] for cls, col in CLASS_SHARE_COLUMN.items() if cls != "checkable"),
        sum(r[4] for r in sentences),
        factual,
        unattributed,
        share(unattributed, factual),
        dates,
        numbers,
        names,
        per_1k(dates, body_words),
        per_1k(numbers, body_words),
        per_1k(names, body_words),
        per_1k(dates + numbers + names, body_words),
        bool(responses),
        len(responses),
        len(anon_hedged),
        sum(anon_hedged),
        share(sum(anon_hedged), len(anon_hedged)),
    )
    # issue 25: how checkable each source is (role or bare name, datelines) and the text's genre
    checkability = source_checkability(text, records, bounds)
    genre = detect_text_genre(text, regions, title, words)
    table += tuple(checkability[c] for c in CHECKABILITY_COLUMNS) + tuple(genre[c] for c in TEXT_GENRE_COLUMNS)
    return DocumentRows(table, claims, sentences, details, responses)
