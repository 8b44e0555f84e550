"""The term explorer's shared counting and pre-filtered KWIC give the very page of the
straightforward computation (each group's log-odds counted apart, every term searched in every
document), on the seeds and a few hundred baseline documents from ``../shared``.

The reference functions below are the explorer's code before the speed change (issue 15);
``benchmarks/explorer_speed.py`` times them against the current code.
"""

from __future__ import annotations

import html
import itertools
import re
import uuid
from contextlib import contextmanager
from urllib.parse import quote

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis.report import explorer

#: Documents per baseline (the first ones of each): with the seeds, 180 documents in 8 groups.
PER_BASELINE = 25


def reference_term_table(
    documents: pd.DataFrame,
    group_col: str = "group",
    top: int = explorer.TOP_PER_GROUP,
    ngram_range: tuple[int, int] = (1, 1),
    min_count: int = 3,
) -> pd.DataFrame:
    """term_table as it was: log_odds_groups (every document counted again) once per group."""
    from analysis.compare.distinctive import log_odds_groups

    groups = list(dict.fromkeys(documents[group_col]))
    if len(groups) < 2:
        raise ValueError("the term explorer needs at least two groups")
    per_group, keep = {}, []
    for g in groups:
        lo = log_odds_groups(documents, group_col, g, rest=True, ngram_range=ngram_range, min_count=min_count)
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


def reference_kwic_lines(
    documents: pd.DataFrame,
    terms,
    group_col: str = "group",
    links: dict | None = None,
    per_term: int = explorer.KWIC_PER_TERM,
    window: int = 50,
    attributions=None,
) -> dict[str, str]:
    """kwic_lines as it was: every term searched in every document, attributions found again
    (``attributions``, the study's table, is not read)."""
    from analysis.compare.distinctive import kwic
    from analysis.corpus.sentences import split_sentences
    from analysis.measures.attribution import find_attributions
    from analysis.measures.quotes import quoted_voice_regions

    links = links or {}
    docs = documents.reset_index(drop=True)
    group_of = dict(zip(docs["doc_id"], docs[group_col]))
    regions: dict = {}

    def voice(doc_id, start, end) -> str:
        if doc_id not in regions:
            row = docs.loc[docs["doc_id"] == doc_id].iloc[0]
            pub = row.get("publisher") if isinstance(row.get("publisher"), str) and row.get("publisher") else None
            text = row["text"]
            regions[doc_id] = quoted_voice_regions(
                text, find_attributions(text, split_sentences(text), publisher=pub), publisher=pub
            )
        return "quoted" if any(s <= start and end <= e for s, e in regions[doc_id]) else "authorial"

    out = {}
    for term in terms:
        hits = kwic(docs, term, window=window)
        hits["group"] = hits["doc_id"].map(group_of)
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


@contextmanager
def reference_functions():
    """explorer_page (unchanged) drawn from the reference term table and KWIC lines."""
    new = explorer.term_table, explorer.kwic_lines
    explorer.term_table, explorer.kwic_lines = reference_term_table, reference_kwic_lines
    try:
        yield
    finally:
        explorer.term_table, explorer.kwic_lines = new


@contextmanager
def fixed_bokeh_ids():
    """Bokeh's ids made the same on every call: its model counter restarted and its "unique"
    element ids drawn from a counter (they are uuid4 otherwise, so two pages of the same content
    differ in them). The first page drawn in a process also creates a few shared models (ids
    shifted by 6): draw one page before comparing."""
    from bokeh.util import serialization

    counter, uuid4 = serialization._simple_id, uuid.uuid4
    numbers = itertools.count()
    serialization._simple_id = 999
    uuid.uuid4 = lambda: uuid.UUID(int=(0xA << 124) + next(numbers))  # starts with a letter: css-safe
    try:
        yield
    finally:
        serialization._simple_id, uuid.uuid4 = counter, uuid4


@pytest.fixture(scope="module")
def study() -> tuple[pd.DataFrame, dict]:
    """The seeds and the first PER_BASELINE documents of each default baseline, with links from
    the seeds to annotated pages (as the report build gives them)."""
    from support import first_documents

    from analysis import config

    if config.baseline_dir() is None:
        pytest.skip("shared baselines not found (set FRAMING_DATA_DIR or place ../shared beside the project)")
    docs = first_documents(PER_BASELINE)
    assert docs["group"].nunique() >= 3, "needs the seeds and at least two baselines"
    links = {d: f"documents/{d}.html" for d in docs.loc[docs["group"] == "seeds", "doc_id"]}
    explorer.explorer_page(docs.head(8), "group")  # Bokeh's first-page models (fixed_bokeh_ids)
    return docs, links


@pytest.mark.requires_shared
def test_term_table_equals_the_per_group_computation(study):
    docs, _ = study
    got, want = explorer.term_table(docs), reference_term_table(docs)
    assert_frame_equal(got, want, check_exact=True)
    assert got.attrs["groups"] == want.attrs["groups"] == list(dict.fromkeys(docs["group"]))


@pytest.mark.requires_shared
def test_explorer_page_is_byte_identical_to_the_reference(study):
    docs, links = study
    title = "Terms of seeds and the reference groups"
    with fixed_bokeh_ids():
        page = explorer.explorer_page(docs, "group", title, links)
    with reference_functions(), fixed_bokeh_ids():
        reference = explorer.explorer_page(docs, "group", title, links)
    # the page has KWIC lines of both voices and links to annotated pages
    assert "&lt;td&gt;quoted&lt;/td&gt;" in page and "&lt;td&gt;authorial&lt;/td&gt;" in page
    assert re.search(r'&lt;a href=\\"documents/[^"\\]+\.html#:~:text=', page)
    assert page.encode("utf-8") == reference.encode("utf-8")
