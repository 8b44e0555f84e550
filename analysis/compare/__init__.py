"""Compare stage: group statistics and effect sizes (``stats``, ``resampling``), the comparisons of a
study (``comparison``), distinctive terms (``distinctive``), classifiers (``classify``, ``folds``)
and the source-reliability scorecard (``scorecard`` and the modules it draws on).

The names below are this stage's public surface, imported on first use (PEP 562); the modules
behind them are its implementation.
"""

from __future__ import annotations

import importlib

#: public name -> module of this package that defines it
_PUBLIC = {
    "compare_groups": "stats",
    "compare_study": "comparison",
    "compare": "comparison",
    "small_n_statement": "comparison",
    "log_odds_groups": "distinctive",
    "kwic": "distinctive",
    "cross_validate": "classify",
    "classify_pair": "classify",
    "build_scorecard": "scorecard",
    "study_scorecard": "scorecard",
    "reliability_index": "reliability_index",
    "within_genre": "scorecard_genre",
    "components_by_group": "scorecard_genre",
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
