"""The annotated-document view highlights spans and never lets document text become markup."""

from __future__ import annotations

import re

import pandas as pd

from analysis.report.annotate import AnnotatedDocument, annotate, render_spans
from analysis.corpus.load import load_seeds


def test_script_and_onerror_in_a_document_show_as_text():
    # A document may contain markup (a scraped page, a hostile submission): it must be escaped.
    text = 'He said: “<script>alert("x")</script> terrorist” <img src=x onerror=alert(1)> & more'
    s = text.index("terrorist")
    spans = pd.DataFrame([{"start": s, "end": s + 9, "category": "loaded", "subcategory": "pejorative_label",
                           "entry": "terrorist", "voice": "quoted", "lexicon_source": "<b>cite</b>"}])
    page = AnnotatedDocument(text, spans, title="<i>t</i>").to_html_page()
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;i&gt;t&lt;/i&gt;" in page and "&amp; more" in page
    # the tooltip carries the lexicon source, escaped too
    assert 'title="loaded / pejorative_label | entry: terrorist | voice: quoted | from: &lt;b&gt;cite&lt;/b&gt;"' in page


def test_overlapping_spans_nest_and_text_is_unchanged():
    text = "the terrorist Quds Force said"
    spans = pd.DataFrame([
        {"start": 0, "end": 24, "category": "source"},
        {"start": 4, "end": 13, "category": "loaded"},
        {"start": 25, "end": 29, "category": "attribution_cue"},
    ])
    html_out = render_spans(text, spans)
    assert re.sub(r"<[^>]+>", "", html_out) == text  # stripping tags gives the text back
    assert '<span class="fl-source" title="source"><span class="fl-loaded" title="loaded">terrorist</span></span>' in html_out


def test_seed_page_marks_quoted_voice_and_has_a_legend():
    doc = load_seeds().documents.set_index("doc_id", drop=False).loc["quds-massacre-plan"]
    view = annotate(doc)
    html_out = view._repr_html_()
    assert 'class="fl-legend"' in html_out
    # “These are traitors and murderers ...” is Adnan Assadi's, so it sits in a quoted region
    quoted = re.findall(r'<span class="fl-quoted">(.*?)</span>', html_out)
    assert any("These are traitors" in q or "traitors" in q for q in quoted)
    # "terrorist" in the statement's own opening sentence is loaded and not inside a quoted region
    assert re.search(r'(?<!fl-quoted">)<span class="fl-loaded" title="loaded / pejorative_label \| entry: terrorist', html_out)
