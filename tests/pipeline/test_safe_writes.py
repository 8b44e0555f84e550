"""Writers that share files: two ``score-stream`` runs on one output, two processes filling one
cache entry, a failed write, and resuming after an edit in the middle of the input."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from contextlib import redirect_stderr
from pathlib import Path

import pandas as pd
import pytest
from support import seeds_and_lee, write_jsonl

from analysis.config import PROJECT_ROOT
from analysis.pipeline.files import OutputLock, OutputLocked, atomic_write
from analysis.pipeline.streaming import read_manifest, score_stream

pytestmark = pytest.mark.usefixtures("quiet")


def python(code: str, *args: str, wait: bool = True):
    """Run ``code`` in a fresh interpreter at the project root (a second process, not a thread)."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    cmd = [sys.executable, "-c", code, *args]
    if wait:
        return subprocess.run(cmd, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300)
    return subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(path: Path, proc: subprocess.Popen, seconds: float = 240) -> None:
    end = time.monotonic() + seconds
    while not path.exists():
        if proc.poll() is not None:
            raise AssertionError(f"first writer ended early: {proc.communicate()}")
        if time.monotonic() > end:
            proc.kill()
            raise AssertionError(f"{path} never appeared")
        time.sleep(0.05)


# The first writer: scores the input chunk by chunk, and after chunk 0 says so (a "started" file)
# and waits for the test's "go" file, so the second writer is sure to meet a run in progress.
# With a fifth argument "no-fcntl" it writes under the fallback lock (as on Windows) and scores
# only the word counts.
FIRST_WRITER = """
import sys, time
from pathlib import Path
from analysis.pipeline import files
from analysis.pipeline.streaming import score_stream
src, out, started, go, *mode = sys.argv[1:]
def hold(index, n):
    if index == 0:
        Path(started).touch()
        while not Path(go).exists():
            time.sleep(0.05)
def words(documents):
    return documents[["doc_id", "words"]]
if mode == ["no-fcntl"]:
    files.fcntl = None
score_stream(src, out, 3 if not mode else 2, progress=False, on_chunk=hold, score=words if mode else None)
"""


def test_second_score_stream_writer_is_refused_and_every_row_is_written_once(tmp_path):
    """Two processes run score-stream on one --out: the second stops with a one-line error naming
    the lock while the first is between chunks; the first finishes, and each of the 9 input
    documents is in the output exactly once under a single header (main wrote all rows twice)."""
    docs = seeds_and_lee(slice(0, 4))
    src = write_jsonl(docs, tmp_path / "corpus.jsonl")
    out = tmp_path / "scores.csv"
    started, go = tmp_path / "started", tmp_path / "go"
    first = python(FIRST_WRITER, str(src), str(out), str(started), str(go), wait=False)
    try:
        wait_for(started, first)
        second = python(
            "import sys; from analysis.cli.app import main; sys.exit(main(sys.argv[1:]))",
            "score-stream",
            str(src),
            "--out",
            str(out),
            "--no-progress",
        )
        assert second.returncode == 2, second.stderr
        assert second.stderr.startswith("error:") and "being written by another run" in second.stderr
        assert f"process {first.pid}" in second.stderr and "Traceback" not in second.stderr
    finally:
        go.touch()
        _, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    rows = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert sorted(rows["doc_id"]) == sorted(docs["doc_id"].astype(str))
    assert rows["doc_id"].is_unique and len(rows) == len(docs) == 9
    assert out.read_text(encoding="utf-8").count("doc_id,") == 1
    assert read_manifest(out)["complete"]


def test_lock_is_released_after_a_run_and_refuses_in_process(tmp_path):
    out = tmp_path / "scores.csv"
    with OutputLock(out):
        with pytest.raises(OutputLocked, match="being written by another run"):
            OutputLock(out).acquire()
    with OutputLock(out):  # released: a later run takes it
        pass
    assert not (tmp_path / "scores.csv.lock").exists()


def words_scorer(documents: pd.DataFrame) -> pd.DataFrame:
    """Each document's id and word count (enough to see which documents were written)."""
    return documents[["doc_id", "words"]]


def test_fallback_lock_without_fcntl_refuses_a_second_writer(tmp_path, monkeypatch):
    """Without fcntl (as on Windows) the lock is a file created exclusively. The five seeds are
    streamed in chunks of 2; after chunk 0 a second writer (the command line) on the same --out
    exits 2 naming this process, and the first run finishes with every seed once under one header.
    The lock file is removed at the end, so a later run on the output goes ahead."""
    from analysis.cli.app import main
    from analysis.corpus.load import load_seeds
    from analysis.pipeline import files

    monkeypatch.setattr(files, "fcntl", None)
    docs = load_seeds().documents
    src = write_jsonl(docs, tmp_path / "seeds.jsonl")
    out = tmp_path / "scores.csv"
    seen: list[tuple[int, str]] = []

    def second_writer(index, n):
        if index == 0:
            assert (tmp_path / "scores.csv.lock").read_text() == str(os.getpid())
            with redirect_stderr(io.StringIO()) as err:
                seen.append((main(["score-stream", str(src), "--out", str(out), "--no-progress"]), err.getvalue()))

    result = score_stream(src, out, 2, progress=False, score=words_scorer, on_chunk=second_writer)
    [(rc, err)] = seen
    assert rc == 2 and err.startswith("error:") and "being written by another run" in err
    assert f"process {os.getpid()}; if that run has ended, delete the lock file" in err
    rows = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(rows["doc_id"]) == list(docs["doc_id"]) and result.rows == 5
    assert out.read_text(encoding="utf-8").count("doc_id,") == 1 and read_manifest(out)["complete"]
    assert not (tmp_path / "scores.csv.lock").exists()
    assert score_stream(src, out, 2, progress=False, score=words_scorer).rows == 5  # lock released


def test_fallback_lock_across_two_processes(tmp_path):
    """The same with two processes, each without fcntl: the second stops with exit 2 while the
    first holds the lock file between chunks; the output then holds each seed once."""
    from analysis.corpus.load import load_seeds

    docs = load_seeds().documents
    src = write_jsonl(docs, tmp_path / "seeds.jsonl")
    out = tmp_path / "scores.csv"
    started, go = tmp_path / "started", tmp_path / "go"
    first = python(FIRST_WRITER, str(src), str(out), str(started), str(go), "no-fcntl", wait=False)
    try:
        wait_for(started, first)
        second = python(
            "import sys; from analysis.pipeline import files; files.fcntl = None\n"
            "from analysis.cli.app import main; sys.exit(main(sys.argv[1:]))",
            "score-stream",
            str(src),
            "--out",
            str(out),
            "--no-progress",
        )
        assert second.returncode == 2, second.stderr
        assert "being written by another run" in second.stderr and f"process {first.pid}" in second.stderr
        assert "Traceback" not in second.stderr
    finally:
        go.touch()
        _, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    rows = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(rows["doc_id"]) == list(docs["doc_id"])
    assert out.read_text(encoding="utf-8").count("doc_id,") == 1
    assert read_manifest(out)["complete"] and not (tmp_path / "scores.csv.lock").exists()


# A cache filler: waits until both fillers are ready (file barrier), then both write the same
# 16 MB entry at once through analysis.pipeline.cache.cached.
CACHE_FILLER = """
import sys, time
from pathlib import Path
from analysis.pipeline.cache import cached
entry, me, other = map(Path, sys.argv[1:4])
def compute():
    me.touch()
    while not other.exists():
        time.sleep(0.01)
    return b"x" * (16 << 20)
value = cached(entry, compute)
assert value == b"x" * (16 << 20)
print("ok")
"""


def test_two_processes_fill_one_cache_entry(tmp_path):
    """Main wrote both pickles through one fixed ``.tmp`` name: the second os.replace found it
    gone (FileNotFoundError). Each filler must succeed and leave one readable entry, no temp files."""
    entry = tmp_path / "cache" / "groups-abc.signed"
    a, b = tmp_path / "a.ready", tmp_path / "b.ready"
    procs = [
        python(CACHE_FILLER, str(entry), str(a), str(b), wait=False),
        python(CACHE_FILLER, str(entry), str(b), str(a), wait=False),
    ]
    results = [p.communicate(timeout=300) + (p.returncode,) for p in procs]
    for out, err, rc in results:
        assert rc == 0 and out.strip() == "ok", err
    from analysis.pipeline.store import signed_load

    assert signed_load(entry) == b"x" * (16 << 20)
    assert [p.name for p in entry.parent.iterdir()] == ["groups-abc.signed"]


def test_failed_atomic_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "entry.pkl"
    target.write_bytes(b"old")

    def broken(fh):
        fh.write(b"half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        atomic_write(target, broken)
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["entry.pkl"]
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"


class Interrupt(Exception):
    pass


def test_resume_notices_an_edit_in_the_middle_of_the_input(tmp_path):
    """The input is over 2 MiB; one word in its middle changes (same size). Main's fingerprint
    hashed only the first and last MiB, missed the edit and resumed onto stale rows."""
    docs = seeds_and_lee(slice(0, 1))
    src = tmp_path / "big.jsonl"
    write_jsonl(docs, src)
    filler = {
        "doc_id": "filler",
        "title": "",
        "publisher": "",
        "date": "",
        "corpus": "",
        "genre": "",
        "text": "word " * 600_000,
    }
    with src.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(filler) + "\n")
    out = tmp_path / "scores.csv"

    def stop(index, n):
        raise Interrupt

    with pytest.raises(Interrupt):
        score_stream(src, out, 2, progress=False, on_chunk=stop)
    data = bytearray(src.read_bytes())
    middle = data.index(b"word", len(data) // 2)
    data[middle : middle + 4] = b"ward"
    src.write_bytes(bytes(data))
    assert src.stat().st_size > 2 << 20
    with pytest.raises(ValueError, match="input differs"):
        score_stream(src, out, 2, resume=True, progress=False)
