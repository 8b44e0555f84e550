# %% [markdown]
# # Hedging and certainty: how sure do the texts sound?
#
# **Question.** Do the statements qualify their claims ("may", "reportedly", "possible") or
# assert them with emphasis ("clearly", "undoubtedly")? Neutral reporting usually hedges claims
# it cannot confirm.

# %% tags=["parameters"]
FAST = False
BASELINES = None

# %%
# %matplotlib inline
import pandas as pd

from analysis.report import figures
from analysis.pipeline.cache import group_data
from analysis.corpus.groups import DEFAULT_BASELINES, FAST_BASELINES
from analysis.measures.spans import core_mask

baselines = list(FAST_BASELINES if FAST else (BASELINES or DEFAULT_BASELINES))
data = group_data(baselines, max_docs=30 if FAST else None)
seed_ids = set(data.documents.loc[data.documents["group"] == "seeds", "doc_id"])

# %% [markdown]
# ## Hedges and boosters in the statements
#
# Only core hedges and boosters count in the rates (conditionals such as "if", approximators
# such as "about", and "always"/"never" are listed but not counted).

# %%
core = data.spans[core_mask(data.spans)]
seed_spans = core[core["doc_id"].isin(seed_ids) & core["category"].isin(["hedge", "booster"])]
seed_spans[["doc_id", "text", "category", "subcategory", "voice"]]

# %%
cols = ["hedges_per_1k", "boosters_per_1k", "booster_hedge_ratio"]
data.profile.groupby("group", sort=False)[cols].agg(["mean", "median"]).round(2)

# %%
fig = figures.hedges_vs_boosters(data.profile, group_col="group", source="seeds and baselines; lexicons analysis/lexicons/hedges.csv, boosters.csv")

# %% [markdown]
# ## Caveats
#
# - The ratio is (boosters + 0.5) / (hedges + 0.5): the 0.5 keeps it defined for a text that
#   never hedges. Short texts make it jumpy.
# - Hedge detection is validated on the Szeged uncertainty corpus (validation notebook).
# - Few hedges is a property of the writing, not evidence that a claim is false or true.
