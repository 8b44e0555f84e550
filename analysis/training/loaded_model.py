"""Training and threshold choice of the loaded-language context model (:mod:`analysis.measures.loaded_model`),
with its training data, split and learners.

:func:`train_context_model` (run by ``python -m analysis train-loaded``):

1. splits PTC train articles and BABE SG2 article links 60/20/20 into train / dev / test
   (:func:`doc_split`);
2. relearns the ``learned_*`` rows of ``loaded.csv`` from the PTC *train* split only
   (:func:`analysis.training.learned_entries.learn_entries`), so the shipped lexicon is held out on dev and test;
3. fits the CRF and the logistic regression on PTC train + BABE train;
4. on dev, picks the ensemble weight ``w_crf`` and the hysteresis thresholds ``hi``/``lo`` that
   maximise the mean of two scores of what the spans table marks loaded (lexicon spans OR model
   spans): PTC token F1 and BABE sentence macro-F1 (a sentence is biased when it has a span);
5. writes the model files and the JSON sidecar. After every choice is made, ``train-loaded`` adds
   the held-out test scores (the rows ``validate`` reports) to the sidecar as ``test_scores``
   (:func:`analysis.validate.validation_loaded.record_held_out_scores`); nothing is selected on them.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import config
from analysis.measures.loaded_model import (
    FEATURE_VERSION,
    MODEL_DIR,
    MODEL_STEM,
    ContextModel,
    flag_array,
    hysteresis_runs,
    sentence_sequences,
    token_features,
)

SPLIT_SALT = "loaded-context-v1"


def doc_split(doc_id: str) -> str:
    """``train`` (60 %), ``dev`` (20 %) or ``test`` (20 %) for a document id (SHA-1 of the salted id)."""
    h = int(hashlib.sha1(f"{SPLIT_SALT}:{doc_id}".encode()).hexdigest()[:12], 16) % 10
    return "train" if h < 6 else ("dev" if h < 8 else "test")


# --------------------------------------------------------------------------------------------
# training data
# --------------------------------------------------------------------------------------------


@dataclass
class Corpus:
    """Tokens, features, gold labels and sentence ranges of one training corpus, per document."""

    texts: dict  # doc_id -> text
    tokens: dict  # doc_id -> [(start, end)]
    features: dict  # doc_id -> [[feature]]
    labels: dict  # doc_id -> bool array
    seqs: dict  # doc_id -> [(a, b)] token ranges of sentences
    split: dict  # doc_id -> train/dev/test

    def docs(self, split: str) -> list[str]:
        return [d for d in self.texts if self.split[d] == split]


def build_corpus(
    texts: pd.DataFrame, gold: pd.DataFrame, split_of: dict, data_dir=None, sentences: bool = True
) -> Corpus:
    """:class:`Corpus` of ``texts`` (doc_id, text) with gold spans (doc_id, start, end)."""
    from analysis.corpus.sentences import ensure_bounds
    from analysis.training.token_labels import token_labels

    spans: dict = {}
    for d, a, b in zip(gold["doc_id"].astype(str), gold["start"], gold["end"]):
        spans.setdefault(d, []).append((int(a), int(b)))
    c = Corpus({}, {}, {}, {}, {}, {})
    for d, t in zip(texts["doc_id"].astype(str), texts["text"]):
        toks, y = token_labels(t, spans.get(d, []))
        _, feats = token_features(t, toks, data_dir)
        c.texts[d], c.tokens[d], c.features[d], c.labels[d] = t, toks, feats, y
        c.seqs[d] = sentence_sequences(toks, ensure_bounds(t) if sentences else None)
        c.split[d] = split_of[d]
    return c


def load_training_data(data_dir=None) -> dict:
    """PTC train articles and BABE SG2 sentences as :class:`Corpus` objects, with their splits, plus
    the BABE sentence labels: ``{"ptc": Corpus, "babe": Corpus, "babe_frame": DataFrame}``."""
    from analysis.validate.gold import babe_word_spans, load_babe, load_ptc

    articles, gold = load_ptc("train", data_dir=data_dir)
    ptc = build_corpus(articles, gold, {str(d): doc_split(str(d)) for d in articles["doc_id"]}, data_dir)
    babe = load_babe(data_dir=data_dir).reset_index(drop=True)
    texts = pd.DataFrame({"doc_id": babe.index.astype(str), "text": babe["text"].astype(str)})
    groups = babe["news_link"].fillna(pd.Series(texts["doc_id"], index=babe.index)).astype(str)
    split_of = {d: doc_split(g) for d, g in zip(texts["doc_id"], groups)}
    bc = build_corpus(texts, babe_word_spans(babe), split_of, data_dir, sentences=False)
    babe = babe.assign(doc_id=texts["doc_id"], group=groups, split=[split_of[d] for d in texts["doc_id"]])
    return {"ptc": ptc, "babe": bc, "babe_frame": babe, "ptc_articles": articles, "ptc_gold": gold}


# --------------------------------------------------------------------------------------------
# training
# --------------------------------------------------------------------------------------------

#: Calibrated threshold of a drawn span: a model span is drawn (and counted) only when a token of it
#: reaches this probability (the run then grows over tokens >= ``lo``); the loader starts spans at
#: max(hi, DRAW_THRESHOLD). Chosen by 5-fold CV by article on the PTC pool (train+dev of doc_split,
#: folds ptc_fold, LR of this configuration refitted per fold with BABE): the mean of token F1 and of
#: the Spearman correlation of words-in-spans per 1,000 words with gold loaded density, over
#: hi 0.05-0.20 x lo 0.02-0.08 (numbers in DRAW_THRESHOLD_NOTE and the README's Validation section;
#: held-out rank correlations by analysis.validate.validation_rank).
DRAW_THRESHOLD = 0.12
DRAW_THRESHOLD_NOTE = (
    "5-fold CV by article on PTC train+dev of doc_split (300 articles, LR refitted per fold with BABE): "
    "hi 0.12 / lo 0.03 gives token F1 .309 (P .326 R .293) and Spearman .605 of words in spans per 1k "
    "with gold density, against .304 / .605 at the dev-chosen hi 0.08; spans below 0.12 are not drawn"
)
CRF_PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 80, "feature.possible_transitions": True, "feature.minfreq": 2}
LR_PARAMS = {"alpha": 3e-6, "epochs": 15, "min_count": 2, "prune": 1e-4}


def fit_crf(corpora: list[tuple[Corpus, list[str]]], path: Path, params: dict = CRF_PARAMS) -> None:
    """Train the CRF on the given documents of each corpus and write it to ``path``."""
    import pycrfsuite

    tr = pycrfsuite.Trainer(verbose=False)
    for c, docs in corpora:
        for d in docs:
            y = c.labels[d]
            f = c.features[d]
            for a, b in c.seqs[d]:
                tr.append(f[a:b], ["1" if v else "0" for v in y[a:b]])
    tr.set_params(params)
    tr.train(str(path))


def fit_lr(
    corpora: list[tuple[Corpus, list[str]]], params: dict = LR_PARAMS, seed: int = config.RANDOM_SEED
) -> tuple[dict, float]:
    """Logistic regression weights (feature -> weight, pruned) and intercept."""
    import scipy.sparse as sp
    from sklearn.linear_model import SGDClassifier

    vocab: dict = {}
    indices, indptr, ys = [], [0], []
    for c, docs in corpora:
        for d in docs:
            for fs in c.features[d]:
                for f in dict.fromkeys(fs):
                    indices.append(vocab.setdefault(f, len(vocab)))
                indptr.append(len(indices))
            ys.append(c.labels[d])
    X = sp.csr_matrix(
        (np.ones(len(indices)), np.asarray(indices), np.asarray(indptr)), shape=(len(indptr) - 1, len(vocab))
    )
    Y = np.concatenate(ys)
    counts = np.asarray(X.sum(axis=0)).ravel()
    keep = np.flatnonzero(counts >= params["min_count"])
    names = np.asarray(list(vocab), dtype=object)[keep]
    order = np.argsort(names, kind="stable")  # sorted columns: deterministic
    keep, names = keep[order], names[order]
    clf = SGDClassifier(
        loss="log_loss",
        alpha=params["alpha"],
        max_iter=params["epochs"],
        tol=None,
        average=True,
        random_state=seed,
        shuffle=True,
    )
    clf.fit(X[:, keep], Y)
    coef = clf.coef_.ravel()
    return ({str(n): float(w) for n, w in zip(names, coef) if abs(w) >= params["prune"]}, float(clf.intercept_[0]))


#: ``lexicon_source`` of model spans in the spans table.
CITATION = (
    "loaded_context: CRF/LR ensemble trained on SemEval-2020 Task 11 PTC train (Da San Martino et al. "
    "2020) and BABE SG2 (Spinde et al. 2021), train split"
)
#: The grid searched on dev.
W_GRID = (0.0, 0.25, 0.5, 0.75, 1.0)
HI_GRID = (0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)
LO_GRID = (0.03, 0.05, 0.08, 0.1, 0.15, 0.2, 0.3)


def _mask(p: np.ndarray, hi: float, lo: float) -> np.ndarray:
    z = np.zeros(len(p), dtype=bool)
    for i, j in hysteresis_runs(p, hi, lo):
        z[i:j] = True
    return z


def _macro_f1(y: np.ndarray, z: np.ndarray) -> float:
    tp, fp, fn, tn = (y & z).sum(), (~y & z).sum(), (y & ~z).sum(), (~y & ~z).sum()
    f_pos = 2 * tp / max(2 * tp + fp + fn, 1)
    f_neg = 2 * tn / max(2 * tn + fn + fp, 1)
    return float((f_pos + f_neg) / 2)


def dev_grid(model: ContextModel, data: dict, lexicon, split: str = "dev") -> pd.DataFrame:
    """Scores of every (w_crf, hi, lo) of the grid on ``split``: PTC token P/R/F1 of the model and of
    the union with ``lexicon`` (a LexiconMatcher), BABE sentence macro-F1 of both."""
    P, B = data["ptc"], data["babe"]
    babe = data["babe_frame"].set_index("doc_id")

    def probs(c, docs):
        return {
            d: (
                model.crf_marginals(c.features[d], c.seqs[d]),
                model.lr_probabilities(c.features[d]),
                flag_array(c.tokens[d], len(c.texts[d]), lexicon.finditer(c.texts[d])),
            )
            for d in docs
        }

    pp, pb = probs(P, P.docs(split)), probs(B, B.docs(split))
    yb = np.asarray([babe.at[d, "label_bias"] == "Biased" for d in pb])
    rows = []
    for w in W_GRID:
        pw = {d: w * c + (1 - w) * lr for d, (c, lr, _) in pp.items()}
        bw = {d: w * c + (1 - w) * lr for d, (c, lr, _) in pb.items()}
        for hi in HI_GRID:
            for lo in LO_GRID:
                if lo > hi:
                    continue
                cnt = np.zeros((2, 3))
                for d, p in pw.items():
                    y, z = P.labels[d], _mask(p, hi, lo)
                    for k, m in enumerate((z, z | pp[d][2])):
                        cnt[k] += ((m & y).sum(), (m & ~y).sum(), (~m & y).sum())
                zb = np.asarray([_mask(p, hi, lo).any() for p in bw.values()])
                zu = zb | np.asarray([v[2].any() for v in pb.values()])
                f1 = 2 * cnt[:, 0] / np.maximum(2 * cnt[:, 0] + cnt[:, 1] + cnt[:, 2], 1)
                rows.append(
                    {
                        "w_crf": w,
                        "hi": hi,
                        "lo": lo,
                        "ptc_f1_model": f1[0],
                        "ptc_f1_union": f1[1],
                        "ptc_p_union": cnt[1, 0] / max(cnt[1, 0] + cnt[1, 1], 1),
                        "ptc_r_union": cnt[1, 0] / max(cnt[1, 0] + cnt[1, 2], 1),
                        "babe_macro_model": _macro_f1(yb, zb),
                        "babe_macro_union": _macro_f1(yb, zu),
                    }
                )
    g = pd.DataFrame(rows)
    g["objective"] = (g["ptc_f1_union"] + g["babe_macro_union"]) / 2
    return g


def _relearn_lexicon(data: dict) -> int:
    """Rewrite the learned rows of loaded.csv from the PTC train split only; returns their number."""
    from analysis.measures.loaded_model import hand_lexicon
    from analysis.training.learned_entries import learn_entries, write_learned_entries

    arts, gold = data["ptc_articles"], data["ptc_gold"]
    train = set(data["ptc"].docs("train"))
    a = arts[arts["doc_id"].astype(str).isin(train)]
    g = gold[gold["doc_id"].astype(str).isin(train)]
    ent = learn_entries(a, g, hand_lexicon(), fold_note="PTC train, loaded-context train split (60% of articles)")
    # no term in two lexicons: an n-gram that is wholly a booster or hedge entry stays there
    from analysis.measures.lexicon import get_matcher

    other = [get_matcher("boosters"), get_matcher("hedges")]
    whole = [any(any(m.start == 0 and m.end == len(t) for m in mm.finditer(t)) for mm in other) for t in ent["term"]]
    ent = ent[~pd.Series(whole, index=ent.index)].reset_index(drop=True)
    write_learned_entries(ent)
    return len(ent)


def train_context_model(
    data_dir=None,
    model_dir: str | Path = MODEL_DIR,
    relearn_lexicon: bool = True,
    use_babe: bool = True,
) -> pd.DataFrame:
    """Train, choose thresholds on dev and save (see module docstring). Returns a summary table.
    The held-out test scores are added to the sidecar afterwards by validation code
    (:func:`analysis.validate.validation_loaded.record_held_out_scores`; ``train-loaded`` does both),
    so training imports nothing from validation."""
    from analysis.measures.lexicon import clear_caches, get_matcher

    t0 = time.perf_counter()
    data = load_training_data(data_dir)
    rows = [
        {
            "what": "data",
            "value": f"PTC {len(data['ptc'].texts)} articles, BABE {len(data['babe'].texts)} "
            f"sentences; features {time.perf_counter() - t0:.0f} s",
        }
    ]
    if relearn_lexicon:
        n = _relearn_lexicon(data)
        clear_caches()
        rows.append({"what": "learned lexicon entries (PTC train split)", "value": str(n)})
    P, B = data["ptc"], data["babe"]
    corpora = [(P, P.docs("train"))] + ([(B, B.docs("train"))] if use_babe else [])
    model_dir = Path(model_dir)
    model_dir.mkdir(parents=True, exist_ok=True)
    crf_path = model_dir / f"{MODEL_STEM}_crf.crfsuite"
    t1 = time.perf_counter()
    fit_crf(corpora, crf_path)
    weights, intercept = fit_lr(corpora)
    fit_s = time.perf_counter() - t1
    model = ContextModel(str(crf_path), weights, intercept)
    grid = dev_grid(model, data, get_matcher("loaded"))
    best = grid.sort_values(["objective", "hi"], ascending=[False, False], kind="stable").iloc[0]
    lr_path = model_dir / f"{MODEL_STEM}_lr.csv.gz"
    body = "feature,weight\n" + "".join(f"{_csv_field(k)},{v:.5g}\n" for k, v in sorted(weights.items()))
    with open(lr_path, "wb") as fh, gzip.GzipFile(filename="", mode="wb", fileobj=fh, mtime=0) as gz:
        gz.write(body.encode("utf-8"))
    n_train = {k: len(c.docs("train")) for k, c in (("ptc", P), ("babe", B))}
    meta = {
        "feature_version": FEATURE_VERSION,
        "citation": CITATION + ("" if use_babe else " (PTC only)"),
        "data": {
            "ptc": "SemEval-2020 Task 11 PTC train (Loaded_Language + Name_Calling,Labeling spans)",
            "babe": "BABE SG2 annotator-marked biased words (Spinde et al. 2021)" if use_babe else "not used",
        },
        "split": {
            "rule": f"sha1('{SPLIT_SALT}:' + id) mod 10: 0-5 train, 6-7 dev, 8-9 test; "
            "id = PTC article id, BABE news_link",
            "n_docs": {k: {s: len(c.docs(s)) for s in ("train", "dev", "test")} for k, c in (("ptc", P), ("babe", B))},
            "trained_on": "train" + (" (PTC + BABE)" if use_babe else " (PTC)"),
            "thresholds_on": "dev",
            "held_out": "test (scored only by validate)",
        },
        "features": "word, suffix3, suffix4, prefix4, shape; words and bigrams +-2; flags (hand loaded lexicon "
        "and boosters as shipped without circular entries, MPQA strongsubj, MPQA strongsubj negative, "
        "Recasens bias) at offsets -3..+3; quotes, '!', first token of a line",
        "crf_params": CRF_PARAMS,
        "lr_params": LR_PARAMS,
        "lr_intercept": round(intercept, 6),
        "n_lr_weights": len(weights),
        "w_crf": float(best["w_crf"]),
        "hi": float(best["hi"]),
        "lo": float(best["lo"]),
        "draw_threshold": DRAW_THRESHOLD,
        "draw_threshold_chosen_by": DRAW_THRESHOLD_NOTE,
        "selection": "max over the dev grid of mean(PTC token F1 of lexicon OR model, BABE sentence macro-F1 "
        "of lexicon OR model)",
        "dev_scores": {
            k: round(float(best[k]), 4)
            for k in (
                "ptc_f1_model",
                "ptc_f1_union",
                "ptc_p_union",
                "ptc_r_union",
                "babe_macro_model",
                "babe_macro_union",
            )
        },
        "n_train_docs": n_train,
        "seed": config.RANDOM_SEED,
        "fit_seconds": round(fit_s),
    }
    (model_dir / f"{MODEL_STEM}.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    size = sum(p.stat().st_size for p in (crf_path, lr_path)) / 1e6
    rows += [
        {
            "what": "context model",
            "value": f"w_crf={meta['w_crf']} hi={meta['hi']} lo={meta['lo']}; {size:.2f} MB; fit {fit_s:.0f} s",
        },
        {"what": "dev scores", "value": json.dumps(meta["dev_scores"])},
    ]
    return pd.DataFrame(rows)


def _csv_field(s: str) -> str:
    return '"' + s.replace('"', '""') + '"' if any(c in s for c in ',"\n\r') else s
