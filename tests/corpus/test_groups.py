"""The study spec (analysis.corpus.groups.StudySpec): one description of the groups for the CLI,
the figure build and the notebooks; and the user's corpus read as a researcher lays it out."""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from analysis.config import SEEDS_DIR, baseline_dir
from analysis.corpus.groups import DEFAULT_BASELINES, FAST_BASELINES, StudySpec, parse_topic_terms
from analysis.corpus.load import load_corpus, load_seeds


def test_no_arguments_is_the_seed_study():
    spec = StudySpec.from_params()
    assert spec.is_seed_study and spec.corpus_paths == (str(SEEDS_DIR),)
    assert spec.baseline_names == DEFAULT_BASELINES and spec.doc_cap is None
    fast = StudySpec.from_params(fast=True)
    assert fast.baseline_names == FAST_BASELINES and fast.doc_cap == 30
    # the seed study's topic is the Iraq/Iran list; a user corpus has none unless given
    assert spec.topic().search("talks in Baghdad")
    assert StudySpec.from_params(corpus=["/tmp/elsewhere"]).topic() is None


def test_seed_documents_are_one_group_named_seeds():
    docs = StudySpec.from_params(baselines=[]).corpus_documents()
    assert list(docs["group"].unique()) == ["seeds"] and len(docs) == 5


def test_topic_terms_from_words_or_file(tmp_path):
    assert parse_topic_terms("Brexit, Westminster") == ("Brexit", "Westminster")
    f = tmp_path / "terms.txt"
    f.write_text("# my topic\nclimate change\nCOP26\n", encoding="utf-8")
    spec = StudySpec.from_params(corpus=[str(tmp_path)], topic_terms=str(f))
    assert spec.topic_terms == ("climate change", "COP26")
    pattern = spec.topic()
    assert pattern.search("talks on Climate\nchange") and pattern.search("at COP26,")
    assert not pattern.search("COP265")  # whole words only


def test_reference_group_makes_the_pairs(tmp_path):
    import pandas as pd

    docs = pd.DataFrame({"group": ["a", "a", "b", "c", "lee"]})
    spec = StudySpec.from_params(corpus=[str(tmp_path)], baselines=["lee"], reference="c")
    assert spec.studied_groups(docs) == ["a", "b"]
    assert spec.pairs(docs) == [("a", "c"), ("b", "c")]  # the reference is always group_b
    no_ref = StudySpec.from_params(corpus=[str(tmp_path)], baselines=["lee"])
    assert no_ref.pairs(docs) == [("a", "lee"), ("b", "lee"), ("c", "lee")]


def test_params_round_trip_through_a_notebook_cell():
    spec = StudySpec.from_params(
        corpus=["/data/mine"], groups=["x"], reference="x", baselines=["lee"], topic_terms="Kyiv", fast=True
    )
    p = spec.params()
    again = StudySpec.from_params(p["CORPUS"], p["GROUPS"], p["REFERENCE"], p["BASELINES"], p["TOPIC_TERMS"], p["FAST"])
    assert again == spec


def test_seed_texts_are_not_unwrapped():
    # seed paragraphs are single lines of hundreds of characters: not a hard-wrapped text
    assert not load_seeds().report["notes"].str.contains("hard-wrapped").any()


def test_declared_publisher_and_aliases_make_self_reference(tmp_path):
    """Seed 004 names no publisher (the manifest leaves it blank), so "On January 7, 2014 the NCRI
    had revealed that ..." and "The NCRI’s Foreign Affairs Committee again warns ..." are someone
    else's voice. Given as a CSV row with a publisher column and publisher_aliases, as a user would
    declare their own organisation, both become self-reference: "the NCRI" by the declared acronym,
    the Committee by the declared alias (it was typed an institution before)."""
    from analysis.corpus.sentences import split_sentences
    from analysis.measures.attribution import find_attributions

    text = next(SEEDS_DIR.glob("004_*.txt")).read_text(encoding="utf-8")
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "doc.txt").write_text(text, encoding="utf-8")
    declared = tmp_path / "declared.csv"
    with declared.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "text", "publisher", "publisher_aliases"])
        w.writerow(["doc", text, "The Example Council of Resistance", "NCRI; Foreign Affairs Committee"])

    def types(doc):
        att = find_attributions(doc.text, split_sentences(doc.text), publisher=doc.publisher or None)
        return dict(zip(att["cue_text"], att["source_type"]))

    before = types(next(load_corpus([plain]).documents.itertuples()))
    after = types(next(load_corpus([declared]).documents.itertuples()))
    assert before["had revealed"] != "self_reference" and before["again warns"] != "self_reference"
    assert after["had revealed"] == "self_reference"
    assert after["again warns"] == "self_reference"
    assert after["quoting"] == before["quoting"] == "named_person"  # Abbas Bayati is still himself


# --------------------------------------------------------------------------------------------
# A corpus laid out as a researcher would (real BBC texts from ../shared, never copied to the repo)
# --------------------------------------------------------------------------------------------

BBC = (baseline_dir() or Path("/nonexistent")) / "bbc_news_greene2006"


def _paragraphs(path: Path) -> list[str]:
    return [p.strip() for p in path.read_text(encoding="latin-1").split("\n\n") if p.strip()]


@pytest.fixture(scope="module")
def user_corpus(tmp_path_factory) -> Path:
    """Subfolders per group (politics, tech), a one-paragraph text, and a CSV with
    id,title,text,group (business)."""
    if not BBC.is_dir():
        pytest.skip("shared BBC baseline not found")
    root = tmp_path_factory.mktemp("mine") / "corpus"
    for group in ("politics", "tech"):
        (root / group).mkdir(parents=True)
        for name in ("001.txt", "002.txt", "003.txt"):
            (root / group / name).write_text("\n\n".join(_paragraphs(BBC / group / name)) + "\n", encoding="utf-8")
    (root / "politics" / "one-paragraph.txt").write_text(
        _paragraphs(BBC / "sport" / "001.txt")[1] + "\n", encoding="utf-8"
    )
    with (root / "records.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "title", "text", "group"])
        for name in ("001.txt", "002.txt", "003.txt"):
            paras = _paragraphs(BBC / "business" / name)
            w.writerow([f"business-{name[:3]}", paras[0], "\n\n".join(paras[1:]), "business"])
    return root


@pytest.mark.requires_shared
def test_documents_loads_every_text_with_its_first_paragraph_and_group(user_corpus):
    from analysis.cli.app import main

    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["documents", str(user_corpus), "--format", "json"]) == 0
    docs = {d["source_file"]: d for d in json.loads(out.getvalue())}
    assert len(docs) == 10  # 3 politics + 1 one-paragraph + 3 tech + 3 CSV rows: every text
    groups = {k.split("/corpus/", 1)[1]: d["group"] for k, d in docs.items()}
    assert groups["politics/001.txt"] == "politics" and groups["tech/003.txt"] == "tech"  # from the folders
    assert groups["records.csv#business-002"] == "business"  # from the column
    assert groups["politics/one-paragraph.txt"] == "politics"
    for key, doc in docs.items():
        rel = key.split("/corpus/", 1)[1]
        if rel.startswith("records.csv"):
            first = _paragraphs(BBC / "business" / f"{rel[-3:]}.txt")[1]
        elif rel.endswith("one-paragraph.txt"):
            first = _paragraphs(BBC / "sport" / "001.txt")[1]
            assert doc["title"] == "" and doc["text"] == first  # all body, nothing lost
        else:
            first = _paragraphs(BBC / rel.split("/")[0] / rel.split("/")[1])[1]
        assert first in doc["text"], rel  # the lede is intact


@pytest.mark.requires_shared
def test_hard_wrapped_bbc_text_has_the_sentences_of_the_unwrapped_one(tmp_path):
    """BBC politics/001 ("Labour plans maternity pay rise") re-wrapped at 60 columns, paragraphs
    separated by blank lines: loaded, its lines are joined again (with a note) and it has the
    same 20 sentences as the text with one line per paragraph, not one sentence per line."""
    if not BBC.is_dir():
        pytest.skip("shared BBC baseline not found")
    paras = _paragraphs(BBC / "politics" / "001.txt")
    (tmp_path / "flat").mkdir()
    (tmp_path / "wrapped").mkdir()
    (tmp_path / "flat" / "a.txt").write_text("\n\n".join(paras) + "\n", encoding="utf-8")
    (tmp_path / "wrapped" / "a.txt").write_text(
        "\n\n".join(textwrap.fill(p, 60) for p in paras) + "\n", encoding="utf-8"
    )
    flat = load_corpus([tmp_path / "flat"])
    wrapped = load_corpus([tmp_path / "wrapped"])
    assert flat.documents["sentences"].iloc[0] == 20
    assert wrapped.documents["sentences"].iloc[0] == 20
    assert wrapped.documents["text"].iloc[0] == flat.documents["text"].iloc[0]
    assert "hard-wrapped lines joined" in wrapped.report["notes"].iloc[0]
    assert "hard-wrapped" not in flat.report["notes"].iloc[0]


SEED_MARKERS = (
    "NCRI",
    "National Council of Resistance",
    "batat-threats",
    "quds-massacre-plan",
    "ramadan-attack-order",
    "moslehi-baghdad-visit",
    "isis-cooperation-reports",
    "Camp Liberty",
    "the statements",
    "five statements",
    "seeds/",
)


@pytest.mark.requires_shared
def test_report_on_a_user_corpus_never_mentions_the_seeds(user_corpus, tmp_path):
    """``report --corpus DIR --baseline lee --fast --out OUT`` builds the seven notebooks, the
    figures and the index for the user's corpus; no report page about the study (06 is the
    detectors' validation on external gold data), no figure caption and no document page names
    the seeds, their publisher or "the statements"."""
    from analysis.cli.app import main

    out = tmp_path / "out"
    with redirect_stdout(io.StringIO()):
        assert main(["report", "--corpus", str(user_corpus), "--baseline", "lee", "--fast", "--out", str(out)]) == 0
    pages = sorted(p.name for p in out.glob("0*.html"))
    assert len(pages) == 7 and (out / "index.html").is_file()
    figures = {p.stem for p in (out / "figures").glob("*.svg")}
    assert {
        "effect_sizes_politics",
        "effect_sizes_tech",
        "effect_sizes_business",
        "source_mix_studied",
        "reliability_scorecard",
        "distinctive_terms",
    } <= figures
    checked = [p for p in out.rglob("*") if p.suffix in (".html", ".svg") and not p.name.startswith("06_")]
    assert len(checked) > 20
    for path in checked:
        # embedded images (base64 data: URIs) are bytes, not words: "NCRI" can occur in them by chance
        text = re.sub(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+", "", path.read_text(encoding="utf-8"))
        hits = [m for m in SEED_MARKERS if m in text]
        assert not hits, f"{path.name} mentions {hits}"


def test_missing_baselines_are_left_out_and_named(tmp_path, monkeypatch):
    """With an empty data folder only lee (shipped with gensim) is available: the study keeps it,
    drops wikinews and bbc, and the report's first line says which are missing and what to do."""
    from analysis.report.build import missing_baselines_note

    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))  # no downloaded copies either
    spec = StudySpec.from_params(baselines=["wikinews", "lee", "bbc"], data_dir=str(tmp_path))
    assert spec.missing_baselines() == ["wikinews", "bbc"]
    assert spec.available().baseline_names == ("lee",)
    note = missing_baselines_note(spec.missing_baselines())
    assert note.startswith("Not compared with wikinews, bbc")
    assert "FRAMING_DATA_DIR" in note and "--download" in note  # both can be fetched or pointed at
    assert missing_baselines_note([]) == ""
