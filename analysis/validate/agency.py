"""Validation of the agency detector (:mod:`analysis.measures.agency`) against the project's gold set.

Gold: ``analysis/validate/gold/harm_events.csv``, annotated under ``docs/agency-gold.md`` (one row
per candidate harm word: its offsets in the raw record text, its label (a subcategory or
``not_event``), agent and patient offsets, agent type, and the dev/test split of its document).
Reuters-21578 and AG News rows carry offsets only, never text. Raw texts are read from the shared
folder as :mod:`analysis.validate.source_type_gold` reads them (a ``.txt`` file whole; a record's
text field of a ``.csv``/``.json`` file); AG News is ``test.csv`` row ``record`` (1-based), its
description unescaped as the baseline reader does.

Scores (:func:`score_agency`), each with a 95% percentile-bootstrap interval resampling whole
documents (2,000 resamples, fixed seed):

* ``subcategory_accuracy``: gold events whose predicted subcategory is right (missed = wrong);
* per label (the four subcategories and ``not_event``): precision, recall, F1. In fully annotated
  documents (stratum 1) a predicted event at an unannotated position counts as a false positive;
  in sampled sentences (stratum 2) only the annotated word is scored;
* ``agent_recall``: gold agents overlapped by the predicted agent; ``agent_precision``: predicted
  agents (on gold events) that overlap the gold agent; ``agent_type_accuracy``: gold agents whose
  type is predicted right (missed agent = wrong);

beside the naive baselines of :func:`naive_label`. :func:`ewt_passive_scores` measures the passive
and *by*-agent rules on UD English EWT test (gold ``aux:pass`` and ``obl:agent``).
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import config
from analysis.measures.agency import SUBCATEGORIES, harm_events, harm_lexicon

__all__ = [
    "GOLD_CSV",
    "LABELS",
    "load_gold",
    "raw_text",
    "predict",
    "naive_label",
    "score_agency",
    "ewt_passive_scores",
    "validate_agency",
]

GOLD_CSV = config.PACKAGE_DIR / "validate" / "gold" / "harm_events.csv"
LABELS = (*SUBCATEGORIES, "not_event")
_BE = re.compile(r"(?:\b(?:is|are|was|were|be|been|being|am)|['’]re|['’]m)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_JSON_FIELDS = {"reuters21578_iran_iraq_subset.json": ("newid", "body")}


def load_gold(path: str | Path = GOLD_CSV) -> pd.DataFrame:
    """The gold rows, one per candidate harm word."""
    return pd.read_csv(path, dtype={"record": str}, keep_default_na=False)


@lru_cache(maxsize=8)
def _records(path: str) -> dict[str, str]:
    p = Path(path)
    if p.name == "test.csv":  # AG News: no header; record = 1-based row number; the description
        from analysis.corpus.baseline_readers import unescape_ag_news

        with p.open(encoding="utf-8", newline="") as fh:
            return {str(i): unescape_ag_news(row[2]) for i, row in enumerate(csv.reader(fh), start=1)}
    if p.suffix == ".csv":
        with p.open(encoding="utf-8", newline="") as fh:
            return {row["url"]: row["text"] for row in csv.DictReader(fh)}
    key, field = _JSON_FIELDS.get(p.name, ("id", "text"))
    return {str(o[key]): o[field] for o in json.loads(p.read_text(encoding="utf-8"))}


def raw_text(shared_dir: str | Path, file: str, record: str = "") -> str:
    """The raw text the gold offsets index: ``seeds/*.txt`` from the project, other ``.txt`` files
    whole, a record of a ``.csv``/``.json`` file."""
    if file.startswith("seeds/"):
        return (config.PROJECT_ROOT / file).read_text(encoding="utf-8")
    path = Path(shared_dir) / file
    if path.suffix == ".txt":
        return path.read_text(encoding="utf-8")
    return _records(str(path))[record]


def _overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 >= 0 and b0 >= 0 and a0 < b1 and b0 < a1


def predict(gold: pd.DataFrame, shared_dir: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The gold rows with the detector's ``pred_label``, ``pred_agent_start``/``end``,
    ``pred_agent_type``, and the predicted events of stratum-1 documents at no gold row (false
    positives: one row each with ``doc``)."""
    rows, extra = [], []
    for (file, record), g in gold.groupby(["file", "record"], sort=False):
        text = raw_text(shared_dir, file, record)
        events = harm_events(text)
        used = set()
        for r in g.itertuples():
            hit = next((k for k, e in enumerate(events) if _overlap(e["start"], e["end"], r.start, r.end)), None)
            d = r._asdict()
            if hit is None:
                d.update(pred_label="not_event", pred_agent_start=-1, pred_agent_end=-1, pred_agent_type="")
            else:
                used.add(hit)
                e = events[hit]
                d.update(
                    pred_label=e["subcategory"],
                    pred_agent_start=e["agent_start"],
                    pred_agent_end=e["agent_end"],
                    pred_agent_type=e["agent_type"],
                )
            d["naive_label"] = naive_label(text, r.start, r.end)
            d["naive_noun_label"] = naive_label(text, r.start, r.end, nouns=True)
            rows.append(d)
        if int(g["stratum"].iloc[0]) == 1:
            for k, e in enumerate(events):
                if k not in used:
                    extra.append(
                        {"file": file, "record": record, "split": g["split"].iloc[0], "pred_label": e["subcategory"]}
                    )
    out = pd.DataFrame(rows).drop(columns=["Index"])
    out["doc"] = out["file"] + "#" + out["record"]
    fp = pd.DataFrame(extra, columns=["file", "record", "split", "pred_label"])
    fp["doc"] = fp["file"] + "#" + fp["record"]
    return out, fp


def naive_label(text: str, start: int, end: int, *, nouns: bool = False) -> str:
    """The naive baseline the issue names: a form of *be* (with at most one -ly adverb) before a
    word ending in -ed (or an irregular participle) is a passive, with an agent when "by" follows
    within five words; every other word is active. With ``nouns``, a word that is only a noun
    in the lexicon ("massacre" before "of", "attack" after "the") is nominal: a second, stronger
    naive baseline."""
    word = text[start:end].lower()
    forms, _ = harm_lexicon()
    participle = word.endswith(("ed", "en")) or word in ("shot", "slain", "hanged")
    if participle and _BE.search(text[max(0, start - 40) : start]):
        after = text[end : end + 60].split()[:5]
        return "passive_with_agent" if "by" in [w.lower() for w in after] else "agentless_passive"
    if nouns:
        kinds = {e.kind for e in forms.get(word, ())}
        before = text[max(0, start - 20) : start].lower().split()[-1:] or [""]
        if kinds == {"noun"} or ("noun" in kinds and before[0] in ("the", "a", "an", "another", "its", "their", "his")):
            return "nominal"
    return "active"


def _prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else float("nan")
    r = tp / (tp + fn) if tp + fn else float("nan")
    f = 2 * p * r / (p + r) if p + r and not np.isnan(p + r) else float("nan")
    return p, r, f


def _doc_counts(rows: pd.DataFrame, fp: pd.DataFrame, pred_col: str) -> dict[str, dict[str, np.ndarray]]:
    """Per-document counts from which every score is computed (so bootstrap resamples documents)."""
    docs = sorted(set(rows["doc"]) | set(fp["doc"]))
    idx = {d: k for k, d in enumerate(docs)}
    n = len(docs)
    c: dict[str, np.ndarray] = defaultdict(lambda: np.zeros(n))
    for r in rows.itertuples():
        k = idx[r.doc]
        g, p = r.label, getattr(r, pred_col)
        if g != "not_event":
            c["events"][k] += 1
            c["right"][k] += g == p
        for lab in LABELS:
            c[f"tp_{lab}"][k] += g == lab and p == lab
            c[f"fp_{lab}"][k] += g != lab and p == lab
            c[f"fn_{lab}"][k] += g == lab and p != lab
        if pred_col == "pred_label" and g != "not_event":
            gold_agent = r.agent_start != "" and int(r.agent_start) >= 0
            pred_agent = int(r.pred_agent_start) >= 0
            hit = (
                gold_agent
                and pred_agent
                and _overlap(int(r.pred_agent_start), int(r.pred_agent_end), int(r.agent_start), int(r.agent_end))
            )
            c["gold_agents"][k] += gold_agent
            c["pred_agents"][k] += pred_agent and p != "not_event"
            c["agent_hits"][k] += hit
            c["type_right"][k] += bool(hit) and r.pred_agent_type == r.agent_type
    for r in fp.itertuples():
        c[f"fp_{r.pred_label}"][idx[r.doc]] += 1
    return {"n": n, "counts": dict(c)}


def _scores(c: dict[str, np.ndarray], take) -> dict[str, float]:
    s = {k: float(v[take].sum()) for k, v in c.items()}
    out = {"subcategory_accuracy": s.get("right", 0) / s["events"] if s.get("events") else float("nan")}
    for lab in LABELS:
        p, r, f = _prf(s.get(f"tp_{lab}", 0), s.get(f"fp_{lab}", 0), s.get(f"fn_{lab}", 0))
        out.update({f"{lab}_precision": p, f"{lab}_recall": r, f"{lab}_f1": f})
    if "gold_agents" in s:
        out["agent_recall"] = s["agent_hits"] / s["gold_agents"] if s["gold_agents"] else float("nan")
        out["agent_precision"] = s["agent_hits"] / s["pred_agents"] if s["pred_agents"] else float("nan")
        out["agent_type_accuracy"] = s["type_right"] / s["gold_agents"] if s["gold_agents"] else float("nan")
    return out


def score_agency(
    rows: pd.DataFrame, fp: pd.DataFrame, pred_col: str = "pred_label", n_boot: int = 2000
) -> pd.DataFrame:
    """One row per score: ``metric``, ``value``, ``ci_low``, ``ci_high`` (95% bootstrap over documents)."""
    dc = _doc_counts(rows, fp if pred_col == "pred_label" else fp.iloc[0:0], pred_col)
    n, counts = dc["n"], dc["counts"]
    point = _scores(counts, slice(None))
    rng = np.random.default_rng(config.RANDOM_SEED)
    boots = [_scores(counts, rng.integers(0, n, n)) for _ in range(n_boot)]
    out = []
    for m, v in point.items():
        vals = np.array([b[m] for b in boots], dtype=float)
        vals = vals[~np.isnan(vals)]
        lo, hi = np.percentile(vals, [2.5, 97.5]) if len(vals) else (float("nan"), float("nan"))
        out.append({"metric": m, "value": v, "ci_low": float(lo), "ci_high": float(hi), "documents": n})
    return pd.DataFrame(out)


def ewt_passive_scores(split: str = "test", gold_dir: str | Path | None = None) -> pd.DataFrame:
    """Passive clauses (a verb with an ``aux:pass`` child) and their *by*-agents (``obl:agent``)
    on UD English EWT, found by the stored tagger and :func:`analysis.measures.agency_rules.passive_aux`
    / :func:`~analysis.measures.agency_rules.by_agent` over the treebank's own tokens: precision,
    recall, F1 of passive verbs, and of agents (the gold agent's head token inside the predicted
    agent of a verb found passive)."""
    from analysis.measures.agency_rules import Tagged, by_agent, passive_aux
    from analysis.measures.pos_tags import load_pos_tagger
    from analysis.training.ud_ewt import ewt_path, read_conllu

    tagger = load_pos_tagger()
    tp = fp = fn = atp = afp = afn = 0
    for sent in read_conllu(ewt_path(split, gold_dir)):
        words = sent.words
        s = Tagged(words, tagger.tag(words), [(k, k + 1) for k in range(len(words))])
        kids = defaultdict(list)
        for t in sent.tokens:
            kids[t.head].append(t)
        for i, t in enumerate(sent.tokens):
            gold = any(k.deprel == "aux:pass" for k in kids[t.id])
            pred = s.tags[i] in ("VBN", "VBD") and passive_aux(s, i) is not None
            tp += gold and pred
            fp += pred and not gold
            fn += gold and not pred
            gold_agent = [k.id - 1 for k in kids[t.id] if k.deprel == "obl:agent"] if gold else []
            span = by_agent(s, i) if pred else None
            if span and gold_agent and span[0] <= gold_agent[0] <= span[1]:
                atp += 1
            else:
                afp += span is not None
                afn += bool(gold_agent)
    rows = []
    for what, (a, b, c) in (("passive_verb", (tp, fp, fn)), ("by_agent", (atp, afp, afn))):
        p, r, f = _prf(a, b, c)
        rows.append(
            {"split": split, "what": what, "precision": p, "recall": r, "f1": f, "gold": a + c, "predicted": a + b}
        )
    return pd.DataFrame(rows)


def validate_agency(split: str = "dev", shared_dir: str | Path | None = None) -> pd.DataFrame:
    """Detector and naive baselines on one split of the gold set: one row per (system, metric)."""
    root = config.baseline_dir(shared_dir)
    if root is None:
        raise FileNotFoundError("shared data not found (set FRAMING_DATA_DIR)")
    gold = load_gold()
    gold = gold[gold["split"] == split]
    rows, fp = predict(gold, root.parent)
    parts = []
    for system, col in (
        ("detector", "pred_label"),
        ("naive_be_ed", "naive_label"),
        ("naive_be_ed_nouns", "naive_noun_label"),
    ):
        t = score_agency(rows, fp, col)
        t.insert(0, "system", system)
        parts.append(t)
    out = pd.concat(parts, ignore_index=True)
    out.insert(0, "split", split)
    return out


if __name__ == "__main__":  # pragma: no cover - the command that regenerates docs/agency-gold.md section 6
    import sys

    pd.set_option("display.width", 200)
    for part in sys.argv[1:] or ["dev"]:
        table = validate_agency(part)
        print(table.round(3).to_string(index=False))
    print(ewt_passive_scores("test").round(3).to_string(index=False))
