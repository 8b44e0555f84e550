# %% [markdown]
# # Attribution and sourcing: who is said to have said what
#
# **Question.** When the statements make a claim, do they say where it comes from? And when
# they do, is the source a named person, an official institution, a media outlet, an anonymous or
# unverifiable source ("information obtained from inside Iran"), or the publisher itself?

# %% tags=["parameters"]
FAST = False
BASELINES = None

# %%
# %matplotlib inline
import pandas as pd

from analysis.report import figures
from analysis.measures.attribution import find_attributions
from analysis.pipeline.cache import group_data
from analysis.corpus.groups import DEFAULT_BASELINES, FAST_BASELINES
from analysis.corpus.sentences import split_sentences

baselines = list(FAST_BASELINES if FAST else (BASELINES or DEFAULT_BASELINES))
data = group_data(baselines, max_docs=30 if FAST else None)
seeds = data.documents[data.documents["group"] == "seeds"]

# %% [markdown]
# ## Every attribution in the statements
#
# One row per attribution: the cue ("said", "according to"), the source, whether the content is
# a direct quotation, and the source type.

# %%
rows = []
for d in seeds.itertuples():
    att = find_attributions(d.text, split_sentences(d.text), publisher=d.publisher or None)
    rows.append(att.assign(doc_id=d.doc_id))
attributions = pd.concat(rows, ignore_index=True)
attributions[["doc_id", "sentence", "cue_text", "source_text", "direct", "source_type"]]

# %% [markdown]
# ## Source mix per statement

# %%
fig = figures.source_mix(data.profile[data.profile["group"] == "seeds"], label_col="doc_id",
                         source="the five statements (seeds/)")

# %% [markdown]
# ## Compared with the baselines
#
# Share of sentences with an attribution, and the share of attributions by source type, as
# group means.

# %%
cols = ["attributed_sentence_share"] + [c for c in data.profile.columns if c.startswith("source_") and c.endswith("_share")]
data.profile.groupby("group", sort=False)[cols].mean().round(3).T

# %% [markdown]
# ## Caveats
#
# - Attribution is found by rules (reporting verbs, "according to", quotation marks, source
#   phrases); its precision and recall against the PolNeAR gold annotations are in the
#   validation notebook.
# - "Self-reference" means the publisher cites itself (the NCRI, "the Iranian Resistance"); the
#   same rule makes "the President said" self-reference in a White House statement.
# - A named source is checkable in principle; this notebook does not check it.
