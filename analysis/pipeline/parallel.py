"""Run independent pieces of work on every core, results in input order.

Used where a build spends minutes on per-document work that does not depend on other documents
(scoring the study's documents, the scorecard): the documents are cut into contiguous chunks of
similar size (:func:`chunk_bounds`), each chunk is one task, and :func:`map_ordered` returns the
tasks' results in the order given, so concatenating them gives exactly the serial result.

How many processes: ``FRAMING_JOBS`` when set (``1`` runs everything in this process), else the
cores this process may use. Workers are forked (Linux): they inherit the loaded lexicons and models,
and a user's script needs no ``if __name__ == "__main__"`` guard. Where fork is unavailable or
unsafe (macOS, Windows) and inside a daemonic worker (a Dask worker, a pool's worker) the work
runs in this process, one task after another.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor

__all__ = ["available_jobs", "background", "chunk_bounds", "map_ordered"]


def available_jobs(requested: int | None = None) -> int:
    """Processes to use: ``requested`` when given, else ``$FRAMING_JOBS``, else the usable cores."""
    if requested is None:
        env = os.environ.get("FRAMING_JOBS", "").strip()
        if env:
            try:
                requested = int(env)
            except ValueError as err:
                raise ValueError(f"FRAMING_JOBS must be a whole number, got {env!r}") from err
    if requested is None:
        try:
            requested = len(os.sched_getaffinity(0))
        except AttributeError:  # pragma: no cover - not on Linux
            requested = os.cpu_count() or 1
    return max(1, int(requested))


def chunk_bounds(weights: Sequence[float], n_chunks: int, min_weight: float = 0.0) -> list[tuple[int, int]]:
    """Cut ``len(weights)`` items into at most ``n_chunks`` contiguous ``(start, end)`` ranges of
    about equal total weight (e.g. words per document); no chunk lighter than ``min_weight``
    unless there is only one."""
    n = len(weights)
    if n == 0:
        return []
    total = float(sum(weights))
    if min_weight > 0 and total > 0:
        n_chunks = min(n_chunks, max(1, int(total // min_weight)))
    n_chunks = max(1, min(n_chunks, n))
    if total <= 0:  # no weights: equal numbers of items
        return [(i * n // n_chunks, (i + 1) * n // n_chunks) for i in range(n_chunks)]
    bounds, start, acc = [], 0, 0.0
    for i, w in enumerate(weights):
        acc += float(w)
        # close a chunk when the running total passes the next equal share
        if acc >= total * (len(bounds) + 1) / n_chunks and len(bounds) < n_chunks - 1 and i + 1 < n:
            bounds.append((start, i + 1))
            start = i + 1
    bounds.append((start, n))
    return bounds


def _context():
    """Fork where it exists (Linux): workers inherit the loaded lexicons and models and need no
    ``if __name__ == "__main__"`` guard in the caller's script. None elsewhere: work runs here."""
    if multiprocessing.current_process().daemon:  # a pool's or Dask's worker may not start processes
        return None
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return None


def map_ordered(func: Callable, tasks: Sequence, jobs: int | None = None) -> list:
    """``[func(t) for t in tasks]``, with the tasks spread over :func:`available_jobs` processes
    (``jobs`` overrides). ``func`` must be a module-level function and tasks picklable. An
    exception in a task is raised here, as in the serial loop."""
    tasks = list(tasks)
    jobs = min(available_jobs(jobs), len(tasks))
    if jobs <= 1 or _context() is None:
        return [func(t) for t in tasks]
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_context()) as pool:
        return list(pool.map(func, tasks))


class _Deferred:
    """The serial stand-in for a background task: runs when its result is asked for."""

    def __init__(self, func: Callable, args: tuple, kwargs: dict):
        self._call = (func, args, kwargs)

    def result(self):
        func, args, kwargs = self._call
        return func(*args, **kwargs)


def background(func: Callable, *args, **kwargs):
    """Start ``func(*args, **kwargs)`` in a separate process now and return an object whose
    ``result()`` waits for its value (or raises its exception). With one job (``FRAMING_JOBS=1``
    or one core) the call runs in this process when ``result()`` is called."""
    if available_jobs() <= 1 or _context() is None:
        return _Deferred(func, args, kwargs)
    pool = ProcessPoolExecutor(max_workers=1, mp_context=_context())
    future = pool.submit(func, *args, **kwargs)
    pool.shutdown(wait=False)  # the worker exits once its one task is done
    return future
