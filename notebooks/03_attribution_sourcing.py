# %% [markdown]
# # Attribution and sourcing: who is said to have said what
#
# **Question.** When the studied texts make a claim, do they say where it comes from? And when
# they do, is the source a named person, an official institution, a media outlet, an anonymous or
# unverifiable source ("information obtained from inside the country"), or the publisher itself?

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
from analysis.measures.attribution import find_attributions
from analysis.pipeline.cache import group_data
from analysis.corpus.sentences import split_sentences
from analysis.report.build import describe_group, open_study

spec = open_study(CORPUS, GROUPS, REFERENCE, BASELINES, TOPIC_TERMS, FAST)
data = group_data(spec)
studied = spec.studied_groups(data.documents)
mine = data.documents[data.documents["group"].isin(studied)]

# %% [markdown]
# ## Every attribution in the studied texts
#
# One row per attribution: the cue ("said", "according to"), the source, whether the content is
# a direct quotation, and the source type.

# %%
rows = []
for d in mine.itertuples():
    att = find_attributions(d.text, split_sentences(d.text), publisher=d.publisher or None)
    rows.append(att.assign(doc_id=d.doc_id))
attributions = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(
    columns=["doc_id", "sentence", "cue_text", "source_text", "direct", "source_type"])
attributions[["doc_id", "sentence", "cue_text", "source_text", "direct", "source_type"]]

# %% [markdown]
# ## Source mix per studied text

# %%
fig = figures.source_mix(data.profile[data.profile["group"].isin(studied)], label_col="doc_id",
                         source=", ".join(describe_group(data.documents, g) for g in studied))

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
# - "Self-reference" means the publisher cites itself: its name, acronym and the aliases given in
#   a `publisher_aliases` column or manifest field; the same rule makes "the President said"
#   self-reference in a White House statement.
# - A named source is checkable in principle; this notebook does not check it.
