"""Sentences about statistics, computed from the numbers they describe.

A report that writes "no measure reaches p < .05" must take that from the table it sits above,
not from a hand-written or separately computed claim. :func:`holm_sentence` counts the rows of a
comparison table under a threshold after Holm's correction; :func:`design_floor_sentence` works
out the smallest p a permutation test can give for the actual group sizes (the smallest
baseline, not a 5-vs-5 design); :func:`format_p` writes p-values in APA style ("p = .002",
"p < .001"), never "0.000".
"""

from __future__ import annotations

import math

import pandas as pd


def format_p(p: float, digits: int = 3, prefix: bool = True) -> str:
    """APA-style p: ``p = .002``, ``p = .04``, ``p < .001`` (``digits`` decimals, no leading
    zero); ``p = 1`` for 1; "p = n/a" for a missing value. ``prefix=False`` drops "p "."""
    head = "p " if prefix else ""
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return f"{head}= n/a" if prefix else "n/a"
    p = float(p)
    floor = 10**-digits
    if p < floor:
        return f"{head}< {f'{floor:.{digits}f}'.lstrip('0')}"
    if p >= 1:
        return f"{head}= 1" if prefix else "1"
    text = f"{p:.{digits}f}".lstrip("0")
    if text == "1." + "0" * digits:
        text = "1"
    return f"{head}= {text}" if prefix else text


def format_p_columns(table: pd.DataFrame, columns=("p_perm", "p_holm", "p_holm_table")) -> pd.DataFrame:
    """A copy of ``table`` with its p-value columns written by :func:`format_p` (without "p ")."""
    out = table.copy()
    for col in columns:
        if col in out.columns:
            out[col] = out[col].map(lambda v: format_p(v, prefix=False))
    return out


def holm_sentence(
    table: pd.DataFrame, alpha: float = 0.05, p_col: str = "p_holm", label_cols=("measure", "baseline", "design")
) -> str:
    """One sentence on how many rows of ``table`` have ``p_col`` below ``alpha`` and which is the
    smallest, e.g. "After Holm's correction 3 of 20 comparisons have p < .05; the smallest is
    loaded_per_1k (wikinews, all), p = .002."."""
    p = pd.to_numeric(table[p_col], errors="coerce") if p_col in table.columns else pd.Series(dtype=float)
    valid = p.dropna()
    if valid.empty:
        return f"No comparison has a {p_col} value."
    n_sig = int((valid < alpha).sum())
    best = table.loc[valid.idxmin()]
    labels = [str(best[c]) for c in label_cols if c in table.columns]
    where = labels[0] + (f" ({', '.join(labels[1:])})" if len(labels) > 1 else "") if labels else "a comparison"
    alpha_text = f"{alpha:g}".lstrip("0") if alpha < 1 else f"{alpha:g}"
    word = "comparison" if len(valid) == 1 else "comparisons"
    if n_sig == 0:
        return (
            f"After Holm's correction none of the {len(valid)} {word} has p < {alpha_text}; "
            f"the smallest is {where}, {format_p(valid.min())}."
        )
    verb = "has" if n_sig == 1 else "have"
    return (
        f"After Holm's correction {n_sig} of {len(valid)} {word} {verb} p < {alpha_text}; "
        f"the smallest is {where}, {format_p(valid.min())}."
    )


def design_floor_sentence(
    n: int, n_others, n_measures: int, n_resamples: int | None = None, alpha: float = 0.05
) -> str:
    """What the group sizes allow: the smallest permutation p against the smallest and the
    largest reference group (:func:`analysis.compare.stats.min_attainable_p`), and whether a
    measure at that floor can pass ``alpha`` after Holm's correction over ``n_measures``."""
    from analysis.compare.stats import N_RESAMPLES, min_attainable_p

    n_resamples = N_RESAMPLES if n_resamples is None else n_resamples
    sizes = sorted({int(k) for k in (n_others if hasattr(n_others, "__iter__") else [n_others]) if int(k) > 0})
    if not sizes:
        raise ValueError("need at least one reference group with documents")
    floors = {k: min_attainable_p(n, k, n_resamples) for k in sizes}
    smallest, largest = sizes[0], sizes[-1]
    alpha_text = f"{alpha:g}".lstrip("0")
    parts = [
        f"With {n} studied documents against {smallest} reference documents the smallest attainable "
        f"permutation p is {format_p(floors[smallest], digits=4, prefix=False)}"
    ]
    if largest != smallest:
        parts.append(f"; against {largest} it is {format_p(floors[largest], digits=4, prefix=False)}")
    adjusted = {k: min(1.0, f * n_measures) for k, f in floors.items()}
    can = [k for k in sizes if adjusted[k] < alpha]
    if not can:
        verdict = (
            f"Holm's correction over {n_measures} measures multiplies the smallest p by {n_measures}, so "
            f"no comparison in this design can reach p < {alpha_text}."
        )
    elif len(can) == len(sizes):
        verdict = (
            f"Even after Holm's correction over {n_measures} measures a comparison can reach "
            f"p < {alpha_text} (at best {format_p(adjusted[largest], digits=4)})."
        )
    else:
        verdict = (
            f"After Holm's correction over {n_measures} measures only comparisons with at least "
            f"{can[0]} reference documents can reach p < {alpha_text}."
        )
    return "".join(parts) + ". " + verdict


#: A comparison whose groups' median lengths differ by more than this factor is flagged.
LENGTH_RATIO_FLAG = 2.0


def length_check(documents: pd.DataFrame, pairs, ratio: float = LENGTH_RATIO_FLAG) -> list[str]:
    """Sentences flagging each comparison whose groups differ strongly in length (median words per
    document more than ``ratio`` times apart): counts such as ``named_sources_distinct`` grow with
    length, so read the per-1,000-words and per-sentence measures there."""
    med = documents.groupby("group")["words"].median()
    out = []
    for a, b in pairs:
        if a not in med.index or b not in med.index or min(med[a], med[b]) <= 0:
            continue
        r = max(med[a], med[b]) / min(med[a], med[b])
        if r > ratio:
            longer, shorter = (a, b) if med[a] > med[b] else (b, a)
            out.append(
                f"Length check: {longer} documents are {r:.1f} times as long as {shorter} documents (median "
                f"{med[longer]:.0f} vs {med[shorter]:.0f} words); counts grow with length, so compare the rates "
                "(per 1,000 words) and shares, not the raw counts."
            )
    return out


def design_sentences(study, table: pd.DataFrame | None = None, n_resamples: int | None = None) -> list[str]:
    """What the study's design allows, computed from its group sizes and comparisons: for each
    first group of a comparison, :func:`analysis.compare.comparison.small_n_statement` against its
    smallest second group; the :func:`length_check` of every comparison; and, with a comparison
    ``table``, its :func:`holm_sentence` over the whole family (``p_holm_table``)."""
    from analysis.compare.comparison import small_n_statement
    from analysis.compare.stats import N_RESAMPLES

    n_resamples = N_RESAMPLES if n_resamples is None else n_resamples
    docs = study.documents
    sizes = docs.groupby("group").size()
    pairs = study.comparisons()
    n_measures = table["measure"].nunique() if table is not None and len(table) else None
    lines = []
    firsts: dict = {}
    for a, b in pairs:
        firsts.setdefault(a, []).append(b)
    for a, others in firsts.items():
        n_other = int(min(sizes.get(b, 0) for b in others)) or None
        lines.append(
            small_n_statement(
                int(sizes.get(a, 0)),
                n_other,
                n_measures=n_measures,
                n_resamples=n_resamples,
                documents=docs[docs["group"] == a],
                label=str(a),
            )
        )
    lines += length_check(docs, pairs)
    if table is not None and len(table) and "p_holm_table" in table.columns:
        lines.append(
            holm_sentence(table, p_col="p_holm_table", label_cols=("measure", "group_a", "group_b", "design"))
            + " (Holm over every row of the table: the whole family of comparisons.)"
        )
    return lines
