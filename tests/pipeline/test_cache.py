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


def test_replacing_a_seed_text_gives_a_new_key_and_a_fresh_profile(cache_root, seeds_copy, quiet):
    before = cache.group_data(baselines=())
    # the first seed cut to its first half: a different input text, so the cached tables must not be reused
    first = sorted(seeds_copy.glob("000_*.txt"))[0]
    text = first.read_text(encoding="utf-8")
    first.write_text(text[: len(text) // 2], encoding="utf-8")
    after = cache.group_data(baselines=())
    assert len(list((cache_root / "results").glob("groups-*.pkl"))) == 2
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
    assert len(list((cache_root / "results").glob("sum-*.pkl"))) == 2


def test_file_digest_follows_bytes_not_names(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("The minister said.", encoding="utf-8")
    first = cache.file_digest(path)
    path.write_text("The minister said!", encoding="utf-8")
    assert cache.file_digest(path) != first
    assert cache.file_digest(tmp_path / "absent.txt") == "missing"


def test_topic_groups_are_the_topic_documents_of_the_full_groups(cache_root, quiet):
    from analysis.corpus.baselines import BaselineUnavailable
    from analysis.corpus.groups import assemble

    try:
        direct = assemble(("lee",), topic=True)
    except BaselineUnavailable:  # pragma: no cover - gensim ships the Lee corpus
        pytest.skip("the Lee corpus (gensim) is not installed")
    sliced = cache.group_data(("lee",), topic=True)
    assert list(sliced.documents["doc_id"]) == list(direct["doc_id"])
    assert list(sliced.documents["group"]) == list(direct["group"])
    assert set(sliced.spans["doc_id"]) <= set(direct["doc_id"])
    assert list(sliced.profile["doc_id"]) == list(direct["doc_id"])
