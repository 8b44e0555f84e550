"""Document-level rank validation: do the profile's rates order documents as the annotators do?

Users compare documents and groups by their rates, so a rate is validated at that level too: the
Spearman correlation, over held-out documents, between a profile rate and the gold rate of the
same thing, with a 95 % percentile-bootstrap interval (documents resampled), beside naive rates.

* **PTC, loaded language** (Da San Martino et al. 2020): gold *loaded density* of an article = words
  (:data:`analysis.corpus.text.WORD_RE`) overlapping a gold ``Loaded_Language`` or
  ``Name_Calling,Labeling`` span per 1,000 words. Documents: the held-out ``test`` part of
  :func:`analysis.training.loaded_model.doc_split` (never used to fit or choose anything). Rates:
  the headline ``loaded_per_1k`` (words in the context model's spans), its components
  ``loaded_lexicon_per_1k`` and ``loaded_model_per_1k``, the authorial variants, and the naive
  rates of the published lists (MPQA strong-subjective clues, ``strong_subjective_per_1k``;
  Recasens et al. 2013 bias lexicon matches per 1,000 words). Every profile rate is computed by
  :func:`analysis.measures.profile.profile_frame`, exactly as a study computes it.
* **BABE, biased sentences** (Spinde et al. 2021): gold = the share of an article's sentences the
  experts labelled ``Biased``; articles of the held-out ``test`` part with at least
  :data:`MIN_BABE_SENTENCES` sentences. Rates: ``bias_sentence_share`` (the sentence-bias model at
  its threshold, on the article's BABE sentences), the mean sentence probability, the share of
  sentences with a loaded-language span (lexicon or model: the old sentence rule) and the naive
  TF-IDF logistic regression's share (fitted on BABE train+dev).

:func:`rank_validation` returns the rows (:data:`RANK_COLUMNS`); :func:`rank_results` caches them
by the gold files' content and the code, as :func:`analysis.validate.validation.validation_results`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import spearmanr

from analysis import config
from analysis.validate.scoring import FAST_DOCS, N_BOOT

__all__ = [
    "RANK_COLUMNS",
    "MIN_BABE_SENTENCES",
    "gold_loaded_density",
    "spearman_interval",
    "ptc_rank_rows",
    "babe_rank_rows",
    "rank_validation",
    "rank_results",
]

RANK_COLUMNS = ["benchmark", "split", "rate", "role", "spearman", "ci_low", "ci_high", "n_docs", "notes"]
#: A BABE article enters the bias-share correlation only with at least this many sentences
#: (most BABE articles contribute one or two sentences: a share of 1 or 2 sentences is 0, 0.5 or 1).
MIN_BABE_SENTENCES = 3
#: Gold techniques of the loaded-language density (as the PTC validation's token gold).
LOADED_TECHNIQUES = ("Loaded_Language", "Name_Calling,Labeling")


def gold_loaded_density(articles: pd.DataFrame, gold: pd.DataFrame) -> pd.Series:
    """Per article (index ``doc_id``): words overlapping a gold loaded span per 1,000 words."""
    from analysis.corpus.text import WORD_RE

    spans = {d: g for d, g in gold[gold["label"].isin(LOADED_TECHNIQUES)].groupby("doc_id")}
    out = {}
    for d, t in zip(articles["doc_id"], articles["text"]):
        toks = [m.span() for m in WORD_RE.finditer(t)]
        if not toks:
            out[d] = np.nan
            continue
        st = np.array([a for a, _ in toks])
        en = np.array([b for _, b in toks])
        hit = np.zeros(len(toks), dtype=bool)
        if d in spans:
            for s, e in zip(spans[d]["start"], spans[d]["end"]):
                hit |= (en > s) & (st < e)
        out[d] = 1000 * hit.sum() / len(toks)
    return pd.Series(out, name="gold_density")


def spearman_interval(x, y, n_boot: int = N_BOOT, seed: int = config.RANDOM_SEED) -> tuple[float, float, float]:
    """Spearman's rho of ``x`` and ``y`` (NaN pairs dropped) and its 95 % percentile-bootstrap
    interval over documents (``n_boot`` resamples; NaN bounds when ``n_boot`` is 0)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    ok = ~(np.isnan(x) | np.isnan(y))
    x, y = x[ok], y[ok]
    if len(x) < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return np.nan, np.nan, np.nan
    rho = float(spearmanr(x, y).statistic)
    if not n_boot:
        return rho, np.nan, np.nan
    rng = np.random.default_rng(seed)
    boots = []
    for idx in rng.integers(0, len(x), size=(n_boot, len(x))):
        xs, ys = x[idx], y[idx]
        if np.ptp(xs) and np.ptp(ys):
            boots.append(spearmanr(xs, ys).statistic)
    lo, hi = np.quantile(boots, [0.025, 0.975]) if boots else (np.nan, np.nan)
    return rho, float(lo), float(hi)


def _row(benchmark, split, rate, role, x, y, n_boot, notes) -> dict:
    rho, lo, hi = spearman_interval(x, y, n_boot)
    n = int((~(np.isnan(np.asarray(x, float)) | np.isnan(np.asarray(y, float)))).sum())
    return dict(
        benchmark=benchmark,
        split=split,
        rate=rate,
        role=role,
        spearman=rho,
        ci_low=lo,
        ci_high=hi,
        n_docs=n,
        notes=notes,
    )


#: PTC rates: profile column -> (role, notes).
PTC_RATES = {
    "loaded_per_1k": ("headline", "words in the context model's spans (draw threshold 0.12) per 1,000 words"),
    "loaded_authorial_per_1k": ("headline", "the same, author's own voice"),
    "loaded_model_per_1k": ("component", "context-model spans per 1,000 words"),
    "loaded_lexicon_per_1k": ("component", "loaded.csv matches (hand + learned) per 1,000 words"),
    "loaded_lexicon_authorial_per_1k": ("component", "the same, author's own voice"),
    "strong_subjective_per_1k": ("naive", "MPQA strong-subjective clues per 1,000 words (published list)"),
}


def ptc_rank_rows(data_dir=None, fast: bool = False, n_boot: int = N_BOOT) -> list[dict]:
    """Spearman of each PTC rate with gold loaded density over the held-out ``test`` articles."""
    from analysis.corpus.sentences import document_bounds
    from analysis.corpus.text import count_words
    from analysis.measures.profile import profile_frame
    from analysis.training.loaded_model import doc_split
    from analysis.validate.gold import load_ptc
    from analysis.validate.scoring import NaiveDetectors

    articles, gold = load_ptc("train", data_dir=data_dir)
    test = articles[articles["doc_id"].map(doc_split) == "test"].reset_index(drop=True)
    split = "test (held-out 20% of PTC train by doc_split)"
    if fast:
        test = test.iloc[:FAST_DOCS].reset_index(drop=True)
        split = f"test (first {FAST_DOCS} held-out docs)"
    docs = test.assign(sentence_bounds=document_bounds(test))  # split once, as the loader does
    prof = profile_frame(docs, jobs=1).set_index("doc_id")
    dens = gold_loaded_density(test, gold).reindex(prof.index)
    rows = [
        _row("ptc", split, col, role, prof[col].to_numpy(float), dens.to_numpy(), n_boot, note)
        for col, (role, note) in PTC_RATES.items()
        if col in prof.columns
    ]
    recasens = NaiveDetectors(data_dir)("recasens2013_bias")
    rate = [
        1000 * len(recasens.detect(t)) / max(count_words(t), 1)
        for t in prof.index.map(dict(zip(test.doc_id, test.text)))
    ]
    rows.append(
        _row(
            "ptc",
            split,
            "recasens2013_bias_per_1k",
            "naive",
            rate,
            dens.to_numpy(),
            n_boot,
            "Recasens et al. 2013 bias lexicon matches per 1,000 words",
        )
    )
    return rows


def babe_rank_rows(data_dir=None, fast: bool = False, n_boot: int = N_BOOT) -> list[dict]:
    """Spearman of each article-level biased-sentence share with BABE's gold share, over held-out
    ``test`` articles with at least :data:`MIN_BABE_SENTENCES` sentences."""
    from analysis.measures.lexicon import get_matcher
    from analysis.measures.loaded_model import load_context_model
    from analysis.measures.sentence_bias import load_sentence_bias
    from analysis.training.sentence_bias import babe_sentences
    from analysis.validate.sentence_bias import tfidf_baseline

    data = babe_sentences(data_dir)
    train = data[data["split"] != "test"].reset_index(drop=True)
    test = data[data["split"] == "test"].reset_index(drop=True)
    size = test.groupby("group")["text"].transform("size")
    test = test[size >= MIN_BABE_SENTENCES].reset_index(drop=True)
    if fast:
        test = test[test["group"].isin(test["group"].drop_duplicates().iloc[:20])].reset_index(drop=True)
    split = f"test articles with >= {MIN_BABE_SENTENCES} sentences (held-out by doc_split)"
    model = load_sentence_bias()
    p = model.probabilities(test["text"].tolist())
    lex = get_matcher("loaded")
    try:
        ctx = load_context_model()
        spans = [bool(ctx.spans(t)) for t in test["text"]]
    except FileNotFoundError:
        spans = [False] * len(test)
    any_loaded = [s or any(True for _ in lex.finditer(t)) for s, t in zip(spans, test["text"])]
    pt, c = tfidf_baseline(train, test)
    frame = pd.DataFrame(
        {
            "group": test["group"],
            "gold": test["y"].astype(float),
            "bias_sentence_share": (p >= model.threshold).astype(float),
            "mean_p": p,
            "loaded_span": np.asarray(any_loaded, dtype=float),
            "tfidf": (pt >= 0.5).astype(float),
        }
    )
    art = frame.groupby("group").mean()
    rates = {
        "bias_sentence_share": ("headline", f"share of sentences at probability >= {model.threshold:.2f}"),
        "mean_p": ("component", "mean sentence-bias probability"),
        "loaded_span": ("component", "share of sentences with a loaded span (lexicon or context model)"),
        "tfidf": ("naive", f"share called biased by TF-IDF 1-2-gram LR (C={c}) trained on BABE train+dev"),
    }
    return [_row("babe", split, col, role, art[col], art["gold"], n_boot, note) for col, (role, note) in rates.items()]


def rank_validation(data_dir=None, fast: bool = False, n_boot: int | None = None) -> pd.DataFrame:
    """PTC and BABE rank rows (:data:`RANK_COLUMNS`); a benchmark whose files are missing is
    left out (its reason in ``attrs["skipped"]``)."""
    from analysis.config import BenchmarkUnavailable

    n_boot = (200 if fast else N_BOOT) if n_boot is None else n_boot
    rows, skipped = [], {}
    for name, fn in (("ptc", ptc_rank_rows), ("babe", babe_rank_rows)):
        try:
            rows += fn(data_dir, fast, n_boot)
        except (BenchmarkUnavailable, FileNotFoundError) as exc:
            skipped[name] = str(exc)
    out = pd.DataFrame(rows, columns=RANK_COLUMNS)
    out.attrs["skipped"] = skipped
    return out


def rank_results(fast: bool = False, data_dir=None, use_cache: bool = True) -> pd.DataFrame:
    """:func:`rank_validation`, cached by the gold files' content and the code."""
    from analysis.pipeline.cache import gold_fingerprint, memo_call

    return memo_call(
        "rank_validation",
        rank_validation,
        fast=fast,
        data_dir=data_dir,
        inputs=gold_fingerprint(data_dir),
        use_cache=use_cache,
    )
