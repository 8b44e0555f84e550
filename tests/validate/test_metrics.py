"""Unit tests of the scoring arithmetic in analysis.validate.metrics.

The spans below are synthetic spans over short strings written for these tests: they check the
arithmetic of the measures, they are not gold data. Expected values are computed by hand in the
comments.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.validate.metrics import (
    bootstrap_f1_ci,
    merge_spans,
    prf,
    sentence_prf,
    si_prf,
    span_overlap_prf,
    token_counts,
    token_prf,
)

#                 0         1         2         3         4
#                 0123456789012345678901234567890123456789012345
TEXT_A = "The cruel regime said it would crush dissent."
# WORD_RE tokens: The[0,3) cruel[4,9) regime[10,16) said[17,21) it[22,24) would[25,30)
#                 crush[31,36) dissent[37,44)            -> 8 tokens
TEXT_B = "Officials claimed victory."
# tokens: Officials[0,9) claimed[10,17) victory[18,25)  -> 3 tokens

TEXTS = pd.DataFrame({"doc_id": ["a", "b"], "text": [TEXT_A, TEXT_B]})

# gold: "cruel regime" [4,16) and "crush dissent" [31,44) in doc a; nothing in doc b
GOLD = pd.DataFrame({"doc_id": ["a", "a"], "start": [4, 31], "end": [16, 44]})
# pred: "cruel" [4,9), "said" [17,21), "us" [33,35) (inside "crush") in a; "claimed" [10,17) in b
PRED = pd.DataFrame({"doc_id": ["a", "a", "a", "b"], "start": [4, 17, 33, 10], "end": [9, 21, 35, 17]})


def test_texts_offsets_as_commented():
    assert TEXT_A[4:16] == "cruel regime" and TEXT_A[31:44] == "crush dissent"
    assert TEXT_A[33:35] == "us" and TEXT_B[10:17] == "claimed"


def test_prf_zero_division():
    assert prf(0, 0, 0) == (0.0, 0.0, 0.0)
    assert prf(1, 1, 0) == (0.5, 1.0, pytest.approx(2 / 3))


def test_token_counts_per_doc():
    c = token_counts(GOLD, PRED, TEXTS).set_index("doc_id")
    # doc a: gold tokens {cruel, regime, crush, dissent}; predicted {cruel, said, crush}
    #   tp = cruel, crush = 2; fp = said = 1; fn = regime, dissent = 2; tn = The, it, would = 3
    assert c.loc["a", ["n_tokens", "tp", "fp", "fn", "tn"]].tolist() == [8, 2, 1, 2, 3]
    # doc b: no gold; "claimed" predicted -> fp = 1; tn = Officials, victory = 2
    assert c.loc["b", ["n_tokens", "tp", "fp", "fn", "tn"]].tolist() == [3, 0, 1, 0, 2]


def test_token_prf_micro():
    r = token_prf(GOLD, PRED, TEXTS)
    # micro: tp 2, fp 2, fn 2 -> P = 2/4 = 0.5, R = 2/4 = 0.5, F1 = 0.5
    assert (r.tp, r.fp, r.fn, r.tn) == (2, 2, 2, 5)
    assert r.precision == pytest.approx(0.5)
    assert r.recall == pytest.approx(0.5)
    assert r.f1 == pytest.approx(0.5)
    # doc a alone: P = 2/3, R = 2/4, F1 = 2*(2/3*1/2)/(2/3+1/2) = 4/7
    ra = token_prf(GOLD, PRED[PRED.doc_id == "a"], TEXTS[TEXTS.doc_id == "a"])
    assert ra.precision == pytest.approx(2 / 3)
    assert ra.recall == pytest.approx(0.5)
    assert ra.f1 == pytest.approx(4 / 7)


def test_token_prf_inputs():
    # mapping input and tuple spans give the same result as DataFrames
    r = token_prf(
        [("a", 4, 16), ("a", 31, 44)], [tuple(x) for x in PRED.itertuples(index=False)], {"a": TEXT_A, "b": TEXT_B}
    )
    assert (r.tp, r.fp, r.fn) == (2, 2, 2)
    # no predictions: recall 0 and F1 0 (not NaN)
    r0 = token_prf(GOLD, None, TEXTS)
    assert (r0.tp, r0.fn, r0.f1) == (0, 4, 0.0)
    # an empty span covers nothing
    r1 = token_prf(GOLD, pd.DataFrame({"doc_id": ["a"], "start": [5], "end": [5]}), TEXTS)
    assert r1.fp == 0 and r1.tp == 0
    # spans on a document missing from texts are an error
    with pytest.raises(ValueError):
        token_prf(GOLD, pd.DataFrame({"doc_id": ["zzz"], "start": [0], "end": [1]}), TEXTS)


def test_token_prf_other_key_column():
    texts = TEXTS.rename(columns={"doc_id": "sent_id"})
    r = token_prf(
        GOLD.rename(columns={"doc_id": "sent_id"}), PRED.rename(columns={"doc_id": "sent_id"}), texts, doc_col="sent_id"
    )
    assert r.f1 == pytest.approx(0.5)


def test_span_overlap_prf():
    r = span_overlap_prf(GOLD, PRED)
    # preds: [4,9) overlaps gold [4,16); [17,21) nothing; [33,35) overlaps [31,44); b[10,17) nothing
    # P = 2/4 = 0.5; both gold spans hit -> R = 2/2 = 1; F1 = 2*0.5*1/1.5 = 2/3
    assert (r.n_gold, r.n_pred, r.matched_pred, r.matched_gold) == (2, 4, 2, 2)
    assert r.precision == pytest.approx(0.5)
    assert r.recall == pytest.approx(1.0)
    assert r.f1 == pytest.approx(2 / 3)


def test_span_overlap_touching_is_not_overlap_and_exact():
    gold = pd.DataFrame({"doc_id": ["a", "a"], "start": [4, 31], "end": [16, 44]})
    pred = pd.DataFrame({"doc_id": ["a", "a", "a"], "start": [16, 31, 0], "end": [17, 44, 4]})
    # [16,17) touches [4,16) at 16 and [0,4) touches it at 4: no shared character -> no match
    r = span_overlap_prf(gold, pred)
    # matched: only [31,44) -> P = 1/3, R = 1/2, F1 = 2*(1/3*1/2)/(1/3+1/2) = 0.4
    assert (r.matched_pred, r.matched_gold) == (1, 1)
    assert r.f1 == pytest.approx(0.4)
    e = span_overlap_prf(gold, pd.concat([pred, PRED]), match="exact")
    # 7 predictions, one identical to gold ([31,44)); P = 1/7, R = 1/2, F1 = 2/9
    assert (e.n_pred, e.matched_pred, e.matched_gold) == (7, 1, 1)
    assert e.f1 == pytest.approx(2 / 9)


def test_span_overlap_duplicates_counted_once():
    gold = pd.concat([GOLD, GOLD.iloc[:1]])  # the same span with two labels
    r = span_overlap_prf(gold, PRED)
    assert r.n_gold == 2


def test_si_prf_definition():
    pred = PRED[PRED.doc_id == "a"]
    r = si_prf(GOLD, pred)
    # C(s,t,h) = |s ∩ t| / h
    # [4,9) ∩ [4,16) = 5 chars, |s| = 5, |t| = 12; [17,21): no overlap; [33,35) ∩ [31,44) = 2, |s| = 2, |t| = 13
    # P = (1/3) (5/5 + 0 + 2/2) = 2/3
    # R = (1/2) (5/12 + 2/13) = 89/312
    p, rec = 2 / 3, 89 / 312
    assert r.precision == pytest.approx(p)
    assert r.recall == pytest.approx(rec)
    assert r.f1 == pytest.approx(2 * p * rec / (p + rec))
    # doc b's prediction adds one span with no credit: P = (1/4) * 2 = 0.5, R unchanged
    r2 = si_prf(GOLD, PRED)
    assert r2.precision == pytest.approx(0.5) and r2.recall == pytest.approx(rec)


def test_si_prf_merge():
    gold = pd.concat([GOLD, GOLD.iloc[:1]])  # [4,16) twice
    pred = PRED[PRED.doc_id == "a"]
    # merged: identical to test_si_prf_definition
    assert si_prf(gold, pred).precision == pytest.approx(2 / 3)
    # raw definition: [4,9) earns 5/5 against each copy -> P = (1/3)(1 + 1 + 0 + 1) = 1
    # R = (1/3)(5/12 + 5/12 + 2/13)
    raw = si_prf(gold, pred, merge=False)
    assert raw.precision == pytest.approx(1.0)
    assert raw.recall == pytest.approx((5 / 12 + 5 / 12 + 2 / 13) / 3)


def test_merge_spans():
    df = pd.DataFrame({"doc_id": ["a", "a", "a", "b"], "start": [0, 3, 10, 1], "end": [5, 8, 12, 2]})
    m = merge_spans(df).sort_values(["doc_id", "start"]).reset_index(drop=True)
    # a: [0,5) and [3,8) -> [0,8); [10,12) stays; b: [1,2)
    assert m[["doc_id", "start", "end"]].values.tolist() == [["a", 0, 8], ["a", 10, 12], ["b", 1, 2]]


def test_sentence_prf():
    gold = ["Biased", "Biased", "Non-biased", "Non-biased", "Biased"]
    pred = ["Biased", "Non-biased", "Biased", "Non-biased", "Biased"]
    r = sentence_prf(gold, pred)
    # positive class "Biased": tp = 2 (items 0, 4), fp = 1 (item 2), fn = 1 (item 1)
    # P = 2/3, R = 2/3, F1 = 2/3; accuracy = 3/5
    assert r.precision == pytest.approx(2 / 3)
    assert r.recall == pytest.approx(2 / 3)
    assert r.f1 == pytest.approx(2 / 3)
    assert r.accuracy == pytest.approx(0.6)
    # macro F1: "Non-biased" class has tp 1, fp 1, fn 1 -> F1 1/2; mean(2/3, 1/2) = 7/12
    assert r.macro_f1 == pytest.approx(7 / 12)
    rb = sentence_prf([True, False, True], [True, True, False])
    # tp 1, fp 1, fn 1 -> 0.5 each
    assert rb.f1 == pytest.approx(0.5)


def test_bootstrap_ci_is_deterministic_and_brackets():
    texts = pd.DataFrame({"doc_id": [f"d{i}" for i in range(30)], "text": [TEXT_A] * 30})
    gold = pd.concat([GOLD.assign(doc_id=d) for d in texts.doc_id])
    pred = pd.concat([PRED[PRED.doc_id == "a"].assign(doc_id=d) for d in texts.doc_id[::2]])
    a = bootstrap_f1_ci(gold, pred, texts, n_boot=300)
    b = bootstrap_f1_ci(gold, pred, texts, n_boot=300)
    assert a.equals(b)
    assert a.lo <= a.f1 <= a.hi
    assert a.f1 == pytest.approx(token_prf(gold, pred, texts).f1)
