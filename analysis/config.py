"""One place for paths: project root, seeds, figures, reports and the external data folders.

External data (baselines, benchmarks) is never copied into the repository. It is found, in order,
from an explicit argument, an environment variable, or ``../shared`` beside the project.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
SEEDS_DIR = PROJECT_ROOT / "seeds"
FIGURES_DIR = PROJECT_ROOT / "figures"
REPORTS_DIR = PROJECT_ROOT / "reports"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
LEXICON_DIR = PACKAGE_DIR / "lexicons"
#: The shared data folder (``../shared`` beside the project, or ``$FRAMING_SHARED_DIR``).
SHARED_DIR = Path(os.environ.get("FRAMING_SHARED_DIR") or PROJECT_ROOT.parent / "shared")
#: Where figures built from fewer baselines than the committed ones go (never over figures/).
AVAILABLE_FIGURES_DIR = PROJECT_ROOT / "figures-available"

#: Environment variables that name the external data folders.
DATA_ENV = "FRAMING_DATA_DIR"
GOLD_ENV = "FRAMING_GOLD_DIR"
#: Older name of GOLD_ENV, still read.
BENCHMARK_ENV = "FRAMING_BENCHMARK_DIR"
CACHE_ENV = "FRAMING_CACHE_DIR"

#: Seed used by every random process (bootstrap, permutation, cross-validation).
RANDOM_SEED = 20131


def _first_existing(*candidates: str | Path | None) -> Path | None:
    for c in candidates:
        if c and Path(c).expanduser().is_dir():
            return Path(c).expanduser().resolve()
    return None


def baseline_dir(explicit: str | Path | None = None) -> Path | None:
    """Folder holding the shared baseline corpora, or None when none is available."""
    return _first_existing(explicit, os.environ.get(DATA_ENV), SHARED_DIR / "baselines")


def gold_dir(explicit: str | Path | None = None) -> Path | None:
    """Folder holding the externally annotated gold data (``../shared/benchmarks``), or None."""
    return _first_existing(explicit, os.environ.get(GOLD_ENV), os.environ.get(BENCHMARK_ENV), SHARED_DIR / "benchmarks")


#: Older name of :func:`gold_dir`.
benchmark_dir = gold_dir


def cache_dir() -> Path:
    """The one cache root (created on demand): downloaded corpora in ``baselines/``, computed
    results in ``results/`` (:mod:`analysis.pipeline.cache`). ``$FRAMING_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/framing-lab``, else ``~/.cache/framing-lab``."""
    root = os.environ.get(CACHE_ENV) or os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    path = Path(root) / "framing-lab" if not os.environ.get(CACHE_ENV) else Path(root)
    return path


class BenchmarkUnavailable(RuntimeError):
    """A benchmark's files are not in the gold folder (or no folder was found)."""


def gold_root(explicit: str | Path | None, benchmark: str) -> Path:
    """The gold folder for reading ``benchmark`` (:func:`gold_dir`); BenchmarkUnavailable when an
    explicit folder does not exist or none is found."""
    if explicit is not None and not Path(explicit).expanduser().is_dir():
        raise BenchmarkUnavailable(f"{benchmark}: benchmark folder {Path(explicit).expanduser()} does not exist")
    root = gold_dir(explicit)
    if root is None:
        raise BenchmarkUnavailable(
            f"{benchmark}: no benchmark folder found (pass data_dir=..., set $FRAMING_GOLD_DIR, "
            "or place the data in ../shared/benchmarks)"
        )
    return root
