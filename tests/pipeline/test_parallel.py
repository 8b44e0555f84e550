"""Chunking and ordered process maps (analysis.pipeline.parallel)."""

from __future__ import annotations

import pytest

from analysis.pipeline.parallel import available_jobs, background, chunk_bounds, map_ordered


def test_chunks_cover_every_item_once_in_order_with_similar_weight():
    # ten documents of 100 words and one of 1,000: two chunks of about 1,000 words each
    weights = [100] * 10 + [1000]
    bounds = chunk_bounds(weights, 2)
    assert bounds == [(0, 10), (10, 11)]
    assert chunk_bounds([5, 5, 5, 5], 8) == [(0, 1), (1, 2), (2, 3), (3, 4)]  # never more chunks than items
    assert chunk_bounds([], 3) == []
    assert chunk_bounds([0, 0, 0, 0], 2) == [(0, 2), (2, 4)]  # no weights: equal counts
    assert chunk_bounds([10] * 6, 6, min_weight=30) == [(0, 3), (3, 6)]  # at least 30 per chunk


def _square(x: int) -> int:
    if x == 7:
        raise ValueError("seven")
    return x * x


def test_results_come_back_in_input_order_from_two_processes():
    assert map_ordered(_square, [3, 1, 2, 5], jobs=2) == [9, 1, 4, 25]
    assert map_ordered(_square, [3, 1], jobs=1) == [9, 1]


def test_an_error_in_a_worker_is_raised_to_the_caller():
    with pytest.raises(ValueError, match="seven"):
        map_ordered(_square, [1, 7, 2], jobs=2)


def test_jobs_from_the_environment(monkeypatch):
    monkeypatch.setenv("FRAMING_JOBS", "1")
    assert available_jobs() == 1
    assert background(_square, 4).result() == 16  # one job: runs here, when asked
    monkeypatch.setenv("FRAMING_JOBS", "two")
    with pytest.raises(ValueError, match="FRAMING_JOBS must be a whole number"):
        available_jobs()
    monkeypatch.delenv("FRAMING_JOBS")
    assert available_jobs(3) == 3


def test_background_task_runs_in_another_process(monkeypatch):
    monkeypatch.setenv("FRAMING_JOBS", "2")
    assert background(_square, 6).result() == 36
    with pytest.raises(ValueError, match="seven"):
        background(_square, 7).result()


def _map_inside(tasks: list) -> list:
    return map_ordered(_square, tasks, jobs=2)


def test_a_daemonic_worker_maps_in_its_own_process():
    # a pool worker (like a Dask worker) may not start processes: the map runs there, serially
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(1) as pool:  # its workers are daemonic
        assert pool.apply(_map_inside, ([2, 3],)) == [4, 9]
