# %% [markdown]
# # Attribution and sourcing: who is said to have said what
#
# **Question.** When the studied texts make a claim, do they say where it comes from? And when
# they do, is the source a named person, an official institution, a media outlet, an anonymous or
# unverifiable source ("information obtained from inside the country"), or the publisher itself?

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
import pandas as pd

from analysis.report import figures
from analysis.report.build import describe_group, open_study

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
data = study
studied = study.studied_groups()
mine = data.documents[data.documents["group"].isin(studied)]

# %% [markdown]
# ## Every attribution in the studied texts
#
# One row per attribution: the cue ("said", "according to"), the source, whether the content is
# a direct quotation, and the source type. These are the rows of the study's attributions table,
# found once when the documents were scored.

# %%
attributions = data.attributions[data.attributions["group"].isin(studied)]
attributions[["doc_id", "group", "sentence", "cue_text", "source_text", "direct", "source_type"]]

# %% [markdown]
# ## Source mix per studied text

# %%
fig = figures.source_mix(
    data.profile[data.profile["group"].isin(studied)],
    label_col="doc_id",
    source=", ".join(describe_group(data.documents, g) for g in studied),
)

# %% [markdown]
# ## Compared with the other groups
#
# Share of sentences with an attribution, and the share of attributions by source type, as
# group means.

# %%
cols = ["attributed_sentence_share"] + [
    c for c in data.profile.columns if c.startswith("source_") and c.endswith("_share")
]
data.profile.groupby("group", sort=False)[cols].mean().round(3).T

# %% [markdown]
# ## Caveats
#
# - Attribution is found by rules (reporting verbs, "according to", quotation marks, source
#   phrases); its precision and recall against the PolNeAR gold annotations are in the
#   validation notebook.
# - "Self-reference" means the publisher cites itself: its name, acronym and the aliases given in
#   a `publisher_aliases` column or manifest field; the same rule makes "the President said"
#   self-reference in a White House statement.
# - A named source is checkable in principle; this notebook does not check it.
