"""The document profile as a scikit-learn transformer, so the measures drop into a Pipeline.

Input is a 1-D sequence of texts (list, array, Series) or a documents frame with a ``text``
column; each text becomes one row of :func:`analysis.measures.profile.profile_document` measures
(in :meth:`ProfileTransformer.get_feature_names_out` order). A single string is refused, not
iterated character by character. NaN (a text with no attributions has no source shares) becomes
``fill_value``. ``fit`` learns only the output columns; the transform is stateless per text.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from analysis.measures.profile import profile_document
from analysis.measures.readability import READABILITY_COLUMNS

#: Profile columns that are bookkeeping, not measures.
_NOT_FEATURES = {"doc_id", "words", "sentences"}


def _texts(X) -> list[str]:
    """The texts of ``X`` (a 1-D sequence of strings or a frame with a ``text`` column)."""
    if isinstance(X, str):
        raise TypeError("ProfileTransformer expects a sequence of texts, got a single string; wrap it in a list")
    if isinstance(X, pd.DataFrame):
        if "text" not in X.columns:
            raise ValueError("a documents frame needs a 'text' column")
        X = X["text"]
    values = np.asarray(X, dtype=object)
    if values.ndim == 2 and values.shape[1] == 1:
        values = values[:, 0]
    if values.ndim != 1:
        raise ValueError(f"expected a 1-D sequence of texts, got shape {values.shape}")
    bad = [type(v).__name__ for v in values if not isinstance(v, str)]
    if bad:
        raise TypeError(f"every item must be a text (str); found {bad[0]}")
    return list(values)


class ProfileTransformer(TransformerMixin, BaseEstimator):
    """Texts -> the numeric document profile (one row per text, one column per measure)."""

    def __init__(self, fill_value: float = 0.0, include_readability: bool = True):
        self.fill_value = fill_value
        self.include_readability = include_readability

    def fit(self, X, y=None):
        """Check the input and fix the output columns; nothing is learned from the texts."""
        self.n_texts_seen_ = len(_texts(X))
        sample = profile_document("A sentence.", "x")
        cols = [c for c in sample if c not in _NOT_FEATURES]
        if not self.include_readability:
            cols = [c for c in cols if c not in READABILITY_COLUMNS]
        self.feature_names_out_ = np.array(cols, dtype=object)
        return self

    def transform(self, X) -> np.ndarray:
        """One row of measures per text, columns in ``feature_names_out_`` order."""
        check_is_fitted(self, "feature_names_out_")
        texts = _texts(X)
        cols = list(self.feature_names_out_)
        if not texts:
            return np.empty((0, len(cols)))
        rows = [profile_document(t, f"doc{i}") for i, t in enumerate(texts)]
        frame = pd.DataFrame(rows)[cols].astype(float)
        return frame.fillna(self.fill_value).to_numpy()

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """Names of the output columns (the profile's measure names)."""
        check_is_fitted(self, "feature_names_out_")
        return self.feature_names_out_.copy()

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.requires_fit = True
        return tags
