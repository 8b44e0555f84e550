"""Figures of the framing analyses beyond words (:mod:`analysis.measures.extras`): persuasion
technique families, the agency of harm and narrative frames, one panel or bar group per group of
the study, each group in its own style (:func:`analysis.report.style.group_styles`), every group's
n in the caption. Each function takes the study's profile (or another tidy table), returns the
Figure and saves PNG and SVG only when asked.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.report.style import (
    finish,
    group_label,
    group_styles,
    legend_above,
    new_figure,
    order_groups,
    plain,
    style,
)

__all__ = ["technique_families", "harm_agency", "frame_shares", "top_roles", "role_table", "ROLE_COLOURS"]

FAMILY_LABELS = {
    "attack_on_reputation": "attack on reputation",
    "justification": "justification",
    "simplification": "simplification",
    "distraction": "distraction",
    "call": "call to action",
    "manipulative_wording": "manipulative wording",
}
HARM_LABELS = {
    "active": "active (agent named as subject)",
    "passive_with_agent": "passive with agent (by ...)",
    "agentless_passive": "agentless passive",
    "nominal": "nominal (the killing of ...)",
}
FRAME_LABELS = {
    "resolution": "resolution",
    "human_interest": "human interest",
    "conflict": "conflict",
    "moral": "moral",
    "economic": "economic",
}
#: Colours of the three roles (Okabe-Ito: bluish green hero, vermillion villain, sky blue victim).
ROLE_COLOURS = {"hero": "#009E73", "villain": "#D55E00", "victim": "#56B4E9"}


def _grouped_bars(ax, data: pd.DataFrame, groups: list[str], styles: dict, categories: list[str]) -> None:
    """One cluster per category, one bar per group (its colour and hatch)."""
    width = 0.8 / max(1, len(groups))
    x = np.arange(len(categories))
    for k, g in enumerate(groups):
        st = styles[g]
        vals = [float(data.loc[g, c]) if g in data.index and pd.notna(data.loc[g, c]) else 0.0 for c in categories]
        ax.bar(
            x - 0.4 + width * (k + 0.5),
            vals,
            width=width,
            color=st["color"],
            hatch=st["hatch"],
            edgecolor="black",
            linewidth=0.4,
            label=plain(group_label(g)),
        )


def technique_families(
    profile: pd.DataFrame, group_col: str = "group", studied=None, reference=None, source: str = "", save=None
):
    """Mean persuasion-technique spans per 1,000 words by FRAPPE family, one bar per group."""
    cols = [f"technique_{f}_per_1k" for f in FAMILY_LABELS]
    groups = order_groups(profile[group_col], studied, reference)
    styles = group_styles(groups, studied, reference)
    means = profile.groupby(group_col)[cols].mean()
    fig, ax = new_figure(7.5, 4.2)
    _grouped_bars(ax, means, groups, styles, cols)
    ax.set_xticks(
        np.arange(len(cols)), [FAMILY_LABELS[c.removeprefix("technique_").removesuffix("_per_1k")] for c in cols]
    )
    ax.tick_params(axis="x", labelsize=7.5)
    ax.set_ylabel("spans per 1,000 words (mean)")
    ax.set_title("Persuasion techniques by family", pad=4)
    handles, labels = ax.get_legend_handles_labels()
    top = legend_above(fig, handles, labels, ncol=min(4, len(groups)), title="Group")
    counts = profile.groupby(group_col).size()
    return finish(
        fig,
        f"Source: {source}. Spans of the technique detector (sentence model and lexical entries trained on "
        "SemEval-2020 PTC train; analysis.measures.techniques), grouped into the FRAPPE families. "
        + ", ".join(f"{group_label(g)} n={int(counts.get(g, 0))}" for g in groups)
        + ".",
        save,
        top=top,
    )


def harm_agency(
    profile: pd.DataFrame, group_col: str = "group", studied=None, reference=None, source: str = "", save=None
):
    """Who does harm to whom: per group, the shares of harm events by voice (stacked, pooled over
    documents by their number of events) and the number of harm events per 1,000 words."""
    subs = list(HARM_LABELS)
    groups = order_groups(profile[group_col], studied, reference)
    n_events = (profile["harm_events_per_1k"].fillna(0) * profile["words"] / 1000.0).round()
    shares, totals = [], []
    for g in groups:
        sub = profile[profile[group_col] == g]
        w = n_events[sub.index]
        total = float(w.sum())
        totals.append(total)
        shares.append([float((sub[f"harm_{s}_share"].fillna(0) * w).sum() / total) if total else 0.0 for s in subs])
    data = np.asarray(shares)
    fig, ax = new_figure(7.5, 0.42 * len(groups) + 2.1)
    left = np.zeros(len(groups))
    y = np.arange(len(groups))
    for i, s in enumerate(subs):
        st = style(i)
        ax.barh(
            y,
            data[:, i],
            left=left,
            color=st["color"],
            hatch=st["hatch"],
            edgecolor="black",
            linewidth=0.5,
            label=HARM_LABELS[s],
        )
        left += data[:, i]
    rates = profile.groupby(group_col)["harm_events_per_1k"].mean()
    ax.set_yticks(
        y,
        [
            plain(f"{group_label(g)} ({int(t):,} events, {rates.get(g, 0):.1f} per 1k words)")
            for g, t in zip(groups, totals)
        ],
    )
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of the group's harm events (0-1), pooled over its documents")
    handles, labels = ax.get_legend_handles_labels()
    top = legend_above(fig, handles, labels, ncol=2, title="How a harm event is told")
    return finish(
        fig,
        f"Source: {source}. Harm events (kill, wound, shell, attack, arrest ...; analysis/lexicons/harm_events.csv) "
        "typed by voice with a part-of-speech tagger trained on UD English EWT (analysis.measures.agency). "
        "An agentless passive ('seven residents were killed') names no one who did it. Documents: "
        + ", ".join(f"{group_label(g)} n={int((profile[group_col] == g).sum())}" for g in groups)
        + ".",
        save,
        top=top,
    )


def frame_shares(
    profile: pd.DataFrame, group_col: str = "group", studied=None, reference=None, source: str = "", save=None
):
    """Share of each group's documents that use each narrative frame (model probability >= .5)."""
    cols = [f"frame_{f}" for f in FRAME_LABELS]
    groups = order_groups(profile[group_col], studied, reference)
    styles = group_styles(groups, studied, reference)
    uses = profile[cols].ge(0.5).where(profile[cols].notna()).assign(**{group_col: profile[group_col]})
    shares = uses.groupby(group_col)[cols].mean()
    fig, ax = new_figure(7.5, 4.2)
    _grouped_bars(ax, shares, groups, styles, cols)
    ax.set_xticks(np.arange(len(cols)), [FRAME_LABELS[c.removeprefix("frame_")] for c in cols])
    ax.set_ylim(0, 1)
    ax.set_ylabel("documents using it (share, 0-1)")
    ax.set_title("Narrative frames (Frermann et al. 2023)", pad=4)
    handles, labels = ax.get_legend_handles_labels()
    top = legend_above(fig, handles, labels, ncol=min(4, len(groups)), title="Group")
    counts = profile.groupby(group_col).size()
    return finish(
        fig,
        f"Source: {source}. A document uses a frame when the model's probability is at least .5 "
        "(analysis.measures.frames, trained on the Narrative Frames Corpus of climate news; read off-topic "
        "groups with care). " + ", ".join(f"{group_label(g)} n={int(counts.get(g, 0))}" for g in groups) + ".",
        save,
        top=top,
    )


#: At most this many groups get a row of panels in :func:`top_roles` (the caption names the rest).
ROLE_FIGURE_GROUPS = 6
#: Entities shown per role and group.
ROLE_FIGURE_TOP = 5
_HATCH_OF_ROLE = {"hero": "", "villain": "//", "victim": ".."}


def role_table(roles: pd.DataFrame, profile: pd.DataFrame, group_col: str = "group", top: int = ROLE_FIGURE_TOP):
    """Per group and role, the ``top`` entities by the share of the group's documents that list
    them in that role (entities compared case-insensitively, shown as most often written):
    columns group, role, entity, documents, share."""
    if roles is None or not len(roles):
        return pd.DataFrame(columns=[group_col, "role", "entity", "documents", "share"])
    n_docs = profile.groupby(group_col)["doc_id"].nunique()
    r = roles.assign(_key=roles["entity"].astype(str).str.lower().str.strip())
    shown = r.groupby("_key")["entity"].agg(lambda s: s.value_counts().index[0])
    counts = r.groupby([group_col, "role", "_key"])["doc_id"].nunique().rename("documents").reset_index()
    counts["entity"] = counts["_key"].map(shown)
    counts["share"] = counts["documents"] / counts[group_col].map(n_docs)
    counts = counts.sort_values([group_col, "role", "documents", "entity"], ascending=[True, True, False, True])
    return counts.groupby([group_col, "role"], sort=False).head(top)[
        [group_col, "role", "entity", "documents", "share"]
    ]


def top_roles(
    roles: pd.DataFrame,
    profile: pd.DataFrame,
    group_col: str = "group",
    studied=None,
    reference=None,
    source: str = "",
    save=None,
):
    """Whom each group casts as hero, villain and victim: one row of three panels per group (the
    first :data:`ROLE_FIGURE_GROUPS` in the study's order), each the top entities by the share of
    the group's documents that list them in that role."""
    groups = order_groups(profile[group_col], studied, reference)
    shown_groups = groups[:ROLE_FIGURE_GROUPS]
    table = role_table(roles, profile, group_col)
    roles_order = list(ROLE_COLOURS)
    fig, axes = new_figure(9.0, 1.55 * len(shown_groups) + 1.4, nrows=len(shown_groups), ncols=3, squeeze=False)
    counts = profile.groupby(group_col)["doc_id"].nunique()
    for i, g in enumerate(shown_groups):
        for j, role in enumerate(roles_order):
            ax = axes[i][j]
            part = table[(table[group_col] == g) & (table["role"] == role)]
            y = np.arange(len(part))
            ax.barh(
                y,
                part["share"],
                color=ROLE_COLOURS[role],
                hatch=_HATCH_OF_ROLE[role],
                edgecolor="black",
                linewidth=0.4,
                label=role if i == 0 else None,
            )
            ax.set_yticks(y, [plain(_short(str(e))) for e in part["entity"]], fontsize=7)
            ax.invert_yaxis()
            ax.set_xlim(0, 1)
            ax.tick_params(axis="x", labelsize=7)
            if not len(part):
                ax.text(0.5, 0.5, "none listed", ha="center", va="center", fontsize=7, transform=ax.transAxes)
            if i == 0:
                ax.set_title(role, fontsize=9)
            if j == 0:
                ax.set_ylabel(plain(f"{group_label(g)}\n(n={int(counts.get(g, 0))})"), fontsize=8)
            if i == len(shown_groups) - 1:
                ax.set_xlabel("share of the group's documents (0-1)", fontsize=7.5)
    handles = [_patch(ROLE_COLOURS[r], _HATCH_OF_ROLE[r]) for r in roles_order]
    top = legend_above(fig, handles, roles_order, ncol=3, title="Whom each group casts as hero, villain or victim")
    left_out = groups[ROLE_FIGURE_GROUPS:]
    return finish(
        fig,
        f"Source: {source}. Entities listed by the role model (analysis.measures.roles, trained on the Narrative "
        "Frames Corpus of climate news, Frermann et al. 2023), top entities per role by the share of documents that "
        "list them; the model's reading, not a verdict."
        + (f" Groups not drawn: {', '.join(map(str, left_out))}." if left_out else ""),
        save,
        top=top,
    )


def _patch(colour: str, hatch: str):
    """A legend patch in a role's colour and hatch."""
    from matplotlib.patches import Patch

    return Patch(facecolor=colour, hatch=hatch, edgecolor="black", linewidth=0.4)


def _short(name: str, limit: int = 34) -> str:
    """An entity name cut to ``limit`` characters, with an ellipsis when cut."""
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"
