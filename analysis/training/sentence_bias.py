"""Train the BABE sentence-bias classifier of :mod:`analysis.measures.sentence_bias`.

Data: BABE SG2 (Spinde et al. 2021; ``load_babe``; the one ``No agreement`` row dropped). The split
is the project's: sentences grouped by article link and split by
:func:`analysis.training.loaded_model.doc_split` (SHA-1, 60/20/20 train/dev/test). This model
trains on ``train`` and ``dev`` together (the *pool*, 80 %); ``test`` (775 sentences) is never
read here and is scored once by :mod:`analysis.validate.sentence_bias`.

Model (two logistic regressions over the static embeddings, :mod:`analysis.measures.embeddings`):

- word layer: each word's mean token vector, plus the mean of its tokens' one-hot identities
  (scaled by :data:`IDENTITY_SCALE`: a learned per-token bias, so the layer can remember words
  annotators marked that the embedding does not place near other marked words) -> "an annotator
  marked this word biased" (BABE's ``biased_words``), L2-penalised, ``C = WORD_C``;
- sentence layer: the sentence's normalised mean vector plus four summaries of its word scores
  -> ``Biased``. The word scores it trains on are *cross-fitted* (each training sentence scored by
  a word layer that did not see it), so the sentence layer learns how much to trust word scores on
  unseen text.

Choices by cross-validation on the pool only: ``N_FOLDS`` folds by SHA-1 of the article link
(:func:`folds`); the sentence layer's ``C`` from :data:`C_GRID` (best out-of-fold macro-F1 at
0.5), then the decision threshold that maximises out-of-fold macro-F1 (grid 0.30-0.70). Each outer
fold re-fits everything (word layer, cross-fitting, scaler, both layers) on its training part.
The sidecar records the out-of-fold scores with 95 % bootstrap intervals (articles resampled).

``python -m analysis.training.sentence_bias`` writes ``analysis/models/sentence_bias.json``
(about two minutes of one core); ``--compare`` first prints the embedding-variant comparison of
:func:`compare_embeddings` (needs the MiniLM package; a few minutes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import config
from analysis.measures.embeddings import EMBEDDINGS_PATH, StaticEmbeddings, load_embeddings
from analysis.measures.sentence_bias import (
    N_WORD_FEATURES,
    SENTENCE_BIAS_PATH,
    SentenceBiasModel,
    alnum_rows,
    word_groups,
)

__all__ = [
    "FOLD_SALT",
    "N_FOLDS",
    "C_GRID",
    "WORD_C",
    "babe_sentences",
    "folds",
    "WordData",
    "word_data",
    "fit_logistic",
    "CrossValidated",
    "cross_validate",
    "train_model",
    "compare_embeddings",
    "macro_f1",
    "bootstrap_macro_f1",
]

FOLD_SALT = "sentence-bias-v1"
N_FOLDS = 5
#: Inverse L2 penalty of the sentence layer (chosen by CV on the pool).
C_GRID = (0.0001, 0.0003, 0.001, 0.003, 0.01)
#: Inverse L2 penalty of the word layer (fixed; 0.01-1 gave the same CV macro-F1 within .003).
WORD_C = 0.1
THRESHOLDS = np.round(np.arange(0.30, 0.7001, 0.01), 2)
N_BOOT = 1000


def babe_sentences(data_dir=None) -> pd.DataFrame:
    """BABE SG2 sentences with ``text``, ``y`` (1 = Biased), ``group`` (article link, or the row
    number when the link is missing), ``split`` (:func:`analysis.training.loaded_model.doc_split`
    of the group: train/dev/test) and ``biased_words``."""
    from analysis.training.loaded_model import doc_split
    from analysis.validate.gold import load_babe

    b = load_babe(data_dir=data_dir).reset_index(drop=True)
    group = b["news_link"].fillna(pd.Series(b.index.astype(str), index=b.index)).astype(str)
    return pd.DataFrame(
        {
            "text": b["text"].astype(str),
            "y": (b["label_bias"] == "Biased").astype(int),
            "group": group,
            "split": group.map(doc_split),
            "biased_words": b["biased_words"],
        }
    )


def folds(groups, k: int = N_FOLDS, salt: str = FOLD_SALT) -> np.ndarray:
    """Fold number of each row: SHA-1 of ``"<salt>:<group>"`` mod ``k`` (whole articles per fold)."""
    return np.array([int(hashlib.sha1(f"{salt}:{g}".encode()).hexdigest()[:12], 16) % k for g in groups])


# --------------------------------------------------------------------------------------------
# the two layers
# --------------------------------------------------------------------------------------------


@dataclass
class WordData:
    """Scored words of a list of sentences: mean token vectors, labels, and sentence index."""

    vectors: np.ndarray
    labels: np.ndarray
    sentence: np.ndarray
    tokens: object = None  # sparse (words x table rows): 1/n for each of a word's n tokens


def word_data(emb: StaticEmbeddings, texts: list[str], biased_words: list[list[str]]) -> WordData:
    """Every scored word (the run time's definition: :func:`analysis.measures.sentence_bias.alnum_rows`)
    with its mean token vector and label: 1 when its lower-cased form is a word of the sentence's
    annotator list (entries tokenised the same way, so "Trump's" marks "trump")."""
    tok = emb.tokens(list(texts), by_word=True)
    first, n = word_groups(tok)
    vec = np.add.reduceat(emb.vectors[tok.rows], first, axis=0) / n[:, None] if len(first) else emb.vectors[:0]
    scored = np.maximum.reduceat(alnum_rows(emb)[tok.rows].astype(np.int8), first) > 0 if len(first) else []
    words = [w for t in texts for w in emb.tokenizer.words(t)]
    marked = [{w for e in ws for w in emb.tokenizer.words(str(e))} for ws in biased_words]
    wi, si = tok.word[first], tok.text[first]
    labels = np.array([int(words[w] in marked[s]) for w, s in zip(wi, si)], dtype=int)
    keep = np.asarray(scored, dtype=bool)
    from scipy.sparse import csr_matrix

    indptr = np.r_[first, len(tok.rows)]
    onehot = csr_matrix((1.0 / np.repeat(n, n), tok.rows, indptr), shape=(len(first), len(emb.vectors)))
    return WordData(vec[keep].astype(np.float64), labels[keep], si[keep], onehot[keep])


def fit_logistic(X: np.ndarray, y: np.ndarray, C: float) -> tuple[np.ndarray, float]:
    """Standardise, fit an L2 logistic regression (lbfgs), and fold the scaling into the
    coefficients: returns ``(coef, intercept)`` on the raw features."""
    from sklearn.linear_model import LogisticRegression

    mu = X.mean(axis=0)
    sd = X.std(axis=0)
    sd = np.where(sd > 0, sd, 1.0)
    lr = LogisticRegression(C=C, max_iter=5000).fit((X - mu) / sd, y)
    coef = lr.coef_[0] / sd
    return coef, float(lr.intercept_[0] - coef @ mu)


def _model(emb, word, sent=None, threshold=0.5, meta=None) -> SentenceBiasModel:
    dims = emb.dims + N_WORD_FEATURES
    coef, intercept = sent if sent is not None else (np.zeros(dims), 0.0)
    bias = word[2] if len(word) > 2 else None
    return SentenceBiasModel(emb, word[0], word[1], coef, intercept, threshold, meta or {}, bias)


#: Scale of the token-identity features of the word layer (0: embeddings only). Identity weights
#: are penalised 1/scale^2 times as hard as the standardised embedding weights. Pool CV macro-F1:
#: 0 .754, 0.3 .754, 1 .757, 3 .760, 10 .763. 3 is shipped: at 10 the largest token weights are
#: rare tokens marked once ("recognized", "motion", "credits": memorised, not generalisable), at 3
#: they are "aliens", "woke", "marxist", "leftist", "anti", "obvious"; the .003 between them is noise.
IDENTITY_SCALE: float = 3.0


def _fit_word(wd: WordData, sentences: np.ndarray, C: float = WORD_C, identity: float | None = None):
    """Word layer on the words of ``sentences``: ``(coef, intercept)`` or, with token-identity
    features, ``(coef, intercept, token_bias)``."""
    identity = IDENTITY_SCALE if identity is None else identity
    m = np.isin(wd.sentence, sentences)
    if not identity:
        return fit_logistic(wd.vectors[m], wd.labels[m], C)
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression

    X = wd.vectors[m]
    mu, sd = X.mean(axis=0), X.std(axis=0)
    sd = np.where(sd > 0, sd, 1.0)
    Z = hstack([csr_matrix((X - mu) / sd), wd.tokens[m] * identity]).tocsr()
    lr = LogisticRegression(C=C, max_iter=5000).fit(Z, wd.labels[m])
    d = X.shape[1]
    coef = lr.coef_[0][:d] / sd
    return coef, float(lr.intercept_[0] - coef @ mu), lr.coef_[0][d:] * identity


def _crossfit_features(emb, wd, texts, idx, fold_of) -> np.ndarray:
    """Features of sentences ``idx``, each scored by a word layer fitted without its fold."""
    out = np.zeros((len(idx), emb.dims + N_WORD_FEATURES))
    for f in np.unique(fold_of):
        inner = fold_of == f
        model = _model(emb, _fit_word(wd, idx[~inner]))
        out[inner] = model.features([texts[i] for i in idx[inner]])
    return out


@dataclass
class CrossValidated:
    """Out-of-fold results on the pool: probabilities per C, chosen C and threshold, scores."""

    probabilities: dict
    C: float
    threshold: float
    macro_f1_at_05: dict
    macro_f1: float
    ci: tuple[float, float]


def macro_f1(y: np.ndarray, pred: np.ndarray) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(y, pred, average="macro", zero_division=0))


def bootstrap_macro_f1(y, pred, groups, n_boot: int = N_BOOT, seed: int = config.RANDOM_SEED) -> tuple[float, float]:
    """95 % percentile interval of macro-F1, resampling whole groups (articles)."""
    y, pred = np.asarray(y, bool), np.asarray(pred, bool)
    codes, uniq = pd.factorize(pd.Series(groups))
    k = len(uniq)
    cnt = [
        np.bincount(codes, weights=(a & b), minlength=k) for a, b in ((y, pred), (~y, pred), (y, ~pred), (~y, ~pred))
    ]
    idx = np.random.default_rng(seed).integers(0, k, size=(n_boot, k))
    tp, fp, fn, tn = (c[idx].sum(axis=1) for c in cnt)

    def f1(t, f, n):
        den = 2 * t + f + n
        return np.where(den > 0, 2 * t / np.maximum(den, 1), 0.0)

    lo, hi = np.quantile((f1(tp, fp, fn) + f1(tn, fn, fp)) / 2, [0.025, 0.975])
    return float(lo), float(hi)


def cross_validate(
    emb: StaticEmbeddings, data: pd.DataFrame, Cs=C_GRID, word_layer: bool = True, n_boot: int = N_BOOT
) -> CrossValidated:
    """Outer :data:`N_FOLDS`-fold CV of the whole procedure on ``data`` (the pool)."""
    texts = data["text"].tolist()
    y = data["y"].to_numpy()
    groups = data["group"].to_numpy()
    wd = word_data(emb, texts, data["biased_words"].tolist()) if word_layer else None
    fold_of = folds(groups)
    probs = {C: np.zeros(len(texts)) for C in Cs}
    plain = emb.encode(texts) if not word_layer else None
    for f in range(N_FOLDS):
        tr, te = np.flatnonzero(fold_of != f), np.flatnonzero(fold_of == f)
        if word_layer:
            Xa = _crossfit_features(emb, wd, texts, tr, folds(groups[tr], salt=FOLD_SALT + ":inner"))
            Xb = _model(emb, _fit_word(wd, tr)).features([texts[i] for i in te])
        else:
            Xa, Xb = plain[tr], plain[te]
        for C in Cs:
            coef, b = fit_logistic(Xa, y[tr], C)
            probs[C][te] = 1 / (1 + np.exp(-(Xb @ coef + b)))
    at05 = {C: macro_f1(y, probs[C] >= 0.5) for C in Cs}
    best_c = max(Cs, key=lambda c: (at05[c], -c))
    f_t = [macro_f1(y, probs[best_c] >= t) for t in THRESHOLDS]
    thr = float(THRESHOLDS[int(np.argmax(f_t))])
    pred = probs[best_c] >= thr
    ci = bootstrap_macro_f1(y, pred, groups, n_boot) if n_boot else (np.nan, np.nan)
    return CrossValidated(probs, best_c, thr, at05, macro_f1(y, pred), ci)


def train_model(emb: StaticEmbeddings, data: pd.DataFrame, C: float, threshold: float, meta: dict) -> SentenceBiasModel:
    """The final model on all of ``data``: word layer on every sentence; sentence layer on
    cross-fitted word scores (the same procedure as inside each CV fold)."""
    texts = data["text"].tolist()
    y = data["y"].to_numpy()
    groups = data["group"].to_numpy()
    wd = word_data(emb, texts, data["biased_words"].tolist())
    idx = np.arange(len(texts))
    X = _crossfit_features(emb, wd, texts, idx, folds(groups, salt=FOLD_SALT + ":inner"))
    sent = fit_logistic(X, y, C)
    return _model(emb, _fit_word(wd, idx), sent, threshold, meta)


def write_model(model: SentenceBiasModel, path: Path = SENTENCE_BIAS_PATH, embeddings_file: str | None = None) -> Path:
    """The model as JSON: coefficients (word layer over the table's dimensions; sentence layer over
    the dimensions and the word summaries), intercepts, threshold and the provenance fields."""
    d = dict(model.meta)
    d.update(
        embeddings=embeddings_file or EMBEDDINGS_PATH.name,
        threshold=model.threshold,
        word_intercept=model.word_intercept,
        intercept=model.intercept,
        word_coef=[round(float(v), 7) for v in model.word_coef],
        coef=[round(float(v), 7) for v in model.coef],
    )
    if model.token_bias is not None:
        vocab, rows = model.embeddings.tokenizer.vocab, model.embeddings.rows
        d["token_bias"] = {
            vocab[i]: round(float(model.token_bias[rows[i]]), 6)
            for i in np.flatnonzero(rows >= 0)
            if round(float(model.token_bias[rows[i]]), 6) != 0
        }
    Path(path).write_text(json.dumps(d, indent=1) + "\n", encoding="utf-8")
    return Path(path)


# --------------------------------------------------------------------------------------------
# embedding variants
# --------------------------------------------------------------------------------------------

#: Variants compared: (source, PCA dims or None, SIF a or None).
VARIANTS = [
    ("input", None, None),
    ("input", 256, None),
    ("input", 256, 1e-3),
    ("input", 128, 1e-3),
    ("distilled", None, None),
    ("distilled", 256, 1e-3),
]


def compare_embeddings(data: pd.DataFrame, variants=VARIANTS, n_boot: int = 200) -> pd.DataFrame:
    """Out-of-fold macro-F1 on the pool for each table variant, with a mean-vector LR alone and
    with the word layer (the model shipped). Needs the MiniLM package (distillation: minutes)."""
    from analysis.training.embeddings import (
        bert_tokenizer,
        build_table,
        distil_tokens,
        embeddings_from,
        reference_texts,
        token_counts,
    )
    from analysis.training.minilm import MiniLM

    tokenizer, _ = bert_tokenizer()
    model = MiniLM.load()
    counts = token_counts(tokenizer, reference_texts())
    bases = {"input": model.input_embeddings}
    if any(v[0] == "distilled" for v in variants):
        bases["distilled"] = distil_tokens(model, tokenizer)
    rows = []
    for source, dims, a in variants:
        vec, rws, _ = build_table(bases[source], tokenizer, counts, dims, a, True)
        emb = embeddings_from(tokenizer, vec, rws)
        for layer in (False, True):
            cv = cross_validate(emb, data, word_layer=layer, n_boot=n_boot)
            rows.append(
                {
                    "source": source,
                    "dims": dims or 384,
                    "sif_a": a,
                    "word_layer": layer,
                    "C": cv.C,
                    "macro_f1_at_0.5": round(cv.macro_f1_at_05[cv.C], 4),
                    "threshold": cv.threshold,
                    "macro_f1": round(cv.macro_f1, 4),
                    "ci_low": round(cv.ci[0], 4),
                    "ci_high": round(cv.ci[1], 4),
                }
            )
            print(rows[-1], flush=True)
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# command line
# --------------------------------------------------------------------------------------------


#: The licence statement written into the model file (why shipping the fitted numbers is fine).
LICENCE_NOTE = (
    "AGPL-3.0. BABE's repository "
    "(Media-Bias-Group/Neural-Media-Bias-Detection-Using-Distant-Supervision-With-BABE) is licensed AGPL-3.0 "
    "and gives no separate data licence (../shared/benchmarks/babe/PROVENANCE.md), so its annotations are "
    "used under AGPL-3.0. This file holds no sentence, label or word list, only numbers fitted to the "
    "annotations: the sentence-layer and word-layer coefficients and token_bias, one learned weight per "
    "WordPiece token (10,632 tokens), which does reflect which words the annotators marked. Whether fitted "
    "weights are a derivative work of their training data is legally unsettled; this project takes the "
    "conservative reading that they may be, and ships the file under AGPL-3.0's terms, which allow "
    "redistribution with this notice and the source that made it (analysis/training/sentence_bias.py, run by "
    "make train-sentence-bias). The rest of the project stays MIT: the file is data read at run time, not "
    "linked code. Redistributors who cannot accept AGPL-3.0 terms should drop this file (bias_sentence_share "
    "is then NaN and no sentence_bias rows are written)."
)


def main(argv: list[str] | None = None) -> Path:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=SENTENCE_BIAS_PATH)
    ap.add_argument("--compare", action="store_true", help="print the embedding-variant comparison first")
    args = ap.parse_args(argv)
    data = babe_sentences()
    pool = data[data["split"] != "test"].reset_index(drop=True)
    if args.compare:
        print(compare_embeddings(pool).to_string())
    emb = load_embeddings()
    cv = cross_validate(emb, pool)
    base = cross_validate(emb, pool, word_layer=False)
    pos = (pool["y"] == 1).to_numpy()
    meta = {
        "artefact": "BABE sentence-bias classifier (word layer + sentence layer, logistic regressions)",
        "runtime": "analysis.measures.sentence_bias",
        "training_data": "BABE SG2 (final_labels_SG2.csv; Spinde et al. 2021), "
        "Media-Bias-Group/Neural-Media-Bias-Detection-Using-Distant-Supervision-With-BABE "
        "commit fb79f646dcabf1746f5ebedc06ed8dd61ba78188 (see ../shared/benchmarks/babe/PROVENANCE.md)",
        "training_data_licence": LICENCE_NOTE,
        "split": "sentences grouped by article link, analysis.training.loaded_model.doc_split (SHA-1, "
        "salt loaded-context-v1): trained on train+dev (the pool), test never read",
        "n_train_sentences": int(len(pool)),
        "n_train_biased": int(pos.sum()),
        "n_train_articles": int(pool["group"].nunique()),
        "features": f"word layer: mean static token vector of a word ({emb.dims} dims) and mean token identity "
        f"(x{IDENTITY_SCALE}); sentence layer: "
        f"L2-normalised mean token vector ({emb.dims}) + max, top-2 mean, count > 0.5 and sum of word "
        "scores (cross-fitted in training)",
        "hyper_parameters": {
            "C": cv.C,
            "word_C": WORD_C,
            "identity_scale": IDENTITY_SCALE,
            "solver": "lbfgs, L2, standardised embedding features",
        },
        "chosen_by": f"{N_FOLDS}-fold CV on the pool, folds by SHA-1 of the article link (salt {FOLD_SALT}); "
        f"C from {list(C_GRID)} by out-of-fold macro-F1 at 0.5, threshold by out-of-fold macro-F1 "
        f"over {THRESHOLDS[0]:.2f}-{THRESHOLDS[-1]:.2f}",
        "cv_macro_f1": round(cv.macro_f1, 4),
        "cv_macro_f1_95ci": [round(cv.ci[0], 4), round(cv.ci[1], 4)],
        "cv_macro_f1_at_0.5_by_C": {str(k): round(v, 4) for k, v in cv.macro_f1_at_05.items()},
        "cv_baseline_mean_vector_lr_macro_f1": round(base.macro_f1, 4),
        "cv_baseline_mean_vector_lr_95ci": [round(base.ci[0], 4), round(base.ci[1], 4)],
        "cv_naive_all_biased_macro_f1": round(macro_f1(pool["y"].to_numpy(), np.ones(len(pool), bool)), 4),
        "embeddings_sidecar": {k: emb.meta.get(k) for k in ("source_model", "variant", "dims", "built")},
        "seed": config.RANDOM_SEED,
        "built": dt.date.today().isoformat(),
        "built_by": "python -m analysis.training.sentence_bias",
    }
    model = train_model(emb, pool, cv.C, cv.threshold, meta)
    return write_model(model, args.out)


if __name__ == "__main__":
    print(main())
