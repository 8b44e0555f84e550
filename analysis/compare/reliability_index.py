"""The combined checkability index of the source-reliability scorecard, its weight sensitivity and
the plain-words explanation of one scorecard row.

The components are the columns of :func:`analysis.compare.scorecard.build_scorecard`'s table; the index
is a weighted mean of their [0, 1] transforms (:data:`INDEX_FORMULA`). The components are the result;
the index is offered for readers who want one number, with :func:`weight_sensitivity` showing whether
a conclusion depends on the weights.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.config import PACKAGE_DIR

# ---------------------------------------------------------------------------------------------
# The combined index and its weight sensitivity
# ---------------------------------------------------------------------------------------------

#: Details per 1,000 words at which the detail component reaches 1 (its scale; see formula).
DETAIL_CAP_PER_1K = 100.0
#: Amounts at which a count component reaches 1, each on a log scale (the fifth source adds less
#: than the second): distinct identified sources, dates, claims resting on a named document,
#: mentions of how a statement was obtained.
SOURCES_CAP = 15
DATES_CAP = 20
DOCUMENTS_CAP = 5
CONTACT_CAP = 5


def _log_amount(t: pd.DataFrame, column: str, cap: int) -> pd.Series:
    """``min(log(1 + count) / log(1 + cap), 1)`` of a count column (0 when absent)."""
    return (np.log1p(_col(t, column).fillna(0.0).clip(lower=0)) / np.log1p(cap)).clip(0.0, 1.0)


def _when_claims(t: pd.DataFrame, values: pd.Series) -> pd.Series:
    """``values`` where the text attributes at least one claim, 0 where it attributes none: a text
    that sources nothing gives a reader nothing to check (issue 25: a share "1 when no claim"
    scored unsourced texts as checkable)."""
    return values.where(_col(t, "claims").fillna(0) > 0, 0.0).fillna(0.0)


#: Index components: name -> (formula in words, function of the table). Each lies in [0, 1],
#: higher = more checkable (the expected direction; evidence and weights in
#: docs/reliability-scorecard.md). A text that attributes nothing scores 0 on every sourcing
#: component, never 1.
INDEX_COMPONENTS = {
    "named": ("named_source_share (0 when no claim)", lambda t: t["named_source_share"].fillna(0.0)),
    "identified": (
        "identified_source_share: claims from a named person with a role, title or affiliation, or from an "
        "institution, outlet or organisation (0 when no claim)",
        lambda t: _col(t, "identified_source_share").fillna(0.0),
    ),
    "not_bare": (
        "1 - bare_name_share: claims from a named person with no role (0 when no claim)",
        lambda t: _when_claims(t, 1.0 - _col(t, "bare_name_share")),
    ),
    "sources": (
        f"min(log(1 + identified_sources_distinct) / log(1 + {SOURCES_CAP}), 1)",
        lambda t: _log_amount(t, "identified_sources_distinct", SOURCES_CAP),
    ),
    "documents": (
        f"min(log(1 + document_claims) / log(1 + {DOCUMENTS_CAP}), 1): claims resting on a named report, study, "
        "data, filing or ruling",
        lambda t: _log_amount(t, "document_claims", DOCUMENTS_CAP),
    ),
    "contact": (
        f"min(log(1 + contact_mentions) / log(1 + {CONTACT_CAP}), 1): how statements were obtained (an interview, "
        "an email, a statement, a spokesperson)",
        lambda t: _log_amount(t, "contact_mentions", CONTACT_CAP),
    ),
    "not_unverifiable": (
        "1 - source_anonymous_unverifiable_share (0 when no claim)",
        lambda t: _when_claims(t, 1.0 - t["source_anonymous_unverifiable_share"]),
    ),
    "not_self": (
        "1 - source_self_reference_share (0 when no claim)",
        lambda t: _when_claims(t, 1.0 - t["source_self_reference_share"]),
    ),
    "attributed_facts": (
        "1 - unattributed_assertion_share (0 when no factual assertion)",
        lambda t: 1.0 - t["unattributed_assertion_share"].fillna(1.0),
    ),
    "detail": (
        f"min(checkable_details_per_1k / {DETAIL_CAP_PER_1K:g}, 1)",
        lambda t: (t["checkable_details_per_1k"].fillna(0.0) / DETAIL_CAP_PER_1K).clip(0.0, 1.0),
    ),
    "dates": (f"min(log(1 + dates) / log(1 + {DATES_CAP}), 1)", lambda t: _log_amount(t, "dates", DATES_CAP)),
    "other_side": ("1 if other_side_response else 0", lambda t: t["other_side_response"].astype(float)),
    "anonymous_hedged": (
        "anonymous_claims_hedged_share (1 when the text has claims and none is anonymous; 0 when no claim)",
        lambda t: _when_claims(t, t["anonymous_claims_hedged_share"].fillna(1.0)),
    ),
}
#: The published weights: fitted on the known groups (:mod:`analysis.training.reliability_weights`,
#: provenance in the sidecar of the same name); equal weights when the file is absent.
WEIGHTS_JSON = PACKAGE_DIR / "models" / "reliability_weights.json"
INDEX_FORMULA = (
    "reliability_index = sum_k w_k * c_k with weights w_k >= 0 summing to 1 (default: the weights fitted on "
    "known groups of well- and poorly-rated outlets, analysis/models/reliability_weights.json; "
    "weights='equal' gives 1/K each) over the components c_k: "
    + "; ".join(f"{k} = {v[0]}" for k, v in INDEX_COMPONENTS.items())
)


def _col(table: pd.DataFrame, name: str) -> pd.Series:
    """A column of the table, NaN when an older table lacks it."""
    return table[name].astype(float) if name in table.columns else pd.Series(np.nan, index=table.index)


@lru_cache(maxsize=1)
def published_weights() -> dict[str, float]:
    """The fitted weights of :data:`WEIGHTS_JSON` (component -> weight, summing to 1), or equal
    weights when the file is missing."""
    try:
        data = json.loads(WEIGHTS_JSON.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {k: 1.0 / len(INDEX_COMPONENTS) for k in INDEX_COMPONENTS}
    w = {k: float(data["weights"].get(k, 0.0)) for k in INDEX_COMPONENTS}
    total = sum(w.values())
    return {k: v / total for k, v in w.items()} if total > 0 else {k: 1.0 / len(w) for k in w}


def index_components(table: pd.DataFrame) -> pd.DataFrame:
    """The components of the index (:data:`INDEX_COMPONENTS`), one column each, in [0, 1]."""
    return pd.DataFrame(
        {k: f(table).astype(float).to_numpy() for k, (_, f) in INDEX_COMPONENTS.items()}, index=table.index
    )


def reliability_index(
    table: pd.DataFrame, weights: dict[str, float] | Sequence[float] | str | None = None
) -> pd.Series:
    """The weighted mean of the components (:data:`INDEX_FORMULA`). ``weights``: None for the
    published fitted weights (:func:`published_weights`), ``"equal"`` for 1/K each, or a dict /
    sequence of non-negative weights (normalised to sum to 1). 0 = nothing checkable, 1 = every
    weighted component at its best."""
    comps = index_components(table)
    if weights is None:
        weights = published_weights()
    if isinstance(weights, str):
        if weights != "equal":
            raise ValueError("weights must be None, 'equal', a dict or a sequence")
        w = np.full(comps.shape[1], 1.0 / comps.shape[1])
    elif isinstance(weights, dict):
        unknown = set(weights) - set(comps.columns)
        if unknown:
            raise ValueError(f"unknown index components {sorted(unknown)}")
        w = np.array([float(weights.get(c, 0.0)) for c in comps.columns])
    else:
        w = np.asarray(weights, dtype=float)
    if w.shape != (comps.shape[1],) or (w < 0).any() or w.sum() <= 0:
        raise ValueError("weights must be non-negative, one per component, not all zero")
    return pd.Series(comps.to_numpy() @ (w / w.sum()), index=table.index, name="reliability_index")


def weight_sensitivity(
    table: pd.DataFrame,
    group_col: str = "group",
    studied: str = "seeds",
    n_weights: int = 1000,
    seed: int = 0,
    alpha: float = 1.0,
) -> pd.DataFrame:
    """Does a conclusion hinge on the index weights? Draw ``n_weights`` weight vectors from a flat
    Dirichlet(``alpha``) with a fixed ``seed``; under each, compare every ``studied`` document's
    index with the median index of the other groups (pooled, and each group alone).

    One row per studied document and comparison (``baseline`` = "all baselines" or a group):
    ``share_below_median`` = share of weight vectors under which the document's index is below that
    median; ``index_equal_weights`` and ``median_equal_weights`` under equal weights. ``attrs``:
    ``share_all_below`` (share of weight vectors under which *every* studied document is below
    the pooled median), ``n_weights``, ``seed``, ``alpha``."""
    comps = index_components(table).to_numpy()
    rng = np.random.default_rng(seed)
    W = rng.dirichlet(np.full(comps.shape[1], alpha), size=n_weights)  # (n_weights, k)
    scores = comps @ W.T  # (docs, n_weights)
    equal = comps.mean(axis=1)
    groups = table[group_col].to_numpy()
    is_ref = groups == studied
    if not is_ref.any() or is_ref.all():
        raise ValueError(f"weight_sensitivity needs {studied!r} documents and other documents")
    comparisons = {"all baselines": ~is_ref}
    for g in dict.fromkeys(groups[~is_ref]):
        comparisons[str(g)] = groups == g
    rows = []
    ref_idx = np.flatnonzero(is_ref)
    pooled_median = np.median(scores[~is_ref], axis=0)
    for label, mask in comparisons.items():
        med = np.median(scores[mask], axis=0)
        med_eq = float(np.median(equal[mask]))
        for i in ref_idx:
            rows.append(
                {
                    "doc_id": table["doc_id"].iloc[i],
                    "baseline": label,
                    "n_baseline": int(mask.sum()),
                    "share_below_median": float(np.mean(scores[i] < med)),
                    "index_equal_weights": float(equal[i]),
                    "median_equal_weights": med_eq,
                }
            )
    out = pd.DataFrame(rows)
    out.attrs.update(
        share_all_below=float(np.mean((scores[ref_idx] < pooled_median).all(axis=0))),
        n_weights=n_weights,
        seed=seed,
        alpha=alpha,
    )
    return out


# ---------------------------------------------------------------------------------------------
# Plain words
# ---------------------------------------------------------------------------------------------


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _n(count, singular: str, plural: str | None = None) -> str:
    count = int(count or 0)
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


#: What explain() says about a genre: sourcing is compared within the genre, never judged by it.
_GENRE_WORDS = {
    "opinion": "It reads as opinion or commentary (first-person argument or an opinion label): compare its "
    "sourcing with other opinion pieces, not with news; few sources is the genre, not a verdict on the outlet.",
    "satire": "It carries a satire label or disclaimer: it does not claim to report facts.",
    "press_release": "It is laid out as a press release: it speaks for its publisher.",
    "wire": "It carries a wire dateline or agency credit; a dateline alone is not counted as a source.",
}


def explain(row: pd.Series | dict) -> str:
    """The scorecard of one document (a row of :func:`build_scorecard`'s table) in plain words, for
    journalists; every sentence is generated from the numbers."""
    r = dict(row)
    title = r.get("title") if isinstance(r.get("title"), str) and r.get("title") else None
    parts = [f"“{title}”" if title else str(r.get("doc_id", "This text"))]
    n = int(r.get("claims", 0) or 0)
    if n == 0:
        parts.append("attributes no statement to any source.")
    else:
        parts.append(
            f"attributes {_n(n, 'statement')} to a source: {_pct(r['named_source_share'])} to sources a reader can "
            f"check (a named person, an official institution or a media outlet), "
            f"{_pct(r['source_anonymous_unverifiable_share'])} to anonymous or unverifiable sources, "
            f"{_pct(r['source_self_reference_share'])} to the publisher itself and {_pct(r['source_unspecified_share'])} to no "
            f"identifiable source."
        )
    persons = int(r.get("person_claims", 0) or 0)
    if persons:
        bare = int(r.get("bare_name_claims", 0) or 0)
        parts.append(
            f"Of the {_n(persons, 'statement')} from named people, {persons - bare} name the person's role, title or "
            f"affiliation and {bare} give a bare name a reader cannot place."
        )
    fa = int(r.get("factual_assertions", 0) or 0)
    if fa:
        ua = int(r.get("unattributed_assertions", 0) or 0)
        verb = "is" if ua == 1 else "are"
        parts.append(
            f"Of its {_n(fa, 'factual statement')}, {ua} ({_pct(ua / fa)}) {verb} made in the author's own "
            f"voice with no source given."
        )
    else:
        parts.append("It makes no factual statement in the sense of the scorecard.")
    details = r.get("checkable_details_per_1k", float("nan"))
    parts.append(
        f"It gives {_n(r.get('dates'), 'date')}, {_n(r.get('numbers'), 'number')} and "
        f"{_n(r.get('names'), 'multi-word name')} ({details:.0f} checkable details per 1,000 words)."
    )
    if r.get("other_side_response"):
        k = int(r.get("other_side_count", 1) or 1)
        parts.append(
            f"It reports a response from the other side in {_n(k, 'sentence')} (a denial, a rejection, a "
            f"refusal to comment or an unanswered request)."
        )
    else:
        parts.append(
            "It reports no denial, rejection, refusal to comment or unanswered request for comment from anyone."
        )
    an = int(r.get("anonymous_claims", 0) or 0)
    if an:
        h = int(r.get("anonymous_claims_hedged", 0) or 0)
        if an == 1:
            state = 'is hedged ("reportedly", "allegedly", "may")' if h else "is stated as fact, without a hedge"
            parts.append(f"One claim rests on an anonymous or unverifiable source; it {state}.")
        else:
            parts.append(
                f"{an} claims rest on anonymous or unverifiable sources; {h} of them "
                f'{"is" if h == 1 else "are"} hedged ("reportedly", "allegedly", "may"), {an - h} '
                f"{'is' if an - h == 1 else 'are'} stated as fact."
            )
    else:
        parts.append("No claim rests on an anonymous source.")
    genre = r.get("text_genre")
    if isinstance(genre, str) and genre in _GENRE_WORDS:
        parts.append(_GENRE_WORDS[genre])
    if "reliability_index" in r and pd.notna(r["reliability_index"]):
        parts.append(
            f"Combined checkability index (weights fitted on known groups): {r['reliability_index']:.2f} on a 0-1 scale."
        )
    parts.append("This measures how checkable the sourcing is, not whether the claims are true.")
    return " ".join(parts)
