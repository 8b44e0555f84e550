# %% [markdown]
# # Corpus overview: what is being compared
#
# **Question.** What exactly are the five advocacy statements, and what are the baseline corpora
# they are compared with? Before any measure, a reader should know where each text comes from,
# what was removed as web-page furniture, which dates are publication dates and which are not,
# and how large each group is.
#
# Parameters are in the next cell: change `BASELINES` to compare with other corpora.

# %% tags=["parameters"]
FAST = False
BASELINES = None  # None: all seven baselines; or a list such as ["wikinews", "whitehouse"]

# %%
# %matplotlib inline
import pandas as pd

from analysis.corpus.baselines import available_baselines
from analysis.corpus.load import load_seeds
from analysis.pipeline.cache import group_data
from analysis.corpus.groups import DEFAULT_BASELINES, FAST_BASELINES
from analysis.report import figures

pd.set_option("display.max_colwidth", 80)
baselines = list(FAST_BASELINES if FAST else (BASELINES or DEFAULT_BASELINES))
max_docs = 30 if FAST else None

# %% [markdown]
# ## The five statements
#
# Each seed file is loaded with its id from `seeds/manifest.csv`. The load report says, for each
# file, what was removed (crawl dates, breadcrumbs, "Exit mobile version") and whether a reader
# comment was set aside.

# %%
seeds = load_seeds()
seeds.documents[["doc_id", "title", "publisher", "date", "words", "sentences"]]

# %%
seeds.report[["source_file", "doc_id", "status", "warnings", "notes"]]

# %% [markdown]
# Three statements end with a sign-off ("Secretariat of the National Council of Resistance of
# Iran" and a date): those dates are their publication dates. The other two carry no such marker;
# dates they mention ("the February 9 attack") are events, not publication dates, so their date
# stays empty. One statement ends with a reader's comment, which is kept in a separate column and
# is not measured as part of the statement.

# %%
row = seeds.documents.set_index("doc_id").loc["isis-cooperation-reports"]
print(row["comments"][:400], "...")

# %% [markdown]
# ## The baselines
#
# Real texts written by others: community journalism (Wikinews), wire and broadcast news (Lee/ABC,
# Reuters, AG News, BBC) and official statements and reports (White House, State Department).
# Their licences differ; research-only corpora are read from the shared folder and never
# republished.

# %%
available_baselines()

# %%
data = group_data(baselines, max_docs=max_docs)
sizes = data.documents.groupby("group", sort=False).agg(documents=("doc_id", "size"), words=("words", "sum"),
                                                       median_words=("words", "median"))
sizes

# %% [markdown]
# ## Readability
#
# Flesch-Kincaid grade estimates the years of US schooling needed to read a text; it rises with
# longer sentences and longer words.

# %%
fig = figures.readability_by_group(data.profile, group_col="group",
                                   source="seeds and baselines, textstat formulas")

# %% [markdown]
# ## Caveats
#
# - Five statements are a very small sample: every comparison in the later notebooks reports
#   effect sizes with intervals, and says what five documents allow.
# - The baselines differ from the seeds in period (2004-2025 vs 2013-2014), length and purpose.
#   Topic-matched subsets (documents about Iraq and Iran) are used to check that a difference is
#   not just a different subject.
# - Readability formulas count syllables and sentence lengths; they say nothing about whether a
#   text is accurate or fair.
