"""Figures rebuild byte-for-byte and carry units, n and source."""

from __future__ import annotations

import hashlib
import io
from contextlib import redirect_stderr

import matplotlib.pyplot as plt
import pytest

from analysis.report import figures
from analysis.report.build import build_figures


def _digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


#: What the first build reported through its progress callback, and what the second printed.
BUILD_A_PROGRESS: list[tuple[int, int, str]] = []
BUILD_B_STDERR: list[str] = []


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    a = tmp_path_factory.mktemp("a")
    b = tmp_path_factory.mktemp("b")
    build_figures(a, fast=True, progress=lambda *step: BUILD_A_PROGRESS.append(step))
    with redirect_stderr(io.StringIO()) as err:  # no progress callback: nothing printed
        build_figures(b, fast=True)
    BUILD_B_STDERR.append(err.getvalue())
    return a, b


@pytest.mark.requires_shared
def test_build_is_byte_identical(two_builds):
    a, b = two_builds
    da, db = _digests(a), _digests(b)
    assert len(da) >= 12  # six figures, PNG and SVG each
    assert da == db


@pytest.mark.requires_shared
def test_build_reports_each_figure_once_in_order(two_builds):
    """``progress(done, total, name)`` runs once per figure, counting 1..total, and the names are
    exactly the figures written (a PNG and an SVG each); without a callback nothing is printed."""
    a, _ = two_builds
    steps = BUILD_A_PROGRESS
    total = len(steps)
    assert [(done, n) for done, n, _ in steps] == [(i, total) for i in range(1, total + 1)]
    names = [name for _, _, name in steps]
    assert names[:2] == ["loaded_by_subcategory", "loaded_lexicon_vs_model"] and names[-1] == "reliability_scorecard"
    assert sorted(names) == sorted(p.stem for p in a.glob("*.svg")) == sorted(p.stem for p in a.glob("*.png"))
    assert "[1/" not in BUILD_B_STDERR[0]


@pytest.mark.requires_shared
def test_files_carry_no_timestamps_or_versions(two_builds):
    a, _ = two_builds
    for svg in a.glob("*.svg"):
        text = svg.read_text(encoding="utf-8")
        assert "<dc:date>" not in text and "Matplotlib v" not in text
    for png in a.glob("*.png"):
        assert b"Software" not in png.read_bytes()[:2000]


def test_axes_have_units_and_caption_has_n():
    import pandas as pd

    profile = pd.DataFrame(
        {"group": ["seeds"] * 2 + ["lee"] * 3, "hedges_per_1k": [1, 2, 5, 6, 7], "boosters_per_1k": [3, 4, 1, 2, 1]}
    )
    fig = figures.hedges_vs_boosters(profile, group_col="group", source="test frame")
    ax = fig.axes[0]
    assert ax.get_xlabel() == "hedges per 1,000 words"
    assert ax.get_ylabel() == "boosters per 1,000 words"
    caption = " ".join(t.get_text() for t in fig.texts)
    assert "seeds n=2" in caption and "Lee/ABC n=3" in caption and "Source: test frame" in caption
    plt.close(fig)


def test_forest_plot_reads_studied_minus_reference():
    import numpy as np
    import pandas as pd

    from analysis.compare.stats import compare_groups

    # seeds [6, 7, 8] all above lee [1, 2, 3, 4]: Cliff's delta +1, so the point sits right of zero
    # and the axis says which side is the studied group.
    profile = pd.DataFrame({"group": ["seeds"] * 3 + ["lee"] * 4, "hedges_per_1k": [6, 7, 8, 1, 2, 3, 4]})
    comparison = compare_groups(profile, "group", ["hedges_per_1k"], studied="seeds", n_resamples=199)
    assert (comparison["group_a"] == "seeds").all() and comparison["cliffs_delta"].iloc[0] == 1.0
    fig = figures.forest_plot(comparison, source="test frame")
    ax = fig.axes[0]
    assert fig._supxlabel.get_text().endswith("positive = seeds higher")
    from matplotlib.collections import PathCollection

    offsets = np.concatenate([c.get_offsets()[:, 0] for c in ax.collections if isinstance(c, PathCollection)])
    assert (offsets > 0).all()
    assert "vs Lee/ABC (n=4)" in [t.get_text() for t in fig.legends[0].get_texts()]
    plt.close(fig)


def test_loaded_lexicon_vs_model_side_by_side():
    import numpy as np
    import pandas as pd

    # seeds: lexicon rates 2 and 4 (mean 3), model rates 10 and 20 (mean 15); lee: 1, 1, 1 and 5, 5, 5
    profile = pd.DataFrame(
        {
            "group": ["seeds"] * 2 + ["lee"] * 3,
            "loaded_lexicon_per_1k": [2, 4, 1, 1, 1],  # the lexicon component (loaded_per_1k is the headline)
            "loaded_lexicon_authorial_per_1k": [1, 3, 0, 0, 0],
            "loaded_model_per_1k": [10, 20, 5, 5, 5],
            "loaded_model_authorial_per_1k": [8, 16, 4, 4, 4],
        }
    )
    fig = figures.loaded_lexicon_vs_model(profile, group_col="group", source="test frame", n_boot=50)
    lex, model = fig.axes[:2]
    heights = lambda ax: [round(p.get_height(), 6) for p in ax.patches]  # noqa: E731
    # bars in order: all voices (seeds, lee), then authorial (seeds, lee)
    assert heights(lex) == [3.0, 1.0, 2.0, 0.0]
    assert heights(model) == [15.0, 5.0, 12.0, 4.0]
    assert "per 1,000 words" in lex.get_ylabel()
    caption = " ".join(t.get_text() for t in fig.texts)
    assert "seeds n=2" in caption and "Lee/ABC n=3" in caption and "Source: test frame" in caption
    assert np.isfinite(heights(model)).all()
    plt.close(fig)


def test_labels_with_dollar_signs_draw_as_written(tmp_path):
    """A group named "A$_$B" (two dollar signs around a bare subscript) and a source "US$ 5 or
    $x^$" are parsed as mathtext, "$_$" is a malformed formula and drawing the figure raised
    ValueError (ParseSyntaxException). Every figure label is escaped, so the figures save and the
    legend shows the names as typed."""
    import pandas as pd

    profile = pd.DataFrame(
        {
            "group": ["US$ aid"] * 2 + ["A$_$B"] * 3,
            "hedges_per_1k": [1, 2, 5, 6, 7],
            "boosters_per_1k": [3, 4, 1, 2, 1],
            "flesch_kincaid_grade": [9, 10, 11, 12, 13],
        }
    )
    fig = figures.hedges_vs_boosters(profile, group_col="group", source="US$ 5 or $x^$", save=str(tmp_path / "hb"))
    assert (tmp_path / "hb.png").is_file() and (tmp_path / "hb.svg").is_file()
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert r"A\$_\$B (n=3), each document" in legend
    plt.close(fig)
    fig = figures.readability_by_group(profile, group_col="group", source="x", save=str(tmp_path / "rd"))
    assert (tmp_path / "rd.png").is_file()
    plt.close(fig)


def test_source_mix_bars_cover_every_source_type():
    """A document whose attributions are half organisation, half named person ("Amnesty
    International said ..." and "John Smith said ...") is drawn as a bar reaching 1: every source
    type of the profile has a segment (the organisation type once had none, and such bars stopped
    short)."""
    import pandas as pd

    from analysis.measures.source_types import SOURCE_TYPES, share_column

    row = {share_column(t): 0.0 for t in SOURCE_TYPES}
    row.update({share_column("organisation"): 0.5, share_column("named_person"): 0.5})
    profile = pd.DataFrame([{"doc_id": "d1", "attributions": 2, **row}])
    assert set(figures.SOURCE_TYPE_LABELS) == set(SOURCE_TYPES)
    fig = figures.source_mix(profile)
    widths = sum(p.get_width() for p in fig.axes[0].patches if abs(p.get_y() + p.get_height() / 2) < 0.5)
    plt.close(fig)
    assert widths == pytest.approx(1.0)
