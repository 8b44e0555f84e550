"""The content-keyed results cache (analysis.pipeline.cache): keys follow the input texts, and two
builds (two calls with equal inputs) share one entry."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from analysis import config
from analysis.pipeline import cache


@pytest.fixture
def cache_root(tmp_path, monkeypatch):
    monkeypatch.setenv(config.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def seeds_copy(tmp_path, monkeypatch):
    """The five seeds in a folder of their own, which the test may edit."""
    folder = tmp_path / "seeds"
    shutil.copytree(config.SEEDS_DIR, folder)
    monkeypatch.setattr(config, "SEEDS_DIR", folder)
    return folder


def _seed_study():
    from analysis.corpus.study import StudySpec
    from analysis.pipeline.study import build_study

    return build_study(StudySpec.from_params(corpus=[config.SEEDS_DIR], baselines=()))


def test_replacing_a_seed_text_gives_a_new_key_and_a_fresh_profile(cache_root, seeds_copy, quiet):
    before = _seed_study()
    assert len(before.profile) == 5  # scored and stored once
    # the first seed cut to its first half: a different input text, so the cached tables must not be reused
    first = sorted(seeds_copy.glob("000_*.txt"))[0]
    text = first.read_text(encoding="utf-8")
    first.write_text(text[: len(text) // 2], encoding="utf-8")
    after = _seed_study()
    assert after.key != before.key
    assert len(list((cache_root / "results").glob("study-*"))) == 2
    words_before = before.profile.set_index("doc_id")["words"]
    words_after = after.profile.set_index("doc_id")["words"]
    assert words_after["batat-threats"] < words_before["batat-threats"]
    assert (words_after.drop("batat-threats") == words_before.drop("batat-threats")).all()


def test_two_builds_share_one_entry(cache_root, quiet):
    calls = []

    def measure(frame: pd.DataFrame, column: str) -> float:
        calls.append(column)
        return float(frame[column].sum())

    a = pd.DataFrame({"doc_id": ["x", "y"], "words": [3, 4]})
    b = a.copy()  # another object with the same content, as a second process would build it
    assert cache.memo_call("sum", measure, a, "words") == 7.0
    assert cache.memo_call("sum", measure, b, "words") == 7.0
    assert calls == ["words"]
    b.loc[1, "words"] = 5  # one cell changed: a new key
    assert cache.memo_call("sum", measure, b, "words") == 8.0
    assert calls == ["words", "words"]
    assert len(list((cache_root / "results").glob("sum-*.signed"))) == 2


def test_file_digest_follows_bytes_not_names(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("The minister said.", encoding="utf-8")
    first = cache.file_digest(path)
    path.write_text("The minister said!", encoding="utf-8")
    assert cache.file_digest(path) != first
    assert cache.file_digest(tmp_path / "absent.txt") == "missing"


def test_an_edit_that_keeps_size_and_time_gives_a_new_key(cache_root, seeds_copy, quiet):
    """An in-place edit with the same size and modification time (as cp -p or rsync -t leave it)
    must not serve the old tables: the key follows the bytes, not (path, size, mtime)."""
    import os

    before = _seed_study()
    first = sorted(seeds_copy.glob("000_*.txt"))[0]
    st = first.stat()
    text = first.read_text(encoding="utf-8")
    edited = text.replace("regime", "terror", 5)
    assert len(edited.encode()) == len(text.encode()) and edited != text
    first.write_text(edited, encoding="utf-8")
    os.utime(first, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert first.stat().st_size == st.st_size and first.stat().st_mtime_ns == st.st_mtime_ns
    after = _seed_study()
    assert after.key != before.key
    assert "terror" in after.documents.set_index("doc_id").at["batat-threats", "text"]


def test_a_planted_cache_entry_is_never_unpickled(cache_root, tmp_path, monkeypatch):
    """A pickle dropped into the cache folder under an entry's name (a shared /tmp cache, a copy
    from a colleague) must not run: only entries signed with this user's key are unpickled."""
    import pickle

    monkeypatch.setenv("FRAMING_CACHE_KEY", str(tmp_path / "key"))
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    path = cache.memo_path("sum", 1, 2)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(Payload()))
    assert cache.memo_call("sum", lambda a, b: a + b, 1, 2) == 3  # recomputed, the planted bytes ignored
    assert not marker.exists()
    assert cache.memo_call("sum", lambda a, b: a + b, 1, 2) == 3  # and replaced by a signed entry


def test_topic_groups_are_the_topic_documents_of_the_full_groups(cache_root, quiet):
    from analysis.corpus.baselines import BaselineUnavailable, load_baseline, topic_mask
    from analysis.corpus.study import StudySpec
    from analysis.pipeline.study import build_study

    try:
        lee = load_baseline("lee")
    except BaselineUnavailable:  # pragma: no cover - gensim ships the Lee corpus
        pytest.skip("the Lee corpus (gensim) is not installed")
    lee = lee[(lee["duplicate_of"].fillna("") == "") & (lee["words"] > 0)]
    direct = lee[topic_mask(lee)]
    study = build_study(StudySpec.from_params(baselines=("lee",)))
    sliced = study.topic()
    topic_docs = sliced.documents[sliced.documents["group"] == "lee-topic"]
    assert list(topic_docs["doc_id"]) == list(direct["doc_id"])
    assert set(sliced.spans["doc_id"]) <= set(sliced.documents["doc_id"])
    assert list(sliced.profile["doc_id"]) == list(sliced.documents["doc_id"])
    assert set(sliced.profile["group"]) == {"seeds", "lee-topic"}
