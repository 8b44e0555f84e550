"""Source-type gold data (docs/source-types.md) and its scorer.

The gold checks need the shared folder (texts are never copied into the repository) and skip
without it. The scorer checks use two sentences of a Wikinews article (CC BY 2.5, "Nevada prop plane
crash near Las Vegas leaves two dead, three injured", 2019-09-10), written to a temporary folder, with
hand-made predictions whose right answers are counted by hand in each test.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from analysis import config
from analysis.validate.source_type_gold import (
    CORPORA,
    GOLD_COLUMNS,
    GOLD_CSV,
    NOT_FOUND,
    GoldError,
    constant_type,
    document_split,
    load_gold,
    raw_record_text,
    sampling_order,
    score_source_types,
)

# Two sentences of the Wikinews article named in the module docstring, joined by a space.
WIKINEWS_TEXT = (
    "At the time, there were reportedly four people on board; according to investigators, one was "
    "pronounced dead at the crash site, with the other three being taken to a nearby hospital. "
    "Keith Holloway, an NTSB spokesman, told Fox News their investigation could last as long as "
    "two years but a preliminary report would likely be available in the next few weeks."
)
FILE = "seeds/wikinews_nevada.txt"


@pytest.fixture(scope="module")
def gold(shared) -> pd.DataFrame:
    return load_gold(shared)


# ---------------------------------------------------------------------------------------------
# the gold file against the shared texts
# ---------------------------------------------------------------------------------------------


def test_every_gold_offset_matches_its_raw_text(gold, shared):
    """load_gold already raises on a mismatch; this re-reads each text independently."""
    assert len(gold) >= 220
    for row in gold.itertuples(index=False):
        raw = raw_record_text(shared, row.file, row.record)
        assert raw[row.start : row.end] == row.source_text, row.id
        if row.start == row.end:  # sourceless cue: the cue starts at that offset
            assert raw[row.start :].lower().startswith(row.cue_text.split()[0].lower()), row.id


def test_splits_are_per_document_and_from_the_hash(gold):
    per_doc = gold.groupby(["file", "record"])["split"].nunique()
    assert (per_doc == 1).all()
    assert all(s == document_split(f, r) for f, r, s in zip(gold["file"], gold["record"], gold["split"]))
    assert set(gold["split"]) == {"dev", "test"}


#: Documents read in full that hold no attribution (docs/source-types.md, section 5).
NO_RECORD_DOCS = {
    "whitehouse": {
        (
            "baselines/whitehouse_statements_iraq_iran/whitehouse_statements_iraq_iran.json",
            "2021-03-09-statement-by-press-secretary-jen-psaki-on-the-14th-anniversary-of-the-abduction-of-"
            "robert-levinson",
        )
    },
}


def test_gold_documents_are_a_prefix_of_the_sampling_order(gold, shared):
    """Documents were taken from the front of each corpus's seeded order, none skipped."""
    for corpus in CORPORA:
        taken = set(zip(*[gold.loc[gold["corpus"] == corpus, c] for c in ("file", "record")]))
        taken |= NO_RECORD_DOCS.get(corpus, set())
        order = sampling_order(shared, corpus)[: len(taken)]
        assert set(order) == taken, corpus


def test_hash_split_is_near_the_dev_share(shared):
    """Over every document of the six pools (about 1,700) the hash puts 50-60% in dev."""
    docs = [d for corpus in CORPORA for d in sampling_order(shared, corpus)]
    dev = sum(document_split(f, r) == "dev" for f, r in docs) / len(docs)
    assert 0.50 <= dev <= 0.60


def test_gold_columns_and_seed_publishers(gold):
    assert list(gold.columns) == GOLD_COLUMNS
    seeds = gold[gold["corpus"] == "seeds"]
    manifest = {r["file"]: r["publisher"] for r in csv.DictReader(open(config.SEEDS_DIR / "manifest.csv"))}
    assert all(p == manifest[Path(f).name] for f, p in zip(seeds["file"], seeds["publisher"]))


# ---------------------------------------------------------------------------------------------
# reader and scorer on a small folder
# ---------------------------------------------------------------------------------------------


@pytest.fixture()
def tiny(tmp_path) -> tuple[Path, pd.DataFrame]:
    (tmp_path / "seeds").mkdir()
    (tmp_path / FILE).write_text("\ufeff" + WIKINEWS_TEXT, encoding="utf-8")  # the BOM is not counted
    t = WIKINEWS_TEXT
    rows = [
        ("t-1", "", t.index("reportedly"), t.index("reportedly"), "", "reportedly", "anonymous_unverifiable"),
        (
            "t-2",
            "",
            t.index("investigators"),
            t.index("investigators") + 13,
            "investigators",
            "according to",
            "official_institution",
        ),
        ("t-3", "", t.index("Keith"), t.index("Keith") + 14, "Keith Holloway", "told", "named_person"),
    ]
    gold = pd.DataFrame(
        [
            {
                "id": i,
                "corpus": "wikinews",
                "file": FILE,
                "record": "",
                "publisher": "Wikinews",
                "start": s,
                "end": e,
                "source_text": src,
                "cue_text": cue,
                "type": typ,
                "nested_in": "",
                "non_response": 0,
                "split": document_split(FILE),
                "note": "",
            }
            for i, _, s, e, src, cue, typ in rows
        ],
        columns=GOLD_COLUMNS,
    )
    path = tmp_path / "gold.csv"
    gold.to_csv(path, index=False)
    return tmp_path, load_gold(tmp_path, path)


def _predictor(*spans):
    """predict() returning fixed rows: (source_start, source_end, cue_start, cue_end, source_type)."""

    def predict(text, publisher):
        return pd.DataFrame(spans, columns=["source_start", "source_end", "cue_start", "cue_end", "source_type"])

    return predict


def test_load_gold_names_the_row_with_a_wrong_offset(tiny, tmp_path):
    folder, gold = tiny
    bad = gold.copy()
    bad.loc[bad["id"] == "t-3", "end"] += 1  # "Keith Holloway," no longer equals the source_text
    path = tmp_path / "bad.csv"
    bad.to_csv(path, index=False)
    with pytest.raises(GoldError, match=r"gold row t-3 .*'Keith Holloway,'"):
        load_gold(folder, path)


def test_scorer_counts_found_right_and_wrong_rows(tiny):
    """Holloway is found with a longer span and the right type; "investigators" is found but
    typed anonymous; the sourceless "reportedly" has no predicted cue over it. So coverage is 2/3,
    accuracy over all rows 1/3 and over found rows 1/2."""
    folder, gold = tiny
    t = WIKINEWS_TEXT
    k, i = t.index("Keith"), t.index("investigators")
    predict = _predictor(
        (k, k + 33, k + 35, k + 39, "named_person"),  # "Keith Holloway, an NTSB spokesman"
        (i, i + 13, i - 13, i - 1, "anonymous_unverifiable"),
    )
    res = score_source_types(gold, predict, folder, n_resamples=50)
    o = res["overall"]
    assert (o["n"], o["found"]) == (3, 2)
    assert o["accuracy_all"] == pytest.approx(1 / 3)
    assert o["accuracy_found"] == pytest.approx(1 / 2)
    assert res["per_type"].loc["named_person", "accuracy_all"] == 1.0
    assert res["confusion"].loc["official_institution", "anonymous_unverifiable"] == 1
    assert res["confusion"].loc["anonymous_unverifiable", NOT_FOUND] == 1


def test_scorer_matches_sourceless_cue_and_largest_overlap(tiny):
    """A predicted cue covering "reportedly" matches the sourceless row. For Holloway, two predicted
    sources overlap it, "Keith" (5 characters, typed media) and "Keith Holloway" (14, named); the
    larger overlap wins, so all three rows are right."""
    folder, gold = tiny
    t = WIKINEWS_TEXT
    r, k, i = t.index("reportedly"), t.index("Keith"), t.index("investigators")
    predict = _predictor(
        (-1, -1, r, r + 10, "anonymous_unverifiable"),
        (k, k + 5, k + 35, k + 39, "media_outlet"),
        (k, k + 14, k + 35, k + 39, "named_person"),
        (i, i + 13, i - 13, i - 1, "official_institution"),
    )
    res = score_source_types(gold, predict, folder, n_resamples=50)
    assert res["overall"]["coverage"] == 1.0
    assert res["overall"]["accuracy_all"] == 1.0


def test_split_filter_and_constant_baseline(tiny):
    """Only the gold rows of the requested split are scored; the constant baseline keeps the spans
    and types every source named_person, so only Holloway (1 of 3) is right."""
    folder, gold = tiny
    t = WIKINEWS_TEXT
    k, i = t.index("Keith"), t.index("investigators")
    predict = _predictor((k, k + 14, k + 35, k + 39, "media_outlet"), (i, i + 13, i - 13, i - 1, "media_outlet"))
    split = document_split(FILE)
    other = "test" if split == "dev" else "dev"
    assert score_source_types(gold, predict, folder, split=other)["overall"]["n"] == 0
    res = score_source_types(gold, constant_type(predict, "named_person"), folder, split=split, n_resamples=50)
    assert res["overall"]["accuracy_all"] == pytest.approx(1 / 3)


def test_gold_file_is_in_the_package():
    assert GOLD_CSV.is_file()
