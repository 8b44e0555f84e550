# %% [markdown]
# # Hedging and certainty: how sure do the texts sound?
#
# **Question.** Do the studied texts qualify their claims ("may", "reportedly", "possible") or
# assert them with emphasis ("clearly", "undoubtedly")? Neutral reporting usually hedges claims
# it cannot confirm.

# %% tags=["parameters"]
FAST = False
CORPUS = []  # files or folders of texts to study; [] = the project's default study
GROUPS = []  # corpus groups to keep; [] = every group found (subfolders, group column or manifest)
REFERENCE = None  # the group every other group is compared with; None = each baseline
BASELINES = None  # None: all seven baselines; or a list such as ["wikinews", "whitehouse"]
TOPIC_TERMS = None  # keywords for topic-matched baselines; None = the default study's list

# %%
# %matplotlib inline
import pandas as pd

from analysis.report import figures
from analysis.pipeline.cache import group_data
from analysis.measures.spans import core_mask
from analysis.report.build import open_study

spec = open_study(CORPUS, GROUPS, REFERENCE, BASELINES, TOPIC_TERMS, FAST)
data = group_data(spec)
studied = spec.studied_groups(data.documents)
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
fig = figures.hedges_vs_boosters(data.profile, group_col="group", source="every group; lexicons analysis/lexicons/hedges.csv, boosters.csv")

# %% [markdown]
# ## Caveats
#
# - The ratio is (boosters + 0.5) / (hedges + 0.5): the 0.5 keeps it defined for a text that
#   never hedges. Short texts make it jumpy.
# - Hedge detection is validated on the Szeged uncertainty corpus (validation notebook).
# - Few hedges is a property of the writing, not evidence that a claim is false or true.
