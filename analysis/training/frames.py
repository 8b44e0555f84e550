"""Training of the narrative-frame model (:mod:`analysis.measures.frames`).

Data: the Narrative Frames Corpus (Frermann, Li, Khanehzar & Mikolajczak 2023; MIT licence), the
345 articles in ``<gold>/narrative-frames-frermann2023/data/articles_metadata.tsv`` (the rest of
the corpus is held out by the data folder's owner). Labels are the aggregated binary frame
columns ``RE, HI, CO, MO, EC``; one cell reads ``False)`` and is read as False.

Procedure (deterministic: grouped folds are fixed by the outlets, solvers are deterministic),
for each frame separately:

1. features: the TF-IDF term vector and the cue features of
   :mod:`analysis.measures.frame_features` (vocabulary: terms in at least ``min_df`` training
   articles, at most ``max_terms`` of the most frequent);
2. two class-balanced logistic regressions, one per feature set; each one's ``C`` is picked from
   a small grid by average precision of out-of-fold scores in folds grouped by outlet, so no
   outlet is in both parts of a fold;
3. a class-balanced logistic regression over the two out-of-fold scores (standardised) combines
   them; the decision threshold that maximises F1 of the combiner's own out-of-fold
   probabilities is chosen and moved to 0.5 by shifting the combiner's intercept;
4. both component models are refitted on all training articles.

``python -m analysis.training.frames`` trains on all 345 articles and writes
``analysis/models/frames.npz`` with its sidecar ``frames.json`` (data, commit, split, features,
hyper-parameters and how they were chosen, out-of-fold scores, licence, date).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score
from sklearn.model_selection import GroupKFold

from analysis import __version__
from analysis.config import benchmark_dir
from analysis.corpus.sentences import ensure_bounds
from analysis.measures.frame_features import (
    CUE_LEXICON_PATH,
    CueLexicon,
    cue_document_features,
    cue_hits,
    default_cue_lexicon,
    doc_tokens,
    smooth_idf,
    terms,
)
from analysis.measures.frames import FRAME_MODEL_PATH, FRAMES, FrameModel

__all__ = [
    "DATA_FOLDER",
    "FRAME_CODES",
    "FrameParams",
    "load_frames_gold",
    "outlet_key",
    "featurize",
    "fit_frames",
    "train_and_save",
]

#: The benchmark folder (under the gold folder) and the upstream commit its PROVENANCE.md names.
DATA_FOLDER = "narrative-frames-frermann2023"
DATA_COMMIT = "197314d"
#: Upstream column of each frame.
FRAME_CODES = {"resolution": "RE", "human_interest": "HI", "conflict": "CO", "moral": "MO", "economic": "EC"}


def outlet_key(source: str) -> str:
    """One key per outlet: the corpus spells some outlets two ways ("The Huffington Post",
    "thehuffingtonpost"); lower case without spaces or punctuation joins them."""
    return "".join(ch for ch in str(source).lower() if ch.isalnum())


def load_frames_gold(gold_dir: str | Path | None = None) -> pd.DataFrame:
    """The Narrative Frames Corpus articles: ``doc_id`` (string), ``source``, ``outlet``
    (:func:`outlet_key`), ``mbfc``, ``date``, ``text`` and one boolean column per frame
    (:data:`analysis.measures.frames.FRAMES`). Raises ``FileNotFoundError`` when absent."""
    root = benchmark_dir(gold_dir)
    path = root / DATA_FOLDER / "data" / "articles_metadata.tsv" if root else None
    if path is None or not path.is_file():
        raise FileNotFoundError(f"{DATA_FOLDER} not found under the gold folder (set FRAMING_GOLD_DIR)")
    raw = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
    out = pd.DataFrame(
        {
            "doc_id": raw["ID"].astype(str),
            "source": raw["source"],
            "outlet": raw["source"].map(outlet_key),
            "mbfc": raw["mbfc"],
            "date": raw["date"],
            "text": raw["text"],
        }
    )
    for frame, code in FRAME_CODES.items():
        out[frame] = raw[code].str.strip().str.startswith("True")
    return out


@dataclass
class FrameParams:
    """Hyper-parameters of :func:`fit_frames` (the grids are searched, the rest fixed)."""

    term_c_grid: tuple[float, ...] = (3.0, 10.0, 30.0, 100.0)
    cue_c_grid: tuple[float, ...] = (0.01, 0.03, 0.1)
    stack_c: float = 1.0
    min_df: int = 2
    max_terms: int = 40000
    inner_folds: int = 5
    threshold_grid: tuple[float, ...] = tuple(np.round(np.arange(0.05, 0.951, 0.025), 3))


def featurize(texts, bounds=None, lexicon: CueLexicon | None = None) -> tuple[list[list[str]], np.ndarray]:
    """Term lists and cue-feature rows of ``texts`` (the runtime's own feature code)."""
    lexicon = lexicon or default_cue_lexicon()
    term_lists: list[list[str]] = []
    cue_rows: list[np.ndarray] = []
    for i, text in enumerate(texts):
        b = bounds[i] if bounds is not None else ensure_bounds(text)
        tokens = doc_tokens(text, b)
        term_lists.append(terms(tokens)[0])
        cue_rows.append(cue_document_features(cue_hits(text, tokens, lexicon, b), len(tokens.words)))
    return term_lists, np.vstack(cue_rows)


def _vocabulary(term_lists: list[list[str]], min_df: int, max_terms: int) -> tuple[dict[str, int], np.ndarray]:
    df: dict[str, int] = {}
    for ts in term_lists:
        for t in set(ts):
            df[t] = df.get(t, 0) + 1
    kept = sorted((t for t, n in df.items() if n >= min_df), key=lambda t: (-df[t], t))[:max_terms]
    words = {t for t in kept if " " not in t}
    kept = sorted(t for t in kept if " " not in t or all(w in words for w in t.split(" ")))  # see term_ids
    vocab = {t: i for i, t in enumerate(kept)}
    idf = smooth_idf(np.array([df[t] for t in kept], dtype=float), len(term_lists))
    return vocab, idf


def _tfidf(
    term_lists: list[list[str]], vocab: dict[str, int], idf: np.ndarray, norm_floor: float | None = None
) -> tuple[sparse.csr_matrix, float]:
    """The TF-IDF matrix as :func:`analysis.measures.frame_features.term_contributions` weighs a
    document, and the norm floor used (default: the smallest norm among these documents)."""
    rows, cols = [], []
    for i, ts in enumerate(term_lists):
        ids = [vocab[t] for t in ts if t in vocab]
        rows.extend([i] * len(ids))
        cols.extend(ids)
    counts = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(term_lists), len(vocab)))
    counts.sum_duplicates()
    counts.data = (1.0 + np.log(counts.data)) * idf[counts.indices]
    norms = np.sqrt(np.asarray(counts.multiply(counts).sum(axis=1)).ravel())
    if norm_floor is None:
        norm_floor = float(norms[norms > 0].min()) if (norms > 0).any() else 0.0
    norms = np.maximum(norms, norm_floor)
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms) @ counts, norm_floor


def _lr(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, class_weight="balanced", max_iter=5000, solver="lbfgs")


def _oof_scores(x, y: np.ndarray, folds, c: float) -> np.ndarray:
    out = np.zeros(len(y))
    for tr, te in folds:
        if len(np.unique(y[tr])) < 2:
            out[te] = 0.0
            continue
        out[te] = _lr(c).fit(x[tr], y[tr]).decision_function(x[te])
    return out


def _pick_c(x, y, folds, grid) -> tuple[float, np.ndarray, dict]:
    scores = {c: _oof_scores(x, y, folds, c) for c in grid}
    ap = {c: float(average_precision_score(y, s)) for c, s in scores.items()}
    best = max(grid, key=lambda c: (round(ap[c], 4), -c))  # ties: the stronger penalty
    return best, scores[best], {str(c): round(v, 4) for c, v in ap.items()}


def _best_threshold(y: np.ndarray, p: np.ndarray, grid) -> tuple[float, float]:
    best_t, best_f1 = 0.5, -1.0
    pos = y.sum()
    for t in grid:
        pred = p >= t
        tp = float((pred & (y == 1)).sum())
        f1 = 2 * tp / (pred.sum() + pos) if tp else 0.0
        if f1 > best_f1 + 1e-12:
            best_t, best_f1 = float(t), f1
    return best_t, best_f1


@dataclass
class _FrameFit:
    term_c: float
    cue_c: float
    threshold: float
    oof_f1: float
    ap_term: dict
    ap_cue: dict
    stack: dict = field(default_factory=dict)


def fit_frames(
    texts,
    labels: np.ndarray,
    groups,
    bounds=None,
    params: FrameParams | None = None,
    lexicon: CueLexicon | None = None,
) -> tuple[FrameModel, dict]:
    """Train the frame model on ``texts`` with ``labels`` (n x 5, :data:`FRAMES` order) and
    ``groups`` (one outlet per text; inner folds never split an outlet). Returns the model and a
    report of the choices made (per frame: C of each component with its inner average precision,
    threshold and the out-of-fold F1 at it)."""
    params = params or FrameParams()
    lexicon = lexicon or default_cue_lexicon()
    y_all = np.asarray(labels, dtype=int)
    groups = np.asarray(groups)
    term_lists, cues = featurize(texts, bounds, lexicon)
    vocab, idf = _vocabulary(term_lists, params.min_df, params.max_terms)
    x_terms, norm_floor = _tfidf(term_lists, vocab, idf)
    cue_mean = cues.mean(axis=0)
    cue_scale = cues.std(axis=0)
    cue_scale[cue_scale == 0] = 1.0
    x_cues = (cues - cue_mean) / cue_scale
    n_splits = min(params.inner_folds, len(np.unique(groups)))
    folds = list(GroupKFold(n_splits=n_splits).split(x_cues, groups=groups))
    k, q = len(FRAMES), x_cues.shape[1]
    term_coef, term_b = np.zeros((len(vocab), k)), np.zeros(k)
    cue_coef, cue_b = np.zeros((q, k)), np.zeros(k)
    stack_mean, stack_scale = np.zeros((k, 2)), np.ones((k, 2))
    stack_coef, stack_b = np.zeros((k, 2)), np.zeros(k)
    report: dict[str, dict] = {}
    for j, frame in enumerate(FRAMES):
        y = y_all[:, j]
        term_c, oof_a, ap_a = _pick_c(x_terms, y, folds, params.term_c_grid)
        cue_c, oof_b, ap_b = _pick_c(x_cues, y, folds, params.cue_c_grid)
        z = np.stack([oof_a, oof_b], axis=1)
        stack_mean[j], stack_scale[j] = z.mean(axis=0), z.std(axis=0) + 1e-9
        zs = (z - stack_mean[j]) / stack_scale[j]
        oof_stack = 1.0 / (1.0 + np.exp(-_oof_scores(zs, y, folds, params.stack_c)))
        threshold, oof_f1 = _best_threshold(y, oof_stack, params.threshold_grid)
        combiner = _lr(params.stack_c).fit(zs, y)
        stack_coef[j] = combiner.coef_[0]
        stack_b[j] = combiner.intercept_[0] - np.log(threshold / (1.0 - threshold))
        m_terms = _lr(term_c).fit(x_terms, y)
        term_coef[:, j], term_b[j] = m_terms.coef_[0], m_terms.intercept_[0]
        m_cues = _lr(cue_c).fit(x_cues, y)
        cue_coef[:, j], cue_b[j] = m_cues.coef_[0], m_cues.intercept_[0]
        fit = _FrameFit(term_c, cue_c, threshold, round(oof_f1, 4), ap_a, ap_b)
        fit.stack = {"coef": [round(float(v), 4) for v in stack_coef[j]], "threshold_logit_shift": True}
        report[frame] = asdict(fit)
    model = FrameModel(
        frames=FRAMES,
        vocabulary=vocab,
        idf=idf,
        term_coef=term_coef,
        term_intercept=term_b,
        cue_mean=cue_mean,
        cue_scale=cue_scale,
        cue_coef=cue_coef,
        cue_intercept=cue_b,
        stack_mean=stack_mean,
        stack_scale=stack_scale,
        stack_coef=stack_coef,
        stack_intercept=stack_b,
        norm_floor=np.asarray(norm_floor),
        lexicon=lexicon,
        meta={},
    )
    return model, report


def _file_sha1(path: Path) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()


def train_and_save(out: str | Path = FRAME_MODEL_PATH, gold_dir: str | Path | None = None) -> dict:
    """Train on every article of the corpus folder and write the model and its sidecar."""
    data = load_frames_gold(gold_dir)
    params = FrameParams()
    labels = data[list(FRAMES)].to_numpy(dtype=int)
    model, report = fit_frames(data["text"].tolist(), labels, data["outlet"].to_numpy(), params=params)
    model.meta = {
        "model": "narrative frames: per frame, TF-IDF logistic regression + frame-cue logistic regression, "
        "combined by a logistic regression; decision threshold moved to 0.5",
        "frames": list(FRAMES),
        "trained_on": f"Narrative Frames Corpus (Frermann et al. 2023), {DATA_FOLDER}/data/articles_metadata.tsv, "
        f"all {len(data)} articles in the folder (the rest of the corpus is held out by the data owner)",
        "data_commit": f"phenixace/narrative-framing {DATA_COMMIT} (PROVENANCE.md)",
        "data_licence": "MIT (articles are third-party news: none is stored here; the model holds word and word-pair "
        "weights only)",
        "split": "all articles for the final fit; inner folds: GroupKFold by outlet "
        f"({params.inner_folds} folds, {data['outlet'].nunique()} outlets)",
        "features": "sublinear TF-IDF of lower-cased words and adjacent word pairs (min_df, max_terms); frame-cue "
        "features (rate, share, top-3 per lexicon subcategory) from analysis/lexicons/frame_cues.csv",
        "cue_lexicon_sha1": _file_sha1(Path(CUE_LEXICON_PATH)),
        "hyper_parameters": {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(params).items()},
        "how_chosen": "C of each component: best average precision of out-of-fold scores (inner grouped folds); "
        "threshold: best F1 of the combiner's out-of-fold probabilities, then the combiner's intercept shifted by "
        "its logit so that 0.5 is the decision",
        "per_frame": report,
        "n_terms": len(model.vocabulary),
        "package_version": __version__,
        "date": _dt.date.today().isoformat(),
        "validation": "python -m analysis.validate.frames (outer folds grouped by outlet)",
    }
    model.save(out)
    return model.meta


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m analysis.training.frames [--out PATH] [--gold-dir DIR]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(FRAME_MODEL_PATH))
    parser.add_argument("--gold-dir", default=None)
    args = parser.parse_args(argv)
    meta = train_and_save(args.out, args.gold_dir)
    for frame, fit in meta["per_frame"].items():
        print(
            f"{frame:15s} term C={fit['term_c']:<6} cue C={fit['cue_c']:<5} threshold={fit['threshold']:.3f} oof F1={fit['oof_f1']:.3f}"
        )
    print(f"wrote {args.out} ({meta['n_terms']} terms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
