"""Validation: detectors against externally annotated gold, beside naive baselines. ``gold`` reads
the benchmarks, ``metrics`` and ``scoring`` score spans and sentences with intervals, ``validation``
runs every benchmark (``validation_loaded``, ``validation_spans``, ``validation_errors``,
``validation_summary``), ``source_type_gold`` scores source types against the project's gold.

The names below are this stage's public surface, imported on first use (PEP 562); the modules
behind them are its implementation.
"""

from __future__ import annotations

import importlib

#: public name -> module of this package that defines it
_PUBLIC = {
    "run_validation": "validation",
    "validation_results": "validation",
    "summary_table": "validation",
    "score_spans": "scoring",
    "score_source_types": "source_type_gold",
    "BenchmarkUnavailable": "gold",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
