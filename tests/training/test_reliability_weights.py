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


def _known_groups(seed: int = 0):
    # four outlets per collection; well-rated outlets' articles cite more identified sources and
    # dates (the counts the index rewards), everything else is the same for every article
    import pandas as pd

    rng = np.random.default_rng(seed)
    rows = []
    for coll, label in (("polnear", "well_rated"), ("narrative_frames", "not_questionable")):
        for k, good in enumerate((1, 1, 0, 0)):
            for i in range(20):
                rows.append(
                    {
                        "doc_id": f"{coll}-{k}-{i}",
                        "collection": coll,
                        "outlet": f"{coll}-{k}",
                        label: float(good),
                        "claims": 10,
                        "named_source_share": 0.5,
                        "identified_source_share": 0.5,
                        "bare_name_share": 0.1,
                        "source_anonymous_unverifiable_share": 0.1,
                        "source_self_reference_share": 0.1,
                        "unattributed_assertion_share": 0.5,
                        "checkable_details_per_1k": 40.0,
                        "other_side_response": bool(i % 2),
                        "anonymous_claims_hedged_share": 0.5,
                        "identified_sources_distinct": int(rng.poisson(6 if good else 3)),
                        "dates": int(rng.poisson(8 if good else 4)),
                        "document_claims": int(rng.poisson(1)),
                        "contact_mentions": int(rng.poisson(1)),
                    }
                )
    return pd.DataFrame(rows)


def test_leave_one_outlet_out_scores_are_ranks_among_the_training_documents():
    # each held-out article's score is its mid-rank among the other outlets' articles under the
    # weights fitted without its outlet: in [0, 1], comparable across folds, and the well-rated
    # outlets' articles (more sources and dates) rank higher
    from analysis.training.reliability_weights import outlet_cross_validation, training_frame
    from analysis.validate.metrics import auc

    table = _known_groups()
    scores = outlet_cross_validation(table, "weights", grid=(1.0,))
    frame = training_frame(table)
    assert len(scores) == len(frame) and scores.notna().all()
    assert ((scores >= 0) & (scores <= 1)).all()
    assert auc(frame["y"].to_numpy(), scores.loc[frame["doc_id"]].to_numpy()) > 0.8
