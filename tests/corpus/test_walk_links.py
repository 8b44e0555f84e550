"""The corpus walker and symbolic links (issue 29): each folder is read once, known by its device
and inode, and the walk stays inside the corpus folder unless ``--follow-links`` is given.

Before: two links back into the corpus (``ln -s . s1; ln -s . s2``) made the loader walk about
2^40 paths (s1/s2/s1/...), one link read every file 40 times, and a plain link to a file outside
the folder pulled that file into the reports although the manifest refuses the same path."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from analysis.cli.app import main
from analysis.corpus import load
from analysis.corpus.load import FOLDER_AGAIN, LINK_OUTSIDE, load_corpus

BODY_1 = "The officials said on Monday that the talks in Geneva would continue for another week."
BODY_2 = "The ministry said the plan was approved by the committee on Tuesday after a long debate."
BODY_3 = "Witnesses told reporters that the convoy had left the city before dawn on Friday."


@pytest.fixture
def corpus(tmp_path) -> Path:
    """corpus/talks.txt and corpus/desk/plan.txt, and outside/convoy.txt beside the corpus folder."""
    root = tmp_path / "corpus"
    (root / "desk").mkdir(parents=True)
    (root / "talks.txt").write_text(f"Talks go on\n\n{BODY_1}\n", encoding="utf-8")
    (root / "desk" / "plan.txt").write_text(f"Plan approved\n\n{BODY_2}\n", encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "convoy.txt").write_text(f"Convoy left\n\n{BODY_3}\n", encoding="utf-8")
    return root


def reasons(loaded) -> dict[str, str]:
    skipped = loaded.report[loaded.report["status"] == "skipped"]
    return {Path(s).name: r for s, r in zip(skipped["source_file"], skipped["reason"])}


@pytest.fixture
def folder_reads(monkeypatch) -> list[Path]:
    """Every folder the walker reads; more than 50 stops the walk (the old walker never ended)."""
    reads: list[Path] = []
    real = load._read_manifest

    def counting(folder: Path):
        reads.append(folder)
        if len(reads) > 50:
            raise RuntimeError(f"the walker read {len(reads)} folders: {reads[-3:]}")
        return real(folder)

    monkeypatch.setattr(load, "_read_manifest", counting)
    return reads


def test_two_links_back_into_the_corpus_are_read_once(corpus, folder_reads):
    (corpus / "s1").symlink_to(".", target_is_directory=True)
    (corpus / "s2").symlink_to(".", target_is_directory=True)
    loaded = load_corpus([corpus])
    assert sorted(loaded.documents["doc_id"]) == ["plan", "talks"]
    assert len(folder_reads) == 2  # corpus/ and corpus/desk/, once each
    assert reasons(loaded) == {"s1": FOLDER_AGAIN, "s2": FOLDER_AGAIN}


def test_a_link_to_a_folder_inside_is_the_repeat_not_the_folder(corpus, folder_reads):
    """``latest -> desk``: desk/plan.txt is read once, at its own place (group ``desk``)."""
    (corpus / "latest").symlink_to("desk", target_is_directory=True)
    (corpus / "again.txt").symlink_to("talks.txt")
    loaded = load_corpus([corpus])
    assert loaded.documents.set_index("doc_id")["group"].fillna("").to_dict() == {"plan": "desk", "talks": ""}
    got = reasons(loaded)
    assert got["latest"] == FOLDER_AGAIN
    assert got["again.txt"].startswith("exact duplicate of talks")  # the link is the repeat


def test_links_to_outside_the_corpus_are_skipped_unless_followed(corpus, tmp_path):
    (corpus / "convoy.txt").symlink_to(tmp_path / "outside" / "convoy.txt")
    (corpus / "more").symlink_to(tmp_path / "outside", target_is_directory=True)
    loaded = load_corpus([corpus])
    assert sorted(loaded.documents["doc_id"]) == ["plan", "talks"]
    assert reasons(loaded) == {"convoy.txt": LINK_OUTSIDE, "more": LINK_OUTSIDE}
    followed = load_corpus([corpus], follow_links=True)
    # the outside file is read once through the file link; the folder link holds the same text
    assert sorted(followed.documents["doc_id"]) == ["convoy", "plan", "talks"]
    assert reasons(followed)["convoy.txt"].startswith("exact duplicate of convoy")


def test_a_followed_link_loop_still_ends(corpus, tmp_path, folder_reads):
    """With --follow-links a link outside that leads back (outside/back -> corpus) is read once."""
    (corpus / "more").symlink_to(tmp_path / "outside", target_is_directory=True)
    (tmp_path / "outside" / "back").symlink_to(corpus, target_is_directory=True)
    loaded = load_corpus([corpus], follow_links=True)
    assert sorted(loaded.documents["doc_id"]) == ["convoy", "plan", "talks"]
    assert len(folder_reads) == 3 and reasons(loaded)["back"] == FOLDER_AGAIN


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(argv)
    return rc, out.getvalue(), err.getvalue()


def test_follow_links_on_the_command_line(corpus, tmp_path):
    (corpus / "convoy.txt").symlink_to(tmp_path / "outside" / "convoy.txt")
    rc, out, err = run(["documents", str(corpus), "--format", "csv"])
    assert rc == 0 and "convoy" not in out
    assert f"skipped: {corpus / 'convoy.txt'}: {LINK_OUTSIDE}" in err
    rc, out, err = run(["documents", str(corpus), "--format", "csv", "--follow-links"])
    assert rc == 0 and "\nconvoy," in out


def test_the_study_key_reads_files_behind_followed_links(corpus, tmp_path):
    """A followed link's folder is outside the corpus folder's digest: its files are hashed too,
    so an edit there gives a new key (no stale results)."""
    from analysis.corpus.study import StudySpec
    from analysis.pipeline.study import study_key

    (corpus / "more").symlink_to(tmp_path / "outside", target_is_directory=True)
    spec = StudySpec.from_params(corpus=[corpus], baselines=[], follow_links=True)
    before = study_key(spec)
    (tmp_path / "outside" / "convoy.txt").write_text(f"Convoy left\n\n{BODY_3} It was late.\n", encoding="utf-8")
    assert study_key(spec) != before
    assert study_key(StudySpec.from_params(corpus=[corpus], baselines=[])) != study_key(spec)
