"""Records of tabular inputs (CSV rows, JSONL lines): the one reader of a record's text, id and
metadata, shared by the corpus loader (:func:`analysis.corpus.load.load_corpus`) and the
streaming scorer (:mod:`analysis.pipeline.streaming`), so a record means the same in both.

A record's text is the first of :data:`TEXT_FIELDS` it has; its id the first of
:data:`ID_FIELDS` that is a single, non-empty value (a null, a list or an object gives way to an id
the caller makes, with a warning); a record whose text or a text metadata field looks binary
(:func:`analysis.corpus.readers.looks_binary`) is skipped with the reason.
"""

from __future__ import annotations

import json

from analysis.corpus.readers import looks_binary

__all__ = ["TEXT_FIELDS", "ID_FIELDS", "META_FIELDS", "parse_json_line", "table_record"]

#: Fields that may hold a record's text, in order of preference.
TEXT_FIELDS = ("text", "body", "content", "article")
#: Fields that may hold a record's id, in order of preference.
ID_FIELDS = ("id", "doc_id")
#: Metadata fields kept as text.
META_FIELDS = ("title", "publisher", "date", "corpus", "genre", "group", "publisher_aliases")


def parse_json_line(line: str) -> tuple[dict | None, str]:
    """``(object, "")`` for a JSONL line holding a JSON object, else ``(None, reason)``: binary
    content, invalid JSON or not an object."""
    if why := looks_binary(line):  # a raw NUL or control bytes: binary, not merely bad JSON
        return None, why
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        return None, f"invalid JSON: {err.msg}"
    if not isinstance(obj, dict):
        return None, "not a JSON object"
    return obj, ""


def table_record(row: dict) -> tuple[dict | None, str, list[str]]:
    """``(record, "", warnings)`` for one parsed row (a dict), or ``(None, reason, [])`` when it
    cannot be a document. The record has ``text``, the other fields (None as ""; the
    :data:`META_FIELDS` as text) and ``doc_id`` when the row has a usable id (else the caller
    makes one; ``warnings`` then says why when the id was null or not a single value)."""
    field = next((f for f in TEXT_FIELDS if f in row), None)
    if field is None:
        return None, f"no text field (looked for {', '.join(TEXT_FIELDS)})", []
    warnings: list[str] = []
    doc_id = ""
    for key in ID_FIELDS:
        if key not in row:
            continue
        value = row[key]
        if value is None or isinstance(value, (dict, list, tuple, set)):
            warnings.append(f"{key} {json.dumps(value)[:40]} is not a single value; generated id used")
            continue
        if value != "" and not doc_id:
            doc_id = str(value)
    rec = {k: ("" if v is None else v) for k, v in row.items() if k not in TEXT_FIELDS and k not in ID_FIELDS}
    for k in META_FIELDS:
        if k in rec and not isinstance(rec[k], str):
            rec[k] = str(rec[k])
    rec["text"] = "" if row[field] is None else str(row[field])
    why = next((w for v in rec.values() if isinstance(v, str) and (w := looks_binary(v))), "")
    if why:
        return None, why, []
    if doc_id:
        rec["doc_id"] = doc_id
    return rec, "", warnings
