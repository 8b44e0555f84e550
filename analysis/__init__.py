"""Media-framing and source-reliability lab.

The subpackages follow the pipeline, one hand-off table between stages:

``corpus``   documents and sentences (readers, cleaning, sentence bounds, baselines, the study spec)
``measures`` spans and attributions tables, readability, the per-document profile, run-time models
``compare``  group statistics, effect sizes, distinctive terms, classifiers, reliability scorecard
``validate`` detectors against external gold (readers, metrics, naive baselines)
``training`` the learned models and lexicon entries (run by ``train-*``; run time imports none of it)
``report``   figures, annotated documents, executed notebooks and HTML reports
``pipeline`` the one study assembly (``build_study``), content-keyed caches, streaming, the Dask engine
``cli``      ``python -m analysis <command>``

The names below are the public entry points. They are imported on first use (PEP 562), so
``import analysis`` stays light (no scikit-learn or matplotlib until a function needs them).
"""

from __future__ import annotations

import importlib

__version__ = "0.2.0"

#: public name -> module that defines it
_PUBLIC = {
    # corpus
    "load_corpus": "analysis.corpus.load",
    "load_seeds": "analysis.corpus.load",
    "make_documents": "analysis.corpus.load",
    "StudySpec": "analysis.corpus.study",
    "sentences_frame": "analysis.corpus.load",
    "load_baseline": "analysis.corpus.baselines",
    "available_baselines": "analysis.corpus.baselines",
    "BaselineUnavailable": "analysis.corpus.baselines",
    # measures
    "corpus_spans": "analysis.measures.spans",
    "document_spans": "analysis.measures.spans",
    "find_attributions": "analysis.measures.attribution",
    "tag_document": "analysis.measures.attribution_tagger",
    "tagged_attribution_records": "analysis.measures.attribution_tagger",
    "find_quotations": "analysis.measures.quotes",
    "readability": "analysis.measures.readability",
    "profile_frame": "analysis.measures.profile",
    "ScoringContext": "analysis.measures.context",
    "ProfileTransformer": "analysis.measures.profile_transformer",
    "load_lexicon": "analysis.measures.lexicon",
    # compare
    "compare_groups": "analysis.compare.stats",
    "compare": "analysis.compare.comparison",
    "compare_study": "analysis.compare.comparison",
    "log_odds_groups": "analysis.compare.distinctive",
    "kwic": "analysis.compare.distinctive",
    "classify_pair": "analysis.compare.classify",
    "build_scorecard": "analysis.compare.scorecard",
    "study_scorecard": "analysis.compare.scorecard",
    # validate
    "run_validation": "analysis.validate.validation",
    "score_source_types": "analysis.validate.source_type_gold",
    # report
    "annotate": "analysis.report.annotate",
    "write_annotated": "analysis.report.annotate_pages",
    "write_explorer": "analysis.report.explorer",
    "format_p": "analysis.report.narrative",
    "holm_sentence": "analysis.report.narrative",
    "build_figures": "analysis.report.build",
    "build_reports": "analysis.report.build",
    # pipeline
    "build_study": "analysis.pipeline.study",
    "Study": "analysis.pipeline.study",
    "score_stream": "analysis.pipeline.streaming",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
