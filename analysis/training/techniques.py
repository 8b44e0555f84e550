"""Training of the persuasion-technique detector (:mod:`analysis.measures.techniques`) on
SemEval-2020 Task 11 PTC train (Da San Martino et al. 2020; the dev split is held back).

Deterministic (fixed seed, fixed folds, sorted vocabulary). Everything learned here is fitted
on the articles it is given, so :mod:`analysis.validate.techniques` can call :func:`fit_detector`
inside every cross-validation fold.

Sentence model (:mod:`analysis.measures.technique_sentences`)
    * Sentences: :func:`analysis.corpus.sentences.split_sentences` of the raw article, as at run
      time. Targets per sentence: the share of its words (:data:`analysis.corpus.text.WORD_RE`)
      inside a gold span of any technique (head ``any``) and of each technique (one head each).
    * Bag of words: unigrams and bigrams of :func:`sentence_features`, present in at least
      :data:`MIN_DF` training sentences, counted once per sentence.
    * Heads: logistic loss by stochastic gradient descent (scikit-learn ``SGDClassifier``,
      ``alpha`` :data:`ALPHA`, :data:`EPOCHS` epochs, seed :data:`SEED`); a sentence enters twice,
      as positive with weight (covered words) and negative with weight (uncovered words), so the
      heads model the share of covered words.
    * Context stage: logistic regression on :func:`context_features` of out-of-fold ``any``
      logits (:data:`INNER_FOLDS` folds by article inside the training articles), weighted the
      same way.
    * Threshold: the probability cut that maximises token F1 of the marked sentences against the
      union of all techniques' gold spans on those out-of-fold training predictions (grid
      :data:`THRESHOLDS`).

    Hyper-parameters (``MIN_DF``, ``ALPHA``, the two-stage design) were chosen by 5-fold CV by
    article on PTC train (documented in the sidecar); nothing was tuned on held-out data.

Lexical entries (``analysis/lexicons/techniques.csv``)
    Written by hand from the PTC definitions. :func:`entry_precision` measures, per entry, the
    share of matched words inside a gold span of any technique (``precision_train``) and of the
    entry's own technique (``precision_technique_train``), and the number of matches.

Repetition
    The precision of :func:`analysis.measures.techniques.repetition_spans` inside marked sentences
    (out-of-fold marks), against Repetition gold.

``python -m analysis.training.techniques`` (:func:`train_and_save`) writes
``analysis/models/techniques_sentence.npz`` + ``.json`` and fills the precision columns of the
lexicon.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.config import RANDOM_SEED
from analysis.corpus.sentences import ensure_bounds
from analysis.corpus.text import WORD_RE
from analysis.measures.technique_sentences import (
    CONTEXT_FEATURES,
    MODEL_STEM,
    SentenceModel,
    context_features,
    model_paths,
    sentence_features,
    sentence_tokens,
)
from analysis.measures.techniques import (
    LEXICON_PATH,
    TECHNIQUES,
    TechniqueDetector,
    repetition_spans,
)

__all__ = [
    "MIN_DF",
    "ALPHA",
    "EPOCHS",
    "SEED",
    "INNER_FOLDS",
    "N_FOLDS",
    "THRESHOLDS",
    "article_fold",
    "sentence_table",
    "fit_sentence_model",
    "entry_precision",
    "fit_detector",
    "train_and_save",
]

MIN_DF = 3
ALPHA = 1e-3
EPOCHS = 30
SEED = RANDOM_SEED
INNER_FOLDS = 5
N_FOLDS = 5
THRESHOLDS = np.round(np.arange(0.05, 0.505, 0.01), 2)
HEADS = ("any",) + TECHNIQUES
DATA_NOTE = "SemEval-2020 Task 11 PTC train (Da San Martino et al. 2020)"


def article_fold(doc_id: str, k: int = N_FOLDS, salt: str = "techniques-v1") -> int:
    """Fixed fold of an article: SHA-1 of ``salt:doc_id`` modulo ``k``."""
    return int(hashlib.sha1(f"{salt}:{doc_id}".encode()).hexdigest()[:12], 16) % k


# --------------------------------------------------------------------------------------------
# data
# --------------------------------------------------------------------------------------------


def _char_cover(n: int, spans) -> np.ndarray:
    diff = np.zeros(n + 1, dtype=np.int64)
    for s, e in spans:
        s, e = max(0, int(s)), min(n, int(e))
        if e > s:
            diff[s] += 1
            diff[e] -= 1
    return np.cumsum(diff[:-1]) > 0


def sentence_table(articles: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence (:func:`split_sentences`) of every article: ``doc_id``, ``sid``,
    ``start``, ``end``, ``n_tok`` (model tokens), ``n_words`` (WORD_RE words), ``features``
    (:func:`sentence_features`), ``words_any`` (words inside a gold span of any technique) and
    ``words_<technique>`` per technique."""
    by_doc = {d: g for d, g in gold.groupby("doc_id", sort=False)}
    rows = []
    for doc_id, text in zip(articles["doc_id"], articles["text"]):
        g = by_doc.get(doc_id, gold.iloc[:0])
        n = len(text)
        covers = {t: _char_cover(n, zip(g["start"][g["label"] == t], g["end"][g["label"] == t])) for t in TECHNIQUES}
        cover_any = _char_cover(n, zip(g["start"], g["end"]))
        csum = {t: np.r_[0, np.cumsum(c)] for t, c in covers.items()}
        csum_any = np.r_[0, np.cumsum(cover_any)]
        bounds = ensure_bounds(text)
        for sid, ((s, e), toks) in enumerate(zip(bounds, sentence_tokens(text, bounds))):
            words = [m.span() for m in WORD_RE.finditer(text, s, e)]
            row = {
                "doc_id": doc_id,
                "sid": sid,
                "start": s,
                "end": e,
                "n_tok": len(toks),
                "n_words": len(words),
                "features": sentence_features(toks),
                "words_any": sum(csum_any[b] > csum_any[a] for a, b in words),
            }
            for t in TECHNIQUES:
                row[f"words_{t}"] = sum(csum[t][b] > csum[t][a] for a, b in words)
            rows.append(row)
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# sentence model
# --------------------------------------------------------------------------------------------


def _fit_head(X, covered: np.ndarray, n_words: np.ndarray):
    """Weighted logistic head (see module docstring); returns (coef, intercept)."""
    from scipy import sparse
    from sklearn.linear_model import SGDClassifier

    keep = n_words > 0
    X = X[np.flatnonzero(keep)]
    pos, neg = covered[keep].astype(float), (n_words[keep] - covered[keep]).astype(float)
    X2 = sparse.vstack([X, X]).tocsr()
    y = np.r_[np.ones(X.shape[0]), np.zeros(X.shape[0])]
    w = np.r_[pos, neg]
    if pos.sum() == 0:
        return np.zeros(X.shape[1]), -10.0
    clf = SGDClassifier(loss="log_loss", alpha=ALPHA, max_iter=EPOCHS, tol=None, random_state=SEED, shuffle=True)
    clf.fit(X2, y, sample_weight=w)
    return clf.coef_[0].astype(np.float64), float(clf.intercept_[0])


def _doc_context(table: pd.DataFrame, logits: np.ndarray) -> np.ndarray:
    """Context features of every sentence (documents in table order, sentences in order)."""
    out = np.zeros((len(table), len(CONTEXT_FEATURES)))
    keep = table["n_tok"].to_numpy() > 0
    for idx in table.groupby("doc_id", sort=False).indices.values():
        idx = idx[keep[idx]]
        if len(idx):
            out[idx] = context_features(logits[idx], table["n_tok"].to_numpy()[idx])
    return out


def _best_threshold(prob: np.ndarray, covered: np.ndarray, n_words: np.ndarray) -> tuple[float, float]:
    best = (0.5, -1.0)
    total = covered.sum()
    for t in THRESHOLDS:
        m = prob >= t
        tp, fp = covered[m].sum(), (n_words[m] - covered[m]).sum()
        f = 2 * tp / (2 * tp + fp + (total - tp)) if tp else 0.0
        if f > best[1]:
            best = (float(t), float(f))
    return best


def fit_sentence_model(table: pd.DataFrame) -> tuple[dict, dict]:
    """Fit the sentence model on the sentences of ``table`` (:func:`sentence_table`). Returns the
    arrays of the NPZ artefact and facts for the sidecar (threshold, inner-CV F1, sizes)."""
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = CountVectorizer(analyzer=lambda x: x, min_df=MIN_DF, binary=True)
    X = vec.fit_transform(table["features"]).tocsr()
    vocab = np.array(vec.get_feature_names_out(), dtype=str)
    n_words = table["n_words"].to_numpy()
    weights = np.zeros((X.shape[1], len(HEADS)), dtype=np.float64)
    bias = np.zeros(len(HEADS))
    for j, head in enumerate(HEADS):
        weights[:, j], bias[j] = _fit_head(X, table[f"words_{head}"].to_numpy(), n_words)
    # out-of-fold 'any' logits inside the training articles, for the context stage
    inner = table["doc_id"].map(lambda d: article_fold(d, INNER_FOLDS, salt="techniques-inner")).to_numpy()
    oof = np.zeros(len(table))
    cov = table["words_any"].to_numpy()
    for k in range(INNER_FOLDS):
        tr, te = np.flatnonzero(inner != k), np.flatnonzero(inner == k)
        c, b = _fit_head(X[tr], cov[tr], n_words[tr])
        oof[te] = X[te] @ c + b
    F = _doc_context(table, oof)
    keep = (table["n_tok"].to_numpy() > 0) & (n_words > 0)
    F2 = np.r_[F[keep], F[keep]]
    y2 = np.r_[np.ones(keep.sum()), np.zeros(keep.sum())]
    w2 = np.r_[cov[keep], (n_words - cov)[keep]].astype(float)
    ctx = LogisticRegression(C=1.0, max_iter=2000).fit(F2, y2, sample_weight=w2)
    prob = np.zeros(len(table))
    prob[keep] = ctx.predict_proba(F[keep])[:, 1]
    threshold, f1 = _best_threshold(prob, cov, n_words)
    arrays = {
        "vocab": vocab,
        "weights": weights.astype(np.float32),
        "bias": bias,
        "heads": np.array(HEADS, dtype=str),
        "ctx_coef": ctx.coef_[0],
        "ctx_intercept": np.array(ctx.intercept_[0]),
        "threshold": np.array(threshold),
    }
    facts = {
        "threshold": threshold,
        "threshold_inner_oof_token_f1": round(f1, 4),
        "n_features": int(X.shape[1]),
        "n_sentences": int(len(table)),
        "n_articles": int(table["doc_id"].nunique()),
        "context_coef": dict(zip(CONTEXT_FEATURES, np.round(ctx.coef_[0], 4).tolist())),
        "context_intercept": round(float(ctx.intercept_[0]), 4),
        "oof_marked": prob >= threshold,
    }
    return arrays, facts


# --------------------------------------------------------------------------------------------
# lexical entries and repetition
# --------------------------------------------------------------------------------------------


def _word_hits(text: str, spans, cover: np.ndarray) -> tuple[int, int]:
    """Words (WORD_RE) overlapping ``spans`` and how many of them overlap ``cover``."""
    csum = np.r_[0, np.cumsum(cover)]
    n = hit = 0
    for s, e in spans:
        for m in WORD_RE.finditer(text, s, e):
            n += 1
            hit += int(csum[m.end()] > csum[m.start()])
    return n, hit


def entry_precision(lexicon: pd.DataFrame, articles: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """``lexicon`` with ``precision_train`` (share of matched words inside a gold span of any
    technique), ``precision_technique_train`` (inside the entry's own technique) and ``n_train``
    (matches) measured on ``articles``."""
    from analysis.measures.lexicon import LexiconMatcher

    m = LexiconMatcher(lexicon, name="techniques-all")
    stats = np.zeros((len(m.frame), 5), dtype=np.int64)  # matches, words, hit_any, words (again), hit_own
    subs = m.frame["subcategory"].tolist()
    by_doc = {d: g for d, g in gold.groupby("doc_id", sort=False)}
    for doc_id, text in zip(articles["doc_id"], articles["text"]):
        g = by_doc.get(doc_id, gold.iloc[:0])
        n = len(text)
        cover_any = _char_cover(n, zip(g["start"], g["end"]))
        own: dict[str, np.ndarray] = {}
        for s, e, _, i in m.finditer(text):
            t = subs[i]
            if t not in own:
                own[t] = _char_cover(n, zip(g["start"][g["label"] == t], g["end"][g["label"] == t]))
            w, h = _word_hits(text, [(s, e)], cover_any)
            _, h2 = _word_hits(text, [(s, e)], own[t])
            stats[i] += (1, w, h, w, h2)
    out = m.frame.copy()
    with np.errstate(invalid="ignore", divide="ignore"):
        out["precision_train"] = np.where(stats[:, 1] > 0, stats[:, 2] / np.maximum(stats[:, 1], 1), 0.0).round(3)
        out["precision_technique_train"] = np.where(stats[:, 3] > 0, stats[:, 4] / np.maximum(stats[:, 3], 1), 0.0)
    out["precision_technique_train"] = out["precision_technique_train"].round(3)
    out["n_train"] = stats[:, 0]
    return out


def _repetition_precision(articles, gold, table, marked) -> dict:
    rep = gold[gold["label"] == "Repetition"]
    by_doc = {d: g for d, g in rep.groupby("doc_id", sort=False)}
    sel = table[marked]
    words = hit = n = 0
    for doc_id, text in zip(articles["doc_id"], articles["text"]):
        sents = sel[sel["doc_id"] == doc_id]
        if not len(sents):
            continue
        starts, ends = sents["start"].to_numpy(), sents["end"].to_numpy()
        spans = []
        for s, e in repetition_spans(text):
            k = np.searchsorted(starts, s, side="right") - 1
            if k >= 0 and e <= ends[k]:
                spans.append((s, e))
        g = by_doc.get(doc_id, rep.iloc[:0])
        w, h = _word_hits(text, spans, _char_cover(len(text), zip(g["start"], g["end"])))
        words, hit, n = words + w, hit + h, n + len(spans)
    return {"precision_train": round(hit / words, 4) if words else 0.0, "n_train": n, "words_train": words}


# --------------------------------------------------------------------------------------------
# the detector
# --------------------------------------------------------------------------------------------


def fit_detector(articles: pd.DataFrame, gold: pd.DataFrame, table: pd.DataFrame | None = None, lexicon=None):
    """Fit everything on ``articles`` / ``gold`` (all 14 techniques). Returns
    ``(detector, arrays, meta, lexicon_with_precisions)``; ``table``: their sentence table, when
    already built (rows of other articles are ignored)."""
    from analysis.measures.lexicon import load_lexicon

    ids = set(articles["doc_id"])
    table = sentence_table(articles, gold) if table is None else table[table["doc_id"].isin(ids)]
    table = table.reset_index(drop=True)
    gold = gold[gold["doc_id"].isin(ids)]
    arrays, facts = fit_sentence_model(table)
    marked = facts.pop("oof_marked")
    lex = load_lexicon(LEXICON_PATH) if lexicon is None else lexicon
    lex = entry_precision(lex, articles, gold)
    meta = {**facts, "repetition": _repetition_precision(articles, gold, table, marked)}
    meta["label_excluded"] = ["Repetition"]
    return TechniqueDetector(SentenceModel(arrays, meta), lex), arrays, meta, lex


def train_and_save(data_dir=None, model_dir: str | Path | None = None, cv: dict | None = None) -> dict:
    """Fit on all of PTC train and write the NPZ, its JSON sidecar and the lexicon's measured
    columns. ``cv``: cross-validated scores to record in the sidecar (from
    :func:`analysis.validate.techniques.cross_validate`)."""
    from analysis.validate.gold import load_ptc

    t0 = time.time()
    articles, gold = load_ptc("train", techniques=None, data_dir=data_dir)
    det, arrays, meta, lex = fit_detector(articles, gold)
    npz, side = model_paths(model_dir)
    npz.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(npz, **arrays)
    cols = ["term", "kind", "category", "subcategory", "source", "note"]
    lex_out = lex[cols + ["precision_train", "precision_technique_train", "n_train"]].copy()
    lex_out["evidence"] = [
        f"PTC train (all 371 articles): {n} matches; word precision {p:.3f} against any technique, {q:.3f} against {s}"
        for n, p, q, s in zip(
            lex_out["n_train"], lex_out["precision_train"], lex_out["precision_technique_train"], lex_out["subcategory"]
        )
    ]
    lex_out.to_csv(LEXICON_PATH, index=False)
    sidecar = {
        "model": MODEL_STEM,
        "what": "persuasion-technique sentence model: bag-of-words heads (any technique + 14 PTC techniques) "
        "and a context stage; see analysis.measures.technique_sentences",
        "data": {
            "ptc": DATA_NOTE,
            "path": "benchmarks/semeval2020-task11-ptc/datasets/train-articles, train-task2-TC.labels",
            "source_commit": "aschern/semeval2020_task11 84c384d3813a51f4face15086463952ebc2e0993 (see PROVENANCE.md)",
            "licence": "no licence stated (research/evaluation use only; weights derive from it, not its text)",
        },
        "split": "all PTC train articles (371); the PTC dev split is held back and never used",
        "features": "lower-cased tokens (words, ! ? and quotation marks) and adjacent-token bigrams, binary, "
        f"min_df={MIN_DF}; context stage: {list(CONTEXT_FEATURES)}",
        "hyper_parameters": {
            "alpha": ALPHA,
            "epochs": EPOCHS,
            "seed": SEED,
            "min_df": MIN_DF,
            "inner_folds": INNER_FOLDS,
            "context_C": 1.0,
        },
        "how_chosen": "5-fold CV by article on PTC train (L2 strength, n-gram range, unweighted vs word-weighted "
        "targets, one- vs two-stage, token- vs sentence-level); threshold by inner out-of-fold token F1",
        "facts": meta,
        "cv_scores": cv or {},
        "weights_dtype": "float32",
        "date": _dt.date.today().isoformat(),
        "fit_seconds": round(time.time() - t0, 1),
    }
    side.write_text(json.dumps(sidecar, indent=1, sort_keys=True, default=float) + "\n", encoding="utf-8")
    return sidecar


if __name__ == "__main__":  # pragma: no cover - a training entry point
    print(json.dumps(train_and_save(), indent=1, default=float))
