"""Measures over time: each group's mean per month or quarter, with a bootstrap band.

When the documents have publication dates (a date column, a manifest, a sign-off or an ISO date in
the file name), a researcher asks whether a group's framing moved: more loaded language before an
election, fewer named sources after a change of editor. :func:`over_time_table` gives, per group,
period and measure, the number of documents, the mean and a 95% percentile-bootstrap interval of the
mean (documents resampled within the period, fixed seed), the view Media Cloud and Prta users
expect. A period with fewer than :data:`MIN_PERIOD_DOCS` documents is shown without a band.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.config import RANDOM_SEED

__all__ = ["MIN_PERIOD_DOCS", "OVER_TIME_COLUMNS", "period_frequency", "has_time_design", "over_time_table"]

#: Periods with fewer documents get a mean but no bootstrap band.
MIN_PERIOD_DOCS = 3
OVER_TIME_COLUMNS = ["group", "period", "period_start", "measure", "n_docs", "mean", "ci_low", "ci_high"]


def period_frequency(dates: pd.Series) -> str:
    """``"M"`` (months) when the dated documents span at most two years, else ``"Q"`` (quarters)."""
    d = pd.to_datetime(dates, errors="coerce").dropna()
    if d.empty:
        return "M"
    months = (d.max().year - d.min().year) * 12 + d.max().month - d.min().month
    return "M" if months <= 24 else "Q"


def has_time_design(profile: pd.DataFrame, groups: Sequence[str], group_col: str = "group") -> bool:
    """Whether a time view says anything: some group among ``groups`` has at least two periods with
    :data:`MIN_PERIOD_DOCS` dated documents or more."""
    if "date" not in profile.columns:
        return False
    sub = profile[profile[group_col].isin(list(groups))]
    dates = pd.to_datetime(sub["date"], errors="coerce")
    if dates.notna().sum() < 2 * MIN_PERIOD_DOCS:
        return False
    periods = dates.dt.to_period(period_frequency(dates))
    counts = pd.DataFrame({"g": sub[group_col], "p": periods}).dropna().groupby(["g", "p"]).size()
    return bool((counts >= MIN_PERIOD_DOCS).groupby(level=0).sum().max() >= 2)


def over_time_table(
    profile: pd.DataFrame,
    measures: Sequence[str],
    groups: Sequence[str] | None = None,
    group_col: str = "group",
    freq: str | None = None,
    n_boot: int = 999,
    seed: int = RANDOM_SEED,
) -> pd.DataFrame:
    """One row per group, period and measure (columns :data:`OVER_TIME_COLUMNS`) of the dated
    documents of ``profile`` (``groups``: default every group). ``freq``: ``"M"`` or ``"Q"``
    (default :func:`period_frequency`). Intervals: 2.5th and 97.5th percentiles of ``n_boot`` means
    of documents drawn with replacement within the group and period (NaN under
    :data:`MIN_PERIOD_DOCS` documents)."""
    sub = profile if groups is None else profile[profile[group_col].isin(list(groups))]
    dates = pd.to_datetime(sub["date"], errors="coerce") if "date" in sub.columns else pd.Series(dtype="datetime64[ns]")
    sub = sub[dates.notna()]
    dates = dates[dates.notna()]
    if sub.empty:
        return pd.DataFrame(columns=OVER_TIME_COLUMNS)
    freq = freq or period_frequency(dates)
    periods = dates.dt.to_period(freq)
    rng = np.random.default_rng(seed)
    rows = []
    for (g, p), idx in sub.groupby([sub[group_col], periods], sort=True).groups.items():
        part = sub.loc[idx]
        for m in measures:
            vals = part[m].astype(float).dropna().to_numpy()
            lo = hi = np.nan
            if len(vals) >= MIN_PERIOD_DOCS:
                means = vals[rng.integers(0, len(vals), size=(n_boot, len(vals)))].mean(axis=1)
                lo, hi = np.quantile(means, [0.025, 0.975])
            rows.append(
                {
                    "group": g,
                    "period": str(p),
                    "period_start": p.start_time.date().isoformat(),
                    "measure": m,
                    "n_docs": len(vals),
                    "mean": float(vals.mean()) if len(vals) else np.nan,
                    "ci_low": float(lo),
                    "ci_high": float(hi),
                }
            )
    out = pd.DataFrame(rows, columns=OVER_TIME_COLUMNS)
    out.attrs["freq"] = freq
    return out
