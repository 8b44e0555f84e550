"""The scorecard as it was computed before the fast path (one small DataFrame per document and per
step, attributions grouped into one frame per document): the straightforward reference that
``test_scorecard_fast.py`` and ``benchmarks/scorecard_speed.py`` compare :func:`build_scorecard`
against. The rules (regexes, word lists, source classes) are imported from the package; only the
per-document plumbing is kept here as it was (and the detail patterns without the first-character
lookaheads added for speed), so a change of a rule changes both sides alike and a change of the
plumbing shows up as a difference.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.compare import scorecard as S
from analysis.compare import scorecard_details as D
from analysis.compare import statement_rules as R
from analysis.compare.scorecard_details import (
    _TOKEN_IN_SEQ,
    _VAGUE_AFTER,
    DETAIL_COLUMNS,
    _at_sentence_start,
    _lower_words,
    _strip_name,
)
from analysis.compare.statement_rules import CALL_TO_ACTION, MIN_STATEMENT_WORDS, NOT_PAST_ED, QUESTION, TERMINAL
from analysis.corpus.text import count_words
from analysis.measures.bounds import per_1k, share
from analysis.measures.source_types import share_column, source_type_shares


def _without(regex: re.Pattern, start: str) -> re.Pattern:
    """``regex`` without its first-character lookahead (the patterns as they were written)."""
    assert start in regex.pattern
    return re.compile(regex.pattern.replace(start, "", 1), regex.flags)


DATE_RE = _without(D.DATE_RE, D._DATE_START)
NUMBER_RE = _without(D.NUMBER_RE, D._NUMBER_START)
_NAME_SEQ = _without(D._NAME_SEQ, D._NAME_START)
FINITE_VERB = _without(R.FINITE_VERB, R._VERB_START)


def has_finite_verb(sentence: str) -> bool:
    return any(m.group().lower() not in NOT_PAST_ED for m in FINITE_VERB.finditer(sentence))


def _sentence_of(bounds, pos: int) -> int:
    starts = [s for s, _ in bounds]
    i = int(np.searchsorted(starts, pos, side="right")) - 1
    return i if i >= 0 and pos < bounds[i][1] else -1


def find_details(text: str, bounds, doc_id: str = "", skip_until: int = 0) -> pd.DataFrame:
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
        if (
            word[:1].isalpha()
            and _VAGUE_AFTER.match(text, e)
            and not re.search(r"\d", word)
            and word.split()[-1].lower() in {"hundred", "thousand", "million", "billion", "dozen"}
        ):
            continue
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
    return pd.DataFrame([(doc_id, _sentence_of(bounds, s), s, e, k, t) for s, e, k, t in rows], columns=DETAIL_COLUMNS)


def _outside(text: str, s: int, e: int, regions) -> str:
    chars = list(text[s:e])
    for a, b in regions:
        for j in range(max(a, s), min(b, e)):
            chars[j - s] = " "
    return "".join(chars)


def _quoted_share(regions, s: int, e: int) -> float:
    n = e - s
    if n <= 0:
        return 0.0
    return sum(max(0, min(e, b) - max(s, a)) for a, b in regions) / n


def sentence_table(text, bounds, attributions, quoted_regions, title=None, doc_id="", details=None) -> pd.DataFrame:
    head = S.headline_end(text, title)
    if details is None:
        details = find_details(text, bounds, doc_id=doc_id, skip_until=head)
    detail_sentences = set(details["sentence"])
    cue_sentences = set(attributions["sentence"]) if len(attributions) else set()
    contents = []
    if len(attributions):
        contents = [
            (int(a), int(b)) for a, b in zip(attributions["content_start"], attributions["content_end"]) if a >= 0
        ]
    rows = []
    for i, (s, e) in enumerate(bounds):
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
    return pd.DataFrame(rows, columns=S.STATEMENT_COLUMNS)


def find_other_side(text: str, bounds, doc_id: str = "") -> pd.DataFrame:
    rows = []
    for i, (s, e) in enumerate(bounds):
        sent = text[s:e]
        for name, pat in S.OTHER_SIDE_PATTERNS.items():
            m = pat.search(sent)
            if m:
                rows.append((doc_id, i, s, e, name, m.group(), sent))
                break
    return pd.DataFrame(rows, columns=S.RESPONSE_COLUMNS)


def with_non_responses(responses, att, text, bounds, doc_id) -> pd.DataFrame:
    if not len(att) or "non_response" not in att.columns:
        return responses
    seen = set(responses["sentence"])
    rows = []
    for a in att[att["non_response"].astype(bool)].itertuples(index=False):
        if a.sentence in seen:
            continue
        seen.add(a.sentence)
        s, e = bounds[a.sentence]
        rows.append((doc_id, a.sentence, s, e, "non_response_record", a.cue_text, text[s:e]))
    if not rows:
        return responses
    extra = pd.DataFrame(rows, columns=S.RESPONSE_COLUMNS)
    out = pd.concat([responses, extra], ignore_index=True) if len(responses) else extra
    return out.sort_values("sentence", kind="stable").reset_index(drop=True)


def core_hedges(text: str) -> list[tuple[int, int, str]]:
    from analysis.measures.lexicon import get_matcher, is_core

    m = get_matcher("hedges")
    subs = m.frame["subcategory"].tolist()
    return [(x.start, x.end, x.text) for x in m.finditer(text) if is_core("hedge", subs[x.entry_index])]


def document_scorecard(
    text: str,
    doc_id: str = "",
    publisher: str | None = None,
    title: str | None = None,
    attributions: pd.DataFrame | None = None,
    self_names: Sequence[str] = (),
) -> S.Scorecard:
    from analysis.corpus.sentences import split_sentences
    from analysis.measures.attributions_table import document_attributions
    from analysis.measures.quotes import quoted_voice_regions

    publisher = publisher or None
    bounds = split_sentences(text)
    att = (
        attributions.reset_index(drop=True)
        if attributions is not None
        else document_attributions(text, doc_id, bounds, publisher, self_names)
    )
    regions = quoted_voice_regions(text, att, publisher=publisher) if len(att) or "“" in text or '"' in text else []
    head = S.headline_end(text, title)
    details = find_details(text, bounds, doc_id=doc_id, skip_until=head)
    sentences = sentence_table(text, bounds, att, regions, title=title, doc_id=doc_id, details=details)
    responses = with_non_responses(find_other_side(text, bounds, doc_id=doc_id), att, text, bounds, doc_id)
    hedges_by_sentence: dict[int, list[str]] = {}
    for s, _e, t in core_hedges(text):
        hedges_by_sentence.setdefault(_sentence_of(bounds, s), []).append(t)

    claim_rows = []
    for a in att.itertuples(index=False):
        ss, se = bounds[a.sentence]
        cls = S.SOURCE_CLASS.get(a.source_type, "unspecified")
        hedges = hedges_by_sentence.get(a.sentence, [])
        content = text[a.content_start : a.content_end] if a.content_start >= 0 else ""
        claim_rows.append(
            (
                doc_id,
                int(a.sentence),
                a.cue_text,
                a.source_text,
                a.source_type,
                cls,
                cls == "checkable",
                bool(a.direct),
                bool(hedges),
                "; ".join(hedges),
                content,
                text[ss:se],
            )
        )
    claims = pd.DataFrame(claim_rows, columns=S.CLAIM_COLUMNS)

    n_claims = len(claims)
    body_words = count_words(text[head:])
    kinds = details["kind"].value_counts()
    anon = claims[claims["source_type"] == "anonymous_unverifiable"]
    factual = int(sentences["factual"].sum())
    unattributed = int(sentences["unattributed_assertion"].sum())
    row = {
        "doc_id": doc_id,
        "words": count_words(text),
        "body_words": body_words,
        "sentences": len(bounds),
        "claims": n_claims,
    }
    shares = source_type_shares(claims["source_type"].tolist())
    row["named_source_share"] = sum(shares[share_column(t)] for t in S.CHECKABLE_TYPES)
    for cls, col in S.CLASS_SHARE_COLUMN.items():
        if cls != "checkable":
            row[col] = shares[col]
    row.update(
        {
            "statements": int(sentences["statement"].sum()),
            "factual_assertions": factual,
            "unattributed_assertions": unattributed,
            "unattributed_assertion_share": share(unattributed, factual),
        }
    )
    for kind, col in (("date", "dates"), ("number", "numbers"), ("name", "names")):
        row[col] = int(kinds.get(kind, 0))
        row[f"{col}_per_1k"] = per_1k(row[col], body_words)
    row["checkable_details_per_1k"] = per_1k(row["dates"] + row["numbers"] + row["names"], body_words)
    row["other_side_response"] = bool(len(responses))
    row["other_side_count"] = len(responses)
    row["anonymous_claims"] = len(anon)
    row["anonymous_claims_hedged"] = int(anon["hedged"].sum())
    row["anonymous_claims_hedged_share"] = share(int(anon["hedged"].sum()), len(anon))
    # issue 25 columns: the same functions, fed the attribution rows as dicts
    from analysis.measures.checkability import source_checkability
    from analysis.measures.text_genre import detect_text_genre

    row.update(source_checkability(text, att.to_dict("records"), bounds))
    row.update(detect_text_genre(text, regions, title, count_words(text)))
    table = pd.DataFrame([row], columns=S.SCORECARD_COLUMNS)
    return S.Scorecard(table, claims, sentences, details, responses)


def build_scorecard(
    documents: pd.DataFrame, group_col: str | None = "group", attributions: pd.DataFrame | None = None
) -> S.Scorecard:
    from analysis.measures.attributions_table import ATTRIBUTION_TABLE_COLUMNS, self_names_of

    by_doc = (
        {str(k): g for k, g in attributions.groupby(attributions["doc_id"].astype(str), sort=False)}
        if attributions is not None
        else None
    )
    empty = pd.DataFrame(columns=ATTRIBUTION_TABLE_COLUMNS)
    parts: list[S.Scorecard] = []
    for d in documents.to_dict("records"):
        text = d["text"] if isinstance(d["text"], str) else ""
        pub = d.get("publisher")
        pub = pub if isinstance(pub, str) and pub else None
        title = d.get("title") if isinstance(d.get("title"), str) else None
        att = None if by_doc is None else by_doc.get(str(d["doc_id"]), empty)
        parts.append(
            document_scorecard(
                text,
                str(d["doc_id"]),
                pub,
                title,
                attributions=att,
                self_names=self_names_of(d.get("publisher_aliases")),
            )
        )
    meta_cols = [
        c for c in (group_col, "title", "publisher", "date", "genre", "wire_copy") if c and c in documents.columns
    ]
    meta = documents[["doc_id", *meta_cols]].astype({"doc_id": str}).reset_index(drop=True)

    def cat(attr: str, columns: list[str]) -> pd.DataFrame:
        frames = [getattr(p, attr) for p in parts if len(getattr(p, attr))]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)

    table = cat("table", S.SCORECARD_COLUMNS)
    table = meta.merge(table, on="doc_id", how="left", validate="one_to_one") if len(table) else table
    out = S.Scorecard(
        table,
        cat("claims", S.CLAIM_COLUMNS),
        cat("sentences", S.STATEMENT_COLUMNS),
        cat("details", DETAIL_COLUMNS),
        cat("responses", S.RESPONSE_COLUMNS),
    )
    if group_col and group_col in documents.columns:
        groups = dict(zip(meta["doc_id"], meta[group_col]))
        for frame in (out.claims, out.sentences, out.details, out.responses):
            frame.insert(1, group_col, frame["doc_id"].map(groups))
    out.table["other_side_response"] = out.table["other_side_response"].astype(bool)
    if len(out.table):  # issue 25: a declared genre naming a text genre, or the loader's wire credit, wins
        from analysis.measures.text_genre import TEXT_GENRE_COLUMNS, declared_text_genre

        docs = documents.assign(doc_id=documents["doc_id"].astype(str)).set_index("doc_id")
        for i, d in enumerate(out.table["doc_id"]):
            detected = {c: out.table.at[i, c] for c in TEXT_GENRE_COLUMNS}
            declared = docs["genre"].get(d) if "genre" in docs.columns else None
            wire = docs["wire_copy"].get(d) if "wire_copy" in docs.columns else None
            g = declared_text_genre(declared, wire, detected)
            for c in TEXT_GENRE_COLUMNS:
                out.table.at[i, c] = g[c]
    return out
