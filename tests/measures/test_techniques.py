"""Persuasion-technique spans (analysis.measures.techniques) on real sentences: the seed statements
and public-domain US government speeches (F. D. Roosevelt's address to Congress of 8 December 1941,
Lincoln's Gettysburg Address). Each test names the sentence, the expected result and why.

The sentence model and the lexicon ship with the package, so nothing here needs ../shared.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from analysis.corpus.load import load_seeds
from analysis.corpus.sentences import split_sentences
from analysis.measures.technique_sentences import load_sentence_model, model_paths
from analysis.measures.techniques import (
    ALL_DETECTORS,
    FAMILIES,
    MIN_ENTRY_PRECISION,
    TECHNIQUE_FAMILIES,
    TECHNIQUES,
    get_detector,
    repetition_spans,
    technique_rates,
    technique_spans,
)

# F. D. Roosevelt, address to Congress, 8 December 1941 (a work of the US government: public domain)
FDR = (
    "No matter how long it may take us to overcome this premeditated invasion, the American people "
    "in their righteous might will win through to absolute victory."
)
# A. Lincoln, Gettysburg Address, 1863 (public domain)
GETTYSBURG = (
    "It is rather for us to be here dedicated to the great task remaining before us, that government "
    "of the people, by the people, for the people, shall not perish from the earth."
)


@pytest.fixture(scope="module")
def seeds():
    docs = load_seeds().documents
    return dict(zip(docs["doc_id"], docs["text"]))


def _sentence(text: str, prefix: str) -> tuple[int, int]:
    for s, e in split_sentences(text):
        if text[s:e].lstrip('“"').startswith(prefix):
            return s, e
    raise AssertionError(f"no sentence starting {prefix!r}")


def test_every_ptc_technique_has_a_frappe_family():
    # the 14 PTC labels map onto the six SemEval-2023 / FRAPPE categories, each used at least once
    assert set(TECHNIQUE_FAMILIES) == set(TECHNIQUES)
    assert set(TECHNIQUE_FAMILIES.values()) == set(FAMILIES)
    # the three renamed or merged PTC classes, as the module docstring decides
    assert TECHNIQUE_FAMILIES["Black-and-White_Fallacy"] == "simplification"  # 2023: false dilemma
    assert TECHNIQUE_FAMILIES["Thought-terminating_Cliches"] == "call"  # 2023: conversation killer
    assert TECHNIQUE_FAMILIES["Bandwagon,Reductio_ad_hitlerum"] == "attack_on_reputation"  # mostly Nazi comparisons


def test_fdr_american_people_is_flag_waving_and_invasion_appeals_to_fear():
    # "the American people ... in their righteous might" invokes the nation (PTC Flag-Waving) and
    # "invasion" is a fear word; both lexical entries are active (train precision >= the minimum)
    lexical = technique_spans(FDR, detectors=["lexical"])
    found = {(FDR[s:e], tech) for s, e, tech, _, _ in lexical}
    assert ("the American people", "Flag-Waving") in found
    assert ("invasion", "Appeal_to_fear-prejudice") in found
    assert all(score >= MIN_ENTRY_PRECISION for *_, score in lexical)


def test_fdr_sentence_is_marked_by_the_sentence_model():
    # a wartime rallying sentence: the sentence model marks it whole, as one of the justification techniques
    spans = technique_spans(FDR, detectors=["sentence"])
    assert len(spans) == 1
    start, end, tech, family, score = spans[0]
    assert (start, end) == (0, len(FDR))
    assert family == "justification" and tech == "Flag-Waving"
    assert score >= get_detector().model.threshold


def test_seed_warning_of_a_fourth_massacre_is_marked_and_the_press_report_is_not(seeds):
    # seed "batat-threats": the NCRI warning that "a repeat of the catastrophe and a fourth massacre is
    # quite possible at any moment" appeals to fear; the sentence reporting which newspapers Al-Batat
    # spoke to is a plain attributed report
    text = seeds["batat-threats"]
    warn = _sentence(text, "Any delay in doing so")
    report = _sentence(text, "Al-Batat told international Arabic language newspapers")
    spans = technique_spans(text, detectors=["sentence"])
    marked = {(s, e): tech for s, e, tech, _, _ in spans}
    assert marked.get(warn) == "Appeal_to_fear-prejudice"
    assert report not in marked


def test_seed_totally_false_is_exaggeration(seeds):
    # "totally false" is an absolute intensifier: PTC Exaggeration,Minimisation, a lexical entry
    text = seeds["isis-cooperation-reports"]
    hits = [(text[s:e], tech) for s, e, tech, _, _ in technique_spans(text, detectors=["lexical"])]
    assert ("totally false", "Exaggeration,Minimisation") in hits


def test_repetition_counts_later_occurrences_of_a_repeated_phrase(seeds):
    # "Iraqi government" occurs several times in the seed: its second and later occurrences are
    # Repetition, its first is not; a phrase used once ("Camp Liberty Iranians") never is
    text = seeds["isis-cooperation-reports"]
    first = text.index("Iraqi government")
    spans = repetition_spans(text)
    phrases = [text[s:e] for s, e in spans]
    assert "Iraqi government" in phrases
    assert (first, first + len("Iraqi government")) not in spans
    assert "Camp Liberty Iranians" not in phrases


def test_a_single_repeated_word_is_not_a_repeated_phrase():
    # Gettysburg repeats "the people" three times, but a phrase needs two content words
    assert repetition_spans(GETTYSBURG) == []


def test_repetition_is_opt_in_and_stays_inside_marked_sentences(seeds):
    text = seeds["isis-cooperation-reports"]
    default = technique_spans(text)
    every = technique_spans(text, detectors=ALL_DETECTORS)
    assert not any(t == "Repetition" for _, _, t, _, _ in default)
    reps = [(s, e) for s, e, t, _, _ in every if t == "Repetition"]
    sents = [(s, e) for s, e, _, _, _ in technique_spans(text, detectors=["sentence"])]
    assert reps and all(any(a <= s and e <= b for a, b in sents) for s, e in reps)


def test_rates_per_family_and_empty_text():
    rates = technique_rates(FDR)
    assert set(rates) == {f"technique_{f}_per_1k" for f in FAMILIES} | {"technique_per_1k"}
    # three spans (the sentence, "invasion", "the American people"), all three justification,
    # in 26 words (WORD_RE: "No", "matter", ... "victory")
    n_words = 26
    assert rates["technique_per_1k"] == pytest.approx(1000 * 3 / n_words)
    assert rates["technique_justification_per_1k"] == pytest.approx(1000 * 3 / n_words)
    assert all(np.isnan(v) for v in technique_rates("").values())


def test_model_artefact_loads_without_pickle_and_records_provenance():
    npz, side = model_paths()
    with np.load(npz, allow_pickle=False) as z:
        assert {"vocab", "weights", "bias", "heads", "ctx_coef", "ctx_intercept", "threshold"} <= set(z.files)
    meta = json.loads(side.read_text(encoding="utf-8"))
    for key in ("data", "split", "features", "hyper_parameters", "how_chosen", "cv_scores", "date"):
        assert meta[key], key
    assert "PTC train" in meta["data"]["ptc"]
    model = load_sentence_model()
    assert model.heads[0] == "any" and set(model.heads[1:]) == set(TECHNIQUES)
