"""Attribution relations: who is said to have said what, and how the text signals it.

An *attribution* links a **cue** (the reporting expression: "said", "according to", "was quoted
as saying"), a **source** (who the words or thoughts belong to) and a **content** (what is
attributed). The three-part model and the span conventions follow PARC (Pareti 2016) and the
PolNeAR guidelines (Newell, Margolin & Ruths 2018): the cue includes auxiliaries, negation and
adverbs attached to the reporting verb ("has repeatedly said"), the source is the full noun phrase
(with appositives), and a content may be a direct quotation or an indirect clause.

The records every table reads (:func:`attribution_records`: the spans table's ``attribution_cue``
and ``source`` rows, the attributions table, the profile's sourcing columns, the scorecard) come
from two detectors, combined as validation chose on PolNeAR train (:func:`combine_records`):

* the **rule extractor** (:mod:`analysis.measures.attribution_rules`), per sentence:

  1. **cues** from the lexicon ``lexicons/attribution_cues.csv`` (:mod:`analysis.measures.attribution_cues`;
     every inflection a row with its PolNeAR-train precision; candidates inside a direct quotation
     dropped, forms after a determiner read as nouns), extended over auxiliaries, negation, adverbs
     and a channel phrase ("in a statement");
  2. the **source**: the noun phrase before the cue, or after it in inversions ("…,” said Mr. X)
     and after prepositional cues ("according to X") (:mod:`analysis.measures.attribution_sources`);
  3. the **content**: the adjacent quotation (``direct=True``) or the clause after the cue;
  4. **nested attribution** ("IRNA quoted X as saying": IRNA outer, X inner with ``nested_in``),
     **non-responses** ("declined to comment": ``non_response``) and press-release layouts
     ("“…” – Name, Title": a dash or colon cue);

* the **CRF tagger** (:mod:`analysis.measures.attribution_tagger`, trained on PolNeAR train, scored
  by :mod:`analysis.measures.attribution_tagger_fast`), which labels every word Cue, Source or
  Content from the words, punctuation, lexicons and the rules' own labels around it.

A tagged cue is one record; the rule record whose cue it overlaps gives it its cue entry,
subcategory, content, nesting and non-response flag. Its source is the tagged source span of the
sentence that overlaps the rule record's source, else the nearest one before the cue (after it
when there is none before), else the rule record's source. Rule records the tagger does not mark
are kept for the kinds the settings name (:data:`DEFAULT_SETTINGS`, chosen on a held-out slice of
PolNeAR train). Every source is then typed by the codebook
``docs/source-types.md`` (:func:`analysis.measures.attribution_rules.type_sources`).

Validation: PolNeAR dev token F1 in ``python -m analysis validate --benchmark polnear`` (rows
``spans_table``, ``attribution`` for the rules alone, ``attribution_crf`` for the tagger alone).
"""

from __future__ import annotations

import bisect
import re

import numpy as np
import pandas as pd

from analysis.measures.attribution_cues import CUE_BEHAVIOUR, CUES_CSV, LEXICON_COLUMNS, load_lexicon
from analysis.measures.attribution_rules import (
    document_quotes,
    link_nested,
    rule_candidates,
    rule_records,
    type_sources,
)
from analysis.measures.source_types import SOURCE_TYPES, SOURCE_TYPES_CSV, classify_source, publisher_groups

__all__ = [
    "ATTRIBUTION_COLUMNS",
    "CUE_BEHAVIOUR",
    "CUES_CSV",
    "DEFAULT_SETTINGS",
    "LEXICON_COLUMNS",
    "SOURCE_TYPES",
    "SOURCE_TYPES_CSV",
    "attribution_records",
    "classify_source",
    "combine_records",
    "content_spans",
    "cue_spans",
    "find_attributions",
    "load_lexicon",
    "publisher_groups",
    "rule_kind",
    "rule_records",
    "source_spans",
    "tagged_runs",
]

ATTRIBUTION_COLUMNS = [
    "sentence",
    "cue_start",
    "cue_end",
    "cue_text",
    "cue_entry",
    "cue_subcategory",
    "source_start",
    "source_end",
    "source_text",
    "content_start",
    "content_end",
    "direct",
    "source_type",
    "source_type_rule",
    "cue_parts",
    "attribution_id",
    "nested_in",
    "non_response",
]

#: Rule-record kinds (:func:`rule_kind`).
RULE_KINDS = ("verb", "prepositional", "adverbial", "nested", "non_response", "layout")

#: How rules and tagger combine (a sidecar's ``spans_table`` entry overrides them): ``keep``, the
#: kinds of rule records kept when no tagged cue overlaps them; ``thresholds``, the marginal a word
#: needs to be in a part; ``exclusive``, one part per word (the part with the larger marginal among
#: those over their thresholds); ``cue_union``, a tagged cue grows to the rule cue pieces it
#: overlaps ("According to", not "to"). Chosen on the hashed slice of PolNeAR train
#: (:func:`analysis.training.attribution.slice_of`) with a tagger fitted on the rest of train, by
#: cue + source token F1: cue .637, source .726 (rules alone .592 / .657; cutting tagged sources at
#: the comma after a prepositional cue's source, :func:`_split_run`, cost .0008 of it). Keeping the rules'
#: nested records cost .006 cue and .011 source F1 there (keeping only the inner record of a
#: nested pair whose outer cue was tagged cost .005 cue), so they go; non-responses and
#: press-release layouts cost nothing on PolNeAR (which has almost none) and the scorecard reads
#: the non-responses, so they stay.
DEFAULT_SETTINGS = {
    "keep": ("non_response", "layout"),
    "thresholds": {"Cue": 0.3, "Source": 0.25, "Content": 0.45},
    "exclusive": True,
    "cue_union": True,
}

#: Subcategory and citation of a cue only the tagger found.
TAGGED_SUBCATEGORY = "tagged"


def rule_kind(rec: dict, outer_ids: set[int]) -> str:
    """The kind of a rule record: ``non_response``, ``layout``, ``nested`` (the inner or outer record
    of nested attribution: ``nested_in`` set, or its id in ``outer_ids``), ``prepositional``,
    ``adverbial`` or ``verb``."""
    sub = rec["cue_subcategory"]
    if sub in ("non_response", "layout"):
        return sub
    if rec["nested_in"] >= 0 or rec["attribution_id"] in outer_ids:
        return "nested"
    if sub in ("prepositional", "adverbial"):
        return sub
    return "verb"


def tagged_runs(marginals: np.ndarray, part_index: dict, thresholds: dict, exclusive: bool = True, breaks=None) -> dict:
    """Token runs per part from per-token label marginals: a word is in a part when the part's
    marginal (B + I) reaches its threshold (with ``exclusive``, only the part with the largest
    marginal among those that do); a run breaks where a word is more likely to begin a span (B)
    than to continue one (I), and at ``breaks`` (True at the first word of each sentence). Returns
    part -> list of ``(first, last + 1, mean marginal)``."""
    parts = [p for p in part_index if thresholds.get(p) is not None]
    if not len(marginals) or not parts:
        return {p: [] for p in part_index}
    # parts x words: B and I marginals, the part's marginal, on (reaching the threshold)
    b_marg = marginals[:, [part_index[p][0] for p in parts]].T
    i_marg = marginals[:, [part_index[p][1] for p in parts]].T
    prob = b_marg + i_marg
    on = prob >= np.array([thresholds[p] for p in parts])[:, None]
    if exclusive:
        best = np.where(on, prob, -1.0).argmax(axis=0)
        on &= np.arange(len(parts))[:, None] == best[None, :]
    # runs of all parts at once, on the flattened (parts, words + 1) grid: the extra column is off
    # and ends every row, so the next stop after a start is in the start's own row
    n, w = len(marginals), len(marginals) + 1
    starts = np.zeros((len(parts), w), dtype=bool)
    stops = np.ones((len(parts), w), dtype=bool)
    starts[:, 0] = on[:, 0]
    starts[:, 1:n] = on[:, 1:] & (~on[:, :-1] | (b_marg[:, 1:] > i_marg[:, 1:]))
    if breaks is not None:
        starts[:, :n] |= on & breaks[None, :]
    stops[:, :n] = ~on | starts[:, :n]  # a run ends before the next word off or the next start
    csum = np.zeros((len(parts), w))
    np.cumsum(prob, axis=1, out=csum[:, 1:])
    first = np.flatnonzero(starts)
    stop = np.flatnonzero(stops)
    last = stop[np.searchsorted(stop, first, side="right")]
    flat = csum.ravel()
    mean = (flat[last] - flat[first]) / (last - first)
    row = first // w
    first, last = (first - row * w).tolist(), (last - row * w).tolist()
    out = {p: [] for p in part_index}
    ends = np.cumsum(np.bincount(row, minlength=len(parts))).tolist()
    for p, a, b in zip(parts, [0] + ends, ends):
        out[p] = list(zip(first[a:b], last[a:b], mean[a:b]))
    return out


def _overlaps(a: int, b: int, c: int, d: int) -> bool:
    return a < d and c < b


def combine_records(text: str, bounds, candidates: list[dict], runs: dict, quotes, settings: dict) -> list[dict]:
    """Untyped records (keys of :data:`ATTRIBUTION_COLUMNS` and ``_ctx``) from the rules' candidates
    (:func:`analysis.measures.attribution_rules.rule_candidates`) and the tagger's character runs
    (``runs``: part -> list of ``(start, end, sentence)``), as the module docstring says; sorted by
    cue, with ``attribution_id`` and ``nested_in`` set. ``quotes``: sorted whole quotation spans."""
    by_sent: dict[int, list[dict]] = {}
    for c in candidates:
        by_sent.setdefault(c["sentence"], []).append(c)
    src_runs: dict[int, list[tuple[int, int]]] = {}
    rule_src = sorted({(c["source_start"], c["source_end"]) for c in candidates if c["source_start"] >= 0})
    closed = {c["source_end"] for c in candidates if c["source_start"] >= 0 and c["cue_subcategory"] == "prepositional"}
    for s, e, si in runs.get("Source", ()):
        src_runs.setdefault(si, []).extend(_split_run(text, s, e, rule_src, closed))
    con_runs: dict[int, list[tuple[int, int]]] = {}
    for s, e, si in runs.get("Content", ()):
        con_runs.setdefault(si, []).append((s, e))
    outer_ids = {c["nested_in"] for c in candidates if c["nested_in"] >= 0}
    used: set[int] = set()
    out: list[dict] = []
    for cs, ce, si in runs.get("Cue", ()):
        match = [c for c in by_sent.get(si, ()) if any(_overlaps(a, b, cs, ce) for a, b in c["cue_parts"])]
        if settings.get("cue_union", True):  # "to" tagged in "According to": the rule's whole piece
            for c in match:
                for a, b in c["cue_parts"]:
                    if _overlaps(a, b, cs, ce):
                        cs, ce = min(cs, a), max(ce, b)
        base = next((c for c in match if c["source_start"] >= 0), match[0] if match else None)
        used.update(c["attribution_id"] for c in match)
        srcs = src_runs.get(si, [])
        src = None
        if base is not None and base["source_start"] >= 0:
            src = next((r for r in srcs if _overlaps(*r, base["source_start"], base["source_end"])), None)
        if src is None:
            before = [r for r in srcs if r[1] <= cs]
            after = [r for r in srcs if r[0] >= ce]
            src = before[-1] if before else (after[0] if after else None)
        if src is None and base is not None and base["source_start"] >= 0:
            src = (base["source_start"], base["source_end"])
        if base is not None:
            content, direct = (base["content_start"], base["content_end"]), base["direct"]
            entry, sub, ctx = base["cue_entry"], base["cue_subcategory"], base["_ctx"]
            non_response = base["non_response"]
        else:
            cons = con_runs.get(si, [])
            after = [r for r in cons if r[0] >= ce]
            before = [r for r in cons if r[1] <= cs]
            content = after[0] if after else (before[-1] if before else (-1, -1))
            direct = content[0] >= 0 and _in_quotes(quotes, *content)
            entry, sub, ctx, non_response = (
                " ".join(text[cs:ce].lower().split()),
                TAGGED_SUBCATEGORY,
                text[cs:ce],
                False,
            )
        out.append(
            {
                "sentence": si,
                "cue_start": cs,
                "cue_end": ce,
                "cue_text": text[cs:ce],
                "cue_entry": entry,
                "cue_subcategory": sub,
                "source_start": src[0] if src else -1,
                "source_end": src[1] if src else -1,
                "source_text": "",
                "content_start": int(content[0]),
                "content_end": int(content[1]),
                "direct": bool(direct),
                "source_type": "",
                "source_type_rule": "",
                "cue_parts": [(cs, ce)],
                "attribution_id": -1,
                "nested_in": -1,
                "non_response": bool(non_response),
                "_ctx": ctx,
                "_base": base["attribution_id"] if base is not None else -1,
            }
        )
    keep = set(settings.get("keep", ()))
    for c in candidates:
        if c["attribution_id"] in used or rule_kind(c, outer_ids) not in keep:
            continue
        out.append(dict(c, _base=c["attribution_id"]))
    out.sort(key=lambda r: (r["cue_start"], r["cue_end"]))
    new_id: dict[int, int] = {}
    for k, r in enumerate(out):
        r["attribution_id"] = k
        if r["_base"] >= 0:
            new_id.setdefault(r["_base"], k)
    parent = {c["attribution_id"]: c["nested_in"] for c in candidates}
    for r in out:
        b = r.pop("_base")
        r["nested_in"] = new_id.get(parent.get(b, -1), -1) if b >= 0 else -1
        if r["nested_in"] == r["attribution_id"]:
            r["nested_in"] = -1
    link_nested(out)
    return out


def _split_run(
    text: str, s: int, e: int, rule_sources: list[tuple[int, int]], closed: set[int] = frozenset()
) -> list[tuple[int, int]]:
    """A tagged source run cut at a comma the rules read as the end of a source: between two rule
    sources it holds whole ("According to state TV, the ambassador told": "state TV" and "the
    ambassador", the sources of two cues the tagger ran together), and after the source of a
    prepositional cue (``closed``: "According to the information obtained from inside Iran, the
    terrorist Quds Force intends": the comma closes the first source)."""
    inside = [(a, b) for a, b in rule_sources if s <= a and b <= e]
    cuts = {b2 for (_, b1), (b2, _) in zip(inside, inside[1:]) if b1 <= b2 and text[b1:b2].strip() == ","}
    for _, b in inside:
        if b in closed and b < e:
            m = re.match(r"\s*,\s*", text[b:e])
            if m and b + m.end() < e:
                cuts.add(b + m.end())
    if not cuts:
        return [(s, e)]
    out, a = [], s
    for p in sorted(cuts) + [e]:
        b = a + len(text[a:p].rstrip(" ,\n\t"))
        if b > a:
            out.append((a, b))
        a = p
    return out


def _in_quotes(quotes, s: int, e: int) -> bool:
    k = bisect.bisect_left(quotes, (e, -1))
    return any(_overlaps(a, b, s, e) for a, b in quotes[max(0, k - 3) : k])


def attribution_records(
    text: str,
    sentence_bounds: list[tuple[int, int]] | None = None,
    publisher: str | None = None,
    self_names=(),
    tagger=None,
) -> list[dict]:
    """The attribution rows of a document as dicts (keys :data:`ATTRIBUTION_COLUMNS`): the rules and
    the CRF tagger combined (module docstring), typed by the codebook. The records of the spans
    table, the attributions table, the profile and the scorecard. ``tagger``: an
    :class:`analysis.measures.attribution_tagger.AttributionTagger` (default the stored one); when no
    tagger is stored, the rules alone (:func:`rule_records`). ``publisher`` activates the
    publisher's self-reference group and names; ``self_names`` are its declared aliases."""
    return attribution_records_many([(text, sentence_bounds, publisher, self_names)], tagger)[0]


def attribution_records_many(documents: list[tuple], tagger=None, arrays: list | None = None) -> list[list[dict]]:
    """:func:`attribution_records` of each ``(text, sentence_bounds, publisher, self_names)``, the
    tagger's forward-backward pass run once over every sentence of the batch (sentences are separate
    chains, so each document's marginals are its own; one pass per document costs about a fifth of
    the tagger's time in call overhead on news-length texts). ``arrays``: each document's
    :class:`analysis.measures.attribution_tagger_fast.DocumentArrays` for its sentence bounds, when
    the caller made them (the one pass shares them with the context model)."""
    from analysis.corpus.sentences import ensure_bounds
    from analysis.measures.attribution_tagger import stored_tagger
    from analysis.measures.attribution_tagger_fast import forward_backward, tagger_emissions

    tagger = tagger or stored_tagger()
    prepared = []
    for i, (text, sentence_bounds, publisher, self_names) in enumerate(documents):
        bounds = ensure_bounds(text, sentence_bounds)
        quotes = document_quotes(text)
        cands = rule_candidates(text, bounds, quotes)
        tagged = None
        if tagger is not None and text:
            rule_iv = {
                "Cue": [p for r in cands for p in r["cue_parts"]],
                "Source": [(r["source_start"], r["source_end"]) for r in cands if r["source_start"] >= 0],
                "Content": [(r["content_start"], r["content_end"]) for r in cands if r["content_start"] >= 0],
            }
            tagged = tagger_emissions(tagger, text, bounds, rule_iv, quotes[0], arrays[i] if arrays else None)
        prepared.append((text, bounds, publisher, self_names, quotes, cands, tagged))
    with_tokens = [t[-1] for t in prepared if t[-1] is not None and len(t[-1][1])]
    if with_tokens:
        ct = with_tokens[0][2]
        sizes = [len(E) for _, E, _ in with_tokens]
        shift = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        marg = forward_backward(
            ct,
            np.concatenate([E for _, E, _ in with_tokens]),
            np.concatenate([doc.first + k for (doc, _, _), k in zip(with_tokens, shift)]),
            np.concatenate([doc.last + k for (doc, _, _), k in zip(with_tokens, shift)]),
        )
        parts = iter(np.split(marg, np.cumsum(sizes)[:-1]))
    out = []
    for text, bounds, publisher, self_names, quotes, cands, tagged in prepared:
        if tagged is None:
            out.append(type_sources(text, cands, bounds, publisher, self_names))
            continue
        doc, E, ct = tagged
        recs = _tagged_records(text, bounds, cands, quotes, doc, next(parts) if len(E) else E, ct, tagger)
        out.append(type_sources(text, recs, bounds, publisher, self_names))
    return out


def _tagged_records(text, bounds, cands, quotes, doc, marg, ct, tagger) -> list[dict]:
    """The rules' candidates and the tagger's runs (from its marginals) combined."""
    settings = {**DEFAULT_SETTINGS, **tagger.meta.get("spans_table", {})}
    thresholds = {**tagger.thresholds, **settings.get("thresholds", {})}
    runs = tagged_runs(marg, ct.part_index, thresholds, settings.get("exclusive", True), doc.breaks())
    char_runs = {
        p: [(int(doc.starts[a]), int(doc.ends[b - 1]), int(doc.sent[a])) for a, b, _ in rs] for p, rs in runs.items()
    }
    return combine_records(text, bounds, cands, char_runs, quotes[1], settings)


def find_attributions(
    text: str, sentence_bounds: list[tuple[int, int]] | None = None, publisher: str | None = None, self_names=()
) -> pd.DataFrame:
    """One row per attribution (columns :data:`ATTRIBUTION_COLUMNS`; :func:`attribution_records`):
    offsets are character offsets into ``text`` (end exclusive), ``-1`` when a part is absent.
    ``cue_start``/``cue_end`` bound the whole cue; ``cue_parts`` lists its pieces (two for a
    discontinuous rule cue such as "quoted … as saying", whose ``cue_text`` joins them with " … ").
    ``cue_subcategory`` is the lexicon subcategory (``tagged`` for a cue only the tagger found).
    ``sentence_bounds`` default to the text's own."""
    return pd.DataFrame(attribution_records(text, sentence_bounds, publisher, self_names), columns=ATTRIBUTION_COLUMNS)


def cue_spans(text: str, sentence_bounds: list[tuple[int, int]] | None = None) -> list[tuple[int, int, str]]:
    """``(start, end, entry)`` of every cue piece (a discontinuous cue gives two pieces)."""
    recs = attribution_records(text, sentence_bounds)
    return [(a, b, r["cue_entry"]) for r in recs for a, b in r["cue_parts"]]


def source_spans(
    text: str, sentence_bounds: list[tuple[int, int]] | None = None, publisher: str | None = None
) -> list[tuple[int, int, str]]:
    """``(start, end, source_type)`` of every explicit source."""
    recs = attribution_records(text, sentence_bounds, publisher=publisher)
    return [(r["source_start"], r["source_end"], r["source_type"]) for r in recs if r["source_start"] >= 0]


def content_spans(text: str, sentence_bounds: list[tuple[int, int]] | None = None) -> list[tuple[int, int, bool]]:
    """``(start, end, direct)`` of every content."""
    recs = attribution_records(text, sentence_bounds)
    return [(r["content_start"], r["content_end"], r["direct"]) for r in recs if r["content_start"] >= 0]
