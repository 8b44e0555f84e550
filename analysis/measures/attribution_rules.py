"""The rule extractor of attributions: cue lexicon, source and content rules, nested attribution,
non-responses and press-release layouts (steps 1-6 of :mod:`analysis.measures.attribution`).

:func:`rule_records` gives the rules' records alone (the ``attribution`` rows of validation and the
rule features of the CRF tagger); the records the tables use combine them with the tagger
(:func:`analysis.measures.attribution.attribution_records`). Both type their sources with
:func:`type_sources`, the codebook rules of :func:`analysis.measures.source_types.classify_source`
with relative pronouns typed as their antecedent and back-references ("she", "the paper") typed
from earlier sources of the document.
"""

from __future__ import annotations

import bisect
import re

from analysis.measures.attribution_cues import _Cue, _find_cues, _trim
from analysis.measures.attribution_sources import _antecedent, _content_span, _left_source, _source_span
from analysis.measures.quotes import quotation_tuples
from analysis.measures.source_types import (
    _OTHER_ANAPHORA,
    _PERSON_ANAPHORA,
    _RELATIVE,
    _resolve_anaphora,
    classify_source,
    publisher_groups,
)

__all__ = ["rule_candidates", "rule_records", "type_sources", "link_nested", "document_quotes"]


def document_quotes(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """``(inner regions, whole spans)`` of the double and straight quotations of ``text``, the
    latter sorted: what the cue filter and the content rules read."""
    doubles = [q for q in quotation_tuples(text) if q.mark != "single"]
    return [(q.inner_start, q.inner_end) for q in doubles], sorted((q.start, q.end) for q in doubles)


def _record(text, si, cue: _Cue, parts, src, content, direct, ctx, nested_in=-1) -> dict:
    """An untyped record: the keys of :data:`analysis.measures.attribution.ATTRIBUTION_COLUMNS`
    (source type still empty) and ``_ctx``, the context the typing reads."""
    return {
        "sentence": si,
        "cue_start": parts[0][0],
        "cue_end": parts[-1][1],
        "cue_text": " … ".join(text[a:b] for a, b in parts),
        "cue_entry": cue.entry,
        "cue_subcategory": cue.sub,
        "source_start": src[0] if src else -1,
        "source_end": src[1] if src else -1,
        "source_text": text[src[0] : src[1]] if src else "",
        "content_start": content[0],
        "content_end": content[1],
        "direct": bool(direct),
        "source_type": "",
        "source_type_rule": "",
        "cue_parts": [tuple(p) for p in parts],
        "attribution_id": -1,
        "nested_in": nested_in,
        "non_response": cue.sub == "non_response",
        "_ctx": ctx,
    }


def rule_candidates(text: str, sentence_bounds: list[tuple[int, int]], quotes=None) -> list[dict]:
    """The rules' records before typing (see :func:`_record`), in the order found, with
    ``attribution_id`` their index and ``nested_in`` linking a nested attribution to its outer one.

    Nested attribution gives two rows: "IRNA quoted the director … as saying" is an outer row
    (source IRNA, cue "quoted") and an inner row (source the director, cue "as saying"); "X was
    quoted by the Times as saying" likewise (the Times outer). A cue inside the indirect content of
    another row of the same sentence ("According to Maritime Bulletin, local authorities have
    noted") is nested in it. ``quotes``: :func:`document_quotes` of the text, when at hand."""
    qreg, qspans = quotes if quotes is not None else document_quotes(text)
    rows: list[dict] = []

    def add(rec):
        rec["attribution_id"] = len(rows)
        rows.append(rec)
        return rec["attribution_id"]

    for si, cue in _find_cues(text, sentence_bounds, qreg):
        ss, se = sentence_bounds[si]
        src, where = _source_span(text, cue, ss, se)
        content, direct = _content_span(text, cue, ss, se, src, where, qspans)
        ctx = (
            text[cue.start : cue.end]
            + " "
            + (text[cue.end : min(se, cue.end + 60)] if cue.sub == "prepositional" else "")
        )
        if cue.src is not None and len(cue.parts) == 2 and src:
            outer_src, inner_src = _nested_sources(text, cue, src, ss)
            whole = (inner_src[0] if inner_src else src[0], content[1] if content[1] >= 0 else cue.end)
            outer = add(_record(text, si, cue, cue.parts[:1], outer_src, whole, False, ""))
            add(_record(text, si, cue, cue.parts[1:], inner_src, content, direct, ctx, nested_in=outer))
            continue
        add(_record(text, si, cue, cue.parts, src, content, direct, ctx))
    for si, cue, src, content in _layout_attributions(text, sentence_bounds, qspans, {r["cue_start"] for r in rows}):
        add(_record(text, si, cue, cue.parts, src, content, True, ""))
    link_nested(rows)
    return rows


def type_sources(
    text: str, records: list[dict], sentence_bounds, publisher: str | None = None, self_names=()
) -> list[dict]:
    """Type the sources of ``records`` in list order (document order): ``source_type`` and
    ``source_type_rule`` from :func:`analysis.measures.source_types.classify_source` with the record's
    cue context (``_ctx``, removed here) and subcategory; "Kobler, who wrote" takes the type of
    the relative pronoun's antecedent; pronouns and back-reference nouns ("she", "the paper") take
    the type of an earlier source (:func:`analysis.measures.source_types._resolve_anaphora`)."""
    active = publisher_groups(publisher)
    history: list[tuple[str, str]] = []
    for r in records:
        ctx = r.pop("_ctx", "")
        src = (r["source_start"], r["source_end"]) if r["source_start"] >= 0 else None
        src_text = text[src[0] : src[1]] if src else ""
        stype, rule = classify_source(
            src_text,
            ctx,
            cue_sub=r["cue_subcategory"],
            publisher=publisher,
            active_groups=active,
            self_names=self_names,
        )
        if src and _RELATIVE.match(src_text.strip()):  # "Kobler, who wrote": type the antecedent
            si = r["sentence"]
            ante = _antecedent(text, src[0], sentence_bounds[si][0] if 0 <= si < len(sentence_bounds) else 0)
            if ante:
                t2, r2 = classify_source(
                    text[ante[0] : ante[1]], "", publisher=publisher, active_groups=active, self_names=self_names
                )
                stype, rule = t2, f"relative({r2})"
        st = src_text.strip()
        if _PERSON_ANAPHORA.match(st) or _OTHER_ANAPHORA.match(st):
            stype, rule = _resolve_anaphora(src_text, stype, rule, history)
        elif stype != "unspecified":
            history.append((stype, rule))
        r["source_text"], r["source_type"], r["source_type_rule"] = src_text, stype, rule
    return records


def rule_records(
    text: str, sentence_bounds: list[tuple[int, int]] | None = None, publisher: str | None = None, self_names=()
) -> list[dict]:
    """The rule extractor's attribution rows (keys :data:`analysis.measures.attribution.ATTRIBUTION_COLUMNS`),
    typed: the rules alone, without the tagger. ``sentence_bounds`` default to the text's own
    (:func:`analysis.corpus.sentences.ensure_bounds`)."""
    from analysis.corpus.sentences import ensure_bounds

    bounds = ensure_bounds(text, sentence_bounds)
    return type_sources(text, rule_candidates(text, bounds), bounds, publisher, self_names)


#: Press-release layouts with no reporting verb: a quotation signed with a dash ("“…” – Jane Doe,
#: Director") and a speaker line ending in a colon before a quotation ("Jane Doe, Director:\n“…”").
_SIGNED = re.compile(
    r"[ \t]*[–—-][ \t]*(?P<src>[A-Z][\w’'.\-]*(?:[ \t]+[A-Z][\w’'.\-]*){1,3}"
    r"(?:,[ \t]*[^\n“”\"]{2,80}?)?)[ \t]*(?=\n|$)"
)
_SPEAKER_LINE = re.compile(
    r"(?m)^[ \t]*(?P<src>[A-Z][\w’'.\-]*(?:[ \t]+[A-Z][\w’'.\-]*){1,3}"
    r"(?:,[ \t]*[^\n:“”\"]{2,80})?)[ \t]*(?P<cue>:)[ \t]*\n[ \t]*(?=[“\"])"
)


def _layout_attributions(text: str, bounds, quotes: list[tuple[int, int]], taken: set[int]):
    """``(sentence, cue, source span, content span)`` of the layouts in :data:`_SIGNED` and
    :data:`_SPEAKER_LINE`; the cue is the dash or the colon (``cue_subcategory`` ``layout``)."""
    starts = [a for a, _ in bounds]

    def sent(pos):
        return max(0, bisect.bisect_right(starts, pos) - 1)

    for qs, qe in quotes:
        m = _SIGNED.match(text, qe)
        if m:
            dash = text.index(next(c for c in "–—-" if c in text[qe : m.start("src")]), qe)
            if dash not in taken:
                cue = _Cue(dash, dash + 1, [(dash, dash + 1)], "signed quotation", "layout")
                yield sent(dash), cue, _trim(text, m.start("src"), m.end("src")), (qs, qe)
    for m in _SPEAKER_LINE.finditer(text):
        k = bisect.bisect_left(quotes, (m.end(), -1))
        if k < len(quotes) and quotes[k][0] == m.end() and m.start("cue") not in taken:
            c = m.start("cue")
            yield (
                sent(c),
                _Cue(c, c + 1, [(c, c + 1)], "speaker line", "layout"),
                (m.start("src"), m.end("src")),
                quotes[k],
            )


_BY = re.compile(r"\s*by\s+", re.IGNORECASE)


def _nested_sources(text: str, cue: _Cue, inside: tuple[int, int], ss: int):
    """``(outer, inner)`` source spans of a discontinuous cue: "X quoted Y as saying" (X outer,
    Y inner) or "Y was quoted by X as saying" (X outer, Y the subject before the cue)."""
    m = _BY.match(text, inside[0], inside[1])
    left = _left_source(text, cue.parts[0][0], ss)
    if m:
        return _trim(text, m.end(), inside[1]), left
    return left, inside


def link_nested(rows: list[dict]) -> None:
    """Set ``nested_in`` of a row whose cue lies inside the indirect content of another row of the
    same sentence (the nearest such row before it, in list order; rows carry their list index as
    ``attribution_id``)."""
    for r in rows:
        if r["nested_in"] >= 0:
            continue
        for o in reversed(rows[: r["attribution_id"]]):
            if o["sentence"] != r["sentence"]:
                break
            if not o["direct"] and o["content_start"] <= r["cue_start"] < o["content_end"]:
                r["nested_in"] = o["attribution_id"]
                break
