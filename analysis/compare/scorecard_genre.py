"""Group views of the scorecard (issue 25): the index components by group with intervals
(:func:`components_by_group`) and the within-genre comparison, each group against the other
groups' texts of the same text genre (:func:`within_genre`, "genre before judgement").

Sourcing norms differ by genre: an op-ed cites fewer sources than a news report, a press release
speaks for its publisher. Comparing an outlet's opinion pieces with another outlet's news reports
would call the op-eds unreliable for being op-eds. :func:`within_genre` therefore compares, for
every ``text_genre`` (:mod:`analysis.measures.text_genre`) and every group with texts of that genre,
the group's texts with the *other* groups' texts of the same genre, never across genres.

The statistics are those of every comparison of the package
(:func:`analysis.compare.stats.compare_groups`: Cliff's delta with a bootstrap interval, permutation
p); ``group_a`` is the group, ``group_b`` the label :data:`OTHERS` ("the other groups' texts of the
genre"); an effect > 0 means the group's texts score higher than the others of their genre. Holm's
correction runs over every row of the table (``p_holm``: all genres and groups of one call).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = [
    "OTHERS",
    "MIN_GENRE_DOCS",
    "WITHIN_GENRE_COLUMNS",
    "COMPONENT_SUMMARY_COLUMNS",
    "within_genre",
    "components_by_group",
]

#: ``group_b`` of every row: the other groups' texts of the same genre.
OTHERS = "others of the genre"
#: A side of a comparison needs at least this many texts of the genre (fewer: the row is left out).
MIN_GENRE_DOCS = 2
WITHIN_GENRE_COLUMNS = [
    "text_genre",
    "measure",
    "group_a",
    "group_b",
    "n_a",
    "n_b",
    "median_a",
    "median_b",
    "cliffs_delta",
    "cliffs_delta_ci_low",
    "cliffs_delta_ci_high",
    "p_perm",
    "p_holm",
    "note",
]
COMPONENT_SUMMARY_COLUMNS = ["group", "component", "n", "mean", "ci_low", "ci_high", "weight"]


def within_genre(
    table: pd.DataFrame,
    group_col: str = "group",
    measures: Sequence[str] = ("reliability_index",),
    min_docs: int = MIN_GENRE_DOCS,
    **kwargs,
) -> pd.DataFrame:
    """Each group against the other groups' texts of the same ``text_genre`` on each of
    ``measures`` (a scorecard table with ``text_genre`` and ``group_col``; the index is added when
    missing). One row per (text genre, group, measure), columns :data:`WITHIN_GENRE_COLUMNS`, in
    the order genres and groups first appear; ``kwargs`` go to
    :func:`analysis.compare.stats.compare_groups` (``n_resamples``, ``seed``)."""
    from analysis.compare.reliability_index import reliability_index
    from analysis.compare.stats import compare_groups, holm

    frame = table.copy()
    if "reliability_index" in measures and "reliability_index" not in frame.columns:
        frame["reliability_index"] = reliability_index(frame)
    if "other_side_response" in frame.columns:
        frame["other_side_response"] = frame["other_side_response"].astype(float)
    parts = []
    for genre, texts in frame.groupby("text_genre", sort=False):
        for group in dict.fromkeys(texts[group_col]):
            side = texts[group_col].eq(group).map({True: group, False: OTHERS})
            sizes = side.value_counts()
            if sizes.get(group, 0) < min_docs or sizes.get(OTHERS, 0) < min_docs:
                continue
            pair = texts.assign(_side=side.to_numpy())
            usable = [m for m in measures if pair.groupby("_side")[m].count().min() >= min_docs]
            if not usable:
                continue
            res = compare_groups(pair, "_side", usable, pairs=[(group, OTHERS)], **kwargs)
            parts.append(res.assign(text_genre=genre))
    if not parts:
        return pd.DataFrame(columns=WITHIN_GENRE_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    out["p_holm"] = holm(out["p_perm"].to_numpy())
    return out[WITHIN_GENRE_COLUMNS]


def components_by_group(
    table: pd.DataFrame, group_col: str = "group", n_boot: int = 1000, seed: int = 0, confidence: float = 0.95
) -> pd.DataFrame:
    """The mean of every index component (:data:`analysis.compare.reliability_index.INDEX_COMPONENTS`,
    each in [0, 1]) and of the index per group, with a percentile bootstrap interval (documents
    resampled within the group, ``n_boot`` resamples, fixed ``seed``) and the component's published
    weight. Long format, columns :data:`COMPONENT_SUMMARY_COLUMNS`, groups in order of appearance."""
    from analysis.compare.reliability_index import index_components, published_weights, reliability_index

    comps = index_components(table)
    comps["reliability_index"] = reliability_index(table).to_numpy()
    weights = published_weights() | {"reliability_index": float("nan")}
    rng = np.random.default_rng(seed)
    alpha = (1 - confidence) / 2
    rows = []
    for group in dict.fromkeys(table[group_col]):
        values = comps[(table[group_col] == group).to_numpy()].to_numpy(dtype=float)
        n = len(values)
        idx = rng.integers(0, n, size=(n_boot, n)) if n > 1 and n_boot > 0 else None
        for j, name in enumerate(comps.columns):
            col = values[:, j]
            lo = hi = float("nan")
            if idx is not None:
                lo, hi = np.quantile(col[idx].mean(axis=1), [alpha, 1 - alpha])
            rows.append((group, name, n, float(col.mean()) if n else float("nan"), float(lo), float(hi), weights[name]))
    return pd.DataFrame(rows, columns=COMPONENT_SUMMARY_COLUMNS)
