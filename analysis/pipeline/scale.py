"""The same scoring on a Dask cluster: streamed files and in-memory frames.

Scoring is embarrassingly parallel: every document is profiled on its own. This module sends
chunks of records to ``dask.distributed`` workers as futures and collects the results **in input
order**, so the output is identical, byte for byte, to the single-process run
(:func:`analysis.pipeline.streaming.score_stream`); only the work moves.

* :func:`score_stream` (``python -m analysis score-stream IN --out OUT --engine dask``): the
  streaming run of :mod:`analysis.pipeline.streaming` (chunks, manifest, resume) with chunks scored on the
  cluster. The client process reads the input and writes the output; workers get records and
  return score rows, so workers need no access to the files. At most ``max_in_flight`` chunks
  (default: twice the number of worker threads) are submitted and not yet written, which bounds
  the memory of the client and of the cluster.
* :func:`score_frame`: a documents frame already in memory, split into partitions scored on the
  cluster; equal to :func:`analysis.measures.profile.profile_frame` on the same frame.
* :func:`dask_client`: a context manager giving a client for ``scheduler`` (an address) or, when
  none is given, for a new ``LocalCluster`` on 127.0.0.1 (one thread per worker process: the
  profile is pure Python and holds the GIL, so processes, not threads, give parallelism).

Running on a real cluster
-------------------------
1. Install the package, with the same pins, on the scheduler, every worker machine and the client
   (``pip install -c constraints.txt -e ".[scale]"`` in a checkout of the same commit). Workers
   import :mod:`analysis` to score, so a worker without it fails the task with
   ``ModuleNotFoundError``. Set ``FRAMING_BENCHMARK_DIR`` on the workers too when the MPQA clue list
   is wanted (``strong_subjective_per_1k``); without it that column is NaN.
2. Start a scheduler: ``dask scheduler --port 8786`` (older releases: ``dask-scheduler``).
3. Start workers on each machine, one process per core and one thread each:
   ``dask worker tcp://SCHEDULER:8786 --nworkers auto --nthreads 1`` (older: ``dask-worker``).
4. Run on the client: ``python -m analysis score-stream corpus.jsonl --out profile.csv --engine
   dask --scheduler tcp://SCHEDULER:8786 --chunk-size 500``. An interrupted run continues with
   ``--resume`` (on either engine: the manifest does not depend on where chunks were scored).

Chunk size: a chunk is one task; a few hundred documents per chunk keep the per-task overhead
(milliseconds) small against the scoring time (news articles profile at several hundred per second
per core) while keeping memory small.
"""

from __future__ import annotations

import contextlib
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.pipeline.streaming import Scorer, StreamResult, score_records
from analysis.pipeline.streaming import score_stream as _score_stream


def ordered_map(client, fn: Callable, items: Iterable[tuple], max_in_flight: int = 4) -> Iterator[Any]:
    """``fn(*args)`` for every ``args`` in ``items``, computed on the cluster, yielded in input
    order. ``items`` is consumed lazily: at most ``max_in_flight`` tasks are submitted and not yet
    yielded, so an unbounded stream runs in bounded memory. A task's exception is raised here."""
    if max_in_flight < 1:
        raise ValueError(f"max_in_flight must be at least 1, not {max_in_flight}")
    pending: deque = deque()
    try:
        for args in items:
            pending.append(client.submit(fn, *args, pure=False))
            if len(pending) >= max_in_flight:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for fut in pending:  # interrupted: do not leave work running on the cluster
            fut.cancel()


def _worker_threads(client) -> int:
    try:
        return max(1, sum(client.nthreads().values()))
    except Exception:  # pragma: no cover - a scheduler that does not answer is reported on submit
        return 1


class DaskEngine:
    """The engine :func:`analysis.pipeline.streaming.score_stream` uses to score chunks on a cluster."""

    name = "dask"

    def __init__(self, client, max_in_flight: int | None = None):
        self.client = client
        self.max_in_flight = max_in_flight or 2 * _worker_threads(client)

    def map(self, fn: Callable, items: Iterable[tuple]) -> Iterator:
        return ordered_map(self.client, fn, items, self.max_in_flight)


@contextlib.contextmanager
def dask_client(
    scheduler: str | None = None, n_workers: int | None = None, threads_per_worker: int = 1, processes: bool = True
):
    """A ``distributed.Client``: connected to ``scheduler`` (e.g. ``tcp://host:8786``), or, when
    None, to a new LocalCluster on 127.0.0.1 with ``n_workers`` (default: the number of cores)
    workers of ``threads_per_worker`` threads, closed on exit. No dashboard is started. A
    scheduler that cannot be reached within Dask's connect timeout (``distributed.comm.timeouts.connect``,
    30 s by default) is an OSError naming the address and what to do."""
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler)
        except (OSError, TimeoutError) as err:
            raise OSError(
                f"cannot reach the Dask scheduler at {scheduler} ({err}); start one with `dask scheduler` "
                "and workers with `dask worker ADDRESS`, or check --scheduler"
            ) from None
        try:
            yield client
        finally:
            client.close()
        return
    cluster = LocalCluster(
        n_workers=n_workers or os.cpu_count() or 1,
        threads_per_worker=threads_per_worker,
        processes=processes,
        host="127.0.0.1",
        dashboard_address=None,
    )
    try:
        with Client(cluster) as client:
            yield client
    finally:
        cluster.close()


def score_stream(
    input: str | Path,
    output: str | Path,
    chunk_size: int = 1000,
    *,
    scheduler: str | None = None,
    client=None,
    n_workers: int | None = None,
    max_in_flight: int | None = None,
    **kwargs,
) -> StreamResult:
    """:func:`analysis.pipeline.streaming.score_stream` with chunks scored on Dask: on ``client`` if given,
    else on the cluster at ``scheduler``, else on a LocalCluster of ``n_workers`` processes.
    Other keyword arguments (``resume``, ``score``, ``corpus``, ``genre``, ``clean``, ``progress``,
    ``on_chunk``) are those of the streaming run."""
    if client is not None:
        return _score_stream(input, output, chunk_size, engine=DaskEngine(client, max_in_flight), **kwargs)
    with dask_client(scheduler, n_workers=n_workers) as c:
        return _score_stream(input, output, chunk_size, engine=DaskEngine(c, max_in_flight), **kwargs)


def _score_partition(index: int, documents: pd.DataFrame, score: Scorer | None) -> tuple[int, pd.DataFrame]:
    from analysis.pipeline.streaming import profile_scorer

    return index, (score or profile_scorer)(documents)


def score_frame(
    documents: pd.DataFrame,
    *,
    scheduler: str | None = None,
    client=None,
    partition_size: int = 200,
    score: Scorer | None = None,
    n_workers: int | None = None,
) -> pd.DataFrame:
    """Score a documents frame in partitions of ``partition_size`` rows on Dask; the result equals
    ``score(documents)`` (default: :func:`analysis.measures.profile.profile_frame`), rows in input order."""
    if partition_size < 1:
        raise ValueError(f"partition_size must be at least 1, not {partition_size}")
    if documents.empty:
        return (score or _default_score())(documents)

    def run(c) -> pd.DataFrame:
        parts = (
            (i, documents.iloc[s : s + partition_size].reset_index(drop=True), score)
            for i, s in enumerate(range(0, len(documents), partition_size))
        )
        frames = [f for _, f in ordered_map(c, _score_partition, parts, 2 * _worker_threads(c))]
        return pd.concat(frames, ignore_index=True)

    if client is not None:
        return run(client)
    with dask_client(scheduler, n_workers=n_workers) as c:
        return run(c)


def _default_score() -> Scorer:
    from analysis.pipeline.streaming import profile_scorer

    return profile_scorer


__all__ = ["DaskEngine", "dask_client", "ordered_map", "score_frame", "score_records", "score_stream"]
