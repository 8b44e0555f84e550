"""One figure style for every plot, and byte-for-byte reproducible saving.

Greyscale-safe: groups are told apart by hatching and marker shape as well as by grey level, so
a figure printed in black and white reads the same. Saving strips everything that changes
between runs: PNG and SVG carry no creation date or software version, SVG ids come from a fixed
hash salt, and fonts are embedded as paths in SVG.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt

#: Grey levels, hatches and markers assigned to groups in order.
GREYS = ["#1a1a1a", "#7f7f7f", "#c8c8c8", "#4d4d4d", "#a6a6a6", "#e6e6e6", "#333333"]
HATCHES = ["", "///", "...", "xxx", "\\\\\\", "ooo", "---"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X"]

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
    """Face colour, hatch, marker and edge colour for the ``index``-th group."""
    return {
        "color": GREYS[index % len(GREYS)],
        "hatch": HATCHES[index % len(HATCHES)],
        "marker": MARKERS[index % len(MARKERS)],
        "edgecolor": "black",
    }


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
    """Save ``fig`` as PNG and SVG with no timestamps or version strings; return the paths."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    written = []
    with plt.rc_context(RC):
        for fmt in formats:
            out = path.with_suffix("." + fmt)
            metadata = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
            fig.savefig(out, format=fmt, metadata=metadata, bbox_inches="tight", pad_inches=0.1)
            written.append(out)
    return written
