"""Small-sample group comparisons: effect sizes, resampling intervals, exact tests, Holm.

The seed corpus has five documents, so every comparison here is built to say how little five
observations can show:

* effect sizes that need no distributional assumption (Cliff's delta; Cliff 1993) next to the
  familiar standardised mean difference (Hedges' g; Hedges & Olkin 1985);
* two-sample bootstrap intervals (Efron & Tibshirani 1993), resampling within each group;
* permutation p-values (Good 2005) that enumerate every relabelling when there are few of them
  (exact), and the exact Mann-Whitney U test (Mann & Whitney 1947) via :func:`scipy.stats.mannwhitneyu`;
* Holm's step-down adjustment for a family of measures (Holm 1979);
* the smallest p-value the design can attain at all, from the combinatorics, so a report never
  reads a floor effect as a finding.

Every random process takes a seed (default :data:`analysis.config.RANDOM_SEED`) and is
deterministic for a given seed and input. The built-in statistics resample through
:mod:`analysis.compare.resampling` (cost linear in the group sizes, the permutation draws only the
smaller group); callables, the median difference and BCa intervals go through
:func:`scipy.stats.bootstrap` and :func:`scipy.stats.permutation_test`.
"""

from __future__ import annotations

import inspect
import math
import warnings
from collections.abc import Callable, Hashable, Iterable, Sequence
from contextlib import contextmanager
from itertools import combinations
from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import stats as sps

from analysis.compare.resampling import (
    BOOTSTRAP_FAST,
    PERMUTATION_FAST,
    bootstrap_distribution,
    permutation_pvalue,
)
from analysis.config import RANDOM_SEED

__all__ = [
    "EXACT_LIMIT",
    "N_RESAMPLES",
    "SMALL_N",
    "STATISTICS",
    "COMPARE_COLUMNS",
    "BootstrapCI",
    "PermutationP",
    "RankTest",
    "bootstrap_ci",
    "cliffs_delta",
    "compare_groups",
    "describe_groups",
    "exact_rank_p",
    "hedges_g",
    "holm",
    "min_attainable_p",
    "n_relabellings",
    "permutation_p",
]

#: Enumerate every relabelling (exact test) when there are at most this many; else Monte Carlo.
#: scipy enumerates partitions in Python at roughly 40 microseconds each, so 20,000 (about 1 s)
#: covers 5 vs 5 (252), 5 vs 12 (6,188) and 8 vs 8 (12,870) while keeping tables quick; raise it
#: per call when an exact p matters more than time.
EXACT_LIMIT = 20_000
#: Default number of bootstrap resamples and Monte Carlo relabellings.
N_RESAMPLES = 9_999
#: A group smaller than this gets a plain-language warning in :func:`compare_groups`.
SMALL_N = 10
#: Cap on array elements per resampling batch (keeps memory bounded for large baselines).
_BATCH_ELEMENTS = 2_000_000
#: Cliff's delta uses the n_x-by-n_y sign matrix up to this many pairs, mid-ranks beyond.
_DOMINANCE_MAX = 500

Statistic = Callable[..., np.ndarray]
#: Use the fast engines of :mod:`analysis.compare.resampling` where they exist (see :func:`_engine`).
_FAST = True


@contextmanager
def _engine(fast: bool):
    """Temporarily choose the resampling engine: ``fast=False`` routes every statistic through
    scipy's generic bootstrap and permutation test (the reference route; used by the benchmark)."""
    global _FAST
    before, _FAST = _FAST, bool(fast)
    try:
        yield
    finally:
        _FAST = before


# --------------------------------------------------------------------------------------------
# Effect sizes. The ``_nd`` forms work along the last axis so scipy can evaluate thousands of
# resamples in one call; the public forms take two 1-D samples and drop NaN.
# --------------------------------------------------------------------------------------------


def _last_axis(x, y, axis: int) -> tuple[np.ndarray, np.ndarray]:
    x = np.moveaxis(np.asarray(x, dtype=float), axis, -1)
    y = np.moveaxis(np.asarray(y, dtype=float), axis, -1)
    lead = np.broadcast_shapes(x.shape[:-1], y.shape[:-1])
    return np.broadcast_to(x, lead + x.shape[-1:]), np.broadcast_to(y, lead + y.shape[-1:])


def _mean_diff_nd(x, y, axis: int = -1) -> np.ndarray:
    x, y = _last_axis(x, y, axis)
    return x.mean(axis=-1) - y.mean(axis=-1)


def _median_diff_nd(x, y, axis: int = -1) -> np.ndarray:
    x, y = _last_axis(x, y, axis)
    return np.median(x, axis=-1) - np.median(y, axis=-1)


def _cliffs_delta_nd(x, y, axis: int = -1) -> np.ndarray:
    """Cliff's delta along ``axis``: mean sign(x_i - y_j) for small samples, else via mid-ranks.

    Mid-rank form: delta = 2 U_x / (n_x n_y) - 1, where U_x (Mann-Whitney, ties counted one half) equals #(x > y) + #(x = y) / 2 over all pairs, so
    2 U_x / (n_x n_y) - 1 = [#(x > y) - #(x < y)] / (n_x n_y), Cliff's (1993) definition, in
    O(n log n) memory-light time instead of the n_x-by-n_y dominance matrix.
    """
    x, y = _last_axis(x, y, axis)
    n1, n2 = x.shape[-1], y.shape[-1]
    if n1 == 0 or n2 == 0:
        return np.full(x.shape[:-1], np.nan)
    if n1 * n2 <= _DOMINANCE_MAX:  # small groups: the dominance matrix itself is cheaper than ranking
        return np.sign(x[..., :, None] - y[..., None, :]).mean(axis=(-2, -1))
    ranks = sps.rankdata(np.concatenate([x, y], axis=-1), axis=-1)
    u_x = ranks[..., :n1].sum(axis=-1) - n1 * (n1 + 1) / 2.0
    return 2.0 * u_x / (n1 * n2) - 1.0


def _hedges_g_nd(x, y, axis: int = -1) -> np.ndarray:
    """Hedges' g along ``axis``; NaN where the pooled SD is zero or undefined."""
    x, y = _last_axis(x, y, axis)
    n1, n2 = x.shape[-1], y.shape[-1]
    df = n1 + n2 - 2
    if n1 == 0 or n2 == 0 or df <= 0:
        return np.full(x.shape[:-1], np.nan)
    m1, m2 = x.mean(axis=-1), y.mean(axis=-1)
    ss = ((x - m1[..., None]) ** 2).sum(axis=-1) + ((y - m2[..., None]) ** 2).sum(axis=-1)
    sd_pooled = np.sqrt(ss / df)
    # Identical values can leave a rounding residue (mean of 0.1, 0.1, 0.1 is not exactly 0.1):
    # a pooled SD within a few ulps of the means' magnitude counts as zero.
    tiny = 64 * np.finfo(float).eps * np.maximum(np.abs(m1), np.abs(m2))
    j = 1.0 - 3.0 / (4.0 * (n1 + n2) - 9.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        g = j * (m1 - m2) / sd_pooled
    return np.where(sd_pooled > tiny, g, np.nan)


#: Built-in two-sample statistics by name; each is ``f(x, y, axis=-1)`` and vectorised.
STATISTICS: dict[str, Statistic] = {
    "mean_diff": _mean_diff_nd,
    "median_diff": _median_diff_nd,
    "cliffs_delta": _cliffs_delta_nd,
    "hedges_g": _hedges_g_nd,
}


def _resolve(statistic: str | Statistic) -> tuple[Statistic, bool | None]:
    """The statistic function and whether it is vectorised (takes ``axis``)."""
    if callable(statistic):
        takes_axis = "axis" in inspect.signature(statistic).parameters
        return statistic, (True if takes_axis else False)
    try:
        return STATISTICS[statistic], True
    except KeyError:
        raise ValueError(f"unknown statistic {statistic!r}; use one of {sorted(STATISTICS)} or a callable") from None


def _clean(values) -> np.ndarray:
    """A 1-D float array without NaN."""
    a = np.asarray(values, dtype=float).ravel()
    return a[~np.isnan(a)]


def cliffs_delta(x, y) -> float:
    """Cliff's delta (Cliff 1993): P(X > Y) - P(X < Y) over all (x, y) pairs, in [-1, 1].

    Positive when values in ``x`` tend to exceed values in ``y``; ties count for neither side.
    NaN is dropped; an empty sample gives NaN. Computed from mid-ranks
    (delta = 2 U_x / (n_x n_y) - 1), which equals the pairwise dominance count exactly.
    """
    return float(_cliffs_delta_nd(_clean(x), _clean(y)))


def hedges_g(x, y) -> float:
    """Hedges' g (Hedges & Olkin 1985): Cohen's d with pooled SD times J = 1 - 3 / (4(n1 + n2) - 9).

    d = (mean_x - mean_y) / s_pooled, s_pooled = sqrt(((n1 - 1) s1^2 + (n2 - 1) s2^2) / (n1 + n2 - 2)).
    Zero-variance policy: when s_pooled is 0 (both samples constant) g is undefined and the
    result is NaN, whether or not the means differ (use :func:`cliffs_delta` for separation).
    Also NaN when n1 + n2 < 3 or a sample is empty. NaN values are dropped first.
    """
    return float(_hedges_g_nd(_clean(x), _clean(y)))


# --------------------------------------------------------------------------------------------
# Bootstrap intervals
# --------------------------------------------------------------------------------------------


class BootstrapCI(NamedTuple):
    """Point estimate and bootstrap interval of a two-sample statistic."""

    estimate: float
    low: float
    high: float
    confidence: float
    method: str  # "percentile", "bca", "basic"; "+ percentile fallback" when BCa was degenerate
    n_resamples: int
    n_undefined: int  # resamples where the statistic was NaN (e.g. g with zero pooled SD)


def _batch(n_a: int, n_b: int, n_resamples: float) -> int | None:
    """Resamples per batch so one batch holds about :data:`_BATCH_ELEMENTS` numbers."""
    per_resample = n_a + n_b + (n_a * n_b if n_a * n_b <= _DOMINANCE_MAX else 0)
    size = max(1, _BATCH_ELEMENTS // max(1, per_resample))
    return None if n_resamples <= size else size


def bootstrap_ci(
    x,
    y,
    statistic: str | Statistic = "cliffs_delta",
    n_resamples: int = N_RESAMPLES,
    confidence: float = 0.95,
    seed: int | None = RANDOM_SEED,
    method: str = "percentile",
) -> BootstrapCI:
    """Two-sample bootstrap interval (Efron & Tibshirani 1993).

    Each group is resampled with replacement within itself, so group sizes are kept. The built-in
    statistics resample via :func:`analysis.compare.resampling.bootstrap_distribution` (percentile
    and basic intervals); callables, "median_diff" and BCa via :func:`scipy.stats.bootstrap`. ``method`` is "percentile" (default: robust with tiny groups), "BCa" or "basic".
    Deterministic for a given ``seed``. Resamples where the statistic is undefined (NaN) are left
    out of the quantiles and counted in ``n_undefined``.

    With n = 5 a group has only C(9, 5) = 126 distinct resamples, so the interval is coarse, its
    coverage is below nominal, and it says more about the five documents than about a population.
    NaN is dropped from the inputs; a group with fewer than 2 values gives a NaN interval.
    """
    x, y = _clean(x), _clean(y)
    func, vectorized = _resolve(statistic)
    estimate = float(func(x, y, axis=-1)) if vectorized else float(func(x, y))
    if len(x) < 2 or len(y) < 2:
        return BootstrapCI(estimate, np.nan, np.nan, confidence, method.lower(), 0, 0)
    alpha = (1 - confidence) / 2
    if (
        _FAST
        and isinstance(statistic, str)
        and statistic in BOOTSTRAP_FAST
        and method.lower() in ("percentile", "basic")
    ):
        with np.errstate(divide="ignore", invalid="ignore"):
            dist = bootstrap_distribution(
                x, y, statistic, int(n_resamples), np.random.default_rng(seed), _BATCH_ELEMENTS
            )
        low, high = (float(v) for v in sps.quantile(dist, [alpha, 1 - alpha]))  # NaN propagates, as in scipy
        if method.lower() == "basic":
            low, high = 2 * estimate - high, 2 * estimate - low
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", sps.DegenerateDataWarning)
            warnings.simplefilter("ignore", RuntimeWarning)
            res = sps.bootstrap(
                (x, y),
                func,
                n_resamples=n_resamples,
                batch=_batch(len(x), len(y), n_resamples),
                vectorized=vectorized,
                paired=False,
                confidence_level=confidence,
                method=method,
                rng=np.random.default_rng(seed),
            )
        dist = np.asarray(res.bootstrap_distribution, dtype=float)
        low, high = float(res.confidence_interval.low), float(res.confidence_interval.high)
    n_undefined = int(np.isnan(dist).sum())
    used = method.lower()
    if (np.isnan(low) or np.isnan(high)) and n_undefined < dist.size:
        # BCa is undefined on a degenerate bootstrap distribution, and any NaN resample poisons
        # scipy's quantile: fall back to the percentile interval of the defined resamples.
        low, high = (float(v) for v in sps.quantile(dist, [alpha, 1 - alpha], nan_policy="omit"))
        used = "percentile" if used == "percentile" else f"{used} + percentile fallback"
    return BootstrapCI(estimate, low, high, confidence, used, int(n_resamples), n_undefined)


# --------------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------------


def n_relabellings(n_a: int, n_b: int) -> int:
    """Number of distinct ways to split n_a + n_b values into groups of n_a and n_b: C(n_a + n_b, n_a)."""
    return math.comb(int(n_a) + int(n_b), int(n_a))


def min_attainable_p(n_a: int, n_b: int, n_resamples: int = N_RESAMPLES, exact_limit: int = EXACT_LIMIT) -> float:
    """Smallest two-sided permutation p the design can produce, as :func:`permutation_p` computes it.

    Exact test: the observed labelling can at best be the single most extreme one in each tail,
    p = 2 / C(n_a + n_b, n_a) (e.g. 5 vs 5: 2/252 = 0.0079; 3 vs 3: 2/20 = 0.1). Ties can only
    raise it. Monte Carlo (more than ``exact_limit`` relabellings): scipy counts the observed
    labelling among the R draws, so each tail is at least 1/(R + 1) and p >= 2/(R + 1).
    NaN when a group is empty.
    """
    if n_a < 1 or n_b < 1:
        return float("nan")
    total = n_relabellings(n_a, n_b)
    if total <= exact_limit or n_resamples >= total:
        return min(1.0, 2.0 / total)
    return min(1.0, 2.0 / (n_resamples + 1))


class PermutationP(NamedTuple):
    """Two-sided permutation test of a two-sample statistic."""

    pvalue: float
    exact: bool  # True: every relabelling enumerated; False: Monte Carlo with a fixed seed
    statistic: float  # observed value of the statistic (x minus y direction)
    n_relabellings: int  # C(n_x + n_y, n_x), the size of the full permutation distribution
    n_evaluated: int  # relabellings actually evaluated (all of them when exact)


def permutation_p(
    x,
    y,
    statistic: str | Statistic = "mean_diff",
    seed: int | None = RANDOM_SEED,
    n_resamples: int = N_RESAMPLES,
    exact_limit: int = EXACT_LIMIT,
) -> PermutationP:
    """Two-sided permutation p-value (Good 2005).

    Null: group labels are exchangeable. Exact when C(n_x + n_y, n_x) <= ``exact_limit``: every
    relabelling is enumerated and p = 2 * min(P(T* <= t), P(T* >= t)), capped at 1 (scipy's
    two-sided convention). Otherwise ``n_resamples`` random relabellings drawn with ``seed``,
    the observed one counted in (p >= 2/(R + 1)). ``statistic`` is a name in :data:`STATISTICS`
    or ``f(x, y, axis=-1)``. NaN is dropped; an empty group gives p = NaN.

    "mean_diff", "cliffs_delta" and "hedges_g" use
    :func:`analysis.compare.resampling.permutation_pvalue`, which draws only the smaller group's
    members; an undefined observed statistic (g with zero pooled SD) gives p = NaN there. Other
    statistics go through :func:`scipy.stats.permutation_test`.
    """
    x, y = _clean(x), _clean(y)
    total = n_relabellings(len(x), len(y))
    func, vectorized = _resolve(statistic)
    if len(x) == 0 or len(y) == 0:
        return PermutationP(np.nan, False, np.nan, total, 0)
    exact = total <= exact_limit or n_resamples >= total
    if _FAST and isinstance(statistic, str) and statistic in PERMUTATION_FAST:
        p, evaluated = permutation_pvalue(
            x, y, statistic, int(min(n_resamples, total)), np.random.default_rng(seed), exact, _BATCH_ELEMENTS
        )
        return PermutationP(p, bool(exact), float(func(x, y, axis=-1)), total, evaluated if exact else int(n_resamples))
    draws = np.inf if exact else int(n_resamples)
    res = sps.permutation_test(
        (x, y),
        func,
        permutation_type="independent",
        vectorized=vectorized,
        n_resamples=draws,
        batch=_batch(len(x), len(y), total if exact else draws),
        alternative="two-sided",
        rng=np.random.default_rng(seed),
    )
    return PermutationP(float(res.pvalue), bool(exact), float(res.statistic), total, total if exact else int(draws))


class RankTest(NamedTuple):
    """Mann-Whitney U test of x against y."""

    u_statistic: float  # U for x: #(x > y) + #(x = y) / 2
    pvalue: float  # two-sided
    method: str  # "exact", "permutation (exact, ties)" or "asymptotic (ties, tie-corrected)" / "asymptotic"


def exact_rank_p(x, y, exact_limit: int = EXACT_LIMIT, max_exact_pairs: int = 5_000) -> RankTest:
    """Two-sided Mann-Whitney U test (Mann & Whitney 1947), exact whenever that is affordable.

    * no ties, and C(n_x + n_y, n_x) <= ``exact_limit`` or n_x * n_y <= ``max_exact_pairs``:
      the exact null distribution of U (``method="exact"``);
    * ties and C(n_x + n_y, n_x) <= ``exact_limit``: every relabelling enumerated with the
      mid-rank U (:class:`scipy.stats.PermutationMethod`), exact under ties;
    * otherwise the normal approximation with tie correction and continuity correction.

    NaN is dropped; an empty group gives NaN.
    """
    x, y = _clean(x), _clean(y)
    if len(x) == 0 or len(y) == 0:
        return RankTest(np.nan, np.nan, "")
    pooled = np.concatenate([x, y])
    ties = np.unique(pooled).size < pooled.size
    small = n_relabellings(len(x), len(y)) <= exact_limit
    if not ties and (small or len(x) * len(y) <= max_exact_pairs):
        method, label = "exact", "exact"
    elif ties and small:
        method, label = sps.PermutationMethod(n_resamples=np.inf), "permutation (exact, ties)"
    else:
        method, label = "asymptotic", "asymptotic (tie-corrected)" if ties else "asymptotic"
    res = sps.mannwhitneyu(x, y, alternative="two-sided", method=method)
    return RankTest(float(res.statistic), float(res.pvalue), label)


def holm(pvalues: Iterable[float]) -> np.ndarray:
    """Holm-Bonferroni step-down adjusted p-values (Holm 1979).

    Sort the m non-missing p-values ascending, p_(1) <= ... <= p_(m); the adjusted value of
    p_(k) is max over i <= k of min(1, (m - i + 1) p_(i)). Returned in input order; monotone in
    the raw p-values, capped at 1; NaN entries pass through and do not count towards m.
    """
    p = np.asarray(list(pvalues) if not isinstance(pvalues, np.ndarray) else pvalues, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    if np.any((p[ok] < 0) | (p[ok] > 1)):
        raise ValueError("p-values must lie in [0, 1]")
    m = int(ok.sum())
    if m == 0:
        return out
    vals = p[ok]
    order = np.argsort(vals, kind="stable")
    stepped = np.maximum.accumulate(vals[order] * (m - np.arange(m)))
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(stepped, 1.0)
    out[ok] = adjusted
    return out


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------


def _group_order(series: pd.Series) -> list:
    """Group labels: categorical order when categorical, else sorted (appearance order if unsortable)."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        present = set(series.dropna().unique())
        return [c for c in series.cat.categories if c in present]
    labels = list(pd.unique(series.dropna()))
    try:
        return sorted(labels)
    except TypeError:
        return labels


def describe_groups(frame: pd.DataFrame, group_col: str, measures: Sequence[str]) -> pd.DataFrame:
    """Per-group summary of each measure, tidy long format (one row per group and measure).

    Columns: ``group``, ``measure``, ``n`` (non-missing values), ``mean``, ``median``, ``sd``
    (sample SD, ddof = 1), ``min``, ``q1``, ``q3`` (25th and 75th percentiles, linear
    interpolation), ``max``. Values are in the measure's own units.
    """
    measures = list(measures)
    long = frame[[group_col, *measures]].melt(id_vars=group_col, var_name="measure", value_name="value")
    long["value"] = pd.to_numeric(long["value"], errors="coerce")
    grouped = long.groupby([group_col, "measure"], sort=False, observed=True)["value"]
    table = grouped.agg(n="count", mean="mean", median="median", sd="std", min="min", max="max")
    table["q1"] = grouped.quantile(0.25)
    table["q3"] = grouped.quantile(0.75)
    table = table.reset_index().rename(columns={group_col: "group"})
    order = {g: i for i, g in enumerate(_group_order(frame[group_col]))}
    table["_g"] = table["group"].map(order)
    table["_m"] = table["measure"].map({m: i for i, m in enumerate(measures)})
    table = table.sort_values(["_g", "_m"]).drop(columns=["_g", "_m"]).reset_index(drop=True)
    table["n"] = table["n"].astype(int)
    return table[["group", "measure", "n", "mean", "median", "sd", "min", "q1", "q3", "max"]]


#: Columns of :func:`compare_groups`, in order.
COMPARE_COLUMNS = [
    "measure",
    "group_a",
    "group_b",
    "n_a",
    "n_b",
    "mean_a",
    "mean_b",
    "median_a",
    "median_b",
    "sd_a",
    "sd_b",
    "iqr_a",
    "iqr_b",
    "mean_diff",
    "cliffs_delta",
    "cliffs_delta_ci_low",
    "cliffs_delta_ci_high",
    "hedges_g",
    "hedges_g_ci_low",
    "hedges_g_ci_high",
    "p_perm",
    "p_exact_flag",
    "p_min_attainable",
    "p_holm",
    "note",
]


def _pairs(
    labels: list, reference: Hashable | None, pairs: Sequence[tuple] | None, studied: Hashable | None = None
) -> list[tuple]:
    if pairs is not None:
        missing = {g for pair in pairs for g in pair} - set(labels)
        if missing:
            raise ValueError(f"groups not in the data: {sorted(map(str, missing))}")
        return [tuple(p) for p in pairs]
    for role, label in (("reference", reference), ("studied", studied)):
        if label is not None and label not in labels:
            raise ValueError(f"{role} group {label!r} not in the data")
    if studied is not None:
        return [(studied, g) for g in labels if g != studied and (reference is None or g == reference)]
    if reference is not None:
        return [(g, reference) for g in labels if g != reference]
    return list(combinations(labels, 2))


def _small_n_note(ga, na: int, gb, nb: int, n_resamples: int, exact_limit: int) -> str:
    small = [(g, n) for g, n in ((ga, na), (gb, nb)) if 0 < n < SMALL_N]
    if not small:
        return ""
    total = n_relabellings(na, nb)
    pmin = min_attainable_p(na, nb, n_resamples, exact_limit)
    if total <= exact_limit or n_resamples >= total:
        how = f"2/C({na + nb},{na}) = 2/{total}, exact"
    else:
        how = f"Monte Carlo floor 2/({n_resamples}+1); the exact floor would be 2/C({na + nb},{na}) = {2 / total:.2g}"
    who = " and ".join(f"n={n} in {g}" for g, n in small)
    return (
        f"{who}: the smallest attainable two-sided permutation p is {pmin:.3g} ({how}); bootstrap intervals are coarse"
    )


def _compare_one(a: np.ndarray, b: np.ndarray, test_statistic, n_resamples, confidence, seed, exact_limit) -> dict:
    row = {"n_a": len(a), "n_b": len(b)}
    for tag, v in (("a", a), ("b", b)):
        row[f"mean_{tag}"] = float(np.mean(v)) if len(v) else np.nan
        row[f"median_{tag}"] = float(np.median(v)) if len(v) else np.nan
        row[f"sd_{tag}"] = float(np.std(v, ddof=1)) if len(v) > 1 else np.nan
        row[f"iqr_{tag}"] = float(sps.iqr(v)) if len(v) else np.nan
    row["mean_diff"] = row["mean_a"] - row["mean_b"]
    for name in ("cliffs_delta", "hedges_g"):
        ci = bootstrap_ci(a, b, name, n_resamples=n_resamples, confidence=confidence, seed=seed)
        row[name], row[f"{name}_ci_low"], row[f"{name}_ci_high"] = ci.estimate, ci.low, ci.high
    perm = permutation_p(a, b, test_statistic, seed=seed, n_resamples=n_resamples, exact_limit=exact_limit)
    row["p_perm"], row["p_exact_flag"] = perm.pvalue, perm.exact
    row["p_min_attainable"] = min_attainable_p(len(a), len(b), n_resamples, exact_limit)
    return row


def compare_groups(
    frame: pd.DataFrame,
    group_col: str,
    measures: Sequence[str],
    reference: Hashable | None = None,
    pairs: Sequence[tuple[Hashable, Hashable]] | None = None,
    n_resamples: int = N_RESAMPLES,
    seed: int | None = RANDOM_SEED,
    confidence: float = 0.95,
    test_statistic: str | Statistic = "mean_diff",
    exact_limit: int = EXACT_LIMIT,
    studied: Hashable | None = None,
) -> pd.DataFrame:
    """Compare groups on each measure: descriptives, effect sizes with intervals, adjusted p.

    Direction (one convention throughout the package): the reference group is ``group_b`` and
    every statistic is "group_a minus / versus group_b", so an effect > 0 means the studied group
    (``group_a``) scores higher. Pairs: ``pairs`` if given (list of ``(group_a, group_b)``); else,
    with ``studied``, that group against every other group as ``(studied, other)`` (against
    ``reference`` alone when both are given); else, with ``reference``, every other group against
    it as ``(other, reference)``; else all pairs of groups (sorted or categorical order).

    One row per (pair, measure); columns (see :data:`COMPARE_COLUMNS`):

    * ``n_a``, ``n_b``: non-missing values; ``mean_*``, ``median_*``, ``sd_*`` (ddof = 1),
      ``iqr_*`` (Q3 - Q1), in the measure's units; ``mean_diff`` = mean_a - mean_b;
    * ``cliffs_delta`` (Cliff 1993; > 0: group_a tends higher) and ``hedges_g`` (Hedges & Olkin
      1985; NaN when the pooled SD is 0), each with ``*_ci_low``/``*_ci_high``: percentile
      bootstrap interval at ``confidence``, resampling within groups (:func:`bootstrap_ci`);
    * ``p_perm``: two-sided permutation p of ``test_statistic`` (default mean difference);
      ``p_exact_flag``: True when all relabellings were enumerated;
      ``p_min_attainable``: the smallest p this design can give (:func:`min_attainable_p`);
    * ``p_holm``: Holm (1979) adjustment of ``p_perm`` across the measures within each pair
      (the family is "all measures for this pair"; pairs are not pooled);
    * ``note``: plain-language warning when a group has fewer than :data:`SMALL_N` values, and
      when g is undefined; "" otherwise.

    NaN values are dropped per measure and group. Deterministic for a given ``seed``: every
    (pair, measure) uses the same seed, so results do not depend on which other measures are asked.
    """
    measures = list(measures)
    labels = _group_order(frame[group_col])
    rows = []
    for ga, gb in _pairs(labels, reference, pairs, studied):
        in_a, in_b = frame[group_col] == ga, frame[group_col] == gb
        block = []
        for measure in measures:
            values = pd.to_numeric(frame[measure], errors="coerce")
            a, b = _clean(values[in_a]), _clean(values[in_b])
            row = {"measure": measure, "group_a": ga, "group_b": gb}
            row.update(_compare_one(a, b, test_statistic, n_resamples, confidence, seed, exact_limit))
            notes = [_small_n_note(ga, len(a), gb, len(b), n_resamples, exact_limit)]
            if len(a) == 0 or len(b) == 0:
                notes.append("a group has no values for this measure")
            elif np.isnan(row["hedges_g"]):
                notes.append("hedges_g undefined (pooled SD is 0)")
            row["note"] = "; ".join(n for n in notes if n)
            block.append(row)
        adjusted = holm([r["p_perm"] for r in block])
        for r, p in zip(block, adjusted):
            r["p_holm"] = float(p)
        rows.extend(block)
    table = pd.DataFrame(rows, columns=COMPARE_COLUMNS)
    table.attrs.update(confidence=confidence, n_resamples=n_resamples, seed=seed, test_statistic=str(test_statistic))
    return table
