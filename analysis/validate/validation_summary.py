"""Which validation rows a reader should trust, and the plain-words summary of them.

:func:`headline_rows` is the one selection used by the validation figure
(:func:`analysis.report.build.validation_figure`) and by notebook 06: rows of
:func:`analysis.validate.validation.run_validation` on data the detector was not fitted or tuned
on, at token level (sentence macro-F1 for BABE's sentence task). :func:`plain_summary` writes one
sentence per benchmark from the same table, comparing our best detector with the best naive list.
"""

from __future__ import annotations

import re

import pandas as pd

__all__ = ["HEADLINE_LEVELS", "is_held_out", "headline_rows", "best_row", "plain_summary", "figure_source"]

#: Levels shown in the headline: per token, and BABE's sentence task macro-averaged over both classes.
HEADLINE_LEVELS = ("token", "sentence_macro")
# a split the detectors never saw while fitting or tuning: held-out test, PolNeAR dev, all of BABE
# SG2 (never used for any choice), or document-level cross-validation (refitted inside each fold)
_HELD_OUT = re.compile(r"^(?:test|dev|SG2)\b|^train \(\d+-fold")


def is_held_out(split: str) -> bool:
    """True for a split label of ``run_validation`` that is held out or cross-validated; False for
    the tuning splits (``train (70% ...)``, PolNeAR ``train (reference ...)``) and the in-sample
    fast rows (``train (first N docs)``)."""
    return bool(_HELD_OUT.search(str(split)))


def headline_rows(results: pd.DataFrame) -> pd.DataFrame:
    """The rows a reader should trust: :func:`is_held_out` splits at :data:`HEADLINE_LEVELS`
    (BABE's sentence task only macro-averaged); columns and order as in ``results``. The
    validation figure draws these rows
    (:func:`analysis.report.validation_figure.validation_rows` adds its panel labels)."""
    keep = results["level"].isin(HEADLINE_LEVELS) & results["split"].map(is_held_out)
    keep &= ~((results["task"] == "loaded_sentence") & (results["level"] != "sentence_macro"))
    return results[keep].reset_index(drop=True)


def figure_source(fast: bool = False) -> str:
    """Source line of the validation figure."""
    return (
        "SemEval-2020 Task 11 PTC train (held-out 20% test split and 5-fold CV), BABE SG2 (held-out test "
        "split and all), PolNeAR dev, Szeged uncertainty test split; "
        "naive = published lexicons alone" + ("; FAST sample" if fast else "")
    )


def best_row(
    results: pd.DataFrame, benchmark: str, task: str, family: str, level: str = "token", split_prefix: str | None = None
) -> pd.Series | None:
    """The row with the highest F1 among held-out rows of one benchmark, task, family and level
    (splits starting with ``split_prefix`` only, when given); None when there is none."""
    r = results[
        (results["benchmark"] == benchmark)
        & (results["task"] == task)
        & (results["family"] == family)
        & (results["level"] == level)
        & results["split"].map(is_held_out)
    ]
    if split_prefix:
        r = r[r["split"].str.startswith(split_prefix)]
    return None if r.empty else r.sort_values("f1", ascending=False).iloc[0]


def _say(label: str, ours: pd.Series | None, naive: pd.Series | None, unit: str = "words") -> str:
    if ours is None:
        return f"* {label}: not measured (benchmark files missing)."
    s = (
        f"* **{label}** ({ours['split']}): our best detector (`{ours['detector']}`) finds "
        f"{ours['recall']:.0%} of the annotated {unit}, and {ours['precision']:.0%} of what it marks was "
        f"annotated (F1 {ours['f1']:.2f}, 95 % interval {ours['ci_low']:.2f}-{ours['ci_high']:.2f})."
    )
    if naive is not None:
        verdict = (
            "better than"
            if ours["f1"] > naive["ci_high"]
            else ("worse than" if ours["f1"] < naive["ci_low"] else "about the same as")
        )
        s += f" That is {verdict} the best bare word list (`{naive['detector']}`, F1 {naive['f1']:.2f})."
    return s


#: label -> (benchmark, task, level, split prefix, unit) of each plain-words line.
_LINES = {
    "Loaded language, PTC": ("ptc", "loaded", "token", None, "words"),
    "Biased sentences, BABE (macro-averaged)": (
        "babe",
        "loaded_sentence",
        "sentence_macro",
        None,
        "sentences (both classes)",
    ),
    "Biased words, BABE": ("babe", "loaded_word", "token", None, "words"),
    "Attribution cues, PolNeAR": ("polnear", "attribution_cue", "token", "dev", "words"),
    "Attribution sources, PolNeAR": ("polnear", "attribution_source", "token", "dev", "words"),
    "Hedges, Szeged news": ("szeged_news", "hedge", "token", "test", "words"),
    "Hedges, Szeged Wikipedia": ("szeged_wikipedia", "hedge", "token", "test", "words"),
}


def plain_summary(results: pd.DataFrame) -> str:
    """Markdown bullets, one per benchmark task: our best held-out detector (recall, precision,
    F1 with its interval) and whether it beats the best naive list's interval."""
    lines = []
    for label, (bench, task, level, prefix, unit) in _LINES.items():
        ours = best_row(results, bench, task, "ours", level, prefix)
        naive = best_row(results, bench, task, "naive", level, prefix)
        lines.append(_say(label, ours, naive, unit))
    return "\n".join(lines)
