"""The attribution CRF tagger (analysis.measures.attribution_tagger): features, gold labels, the stored
model and its sidecar, tagging of real openly licensed sentences, records for the spans table.

Texts: a Wikinews article (CC BY 2.5, Wikinews contributors) and a U.S. State Department human
rights report (public domain), read from ../shared/baselines; those tests skip without it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from analysis import config
from analysis.measures.attribution import ATTRIBUTION_COLUMNS
from analysis.measures.attribution_tagger import (
    MODEL_DIR,
    MODEL_STEMS,
    PARTS,
    document_tokens,
    gold_labels,
    load_tagger,
    spans_to_records,
    tag_document,
    token_features,
)

# Wikinews, "Russian apartment building collapses after explosion, dozens dead" (2019).
WIKINEWS_SENTENCE = "The Emergencies Ministry said six deaths were of children."
# U.S. State Department, Country Reports on Human Rights Practices, Iraq.
STATE_SENTENCE = "The ministry stated there were 13,000 unlawful arrests pending compensation decisions."


def _document_with(name: str, sentence: str) -> str:
    from analysis.corpus.baselines import BaselineUnavailable, load_baseline

    if config.baseline_dir() is None:
        pytest.skip("shared baselines folder not found (set FRAMING_DATA_DIR or provide ../shared/baselines)")
    try:
        docs = load_baseline(name)
    except BaselineUnavailable as err:
        pytest.skip(f"{name} baseline unavailable: {err}")
    hits = [t for t in docs["text"] if isinstance(t, str) and sentence in t]
    if not hits:
        pytest.skip(f"sentence not found in the {name} baseline")
    return hits[0]


def _parts_in(tagged: list[dict], start: int, end: int) -> dict[str, list[str]]:
    out = {p: [] for p in PARTS}
    for t in tagged:
        if start <= t["start"] and t["end"] <= end:
            out[t["part"]].append(t["text"])
    return out


@pytest.mark.parametrize("rules", [True, False])
def test_tagger_finds_said_and_the_ministry_in_wikinews(rules):
    # The sentence has one attribution: cue "said", source "The Emergencies Ministry", content
    # "six deaths were of children". Both models must find the cue and the source.
    text = _document_with("wikinews", WIKINEWS_SENTENCE)
    s = text.index(WIKINEWS_SENTENCE)
    tagged = tag_document(text, tagger=load_tagger(rules))
    got = _parts_in(tagged, s, s + len(WIKINEWS_SENTENCE))
    assert got["Cue"] == ["said"]
    assert got["Source"] == ["The Emergencies Ministry"]
    assert all(0.0 <= t["prob"] <= 1.0 for t in tagged)


def test_combination_finds_the_ministry_as_source_in_a_state_department_report():
    text = _document_with("state_dept", STATE_SENTENCE)
    s = text.index(STATE_SENTENCE)
    got = _parts_in(tag_document(text), s, s + len(STATE_SENTENCE))
    assert got["Cue"] == ["stated"]
    assert got["Source"] == ["The ministry"]


def test_features_of_said_in_a_reporting_sentence():
    # "said" is a reporting verb of the cue lexicon; "ministry" before it is an official
    # institution in source_types.csv; the rules label "said" as the beginning of a cue.
    text = WIKINEWS_SENTENCE
    doc = document_tokens(text)
    assert len(doc.sentences) == 1 and [text[a:b] for a, b in doc.spans][3] == "said"
    feats = token_features(doc, rules=True)[0]
    said = set(feats[3])
    assert {
        "w=said",
        "shape=x",
        "cls=open",
        "cue=B:reporting_verb",
        "cuesub=reporting_verb",
        "pos=3",
        "inq=0",
        "rule=BCu",
        "-1:w=ministry",
        "-1:src=official_institution",
        "-1:rule=ISo",
        "+1:w=six",
        "-2:w=emergencies",
    } <= said
    the = set(feats[0])
    assert {"w=the", "cls=det", "cap", "pos=0", "-1:pad", "-2:pad"} <= the
    assert not any(f.startswith("rule=") for f in token_features(doc, rules=False)[0][3])


def test_features_mark_tokens_inside_a_quotation():
    text = 'Officials said: "Prices will rise."'
    feats = token_features(document_tokens(text), rules=False)[0]
    words = [f[5] for f in feats]  # the w= feature follows the five sentence-level features
    assert words == ["w=officials", "w=said", "w=prices", "w=will", "w=rise"]
    assert ["inq=1" in f for f in feats] == [False, False, True, True, True]
    assert "gap=:Q" in feats[2]  # colon and opening quotation mark before "Prices"


def test_gold_labels_bio_with_cue_before_content():
    # one attribution annotated by hand on the Wikinews sentence; a second, nested cue span
    # inside the content shows the priority Cue > Source > Content
    text = WIKINEWS_SENTENCE
    doc = document_tokens(text)
    assert (text[30:57], text[41:45]) == ("six deaths were of children", "were")
    gold = [(0, 24, "Source", "T1"), (25, 29, "Cue", "T2"), (30, 57, "Content", "T3"), (41, 45, "Cue", "T4")]
    assert gold_labels(doc, gold) == [
        ["B-Source", "I-Source", "I-Source", "B-Cue", "B-Content", "I-Content", "B-Cue", "B-Content", "I-Content"]
    ]


def test_stored_models_load_and_sidecars_list_training_data():
    for rules, stem in MODEL_STEMS.items():
        path = MODEL_DIR / f"{stem}.crfsuite"
        assert path.is_file() and path.stat().st_size < 5_000_000
        meta = json.loads((MODEL_DIR / f"{stem}.json").read_text(encoding="utf-8"))
        assert meta["rules"] is rules
        assert meta["training_data"]["split"] == "train" and "PolNeAR" in meta["training_data"]["corpus"]
        assert re.fullmatch(r"[0-9a-f]{40}", meta["training_data"]["commit"])
        assert meta["training_data"]["n_docs"] == 840
        assert set(meta["thresholds"]) == set(PARTS) and meta["c1"] > 0 and meta["c2"] > 0
        assert set(meta["slice_scores_token"]) == {"rules", "crf", "crf_rules", "union_rules_crf"}
        assert meta["package_version"]
        tagger = load_tagger(rules)
        assert tagger.rules is rules and set(tagger._tagger.labels()) == {
            "O",
            "B-Cue",
            "I-Cue",
            "B-Source",
            "I-Source",
            "B-Content",
            "I-Content",
        }


def test_records_from_tagged_spans_fit_the_attribution_rows():
    from analysis.measures.spans import _attribution_rows

    text = WIKINEWS_SENTENCE
    tagged = [
        {"part": "Source", "start": 0, "end": 24, "text": text[0:24], "prob": 0.9, "sentence": 0},
        {"part": "Cue", "start": 25, "end": 29, "text": "said", "prob": 0.95, "sentence": 0},
        {"part": "Content", "start": 30, "end": 57, "text": text[30:57], "prob": 0.8, "sentence": 0},
    ]
    recs = spans_to_records(text, tagged)
    assert len(recs) == 1 and list(recs[0]) == ATTRIBUTION_COLUMNS
    r = recs[0]
    assert (r["cue_start"], r["cue_end"], r["source_text"], r["content_start"], r["content_end"]) == (
        25,
        29,
        "The Emergencies Ministry",
        30,
        57,
    )
    assert r["source_type"] == "official_institution" and r["direct"] is False
    rows = _attribution_rows(text, recs, ("attribution_cue", "source"))
    assert [(row[2], row[3]) for row in rows] == [("said", "attribution_cue"), ("The Emergencies Ministry", "source")]


# Measured by `run_validation("polnear", fast=True)` (PolNeAR dev, first 20 articles) with the
# stored models: (precision, recall, f1). Regression pins; a retrained model changes them, and so do
# source-type lexicon rows (the tagger reads their categories as features).
TAGGER_PINS = {
    ("attribution_cue", "attribution_crf"): (0.724, 0.677, 0.699),
    ("attribution_cue", "spans_table"): (0.691, 0.689, 0.690),
    ("attribution_source", "attribution_crf"): (0.762, 0.689, 0.724),
    ("attribution_source", "spans_table"): (0.800, 0.678, 0.734),
}


def test_validation_has_tagger_rows_beside_the_rules():
    from analysis.validate.validation import run_validation

    if config.benchmark_dir() is None:
        pytest.skip("gold benchmarks (../shared/benchmarks) not available")
    res = run_validation("polnear", fast=True)
    tok = res[res.level == "token"]
    for task in ("attribution_cue", "attribution_source"):
        assert {"spans_table", "attribution", "attribution_crf"} <= set(tok.loc[tok.task == task, "detector"])
    bad = []
    for (task, det), want in TAGGER_PINS.items():
        r = tok[(tok.task == task) & (tok.detector == det)].iloc[0]
        got = tuple(round(float(r[c]), 3) for c in ("precision", "recall", "f1"))
        if any(abs(g - w) > 0.0015 for g, w in zip(got, want)):
            bad.append(f"{task}/{det}: measured {got}, pinned {want}")
    assert not bad, "\n".join(bad)


def test_fast_marginals_equal_crfsuite_on_a_seed_text():
    # seed 001 (NCRI, in the repository): the array scorer (attribution_tagger_fast) must give the
    # per-token part marginals CRFsuite gives for the same feature strings, so the spans table's
    # tagger is the validated model; tolerance 1e-5 (summation order and the printed precision of
    # the weights CRFsuite reports: measured 8e-6 at most here)
    import numpy as np

    from analysis.corpus.sentences import split_sentences
    from analysis.measures.attribution_rules import rule_records
    from analysis.measures.attribution_tagger import (
        document_tokens,
        load_tagger,
        rule_intervals,
        token_features,
    )
    from analysis.measures.attribution_tagger_fast import fast_marginals

    try:
        tagger = load_tagger(True)
    except FileNotFoundError:
        pytest.skip("attribution tagger not trained")
    text = next((Path(__file__).resolve().parents[2] / "seeds").glob("001_*.txt")).read_text(encoding="utf-8")
    bounds = split_sentences(text)
    recs = rule_records(text, bounds)
    doc = document_tokens(text, bounds)
    ref = []
    for f in token_features(doc, rules=True, rule_records=recs):
        ref += [[m[p] for p in ("Cue", "Source", "Content")] for m in tagger.marginals(f)[1]]
    arrays, marg, ct = fast_marginals(tagger, text, bounds, rule_intervals(text, bounds, recs))
    fast = np.stack([marg[:, ct.part_index[p]].sum(axis=1) for p in ("Cue", "Source", "Content")], axis=1)
    assert len(ref) == len(fast) > 400
    assert np.abs(np.array(ref) - fast).max() < 1e-5


def test_word_shapes_follow_the_per_character_definition():
    # the tagger's shape feature: character classes with runs collapsed, cut at 6 ("McCain" ->
    # "XxXx", "U.S." -> "X.X.", "2013" -> "d"); the ASCII fast paths must give what the
    # per-character definition gives for every word of the seeds
    import re
    from pathlib import Path

    from analysis.measures.attribution_tagger import _shape

    def by_character(word):
        out = []
        for ch in word:
            c = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
            if not out or out[-1] != c:
                out.append(c)
        return "".join(out)[:6]

    assert [_shape(w) for w in ("McCain", "U.S.", "2013", "said", "NCRI", "Tehran")] == [
        "XxXx",
        "X.X.",
        "d",
        "x",
        "X",
        "Xx",
    ]
    seeds = Path(__file__).resolve().parents[2] / "seeds"
    words = {w for p in seeds.glob("*.txt") for w in re.findall(r"\S+", p.read_text(encoding="utf-8"))}
    assert len(words) > 500
    assert all(_shape(w) == by_character(w) for w in words)
