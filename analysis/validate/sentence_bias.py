"""Held-out validation of the sentence-bias classifier (:mod:`analysis.measures.sentence_bias`) on
BABE, beside a TF-IDF logistic-regression baseline and the mean-vector model without the word layer.

The split is the project's: BABE SG2 sentences grouped by article link,
:func:`analysis.training.loaded_model.doc_split`; ``test`` (20 % of links, 775 sentences) is scored
here and nowhere trained or tuned on. The shipped model was trained on ``train`` + ``dev``
(:mod:`analysis.training.sentence_bias`); the two baselines are fitted on the same part in this
run, their ``C`` chosen by grouped 5-fold CV on it. Rows: ``sentence`` (P/R/F1 of ``Biased``) and
``sentence_macro`` (macro over both classes; the figure the issue's target reads), 95 % intervals
resampling whole articles, in the columns of :data:`analysis.validate.validation.RESULT_COLUMNS`,
task ``loaded_sentence``, split :data:`analysis.validate.validation_loaded.HELD_OUT_SPLIT`, so the
rows sit beside :func:`analysis.validate.validation_loaded.babe_held_out` (the lexicon, the context
model and the naive lists on the same sentences).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.validate.scoring import FAST_BABE_SENTENCES, N_BOOT, RESULT_COLUMNS, result_rows, sentence_rows

__all__ = ["validate_sentence_bias", "tfidf_baseline", "TFIDF_C_GRID"]

#: Inverse penalties tried for the TF-IDF baseline (grouped CV on the training part).
TFIDF_C_GRID = (0.3, 1.0, 3.0, 10.0)


def tfidf_baseline(train: pd.DataFrame, apply: pd.DataFrame) -> tuple[np.ndarray, float]:
    """Probabilities for ``apply`` from a TF-IDF (word unigrams and bigrams, sublinear tf,
    min_df 2) logistic regression fitted on ``train``; ``C`` by grouped 5-fold CV macro-F1 on
    ``train``. Returns ``(probabilities, C)``."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    from analysis.training.sentence_bias import folds, macro_f1

    y = train["y"].to_numpy()
    fold_of = folds(train["group"].to_numpy())

    def fit(texts, labels, C):
        vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
        X = vec.fit_transform(texts)
        return vec, LogisticRegression(C=C, max_iter=5000).fit(X, labels)

    scores = {}
    for C in TFIDF_C_GRID:
        p = np.zeros(len(train))
        for f in np.unique(fold_of):
            tr, te = fold_of != f, fold_of == f
            vec, lr = fit(train["text"][tr], y[tr], C)
            p[te] = lr.predict_proba(vec.transform(train["text"][te]))[:, 1]
        scores[C] = macro_f1(y, p >= 0.5)
    best = max(TFIDF_C_GRID, key=lambda c: (scores[c], -c))
    vec, lr = fit(train["text"], y, best)
    return lr.predict_proba(vec.transform(apply["text"]))[:, 1], best


def validate_sentence_bias(data_dir=None, fast: bool = False, n_boot: int = N_BOOT, naive=None) -> list[dict]:
    """Rows for the held-out BABE test split: ``sentence_bias`` (the shipped model at its stored
    threshold), ``sentence_bias_mean_vector`` (ablation: logistic regression on the mean vector
    alone, fitted here on the training part) and ``tfidf_lr`` (baseline). ``naive`` is accepted
    for the signature of the other benchmark runners and not used."""
    from analysis.measures.sentence_bias import load_sentence_bias
    from analysis.training.sentence_bias import babe_sentences, cross_validate, fit_logistic
    from analysis.validate.validation_loaded import HELD_OUT_SPLIT

    data = babe_sentences(data_dir)
    train = data[data["split"] != "test"].reset_index(drop=True)
    test = data[data["split"] == "test"].reset_index(drop=True)
    if fast:
        test = test.iloc[:FAST_BABE_SENTENCES].reset_index(drop=True)
    split = HELD_OUT_SPLIT if not fast else "test (held-out part of the fast sample)"
    y, groups = test["y"].to_numpy().astype(bool), test["group"].to_numpy()
    model = load_sentence_bias()
    p = model.probabilities(test["text"].tolist())
    meta = model.meta
    base = {"benchmark": "babe", "split": split, "task": "loaded_sentence"}
    rows = result_rows(
        dict(
            base,
            detector="sentence_bias",
            family="ours",
            notes=f"sentence classifier (static MiniLM embeddings, word + sentence logistic layers) trained on "
            f"BABE train+dev; biased = probability >= {model.threshold:.2f} (chosen by CV on train+dev; "
            f"CV macro-F1 {meta.get('cv_macro_f1')})",
        ),
        sentence_rows(y, p >= model.threshold, groups, n_boot),
    )
    emb = model.embeddings
    cv = cross_validate(emb, train, word_layer=False, n_boot=0)
    coef, b = fit_logistic(emb.encode(train["text"].tolist()), train["y"].to_numpy(), cv.C)
    pm = 1 / (1 + np.exp(-(emb.encode(test["text"].tolist()) @ coef + b)))
    rows += result_rows(
        dict(
            base,
            detector="sentence_bias_mean_vector",
            family="ours",
            notes=f"ablation: logistic regression on the mean static vector alone (C={cv.C}, threshold "
            f"{cv.threshold:.2f} by CV on train+dev), no word layer",
        ),
        sentence_rows(y, pm >= cv.threshold, groups, n_boot),
    )
    pt, c_tfidf = tfidf_baseline(train, test)
    rows += result_rows(
        dict(
            base,
            detector="tfidf_lr",
            family="naive",
            notes=f"baseline: TF-IDF word 1-2-grams, logistic regression (C={c_tfidf} by grouped CV) trained on "
            "BABE train+dev; biased = probability >= 0.5",
        ),
        sentence_rows(y, pt >= 0.5, groups, n_boot),
    )
    return [{c: r.get(c, np.nan if c not in ("notes",) else "") for c in RESULT_COLUMNS} for r in rows]
