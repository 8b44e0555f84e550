"""Dask scoring on a LocalCluster (two worker processes, one thread each, on 127.0.0.1): the
same bytes as the single-process streaming run and the same frame as profile_frame."""

from __future__ import annotations

import io
import time
from contextlib import redirect_stderr
from pathlib import Path

import pandas as pd
import pytest
from support import seeds_and_lee, write_jsonl

pytest.importorskip("distributed")

from analysis.cli.app import main  # noqa: E402
from analysis.measures.profile import profile_frame  # noqa: E402
from analysis.pipeline.scale import DaskEngine, dask_client, ordered_map, score_frame, score_stream  # noqa: E402
from analysis.pipeline.streaming import read_manifest  # noqa: E402
from analysis.pipeline.streaming import score_stream as local_score_stream  # noqa: E402

CHUNK = 6


# every test here runs with warnings silenced (the shared ``quiet`` fixture in conftest.py)
pytestmark = pytest.mark.usefixtures("quiet")


@pytest.fixture(scope="module")
def docs() -> pd.DataFrame:
    return seeds_and_lee(slice(100, 125))


@pytest.fixture(scope="module")
def jsonl(docs, tmp_path_factory) -> Path:
    return write_jsonl(docs, tmp_path_factory.mktemp("in") / "corpus.jsonl")


@pytest.fixture(scope="module")
def local_output(jsonl, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("local") / "profile.csv"
    local_score_stream(jsonl, out, CHUNK, progress=False)
    return out


@pytest.fixture(scope="module")
def client():
    with dask_client(n_workers=2, threads_per_worker=1, processes=True) as c:
        yield c


def _square(x, delay):
    time.sleep(delay)
    return x * x


def test_ordered_map_keeps_order_and_bounds_tasks_in_flight(client):
    pulled = []

    def items():
        for i in range(8):
            pulled.append(i)
            yield (i, 0.2 if i % 3 == 0 else 0.0)  # early tasks finish last

    seen = []
    for r in ordered_map(client, _square, items(), max_in_flight=3):
        seen.append((r, len(pulled)))
    assert [r for r, _ in seen] == [i * i for i in range(8)]
    # when result k is handed out, at most k + 3 items have been taken from the stream
    assert all(n <= k + 3 for k, (_, n) in enumerate(seen))


def test_dask_stream_equals_local_run(jsonl, local_output, client, tmp_path):
    out = tmp_path / "dask.csv"
    result = score_stream(jsonl, out, CHUNK, client=client, progress=False)
    assert result.complete and result.rows == sum(1 for _ in jsonl.open())
    assert out.read_bytes() == local_output.read_bytes()
    assert read_manifest(out)["chunks"] == read_manifest(local_output)["chunks"]


def test_score_frame_equals_profile_frame(docs, client):
    expected = profile_frame(docs)
    got = score_frame(docs, client=client, partition_size=7)
    pd.testing.assert_frame_equal(got, expected)


def test_dask_run_interrupted_then_resumed_locally(jsonl, local_output, client, tmp_path):
    out = tmp_path / "profile.csv"

    def stop(i, n):
        if i == 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        score_stream(jsonl, out, CHUNK, client=client, progress=False, on_chunk=stop)
    assert [c["index"] for c in read_manifest(out)["chunks"]] == [0, 1]
    result = local_score_stream(jsonl, out, CHUNK, resume=True, progress=False)
    assert result.chunks_resumed == 2
    assert out.read_bytes() == local_output.read_bytes()


def test_cli_with_scheduler_address(jsonl, local_output, client, tmp_path):
    out = tmp_path / "cli.csv"
    address = client.scheduler.address
    assert address.startswith("tcp://127.0.0.1:")
    with redirect_stderr(io.StringIO()):
        rc = main(
            [
                "score-stream",
                str(jsonl),
                "--out",
                str(out),
                "--chunk-size",
                str(CHUNK),
                "--engine",
                "dask",
                "--scheduler",
                address,
                "--no-progress",
            ]
        )
    assert rc == 0 and out.read_bytes() == local_output.read_bytes()


def test_engine_bounds_in_flight_by_worker_threads(client):
    assert DaskEngine(client).max_in_flight == 4  # 2 workers x 1 thread, twice over
