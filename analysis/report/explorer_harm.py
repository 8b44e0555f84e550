"""The explorer's harm-event concordance: who does what to whom, per group.

From the study's harm-events table (:mod:`analysis.measures.agency`, the ``agency`` analysis): one
row per harm word (lemma) with its count per group and the share of its events that name no agent
per group; a click shows the events in context with their construction (active, passive with an
agent, agentless passive, nominal), agent (and its type) and patient. Every shown string is
escaped (:func:`html.escape`).
"""

from __future__ import annotations

import html
from urllib.parse import quote

import pandas as pd

__all__ = ["harm_table", "harm_concordance", "EVENTS_PER_LEMMA"]

#: Events shown per harm word.
EVENTS_PER_LEMMA = 14


def harm_table(events: pd.DataFrame, groups: list) -> pd.DataFrame:
    """One row per harm lemma (most frequent first): ``n_<group>`` (events) and
    ``agentless_<group>`` (share of the group's events of that lemma without an agent; NaN when the
    group has none), for every group of ``groups``. ``events``: the harm-events table with a
    ``group`` column."""
    if events.empty:
        return pd.DataFrame(columns=["lemma"])
    ev = events.assign(_agentless=(events["agent"].fillna("") == "").astype(float))
    counts = ev.pivot_table(index="lemma", columns="group", values="start", aggfunc="count", fill_value=0)
    shares = ev.pivot_table(index="lemma", columns="group", values="_agentless", aggfunc="mean")
    order = counts.sum(axis=1).sort_values(ascending=False, kind="stable").index
    out = pd.DataFrame({"lemma": list(order)})
    for g in groups:
        out[f"n_{g}"] = counts.reindex(order)[g].fillna(0).astype(int).to_numpy() if g in counts else 0
    for g in groups:
        out[f"agentless_{g}"] = shares.reindex(order)[g].round(2).to_numpy() if g in shares else float("nan")
    return out


def harm_concordance(
    events: pd.DataFrame,
    documents: pd.DataFrame,
    links: dict | None = None,
    per_lemma: int = EVENTS_PER_LEMMA,
    window: int = 60,
) -> dict[str, str]:
    """HTML (escaped) concordance per harm lemma: group, construction, agent (type), patient,
    document (a link to its annotated page when ``links`` has one) and the event in context, a few
    events from each group so a small group is not drowned by a large one."""
    links = links or {}
    text_of = dict(zip(documents["doc_id"].astype(str), documents["text"]))
    out = {}
    for lemma, part in events.groupby("lemma", sort=False):
        part = part.assign(_rank=part.groupby("doc_id").cumcount()).sort_values("_rank", kind="stable")
        shown = part.groupby("group", sort=False).head(max(2, per_lemma // max(1, part["group"].nunique())))
        lines = []
        for r in shown.head(per_lemma).itertuples(index=False):
            text = text_of.get(str(r.doc_id), "")
            s, e = int(r.start), int(r.end)
            left = text[max(0, s - window) : s].replace("\n", " ")
            right = text[e : e + window].replace("\n", " ")
            line = f"{html.escape(left)}<b>{html.escape(text[s:e])}</b>{html.escape(right)}"
            agent = html.escape(str(r.agent)) + (f" ({html.escape(str(r.agent_type))})" if r.agent_type else "")
            doc = html.escape(str(r.doc_id))
            href = links.get(r.doc_id)
            if href:
                doc = f'<a href="{html.escape(href, quote=True)}#:~:text={quote(text[s:e])}" target="_blank">{doc}</a>'
            lines.append(
                f"<tr><td>{html.escape(str(r.group))}</td><td>{html.escape(str(r.subcategory))}</td>"
                f"<td>{agent or '<i>none named</i>'}</td><td>{html.escape(str(r.patient))}</td>"
                f'<td>{doc}</td><td class="kw">{line}</td></tr>'
            )
        total = len(part)
        out[lemma] = (
            f"<p><b>{html.escape(str(lemma))}</b>: {total} event{'s' if total != 1 else ''}"
            f"{f', first {len(lines)} shown' if total > len(lines) else ''}</p>"
            "<table class='kwic'><tr><th>group</th><th>construction</th><th>agent (type)</th><th>patient</th>"
            "<th>document</th><th>in context</th></tr>" + "".join(lines) + "</table>"
        )
    return out
