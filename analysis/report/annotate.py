"""An HTML view of one document with its spans highlighted by category.

Loaded terms, hedges, boosters, attribution cues and sources each get a colour *and* an
underline style (so the view reads in greyscale), quoted voice is set in italics with a grey
background, and hovering a span shows the lexicon entry, its subcategory, its voice and its
source. Every piece of document text passes through :func:`html.escape`: a ``<script>`` inside a
document is shown as text, never run.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

#: Display order, label and CSS of each category.
CATEGORY_STYLE = {
    "loaded": ("Loaded term", "background:#f4c7c3;border-bottom:2px solid #7a1f1f"),
    "hedge": ("Hedge", "background:#d9e8f5;border-bottom:2px dotted #1f3f7a"),
    "booster": ("Booster", "background:#fde8b0;border-bottom:2px dashed #7a5a00"),
    "attribution_cue": ("Attribution cue", "font-weight:bold;border-bottom:3px double #333"),
    "source": ("Source", "outline:1px solid #333;outline-offset:1px"),
}
QUOTED_STYLE = "font-style:italic;background:#ececec"

CSS = "\n".join(
    [".fl-doc{font-family:Georgia,serif;line-height:1.7;max-width:46rem;white-space:pre-wrap}",
     ".fl-legend span{margin-right:1rem;padding:0 .2rem}",
     f".fl-quoted{{{QUOTED_STYLE}}}"]
    + [f".fl-{cat}{{{css}}}" for cat, (_, css) in CATEGORY_STYLE.items()]
)


def _tooltip(row) -> str:
    parts = [f"{row.category}" + (f" / {row.subcategory}" if getattr(row, "subcategory", "") else "")]
    if getattr(row, "entry", ""):
        parts.append(f"entry: {row.entry}")
    if getattr(row, "source_type", ""):
        parts.append(f"source type: {row.source_type}")
    if getattr(row, "voice", ""):
        parts.append(f"voice: {row.voice}")
    if getattr(row, "lexicon_source", ""):
        parts.append(f"from: {row.lexicon_source}")
    return " | ".join(parts)


def render_spans(text: str, spans: pd.DataFrame, quoted_regions: list[tuple[int, int]] | None = None) -> str:
    """HTML for ``text`` with ``spans`` (start, end, category, ...) highlighted; text escaped.

    Overlapping spans nest: the text is cut at every span boundary and each piece is wrapped in
    one element per covering span, longest outermost."""
    spans = spans if spans is not None else pd.DataFrame(columns=["start", "end", "category"])
    rows = [r for r in spans.itertuples(index=False) if 0 <= r.start < r.end <= len(text)]
    regions = [(s, e) for s, e in (quoted_regions or []) if 0 <= s < e <= len(text)]
    cuts = sorted({0, len(text), *[r.start for r in rows], *[r.end for r in rows],
                   *[s for s, _ in regions], *[e for _, e in regions]})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        piece = html.escape(text[a:b])
        covering = sorted((r for r in rows if r.start <= a and b <= r.end), key=lambda r: r.start - r.end)
        for r in reversed(covering):  # innermost first, so the longest ends up outermost
            cls = f"fl-{html.escape(str(r.category))}"
            piece = f'<span class="{cls}" title="{html.escape(_tooltip(r), quote=True)}">{piece}</span>'
        if any(s <= a and b <= e for s, e in regions):
            piece = f'<span class="fl-quoted">{piece}</span>'
        out.append(piece)
    return "".join(out)


def legend_html() -> str:
    items = [f'<span class="fl-{cat}">{html.escape(label)}</span>' for cat, (label, _) in CATEGORY_STYLE.items()]
    items.append('<span class="fl-quoted">quoted voice</span>')
    return '<div class="fl-legend">' + "".join(items) + "</div>"


@dataclass
class AnnotatedDocument:
    """A document and its spans; shows itself highlighted in Jupyter (``_repr_html_``)."""

    text: str
    spans: pd.DataFrame
    title: str = ""
    meta: dict = field(default_factory=dict)
    quoted_regions: list[tuple[int, int]] = field(default_factory=list)

    def _repr_html_(self) -> str:
        meta = "".join(f"<dt>{html.escape(str(k))}</dt><dd>{html.escape(str(v))}</dd>" for k, v in self.meta.items())
        return (f"<style>{CSS}</style><div>"
                + (f"<h3>{html.escape(self.title)}</h3>" if self.title else "")
                + (f"<dl>{meta}</dl>" if meta else "")
                + legend_html()
                + f'<div class="fl-doc">{render_spans(self.text, self.spans, self.quoted_regions)}</div></div>')

    def to_html_page(self) -> str:
        """A standalone HTML page."""
        return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(self.title or "Document")}'
                f"</title></head><body>{self._repr_html_()}</body></html>\n")

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.to_html_page(), encoding="utf-8")
        return path


def annotate(document, spans: pd.DataFrame | None = None) -> AnnotatedDocument:
    """An :class:`AnnotatedDocument` for one row of a documents frame (doc_id, title, text,
    publisher, date...): spans computed unless given, quoted-voice regions marked."""
    from analysis.measures.attribution import find_attributions
    from analysis.measures.quotes import quoted_voice_regions
    from analysis.corpus.sentences import split_sentences
    from analysis.measures.spans import document_spans

    text = document["text"]
    publisher = document.get("publisher") or None
    if spans is None:
        spans = document_spans(text, doc_id=document["doc_id"], publisher=publisher)
    else:
        spans = spans[spans["doc_id"] == document["doc_id"]]
    attributions = find_attributions(text, split_sentences(text), publisher=publisher)
    regions = quoted_voice_regions(text, attributions, publisher=publisher)
    meta = {k: document.get(k, "") for k in ("doc_id", "publisher", "date", "corpus") if document.get(k, "")}
    return AnnotatedDocument(text, spans, title=document.get("title", ""), meta=meta, quoted_regions=regions)
