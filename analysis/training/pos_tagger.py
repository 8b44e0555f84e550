"""Train the CRF part-of-speech tagger of :mod:`analysis.measures.pos_tags` on UD English EWT.

Data: the Universal Dependencies English Web Treebank (UD_English-EWT, commit ``15d613d8``,
CC BY-SA 4.0; Silveira et al. 2014), of which only dev and test are in the shared folder. The
tagger is **trained on dev** (2,001 sentences) and **measured once on test** (2,077 sentences);
the penalties are chosen on a held-out fifth of the dev documents (``sha1(doc_id) % 5 == 0``)
with models fitted on the other four fifths, then the chosen setting is refitted on all of dev.
Labels are the Penn Treebank tags (the ``XPOS`` column).

The naive baseline beside it is the most frequent tag of each word in dev (unknown words: the
most frequent tag of their 3-letter suffix, else NN), the usual unigram baseline.

Run ``python -m analysis.training.pos_tagger`` to rebuild ``analysis/models/pos_ewt.crfsuite`` and
its sidecar ``pos_ewt.json`` (licence, data, split, features, penalties and how they were chosen,
scores). About a minute of CPU per fit.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from analysis import __version__
from analysis.measures.pos_tags import FEATURE_VERSION, MODEL_DIR, MODEL_STEM, token_features
from analysis.training.ud_ewt import Sentence, ewt_path, read_conllu

__all__ = ["GRID", "fit", "tag_all", "accuracy", "bootstrap_accuracy", "unigram_baseline", "train"]

#: (c1, c2) penalties tried on the held-out slice of dev.
GRID = ((0.05, 0.01), (0.05, 0.1), (0.25, 0.01), (0.25, 0.1))
MAX_ITERATIONS = 150
LICENCE = "CC BY-SA 4.0"
CREDIT = (
    "Universal Dependencies English Web Treebank (UD_English-EWT), Silveira et al. 2014, "
    "https://universaldependencies.org, repository UniversalDependencies/UD_English-EWT commit 15d613d8; "
    "CC BY-SA 4.0. This model is a derived work and is shared under the same licence."
)


def _heldout(doc_id: str) -> bool:
    return int(hashlib.sha1(doc_id.encode("utf-8")).hexdigest(), 16) % 5 == 0


def fit(sentences: list[Sentence], path: str | Path, c1: float, c2: float) -> None:
    """Fit a CRF (L-BFGS, L1 ``c1`` + L2 ``c2``) on gold XPOS tags and write it to ``path``."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for s in sentences:
        trainer.append(token_features(s.words), [t.xpos for t in s.tokens])
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": MAX_ITERATIONS, "feature.possible_transitions": True})
    trainer.train(str(path))


def tag_all(path: str | Path, sentences: list[Sentence]) -> list[list[str]]:
    """Predicted tags of every sentence with the model at ``path``."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return [tagger.tag(token_features(s.words)) for s in sentences]


def accuracy(sentences: list[Sentence], predicted: list[list[str]], tags: set[str] | None = None) -> float:
    """Token accuracy (of the tokens whose gold tag is in ``tags``, when given)."""
    right = total = 0
    for s, pred in zip(sentences, predicted, strict=True):
        for t, p in zip(s.tokens, pred, strict=True):
            if tags is None or t.xpos in tags:
                total += 1
                right += t.xpos == p
    return right / total if total else float("nan")


def bootstrap_accuracy(
    sentences: list[Sentence], predicted: list[list[str]], n: int = 2000, seed: int = 20131
) -> tuple[float, float]:
    """95% percentile interval of token accuracy, resampling whole documents."""
    per_doc: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for s, pred in zip(sentences, predicted, strict=True):
        d = per_doc[s.doc_id]
        d[0] += sum(t.xpos == p for t, p in zip(s.tokens, pred, strict=True))
        d[1] += len(s.tokens)
    counts = np.array(list(per_doc.values()), dtype=float)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(counts), size=(n, len(counts)))
    acc = counts[idx, 0].sum(1) / counts[idx, 1].sum(1)
    return float(np.percentile(acc, 2.5)), float(np.percentile(acc, 97.5))


def unigram_baseline(train: list[Sentence]):
    """A function tagging a sentence with each word's most frequent training tag (unknown words:
    the most frequent tag of their last three letters, else NN)."""
    by_word: dict[str, Counter] = defaultdict(Counter)
    by_suffix: dict[str, Counter] = defaultdict(Counter)
    for s in train:
        for t in s.tokens:
            by_word[t.form.lower()][t.xpos] += 1
            by_suffix[t.form.lower()[-3:]][t.xpos] += 1
    best = {w: c.most_common(1)[0][0] for w, c in by_word.items()}
    best_suffix = {w: c.most_common(1)[0][0] for w, c in by_suffix.items()}

    def tag(words: list[str]) -> list[str]:
        return [best.get(w.lower()) or best_suffix.get(w.lower()[-3:], "NN") for w in words]

    return tag


def train(out_dir: str | Path = MODEL_DIR, gold_dir: str | Path | None = None) -> dict:
    """Choose penalties on the dev slice, refit on all of dev, measure once on test, write the
    model and its sidecar; returns the sidecar."""
    out_dir = Path(out_dir)
    dev = read_conllu(ewt_path("dev", gold_dir))
    test = read_conllu(ewt_path("test", gold_dir))
    inner = [s for s in dev if not _heldout(s.doc_id)]
    held = [s for s in dev if _heldout(s.doc_id)]
    tmp = out_dir / f".{MODEL_STEM}.select.crfsuite"
    grid_scores = []
    for c1, c2 in GRID:
        fit(inner, tmp, c1, c2)
        grid_scores.append({"c1": c1, "c2": c2, "heldout_accuracy": round(accuracy(held, tag_all(tmp, held)), 4)})
    tmp.unlink(missing_ok=True)
    chosen = max(grid_scores, key=lambda g: g["heldout_accuracy"])
    start = time.process_time()
    model = out_dir / f"{MODEL_STEM}.crfsuite"
    fit(dev, model, chosen["c1"], chosen["c2"])
    fit_seconds = time.process_time() - start
    pred = tag_all(model, test)
    naive = unigram_baseline(dev)
    naive_pred = [naive(s.words) for s in test]
    verb_tags = {"VBD", "VBN"}
    meta = {
        "model": f"{MODEL_STEM}.crfsuite",
        "what": "Penn Treebank part-of-speech tagger (linear-chain CRF, CRFsuite L-BFGS)",
        "licence": LICENCE,
        "credit": CREDIT,
        "training_data": "ud-english-ewt/data/en_ewt-ud-dev.conllu (all 2,001 sentences), gold XPOS",
        "test_data": "ud-english-ewt/data/en_ewt-ud-test.conllu (2,077 sentences), scored once",
        "selection": "penalties chosen on dev documents with sha1(doc_id) % 5 == 0, fitted on the other dev documents",
        "grid": grid_scores,
        "c1": chosen["c1"],
        "c2": chosen["c2"],
        "max_iterations": MAX_ITERATIONS,
        "features": "lower-cased word, 1-4 char suffixes, 1-3 char prefixes, shape, capitalisation, digits; "
        "words and 3-char suffixes at +-1, words at +-2, previous word|word pair, sentence start/end",
        "feature_version": FEATURE_VERSION,
        "fit_cpu_seconds": round(fit_seconds, 1),
        "test_accuracy": round(accuracy(test, pred), 4),
        "test_accuracy_ci95": [round(x, 4) for x in bootstrap_accuracy(test, pred)],
        "test_accuracy_vbd_vbn": round(accuracy(test, pred, verb_tags), 4),
        "naive_unigram_test_accuracy": round(accuracy(test, naive_pred), 4),
        "naive_unigram_test_accuracy_ci95": [round(x, 4) for x in bootstrap_accuracy(test, naive_pred)],
        "naive_unigram_test_accuracy_vbd_vbn": round(accuracy(test, naive_pred, verb_tags), 4),
        "ci_method": "95% percentile bootstrap, 2,000 resamples of whole test documents",
        "package_version": __version__,
        "date": _dt.date.today().isoformat(),
    }
    (out_dir / f"{MODEL_STEM}.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return meta


if __name__ == "__main__":  # pragma: no cover - the training entry point
    print(json.dumps(train(), indent=1))
