"""Advocacy-versus-neutral classifier: fold hygiene, TF-IDF equivalence, a fast end-to-end run."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.compare import classify as K

# ---------------------------------------------------------------------------- folds by hand

GROUPS = np.array(["seeds", "seeds", "seeds", "wire", "wire", "gov", "gov", "gov"], dtype=object)
DOC_IDS = np.array(["s1", "s2", "s3", "w1", "w2", "g1", "g2", "g3"], dtype=object)


def test_crossed_folds_hold_out_one_seed_and_one_whole_corpus():
    folds = K.crossed_folds(GROUPS, DOC_IDS)
    assert len(folds) == 3 * 2 == K.LeaveOneSeedOneCorpusOut().get_n_splits(groups=GROUPS)
    # corpora in sorted order (gov, wire), seeds in order within each
    assert [(f.held_out_corpus, f.held_out_doc) for f in folds] == [
        ("gov", "s1"),
        ("gov", "s2"),
        ("gov", "s3"),
        ("wire", "s1"),
        ("wire", "s2"),
        ("wire", "s3"),
    ]
    assert folds[0].test.tolist() == [0, 5, 6, 7] and folds[0].train.tolist() == [1, 2, 3, 4]
    assert folds[4].test.tolist() == [1, 3, 4] and folds[4].train.tolist() == [0, 2, 5, 6, 7]
    for f in folds:
        train_groups, test_groups = set(GROUPS[f.train]), set(GROUPS[f.test])
        assert (train_groups & test_groups) - {"seeds"} == set()  # no neutral corpus on both sides
        assert set(DOC_IDS[f.train]).isdisjoint(DOC_IDS[f.test])  # no document on both sides
        assert (GROUPS[f.test] == "seeds").sum() == 1 and (GROUPS[f.train] == "seeds").sum() == 2
        assert sorted(f.train.tolist() + f.test.tolist()) == list(range(len(GROUPS)))
    # every (seed, corpus) pair is judged exactly once
    assert len({(f.held_out_corpus, f.held_out_doc) for f in folds}) == 6


def test_check_folds_catches_leaks():
    good = [(f.train, f.test) for f in K.crossed_folds(GROUPS, DOC_IDS)]
    K.check_folds(good, GROUPS, DOC_IDS)
    # a corpus on both sides: w1 trains, w2 tests
    with pytest.raises(K.FoldLeak, match="corpus"):
        K.check_folds([(np.array([1, 2, 3, 5]), np.array([0, 4]))], GROUPS, DOC_IDS)
    # one row on both sides
    with pytest.raises(K.FoldLeak, match="both train and test"):
        K.check_folds([(np.array([0, 1, 5]), np.array([1, 3]))], GROUPS, DOC_IDS)
    # the same document listed twice (under two groups): rows differ, doc_id is shared
    ids = DOC_IDS.copy()
    ids[6] = "w1"
    with pytest.raises(K.FoldLeak, match="document"):
        K.check_folds([(np.array([1, 2, 5, 6, 7]), np.array([0, 3, 4]))], GROUPS, ids)
    # identical texts under different ids
    texts = np.array(["a", "b", "c", "d", "e", "f", "d", "g"], dtype=object)
    with pytest.raises(K.FoldLeak, match="identical text"):
        K.check_folds([(np.array([1, 2, 5, 6, 7]), np.array([0, 3, 4]))], GROUPS, DOC_IDS, texts=texts)
    # training without a positive
    with pytest.raises(K.FoldLeak, match="lacks a class"):
        K.check_folds([(np.array([3, 4]), np.array([0, 1, 2, 5, 6, 7]))], GROUPS, DOC_IDS)


def test_folds_need_two_corpora_and_two_seeds():
    with pytest.raises(ValueError, match="2 neutral corpora"):
        K.crossed_folds(GROUPS[:5], DOC_IDS[:5])
    with pytest.raises(ValueError, match="positive group"):
        K.crossed_folds(GROUPS[2:], DOC_IDS[2:])


def test_inner_test_fold_groups_by_corpus_or_document():
    groups = np.array(["seeds"] * 4 + ["a"] * 3 + ["b"] * 2 + ["c"] * 4 + ["d"] * 2 + ["e"], dtype=object)
    ids = np.array([f"x{i}" for i in range(len(groups))], dtype=object)
    fold, how = K.inner_test_fold(groups, ids)
    assert how == "corpus"
    assert fold[:4].tolist() == [0, 1, 2, 3]  # one seed per inner fold
    for g in "abcde":
        assert len(set(fold[groups == g])) == 1  # each corpus whole in one inner fold
    assert len(set(fold[groups != "seeds"])) == 5 and (fold >= 0).all()  # F = max(4 seeds, 5 corpora)
    one = np.array(["seeds"] * 4 + ["a"] * 10, dtype=object)
    fold, how = K.inner_test_fold(one, np.array([f"y{i}" for i in range(14)], dtype=object))
    assert how == "document"
    assert sorted(np.bincount(fold[4:]).tolist()) == [2, 2, 3, 3]  # dealt round-robin over 4 folds


# ---------------------------------------------------------------------------- TF-IDF


def test_fold_text_folds_typography_and_digits():
    assert K.fold_text("The Regime’s “plan” – 3,200 in 2013") == 'the regime\'s "plan" - 0,0 in 0'


def test_classifier_tokens_are_the_distinctive_terms_tokens():
    # Issue 13: "Regime’s" and "regime" are one feature (possessive merged, case folded), and a
    # lone Devanagari letter left by cleaning ("क") is not a feature, as in compare.distinctive.
    counts, terms = K.count_matrix(["The Regime’s forces and the regime क"], ngram_range=(1, 1))
    vocab = dict(zip(terms, counts.toarray()[0]))
    assert vocab["regime"] == 2 and "regime's" not in vocab and "क" not in vocab
    assert set(vocab) == {"the", "regime", "forces", "and"}


TEXTS = [
    "The regime plans a massacre at Camp Liberty.",
    "The regime's forces attack the camp again.",
    "Residents of Camp Liberty fear a new massacre.",
    "The minister said talks went well.",
    "Officials said the market rose on Tuesday.",
    "The minister met officials in Baghdad.",
    "Shares rose as the market opened.",
    "Officials said the talks would resume.",
]


def test_count_tfidf_equals_tfidf_pipeline_fitted_on_texts():
    y = np.array([1, 1, 1, 0, 0, 0, 0, 0])
    train, test = np.array([0, 1, 3, 4, 6]), np.array([2, 5, 7])
    on_text = K.tfidf_pipeline(min_df=2).fit([TEXTS[i] for i in train], y[train])
    counts, names = K.count_matrix(TEXTS)  # vocabulary of *all* texts
    on_counts = K._estimator("tfidf", 2, 1.0, K.RANDOM_SEED).fit(counts[train], y[train])
    # same vocabulary (terms seen in >= 2 training texts, test-only terms dropped), same scores
    assert K._feature_names(on_counts, names).tolist() == on_text[:-1].get_feature_names_out().tolist()
    np.testing.assert_allclose(
        on_counts.decision_function(counts[test]),
        on_text.decision_function([TEXTS[i] for i in test]),
        rtol=1e-7,
        atol=1e-10,
    )
    assert "massacre" not in set(on_text[:-1].get_feature_names_out())  # only once in training
    top = K.top_features(on_text, n=3)
    assert list(top.columns) == ["feature", "coef", "direction", "rank"]
    assert (top.loc[top["direction"] == "advocacy", "coef"] > 0).all()
    assert (top.loc[top["direction"] == "neutral", "coef"] < 0).all()


# ---------------------------------------------------------------------------- end to end, fast


@pytest.fixture(scope="module")
def fast_docs() -> pd.DataFrame:
    from analysis.corpus.study import StudySpec, cap_groups, study_documents

    docs = study_documents(StudySpec.from_params(baselines=("lee", "whitehouse"))).documents
    docs = docs[docs["words"] < 1500]  # a few White House reports run to 27,000 words
    return cap_groups(docs, 8).reset_index(drop=True)


@pytest.fixture(scope="module")
def tfidf_result(fast_docs):
    return K.cross_validate(fast_docs, model="tfidf")


@pytest.mark.requires_shared
def test_fast_tfidf_run_scores_every_seed_out_of_fold(fast_docs, tfidf_result):
    r = tfidf_result
    assert len(r.folds) == 5 * 2
    assert (r.folds["n_train_positive"] == 4).all()
    assert set(zip(r.folds["held_out_corpus"], r.folds["held_out_seed"])) == {
        (c, s) for c in ("lee", "whitehouse") for s in fast_docs.loc[fast_docs["group"] == "seeds", "doc_id"]
    }
    assert r.folds["auc"].between(0, 1).all() and r.folds["average_precision"].between(0, 1).all()
    # per fold: AUC with one positive = share of held-out corpus documents ranked below the seed
    assert ((r.folds["seed_rank"] == 1) == (r.folds["auc"] == 1.0)).all()
    seeds = r.seed_scores
    assert len(seeds) == 5 and seeds["score"].between(0, 1).all()
    assert (seeds["n_folds"] == 2).all()  # each seed scored by both of its held-out models
    neutral = r.scores[r.scores["label"] == 0]
    assert (neutral["n_folds"] == 5).all() and neutral["score"].between(0, 1).all()
    assert (r.scores["score_min"] <= r.scores["score"]).all() and (r.scores["score"] <= r.scores["score_max"]).all()
    assert r.corpora["held_out_corpus"].tolist() == ["lee", "whitehouse", "all"]
    assert r.features["direction"].isin(["advocacy", "neutral"]).all()
    assert r.features["folds_same_sign"].between(0, 1).all()
    assert r.features["seed_docs"].between(0, 5).all()
    assert set(r.params["calibration"]) == {"document"}  # one neutral corpus left in each training set


@pytest.mark.requires_shared
def test_real_folds_never_share_a_corpus_or_document(fast_docs):
    groups = fast_docs["group"].to_numpy(dtype=object)
    ids = fast_docs["doc_id"].to_numpy(dtype=object)
    folds = K.crossed_folds(groups, ids, texts=fast_docs["text"].to_numpy(dtype=object))
    assert len(folds) == 10
    for f in folds:
        assert set(groups[f.train]) & set(groups[f.test]) == {"seeds"}  # only the seed corpus is split
        assert set(groups[f.test]) == {"seeds", f.held_out_corpus}
        assert f.held_out_corpus not in set(groups[f.train])
        assert set(ids[f.train]).isdisjoint(ids[f.test]) and f.held_out_doc not in set(ids[f.train])


@pytest.mark.requires_shared
def test_fast_run_is_deterministic(fast_docs, tfidf_result):
    again = K.cross_validate(fast_docs.sample(frac=1, random_state=3), model="tfidf")
    a = tfidf_result.scores.set_index("doc_id")["score"]
    b = again.scores.set_index("doc_id")["score"].reindex(a.index)
    np.testing.assert_allclose(a.to_numpy(), b.to_numpy(), rtol=1e-6)


@pytest.mark.requires_shared
def test_profile_model_on_a_precomputed_profile(fast_docs):
    from analysis.measures.profile_transformer import ProfileTransformer

    # A synthetic profile (profiling real texts is slow): constant measures, three noise measures,
    # and the seeds' authorial loaded rate far above every neutral document's.
    names = list(ProfileTransformer().fit(["A sentence."]).get_feature_names_out())
    rng = np.random.default_rng(0)
    prof = pd.DataFrame(1.0, index=range(len(fast_docs)), columns=names)
    for noise in ("hedges_per_1k", "boosters_per_1k", "gunning_fog"):
        prof[noise] = rng.normal(size=len(fast_docs))
    is_seed = (fast_docs["group"] == "seeds").to_numpy()
    prof["loaded_authorial_per_1k"] = np.where(is_seed, 10.0, rng.uniform(0, 1, len(fast_docs)))
    prof.loc[is_seed, "hedges_per_1k"] = np.nan  # NaN is filled with 0, as ProfileTransformer does
    prof.insert(0, "doc_id", fast_docs["doc_id"].to_numpy())

    r = K.cross_validate(fast_docs, model="profile", profile=prof, top_n=3)
    assert len(r.folds) == 10 and len(r.seed_scores) == 5 and r.seed_scores["score"].between(0, 1).all()
    assert (r.folds["auc"] == 1.0).all()  # the planted feature separates every held-out pair
    top = r.features[r.features["direction"] == "advocacy"].iloc[0]
    assert top["feature"] == "loaded_authorial_per_1k" and top["folds_same_sign"] == 1.0
    assert top["seed_mean"] == 10.0 and top["neutral_mean"] < 1.0
    assert set(r.features["feature"]) <= set(names)
    X, got = K.profile_matrix(fast_docs, prof)
    assert list(got) == names and not np.isnan(X).any()
    with pytest.raises(ValueError, match="lacks"):
        K.profile_matrix(fast_docs, prof[prof["doc_id"] != fast_docs["doc_id"].iloc[0]])
