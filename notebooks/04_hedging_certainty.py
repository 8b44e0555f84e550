# %% [markdown]
# # Hedging and certainty: how sure do the texts sound?
#
# **Question.** Do the studied texts qualify their claims ("may", "reportedly", "possible") or
# assert them with emphasis ("clearly", "undoubtedly")? Neutral reporting usually hedges claims
# it cannot confirm.

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
from analysis.measures.spans import core_mask
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
data = study
studied = study.studied_groups()
studied_ids = set(data.documents.loc[data.documents["group"].isin(studied), "doc_id"])

# %% [markdown]
# ## Hedges and boosters in the studied texts
#
# Only core hedges and boosters count in the rates (conditionals such as "if", approximators
# such as "about", and "always"/"never" are listed but not counted).

# %%
core = data.spans[core_mask(data.spans)]
studied_spans = core[core["doc_id"].isin(studied_ids) & core["category"].isin(["hedge", "booster"])]
studied_spans[["doc_id", "text", "category", "subcategory", "voice"]]

# %%
cols = ["hedges_per_1k", "boosters_per_1k", "booster_hedge_ratio"]
data.profile.groupby("group", sort=False)[cols].agg(["mean", "median"]).round(2)

# %%
fig = figures.hedges_vs_boosters(
    data.profile, group_col="group", source="every group; lexicons analysis/lexicons/hedges.csv, boosters.csv"
)

# %% [markdown]
# ## Caveats
#
# - The ratio is (boosters + 0.5) / (hedges + 0.5): the 0.5 keeps it defined for a text that
#   never hedges. Short texts make it jumpy.
# - Hedge detection is validated on the Szeged uncertainty corpus (validation notebook).
# - Few hedges is a property of the writing, not evidence that a claim is false or true.
