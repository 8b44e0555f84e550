"""Telling advocacy from neutral text, without letting the model win on corpus artefacts.

Two scikit-learn pipelines, both logistic regression with ``class_weight="balanced"``:

* :func:`tfidf_pipeline`: TF-IDF of word unigrams and bigrams (the term tokens of the
  distinctive-terms lists, :func:`analysis.corpus.text.term_tokens`: lower case, possessives merged,
  non-word tokens left out; sublinear tf, ``min_df``). Typographic quotes and digits are folded first (:func:`fold_text`): the seeds use
  curly apostrophes and some baselines straight ones, and years date a corpus; neither is framing;
* :func:`profile_pipeline`: :class:`analysis.measures.profile.ProfileTransformer` (the framing and sourcing
  measures), :class:`~sklearn.preprocessing.StandardScaler`, logistic regression.

Cross-validation design (:class:`LeaveOneSeedOneCorpusOut`). The obvious grouped design,
leave-one-corpus-out, cannot work here: the positive class is one corpus (the five seeds), so
holding it out leaves no positive to train on, and keeping it leaves no positive to test. Instead
each fold holds out **one neutral corpus and one seed** together: train on the other four seeds
and every other neutral corpus, test on the held-out seed and every document of the held-out
corpus. With K neutral corpora there are K x 5 folds, so

* no neutral corpus is ever in both train and test: a model cannot score well on a corpus by
  having learnt that corpus's house style, dates or boilerplate;
* no document is ever in both train and test; the seed corpus is split by document (the only way
  it can be split), so advocacy-side artefacts shared by all five statements (one organisation's
  house style, its recurring names) cannot be separated from "advocacy" with this data;
* every seed is compared with every corpus by a model that saw neither. A fold's ROC AUC is the
  share of the held-out corpus's documents scored below the held-out seed (one positive), its
  average precision is 1 / (rank of the seed); the mean over a corpus's five folds is the
  pairwise AUC of the five seeds against that corpus.

:func:`check_folds` verifies these guarantees (and is called on every split used here).

Calibration: "advocacy-likeness" is a Platt-scaled probability
(:class:`~sklearn.calibration.CalibratedClassifierCV`, ``method="sigmoid"``,
``ensemble=False``), fitted *inside* each training fold on out-of-fold decision scores from an
inner split grouped the same way (:func:`inner_test_fold`: each inner fold holds out one seed and
one neutral corpus; by document only when a single neutral corpus is left in training). The
calibration is class-balanced (equal weight to advocacy and neutral), so 0.5 means "as much like
the advocacy training texts as like the neutral ones", not a base-rate probability. Platt's
smoothed targets keep the sigmoid from becoming a step when the training classes separate, but a
score far outside the calibration range still maps close to 0 or 1. Each
document's score is the mean over the folds in which it was held out (each seed: K models that
never saw it; each neutral document: 5 models that never saw its corpus).

With five positives every score is fragile: one seed moves a corpus's AUC by 0.2, and the seeds
share one author, one subject and one year. Read the per-fold numbers, not only the mean. Subject
names (Camp Liberty, Ashraf, PMOI) separate the seeds from any baseline, topic-matched or not;
``mask_topic=True`` blanks out :data:`analysis.corpus.baselines.TOPIC_PATTERN` before the TF-IDF model
learns, so what is left to separate them is wording rather than subject.

Speed: the K x 5 x (inner folds + 1) fits run on features computed once. The TF-IDF model's texts are
counted once (:func:`count_matrix`) and each fold learns its vocabulary (``min_df``) and idf from its
own training rows (:class:`CountTfidf`, identical to fitting :func:`tfidf_pipeline` on those texts);
the profile model's :class:`~analysis.measures.profile.ProfileTransformer` is stateless and applied once
(:func:`profile_matrix`). Group sizes are the study's: a cap on the documents per group is set
where the study is assembled (``--max-docs``, :meth:`analysis.pipeline.study.Study.sample`).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.model_selection import PredefinedSplit
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.class_weight import compute_sample_weight
from threadpoolctl import threadpool_limits

from analysis.compare.folds import (  # noqa: F401  (re-exported)
    Fold,
    FoldLeak,
    LeaveOneSeedOneCorpusOut,
    check_folds,
    crossed_folds,
    inner_test_fold,
)
from analysis.config import RANDOM_SEED
from analysis.corpus.text import term_tokens

__all__ = [
    "MODELS",
    "ClassifyResult",
    "CountTfidf",
    "Fold",
    "FoldLeak",
    "LeaveOneSeedOneCorpusOut",
    "check_folds",
    "classify_pair",
    "count_matrix",
    "crossed_folds",
    "cross_validate",
    "fold_text",
    "inner_test_fold",
    "mask_topic_terms",
    "profile_matrix",
    "profile_pipeline",
    "tfidf_pipeline",
    "top_features",
]

#: Model names accepted by :func:`cross_validate`.
MODELS = ("tfidf", "profile")
#: Default cap on documents per neutral corpus.
MAX_DOCS = 150

_DIGITS = re.compile(r"\d+")
_QUOTE_FOLD = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


# --------------------------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------------------------


def fold_text(text: str) -> str:
    """Lower case, curly quotes and dashes as straight ones, every digit run as "0" (TF-IDF preprocessor)."""
    return _DIGITS.sub("0", str(text).translate(_QUOTE_FOLD).lower())


def mask_topic_terms(text: str, pattern=None) -> str:
    """``text`` with every match of ``pattern`` (the topic keywords of the study; default
    :data:`analysis.corpus.baselines.TOPIC_PATTERN`, the seed study's Iraq/Iran subject names that
    define the topic-matched baselines) replaced by a space."""
    if pattern is None:
        from analysis.corpus.baselines import TOPIC_PATTERN as pattern

    return pattern.sub(" ", str(text))


def _logistic(C: float, seed: int) -> LogisticRegression:
    return LogisticRegression(C=C, class_weight="balanced", max_iter=5000, random_state=seed)


def tfidf_pipeline(min_df: int = 2, C: float = 1.0, seed: int = RANDOM_SEED) -> Pipeline:
    """TF-IDF (word 1-2 grams of :func:`analysis.corpus.text.term_tokens` after :func:`fold_text`: the
    tokens of the distinctive-terms lists, possessives merged, non-words left out; sublinear tf,
    ``min_df``) and class-balanced L2 logistic regression."""
    return Pipeline(
        [
            (
                "tfidf",
                TfidfVectorizer(
                    preprocessor=fold_text,
                    tokenizer=term_tokens,
                    token_pattern=None,
                    lowercase=False,
                    ngram_range=(1, 2),
                    sublinear_tf=True,
                    min_df=min_df,
                ),
            ),
            ("clf", _logistic(C, seed)),
        ]
    )


def profile_pipeline(C: float = 1.0, seed: int = RANDOM_SEED, fill_value: float = 0.0) -> Pipeline:
    """:class:`~analysis.measures.profile.ProfileTransformer` (texts to measures), StandardScaler and
    class-balanced L2 logistic regression. Fit and predict on texts (or a frame with ``text``)."""
    from analysis.measures.profile_transformer import ProfileTransformer

    return Pipeline(
        [
            ("profile", ProfileTransformer(fill_value=fill_value)),
            ("scale", StandardScaler()),
            ("clf", _logistic(C, seed)),
        ]
    )


def profile_matrix(
    documents: pd.DataFrame, profile: pd.DataFrame | None = None, fill_value: float = 0.0
) -> tuple[np.ndarray, np.ndarray]:
    """(X, feature names): the :class:`~analysis.measures.profile.ProfileTransformer` output for ``documents``.

    The transformer is stateless (``fit`` learns nothing), so computing it once for all documents
    before cross-validation leaks nothing and saves re-profiling every text in every fold. With
    ``profile`` (a :func:`analysis.measures.profile.profile_frame`), its rows are reused by doc_id (NaN
    filled with ``fill_value``, as the transformer does) instead of profiling again."""
    from analysis.measures.profile_transformer import ProfileTransformer

    transformer = ProfileTransformer(fill_value=fill_value).fit(documents["text"].head(1))
    names = np.asarray(transformer.get_feature_names_out(), dtype=object)
    if profile is None:
        return transformer.transform(documents["text"].tolist()), names
    rows = profile.drop_duplicates("doc_id").set_index("doc_id")
    missing = set(documents["doc_id"]) - set(rows.index)
    if missing:
        raise ValueError(f"profile lacks {len(missing)} document(s), e.g. {sorted(missing)[:3]}")
    absent = [n for n in names if n not in rows.columns]
    if absent:
        raise ValueError(f"profile lacks measure columns {absent}")
    X = rows.loc[documents["doc_id"], list(names)].astype(float).fillna(fill_value).to_numpy()
    return X, names


class CountTfidf(TransformerMixin, BaseEstimator):
    """TF-IDF from a precomputed document-term count matrix, learnt from the rows it is fitted on.

    ``fit`` keeps the terms found in at least ``max(1, min_df)`` of the fitted rows and learns their
    idf from those rows only (:class:`~sklearn.feature_extraction.text.TfidfTransformer`, smooth idf,
    sublinear tf, l2 norm). On the counts of :func:`count_matrix` this gives exactly what
    :func:`tfidf_pipeline`'s ``TfidfVectorizer`` gives when fitted on the same documents' texts (same
    terms, same column order, same values): terms seen only in test documents are dropped, so the
    shared count matrix leaks nothing, and the texts are tokenised once instead of in every fold.
    ``feature_names``: the count matrix's column names, for ``get_feature_names_out``."""

    def __init__(self, min_df: int = 2, sublinear_tf: bool = True, feature_names=None):
        self.min_df = min_df
        self.sublinear_tf = sublinear_tf
        self.feature_names = feature_names

    def fit(self, X, y=None):
        X = sparse.csr_matrix(X)
        df = np.asarray((X > 0).sum(axis=0)).ravel()
        self.columns_ = np.flatnonzero(df >= max(1, self.min_df))
        if self.columns_.size == 0:
            raise ValueError("no term reaches min_df in the training documents")
        self.tfidf_ = TfidfTransformer(sublinear_tf=self.sublinear_tf).fit(X[:, self.columns_])
        self.n_features_in_ = X.shape[1]
        return self

    def transform(self, X):
        return self.tfidf_.transform(sparse.csr_matrix(X)[:, self.columns_])

    def get_feature_names_out(self, input_features=None):
        names = self.feature_names if self.feature_names is not None else input_features
        if names is None:
            names = [f"x{i}" for i in range(self.n_features_in_)]
        return np.asarray(names, dtype=object)[self.columns_]


def count_matrix(texts: Sequence[str], ngram_range: tuple[int, int] = (1, 2)) -> tuple[sparse.csr_matrix, np.ndarray]:
    """(counts, terms): document-term counts with the tokenisation of :func:`tfidf_pipeline`
    (:func:`fold_text`, :func:`analysis.corpus.text.term_tokens`, word 1-2 grams), every term kept."""
    vec = CountVectorizer(
        preprocessor=fold_text,
        tokenizer=term_tokens,
        token_pattern=None,
        lowercase=False,
        ngram_range=ngram_range,
        dtype=np.int64,
    )
    counts = vec.fit_transform([str(t) for t in texts])
    return counts.tocsr(), np.asarray(vec.get_feature_names_out(), dtype=object)


def _estimator(model: str, min_df: int, C: float, seed: int, names=None) -> Pipeline:
    """The cross-validated estimator on precomputed features (:func:`count_matrix` or :func:`profile_matrix`)."""
    if model == "tfidf":
        # names stay outside the estimator: clone() would deep-copy a large vocabulary in every fit
        return Pipeline([("tfidf", CountTfidf(min_df=min_df)), ("clf", _logistic(C, seed))])
    if model == "profile":  # the ProfileTransformer step is applied once beforehand (profile_matrix)
        return Pipeline([("scale", StandardScaler()), ("clf", _logistic(C, seed))])
    raise ValueError(f"unknown model {model!r}; use one of {MODELS}")


def _feature_names(fitted: Pipeline, names: np.ndarray | None) -> np.ndarray:
    if names is None:
        return np.asarray(fitted[:-1].get_feature_names_out(), dtype=object)
    names = np.asarray(names, dtype=object)
    return names[fitted[0].columns_] if isinstance(fitted[0], CountTfidf) else names


def top_features(fitted: Pipeline, n: int = 20, names: Sequence[str] | None = None) -> pd.DataFrame:
    """The ``n`` largest positive (towards advocacy) and ``n`` most negative (towards neutral)
    coefficients of a fitted pipeline ending in logistic regression. Names come from
    ``get_feature_names_out`` of the steps before the classifier, or ``names``.
    Columns: feature, coef, direction ("advocacy"/"neutral"), rank (1 = strongest in its direction)."""
    coef = np.asarray(fitted[-1].coef_, dtype=float).ravel()
    names = _feature_names(fitted, None if names is None else np.asarray(names, dtype=object))
    order = np.argsort(-coef, kind="stable")
    pos = [i for i in order[:n] if coef[i] > 0]
    neg = [i for i in order[::-1][:n] if coef[i] < 0]
    rows = [{"feature": names[i], "coef": coef[i], "direction": "advocacy", "rank": r + 1} for r, i in enumerate(pos)]
    rows += [{"feature": names[i], "coef": coef[i], "direction": "neutral", "rank": r + 1} for r, i in enumerate(neg)]
    return pd.DataFrame(rows, columns=["feature", "coef", "direction", "rank"])


# --------------------------------------------------------------------------------------------
# Cross-validation
# --------------------------------------------------------------------------------------------


@dataclass
class ClassifyResult:
    """Out-of-fold results of :func:`cross_validate` (all tidy frames)."""

    model: str
    folds: pd.DataFrame  # one row per outer fold
    scores: pd.DataFrame  # one row per document: out-of-fold advocacy-likeness
    corpora: pd.DataFrame  # one row per held-out corpus, plus "all"
    features: pd.DataFrame  # top coefficients of the model fitted on every document
    params: dict = field(default_factory=dict)

    @property
    def seed_scores(self) -> pd.DataFrame:
        """Out-of-fold scores of the positive documents (the seeds)."""
        return self.scores[self.scores["label"] == 1].reset_index(drop=True)

    def summary(self) -> str:
        """A few plain lines: design, per-corpus AUC, the seeds' scores, the caveat."""
        p = self.params
        pos = p.get("positive", "studied")
        lines = [
            f"model {self.model}: {p.get('n_folds')} folds = {p.get('n_positive')} {pos} documents x "
            f"{p.get('n_corpora')} reference corpora (one {pos} document and one whole corpus held out per "
            f"fold); "
            f"calibration grouped by {', '.join(p.get('calibration', [])) or 'none'}"
        ]
        for row in self.corpora.itertuples():
            lines.append(
                f"  {row.held_out_corpus:>22}: AUC {row.auc_mean:.3f} (per held-out document {row.auc_min:.3f}-"
                f"{row.auc_max:.3f}), average precision {row.ap_mean:.3f}, n = {row.n_neutral}"
            )
        pos_scores = self.seed_scores
        lines.append(
            f"  {pos} documents' out-of-fold scores (likeness to the {pos} group): "
            + ", ".join(f"{d} {s:.2f}" for d, s in zip(pos_scores["doc_id"], pos_scores["score"]))
        )
        n = p.get("n_positive")
        lines.append(
            f"  caveat: {n} positive documents; a corpus AUC is the mean over {n} held-out "
            f"{pos} documents, so one of them can move it by up to 1/{n}."
        )
        if p.get("mask_topic"):
            lines.append("  the topic terms were blanked out before learning")
        return "\n".join(lines)


def _run_fold(
    fold: Fold,
    X,
    y: np.ndarray,
    groups: np.ndarray,
    doc_ids: np.ndarray,
    model: str,
    names,
    calibrate: bool,
    min_df: int,
    C: float,
    seed: int,
    positive: Hashable,
) -> tuple[dict, pd.DataFrame, pd.Series]:
    est = _estimator(model, min_df, C, seed, names)
    tr, te = fold.train, fold.test
    X_tr, y_tr, X_te, y_te = X[tr], y[tr], X[te], y[te]
    if calibrate:
        test_fold, grouping = inner_test_fold(groups[tr], doc_ids[tr], positive, seed)
        cal = CalibratedClassifierCV(est, method="sigmoid", cv=PredefinedSplit(test_fold), ensemble=False)
        with warnings.catch_warnings():
            # class weights already balance the classifier; sample weights balance the calibration
            warnings.filterwarnings("ignore", message=".*does not appear to accept sample_weight.*")
            cal.fit(X_tr, y_tr, sample_weight=compute_sample_weight("balanced", y_tr))
        fitted = cal.calibrated_classifiers_[0].estimator
        prob = cal.predict_proba(X_te)[:, 1]
    else:
        grouping = "none"
        fitted = est.fit(X_tr, y_tr)
        prob = fitted.predict_proba(X_te)[:, 1]
    raw = fitted.decision_function(X_te)
    s = raw[y_te == 1][0]
    neg = raw[y_te == 0]
    row = {
        "fold": fold.fold,
        "model": model,
        "held_out_corpus": fold.held_out_corpus,
        "held_out_seed": fold.held_out_doc,
        "n_train": len(tr),
        "n_train_positive": int(y_tr.sum()),
        "n_test": len(te),
        "auc": float(roc_auc_score(y_te, raw)),
        "average_precision": float(average_precision_score(y_te, raw)),
        "seed_rank": int(1 + (neg > s).sum()),
        "seed_score": float(prob[y_te == 1][0]),
        "neutral_score_median": float(np.median(prob[y_te == 0])),
        "calibration": grouping,
    }
    scored = pd.DataFrame({"doc_id": doc_ids[te], "fold": fold.fold, "score": prob, "raw_score": raw})
    coef = pd.Series(np.asarray(fitted[-1].coef_, dtype=float).ravel(), index=_feature_names(fitted, names))
    return row, scored, coef


def _doc_frequency(fitted: Pipeline, X, y: np.ndarray, names) -> tuple[pd.Series, pd.Series]:
    matrix = fitted[:-1].transform(X)
    present = (matrix > 0).astype(np.int64) if hasattr(matrix, "multiply") else (np.asarray(matrix) > 0)
    names = _feature_names(fitted, names)
    pos = np.asarray(present[y == 1].sum(axis=0)).ravel()
    neg = np.asarray(present[y == 0].sum(axis=0)).ravel() / max(1, int((y == 0).sum()))
    return pd.Series(pos, index=names), pd.Series(neg, index=names)


def cross_validate(
    documents: pd.DataFrame,
    model: str = "tfidf",
    group_col: str = "group",
    positive: Hashable = "seeds",
    calibrate: bool = True,
    profile: pd.DataFrame | None = None,
    top_n: int = 20,
    min_df: int = 2,
    C: float = 1.0,
    seed: int = RANDOM_SEED,
    n_jobs: int | None = None,
    mask_topic=False,
) -> ClassifyResult:
    """Cross-validated advocacy-versus-neutral classification (design in the module docstring).

    ``documents``: doc_id, text and ``group_col`` (``positive`` marks the advocacy documents, every
    other label is a neutral corpus; falls back to ``corpus`` when ``group_col`` is absent), as
    many as the study holds (cap them when the study is assembled: ``--max-docs``).
    ``model``: "tfidf" or "profile" (``profile``: a precomputed profile frame to reuse).
    ``n_jobs``: folds run in parallel with joblib when > 1. ``mask_topic`` (TF-IDF model): blank out
    every match of :data:`analysis.corpus.baselines.TOPIC_PATTERN` (Iraq, Iran, Baghdad, PMOI, MEK, NCRI,
    Ashraf, Camp Liberty, Quds, Maliki...) first (:func:`mask_topic_terms`), so the model has to
    separate the texts without naming the subject; the strongest test this data allows of "framing
    words, not topic words".

    Returns a :class:`ClassifyResult`: per-fold AUC / average precision / seed rank and score; per
    document the mean out-of-fold calibrated score (``score``, with ``score_min``/``score_max`` over
    its folds); per held-out corpus the mean, min and max AUC ("all": every seed against every
    neutral document, pairwise); and the top ``top_n`` coefficients each way of the model fitted on
    all documents, with ``folds_same_sign`` (share of fold models giving the feature a coefficient of
    the same sign; a stable feature is near 1).
    """
    if model not in MODELS:
        raise ValueError(f"unknown model {model!r}; use one of {MODELS}")
    docs = documents.copy()
    if group_col not in docs.columns:
        if "corpus" not in docs.columns:
            raise ValueError(f"documents need a {group_col!r} or 'corpus' column")
        docs[group_col] = docs["corpus"]
    docs = docs[docs["text"].fillna("").astype(str).str.strip() != ""]
    # a canonical row order (group, doc_id): folds, inner splits and solver paths do not depend on input order
    docs = (
        docs.assign(_key=docs["doc_id"].astype(str))
        .sort_values([group_col, "_key"], key=lambda s: s.astype(str), kind="stable")
        .drop(columns="_key")
    )
    docs = docs.reset_index(drop=True)
    groups = docs[group_col].to_numpy(dtype=object)
    doc_ids = docs["doc_id"].astype(str).to_numpy(dtype=object)
    y = (groups == positive).astype(int)
    texts = docs["text"].astype(str).to_numpy(dtype=object)
    if model == "tfidf":
        pattern = mask_topic if hasattr(mask_topic, "sub") else None
        X, names = count_matrix(
            [mask_topic_terms(t, pattern) for t in texts]
            if mask_topic is not False and mask_topic is not None
            else texts
        )
    else:
        X, names = profile_matrix(docs, profile)
    folds = crossed_folds(groups, doc_ids, positive, texts=texts)

    args = (X, y, groups, doc_ids, model, names, calibrate, min_df, C, seed, positive)
    # Many small fits: multi-threaded BLAS only adds thread start-up (about halves the run time
    # on two cores); parallelism, when wanted, is over folds (n_jobs).
    with threadpool_limits(limits=1, user_api="blas"):
        if n_jobs and n_jobs != 1:
            from joblib import Parallel, delayed

            results = Parallel(n_jobs=n_jobs)(delayed(_run_fold)(f, *args) for f in folds)
        else:
            results = [_run_fold(f, *args) for f in folds]
        full = _estimator(model, min_df, C, seed, names).fit(X, y)
    fold_rows, scored, coefs = zip(*results)
    fold_table = pd.DataFrame(list(fold_rows))

    long = pd.concat(scored, ignore_index=True)
    per_doc = long.groupby("doc_id", sort=False).agg(
        score=("score", "mean"),
        score_min=("score", "min"),
        score_max=("score", "max"),
        raw_score=("raw_score", "mean"),
        n_folds=("fold", "nunique"),
    )
    keep = ["doc_id", group_col] + [c for c in ("title",) if c in docs.columns]
    meta = docs[keep].rename(columns={group_col: "group"})
    meta["doc_id"] = meta["doc_id"].astype(str)
    meta["label"] = y
    scores = meta.merge(per_doc.reset_index(), on="doc_id", how="left")
    scores = scores.sort_values(["label", "score"], ascending=[False, False], kind="stable").reset_index(drop=True)

    fold_table["n_neutral"] = fold_table["n_test"] - 1
    corpora = (
        fold_table.groupby("held_out_corpus", sort=True)
        .agg(
            n_neutral=("n_neutral", "first"),
            folds=("fold", "size"),
            auc_mean=("auc", "mean"),
            auc_min=("auc", "min"),
            auc_max=("auc", "max"),
            ap_mean=("average_precision", "mean"),
            seed_rank_median=("seed_rank", "median"),
        )
        .reset_index()
    )
    w = fold_table["n_neutral"]
    corpora.loc[len(corpora)] = {
        "held_out_corpus": "all",
        "n_neutral": int(corpora["n_neutral"].sum()),
        "folds": len(fold_table),
        "auc_mean": float((fold_table["auc"] * w).sum() / w.sum()),
        "auc_min": float(fold_table["auc"].min()),
        "auc_max": float(fold_table["auc"].max()),
        "ap_mean": float(fold_table["average_precision"].mean()),
        "seed_rank_median": float(fold_table["seed_rank"].median()),
    }

    features = top_features(full, top_n, names=names)
    fold_coefs = pd.concat(coefs, axis=1)
    signs = np.sign(fold_coefs.reindex(features["feature"]).fillna(0.0).to_numpy())
    features["folds_same_sign"] = (signs == np.sign(features["coef"].to_numpy())[:, None]).mean(axis=1)
    if model == "tfidf":
        seed_df, neutral_share = _doc_frequency(full, X, y, names)
        features["seed_docs"] = features["feature"].map(seed_df).astype(int)
        features["neutral_doc_share"] = features["feature"].map(neutral_share)
    else:
        means = pd.DataFrame(X, columns=names)
        features["seed_mean"] = features["feature"].map(means[y == 1].mean())
        features["neutral_mean"] = features["feature"].map(means[y == 0].mean())

    params = {
        "model": model,
        "positive": positive,
        "seed": seed,
        "min_df": min_df,
        "C": C,
        "n_positive": int(y.sum()),
        "n_neutral": int((y == 0).sum()),
        "n_corpora": len({g for g in groups if g != positive}),
        "n_folds": len(folds),
        "calibration": sorted(set(fold_table["calibration"])),
        "sampled": docs.attrs.get("sampled", {}),
        "mask_topic": bool(mask_topic and model == "tfidf"),
    }
    return ClassifyResult(model, fold_table, scores, corpora, features, params)


def classify_pair(
    study, positive: Hashable, negatives: Sequence[Hashable], model: str = "tfidf", **kwargs
) -> ClassifyResult:
    """:func:`cross_validate` on a study (:class:`analysis.pipeline.study.Study`): the documents of
    group ``positive`` (the positive class) against the groups ``negatives``, the profile model
    reading the study's profile; ``mask_topic=True`` masks the study's topic terms."""
    groups = [positive, *negatives]
    docs = study.documents[study.documents["group"].isin(groups)]
    if kwargs.get("mask_topic") is True:
        kwargs["mask_topic"] = study.spec.topic() or False
    if model == "profile":
        kwargs.setdefault("profile", study.profile[study.profile["group"].isin(groups)])
    return cross_validate(docs, model=model, positive=positive, **kwargs)
