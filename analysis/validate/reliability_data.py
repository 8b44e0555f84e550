"""Known-groups data for the source-reliability scorecard (issue 25): documents from outlets that a
published rating source rates well or poorly, read from the shared benchmark folder at call time.

* **PolNeAR** (train and dev; test is held back): 2015-2016 election coverage from seven named
  outlets. Each article's outlet is its file-name prefix (``polnear/data/metadata.tsv``'s
  ``publisher``). Wire copies (metadata ``wire``: AP, UPI, AFP, Reuters; 63 Breitbart and 11 HuffPost
  articles) carry the agency's reporting, not the outlet's, and are left out by default.
* **Narrative frames** (Frermann et al. 2023; 345 of 428 articles, the rest held back): climate
  coverage; ``source`` is the outlet, ``mbfc`` marks ``questionable_source`` outlets (Breitbart, Daily
  Mail, RT, Bipartisan Report).
* **PTC** (SemEval-2020 Task 11 train): articles from 48 outlets chosen as propagandistic or not by
  Media Bias/Fact Check, with no per-article outlet. It cannot enter an outlet-grouped design; it
  gives a convergent check instead: the density of gold propaganda-technique spans per article.

Outlet ratings (``gold/outlet_ratings.csv``, provenance in ``docs/outlet-ratings-PROVENANCE.md``):
Media Bias/Fact Check "factual reporting", from Baly et al.'s published MBFC snapshots (EMNLP 2018,
ACL 2020) and stored MBFC pages, each with its URL and date. :func:`outlet_groups` turns them into
``well_rated`` (high), ``poorly_rated`` (mixed or low), ``disputed`` (snapshots on both sides of
that line) or ``unrated`` (no rating found: never guessed).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "RATINGS_CSV",
    "OUTLET_ALIASES",
    "KNOWN_GROUP_COLUMNS",
    "outlet_key",
    "load_ratings",
    "outlet_groups",
    "load_polnear_outlets",
    "load_narrative_frames",
    "load_ptc_propaganda",
    "COLLECTIONS",
    "known_groups",
    "known_group_documents",
    "score_known_groups",
    "known_groups_table",
]

RATINGS_CSV = Path(__file__).parent / "gold" / "outlet_ratings.csv"

#: Outlet names as the corpora write them (lower case, letters and digits only) -> ``outlet_key``
#: of the ratings file.
OUTLET_ALIASES = {
    "huffpost": "huffpost",
    "thehuffingtonpost": "huffpost",
    "huffingtonpost": "huffpost",
    "nyt": "nytimes",
    "thenewyorktimes": "nytimes",
    "washpost": "washingtonpost",
    "usatoday": "usatoday",
    "westjournal": "westernjournal",
    "thedailycaller": "dailycaller",
}
#: The collections of known groups, in the order they are read.
COLLECTIONS = ("polnear", "narrative_frames", "ptc")
#: Columns of :func:`known_groups`.
KNOWN_GROUP_COLUMNS = [
    "doc_id",
    "title",
    "text",
    "collection",
    "outlet",
    "rated_group",
    "well_rated",
    "not_questionable",
    "propaganda_per_1k",
]
#: Snapshot preferred for each collection (nearest to its articles' dates: PolNeAR 2015-2016,
#: narrative frames 2017-2019); the other snapshot is used when the preferred one lacks the outlet.
_PREFERRED = {
    "polnear": ("mbfc_page", "baly2018", "baly2020"),
    "narrative_frames": ("mbfc_page", "baly2020", "baly2018"),
}
_WELL = {"high", "very high"}
_POOR = {"mixed", "low", "very low"}


def outlet_key(name: str) -> str:
    """The ratings file's key of an outlet name as a corpus writes it ("The Huffington Post",
    "huff-post", "thehuffingtonpost" -> "huffpost")."""
    k = re.sub(r"[^a-z0-9]", "", str(name).lower())
    return OUTLET_ALIASES.get(k, k)


def load_ratings(path: str | Path = RATINGS_CSV) -> pd.DataFrame:
    """The outlet ratings, one row per outlet and rating source (unrated outlets have an empty
    ``factual_reporting``)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def outlet_groups(collection: str, ratings: pd.DataFrame | None = None) -> dict[str, str]:
    """``outlet_key -> rated_group`` for one collection: the rating of the preferred snapshot
    (``_PREFERRED``), ``disputed`` when the outlet's snapshots fall on both sides of high vs mixed,
    ``unrated`` when none was found."""
    ratings = load_ratings() if ratings is None else ratings
    order = _PREFERRED.get(collection, ("mbfc_page", "baly2020", "baly2018"))
    out = {}
    for key, rows in ratings.groupby("outlet_key"):
        rated = rows[rows["factual_reporting"] != ""]
        if rated.empty:
            out[key] = "unrated"
            continue
        levels = set(rated["factual_reporting"].str.lower())
        if levels & _WELL and levels & _POOR:
            out[key] = "disputed"
            continue
        pick = sorted(rated.itertuples(), key=lambda r: order.index(r.rating_source) if r.rating_source in order else 9)
        level = pick[0].factual_reporting.lower()
        out[key] = "well_rated" if level in _WELL else "poorly_rated" if level in _POOR else "unrated"
    return out


def _frame(rows: list[dict]) -> pd.DataFrame:
    out = pd.DataFrame(rows)
    for c in KNOWN_GROUP_COLUMNS:
        if c not in out.columns:
            out[c] = np.nan
    return out[KNOWN_GROUP_COLUMNS]


def _label(groups: dict[str, str], key: str) -> tuple[str, float]:
    g = groups.get(key, "unrated")
    return g, 1.0 if g == "well_rated" else 0.0 if g == "poorly_rated" else np.nan


def load_polnear_outlets(data_dir=None, splits=("train", "dev"), include_wire: bool = False) -> pd.DataFrame:
    """PolNeAR articles with their outlet and rating group (columns :data:`KNOWN_GROUP_COLUMNS`);
    the first line is the title. Wire copies are left out unless ``include_wire``."""
    from analysis.config import gold_root
    from analysis.validate.gold import load_polnear

    root = gold_root(data_dir, "PolNeAR")
    meta = pd.read_csv(root / "polnear" / "data" / "metadata.tsv", sep="\t", dtype=str, keep_default_na=False)
    wire = {r.filename: r.wire not in ("", "None", "NA") for r in meta.itertuples()}
    groups = outlet_groups("polnear")
    rows = []
    for split in splits:
        arts, _ = load_polnear(split, data_dir=data_dir)
        for doc_id, text in zip(arts["doc_id"], arts["text"]):
            if wire.get(doc_id, False) and not include_wire:
                continue
            key = outlet_key(doc_id.split("_")[0])
            g, y = _label(groups, key)
            title = text.split("\n", 1)[0].strip()
            rows.append(
                {"doc_id": f"polnear:{doc_id}", "title": title, "text": text, "collection": "polnear", "outlet": key}
                | {"rated_group": g, "well_rated": y}
            )
    return _frame(rows)


def load_narrative_frames(data_dir=None) -> pd.DataFrame:
    """Narrative-frames articles with outlet, rating group and ``not_questionable`` (1 unless the
    corpus's ``mbfc`` column says ``questionable_source``)."""
    from analysis.config import gold_root
    from analysis.validate.gold import _need

    root = gold_root(data_dir, "narrative frames")
    path = _need(root / "narrative-frames-frermann2023" / "data" / "articles_metadata.tsv", "narrative frames", root)
    nf = pd.read_csv(path, sep="\t", dtype={"ID": str})
    groups = outlet_groups("narrative_frames")
    rows = []
    for r in nf.itertuples():
        key = outlet_key(r.source)
        g, y = _label(groups, key)
        rows.append(
            {"doc_id": f"nf:{r.ID}", "title": "", "text": r.text, "collection": "narrative_frames", "outlet": key}
            | {"rated_group": g, "well_rated": y, "not_questionable": float(r.mbfc != "questionable_source")}
        )
    return _frame(rows)


def load_ptc_propaganda(data_dir=None) -> pd.DataFrame:
    """PTC train articles with ``propaganda_per_1k``: gold spans of all 14 techniques per 1,000
    words (outlet unknown)."""
    from analysis.corpus.text import count_words
    from analysis.validate.gold import load_ptc

    arts, spans = load_ptc("train", techniques=None, data_dir=data_dir)
    n = spans.groupby("doc_id").size()
    rows = []
    for doc_id, text in zip(arts["doc_id"], arts["text"]):
        words = count_words(text)
        rows.append(
            {"doc_id": f"ptc:{doc_id}", "title": text.split("\n", 1)[0].strip(), "text": text, "collection": "ptc"}
            | {"outlet": "", "rated_group": "unrated", "propaganda_per_1k": 1000.0 * n.get(doc_id, 0) / max(words, 1)}
        )
    return _frame(rows)


def known_groups(data_dir=None, collections=COLLECTIONS) -> pd.DataFrame:
    """Every known-groups document of ``collections`` (columns :data:`KNOWN_GROUP_COLUMNS`, the
    raw text as the collection gives it)."""
    loaders = {"polnear": load_polnear_outlets, "narrative_frames": load_narrative_frames, "ptc": load_ptc_propaganda}
    return pd.concat([loaders[c](data_dir) for c in collections], ignore_index=True)


def known_group_documents(data_dir=None, collections=COLLECTIONS) -> pd.DataFrame:
    """The known-groups documents read as every corpus is read (:func:`analysis.corpus.load.record_from_text`:
    headline, cleaning, wire credit; :func:`analysis.corpus.load.make_documents`: sentence bounds),
    with ``group`` = collection, ``publisher`` = the outlet's name and the label columns of
    :data:`KNOWN_GROUP_COLUMNS`."""
    from analysis.corpus.load import make_documents, record_from_text

    raw = known_groups(data_dir, collections)
    names = load_ratings().drop_duplicates("outlet_key").set_index("outlet_key")["outlet_name"].to_dict()
    records = []
    for r in raw.to_dict("records"):
        rec = record_from_text(r["text"], r["doc_id"], ".txt", [], [])
        rec.update(doc_id=r["doc_id"], group=r["collection"], publisher=names.get(r["outlet"], "") or rec["publisher"])
        records.append(rec)
    docs = make_documents(records, corpus="known_groups", genre="news")
    labels = raw.drop(columns=["text", "title"])
    return docs.merge(labels, on="doc_id", how="left", validate="one_to_one")


def score_known_groups(data_dir=None, collections=COLLECTIONS, jobs: int | None = None) -> pd.DataFrame:
    """The scorecard table (:func:`analysis.compare.scorecard.build_scorecard`, the same rules as a
    study's) of the known-groups documents, with ``collection``, ``outlet``, ``rated_group``,
    ``well_rated``, ``not_questionable`` and ``propaganda_per_1k``."""
    from analysis.compare.scorecard import build_scorecard

    docs = known_group_documents(data_dir, collections)
    card = build_scorecard(docs, group_col="group", jobs=jobs)
    labels = docs[
        ["doc_id", "collection", "outlet", "rated_group", "well_rated", "not_questionable", "propaganda_per_1k"]
    ]
    return card.table.merge(labels, on="doc_id", how="left", validate="one_to_one")


def known_groups_table(data_dir=None, use_cache: bool = True) -> pd.DataFrame:
    """:func:`score_known_groups` of every collection, cached by the gold files' content and the
    code (:func:`analysis.pipeline.cache.memo_call`)."""
    from analysis.pipeline.cache import gold_fingerprint, memo_call

    return memo_call(
        "reliability_known_groups", score_known_groups, data_dir, inputs=gold_fingerprint(data_dir), use_cache=use_cache
    )
