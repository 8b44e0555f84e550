"""Time of the statistics of a group comparison, before and after the fast resampling engines.

    python benchmarks/stats_speed.py [--n-small 5] [--n-large 2000] [--measures 8] [--resamples 9999]
    python benchmarks/stats_speed.py --real [--resamples 9999]

Runs :func:`analysis.compare.stats.compare_groups` (Cliff's delta and Hedges' g with percentile bootstrap
intervals, a permutation p of the mean difference, Holm) for one small group against one large
group on several measures, twice in the same process: through scipy's generic
``bootstrap``/``permutation_test`` (the route before the fast engines, ``stats._engine(False)``)
and through :mod:`analysis.compare.resampling`. Prints both wall-clock times, their ratio and how
far apart the two tables are (Monte Carlo differences: different random streams).

Data: values drawn once from a fixed generator (seed 0), shaped like the profile's per-1,000-words
rates: log-normal, about 30% zeros, rounded to 0.1 (so with ties); the small group is shifted up.
The time of the statistics does not depend on the values beyond their sizes and ties.
``--real``: instead, the profile of the seeds and every baseline (``build_study()``, cached after
its first run; needs the baseline corpora) and the comparison behind the effect-size figure: the
seeds against each baseline on the forest plot's eight measures (``FOREST_MEASURES``).
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.compare import stats  # noqa: E402


def frame(n_small: int, n_large: int, n_measures: int) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    n = n_small + n_large
    cols = {}
    for k in range(n_measures):
        values = rng.lognormal(0.0, 1.0, n) * (rng.random(n) > 0.3)
        values[:n_small] += 1.0 + 0.25 * k
        cols[f"measure_{k}"] = np.round(values, 1)
    out = pd.DataFrame(cols)
    out.insert(0, "group", ["studied"] * n_small + ["reference"] * n_large)
    return out


def timed(data: pd.DataFrame, measures: list[str], resamples: int, fast: bool, **pairs) -> tuple[float, pd.DataFrame]:
    with stats._engine(fast):
        start = time.perf_counter()
        table = stats.compare_groups(data, "group", measures, n_resamples=resamples, **pairs)
        return time.perf_counter() - start, table


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-small", type=int, default=5)
    ap.add_argument("--n-large", type=int, default=2000)
    ap.add_argument("--measures", type=int, default=8)
    ap.add_argument("--resamples", type=int, default=stats.N_RESAMPLES)
    ap.add_argument("--real", action="store_true", help="the seeds against every baseline, forest-plot measures")
    args = ap.parse_args(argv)
    if args.real:
        from analysis.pipeline.study import build_study
        from analysis.report.build import FOREST_MEASURES

        data, measures, pairs = build_study().profile, FOREST_MEASURES, {"studied": "seeds"}
        sizes = data.groupby("group").size()
        what = "seeds (n=5) vs " + ", ".join(f"{g} (n={n})" for g, n in sizes.items() if g != "seeds")
    else:
        data = frame(args.n_small, args.n_large, args.measures)
        measures, pairs = [c for c in data.columns if c != "group"], {"reference": "reference"}
        what = f"{args.n_small} vs {args.n_large} documents"
    print(
        f"compare_groups: {what}; {len(measures)} measures, {args.resamples:,} resamples; "
        f"Python {platform.python_version()}, numpy {np.__version__}"
    )
    t_fast, fast = timed(data, measures, args.resamples, fast=True, **pairs)  # fast first: a cold start hurts it
    t_ref, ref = timed(data, measures, args.resamples, fast=False, **pairs)
    print(f"before (scipy bootstrap / permutation_test): {t_ref:8.2f} s")
    print(f"after  (analysis.compare.resampling):        {t_fast:8.2f} s")
    print(f"speed-up: {t_ref / t_fast:.1f}x")
    print("largest difference between the two tables (Monte Carlo error: the random streams differ;")
    print("g's upper ends move most where a baseline is almost all zeros and g has a long right tail):")
    for col in (
        "cliffs_delta",
        "hedges_g",
        "cliffs_delta_ci_low",
        "cliffs_delta_ci_high",
        "hedges_g_ci_low",
        "hedges_g_ci_high",
        "p_perm",
    ):
        diff = np.abs(fast[col].to_numpy(dtype=float) - ref[col].to_numpy(dtype=float))
        if np.isnan(diff).all():
            continue
        at = int(np.nanargmax(diff))
        print(
            f"  {col:22s} {diff[at]:.4f}  ({ref['measure'].iloc[at]}, {ref['group_a'].iloc[at]} vs "
            f"{ref['group_b'].iloc[at]}: {ref[col].iloc[at]:.4g} -> {fast[col].iloc[at]:.4g})"
        )


if __name__ == "__main__":
    main()
