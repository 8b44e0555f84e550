"""Sentences about statistics follow the numbers they describe (the notebook 05 case)."""

from __future__ import annotations

import math

import pandas as pd

from analysis.report.narrative import design_floor_sentence, format_p, format_p_columns, holm_sentence


def test_p_values_are_written_apa_style_never_as_zero():
    assert format_p(0.0002) == "p < .001"  # was printed "0.000" by a rounded table
    assert format_p(0.002) == "p = .002"
    assert format_p(0.04) == "p = .040"
    assert format_p(1.0) == "p = 1"
    assert format_p(float("nan")) == "p = n/a"
    table = format_p_columns(pd.DataFrame({"p_holm": [0.0002, 0.3], "x": [1, 2]}))
    assert table["p_holm"].tolist() == ["< .001", ".300"] and table["x"].tolist() == [1, 2]


def test_notebook_05_case_the_sentence_matches_a_table_with_p_holm_002():
    # Notebook 05 said no measure could reach p < .05 after Holm while its table showed p_holm = .002.
    table = pd.DataFrame(
        {
            "design": ["all", "all", "topic-matched"],
            "baseline": ["wikinews", "lee", "lee-topic"],
            "measure": ["loaded_per_1k", "hedges_per_1k", "loaded_per_1k"],
            "p_holm": [0.002, 0.31, 0.07],
        }
    )
    sentence = holm_sentence(table)
    assert sentence == (
        "After Holm's correction 1 of 3 comparisons has p < .05; the smallest is "
        "loaded_per_1k (wikinews, all), p = .002."
    )
    none = holm_sentence(table.assign(p_holm=[0.06, 0.31, 0.07]))
    assert none.startswith("After Holm's correction none of the 3 comparisons has p < .05")


def test_design_floor_uses_the_real_baseline_sizes_not_five_against_five():
    # 5 vs 5: 2 / C(10,5) = 2/252 = .0079; times 8 measures = .063, above .05: no measure can pass.
    assert "no comparison in this design can reach p < .05" in design_floor_sentence(5, [5], n_measures=8)
    # 5 vs 30 with 999 relabellings: floor 2/1000 = .002; times 10 measures = .02 < .05: it can.
    sentence = design_floor_sentence(5, [30, 60], n_measures=10, n_resamples=999)
    assert "can reach p < .05" in sentence and "no comparison" not in sentence
    assert math.isclose(2 / 1000 * 10, 0.02)
