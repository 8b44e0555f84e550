"""Report stage: figures (``figures``, ``forest``, ``scorecard_figure``, ``validation_figure``,
``style``), annotated documents (``annotate``, ``annotate_pages``), the term explorer (``explorer``),
sentences computed from the numbers (``narrative``), executed notebooks (``notebooks``) and the
build of a study's figures and reports (``build``).

The names below are this stage's public surface, imported on first use (PEP 562); the modules
behind them are its implementation.
"""

from __future__ import annotations

import importlib

#: public name -> module of this package that defines it
_PUBLIC = {
    "build_figures": "build",
    "build_reports": "build",
    "open_study": "build",
    "annotate": "annotate",
    "write_annotated": "annotate_pages",
    "write_explorer": "explorer",
    "format_p": "narrative",
    "holm_sentence": "narrative",
    "design_sentences": "narrative",
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
