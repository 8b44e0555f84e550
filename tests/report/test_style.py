"""The figure palette is Okabe-Ito and a group keeps its colour across figures."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import to_hex

from analysis.report import figures
from analysis.report.style import CATEGORY_COLOURS, OKABE_ITO, REFERENCE_COLOURS, STUDIED_COLOUR, group_styles

# The eight colours published by Okabe & Ito (2008), "Color Universal Design", as hex.
PUBLISHED = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}


def test_palette_is_okabe_ito():
    assert set(OKABE_ITO.values()) == PUBLISHED
    assert set(REFERENCE_COLOURS) <= PUBLISHED and set(CATEGORY_COLOURS) <= PUBLISHED
    assert STUDIED_COLOUR == "#D55E00"  # vermillion
    # the studied colour is never handed to a reference group
    assert STUDIED_COLOUR not in REFERENCE_COLOURS


def test_reference_group_keeps_its_slot_in_any_subset():
    # "lee" is the 4th known baseline: it gets the same colour, marker and hatch whether the figure
    # shows all seven baselines or only lee and whitehouse (the FAST preset), so a reader of the
    # fast preview and of the full figures sees lee in one colour.
    full = group_styles(["seeds", "wikinews", "whitehouse", "state_dept", "lee", "reuters", "ag_news", "bbc"], "seeds")
    fast = group_styles(["seeds", "lee", "whitehouse"], "seeds")
    for g in ("lee", "whitehouse"):
        assert {k: full[g][k] for k in ("color", "marker", "hatch")} == {
            k: fast[g][k] for k in ("color", "marker", "hatch")
        }
    # seven reference groups, seven different colours and markers
    refs = [v for k, v in full.items() if k != "seeds"]
    assert len({v["color"] for v in refs}) == 7 and len({v["marker"] for v in refs}) == 7
    assert full["seeds"]["studied"] and full["seeds"]["color"] == STUDIED_COLOUR


def test_studied_group_has_the_same_colour_in_two_figures():
    """Readability draws each of the 3 documents of "mine" as a point in the studied colour; the
    forest plot colours rows by reference group, and "mine" studied there too is in no row while
    the reference "other" has the same colour as in the readability figure."""
    profile = pd.DataFrame(
        {
            "group": ["mine"] * 3 + ["other"] * 4,
            "flesch_kincaid_grade": [9.0, 10.0, 11.0, 5.0, 6.0, 7.0, 8.0],
            "hedges_per_1k": [6, 7, 8, 1, 2, 3, 4],
            "boosters_per_1k": [1, 1, 2, 3, 3, 4, 4],
        }
    )
    read = figures.readability_by_group(profile, group_col="group", studied="mine")
    read_colours = [to_hex(c.get_facecolor()[0]).upper() for c in read.axes[0].collections]
    hb = figures.hedges_vs_boosters(profile, group_col="group", studied="mine")
    hb_colours = {c.get_label().split(" (")[0]: to_hex(c.get_facecolor()[0]).upper() for c in hb.axes[0].collections}
    assert read_colours[0] == STUDIED_COLOUR == hb_colours["mine"]
    assert read_colours[1] == hb_colours["other"] != STUDIED_COLOUR
    plt.close("all")


def test_loaded_by_subcategory_shows_small_groups_as_points_and_fits_the_data():
    # per-document rates: two "mine" documents with 4 and 8 pejorative labels per 1,000 words in
    # their own voice and 2 quoted in the second; three "ref" documents at 0, 0 and 1.
    rows = []
    for doc, group, auth, quot in [
        ("a", "mine", 4.0, 0.0),
        ("b", "mine", 8.0, 2.0),
        ("c", "ref", 0.0, 0.0),
        ("d", "ref", 0.0, 0.0),
        ("e", "ref", 1.0, 0.0),
    ]:
        rows += [(doc, group, "pejorative_label", "authorial", auth), (doc, group, "pejorative_label", "quoted", quot)]
    rates = pd.DataFrame(rows, columns=["doc_id", "group", "subcategory", "voice", "per_1k"])
    fig = figures.loaded_by_subcategory(rates, source="test frame")
    ax = fig.axes[0]
    # bars: authorial means (6, 1/3), then quoted means stacked (1, 0)
    heights = [round(p.get_height(), 3) for p in ax.patches]
    assert heights == [6.0, 0.333, 1.0, 0.0]
    points = np.concatenate([c.get_offsets()[:, 1] for c in ax.collections])
    assert sorted(points.tolist()) == [0.0, 0.0, 1.0, 4.0, 10.0]  # each document, both voices
    assert ax.get_ylim()[1] == 10.0 * 1.12  # the highest point, plus headroom: never touching the frame
    assert ax.get_title() == "pejorative labels"  # a readable name, not the internal one
    plt.close(fig)


def test_group_label_shows_baselines_by_name_and_user_groups_as_given():
    """Baseline groups get their display names ("whitehouse-topic" is the topic-matched White House
    group); a user's group, even one that ends in -topic, is shown as written."""
    from analysis.report.style import group_label

    assert group_label("whitehouse") == "White House"
    assert group_label("whitehouse-topic") == "White House (topic-matched)"
    assert group_label("seeds") == "seeds"
    assert group_label("my-topic") == "my-topic"


def test_fifteen_groups_each_get_their_own_style():
    """Fifteen groups (eight outlets and the seven baselines, as a multi-outlet study can have) must
    not share a look: before, huff-post and Wikinews were the same blue square. Every (colour,
    marker, hatch) is distinct, the named reference is a neutral grey, and the seven baselines keep
    their slots."""
    outlets = ["breitbart", "huff-post", "nyt", "politico", "usa-today", "wash-post", "west-journal", "cnn"]
    baselines = ["wikinews", "whitehouse", "state_dept", "lee", "reuters", "ag_news", "bbc"]
    styles = group_styles(outlets + baselines, studied=outlets[:2], reference=["nyt"])
    looks = [(s["color"], s["marker"], s["hatch"]) for s in styles.values()]
    assert len(set(looks)) == 15
    assert styles["breitbart"]["color"] == STUDIED_COLOUR and styles["breitbart"]["studied"]
    assert styles["huff-post"]["studied"] and styles["huff-post"]["color"] != STUDIED_COLOUR
    assert styles["nyt"]["reference"] and styles["nyt"]["color"] not in REFERENCE_COLOURS + [STUDIED_COLOUR]
    # a baseline's slot does not depend on the user's groups beside it
    alone = group_styles(["seeds", *baselines])
    assert all(styles[b]["color"] == alone[b]["color"] and styles[b]["marker"] == alone[b]["marker"] for b in baselines)


def test_source_mix_has_one_bar_per_group():
    profile = pd.DataFrame(
        {
            "doc_id": list("abcdef"),
            "group": ["x", "x", "y", "y", "z", "z"],
            "attributions": [2, 0, 4, 4, 1, 1],
            **{f"source_{t}_share": [0.0] * 6 for t in figures.SOURCE_TYPE_LABELS},
        }
    )
    profile.loc[[0, 2, 4], "source_named_person_share"] = 1.0
    profile.loc[[3, 5], "source_anonymous_unverifiable_share"] = 1.0
    fig = figures.source_mix_groups(profile, studied="x", reference="z", source="test")
    ax = fig.axes[0]
    assert [t.get_text().split(" (")[0] for t in ax.get_yticklabels()] == ["x", "y", "z"]  # reference last
    # pooled by attributions: y's documents have 4 attributions each, half of them named
    named = [p.get_width() for p in ax.containers[0]]
    assert named == [1.0, 0.5, 0.5]
    plt.close(fig)


def test_over_time_table_and_figure_from_dated_documents():
    from analysis.compare.over_time import has_time_design, over_time_table

    dates = ["2016-09-01"] * 3 + ["2016-10-05"] * 3 + ["2016-10-20"]
    profile = pd.DataFrame(
        {"doc_id": [f"d{i}" for i in range(7)], "group": "g", "date": dates, "loaded_per_1k": [1, 2, 3, 4, 5, 6, 7.0]}
    )
    assert has_time_design(profile, ["g"])
    table = over_time_table(profile, ["loaded_per_1k"], n_boot=200)
    assert table["period"].tolist() == ["2016-09", "2016-10"] and table["n_docs"].tolist() == [3, 4]
    assert table["mean"].tolist() == [2.0, 5.5]
    assert (table["ci_low"] <= table["mean"]).all() and (table["mean"] <= table["ci_high"]).all()
    fig = figures.measures_over_time(table, studied="g", source="test")
    assert "per 1,000 words" in fig.axes[0].get_ylabel()
    plt.close(fig)
    assert not has_time_design(profile.assign(date=""), ["g"])  # no dates: no time view
