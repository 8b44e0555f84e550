"""The non-negative fit of the index weights: a component that points the wrong way gets weight 0."""

from __future__ import annotations

import numpy as np

from analysis.training.reliability_weights import component_weights, fit_nonnegative


def test_wrong_way_component_gets_zero_weight():
    rng = np.random.default_rng(0)
    y = np.repeat([0.0, 1.0], 200)
    good = y + rng.normal(0, 1.0, 400)  # higher for the well-rated class: the expected direction
    wrong = -y + rng.normal(0, 1.0, 400)  # higher for the poorly rated class: points the wrong way
    X = np.column_stack([good, wrong])
    w = np.full(400, 1 / 400)
    beta, _ = fit_nonnegative(X, y, w, C=10.0)
    assert beta[0] > 0 and beta[1] == 0.0
    weights = component_weights(X, y, w, C=10.0)
    assert np.isclose(weights.sum(), 1.0) and weights[1] == 0.0
