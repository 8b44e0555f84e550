# %% [markdown]
# # Advocacy versus neutral baselines: how different, and how sure?
#
# **Question.** On each measure, how far do the five statements sit from each baseline corpus,
# and how sure can we be with five documents? Does the difference survive when the baselines are
# limited to documents about Iraq and Iran (so it is not just a different subject)? Which words
# and phrases are most typical of the statements, and can a classifier tell them apart from
# neutral text without naming the subject?

# %% tags=["parameters"]
FAST = False
BASELINES = None
N_RESAMPLES = 9999  # bootstrap resamples and permutation relabellings

# %%
# %matplotlib inline
import pandas as pd

from analysis.report import figures
from analysis.compare.comparison import compare, small_n_statement
from analysis.pipeline.cache import group_data, memo_call
from analysis.compare.distinctive import kwic, log_odds_groups
from analysis.corpus.groups import DEFAULT_BASELINES, FAST_BASELINES

baselines = list(FAST_BASELINES if FAST else (BASELINES or DEFAULT_BASELINES))
max_docs = 30 if FAST else None
n_resamples = 999 if FAST else N_RESAMPLES
data = group_data(baselines, max_docs=max_docs)
topical = group_data(baselines, topic=True, max_docs=max_docs)

# %% [markdown]
# ## What five documents allow

# %%
print(small_n_statement(5, n_other=int((data.documents["group"] != "seeds").groupby(data.documents["group"]).sum().min()),
                        n_measures=8))

# %% [markdown]
# ## Effect sizes, all documents and topic-matched
#
# Cliff's delta is the probability that a statement scores higher than a baseline document minus
# the probability that it scores lower (from -1 to 1). Hedges' g is the difference in means in
# standard deviations. Intervals are 95% bootstrap intervals; p-values are from permutation tests,
# Holm-corrected across measures within each comparison.

# %%
measures = ["loaded_per_1k", "loaded_authorial_per_1k", "attributed_sentence_share",
            "source_anonymous_unverifiable_share", "source_self_reference_share", "named_sources_distinct",
            "hedges_per_1k", "boosters_per_1k", "quoted_word_share", "flesch_kincaid_grade"]
profile = pd.concat([data.profile, topical.profile[topical.profile["group"] != "seeds"]], ignore_index=True)
result = memo_call("compare", compare, profile, measures=measures, n_resamples=n_resamples)  # cached by content
cols = ["design", "baseline", "measure", "n_a", "n_b", "mean_a", "mean_b", "cliffs_delta", "cliffs_delta_ci_low",
        "cliffs_delta_ci_high", "hedges_g", "p_perm", "p_holm"]
result[cols].round(3)

# %%
fig = figures.forest_plot(result[(result["design"] == "all") & result["measure"].isin(measures[:8])],
                          source="seeds vs each baseline, all documents")

# %%
fig = figures.forest_plot(result[(result["design"] == "topic-matched") & result["measure"].isin(measures[:8])],
                          source="seeds vs each baseline, documents about Iraq/Iran only")

# %% [markdown]
# Compare the first two rows of each cluster: `loaded_per_1k` counts every loaded term,
# `loaded_authorial_per_1k` only those in the author's own voice. A neutral report that quotes
# someone saying "terrorist" scores on the first and not on the second.

# %% [markdown]
# ## Distinctive terms
#
# Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi and Quinn 2008), against
# the topic-matched baselines.

# %%
lo = memo_call("log_odds", log_odds_groups, topical.documents, "group", "seeds", rest=True, ngram_range=(1, 2),
               prior_size=2000)  # the same table as the figure build's (one cache entry)
fig = figures.distinctive_terms(lo, labels=("the statements", "the baselines"),
                                source="seeds vs topic-matched baselines")
lo.head(15)[["term", "count_a", "count_b", "z"]]

# %%
conc = kwic(topical.documents, "regime", window=45)
conc.merge(topical.documents[["doc_id", "group"]], on="doc_id").groupby("group").head(2)[["group", "left", "match", "right"]]

# %% [markdown]
# ## Can a classifier tell them apart without the subject's names?
#
# Each fold holds out one statement and one whole baseline corpus, so the model is never tested
# on a corpus it trained on. Names of the subject (Iraq, Iran, PMOI, Camp Liberty...) are blanked
# out first. Scores are calibrated inside each training fold.

# %%
clf = memo_call("cross_validate", "analysis.compare.classify:cross_validate", topical.documents, model="tfidf", mask_topic=True,
                max_docs=30 if FAST else 150)
print(clf.summary())

# %%
clf.features.head(20)

# %%
prof_clf = memo_call("cross_validate", "analysis.compare.classify:cross_validate", data.documents, model="profile", profile=data.profile,
                     max_docs=30 if FAST else 150)
print(prof_clf.summary())

# %% [markdown]
# ## Caveats
#
# - Five statements from one organisation: a difference may be house style as much as advocacy.
#   Effect sizes and their intervals carry the evidence; p-values at n=5 have a floor and many
#   do not survive correction across measures.
# - The baselines differ in period and purpose. Official statements (White House, State
#   Department) are not neutral; they are genre-matched comparisons.
# - A perfect classifier score shows these texts are easy to tell apart, not that they are
#   false; the measures say what a text does, not whether its claims are true.
