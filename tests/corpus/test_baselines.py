"""Baseline corpora: real data from the shared baselines folder and the gensim wheel.

Facts checked here were read from the files themselves (see each corpus's PROVENANCE.md).
Tests that need the shared folder skip when it is absent; the download tests serve copies of
the real Wikinews CSVs from a local HTTP server laid out like raw.githubusercontent.com.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import re
import shutil
import threading
from pathlib import Path

import pytest

from analysis import config
from analysis.corpus import baselines as bl
from analysis.corpus.baselines import BASELINES, BaselineUnavailable, load_baseline, load_report

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@pytest.fixture(scope="module")
def shared() -> Path:
    root = config.baseline_dir()
    if root is None or not (root / BASELINES["wikinews"].folder).is_dir():
        pytest.skip("shared baselines folder not found (set FRAMING_DATA_DIR or provide ../shared/baselines)")
    return root


def _load(name: str, shared: Path):
    if not (shared / BASELINES[name].folder).is_dir():
        pytest.skip(f"{name}: folder {BASELINES[name].folder} absent from {shared}")
    return load_baseline(name, data_dir=shared)


@pytest.fixture(scope="module")
def lee():
    if bl.gensim_data_dir() is None:
        pytest.skip("gensim is not installed")
    return load_baseline("lee")


@pytest.fixture(scope="module")
def wikinews(shared):
    return _load("wikinews", shared)


@pytest.fixture(scope="module")
def whitehouse(shared):
    return _load("whitehouse", shared)


@pytest.fixture(scope="module")
def state_dept(shared):
    return _load("state_dept", shared)


@pytest.fixture(scope="module")
def reuters(shared):
    return _load("reuters", shared)


@pytest.fixture(scope="module")
def ag_news(shared):
    return _load("ag_news", shared)


@pytest.fixture(scope="module")
def bbc(shared):
    return _load("bbc", shared)


def _row(docs, doc_id):
    rows = docs[docs["doc_id"] == doc_id]
    assert len(rows) == 1, doc_id
    return rows.iloc[0]


def _body(row) -> str:
    """The text after the composed headline (make_documents puts title, blank line, body)."""
    return row["text"][len(row["title"]) :].lstrip("\n") if row["title"] else row["text"]


# ------------------------------------------------------------------------------ every corpus


@pytest.mark.parametrize("name", ["wikinews", "whitehouse", "state_dept", "reuters", "ag_news", "bbc"])
def test_checksums_match_registry_and_frame_is_tidy(name, request):
    docs = request.getfixturevalue(name)
    report = load_report(docs)
    assert report["corpus"] == name and report["source"] == "data dir"
    assert report["checksums"] == "verified", report["warnings"]
    assert docs["doc_id"].is_unique
    assert set(docs["corpus"]) == {name} and set(docs["genre"]) == {BASELINES[name].genre}
    assert docs["date"].map(lambda d: d == "" or bool(ISO_DATE.match(d))).all()
    assert (docs["words"] > 0).all()


def test_registry_is_complete_for_shared_files(shared):
    """Every corpus file in the shared folder is in the registry (nothing unregistered is read)."""
    for spec in BASELINES.values():
        folder = shared / spec.folder
        if spec.name == "lee" or not folder.is_dir():
            continue
        data = {
            p.relative_to(folder).as_posix()
            for p in folder.rglob("*")
            if p.is_file() and p.suffix in {".csv", ".json", ".txt", ".TXT"}
        }
        registered = {f.path for f in spec.files}
        assert registered <= data, spec.name
        if spec.name in {"bbc", "state_dept"}:
            assert data - registered == set(), spec.name


# ------------------------------------------------------------------------------ per corpus


def test_lee_counts_and_first_article(lee):
    assert len(lee) == 350
    assert lee["part"].value_counts().to_dict() == {"background": 300, "test": 50}
    first = _row(lee, "lee-bg-001")
    assert first["title"] == "" and first["date"] == ""
    assert first["text"].startswith(
        "Hundreds of people have been forced to vacate their homes in the Southern Highlands of New South Wales"
    )
    assert first["publisher"] == "ABC (Australian Broadcasting Corporation)"
    assert "£3,000" in _row(lee, "lee-test-041")["text"]  # the one latin-1 byte of lee.cor
    assert load_report(lee)["source"] == "gensim wheel" and load_report(lee)["checksums"] == "verified"
    # the 7 repeated background articles are flagged, not dropped
    assert _row(lee, "lee-bg-113")["duplicate_of"] == "lee-bg-105"


def test_wikinews_counts_dateline_and_dates(wikinews):
    years = wikinews["source_file"].str.extract(r"wikinews_(\d{4})\.csv")[0]
    assert years.value_counts().to_dict() == {"2019": 171, "2020": 124}
    first = _row(wikinews, "wikinews-2019-001")
    assert first["date"] == "2019-01-04" and first["dateline"] == "Friday, January 4, 2019"
    assert _body(first).startswith("An apartment building collapsed on Monday in Magnitogorsk")
    assert "January 4, 2019" not in first["text"]
    # no body still opens with a dateline, and every dateline agreed with the date column
    assert not wikinews.apply(lambda r: bool(bl.WIKINEWS_DATELINE.match(_body(r))), axis=1).any()
    assert load_report(wikinews)["warnings"] == []


def test_wikinews_soleimani_article_keeps_its_first_sentence(wikinews):
    row = wikinews[wikinews["title"] == "United States military kills Qasem Soleimani"].iloc[0]
    assert row["date"] == "2020-01-05" and row["dateline"] == ""
    # "Thursday, United States ..." is a sentence, not a dateline: it must stay
    assert _body(row).startswith("Thursday, United States military forces killed Qasem Soleimani")
    assert row["url"].startswith("https://en.wikinews.org")


def test_wikinews_test_pages_are_noted(wikinews):
    notes = " ".join(load_report(wikinews)["notes"])
    assert "TEST PAGE:Self-publish yesterday" in notes and "TEST PAGE:Self-publish today" in notes


def test_whitehouse_statements(whitehouse):
    assert len(whitehouse) == 139
    assert set(whitehouse["publisher"]) == {"The White House"}
    assert whitehouse["date"].str.match(ISO_DATE).all()
    readout = _row(whitehouse, "whitehouse-001")
    assert readout["date"] == "2021-02-23"
    assert "Prime Minister Mustafa Al-Kadhimi of Iraq" in readout["text"]  # hard wrap joined
    assert not whitehouse["text"].str.rstrip().str.endswith("###").any()
    assert not whitehouse["text"].str.contains("<u>", regex=False).any()


def test_state_dept_header_removed(state_dept):
    assert len(state_dept) == 18
    assert state_dept["country"].value_counts().to_dict() == {"iran": 9, "iraq": 9}
    assert sorted(set(state_dept["year"])) == list(range(2016, 2025))
    assert (state_dept["date"] == "").all()
    row = _row(state_dept, "state-dept-2016-iraq")
    assert row["title"] == "2016 Country Reports on Human Rights Practices: Iraq"
    assert row["url"] == "https://www.state.gov/reports/2016-country-reports-on-human-rights-practices/iraq/"
    body = _body(row)
    assert not body.startswith(row["title"]) and body.startswith("EXECUTIVE SUMMARY")
    for text in state_dept["text"]:
        head = text[:600]
        assert "Source: https://www.state.gov" not in head
        assert "Bureau of Democracy, Human Rights, and Labor\n" not in head
        assert text.count("Country Reports on Human Rights Practices:") >= 1


def test_reuters_dates_and_unwrapping(reuters):
    assert len(reuters) == 305
    assert reuters["date"].str.startswith("1987-").all()
    assert _row(reuters, "reuters-107")["date"] == "1987-02-26"  # "26-FEB-1987 16:40:00.82"
    assert _row(reuters, "reuters-231")["date"] == "1987-03-01"  # "1-MAR-1987 01:41:26.47"
    regan = _row(reuters, "reuters-178")
    assert regan["title"] == "REPORT COULD BE FINAL BLOW FOR REGAN"
    assert "chief of staff Donald Regan could signal" in regan["text"]
    assert reuters["dateline"].str.contains(r"\d").any()


def test_ag_news_world_unescaped(ag_news):
    assert len(ag_news) == 1900 and set(ag_news["section"]) == {"World"}
    for residue in (" #39;", "#36;", "&lt;", "&gt;", "<b>", "\\"):
        assert not ag_news["text"].str.contains(residue, regex=False).any(), residue
        assert not ag_news["title"].str.contains(residue, regex=False).any(), residue
    mcgreevey = _row(ag_news, "agnews-test-0034")
    assert mcgreevey["title"] == "Man Sought $50M From McGreevey, Aides Say (AP)"
    assert mcgreevey["publisher"] == "AP" and "up to $50 million" in mcgreevey["text"]
    downer = _row(ag_news, "agnews-test-0077")  # raw: "and gave\no indication" (a backslash line break)
    assert "gave no indication" in downer["text"] and "set for working-level talks" in downer["text"]


def test_bbc_counts_and_latin1_file(bbc):
    assert len(bbc) == 2225
    assert bbc["section"].value_counts().to_dict() == bl.BBC_CATEGORIES
    mutu = _row(bbc, "bbc-sport-199")
    assert mutu["title"] == "Chelsea sack Mutu" and "£" in mutu["text"] and "\ufffd" not in mutu["text"]
    warnings = load_report(bbc)["warnings"]
    assert len(warnings) == 1 and "sport/199.txt" in warnings[0] and "a3" in warnings[0]


# ------------------------------------------------------------------------------ topic filter


def test_topic_filter_on_wikinews(wikinews):
    kept = bl.topic_filter(wikinews)
    assert "United States military kills Qasem Soleimani" in set(kept["title"])
    assert "wikinews-2019-001" not in set(kept["doc_id"])  # Magnitogorsk building collapse
    assert 0 < len(kept) < len(wikinews)
    assert load_report(kept)["topic_filter"] == {
        "pattern": bl.TOPIC_PATTERN.pattern,
        "n_before": len(wikinews),
        "n_after": len(kept),
    }
    assert load_report(wikinews).get("topic_filter") is None  # the input frame is untouched


@pytest.mark.parametrize(
    "text, hit",
    [
        ("IRAN ANNOUNCES END OF MAJOR OFFENSIVE", True),
        ("residents of Camp Ashraf", True),
        ("the Quds Force commander", True),
        ("members of the People's Mujahedin", True),
        ("President Ashraf Ghani of Afghanistan", False),
        ("the al-Quds mosque in Jerusalem", False),
        ("Afghan mujahideen guerrillas", False),
        ("Iranshahr and Iraqw are other words", False),
    ],
)
def test_topic_pattern(text, hit):
    assert (bl.TOPIC_PATTERN.search(text) is not None) is hit


# ------------------------------------------------------------------------------ unavailable data


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """An empty data dir and an empty cache, selected through the environment."""
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv(config.DATA_ENV, str(empty))
    monkeypatch.setenv(config.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(bl.DOWNLOAD_ENV, raising=False)
    return tmp_path


def test_missing_corpus_raises_baseline_unavailable(isolated):
    with pytest.raises(BaselineUnavailable) as err:
        load_baseline("wikinews")
    message = str(err.value)
    assert "'wikinews'" in message and str(isolated / "empty") in message
    assert config.DATA_ENV in message and "download=True" in message
    with pytest.raises(BaselineUnavailable, match="'bbc'"):
        load_baseline("bbc", data_dir=isolated / "does-not-exist")


def test_derived_corpus_cannot_be_downloaded(isolated):
    with pytest.raises(BaselineUnavailable, match="cannot be downloaded") as err:
        load_baseline("whitehouse", download=True)
    assert "'whitehouse'" in str(err.value) and "PROVENANCE.md" in str(err.value)


def test_unknown_name_and_topic(shared):
    with pytest.raises(ValueError, match="unknown baseline"):
        load_baseline("nytimes")
    with pytest.raises(ValueError, match="unknown topic"):
        load_baseline("wikinews", data_dir=shared, topic="syria")


def test_available_baselines(shared):
    table = bl.available_baselines(data_dir=shared)
    assert list(table["name"]) == list(BASELINES)
    assert {"name", "genre", "licence", "n_docs", "where"} <= set(table.columns)
    by_name = table.set_index("name")
    assert by_name.loc["wikinews", "n_docs"] == 295 and by_name.loc["state_dept", "n_docs"] == 18
    assert by_name.loc["whitehouse", "where"].endswith(BASELINES["whitehouse"].folder)
    assert not by_name.loc["reuters", "redistributable"] and by_name.loc["wikinews", "redistributable"]


# ------------------------------------------------------------------------------ download


class _CountingHandler(http.server.SimpleHTTPRequestHandler):
    requests: list[str]

    def do_GET(self):  # noqa: N802 (http.server API)
        self.requests.append(self.path)
        super().do_GET()

    def log_message(self, *args):  # keep test output quiet
        pass


@pytest.fixture
def raw_server(tmp_path, shared, monkeypatch):
    """A local stand-in for raw.githubusercontent.com holding copies of the Wikinews CSVs.
    Yields (base_url, root folder, list of requested paths)."""
    spec = BASELINES["wikinews"]
    root = tmp_path / "raw"
    for f in spec.files:
        target = root / spec.repo / spec.commit / f.original_path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shared / spec.folder / f.path, target)
    seen: list[str] = []
    handler = type("Handler", (_CountingHandler,), {"requests": seen})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    for var in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(var, "127.0.0.1,localhost")
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", root, seen
    finally:
        server.shutdown()
        server.server_close()


def test_download_verifies_and_caches(isolated, raw_server, monkeypatch):
    base, _, seen = raw_server
    monkeypatch.setenv(bl.DOWNLOAD_ENV, base)
    docs = load_baseline("wikinews", download=True)
    assert len(docs) == 295
    assert load_report(docs)["source"] == "download" and load_report(docs)["checksums"] == "verified"
    assert len(seen) == 2 and all(p.endswith(".csv") for p in seen)
    cached = bl.baseline_cache_dir() / "wikinews_2019_2020" / "wikinews_2020.csv"
    assert hashlib.sha256(cached.read_bytes()).hexdigest() == BASELINES["wikinews"].files[1].sha256
    again = load_baseline("wikinews", download=True, topic="iraq_iran")
    assert load_report(again)["source"] == "cache" and len(seen) == 2  # no new request
    assert list(again["doc_id"]) == list(bl.topic_filter(docs)["doc_id"])


def test_corrupted_download_is_rejected(isolated, raw_server):
    base, root, seen = raw_server
    spec = BASELINES["wikinews"]
    served = root / spec.repo / spec.commit / spec.files[0].original_path
    data = bytearray(served.read_bytes())
    data[100] ^= 0x01
    served.write_bytes(bytes(data))
    with pytest.raises(BaselineUnavailable) as err:
        load_baseline("wikinews", download=True, base_url=base)
    message = str(err.value)
    assert "'wikinews'" in message and "sha256" in message.lower()
    assert seen and not (bl.baseline_cache_dir() / spec.folder / spec.files[0].path).exists()


def test_download_http_error_is_baseline_unavailable(isolated, raw_server):
    base, _, _ = raw_server
    with pytest.raises(BaselineUnavailable, match="'ag_news'.*404"):
        load_baseline("ag_news", download=True, base_url=base)


# ------------------------------------------------------------------------------ damaged copies


def test_truncated_file_in_data_dir_is_an_error_naming_it(shared, tmp_path):
    """wikinews_2020.csv cut to half its bytes: main loaded 240 of 295 documents without a word
    (the mismatch sat in attrs); now the load stops, naming the file and the repair."""
    spec = BASELINES["wikinews"]
    copy = tmp_path / "data" / spec.folder
    shutil.copytree(shared / spec.folder, copy)
    bad = copy / "wikinews_2020.csv"
    bad.write_bytes(bad.read_bytes()[: bad.stat().st_size // 2])
    with pytest.raises(BaselineUnavailable) as err:
        load_baseline("wikinews", data_dir=tmp_path / "data")
    message = str(err.value)
    assert "'wikinews' failed its checksum" in message and str(bad) in message
    assert "Copy the folder 'wikinews_2019_2020' again" in message and "--download" in message
    with pytest.raises(BaselineUnavailable, match="failed its checksum"):
        bl.count_documents("wikinews", data_dir=tmp_path / "data")


def test_download_replaces_a_damaged_cached_copy(isolated, raw_server):
    base, _, seen = raw_server
    assert len(load_baseline("wikinews", download=True, base_url=base)) == 295 and len(seen) == 2
    cached = bl.baseline_cache_dir() / BASELINES["wikinews"].folder / "wikinews_2019.csv"
    cached.write_bytes(cached.read_bytes()[:-500])  # a download cut short
    with pytest.raises(BaselineUnavailable) as err:
        load_baseline("wikinews")
    assert str(cached) in str(err.value) and "run again with --download" in str(err.value)
    docs = load_baseline("wikinews", download=True, base_url=base)
    assert len(docs) == 295 and load_report(docs)["source"] == "download"
    assert len(seen) == 3 and seen[-1].endswith("wikinews_2019.csv")  # only the damaged file fetched again
    assert hashlib.sha256(cached.read_bytes()).hexdigest() == BASELINES["wikinews"].files[0].sha256
