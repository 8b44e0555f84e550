"""Fast resampling engines for the built-in two-sample statistics of :mod:`analysis.compare.stats`.

The comparisons pit a tiny group (five studied documents) against a large one (hundreds to
thousands of baseline documents). Resampling the large group element by element and ranking
every resample is what made the generic :func:`scipy.stats.bootstrap` /
:func:`scipy.stats.permutation_test` route slow. Here each statistic is computed from the few
numbers it depends on:

* Cliff's delta (Cliff 1993) only needs, for each distinct value u_k of one group, how many values
  of the other group lie below and at u_k. A bootstrap resample of that other group is n_o
  independent uniform draws, so its counts in the 2m + 1 cells cut by the m distinct values are
  Multinomial(n_o, cell shares): one draw of 2m + 1 numbers instead of n_o indices and a ranking.
  delta* = sum_i w_i (less_i - greater_i) / (n_t n_o), w the resampled counts of the first group;
  integer arithmetic, so equal to the pairwise sign-matrix mean exactly.
* Hedges' g and the mean difference come from resampled indices (drawn as 16-bit integers when
  they fit), each resample reduced to its mean and sum of squared deviations.
* Permutation tests (Good 2005) draw only which indices of the pooled data form the *smaller*
  group (Floyd's algorithm, O(n_small^2) per relabelling) and get the statistic from that
  group's sums: the mean difference and Cliff's delta are monotone in the small group's sum of
  values and of pooled mid-ranks (Mann & Whitney 1947), Hedges' g follows from its sums of values
  and squares. Exact enumeration of every subset when there are few of them.

Results agree with the generic scipy route within Monte Carlo error (exactly for exact tests);
the random streams differ, so individual resamples do not.
"""

from __future__ import annotations

import math
from itertools import chain, combinations, islice

import numpy as np
from scipy import stats as sps

__all__ = ["BOOTSTRAP_FAST", "PERMUTATION_FAST", "bootstrap_distribution", "permutation_pvalue"]

#: Statistics with a fast bootstrap here (others go through :func:`scipy.stats.bootstrap`).
BOOTSTRAP_FAST = frozenset({"cliffs_delta", "hedges_g", "mean_diff"})
#: Statistics with a fast permutation test here (others go through :func:`scipy.stats.permutation_test`).
PERMUTATION_FAST = frozenset({"cliffs_delta", "hedges_g", "mean_diff"})
#: Above this small-group size, relabellings are drawn by partial sorting of random keys, not Floyd.
_FLOYD_MAX = 40


def _index_dtype(n: int):
    return np.uint16 if n <= np.iinfo(np.uint16).max else np.int64


def _rows(n_resamples: int, per_row: int, max_elements: int):
    """(start, size) of batches holding about ``max_elements`` numbers each."""
    size = max(1, int(max_elements) // max(1, per_row))
    for start in range(0, n_resamples, size):
        yield start, min(size, n_resamples - start)


# --------------------------------------------------------------------------------------------
# Bootstrap
# --------------------------------------------------------------------------------------------


def _cliffs_bootstrap(x: np.ndarray, y: np.ndarray, n_resamples: int, rng, max_elements: int) -> np.ndarray:
    """Bootstrap distribution of Cliff's delta, each group resampled with replacement within itself."""
    swap = np.unique(y).size < np.unique(x).size  # cut cells at the group with fewer distinct values
    t, o = (y, x) if swap else (x, y)
    u, code = np.unique(t, return_inverse=True)
    m, n_t, n_o = u.size, t.size, o.size
    n_cells = 2 * m + 1
    # cell 2k: strictly between u_(k-1) and u_k (below u_0 for k = 0); cell 2k + 1: equal to u_k
    pos = np.searchsorted(u, o, side="left")
    equal = np.zeros(n_o, dtype=bool)
    inside = pos < m
    equal[inside] = u[pos[inside]] == o[inside]
    cell = 2 * pos + equal
    multinomial = n_cells < n_o
    shares = np.bincount(cell, minlength=n_cells) / n_o
    out = np.empty(n_resamples)
    for start, rb in _rows(n_resamples, n_t + n_cells + (0 if multinomial else n_o), max_elements):
        it = rng.integers(0, n_t, (rb, n_t), dtype=_index_dtype(n_t))
        if multinomial:
            counts = rng.multinomial(n_o, shares, size=rb)
        else:
            io = rng.integers(0, n_o, (rb, n_o), dtype=_index_dtype(n_o))
            flat = cell[io] + (n_cells * np.arange(rb))[:, None]
            counts = np.bincount(flat.ravel(), minlength=rb * n_cells).reshape(rb, n_cells)
        cum = np.cumsum(counts, axis=1)
        # less_k = #(o* < u_k) = cum[2k]; greater_k = n_o - cum[2k + 1]; sign sum = less - greater
        sign = cum[:, 0 : 2 * m : 2] + cum[:, 1 : 2 * m : 2] - n_o
        out[start : start + rb] = np.take_along_axis(sign, code[it], axis=1).sum(axis=1) / (n_t * n_o)
    return -out if swap else out


def _moments(values: np.ndarray, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and sum of squared deviations of each resample ``values[idx[r]]``.

    Small groups: two passes, so a constant resample has (next to) no spread, as in the point
    estimate. Large groups: one pass over values centred at the group mean (no cancellation worth
    the name); a resample of more than 64 draws is constant only when the group itself is."""
    n = idx.shape[1]
    if n <= 64:
        part = values[idx]
        mean = part.mean(axis=1)
        dev = part - mean[:, None]
        return mean, np.einsum("ij,ij->i", dev, dev)
    centre = values.mean()
    part = (values - centre)[idx]
    s = part.sum(axis=1)
    ss = np.maximum(np.einsum("ij,ij->i", part, part) - s * s / n, 0.0)
    if np.ptp(values) == 0:
        ss[:] = 0.0
    return centre + s / n, ss


def bootstrap_distribution(
    x: np.ndarray, y: np.ndarray, name: str, n_resamples: int, rng: np.random.Generator, max_elements: int = 2_000_000
) -> np.ndarray:
    """``n_resamples`` values of statistic ``name`` ("cliffs_delta", "hedges_g", "mean_diff"; x versus
    y) on two-sample bootstrap resamples: each group resampled with replacement within itself,
    group sizes kept. Hedges' g is NaN where the pooled SD is zero (as :func:`analysis.compare.stats.hedges_g`)."""
    if name not in BOOTSTRAP_FAST:
        raise ValueError(f"no fast bootstrap for {name!r}")
    if name == "cliffs_delta":
        return _cliffs_bootstrap(x, y, n_resamples, rng, max_elements)
    n_x, n_y = x.size, y.size
    j = 1.0 - 3.0 / (4.0 * (n_x + n_y) - 9.0)
    out = np.empty(n_resamples)
    for start, rb in _rows(n_resamples, n_x + n_y, max_elements):
        ix = rng.integers(0, n_x, (rb, n_x), dtype=_index_dtype(n_x))
        iy = rng.integers(0, n_y, (rb, n_y), dtype=_index_dtype(n_y))
        if name == "mean_diff":
            out[start : start + rb] = x[ix].mean(axis=1) - y[iy].mean(axis=1)
            continue
        (m_x, ss_x), (m_y, ss_y) = _moments(x, ix), _moments(y, iy)
        sd = np.sqrt((ss_x + ss_y) / (n_x + n_y - 2))
        tiny = 64 * np.finfo(float).eps * np.maximum(np.abs(m_x), np.abs(m_y))
        with np.errstate(divide="ignore", invalid="ignore"):
            out[start : start + rb] = np.where(sd > tiny, j * (m_x - m_y) / sd, np.nan)
    return out


# --------------------------------------------------------------------------------------------
# Permutation tests
# --------------------------------------------------------------------------------------------


def _floyd(n_total: int, k: int, rows: int, rng) -> np.ndarray:
    """``rows`` uniformly random k-subsets of range(n_total) (Floyd's algorithm, one row per subset)."""
    chosen = np.empty((rows, k), dtype=np.int64)
    for step, j in enumerate(range(n_total - k, n_total)):
        t = rng.integers(0, j + 1, size=rows)
        taken = (chosen[:, :step] == t[:, None]).any(axis=1)
        chosen[:, step] = np.where(taken, j, t)
    return chosen


def _random_subsets(n_total: int, k: int, rows: int, rng) -> np.ndarray:
    if k <= _FLOYD_MAX:
        return _floyd(n_total, k, rows, rng)
    return np.argpartition(rng.random((rows, n_total)), k - 1, axis=1)[:, :k]


def _all_subsets(n_total: int, k: int, chunk: int):
    """Every k-subset of range(n_total), in chunks of at most ``chunk`` rows."""
    combos = combinations(range(n_total), k)
    while True:
        flat = np.fromiter(chain.from_iterable(islice(combos, chunk)), dtype=np.int64)
        if not flat.size:
            return
        yield flat.reshape(-1, k)


def _scorer(name: str, z: np.ndarray, n_x: int, small_is_x: bool):
    """(score, tolerance): ``score(A)`` maps rows of small-group indices into the pooled data ``z``
    to a number that orders relabellings as statistic(x, y) does; ties within ``tolerance``."""
    n_total = z.size
    n_s = n_x if small_is_x else n_total - n_x
    n_o = n_total - n_s
    orient = 1.0 if small_is_x else -1.0
    if name == "mean_diff":  # mean_x - mean_y is increasing in sum_x, decreasing in sum_y
        scale = np.sort(np.abs(z))[-n_s:].sum()
        return (lambda a: orient * z[a].sum(axis=1)), 100 * np.finfo(float).eps * max(scale, 1e-300)
    if name == "cliffs_delta":  # delta = 2 U_x / (n_x n_y) - 1, U_x from the rank sum of x
        ranks = sps.rankdata(z)
        return (lambda a: orient * ranks[a].sum(axis=1)), 0.25  # mid-rank sums are multiples of 1/2
    if name != "hedges_g":
        raise ValueError(f"no fast permutation test for {name!r}")
    centre = z.mean()
    zc = z - centre
    total, squares = zc.sum(), (zc * zc).sum()
    values, codes, freq = np.unique(z, return_inverse=True, return_counts=True)
    modes = np.flatnonzero(freq >= n_o)  # values that could fill the whole other group
    df = n_total - 2
    j = 1.0 - 3.0 / (4.0 * n_total - 9.0)

    def score(a: np.ndarray) -> np.ndarray:
        part = zc[a]
        s_s, q_s = part.sum(axis=1), (part * part).sum(axis=1)
        s_o, q_o = total - s_s, squares - q_s
        ss_s = np.maximum(q_s - s_s * s_s / n_s, 0.0)
        ss_o = np.maximum(q_o - s_o * s_o / n_o, 0.0)
        # a constant group has no spread at all (the sums above leave a rounding residue)
        c = codes[a]
        ss_s = np.where(c.min(axis=1) == c.max(axis=1), 0.0, ss_s)
        for v in modes:
            ss_o = np.where((c != v).sum(axis=1) == n_total - freq[v], 0.0, ss_o)
        m_s, m_o = centre + s_s / n_s, centre + s_o / n_o
        m_x, m_y = (m_s, m_o) if small_is_x else (m_o, m_s)
        sd = np.sqrt((ss_s + ss_o) / df)
        tiny = 64 * np.finfo(float).eps * np.maximum(np.abs(m_x), np.abs(m_y))
        with np.errstate(divide="ignore", invalid="ignore"):
            g = j * (m_x - m_y) / sd
        return np.where(sd > tiny, g, np.nan)

    return score, None  # None: relative tolerance, set from the observed g


def permutation_pvalue(
    x: np.ndarray,
    y: np.ndarray,
    name: str,
    n_resamples: int,
    rng: np.random.Generator,
    exact: bool,
    max_elements: int = 2_000_000,
) -> tuple[float, int]:
    """Two-sided permutation p of statistic ``name`` (x versus y) and the relabellings evaluated.

    Exact: every split of the pooled values into groups of the original sizes,
    p = 2 min(P(T* <= t), P(T* >= t)) capped at 1. Otherwise ``n_resamples`` random splits, the
    observed one counted in each tail ((count + 1) / (R + 1)), as :func:`scipy.stats.permutation_test`
    does. Ties with the observed value count in both tails. NaN when the observed statistic is undefined.
    """
    n_x, n_y = x.size, y.size
    z = np.concatenate([x, y])
    small_is_x = n_x <= n_y
    n_s = min(n_x, n_y)
    observed_idx = np.arange(n_x) if small_is_x else np.arange(n_x, n_x + n_y)
    score, tol = _scorer(name, z, n_x, small_is_x)
    t = float(score(observed_idx[None, :])[0])
    if math.isnan(t):
        return float("nan"), 0
    if tol is None:
        tol = 1e-9 * abs(t)  # g from sums of values and squares: a few ulps of rounding per relabelling
    below = above = evaluated = 0
    if exact:
        batches = _all_subsets(z.size, n_s, max(1, max_elements // n_s))
    else:
        batches = (_random_subsets(z.size, n_s, rb, rng) for _, rb in _rows(n_resamples, n_s, max_elements))
    for subsets in batches:
        scores = score(subsets)
        below += int(np.count_nonzero(scores <= t + tol))
        above += int(np.count_nonzero(scores >= t - tol))
        evaluated += subsets.shape[0]
    extra = 0 if exact else 1
    p_less, p_greater = (below + extra) / (evaluated + extra), (above + extra) / (evaluated + extra)
    return min(1.0, 2.0 * min(p_less, p_greater)), evaluated
