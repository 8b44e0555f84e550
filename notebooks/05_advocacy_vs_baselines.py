# %% [markdown]
# # The studied groups versus the groups they are compared with: how different, and how sure?
#
# **Question.** On each measure, how far do the studied texts sit from each reference group
# (by default each baseline corpus), and how sure can we be with this many documents? Does the
# difference survive when the baselines are limited to documents on the same topic (`TOPIC_TERMS`;
# the default study: its own subject's names), so it is not just a different subject? Which words and phrases
# are most typical of the studied texts, and can a classifier tell them apart from the reference
# texts without naming the subject?

# %% tags=["parameters"]
FAST = False
CORPUS = []  # files or folders of texts to study; [] = the project's default study (seeds/)
GROUPS = []  # studied groups; [] = every corpus group that is not a reference
REFERENCE = None  # group(s) every studied group is compared with: corpus groups or baselines
BASELINES = None  # baselines added as groups; None = the default (a one-group corpus: all seven)
PAIRS = []  # explicit comparisons "A:B" (first group minus second); win over REFERENCE
TOPIC_TERMS = None  # keywords for topic-matched baselines; None = the default study's list
LEXICONS = []  # user lexicon files (the schema of analysis/lexicons/loaded.csv)
MAX_DOCS = None  # at most this many documents per group (a fixed random sample); None = all
PUBLISHER_FROM_GROUP = False  # a document with no publisher takes its group's name (one folder per outlet)
WIRE_COPY = True  # False: leave out documents with a wire credit ("Washington (AFP) -")
FOLLOW_LINKS = False  # True: also read files that symbolic links in a corpus folder point to outside it
ANALYSES = ["all"]  # analyses beyond the default profile: techniques, frames, agency, roles, bias ("all"; [] = none)
N_RESAMPLES = 9999  # bootstrap resamples and permutation relabellings

# %%
# %matplotlib inline
import pandas as pd
from IPython.display import display

from analysis.report import figures
from analysis.compare.comparison import compare_study
from analysis.report.narrative import design_sentences, format_p_columns, holm_sentence
from analysis.pipeline.cache import memo_call
from analysis.compare.distinctive import kwic, log_odds_groups
from analysis.report.build import open_study

study = open_study(
    CORPUS,
    GROUPS,
    REFERENCE,
    BASELINES,
    TOPIC_TERMS,
    FAST,
    PAIRS,
    LEXICONS,
    MAX_DOCS,
    PUBLISHER_FROM_GROUP,
    WIRE_COPY,
    analyses=ANALYSES,
    follow_links=FOLLOW_LINKS,
)
spec = study.spec
n_resamples = 999 if FAST else N_RESAMPLES
data = study
topical = study.topic()
studied = study.studied_groups()
references = study.reference_groups()
pairs = study.comparisons()
measures = [
    "loaded_per_1k",
    "loaded_authorial_per_1k",
    "attributed_sentence_share",
    "source_anonymous_unverifiable_share",
    "source_self_reference_share",
    "named_sources_per_1k",
    "hedges_per_1k",
    "boosters_per_1k",
    "quoted_word_share",
    "flesch_kincaid_grade",
]
measures = [m for m in measures if m in study.profile.columns]

# %% [markdown]
# ## Effect sizes, all documents and topic-matched
#
# Cliff's delta is the probability that a document of the first group scores higher than one of the
# second minus the probability that it scores lower (from -1 to 1). Hedges' g is the difference in
# means in standard deviations. Intervals are 95% bootstrap intervals; p-values are from
# permutation tests, Holm-corrected across the measures of each comparison (`p_holm`) and across
# the whole table (`p_holm_table`). Every row names both groups: `group_a` minus `group_b`.

# %%
designs = ("all", "topic-matched") if spec.topic() is not None else ("all",)
result = (
    memo_call("compare_study", compare_study, study, measures=measures, designs=designs, n_resamples=n_resamples)
    if pairs
    else pd.DataFrame()
)
cols = [
    "design",
    "group_a",
    "group_b",
    "measure",
    "n_a",
    "n_b",
    "mean_a",
    "mean_b",
    "cliffs_delta",
    "cliffs_delta_ci_low",
    "cliffs_delta_ci_high",
    "hedges_g",
    "p_perm",
    "p_holm",
    "p_holm_table",
]
if len(result):
    print(holm_sentence(result, p_col="p_holm_table", label_cols=("measure", "group_a", "group_b", "design")))
    display(format_p_columns(result[cols]).round(3))
else:
    print("No comparison: name REFERENCE, PAIRS or BASELINES.")

# %% [markdown]
# ## What the group sizes allow
#
# Computed from the sizes of the groups compared and from the table above: the smallest p a
# permutation test can give, what Holm's correction leaves, and a length check (counts grow with
# length, rates and shares do not).

# %%
for line in design_sentences(study, result if len(result) else None, n_resamples=n_resamples):
    print(line)
    print()

# %%
for g in studied:
    part = result[(result["design"] == "all") & (result["group_a"] == g)] if len(result) else result
    if len(part):
        fig = figures.forest_plot(
            part[part["measure"].isin(measures[:8])],
            source=f"{g} vs " + ", ".join(part["group_b"].unique()) + ", all documents",
        )

# %%
if len(result) and (result["design"] == "topic-matched").any():
    for g in studied:
        part = result[(result["design"] == "topic-matched") & (result["group_a"] == g)]
        if len(part):
            fig = figures.forest_plot(
                part[part["measure"].isin(measures[:8])],
                source=f"{g} vs each reference, " + spec.topic_label() + " only",
            )
else:
    print("No topic-matched design: give TOPIC_TERMS to limit the baselines to the studied texts' subject.")

# %% [markdown]
# Compare the first two rows of each cluster: `loaded_per_1k` (the headline: words inside the
# context model's loaded-language spans) counts every loaded span, `loaded_authorial_per_1k`
# only those in the author's own voice. A neutral report that quotes someone using a loaded word
# scores on the first and not on the second.

# %% [markdown]
# ## Framing beyond words: techniques, frames, the agency of harm
#
# The same comparison for the measures of the framing analyses the study ran (`ANALYSES`):
# persuasion-technique spans per 1,000 words by family, the probability that a document uses each
# narrative frame, and how harm events are told (events per 1,000 words, the share without a
# named agent). Each analysis is a family of its own for Holm's correction (`family`), so these
# rows do not change the corrected p-values of the table above. Each detector's accuracy is in
# notebook 06; read a difference here as a difference in what the detector finds.

# %%
from analysis.measures.extras import measure_family  # noqa: E402

framing_measures = [
    m
    for m in (
        "technique_per_1k",
        "technique_attack_on_reputation_per_1k",
        "technique_manipulative_wording_per_1k",
        "technique_call_per_1k",
        "frame_conflict",
        "frame_moral",
        "frame_human_interest",
        "frame_resolution",
        "frame_economic",
        "harm_events_per_1k",
        "harm_agentless_share",
        "harm_agentless_passive_share",
    )
    if m in study.profile.columns and study.profile[m].notna().any()
]
framing = (
    memo_call(
        "compare_study", compare_study, study, measures=framing_measures, designs=("all",), n_resamples=n_resamples
    )
    if pairs and framing_measures
    else pd.DataFrame()
)
if len(framing):
    print(holm_sentence(framing, p_col="p_holm_table", label_cols=("measure", "group_a", "group_b", "family")))
    display(format_p_columns(framing[["family", *cols[1:]]]).round(3))
    for g in studied:
        part = framing[framing["group_a"] == g]
        if len(part):
            fig = figures.forest_plot(part, source=f"{g} vs " + ", ".join(part["group_b"].unique()) + ", framing measures")
else:
    print("No framing measures to compare: set ANALYSES (e.g. ['all']) and name comparisons.")

# %% [markdown]
# ## Heroes, villains and victims, by group
#
# Per group and role, the entities the role model lists most often, with the share of the
# group's documents that list them (`analysis.report.framing_figures.role_table`). The model was
# trained on climate news; on other subjects its rows are a reading to check against the evidence
# sentences (annotated pages and the term explorer), not a verdict.

# %%
from analysis.report.framing_figures import role_table, top_roles  # noqa: E402

if len(study.roles):
    roles_by_group = role_table(study.roles, study.profile)
    display(roles_by_group.round(2))
    fig = top_roles(study.roles, study.profile, studied=studied, reference=references, source="this study")
else:
    print("No roles: add 'roles' to ANALYSES to list whom each document casts as hero, villain or victim.")

# %% [markdown]
# ## Distinctive terms
#
# Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi and Quinn 2008): for each
# studied group against the groups it is compared with (topic-matched when the study has topic
# terms), English function words left out.

# %%
compared_with = {}
for a, b in pairs:
    compared_with.setdefault(a, []).append(b)
tdocs_all = topical.documents
for g, others in compared_with.items():
    others_t = [o for o in tdocs_all["group"].unique() if o in others or o.removesuffix("-topic") in others]
    tdocs = tdocs_all[tdocs_all["group"].isin([g, *others_t])]
    tdocs = tdocs.assign(side=(tdocs["group"] == g).map({True: "studied", False: "reference"}))
    lo = memo_call(
        "log_odds",
        log_odds_groups,
        tdocs,
        "side",
        "studied",
        rest=True,
        ngram_range=(1, 2),
        prior_size=2000,
        stop_words="english",
    )
    fig = figures.distinctive_terms(
        lo, labels=(g, " + ".join(others)), source=f"{g} vs " + ", ".join(others_t) + ", " + spec.topic_label()
    )
    display(lo.head(15)[["term", "count_a", "count_b", "z"]])
    top_term = lo["term"].iloc[0]  # the term most typical of the studied texts
    conc = kwic(tdocs, top_term, window=45)
    display(
        conc.merge(tdocs[["doc_id", "group"]], on="doc_id")
        .groupby("group")
        .head(2)[["group", "left", "match", "right"]]
    )

# %% [markdown]
# ## Can a classifier tell them apart without the subject's names?
#
# Each fold holds out one document of the first group and one whole second group, so the model is
# never tested on a group it trained on. The topic terms (`TOPIC_TERMS`) are blanked out first.
# Scores are calibrated inside each training fold. One classifier per studied group; at most 150
# documents per group (30 in the FAST preset, which skips the classifiers).

# %%
CV = "analysis.compare.classify:cross_validate"  # imported only when the result is not cached
runs = {g: o for g, o in compared_with.items() if len(o) >= 2} if not FAST else {}
if FAST:
    print("FAST preset: the cross-validated classifiers are skipped (they take minutes on many groups).")
for g, others in compared_with.items():
    if not FAST and len(others) < 2:
        print(
            f"{g}: the classifier holds out one whole group per fold, so it needs at least two groups to compare "
            f"with; {g} is compared with {', '.join(others)}."
        )
sample = study.sample(150, keep=list(runs)) if runs else study
for g, others in runs.items():
    tsample = sample.topic().documents
    keep = tsample["group"].isin([g, *[o for o in tsample["group"].unique() if o.removesuffix("-topic") in others]])
    clf = memo_call(
        "cross_validate",
        CV,
        tsample[keep],
        model="tfidf",
        positive=g,
        mask_topic=spec.topic() if spec.topic() is not None else False,
    )
    print(clf.summary())
    display(clf.features.head(20))
    keep = sample.documents["group"].isin([g, *others])
    prof_clf = memo_call(
        "cross_validate",
        CV,
        sample.documents[keep],
        model="profile",
        positive=g,
        profile=sample.profile[sample.profile["group"].isin([g, *others])],
    )
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
