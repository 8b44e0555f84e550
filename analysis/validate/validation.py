"""Detector validation: every project detector against external gold, beside naive published baselines.

One call, :func:`run_validation`, scores each detector on each benchmark in the same run and
returns one tidy frame (columns :data:`RESULT_COLUMNS`). :func:`error_analysis` and
:func:`task_errors` list the most frequent false positives and misses with an example each.

Benchmarks, tasks and splits
----------------------------
=============  ======================  ==========================================================
benchmark      task                    gold and split
=============  ======================  ==========================================================
``ptc``        ``loaded``              SemEval-2020 Task 11 PTC train, ``Loaded_Language`` +
                                       ``Name_Calling,Labeling`` spans. The dev split is held back
                                       from the shared folder. Learned parts (lexicon entries, token
                                       model) are scored by 5-fold document-level cross-validation
                                       (fold = SHA-1 of the article id mod 5), learning re-run on
                                       the four training folds each time.
``babe``       ``loaded_sentence``     BABE (SG2) sentences, ``Biased`` vs ``Non-biased``; a
                                       sentence is predicted biased when the detector finds >= 1
                                       span in it. Never used for tuning: a true held-out set.
``babe``       ``loaded_word``         BABE annotator-marked biased words
                                       (:func:`analysis.validate.gold.babe_word_spans`), token level.
``polnear``    ``attribution_cue``,    PolNeAR ``Cue`` and ``Source`` spans; ``dev`` (the check
               ``attribution_source``  split) and, in full mode, ``train`` for reference (the
                                       attribution detector is tuned on train).
``szeged``     ``hedge``               Szeged uncertainty cues, ``news`` (FactBank) and
                                       ``wikipedia`` parts. No official split: documents are split
                                       by hashing, SHA-1 of the DocID mod 10 < 3 -> ``test`` (30 %),
                                       else ``train``. Hedge entries and rules were tuned on
                                       ``train`` only; ``test`` is reported as held-out.
=============  ======================  ==========================================================

Held-out rows (split ``test (held-out 20% ...)``): the loaded-language context model
(:mod:`analysis.measures.loaded_model`) splits PTC articles and BABE article links 60/20/20 into train,
dev (thresholds) and test by SHA-1 (:func:`analysis.measures.loaded_model.doc_split`); the learned
lexicon rows are learned from the PTC train split too. On the test split
:mod:`analysis.validate.validation_loaded` scores ``lexicon_hand``, ``lexicon``,
``context_model`` and ``lexicon_or_model`` (what the spans table marks loaded: the union) beside
the naive lists; these are the figures to quote.

Levels: ``token`` (a word token is positive when it overlaps a span; micro-averaged;
:func:`analysis.validate.metrics.token_prf`), ``span_overlap`` (a span counts when it overlaps a span of
the other side; :func:`analysis.validate.metrics.span_overlap_prf`), ``sentence`` (BABE, P/R/F1 of the
``Biased`` class) and ``sentence_macro`` (BABE, macro average over both classes: about half of
BABE is biased, so calling every sentence biased already gives a positive-class F1 of 0.66; the
``all_sentences_biased`` row shows that reference). Confidence
intervals (95 %, percentile bootstrap) resample whole documents for token F1
(:func:`analysis.validate.metrics.bootstrap_f1_ci`; BABE: sentences grouped by article link) and are
left empty for span-level rows.

Detectors
---------
Ours: ``lexicon`` (``loaded.csv`` as shipped: hand + learned entries), ``lexicon_hand`` (the hand
entries only), ``lexicon_learned`` (hand + entries learned inside each CV fold), ``token_model``
(:class:`analysis.training.learned_entries.TokenModel`; in CV re-fitted per fold), ``hedges_szeged`` (every
hedge subcategory except approximators and downtoners, which are hedges in Hyland's sense but not
uncertainty in the Szeged scheme), ``hedges_core`` (the headline hedge measure:
:func:`analysis.measures.lexicon.is_core`), ``hedges_all``, ``spans_table`` (the headline attribution row: the ``attribution_cue`` and
``source`` rows of the spans table, :func:`analysis.measures.spans.corpus_spans`, which every table
reads: rules and CRF tagger combined by :func:`analysis.measures.attribution.attribution_records`),
``attribution`` (the rule extractor alone, :func:`analysis.measures.attribution.rule_records`) and
``attribution_crf`` (the CRF tagger of :mod:`analysis.measures.attribution_tagger` without rule
features; dev rows only, the tagger is trained on train). On dev, ``attribution_density`` rows give
the document-level Spearman rho (in the ``f1`` column, levels ``doc_spearman_cues_per_1k`` and
``doc_spearman_attributed_share``) of each detector's attribution density against gold.

Naive (:mod:`analysis.measures.published_lists`): ``recasens2013_bias``, ``mpqa_strongsubj``,
``mpqa_strongsubj_negative`` (loaded), ``hyland2005_hedges`` (hedge), ``report_verbs`` (cue) and
``report_verb_left_words`` (source: the up to four words before a bare report verb, back to the
previous punctuation mark; the simplest "who said it" rule).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from analysis.validate.gold import BenchmarkUnavailable, babe_word_spans, load_babe, load_polnear, load_ptc
from analysis.validate.scoring import (
    FAST_BABE_SENTENCES,
    FAST_DOCS,
    FAST_WIKI_DOCS,
    N_BOOT,
    N_BOOT_FAST,
    RESULT_COLUMNS,
    NaiveDetectors,
    result_rows,
    score_spans,
    sentence_rows,
)
from analysis.validate.validation_spans import (  # noqa: F401  (re-exported)
    _SPAN_COLS,
    SZEGED_TEST_TENTHS,
    _first_docs,
    _frame,
    attribution_density,
    attribution_spans,
    density_rows,
    lexicon_spans,
    model_spans,
    naive_spans,
    report_verb_left_words,
    spans_table_attribution,
    szeged_documents,
    szeged_split,
)

__all__ = [
    "BENCHMARKS",
    "RESULT_COLUMNS",
    "ERROR_COLUMNS",
    "FAST_DOCS",
    "FAST_BABE_SENTENCES",
    "FAST_WIKI_DOCS",
    "szeged_split",
    "szeged_documents",
    "ptc_cross_validation",
    "score_spans",
    "run_validation",
    "summary_table",
    "validation_results",
]

BENCHMARKS = ("ptc", "babe", "polnear", "szeged")
ERROR_COLUMNS = ["task", "kind", "term", "count", "example", "doc_id"]
#: At most this many processes score benchmarks at once (the four take 15-60 s each).
MAX_JOBS = 2
#: Hedge subcategories left out of the Szeged comparison (not uncertainty in the Szeged scheme).
NOT_SZEGED_SUBCATEGORIES = frozenset({"approximator", "downtoner"})
# --------------------------------------------------------------------------------------------
# PTC: loaded language
# --------------------------------------------------------------------------------------------


def ptc_cross_validation(
    articles: pd.DataFrame,
    gold: pd.DataFrame,
    detectors: Iterable[str] = ("lexicon_learned", "token_model"),
    k: int | None = None,
    n_boot: int = 0,
    return_predictions: bool = False,
):
    """K-fold document-level CV on PTC train (fold = :func:`analysis.training.learned_entries.ptc_fold`): for
    each fold, lexicon entries are learned and the token model is fitted on the other folds and
    applied to it. Returns score rows (token and span_overlap) per detector; with
    ``return_predictions`` also a dict detector -> out-of-fold spans."""
    from analysis.measures.lexicon import LexiconMatcher
    from analysis.training.learned_entries import (
        N_FOLDS,
        corpus_ngram_counts,
        corpus_token_data,
        fit_token_model,
        hand_lexicon,
        learn_entries,
        ptc_fold,
    )

    k = k or N_FOLDS
    detectors = tuple(detectors)
    folds = articles["doc_id"].map(lambda d: ptc_fold(d, k)).to_numpy()
    hand = hand_lexicon()
    counts = corpus_ngram_counts(articles, gold) if "lexicon_learned" in detectors else None
    tdata = corpus_token_data(articles, gold) if "token_model" in detectors else None
    preds: dict[str, list[pd.DataFrame]] = {d: [] for d in detectors}
    for f in range(k):
        tr, te = articles[folds != f], articles[folds == f]
        gtr = gold[gold["doc_id"].isin(set(tr["doc_id"]))]
        if "lexicon_learned" in detectors:
            ent = learn_entries(tr, gtr, hand, fold_note=f"PTC train CV folds except {f + 1}", doc_counts=counts)
            m = LexiconMatcher(pd.concat([hand, ent], ignore_index=True), name=f"loaded-cv{f}")
            preds["lexicon_learned"].append(lexicon_spans(te, m))
        if "token_model" in detectors:
            model = fit_token_model(tr, gtr, token_data=tdata)
            preds["token_model"].append(model_spans(te, model, tdata))
        if "lexicon_hand" in detectors:
            preds["lexicon_hand"].append(lexicon_spans(te, LexiconMatcher(hand, name="loaded-hand")))
    rows = []
    out_preds = {}
    for det, parts in preds.items():
        p = pd.concat(parts, ignore_index=True) if parts else _frame([])
        out_preds[det] = p
        base = {
            "benchmark": "ptc",
            "split": f"train ({k}-fold doc CV)",
            "task": "loaded",
            "detector": det,
            "family": "ours",
        }
        rows += result_rows(base, score_spans(gold, p, articles, n_boot=n_boot))
    res = pd.DataFrame(rows)
    return (res, out_preds) if return_predictions else res


_CV_NOTES = {
    "lexicon_learned": "hand entries + entries learned on the 4 other folds (n>=3, docs>=2, precision>=0.5); "
    "selection rule chosen on the same CV",
    "token_model": "logistic regression over word/context features, re-fitted on the 4 other folds; "
    "decoding thresholds chosen on the same CV",
}


def validate_ptc(
    data_dir=None, fast: bool = False, n_boot: int = N_BOOT, naive: NaiveDetectors | None = None
) -> list[dict]:
    from analysis.measures.lexicon import LexiconMatcher, get_matcher
    from analysis.training.learned_entries import hand_lexicon, load_token_model
    from analysis.validate.validation_loaded import validate_ptc_held_out

    naive = naive or NaiveDetectors(data_dir)
    rows: list[dict] = validate_ptc_held_out(data_dir, fast, n_boot, naive)
    articles, gold = load_ptc("train", data_dir=data_dir)
    if fast:
        articles, gold = _first_docs(articles, gold, FAST_DOCS)
        split = f"train (first {FAST_DOCS} docs)"
    else:
        split = "train (5-fold doc CV)"
        cv = ptc_cross_validation(articles, gold, detectors=("lexicon_learned", "token_model"), n_boot=n_boot)
        cv["notes"] = cv["detector"].map(_CV_NOTES)
        rows += cv.to_dict("records")
    detectors: dict[str, tuple[str, Callable[[], pd.DataFrame], str]] = {
        "lexicon_hand": (
            "ours",
            lambda: lexicon_spans(articles, LexiconMatcher(hand_lexicon(), name="hand")),
            "hand entries only: nothing learned from PTC, so a held-out figure",
        ),
    }
    in_sample = (
        "in-sample: learned entries/weights were fitted on these documents (regression pin, not a validity figure)"
    )
    if fast:
        detectors["lexicon"] = (
            "ours",
            lambda: lexicon_spans(articles, get_matcher("loaded")),
            "loaded.csv as shipped; " + in_sample,
        )
        try:
            model = load_token_model()
            detectors["token_model"] = ("ours", lambda: model_spans(articles, model), "stored model; " + in_sample)
        except FileNotFoundError:
            pass
    for name in ("recasens2013_bias", "mpqa_strongsubj", "mpqa_strongsubj_negative"):
        detectors[name] = ("naive", (lambda n=name: naive_spans(articles, naive(n))), "published list, bare match")
    for det, (family, fn, note) in detectors.items():
        base = {"benchmark": "ptc", "split": split, "task": "loaded", "detector": det, "family": family, "notes": note}
        rows += result_rows(base, score_spans(gold, fn(), articles, n_boot=n_boot))
    return rows


# --------------------------------------------------------------------------------------------
# BABE: sentence-level bias and biased words
# --------------------------------------------------------------------------------------------


def validate_babe(
    data_dir=None, fast: bool = False, n_boot: int = N_BOOT, naive: NaiveDetectors | None = None
) -> list[dict]:
    from analysis.measures.lexicon import LexiconMatcher, get_matcher
    from analysis.training.learned_entries import hand_lexicon, load_token_model

    naive = naive or NaiveDetectors(data_dir)
    babe = load_babe(data_dir=data_dir)
    if fast:
        babe = babe.iloc[:FAST_BABE_SENTENCES]
    babe = babe.reset_index(drop=True)
    texts = pd.DataFrame({"doc_id": babe.index.astype(str), "text": babe["text"].astype(str)})
    words = babe_word_spans(babe)
    y_true = (babe["label_bias"] == "Biased").to_numpy()
    groups = babe["news_link"].fillna(pd.Series(babe.index.astype(str), index=babe.index)).to_numpy()
    split = f"SG2 (first {FAST_BABE_SENTENCES} sentences)" if fast else "SG2 (all; never used for tuning)"
    detectors: dict[str, tuple[str, Callable[[], pd.DataFrame], str]] = {
        "lexicon": (
            "ours",
            lambda: lexicon_spans(texts, get_matcher("loaded")),
            "loaded.csv as shipped (hand + learned)",
        ),
        "lexicon_hand": (
            "ours",
            lambda: lexicon_spans(texts, LexiconMatcher(hand_lexicon(), name="hand")),
            "hand entries only",
        ),
    }
    try:
        model = load_token_model()
        detectors["token_model"] = ("ours", lambda: model_spans(texts, model), "stored model (trained on PTC train)")
    except FileNotFoundError:
        pass
    for name in ("recasens2013_bias", "mpqa_strongsubj", "mpqa_strongsubj_negative"):
        detectors[name] = ("naive", (lambda n=name: naive_spans(texts, naive(n))), "published list, bare match")
    rows: list[dict] = result_rows(
        {
            "benchmark": "babe",
            "split": split,
            "task": "loaded_sentence",
            "detector": "all_sentences_biased",
            "family": "naive",
            "notes": "trivial reference: every sentence called biased (positive-class F1 "
            "rewards this; read the sentence_macro rows)",
        },
        sentence_rows(y_true, np.ones(len(babe), dtype=bool), groups, n_boot),
    )
    from analysis.validate.validation_loaded import babe_held_out

    rows += babe_held_out(babe, fast, n_boot, naive)
    from analysis.measures.sentence_bias import sentence_bias_available

    # the sentence-bias model behind bias_sentence_share, on BABE test (not in the fast run: its
    # ablation and baseline refit by grouped CV; tests/validate/test_sentence_bias_validation.py
    # runs it on the fast sample)
    if sentence_bias_available() and not fast:
        from analysis.validate.sentence_bias import validate_sentence_bias

        rows += validate_sentence_bias(data_dir, fast, n_boot)
    for det, (family, fn, note) in detectors.items():
        pred = fn()
        hit = np.zeros(len(babe), dtype=bool)
        if len(pred):
            hit[pred["doc_id"].astype(int).unique()] = True
        base = {"benchmark": "babe", "split": split, "detector": det, "family": family}
        rows += result_rows(
            dict(base, task="loaded_sentence", notes=note + "; biased = >=1 span in the sentence"),
            sentence_rows(y_true, hit, groups, n_boot),
        )
        rows += result_rows(
            dict(base, task="loaded_word", notes=note + "; gold = annotator-marked biased words"),
            score_spans(words, pred, texts, n_boot=n_boot),
        )
    return rows


# --------------------------------------------------------------------------------------------
# PolNeAR: attribution
# --------------------------------------------------------------------------------------------


def validate_polnear(
    data_dir=None,
    fast: bool = False,
    n_boot: int = N_BOOT,
    naive: NaiveDetectors | None = None,
    splits: tuple[str, ...] | None = None,
) -> list[dict]:
    """PolNeAR cue and source token/overlap scores of the spans table (headline: rules and tagger
    combined, read through :func:`analysis.measures.spans.corpus_spans`), the rules alone, the
    tagger alone and the naive baselines; on dev also the document-level Spearman of attribution
    density (cues per 1,000 words, attributed-sentence share) against gold. ``splits`` default to
    dev and train (dev alone when ``fast``); the test split is held back."""
    from analysis.training.attribution import tagger_validation_spans

    naive = naive or NaiveDetectors(data_dir)
    rows: list[dict] = []
    for split in splits or (("dev",) if fast else ("dev", "train")):
        articles, spans = load_polnear(split, data_dir=data_dir)
        articles = articles[["doc_id", "text"]]
        if fast:
            articles, spans = _first_docs(articles, spans, FAST_DOCS)
        label = (
            f"{split} (first {FAST_DOCS} docs)"
            if fast
            else split + (" (check split)" if split == "dev" else " (reference; attribution is tuned on it)")
        )
        table_cues, table_sources = spans_table_attribution(articles)
        cues, sources = attribution_spans(articles)
        learned = tagger_validation_spans(articles) if split == "dev" else {}  # train: the tagger's own data
        learned = {k: v for k, v in learned.items() if k == "attribution_crf"}
        verbs = naive("report_verbs")
        naive_cues = naive_spans(articles, verbs)
        for task, gold_label, table, ours, nv_name, nv in (
            ("attribution_cue", "Cue", table_cues, cues, "report_verbs", lambda c=naive_cues: c),
            (
                "attribution_source",
                "Source",
                table_sources,
                sources,
                "report_verb_left_words",
                lambda a=articles, v=verbs: report_verb_left_words(a, v),
            ),
        ):
            gold = spans[spans["label"] == gold_label]
            base = {"benchmark": "polnear", "split": label, "task": task}
            rows += result_rows(
                dict(
                    base,
                    detector="spans_table",
                    family="ours",
                    notes="headline: the spans table (analysis.measures.spans.corpus_spans; rules + CRF tagger "
                    "combined as analysis.measures.attribution.DEFAULT_SETTINGS, chosen on a held-out slice of train)",
                ),
                score_spans(gold, table, articles, n_boot=n_boot),
            )
            rows += result_rows(
                dict(
                    base,
                    detector="attribution",
                    family="ours",
                    notes="the rule extractor alone (analysis.measures.attribution.rule_records; first annotator)",
                ),
                score_spans(gold, ours, articles, n_boot=n_boot),
            )
            for det, (by_part, note) in learned.items():
                rows += result_rows(
                    dict(base, detector=det, family="ours", notes=note),
                    score_spans(gold, by_part[gold_label], articles, n_boot=n_boot),
                )
            rows += result_rows(
                dict(
                    base,
                    detector=nv_name,
                    family="naive",
                    notes="Recasens et al. 2013 report verbs, bare match"
                    if task == "attribution_cue"
                    else "up to 4 words before a bare report verb",
                ),
                score_spans(gold, nv(), articles, n_boot=n_boot),
            )
        if split == "dev":
            rows += density_rows(
                {"benchmark": "polnear", "split": label},
                articles,
                spans[spans["label"] == "Cue"],
                [
                    ("spans_table", "ours", table_cues, "the spans table's cues"),
                    ("attribution", "ours", cues, "the rules' cue pieces"),
                    ("report_verbs", "naive", naive_cues, "bare report verbs"),
                ],
                n_boot,
            )
    return rows


# --------------------------------------------------------------------------------------------
# Szeged: hedges / uncertainty cues
# --------------------------------------------------------------------------------------------

_HEDGE_DETECTORS = {
    "hedges_szeged": (
        lambda sub: sub not in NOT_SZEGED_SUBCATEGORIES,
        "all hedge subcategories except approximator/downtoner (not uncertainty in the Szeged scheme)",
    ),
    "hedges_core": (
        None,
        "headline measure: core subcategories only (no conditional/investigation/approximator/downtoner)",
    ),
    "hedges_all": (lambda sub: True, "every hedge subcategory"),
}


def _core_hedge(sub: str) -> bool:
    from analysis.measures.lexicon import is_core

    return is_core("hedge", sub)


def validate_szeged(
    data_dir=None, fast: bool = False, n_boot: int = N_BOOT, naive: NaiveDetectors | None = None
) -> list[dict]:
    from analysis.measures.lexicon import get_matcher

    naive = naive or NaiveDetectors(data_dir)
    matcher = get_matcher("hedges")
    rows: list[dict] = []
    splits = ("test",) if fast else ("test", "train")
    for part in ("news", "wikipedia"):
        for split in splits:
            limit = (FAST_WIKI_DOCS if part == "wikipedia" else FAST_DOCS) if fast else None
            texts, gold = szeged_documents(part, split, data_dir=data_dir, limit=limit)
            label = {
                "test": "test (held-out, 30% of docs by hash)",
                "train": "train (70% of docs; hedges tuned on it)",
            }[split]
            if fast:
                label = f"test (first {limit} docs)"
            base = {"benchmark": f"szeged_{part}", "split": label, "task": "hedge"}
            for det, (keep, note) in _HEDGE_DETECTORS.items():
                pred = lexicon_spans(texts, matcher, keep if keep is not None else _core_hedge)
                rows += result_rows(
                    dict(base, detector=det, family="ours", notes=note), score_spans(gold, pred, texts, n_boot=n_boot)
                )
            rows += result_rows(
                dict(base, detector="hyland2005_hedges", family="naive", notes="Hyland 2005 hedges, bare match"),
                score_spans(gold, naive_spans(texts, naive("hyland2005_hedges")), texts, n_boot=n_boot),
            )
    return rows


# --------------------------------------------------------------------------------------------
# the run
# --------------------------------------------------------------------------------------------

_RUNNERS = {"ptc": validate_ptc, "babe": validate_babe, "polnear": validate_polnear, "szeged": validate_szeged}


_NAIVE: dict[str, NaiveDetectors] = {}


def _run_benchmark(task: tuple) -> tuple[str, list[dict], str | None, float]:
    """One benchmark's rows (a task of :func:`run_validation`): ``(name, rows, skipped reason or
    None, seconds)``. Naive detectors are built once per process and data folder."""
    b, data_dir, fast, n_boot, skip_unavailable, verbose = task
    naive = _NAIVE.setdefault(str(data_dir), NaiveDetectors(data_dir))
    t0 = time.perf_counter()
    rows: list[dict] = []
    skipped = None
    try:
        rows = _RUNNERS[b](data_dir=data_dir, fast=fast, n_boot=n_boot, naive=naive)
    except BenchmarkUnavailable as err:
        if not skip_unavailable:
            raise
        skipped = str(err)
    seconds = round(time.perf_counter() - t0, 1)
    if verbose:
        print(f"validate {b}: {seconds} s", file=sys.stderr, flush=True)
    return b, rows, skipped, seconds


def run_validation(
    benchmarks: Iterable[str] | str | None = None,
    data_dir=None,
    fast: bool = False,
    n_boot: int | None = None,
    skip_unavailable: bool = True,
    verbose: bool = False,
    jobs: int | None = None,
) -> pd.DataFrame:
    """Score every detector and naive baseline on the chosen benchmarks (default all of
    :data:`BENCHMARKS`). ``fast``: small fixed samples (first :data:`FAST_DOCS` documents,
    shipped detectors, no CV) for regression tests. A benchmark whose files are missing is skipped
    (its name is in ``attrs["skipped"]``) unless ``skip_unavailable=False``. Timings per benchmark
    are in ``attrs["seconds"]``.

    The benchmarks are independent: they run as separate tasks on up to :data:`MAX_JOBS`
    processes (:func:`analysis.pipeline.parallel.map_ordered`; ``jobs=1`` or ``FRAMING_JOBS=1``:
    one after another here) and their rows are joined in benchmark order, the serial table."""
    from analysis.pipeline.parallel import available_jobs, map_ordered

    if benchmarks is None:
        benchmarks = BENCHMARKS
    elif isinstance(benchmarks, str):
        benchmarks = [benchmarks]
    benchmarks = list(dict.fromkeys(b.lower() for b in benchmarks))
    bad = [b for b in benchmarks if b not in _RUNNERS]
    if bad:
        raise ValueError(f"unknown benchmark(s) {bad}; choose from {list(BENCHMARKS)}")
    n_boot = (N_BOOT_FAST if fast else N_BOOT) if n_boot is None else n_boot
    tasks = [(b, data_dir, fast, n_boot, skip_unavailable, verbose) for b in benchmarks]
    rows: list[dict] = []
    skipped: dict[str, str] = {}
    seconds: dict[str, float] = {}
    for b, part, reason, sec in map_ordered(_run_benchmark, tasks, jobs=min(MAX_JOBS, available_jobs(jobs))):
        rows += part
        if reason is not None:
            skipped[b] = reason
        seconds[b] = sec
    res = pd.DataFrame(rows, columns=RESULT_COLUMNS) if rows else pd.DataFrame(columns=RESULT_COLUMNS)
    if len(res):
        res = res.astype({"n_docs": "int64", "n_gold": "int64", "n_pred": "int64"})
        order = {"ours": 0, "naive": 1}
        res["_b"] = res["benchmark"].map(
            {b: i for i, b in enumerate(["ptc", "babe", "polnear", "szeged_news", "szeged_wikipedia"])}
        )
        res["_f"] = res["family"].map(order)
        res["_l"] = res["level"].map({"token": 0, "sentence": 0, "sentence_macro": 1, "span_overlap": 1})
        res["_s"] = ~res["split"].str.startswith(("test", "dev", "train (5", "SG2"))
        res["_s"] = res["_s"].astype(int) - res["split"].str.startswith("test (held-out 20%").astype(int)
        res = res.sort_values(["_b", "task", "_s", "split", "_l", "_f"], kind="stable")
        res = res.drop(columns=["_b", "_f", "_l", "_s"]).reset_index(drop=True)
    res.attrs["skipped"] = skipped
    res.attrs["seconds"] = seconds
    res.attrs["fast"] = fast
    res.attrs["n_boot"] = n_boot
    return res


def summary_table(results: pd.DataFrame, level: str | None = None, digits: int = 3) -> pd.DataFrame:
    """A compact view: benchmark, split, task, detector, family, level, P, R, F1 and the CI as
    text, rounded."""
    r = results if level is None else results[results["level"] == level]
    out = r[["benchmark", "split", "task", "detector", "family", "level", "precision", "recall", "f1"]].copy()
    for c in ("precision", "recall", "f1"):
        out[c] = out[c].astype(float).round(digits)
    ci = [("" if pd.isna(a) else f"{a:.{digits}f}-{b:.{digits}f}") for a, b in zip(r["ci_low"], r["ci_high"])]
    out["f1_95ci"] = ci
    return out.reset_index(drop=True)


def validation_results(fast: bool = False, data_dir=None, use_cache: bool = True) -> pd.DataFrame:
    """:func:`analysis.validate.validation.run_validation` (all benchmarks), read from its record
    (:mod:`analysis.validate.record`) when the code, models and gold files are those it was recorded
    with, else computed and cached by the gold files' content and the code."""
    from analysis.pipeline.cache import gold_fingerprint
    from analysis.validate.record import recorded_call

    # one process: the figure build runs this beside the scoring of the documents, which takes the
    # other cores (two validation processes measured slower there: each loads every model again)
    return recorded_call(
        "validation",
        run_validation,
        fast=fast,
        data_dir=data_dir,
        jobs=1,
        inputs=gold_fingerprint(data_dir),
        use_cache=use_cache,
    )
