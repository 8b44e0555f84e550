"""Training and honest evaluation of the attribution CRF (:mod:`analysis.measures.attribution_tagger`) on PolNeAR.

Protocol (``python -m analysis train-attribution``, :func:`train_and_save`):

1. PolNeAR **train** only (first annotator per article, as in :mod:`analysis.validate.validation`). A
   document-held-out slice, SHA-1 of the article id mod 5 == 0 (about 20 %), is set aside.
2. For each feature set (with and without the rules' labels), CRFs are fitted on the other 80 %
   over a small grid of L1/L2 penalties (:data:`GRID`); on the slice, each part's marginal
   threshold is chosen from :data:`THRESHOLDS` (or the Viterbi path), maximising token F1.
   The penalty pair with the best mean Cue/Source F1 on the slice wins.
3. The combination used downstream is picked on the slice too: the tagger with rule features,
   or the token union of the rules and the tagger without them.
4. Both final models are refitted on all of train with the chosen settings and stored in
   ``analysis/models/`` with a JSON sidecar (training data and commit, features, penalties,
   thresholds, slice scores, package version).

PolNeAR dev is read only by :func:`evaluate_dev` (and the validation rows), once the models
are stored; the test split is not in the shared folder.

Results (models as shipped; grid c1 in {0.05, 0.3, 1.0}, c2 = 0.05, 100 L-BFGS iterations;
c1 = 1.0 won for both feature sets, the top of the grid). Token F1 on the train slice (168
articles): cue rules .592, tagger .632, tagger with rule features .632, union .635; source
.654, .704, .721, .689. Chosen combination: union for Cue, tagger with rule features for Source
and Content. PolNeAR dev (84 articles, evaluated once; 95 % document-bootstrap intervals):

=======  ===============================  ===================  ===================  ===================
part     detector                         P                    R                    F1
=======  ===============================  ===================  ===================  ===================
Cue      rules                            .703 (.677-.729)     .529 (.484-.572)     .603 (.572-.633)
Cue      tagger                           .718 (.692-.745)     .617 (.573-.662)     .664 (.634-.691)
Cue      tagger with rule features        .688 (.655-.719)     .646 (.603-.688)     .666 (.636-.693)
Cue      union (chosen)                   .643 (.619-.670)     .659 (.616-.701)     .651 (.627-.674)
Source   rules                            .701 (.668-.732)     .627 (.587-.666)     .662 (.631-.692)
Source   tagger                           .748 (.718-.777)     .738 (.700-.774)     .743 (.716-.770)
Source   tagger with rule features (ch.)  .821 (.789-.849)     .689 (.648-.731)     .749 (.715-.782)
Content  rules                            .821 (.795-.847)     .661 (.597-.717)     .733 (.690-.771)
Content  tagger                           .855 (.827-.880)     .847 (.829-.868)     .851 (.832-.870)
Content  tagger with rule features (ch.)  .854 (.828-.879)     .865 (.848-.882)     .859 (.841-.876)
=======  ===============================  ===================  ===================  ===================
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import __version__, config
from analysis.measures.attribution_tagger import (
    FEATURE_VERSION,
    LABELS,
    MODEL_DIR,
    MODEL_STEMS,
    PARTS,
    AttributionTagger,
    covered_tokens,
    document_tokens,
    gold_labels,
    rule_intervals,
    token_features,
)

__all__ = [
    "GRID",
    "THRESHOLDS",
    "slice_of",
    "prepare",
    "fit",
    "train_and_save",
    "predict_spans",
    "evaluate_dev",
    "prf_with_ci",
]

#: (c1, c2) pairs tried on the held-out slice of train.
GRID = ((0.05, 0.05), (0.3, 0.05), (1.0, 0.05))
MAX_ITERATIONS = 100
#: Attribute-label pairs seen fewer times than this in training are not features (size, speed).
MIN_FREQ = 3
#: Candidate marginal thresholds per part (None: the Viterbi path).
THRESHOLDS = (None, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
SLICE_MOD = 5
#: Weights with |w| below this are left out of the stored model (none, unless set).
PRUNE = 0.0


def slice_of(doc_id: str) -> bool:
    """True for the held-out slice of train: SHA-1 of the article id mod :data:`SLICE_MOD` == 0."""
    return int(hashlib.sha1(str(doc_id).encode("utf-8")).hexdigest()[:12], 16) % SLICE_MOD == 0


def _polnear_commit(data_dir=None) -> str:
    try:
        root = config.benchmark_dir(data_dir)
        txt = (Path(root) / "polnear" / "PROVENANCE.md").read_text(encoding="utf-8")
        m = re.search(r"Commit: `([0-9a-f]{40})`", txt)
        return m.group(1) if m else ""
    except (OSError, TypeError):
        return ""


def prepare(articles: pd.DataFrame, spans: pd.DataFrame | None) -> list[dict]:
    """Per document: tokens, rule records, features with and without rules, gold labels and gold
    token flags per part (when ``spans`` is given)."""
    from analysis.measures.attribution_rules import rule_records

    by_doc = {}
    if spans is not None:
        for d, g in spans.groupby("doc_id", sort=False):
            by_doc[d] = list(
                zip(
                    g["start"].astype(int),
                    g["end"].astype(int),
                    g["label"],
                    g["annotator"].astype(str) + g["ann_id"].astype(str),
                )
            )
    out = []
    for d, text in zip(articles["doc_id"], articles["text"]):
        doc = document_tokens(text)
        recs = rule_records(text, doc.bounds)
        item = {
            "doc_id": d,
            "doc": doc,
            "records": recs,
            "X": {True: token_features(doc, True, recs), False: token_features(doc, False, recs)},
        }
        if spans is not None:
            gold = by_doc.get(d, [])
            item["y"] = gold_labels(doc, gold)
            item["gold_flags"] = {
                p: np.array(
                    [c for c, _ in covered_tokens(doc.spans, [(s, e) for s, e, lab, _ in gold if lab == p])], dtype=bool
                )
                for p in PARTS
            }
        item["rule_flags"] = {
            p: np.array([c for c, _ in covered_tokens(doc.spans, iv)], dtype=bool)
            for p, iv in rule_intervals(text, doc.bounds, recs).items()
        }
        out.append(item)
    return out


def fit(
    items: list[dict], rules: bool, c1: float, c2: float, path: str | Path, max_iterations: int = MAX_ITERATIONS
) -> float:
    """Fit a CRF on the sentences of ``items`` and write it to ``path``; returns seconds taken."""
    import pycrfsuite

    t0 = time.perf_counter()
    tr = pycrfsuite.Trainer(verbose=False)
    for it in items:
        for x, y in zip(it["X"][rules], it["y"]):
            if x:
                tr.append(x, y)
    tr.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": max_iterations,
            "feature.minfreq": MIN_FREQ,
            "feature.possible_transitions": True,
        }
    )
    tr.train(str(path))
    return time.perf_counter() - t0


def _marginals(tagger: AttributionTagger, items: list[dict]) -> list[list[tuple]]:
    return [[tagger.marginals(x) for x in it["X"][tagger.rules]] for it in items]


def _token_pred(tagger: AttributionTagger, item: dict, margs: list[tuple]) -> dict[str, np.ndarray]:
    n = len(item["doc"].spans)
    out = {p: np.zeros(n, dtype=bool) for p in PARTS}
    for sent, (best, probs) in zip(item["doc"].sentences, margs):
        for p, runs in tagger.decode(best, probs).items():
            for a, b, _ in runs:
                out[p][sent[a:b]] = True
    return out


def _f1(gold: np.ndarray, pred: np.ndarray) -> tuple[float, float, float]:
    from analysis.validate.metrics import prf

    tp = int((gold & pred).sum())
    return prf(tp, int((~gold & pred).sum()), int((gold & ~pred).sum()))


def _choose_thresholds(tagger: AttributionTagger, items: list[dict], margs) -> tuple[dict, dict]:
    """Per part, the threshold of :data:`THRESHOLDS` with the best token F1 on ``items``; and the
    (P, R, F1) it reaches. Also stores the token predictions under ``item['pred']``."""
    chosen, scores = {}, {}
    gold = {p: np.concatenate([it["gold_flags"][p] for it in items]) for p in PARTS}
    best_preds = {}
    for p in PARTS:
        best = None
        for th in THRESHOLDS:
            tagger.thresholds[p] = th
            pred = np.concatenate([_token_pred(tagger, it, m)[p] for it, m in zip(items, margs)])
            s = _f1(gold[p], pred)
            if best is None or s[2] > best[1][2] + 1e-9:
                best = (th, s, pred)
        chosen[p], scores[p], best_preds[p] = best[0], best[1], best[2]
        tagger.thresholds[p] = best[0]
    return (
        chosen,
        {p: dict(zip(("precision", "recall", "f1"), map(lambda v: round(v, 4), scores[p]))) for p in PARTS},
        best_preds,
    )


def _sidecar(
    rules: bool, c1: float, c2: float, thresholds: dict, n_docs: int, n_tokens: int, commit: str, extra: dict
) -> dict:
    return {
        "feature_version": FEATURE_VERSION,
        "rules": rules,
        "c1": c1,
        "c2": c2,
        "max_iterations": MAX_ITERATIONS,
        "feature_minfreq": MIN_FREQ,
        "thresholds": thresholds,
        "labels": list(LABELS),
        "trained_on": f"PolNeAR v1.0.0 train, all {n_docs} articles, first annotator per article",
        "training_data": {
            "corpus": "PolNeAR v1.0.0 (Newell, Margolin & Ruths 2018)",
            "split": "train",
            "repository": "networkdynamics/PolNeAR",
            "commit": commit,
            "n_docs": n_docs,
            "n_tokens": n_tokens,
        },
        "features": (
            "lower-cased word, shape, 2-3 char prefix/suffix, capitalisation, closed-class group, "
            "cue-lexicon entry + subcategory, source-type lexicon category, inside quotation, "
            "punctuation gap, sentence position, sentence has quote / cue, window +-2, word bigrams"
            + (", rule extractor label (analysis.measures.attribution) of the token and window" if rules else "")
        ),
        "package_version": __version__,
        **extra,
    }


def _search(items: list[dict], grid, model_dir: Path, log) -> tuple[list[dict], dict, dict]:
    """Steps 2-3 of the protocol: slice score rows, the best settings per feature set, and the
    slice facts for the sidecar (scores of rules, tagger, combination; the chosen combination)."""
    fit_items = [it for it in items if not slice_of(it["doc_id"])]
    held = [it for it in items if slice_of(it["doc_id"])]
    tmp = model_dir / "_slice.crfsuite"
    rows, best = [], {}
    for rules in (False, True):
        for c1, c2 in grid:
            secs = fit(fit_items, rules, c1, c2, tmp)
            tagger = AttributionTagger(tmp, {"rules": rules, "thresholds": {}})
            th, sc, preds = _choose_thresholds(tagger, held, _marginals(tagger, held))
            mean = (sc["Cue"]["f1"] + sc["Source"]["f1"]) / 2
            log(
                f"rules={rules} c1={c1} c2={c2}: {secs:.0f} s; slice F1 cue {sc['Cue']['f1']:.3f} "
                f"source {sc['Source']['f1']:.3f} content {sc['Content']['f1']:.3f}; thresholds {th}"
            )
            for p in PARTS:
                rows.append(
                    {
                        "rules": rules,
                        "c1": c1,
                        "c2": c2,
                        "part": p,
                        "threshold": th[p],
                        **sc[p],
                        "fit_seconds": round(secs, 1),
                    }
                )
            if rules not in best or mean > best[rules]["mean"]:
                best[rules] = {"mean": mean, "c1": c1, "c2": c2, "thresholds": th, "scores": sc, "preds": preds}
    tmp.unlink(missing_ok=True)
    # the slice scores of the rules and of the union (rules OR tagger without rule features)
    rule_scores, union_scores = {}, {}
    for p in PARTS:
        g = np.concatenate([it["gold_flags"][p] for it in held])
        r = np.concatenate([it["rule_flags"][p] for it in held])
        rule_scores[p] = dict(zip(("precision", "recall", "f1"), (round(v, 4) for v in _f1(g, r))))
        union_scores[p] = dict(
            zip(("precision", "recall", "f1"), (round(v, 4) for v in _f1(g, r | best[False]["preds"][p])))
        )
    combo = {p: ("union" if union_scores[p]["f1"] > best[True]["scores"][p]["f1"] else "crf_rules") for p in PARTS}
    log(f"slice rules {rule_scores}\nslice union {union_scores}\ncombination by part {combo}")
    info = {
        "heldout_slice": f"sha1(doc_id) mod {SLICE_MOD} == 0 of PolNeAR train ({len(held)} articles); "
        f"models for selection fitted on the other {len(fit_items)}",
        "slice_scores_token": {
            "rules": rule_scores,
            "crf": best[False]["scores"],
            "crf_rules": best[True]["scores"],
            "union_rules_crf": union_scores,
        },
        "combination": combo,
        "grid": [list(g) for g in grid],
        "thresholds_tried": list(THRESHOLDS),
    }
    return rows, best, info


_SLICE_KEYS = ("heldout_slice", "slice_scores_token", "combination", "grid", "thresholds_tried")


def train_and_save(
    data_dir=None, model_dir: str | Path = MODEL_DIR, grid=GRID, search: bool = True, verbose: bool = True
) -> pd.DataFrame:
    """The protocol of the module docstring; returns the slice scores of every candidate (one row
    per feature set, penalty pair and part) and writes the two models and their sidecars.
    ``search=False`` skips steps 2-3 and refits the stored models with the settings and slice
    facts of their sidecars (about a third of the time)."""
    from analysis.validate.gold import load_polnear

    def log(msg):
        if verbose:
            print(msg, file=sys.stderr, flush=True)

    t_all = time.perf_counter()
    model_dir = Path(model_dir)
    model_dir.mkdir(parents=True, exist_ok=True)
    articles, spans = load_polnear("train", data_dir=data_dir)
    items = prepare(articles, spans)
    log(f"prepared {len(items)} train articles in {time.perf_counter() - t_all:.0f} s")
    if search:
        rows, best, info = _search(items, grid, model_dir, log)
    else:
        metas = {
            r: json.loads((model_dir / f"{MODEL_STEMS[r]}.json").read_text(encoding="utf-8")) for r in (False, True)
        }
        best = {r: {k: m[k] for k in ("c1", "c2", "thresholds")} for r, m in metas.items()}
        info = {k: metas[True][k] for k in _SLICE_KEYS}
        rows = []
    commit = _polnear_commit(data_dir)
    n_tokens = sum(len(it["doc"].spans) for it in items)
    for rules in (False, True):
        b = best[rules]
        path = model_dir / f"{MODEL_STEMS[rules]}.crfsuite"
        secs = fit(items, rules, b["c1"], b["c2"], path)
        log(f"final rules={rules} fitted on all train in {secs:.0f} s: {path} ({path.stat().st_size / 1e6:.2f} MB)")
        meta = _sidecar(
            rules,
            b["c1"],
            b["c2"],
            b["thresholds"],
            len(items),
            n_tokens,
            commit,
            dict(info, fit_seconds=round(secs, 1)),
        )
        (model_dir / f"{MODEL_STEMS[rules]}.json").write_text(
            json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )
    log(f"train-attribution took {time.perf_counter() - t_all:.0f} s")
    return pd.DataFrame(
        rows, columns=["rules", "c1", "c2", "part", "threshold", "precision", "recall", "f1", "fit_seconds"]
    )


# ---------------------------------------------------------------------------------------------
# prediction and evaluation
# ---------------------------------------------------------------------------------------------


def predict_spans(items: list[dict], tagger: AttributionTagger) -> dict[str, pd.DataFrame]:
    """Per part, predicted spans (doc_id, start, end, term) of ``tagger`` on prepared items."""
    rows = {p: [] for p in PARTS}
    for it in items:
        doc = it["doc"]
        for sent, x in zip(doc.sentences, it["X"][tagger.rules]):
            best, probs = tagger.marginals(x)
            for p, runs in tagger.decode(best, probs).items():
                for a, b, _prob in runs:
                    rows[p].append((it["doc_id"], doc.spans[sent[a]][0], doc.spans[sent[b - 1]][1], p))
    return {
        p: pd.DataFrame(r, columns=["doc_id", "start", "end", "term"]).astype({"start": "int64", "end": "int64"})
        for p, r in rows.items()
    }


def rule_spans(items: list[dict]) -> dict[str, pd.DataFrame]:
    """Per part, the rule extractor's spans (cue pieces, explicit sources, contents)."""
    rows = {p: [] for p in PARTS}
    for it in items:
        for p, iv in rule_intervals(it["doc"].text, it["doc"].bounds, it["records"]).items():
            rows[p] += [(it["doc_id"], int(a), int(b), "rules") for a, b in iv]
    return {
        p: pd.DataFrame(r, columns=["doc_id", "start", "end", "term"]).astype({"start": "int64", "end": "int64"})
        for p, r in rows.items()
    }


def prf_with_ci(
    gold: pd.DataFrame, pred: pd.DataFrame, texts: pd.DataFrame, n_boot: int = 1000, seed: int = config.RANDOM_SEED
) -> dict:
    """Token P/R/F1 (:func:`analysis.validate.metrics.token_counts`) with 95 % percentile bootstrap
    intervals of all three, resampling whole documents (as :func:`analysis.validate.metrics.bootstrap_f1_ci`,
    whose F1 interval this reproduces with the same seed)."""
    from analysis.validate.metrics import bootstrap_f1_ci, prf, token_counts

    c = token_counts(gold[["doc_id", "start", "end"]], pred[["doc_id", "start", "end"]], texts)
    arr = c[["tp", "fp", "fn"]].to_numpy(dtype=np.int64)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(arr), size=(n_boot, len(arr)))
    s = arr[idx].sum(axis=1)
    tp, fp, fn = s[:, 0], s[:, 1], s[:, 2]
    pb = np.where(tp + fp > 0, tp / np.maximum(tp + fp, 1), 0.0)
    rb = np.where(tp + fn > 0, tp / np.maximum(tp + fn, 1), 0.0)
    p, r, f = prf(*arr.sum(axis=0))
    ci = bootstrap_f1_ci(gold, pred, texts, n_boot=n_boot, seed=seed)
    q = lambda v: [round(float(x), 4) for x in np.quantile(v, [0.025, 0.975])]  # noqa: E731
    return {
        "precision": round(p, 4),
        "p_ci": q(pb),
        "recall": round(r, 4),
        "r_ci": q(rb),
        "f1": round(f, 4),
        "f1_ci": [round(float(ci["lo"]), 4), round(float(ci["hi"]), 4)],
    }


def evaluate_dev(data_dir=None, n_boot: int = 1000, model_dir: str | Path = MODEL_DIR) -> pd.DataFrame:
    """Rules, tagger alone and the combination on PolNeAR dev: token P/R/F1 with document
    bootstrap intervals, one row per part and detector. Reads dev; run once, after training."""
    from analysis.measures.attribution_tagger import load_tagger
    from analysis.validate.gold import load_polnear

    articles, spans = load_polnear("dev", data_dir=data_dir)
    texts = articles[["doc_id", "text"]]
    items = prepare(texts, None)
    alone, withr = load_tagger(False, model_dir), load_tagger(True, model_dir)
    preds = {"rules": rule_spans(items), "crf": predict_spans(items, alone), "crf_rules": predict_spans(items, withr)}
    combo = withr.meta.get("combination", {})
    preds["union_rules_crf"] = {p: pd.concat([preds["rules"][p], preds["crf"][p]], ignore_index=True) for p in PARTS}
    rows = []
    for p in PARTS:
        gold = spans[spans["label"] == p]
        for det, pr in preds.items():
            chosen = {"union": "union_rules_crf", "crf_rules": "crf_rules"}.get(combo.get(p))
            rows.append(
                {
                    "part": p,
                    "detector": det,
                    "chosen_combination": chosen == det,
                    **prf_with_ci(gold, pr[p], texts, n_boot),
                }
            )
    return pd.DataFrame(rows)


def tagger_validation_spans(articles: pd.DataFrame, model_dir: str | Path = MODEL_DIR) -> dict[str, tuple[dict, str]]:
    """For :mod:`analysis.validate.validation`: detector name -> (part -> predicted spans, note), for the
    tagger without rule features (``attribution_crf``) and the combination chosen on the train slice
    (``attribution_combined``: per part the rules-as-features tagger or the union of rules and
    tagger, as the sidecar says). Empty when the models have not been trained."""
    from analysis.measures.attribution_tagger import load_tagger

    try:
        alone, withr = load_tagger(False, model_dir), load_tagger(True, model_dir)
    except FileNotFoundError:
        return {}
    items = prepare(articles[["doc_id", "text"]], None)
    crf, crf_rules, rules = predict_spans(items, alone), predict_spans(items, withr), rule_spans(items)
    combo = withr.meta.get("combination", {})
    combined = {
        p: (pd.concat([rules[p], crf[p]], ignore_index=True) if combo.get(p) == "union" else crf_rules[p])
        for p in PARTS
    }
    how = ", ".join(
        f"{p.lower()}: {'rules OR tagger' if combo.get(p) == 'union' else 'tagger with rule features'}"
        for p in ("Cue", "Source")
    )
    return {
        "attribution_crf": (
            crf,
            f"CRF tagger without rule features (PolNeAR train; c1={alone.meta['c1']}, "
            f"c2={alone.meta['c2']}, thresholds chosen on a held-out slice of train)",
        ),
        "attribution_combined": (combined, f"rules + CRF, combination chosen on a held-out slice of train ({how})"),
    }
