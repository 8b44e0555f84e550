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

``named_source_share`` (the three checkable types together), ``source_anonymous_unverifiable_share``,
``source_self_reference_share`` and ``source_unspecified_share`` are shares of the document's
claims (they sum to 1; NaN when the document has no claim), ``claims`` is the number of claims.
The ``source_*_share`` columns are the profile's columns of the same name, computed by the same
function (:func:`analysis.measures.source_types.source_type_shares`).

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
is True when at least one sentence matches and ``other_side_count`` counts them; the
``responses`` table has one row per such sentence. The patterns need an object that marks an accusation or a comment, so "denied
entry", "denied funding" or "denied fundamental freedoms" do not match. The rule cannot tell
*whose* response it is: it records that the text carries one.

**Hedging of unverifiable claims.** ``anonymous_claims`` is the number of claims with an
``anonymous_unverifiable`` source; ``anonymous_claims_hedged_share`` the share of them whose
sentence contains a core hedge (:func:`analysis.measures.lexicon.is_core`: "reportedly", "allegedly",
"may", "unconfirmed" ...; NaN when there is no anonymous claim).

A combined index (:func:`analysis.compare.reliability_index.reliability_index`, formula in
:data:`~analysis.compare.reliability_index.INDEX_COMPONENTS`), its weight sensitivity and the
plain-words :func:`~analysis.compare.reliability_index.explain` live in
:mod:`analysis.compare.reliability_index`; the figure in :mod:`analysis.report.scorecard_figure`.
All are re-exported here. The components are the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Sequence

import pandas as pd

from analysis.compare.reliability_index import (  # noqa: F401  (re-exported)
    DETAIL_CAP_PER_1K,
    INDEX_COMPONENTS,
    INDEX_FORMULA,
    explain,
    index_components,
    reliability_index,
    weight_sensitivity,
)
from analysis.compare.scorecard_details import (  # noqa: F401  (re-exported)
    DATE_RE,
    DETAIL_COLUMNS,
    NAME_STOPWORDS,
    NUMBER_RE,
    _sentence_of,
    find_details,
)
from analysis.compare.statement_rules import (  # noqa: F401  (re-exported)
    CALL_TO_ACTION,
    FINITE_VERB,
    MIN_STATEMENT_WORDS,
    NOT_PAST_ED,
    QUESTION,
    TERMINAL,
    has_finite_verb,
)
from analysis.corpus.text import count_words
from analysis.measures.bounds import per_1k, share
from analysis.measures.source_types import share_column, source_type_shares

__all__ = [
    "SOURCE_CLASS",
    "CHECKABLE_TYPES",
    "SOURCE_CLASSES",
    "CLASS_SHARE_COLUMN",
    "MIN_STATEMENT_WORDS",
    "TERMINAL",
    "QUESTION",
    "CALL_TO_ACTION",
    "FINITE_VERB",
    "NOT_PAST_ED",
    "has_finite_verb",
    "DATE_RE",
    "NUMBER_RE",
    "NAME_STOPWORDS",
    "OTHER_SIDE_PATTERNS",
    "SCORECARD_COLUMNS",
    "CLAIM_COLUMNS",
    "STATEMENT_COLUMNS",
    "RENAMED_COLUMNS",
    "DETAIL_COLUMNS",
    "RESPONSE_COLUMNS",
    "Scorecard",
    "headline_end",
    "find_other_side",
    "find_details",
    "sentence_table",
    "core_hedges",
    "document_scorecard",
    "build_scorecard",
    "group_scorecard",
    "COMPARED_MEASURES",
    "compare_scorecard",
    "DETAIL_CAP_PER_1K",
    "INDEX_COMPONENTS",
    "INDEX_FORMULA",
    "index_components",
    "reliability_index",
    "weight_sensitivity",
    "explain",
    "FIGURE_PANELS",  # noqa: F822  (module __getattr__)
    "scorecard_figure",  # noqa: F822  (module __getattr__)
]


def __getattr__(name: str):
    """``scorecard_figure`` and ``FIGURE_PANELS`` moved to :mod:`analysis.report.scorecard_figure`;
    imported lazily here (that module imports this one)."""
    if name in ("scorecard_figure", "FIGURE_PANELS"):
        from analysis.report import scorecard_figure as _figure

        return getattr(_figure, name)
    if name == "SENTENCE_COLUMNS":  # renamed: corpus.load.SENTENCE_COLUMNS is the sentences table's
        import warnings

        warnings.warn("scorecard.SENTENCE_COLUMNS is now STATEMENT_COLUMNS", DeprecationWarning, stacklevel=2)
        return STATEMENT_COLUMNS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

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
#: Columns renamed in the one-name-per-measure pass (issue 14): old name -> current name.
RENAMED_COLUMNS = {
    "unverifiable_source_share": "source_anonymous_unverifiable_share",
    "self_source_share": "source_self_reference_share",
    "unspecified_source_share": "source_unspecified_share",
    "other_side_sentences": None,  # dropped: the responses table has one row per sentence
}

# Sentence rules: analysis/compare/statement_rules.py

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
    "doc_id", "words", "body_words", "sentences", "claims", "named_source_share",
    "source_anonymous_unverifiable_share", "source_self_reference_share", "source_unspecified_share", "statements", "factual_assertions",
    "unattributed_assertions", "unattributed_assertion_share", "dates", "numbers", "names",
    "dates_per_1k", "numbers_per_1k", "names_per_1k", "checkable_details_per_1k", "other_side_response",
    "other_side_count", "anonymous_claims", "anonymous_claims_hedged",
    "anonymous_claims_hedged_share",
]
CLAIM_COLUMNS = ["doc_id", "sentence", "cue_text", "source_text", "source_type", "source_class", "checkable",
                 "direct", "hedged", "hedges", "claim_text", "sentence_text"]
STATEMENT_COLUMNS = ["doc_id", "sentence", "start", "end", "statement", "excluded_because", "factual",
                    "attributed", "voice", "unattributed_assertion", "text"]
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
    :data:`STATEMENT_COLUMNS`. ``details`` (from :func:`find_details`) lets a concrete detail make a
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
    return pd.DataFrame(rows, columns=STATEMENT_COLUMNS)


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
    return share(n, d)  # within [0, 1] (analysis.measures.bounds)


def _per_1k(n: int, words: int) -> float:
    return per_1k(n, words)  # at least 0


def document_scorecard(text: str, doc_id: str = "", publisher: str | None = None,
                       title: str | None = None, attributions: pd.DataFrame | None = None,
                       self_names: Sequence[str] = ()) -> Scorecard:
    """The scorecard of one text (a :class:`Scorecard` with a one-row ``table``). ``attributions``
    are the document's rows of the attributions table
    (:func:`analysis.measures.attributions_table.attributions_table`, found with the same sentence
    split); when None they are found here."""
    from analysis.corpus.sentences import split_sentences
    from analysis.measures.attributions_table import document_attributions
    from analysis.measures.quotes import quoted_voice_regions

    from .scorecard_details import with_non_responses

    publisher = publisher or None
    bounds = split_sentences(text)
    att = (attributions.reset_index(drop=True) if attributions is not None
           else document_attributions(text, doc_id, bounds, publisher, self_names))
    regions = quoted_voice_regions(text, att, publisher=publisher) if len(att) or "“" in text or '"' in text else []
    head = headline_end(text, title)
    details = find_details(text, bounds, doc_id=doc_id, skip_until=head)
    sentences = sentence_table(text, bounds, att, regions, title=title, doc_id=doc_id, details=details)
    responses = with_non_responses(find_other_side(text, bounds, doc_id=doc_id), att, text, bounds, doc_id,
                                   RESPONSE_COLUMNS)
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
    body_words = count_words(text[head:])
    kinds = details["kind"].value_counts()
    anon = claims[claims["source_type"] == "anonymous_unverifiable"]
    factual = int(sentences["factual"].sum())
    unattributed = int(sentences["unattributed_assertion"].sum())
    row = {"doc_id": doc_id, "words": count_words(text), "body_words": body_words, "sentences": len(bounds),
           "claims": n_claims}
    shares = source_type_shares(claims["source_type"].tolist())
    row["named_source_share"] = sum(shares[share_column(t)] for t in CHECKABLE_TYPES)
    for cls, col in CLASS_SHARE_COLUMN.items():
        if cls != "checkable":
            row[col] = shares[col]
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
    row["anonymous_claims"] = len(anon)
    row["anonymous_claims_hedged"] = int(anon["hedged"].sum())
    row["anonymous_claims_hedged_share"] = _share(int(anon["hedged"].sum()), len(anon))
    table = pd.DataFrame([row], columns=SCORECARD_COLUMNS)
    return Scorecard(table, claims, sentences, details, responses)


def build_scorecard(documents: pd.DataFrame, group_col: str | None = "group",
                    attributions: pd.DataFrame | None = None) -> Scorecard:
    """The scorecard of every document of a documents frame (columns doc_id, text, and optionally
    publisher, publisher_aliases, title and ``group_col``). ``table`` starts with doc_id,
    ``group_col``, title and publisher; ``claims`` carries ``group_col`` too. ``attributions`` is
    the measures step's attributions table for these documents
    (:func:`analysis.measures.attributions_table.attributions_table`), read instead of finding
    attributions again; None finds them here."""
    from analysis.measures.attributions_table import ATTRIBUTION_TABLE_COLUMNS, self_names_of

    missing = {"doc_id", "text"} - set(documents.columns)
    if missing:
        raise ValueError(f"build_scorecard: documents lack column(s) {sorted(missing)}")
    by_doc = ({str(k): g for k, g in attributions.groupby(attributions["doc_id"].astype(str), sort=False)}
              if attributions is not None else None)
    empty = pd.DataFrame(columns=ATTRIBUTION_TABLE_COLUMNS)
    parts: list[Scorecard] = []
    for d in documents.to_dict("records"):
        text = d["text"] if isinstance(d["text"], str) else ""
        pub = d.get("publisher")
        pub = pub if isinstance(pub, str) and pub else None
        title = d.get("title") if isinstance(d.get("title"), str) else None
        att = None if by_doc is None else by_doc.get(str(d["doc_id"]), empty)
        parts.append(document_scorecard(text, str(d["doc_id"]), pub, title, attributions=att,
                                        self_names=self_names_of(d.get("publisher_aliases"))))
    meta_cols = [c for c in (group_col, "title", "publisher") if c and c in documents.columns]
    meta = documents[["doc_id", *meta_cols]].astype({"doc_id": str}).reset_index(drop=True)

    def cat(attr: str, columns: list[str]) -> pd.DataFrame:
        frames = [getattr(p, attr) for p in parts if len(getattr(p, attr))]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)

    table = cat("table", SCORECARD_COLUMNS)
    table = meta.merge(table, on="doc_id", how="left", validate="one_to_one") if len(table) else table
    out = Scorecard(table, cat("claims", CLAIM_COLUMNS), cat("sentences", STATEMENT_COLUMNS),
                    cat("details", DETAIL_COLUMNS), cat("responses", RESPONSE_COLUMNS))
    if group_col and group_col in documents.columns:
        groups = dict(zip(meta["doc_id"], meta[group_col]))
        for frame in (out.claims, out.sentences, out.details, out.responses):
            frame.insert(1, group_col, frame["doc_id"].map(groups))
    out.table["other_side_response"] = out.table["other_side_response"].astype(bool)
    return out


def group_scorecard(baselines: Sequence[str] | None = None, max_docs: int | None = None, topic: bool = False,
                    data_dir: str | None = None, use_cache: bool = True) -> Scorecard:
    """The scorecard of a study (``baselines``: a :class:`analysis.corpus.groups.StudySpec`, or
    baseline names for the seed study) as assembled by :func:`analysis.pipeline.cache.group_data`
    (same documents, same ``group`` column), cached beside it, keyed by the request, the input
    files' content and the package's code (so a change to any rule or text recomputes it)."""
    from analysis.corpus.groups import StudySpec
    from analysis.pipeline.cache import _key, cached, group_data, results_dir

    if not isinstance(baselines, StudySpec):  # the seed study with these baselines
        baselines = StudySpec.from_params(baselines=None if baselines is None else tuple(baselines),
                                          max_docs=max_docs, data_dir=data_dir)
    path = results_dir() / f"scorecard-{_key(baselines, topic)}.pkl"

    def compute() -> Scorecard:
        data = group_data(baselines, topic=topic, max_docs=max_docs, data_dir=data_dir, use_cache=use_cache)
        # the attributions found while scoring the documents, not found a second time
        card = build_scorecard(data.documents, group_col="group", attributions=data.attributions)
        card.table["reliability_index"] = reliability_index(card.table)
        return card

    return cached(path, compute, use_cache)


# ---------------------------------------------------------------------------------------------
# Comparison with the baselines
# ---------------------------------------------------------------------------------------------

#: Scorecard measures compared between groups (the per-document components).
COMPARED_MEASURES = ["named_source_share", "source_anonymous_unverifiable_share", "source_self_reference_share",
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
