"""Shared fixtures and markers.

``requires_shared`` skips a test, with a reason, when the external data folder (``../shared``:
baselines and gold benchmarks) is absent, so ``make test`` passes with and without it.
"""

from __future__ import annotations

import warnings

import pytest

from analysis import config as framing_config


def shared_missing_reason() -> str | None:
    """Why the shared data cannot be used, or None when both folders are there."""
    if framing_config.baseline_dir() is None:
        return "shared baselines not found (set FRAMING_DATA_DIR or place ../shared beside the project)"
    if framing_config.gold_dir() is None:
        return "shared gold data not found (set FRAMING_GOLD_DIR or place ../shared beside the project)"
    return None


def pytest_configure(config):  # noqa: D103 - pytest hook
    config.addinivalue_line("markers", "requires_shared: needs ../shared (baselines and gold data)")


def pytest_collection_modifyitems(config, items):  # noqa: D103 - pytest hook
    reason = shared_missing_reason()
    if reason is None:
        return
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if "requires_shared" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def shared():
    """The shared data folder (``baselines/`` and ``seeds/`` inside it); skips when it is absent.
    (tests/corpus/test_baselines.py overrides it with the baselines folder itself.)"""
    root = framing_config.baseline_dir()
    if root is None or not (root.parent / "seeds").is_dir():
        pytest.skip("shared folder not found (set FRAMING_DATA_DIR or provide ../shared with baselines/ and seeds/)")
    return root.parent


@pytest.fixture
def quiet():
    """Silence warnings (load-report notes) inside one test."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield
