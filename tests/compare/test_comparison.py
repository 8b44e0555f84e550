"""Advocacy versus baselines: the comparison wrapper, group hygiene, sampling, the small-n statement."""

from __future__ import annotations

import argparse
import io
import math

import numpy as np
import pandas as pd
import pytest

from analysis.compare import comparison as C
from analysis.compare.stats import holm
from analysis.corpus.study import StudyError, StudySpec, cap_groups, study_documents

FAST = 199  # resamples: enough for shape and determinism checks


def tiny_profile() -> pd.DataFrame:
    """Three groups by hand: seeds (3 documents), wire (4), gov (4)."""
    rows = [
        # doc_id, group, loaded, loaded_authorial, hedges, topic_match
        ("s1", "seeds", 3.0, 2.0, 0.0, True),
        ("s2", "seeds", 4.0, 3.0, 1.0, True),
        ("s3", "seeds", 5.0, 5.0, 0.0, True),
        ("w1", "wire", 1.0, 0.0, 2.0, True),
        ("w2", "wire", 2.0, 1.0, 3.0, False),
        ("w3", "wire", 3.0, 1.0, 2.0, True),
        ("w4", "wire", 4.0, 0.0, 4.0, False),
        ("g1", "gov", 0.0, 0.0, 1.0, False),
        ("g2", "gov", 1.0, 1.0, 1.0, False),
        ("g3", "gov", 0.5, 0.5, 2.0, True),
        ("g4", "gov", 2.0, 0.0, 1.0, True),
    ]
    columns = ["doc_id", "group", "loaded_per_1k", "loaded_authorial_per_1k", "hedges_per_1k", "topic_match"]
    # columns deliberately out of the default order: compare() puts the loaded rates first
    return pd.DataFrame(rows, columns=columns)[
        ["doc_id", "group", "hedges_per_1k", "loaded_per_1k", "loaded_authorial_per_1k", "topic_match"]
    ]


def test_compare_three_groups_hand_checked():
    prof = tiny_profile()
    with pytest.warns(UserWarning, match="topic-matched design skipped"):
        out = C.compare(prof, designs=("all", "topic-matched"), topic_col=None, n_resamples=FAST)
    assert list(out.columns) == C.COMPARISON_COLUMNS
    assert set(out["design"]) == {"all"}
    assert set(out["group_a"]) == {"seeds"} and set(out["group_b"]) == {"gov", "wire"}
    # loaded rates (all voices, authorial voice) come first, then the other measures
    assert list(out["measure"].unique()) == ["loaded_per_1k", "loaded_authorial_per_1k", "hedges_per_1k"]
    assert len(out) == 2 * 3

    row = out.set_index(["group_b", "measure"]).loc[("wire", "loaded_per_1k")]
    # seeds [3, 4, 5] vs wire [1, 2, 3, 4]: 12 pairs; seed > wire: 2 + 3 + 4 = 9, seed < wire: 1 (3 < 4)
    assert row.cliffs_delta == pytest.approx((9 - 1) / 12)
    assert row.mean_diff == pytest.approx(4.0 - 2.5)  # seeds minus baseline
    assert (row.n_a, row.n_b) == (3, 4)
    assert row.p_min_attainable == pytest.approx(2 / math.comb(7, 3))  # exact test, 35 relabellings
    assert row.cliffs_delta_ci_low <= row.cliffs_delta <= row.cliffs_delta_ci_high
    # authorial voice: seeds [2, 3, 5] vs wire [0, 1, 1, 0]: every seed above every wire document
    assert out.set_index(["group_b", "measure"]).loc[("wire", "loaded_authorial_per_1k"), "cliffs_delta"] == 1.0
    # Holm within each pair (compare_groups) and over the whole table
    np.testing.assert_allclose(out["p_holm_table"], holm(out["p_perm"]), equal_nan=True)
    assert (out["p_holm_table"] >= out["p_holm"] - 1e-12).all()


def test_compare_topic_design_from_topic_column():
    prof = tiny_profile()
    out = C.compare(prof, measures=["loaded_per_1k"], n_resamples=FAST)
    assert list(out["design"].unique()) == ["all", "topic-matched"]
    topic = out[out["design"] == "topic-matched"].set_index("group_b")
    assert set(topic.index) == {"wire-topic", "gov-topic"}
    assert set(topic["baseline"]) == {"wire", "gov"}
    # only the topic documents of each baseline: wire w1, w3 -> [1, 3]; gov g3, g4 -> [0.5, 2]
    assert topic.loc["wire-topic", "n_b"] == 2 and topic.loc["wire-topic", "mean_b"] == pytest.approx(2.0)
    assert topic.loc["gov-topic", "mean_b"] == pytest.approx(1.25)
    assert (topic["n_a"] == 3).all()  # the seeds are never filtered


def test_compare_uses_topic_groups_when_present():
    prof = tiny_profile().drop(columns="topic_match")
    extra = prof[prof["group"] == "gov"].assign(group="gov-topic").head(3)
    out = C.compare(pd.concat([prof, extra]), measures=["loaded_per_1k"], n_resamples=FAST)
    by_design = out.groupby("design")["group_b"].apply(set).to_dict()
    assert by_design == {"all": {"gov", "wire"}, "topic-matched": {"gov-topic"}}


def test_compare_rejects_seeds_inside_a_baseline_and_missing_studied_group():
    prof = tiny_profile()
    leaked = pd.concat([prof, prof[prof["doc_id"] == "s1"].assign(group="wire")])
    with pytest.raises(ValueError, match="inside a baseline"):
        C.compare(leaked, n_resamples=FAST)
    with pytest.raises(ValueError, match="studied group"):
        C.compare(prof, studied="advocacy", n_resamples=FAST)


def test_a_studied_text_inside_a_baseline_stops_the_study(tmp_path):
    """A corpus text that is also a document of a baseline it is compared with cannot be compared
    with itself: the study stops, naming why. The Lee corpus ships with gensim (offline)."""
    from analysis.corpus.baselines import load_baseline

    lee = load_baseline("lee")
    (tmp_path / "mine.txt").write_text(lee["text"].iloc[3], encoding="utf-8")
    (tmp_path / "other.txt").write_text("Officials met on Monday to discuss the budget. " * 3, encoding="utf-8")
    clean = study_documents(StudySpec.from_params(corpus=[tmp_path / "other.txt"], baselines=["lee"]))
    assert set(clean.documents["group"]) == {"other", "lee"}
    with pytest.raises(StudyError, match="also inside a baseline"):
        study_documents(StudySpec.from_params(corpus=[tmp_path], baselines=["lee"]))


def test_cap_groups_is_deterministic_nested_and_keeps_seeds():
    frame = pd.DataFrame(
        {"doc_id": [f"d{i}" for i in range(40)] + ["s1", "s2"], "group": ["big"] * 30 + ["small"] * 10 + ["seeds"] * 2}
    )
    a = cap_groups(frame, 8)
    b = cap_groups(frame.sample(frac=1, random_state=1), 8)
    assert set(a["doc_id"]) == set(b["doc_id"])  # independent of row order
    assert a.groupby("group").size().to_dict() == {"big": 8, "seeds": 2, "small": 8}
    assert a.index.is_monotonic_increasing  # row order preserved
    assert a.attrs["sampled"] == {"big": (8, 30), "small": (8, 10)}
    # nested: the sample of a subset keeps every sampled document of that subset
    subset = frame[frame["doc_id"].isin([f"d{i}" for i in range(0, 30, 2)])]
    sub_sample = set(cap_groups(subset, 8)["doc_id"])
    assert (set(a["doc_id"]) & set(subset["doc_id"])) <= sub_sample
    assert set(cap_groups(frame, 8, seed=7)["doc_id"]) != set(a["doc_id"])  # the seed matters
    assert cap_groups(frame, None) is frame


def test_small_n_statement_numbers():
    text = C.small_n_statement(5)
    assert "C(10,5) = 252" in text and "2/252 = 0.0079" in text
    assert "C(9,5) = 126" in text  # distinct bootstrap resamples of five documents
    assert "effect sizes" in text.lower()
    five = C.small_n_statement(5, n_other=5, n_measures=20)
    assert "0.16" in five and "no measure can reach 0.05" in five  # 20 x 2/252
    many = C.small_n_statement(5, n_other=150, n_measures=20, n_resamples=9_999)
    assert "2/(9,999 + 1)" in many and "0.004" in many  # Monte Carlo floor 2e-4, times 20
    assert "only a measure at the very floor survives" in many
    with pytest.raises(ValueError):
        C.small_n_statement(0)


# ---------------------------------------------------------------------------- command line


def _parse(argv: list[str]) -> argparse.Namespace:
    from analysis.cli import compare as cli_compare

    parser = argparse.ArgumentParser()
    cli_compare.add_parsers(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def test_cli_compare_one_row_per_measure_and_pair():
    from analysis.cli.app import emit
    from analysis.cli.compare import cmd_compare

    args = _parse(
        [
            "compare",
            "--baseline",
            "lee",
            "--max-docs",
            "3",  # at most 3 documents per group, the studied group too
            "--resamples",
            "99",
            "--measure",
            "loaded_per_1k",
            "--measure",
            "loaded_authorial_per_1k",
            "--format",
            "csv",
        ]
    )
    table = cmd_compare(args)
    assert list(table["measure"]) == ["loaded_per_1k", "loaded_authorial_per_1k"]
    assert set(table["group_a"]) == {"seeds"} and set(table["group_b"]) == {"lee"}
    assert (table["n_a"] == 3).all() and (table["n_b"] == 3).all()
    for col in ("cliffs_delta", "cliffs_delta_ci_low", "cliffs_delta_ci_high", "p_perm", "p_holm"):
        assert col in table.columns
    buf = io.StringIO()
    emit(table, "csv", buf)
    assert buf.getvalue().splitlines()[0].startswith("design,baseline,measure")


def test_framing_measures_are_a_family_of_their_own():
    """Adding a framing analysis's measures (here a technique rate) leaves the core measures'
    corrected p-values as they were: each family has its own Holm correction."""
    prof = tiny_profile()
    core = C.compare(prof, designs=("all",), topic_col="topic_match", n_resamples=FAST)
    prof["technique_per_1k"] = [9.0, 8.0, 7.0, 1.0, 0.0, 2.0, 1.0, 0.0, 1.0, 0.0, 2.0]
    both = C.compare(prof, designs=("all",), topic_col="topic_match", n_resamples=FAST)
    assert set(core["family"]) == {"core"} and set(both["family"]) == {"core", "techniques"}
    kept = both[both["family"] == "core"].reset_index(drop=True)
    pd.testing.assert_frame_equal(kept, core, check_like=False)
    tech = both[both["family"] == "techniques"]
    np.testing.assert_allclose(tech["p_holm_table"], holm(tech["p_perm"]), equal_nan=True)
