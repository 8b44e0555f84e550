"""Rebuild every figure in ``figures/`` (``python -m analysis figures``) and every report
(``python -m analysis report``) from the data, deterministically.

Each figure is one function call on tidy tables (``analysis.report.figures``), so any figure can also be
rebuilt alone in a notebook cell. Figures use all seven baselines unless told otherwise; the
research-only corpora contribute numbers, never text.
"""

from __future__ import annotations

import logging
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from analysis.report import figures
from analysis.config import FIGURES_DIR, REPORTS_DIR

log = logging.getLogger(__name__)

#: Measures shown in the forest plot (seeds vs each baseline group).
FOREST_MEASURES = ["loaded_per_1k", "loaded_authorial_per_1k", "loaded_model_per_1k", "loaded_model_authorial_per_1k",
                   "attributed_sentence_share",
                   "source_anonymous_unverifiable_share", "source_self_reference_share",
                   "hedges_per_1k", "boosters_per_1k", "quoted_word_share"]

SOURCE_ALL = "seeds (5 NCRI statements) vs Wikinews, White House, State Dept., Lee/ABC, Reuters-21578, AG News, BBC"


def _save(fig, out: Path, name: str) -> list[Path]:
    from analysis.report.style import save

    paths = save(fig, out / name)
    plt.close(fig)
    return paths


def build_figures(out: Path = FIGURES_DIR, baselines=None, fast: bool = False) -> list[Path]:
    """Compute the comparison tables and write every figure as PNG and SVG into ``out``."""
    from analysis.pipeline.cache import group_data, loaded_rates_by_voice, memo_call
    from analysis.compare.distinctive import log_odds_groups
    from analysis.corpus.groups import FAST_BASELINES
    from analysis.compare.stats import compare_groups

    out = Path(out)
    data = group_data(FAST_BASELINES if fast else baselines, max_docs=30 if fast else None)
    source = "seeds vs " + ", ".join(g for g in dict.fromkeys(data.documents["group"]) if g != "seeds") if fast else SOURCE_ALL
    written: list[Path] = []

    rates = loaded_rates_by_voice(data.spans, data.documents, group_col="group")
    written += _save(figures.loaded_by_subcategory(rates, group_col="group", source=source), out, "loaded_by_subcategory")

    written += _save(figures.loaded_lexicon_vs_model(data.profile, group_col="group", source=source), out,
                     "loaded_lexicon_vs_model")

    seeds_profile = data.profile[data.profile["group"] == "seeds"]
    written += _save(figures.source_mix(seeds_profile, label_col="doc_id", source="the five NCRI statements (seeds/)"),
                     out, "source_mix_seeds")
    written += _save(figures.hedges_vs_boosters(data.profile, group_col="group", source=source), out, "hedges_vs_boosters")
    written += _save(figures.readability_by_group(data.profile, group_col="group", source=source), out, "readability")

    # seeds as group_a against each baseline as group_b: effects read "seeds minus baseline"
    comparison = memo_call("compare_groups", compare_groups, data.profile, "group", FOREST_MEASURES, studied="seeds")
    written += _save(figures.forest_plot(comparison, source=source), out, "effect_sizes")

    # distinctive terms against topic-matched baselines (documents about Iraq/Iran), so the
    # contrast is not just "Iraq" vs "everything else"
    topical = group_data(FAST_BASELINES if fast else baselines, topic=True, max_docs=30 if fast else None)
    lo = memo_call("log_odds", log_odds_groups, topical.documents, "group", "seeds", rest=True, ngram_range=(1, 2),
                   prior_size=2000)
    n_base = int((topical.documents["group"] != "seeds").sum())
    written += _save(figures.distinctive_terms(lo, labels=("the statements", "the baselines"),
                                               source=f"{source}; baselines limited to documents about Iraq/Iran "
                                                      f"(n={n_base}); seeds n=5"),
                     out, "distinctive_terms")
    written += _save(validation_figure(fast=fast), out, "validation_prf")

    from analysis.compare.scorecard import group_scorecard
    from analysis.report.scorecard_figure import scorecard_figure

    card = group_scorecard(FAST_BASELINES if fast else baselines, max_docs=30 if fast else None)
    written += _save(scorecard_figure(card, "group", source=source), out, "reliability_scorecard")
    return written


def validation_figure(fast: bool = False):
    """P/R/F1 of our detectors beside the naive baselines, on the rows a reader should trust:
    held-out or cross-validated splits, token level (sentence macro-F1 for BABE)."""
    from analysis.pipeline.cache import validation_results

    res = validation_results(fast=fast)
    keep = res["level"].isin(["token", "sentence_macro"]) & ~res["split"].str.startswith("train (shipped")
    keep &= ~((res["benchmark"] == "polnear") & res["split"].str.startswith("train"))
    rows = res[keep].copy()
    rows["task"] = rows["benchmark"] + " " + rows["split"] + ": " + rows["task"]
    source = ("SemEval-2020 Task 11 PTC train (held-out 20% test split and 5-fold CV), BABE SG2 (held-out test "
              "split and all), PolNeAR dev, Szeged uncertainty test split; "
              "naive = published lexicons alone" + ("; FAST sample" if fast else ""))
    return figures.validation_prf(rows[["task", "detector", "precision", "recall", "f1"]], source=source)


def build_reports(out: Path = REPORTS_DIR, fast: bool = False) -> Path:
    """Execute every notebook into HTML, write annotated pages of the seeds, and the index."""
    from analysis.report.annotate import annotate
    from analysis.corpus.load import load_seeds
    from analysis.report.notebooks import build_reports as run_notebooks

    from analysis.corpus.groups import FAST_BASELINES
    from analysis.pipeline.cache import group_data

    out = Path(out)
    # the tables every notebook reads, filled once here rather than by several lanes at once
    group_data(FAST_BASELINES if fast else None, max_docs=30 if fast else None)
    pages = []
    for _, row in load_seeds().documents.iterrows():
        path = annotate(row).save(out / "documents" / f"{row['doc_id']}.html")
        pages.append((f"{row['doc_id']}: {row['title']}", path.relative_to(out).as_posix()))
    run_notebooks(out, params={"FAST": True} if fast else None, extra_pages=pages)
    return out / "index.html"
