"""The one study assembly (analysis.pipeline.study.build_study): scoring state is passed, never
installed in the process, and every later stage reads the tables a study carries."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from analysis.corpus.study import StudySpec
from analysis.pipeline.study import build_study

TEXT = "Plan criticised\n\nJane Doe said on Monday that the plan would fail. The council met in Geneva."


def _corpus(folder, aliases: str | None):
    """One document published by "Example Trust"; with ``aliases`` its manifest declares them."""
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    row = f"a,a.txt,Example Trust,{aliases or ''}\n"
    (folder / "manifest.csv").write_text("id,file,publisher,publisher_aliases\n" + row, encoding="utf-8")
    return folder


def _tables(folder) -> dict:
    study = build_study(StudySpec.from_params(corpus=[folder], baselines=()), use_cache=False, jobs=1)
    spans = study.spans[study.spans["category"] == "source"]
    return {
        "source_types": dict(zip(spans["text"], spans["source_type"])),
        "self_share": float(study.profile["source_self_reference_share"].iloc[0]),
    }


SCRIPT = """
import json, sys
from analysis.corpus.study import StudySpec
from analysis.pipeline.study import build_study
study = build_study(StudySpec.from_params(corpus=[sys.argv[1]], baselines=()), use_cache=False, jobs=1)
spans = study.spans[study.spans["category"] == "source"]
print(json.dumps({"source_types": dict(zip(spans["text"], spans["source_type"])),
                  "self_share": float(study.profile["source_self_reference_share"].iloc[0])}))
"""


def test_two_studies_with_different_aliases_in_one_process_score_as_in_two(tmp_path, monkeypatch):
    """Study A declares "Jane Doe" as an alias of its publisher (self-reference); study B, the same
    text and publisher, declares none ("Jane Doe" is a named person). Scored one after the other in
    one process, each must give what it gives in a fresh process of its own: nothing of A's
    aliases may stay behind for B (the aliases used to be a process global that nothing cleared)."""
    monkeypatch.setenv("FRAMING_JOBS", "1")
    a = _corpus(tmp_path / "a", "Jane Doe")
    b = _corpus(tmp_path / "b", None)
    in_one = [_tables(a), _tables(b), _tables(a)]
    assert in_one[0]["source_types"] == {"Jane Doe": "self_reference"}
    assert in_one[1]["source_types"] == {"Jane Doe": "named_person"}
    assert in_one[0] == in_one[2]
    for folder, want in ((b, in_one[1]), (a, in_one[0])):
        out = subprocess.run([sys.executable, "-c", SCRIPT, str(folder)], capture_output=True, text=True, check=True)
        assert json.loads(out.stdout.strip().splitlines()[-1]) == want


def test_a_document_is_split_into_sentences_once(tmp_path, monkeypatch):
    """The loader splits each document once and stores the bounds; the spans, profile,
    attributions, scorecard and annotated pages all read them, so a build of the five seeds calls
    the splitter five times."""
    from analysis.compare.scorecard import study_scorecard
    from analysis.corpus import load, sentences
    from analysis.report.annotate_pages import write_annotated

    calls = []
    real = sentences.split_sentences

    def counting(text):
        calls.append(len(text))
        return real(text)

    monkeypatch.setattr(sentences, "split_sentences", counting)
    monkeypatch.setattr(load, "split_sentences", counting)
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    study = build_study(StudySpec.from_params(baselines=()), use_cache=False, jobs=1)
    assert len(study.documents) == 5 and len(calls) == 5
    assert len(study.spans) and len(study.profile) == 5 and len(study.attributions)  # scored once
    study_scorecard(study, use_cache=False)
    write_annotated(
        study.documents,
        tmp_path / "pages",
        spans=study.spans,
        attributions=study.attributions,
    )
    assert len(calls) == 5


def test_every_table_carries_the_group(tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMING_JOBS", "1")
    for group in ("alpha", "beta"):
        (tmp_path / "c" / group).mkdir(parents=True)
        (tmp_path / "c" / group / f"{group}.txt").write_text(TEXT.replace("Jane", group.title()), encoding="utf-8")
    study = build_study(StudySpec.from_params(corpus=[tmp_path / "c"]), use_cache=False, jobs=1)
    for table in (study.documents, study.spans, study.profile, study.attributions):
        assert table.columns[1] == "group" or "group" in table.columns
        assert set(table["group"]) <= {"alpha", "beta"}
    assert study.profile.groupby("group").size().to_dict() == {"alpha": 1, "beta": 1}
    assert study.comparisons() == [("alpha", "beta")]  # several groups, nothing named: every pair


@pytest.mark.parametrize("name", ["documents", "scores"])
def test_a_damaged_table_entry_is_recomputed(tmp_path, monkeypatch, name):
    """One corrupt cache entry must not break every later build: it is read as a miss and replaced."""
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("FRAMING_JOBS", "1")
    corpus = _corpus(tmp_path / "a", None)
    spec = StudySpec.from_params(corpus=[corpus], baselines=())
    first = build_study(spec).profile
    for f in (tmp_path / "cache" / "results").glob(f"study-*/{name}/*.parquet"):
        f.write_bytes(b"not parquet")
    again = build_study(spec).profile
    pd.testing.assert_frame_equal(first, again)
