"""Figure functions: each takes a tidy frame, returns the matplotlib Figure, and saves only when
asked (``save="figures/name"`` writes PNG and SVG, see :func:`analysis.report.style.save`).

Every figure has labelled axes with units, a caption with the data source and n, and tells
groups apart by grey level *and* hatch or marker, so it reads in greyscale.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.report.style import add_caption, new_figure, plain, save as save_figure, style

SOURCE_TYPE_LABELS = {
    "named_person": "named person",
    "official_institution": "official institution",
    "media_outlet": "media outlet",
    "anonymous_unverifiable": "anonymous / unverifiable",
    "self_reference": "self-reference",
    "unspecified": "no explicit source",
}


def _finish(fig, caption: str, save: str | None):
    add_caption(fig, caption)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    if save:
        save_figure(fig, save)
    return fig


def _n_caption(frame: pd.DataFrame, group_col: str) -> str:
    counts = frame.groupby(group_col, sort=False).size()
    return ", ".join(f"{g} n={n}" for g, n in counts.items())


def loaded_by_subcategory(rates: pd.DataFrame, group_col: str = "group", source: str = "", save: str | None = None):
    """Bars of loaded-term rates by subcategory for each group, split into authorial (solid)
    and quoted voice (hatched, stacked on top).

    ``rates``: columns group_col, subcategory, voice (authorial|quoted), per_1k (the group mean
    of per-document rates), n_docs."""
    groups = list(dict.fromkeys(rates[group_col]))
    subcats = list(dict.fromkeys(rates["subcategory"]))
    fig, ax = new_figure(7.5, 4.2)
    width = 0.8 / max(1, len(groups))
    x = np.arange(len(subcats))
    for gi, g in enumerate(groups):
        sub = rates[rates[group_col] == g]
        auth = [sub[(sub.subcategory == s) & (sub.voice == "authorial")]["per_1k"].sum() for s in subcats]
        quot = [sub[(sub.subcategory == s) & (sub.voice == "quoted")]["per_1k"].sum() for s in subcats]
        st = style(gi)
        pos = x - 0.4 + width * (gi + 0.5)
        ax.bar(pos, auth, width, color=st["color"], edgecolor="black", linewidth=0.5, label=plain(f"{g}: authorial"))
        ax.bar(pos, quot, width, bottom=auth, color="white", edgecolor=st["color"], hatch="////", linewidth=0.5,
               label=plain(f"{g}: quoted"))
    ax.set_xticks(x, [plain(str(s).replace("_", " ")) for s in subcats], rotation=15, ha="right")
    ax.set_ylabel("loaded terms per 1,000 words (group mean)")
    ax.set_title("Loaded terminology by subcategory: authorial vs quoted voice")
    ax.legend(ncol=2, fontsize=7)
    n = rates.drop_duplicates(group_col).set_index(group_col)["n_docs"]
    caption = (f"Source: {source or 'project lexicon analysis/lexicons/loaded.csv'}. "
               + ", ".join(f"{g} n={int(n[g])}" for g in groups)
               + ". Hatched: inside quotations attributed to others.")
    return _finish(fig, caption, save)


def source_mix(profile: pd.DataFrame, label_col: str = "doc_id", source: str = "", save: str | None = None):
    """Horizontal stacked bars: the share of each document's attributions by source type."""
    cols = [f"source_{t}_share" for t in SOURCE_TYPE_LABELS]
    data = profile.set_index(label_col)[cols].fillna(0.0)
    fig, ax = new_figure(7.5, 0.45 * len(data) + 1.8)
    left = np.zeros(len(data))
    y = np.arange(len(data))
    for i, (t, label) in enumerate(SOURCE_TYPE_LABELS.items()):
        st = style(i)
        vals = data[f"source_{t}_share"].to_numpy()
        ax.barh(y, vals, left=left, color=st["color"], hatch=st["hatch"], edgecolor="black", linewidth=0.5, label=label)
        left += vals
    attributions = profile.set_index(label_col)["attributions"] if "attributions" in profile else None
    labels = [plain(f"{d} ({int(attributions[d])})" if attributions is not None else d) for d in data.index]
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of the document's attributions (0-1); number of attributions in brackets")
    ax.set_title("Who the claims are attributed to")
    ax.legend(ncol=3, fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.18))
    return _finish(fig, f"Source: {source}. n={len(data)} documents. Source types from analysis/attribution.py.", save)


def hedges_vs_boosters(profile: pd.DataFrame, group_col: str = "corpus", source: str = "", save: str | None = None,
                       max_points: int = 30):
    """Hedges against boosters per 1,000 words. A group of at most ``max_points`` documents is
    drawn document by document; a larger group as its median with interquartile bars, so five
    statements are not buried under thousands of baseline points."""
    fig, ax = new_figure(6.5, 4.8)
    for gi, (g, sub) in enumerate(profile.groupby(group_col, sort=False)):
        st = style(gi)
        label = plain(f"{g} (n={len(sub)})")
        if len(sub) <= max_points:
            ax.scatter(sub["hedges_per_1k"], sub["boosters_per_1k"], marker=st["marker"], s=46,
                       facecolor=st["color"], edgecolor="black", linewidth=0.8, label=label + ", each document",
                       zorder=4)
            continue
        h, b = sub["hedges_per_1k"].dropna(), sub["boosters_per_1k"].dropna()
        hq, bq = h.quantile([0.25, 0.5, 0.75]).to_numpy(), b.quantile([0.25, 0.5, 0.75]).to_numpy()
        ax.errorbar(hq[1], bq[1], xerr=[[hq[1] - hq[0]], [hq[2] - hq[1]]], yerr=[[bq[1] - bq[0]], [bq[2] - bq[1]]],
                    fmt=st["marker"], markersize=7, markerfacecolor="white", markeredgecolor="black",
                    ecolor=st["color"] if gi else "black", elinewidth=1.0, capsize=2, label=label + ", median and IQR",
                    zorder=3)
    lim = max(1.0, float(np.nanquantile(profile[["hedges_per_1k", "boosters_per_1k"]].to_numpy(), 0.9)) * 1.1)
    ax.plot([0, lim], [0, lim], color="#999999", linestyle="--", linewidth=0.8, label="boosters = hedges")
    ax.set_xlim(-0.2, lim)
    ax.set_ylim(-0.2, lim)
    ax.set_xlabel("hedges per 1,000 words")
    ax.set_ylabel("boosters per 1,000 words")
    ax.set_title("Certainty: hedging vs boosting")
    ax.legend(fontsize=6.5, loc="upper right")
    return _finish(fig, f"Source: {source}. {_n_caption(profile, group_col)}.", save)


def forest_plot(comparison: pd.DataFrame, effect: str = "cliffs_delta", source: str = "", save: str | None = None):
    """Effect sizes with bootstrap intervals: one cluster per measure, one marker shape per
    reference group (``group_b``), the interval as a line. ``comparison`` has columns measure,
    group_a, group_b, n_a, n_b, <effect>, <effect>_ci_low, <effect>_ci_high, in the package's
    convention (:func:`analysis.compare.stats.compare_groups`): ``group_a`` is the studied group, so a
    point right of zero means it scores higher than that reference."""
    comp = comparison.reset_index(drop=True)
    measures = list(dict.fromkeys(comp["measure"]))
    others = list(dict.fromkeys(comp["group_b"]))
    k = len(others)
    fig, ax = new_figure(7.0, 0.28 * len(measures) * max(k, 2) + 1.8)
    step = 0.8 / max(k, 1)
    for gi, g in enumerate(others):
        sub = comp[comp["group_b"] == g].set_index("measure").reindex(measures)
        y = np.arange(len(measures)) - 0.4 + step * (gi + 0.5)
        st = style(gi)
        ax.hlines(y, sub[f"{effect}_ci_low"], sub[f"{effect}_ci_high"], color=st["color"] if gi else "black",
                  linewidth=1.1)
        n_b = int(sub["n_b"].dropna().iloc[0]) if sub["n_b"].notna().any() else 0
        ax.scatter(sub[effect], y, marker=st["marker"], s=26, facecolor=st["color"], edgecolor="black",
                   linewidth=0.5, zorder=3, label=plain(f"vs {g} (n={n_b})"))
    ax.axvline(0, color="#888888", linewidth=0.8, linestyle="--")
    ax.set_yticks(np.arange(len(measures)), [plain(str(m).replace("_", " ")) for m in measures], fontsize=7)
    ax.invert_yaxis()
    name = {"cliffs_delta": "Cliff's delta (-1 to 1)", "hedges_g": "Hedges' g (standard deviations)"}.get(effect, effect)
    first = comp["group_a"].iloc[0] if len(comp) else "first group"
    ax.set_xlabel(plain(f"{name}; positive = {first} higher"))
    if effect == "cliffs_delta":
        ax.set_xlim(-1.05, 1.05)
    ax.set_title(plain(f"{first} vs each baseline: effect sizes with 95% bootstrap intervals"))
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=min(4, max(k, 1)))
    n_a = int(comp["n_a"].iloc[0]) if len(comp) else 0
    caption = f"Source: {source}. {first} n={n_a}; baseline n in the legend. Intervals: percentile bootstrap."
    return _finish(fig, caption, save)


def distinctive_terms(log_odds: pd.DataFrame, top: int = 15, labels: tuple[str, str] = ("group A", "group B"),
                      source: str = "", save: str | None = None):
    """Horizontal bars of the log-odds z-scores of the most distinctive terms on each side."""
    head = log_odds.nlargest(top, "z")
    tail = log_odds.nsmallest(top, "z").iloc[::-1]
    data = pd.concat([head, tail])
    fig, ax = new_figure(6.5, 0.22 * len(data) + 1.6)
    y = np.arange(len(data))
    colors = [style(0)["color"] if z > 0 else style(2)["color"] for z in data["z"]]
    hatches = ["" if z > 0 else "///" for z in data["z"]]
    for yi, (z, c, h) in enumerate(zip(data["z"], colors, hatches)):
        ax.barh(yi, z, color=c, hatch=h, edgecolor="black", linewidth=0.5)
    ax.set_yticks(y, [plain(t) for t in data["term"]], fontsize=7)
    ax.invert_yaxis()
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set_xlabel(plain(f"log-odds z-score (positive: more typical of {labels[0]}; negative: of {labels[1]})"))
    ax.set_title("Distinctive terms (log-odds ratio, informative Dirichlet prior)")
    return _finish(fig, f"Source: {source}. Monroe, Colaresi & Quinn (2008).", save)


def readability_by_group(profile: pd.DataFrame, group_col: str = "corpus", source: str = "", save: str | None = None):
    """Box plots of Flesch-Kincaid grade per group, with each document as a point."""
    groups = list(dict.fromkeys(profile[group_col]))
    data = [profile.loc[profile[group_col] == g, "flesch_kincaid_grade"].dropna().to_numpy() for g in groups]
    fig, ax = new_figure(6.5, 4.0)
    ax.boxplot(data, showfliers=False, widths=0.5, medianprops={"color": "black"})
    rng = np.random.default_rng(0)
    for gi, vals in enumerate(data):
        st = style(gi)
        ax.scatter(gi + 1 + rng.uniform(-0.12, 0.12, len(vals)), vals, s=10, marker=st["marker"],
                   facecolor="white", edgecolor=st["color"] if gi else "black", linewidth=0.7, zorder=3)
    ax.set_xticks(range(1, len(groups) + 1), [plain(f"{g}\n(n={len(d)})") for g, d in zip(groups, data)])
    ax.set_ylabel("Flesch-Kincaid grade (US school years)")
    ax.set_title("Readability")
    return _finish(fig, f"Source: {source}. textstat 0.7.13 with the CMU dictionary.", save)


def validation_prf(results: pd.DataFrame, source: str = "", save: str | None = None):
    """Grouped bars of precision, recall and F1 per detector (ours beside the naive baselines).

    ``results``: columns task, detector, precision, recall, f1."""
    rows = results.reset_index(drop=True)
    labels = [plain(f"{r.task}\n{r.detector}") for r in rows.itertuples()]
    fig, ax = new_figure(8.0, 0.5 * len(rows) + 1.8)
    y = np.arange(len(rows))
    h = 0.26
    for i, metric in enumerate(["precision", "recall", "f1"]):
        st = style(i)
        ax.barh(y - h + i * h, rows[metric], h, color=st["color"], hatch=st["hatch"], edgecolor="black",
                linewidth=0.5, label=metric)
    ax.set_yticks(y, labels, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("score (0-1), token level unless stated")
    ax.set_title("Detector validation against external gold")
    ax.legend(fontsize=7, loc="lower right")
    return _finish(fig, f"Source: {source}.", save)


def loaded_lexicon_vs_model(profile: pd.DataFrame, group_col: str = "group", source: str = "",
                            save: str | None = None, n_boot: int = 1000, seed: int = 0):
    """The loaded-language conclusion under both measures, side by side: per group, the mean
    per-document rate of the lexicon measure (``loaded_per_1k`` / ``loaded_authorial_per_1k``)
    and of the model measure (``loaded_model_per_1k`` / ``loaded_model_authorial_per_1k``), all
    voices (hatched) and the author's own voice (solid), with 95 % percentile-bootstrap intervals
    of the mean (documents resampled)."""
    groups = list(dict.fromkeys(profile[group_col]))
    panels = [("lexicon (hand + learned entries)", "loaded_per_1k", "loaded_authorial_per_1k"),
              ("context model (PTC + BABE)", "loaded_model_per_1k", "loaded_model_authorial_per_1k")]
    fig, axes = new_figure(8.0, 4.2, ncols=2)
    rng = np.random.default_rng(seed)

    def mean_ci(v: np.ndarray) -> tuple[float, float, float]:
        v = v[~np.isnan(v)]
        if not len(v):
            return np.nan, np.nan, np.nan
        boots = rng.choice(v, size=(n_boot, len(v)), replace=True).mean(axis=1)
        return float(v.mean()), float(np.quantile(boots, 0.025)), float(np.quantile(boots, 0.975))

    x = np.arange(len(groups))
    for ax, (title, all_col, auth_col) in zip(axes, panels):
        for k, (col, label, hatch) in enumerate(((all_col, "all voices", "////"), (auth_col, "authorial", ""))):
            stats = [mean_ci(profile.loc[profile[group_col] == g, col].to_numpy(dtype=float))
                     if col in profile else (np.nan,) * 3 for g in groups]
            m = np.array([s[0] for s in stats])
            err = np.array([[s[0] - s[1] for s in stats], [s[2] - s[0] for s in stats]])
            ax.bar(x - 0.2 + 0.4 * k, m, 0.4, yerr=err, capsize=2, color="white" if hatch else "#555555",
                   hatch=hatch, edgecolor="black", linewidth=0.5, label=label, error_kw={"linewidth": 0.7})
        ax.set_xticks(x, [plain(g) for g in groups], rotation=30, ha="right", fontsize=7)
        ax.set_title(title, fontsize=9)
        ax.set_ylabel("loaded spans per 1,000 words (group mean)")
        ax.legend(fontsize=7)
    n = profile.groupby(group_col, sort=False).size()
    caption = (f"Source: {source}. " + ", ".join(f"{g} n={int(n[g])}" for g in groups)
               + ". Bars: mean of per-document rates; lines: 95% bootstrap intervals. Left: entries of "
                 "analysis/lexicons/loaded.csv (circular entries excluded); right: spans of the context model.")
    return _finish(fig, caption, save)
