"""Every HTML value escaped, group names included (issue 29): one test per page type.

The hostile value is ``<img src=x onerror=alert(1)>`` as a group name (a folder or a ``group``
column value), in a document id and in a title. On each page it may appear only escaped
(``&lt;img ...&gt;``) wherever a browser reads it as HTML. The term explorer carries its content
inside Bokeh's JSON document, which Bokeh escapes as a whole for the ``<script>`` element; the
browser unescapes it and Bokeh then puts a ``TableColumn`` title into the table header and a
``Div``'s text into the page as HTML: those values must be escaped themselves (the column titles
were not, and the script ran in a browser). Bar-chart factors are drawn on a canvas (text).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pandas as pd

from analysis.corpus.load import load_seeds

PAYLOAD = "<img src=x onerror=alert(1)>"
ESCAPED = html.escape(PAYLOAD)
GROUP = "grp" + PAYLOAD
DOC_ID = "doc" + PAYLOAD
TITLE = "Title " + PAYLOAD


def hostile_documents() -> pd.DataFrame:
    """The five seeds (real statements, shipped in seeds/): two in the hostile group, three in a
    plain one, the first one with the hostile id and title."""
    docs = load_seeds().documents.reset_index(drop=True)
    docs["group"] = [GROUP, GROUP, "plain", "plain", "plain"]
    docs.loc[0, "doc_id"] = DOC_ID
    docs.loc[0, "title"] = TITLE
    return docs


def bokeh_models(page: str) -> list[dict]:
    """Every model object of the Bokeh documents embedded in ``page`` (their JSON unescaped)."""
    found: list[dict] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            if node.get("type") == "object" and "name" in node:
                found.append(node)
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    blocks = re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.S)
    assert blocks, "no Bokeh document in the page"
    for block in blocks:
        walk(json.loads(html.unescape(block)))
    return found


def html_sinks(models: list[dict]) -> dict[str, list[str]]:
    """The strings Bokeh renders as HTML: table column titles, Div texts and the keyword-in-context
    cells the click handler puts into a Div."""
    sinks: dict[str, list[str]] = {"title": [], "div": [], "kwic": []}
    for m in models:
        attrs = m.get("attributes", {})
        if m["name"] == "TableColumn":
            sinks["title"].append(attrs.get("title", ""))
        elif m["name"] == "Div":
            sinks["div"].append(attrs.get("text", ""))
        elif m["name"] == "ColumnDataSource":
            for key, values in attrs.get("data", {}).get("entries", []):
                if key == "kwic":  # a list, or {"type": "ndarray", "array": [...]}
                    values = values.get("array", []) if isinstance(values, dict) else values
                    sinks["kwic"] += [v for v in values if isinstance(v, str)]
    return sinks


def test_explorer_escapes_group_names_ids_and_titles():
    from analysis.report.explorer import explorer_page

    docs = hostile_documents()
    page = explorer_page(docs, "group", TITLE, links={DOC_ID: "documents/x.html"})
    sinks = html_sinks(bokeh_models(page))
    for kind, values in sinks.items():
        assert values, kind
        for value in values:
            assert "<img" not in value, (kind, value[:200])
    # the group's column titles and the introduction show the name, escaped
    assert f"{html.escape(GROUP)} /1k" in sinks["title"] and f"z {html.escape(GROUP)}" in sinks["title"]
    assert ESCAPED in sinks["div"][0] and f"<h1>{html.escape(TITLE)}</h1>" in sinks["div"][0]
    # keyword-in-context lines name the group and the document, escaped
    assert any(f"<td>{html.escape(GROUP)}</td>" in v for v in sinks["kwic"])
    # outside Bokeh's JSON the page has no raw payload either (the <title>)
    outside = re.sub(r'<script type="application/json"[^>]*>.*?</script>', "", page, flags=re.S)
    assert PAYLOAD not in outside and f"<title>{html.escape(TITLE)}</title>" in outside


def test_annotated_page_and_its_index_escape_group_id_and_title(tmp_path):
    from analysis.report.annotate_pages import write_annotated

    docs = hostile_documents().head(2)
    pages = write_annotated(docs, tmp_path)
    first = (tmp_path / pages[0][1]).read_text(encoding="utf-8")
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    for page in (first, index):
        assert "<img" not in page
    assert f"<dd>{html.escape(GROUP)}</dd>" in first  # the page says the document's group
    assert f"<dd>{html.escape(DOC_ID)}</dd>" in first and f"<title>{html.escape(TITLE)}</title>" in first
    assert f"{html.escape(DOC_ID)}: {html.escape(TITLE)}" in index
    assert re.fullmatch(r"[A-Za-z0-9._-]+\.html", pages[0][1])  # the file name is safe too


def test_report_index_escapes_groups_ids_and_titles(tmp_path):
    from analysis.report.notebooks import Rendered, write_index

    out = tmp_path / "reports"
    rendered = [Rendered(Path("01_corpus_overview.py"), out / "01_corpus_overview.html", TITLE)]
    extra = [(f"{DOC_ID}: {TITLE}", "documents/doc_img_src_x_onerror_alert_1.html")]
    study = {"studied groups": f"{GROUP} (2 documents)", "groups": [f"{GROUP} (2)", "plain (3)"]}
    empty_figures = tmp_path / "no-figures"
    empty_figures.mkdir()
    index = write_index(
        out, rendered, extra, study=study, notice=f"Not compared with {GROUP}", figures_dir=empty_figures
    )
    page = index.read_text(encoding="utf-8")
    assert "<img" not in page
    assert page.count(ESCAPED) == 6  # notice, two study values (one a list), title, the id and title
