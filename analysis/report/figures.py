"""Figure functions: each takes a tidy frame, returns the matplotlib Figure, and saves only when
asked (``save="figures/name"`` writes PNG and SVG, see :func:`analysis.report.style.save`).

Every figure has labelled axes with units, a caption with the data source and n, colours from the
Okabe-Ito palette with the studied group always vermillion (:func:`analysis.report.style.group_styles`),
and a marker or hatch per group, so it reads in greyscale and for colour-blind readers. A group of
at most ``max_points`` documents is drawn document by document, so a mean never hides five points.
The effect-size and validation figures live in :mod:`analysis.report.forest` and
:mod:`analysis.report.validation_figure` and are re-exported here.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from analysis.report.forest import forest_plot  # noqa: F401  (re-export)
from analysis.report.style import (
    finish,
    group_label,
    group_styles,
    legend_above,
    new_figure,
    order_groups,
    plain,
    pooled_shares,
    readable,
    stacked_barh,
)
from analysis.report.validation_figure import validation_prf, validation_rows  # noqa: F401  (re-export)

SOURCE_TYPE_LABELS = {
    "named_person": "named person",
    "official_institution": "official institution",
    "media_outlet": "media outlet",
    "organisation": "organisation",
    "anonymous_unverifiable": "anonymous / unverifiable",
    "self_reference": "self-reference",
    "unspecified": "no explicit source",
}

#: Groups up to this size are drawn document by document.
MAX_POINTS = 30


def _finish(fig, caption: str, save: str | None, top: float = 1.0):
    return finish(fig, caption, save, top=top)


def _n_caption(frame: pd.DataFrame, group_col: str, groups=None) -> str:
    counts = frame.groupby(group_col, sort=False).size()
    return ", ".join(f"{group_label(g)} n={counts[g]}" for g in (groups or counts.index) if g in counts)


def _jitter(n: int, width: float = 0.14) -> np.ndarray:
    """Deterministic horizontal offsets for ``n`` points (evenly spread, no random numbers)."""
    return np.linspace(-width, width, n) if n > 1 else np.zeros(n)


def loaded_by_subcategory(
    rates: pd.DataFrame,
    group_col: str = "group",
    source: str = "",
    save: str | None = None,
    studied=None,
    max_points: int = MAX_POINTS,
    reference=None,
):
    """Small multiples, one panel per loaded-term subcategory: per group, the mean rate in the
    author's own voice (solid bar) with the rate inside quotations stacked on top (hatched), and,
    for groups of at most ``max_points`` documents, each document's rate (both voices) as a point.

    ``rates``: columns group_col, subcategory, voice (authorial|quoted), per_1k, and either doc_id
    (per-document rates: ``loaded_rates_by_voice(..., per_document=True)``) or n_docs (group means)."""
    if "doc_id" in rates.columns:
        docs = rates.groupby([group_col, "doc_id", "subcategory"], sort=False)["per_1k"].sum().reset_index()
        means = (
            rates.groupby([group_col, "subcategory", "voice"], sort=False)
            .agg(per_1k=("per_1k", "mean"), n_docs=("doc_id", "nunique"))
            .reset_index()
        )
    else:
        docs, means = None, rates
    groups = order_groups(means[group_col], studied, reference)
    styles = group_styles(groups, studied, reference)
    subcats = list(dict.fromkeys(means["subcategory"]))
    n = means.drop_duplicates(group_col).set_index(group_col)["n_docs"]
    ncols = min(3, max(1, len(subcats)))
    nrows = int(np.ceil(len(subcats) / ncols))
    fig, axes = new_figure(7.5, 2.3 * nrows + 0.9, nrows=nrows, ncols=ncols, squeeze=False)
    x = np.arange(len(groups))
    for ax, sc in zip(axes.flat, subcats):
        sub = means[means["subcategory"] == sc].set_index([group_col, "voice"])["per_1k"]
        auth = np.array([sub.get((g, "authorial"), 0.0) for g in groups], dtype=float)
        quot = np.array([sub.get((g, "quoted"), 0.0) for g in groups], dtype=float)
        colours = [styles[g]["color"] for g in groups]
        ax.bar(x, auth, 0.7, color=colours, edgecolor="black", linewidth=0.5)
        ax.bar(x, quot, 0.7, bottom=auth, color="white", edgecolor=colours, hatch="////", linewidth=0.6)
        top = float(np.nanmax(auth + quot)) if len(groups) else 0.0
        if docs is not None:
            for gi, g in enumerate(groups):
                vals = docs.loc[(docs[group_col] == g) & (docs["subcategory"] == sc), "per_1k"].to_numpy(dtype=float)
                if 0 < len(vals) <= max_points:
                    ax.scatter(
                        gi + _jitter(len(vals), 0.22),
                        vals,
                        s=9,
                        marker=styles[g]["marker"],
                        facecolor="white",
                        edgecolor="black",
                        linewidth=0.6,
                        zorder=4,
                    )
                    top = max(top, float(np.nanmax(vals)))
        ax.set_ylim(0, top * 1.12 if top > 0 else 1.0)
        ax.set_xlim(-0.6, len(groups) - 0.4)
        ax.set_xticks(x, [plain(group_label(g)) for g in groups], rotation=45, ha="right", fontsize=6.5)
        for tick, g in zip(ax.get_xticklabels(), groups):
            if styles[g]["studied"]:
                tick.set_fontweight("bold")
        # long subcategory names on two lines: titles of neighbouring panels never run into each other
        ax.set_title(plain(textwrap.fill(readable(sc), 30)), fontsize=8)
        ax.tick_params(axis="y", labelsize=7)
        ax.grid(axis="x", visible=False)
    for ax in axes[:, 0]:
        ax.set_ylabel("per 1,000 words", fontsize=7.5)
    for ax in list(axes.flat)[len(subcats) :]:
        ax.set_visible(False)
    handles = [
        Patch(facecolor="#777777", edgecolor="black", linewidth=0.5),
        Patch(facecolor="white", edgecolor="#777777", hatch="////", linewidth=0.6),
    ]
    labels = ["author's own voice (group mean)", "inside quotations (group mean, stacked)"]
    if docs is not None and any(0 < int(n[g]) <= max_points for g in groups):
        handles.append(
            Line2D([], [], linestyle="", marker="o", markerfacecolor="white", markeredgecolor="black", markersize=4)
        )
        labels.append(f"one document, both voices (groups of up to {max_points})")
    top = legend_above(
        fig,
        handles,
        labels,
        ncol=len(handles),
        title="Loaded terminology by subcategory: author's own voice vs quotations",
    )
    caption = (
        f"Source: {source or 'project lexicon analysis/lexicons/loaded.csv'}. "
        + ", ".join(f"{group_label(g)} n={int(n[g])}" for g in groups)
        + ". Bars: group mean of per-document rates; colours: groups (studied group in vermillion). "
        "Entries written from the studied texts (circular) are not counted."
    )
    return _finish(fig, caption, save, top=top)


def source_mix(profile: pd.DataFrame, label_col: str = "doc_id", source: str = "", save: str | None = None):
    """Horizontal stacked bars: the share of each document's attributions by source type."""
    cols = [f"source_{t}_share" for t in SOURCE_TYPE_LABELS]
    data = profile.set_index(label_col)[cols].fillna(0.0)
    fig, ax = new_figure(7.5, 0.45 * len(data) + 1.8)
    y = np.arange(len(data))
    stacked_barh(ax, data.to_numpy(), list(SOURCE_TYPE_LABELS.values()))
    attributions = profile.set_index(label_col)["attributions"] if "attributions" in profile else None
    labels = [plain(f"{d} ({int(attributions[d])})" if attributions is not None else d) for d in data.index]
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of the document's attributions (0-1); number of attributions in brackets")
    handles, labels = ax.get_legend_handles_labels()
    top = legend_above(fig, handles, labels, ncol=3, title="Who the claims are attributed to")
    return _finish(
        fig,
        f"Source: {source}. n={len(data)} documents. Source types from "
        "analysis/measures/attribution.py; colours and hatches: source types.",
        save,
        top=top,
    )


def source_mix_groups(
    profile: pd.DataFrame,
    group_col: str = "group",
    studied=None,
    reference=None,
    source: str = "",
    save: str | None = None,
):
    """Horizontal stacked bars, one per group: the share of the group's attributions by source
    type, pooled over its documents (each document's shares weighted by its number of
    attributions). The studied group(s) first, the named reference group(s) last; the number of
    documents and attributions in brackets."""
    cols = [f"source_{t}_share" for t in SOURCE_TYPE_LABELS]
    groups = order_groups(profile[group_col], studied, reference)
    n_att = profile["attributions"].fillna(0).astype(float)
    data, totals = pooled_shares(profile, group_col, groups, cols, n_att)
    labels = [
        plain(f"{group_label(g)} ({int((profile[group_col] == g).sum())} docs, {int(total):,} attributions)")
        for g, total in zip(groups, totals)
    ]
    fig, ax = new_figure(7.5, 0.42 * len(groups) + 2.0)
    y = np.arange(len(groups))
    stacked_barh(ax, data, list(SOURCE_TYPE_LABELS.values()))
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of the group's attributions (0-1), pooled over its documents")
    handles, legend_labels = ax.get_legend_handles_labels()
    top = legend_above(fig, handles, legend_labels, ncol=3, title="Who the claims are attributed to")
    return _finish(
        fig,
        f"Source: {source}. {len(groups)} groups, {len(profile)} documents. Source types from "
        "analysis/measures/attribution.py; colours and hatches: source types. Per-document bars: "
        "figures.source_mix (notebook 03).",
        save,
        top=top,
    )


def hedges_vs_boosters(
    profile: pd.DataFrame,
    group_col: str = "corpus",
    source: str = "",
    save: str | None = None,
    max_points: int = MAX_POINTS,
    studied=None,
    reference=None,
):
    """Hedges against boosters per 1,000 words. A group of at most ``max_points`` documents is
    drawn document by document; a larger group as its median with interquartile bars in the
    group's colour, so five documents are not buried under thousands of baseline points. Axes run
    to the largest value drawn (a point or the end of an IQR bar)."""
    fig, ax = new_figure(7.5, 4.6)
    groups = order_groups(profile[group_col], studied, reference)
    styles = group_styles(groups, studied, reference)
    xs, ys, handles = [0.0], [0.0], {}
    for g in reversed(groups):  # studied group drawn last, on top
        sub, st = profile[profile[group_col] == g], styles[g]
        label = plain(f"{group_label(g)} (n={len(sub)})")
        h, b = sub["hedges_per_1k"].dropna(), sub["boosters_per_1k"].dropna()
        if len(sub) <= max_points:
            handles[g] = ax.scatter(
                sub["hedges_per_1k"],
                sub["boosters_per_1k"],
                marker=st["marker"],
                s=50 if st["studied"] else 34,
                facecolor=st["color"],
                edgecolor="black",
                linewidth=0.7,
                label=label + ", each document",
                zorder=5 if st["studied"] else 4,
            )
            xs.append(h.max() if len(h) else 0.0)
            ys.append(b.max() if len(b) else 0.0)
            continue
        hq, bq = h.quantile([0.25, 0.5, 0.75]).to_numpy(), b.quantile([0.25, 0.5, 0.75]).to_numpy()
        handles[g] = ax.errorbar(
            hq[1],
            bq[1],
            xerr=[[hq[1] - hq[0]], [hq[2] - hq[1]]],
            yerr=[[bq[1] - bq[0]], [bq[2] - bq[1]]],
            fmt=st["marker"],
            markersize=7,
            markerfacecolor=st["color"],
            markeredgecolor="black",
            ecolor=st["color"],
            elinewidth=1.4,
            capsize=2.5,
            label=label + ", median and IQR",
            zorder=3,
        )
        xs.append(hq[2])
        ys.append(bq[2])
    xlim, ylim = max(1.0, float(np.nanmax(xs)) * 1.06), max(1.0, float(np.nanmax(ys)) * 1.08)
    (diagonal,) = ax.plot(
        [0, max(xlim, ylim)],
        [0, max(xlim, ylim)],
        color="#999999",
        linestyle="--",
        linewidth=0.8,
        label="boosters = hedges",
        zorder=1,
    )
    ax.set_xlim(-0.02 * xlim, xlim)
    ax.set_ylim(-0.03 * ylim, ylim)
    ax.set_xlabel("hedges per 1,000 words")
    ax.set_ylabel("boosters per 1,000 words")
    ax.set_title("Certainty: hedging vs boosting")
    shown = [handles[g] for g in groups] + [diagonal]
    ax.legend(
        shown, [hd.get_label() for hd in shown], fontsize=7, loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False
    )
    return _finish(
        fig,
        f"Source: {source}. {_n_caption(profile, group_col, groups)}. Studied group in vermillion; "
        f"groups of more than {max_points} documents as median with interquartile bars.",
        save,
    )


def distinctive_terms(
    log_odds: pd.DataFrame,
    top: int = 15,
    labels: tuple[str, str] = ("group A", "group B"),
    source: str = "",
    save: str | None = None,
):
    """Horizontal bars of the log-odds z-scores of the most distinctive terms on each side: the
    studied side (``labels[0]``) in the studied colour, the other in the first reference colour,
    hatched."""
    from analysis.report.style import REFERENCE_COLOURS, STUDIED_COLOUR

    head = log_odds.nlargest(top, "z")
    tail = log_odds.nsmallest(top, "z").iloc[::-1]
    data = pd.concat([head, tail])
    fig, ax = new_figure(6.5, 0.2 * len(data) + 1.8)
    sides = [
        (STUDIED_COLOUR, "", f"more typical of {labels[0]}"),
        (REFERENCE_COLOURS[0], "///", f"more typical of {labels[1]}"),
    ]
    for yi, z in enumerate(data["z"]):
        colour, hatch, _ = sides[0] if z > 0 else sides[1]
        ax.barh(yi, z, color=colour, hatch=hatch, edgecolor="black", linewidth=0.5)
    ax.set_yticks(np.arange(len(data)), [plain(t) for t in data["term"]], fontsize=7)
    ax.set_ylim(len(data) - 0.5, -0.5)
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set_xlabel(plain(f"log-odds z-score (positive: more typical of {labels[0]}; negative: of {labels[1]})"))
    ax.set_title("Distinctive terms (log-odds ratio, informative Dirichlet prior)", pad=22)
    ax.legend(
        [Patch(facecolor=c, hatch=h, edgecolor="black", linewidth=0.5) for c, h, _ in sides],
        [plain(t) for _, _, t in sides],
        ncol=2,
        fontsize=7,
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        frameon=False,
    )
    return _finish(fig, f"Source: {source}. Monroe, Colaresi & Quinn (2008).", save)


def readability_by_group(
    profile: pd.DataFrame,
    group_col: str = "corpus",
    source: str = "",
    save: str | None = None,
    studied=None,
    max_points: int = MAX_POINTS,
    reference=None,
):
    """Box plots of Flesch-Kincaid grade per group (box edges in the group's colour), with each
    document as a point in groups of at most ``max_points`` documents."""
    groups = order_groups(profile[group_col], studied, reference)
    styles = group_styles(groups, studied, reference)
    data = [profile.loc[profile[group_col] == g, "flesch_kincaid_grade"].dropna().to_numpy() for g in groups]
    fig, ax = new_figure(7.0, 4.0)
    boxes = ax.boxplot(
        data, showfliers=False, widths=0.55, medianprops={"color": "black", "linewidth": 1.4}, patch_artist=True
    )
    for g, box in zip(groups, boxes["boxes"]):
        st = styles[g]
        box.set(facecolor="white", edgecolor=st["color"], hatch=st["hatch"], linewidth=1.4)
    for gi, (g, vals) in enumerate(zip(groups, data)):
        if len(vals) <= max_points:
            st = styles[g]
            ax.scatter(
                gi + 1 + _jitter(len(vals), 0.15),
                vals,
                s=22,
                marker=st["marker"],
                facecolor=st["color"],
                edgecolor="black",
                linewidth=0.6,
                zorder=4,
            )
    ax.set_xticks(
        range(1, len(groups) + 1),
        [plain(f"{group_label(g)}\n(n={len(d)})") for g, d in zip(groups, data)],
        fontsize=7.5,
    )
    ax.grid(axis="x", visible=False)
    ax.set_ylabel("Flesch-Kincaid grade (US school years)")
    ax.set_title("Readability")
    return _finish(
        fig,
        f"Source: {source}. textstat 0.7.13 with the CMU dictionary. Boxes: quartiles, whiskers 1.5 IQR; "
        f"points: each document of groups of up to {max_points}; studied group in vermillion.",
        save,
    )


def loaded_lexicon_vs_model(
    profile: pd.DataFrame,
    group_col: str = "group",
    source: str = "",
    save: str | None = None,
    n_boot: int = 1000,
    seed: int = 0,
    studied=None,
    max_points: int = MAX_POINTS,
    reference=None,
):
    """The loaded-language conclusion under both measures, side by side: per group, the mean
    per-document rate of the lexicon component (``loaded_lexicon_per_1k`` /
    ``loaded_lexicon_authorial_per_1k``) and of the model component (``loaded_model_per_1k`` / ``loaded_model_authorial_per_1k``), all
    voices (hatched) and the author's own voice (solid), with 95 % percentile-bootstrap intervals
    of the mean (documents resampled); documents of small groups as points on the all-voices bar."""
    groups = order_groups(profile[group_col], studied, reference)
    styles = group_styles(groups, studied, reference)
    panels = [
        ("lexicon (hand + learned entries)", "loaded_lexicon_per_1k", "loaded_lexicon_authorial_per_1k"),
        ("context model (PTC + BABE)", "loaded_model_per_1k", "loaded_model_authorial_per_1k"),
    ]
    fig, axes = new_figure(7.5, 4.2, ncols=2)
    rng = np.random.default_rng(seed)

    def mean_ci(v: np.ndarray) -> tuple[float, float, float]:
        v = v[~np.isnan(v)]
        if not len(v):
            return np.nan, np.nan, np.nan
        boots = rng.choice(v, size=(n_boot, len(v)), replace=True).mean(axis=1)
        return float(v.mean()), float(np.quantile(boots, 0.025)), float(np.quantile(boots, 0.975))

    x = np.arange(len(groups))
    colours = [styles[g]["color"] for g in groups]
    for ax, (title, all_col, auth_col) in zip(axes, panels):
        top = [0.0]
        for k, (col, hatch) in enumerate(((all_col, "////"), (auth_col, ""))):
            stats = [
                mean_ci(profile.loc[profile[group_col] == g, col].to_numpy(dtype=float))
                if col in profile
                else (np.nan,) * 3
                for g in groups
            ]
            m = np.array([s[0] for s in stats])
            err = np.array([[s[0] - s[1] for s in stats], [s[2] - s[0] for s in stats]])
            ax.bar(
                x - 0.2 + 0.4 * k,
                m,
                0.4,
                yerr=err,
                capsize=2,
                color="white" if hatch else colours,
                hatch=hatch,
                edgecolor=colours if hatch else "black",
                linewidth=0.6 if hatch else 0.5,
                error_kw={"linewidth": 0.7},
            )
            top += [s[2] for s in stats if np.isfinite(s[2])]
        if all_col in profile:
            for gi, g in enumerate(groups):
                vals = profile.loc[profile[group_col] == g, all_col].dropna().to_numpy(dtype=float)
                if 0 < len(vals) <= max_points:
                    ax.scatter(
                        gi - 0.2 + _jitter(len(vals), 0.1),
                        vals,
                        s=9,
                        marker=styles[g]["marker"],
                        facecolor="white",
                        edgecolor="black",
                        linewidth=0.6,
                        zorder=4,
                    )
                    top.append(float(vals.max()))
        ax.set_ylim(0, max(top) * 1.08 if max(top) > 0 else 1.0)
        ax.set_xticks(x, [plain(group_label(g)) for g in groups], rotation=30, ha="right", fontsize=7)
        ax.grid(axis="x", visible=False)
        ax.set_title(title, fontsize=9)
        ax.set_ylabel("loaded spans per 1,000 words (group mean)")
    handles = [
        Patch(facecolor="white", edgecolor="#555555", hatch="////"),
        Patch(facecolor="#777777", edgecolor="black"),
        Line2D([], [], linestyle="", marker="o", markerfacecolor="white", markeredgecolor="black", markersize=4),
    ]
    labels = ["all voices", "author's own voice", f"one document, all voices (groups of up to {max_points})"]
    top = legend_above(
        fig, handles, labels, ncol=3, title="Loaded language under two measures: lexicon and context model"
    )
    n = profile.groupby(group_col, sort=False).size()
    caption = (
        f"Source: {source}. "
        + ", ".join(f"{group_label(g)} n={int(n[g])}" for g in groups)
        + ". Bars: mean of per-document rates, coloured by group (studied group in vermillion); lines: 95% "
        "bootstrap intervals. Left: entries of analysis/lexicons/loaded.csv (circular entries excluded); "
        "right: spans of the context model."
    )
    return _finish(fig, caption, save, top=top)


def measures_over_time(
    table: pd.DataFrame,
    studied=None,
    reference=None,
    source: str = "",
    save: str | None = None,
    ncols: int = 2,
):
    """Small multiples, one panel per measure: each group's mean per period (a line with its
    marker) and its 95% bootstrap band (shaded; none where a period has fewer than three documents).
    ``table``: :func:`analysis.compare.over_time.over_time_table`."""
    from analysis.report.style import readable

    measures = list(dict.fromkeys(table["measure"]))
    groups = order_groups(table["group"], studied, reference)
    styles = group_styles(groups, studied, reference)
    periods = sorted(table["period_start"].unique())
    # real time on the axis: months since the first period (a gap of a year shows as a gap)
    first = pd.Timestamp(periods[0])
    x_of = {p: (pd.Timestamp(p).year - first.year) * 12 + pd.Timestamp(p).month - first.month for p in periods}
    ncols = max(1, min(ncols, len(measures)))
    nrows = int(np.ceil(len(measures) / ncols))
    fig, axes = new_figure(7.5, 2.3 * nrows + 1.4, nrows=nrows, ncols=ncols, squeeze=False, sharex=True)
    for ax, m in zip(axes.flat, measures):
        for g in groups:
            sub = table[(table["measure"] == m) & (table["group"] == g)].sort_values("period_start")
            if sub.empty:
                continue
            st = styles[g]
            x = sub["period_start"].map(x_of).to_numpy()
            ax.plot(
                x,
                sub["mean"],
                color=st["color"],
                marker=st["marker"],
                markersize=4,
                linewidth=1.2,
                markeredgecolor="black",
                markeredgewidth=0.4,
                label=plain(group_label(g)),
            )
            band = sub["ci_low"].notna()
            if band.any():
                ax.fill_between(
                    x[band.to_numpy()],
                    sub.loc[band, "ci_low"],
                    sub.loc[band, "ci_high"],
                    color=st["color"],
                    alpha=0.18,
                    linewidth=0,
                    hatch=st["hatch"] or None,
                )
        ax.set_title(plain(readable(m)), fontsize=9)
        ax.set_ylabel(plain(_unit(m)), fontsize=8)
    for ax in list(axes.flat)[len(measures) :]:
        ax.set_visible(False)
    step = max(1, len(periods) // 8)
    for ax in axes[-1]:
        ax.set_xticks(
            range(0, len(periods), step),
            [periods[i][:7] for i in range(0, len(periods), step)],
            rotation=45,
            ha="right",
            fontsize=7,
        )
    handles, labels = axes.flat[0].get_legend_handles_labels()
    top = legend_above(fig, handles, labels, ncol=min(4, len(groups)), title="Group")
    freq = table.attrs.get("freq", "M")
    counts = table.drop_duplicates(["group", "period"]).groupby("group")["n_docs"].sum()
    return _finish(
        fig,
        f"Source: {source}. Mean per {'month' if freq == 'M' else 'quarter'} of publication; bands: 95% "
        "bootstrap intervals of the mean (periods of at least three documents). Dated documents: "
        + ", ".join(f"{group_label(g)} n={int(counts.get(g, 0))}" for g in groups)
        + ".",
        save,
        top=top,
    )


def _unit(measure: str) -> str:
    """The unit of a measure from its name: per 1,000 words, share (0-1) or as named."""
    if measure.endswith("_per_1k"):
        return "per 1,000 words"
    if measure.endswith("_share"):
        return "share (0-1)"
    return "score"
