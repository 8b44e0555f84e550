"""One figure style for every plot, and byte-for-byte reproducible saving.

Colour-blind safe: groups take colours of the Okabe & Ito (2008) palette ("Color Universal
Design", https://jfly.uni-koeln.de/color/), and each group also has its own marker and hatch, so
a figure printed in black and white still tells groups apart. The studied group is always
vermillion (:data:`STUDIED_COLOUR`); a reference group the user named is a neutral grey; other
groups take the other colours in a fixed order, a known baseline always the same one, with marker
and hatch shifting past seven groups so that no two groups share a style (:func:`group_styles`). Saving strips everything that changes
between runs: PNG and SVG carry no creation date or software version, SVG ids come from a fixed
hash salt, and fonts are embedded as paths in SVG.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

#: The eight colours of Okabe & Ito (2008), by their published names.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}
#: Colour of the studied group in every figure; a second studied group takes the second entry.
STUDIED_COLOURS = [OKABE_ITO["vermillion"], OKABE_ITO["reddish purple"]]
STUDIED_COLOUR = STUDIED_COLOURS[0]
#: Colours of reference groups, in the order they are handed out (yellow late: least contrast on white).
REFERENCE_COLOURS = [
    OKABE_ITO[c] for c in ("blue", "orange", "sky blue", "bluish green", "black", "yellow", "reddish purple")
]
#: Colours of non-group categories (source types, metrics), in order (vermillion, the studied
#: group's colour, last).
CATEGORY_COLOURS = [
    OKABE_ITO[c]
    for c in ("blue", "orange", "bluish green", "reddish purple", "sky blue", "yellow", "black", "vermillion")
]
HATCHES = ["", "///", "...", "xxx", "\\\\\\", "ooo", "---", "+++"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "<"]
#: Reference groups named here keep their slot (colour, marker, hatch) whatever subset a figure shows.
KNOWN_REFERENCES = ("wikinews", "whitehouse", "state_dept", "lee", "reuters", "ag_news", "bbc")

RC = {
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.axisbelow": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "legend.frameon": False,
    "hatch.linewidth": 0.6,
    "svg.hashsalt": "framing-lab",
    "svg.fonttype": "path",
    "path.simplify": False,
}


def style(index: int) -> dict:
    """Face colour, hatch, marker and edge colour for the ``index``-th category (not group: see
    :func:`group_styles`)."""
    return {
        "color": CATEGORY_COLOURS[index % len(CATEGORY_COLOURS)],
        "hatch": HATCHES[index % len(HATCHES)],
        "marker": MARKERS[index % len(MARKERS)],
        "edgecolor": "black",
    }


def _as_list(studied) -> list[str]:
    if studied is None:
        return []
    return [studied] if isinstance(studied, str) else list(studied)


#: Neutral styles of reference groups named by the user (``--reference``): greys that read on
#: white and in print, each with its own marker and hatch.
NEUTRAL_STYLES = [
    {"color": "#8c8c8c", "marker": "s", "hatch": "xxx"},
    {"color": "#bdbdbd", "marker": "D", "hatch": "..."},
    {"color": "#5a5a5a", "marker": "^", "hatch": "///"},
]


def slot_style(slot: int) -> dict:
    """The style of a group in slot ``slot``: an Okabe-Ito colour (not vermillion), a marker and a
    hatch. Slots 0-6 are those of the known baselines; a slot past the seven colours keeps its
    colour cycle but shifts its marker and its hatch, so every (colour, marker, hatch) of the first
    49 slots is distinct and two groups never look alike, in colour or in greyscale."""
    n = len(REFERENCE_COLOURS)
    cycle = slot // n
    return {
        "color": REFERENCE_COLOURS[slot % n],
        "marker": MARKERS[1:][(slot + cycle) % (len(MARKERS) - 1)],
        "hatch": HATCHES[1:][(slot + 3 * cycle) % (len(HATCHES) - 1)],
        "edgecolor": "black",
    }


def group_styles(groups: Iterable, studied=None, reference=None) -> dict[str, dict]:
    """Colour, marker, hatch and ``studied`` / ``reference`` flags for each group name, distinct
    for every group (a test checks 16 groups).

    ``studied``: a group name or a list of them (default: the first group that is not a named
    reference). The first studied group is vermillion, filled circles, no hatch. Reference groups
    the user named (``reference``) take the neutral greys of :data:`NEUTRAL_STYLES`. A baseline named
    in :data:`KNOWN_REFERENCES` takes its fixed slot, so it has the same style in every figure and
    notebook whatever subset is drawn; every other group (further studied groups, the user's own)
    takes the free slots in order (:func:`slot_style`)."""
    groups = [str(g) for g in dict.fromkeys(groups)]
    named = [str(r) for r in _as_list(reference) if str(r) in groups]
    studied_list = [str(s) for s in _as_list(studied) if str(s) in groups] or [g for g in groups if g not in named][:1]
    out: dict[str, dict] = {}
    if studied_list:
        out[studied_list[0]] = {
            "color": STUDIED_COLOUR,
            "marker": "o",
            "hatch": "",
            "edgecolor": "black",
            "studied": True,
            "reference": False,
        }
    for k, g in enumerate(g for g in named if g not in out):
        neutral = NEUTRAL_STYLES[k % len(NEUTRAL_STYLES)]
        out[g] = {**neutral, "edgecolor": "black", "studied": False, "reference": True}
    rest = [g for g in groups if g not in out]
    taken = {KNOWN_REFERENCES.index(g) for g in rest if g in KNOWN_REFERENCES}
    free = (i for i in range(10_000) if i not in taken)
    for g in rest:
        slot = KNOWN_REFERENCES.index(g) if g in KNOWN_REFERENCES else next(free)
        out[g] = {**slot_style(slot), "studied": g in studied_list, "reference": False}
    return {g: out[g] for g in groups}


def order_groups(groups: Iterable, studied=None, reference=None) -> list[str]:
    """Group names with the studied group(s) first and the named reference group(s) last, the
    rest in their given order."""
    groups = [str(g) for g in dict.fromkeys(groups)]
    named = [str(r) for r in _as_list(reference) if str(r) in groups]
    first = [s for s in (_as_list(studied) or [g for g in groups if g not in named][:1]) if s in groups]
    return first + [g for g in groups if g not in first and g not in named] + [g for g in named if g not in first]


#: Readable names of internal labels (lexicon subcategories, measure columns) for axes and legends.
READABLE = {
    "delegitimising_state_term": "delegitimising state terms",
    "atrocity_amplifier": "atrocity amplifiers",
    "pejorative_label": "pejorative labels",
    "moral_outrage_ridicule": "moral outrage, ridicule",
    "learned_loaded": "loaded language (entries learned from PTC)",
    "learned_name_calling": "name calling (entries learned from PTC)",
}


#: Display names of the baseline groups (a ``-topic`` suffix is shown as "(topic-matched)"); any
#: other group (the user's) is shown by its own name.
GROUP_LABELS = {
    "wikinews": "Wikinews",
    "whitehouse": "White House",
    "state_dept": "State Dept.",
    "lee": "Lee/ABC",
    "reuters": "Reuters-21578",
    "ag_news": "AG News",
    "bbc": "BBC",
}


def group_label(group) -> str:
    """The name a figure shows for a group: a baseline's display name (:data:`GROUP_LABELS`), with
    "(topic-matched)" for its ``<name>-topic`` group; any other group name unchanged."""
    g = str(group)
    base, topic = (g[:-6], True) if g.endswith("-topic") else (g, False)
    if base not in GROUP_LABELS:
        return g
    return GROUP_LABELS[base] + (" (topic-matched)" if topic else "")


def readable(label) -> str:
    """A label a reader understands: known internal names mapped, underscores to spaces."""
    label = str(label)
    return READABLE.get(label, label.replace("_", " "))


def new_figure(width: float = 7.0, height: float = 4.0, **subplots):
    """A figure and axes in the project style."""
    with plt.rc_context(RC):
        fig, ax = plt.subplots(figsize=(width, height), **subplots)
    return fig, ax


def plain(label) -> str:
    """``label`` as text that matplotlib shows as written: every ``$`` escaped, so a group name,
    document id or term with dollar signs is never parsed as mathtext (which would garble it or
    raise when the figure is drawn)."""
    return str(label).replace("\\$", "$").replace("$", "\\$")


def add_caption(fig, caption: str) -> None:
    """Caption under the plot: what is shown, the data source and n (shown as plain text)."""
    fig.text(0.01, 0.005, plain(caption), ha="left", va="bottom", fontsize=7, wrap=True, color="#333333")


def save(fig, path: str | Path, formats=("png", "svg")) -> list[Path]:
    """Save ``fig`` as PNG and SVG with no timestamps or version strings; return the paths. Each
    file is drawn in memory and moved into place whole (:func:`analysis.pipeline.files.atomic_write`):
    a full disk or a killed build never leaves a truncated figure."""
    import io

    from analysis.pipeline.files import atomic_write

    path = Path(path)
    written = []
    with plt.rc_context(RC):
        for fmt in formats:
            out = path.with_suffix("." + fmt)
            metadata = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
            buffer = io.BytesIO()
            fig.savefig(buffer, format=fmt, metadata=metadata, bbox_inches="tight", pad_inches=0.1)
            written.append(atomic_write(out, buffer.getvalue()))
    return written


#: Alias of :func:`save` for functions whose ``save`` argument shadows it.
save_figure = save


def finish(fig, caption: str, save: str | Path | None, bottom: float | None = None, top: float = 1.0):
    """Caption under the plot and a tight layout that leaves room for it (``bottom``: the figure
    fraction below the panels, default from the caption's length) and for a figure-level x label;
    saves PNG and SVG when ``save`` is given. Returns ``fig``. Titles and legends placed by
    :func:`legend_above` need no room here: ``tight_layout`` keeps panels below them."""
    add_caption(fig, caption)
    width, height = fig.get_figwidth(), fig.get_figheight()
    lines = int(np.ceil(len(caption) / (width * 17.0)))
    if bottom is None:
        bottom = (0.08 + 0.125 * lines) / height
    if getattr(fig, "_supxlabel", None) is not None:
        fig._supxlabel.set(y=bottom, va="bottom")
    placed = []
    if fig.legends:  # keep the panels (and their titles) below figure-level legends, however many rows
        renderer = fig.canvas.get_renderer()
        lowest = min(leg.get_window_extent(renderer).y0 for leg in fig.legends) / fig.bbox.height
        top = min(top, lowest - 0.03 / height)
        placed = [a for a in [*fig.legends, getattr(fig, "_suptitle", None)] if a is not None]
    for artist in placed:
        artist.set_in_layout(False)  # placed by hand above ``top``: tight_layout must not make room again
    fig.tight_layout(rect=(0, bottom, 1, top))
    for artist in placed:
        artist.set_in_layout(True)  # so that saving with bbox_inches="tight" keeps them
    if save:
        save_figure(fig, save)
    return fig


def legend_above(fig, handles, labels, ncol: int, title: str | None = None, fontsize: float = 7.5) -> float:
    """A figure title (optional) and a shared legend centred above every panel, outside the data
    area. Returns the ``top`` to pass to :func:`finish` (1.0: ``tight_layout`` keeps the panels below a
    suptitle and figure legends by itself)."""
    height = fig.get_figheight()
    y = 1.0
    if title:
        fig.suptitle(plain(title), fontsize=10, y=1 - 0.04 / height, va="top")
        y -= 0.3 / height
    fig.legend(
        handles,
        [plain(t) for t in labels],
        loc="upper center",
        bbox_to_anchor=(0.5, y),
        ncol=ncol,
        fontsize=fontsize,
        handlelength=1.8,
        columnspacing=1.2,
        borderaxespad=0.1,
        frameon=False,
    )
    return 1.0
