# %% [markdown]
# # Loaded terminology: which words carry the judgement
#
# **Question.** How often do the studied texts use loaded terms (pejorative labels such as
# "terrorist" or "puppet", delegitimising state terms such as "regime", atrocity amplifiers such
# as "massacre", words of moral outrage or ridicule such as "ludicrous"), and are those words the
# author's own or quoted from someone else? The same lexicon is applied to every corpus.
#
# **Which rate is the headline.** `loaded_per_1k` (and `loaded_authorial_per_1k`) count the words
# inside the spans of the **context model**, the detector validated best on held-out annotated
# articles (notebook 06: token F1 and how well the rate ranks articles by their gold loaded
# density). Two named components stay beside it: the **lexicon** rate `loaded_lexicon_per_1k`
# (every span names its entry and citation; precise, but it misses most of what annotators mark
# and ranks articles worst) and the **model** span count `loaded_model_per_1k`. The lexicon
# sections below explain *which words* carry the judgement; the headline says *how much*.

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
TERM = None  # the term followed across groups below; None = the loaded entry the studied texts use most

# %%
# %matplotlib inline
import pandas as pd

from analysis.report import figures
from analysis.report.annotate import annotate
from analysis.pipeline.cache import loaded_rates_by_voice
from analysis.compare.distinctive import kwic
from analysis.measures.lexicon import load_lexicon
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
mine = data.documents[data.documents["group"].isin(studied)]

# %% [markdown]
# ## The lexicon
#
# Every entry is a row of `analysis/lexicons/loaded.csv` with its subcategory and the published
# list it comes from (or the project's stated reason).

# %%
lex = load_lexicon("loaded")
lex.groupby("subcategory").size().rename("entries").to_frame()

# %% [markdown]
# ## Loaded terms in each studied text
#
# Rates are per 1,000 words. "Authorial" counts only terms in the text's own voice; a term
# inside a quotation attributed to someone else (an official, a newspaper) is "quoted". A
# text quoting its own publisher stays authorial.

# %%
loaded = data.spans[(data.spans["category"] == "loaded") & data.spans["doc_id"].isin(mine["doc_id"])]
per_doc = data.profile[data.profile["group"].isin(studied)].set_index("doc_id")
per_doc[[c for c in per_doc.columns if c.startswith("loaded_")]].round(1)

# %%
loaded.groupby(["entry", "subcategory", "voice"]).size().rename("count").sort_values(ascending=False).head(20)

# %% [markdown]
# ## Compared with the other groups

# %%
rates = loaded_rates_by_voice(data.spans, data.documents, group_col="group", per_document=True)
fig = figures.loaded_by_subcategory(
    rates, group_col="group", source="every group; lexicon analysis/lexicons/loaded.csv"
)

# %% [markdown]
# ## The headline and its two components
#
# The subcategory rates above count lexicon entries (the component `loaded_lexicon_per_1k`). The
# **headline** `loaded_per_1k` counts the words inside the spans of the loaded-language context
# model trained on the SemEval-2020 PTC and BABE training splits (`analysis/measures/loaded_model.py`;
# spans start at its calibrated threshold; held-out scores in the validation notebook);
# `loaded_model_per_1k` counts those spans. All are per 1,000 words, all voices and the author's
# own voice. The headline and the model component are NaN when the benchmark folder the model
# needs is absent.

# %%
MEASURES = [
    "loaded_per_1k",
    "loaded_lexicon_per_1k",
    "loaded_model_per_1k",
    "loaded_authorial_per_1k",
    "loaded_lexicon_authorial_per_1k",
    "loaded_model_authorial_per_1k",
]
means = data.profile.groupby("group", sort=False)[MEASURES].mean()
means.round(1)

# %%
fig = figures.loaded_lexicon_vs_model(
    data.profile,
    group_col="group",
    source="every group; lexicon analysis/lexicons/loaded.csv, context model analysis/models/loaded_context*",
)

# %% [markdown]
# Is each studied group's loaded-language rate higher than each reference group's? One line per
# pair, from the group means above: the **headline** verdict first, then whether each component
# agrees with it. The conclusion is the headline's: it ranks held-out articles by gold density
# far better than the lexicon does (notebook 06). A component that disagrees is said on the line:
# the lexicon disagreeing usually means the group's loaded language is in phrases and words the
# hand list does not hold (read the model spans on the annotated pages); the model's span count
# disagreeing means the group has fewer but longer spans (or the reverse).

# %%
for s in studied:
    for group in means.index.drop(studied, errors="ignore"):
        verdicts = {
            m: (
                "n/a"
                if pd.isna(means.loc[s, m]) or pd.isna(means.loc[group, m])
                else "higher"
                if means.loc[s, m] > means.loc[group, m]
                else "not higher"
            )
            for m in ("loaded_per_1k", "loaded_lexicon_per_1k", "loaded_model_per_1k")
        }
        head = verdicts["loaded_per_1k"]
        notes = [
            f"{name} component {'agrees' if verdicts[m] == head else 'DISAGREES (' + verdicts[m] + ')'}"
            for name, m in (("lexicon", "loaded_lexicon_per_1k"), ("model-span", "loaded_model_per_1k"))
        ]
        print(f"{s} vs {group}: headline loaded_per_1k {head}; " + "; ".join(notes))

# %% [markdown]
# ## One term across groups
#
# A keyword-in-context concordance shows how each group uses the term, and in whose voice. Unless
# `TERM` names one, the term is the lexicon entry the studied texts use most in their own voice.

# %%
if TERM is None:
    own = loaded[(loaded["voice"] == "authorial") & ~loaded["context"].str.contains("circular", regex=False)]
    TERM = own["entry"].value_counts().index[0] if len(own) else (lex["term"].iloc[0] if len(lex) else "said")
print(f"Following {TERM!r} across the groups.")
voice_lookup = {(r.doc_id, r.start, r.end): r.voice for r in data.spans.itertuples()}
conc = kwic(data.documents, TERM, window=50, inflect=True, voice_of=lambda d, s, e: voice_lookup.get((d, s, e), ""))
conc = conc.merge(data.documents[["doc_id", "group"]], on="doc_id")
conc.groupby(["group", "voice"]).size().rename("occurrences").to_frame()

# %%
conc.groupby("group").head(3)[["group", "doc_id", "left", "match", "right", "voice"]]

# %% [markdown]
# ## A studied text, annotated
#
# The studied document with the most loaded lexicon terms. Hover over a highlighted word to see
# its lexicon entry and source. Underlined spans are the context model's (the headline counts
# their words); lexicon terms are shaded (the lexicon component). Italic grey text is quoted voice.

# %%
top = loaded["doc_id"].value_counts().index[0] if len(loaded) else mine["doc_id"].iloc[0]
annotate(mine.set_index("doc_id", drop=False).loc[top], data.spans)

# %% [markdown]
# ## Caveats
#
# - A lexicon counts words, not meaning: "terrorist" in a State Department designation and in a
#   press release are counted the same way. The authorial/quoted split and the baselines show how
#   neutral texts use the same words.
# - The detector's precision and recall against externally annotated propaganda spans are in the
#   validation notebook; read rates here with those numbers in mind.
# - Counting loaded words says nothing about whether the texts' claims are true.
