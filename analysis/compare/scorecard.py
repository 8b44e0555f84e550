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

The rules run per document in plain Python (:mod:`analysis.compare.scorecard_rows`: sourcing classes,
other-side patterns, the rows of each table) and each table is built once for the corpus;
:mod:`analysis.compare.scorecard_jobs` can spread the documents over worker processes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

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
from analysis.compare.scorecard_rows import (  # noqa: F401  (re-exported)
    CHECKABLE_TYPES,
    CLASS_SHARE_COLUMN,
    OTHER_SIDE_PATTERNS,
    RECORD_KEYS,
    SOURCE_CLASS,
    SOURCE_CLASSES,
    core_hedges,
    document_rows,
    headline_end,
    other_side_rows,
    statement_rows,
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
from analysis.measures.checkability import CHECKABILITY_COLUMNS
from analysis.measures.text_genre import TEXT_GENRE_COLUMNS, declared_text_genre

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
    "study_scorecard",
    "COMPARED_MEASURES",
    "compare_scorecard",
    "DETAIL_CAP_PER_1K",
    "INDEX_COMPONENTS",
    "INDEX_FORMULA",
    "index_components",
    "reliability_index",
    "weight_sensitivity",
    "explain",
]


# Sourcing classes, the other side's patterns: analysis/compare/scorecard_rows.py
# Sentence rules: analysis/compare/statement_rules.py

#: Columns renamed in the one-name-per-measure pass (issue 14): old name -> current name.
RENAMED_COLUMNS = {
    "unverifiable_source_share": "source_anonymous_unverifiable_share",
    "self_source_share": "source_self_reference_share",
    "unspecified_source_share": "source_unspecified_share",
    "other_side_sentences": None,  # dropped: the responses table has one row per sentence
}


# ---------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------

SCORECARD_COLUMNS = [
    "doc_id",
    "words",
    "body_words",
    "sentences",
    "claims",
    "named_source_share",
    "source_anonymous_unverifiable_share",
    "source_self_reference_share",
    "source_unspecified_share",
    "statements",
    "factual_assertions",
    "unattributed_assertions",
    "unattributed_assertion_share",
    "dates",
    "numbers",
    "names",
    "dates_per_1k",
    "numbers_per_1k",
    "names_per_1k",
    "checkable_details_per_1k",
    "other_side_response",
    "other_side_count",
    "anonymous_claims",
    "anonymous_claims_hedged",
    "anonymous_claims_hedged_share",
    *CHECKABILITY_COLUMNS,
    *TEXT_GENRE_COLUMNS,
]
CLAIM_COLUMNS = [
    "doc_id",
    "sentence",
    "cue_text",
    "source_text",
    "source_type",
    "source_class",
    "checkable",
    "direct",
    "hedged",
    "hedges",
    "claim_text",
    "sentence_text",
]
STATEMENT_COLUMNS = [
    "doc_id",
    "sentence",
    "start",
    "end",
    "statement",
    "excluded_because",
    "factual",
    "attributed",
    "voice",
    "unattributed_assertion",
    "text",
]
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


def find_other_side(
    text: str, sentence_bounds: Sequence[tuple[int, int]] | None = None, doc_id: str = ""
) -> pd.DataFrame:
    """Sentences that report the other side's response (:data:`OTHER_SIDE_PATTERNS`): one row per
    matching sentence (the first pattern that matches), columns :data:`RESPONSE_COLUMNS`."""
    from analysis.corpus.sentences import ensure_bounds

    return pd.DataFrame(other_side_rows(text, ensure_bounds(text, sentence_bounds), doc_id), columns=RESPONSE_COLUMNS)


def sentence_table(
    text: str,
    sentence_bounds: Sequence[tuple[int, int]],
    attributions: pd.DataFrame,
    quoted_regions: list[tuple[int, int]],
    title: str | None = None,
    doc_id: str = "",
    details: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every sentence classified for the unattributed-assertion rule (module docstring), columns
    :data:`STATEMENT_COLUMNS`. ``details`` (from :func:`find_details`) lets a concrete detail make a
    statement factual; it is computed when not given."""
    head = headline_end(text, title)
    if details is None:
        details = find_details(text, sentence_bounds, doc_id=doc_id, skip_until=head)
    cue_sentences = set(attributions["sentence"]) if len(attributions) else set()
    contents = []
    if len(attributions):
        contents = [
            (int(a), int(b)) for a, b in zip(attributions["content_start"], attributions["content_end"]) if a >= 0
        ]
    rows = statement_rows(
        text, sentence_bounds, head, cue_sentences, contents, quoted_regions, set(details["sentence"]), doc_id
    )
    return pd.DataFrame(rows, columns=STATEMENT_COLUMNS)


# ---------------------------------------------------------------------------------------------
# One document, many documents
# ---------------------------------------------------------------------------------------------


def _records(attributions: pd.DataFrame) -> list[dict]:
    """The rows of an attributions frame as dicts of the keys the scorecard reads."""
    keys = [k for k in RECORD_KEYS if k in attributions.columns]
    return [dict(zip(keys, vals)) for vals in zip(*(attributions[k].tolist() for k in keys))]


def _records_by_doc(attributions: pd.DataFrame) -> dict[str, list[dict]]:
    """:func:`_records` of an attributions table, per ``doc_id`` (as a string), in table order."""
    out: dict[str, list[dict]] = {}
    for doc_id, rec in zip(attributions["doc_id"].astype(str).tolist(), _records(attributions)):
        out.setdefault(doc_id, []).append(rec)
    return out


def _frame(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns) if rows else pd.DataFrame(columns=columns)


def document_scorecard(
    text: str,
    doc_id: str = "",
    publisher: str | None = None,
    title: str | None = None,
    attributions: pd.DataFrame | None = None,
    self_names: Sequence[str] = (),
    bounds: Sequence[tuple[int, int]] | None = None,
) -> Scorecard:
    """The scorecard of one text (a :class:`Scorecard` with a one-row ``table``). ``attributions``
    are the document's rows of the attributions table
    (:func:`analysis.measures.attributions_table.attributions_table`, found with the same sentence
    split); when None they are found here."""
    rows = document_rows(
        text, doc_id, publisher, title, None if attributions is None else _records(attributions), self_names, bounds
    )
    return Scorecard(
        pd.DataFrame([rows.table], columns=SCORECARD_COLUMNS),
        pd.DataFrame(rows.claims, columns=CLAIM_COLUMNS),
        pd.DataFrame(rows.sentences, columns=STATEMENT_COLUMNS),
        pd.DataFrame(rows.details, columns=DETAIL_COLUMNS),
        pd.DataFrame(rows.responses, columns=RESPONSE_COLUMNS),
    )


def build_scorecard(
    documents: pd.DataFrame,
    group_col: str | None = "group",
    attributions: pd.DataFrame | None = None,
    jobs: int | None = None,
) -> Scorecard:
    """The scorecard of every document of a documents frame (columns doc_id, text, and optionally
    publisher, publisher_aliases, title and ``group_col``). ``table`` starts with doc_id,
    ``group_col``, title and publisher; ``claims`` carries ``group_col`` too. ``attributions`` is
    the measures step's attributions table for these documents
    (:func:`analysis.measures.attributions_table.attributions_table`), read instead of finding
    attributions again; None finds them here. ``jobs``: processes
    (:func:`analysis.compare.scorecard_jobs.score_documents`; None: ``$FRAMING_JOBS`` or the usable
    cores, for a corpus large enough; 1: this process); the tables do not depend on it."""
    from analysis.compare.scorecard_jobs import score_documents

    missing = {"doc_id", "text"} - set(documents.columns)
    if missing:
        raise ValueError(f"build_scorecard: documents lack column(s) {sorted(missing)}")
    by_doc = _records_by_doc(attributions) if attributions is not None else None
    parts = score_documents(documents, by_doc, jobs)
    meta_cols = [
        c for c in (group_col, "title", "publisher", "date", "genre", "wire_copy") if c and c in documents.columns
    ]
    meta = documents[["doc_id", *meta_cols]].astype({"doc_id": str}).reset_index(drop=True)

    def cat(k: int, columns: list[str]) -> pd.DataFrame:
        return _frame([row for p in parts for row in p[k]], columns)

    table = _frame([p.table for p in parts], SCORECARD_COLUMNS)
    table = meta.merge(table, on="doc_id", how="left", validate="one_to_one") if len(table) else table
    out = Scorecard(
        table, cat(1, CLAIM_COLUMNS), cat(2, STATEMENT_COLUMNS), cat(3, DETAIL_COLUMNS), cat(4, RESPONSE_COLUMNS)
    )
    if group_col and group_col in documents.columns:
        groups = dict(zip(meta["doc_id"], meta[group_col]))
        for frame in (out.claims, out.sentences, out.details, out.responses):
            frame.insert(1, group_col, frame["doc_id"].map(groups))
    out.table["other_side_response"] = out.table["other_side_response"].astype(bool)
    if len(out.table) and ("genre" in documents.columns or "wire_copy" in documents.columns):
        out.table = _declared_genres(out.table, documents)
    return out


def _declared_genres(table: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """``table`` with each document's ``text_genre`` as its metadata says (a declared genre that
    names a text genre, the loader's wire credit: :func:`analysis.measures.text_genre.declared_text_genre`)."""
    meta = documents.assign(doc_id=documents["doc_id"].astype(str)).set_index("doc_id")
    declared = meta["genre"] if "genre" in meta.columns else pd.Series(index=meta.index, dtype=object)
    wire = meta["wire_copy"] if "wire_copy" in meta.columns else pd.Series(index=meta.index, dtype=object)
    rows = [
        declared_text_genre(declared.get(d), wire.get(d), dict(zip(TEXT_GENRE_COLUMNS, vals)))
        for d, *vals in zip(table["doc_id"], *(table[c] for c in TEXT_GENRE_COLUMNS))
    ]
    table = table.copy()
    for c in TEXT_GENRE_COLUMNS:
        table[c] = [r[c] for r in rows]
    return table


def study_scorecard(study, use_cache: bool = True) -> Scorecard:
    """The scorecard of a study (:class:`analysis.pipeline.study.Study`): its documents (with
    ``group``) and its attributions table, read rather than found again; cached by content (the
    documents' cells, the attributions and the package code)."""
    from analysis.pipeline.cache import memo_call

    cols = [
        c
        for c in (
            "doc_id",
            "group",
            "title",
            "publisher",
            "date",
            "genre",
            "wire_copy",
            "publisher_aliases",
            "text",
            "sentence_bounds",
        )
        if c in study.documents.columns
    ]
    att = study.attributions.drop(columns=["group", "publisher", "date", "genre", "wire_copy"], errors="ignore")
    return memo_call("scorecard", _scorecard_with_index, study.documents[cols], att, use_cache=use_cache)


def _scorecard_with_index(documents: pd.DataFrame, attributions: pd.DataFrame) -> Scorecard:
    """:func:`build_scorecard` of a study's documents with the ``reliability_index`` column."""
    card = build_scorecard(documents, group_col="group", attributions=attributions)
    card.table["reliability_index"] = reliability_index(card.table)
    return card


# ---------------------------------------------------------------------------------------------
# Comparison with the baselines
# ---------------------------------------------------------------------------------------------

#: Scorecard measures compared between groups (the per-document components).
COMPARED_MEASURES = [
    "named_source_share",
    "source_anonymous_unverifiable_share",
    "source_self_reference_share",
    "unattributed_assertion_share",
    "checkable_details_per_1k",
    "dates_per_1k",
    "numbers_per_1k",
    "names_per_1k",
    "other_side_response",
    "anonymous_claims_hedged_share",
    "reliability_index",
]


def compare_scorecard(
    table: pd.DataFrame,
    group_col: str = "group",
    studied: str = "seeds",
    measures: Sequence[str] | None = None,
    **kwargs,
) -> pd.DataFrame:
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
