"""Pipeline: the one study assembly (``study``: :func:`build_study`), scoring a study in cached
chunks on every core (``scoring``, ``parallel``), content-keyed caches that cannot run code
(``cache``, ``store``), safe file writes (``files``), streaming corpora larger than memory
(``streaming``) and the Dask engine (``scale``).

The names below are this stage's public surface, imported on first use (PEP 562); the modules
behind them are its implementation.
"""

from __future__ import annotations

import importlib

#: public name -> module of this package that defines it
_PUBLIC = {
    "build_study": "study",
    "Study": "study",
    "score_study": "scoring",
    "memo_call": "cache",
    "score_stream": "streaming",
    "map_ordered": "parallel",
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
