"""The fast scoring paths of the validation give exactly the numbers of the straightforward ones.

:func:`analysis.validate.metrics.token_counts` tokenises each document set once (a shared token
table), :func:`analysis.validate.metrics.bootstrap_counts_ci` resamples from per-document counts
and :meth:`analysis.measures.published_lists.LexiconDetector.detect` remembers per-word results and tries
its multi-word regex only where a match can start. Each is compared here with a plain reference
implementation kept in this file (the per-document loop, the bootstrap over token counts, the
per-word loop plus ``re.finditer``), on real gold data from ``../shared/benchmarks``: PTC train
articles with their loaded-language spans and PolNeAR dev cues. Equality is exact
(``assert_frame_equal(check_exact=True)`` or ``==`` on lists of spans).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis import config
from analysis.corpus.text import WORD_RE

pytestmark = pytest.mark.skipif(
    config.benchmark_dir() is None, reason="gold benchmarks (../shared/benchmarks) not available"
)


# --------------------------------------------------------------------------------------------
# reference implementations (the straightforward code the fast paths replace)
# --------------------------------------------------------------------------------------------


def _ref_flags(n_chars, tok_st, tok_en, spans):
    if spans is None or len(spans[0]) == 0 or len(tok_st) == 0:
        return np.zeros(len(tok_st), dtype=bool)
    st = np.clip(spans[0], 0, n_chars)
    en = np.clip(spans[1], 0, n_chars)
    diff = np.zeros(n_chars + 1, dtype=np.int64)
    np.add.at(diff, st, 1)
    np.add.at(diff, en, -1)
    covered = np.cumsum(diff[:-1]) > 0
    cum = np.concatenate(([0], np.cumsum(covered)))
    return (cum[tok_en] - cum[tok_st]) > 0


def _ref_by_doc(spans):
    s = spans[spans["end"].to_numpy() > spans["start"].to_numpy()]
    return {
        d: (g["start"].to_numpy(dtype=np.int64), g["end"].to_numpy(dtype=np.int64))
        for d, g in s.groupby("doc_id", sort=False)
    }


def ref_token_counts(gold, pred, texts):
    """Per document: tokenise, flag tokens overlapping a gold / predicted span, count."""
    gold, pred = _ref_by_doc(gold), _ref_by_doc(pred)
    rows = []
    for doc, text in zip(texts["doc_id"], texts["text"]):
        arr = np.asarray([m.span() for m in WORD_RE.finditer(text)], dtype=np.int64).reshape(-1, 2)
        g = _ref_flags(len(text), arr[:, 0], arr[:, 1], gold.get(doc))
        p = _ref_flags(len(text), arr[:, 0], arr[:, 1], pred.get(doc))
        rows.append((doc, len(arr), int((g & p).sum()), int((~g & p).sum()), int((g & ~p).sum()), int((~g & ~p).sum())))
    return pd.DataFrame(rows, columns=["doc_id", "n_tokens", "tp", "fp", "fn", "tn"])


def ref_bootstrap(counts, n_boot, alpha=0.05, seed=config.RANDOM_SEED):
    """The resampling loop of the original bootstrap (same generator, seed and chunks of draws)."""
    c = counts[["tp", "fp", "fn"]].to_numpy(dtype=np.int64)
    n = len(c)
    rng = np.random.default_rng(seed)
    f1s = np.empty(n_boot)
    chunk = max(1, min(n_boot, 2_000_000 // n))
    for i in range(0, n_boot, chunk):
        k = min(chunk, n_boot - i)
        idx = rng.integers(0, n, size=(k, n))
        sums = np.stack([np.bincount(row, minlength=n) @ c for row in idx])
        tp, fp, fn = sums[:, 0], sums[:, 1], sums[:, 2]
        denom = 2 * tp + fp + fn
        f1s[i : i + k] = np.where(denom > 0, 2 * tp / np.maximum(denom, 1), 0.0)
    return tuple(float(x) for x in np.quantile(f1s, [alpha / 2, 1 - alpha / 2]))


def ref_detect(det, text):
    """The naive detector's matching rules, word by word, then the whole regex with re.finditer."""
    from analysis.measures.published_lists import _PLAIN

    cands, starts, ends = [], set(), set()
    units = _PLAIN if det.boundary == "word" else WORD_RE
    for m in units.finditer(text):
        starts.add(m.start())
        ends.add(m.end())
        w = m.group(0).lower().replace("’", "'")
        if w in det._words:
            cands.append((m.start(), m.end(), w))
            continue
        for k in det._stem_lens:
            if k <= len(w) and w[:k] in det._stems:
                cands.append((m.start(), m.end(), w[:k]))
                break
    if det._re is not None:
        for m in det._re.finditer(text):
            if det.boundary == "token" and (m.start() not in starts or m.end() not in ends):
                continue
            cands.append((m.start(), m.end(), det._term(m.group(0))))
    cands.sort(key=lambda c: (c[0], c[0] - c[1]))
    out, last_end = [], -1
    for c in cands:
        if c[0] >= last_end:
            out.append(c)
            last_end = c[1]
    return out


# --------------------------------------------------------------------------------------------
# real data
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ptc():
    from analysis.validate.gold import load_ptc

    return load_ptc("train")


@pytest.fixture(scope="module")
def polnear_dev():
    from analysis.validate.gold import load_polnear

    articles, spans = load_polnear("dev")
    return articles[["doc_id", "text"]], spans[spans["label"] == "Cue"]


@pytest.fixture(scope="module")
def mpqa():
    from analysis.measures.published_lists import NAIVE_DETECTORS

    return NAIVE_DETECTORS["mpqa_strongsubj"]()


def test_token_counts_equal_reference_on_ptc(ptc, mpqa):
    from analysis.validate.metrics import token_counts
    from analysis.validate.validation_spans import naive_spans

    articles, gold = ptc
    pred = naive_spans(articles, mpqa)
    new = token_counts(gold, pred, articles)
    ref = ref_token_counts(gold, pred, articles)
    assert_frame_equal(new, ref, check_exact=True)
    # PTC train: 371 articles, and MPQA strong clues overlap some gold tokens in many of them
    assert len(new) == len(articles) and int(new["tp"].sum()) > 0 and int(new["fp"].sum()) > 0


def test_score_spans_equal_reference_on_polnear_dev(polnear_dev):
    from analysis.validate.metrics import prf
    from analysis.validate.validation import attribution_spans, score_spans

    articles, gold = polnear_dev
    cues, _ = attribution_spans(articles)
    row = score_spans(gold, cues, articles, n_boot=200, levels=("token",))[0]
    ref = ref_token_counts(gold, cues, articles)
    tp, fp, fn = (int(ref[k].sum()) for k in ("tp", "fp", "fn"))
    p, r, f = prf(tp, fp, fn)
    lo, hi = ref_bootstrap(ref, 200)
    assert (row["precision"], row["recall"], row["f1"]) == (p, r, f)
    assert (row["ci_low"], row["ci_high"]) == (lo, hi)
    assert (row["n_docs"], row["n_gold"], row["n_pred"]) == (len(articles), tp + fn, tp + fp)


def test_bootstrap_ci_equal_reference_on_ptc(ptc, mpqa):
    from analysis.validate.metrics import bootstrap_counts_ci, bootstrap_f1_ci
    from analysis.validate.validation_spans import naive_spans

    articles, gold = ptc
    pred = naive_spans(articles, mpqa)
    ref = ref_bootstrap(ref_token_counts(gold, pred, articles), 300)
    ci = bootstrap_f1_ci(gold, pred, articles, n_boot=300)
    assert (ci["lo"], ci["hi"]) == ref
    # a subset of the documents: another token table, and the chunking of draws (2,000,000 // n)
    sub = articles.iloc[::7]
    counts = ref_token_counts(
        gold[gold["doc_id"].isin(set(sub["doc_id"]))], pred[pred["doc_id"].isin(set(sub["doc_id"]))], sub
    )
    ci_sub = bootstrap_counts_ci(counts, n_boot=250)
    assert (ci_sub["lo"], ci_sub["hi"]) == ref_bootstrap(counts, 250)


def test_token_table_follows_text_content_not_frame(ptc):
    """The shared token table is found by the documents' ids and texts: a frame with one text
    changed is tokenised afresh (the emptied article has no tokens left to count)."""
    from analysis.validate.metrics import token_counts

    articles, gold = ptc
    first = token_counts(gold, None, articles)
    changed = articles.copy()
    changed.loc[changed.index[0], "text"] = ""
    doc0 = changed["doc_id"].iloc[0]
    again = token_counts(gold[gold["doc_id"] != doc0], None, changed)
    assert int(first["n_tokens"].iloc[0]) > 0 and int(again["n_tokens"].iloc[0]) == 0
    assert_frame_equal(again.iloc[1:], first.iloc[1:], check_exact=True)


def test_token_counts_edge_spans_equal_reference(ptc):
    """Spans past the end of an article, before its start, empty, or on a document missing from
    the texts (empty only: a non-empty one raises) are handled as by the per-document loop."""
    from analysis.validate.metrics import token_counts

    articles, _ = ptc
    sub = articles.iloc[:3].reset_index(drop=True)
    d0, d1, d2 = sub["doc_id"]
    n0 = len(sub["text"].iloc[0])
    spans = pd.DataFrame(
        {
            "doc_id": [d0, d0, d1, d1, d2, "not-a-doc"],
            "start": [n0 - 5, -10, 40, 50, 7, 3],
            "end": [n0 + 100, 4, 40, 45, 9, 3],
        }
    )
    assert_frame_equal(
        token_counts(spans, spans.iloc[:2], sub), ref_token_counts(spans, spans.iloc[:2], sub), check_exact=True
    )
    with pytest.raises(ValueError, match="not in texts"):
        token_counts(spans.assign(end=spans["end"].where(spans["doc_id"] != "not-a-doc", 9)), None, sub)


@pytest.mark.parametrize("boundary", ["word", "token"])
def test_naive_detect_equal_reference(ptc, polnear_dev, boundary):
    from analysis.measures.published_lists import NAIVE_DETECTORS

    texts = ptc[0]["text"].tolist()[::3] + polnear_dev[0]["text"].tolist()[::3]
    for name, make in NAIVE_DETECTORS.items():
        det = make(boundary=boundary)
        new = [det.detect(t) for t in texts]
        assert new == [ref_detect(det, t) for t in texts], name
        assert sum(map(len, new)) > 0, name


def test_benchmarks_in_processes_give_the_serial_table():
    """run_validation scores the benchmarks as separate tasks on two processes; the joined table
    is the one-after-another table (rows, order, dtypes and numbers), here on the fast samples."""
    from analysis.validate.validation import run_validation

    serial = run_validation(["babe", "szeged", "ptc"], fast=True, jobs=1)
    two = run_validation(["babe", "szeged", "ptc"], fast=True, jobs=2)
    assert_frame_equal(two, serial, check_exact=True)
    assert set(serial["benchmark"]) == {"ptc", "babe", "szeged_news", "szeged_wikipedia"}
    assert two.attrs["skipped"] == serial.attrs["skipped"] == {}
