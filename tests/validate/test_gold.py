"""Readers of the external gold benchmarks and the naive lexicon baselines, on the real files.

Counts are the ones documented in each benchmark's PROVENANCE.md. Tests that need the data skip
(with the reason) when no benchmark folder is found.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.config import benchmark_dir
from analysis.measures.published_lists import (
    _L,
    _R,
    _entry_regex,
    detect_spans,
    hyland_hedges,
    mpqa_strongsubj,
    recasens_bias,
    report_verbs,
)
from analysis.validate.gold import (
    BenchmarkUnavailable,
    babe_word_spans,
    load_babe,
    load_polnear,
    load_ptc,
    load_szeged,
    tokens_with_offsets,
)
from analysis.validate.metrics import token_prf

BENCH = benchmark_dir()
needs_data = pytest.mark.skipif(
    BENCH is None, reason="no benchmark folder (set FRAMING_BENCHMARK_DIR or provide ../shared/benchmarks)"
)


# --------------------------------------------------------------------------------------------
# no data needed
# --------------------------------------------------------------------------------------------


def test_tokens_with_offsets():
    text = "Mojahedin's anti-Maliki 3,200 _x_ — ok."
    toks = tokens_with_offsets(text)
    assert [text[s:e] for s, e in toks] == ["Mojahedin's", "anti-Maliki", "3,200", "x", "ok"]


@pytest.mark.parametrize("loader", [load_ptc, load_polnear, load_szeged, load_babe])
def test_missing_folder_raises_clear_error(loader, tmp_path):
    missing = tmp_path / "nowhere"
    with pytest.raises(BenchmarkUnavailable, match="nowhere"):
        loader(data_dir=missing)
    # an existing folder without the benchmark: the message names the folder it looked in
    with pytest.raises(BenchmarkUnavailable, match=re.escape(str(tmp_path))):
        loader(data_dir=tmp_path)


def test_naive_missing_folder_raises(tmp_path):
    with pytest.raises(BenchmarkUnavailable, match="Recasens"):
        recasens_bias(data_dir=tmp_path)


# --------------------------------------------------------------------------------------------
# PTC
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ptc():
    return load_ptc()


@needs_data
def test_ptc_counts(ptc):
    articles, spans = ptc
    assert len(articles) == 371
    assert spans["label"].value_counts().to_dict() == {"Loaded_Language": 2123, "Name_Calling,Labeling": 1058}
    _, all_spans = load_ptc(techniques=None)
    assert len(all_spans) == 6129 and all_spans["label"].nunique() == 14
    lengths = articles.set_index("doc_id")["text"].str.len()
    assert (all_spans["end"] <= all_spans["doc_id"].map(lengths)).all()
    assert (all_spans["start"] < all_spans["end"]).all()


@needs_data
def test_ptc_named_span(ptc):
    articles, spans = ptc
    text = articles.set_index("doc_id").loc["111111112", "text"]
    # article111111112.txt, Loaded_Language [911, 942) and Name_Calling,Labeling [1810, 1824)
    assert text[911:942] == "a striking blow against freedom"
    assert text[1810:1824] == "hate preachers"
    s = spans[(spans.doc_id == "111111112") & (spans.start == 1810)]
    assert s[["end", "label"]].values.tolist() == [[1824, "Name_Calling,Labeling"]]
    # raw text keeps the title line and the empty line after it
    assert text.split("\n")[1] == ""


@needs_data
def test_ptc_held_out_dev_and_bad_technique():
    with pytest.raises(BenchmarkUnavailable, match="held out"):
        load_ptc("dev")
    with pytest.raises(ValueError):
        load_ptc(techniques=["Loaded_language"])


# --------------------------------------------------------------------------------------------
# PolNeAR
# --------------------------------------------------------------------------------------------


def _surface_mismatches(articles: pd.DataFrame, spans: pd.DataFrame) -> int:
    """Number of T annotations whose fragments, in written order joined by a space, differ from
    brat's surface text."""
    text = dict(zip(articles["doc_id"], articles["text"]))
    s = spans.sort_values(["doc_id", "annotator", "ann_id", "fragment"])
    frag = [text[d][a:b] for d, a, b in zip(s["doc_id"], s["start"], s["end"])]
    joined = (
        s.assign(frag=frag)
        .groupby(["doc_id", "annotator", "ann_id"], sort=False)
        .agg(got=("frag", " ".join), want=("surface", "first"))
    )
    return int((joined["got"] != joined["want"]).sum())


@needs_data
def test_polnear_dev_counts_and_surfaces():
    articles, spans = load_polnear("dev", annotator="all", labels=None)
    assert len(articles) == 84
    assert articles["n_annotators"].sum() == 94  # .ann files
    per_ann = spans.drop_duplicates(["doc_id", "annotator", "ann_id"])
    counts = per_ann["label"].value_counts()
    assert (counts["Cue"], counts["Source"], counts["Content"]) == (2319, 2062, 2322)
    assert (
        per_ann.dropna(subset=["attribution_id"]).groupby(["doc_id", "annotator"])["attribution_id"].nunique().sum()
        == 2320
    )
    # PROVENANCE: text[start:end] equals the surface text of every T line
    assert _surface_mismatches(articles, spans) == 0


@needs_data
def test_polnear_first_annotator_default():
    articles, spans = load_polnear("dev")
    assert len(articles) == 84
    assert set(spans["label"]) == {"Source", "Cue", "Content"}
    assert spans.groupby("doc_id")["annotator"].nunique().max() == 1
    multi = articles[articles["n_annotators"] > 1]
    assert len(multi) == 2
    # the annotator kept is the first .ann file in sorted order
    assert (multi["annotators"].str.len() == 4).all()
    assert spans[spans.doc_id.isin(multi.doc_id)].groupby("doc_id")["annotator"].first().tolist() == ["4b22", "4b22"]


@needs_data
def test_polnear_train_surfaces_continuations_and_named_cue():
    articles, spans = load_polnear("train", annotator="all", labels=None)
    assert len(articles) == 840
    assert articles["n_annotators"].sum() == 919
    assert _surface_mismatches(articles, spans) == 0
    text = dict(zip(articles["doc_id"], articles["text"]))
    # breitbart_2015-11-11_the-ninth-circle-the-hellish-vie_d473.ann: "T2 <TAB> Cue 113 119 <TAB> mocked"
    doc = "breitbart_2015-11-11_the-ninth-circle-the-hellish-vie"
    cue = spans[(spans.doc_id == doc) & (spans.ann_id == "T2")]
    assert cue[["start", "end", "label", "attribution_id"]].values.tolist() == [[113, 119, "Cue", "E1"]]
    assert text[doc][113:119] == "mocked"
    # nyt_2016-04-18_for-news-outlets-feeling-the-squ_4e07.ann, T41: discontinuous Content
    # "4902 4959;4984 5422" whose surface text continues over two newlines in the .ann file
    doc = "nyt_2016-04-18_for-news-outlets-feeling-the-squ"
    t41 = spans[(spans.doc_id == doc) & (spans.ann_id == "T41")].sort_values("fragment")
    assert t41[["start", "end", "fragment"]].values.tolist() == [[4902, 4959, 0], [4984, 5422, 1]]
    assert "\n\nHooking people" in t41["surface"].iloc[0]
    assert text[doc][4984:5422].endswith("figure it out")


# --------------------------------------------------------------------------------------------
# Szeged uncertainty corpus
# --------------------------------------------------------------------------------------------


@needs_data
def test_szeged_news_counts_and_named_cue():
    sents, cues = load_szeged("news")
    assert len(sents) == 3129 and sents["doc_id"].nunique() == 208
    assert len(cues) == 720 and cues["sent_id"].nunique() == 554
    assert cues["cue_class"].value_counts().to_dict() == {
        "doxastic": 201,
        "probable": 195,
        "condition": 178,
        "possible": 110,
        "investigation": 36,
    }
    assert set(cues["cue_type"]) >= {"speculation_hypo_doxastic _", "speculation_modal_probable_"}
    text = dict(zip(sents["sent_id"], sents["text"]))
    assert all(text[s][a:b] == c for s, a, b, c in zip(cues.sent_id, cues.start, cues.end, cues.cue))
    # NYT19981026.0446.txt, sentence S1.9: "... a question to D'Amato on <ccue ...investigation _>whether</ccue> he  opposed ..."
    sid = "NYT19981026.0446.txt/S1.9"
    assert text[sid].endswith("to D'Amato on whether he  opposed  first-trimester abortions for adult women.")
    c = cues[cues.sent_id == sid]
    assert c[["start", "end", "cue", "cue_class"]].values.tolist() == [[156, 163, "whether", "investigation"]]
    assert "<" not in "".join(sents["text"])


@needs_data
def test_szeged_wikipedia_counts():
    sents, cues = load_szeged("wikipedia")
    assert len(sents) == 20748 and sents["doc_id"].nunique() == 4530
    assert len(cues) == 3265 and cues["sent_id"].nunique() == 2606


# --------------------------------------------------------------------------------------------
# BABE
# --------------------------------------------------------------------------------------------


@needs_data
def test_babe_sg2():
    df = load_babe()
    assert df.attrs["n_no_agreement_dropped"] == 1
    assert len(df) == 3674 - 1
    assert df["label_bias"].value_counts().to_dict() == {"Non-biased": 1863, "Biased": 1810}
    assert (df["biased_words"].str.len() > 0).sum() == 1849
    assert df.attrs["n_unparsed_biased_words"] == 0
    row = df[df.text.str.startswith('"We have one beautiful law," Trump recently said')].iloc[0]
    assert row.biased_words == ["bizarre", "characteristically"]
    assert (row.label_bias, row.outlet, row.type) == ("Biased", "Alternet", "left")
    spans = babe_word_spans(df[df.text == row.text])
    assert sorted(row.text[s:e] for s, e in zip(spans.start, spans.end)) == ["bizarre", "characteristically"]


@needs_data
def test_babe_sg1():
    df = load_babe(file="SG1")
    assert df.attrs["n_no_agreement_dropped"] == 154 and len(df) == 1700 - 154


# --------------------------------------------------------------------------------------------
# naive baselines
# --------------------------------------------------------------------------------------------


@needs_data
def test_naive_matching_rules():
    rec = recasens_bias()
    text = "The anti-abortion, so-called ABORTION debate"
    found = [(text[s:e], t) for s, e, t in rec.detect(text)]
    assert ("abortion", "abortion") in found and ("ABORTION", "abortion") in found
    assert ("so-called", "so-called") in found
    tok = [text[s:e] for s, e, _ in recasens_bias(boundary="token").detect(text)]
    assert "abortion" not in tok and "so-called" in tok and "ABORTION" in tok
    rv = report_verbs()
    text = "He said they'd point  out that she says, and told us; reports say."
    assert [t for _, _, t in rv.detect(text)] == ["point out", "told", "say"]
    mp = mpqa_strongsubj("negative")
    # "abuse" is stemmed1=y (prefix), so "abused" matches; "abusing" does not start with the stem
    assert [t for _, _, t in mp.detect("abused abusing")] == ["abuse"]
    hy = hyland_hedges()
    assert [t for _, _, t in hy.detect("It couldn’t, in my   view, be PERHAPS")] == [
        "couldn't",
        "in my view",
        "perhaps",
    ]


@needs_data
def test_naive_fast_path_equals_plain_regex(ptc):
    """The per-word lookup must give the same spans as one case-insensitive regex of all entries."""
    articles, _ = ptc
    sample = articles.sort_values("doc_id").head(5)
    for det in (recasens_bias(), mpqa_strongsubj("negative"), report_verbs(), hyland_hedges()):
        alts = [_entry_regex(t) + _R for t in det.exact] + [_entry_regex(t) + r"[^\W_]*" + _R for t in det.prefixes]
        rx = re.compile(_L + "(?:" + "|".join(sorted(alts, key=len, reverse=True)) + ")", re.IGNORECASE)
        for text in sample["text"]:
            assert [(s, e) for s, e, _ in det.detect(text)] == [m.span() for m in rx.finditer(text)], det.name


# The numbers below are regression pins: the values measured once with this code on these fixed
# samples (not targets from the literature). A change means matching or scoring changed.


@needs_data
def test_naive_ptc_sample_pins(ptc):
    articles, gold = ptc  # gold = union of Loaded_Language and Name_Calling,Labeling
    sample = articles.sort_values("doc_id").head(20)
    g = gold[gold.doc_id.isin(sample.doc_id)]
    r = token_prf(g, detect_spans(sample, recasens_bias()), sample)
    assert (r.tp, r.fp, r.fn) == (54, 1838, 333)
    assert round(r.f1, 3) == 0.047
    r = token_prf(g, detect_spans(sample, recasens_bias(boundary="token")), sample)
    assert round(r.f1, 3) == 0.043
    r = token_prf(g, detect_spans(sample, mpqa_strongsubj("negative")), sample)
    assert (r.tp, r.fp, r.fn) == (60, 420, 327)
    assert round(r.f1, 3) == 0.138
    r = token_prf(g, detect_spans(sample, mpqa_strongsubj()), sample)
    assert round(r.f1, 3) == 0.121


@needs_data
def test_naive_polnear_train_sample_pin():
    articles, spans = load_polnear("train")
    sample = articles.sort_values("doc_id").head(20)
    cues = spans[(spans.label == "Cue") & spans.doc_id.isin(sample.doc_id)]
    r = token_prf(cues, detect_spans(sample, report_verbs()), sample)
    assert (r.tp, r.fp, r.fn) == (36, 158, 551)
    assert round(r.f1, 3) == 0.092


@needs_data
def test_naive_szeged_news_sample_pin():
    sents, cues = load_szeged("news")
    docs = sents["doc_id"].drop_duplicates().head(20)
    sample = sents[sents.doc_id.isin(docs)]
    g = cues[cues.doc_id.isin(docs)]
    r = token_prf(g, detect_spans(sample, hyland_hedges(), doc_col="sent_id"), sample, doc_col="sent_id")
    assert (r.tp, r.fp, r.fn) == (26, 63, 38)
    assert round(r.f1, 3) == 0.340
