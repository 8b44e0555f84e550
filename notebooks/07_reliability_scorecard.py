# %% [markdown]
# # Source-reliability scorecard: how checkable are the claims?
#
# **Question.** A reader of a text cannot check every claim. How much of what the
# studied texts say rests on sources a reader *could* check (a named person, an official
# institution, a media outlet), and how much on anonymous sources, on the publisher itself, or on
# nothing at all? Do they give concrete detail (dates, numbers, names), do they report the other
# side's response, and do they hedge what they cannot verify? And how does that compare with
# neutral reporting and official statements?
#
# The scorecard measures how **checkable** the sourcing is. It never says whether a claim is true,
# and every rule is applied in the same way to every corpus (definitions: `analysis/scorecard.py`).

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

# %%
# %matplotlib inline
import io

import pandas as pd
from IPython.display import Image, display

from analysis.compare.reliability_index import published_weights
from analysis.compare.scorecard import (
    INDEX_COMPONENTS,
    INDEX_FORMULA,
    compare_scorecard,
    explain,
    study_scorecard,
    weight_sensitivity,
)
from analysis.compare.scorecard_genre import components_by_group, within_genre
from analysis.pipeline.cache import memo_call
from analysis.report.build import describe_group, open_study
from analysis.report.scorecard_figure import components_figure, scorecard_figure

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
data = study  # the documents every notebook uses (cached)
studied = study.studied_groups()
references = study.reference_groups()
pairs = study.comparisons()

# %%
# the scorecard of those same documents, from the study's attributions table (cached)
card = study_scorecard(study)
table = card.table
mine = table[table["group"].isin(studied)]
print(f"{len(table)} documents: " + ", ".join(f"{g} {n}" for g, n in table.groupby("group", sort=False).size().items()))

# %% [markdown]
# ## How the scorecard is built
#
# * **Claims and their sources.** Every attribution ("X said", "according to Y", "Z was quoted
#   as saying") is one claim. Its source is *checkable* (named person, official institution, media
#   outlet), *unverifiable* (anonymous: "information obtained from inside the country", "sources said"),
#   *self* (the publisher citing itself, by name, acronym or a declared alias) or *unspecified*.
# * **Unattributed assertions of fact.** Sentences that state a fact (they have a finite verb of
#   event or state, or a date, number or name) in the author's own voice, with no attribution cue
#   and not inside someone's quotation. Headlines, bullets and sign-offs (no final punctuation),
#   questions and calls to action ("calls on", "must", "should") are not statements.
# * **Checkable detail.** Dates, numbers and multi-word names per 1,000 words of the body.
# * **The other side.** Whether any sentence reports a denial, a rejection of an accusation, a
#   refusal to comment, or that someone "could not be reached" / "did not respond".
# * **Hedging of unverifiable claims.** Of the claims with an anonymous source, the share whose
#   sentence holds a hedge ("reportedly", "allegedly", "may", "unconfirmed").
# * **Who the sources are.** A named person is *identified* when the text says who they are (a
#   role, title or affiliation: "Rep. Jerry Nadler, a Democrat from New York"); a bare name or a name
#   with only an age ("said 37-year-old Paul Horner") is not. `identified_sources_distinct` counts
#   the different identified people and institutions; `document_claims` the claims resting on a
#   named report, study, data set, filing or ruling; `contact_mentions` the phrases that say how a
#   statement was obtained ("in an interview", "said in an email", "a spokeswoman"). Datelines and
#   agency credits are recognised (`dateline`, `agency_credit`) but never counted as sources.
# * **Text genre.** `text_genre` is what the text itself shows: news, opinion (an opinion label or
#   first-person argument), satire (a label or disclaimer), press release (layout markers) or wire
#   copy (a dateline or agency credit). It is not the `genre` a corpus declares; a declared genre
#   that names one of these wins.

# %% [markdown]
# ## The scorecard of the studied texts

# %%
cols = [
    "doc_id",
    "text_genre",
    "claims",
    "named_source_share",
    "source_anonymous_unverifiable_share",
    "source_self_reference_share",
    "source_unspecified_share",
    "factual_assertions",
    "unattributed_assertion_share",
    "dates_per_1k",
    "numbers_per_1k",
    "names_per_1k",
    "checkable_details_per_1k",
    "other_side_response",
    "anonymous_claims",
    "anonymous_claims_hedged_share",
    "identified_source_share",
    "bare_name_share",
    "identified_sources_distinct",
    "document_claims",
    "contact_mentions",
    "reliability_index",
]
mine[cols].set_index("doc_id").round(2).T

# %% [markdown]
# ### Every claim of the studied texts, with its source type
#
# `checkable` is True for a named person, an official institution or a media outlet; `hedged`
# says whether the claim's sentence holds a hedge.

# %%
studied_claims = card.claims[card.claims["group"].isin(studied)]
studied_claims[["doc_id", "sentence", "cue_text", "source_text", "source_type", "checkable", "hedged"]]

# %% [markdown]
# ### Unattributed assertions in the studied texts
#
# The sentences counted as facts stated in the author's voice with no source.

# %%
s = card.sentences
s[s["group"].isin(studied) & s["unattributed_assertion"]][["doc_id", "sentence", "text"]]

# %% [markdown]
# ## Compared with the other groups
#
# Group medians of each component (the other side's response: share of documents that give one).

# %%
numeric = [c for c in cols[1:] if c != "text_genre"]
summary = table.groupby("group", sort=False)[numeric].median()
summary["other_side_response"] = table.groupby("group", sort=False)["other_side_response"].mean()
summary.round(2).T

# %%
fig = scorecard_figure(
    table,
    "group",
    studied=studied[0] if studied else "",
    source="; ".join(describe_group(data.documents, g) for g in studied)
    + (" and " + ", ".join(references) if references else "")
    + (f"; at most {spec.doc_cap} documents per group" if spec.doc_cap else ""),
)
# the package draws with the Agg backend, so the figure is shown as a PNG explicitly
buffer = io.BytesIO()
fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
display(Image(buffer.getvalue()))

# %% [markdown]
# ### The index components by group, with intervals
#
# The components that carry a weight in the index, and the index itself, per group: the mean
# (0-1, higher = more checkable) with a 95% bootstrap interval over the group's documents
# (`analysis.compare.scorecard_genre.components_by_group`). A reviewer reads here *why* a group
# scores low: which component pulls it down.

# %%
by_group = memo_call("components_by_group", components_by_group, table, "group", n_boot=200 if FAST else 1000)
fig = components_figure(
    by_group,
    source="; ".join(describe_group(data.documents, g) for g in studied)
    + (" and " + ", ".join(references) if references else ""),
    studied=studied[0] if studied else None,
    reference=list(spec.references),
    n=table.groupby("group").size().to_dict(),
)
buffer = io.BytesIO()
fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
display(Image(buffer.getvalue()))
by_group.pivot(index="component", columns="group", values="mean").round(2)

# %% [markdown]
# ### Genre before judgement
#
# How many texts of each group are news, opinion, satire, press releases or wire copy (the
# `text_genre` column), and each group against the *other* groups' texts of the same genre
# (`analysis.compare.scorecard_genre.within_genre`: Cliff's delta of the index, > 0 = the group's
# texts score higher than the others of their genre; Holm over the rows). An op-ed is compared
# with op-eds, never called unreliable for citing fewer sources than a news report.

# %%
display(pd.crosstab(table["group"], table["text_genre"]))
genre_table = memo_call("within_genre", within_genre, table, "group", n_resamples=999 if FAST else 9999)
genre_table.round(3)

# %% [markdown]
# Effect sizes for each comparison of the study (Cliff's delta: +1 = every document of the first
# group above every document of the second; permutation p with Holm's correction over the measures
# of each pair). With a small group the smallest attainable p is large; read the effect sizes, not
# the stars.

# %%
shown = [
    "measure",
    "group_a",
    "group_b",
    "n_a",
    "n_b",
    "median_a",
    "median_b",
    "cliffs_delta",
    "cliffs_delta_ci_low",
    "cliffs_delta_ci_high",
    "p_holm",
]
comparison = (
    pd.concat(
        [
            memo_call(
                "compare_scorecard",
                compare_scorecard,
                table[table["group"].isin([a, b])],
                "group",
                studied=a,
                n_resamples=999 if FAST else 9999,
            )
            for a, b in pairs
        ],
        ignore_index=True,
    )
    if pairs
    else pd.DataFrame(columns=shown)
)
comparison[shown].round(3)

# %% [markdown]
# ## One number? The combined index and how much it depends on the weights
#
# For readers who want a single figure, the components are combined into an index between 0
# (nothing checkable) and 1. Each component is first oriented so that higher means more
# checkable, and a text that attributes nothing scores 0 on every sourcing component (issue 25:
# the old index scored such texts as well sourced):

# %%
print(INDEX_FORMULA)
pd.DataFrame(
    {
        "component": list(INDEX_COMPONENTS),
        "definition": [v[0] for v in INDEX_COMPONENTS.values()],
        "weight": [round(published_weights()[k], 3) for k in INDEX_COMPONENTS],
    }
)

# %% [markdown]
# The weights are fitted on known groups of well- and poorly-rated outlets (non-negative; a
# component that points the wrong way there gets weight 0 and stays visible above), and validated
# leave-one-outlet-out in notebook 06 and `docs/reliability-scorecard.md`. They are still a choice.
# To see whether a conclusion hinges on them, the index is recomputed under 1,000 random weight
# vectors (flat Dirichlet over every component, fixed seed 0): for each document of a comparison's
# first group, how often is it below the median of the groups it is compared with? One table per
# studied group.

# %%
compared_with = {}
for a, b in pairs:
    compared_with.setdefault(a, []).append(b)
for g, others in compared_with.items():
    sens = memo_call(
        "weight_sensitivity",
        weight_sensitivity,
        table[table["group"].isin([g, *others])],
        "group",
        studied=g,
        n_weights=1000,
        seed=0,
    )
    print(
        f"{g}: share of weight vectors under which all {int((table['group'] == g).sum())} {g} documents are below "
        f"the pooled median of {', '.join(others)}: {sens.attrs['share_all_below']:.3f}"
    )
    display(sens.pivot(index="doc_id", columns="baseline", values="share_below_median").round(3))

# %% [markdown]
# ## Each studied text in plain words
#
# Generated from the numbers above (`analysis.compare.scorecard.explain`).

# %%
for _, row in mine.iterrows():
    print(explain(row))
    print()

# %% [markdown]
# ## Caveats
#
# - **Checkability, not truth.** A claim with a named source can be false and an anonymous claim
#   can be true. The scorecard says how easily a reader could check, nothing more.
# - **Rules, not reading.** Claims come from the rule-based attribution detector
#   (`analysis/attribution.py`, validated against PolNeAR in the validation notebook); it misses
#   some attributions and takes some non-speech verbs ("calls", "wants") as cues. Every error
#   applies to every corpus alike.
# - **Self-reference depends on the publisher.** The publisher's own voice is recognised from the
#   document's `publisher` and `publisher_aliases` (a column or manifest field). A document that
#   names no publisher has no self-sourcing: its publisher's name counts as an unspecified source.
# - **Unattributed assertions.** The finite-verb rule counts -ed adjectives ("armed") as verbs and
#   misses present-tense verbs without an auxiliary; a sentence continuing a quotation that the
#   detector did not link to its speaker counts as quoted voice, not as an assertion.
# - **Checkable detail.** Names are sequences of two or more capitalised words: single-word names
#   ("Paris", "Smith") are not counted, title-case phrases ("Supreme Leader") are. Numbers
#   exclude "one" and vague plurals ("hundreds of"). Dates need a day or a year with the month.
# - **The other side's response.** The patterns find denials, rejections of accusations,
#   no-comments and failed attempts to reach someone; they cannot tell whether the response comes
#   from the party the text accuses.
# - **The index** adds a weighting choice on top of the components: weights fitted on rated
#   outlets' political and climate news (notebook 06), which may not carry over to other kinds of
#   text; the sensitivity table shows which conclusions survive other weights. Its count
#   components (sources, documents, dates) grow with a text's length: compare texts of similar
#   length and genre, and read the components. Baseline corpora may differ from the studied texts in
#   topic, length and era (Reuters 1987, Lee 2001, White House and State Department 2010s-2020s).
