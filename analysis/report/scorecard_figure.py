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
    "reliability_index": "combined index, fitted weights\n(0-1, higher = more checkable)",
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


# ---------------------------------------------------------------------------------------------
# Known groups: ROC curves of the index (issue 25)
# ---------------------------------------------------------------------------------------------

#: Curves of :func:`reliability_roc`: detector -> (label, Okabe-Ito colour name, line style, marker).
ROC_CURVES = {
    "reliability_index": ("index, leave-one-outlet-out", "blue", "-", "o"),
    "reliability_index_nested": ("index, nested leave-one-outlet-out", "sky blue", "--", "^"),
    "reliability_index_pre25": ("index before issue 25 (naive)", "orange", "-.", "s"),
    "words": ("article length in words (naive)", "black", ":", "D"),
}
#: Panels of :func:`reliability_roc`: task -> panel title.
ROC_TASKS = {
    "polnear_rating": "PolNeAR: MBFC high vs mixed/low outlets",
    "nf_questionable": "Narrative frames: rest vs questionable outlets",
}


def reliability_roc(scores: pd.DataFrame, rows: pd.DataFrame, source: str = "", save: str | None = None):
    """ROC curves of the checkability index on the known groups, one panel per task of
    :data:`ROC_TASKS` (all text genres): the leave-one-outlet-out index (both designs) beside the
    naive baselines (the index before issue 25, article length), AUC and 95% interval in the
    legend. ``scores``/``rows``: the ``scores`` and ``rows`` of
    :func:`analysis.validate.reliability.validate_reliability`. Returns the Figure."""
    from sklearn.metrics import roc_curve

    from analysis.report.style import OKABE_ITO, finish, new_figure, plain
    from analysis.validate.reliability import TASKS

    tasks = [t for t in ROC_TASKS if (rows["task"] == t).any()]
    fig, axes = new_figure(7.5, 5.0, nrows=1, ncols=max(len(tasks), 1), squeeze=False)
    ns = []
    for ax, task in zip(axes.flat, tasks):
        colls, label, _ = TASKS[task]
        part = scores[scores["collection"].isin(colls) & scores[label].notna()]
        y = part[label].to_numpy() > 0.5
        ns.append(f"{ROC_TASKS[task].split(':')[0]} n={len(part)} ({int(y.sum())} vs {int((~y).sum())} documents)")
        ax.plot([0, 1], [0, 1], color="#999999", linewidth=0.8, zorder=1)
        for det, (name, colour, ls, marker) in ROC_CURVES.items():
            ok = part[det].notna().to_numpy()
            fpr, tpr, _ = roc_curve(y[ok], part.loc[ok, det].to_numpy())
            r = rows[(rows["task"] == task) & (rows["detector"] == det) & rows["split"].str.endswith("all genres")]
            auc_text = (
                f"AUC {r['value'].iloc[0]:.2f} ({r['ci_low'].iloc[0]:.2f}-{r['ci_high'].iloc[0]:.2f})" if len(r) else ""
            )
            ax.plot(
                fpr,
                tpr,
                color=OKABE_ITO[colour],
                linestyle=ls,
                marker=marker,
                markevery=max(1, len(fpr) // 8),
                markersize=4,
                linewidth=1.4,
                label=plain(f"{name}: {auc_text}"),
                zorder=3,
            )
        ax.set_title(ROC_TASKS[task], fontsize=8.5)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1.01)
        ax.set_aspect("equal")
        ax.set_xlabel("false positive rate (poorly rated called well rated)", fontsize=7.5)
        ax.set_ylabel("true positive rate (well rated found)", fontsize=7.5)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), fontsize=6.5, frameon=False)
    fig.suptitle(
        "Known groups: the fitted checkability index ranks better-rated outlets higher; the old index did not",
        fontsize=9.5,
    )
    caption = (
        f"Source: {source or 'analysis.validate.reliability'}. "
        + "; ".join(ns)
        + ". Index scores of each outlet: ranks among the other outlets' documents under weights fitted without it; "
        "intervals: 95% bootstrap over documents. Checkability of sourcing, not truth."
    )
    legend_room = 0.4  # inches under the panels for the per-panel legends
    lines = int(np.ceil(len(caption) / (fig.get_figwidth() * 17.0)))
    return finish(fig, caption, save, bottom=(0.08 + 0.125 * lines + legend_room) / fig.get_figheight(), top=0.95)


# ---------------------------------------------------------------------------------------------
# Components by group with intervals
# ---------------------------------------------------------------------------------------------


def components_figure(
    summary: pd.DataFrame,
    source: str = "",
    save: str | None = None,
    studied=None,
    reference=None,
    n: dict | None = None,
):
    """One panel per index component with a weight, and the index: each group's mean (marker in
    the group's style) with its 95% bootstrap interval (a line). ``summary``: the table of
    :func:`analysis.compare.scorecard_genre.components_by_group`; ``n``: documents per group for
    the caption. Returns the Figure."""
    from analysis.compare.reliability_index import INDEX_COMPONENTS
    from analysis.report.style import finish, group_label, group_styles, new_figure, order_groups, plain

    weighted = [c for c in INDEX_COMPONENTS if (summary.loc[summary["component"] == c, "weight"] > 0).any()]
    panels = [*weighted, "reliability_index"]
    groups = order_groups(summary["group"], studied, reference)
    styles = group_styles(groups, studied or (groups[0] if groups else None), reference)
    ncols = 4
    nrows = int(np.ceil(len(panels) / ncols))
    fig, axes = new_figure(7.5, 0.22 * len(groups) * nrows + 0.9 * nrows + 1.2, nrows=nrows, ncols=ncols, squeeze=False)
    for i, (ax, comp) in enumerate(zip(axes.flat, panels)):
        part = summary[summary["component"] == comp].set_index("group")
        for gi, g in enumerate(groups):
            if g not in part.index:
                continue
            r, st = part.loc[g], styles[g]
            ax.plot([r["ci_low"], r["ci_high"]], [gi, gi], color=st["color"], linewidth=1.6, zorder=2)
            ax.scatter(
                [r["mean"]], [gi], marker=st["marker"], s=30, facecolor=st["color"], edgecolor="black", lw=0.5, zorder=3
            )
        ax.set_yticks(
            range(len(groups)), [plain(group_label(g)) for g in groups] if i % ncols == 0 else [], fontsize=6.5
        )
        ax.set_ylim(len(groups) - 0.5, -0.5)
        ax.set_xlim(-0.02, 1.02)
        ax.grid(axis="y", visible=False)
        weight = part["weight"].iloc[0] if len(part) else float("nan")
        title = "index (fitted weights)" if comp == "reliability_index" else f"{comp} (weight {weight:.2f})"
        ax.set_title(plain(title), fontsize=7.5)
        ax.tick_params(axis="x", labelsize=6)
    for ax in list(axes.flat)[len(panels) :]:
        ax.set_visible(False)
    fig.suptitle("Scorecard components by group: mean and 95% interval (0-1, higher = more checkable)", fontsize=9.5)
    counts = ", ".join(f"{group_label(g)} n={n[g]}" for g in groups if n and g in n)
    caption = (
        f"Source: {source or 'analysis.compare.scorecard'}. {counts}. Components with a published weight and "
        "the index (analysis.compare.reliability_index.INDEX_COMPONENTS); lines: percentile bootstrap over "
        "documents. Checkability of sourcing, not truth."
    )
    return finish(fig, caption, save, top=0.94)
