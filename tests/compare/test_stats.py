"""Small-sample statistics against values worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.compare import stats as S

FAST = 499  # resamples: enough for determinism and shape checks, quick to run


# ---------------------------------------------------------------- Cliff's delta


def test_cliffs_delta_hand_counted():
    # x = [1, 2, 3], y = [2, 3, 4]: 9 pairs (x_i, y_j).
    #   x > y: (3, 2)                                          -> 1
    #   x < y: (1,2) (1,3) (1,4) (2,3) (2,4) (3,4)             -> 6
    #   ties : (2,2) (3,3)                                     -> 2
    # delta = (1 - 6) / 9 = -5/9
    assert S.cliffs_delta([1, 2, 3], [2, 3, 4]) == pytest.approx(-5 / 9, abs=1e-12)
    # Antisymmetric, and complete separation gives +-1.
    assert S.cliffs_delta([2, 3, 4], [1, 2, 3]) == pytest.approx(5 / 9, abs=1e-12)
    assert S.cliffs_delta([4, 5, 6], [1, 2, 3]) == 1.0
    assert S.cliffs_delta([1, 2], [3, 4, 5]) == -1.0
    # x = [1, 1], y = [1, 2]: pairs (1,1) tie, (1,2) <, (1,1) tie, (1,2) <  -> (0 - 2) / 4 = -0.5
    assert S.cliffs_delta([1, 1], [1, 2]) == pytest.approx(-0.5)


def test_cliffs_delta_rank_path_equals_dominance_matrix():
    # Large samples use mid-ranks (2U/(n1 n2) - 1); check against the pairwise sign matrix, ties included.
    rng = np.random.default_rng(0)
    x = rng.integers(0, 6, size=40).astype(float)
    y = rng.integers(0, 6, size=30).astype(float)
    brute = np.sign(x[:, None] - y[None, :]).mean()
    assert S.cliffs_delta(x, y) == pytest.approx(brute, abs=1e-12)
    # Vectorised form along the last axis (what the bootstrap calls).
    xs, ys = rng.normal(size=(7, 25)), rng.normal(size=(7, 30))
    expected = [np.sign(a[:, None] - b[None, :]).mean() for a, b in zip(xs, ys)]
    np.testing.assert_allclose(S._cliffs_delta_nd(xs, ys), expected, atol=1e-12)


def test_cliffs_delta_drops_nan_and_empty_is_nan():
    assert S.cliffs_delta([1, np.nan, 3], [2]) == pytest.approx(0.0)
    assert math.isnan(S.cliffs_delta([], [1, 2]))


# ---------------------------------------------------------------- Hedges' g


def test_hedges_g_hand_computed():
    # x = [2, 4, 6]: mean 4, s^2 = (4 + 0 + 4) / 2 = 4
    # y = [1, 2, 3]: mean 2, s^2 = (1 + 0 + 1) / 2 = 1
    # s_pooled = sqrt((2*4 + 2*1) / (3 + 3 - 2)) = sqrt(10/4) = sqrt(2.5) = 1.5811388
    # d = (4 - 2) / 1.5811388 = 1.2649111
    # J = 1 - 3 / (4*6 - 9) = 1 - 3/15 = 0.8
    # g = 0.8 * 1.2649111 = 1.0119289
    expected = 0.8 * 2 / math.sqrt(2.5)
    assert S.hedges_g([2, 4, 6], [1, 2, 3]) == pytest.approx(expected, abs=1e-12)
    assert expected == pytest.approx(1.0119289, abs=1e-7)
    assert S.hedges_g([1, 2, 3], [2, 4, 6]) == pytest.approx(-expected, abs=1e-12)


def test_hedges_g_zero_variance_is_nan():
    # Both groups constant: pooled SD 0, g undefined -> NaN whether or not the means differ.
    assert math.isnan(S.hedges_g([1, 1, 1], [2, 2, 2]))
    assert math.isnan(S.hedges_g([0.1, 0.1, 0.1], [0.1, 0.1, 0.1]))  # rounding residue is still zero
    # One constant group is fine: pooled SD comes from the other.
    # x = [5, 5], y = [1, 3]: s_pooled = sqrt((0 + 2) / 2) = 1, d = (5 - 2) / 1 = 3, J = 1 - 3/7
    assert S.hedges_g([5, 5], [1, 3]) == pytest.approx(3 * (1 - 3 / 7))
    assert math.isnan(S.hedges_g([1], [2]))  # n1 + n2 - 2 = 0 degrees of freedom


# ---------------------------------------------------------------- Holm


def test_holm_hand_values():
    # p = [0.01, 0.04, 0.03, 0.005], m = 4. Sorted: 0.005, 0.01, 0.03, 0.04
    # times (m - i + 1) = 4, 3, 2, 1:  0.020, 0.030, 0.060, 0.040
    # running maximum:                0.020, 0.030, 0.060, 0.060
    # back in input order: [0.03, 0.06, 0.06, 0.02]
    np.testing.assert_allclose(S.holm([0.01, 0.04, 0.03, 0.005]), [0.03, 0.06, 0.06, 0.02], atol=1e-15)


def test_holm_monotone_capped_and_nan_passthrough():
    p = np.array([0.2, np.nan, 0.6, 0.01, 0.5])
    adj = S.holm(p)
    assert np.isnan(adj[1])
    ok = ~np.isnan(p)
    # m = 4 non-missing: 0.01*4 = 0.04, 0.2*3 = 0.6, 0.5*2 = 1.0, 0.6*1 -> max(1.0, 0.6) = 1.0
    np.testing.assert_allclose(adj[ok], [0.6, 1.0, 0.04, 1.0])
    order = np.argsort(p[ok])
    assert np.all(np.diff(adj[ok][order]) >= 0)  # monotone in the raw p
    assert np.all(adj[ok] >= p[ok]) and np.all(adj[ok] <= 1)
    assert S.holm([]).size == 0
    with pytest.raises(ValueError):
        S.holm([1.5])


# ---------------------------------------------------------------- permutation and rank tests


def test_exact_permutation_p_fully_separated_3_vs_3():
    # x = [4, 5, 6], y = [1, 2, 3]: C(6, 3) = 20 ways to relabel. Only the observed labelling
    # reaches mean_x - mean_y >= 3, so P(T* >= t) = 1/20 and P(T* <= t) = 20/20;
    # two-sided p = 2 * min(1/20, 1) = 2/20 = 0.1 (the mirror labelling gives -3: 2 of 20 have |T*| >= 3).
    res = S.permutation_p([4, 5, 6], [1, 2, 3])
    assert res.exact and res.n_relabellings == 20 and res.n_evaluated == 20
    assert res.pvalue == pytest.approx(0.1)
    assert res.statistic == pytest.approx(3.0)
    assert S.permutation_p([4, 5, 6], [1, 2, 3], statistic="cliffs_delta").pvalue == pytest.approx(0.1)
    assert S.min_attainable_p(3, 3) == pytest.approx(0.1)
    assert S.min_attainable_p(5, 5) == pytest.approx(2 / 252)


def test_permutation_p_monte_carlo_is_seeded():
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=5), rng.normal(size=300)  # C(305, 5) relabellings: Monte Carlo
    a = S.permutation_p(x, y, seed=7, n_resamples=FAST)
    b = S.permutation_p(x, y, seed=7, n_resamples=FAST)
    assert not a.exact and a.n_evaluated == FAST
    assert a.pvalue == b.pvalue
    assert a.pvalue >= 2 / (FAST + 1)
    assert S.min_attainable_p(5, 300, n_resamples=FAST) == pytest.approx(2 / (FAST + 1))


def test_permutation_p_callable_statistic():
    def max_diff(x, y, axis=-1):
        return np.max(x, axis=axis) - np.max(y, axis=axis)

    assert S.permutation_p([4, 5, 6], [1, 2, 3], statistic=max_diff).pvalue == pytest.approx(0.1)


def test_exact_rank_p():
    # No ties: exact Mann-Whitney. U_x = 9 (every x above every y); P(U >= 9) = 1/20, two-sided 0.1.
    res = S.exact_rank_p([4, 5, 6], [1, 2, 3])
    assert res.method == "exact" and res.u_statistic == 9 and res.pvalue == pytest.approx(0.1)
    # Ties: every relabelling enumerated with mid-rank U.
    tied = S.exact_rank_p([1, 2, 2], [2, 3, 3])
    assert tied.method.startswith("permutation") and 0 < tied.pvalue <= 1


# ---------------------------------------------------------------- bootstrap


def test_bootstrap_ci_deterministic_and_contains_estimate():
    x, y = [4.0, 5.5, 6.0, 7.0, 9.0], [1.0, 2.0, 3.5, 5.0, 4.0]
    for stat in ("cliffs_delta", "hedges_g", "mean_diff"):
        a = S.bootstrap_ci(x, y, stat, n_resamples=FAST, seed=11)
        b = S.bootstrap_ci(x, y, stat, n_resamples=FAST, seed=11)
        assert a == b
        assert a.low <= a.estimate <= a.high
    # Point estimate by hand, 25 pairs:
    #   x = 4:            > 1, 2, 3.5; = 4 (tie); < 5   -> 3 greater, 1 less
    #   x = 5.5, 6, 7, 9: > all five y                  -> 20 greater
    # delta = (23 - 1) / 25 = 0.88
    assert S.bootstrap_ci(x, y, n_resamples=FAST).estimate == pytest.approx(0.88)


def test_bootstrap_ci_degenerate_cases():
    # Fully separated: every resample has delta = 1; BCa is undefined and falls back to percentile.
    res = S.bootstrap_ci([4, 5, 6], [1, 2, 3], "cliffs_delta", n_resamples=FAST, method="BCa")
    assert (res.low, res.high) == (1.0, 1.0) and "fallback" in res.method
    # Too few values for an interval.
    one = S.bootstrap_ci([1.0], [2.0, 3.0], n_resamples=FAST)
    assert math.isnan(one.low) and math.isnan(one.high)


# ---------------------------------------------------------------- tables


@pytest.fixture()
def three_groups() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    return pd.DataFrame(
        {
            "corpus": ["seeds"] * 5 + ["wire"] * 30 + ["bbc"] * 25,
            "loaded_per_1k_words": np.r_[rng.normal(8, 2, 5), rng.normal(2, 1, 30), rng.normal(2.5, 1, 25)],
            "hedges_per_1k_words": np.r_[rng.normal(1, 1, 5), rng.normal(3, 1, 30), rng.normal(3, 1, 25)],
        }
    )


MEASURES = ["loaded_per_1k_words", "hedges_per_1k_words"]


def test_compare_groups_all_pairs(three_groups):
    out = S.compare_groups(three_groups, "corpus", MEASURES, n_resamples=FAST, seed=5)
    assert list(out.columns) == S.COMPARE_COLUMNS
    # 3 groups -> 3 pairs (sorted labels: bbc, seeds, wire), 2 measures each
    pairs = set(zip(out["group_a"], out["group_b"]))
    assert pairs == {("bbc", "seeds"), ("bbc", "wire"), ("seeds", "wire")}
    assert len(out) == 6
    row = out[(out.group_a == "seeds") & (out.group_b == "wire") & (out.measure == MEASURES[0])].iloc[0]
    assert row.n_a == 5 and row.n_b == 30
    assert row.cliffs_delta_ci_low <= row.cliffs_delta <= row.cliffs_delta_ci_high
    assert row.mean_diff == pytest.approx(row.mean_a - row.mean_b)
    seeds = three_groups.loc[three_groups.corpus == "seeds", MEASURES[0]]
    assert row.iqr_a == pytest.approx(seeds.quantile(0.75) - seeds.quantile(0.25))
    # small-n note: names the group and the attainable floor
    assert row.note.startswith("n=5 in seeds: the smallest attainable two-sided permutation p is")
    assert "bootstrap intervals are coarse" in row.note
    assert (out.loc[(out.group_a == "bbc") & (out.group_b == "wire"), "note"] == "").all()
    # Holm within each pair, across measures
    for _, block in out.groupby(["group_a", "group_b"]):
        np.testing.assert_allclose(block.p_holm, S.holm(block.p_perm))
    # deterministic
    again = S.compare_groups(three_groups, "corpus", MEASURES, n_resamples=FAST, seed=5)
    pd.testing.assert_frame_equal(out, again)


def test_compare_groups_reference_and_exact_note(three_groups):
    out = S.compare_groups(three_groups, "corpus", MEASURES, reference="seeds", n_resamples=FAST)
    assert set(zip(out["group_a"], out["group_b"])) == {("bbc", "seeds"), ("wire", "seeds")}
    # A 5-vs-5 design is exact: C(10, 5) = 252, so the floor is 2/252 = 0.00794
    small = three_groups.groupby("corpus").head(5)
    exact = S.compare_groups(small, "corpus", MEASURES, pairs=[("seeds", "wire")], n_resamples=FAST)
    assert exact.p_exact_flag.all()
    assert exact.p_min_attainable.iloc[0] == pytest.approx(2 / 252)
    assert "0.00794 (2/C(10,5) = 2/252, exact)" in exact.note.iloc[0]
    assert "n=5 in seeds and n=5 in wire" in exact.note.iloc[0]
    with pytest.raises(ValueError):
        S.compare_groups(three_groups, "corpus", MEASURES, reference="nope")


def test_compare_groups_studied_is_group_a_and_signs_read_studied_minus_reference(three_groups):
    # The one convention: the reference is group_b, effects are group_a (studied) minus group_b.
    # Seeds are drawn around 8 loaded words per 1k against about 2 in wire and bbc, so every effect
    # on that measure is positive with the seeds as group_a, and exactly the negative when the
    # seeds are the reference (Cliff's delta, g and the mean difference are antisymmetric).
    studied = S.compare_groups(three_groups, "corpus", MEASURES, studied="seeds", n_resamples=FAST)
    assert list(zip(studied["group_a"], studied["group_b"])) == [("seeds", "bbc")] * 2 + [("seeds", "wire")] * 2
    loaded = studied[studied["measure"] == MEASURES[0]]
    assert (loaded["cliffs_delta"] > 0).all() and (loaded["mean_diff"] > 0).all()
    assert (loaded["mean_a"] > loaded["mean_b"]).all() and (loaded["n_a"] == 5).all()
    ref = S.compare_groups(three_groups, "corpus", MEASURES, reference="seeds", n_resamples=FAST)
    for col in ("cliffs_delta", "hedges_g", "mean_diff"):
        np.testing.assert_allclose(studied[col].to_numpy(), -ref[col].to_numpy(), atol=1e-12)
    one = S.compare_groups(three_groups, "corpus", MEASURES, studied="seeds", reference="wire", n_resamples=FAST)
    assert set(zip(one["group_a"], one["group_b"])) == {("seeds", "wire")}
    with pytest.raises(ValueError, match="studied group"):
        S.compare_groups(three_groups, "corpus", MEASURES, studied="nope")


def test_describe_groups_tidy(three_groups):
    out = S.describe_groups(three_groups, "corpus", MEASURES)
    assert list(out.columns) == ["group", "measure", "n", "mean", "median", "sd", "min", "q1", "q3", "max"]
    assert len(out) == 3 * 2
    row = out[(out.group == "seeds") & (out.measure == MEASURES[1])].iloc[0]
    vals = three_groups.loc[three_groups.corpus == "seeds", MEASURES[1]]
    assert row.n == 5
    assert row["sd"] == pytest.approx(vals.std(ddof=1))
    assert row.q1 == pytest.approx(vals.quantile(0.25)) and row["max"] == pytest.approx(vals.max())
