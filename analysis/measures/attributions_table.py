"""The attributions table: one row per attribution of a corpus, the hand-off of the measures step
to the scorecard and other readers (issue 14: "one row per attribution, with cue, source, content,
type and links for nested attributions"). Rows are :func:`analysis.measures.attribution.attribution_records`
of each document; columns :data:`ATTRIBUTION_TABLE_COLUMNS`, all scalar (a tidy table: no joined
strings, nothing in ``.attrs``). Offsets are character offsets into the document text, end
exclusive, ``-1`` for an absent part. ``nested_in`` is the ``attribution_id`` of the outer
attribution in the same document (``-1`` if none); ``non_response`` marks a refusal or failure to
respond ("declined to comment")."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

__all__ = [
    "ATTRIBUTION_TABLE_COLUMNS",
    "attributions_frame",
    "attributions_table",
    "document_attributions",
    "self_names_of",
]

ATTRIBUTION_TABLE_COLUMNS = [
    "doc_id",
    "attribution_id",
    "sentence",
    "cue_start",
    "cue_end",
    "cue_text",
    "cue_entry",
    "cue_subcategory",
    "source_start",
    "source_end",
    "source_text",
    "source_type",
    "source_type_rule",
    "content_start",
    "content_end",
    "direct",
    "nested_in",
    "non_response",
]


def attributions_frame(records: list[dict]) -> pd.DataFrame:
    """The attributions table of attribution records (dicts with ``doc_id`` and the fields of
    :func:`analysis.measures.attribution.attribution_records`), columns :data:`ATTRIBUTION_TABLE_COLUMNS`."""
    if not records:
        return pd.DataFrame(columns=ATTRIBUTION_TABLE_COLUMNS)
    return pd.DataFrame(records)[ATTRIBUTION_TABLE_COLUMNS]


def self_names_of(value) -> tuple[str, ...]:
    """Publisher aliases from a documents-frame cell: a list/tuple of names, a ``;``-separated
    string, or missing (no aliases)."""
    if value is None or (isinstance(value, float) and value != value):
        return ()
    if isinstance(value, str):
        return tuple(n.strip() for n in value.split(";") if n.strip())
    return tuple(str(n).strip() for n in value if str(n).strip())


def document_attributions(
    text: str,
    doc_id: str = "",
    sentence_bounds: Sequence[tuple[int, int]] | None = None,
    publisher: str | None = None,
    self_names: Sequence[str] = (),
) -> pd.DataFrame:
    """The attributions-table rows of one document."""
    from analysis.measures.attribution import attribution_records

    bounds = list(sentence_bounds) if sentence_bounds is not None else None
    recs = attribution_records(text, bounds, publisher=publisher or None, self_names=tuple(self_names))
    df = pd.DataFrame(recs)
    if df.empty:
        return pd.DataFrame(columns=ATTRIBUTION_TABLE_COLUMNS)
    df.insert(0, "doc_id", doc_id)
    return df[ATTRIBUTION_TABLE_COLUMNS]


def attributions_table(documents: pd.DataFrame, aliases_col: str = "publisher_aliases") -> pd.DataFrame:
    """One row per attribution for every document of ``documents`` (columns ``doc_id``, ``text`` and
    optionally ``publisher`` and ``aliases_col``, the publisher's further names), in document order."""
    from analysis.measures.spans import normalise_publisher

    n = len(documents)
    pubs = documents["publisher"] if "publisher" in documents.columns else [None] * n
    aliases = documents[aliases_col] if aliases_col in documents.columns else [None] * n
    parts = [
        document_attributions(text, str(doc_id), publisher=normalise_publisher(pub), self_names=self_names_of(al))
        for doc_id, text, pub, al in zip(documents["doc_id"], documents["text"], pubs, aliases)
    ]
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=ATTRIBUTION_TABLE_COLUMNS)
    return pd.concat(parts, ignore_index=True)
