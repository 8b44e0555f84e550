"""Small-multiples figure of the source-reliability scorecard (:mod:`analysis.compare.scorecard`):
one panel per component, one column of points per group."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.compare.reliability_index import reliability_index
from analysis.compare.scorecard import Scorecard

# ---------------------------------------------------------------------------------------------
# Figure
# ---------------------------------------------------------------------------------------------

#: Panels of :func:`scorecard_figure`: column -> panel title (with units).
FIGURE_PANELS = {
    "named_source_share": "claims with a checkable source\n(share of claims, 0-1)",
    "source_anonymous_unverifiable_share": "claims with an anonymous source\n(share of claims, 0-1)",
    "source_self_reference_share": "claims sourced to the publisher\n(share of claims, 0-1)",
    "unattributed_assertion_share": "factual statements with no source\n(share of statements, 0-1)",
    "checkable_details_per_1k": "dates, numbers and names\n(per 1,000 words)",
    "anonymous_claims_hedged_share": "anonymous claims that are hedged\n(share, 0-1)",
    "other_side_response": "other side's response given\n(0 = no, 1 = yes; bar: share of texts)",
    "reliability_index": "combined index, equal weights\n(0-1, higher = more checkable)",
}


def scorecard_figure(
    scorecard: pd.DataFrame | Scorecard,
    group_col: str = "group",
    source: str = "",
    save: str | None = None,
    studied: str = "seeds",
    reference=None,
):
    """Small multiples: one panel per scorecard component, one column of points per group. Every
    document is a point (baselines hollow and jittered, with the group median as a bar); the
    ``studied`` documents (the seeds) are large filled markers. Returns the Figure; saves PNG and
    SVG only when ``save`` is given."""
    from analysis.report.figures import MAX_POINTS, _finish
    from analysis.report.style import group_label, group_styles, new_figure, order_groups, plain

    table = scorecard.table if isinstance(scorecard, Scorecard) else scorecard
    table = table.copy()
    if "reliability_index" not in table.columns:
        table["reliability_index"] = reliability_index(table)
    table["other_side_response"] = table["other_side_response"].astype(float)
    studied = studied if studied in set(table[group_col]) else None
    groups = order_groups(table[group_col], studied, reference)
    styles = group_styles(groups, studied or (groups[0] if groups else None), reference)
    panels = [c for c in FIGURE_PANELS if c in table.columns]
    ncols = 4
    nrows = int(np.ceil(len(panels) / ncols))
    fig, axes = new_figure(7.5, 2.4 * nrows + 1.0, nrows=nrows, ncols=ncols, squeeze=False)
    rng = np.random.default_rng(0)
    for ax, col in zip(axes.flat, panels):
        for gi, g in enumerate(groups):
            vals = table.loc[table[group_col] == g, col].astype(float).to_numpy()
            ok = vals[~np.isnan(vals)]
            st = styles[g]
            if st["studied"] or len(ok) <= MAX_POINTS:
                x = gi + np.linspace(-0.15, 0.15, len(ok)) if len(ok) > 1 else np.full(len(ok), float(gi))
                ax.scatter(
                    x,
                    ok,
                    s=34 if st["studied"] else 18,
                    marker=st["marker"],
                    facecolor=st["color"],
                    edgecolor="black",
                    linewidth=0.6,
                    zorder=4,
                )
            else:
                ax.scatter(
                    gi + rng.uniform(-0.22, 0.22, len(ok)),
                    ok,
                    s=9,
                    marker=st["marker"],
                    facecolor="none",
                    edgecolor=st["color"],
                    linewidth=0.5,
                    alpha=0.6,
                    zorder=2,
                )
            if len(ok):
                centre = np.mean(ok) if col == "other_side_response" else np.median(ok)
                ax.hlines(centre, gi - 0.3, gi + 0.3, color="black", linewidth=1.6, zorder=5)
        ax.set_xticks(range(len(groups)), [plain(group_label(g)) for g in groups], rotation=45, ha="right", fontsize=6)
        ax.grid(axis="x", visible=False)
        ax.set_title(FIGURE_PANELS[col], fontsize=7.5)
        ax.set_xlim(-0.6, len(groups) - 0.4)
        if col != "checkable_details_per_1k":
            ax.set_ylim(-0.05, 1.05)
        else:
            vals = table[col].astype(float)
            ax.set_ylim(0, float(np.nanmax(vals)) * 1.05 if vals.notna().any() and np.nanmax(vals) > 0 else 1.0)
    for ax in list(axes.flat)[len(panels) :]:
        ax.set_visible(False)
    fig.suptitle("Source-reliability scorecard: how checkable is the sourcing? (not whether it is true)", fontsize=10)
    top = 1.0  # tight_layout keeps the panels below the suptitle
    n = table.groupby(group_col, sort=False).size()
    caption = (
        f"Source: {source or 'analysis/scorecard.py'}. "
        + ", ".join(f"{group_label(g)} n={int(n[g])}" for g in groups)
        + f". Points: documents ({groups[0] if groups else studied}: vermillion, larger; groups of more than "
        f"{MAX_POINTS} hollow and jittered); bar: group median (other side's response: "
        "share of texts). Share panels leave out documents where the share is undefined (no claim, no "
        "anonymous claim). Index formula: analysis.compare.scorecard.INDEX_FORMULA."
    )
    return _finish(fig, caption, save, top=top)
