"""How the command line ends when the world around it fails (issue 29): a full disk or a read-only
output folder, a reader that closes the pipe (``| head``), an unreachable Dask scheduler and a
truncated resume manifest each end with one ``error:`` line (or, for the pipe, quietly), never a
traceback, and never leave a truncated file behind."""

from __future__ import annotations

import errno
import io
import json
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from analysis.cli.app import main
from analysis.config import PROJECT_ROOT

BODY_1 = "The officials said on Monday that the talks in Geneva would continue for another week."
BODY_2 = "The ministry said the plan was approved by the committee on Tuesday after a long debate."


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(argv)
    return rc, out.getvalue(), err.getvalue()


def one_error_line(err: str, needle: str) -> None:
    assert err.startswith("error:") and needle in err, err
    assert "Traceback" not in err and err.count("\n") == 1, err


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "talks.txt").write_text("Talks go on\n\n" + BODY_1 + "\n", encoding="utf-8")
    (folder / "plan.txt").write_text("Plan approved\n\n" + BODY_2 + "\n", encoding="utf-8")
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def full_disk(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def read_only(*args, **kwargs):
    raise OSError(errno.EROFS, "Read-only file system")


@pytest.mark.parametrize("failure, needle", [(full_disk, "No space left"), (read_only, "Read-only file system")])
def test_annotate_on_a_full_disk_or_read_only_folder_keeps_the_old_pages(
    corpus, tmp_path, monkeypatch, failure, needle
):
    """A first run writes the pages; a second run whose writes fail (the disk fills up while a
    page is flushed, or the folder is read-only) ends with one error line and every page of the
    first run is still whole: no truncated page, no temporary file left."""
    import tempfile

    out = tmp_path / "pages"
    rc, _, err = run(["annotate", str(corpus), "--out", str(out), "--quiet"])
    assert rc == 0, err
    before = snapshot(out)
    assert {"index.html", "talks.html", "plan.html"} <= set(before)
    if failure is full_disk:
        monkeypatch.setattr(os, "fsync", failure)  # after part of the page was written
    else:
        monkeypatch.setattr(tempfile, "mkstemp", failure)  # the folder refuses new files
    rc, _, err = run(["annotate", str(corpus), "--out", str(out), "--quiet"])
    assert rc == 2
    one_error_line(err, needle)
    assert snapshot(out) == before


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user (root writes anyway)")
def test_annotate_into_a_folder_without_write_permission(corpus, tmp_path):
    out = tmp_path / "locked"
    out.mkdir()
    out.chmod(0o500)
    try:
        rc, _, err = run(["annotate", str(corpus), "--out", str(out), "--quiet"])
    finally:
        out.chmod(0o700)
    assert rc == 2
    one_error_line(err, "Permission denied")
    assert list(out.iterdir()) == []


def _writers(tmp_path: Path):
    """(name, write) pairs: every kind of file the report build writes, each through its writer."""
    import matplotlib.pyplot as plt
    import pandas as pd

    from analysis.corpus.load import load_seeds
    from analysis.report.annotate import AnnotatedDocument
    from analysis.report.explorer import write_explorer
    from analysis.report.notebooks import write_index
    from analysis.report.style import save

    def figure():
        fig, ax = plt.subplots()
        ax.plot([0, 1], [1, 0])
        try:
            return save(fig, tmp_path / "figure")
        finally:
            plt.close(fig)

    docs = load_seeds().documents.assign(group=["a", "a", "b", "b", "b"])
    empty = tmp_path / "no-figures"
    empty.mkdir(exist_ok=True)
    return [
        ("figure", figure),
        ("page", lambda: AnnotatedDocument(BODY_1, pd.DataFrame()).save(tmp_path / "page.html")),
        ("explorer", lambda: write_explorer(docs, tmp_path / "terms.html", top=3)),
        ("index", lambda: write_index(tmp_path / "reports", [], [("x", "x.html")], figures_dir=empty)),
    ]


def test_every_report_writer_leaves_the_old_file_whole_when_a_write_fails(tmp_path, monkeypatch):
    """Figures (PNG and SVG), annotated pages, the term explorer and the reports' index are written
    to a temporary file and renamed: when the disk fills up the old file stays as it was."""
    for name, write in _writers(tmp_path):
        write()
        files = sorted(p for p in tmp_path.rglob("*") if p.is_file())
        before = {p: p.read_bytes() for p in files}
        with monkeypatch.context() as m:
            m.setattr(os, "fsync", full_disk)
            with pytest.raises(OSError, match="No space left"):
                write()
        after = sorted(p for p in tmp_path.rglob("*") if p.is_file())
        assert after == files, name  # no temporary file left behind
        assert {p: p.read_bytes() for p in after} == before, name


def test_a_closed_output_pipe_ends_quietly():
    """``python -m analysis spans | head -1``: the reader is gone before the table is written. The
    command stops with exit code 141 (128 + SIGPIPE) and says nothing: no BrokenPipeError
    traceback, no "Exception ignored" from the final flush."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone: the first write fails with EPIPE
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "analysis", "documents", str(PROJECT_ROOT / "seeds"), "--format", "csv"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            cwd=PROJECT_ROOT,
            text=True,
            timeout=300,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
    finally:
        os.close(write_end)
    assert proc.returncode in (0, 141), proc.stderr
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr and "Exception" not in proc.stderr


def test_an_unreachable_dask_scheduler_is_one_error_line(tmp_path):
    pytest.importorskip("distributed")
    import dask

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": BODY_1}) + "\n", encoding="utf-8")
    out = tmp_path / "scores.csv"
    argv = ["score-stream", str(src), "--out", str(out), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"]
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        rc, _, err = run([*argv, "--no-progress"])
    assert rc == 2
    one_error_line(err, "cannot reach the Dask scheduler at tcp://127.0.0.1:9")
    assert not out.exists()


@pytest.mark.parametrize("damage", ["truncated", "not a manifest"])
def test_a_damaged_resume_manifest_names_the_file_and_what_to_do(tmp_path, damage):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": str(i), "text": b}) + "\n" for i, b in enumerate([BODY_1, BODY_2])))
    out = tmp_path / "scores.csv"
    rc, _, err = run(["score-stream", str(src), "--out", str(out), "--no-progress", "--chunk-size", "1"])
    assert rc == 0, err
    manifest = tmp_path / "scores.csv.manifest.json"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text[: len(text) // 2] if damage == "truncated" else "[1, 2]", encoding="utf-8")
    written = out.read_bytes()
    rc, _, err = run(["score-stream", str(src), "--out", str(out), "--no-progress", "--chunk-size", "1", "--resume"])
    assert rc == 2
    one_error_line(err, f"the manifest {manifest} is damaged")
    assert "without --resume" in err
    assert out.read_bytes() == written  # nothing touched
