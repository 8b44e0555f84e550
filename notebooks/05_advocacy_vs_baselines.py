# %% [markdown]
# # The studied texts versus the reference groups: how different, and how sure?
#
# **Question.** On each measure, how far do the studied texts sit from each reference group
# (by default each baseline corpus), and how sure can we be with this many documents? Does the
# difference survive when the baselines are limited to documents on the same topic (`TOPIC_TERMS`;
# the default study: its own subject's names), so it is not just a different subject? Which words and phrases
# are most typical of the studied texts, and can a classifier tell them apart from the reference
# texts without naming the subject?

# %% tags=["parameters"]
FAST = False
CORPUS = []  # files or folders of texts to study; [] = the project's default study
GROUPS = []  # corpus groups to keep; [] = every group found (subfolders, group column or manifest)
REFERENCE = None  # the group every other group is compared with; None = each baseline
BASELINES = None  # None: all seven baselines; or a list such as ["wikinews", "whitehouse"]
TOPIC_TERMS = None  # keywords for topic-matched baselines; None = the default study's list
N_RESAMPLES = 9999  # bootstrap resamples and permutation relabellings

# %%
# %matplotlib inline
import pandas as pd
from IPython.display import display

from analysis.report import figures
from analysis.compare.comparison import compare, small_n_statement
from analysis.report.narrative import design_floor_sentence, format_p_columns, holm_sentence
from analysis.pipeline.cache import group_data, memo_call
from analysis.compare.distinctive import kwic, log_odds_groups
from analysis.report.build import open_study

spec = open_study(CORPUS, GROUPS, REFERENCE, BASELINES, TOPIC_TERMS, FAST)
n_resamples = 999 if FAST else N_RESAMPLES
data = group_data(spec)
topic = spec.topic()
topical = group_data(spec, topic=True) if topic is not None else data
studied = spec.studied_groups(data.documents)
references = spec.reference_groups(data.documents)
measures = ["loaded_per_1k", "loaded_authorial_per_1k", "attributed_sentence_share",
            "source_anonymous_unverifiable_share", "source_self_reference_share", "named_sources_distinct",
            "hedges_per_1k", "boosters_per_1k", "quoted_word_share", "flesch_kincaid_grade"]

# %% [markdown]
# ## What the group sizes allow

# %%
# the smallest reference group actually compared, and what the design can show at all
sizes = data.documents.groupby("group").size()
for g in studied:
    print(small_n_statement(int(sizes[g]), n_other=int(sizes[references].min()) if references else None,
                            n_measures=len(measures), n_resamples=n_resamples,
                            documents=data.documents[data.documents["group"] == g], label=g))
    if references:
        print(design_floor_sentence(int(sizes[g]), sizes[references], n_measures=len(measures),
                                    n_resamples=n_resamples))
    print()

# %% [markdown]
# ## Effect sizes, all documents and topic-matched
#
# Cliff's delta is the probability that a studied document scores higher than a reference document minus
# the probability that it scores lower (from -1 to 1). Hedges' g is the difference in means in
# standard deviations. Intervals are 95% bootstrap intervals; p-values are from permutation tests,
# Holm-corrected across measures within each comparison.

# %%
extra = topical.profile[~topical.profile["group"].isin(studied)] if topical is not data else topical.profile.iloc[:0]
profile = pd.concat([data.profile, extra], ignore_index=True)
refs_all = set(references) | {f"{r}-topic" for r in references}
result = pd.concat([memo_call("compare", compare, profile[(profile["group"] == g) | profile["group"].isin(refs_all)],
                              studied=g, measures=measures, n_resamples=n_resamples)  # cached by content
                    for g in studied], ignore_index=True)
cols = ["design", "baseline", "measure", "n_a", "n_b", "mean_a", "mean_b", "cliffs_delta", "cliffs_delta_ci_low",
        "cliffs_delta_ci_high", "hedges_g", "p_perm", "p_holm"]
print(holm_sentence(result))
format_p_columns(result[cols]).round(3)

# %%
for g in studied:
    fig = figures.forest_plot(result[(result["design"] == "all") & (result["group_a"] == g)
                                     & result["measure"].isin(measures[:8])],
                              source=f"{g} vs " + ", ".join(references) + ", all documents")

# %%
if (result["design"] == "topic-matched").any():
    for g in studied:
        fig = figures.forest_plot(result[(result["design"] == "topic-matched") & (result["group_a"] == g)
                                         & result["measure"].isin(measures[:8])],
                                  source=f"{g} vs each reference, " + spec.topic_label() + " only")
else:
    print("No topic-matched design: give TOPIC_TERMS to limit the baselines to the studied texts' subject.")

# %% [markdown]
# Compare the first two rows of each cluster: `loaded_per_1k` counts every loaded term,
# `loaded_authorial_per_1k` only those in the author's own voice. A neutral report that quotes
# someone saying "terrorist" scores on the first and not on the second.

# %% [markdown]
# ## Distinctive terms
#
# Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi and Quinn 2008), against
# the (topic-matched) reference groups.

# %%
tdocs = topical.documents[topical.documents["group"].isin(studied + sorted(refs_all))]
tdocs = tdocs.assign(side=tdocs["group"].isin(studied).map({True: "studied", False: "reference"}))
lo = memo_call("log_odds", log_odds_groups, tdocs, "side", "studied", rest=True, ngram_range=(1, 2),
               prior_size=2000)  # the same table as the figure build's (one cache entry)
fig = figures.distinctive_terms(lo, labels=(" + ".join(studied), "the reference groups"),
                                source=", ".join(studied) + " vs the reference groups, " + spec.topic_label())
lo.head(15)[["term", "count_a", "count_b", "z"]]

# %%
top_term = lo["term"].iloc[0]  # the term most typical of the studied texts
conc = kwic(tdocs, top_term, window=45)
conc.merge(tdocs[["doc_id", "group"]], on="doc_id").groupby("group").head(2)[["group", "left", "match", "right"]]

# %% [markdown]
# ## Can a classifier tell them apart without the subject's names?
#
# Each fold holds out one studied document and one whole reference corpus, so the model is never
# tested on a corpus it trained on. The topic terms (`TOPIC_TERMS`) are blanked out first. Scores
# are calibrated inside each training fold. One classifier per studied group.

# %%
enough = len(references) >= 2
if not enough:
    print(f"The classifier holds out one whole reference corpus per fold, so it needs at least two reference "
          f"groups; this study has {len(references)} ({', '.join(references)}). Add a baseline to run it.")
CV = "analysis.compare.classify:cross_validate"  # imported only when the result is not cached
for g in studied if enough else []:
    keep = tdocs["group"].isin([g, *sorted(refs_all)])
    clf = memo_call("cross_validate", CV, tdocs[keep], model="tfidf", positive=g,
                    mask_topic=topic if topic is not None else False, max_docs=30 if FAST else 150)
    print(clf.summary())
    display(clf.features.head(20))

# %%
for g in studied if enough else []:
    keep = data.documents["group"].isin([g, *references])
    prof_clf = memo_call("cross_validate", CV, data.documents[keep], model="profile", positive=g,
                         profile=data.profile[keep.to_numpy()], max_docs=30 if FAST else 150)
    print(prof_clf.summary())

# %% [markdown]
# ## Caveats
#
# - Who published the studied texts and when is printed under "What the group sizes allow": texts
#   from one publisher show its house style as much as their genre. Effect sizes and their
#   intervals carry the evidence; p-values of a small group have a floor and many do not survive
#   correction across measures.
# - The baselines differ in period and purpose. Official statements (White House, State
#   Department) are not neutral; they are genre-matched comparisons.
# - A perfect classifier score shows these texts are easy to tell apart, not that they are
#   false; the measures say what a text does, not whether its claims are true.
