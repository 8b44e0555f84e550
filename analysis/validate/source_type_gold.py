"""Gold source types for attributions, and a scorer for the source-type rules.

The gold file ``validate/gold/source_types.csv`` (codebook: ``docs/source-types.md``) holds one
row per attribution: the source phrase as character offsets into the *raw* record text, its type,
whether it is a non-response, the outer attribution of a nested one, and the split. Texts are
read from the shared data folder (``../shared``), never copied into the repository.

Raw record text (what ``start``/``end`` index):

* ``.txt`` files: the whole file decoded as UTF-8, a byte-order mark removed;
* ``.csv`` files (Wikinews): the ``text`` field of the row whose ``url`` equals ``record``;
* ``.json`` files: the ``text`` field (White House, ``record`` = ``id``) or the ``body`` field
  (Reuters-21578, ``record`` = ``newid``) of the object, exactly as parsed.

Splits are assigned per document by a hash of ``file#record`` (:func:`document_split`), so a
document is never in both; the documents themselves were chosen in the order of
:func:`sampling_order`, a shuffle with a fixed seed.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..config import RANDOM_SEED

GOLD_CSV = Path(__file__).resolve().parent / "gold" / "source_types.csv"

GOLD_COLUMNS = [
    "id",
    "corpus",
    "file",
    "record",
    "publisher",
    "start",
    "end",
    "source_text",
    "cue_text",
    "type",
    "nested_in",
    "non_response",
    "split",
    "note",
]

#: The codebook's source types (docs/source-types.md).
GOLD_TYPES = (
    "named_person",
    "official_institution",
    "media_outlet",
    "organisation",
    "anonymous_unverifiable",
    "self_reference",
    "unspecified",
)

#: Share of documents in the dev split (the rest is test).
DEV_SHARE = 55

#: Corpus name -> (document files relative to the shared folder, field holding the text, record key).
CORPORA = {
    "seeds": ("seeds/*.txt", None, None),
    "bbc": ("baselines/bbc_news_greene2006/{politics,business}/*.txt", None, None),
    "wikinews": ("baselines/wikinews_2019_2020/wikinews_20*.csv", "text", "url"),
    "whitehouse": ("baselines/whitehouse_statements_iraq_iran/whitehouse_statements_iraq_iran.json", "text", "id"),
    "state_dept": ("baselines/state_dept_human_rights_reports_iraq_iran/20*.txt", None, None),
    "reuters": ("baselines/reuters21578/reuters21578_iran_iraq_subset.json", "body", "newid"),
}

_JSON_FIELDS = {
    "whitehouse_statements_iraq_iran.json": ("id", "text"),
    "reuters21578_iran_iraq_subset.json": ("newid", "body"),
}


class GoldError(ValueError):
    """A gold row does not fit its text (offsets, file or record), or a column is missing."""


def document_split(file: str, record: str = "") -> str:
    """``dev`` or ``test`` for a document: sha256 of ``"file#record"`` modulo 100 below
    :data:`DEV_SHARE` is dev. Fixed in advance, so it does not depend on what the rules get right."""
    h = int(hashlib.sha256(f"{file}#{record}".encode()).hexdigest(), 16)
    return "dev" if h % 100 < DEV_SHARE else "test"


@lru_cache(maxsize=8)
def _records(path: str) -> dict[str, str]:
    """Record key -> raw text for a CSV or JSON corpus file."""
    p = Path(path)
    if p.suffix == ".csv":
        with p.open(encoding="utf-8", newline="") as fh:
            return {row["url"]: row["text"] for row in csv.DictReader(fh)}
    key, field = _JSON_FIELDS.get(p.name, ("id", "text"))
    return {str(obj[key]): obj[field] for obj in json.loads(p.read_text(encoding="utf-8"))}


def raw_record_text(shared_dir: str | Path, file: str, record: str = "") -> str:
    """The raw text that gold offsets index (module docstring): a whole ``.txt`` file, or one
    record's text field of a ``.csv``/``.json`` file."""
    path = Path(shared_dir) / file
    if path.suffix == ".txt":
        text = path.read_bytes().decode("utf-8", errors="replace")
        return text[1:] if text.startswith("\ufeff") else text
    recs = _records(str(path))
    if str(record) not in recs:
        raise GoldError(f"{file}: no record {record!r}")
    return recs[str(record)]


def _expand(pattern: str, shared: Path) -> list[str]:
    """Files matching a pattern with one optional ``{a,b}`` group, sorted, relative to ``shared``."""
    if "{" in pattern:
        head, rest = pattern.split("{", 1)
        alts, tail = rest.split("}", 1)
        pats = [head + a + tail for a in alts.split(",")]
    else:
        pats = [pattern]
    return sorted(str(p.relative_to(shared)) for pat in pats for p in shared.glob(pat))


def sampling_order(shared_dir: str | Path, corpus: str, seed: int = RANDOM_SEED) -> list[tuple[str, str]]:
    """``(file, record)`` of every document of ``corpus`` (a key of :data:`CORPORA`) in the order
    documents were taken for annotation: the sorted list shuffled by ``random.Random(f"{seed}-{corpus}")``.
    Annotation takes documents from the front until the corpus quota is reached."""
    shared = Path(shared_dir)
    pattern, _, _ = CORPORA[corpus]
    docs = []
    for f in _expand(pattern, shared):
        if f.endswith(".txt"):
            docs.append((f, ""))
        else:
            docs.extend((f, k) for k in _records(str(shared / f)))
    random.Random(f"{seed}-{corpus}").shuffle(docs)
    return docs


#: Attributions annotated per long document (a window, :func:`window_start`).
WINDOW_RECORDS = 10


def window_start(text: str, file: str, seed: int = RANDOM_SEED) -> int:
    """Offset where annotation of a long document (a State Department report) begins: the start
    of a paragraph (a line starting with a non-space) drawn by ``random.Random(f"{seed}-{file}")``
    among all but the first three (title, bureau, URL header). The first :data:`WINDOW_RECORDS`
    attributions from there are annotated."""
    starts = [m.start() for m in re.finditer(r"(?m)^(?=\S)", text)]
    return starts[random.Random(f"{seed}-{file}").randrange(3, len(starts))]


# ---------------------------------------------------------------------------------------------
# reading the gold file
# ---------------------------------------------------------------------------------------------


def load_gold(shared_dir: str | Path, path: str | Path = GOLD_CSV) -> pd.DataFrame:
    """The gold rows (columns :data:`GOLD_COLUMNS`), each checked against its raw record text:
    ``raw[start:end] == source_text`` (a sourceless cue has ``start == end`` and an empty
    ``source_text``), a known type, a split equal to :func:`document_split`, and a ``nested_in``
    naming a row of the same document. Raises :class:`GoldError` naming the first bad row."""
    gold = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = set(GOLD_COLUMNS) - set(gold.columns)
    if missing:
        raise GoldError(f"{path}: missing columns {sorted(missing)}")
    gold["start"] = gold["start"].astype(int)
    gold["end"] = gold["end"].astype(int)
    gold["non_response"] = gold["non_response"].astype(int)
    doc_of = dict(zip(gold["id"], zip(gold["file"], gold["record"])))
    if len(doc_of) != len(gold):
        raise GoldError(f"{path}: duplicate ids")
    for row in gold.itertuples(index=False):
        where = f"gold row {row.id} ({row.file} {row.record})".rstrip()
        try:
            raw = raw_record_text(shared_dir, row.file, row.record)
        except (OSError, GoldError) as exc:
            raise GoldError(f"{where}: cannot read its text: {exc}") from exc
        if raw[row.start : row.end] != row.source_text or not 0 <= row.start <= row.end <= len(raw):
            raise GoldError(
                f"{where}: text[{row.start}:{row.end}] is {raw[row.start : row.end]!r}, "
                f"not the source_text {row.source_text!r}"
            )
        if row.type not in GOLD_TYPES:
            raise GoldError(f"{where}: unknown type {row.type!r}")
        if row.split != document_split(row.file, row.record):
            raise GoldError(f"{where}: split {row.split!r} differs from the document hash")
        if row.nested_in and doc_of.get(row.nested_in) != (row.file, row.record):
            raise GoldError(f"{where}: nested_in {row.nested_in!r} is not a row of the same document")
    return gold


# ---------------------------------------------------------------------------------------------
# scoring
# ---------------------------------------------------------------------------------------------

NOT_FOUND = "(not found)"

Predictor = Callable[[str, str], pd.DataFrame]


@lru_cache(maxsize=1)
def _declared_aliases():
    """The scoring context holding the publisher aliases the seeds' manifest declares (the aliases
    a study of the seeds passes to scoring); the default context when the seeds cannot be read."""
    from ..measures.context import DEFAULT_CONTEXT, ScoringContext

    try:
        from ..corpus.load import load_seeds

        return ScoringContext.create(documents=load_seeds().documents)
    except Exception:  # noqa: BLE001 - no seeds: no declared aliases
        return DEFAULT_CONTEXT


def spans_table_attributions(text: str, publisher: str) -> pd.DataFrame:
    """The attributions the spans table holds for ``text``
    (:func:`analysis.measures.attribution.attribution_records`: rules and tagger combined), with the
    text's sentence bounds, the gold ``publisher`` and the aliases declared for it."""
    from ..corpus.sentences import ensure_bounds
    from ..measures.attribution import ATTRIBUTION_COLUMNS, attribution_records

    pub = publisher or None
    recs = attribution_records(text, ensure_bounds(text), pub, _declared_aliases().self_names(pub))
    return pd.DataFrame(recs, columns=ATTRIBUTION_COLUMNS)


def rules_only(text: str, publisher: str) -> pd.DataFrame:
    """The rule extractor's rows alone (:func:`analysis.measures.attribution.rule_records`), with the
    same bounds, publisher and aliases as :func:`spans_table_attributions`."""
    from ..corpus.sentences import ensure_bounds
    from ..measures.attribution import ATTRIBUTION_COLUMNS, rule_records

    pub = publisher or None
    recs = rule_records(text, ensure_bounds(text), pub, _declared_aliases().self_names(pub))
    return pd.DataFrame(recs, columns=ATTRIBUTION_COLUMNS)


def constant_type(predict: Predictor, source_type: str) -> Predictor:
    """Naive baseline: the spans of ``predict`` with every source typed ``source_type`` (e.g. the
    most frequent dev type), so coverage is the same and only the typing differs."""

    def wrapped(text: str, publisher: str) -> pd.DataFrame:
        df = predict(text, publisher).copy()
        df["source_type"] = source_type
        return df

    return wrapped


def _match(row, pred: pd.DataFrame) -> str:
    """Predicted type for one gold row: the predicted source with the largest character overlap
    with the gold span; for a sourceless gold cue (start == end), a predicted row whose cue covers
    that position. :data:`NOT_FOUND` when nothing matches."""
    if row.start == row.end:
        hit = pred[(pred["cue_start"] <= row.start) & (row.start < pred["cue_end"])]
        return str(hit["source_type"].iloc[0]) if len(hit) else NOT_FOUND
    src = pred[pred["source_start"] >= 0]
    overlap = src["source_end"].clip(upper=row.end) - src["source_start"].clip(lower=row.start)
    overlap = overlap[overlap > 0]
    if overlap.empty:
        return NOT_FOUND
    return str(src.loc[overlap.idxmax(), "source_type"])


def match_gold(gold: pd.DataFrame, predict: Predictor, shared_dir: str | Path) -> pd.DataFrame:
    """The gold rows with a ``predicted`` column (a type or :data:`NOT_FOUND`); ``predict`` is
    called once per document on its raw text and the gold ``publisher``."""
    out = []
    for (file, record), rows in gold.groupby(["file", "record"], sort=False):
        text = raw_record_text(shared_dir, file, record)
        pred = predict(text, rows["publisher"].iloc[0]).reset_index(drop=True)
        rows = rows.copy()
        rows["predicted"] = [_match(r, pred) for r in rows.itertuples(index=False)]
        out.append(rows)
    return pd.concat(out, ignore_index=True) if out else gold.assign(predicted=[])


def _rates(frame: pd.DataFrame) -> dict:
    found = frame["predicted"] != NOT_FOUND
    right = frame["predicted"] == frame["type"]
    n, k = len(frame), int(found.sum())
    return {
        "n": n,
        "found": k,
        "coverage": k / n if n else float("nan"),
        "accuracy_all": right.sum() / n if n else float("nan"),
        "accuracy_found": right[found].sum() / k if k else float("nan"),
    }


def _doc_bootstrap(frame: pd.DataFrame, n_resamples: int, seed: int, confidence: float = 0.95) -> tuple:
    """Percentile interval of accuracy over all rows, resampling whole documents (rows of one
    document are not independent)."""
    import numpy as np

    groups = frame.groupby(["file", "record"], sort=False)
    right = np.array([(g["predicted"] == g["type"]).sum() for _, g in groups], dtype=float)
    size = np.array([len(g) for _, g in groups], dtype=float)
    if len(size) < 2:
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(size), size=(n_resamples, len(size)))
    acc = right[idx].sum(axis=1) / size[idx].sum(axis=1)
    a = (1 - confidence) / 2
    return float(np.quantile(acc, a)), float(np.quantile(acc, 1 - a))


def score_source_types(
    gold: pd.DataFrame,
    predict: Predictor,
    shared_dir: str | Path,
    split: str | None = None,
    n_resamples: int = 2000,
    seed: int = RANDOM_SEED,
) -> dict:
    """Source-type scores of ``predict`` on the gold rows of ``split`` (None: all rows).

    Returns a dict: ``overall`` (n, found, coverage = share of gold sources overlapped by a
    predicted source, accuracy_all = right type over all rows with an unfound row counted wrong,
    accuracy_found = right type over found rows, and ``ci_low``/``ci_high`` of accuracy_all by a
    document bootstrap), ``per_type`` (the same rates per gold type), ``confusion`` (gold type by
    predicted type, with a :data:`NOT_FOUND` column) and ``rows`` (the matched gold rows)."""
    if split is not None:
        gold = gold[gold["split"] == split]
    rows = match_gold(gold, predict, shared_dir)
    overall = _rates(rows)
    overall["ci_low"], overall["ci_high"] = _doc_bootstrap(rows, n_resamples, seed)
    per_type = pd.DataFrame(
        [_rates(g) for _, g in rows.groupby("type")],
        index=pd.Index(sorted(set(rows["type"])), name="type"),
        columns=["n", "found", "coverage", "accuracy_all", "accuracy_found"],
    )
    confusion = pd.crosstab(rows["type"], rows["predicted"], rownames=["gold"], colnames=["predicted"])
    return {"overall": overall, "per_type": per_type, "confusion": confusion, "rows": rows}


def _report(result: dict, label: str) -> str:
    o = result["overall"]
    lines = [
        f"== {label}: n={o['n']} found={o['found']} coverage={o['coverage']:.3f} "
        f"accuracy_all={o['accuracy_all']:.3f} [95% CI {o['ci_low']:.3f}-{o['ci_high']:.3f}] "
        f"accuracy_found={o['accuracy_found']:.3f}",
        result["per_type"].round(3).to_string(),
        result["confusion"].to_string(),
    ]
    return "\n".join(lines)


def source_type_report(shared_dir: str | Path, splits=("dev", "test"), n_resamples: int = 2000) -> str:
    """Source-type accuracy of the attributions the spans table holds (rules and tagger combined),
    overall (with a document-bootstrap 95% interval) and per gold type, with the confusion matrix,
    per split, beside the rules alone and the naive baseline (the spans table's spans, every source
    typed as the most frequent dev type)."""
    gold = load_gold(shared_dir)
    majority = gold[gold["split"] == "dev"]["type"].mode().iloc[0]  # chosen on dev only
    naive = constant_type(spans_table_attributions, majority)
    out = []
    for split in splits:
        for predict, label in (
            (spans_table_attributions, "spans table (rules + tagger)"),
            (rules_only, "rules alone"),
            (naive, f"naive baseline (same spans, every source '{majority}')"),
        ):
            out.append(
                _report(
                    score_source_types(gold, predict, shared_dir, split, n_resamples), f"source types, {split}: {label}"
                )
            )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    """Print the scores of the spans table's attributions, the rules alone and the constant-type
    baseline per split."""
    import argparse

    from ..config import SHARED_DIR

    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("--shared", default=str(SHARED_DIR), help="shared data folder (default ../shared)")
    ap.add_argument("--split", action="append", choices=["dev", "test"], help="split(s) to score (default both)")
    args = ap.parse_args(argv)
    print(source_type_report(args.shared, tuple(args.split or ["dev", "test"])))


if __name__ == "__main__":
    main()
