"""An HTML view of one document with its spans highlighted by category.

Every category has a colour, an underline or outline style (so the view reads in greyscale) and a
visible badge after the span (CSS generated content from a ``data-badge`` attribute: it shows in
a screenshot and on paper, and copying the text gives the document back). Source spans carry
their source type as the badge ("named person", "anonymous"...). Quoted voice is set in italics
with a grey background. Hedges and boosters of non-core subcategories (conditional "if"/"would",
approximators: :data:`analysis.measures.lexicon.NON_CORE_SUBCATEGORIES`) and ``circular`` entries
are not counted in any rate, so they get a faint style and a "not counted" badge.

A tooltip gives the lexicon entry (never a regular-expression pattern: for pattern entries it
says so and shows the matched text), its citation, the voice and, for model spans, the
probability. A header counts the spans per category. Every piece of document text passes
through :func:`html.escape`: a ``<script>`` inside a document is shown as text, never run.
Writing a folder of pages with an index and previous/next links is in
:mod:`analysis.report.annotate_pages`.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

#: Display order, legend label, badge and CSS of each category. ``*_uncounted`` are the
#: non-core or circular spans of the category, kept out of every rate.
CATEGORY_STYLE = {
    "loaded": (
        "Loaded term (lexicon: a component of the loaded rate)",
        "loaded",
        "background:#f6c9c4;border-bottom:2px solid #9e1b12",
    ),
    "loaded_model": (
        "Loaded span (context model: the headline loaded_per_1k counts its words)",
        "model",
        "border-bottom:3px solid #c2410c",
    ),
    "hedge": ("Hedge (counted)", "hedge", "background:#cfe3f5;border-bottom:2px dotted #0b4f8a"),
    "booster": ("Booster (counted)", "booster", "background:#fde3a7;border-bottom:2px dashed #8a5a00"),
    "attribution_cue": ("Attribution cue", "cue", "font-weight:bold;border-bottom:3px double #333"),
    "source": ("Source (badge: its type)", "source", "outline:1.5px solid #1b6e3a;outline-offset:1px"),
    "technique": ("Persuasion technique (badge: its family)", "technique", "border-bottom:2px solid #6a3d9a"),
    "harm_event": ("Harm event (badge: who is named as agent)", "harm", "border-bottom:3px solid #000;font-weight:600"),
    "role": ("Narrative role of an entity (badge: hero, villain or victim)", "role", "outline:1.5px dashed #0072B2"),
    "uncounted": (
        "Hedge/booster/entry not counted in any rate",
        "not counted",
        "color:#555;border-bottom:1px dotted #999",
    ),
}
QUOTED_STYLE = "font-style:italic;background:#ececec"
BADGE_COLOURS = {
    "loaded": "#9e1b12",
    "loaded_model": "#c2410c",
    "hedge": "#0b4f8a",
    "booster": "#8a5a00",
    "attribution_cue": "#333",
    "source": "#1b6e3a",
    "technique": "#6a3d9a",
    "harm_event": "#000",
    "role": "#0072B2",
    "uncounted": "#777",
}

CSS = "\n".join(
    [
        "body{font-family:system-ui,sans-serif;color:#111;max-width:52rem;margin:1.5rem auto;padding:0 1rem}",
        ".fl-doc{font-family:Georgia,serif;line-height:2.1;white-space:pre-wrap}",
        ".fl-legend{display:flex;flex-wrap:wrap;gap:.4rem 1rem;margin:.6rem 0;font-size:.9rem}",
        ".fl-legend>span{padding:0 .2rem}",
        "[data-badge]::after{content:attr(data-badge);font:600 .62rem/1 system-ui,sans-serif;color:#fff;"
        "border-radius:3px;padding:1px 3px;margin-left:2px;vertical-align:super;font-style:normal}",
        ".fl-nav{display:flex;gap:1.2rem;font-size:.9rem;margin-bottom:.5rem}",
        ".fl-counts{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}",
        ".fl-counts td,.fl-counts th{border:1px solid #ccc;padding:2px 6px;text-align:left}",
        f".fl-quoted{{{QUOTED_STYLE}}}",
    ]
    + [
        f".fl-{cat}{{{css}}}\n.fl-{cat}[data-badge]::after{{background:{BADGE_COLOURS[cat]}}}"
        for cat, (_, _, css) in CATEGORY_STYLE.items()
    ]
)

_PATTERN_HINT = re.compile(r"\\[a-zA-Z]|\(\?|\[\^|[|^$]")


@lru_cache(maxsize=1)
def _pattern_entries() -> frozenset[str]:
    """Terms of the shipped lexicons whose ``kind`` is ``regex`` (shown as patterns nowhere)."""
    from analysis.config import LEXICON_DIR

    terms = set()
    for path in LEXICON_DIR.glob("*.csv"):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        if {"term", "kind"} <= set(frame.columns):
            terms |= set(frame.loc[frame["kind"] == "regex", "term"])
    return frozenset(terms)


def is_pattern(entry: str) -> bool:
    """True when a span's ``entry`` is a regular-expression pattern, not a readable term."""
    return bool(entry) and (entry in _pattern_entries() or bool(_PATTERN_HINT.search(entry)))


def _value(row, name: str):
    value = getattr(row, name, "")
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else value


def is_counted(row) -> bool:
    """False for spans kept out of every rate: non-core hedge/booster subcategories and
    ``circular`` entries (:mod:`analysis.measures.profile`)."""
    from analysis.measures.lexicon import is_core

    if "circular" in str(_value(row, "context")):
        return False
    return is_core(str(row.category), str(_value(row, "subcategory")))


def style_key(row) -> str:
    """The :data:`CATEGORY_STYLE` key a span is drawn with."""
    if not is_counted(row):
        return "uncounted"
    return row.category if row.category in CATEGORY_STYLE else "loaded"


def badge(row) -> str:
    """The visible label after a span: the source type for sources, else the category's badge
    (with the probability for model spans)."""
    key = style_key(row)
    if row.category == "source" and _value(row, "source_type"):
        return str(_value(row, "source_type")).replace("_unverifiable", "").replace("_", " ")
    if row.category == "technique":  # the technique's FRAPPE family
        return str(_value(row, "entry")).replace("_", " ") or "technique"
    if row.category == "role":  # the role and the model's score
        prob = _value(row, "probability")
        return f"{_value(row, 'subcategory')} {float(prob):.2f}" if prob != "" else str(_value(row, "subcategory"))
    if row.category == "harm_event":  # how the harm is told, and the type of agent when one is named
        sub = str(_value(row, "subcategory")).replace("passive_with_agent", "passive+agent").replace("_", " ")
        agent = str(_value(row, "source_type")).replace("_", " ")
        return f"{sub}: {agent}" if agent else sub
    text = CATEGORY_STYLE[key][1]
    prob = _value(row, "probability")
    if row.category == "loaded_model" and prob != "":
        text += f" {float(prob):.2f}"
    return text


def tooltip(row) -> str:
    """Hover text: category / subcategory, the entry (or "pattern entry" and the matched text),
    source type, voice, model probability, citation. Never a regular-expression pattern."""
    sub = _value(row, "subcategory")
    parts = [f"{row.category}" + (f" / {sub}" if sub else "")]
    if not is_counted(row):
        parts.append("not counted in rates")
    entry = str(_value(row, "entry"))
    if entry and is_pattern(entry):
        matched = _value(row, "text")
        parts.append("entry: a pattern entry of this subcategory" + (f", matched “{matched}”" if matched else ""))
    elif entry:
        parts.append(f"entry: {entry}")
    if _value(row, "source_type"):
        parts.append(f"source type: {_value(row, 'source_type')}")
    if _value(row, "voice"):
        parts.append(f"voice: {_value(row, 'voice')}")
    if row.category in ("loaded_model", "technique", "role") and _value(row, "probability") != "":
        parts.append(f"probability: {float(_value(row, 'probability')):.2f}")
    citation = str(_value(row, "lexicon_source"))
    if citation and not is_pattern(citation):
        parts.append(f"from: {citation}")
    return " | ".join(parts)


#: Span categories not drawn on a page: ``sentence_bias`` rows cover whole sentences (one per
#: sentence); the header counts the biased ones instead (:func:`span_counts`).
NOT_DRAWN = ("sentence_bias",)


def drawn(spans: pd.DataFrame | None) -> pd.DataFrame | None:
    """The spans a page draws: all but :data:`NOT_DRAWN` categories."""
    if spans is None or spans.empty or "category" not in spans.columns:
        return spans
    return spans[~spans["category"].isin(NOT_DRAWN)]


def render_spans(text: str, spans: pd.DataFrame, quoted_regions: list[tuple[int, int]] | None = None) -> str:
    """HTML for ``text`` with ``spans`` (start, end, category, ...) highlighted; text escaped.

    Overlapping spans nest: the text is cut at every span boundary and each piece is wrapped in
    one element per covering span, longest outermost; a span's badge sits on its last piece."""
    spans = drawn(spans) if spans is not None else pd.DataFrame(columns=["start", "end", "category"])
    rows = [r for r in spans.itertuples(index=False) if 0 <= r.start < r.end <= len(text)]
    regions = [(s, e) for s, e in (quoted_regions or []) if 0 <= s < e <= len(text)]
    cuts = sorted(
        {
            0,
            len(text),
            *[r.start for r in rows],
            *[r.end for r in rows],
            *[s for s, _ in regions],
            *[e for _, e in regions],
        }
    )
    out = []
    for a, b in zip(cuts, cuts[1:]):
        piece = html.escape(text[a:b])
        covering = sorted((r for r in rows if r.start <= a and b <= r.end), key=lambda r: r.start - r.end)
        for r in reversed(covering):  # innermost first, so the longest ends up outermost
            cls = f"fl-{html.escape(style_key(r))}"
            mark = f' data-badge="{html.escape(badge(r), quote=True)}"' if b == r.end else ""
            piece = f'<span class="{cls}"{mark} title="{html.escape(tooltip(r), quote=True)}">{piece}</span>'
        if any(s <= a and b <= e for s, e in regions):
            piece = f'<span class="fl-quoted">{piece}</span>'
        out.append(piece)
    return "".join(out)


def legend_html() -> str:
    """One sample of every style with its badge and what it means."""
    items = [
        f'<span class="fl-{cat}" data-badge="{html.escape(b)}">{html.escape(label)}</span>'
        for cat, (label, b, _) in CATEGORY_STYLE.items()
    ]
    items.append('<span class="fl-quoted">quoted voice (someone other than the author speaks)</span>')
    return '<div class="fl-legend"><strong>Legend:</strong>' + "".join(items) + "</div>"


def span_counts(spans: pd.DataFrame) -> dict[str, int]:
    """Counts shown in a page header: counted spans per category, quoted loaded terms, the
    not-counted spans, and sources per source type."""
    if spans is None or spans.empty:
        return {}
    sentences = spans[spans["category"] == "sentence_bias"] if "category" in spans.columns else spans.iloc[:0]
    spans = drawn(spans)
    keys = [style_key(r) for r in spans.itertuples(index=False)]
    counts: dict[str, int] = {}
    for cat in CATEGORY_STYLE:
        n = keys.count(cat)
        if n:
            counts[CATEGORY_STYLE[cat][0]] = n
    model = spans[spans["category"] == "loaded_model"] if "category" in spans.columns else spans.iloc[:0]
    if len(model) and "text" in model.columns:
        from analysis.corpus.text import WORD_RE

        counts["…words in model spans (the headline loaded_per_1k counts these)"] = sum(
            len(WORD_RE.findall(str(t))) for t in model["text"]
        )
        counted = np.array([is_counted(r) for r in spans.itertuples(index=False)], dtype=bool)
        lex = spans[(spans["category"] == "loaded").to_numpy() & counted]
        inside = [((model["start"] < e) & (model["end"] > s)).any() for s, e in zip(lex["start"], lex["end"])]
        outside = len(lex) - int(sum(inside))
        if outside:  # where the lexicon component and the headline's detector disagree, said on the page
            counts["…lexicon terms outside every model span (the components disagree there)"] = outside
    if len(sentences):
        biased = int((sentences["subcategory"] == "biased").sum())
        counts[f"Sentences called biased (BABE sentence model, of {len(sentences)})"] = biased
    if "voice" in spans.columns:
        quoted = int(((spans["category"] == "loaded") & (spans["voice"] == "quoted")).sum())
        if quoted:
            counts["…of which loaded in quoted voice"] = quoted
    if "source_type" in spans.columns:
        for st, n in spans.loc[spans["category"] == "source", "source_type"].value_counts().sort_index().items():
            counts[f"source: {st}"] = int(n)
    return counts


def counts_html(counts: dict[str, int]) -> str:
    if not counts:
        return "<p>No spans found.</p>"
    rows = "".join(f"<tr><th>{html.escape(k)}</th><td>{v}</td></tr>" for k, v in counts.items())
    return f'<table class="fl-counts"><tbody>{rows}</tbody></table>'


@dataclass
class AnnotatedDocument:
    """A document and its spans; shows itself highlighted in Jupyter (``_repr_html_``).
    ``nav`` maps ``index``/``previous``/``next`` to relative links shown above the text."""

    text: str
    spans: pd.DataFrame
    title: str = ""
    meta: dict = field(default_factory=dict)
    quoted_regions: list[tuple[int, int]] = field(default_factory=list)
    nav: dict = field(default_factory=dict)
    #: Escaped HTML of the framing panel (:func:`analysis.report.annotate_framing.framing_panel`).
    panel: str = ""

    def _nav_html(self) -> str:
        labels = {"index": "↑ Index", "previous": "← Previous document", "next": "Next document →"}
        links = [
            f'<a href="{html.escape(self.nav[k], quote=True)}">{v}</a>' for k, v in labels.items() if self.nav.get(k)
        ]
        return f'<nav class="fl-nav">{"".join(links)}</nav>' if links else ""

    def _repr_html_(self) -> str:
        meta = "".join(f"<dt>{html.escape(str(k))}</dt><dd>{html.escape(str(v))}</dd>" for k, v in self.meta.items())
        return (
            f"<style>{CSS}</style><div>"
            + self._nav_html()
            + (f"<h3>{html.escape(self.title)}</h3>" if self.title else "")
            + (f"<dl>{meta}</dl>" if meta else "")
            + counts_html(span_counts(self.spans))
            + self.panel
            + legend_html()
            + f'<div class="fl-doc">{render_spans(self.text, self.spans, self.quoted_regions)}</div></div>'
        )

    def to_html_page(self) -> str:
        """A standalone HTML page."""
        return (
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(self.title or "Document")}'
            f"</title></head><body>{self._repr_html_()}</body></html>\n"
        )

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        from analysis.pipeline.files import atomic_write

        atomic_write(path, self.to_html_page().encode("utf-8"))  # never half a page
        return path


def annotate(
    document,
    spans: pd.DataFrame | None = None,
    nav: dict | None = None,
    attributions: pd.DataFrame | None = None,
    context=None,
    profile_row=None,
    roles: pd.DataFrame | None = None,
) -> AnnotatedDocument:
    """An :class:`AnnotatedDocument` for one row of a documents frame (doc_id, title, text,
    publisher, date, sentence_bounds...), quoted-voice regions marked. ``spans`` and
    ``attributions``: the study's tables (the rows of this document are used); for a document
    outside a study both are found here, with ``context`` (a scoring context). ``profile_row``
    (the document's profile row) and ``roles`` (its roles rows) fill the framing panel when the
    study ran frames or roles."""
    from analysis.corpus.sentences import ensure_bounds
    from analysis.measures.attribution import find_attributions
    from analysis.measures.quotes import quoted_voice_regions
    from analysis.measures.spans import document_spans
    from analysis.report.annotate_framing import framing_panel

    text = document["text"] if isinstance(document["text"], str) else ""
    publisher = document.get("publisher") or None
    if isinstance(publisher, float):
        publisher = None
    bounds = document.get("sentence_bounds")
    bounds = ensure_bounds(text, bounds if bounds is not None and not isinstance(bounds, float) else None)
    if spans is None:
        spans = document_spans(
            text, doc_id=document["doc_id"], sentence_bounds=bounds, publisher=publisher, context=context
        )
    else:
        spans = spans[spans["doc_id"] == document["doc_id"]]
    if attributions is None:
        attributions = find_attributions(text, bounds, publisher=publisher)
    else:
        attributions = attributions[attributions["doc_id"].astype(str) == str(document["doc_id"])]
    regions = quoted_voice_regions(text, attributions, publisher=publisher)
    meta = {
        k: document.get(k, "")
        for k in ("doc_id", "group", "publisher", "date", "corpus")
        if isinstance(document.get(k, ""), str) and document.get(k, "")
    }
    title = document.get("title", "")
    return AnnotatedDocument(
        text,
        spans,
        title=title if isinstance(title, str) else "",
        meta=meta,
        quoted_regions=regions,
        nav=dict(nav or {}),
        panel=framing_panel(text, bounds, profile_row, roles),
    )
