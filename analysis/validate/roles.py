"""Validation of narrative roles against the Narrative Frames corpus (Frermann et al. 2023).

Cross-validation grouped by **outlet** (34 outlets once the corpus's two spellings of each are
unified; 5 folds, :class:`sklearn.model_selection.GroupKFold`), so no outlet's house style is in
both training and test. In each outer fold the model is fitted on the training outlets, its
listing rule chosen on 4 inner folds of those outlets (:func:`analysis.training.roles.inner_listing`),
and the test outlets' articles are scored once. Reported, per matching rule (``head``, the
training rule, and the stricter ``exact``; :mod:`analysis.training.roles_data`):

``recall``
    gold (article, entity, role) triples found: some listed row names the entity and carries
    the role;
``role_accuracy``
    among listed rows that name a gold entity, the share whose role is a gold role of it;
``precision``
    listed rows that name a gold entity with its role, over all listed rows;
``rows_per_doc``
    listed rows per article;

each with a 95% percentile bootstrap interval over articles (2,000 resamples), beside two naive
baselines fitted on the same training folds:

``naive_category``
    the n entities with most mentions (n chosen on the training folds by F2), each with the
    most frequent gold role of its lexicon category in the training folds (the stakeholder
    category prior: public -> victim, policy -> hero, industry -> villain ...);
``naive_names``
    every capitalised name mentioned at least twice, with the training folds' majority role.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from analysis.config import RANDOM_SEED
from analysis.training.roles import (
    Candidates,
    build_candidates,
    fit_models,
    grouped_folds,
    inner_listing,
    rates,
    score_candidates,
    select_rows,
    triple_counts,
)
from analysis.training.roles_data import MATCH_RULES, ROLES, load_narrative_roles

METRICS = ("recall", "role_accuracy", "precision")
#: Numerator and denominator columns of :func:`analysis.training.roles.triple_counts` per metric.
_RATIOS = {"recall": ("found", "gold"), "role_accuracy": ("correct", "named"), "precision": ("correct", "rows")}


def bootstrap_rates(counts: pd.DataFrame, n_boot: int = 2000, seed: int = RANDOM_SEED, alpha: float = 0.05) -> dict:
    """Each metric of :data:`METRICS` with its percentile bootstrap interval, resampling
    articles (rows of ``counts``) with replacement: ``{metric: (value, lo, hi)}``."""
    arr = {k: counts[k].to_numpy(dtype=float) for k in ("gold", "found", "rows", "named", "correct")}
    n = len(counts)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, n, size=(n_boot, n))
    out = {}
    for metric, (num, den) in _RATIOS.items():
        top, bottom = arr[num][idx].sum(axis=1), arr[den][idx].sum(axis=1)
        boot = np.divide(top, bottom, out=np.full(n_boot, np.nan), where=bottom > 0)
        total = arr[den].sum()
        value = arr[num].sum() / total if total else float("nan")
        lo, hi = np.nanquantile(boot, [alpha / 2, 1 - alpha / 2])
        out[metric] = (float(value), float(lo), float(hi))
    return out


def _majority_by_category(train: pd.DataFrame) -> tuple[dict, str]:
    matched = train[train["main"] == 1]
    best = matched[list(ROLES)].to_numpy().argmax(axis=1)
    labels = pd.Series(np.array(ROLES)[best], index=matched.index)
    overall = labels.value_counts().index[0] if len(labels) else "villain"
    by_cat = {c: g.value_counts().index[0] for c, g in labels.groupby(matched["category"].fillna(""))}
    return by_cat, overall


def naive_category(train: pd.DataFrame, test: pd.DataFrame, gold: pd.DataFrame, top_n: int | None = None):
    """Rows of the ``naive_category`` baseline for the ``test`` candidates (see the module
    docstring); ``top_n`` is chosen on ``train`` by F2 when not given."""
    by_cat, overall = _majority_by_category(train)

    def rows(frame: pd.DataFrame, n: int) -> pd.DataFrame:
        top = frame.sort_values(["doc_id", "mentions"], ascending=[True, False], kind="stable")
        top = top.groupby("doc_id", sort=False).head(n).copy()
        top["role"] = [by_cat.get(c, overall) for c in top["category"].fillna("")]
        return top

    if top_n is None:
        train_gold = gold[gold["doc_id"].isin(set(train["doc_id"]))]
        top_n = max(range(2, 13), key=lambda n: rates(triple_counts(rows(train, n), train_gold))["f2"])
    return rows(test, top_n), top_n


def naive_names(train: pd.DataFrame, test: pd.DataFrame) -> pd.DataFrame:
    """Rows of the ``naive_names`` baseline: capitalised names with two or more mentions, each
    with the majority role of the training folds' matched candidates."""
    _by_cat, overall = _majority_by_category(train)
    rows = test[(test["kind"] == "name") & (test["mentions"] >= 2)].copy()
    rows["role"] = overall
    return rows


def cross_validate(
    data_dir=None,
    n_splits: int = 5,
    params: dict | None = None,
    n_boot: int = 2000,
    seed: int = RANDOM_SEED,
    cands: Candidates | None = None,
) -> tuple[pd.DataFrame, dict]:
    """Grouped-by-outlet cross-validation of the role model and the naive baselines (see the
    module docstring). Returns the results table (``system, rule, metric, value, lo, hi``, plus
    ``rows_per_doc``, ``articles`` and ``gold_triples``) and the details (the listing rule chosen
    in each fold, out-of-fold rows of every system)."""
    articles, gold = load_narrative_roles(data_dir)
    cands = cands or build_candidates(articles, gold)
    outlet = dict(zip(articles["doc_id"], articles["outlet"]))
    groups = cands.frame["doc_id"].map(outlet).to_numpy()
    listed = {"model": [], "naive_category": [], "naive_names": []}
    folds = []
    for k, (tr, te) in enumerate(grouped_folds(cands.frame, groups, n_splits)):
        train, test = cands.subset(tr), cands.subset(te)
        per_role, min_score, inner_f2 = inner_listing(train, gold, groups[tr], params)
        main, role = fit_models(train, params)
        listed["model"].append(select_rows(score_candidates(test, main, role), per_role, min_score))
        rows, top_n = naive_category(train.frame, test.frame, gold)
        listed["naive_category"].append(rows)
        listed["naive_names"].append(naive_names(train.frame, test.frame))
        folds.append(
            {
                "fold": k,
                "test_outlets": sorted(set(groups[te])),
                "test_articles": int(test.frame["doc_id"].nunique()),
                "per_role": per_role,
                "min_score": min_score,
                "inner_f2": round(inner_f2, 4),
                "naive_top_n": top_n,
            }
        )
    out = []
    for system, parts in listed.items():
        rows = pd.concat(parts, ignore_index=True)
        listed[system] = rows
        for rule in MATCH_RULES:
            counts = triple_counts(rows, gold, rule)
            stats = bootstrap_rates(counts, n_boot=n_boot, seed=seed)
            per_doc = rates(counts)["rows_per_doc"]
            for metric, (value, lo, hi) in stats.items():
                out.append(
                    {
                        "system": system,
                        "rule": rule,
                        "metric": metric,
                        "value": round(value, 4),
                        "lo": round(lo, 4),
                        "hi": round(hi, 4),
                        "rows_per_doc": round(per_doc, 2),
                        "articles": int(len(counts)),
                        "gold_triples": int(counts["gold"].sum()),
                    }
                )
    details = {"folds": folds, "rows": listed, "outlets": int(len(set(groups)))}
    return pd.DataFrame(out), details


def summary(results: pd.DataFrame) -> dict:
    """The cross-validation results as nested plain data for the model's sidecar:
    ``{system: {rule: {metric: [value, lo, hi]}}}`` plus rows per document."""
    out: dict = {}
    for row in results.itertuples():
        entry = out.setdefault(row.system, {}).setdefault(row.rule, {"rows_per_doc": row.rows_per_doc})
        entry[row.metric] = [row.value, row.lo, row.hi]
    return out


def category_counts(rows: pd.DataFrame) -> pd.DataFrame:
    """Listed rows per stakeholder category and role (a look at what the model casts)."""
    c = Counter(zip(rows["category"].fillna("").replace("", "none"), rows["role"]))
    return pd.DataFrame([{"category": k[0], "role": k[1], "rows": v} for k, v in sorted(c.items())])
