"""The framing validation table (analysis.validate.framing): recorded evidence read faithfully,
naive baselines beside each row, sentences computed from the rows."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.validate import framing as F


def rows(*records) -> pd.DataFrame:
    base = dict(analysis="techniques", task="technique", split="all", ci_low=0.0, ci_high=1.0, n=10, notes="")
    return pd.DataFrame([{**base, **r} for r in records], columns=F.FRAMING_COLUMNS)


def test_recorded_technique_scores_agree_with_the_model_sidecar():
    """The record (python -m analysis.validate.techniques --record) and the sentence model's
    sidecar come from the same cross-validation: the acceptance row must agree."""
    table = F.technique_rows()
    side = json.loads((F.TECHNIQUES_RECORD.parent / "techniques_sentence.json").read_text())["cv_scores"]
    union = table[(table["task"] == "union") & (table["detector"] == "loaded+loaded_model+technique_default")]
    held = union[union["split"].str.startswith("dev+test")].iloc[0]
    assert held["value"] == pytest.approx(side["union_dev_test_135"]["f1"], abs=1e-4)
    # every one of the 14 PTC techniques has a row of ours and a naive row
    per = table[table["task"] == "technique"]
    assert per["detector"].str.startswith("technique:").sum() == 14
    assert per["detector"].str.startswith("exclamation_sentences:").sum() == 14


def test_technique_table_puts_the_naive_row_beside_ours():
    r = rows(
        dict(detector="technique:Doubt", family="ours", metric="token_f1", value=0.2),
        dict(detector="exclamation_sentences:Doubt", family="naive", metric="token_f1", value=0.3),
        dict(detector="technique:Slogans", family="ours", metric="token_f1", value=0.1),
        dict(detector="exclamation_sentences:Slogans", family="naive", metric="token_f1", value=0.05),
    )
    t = F.technique_table(r).set_index("technique")
    assert not t.loc["Doubt", "beats naive"]  # .2 < .3
    assert t.loc["Slogans", "beats naive"]
    assert t.loc["Doubt", "naive F1 ('!' sentences)"].startswith("0.300")
    assert "1 of 2 techniques beat the naive baseline" in F.framing_summary(r)


def test_frame_rows_read_every_frame_and_baseline_of_the_sidecar(tmp_path):
    side = tmp_path / "frames.json"
    side.write_text(
        json.dumps(
            {
                "cv_scores": {
                    "date": "2026-01-01",
                    "outlet": {
                        "model": {"conflict": [0.8, 0.7, 0.9], "moral": [0.4, 0.3, 0.5], "micro": [0.6, 0.5, 0.7]},
                        "always": {"micro": [0.5, 0.45, 0.55]},
                        "tfidf_lr": {"micro": [0.55, 0.5, 0.6]},
                    },
                }
            }
        )
    )
    r = F.frame_rows(side)
    assert len(r) == 5 and set(r["family"]) == {"ours", "naive"}
    text = F.framing_summary(r)
    # the summary names the weakest frame of the model and both baselines' micro F1
    assert "weakest frame is moral (F1 0.40)" in text and "0.50 (always yes)" in text


def test_a_sidecar_without_scores_is_a_clear_error(tmp_path):
    side = tmp_path / "frames.json"
    side.write_text("{}")
    with pytest.raises(FileNotFoundError, match="validate.frames --sidecar"):
        F.frame_rows(side)


def test_role_rows_read_the_recorded_cross_validation():
    """Every system, rule and metric of the roles sidecar is a row; the model's head-match recall
    is the sidecar's number, and the summary compares it with the better naive listing."""
    table = F.role_rows()
    side = json.loads((F.TECHNIQUES_RECORD.parent / "roles.meta.json").read_text())["cross_validation"]
    ours = table[(table["family"] == "ours") & (table["task"] == "triples, head match") & (table["metric"] == "recall")]
    assert ours["value"].iloc[0] == pytest.approx(side["model"]["head"]["recall"][0])
    assert len(table) == sum(len(rules) for rules in side.values()) * 3
    best_naive = max(side[s]["head"]["recall"][0] for s in side if s != "model")
    assert f"against {best_naive:.3f} for the better naive listing" in F.framing_summary(table)
