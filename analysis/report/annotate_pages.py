"""A folder of annotated documents: one page per document (:mod:`analysis.report.annotate`) with
links to an index and to the previous and next document, and the index listing every page with
its span counts. Used by ``python -m analysis annotate`` and by the report build."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd

#: Page names a document never takes (compared case-insensitively): the index page written beside
#: the pages, and the device names Windows reserves in every folder (``CON.html`` cannot be created).
RESERVED_PAGE_NAMES = frozenset(
    ["index", "con", "prn", "aux", "nul", *(f"com{k}" for k in range(10)), *(f"lpt{k}" for k in range(10))]
)


def page_names(doc_ids) -> list[str]:
    """A safe, unique file name per document id (``[A-Za-z0-9._-]`` only, ``.html``); a name that
    is reserved (:data:`RESERVED_PAGE_NAMES`: a document with id ``index`` or ``INDEX``) or already
    taken, up to case, gets ``-2``, ``-3``, ... so no page replaces the index or another page."""
    names, seen = [], set(RESERVED_PAGE_NAMES)
    for doc_id in doc_ids:
        base = re.sub(r"[^A-Za-z0-9._-]+", "_", str(doc_id)).strip("._")[:80] or "document"
        name, k = base, 1
        while name.lower() in seen:
            k += 1
            name = f"{base}-{k}"
        seen.add(name.lower())
        names.append(name + ".html")
    return names


def write_annotated(
    documents: pd.DataFrame,
    out: str | Path,
    spans: pd.DataFrame | None = None,
    index_href: str | None = None,
    progress=None,
    attributions: pd.DataFrame | None = None,
    profile: pd.DataFrame | None = None,
    roles: pd.DataFrame | None = None,
) -> list[tuple[str, str]]:
    """Write one annotated page per row of ``documents`` into ``out``; return ``(label, file
    name)`` pairs in document order. Pages link to ``index_href`` (default: an ``index.html``
    written into ``out`` listing every page) and to their neighbours. ``spans`` and
    ``attributions`` (the study's tables for these documents) are computed when not given;
    ``profile`` and ``roles`` (the study's) fill each page's framing panel when given."""
    from analysis.measures.spans import corpus_spans
    from analysis.pipeline.files import atomic_write
    from analysis.report.annotate import annotate, counts_html, span_counts

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    docs = documents.reset_index(drop=True)
    if spans is None:
        spans = corpus_spans(docs)
    names = page_names(docs["doc_id"])
    own_index = index_href is None
    index_href = "index.html" if own_index else index_href
    by_doc = {k: g for k, g in spans.groupby("doc_id", sort=False)} if len(spans) else {}
    att_by_doc = (
        {str(k): g for k, g in attributions.groupby("doc_id", sort=False)} if attributions is not None else None
    )
    profile_of = (
        {str(d): r for d, r in zip(profile["doc_id"], profile.to_dict("records"))} if profile is not None else {}
    )
    roles_by_doc = (
        {str(k): g for k, g in roles.groupby("doc_id", sort=False)} if roles is not None and len(roles) else {}
    )
    pages, rows = [], []
    for i, row in docs.iterrows():
        nav = {
            "index": index_href,
            "previous": names[i - 1] if i > 0 else "",
            "next": names[i + 1] if i + 1 < len(docs) else "",
        }
        doc_spans = by_doc.get(row["doc_id"], spans.iloc[0:0])
        doc_att = None
        if att_by_doc is not None:
            doc_att = att_by_doc.get(str(row["doc_id"]), attributions.iloc[0:0])
        view = annotate(
            row,
            spans=doc_spans,
            nav=nav,
            attributions=doc_att,
            profile_row=profile_of.get(str(row["doc_id"])),
            roles=roles_by_doc.get(str(row["doc_id"])),
        )
        view.save(out / names[i])
        title = row.get("title", "")
        label = f"{row['doc_id']}: {title}" if isinstance(title, str) and title else str(row["doc_id"])
        pages.append((label, names[i]))
        rows.append((label, names[i], span_counts(doc_spans)))
        if progress:
            progress(i + 1, len(docs))
    if own_index:
        items = "".join(
            f'<li><a href="{html.escape(name, quote=True)}">{html.escape(label)}</a>'
            f"<details><summary>counts</summary>{counts_html(counts)}</details></li>"
            for label, name, counts in rows
        )
        page = (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Annotated documents</title>'
            "<style>body{font-family:system-ui,sans-serif;max-width:52rem;margin:1.5rem auto}</style></head>"
            f"<body><h1>Annotated documents ({len(rows)})</h1><ul>{items}</ul></body></html>\n"
        )
        atomic_write(out / "index.html", page.encode("utf-8"))  # whole or not at all
    return pages
