"""The framing panel of an annotated page: which narrative frames the document uses, with the
sentences that drive each (:func:`analysis.measures.frames.frame_evidence`), and whom it casts as
hero, villain or victim, with the evidence sentence (:mod:`analysis.measures.roles`). Built only
from what the study computed (the profile's ``frame_<name>`` columns, the roles table); every
string is escaped."""

from __future__ import annotations

import html

import pandas as pd

__all__ = ["framing_panel", "EVIDENCE_PER_FRAME"]

#: Evidence sentences shown per frame.
EVIDENCE_PER_FRAME = 2


def _frames_html(text: str, bounds, probabilities: dict[str, float]) -> str:
    from analysis.measures.frames import FRAMES, frame_evidence, frame_model_available, load_frame_model

    if not frame_model_available():
        return ""
    evidence = frame_evidence(text, bounds, top=EVIDENCE_PER_FRAME, model=load_frame_model())
    rows = []
    for frame in FRAMES:
        p = probabilities.get(frame)
        if p is None or pd.isna(p):
            continue
        sentences = [
            html.escape(" ".join(text[bounds[i][0] : bounds[i][1]].split()))
            for f, i, _ in evidence
            if f == frame and 0 <= i < len(bounds)
        ]
        used = "uses" if p >= 0.5 else "does not use"
        rows.append(
            f"<tr><th>{html.escape(frame.replace('_', ' '))}</th><td>{p:.2f} ({used})</td>"
            f"<td>{'<br>'.join(sentences) or '<i>no sentence drives it</i>'}</td></tr>"
        )
    if not rows:
        return ""
    return (
        "<h4>Narrative frames</h4><p>Probability that the document uses each frame (0.5 is the decision; "
        "model trained on climate news, Frermann et al. 2023) and the sentences that push it up most.</p>"
        '<table class="fl-counts"><tr><th>frame</th><th>probability</th><th>evidence</th></tr>'
        + "".join(rows)
        + "</table>"
    )


def _roles_html(roles: pd.DataFrame) -> str:
    if roles is None or not len(roles):
        return ""
    rows = "".join(
        f"<tr><th>{html.escape(str(r.entity))}</th><td>{html.escape(str(r.role))}</td><td>{float(r.score):.2f}</td>"
        f"<td>{html.escape(str(r.evidence_sentence))}</td></tr>"
        for r in roles.sort_values("score", ascending=False, kind="stable").itertuples(index=False)
    )
    return (
        "<h4>Narrative roles</h4><p>Entities the role model lists as hero, villain or victim (score = probability "
        "of being a main entity &times; probability of the role; the model's reading, not a verdict).</p>"
        '<table class="fl-counts"><tr><th>entity</th><th>role</th><th>score</th><th>evidence</th></tr>'
        + rows
        + "</table>"
    )


def framing_panel(text: str, bounds, profile_row=None, roles: pd.DataFrame | None = None) -> str:
    """The panel's HTML (empty when the study ran neither frames nor roles): ``profile_row`` is
    the document's profile row (its ``frame_<name>`` columns), ``roles`` its rows of the roles
    table."""
    from analysis.measures.frames import FRAME_COLUMNS

    probabilities = {}
    if profile_row is not None:
        probabilities = {f: profile_row.get(col) for f, col in FRAME_COLUMNS.items() if col in profile_row}
    parts = (_frames_html(text, bounds, probabilities) if probabilities else "") + _roles_html(roles)
    return f'<section class="fl-framing">{parts}</section>' if parts else ""
