"""The detector-validation figure and the rows behind it: held-out or cross-validated results only,
our detectors beside the naive published lists, F1 with its bootstrap interval.

:func:`validation_rows` picks the rows from :func:`analysis.validate.validation.run_validation`;
:func:`validation_prf` draws them as small multiples, one panel per benchmark, task and split.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from analysis.report.style import CATEGORY_COLOURS, finish, legend_above, new_figure, plain
from analysis.validate.validation_summary import headline_rows, is_held_out  # noqa: F401  (re-export)

BENCHMARK_NAMES = {
    "ptc": "SemEval-2020 PTC",
    "babe": "BABE",
    "polnear": "PolNeAR",
    "szeged_news": "Szeged news",
    "szeged_wikipedia": "Szeged Wikipedia",
}
TASK_NAMES = {
    "loaded": "loaded language (tokens)",
    "loaded_sentence": "biased sentences (macro F1)",
    "loaded_word": "biased words (tokens)",
    "attribution_cue": "attribution cues (tokens)",
    "attribution_source": "attribution sources (tokens)",
    "hedge": "uncertainty cues (tokens)",
}


def validation_rows(results: pd.DataFrame) -> pd.DataFrame:
    """Rows of :func:`~analysis.validate.validation.run_validation` a reader should trust
    (:func:`analysis.validate.validation_summary.headline_rows`: held-out or cross-validated splits,
    token level or BABE sentence macro-F1), ours then naive within each panel. Adds ``panel``
    (benchmark, task and split, readable)."""
    rows = headline_rows(results)
    rows["panel"] = [
        f"{BENCHMARK_NAMES.get(b, b)}: {TASK_NAMES.get(t, t)}\n{s}"
        for b, t, s in zip(rows["benchmark"], rows["task"], rows["split"])
    ]
    rows["_f"] = rows["family"].map({"ours": 0, "naive": 1}).fillna(2)
    rows["_p"] = rows["panel"].map({p: i for i, p in enumerate(dict.fromkeys(rows["panel"]))})
    rows = rows.sort_values(["_p", "_f"], kind="stable").drop(columns=["_f", "_p"])
    return rows.reset_index(drop=True)


def validation_prf(results: pd.DataFrame, source: str = "", save: str | None = None, ncols: int = 2):
    """Small multiples, one panel per benchmark, task and split: a bar of F1 per detector with its
    95 % bootstrap interval (ours solid blue, naive hatched orange), precision and recall written
    beside it. ``results``: the output of :func:`validation_rows` (or any frame with panel or
    task, detector, family, precision, recall, f1, ci_low, ci_high)."""
    rows = results.reset_index(drop=True).copy()
    if "panel" not in rows:
        rows["panel"] = rows["task"]
    if "family" not in rows:
        rows["family"] = "ours"
    for col in ("ci_low", "ci_high"):
        if col not in rows:
            rows[col] = np.nan
    panels = list(dict.fromkeys(rows["panel"]))
    ncols = max(1, min(ncols, len(panels)))
    nrows = max(1, int(np.ceil(len(panels) / ncols)))
    per_row = [int((rows["panel"] == p).sum()) for p in panels]
    heights = [max(per_row[r * ncols : (r + 1) * ncols]) * 0.15 + 0.55 for r in range(nrows)]
    fig, axes = new_figure(
        7.5,
        min(10.0, sum(heights) + 1.3),
        nrows=nrows,
        ncols=ncols,
        squeeze=False,
        gridspec_kw={"height_ratios": heights},
    )
    look = {"ours": (CATEGORY_COLOURS[0], ""), "naive": (CATEGORY_COLOURS[1], "////")}
    for ax, panel in zip(axes.flat, panels):
        sub = rows[rows["panel"] == panel].reset_index(drop=True)
        y = np.arange(len(sub))
        for yi, r in sub.iterrows():
            colour, hatch = look.get(r["family"], ("#999999", "..."))
            ax.barh(
                yi,
                r["f1"],
                0.7,
                color=colour if not hatch else "white",
                hatch=hatch,
                edgecolor=colour if hatch else "black",
                linewidth=0.6,
            )
            if pd.notna(r["ci_low"]):
                ax.hlines(yi, r["ci_low"], r["ci_high"], color="black", linewidth=1.0)
            ax.text(
                1.02,
                yi,
                f"P {r['precision']:.2f}  R {r['recall']:.2f}",
                va="center",
                fontsize=5.8,
                transform=ax.get_yaxis_transform(),
                color="#333333",
            )
        ax.set_yticks(y, [plain(d) for d in sub["detector"]], fontsize=6.2)
        ax.set_ylim(len(sub) - 0.5, -0.5)
        ax.set_xlim(0, 1)
        ax.grid(axis="y", visible=False)
        ax.tick_params(axis="x", labelsize=6.5)
        n = f", n={int(sub['n_docs'].max())}" if "n_docs" in sub and sub["n_docs"].notna().any() else ""
        ax.set_title(plain(panel + n), fontsize=7, loc="left")
    for ax in list(axes.flat)[len(panels) :]:
        ax.set_visible(False)
    fig.supxlabel("F1 (0-1) with 95% bootstrap interval; precision (P) and recall (R) at right", fontsize=8)
    handles = [
        Patch(facecolor=look["ours"][0], edgecolor="black"),
        Patch(facecolor="white", edgecolor=look["naive"][0], hatch="////"),
        Patch(facecolor="white", edgecolor="black", linewidth=0),
    ]
    top = legend_above(
        fig,
        handles[:2],
        ["our detector", "naive baseline (published list, bare match)"],
        ncol=2,
        title="Detector validation on held-out or cross-validated gold",
    )
    caption = (
        f"Source: {source}. n in each panel title: documents scored (BABE panels: sentences). "
        "Intervals: percentile bootstrap resampling whole documents (BABE: articles)."
    )
    return finish(fig, caption, save, top=top)
