"""Guards on what the package writes (issue 29): the ``score-stream`` lock is taken on the
resolved output, so a symbolic link to the output (or a path through a linked folder) meets the
same lock; before, the lock file was ``<link>.lock`` beside the link and two runs wrote one file
(1,201 rows and a header in the middle)."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout

import pytest

from analysis.cli.app import main
from analysis.pipeline.files import OutputLock, OutputLocked

BODY = "The officials said on Monday that the talks in Geneva would continue for another week."


def test_a_symlinked_output_meets_the_same_lock(tmp_path):
    real = tmp_path / "scores.csv"
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    folder_link = tmp_path / "through"
    folder_link.symlink_to(tmp_path, target_is_directory=True)
    with OutputLock(real):
        for other in (link, folder_link / "scores.csv"):
            with pytest.raises(OutputLocked, match="being written by another run"):
                OutputLock(other).acquire()
    with OutputLock(link):  # the other way round: the link's holder locks the real file
        with pytest.raises(OutputLocked):
            OutputLock(real).acquire()


def test_score_stream_through_a_link_is_refused_while_the_real_output_is_written(tmp_path):
    """A run holds the lock of ``scores.csv``; ``score-stream --out link.csv`` (a link to it) stops
    with one error line and leaves the file as it was."""
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": BODY}) + "\n", encoding="utf-8")
    real = tmp_path / "scores.csv"
    real.write_bytes(b"doc_id\nkept\n")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    out, err = io.StringIO(), io.StringIO()
    with OutputLock(real), redirect_stdout(out), redirect_stderr(err):
        rc = main(["score-stream", str(src), "--out", str(link), "--no-progress"])
    assert rc == 2
    assert err.getvalue().startswith("error:") and "being written by another run" in err.getvalue()
    assert real.read_bytes() == b"doc_id\nkept\n"
