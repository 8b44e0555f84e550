"""Property tests (hypothesis) over the public API: any unicode text goes through
load -> spans -> profile -> scorecard without an exception, with span offsets inside the text,
every share within [0, 1], every rate >= 0, and every input file accounted for in the load report.

The texts mix arbitrary unicode (controls, NUL, surrogate-free astral characters, combining
marks) with pieces that drive the detectors: quotation marks of several styles, attribution cues,
lexicon terms, hedges and line breaks. The example budget is small and derandomised, so the suite
is deterministic in CI and runs in seconds.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import analysis
from analysis.measures.bounds import per_1k, share

pytestmark = pytest.mark.usefixtures("quiet")

# Short phrases that switch on quotes, attribution, sources, loaded terms, hedges and boosters.
PIECES = [
    '"',
    "“",
    "”",
    "‘",
    "’",
    "'",
    "«",
    "»",
    " said ",
    " told reporters ",
    " according to ",
    "officials",
    "the minister",
    "a spokesman",
    " regime ",
    " terrorist ",
    " may ",
    " clearly ",
    " perhaps ",
    ". ",
    "? ",
    "\n",
    "\n\n",
    " 2019 ",
    " 3,200 ",
    "Mr. ",
    "U.S. ",
    "—",
    "…",
    "\x00",
    "\u200b",
    "\ufeff",
    "e\u0301",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "$x^2$",
    "<p>",
    "</p>",
    "\r\n",
    "\t",
]

texts = st.lists(st.one_of(st.text(max_size=40), st.sampled_from(PIECES)), max_size=40).map("".join)

SETTINGS = settings(
    max_examples=25, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)


def _check_bounded(frame, name: str) -> None:
    for col in frame.columns:
        if not (col.endswith("_share") or col.endswith("_per_1k")):
            continue
        values = [v for v in frame[col].tolist() if v is not None and not (isinstance(v, float) and math.isnan(v))]
        if col.endswith("_share"):
            assert all(0.0 <= v <= 1.0 for v in values), (name, col, values)
        else:
            assert all(v >= 0.0 for v in values), (name, col, values)


@SETTINGS
@given(st.lists(texts, min_size=1, max_size=3))
def test_any_text_through_load_spans_profile_scorecard(bodies):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i, body in enumerate(bodies):
            (folder / f"doc{i}.txt").write_bytes(body.encode("utf-8", errors="surrogatepass"))
        corpus = analysis.load_corpus([folder])
    # every input file has exactly one row in the load report, loaded or skipped with a reason
    report = corpus.report
    assert sorted(Path(s).name for s in report["source_file"]) == [f"doc{i}.txt" for i in range(len(bodies))]
    assert set(report["status"]) <= {"loaded", "skipped"}
    assert (report.loc[report["status"] == "skipped", "reason"].str.len() > 0).all()
    docs = corpus.documents
    assert len(docs) == (report["status"] == "loaded").sum()
    if docs.empty:
        return
    assert not docs["text"].str.contains("\x00", regex=False).any()
    assert corpus.sentences["text"].str.len().gt(0).all()  # sentences are never empty
    spans = analysis.corpus_spans(docs)
    by_id = dict(zip(docs["doc_id"], docs["text"]))
    for doc_id, start, end, text in zip(spans["doc_id"], spans["start"], spans["end"], spans["text"]):
        assert 0 <= start <= end <= len(by_id[doc_id]), (doc_id, start, end)
        assert by_id[doc_id][start:end] == text
    profile = analysis.profile_frame(docs, spans)
    assert profile["doc_id"].tolist() == docs["doc_id"].tolist()
    _check_bounded(profile, "profile")
    card = analysis.build_scorecard(docs)
    _check_bounded(card.table, "scorecard")


@SETTINGS
@given(st.integers(-5, 50), st.integers(0, 40))
def test_share_and_rate_stay_in_range(part, whole):
    """A part counted larger than its whole, or a negative count, is held to the range."""
    s, r = share(part, whole), per_1k(part, whole)
    if whole == 0:
        assert math.isnan(s) and math.isnan(r)
    else:
        assert 0.0 <= s <= 1.0 and r >= 0.0
        if 0 <= part <= whole:
            assert s == part / whole and r == 1000.0 * part / whole


def test_share_examples():
    """Two overlapping quotations counted separately would give 12 quoted words of 10: 1.0."""
    assert share(12, 10) == 1.0 and share(3, 10) == 0.3 and share(-1, 10) == 0.0
    assert per_1k(-2, 500) == 0.0 and per_1k(2, 500) == 4.0
