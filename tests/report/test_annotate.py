"""The annotated-document view highlights spans and never lets document text become markup."""

from __future__ import annotations

import re

import pandas as pd

from analysis.corpus.load import load_seeds
from analysis.report.annotate import AnnotatedDocument, annotate, render_spans


def test_script_and_onerror_in_a_document_show_as_text():
    # A document may contain markup (a scraped page, a hostile submission): it must be escaped.
    text = 'He said: “<script>alert("x")</script> terrorist” <img src=x onerror=alert(1)> & more'
    s = text.index("terrorist")
    spans = pd.DataFrame(
        [
            {
                "start": s,
                "end": s + 9,
                "category": "loaded",
                "subcategory": "pejorative_label",
                "entry": "terrorist",
                "voice": "quoted",
                "lexicon_source": "<b>cite</b>",
            }
        ]
    )
    page = AnnotatedDocument(text, spans, title="<i>t</i>").to_html_page()
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;i&gt;t&lt;/i&gt;" in page and "&amp; more" in page
    # the tooltip carries the lexicon source, escaped too
    assert (
        'title="loaded / pejorative_label | entry: terrorist | voice: quoted | from: &lt;b&gt;cite&lt;/b&gt;"' in page
    )


def test_overlapping_spans_nest_and_text_is_unchanged():
    text = "the terrorist Quds Force said"
    spans = pd.DataFrame(
        [
            {"start": 0, "end": 24, "category": "source"},
            {"start": 4, "end": 13, "category": "loaded"},
            {"start": 25, "end": 29, "category": "attribution_cue"},
        ]
    )
    html_out = render_spans(text, spans)
    assert re.sub(r"<[^>]+>", "", html_out) == text  # stripping tags gives the text back
    # the loaded span ends on this piece, so it carries its visible badge; the source does not end here
    assert (
        '<span class="fl-source" title="source"><span class="fl-loaded" data-badge="loaded" title="loaded">'
        "terrorist</span></span>"
    ) in html_out


def test_seed_page_marks_quoted_voice_and_has_a_legend():
    doc = load_seeds().documents.set_index("doc_id", drop=False).loc["quds-massacre-plan"]
    view = annotate(doc)
    html_out = view._repr_html_()
    assert 'class="fl-legend"' in html_out
    # “These are traitors and murderers ...” is Adnan Assadi's, so it sits in a quoted region
    quoted = re.findall(r'<span class="fl-quoted">(.*?)</span>', html_out)
    assert any("These are traitors" in q or "traitors" in q for q in quoted)
    # "terrorist" in the statement's own opening sentence is loaded and not inside a quoted region
    assert re.search(
        r'(?<!fl-quoted">)<span class="fl-loaded"(?: data-badge="[^"]*")? title="loaded / pejorative_label \| entry: terrorist',
        html_out,
    )


def _seed_pages(tmp_path):
    from analysis.measures.spans import corpus_spans
    from analysis.report.annotate_pages import write_annotated

    docs = load_seeds().documents
    spans = corpus_spans(docs)
    pages = write_annotated(docs, tmp_path, spans=spans)
    return docs, spans, {name: (tmp_path / name).read_text(encoding="utf-8") for _, name in pages}


def test_every_source_type_of_the_seeds_has_a_visible_badge_and_no_pattern_shows(tmp_path):
    from analysis.report.annotate import CATEGORY_STYLE

    docs, spans, pages = _seed_pages(tmp_path)
    assert len(pages) == len(docs) == 5
    text = "".join(pages.values())
    # badges are drawn by CSS generated content, so they show without hovering and in print
    assert "[data-badge]::after{content:attr(data-badge)" in text
    for source_type in set(spans.loc[spans["category"] == "source", "source_type"]):
        label = source_type.replace("_unverifiable", "").replace("_", " ")
        assert f'data-badge="{label}"' in text, source_type
    for cat in set(spans["category"]) - {"source", "sentence_bias"}:  # sentence rows are counted, not drawn
        assert f'class="fl-{cat}" data-badge=' in text, cat
    for _, (legend_label, _, _) in CATEGORY_STYLE.items():  # the legend explains every style
        assert legend_label in text
    # the shipped lexicons have regex entries ("must\\s+have\\s+been" ...): no pattern text reaches a page
    assert "\\b" not in text and "(?" not in text and "\\s" not in text


def test_uncounted_hedges_look_different_and_pages_link_to_index_and_neighbours(tmp_path):
    from analysis.measures.spans import core_mask

    docs, spans, pages = _seed_pages(tmp_path)
    hedges = spans[spans["category"] == "hedge"]
    uncounted = hedges[~core_mask(hedges)]
    assert len(uncounted) > 0  # conditional "if"/"would" occur in the seeds
    text = "".join(pages.values())
    assert text.count('class="fl-uncounted" data-badge="not counted"') >= len(uncounted)
    names = list(pages)
    first, second = pages[names[0]], pages[names[1]]
    assert '<a href="index.html">' in first and f'<a href="{names[1]}">Next document' in first
    assert "Previous document" not in first and f'<a href="{names[0]}">' in second
    assert (tmp_path / "index.html").exists()
    # the header counts the document's spans per category
    assert '<table class="fl-counts">' in first and "Attribution cue" in first


def test_a_script_title_is_escaped_on_the_page_and_in_the_index(tmp_path):
    from analysis.report.annotate_pages import write_annotated

    docs = pd.DataFrame(
        [
            {
                "doc_id": "x/../1",
                "title": "<script>alert(1)</script>",
                "publisher": "",
                "text": "Officials said the talks may resume.",
            }
        ]
    )
    pages = write_annotated(docs, tmp_path)
    assert pages[0][1] == "x_.._1.html"
    for name in (pages[0][1], "index.html"):
        page = (tmp_path / name).read_text(encoding="utf-8")
        assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_document_named_index_keeps_its_page_and_the_index(tmp_path):
    """Documents with ids ``index`` and ``INDEX`` (any case: case-insensitive file systems) used to
    be written to ``index.html`` and then replaced by the index page; they get ``index-2.html`` and
    ``INDEX-3.html``, and the index links to both. Windows device names (``con``) are kept clear too."""
    from analysis.report.annotate_pages import page_names, write_annotated

    assert page_names(["index", "INDEX", "con", "Index.html"]) == [
        "index-2.html",
        "INDEX-3.html",
        "con-2.html",
        "Index.html.html",
    ]
    docs = pd.DataFrame(
        [
            {"doc_id": "index", "title": "First", "publisher": "", "text": "Officials said the talks may resume."},
            {"doc_id": "INDEX", "title": "Second", "publisher": "", "text": "The ministry said the plan was approved."},
        ]
    )
    pages = write_annotated(docs, tmp_path)
    assert [name for _, name in pages] == ["index-2.html", "INDEX-3.html"]
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "<h1>Annotated documents (2)</h1>" in index
    assert '<a href="index-2.html">' in index and '<a href="INDEX-3.html">' in index
    assert "<title>First</title>" in (tmp_path / "index-2.html").read_text(encoding="utf-8")


def test_harm_event_and_technique_spans_get_a_badge_each():
    """A harm event's badge says how the harm is told and who is named as agent; a technique's
    badge names its family (the annotated page's marks for the framing analyses)."""
    text = "Seven residents were killed. Iraqi forces shelled the camp. Enough is enough!"
    k, sh, en = text.index("killed"), text.index("shelled"), text.index("Enough")
    spans = pd.DataFrame(
        [
            {"start": k, "end": k + 6, "category": "harm_event", "subcategory": "agentless_passive", "entry": "kill"},
            {
                "start": sh,
                "end": sh + 7,
                "category": "harm_event",
                "subcategory": "active",
                "entry": "shell",
                "source_type": "state_forces",
            },
            {
                "start": en,
                "end": en + 17,
                "category": "technique",
                "subcategory": "Slogans",
                "entry": "call",
                "probability": 0.81,
            },
        ]
    )
    page = render_spans(text, spans)
    assert 'data-badge="agentless passive"' in page
    assert 'data-badge="active: state forces"' in page
    assert 'data-badge="call"' in page and "probability: 0.81" in page


def test_framing_panel_shows_frames_with_evidence_and_roles_escaped():
    """A page given the document's frame probabilities and roles rows shows both: each frame with
    its decision and driving sentences, each role row with its evidence sentence, all escaped."""
    from analysis.measures.frames import FRAME_COLUMNS, frame_model_available

    text = "Protesters <b>clashed</b> with police. The minister promised a new law to end the dispute."
    doc = pd.Series({"doc_id": "d1", "text": text, "publisher": ""})
    profile_row = {col: (0.9 if frame == "conflict" else 0.1) for frame, col in FRAME_COLUMNS.items()}
    roles = pd.DataFrame(
        [{"doc_id": "d1", "entity": "police <i>", "role": "villain", "score": 0.4, "evidence_sentence": text[:40]}]
    )
    page = annotate(doc, profile_row=profile_row, roles=roles).to_html_page()
    assert "Narrative roles" in page and "police &lt;i&gt;" in page and "<b>clashed</b>" not in page
    if frame_model_available():
        assert "Narrative frames" in page
        assert "0.90 (uses)" in page and "0.10 (does not use)" in page
    # no frame columns and no roles: no panel at all
    assert "fl-framing" not in annotate(doc).to_html_page()


def test_sentence_bias_rows_are_counted_not_drawn():
    # a whole-sentence sentence_bias row would wrap the sentence in a loaded-looking span; the page
    # counts it in the header instead ("Sentences called biased ... of 1": 1)
    from analysis.report.annotate import render_spans, span_counts

    text = "Thugs attacked the camp."
    spans = pd.DataFrame(
        [
            {"start": 0, "end": 24, "category": "sentence_bias", "subcategory": "biased", "probability": 0.8},
            {
                "start": 0,
                "end": 5,
                "category": "loaded",
                "subcategory": "pejorative_label",
                "probability": float("nan"),
            },
        ]
    )
    html = render_spans(text, spans)
    assert "fl-sentence_bias" not in html and html.count("<span") == 1
    counts = span_counts(spans)
    assert counts["Sentences called biased (BABE sentence model, of 1)"] == 1


def test_header_counts_headline_words_and_where_the_components_disagree():
    # "The regime's thugs attacked. The regime met.": one model span "regime's thugs" (2 words, the
    # headline counts them) holds the lexicon term "regime"; the second "regime" lies outside every
    # model span, so the header says the lexicon and the model disagree on 1 term
    from analysis.report.annotate import span_counts

    text = "The regime's thugs attacked. The regime met."
    spans = pd.DataFrame(
        [
            {
                "start": 4,
                "end": 18,
                "text": "regime's thugs",
                "category": "loaded_model",
                "subcategory": "",
                "context": "",
            },
            {
                "start": 4,
                "end": 10,
                "text": "regime",
                "category": "loaded",
                "subcategory": "delegitimising_state_term",
                "context": "",
            },
            {
                "start": 33,
                "end": 39,
                "text": "regime",
                "category": "loaded",
                "subcategory": "delegitimising_state_term",
                "context": "",
            },
        ]
    )
    counts = span_counts(spans)
    assert counts["…words in model spans (the headline loaded_per_1k counts these)"] == 2
    assert counts["…lexicon terms outside every model span (the components disagree there)"] == 1
    assert text[33:39] == "regime"
