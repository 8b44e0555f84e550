"""Error analysis of the validation (:mod:`analysis.validate.validation`): the most frequent false
positives and misses of a detector on a gold set, each with one example in context."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import pandas as pd

from analysis.validate.gold import babe_word_spans, load_babe, load_polnear, load_ptc
from analysis.validate.validation import (
    _HEDGE_DETECTORS,
    ERROR_COLUMNS,
    FAST_BABE_SENTENCES,
    FAST_DOCS,
)
from analysis.validate.validation_spans import (
    _first_docs,
    _frame,
    lexicon_spans,
    model_spans,
    spans_table_attribution,
    szeged_documents,
)

# --------------------------------------------------------------------------------------------
# error analysis
# --------------------------------------------------------------------------------------------


def _norm(s: str) -> str:
    return " ".join(s.lower().split())


def _example(text: str, s: int, e: int, width: int) -> str:
    left = " ".join(text[max(0, s - width) : s].split())
    right = " ".join(text[e : e + width].split())
    return f"…{left} [[{' '.join(text[s:e].split())}]] {right}…"


def error_analysis(
    texts: pd.DataFrame,
    gold: pd.DataFrame,
    pred: pd.DataFrame,
    top: int = 15,
    unit: str = "span",
    context: int = 50,
    task: str = "",
    skip_terms: Iterable[str] = (),
) -> pd.DataFrame:
    """The most frequent false positives and misses, with one example in context each.

    ``unit="span"``: a false positive is a predicted span overlapping no gold span, a miss a gold
    span overlapped by no prediction; ``term`` is the span text (lower case, whitespace collapsed).
    ``unit="token"``: the same per word token (useful when gold spans are long phrases, as in PTC).
    Returns columns :data:`ERROR_COLUMNS`: ``kind`` is ``false_positive`` or ``miss``, ``count``
    how often the term occurs as that error, ``example`` the first occurrence with ``context``
    characters either side (the term in [[ ]]), sorted by kind, then descending count, then term.
    ``skip_terms``: terms left out of the lists (e.g. function words with ``unit="token"``)."""
    if unit not in ("span", "token"):
        raise ValueError("unit must be 'span' or 'token'")
    text_of = dict(zip(texts["doc_id"], texts["text"]))

    def by_doc(sp: pd.DataFrame) -> dict:
        out: dict = {}
        for d, a, b in zip(sp["doc_id"], sp["start"], sp["end"]):
            if b > a:
                out.setdefault(d, []).append((int(a), int(b)))
        return out

    g, p = by_doc(gold), by_doc(pred)
    counts = {"false_positive": Counter(), "miss": Counter()}
    first: dict[tuple[str, str], tuple[str, str]] = {}

    skip = frozenset(skip_terms)

    def add(kind: str, d, text: str, s: int, e: int) -> None:
        term = _norm(text[s:e])
        if not term or term in skip:
            return
        counts[kind][term] += 1
        first.setdefault((kind, term), (_example(text, s, e, context), str(d)))

    for d, text in text_of.items():
        gs, ps = g.get(d, []), p.get(d, [])
        if unit == "span":
            for s, e in ps:
                if not any(s < ge and e > gs_ for gs_, ge in gs):
                    add("false_positive", d, text, s, e)
            for s, e in gs:
                if not any(s < pe and e > ps_ for ps_, pe in ps):
                    add("miss", d, text, s, e)
        else:
            from analysis.training.learned_entries import token_labels

            toks, yg = token_labels(text, gs)
            _, yp = token_labels(text, ps)
            for (s, e), a, b in zip(toks, yg, yp):
                if b and not a:
                    add("false_positive", d, text, s, e)
                elif a and not b:
                    add("miss", d, text, s, e)
    rows = []
    for kind in ("false_positive", "miss"):
        for term, n in sorted(counts[kind].items(), key=lambda kv: (-kv[1], kv[0]))[:top]:
            ex, d = first[(kind, term)]
            rows.append({"task": task, "kind": kind, "term": term, "count": n, "example": ex, "doc_id": d})
    return pd.DataFrame(rows, columns=ERROR_COLUMNS)


#: Tasks :func:`task_errors` knows, with their benchmark and the split used for error analysis
#: (a tuning split, so that reading errors never informs tuning on held-out data).
ERROR_TASKS = {
    "loaded": "PTC train (loaded.csv as shipped; learned entries are in-sample here)",
    "loaded_sentence": "BABE SG2 (biased sentences without a loaded span and the reverse)",
    "hedge": "Szeged news train split",
    "attribution_cue": "PolNeAR train",
    "attribution_source": "PolNeAR train",
}


def task_errors(
    task: str,
    data_dir=None,
    fast: bool = False,
    top: int = 15,
    unit: str | None = None,
    detector: str = "lexicon",
    limit: int | None = None,
    context: int = 50,
) -> pd.DataFrame:
    """:func:`error_analysis` for one task of :data:`ERROR_TASKS` with our detector.

    ``detector`` (loaded tasks only): ``"lexicon"`` (default) or ``"token_model"``. ``limit``:
    first N documents (default: :data:`FAST_DOCS` in fast mode, all otherwise; PolNeAR train
    defaults to its first 200 articles to keep this quick). ``unit`` defaults to ``"token"`` for
    ``loaded`` (long gold phrases; function words are left out of its lists) and ``"span"``
    otherwise."""
    from analysis.measures.lexicon import get_matcher

    if task not in ERROR_TASKS:
        raise ValueError(f"unknown task {task!r}; choose from {list(ERROR_TASKS)}")
    n = FAST_DOCS if fast else limit

    def loaded_pred(texts: pd.DataFrame) -> pd.DataFrame:
        if detector == "token_model":
            from analysis.training.learned_entries import load_token_model

            return model_spans(texts, load_token_model())
        if detector != "lexicon":
            raise ValueError("detector must be 'lexicon' or 'token_model'")
        return lexicon_spans(texts, get_matcher("loaded"))

    if task == "loaded":
        from analysis.training.learned_entries import FUNCTION_WORDS

        articles, gold = _first_docs(*load_ptc("train", data_dir=data_dir), n)
        unit = unit or "token"
        return error_analysis(
            articles,
            gold,
            loaded_pred(articles),
            top,
            unit,
            context,
            task,
            skip_terms=FUNCTION_WORDS if unit == "token" else (),
        )
    if task == "loaded_sentence":
        babe = load_babe(data_dir=data_dir).reset_index(drop=True)
        if n is not None:
            babe = babe.iloc[: (FAST_BABE_SENTENCES if fast else n)]
        texts = pd.DataFrame({"doc_id": babe.index.astype(str), "text": babe["text"].astype(str)})
        pred = loaded_pred(texts)
        # misses: whole biased sentences with no span; false positives: spans in non-biased sentences
        biased = set(texts.loc[(babe["label_bias"] == "Biased").to_numpy(), "doc_id"])
        gold = pd.DataFrame(
            {
                "doc_id": sorted(biased),
                "start": 0,
                "end": [len(texts.set_index("doc_id").at[d, "text"]) for d in sorted(biased)],
            }
        )
        fp_pred = pred[~pred["doc_id"].isin(biased)]
        errs = error_analysis(texts, gold, fp_pred, top, "span", context, task)
        from analysis.training.learned_entries import FUNCTION_WORDS

        misses = error_analysis(
            texts,
            babe_word_spans(babe)[lambda w: w["doc_id"].isin(biased - set(pred["doc_id"]))],
            _frame([]),
            top,
            "span",
            context,
            task,
            skip_terms=FUNCTION_WORDS,
        )
        return pd.concat([errs[errs["kind"] == "false_positive"], misses[misses["kind"] == "miss"]], ignore_index=True)
    if task == "hedge":
        texts, gold = szeged_documents("news", "train", data_dir=data_dir, limit=n)
        pred = lexicon_spans(texts, get_matcher("hedges"), _HEDGE_DETECTORS["hedges_szeged"][0])
        return error_analysis(texts, gold, pred, top, unit or "span", context, task)
    articles, spans = load_polnear("train", data_dir=data_dir)
    articles, spans = _first_docs(articles[["doc_id", "text"]], spans, n if n is not None else 200)
    cues, sources = spans_table_attribution(articles)
    label, pred = ("Cue", cues) if task == "attribution_cue" else ("Source", sources)
    return error_analysis(articles, spans[spans["label"] == label], pred, top, unit or "span", context, task)
