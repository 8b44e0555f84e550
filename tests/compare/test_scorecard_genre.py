"""Group views of the scorecard (issue 25): within-genre comparison and components by group."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

from analysis.compare.reliability_index import INDEX_COMPONENTS, published_weights
from analysis.compare.scorecard_genre import COMPONENT_SUMMARY_COLUMNS, OTHERS, components_by_group, within_genre

matplotlib.use("Agg")


def _genre_table() -> pd.DataFrame:
    # outlet A: news scored high, opinion low; outlet B the other way round. Pooled over genres the
    # two outlets tie; within each genre every A text is above (news) or below (opinion) every B text.
    rows = []
    for group, news, opinion in (("A", [0.8, 0.9, 0.85], [0.1, 0.15, 0.2]), ("B", [0.4, 0.5, 0.45], [0.5, 0.6, 0.55])):
        rows += [{"group": group, "text_genre": "news", "reliability_index": v} for v in news]
        rows += [{"group": group, "text_genre": "opinion", "reliability_index": v} for v in opinion]
    rows.append({"group": "B", "text_genre": "satire", "reliability_index": 0.0})  # one satire text: no row
    return pd.DataFrame(rows)


def test_within_genre_compares_each_group_with_the_others_of_its_genre():
    res = within_genre(_genre_table(), n_resamples=199, seed=0)
    got = {(r.text_genre, r.group_a): r.cliffs_delta for r in res.itertuples()}
    # every A news text above every B news text: delta +1; opinion: every A text below: -1
    assert got == {("news", "A"): 1.0, ("news", "B"): -1.0, ("opinion", "A"): -1.0, ("opinion", "B"): 1.0}
    assert (res["group_b"] == OTHERS).all()
    assert "satire" not in set(res["text_genre"])  # fewer than two texts on a side: left out
    assert (res["p_holm"] >= res["p_perm"]).all()


def test_within_genre_never_compares_across_genres():
    # all of A's texts are opinion, all of B's news: no genre holds both, so there is nothing to compare
    t = _genre_table()
    t = t[((t["group"] == "A") & (t["text_genre"] == "opinion")) | ((t["group"] == "B") & (t["text_genre"] == "news"))]
    assert within_genre(t, n_resamples=99).empty


@pytest.fixture(scope="module")
def seeds_table():
    from analysis import load_seeds
    from analysis.compare.scorecard import build_scorecard

    return build_scorecard(load_seeds().documents, group_col="corpus", jobs=1).table.assign(group="seeds")


def test_components_by_group_on_the_seeds(seeds_table):
    # the five seeds as one group: one row per component and one for the index, the mean inside
    # its bootstrap interval, the published weight beside it
    s = components_by_group(seeds_table, n_boot=200)
    assert list(s.columns) == COMPONENT_SUMMARY_COLUMNS
    assert list(s["component"]) == [*INDEX_COMPONENTS, "reliability_index"]
    assert (s["n"] == 5).all()
    assert ((s["ci_low"] <= s["mean"] + 1e-12) & (s["mean"] <= s["ci_high"] + 1e-12)).all()
    w = s.set_index("component")["weight"]
    assert w["sources"] == pytest.approx(published_weights()["sources"])
    assert np.isnan(w["reliability_index"])


def test_components_figure_draws_the_weighted_components(seeds_table):
    from analysis.report.scorecard_figure import components_figure

    s = components_by_group(seeds_table, n_boot=50)
    fig = components_figure(s, source="seeds", n={"seeds": 5})
    weighted = [k for k, v in published_weights().items() if v > 0]
    titles = [ax.get_title() for ax in fig.axes if ax.get_visible() and ax.get_title()]
    assert len(titles) == len(weighted) + 1 and titles[-1].startswith("index")
    assert any("n=5" in t.get_text() for t in fig.texts)
