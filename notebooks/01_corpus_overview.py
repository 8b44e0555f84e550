# %% [markdown]
# # Corpus overview: what is being compared
#
# **Question.** What exactly are the texts under study, and what are the baseline corpora
# they are compared with? Before any measure, a reader should know where each text comes from,
# what was removed as web-page furniture, which dates are publication dates and which are not,
# and how large each group is.
#
# Parameters are in the next cell: `CORPUS` names the texts to study (default: the project's own),
# `BASELINES` the corpora to compare them with.

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

from analysis.corpus.baselines import available_baselines
from analysis.report import figures
from analysis.report.build import describe_group, open_study

pd.set_option("display.max_colwidth", 80)
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

# %% [markdown]
# ## The texts under study
#
# Each file or record is loaded with its id (from a manifest or an id column when there is one).
# The load report has a row for every path: loaded or skipped with a reason, what was removed as
# page furniture (crawl dates, breadcrumbs, "Exit mobile version"), whether hard-wrapped lines
# were joined and whether a reader comment was set aside.

# %%
mine = study.corpus_documents
mine[[c for c in ["doc_id", "group", "title", "publisher", "date", "words", "sentences"] if c in mine.columns]]

# %%
study.corpus_report[["source_file", "doc_id", "status", "reason", "warnings", "notes"]]

# %% [markdown]
# A publication date comes only from an explicit marker (a sign-off with a date, a dateline, a
# date column or manifest field); a date a text merely mentions is an event, not a publication
# date, so it leaves the date empty. Reader comments are kept in a separate column and are not
# measured as part of the text.

# %%
docs = mine
print(
    f"{len(docs)} documents; {int((docs['date'] != '').sum())} with a publication date, "
    f"{int((docs['publisher'] != '').sum())} with a publisher."
)
if "comments" in docs.columns:
    for doc_id, comment in zip(docs["doc_id"], docs["comments"].fillna("")):
        if comment:
            print(f"{doc_id}: reader comment set aside: {comment[:300]} ...")

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
data = study
sizes = data.documents.groupby("group", sort=False).agg(
    documents=("doc_id", "size"), words=("words", "sum"), median_words=("words", "median")
)
sizes

# %% [markdown]
# ## Readability
#
# Flesch-Kincaid grade estimates the years of US schooling needed to read a text; it rises with
# longer sentences and longer words.

# %%
fig = figures.readability_by_group(data.profile, group_col="group", source="every group, textstat formulas")

# %%
studied = study.studied_groups()
dates = data.documents.loc[data.documents["group"].isin(studied), "date"].replace("", pd.NA).dropna()
print(
    "Studied: "
    + "; ".join(describe_group(data.documents, g) for g in studied)
    + (f"; publication dates {dates.min()} to {dates.max()}" if len(dates) else "; no publication dates")
    + ". Compared with: "
    + ", ".join(study.reference_groups())
    + "."
)

# %% [markdown]
# ## Caveats
#
# - A small group is a small sample: every comparison in the later notebooks reports effect sizes
#   with intervals, and says what the group sizes allow (the sizes are printed above).
# - The baselines may differ from the texts under study in period, length and purpose.
#   Topic-matched subsets (baseline documents mentioning `TOPIC_TERMS`) check that a difference is
#   not just a different subject.
# - Readability formulas count syllables and sentence lengths; they say nothing about whether a
#   text is accurate or fair.
