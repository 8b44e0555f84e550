"""The term explorer is one self-contained page: N groups, rates, z-scores, KWIC with voice."""

from __future__ import annotations

import re

import pandas as pd

from analysis.corpus.baselines import load_baseline
from analysis.corpus.load import load_seeds
from analysis.report.explorer import term_table, write_explorer


def _three_groups() -> pd.DataFrame:
    # the five seeds and two halves of 20 Lee news documents (Lee ships with gensim: no download)
    seeds = load_seeds().documents.assign(group="seeds")
    lee = load_baseline("lee").head(20).reset_index(drop=True)
    lee["group"] = ["lee-a" if i < 10 else "lee-b" for i in range(len(lee))]
    return pd.concat([seeds, lee], ignore_index=True)


def test_term_table_has_a_rate_and_a_z_per_group():
    docs = _three_groups()
    table = term_table(docs, top=5)
    assert table.attrs["groups"] == ["seeds", "lee-a", "lee-b"]
    assert {f"rate_{g}" for g in table.attrs["groups"]} | {f"z_{g}" for g in table.attrs["groups"]} <= set(
        table.columns
    )
    # the 5 most distinctive terms of the seeds are in the table with a positive seeds z
    seeds_top = table.nlargest(5, "z_seeds")
    assert (seeds_top["z_seeds"] > 0).all() and (seeds_top["rate_seeds"] > 0).all()


def test_explorer_page_is_self_contained_and_links_kwic_to_annotated_pages(tmp_path):
    docs = _three_groups()
    links = {d: f"documents/{d}.html" for d in docs.loc[docs["group"] == "seeds", "doc_id"]}
    page = write_explorer(docs, tmp_path / "terms.html", links=links, top=5).read_text(encoding="utf-8")
    # no script or stylesheet fetched from the network: Bokeh's JavaScript is inlined
    assert not re.search(r"<script[^>]+src=[\"']?https?:", page)
    assert not re.search(r"<link[^>]+href=[\"']?https?:", page)
    assert "Bokeh" in page and "DataTable" in page
    # KWIC lines (HTML escaped inside Bokeh's JSON document) carry a voice and link the seeds' hits
    # to their annotated pages with a text fragment on the match
    assert "&lt;td&gt;authorial&lt;/td&gt;" in page
    assert re.search(r'&lt;a href=\\"documents/[a-z-]+\.html#:~:text=', page)


def test_harm_concordance_counts_per_group_and_escapes_what_it_shows():
    """Two documents, three harm events; the concordance row of "kill" names each event's
    construction and agent, and markup in the text around an event is shown as text."""
    from analysis.measures.agency import harm_events
    from analysis.report.explorer_harm import harm_concordance, harm_table

    docs = pd.DataFrame(
        {
            "doc_id": ["a1", "b1"],
            "group": ["a", "b"],
            "text": [
                "Iraqi forces killed seven residents. Two guards were killed.",
                "Militias killed three people at <b>Camp</b> Liberty.",
            ],
        }
    )
    events = pd.concat(
        [pd.DataFrame(harm_events(t)).assign(doc_id=d, group=g) for d, g, t in docs[["doc_id", "group", "text"]].values]
    )
    table = harm_table(events, ["a", "b"]).set_index("lemma")
    # group a: "killed" with an agent (Iraqi forces) and "were killed" without one
    assert table.loc["kill", "n_a"] == 2 and table.loc["kill", "agentless_a"] == 0.5
    assert table.loc["kill", "n_b"] == 1 and table.loc["kill", "agentless_b"] == 0.0
    html_kill = harm_concordance(events, docs, links={"a1": "documents/a1.html"})["kill"]
    assert "3 events" in html_kill
    assert "agentless_passive" in html_kill and "Iraqi forces (state_forces)" in html_kill
    assert "&lt;b&gt;Camp&lt;/b&gt;" in html_kill and "<b>Camp</b>" not in html_kill
    assert 'href="documents/a1.html#:~:text=killed"' in html_kill


def test_roles_section_counts_documents_per_group_and_escapes_evidence():
    from analysis.report.explorer_roles import roles_evidence, roles_table

    roles = pd.DataFrame(
        [
            {
                "doc_id": "a1",
                "group": "a",
                "entity": "The Regime",
                "role": "villain",
                "score": 0.3,
                "evidence_sentence": "x",
            },
            {
                "doc_id": "a2",
                "group": "a",
                "entity": "the regime",
                "role": "villain",
                "score": 0.5,
                "evidence_sentence": "<script>",
            },
            {
                "doc_id": "b1",
                "group": "b",
                "entity": "the regime",
                "role": "victim",
                "score": 0.2,
                "evidence_sentence": "y",
            },
        ]
    )
    table = roles_table(roles, ["a", "b"]).set_index(["entity", "role"])
    # "The Regime" and "the regime" are one entity; two documents of group a cast it as villain
    assert table.loc[("the regime", "villain"), "docs_a"] == 2
    assert table.loc[("the regime", "villain"), "docs_b"] == 0
    assert table.loc[("the regime", "victim"), "docs_b"] == 1
    html_rows = roles_evidence(roles, links={"a2": "documents/a2.html"})["the regime\x1fvillain"]
    assert "&lt;script&gt;" in html_rows and "<script>" not in html_rows
    # best score first: a2 (0.50) before a1 (0.30)
    assert html_rows.index("a2.html") < html_rows.index(">a1<")
