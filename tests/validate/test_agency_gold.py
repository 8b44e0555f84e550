"""The agency gold set (analysis/validate/gold/harm_events.csv) and its scorer (analysis.validate.agency)."""

from __future__ import annotations

import pytest

from analysis import config
from analysis.validate.agency import LABELS, load_gold, naive_label, raw_text, score_agency, validate_agency

pytestmark = pytest.mark.requires_shared


def test_gold_is_large_enough_and_well_formed():
    g = load_gold()
    assert (g["label"] != "not_event").sum() >= 150  # the issue asks for at least 150 harm events
    assert set(g["label"]) <= set(LABELS)
    assert set(g["split"]) == {"dev", "test"}
    assert set(g.loc[g["agent_type"] != "", "agent_type"]) <= {"state_forces", "armed_group", "unnamed", "other"}
    # research-only corpora keep offsets, never text
    closed = g[g["corpus"].isin(["reuters", "ag_news"])]
    assert (closed[["trigger", "agent_text", "patient_text"]] == "").all().all()


def test_gold_offsets_fit_their_texts():
    root = config.baseline_dir().parent
    g = load_gold()
    for r in g.itertuples():
        text = raw_text(root, r.file, r.record)
        assert 0 <= r.start < r.end <= len(text)
        if r.trigger:
            assert text[r.start : r.end] == r.trigger, r.id
        if r.agent_text:
            assert " ".join(text[int(r.agent_start) : int(r.agent_end)].split()) == r.agent_text, r.id


def test_naive_baseline_rule():
    """ "were killed" is passive under the naive rule, "killed seven" active, "by" within 5 words adds the agent."""
    text = "Seven residents were killed by militias. Iraqi forces killed seven residents."
    assert naive_label(text, 21, 27) == "passive_with_agent"
    assert naive_label(text, 54, 60) == "active"


def test_dev_scores_beat_naive_baseline():
    t = validate_agency("dev")
    acc = t[t["metric"] == "subcategory_accuracy"].set_index("system")["value"]
    assert acc["detector"] > acc["naive_be_ed_nouns"] > acc["naive_be_ed"]
    assert acc["detector"] >= 0.85  # dev: the rules were written on it; a regression guard


def test_score_table_has_intervals():
    import pandas as pd

    rows = pd.DataFrame(
        {
            "doc": ["a", "a", "b"],
            "label": ["active", "nominal", "agentless_passive"],
            "pred_label": ["active", "active", "agentless_passive"],
            "agent_start": ["", "", ""],
            "agent_end": ["", "", ""],
            "pred_agent_start": [-1, -1, -1],
            "pred_agent_end": [-1, -1, -1],
            "agent_type": ["", "", ""],
            "pred_agent_type": ["", "", ""],
        }
    )
    fp = pd.DataFrame(columns=["doc", "pred_label"])
    t = score_agency(rows, fp, n_boot=200).set_index("metric")
    assert t.loc["subcategory_accuracy", "value"] == pytest.approx(2 / 3)
    assert t.loc["active_precision", "value"] == pytest.approx(0.5)
    assert t.loc["subcategory_accuracy", "ci_low"] <= 2 / 3 <= t.loc["subcategory_accuracy", "ci_high"]
