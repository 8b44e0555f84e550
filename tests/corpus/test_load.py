"""The corpus model on the five real seeds and on each kind of bad input."""

from __future__ import annotations

import io
import json
import shutil
from contextlib import redirect_stdout

import pandas as pd
import pytest

from analysis.cli.app import main
from analysis.config import SEEDS_DIR
from analysis.corpus.load import load_corpus, load_seeds

SEED_000 = SEEDS_DIR / "000_80a323ebf445715d.txt"
SEED_001 = SEEDS_DIR / "001_805aded764c78ef8.txt"


@pytest.fixture(scope="module")
def seeds():
    return load_seeds()


def doc(seeds, doc_id):
    return seeds.documents.set_index("doc_id").loc[doc_id]


def sentences_of(seeds, doc_id):
    s = seeds.sentences
    return s[s.doc_id == doc_id]["text"].tolist()


def test_every_seed_is_loaded_and_reported(seeds):
    assert len(seeds.documents) == 5
    # five documents, and the manifest accounted for as the folder's metadata
    assert seeds.report["status"].tolist() == ["loaded"] * 5 + ["metadata"]
    assert set(seeds.documents["genre"]) == {"advocacy"}


def test_seed_publication_dates_come_from_sign_offs_only(seeds):
    # Three statements end "Secretariat of the National Council of Resistance of Iran / <date>".
    dates = seeds.documents.set_index("doc_id")["date"].to_dict()
    assert dates["quds-massacre-plan"] == "2013-03-07"
    assert dates["ramadan-attack-order"] == "2013-07-27"
    assert dates["moslehi-baghdad-visit"] == "2013-04-02"
    # batat-threats mentions "February 9" and "February 11" but has no sign-off or dateline;
    # isis-cooperation-reports mentions "July 1" and "January 7, 2014" in its text. Both stay empty.
    assert dates["batat-threats"] == ""
    assert dates["isis-cooperation-reports"] == ""


def test_dates_read_from_text_agree_with_manifest(tmp_path):
    # Without the manifest, the loader must find the same dates by itself.
    for f in SEEDS_DIR.glob("*.txt"):
        shutil.copy(f, tmp_path / f.name)
    docs = load_corpus([tmp_path]).documents.set_index("source_file")
    by_file = {k.rsplit("/", 1)[-1]: v for k, v in docs["date"].items()}
    assert by_file["001_805aded764c78ef8.txt"] == "2013-03-07"
    assert by_file["002_dd73f667f0638d3b.txt"] == "2013-07-27"
    assert by_file["003_7a8f7c1dba8230d8.txt"] == "2013-04-02"
    assert by_file["000_80a323ebf445715d.txt"] == ""
    assert by_file["004_910226e3de5cf47d.txt"] == ""
    publishers = {k.rsplit("/", 1)[-1]: v for k, v in docs["publisher"].items()}
    # 000 has only the "NCRI –" lede (the acronym), 003 the signatory "Secretariat of the National
    # Council of Resistance of Iran" (the organisation); 004 has neither. No publisher is built in:
    # both name the manifest's publisher, so loading with the manifest raises no warning.
    assert publishers["000_80a323ebf445715d.txt"] == "NCRI"
    assert publishers["003_7a8f7c1dba8230d8.txt"] == "National Council of Resistance of Iran"
    from analysis.corpus.load import same_publisher

    assert same_publisher("NCRI", "National Council of Resistance of Iran (NCRI)")
    assert same_publisher("National Council of Resistance of Iran", "National Council of Resistance of Iran (NCRI)")
    assert not same_publisher("Reuters", "National Council of Resistance of Iran (NCRI)")
    assert publishers["004_910226e3de5cf47d.txt"] == ""


def test_boilerplate_is_not_body_text(seeds):
    text = doc(seeds, "quds-massacre-plan")["text"]
    assert "Tuesday, July 16, 2024" not in text  # crawl date
    assert "HomeStatements" not in text  # breadcrumb
    assert text.startswith("Iranian regime’s Quds Force plans another massacre at Camp Liberty\n\n•")
    assert "Secretariat of the National Council" not in text  # sign-off moved out of the body
    assert "Exit mobile version" not in doc(seeds, "batat-threats")["text"]
    assert not doc(seeds, "batat-threats")["text"].startswith("NCRI –")
    # the lede marker is gone but the sentence it opened is intact
    assert "\n\nThe leader of an Iraqi group loyal to the Iranian regime" in doc(seeds, "batat-threats")["text"]


def test_reader_comment_is_kept_apart(seeds):
    row = doc(seeds, "isis-cooperation-reports")
    assert "shilling for the Iranian regime" not in row["text"]
    assert "One thought on" not in row["text"]
    assert row["comments"].startswith("One thought on “Iraqi government sets stage")
    assert "shilling for the Iranian regime" in row["comments"]
    # the article's last sentence is the body's last sentence
    assert row["text"].endswith("to take urgent action to protect Camp Liberty.")


def test_sentence_offsets_point_into_cleaned_text(seeds):
    texts = seeds.documents.set_index("doc_id")["text"]
    for r in seeds.sentences.itertuples():
        assert texts[r.doc_id][r.start : r.end] == r.text


def test_us_abbreviation_does_not_split(seeds):
    # ramadan-attack-order: "On February 11, the U.S. Embassy in Iraq declared that attacks similar to
    # February 9 may recur at any time. U.S. Embassy warned on July 26: “Terror attacks ...”"
    # Two sentences: the stop after "time" ends one; neither "U.S." does.
    sents = sentences_of(seeds, "ramadan-attack-order")
    first = [s for s in sents if s.startswith("On February 11, the U.S. Embassy")]
    assert len(first) == 1 and first[0].endswith("may recur at any time.")
    second = [s for s in sents if s.startswith("U.S. Embassy warned on July 26:")]
    assert len(second) == 1 and second[0].endswith("may occur at any time.”")
    assert (
        "Hundreds of meetings, correspondence and phone calls with U.S., Iraqi and UN officials in this regard have gone nowhere."
        in sents
    )


def test_quoted_sentences_split_inside_quote_and_keep_cue(seeds):
    # moslehi-baghdad-visit: 'Moslehi told the Iranian regime’s state-run TV: “The serious follow-up ... discussed.
    # We are determined ... from Iraq. And their fate ... possible.”' -> three sentences; the colon does not split
    sents = sentences_of(seeds, "moslehi-baghdad-visit")
    i = next(i for i, s in enumerate(sents) if s.startswith("Following the meeting, Moslehi told"))
    assert sents[i].endswith("is a particular issue that will be discussed.")
    assert sents[i + 1].startswith("We are determined to expel this group")
    assert sents[i + 2] == "And their fate will be determined as soon as possible.”"
    # "Mr Kobler wrote:" (no stop after Mr) stays one sentence up to "close Camp Ashraf."
    assert any(
        s.startswith("Mr Kobler wrote: “The government has now decided") and s.endswith("close Camp Ashraf.")
        for s in sents
    )


def test_bullets_and_headline_are_sentences(seeds):
    sents = sentences_of(seeds, "quds-massacre-plan")
    assert sents[0] == "Iranian regime’s Quds Force plans another massacre at Camp Liberty"
    assert sents[1] == "• The residents must be immediately be returned to Camp Ashraf"
    assert sents[2].startswith("• Iraqi government prevents transfer")
    # 1 headline + 2 bullets + 9 body sentences (counted by hand, one per full stop)
    assert doc(seeds, "quds-massacre-plan")["sentences"] == 12


def test_no_break_spaces_do_not_hide_a_boundary(seeds):
    # batat-threats: "... that Mr Khamenei represents.<NBSP> Hezbollah is a follower ..." is two sentences
    sents = sentences_of(seeds, "batat-threats")
    assert any(s.endswith("that Mr Khamenei represents.") for s in sents)
    assert any(s.startswith("Hezbollah is a follower of Khamenei") for s in sents)


# ----------------------------------------------------------------------------- bad input


def _report_row(corpus, name):
    rows = corpus.report[corpus.report["source_file"].str.endswith(name)]
    assert len(rows) == 1, corpus.report
    return rows.iloc[0]


def test_bad_inputs_are_each_accounted_for(tmp_path):
    raw = SEED_001.read_bytes()
    (tmp_path / "a_good.txt").write_bytes(raw)
    (tmp_path / "b_empty.txt").write_bytes(b"")
    (tmp_path / "c_blank.txt").write_bytes(b"  \n\n ")
    (tmp_path / "d_duplicate.txt").write_bytes(raw)
    (tmp_path / "e_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "f_image.png").write_bytes(b"\x89PNG\r\n")
    (tmp_path / "g_boilerplate_only.txt").write_text("Tuesday, July 16, 2024\nExit mobile version\n", encoding="utf-8")
    corpus = load_corpus([tmp_path])
    assert len(corpus.report) == 7  # every file has a row
    assert _report_row(corpus, "a_good.txt")["status"] == "loaded"
    assert _report_row(corpus, "b_empty.txt")["reason"] == "empty file"
    assert _report_row(corpus, "c_blank.txt")["reason"] == "empty file"
    dup = _report_row(corpus, "d_duplicate.txt")
    assert dup["status"] == "skipped" and dup["reason"] == "exact duplicate of a-good"
    assert _report_row(corpus, "e_binary.txt")["reason"].startswith("binary file")
    assert _report_row(corpus, "f_image.png")["reason"] == "unsupported file type .png"
    assert _report_row(corpus, "g_boilerplate_only.txt")["reason"] == "no body text after cleaning"
    assert corpus.documents["doc_id"].tolist() == ["a-good"]


def test_bom_and_crlf_give_the_same_text(tmp_path):
    raw = SEED_001.read_bytes()
    (tmp_path / "plain.txt").write_bytes(raw)
    (tmp_path / "windows.txt").write_bytes(b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n"))
    plain = load_corpus([tmp_path / "plain.txt"]).documents.iloc[0]
    windows = load_corpus([tmp_path / "windows.txt"])
    assert windows.documents.iloc[0]["text"] == plain["text"]
    assert windows.documents.iloc[0]["date"] == "2013-03-07"
    assert "byte-order mark" in windows.report.iloc[0]["warnings"]
    # and loaded together they are exact duplicates
    both = load_corpus([tmp_path])
    assert both.report["reason"].str.startswith("exact duplicate").sum() == 1


def test_undecodable_bytes_fall_back_with_a_warning(tmp_path):
    # the seed re-encoded as Windows-1252: its curly quotes become bytes 0x93/0x94, invalid UTF-8
    text = SEED_001.read_text(encoding="utf-8").replace("•", "*")
    (tmp_path / "cp1252.txt").write_bytes(text.encode("cp1252"))
    corpus = load_corpus([tmp_path / "cp1252.txt"])
    row = corpus.report.iloc[0]
    assert row["status"] == "loaded"
    assert "invalid UTF-8" in row["warnings"] and "cp1252" in row["warnings"]
    assert "“We do not have any limits" in corpus.documents.iloc[0]["text"]


def test_html_is_reduced_to_text_without_scripts(tmp_path):
    body = SEED_000.read_text(encoding="utf-8").split("\n")
    paragraphs = "".join(f"<p>{line}</p>" for line in body[2:8] if line)
    page = (
        f"<!DOCTYPE html><html><head><title>{body[0]}</title><script>var x = 1;</script></head>"
        f"<body><nav>Home | About</nav><h1>{body[0]}</h1>{paragraphs}<footer>Copyright</footer></body></html>"
    )
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    (tmp_path / "page_saved_as.txt").write_text(page.replace("<h1>", "<h1 class='t'>"), encoding="utf-8")
    corpus = load_corpus([tmp_path])
    docs = corpus.documents
    assert len(docs) == 1  # the .txt copy is the same text: a duplicate
    assert docs.iloc[0]["title"] == "Threats of attack sparks new calls to move Camp Liberty residents back to Ashraf"
    assert "var x" not in docs.iloc[0]["text"] and "Home | About" not in docs.iloc[0]["text"]
    assert "Copyright" not in docs.iloc[0]["text"]
    assert "Mullah Wathiq al-Batat" in docs.iloc[0]["text"]
    txt_row = _report_row(corpus, "page_saved_as.txt")
    assert "HTML markup in a text file" in txt_row["warnings"]


def test_csv_and_jsonl_inputs(tmp_path):
    seeds = load_seeds().documents
    rows = seeds[["doc_id", "title", "text"]].head(2).rename(columns={"doc_id": "id"})
    rows.to_csv(tmp_path / "docs.csv", index=False)
    lines = [json.dumps({"id": r.id, "title": r.title, "text": r.text}) for r in rows.itertuples()]
    lines.insert(1, "{not json")
    (tmp_path / "docs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "notext.csv").write_text("id,title\n1,Only a title\n", encoding="utf-8")
    csv_corpus = load_corpus([tmp_path / "docs.csv"])
    assert csv_corpus.documents["doc_id"].tolist() == ["batat-threats", "quds-massacre-plan"]
    assert csv_corpus.documents["words"].tolist() == seeds["words"].head(2).tolist()
    jl = load_corpus([tmp_path / "docs.jsonl"])
    assert len(jl.documents) == 2
    bad = jl.report[jl.report["status"] == "skipped"]
    assert bad["reason"].tolist() == ["invalid JSON on line 2: Expecting property name enclosed in double quotes"]
    nt = load_corpus([tmp_path / "notext.csv"]).report.iloc[0]
    assert nt["status"] == "skipped" and nt["reason"].startswith("no text column")


def test_manifest_missing_file_and_conflict(tmp_path):
    shutil.copy(SEED_001, tmp_path / SEED_001.name)
    pd.DataFrame(
        [
            {
                "id": "quds",
                "file": SEED_001.name,
                "title": "",
                "publisher": "",
                "date": "2013-03-08",
                "genre": "advocacy",
                "notes": "",
            },
            {
                "id": "gone",
                "file": "missing.txt",
                "title": "",
                "publisher": "",
                "date": "",
                "genre": "advocacy",
                "notes": "",
            },
        ]
    ).to_csv(tmp_path / "manifest.csv", index=False)
    corpus = load_corpus([tmp_path])
    assert _report_row(corpus, "missing.txt")["status"] == "missing"
    row = _report_row(corpus, SEED_001.name)
    assert "manifest date '2013-03-08' differs from text '2013-03-07'" in row["warnings"]
    assert corpus.documents.iloc[0]["doc_id"] == "quds"


def test_cli_documents_csv_and_json():
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["documents", str(SEEDS_DIR), "--format", "csv"]) == 0
    table = pd.read_csv(io.StringIO(out.getvalue()), keep_default_na=False)
    assert list(table.columns[:4]) == ["doc_id", "group", "corpus", "genre"]
    assert table.set_index("doc_id").loc["ramadan-attack-order", "date"] == "2013-07-27"
    assert (table["status"] == "loaded").all() and "text" not in table.columns
    out = io.StringIO()
    with redirect_stdout(out):
        main(["documents", str(SEED_001), "--format", "json"])
    records = json.loads(out.getvalue())
    assert records[0]["text"].startswith("Iranian regime’s Quds Force plans another massacre")


# ---------------------------------------------------------------- headlines and title fields
WIKINEWS_2019 = "wikinews_2019_2020/wikinews_2019.csv"


def _wikinews_row(index: int):
    from analysis import config as cfg

    root = cfg.baseline_dir()
    if root is None or not (root / WIKINEWS_2019).is_file():
        pytest.skip("shared Wikinews baseline not available")
    frame = pd.read_csv(root / WIKINEWS_2019)
    return frame.iloc[index]


@pytest.mark.requires_shared
def test_title_column_keeps_the_first_paragraph(tmp_path):
    # Wikinews 2019 row 3 ("Florida highway pileup, ..."): its text opens with a crawl-date line
    # and then the lede "A road accident followed by a fire ...". With the title in its own column,
    # the lede is body text and must be kept (before, the first line was taken as a headline).
    row = _wikinews_row(3)
    pd.DataFrame([{"id": "w3", "title": row["title"], "text": row["text"]}]).to_csv(tmp_path / "c.csv", index=False)
    doc = load_corpus(tmp_path / "c.csv").documents.iloc[0]
    assert doc["title"] == row["title"]
    assert "A road accident followed by a fire on a Florida highway" in doc["text"]


@pytest.mark.requires_shared
def test_one_paragraph_text_is_all_body(tmp_path):
    # The lede paragraph of the same article alone in a .txt file: two sentences ending in a full
    # stop and no headline, so the title is empty and no word is lost.
    row = _wikinews_row(3)
    lede = next(p.strip() for p in row["text"].split("\n") if p.strip().startswith("A road accident"))
    (tmp_path / "lede.txt").write_text(lede + "\n", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert list(corpus.report["status"]) == ["loaded"]
    doc = corpus.documents.iloc[0]
    assert doc["title"] == "" and doc["text"] == lede


def test_a_short_first_line_before_a_body_is_the_headline(tmp_path):
    # The first seed's layout: a headline line without a full stop, a blank line, then the body.
    text = (SEEDS_DIR / "000_80a323ebf445715d.txt").read_text(encoding="utf-8")
    (tmp_path / "s.txt").write_text(text, encoding="utf-8")
    doc = load_corpus(tmp_path).documents.iloc[0]
    assert doc["title"].startswith("Threats of attack sparks new calls")


@pytest.mark.requires_shared
def test_a_researchers_folder_loads_recursively_with_groups_and_every_path_reported(tmp_path):
    # Laid out as a user would: one subfolder per group holding BBC articles (Greene &
    # Cunningham 2006), a CSV with id,title,text,group built from two Wikinews rows, plus a
    # README, a hidden file, a dangling symlink and a FIFO, each of which must get a report row.
    import os

    from analysis import config as cfg

    bbc = cfg.baseline_dir() / "bbc_news_greene2006"
    for group, topic in (("economy", "business"), ("politics", "politics")):
        (tmp_path / group).mkdir()
        for name in ("001.txt", "002.txt"):
            shutil.copy(bbc / topic / name, tmp_path / group / name)
    rows = [_wikinews_row(3), _wikinews_row(4)]
    pd.DataFrame(
        [{"id": f"w{i}", "title": r["title"], "text": r["text"], "group": "wire"} for i, r in enumerate(rows)]
    ).to_csv(tmp_path / "wire.csv", index=False)
    (tmp_path / "README.md").write_text("What this folder holds.\n", encoding="utf-8")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    os.symlink(tmp_path / "gone.txt", tmp_path / "link.txt")
    os.mkfifo(tmp_path / "pipe")

    corpus = load_corpus(tmp_path)
    docs, report = corpus.documents, corpus.report
    assert len(docs) == 6
    assert sorted(docs["group"].value_counts().items()) == [("economy", 2), ("politics", 2), ("wire", 2)]
    skipped = dict(
        zip(
            report.loc[report["status"] == "skipped", "source_file"].map(lambda s: s.rsplit("/", 1)[-1]),
            report.loc[report["status"] == "skipped", "reason"],
        )
    )
    assert set(skipped) == {"README.md", ".DS_Store", "link.txt", "pipe"}
    assert "dangling" in skipped["link.txt"] and "FIFO" in skipped["pipe"]
    # every BBC article keeps its first paragraph: its headline is the title, the lede is body
    first = (bbc / "business" / "001.txt").read_text(encoding="latin-1").split("\n")
    lede = next(line for line in first[1:] if line.strip())
    assert lede.strip()[:40] in docs.set_index("source_file").filter(like="economy/001", axis=0)["text"].iloc[0]
