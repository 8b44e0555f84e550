"""The effect-size figure: small multiples of Cliff's delta (or Hedges' g) with bootstrap intervals,
one panel per measure, one row per reference group, and one shared legend above the panels.

Each reference group keeps its colour and marker from :func:`analysis.report.style.group_styles`, so
the figure in ``figures/`` and the one in notebook 05 (which calls this same function) map groups
to markers identically.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from analysis.report.style import finish, group_label, group_styles, legend_above, new_figure, plain

#: Panel titles of the measures the build and notebook 05 show (others: underscores to spaces).
MEASURE_TITLES = {
    "loaded_per_1k": "loaded words per 1,000 words\n(headline: context model, all voices)",
    "loaded_authorial_per_1k": "loaded words per 1,000 words\n(headline: context model, author's own voice)",
    "loaded_lexicon_per_1k": "loaded terms per 1,000 words\n(lexicon, all voices)",
    "loaded_lexicon_authorial_per_1k": "loaded terms per 1,000 words\n(lexicon, author's own voice)",
    "loaded_model_per_1k": "loaded spans per 1,000 words\n(context model, all voices)",
    "loaded_model_authorial_per_1k": "loaded spans per 1,000 words\n(context model, author's own voice)",
    "attributed_sentence_share": "sentences with an attribution\n(share)",
    "source_anonymous_unverifiable_share": "attributions to anonymous sources\n(share)",
    "source_self_reference_share": "attributions to the publisher itself\n(share)",
    "named_sources_distinct": "distinct named sources\n(count)",
    "hedges_per_1k": "hedges per 1,000 words",
    "boosters_per_1k": "boosters per 1,000 words",
    "quoted_word_share": "words inside quotations\n(share)",
    "flesch_kincaid_grade": "Flesch-Kincaid grade",
}

EFFECT_NAMES = {"cliffs_delta": "Cliff's delta (-1 to 1)", "hedges_g": "Hedges' g (standard deviations)"}


def forest_plot(
    comparison: pd.DataFrame,
    effect: str = "cliffs_delta",
    source: str = "",
    save: str | None = None,
    ncols: int = 2,
    reference=None,
):
    """Effect sizes with bootstrap intervals as small multiples: one panel per measure, one row per
    reference group (``group_b``, its colour and marker), the interval as a line. ``comparison``
    has columns measure, group_a, group_b, n_a, n_b, <effect>, <effect>_ci_low, <effect>_ci_high, in
    the package's convention (:func:`analysis.compare.stats.compare_groups`): ``group_a`` is the
    studied group, so a point right of zero means it scores higher than that reference."""
    comp = comparison.reset_index(drop=True)
    measures = list(dict.fromkeys(comp["measure"]))
    studied = list(dict.fromkeys(comp["group_a"]))
    pairs = list(dict.fromkeys(zip(comp["group_a"], comp["group_b"])))
    styles = group_styles(studied + [b for _, b in pairs], studied, reference)
    one_studied = len(studied) <= 1
    ncols = max(1, min(ncols, len(measures)))
    nrows = max(1, int(np.ceil(len(measures) / ncols)))
    panel_h = 0.16 * len(pairs) + 0.75
    fig, axes = new_figure(
        7.5, min(9.5, panel_h * nrows + 1.2), nrows=nrows, ncols=ncols, squeeze=False, sharex=effect == "cliffs_delta"
    )
    y = np.arange(len(pairs))
    row_labels = [plain(group_label(b) if one_studied else f"{group_label(a)} vs {group_label(b)}") for a, b in pairs]
    lows, highs = [], []
    for k, (ax, m) in enumerate(zip(axes.flat, measures)):
        sub = comp[comp["measure"] == m].set_index(["group_a", "group_b"]).reindex(pairs)
        for yi, (a, b) in enumerate(pairs):
            row, st = sub.loc[(a, b)], styles[b]
            if pd.isna(row[effect]):
                continue
            ax.hlines(yi, row[f"{effect}_ci_low"], row[f"{effect}_ci_high"], color=st["color"], linewidth=1.6)
            ax.scatter(
                [row[effect]],
                [yi],
                marker=st["marker"],
                s=30,
                facecolor=st["color"],
                edgecolor="black",
                linewidth=0.6,
                zorder=3,
            )
            lows.append(row[f"{effect}_ci_low"])
            highs.append(row[f"{effect}_ci_high"])
        ax.axvline(0, color="#666666", linewidth=0.8, linestyle="--")
        ax.set_yticks(y, row_labels if k % ncols == 0 else [], fontsize=6.5)
        ax.set_ylim(len(pairs) - 0.5, -0.5)
        ax.tick_params(axis="y", length=0)
        ax.grid(axis="y", visible=False)
        ax.set_title(plain(MEASURE_TITLES.get(m, str(m).replace("_", " "))), fontsize=7.5)
        ax.tick_params(axis="x", labelsize=7)
    for ax in list(axes.flat)[len(measures) :]:
        ax.set_visible(False)
    if effect == "cliffs_delta":
        axes.flat[0].set_xlim(-1.08, 1.08)
    else:
        lo, hi = np.nanmin(lows + [0.0]), np.nanmax(highs + [0.0])
        pad = 0.05 * (hi - lo or 1.0)
        for ax in axes.flat:
            ax.set_xlim(lo - pad, hi + pad)
    first = studied[0] if one_studied and studied else "studied group"
    fig.supxlabel(plain(f"{EFFECT_NAMES.get(effect, effect)}; positive = {first} higher"), fontsize=8.5)
    handles, labels = [], []
    for a, b in pairs:
        st = styles[b]
        n_b = comp.loc[(comp["group_a"] == a) & (comp["group_b"] == b), "n_b"].dropna()
        handles.append(
            Line2D(
                [],
                [],
                color=st["color"],
                marker=st["marker"],
                markerfacecolor=st["color"],
                markeredgecolor="black",
                linewidth=1.6,
                markersize=5,
            )
        )
        n_text = f" (n={int(n_b.iloc[0])})" if len(n_b) else ""
        labels.append(
            plain(f"vs {group_label(b)}{n_text}" if one_studied else f"{group_label(a)} vs {group_label(b)}{n_text}")
        )
    title = (
        f"{first} vs each reference group: effect sizes with 95% bootstrap intervals"
        if one_studied
        else "Each studied group vs each reference group: effect sizes with 95% bootstrap intervals"
    )
    top = legend_above(fig, handles, labels, ncol=min(4, max(1, len(pairs))), title=title)
    n_a = ", ".join(f"{a} n={int(comp.loc[comp['group_a'] == a, 'n_a'].iloc[0])}" for a in studied)
    caption = (
        f"Source: {source}. {n_a}; reference n in the legend. Rows in every panel in legend order. "
        "Intervals: percentile bootstrap."
    )
    return finish(fig, caption, save, top=top)
