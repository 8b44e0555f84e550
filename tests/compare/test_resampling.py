"""The fast resampling engines against exact enumeration, scipy and hand-counted permutation p-values.

Tolerances are Monte Carlo tolerances stated next to each check; seeds are fixed, so every check
is deterministic. Data: hand-made small arrays (stated in each test) and a large group drawn once
from a fixed generator to look like a per-1,000-words rate (right-skewed, rounded to 0.1 so it has
ties, about 30% zeros), which is the shape of the baseline measures the comparisons see.
"""

from __future__ import annotations

import math
from itertools import product

import numpy as np
import pytest
from scipy import stats as sps

from analysis.compare import resampling as R
from analysis.compare import stats as S


def rate_like(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.round(rng.lognormal(0.0, 1.0, n) * (rng.random(n) > 0.3), 1)


#: Five values on the scale of the studied documents' rates (hand-picked, one tie with the baseline's 0).
FIVE = np.array([0.0, 2.3, 3.1, 4.8, 7.5])


def exact_bootstrap(x, y, func) -> dict[float, float]:
    """Exact bootstrap distribution: every ordered resample of x and of y, each equally likely."""
    dist: dict[float, float] = {}
    w = 1.0 / (len(x) ** len(x) * len(y) ** len(y))
    for rx in product(x, repeat=len(x)):
        for ry in product(y, repeat=len(y)):
            v = round(float(func(np.array(rx), np.array(ry))), 9)
            dist[v] = dist.get(v, 0.0) + w
    return dist


@pytest.mark.parametrize("name", ["cliffs_delta", "hedges_g"])
def test_bootstrap_distribution_matches_exact_enumeration(name):
    # x = [1, 2, 3], y = [2, 3, 4] (the hand-counted Cliff's delta case, two ties across groups):
    # 27 x 27 = 729 equally likely ordered resamples give the exact bootstrap distribution.
    # 40,000 fast draws: every atom's frequency within 4.5 binomial standard errors of its probability.
    # For g the atom NaN (both resamples constant, pooled SD 0) is included: 3 * 3 / 729 = 1/81.
    x, y = np.array([1.0, 2.0, 3.0]), np.array([2.0, 3.0, 4.0])
    func = S.cliffs_delta if name == "cliffs_delta" else S.hedges_g
    exact = exact_bootstrap(x, y, lambda a, b: np.nan_to_num(func(a, b), nan=99.0))
    draws = 40_000
    fast = np.nan_to_num(R.bootstrap_distribution(x, y, name, draws, np.random.default_rng(0)), nan=99.0)
    values, counts = np.unique(np.round(fast, 9), return_counts=True)
    assert set(values) <= set(exact)  # every resampled value is attainable
    if name == "hedges_g":
        assert exact[99.0] == pytest.approx(1 / 81)
    for v, p in exact.items():
        observed = counts[values == v].sum() / draws
        assert abs(observed - p) <= 4.5 * math.sqrt(p * (1 - p) / draws), (v, observed, p)


@pytest.mark.parametrize("name", ["cliffs_delta", "hedges_g", "mean_diff"])
def test_bootstrap_agrees_with_scipy_bootstrap_5_vs_800(name):
    # Five studied values against 800 rate-like baseline values, 4,000 resamples each way. The
    # reference is scipy.stats.bootstrap with the direct formula (sign-matrix mean for delta).
    # Tolerance: two-sample Kolmogorov-Smirnov distance below its 0.001 critical value,
    # 1.95 * sqrt(2 / 4000) = 0.0436; the 95% interval ends within 0.25 bootstrap SDs
    # (about 4 Monte Carlo standard errors of a 2.5% quantile difference).
    x, y = FIVE, rate_like(800, seed=3)
    draws = 4_000
    fast = R.bootstrap_distribution(x, y, name, draws, np.random.default_rng(0))
    direct = {
        "cliffs_delta": lambda a, b, axis=-1: np.sign(a[..., :, None] - b[..., None, :]).mean(axis=(-2, -1)),
        "hedges_g": S.STATISTICS["hedges_g"],
        "mean_diff": S.STATISTICS["mean_diff"],
    }[name]
    ref = sps.bootstrap(
        (x, y), direct, n_resamples=draws, batch=200, paired=False, vectorized=True, rng=np.random.default_rng(1)
    ).bootstrap_distribution
    assert sps.ks_2samp(fast, ref).statistic < 1.95 * math.sqrt(2 / draws)
    sd = ref.std()
    for q in (0.025, 0.975):
        assert abs(np.quantile(fast, q) - np.quantile(ref, q)) < 0.25 * sd


def test_bootstrap_ci_fast_route_agrees_with_scipy_route():
    # The public function, default seed and resamples, both engines: same estimate, interval ends
    # within 0.25 bootstrap SDs (4 Monte Carlo SEs). Large group first, so the engine swaps groups.
    x, y = rate_like(1_000, seed=4), FIVE
    for name in ("cliffs_delta", "hedges_g"):
        fast = S.bootstrap_ci(x, y, name)
        with S._engine(False):
            ref = S.bootstrap_ci(x, y, name)
        assert fast.estimate == ref.estimate
        sd = (ref.high - ref.low) / (2 * 1.96)
        assert abs(fast.low - ref.low) < 0.25 * sd and abs(fast.high - ref.high) < 0.25 * sd


def test_exact_permutation_with_a_tie_hand_counted():
    # x = [3, 5], y = [1, 3, 4]: C(5, 2) = 10 ways to pick x from the pooled [3, 5, 1, 3, 4].
    # Sums of the picked pair: 8 4 6 7 6 8 9 4 5 7; observed sum 8 (mean_x - mean_y = 4 - 8/3).
    # P(T* >= t) = 3/10 (8, 8 via the other 3, and 9), P(T* <= t) = 9/10; p = 2 * 3/10 = 0.6.
    # The tie (5 with the *other* 3) counts in both tails, as in scipy. Mid-ranks give the same
    # ordering here, so Cliff's delta has p = 0.6 as well.
    for name in ("mean_diff", "cliffs_delta"):
        res = S.permutation_p([3, 5], [1, 3, 4], statistic=name)
        assert res.exact and res.n_evaluated == 10
        assert res.pvalue == pytest.approx(0.6)
    assert S.permutation_p([3, 5], [1, 3, 4]).statistic == pytest.approx(4 - 8 / 3)


@pytest.mark.parametrize(
    "x, y",
    [
        ([4.0, 5.5, 6.0, 7.0, 9.0], [1.0, 2.0, 3.5, 5.0, 4.0]),  # the 5 vs 5 bootstrap example of test_stats
        ([1.0, 1.0, 0.0], [0.0, 0.0, 1.0, 0.0]),  # binary: some relabellings leave both groups constant
        (FIVE, rate_like(12, seed=5)),  # 5 vs 12: 6,188 relabellings
        (rate_like(9, seed=6), FIVE),  # small group second
    ],
)
@pytest.mark.parametrize("name", ["mean_diff", "cliffs_delta", "hedges_g"])
def test_exact_permutation_equals_scipy(x, y, name):
    # Exact tests enumerate the same relabellings, so the p-values are equal (not just close).
    fast = S.permutation_p(x, y, statistic=name)
    with S._engine(False):
        ref = S.permutation_p(x, y, statistic=name)
    assert fast.exact and ref.exact and fast.n_evaluated == ref.n_evaluated
    assert fast.pvalue == pytest.approx(ref.pvalue, abs=1e-12)
    assert fast.statistic == pytest.approx(ref.statistic)


@pytest.mark.parametrize("name", ["mean_diff", "cliffs_delta", "hedges_g"])
def test_monte_carlo_permutation_agrees_with_scipy(name):
    # 5 vs 600 (C(605, 5) ~ 6.6e11 relabellings): 9,999 draws each way, different streams.
    # Tolerance: 4 standard errors of the difference of two independent estimates of
    # p = 2 * tail, SE = 2 * sqrt(2 * tail * (1 - tail) / 9999).
    x, y = np.array([0.0, 1.3, 2.1, 3.8, 6.5]), rate_like(600, seed=7)  # p between 0.04 and 0.08
    fast = S.permutation_p(x, y, statistic=name)
    with S._engine(False):
        ref = S.permutation_p(x, y, statistic=name)
    assert not fast.exact and fast.n_evaluated == 9_999
    tail = ref.pvalue / 2
    assert 0.001 < tail < 0.5  # a p-value the tolerance can speak about
    assert abs(fast.pvalue - ref.pvalue) <= 4 * 2 * math.sqrt(2 * tail * (1 - tail) / 9_999)
    assert S.permutation_p(x, y, statistic=name) == fast  # seeded


def test_floyd_subsets_are_uniform():
    # All C(7, 3) = 35 subsets of range(7) should be equally likely: 35,000 draws, each count
    # within 4.5 binomial SEs of 1,000, and every row holds 3 distinct indices.
    draws = R._floyd(7, 3, 35_000, np.random.default_rng(0))
    assert (np.sort(draws, axis=1)[:, 1:] != np.sort(draws, axis=1)[:, :-1]).all()
    _, counts = np.unique(np.sort(draws, axis=1), axis=0, return_counts=True)
    assert counts.size == 35
    p = 1 / 35
    assert np.abs(counts - 1_000).max() <= 4.5 * math.sqrt(35_000 * p * (1 - p))


def test_undefined_observed_g_gives_nan_p():
    # Both groups constant: g is undefined for the data themselves, so no p-value.
    res = S.permutation_p([2, 2, 2], [1, 1, 1, 1], statistic="hedges_g")
    assert math.isnan(res.pvalue) and math.isnan(res.statistic)
