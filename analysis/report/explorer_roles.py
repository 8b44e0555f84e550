"""The explorer's roles section: whom each group casts as hero, villain or victim, with the
evidence sentences.

From the study's roles table (:mod:`analysis.measures.roles`, the ``roles`` analysis): one row per
(entity, role), entities compared case-insensitively, with the number of each group's documents
that list it in that role; a click shows the evidence sentences (group, document, score). Every
shown string is escaped.
"""

from __future__ import annotations

import html

import pandas as pd

__all__ = ["roles_table", "roles_evidence", "ROLE_ROWS", "EVIDENCE_PER_ROW"]

#: (entity, role) rows kept: the most listed.
ROLE_ROWS = 60
#: Evidence sentences shown per row.
EVIDENCE_PER_ROW = 12


def _keyed(roles: pd.DataFrame) -> pd.DataFrame:
    r = roles.assign(_entity=roles["entity"].astype(str).str.lower().str.strip())
    return r.assign(_key=r["_entity"] + "\x1f" + r["role"].astype(str))


def roles_table(roles: pd.DataFrame, groups: list, top: int = ROLE_ROWS) -> pd.DataFrame:
    """Columns ``key``, ``entity`` (as most often written), ``role`` and ``docs_<group>`` (the
    group's documents listing the entity in the role), the ``top`` rows most listed overall."""
    if roles is None or not len(roles):
        return pd.DataFrame(columns=["key", "entity", "role"])
    r = _keyed(roles)
    shown = r.groupby("_entity")["entity"].agg(lambda s: s.value_counts().index[0])
    docs = r.pivot_table(index="_key", columns="group", values="doc_id", aggfunc="nunique", fill_value=0)
    order = docs.sum(axis=1).sort_values(ascending=False, kind="stable").index[:top]
    out = pd.DataFrame({"key": list(order)})
    out["entity"] = [shown[k.split("\x1f")[0]] for k in order]
    out["role"] = [k.split("\x1f")[1] for k in order]
    for g in groups:
        out[f"docs_{g}"] = docs.reindex(order)[g].fillna(0).astype(int).to_numpy() if g in docs else 0
    return out


def roles_evidence(roles: pd.DataFrame, links: dict | None = None, per_row: int = EVIDENCE_PER_ROW) -> dict[str, str]:
    """HTML (escaped) evidence per (entity, role) key: group, document (linked to its annotated
    page when ``links`` has one), score and the evidence sentence, best score first."""
    links = links or {}
    out = {}
    for key, part in _keyed(roles).groupby("_key", sort=False):
        part = part.sort_values("score", ascending=False, kind="stable")
        lines = []
        for r in part.head(per_row).itertuples(index=False):
            doc = html.escape(str(r.doc_id))
            href = links.get(r.doc_id)
            if href:
                doc = f'<a href="{html.escape(href, quote=True)}" target="_blank">{doc}</a>'
            lines.append(
                f"<tr><td>{html.escape(str(r.group))}</td><td>{doc}</td><td>{float(r.score):.2f}</td>"
                f'<td class="kw">{html.escape(str(r.evidence_sentence))}</td></tr>'
            )
        entity, role = key.split("\x1f")
        out[key] = (
            f"<p><b>{html.escape(entity)}</b> as <b>{html.escape(role)}</b>: {len(part)} listing"
            f"{'s' if len(part) != 1 else ''}</p><table class='kwic'><tr><th>group</th><th>document</th>"
            "<th>score</th><th>evidence sentence</th></tr>" + "".join(lines) + "</table>"
        )
    return out
