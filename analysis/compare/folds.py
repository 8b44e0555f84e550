"""Cross-validation folds of :mod:`analysis.compare.classify`: each fold holds out one neutral corpus
and one seed together (:class:`LeaveOneSeedOneCorpusOut`), with the leak checks (:func:`check_folds`)
and the inner folds used to calibrate scores inside a training fold (:func:`inner_test_fold`)."""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.model_selection import BaseCrossValidator

from analysis.config import RANDOM_SEED

# --------------------------------------------------------------------------------------------
# Folds
# --------------------------------------------------------------------------------------------


class FoldLeak(ValueError):
    """A fold trains and tests on the same document, or on the same neutral corpus."""


@dataclass(frozen=True)
class Fold:
    """One outer fold: positions into the documents frame."""

    fold: int
    held_out_corpus: str
    held_out_doc: str
    train: np.ndarray = field(repr=False)
    test: np.ndarray = field(repr=False)


class LeaveOneSeedOneCorpusOut(BaseCrossValidator):
    """Hold out one positive document and one whole negative corpus per fold (see module docstring).

    ``groups``: the corpus/group label of each sample; samples labelled ``positive`` are the
    positive class, split one document at a time; every other label is a corpus, held out whole.
    Folds run corpus by corpus (sorted labels), and within a corpus seed by seed (sample order;
    :func:`cross_validate` sorts its rows by group and doc_id first).
    Needs at least two negative corpora (else training would have no negatives) and two positives.
    """

    def __init__(self, positive: Hashable = "seeds"):
        self.positive = positive

    def _parts(self, groups) -> tuple[np.ndarray, list]:
        if groups is None:
            raise ValueError("the 'groups' parameter should not be None")
        groups = np.asarray(groups, dtype=object)
        pos = np.flatnonzero(groups == self.positive)
        corpora = sorted({g for g in groups if g != self.positive}, key=str)
        return pos, corpora

    def get_n_splits(self, X=None, y=None, groups=None) -> int:
        pos, corpora = self._parts(groups)
        return len(pos) * len(corpora)

    def split(self, X=None, y=None, groups=None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        pos, corpora = self._parts(groups)
        groups = np.asarray(groups, dtype=object)
        if len(pos) < 2:
            raise ValueError(f"need at least 2 documents in the positive group {self.positive!r}; got {len(pos)}")
        if len(corpora) < 2:
            raise ValueError(
                "need at least 2 neutral corpora: holding out the only one would leave no "
                f"negative to train on (got {corpora})"
            )
        everything = np.arange(len(groups))
        for corpus in corpora:
            in_corpus = groups == corpus
            for p in pos:
                test_mask = in_corpus.copy()
                test_mask[p] = True
                yield everything[~test_mask], everything[test_mask]

    def _iter_test_indices(self, X=None, y=None, groups=None):  # pragma: no cover - split() is overridden
        for _, test in self.split(X, y, groups):
            yield test


def crossed_folds(
    groups: Sequence[Hashable],
    doc_ids: Sequence[Hashable],
    positive: Hashable = "seeds",
    texts: Sequence[str] | None = None,
) -> list[Fold]:
    """The folds of :class:`LeaveOneSeedOneCorpusOut`, named, and checked by :func:`check_folds`."""
    groups = np.asarray(groups, dtype=object)
    doc_ids = np.asarray(doc_ids, dtype=object)
    folds = []
    for i, (train, test) in enumerate(LeaveOneSeedOneCorpusOut(positive).split(groups=groups)):
        held = [g for g in pd.unique(groups[test]) if g != positive]
        seed_doc = doc_ids[test][groups[test] == positive]
        folds.append(Fold(i, str(held[0]) if held else "", str(seed_doc[0]) if len(seed_doc) else "", train, test))
    check_folds(folds, groups, doc_ids, positive, texts=texts)
    return folds


def check_folds(
    folds,
    groups: Sequence[Hashable],
    doc_ids: Sequence[Hashable],
    positive: Hashable = "seeds",
    texts: Sequence[str] | None = None,
) -> None:
    """Raise :class:`FoldLeak` unless every fold keeps train and test apart.

    ``folds``: :class:`Fold` objects or ``(train, test)`` position arrays. Checked per fold:
    no position in both; no doc_id in both (a document listed twice, e.g. under two groups); no
    identical text in both (when ``texts`` is given); no group other than ``positive`` in both
    (the positive corpus is the one split by document); and the training set holds both classes.
    """
    groups = np.asarray(groups, dtype=object)
    doc_ids = np.asarray(doc_ids, dtype=object)
    texts_arr = None if texts is None else np.asarray(texts, dtype=object)
    for k, fold in enumerate(folds):
        train, test = (fold.train, fold.test) if isinstance(fold, Fold) else fold
        train, test = np.asarray(train, dtype=int), np.asarray(test, dtype=int)
        if len(test) == 0 or len(train) == 0:
            raise FoldLeak(f"fold {k}: empty train or test set")
        if np.intersect1d(train, test).size:
            raise FoldLeak(f"fold {k}: rows {np.intersect1d(train, test)[:5].tolist()} in both train and test")
        shared = set(doc_ids[train]) & set(doc_ids[test])
        if shared:
            raise FoldLeak(f"fold {k}: document(s) {sorted(map(str, shared))[:5]} in both train and test")
        if texts_arr is not None:
            same = set(texts_arr[train]) & set(texts_arr[test])
            if same:
                raise FoldLeak(f"fold {k}: {len(same)} identical text(s) in both train and test")
        corpora = {g for g in groups[train] if g != positive} & {g for g in groups[test] if g != positive}
        if corpora:
            raise FoldLeak(f"fold {k}: corpus {sorted(map(str, corpora))} in both train and test")
        n_pos = int((groups[train] == positive).sum())
        if n_pos == 0 or n_pos == len(train):
            raise FoldLeak(f"fold {k}: the training set lacks a class ({n_pos} positives of {len(train)})")


def inner_test_fold(
    groups: Sequence[Hashable], doc_ids: Sequence[Hashable], positive: Hashable = "seeds", seed: int = RANDOM_SEED
) -> tuple[np.ndarray, str]:
    """Inner split for calibration inside a training set, as a :class:`~sklearn.model_selection.PredefinedSplit`
    ``test_fold`` array (a partition, as ``CalibratedClassifierCV(ensemble=False)`` needs), and how it
    is grouped.

    With J >= 2 neutral corpora and P positives: F = max(P, J) inner folds; positive k (in order)
    goes to fold k and corpus j (sorted) to fold j, so each inner fold holds out at most one seed
    and one whole corpus ("corpus"). With one neutral corpus its documents are dealt round-robin
    over P folds in a seeded order ("document": the calibration then sees that corpus on both
    sides, so it is somewhat optimistic).
    """
    from analysis.corpus.study import sample_key

    groups = np.asarray(groups, dtype=object)
    doc_ids = np.asarray(doc_ids, dtype=object)
    pos = np.flatnonzero(groups == positive)
    corpora = sorted({g for g in groups if g != positive}, key=str)
    if len(pos) < 2 or not corpora:
        raise ValueError("calibration needs at least 2 positives and 1 neutral corpus in the training set")
    test_fold = np.full(len(groups), -1, dtype=int)
    test_fold[pos] = np.arange(len(pos))
    if len(corpora) >= 2:
        for j, corpus in enumerate(corpora):
            test_fold[groups == corpus] = j
        return test_fold, "corpus"
    neg = np.flatnonzero(groups != positive)
    order = sorted(neg, key=lambda i: sample_key(doc_ids[i], seed))
    for r, i in enumerate(order):
        test_fold[i] = r % len(pos)
    return test_fold, "document"
