"""The term explorer: one self-contained HTML page comparing the terms of N groups.

For every group, each term's rate per 1,000 words and its distinctive-term z-score against all
other groups pooled (log-odds with an informative Dirichlet prior, Monroe, Colaresi & Quinn 2008:
:func:`analysis.compare.distinctive.log_odds_groups`). The table is sortable by any column; a
click on a row shows the term's rate per group as bars and a keyword-in-context list (group,
voice: quoted or authorial, and a link to the annotated document when one exists). Unlike a
two-group scattertext view it works for any number of groups.

Drawn with Bokeh with its JavaScript inlined (``bokeh.resources.INLINE``): the page needs no
server and no network. Every value shown as HTML (column titles, the introduction, keyword-in-context
lines: group names, ids, terms, text) is escaped.
"""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import quote

import pandas as pd

#: Terms kept per group (the most distinctive of each group, by z).
TOP_PER_GROUP = 25
#: KWIC lines shown per term.
KWIC_PER_TERM = 12


def term_table(
    documents: pd.DataFrame,
    group_col: str = "group",
    top: int = TOP_PER_GROUP,
    ngram_range: tuple[int, int] = (1, 1),
    min_count: int = 3,
) -> pd.DataFrame:
    """One row per term (the ``top`` most distinctive of each group), columns
    ``rate_<group>`` (per 1,000 words) and ``z_<group>`` (that group against the rest)."""
    from analysis.compare.distinctive import log_odds_each_group

    groups = list(dict.fromkeys(documents[group_col]))
    if len(groups) < 2:
        raise ValueError("the term explorer needs at least two groups")
    per_group, keep = {}, []
    # each group against the rest, from one count of every document (log_odds_groups per group, once)
    for g, lo in log_odds_each_group(
        documents, group_col, groups, ngram_range=ngram_range, min_count=min_count
    ).items():
        per_group[g] = lo.set_index("term")
        keep += lo.sort_values("z", ascending=False).head(top)["term"].tolist()
    terms = list(dict.fromkeys(keep))
    out = pd.DataFrame({"term": terms})
    for g in groups:
        lo = per_group[g].reindex(terms)
        out[f"rate_{g}"] = lo["per_1k_words_a"].fillna(0.0).round(3).to_numpy()
    for g in groups:
        out[f"z_{g}"] = per_group[g]["z"].reindex(terms).fillna(0.0).round(2).to_numpy()
    out.attrs["groups"] = groups
    return out


def kwic_lines(
    documents: pd.DataFrame,
    terms,
    group_col: str = "group",
    links: dict | None = None,
    per_term: int = KWIC_PER_TERM,
    window: int = 50,
    attributions: pd.DataFrame | None = None,
) -> dict[str, str]:
    """HTML (escaped) keyword-in-context lines per term: group, voice, the line, and a link to
    ``links[doc_id]`` (an annotated page) with a text fragment on the match when given. The voice
    of a line comes from the study's ``attributions`` table (found per shown document when not given)."""
    from analysis.compare.distinctive import kwic_terms
    from analysis.corpus.sentences import ensure_bounds
    from analysis.measures.attribution import find_attributions
    from analysis.measures.quotes import quoted_voice_regions

    links = links or {}
    docs = documents.reset_index(drop=True)
    group_of = dict(zip(docs["doc_id"], docs[group_col]))
    first_row: dict = {}
    for i, doc_id in enumerate(docs["doc_id"]):
        first_row.setdefault(doc_id, i)
    regions: dict = {}
    att_by_doc = (
        {str(k): g for k, g in attributions.groupby("doc_id", sort=False)} if attributions is not None else None
    )

    def voice(doc_id, start, end) -> str:
        if doc_id not in regions:
            row = docs.iloc[first_row[doc_id]]
            pub = row.get("publisher") if isinstance(row.get("publisher"), str) and row.get("publisher") else None
            text = row["text"]
            if att_by_doc is not None:
                att = att_by_doc.get(str(doc_id), attributions.iloc[0:0])
            else:
                bounds = row.get("sentence_bounds") if "sentence_bounds" in row.index else None
                att = find_attributions(text, ensure_bounds(text, bounds), publisher=pub)
            regions[doc_id] = quoted_voice_regions(text, att, publisher=pub)
        return "quoted" if any(s <= start and end <= e for s, e in regions[doc_id]) else "authorial"

    out = {}
    # kwic(docs, term) of every term, each tried only where it occurs up to case (same rows, same order)
    for term, hits in kwic_terms(docs, list(terms), window=window):
        # a few lines from each group, so a small group is not drowned by a large one
        hits["group"] = hits["doc_id"].map(group_of)
        # and the first hit of every document before the second hit of any, so lines span documents
        hits = hits.assign(_rank=hits.groupby("doc_id").cumcount()).sort_values("_rank", kind="stable")
        shown = hits.groupby("group", sort=False).head(max(2, per_term // max(1, hits["group"].nunique())))
        lines = []
        for r in shown.head(per_term).itertuples(index=False):
            v = voice(r.doc_id, r.start, r.end)
            line = f"{html.escape(r.left)}<b>{html.escape(r.match)}</b>{html.escape(r.right)}"
            href = links.get(r.doc_id)
            doc = html.escape(str(r.doc_id))
            if href:
                doc = f'<a href="{html.escape(href, quote=True)}#:~:text={quote(r.match)}" target="_blank">{doc}</a>'
            lines.append(
                f'<tr><td>{html.escape(str(r.group))}</td><td>{v}</td><td>{doc}</td><td class="kw">{line}</td></tr>'
            )
        total = len(hits)
        out[term] = (
            f"<p><b>{html.escape(term)}</b>: {total} occurrence{'s' if total != 1 else ''}"
            f"{f', first {len(lines)} shown' if total > len(lines) else ''}</p>"
            "<table class='kwic'><tr><th>group</th><th>voice</th><th>document</th><th>in context</th></tr>"
            + "".join(lines)
            + "</table>"
        )
    return out


def explorer_page(
    documents: pd.DataFrame,
    group_col: str = "group",
    title: str = "Term explorer",
    links: dict | None = None,
    top: int = TOP_PER_GROUP,
    attributions: pd.DataFrame | None = None,
    harm_events: pd.DataFrame | None = None,
    roles: pd.DataFrame | None = None,
) -> str:
    """The explorer as one HTML string (Bokeh, inline resources); ``attributions``: the study's
    attributions table (the voice of each keyword-in-context line); ``harm_events``: the study's
    harm-events table (with ``group``), shown as a second table with its concordance
    (:mod:`analysis.report.explorer_harm`) when it has rows; ``roles``: the study's roles table,
    shown with its evidence sentences (:mod:`analysis.report.explorer_roles`) when it has rows."""
    from bokeh.embed import file_html
    from bokeh.layouts import column, row
    from bokeh.models import ColumnDataSource, CustomJS, DataTable, Div, NumberFormatter, TableColumn
    from bokeh.plotting import figure
    from bokeh.resources import INLINE

    table = term_table(documents, group_col, top=top)
    groups = table.attrs["groups"]
    kw = kwic_lines(documents, table["term"], group_col, links, attributions=attributions)
    data = table.assign(kwic=table["term"].map(kw))
    source = ColumnDataSource(data)
    # Bokeh puts a column title into the table header as HTML (SlickGrid's innerHTML) and a Div's
    # text as HTML: every group name, term and id reaching them is escaped (a group named
    # "grp<img src=x onerror=alert(1)>" is text); bar-chart factors are drawn on a canvas, as text
    esc = html.escape
    columns = [TableColumn(field="term", title="term", width=140)]
    columns += [
        TableColumn(field=f"rate_{g}", title=esc(f"{g} /1k"), formatter=NumberFormatter(format="0.00")) for g in groups
    ]
    columns += [
        TableColumn(field=f"z_{g}", title=esc(f"z {g}"), formatter=NumberFormatter(format="0.0")) for g in groups
    ]
    grid = DataTable(
        source=source,
        columns=columns,
        sortable=True,
        width=min(1400, 160 + 90 * 2 * len(groups)),
        height=420,
        index_position=None,
    )
    # the first term is selected when the page opens, so the bars and the KWIC list are never empty
    bars = ColumnDataSource({"group": groups, "rate": [float(data[f"rate_{g}"].iloc[0]) for g in groups]})
    plot = figure(
        x_range=groups,
        height=260,
        width=min(1000, 120 + 80 * len(groups)),
        title="rate per 1,000 words of the selected term",
        toolbar_location=None,
    )
    plot.vbar(x="group", top="rate", width=0.7, source=bars, color="#0072B2")
    plot.xaxis.major_label_orientation = 0.6 if len(groups) > 4 else 0
    plot.y_range.start = 0
    detail = Div(text=data["kwic"].iloc[0], width=1000)
    callback = CustomJS(
        args=dict(source=source, bars=bars, detail=detail, groups=groups),
        code="""
        const i = source.selected.indices[0];
        if (i === undefined) { return; }
        const d = source.data;
        bars.data = {group: groups, rate: groups.map(g => d['rate_' + g][i])};
        detail.text = d['kwic'][i];
    """,
    )
    source.selected.indices = [0]
    source.selected.js_on_change("indices", callback)
    intro = Div(
        text=(
            f"<h1>{html.escape(title)}</h1><p>{len(documents)} documents in {len(groups)} groups: "
            + ", ".join(f"{html.escape(str(g))} ({int((documents[group_col] == g).sum())})" for g in groups)
            + f". Terms: the {top} with the highest z of each group (log-odds with an informative "
            "Dirichlet prior, Monroe, Colaresi &amp; Quinn 2008; each group against all the others). "
            "Click a column header to sort, a row to see the term's rate per group and where it occurs. <a href='index.html'>&uarr; Index</a></p>"
            "<style>table.kwic{border-collapse:collapse;font-size:13px}"
            "table.kwic td,table.kwic th{border-bottom:1px solid #ddd;padding:2px 6px;text-align:left}"
            "td.kw{font-family:monospace;white-space:pre}</style>"
        ),
        width=1000,
    )
    parts = [intro, grid, row(plot), detail]
    if harm_events is not None and len(harm_events):
        parts += _harm_section(harm_events, documents, groups, links)
    if roles is not None and len(roles):
        parts += _roles_section(roles, groups, links)
    return file_html(column(*parts), INLINE, title)


def _harm_section(events: pd.DataFrame, documents: pd.DataFrame, groups: list, links: dict | None) -> list:
    """Heading, lemma table and concordance of the harm events (a click on a lemma shows its events)."""
    from bokeh.models import ColumnDataSource, CustomJS, DataTable, Div, NumberFormatter, TableColumn

    from analysis.report.explorer_harm import harm_concordance, harm_table

    table = harm_table(events, groups)
    lines = harm_concordance(events, documents, links)
    data = table.assign(kwic=table["lemma"].map(lines))
    source = ColumnDataSource(data)
    columns = [TableColumn(field="lemma", title="harm word", width=120)]
    columns += [TableColumn(field=f"n_{g}", title=f"{g} events") for g in groups]
    columns += [
        TableColumn(field=f"agentless_{g}", title=f"{g} no agent", formatter=NumberFormatter(format="0%"))
        for g in groups
    ]
    grid = DataTable(
        source=source, columns=columns, sortable=True, width=min(1400, 140 + 90 * 2 * len(groups)), height=300
    )
    detail = Div(text=data["kwic"].iloc[0], width=1000)
    source.selected.indices = [0]
    source.selected.js_on_change(
        "indices",
        CustomJS(
            args=dict(source=source, detail=detail),
            code="const i = source.selected.indices[0]; if (i !== undefined) { detail.text = source.data['kwic'][i]; }",
        ),
    )
    head = Div(
        text=(
            "<h2>Harm events: who does what to whom</h2><p>Every harm word the agency analysis found "
            f"({len(events)} events), its events per group and the share of them that name no agent "
            "(agentless passives, nominals without an agent). Click a row for the events in context with "
            "their construction, agent and patient. Rules and their accuracy: docs/agency-gold.md.</p>"
        ),
        width=1000,
    )
    return [head, grid, detail]


def write_explorer(
    documents: pd.DataFrame,
    out: str | Path,
    group_col: str = "group",
    title: str = "Term explorer",
    links: dict | None = None,
    top: int = TOP_PER_GROUP,
) -> Path:
    """Write :func:`explorer_page` to ``out`` (a file path)."""
    out = Path(out)
    from analysis.pipeline.files import atomic_write

    atomic_write(out, explorer_page(documents, group_col, title, links, top).encode("utf-8"))
    return out


def _roles_section(roles: pd.DataFrame, groups: list, links: dict | None) -> list:
    """Heading, (entity, role) table and evidence sentences (a click on a row shows them)."""
    from bokeh.models import ColumnDataSource, CustomJS, DataTable, Div, TableColumn

    from analysis.report.explorer_roles import roles_evidence, roles_table

    table = roles_table(roles, groups)
    evidence = roles_evidence(roles, links)
    data = table.assign(kwic=table["key"].map(evidence)).drop(columns=["key"])
    source = ColumnDataSource(data)
    columns = [TableColumn(field="entity", title="entity", width=200), TableColumn(field="role", title="role")]
    columns += [TableColumn(field=f"docs_{g}", title=f"{g} documents") for g in groups]
    grid = DataTable(source=source, columns=columns, sortable=True, width=min(1400, 300 + 90 * len(groups)), height=300)
    detail = Div(text=data["kwic"].iloc[0], width=1000)
    source.selected.indices = [0]
    source.selected.js_on_change(
        "indices",
        CustomJS(
            args=dict(source=source, detail=detail),
            code="const i = source.selected.indices[0]; if (i !== undefined) { detail.text = source.data['kwic'][i]; }",
        ),
    )
    head = Div(
        text=(
            "<h2>Heroes, villains and victims</h2><p>Entities the role model lists per document "
            f"({len(roles)} listings), with how many of each group's documents cast them in each role. "
            "Click a row for the evidence sentences. The model was trained on climate news (Frermann et al. "
            "2023): its rows are a reading to check against the text, not a verdict.</p>"
        ),
        width=1000,
    )
    return [head, grid, detail]
