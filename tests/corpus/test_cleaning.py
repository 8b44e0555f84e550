"""Publisher and date from the text itself, for any publisher (analysis.corpus.cleaning)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.config import SEEDS_DIR, baseline_dir
from analysis.corpus.cleaning import publisher_from_headline
from analysis.corpus.load import load_corpus

WHITE_HOUSE = (
    (baseline_dir() or Path("/nonexistent"))
    / "whitehouse_statements_iraq_iran"
    / "whitehouse_statements_iraq_iran.json"
)


@pytest.fixture(scope="module")
def white_house(tmp_path_factory):
    """Forty White House records as a user's JSONL: id, title, text and no publisher field."""
    if not WHITE_HOUSE.is_file():
        pytest.skip("shared White House baseline not found")
    items = json.loads(WHITE_HOUSE.read_text(encoding="utf-8"))[:40]
    path = tmp_path_factory.mktemp("wh") / "wh.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for x in items:
            fh.write(json.dumps({"id": x["id"], "title": x["title"], "text": x["text"]}) + "\n")
    return load_corpus([path]).documents.set_index("title")


@pytest.mark.requires_shared
def test_statement_headline_names_its_author(white_house):
    # "Statement by Press Secretary Jen Psaki on the 14th Anniversary of the Abduction of Robert
    # Levinson": the headline says who speaks; "on ..." is the subject, not part of the name.
    title = "Statement by Press Secretary Jen Psaki on the 14th Anniversary of the Abduction of Robert Levinson"
    assert white_house.loc[title, "publisher"] == "Press Secretary Jen Psaki"
    # 11 of the 40 headlines are "Statement by ..."; no other record gets a publisher from its text
    stated = white_house.index.str.contains(r"^(?:Joint )?Statement by", regex=True)
    assert stated.sum() == 11 and (white_house.loc[stated, "publisher"] != "").all()
    assert (white_house.loc[~stated, "publisher"] == "").all()


@pytest.mark.requires_shared
def test_a_place_in_capitals_is_a_dateline_not_a_publisher(white_house):
    # "President Biden Announces Key Nominations" opens "WASHINGTON – Today, President ...": the
    # capitals name the place (kept in the body), not the organisation that published the text.
    row = white_house.loc["President Biden Announces Key Nominations"]
    assert row["publisher"] == "" and row["text"].split("\n\n", 1)[1].startswith("WASHINGTON")


def test_acronym_lede_is_still_the_publisher(tmp_path):
    # seed 000 opens "NCRI – The leader of an Iraqi group ...": an acronym lede names the publisher
    text = next(SEEDS_DIR.glob("000_*.txt")).read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    doc = load_corpus([tmp_path]).documents.iloc[0]
    assert doc["publisher"] == "NCRI" and "NCRI –" not in doc["text"]


def test_headline_without_author_names_nobody():
    assert publisher_from_headline("Iranian regime’s Quds Force plans another massacre at Camp Liberty") == ""
