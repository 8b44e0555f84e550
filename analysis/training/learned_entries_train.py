"""The ``train-loaded`` command: learn the loaded-language lexicon entries and the token model of
:mod:`analysis.training.learned_entries` from all of PTC train and store them (with 5-fold CV scores)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.training.learned_entries import (
    MODEL_DIR,
    fit_token_model,
    hand_lexicon,
    learn_entries,
    write_learned_entries,
)

# --------------------------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------------------------


def train_and_save(
    data_dir=None,
    lexicon_path: str | Path | None = None,
    model_dir: str | Path = MODEL_DIR,
    write_lexicon: bool = True,
    write_model: bool = True,
    cv: bool = True,
) -> pd.DataFrame:
    """Learn lexicon entries and the token model from all of PTC train and store them.

    With ``cv=True`` (default) the 5-fold document-level CV scores of both (learning re-run inside
    each fold) are computed first and stored in the model's JSON. Returns a summary table."""
    from analysis.validate.gold import load_ptc
    from analysis.validate.validation import ptc_cross_validation

    articles, gold = load_ptc("train", data_dir=data_dir)
    rows = []
    cv_scores = {}
    if cv:
        res = ptc_cross_validation(articles, gold, detectors=("lexicon_learned", "token_model"))
        for r in res.itertuples():
            if r.level == "token":
                cv_scores[r.detector] = {
                    "precision": round(r.precision, 4),
                    "recall": round(r.recall, 4),
                    "f1": round(r.f1, 4),
                }
            rows.append(
                {
                    "what": f"5-fold CV {r.detector} ({r.level})",
                    "value": f"P={r.precision:.3f} R={r.recall:.3f} F1={r.f1:.3f}",
                }
            )
    if write_lexicon:
        entries = learn_entries(articles, gold, hand_lexicon())
        path = write_learned_entries(entries, lexicon_path)
        rows.append({"what": "learned lexicon entries", "value": f"{len(entries)} -> {path}"})
    if write_model:
        model = fit_token_model(articles, gold)
        model.meta.update(
            {
                "trained_on": "SemEval-2020 Task 11 PTC train (Loaded_Language + Name_Calling,Labeling), "
                "all 371 articles",
                "cv_5fold_token": cv_scores.get("token_model", {}),
                "cv_folds": "sha1(doc_id) mod 5",
            }
        )
        csv_path, _ = model.save(model_dir)
        rows.append(
            {
                "what": "token model",
                "value": f"{len(model.weights)} weights -> {csv_path} ({csv_path.stat().st_size / 1e6:.2f} MB)",
            }
        )
    return pd.DataFrame(rows)
