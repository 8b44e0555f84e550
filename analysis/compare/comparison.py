"""Advocacy versus neutral baselines: every profile measure, the seeds against each baseline.

:func:`compare` runs :func:`analysis.compare.stats.compare_groups` with the studied group (the seeds) as
``group_a`` and each baseline corpus, the reference, as ``group_b`` (the package's one convention:
every effect reads "studied minus / versus reference", so a positive Cliff's delta means the seeds
tend to score higher), in two designs:

* ``all``: every (sampled) document of each baseline;
* ``topic-matched``: only the baseline documents about Iraq/Iran
  (:data:`analysis.corpus.baselines.TOPIC_PATTERN`; the groups ``<name>-topic`` of
  :func:`analysis.corpus.groups.assemble` with ``topic=True``), so a difference cannot come from the
  seeds simply being about Camp Liberty while the baseline is about sport or markets.

Loaded terminology is compared twice: over all voices (``loaded_per_1k``) and in the author's own
voice only (``loaded_authorial_per_1k``: spans outside quotations attributed to someone else), so
"the seeds quote loaded words" and "the seeds use loaded words themselves" are told apart.

:func:`compare_study` runs the comparisons of a study (:class:`analysis.pipeline.study.Study`:
its pairs, each first group minus its second, in both designs) with Holm over the whole family.
:func:`small_n_statement` says in plain words what the group sizes allow.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Hashable, Sequence

import pandas as pd

from analysis.compare.stats import (
    COMPARE_COLUMNS,
    EXACT_LIMIT,
    N_RESAMPLES,
    compare_groups,
    holm,
    min_attainable_p,
    n_relabellings,
)
from analysis.config import RANDOM_SEED
from analysis.measures.extras import MEASURE_FAMILIES, measure_family

__all__ = [
    "COMPARISON_COLUMNS",
    "DESIGNS",
    "LOADED_MEASURES",
    "TOPIC_SUFFIX",
    "compare",
    "compare_study",
    "default_measures",
    "small_n_statement",
]

#: The two designs of :func:`compare`, in output order.
DESIGNS = ("all", "topic-matched")
#: Suffix of topic-matched group labels (as :func:`analysis.corpus.groups.baseline_group` writes them).
TOPIC_SUFFIX = "-topic"
#: Loaded-terminology rates over all voices and in the authorial voice: always compared first.
LOADED_MEASURES = ("loaded_per_1k", "loaded_authorial_per_1k")
#: Columns of :func:`compare`: the design, the baseline's corpus name, then
#: :data:`analysis.compare.stats.COMPARE_COLUMNS`, then Holm over every row of the table.
COMPARISON_COLUMNS = ["design", "baseline", *COMPARE_COLUMNS, "p_holm_table", "family"]


# --------------------------------------------------------------------------------------------
# The comparison
# --------------------------------------------------------------------------------------------


def default_measures(profile: pd.DataFrame, exclude: Sequence[str] = ()) -> list[str]:
    """Measures compared by default: the loaded rates (all voices, authorial voice) first, then every
    other numeric measure of :func:`analysis.measures.profile.measure_columns` (booleans and ``exclude`` left out)."""
    from analysis.measures.profile import measure_columns

    skip = set(exclude)
    rest = [
        c
        for c in measure_columns(profile)
        if c not in skip and c not in LOADED_MEASURES and not pd.api.types.is_bool_dtype(profile[c])
    ]
    return [m for m in LOADED_MEASURES if m in profile.columns] + rest


def _base_name(label: Hashable) -> str:
    label = str(label)
    return label[: -len(TOPIC_SUFFIX)] if label.endswith(TOPIC_SUFFIX) else label


def _design_frames(
    profile: pd.DataFrame, group_col: str, studied: Hashable, topic_col: str | None, designs: Sequence[str]
) -> list[tuple[str, pd.DataFrame, list[Hashable]]]:
    """(design, frame, baseline group labels) for each design that the profile supports."""
    labels = [g for g in pd.unique(profile[group_col].dropna()) if g != studied]
    topic_groups = [g for g in labels if str(g).endswith(TOPIC_SUFFIX)]
    plain = [g for g in labels if not str(g).endswith(TOPIC_SUFFIX)]
    is_studied = profile[group_col] == studied
    out = []
    for design in designs:
        if design == "all":
            if plain:
                out.append(("all", profile[is_studied | profile[group_col].isin(plain)], plain))
        elif design == "topic-matched":
            if topic_groups:
                out.append((design, profile[is_studied | profile[group_col].isin(topic_groups)], topic_groups))
            elif topic_col and topic_col in profile.columns and plain:
                on_topic = profile[topic_col].fillna(False).astype(bool)
                sub = profile[is_studied | (profile[group_col].isin(plain) & on_topic)].copy()
                relabel = ~(sub[group_col] == studied)
                sub.loc[relabel, group_col] = sub.loc[relabel, group_col].astype(str) + TOPIC_SUFFIX
                groups = [f"{g}{TOPIC_SUFFIX}" for g in plain if f"{g}{TOPIC_SUFFIX}" in set(sub[group_col])]
                missing = [g for g in plain if f"{g}{TOPIC_SUFFIX}" not in groups]
                if missing:
                    warnings.warn(f"no topic-matched documents in {', '.join(map(str, missing))}", stacklevel=3)
                if groups:
                    out.append((design, sub, groups))
            else:
                warnings.warn(
                    "topic-matched design skipped: the profile has no '<name>-topic' groups and no "
                    f"{topic_col!r} column",
                    stacklevel=3,
                )
        else:
            raise ValueError(f"unknown design {design!r}; use {DESIGNS}")
    return out


def _family_tables(frame, group_col, measures, pairs, design, stats) -> list[pd.DataFrame]:
    """:func:`analysis.compare.stats.compare_groups` once per measure family (Holm within a pair
    and family), each table with its ``design``, ``baseline`` and ``family`` columns."""
    tables = []
    for family in MEASURE_FAMILIES:
        chosen = [m for m in measures if measure_family(m) == family]
        if not chosen:
            continue
        table = compare_groups(frame, group_col, chosen, pairs=pairs, **stats)
        table.insert(0, "baseline", table["group_b"].map(_base_name))
        table.insert(0, "design", design)
        table["family"] = family
        tables.append(table)
    return tables


def _joined(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """The tables of every design and family in one, with ``p_holm_table``: Holm over every row of
    the measure's family."""
    out = pd.concat(parts, ignore_index=True)
    out["p_holm_table"] = float("nan")
    for idx in out.groupby("family", sort=False).groups.values():
        out.loc[idx, "p_holm_table"] = holm(out.loc[idx, "p_perm"].to_numpy(dtype=float))
    return out


def compare(
    profile: pd.DataFrame,
    group_col: str = "group",
    studied: Hashable = "seeds",
    measures: Sequence[str] | None = None,
    designs: Sequence[str] = DESIGNS,
    topic_col: str | None = "topic_match",
    n_resamples: int = N_RESAMPLES,
    seed: int = RANDOM_SEED,
    confidence: float = 0.95,
    exact_limit: int = EXACT_LIMIT,
) -> pd.DataFrame:
    """The studied group (the seeds) against every baseline group, on every measure, per design.

    ``profile``: one row per document and group (a study's profile, or
    :func:`analysis.measures.profile.profile_frame` plus a group column). Baseline (reference) groups are
    every label other than ``studied``; a label ending in ``-topic`` belongs to the topic-matched design, the
    others to design ``all``. When there are no ``-topic`` groups but a boolean ``topic_col``
    column, the topic-matched groups are the baseline rows where it is True.

    ``measures``: default :func:`default_measures` (``loaded_per_1k`` and
    ``loaded_authorial_per_1k`` first). Pairs are ``(studied, baseline)``: ``group_a`` is the
    studied group, ``group_b`` the baseline (reference), and every statistic is "seeds minus /
    versus baseline" (> 0: the seeds score higher).

    One row per design, baseline and measure; columns :data:`COMPARISON_COLUMNS`: ``design``
    ("all" / "topic-matched"), ``baseline`` (corpus name without suffix), the columns of
    :func:`analysis.compare.stats.compare_groups` (``p_holm`` adjusts over the measures of one pair
    and family), ``p_holm_table``: Holm over every row of the returned table in the measure's family,
    the most conservative reading, and ``family`` (see :func:`compare_study`).
    Seeds found inside a baseline group (same doc_id) raise ValueError.
    """
    if studied not in set(profile[group_col]):
        raise ValueError(f"studied group {studied!r} not in column {group_col!r}")
    studied_ids = set(profile.loc[profile[group_col] == studied, "doc_id"]) if "doc_id" in profile else set()
    other_ids = set(profile.loc[profile[group_col] != studied, "doc_id"]) if "doc_id" in profile else set()
    if studied_ids & other_ids:
        raise ValueError(f"{studied} documents found inside a baseline group: {sorted(studied_ids & other_ids)}")
    measures = list(measures) if measures is not None else default_measures(profile, exclude=[topic_col or ""])
    if not measures:
        raise ValueError("no measures to compare")
    stats = dict(n_resamples=n_resamples, seed=seed, confidence=confidence, exact_limit=exact_limit)
    parts = []
    for design, frame, groups in _design_frames(profile, group_col, studied, topic_col, designs):
        parts += _family_tables(frame, group_col, measures, [(studied, g) for g in groups], design, stats)
    if not parts:
        return pd.DataFrame(columns=COMPARISON_COLUMNS)
    out = _joined(parts)
    out.attrs.update(studied=studied, n_resamples=n_resamples, seed=seed, confidence=confidence, measures=measures)
    return out[COMPARISON_COLUMNS]


def compare_study(
    study,
    measures: Sequence[str] | None = None,
    designs: Sequence[str] = ("all",),
    n_resamples: int = N_RESAMPLES,
    seed: int = RANDOM_SEED,
    confidence: float = 0.95,
    exact_limit: int = EXACT_LIMIT,
) -> pd.DataFrame:
    """Every comparison of a study (:meth:`analysis.pipeline.study.Study.comparisons`: each pair's
    first group minus its second) on every measure, per design.

    ``all`` uses every document; ``topic-matched`` the study's topic view
    (:meth:`~analysis.pipeline.study.Study.topic`: baselines cut to their topic documents, as
    ``<name>-topic``), only for the pairs whose second group is a baseline, and only when the study
    has topic terms. Columns :data:`COMPARISON_COLUMNS`: ``design``, ``baseline`` (the second
    group without the topic suffix), the columns of :func:`analysis.compare.stats.compare_groups`
    (``group_a``, ``group_b`` name both groups in every row; ``p_holm`` adjusts over the measures of
    one pair and family) and ``p_holm_table``: Holm over every comparison of the table in the
    measure's family, and ``family``: the family (:func:`analysis.measures.extras.measure_family`:
    ``core`` for the words and sourcing measures, else the framing analysis that adds the measure).
    Families are corrected separately so that turning on an analysis (``--with``) leaves the
    corrected p-values of the core measures as they were."""
    from analysis.corpus.baselines import BASELINES

    stats = dict(n_resamples=n_resamples, seed=seed, confidence=confidence, exact_limit=exact_limit)
    pairs = study.comparisons()
    if not pairs:
        raise ValueError(
            "nothing to compare: "
            + study.spec.describe_comparisons(study.documents)
            + " Name --reference, --pair or --baseline."
        )
    measures = list(measures) if measures is not None else default_measures(study.profile, exclude=["group"])
    parts = []
    for design in designs:
        if design == "all":
            profile, design_pairs = study.profile, pairs
        elif design == "topic-matched":
            if study.spec.topic() is None:
                continue
            profile = study.topic().profile
            design_pairs = [(a, f"{b}{TOPIC_SUFFIX}") for a, b in pairs if b in BASELINES]
            design_pairs = [(a, b) for a, b in design_pairs if b in set(profile["group"])]
            if not design_pairs:
                continue
        else:
            raise ValueError(f"unknown design {design!r}; use {DESIGNS}")
        parts += _family_tables(profile, "group", measures, design_pairs, design, stats)
    if not parts:
        return pd.DataFrame(columns=COMPARISON_COLUMNS)
    out = _joined(parts)
    out.attrs.update(n_resamples=n_resamples, seed=seed, confidence=confidence, measures=measures)
    return out[COMPARISON_COLUMNS]


# --------------------------------------------------------------------------------------------
# What five documents allow
# --------------------------------------------------------------------------------------------


def _fmt_p(p: float) -> str:
    return f"{p:.2g}" if p >= 0.001 else f"{p:.1e}"


def provenance_statement(documents: pd.DataFrame, label: str = "studied") -> str:
    """Who published the ``documents`` and over what period, in one sentence computed from their
    ``publisher`` and ``date`` columns, with what that means for reading a difference."""
    n = len(documents)
    pubs = documents["publisher"].fillna("").astype(str) if "publisher" in documents else pd.Series([""] * n)
    named = sorted({p for p in pubs if p})
    unknown = int((pubs == "").sum())
    if not named:
        who = "name no publisher"
    elif len(named) == 1:
        who = f"name one publisher ({named[0]})" + (f" ({unknown} name none)" if unknown else "")
    else:
        who = f"name {len(named)} publishers" + (f" ({unknown} name none)" if unknown else "")
    dates = pd.to_datetime(documents["date"], errors="coerce").dropna() if "date" in documents else pd.Series([])
    if len(dates):
        days = (dates.max() - dates.min()).days
        span = (
            f"{days} days"
            if days < 60
            else f"about {days / 365.25:.1f} years"
            if days >= 365
            else f"about {days // 30} months"
        )
        when = f", dated {dates.min().date()} to {dates.max().date()} ({span}; {len(dates)} of {n} dated)"
    else:
        when = ", with no publication dates"
    noun = "document" if n == 1 else "documents"
    text = (
        f"The {n} {label} {noun} {who}{when}. They are not a random sample of their genre: a difference "
        "describes these texts (and texts like them), not the genre in general"
    )
    if len(named) == 1:
        text += ", and a classifier trained on them learns this publisher's voice as much as the genre"
    return text + "."


def small_n_statement(
    n: int = 5,
    n_other: int | None = None,
    n_measures: int | None = None,
    n_resamples: int = N_RESAMPLES,
    exact_limit: int = EXACT_LIMIT,
    documents: pd.DataFrame | None = None,
    label: str = "studied",
) -> str:
    """Plain words on what a group of ``n`` documents allows (against ``n_other`` reference documents,
    over ``n_measures`` measures), with the numbers worked out from the design; with ``documents``
    (the studied group's rows) also who published them and when (:func:`provenance_statement`).
    The sentences about a very small group (each document's weight, the few distinct bootstrap
    resamples) are said only when the group has fewer than :data:`analysis.compare.stats.SMALL_N`
    documents."""
    from analysis.compare.stats import SMALL_N

    if n < 1:
        raise ValueError("n must be at least 1")
    lines = []
    other = n_other or n
    total = n_relabellings(n, other)
    floor = min_attainable_p(n, other, n_resamples, exact_limit)
    against = f"{n_other} reference documents" if n_other else f"another {n} documents"
    if total <= exact_limit or n_resamples >= total:
        how = (
            f"the test can only rearrange the group labels, and there are C({n + other},{n}) = {total:,} ways to "
            f"split them, so p cannot fall below 2/{total:,} = {_fmt_p(floor)}"
        )
    else:
        how = (
            f"with {n_resamples:,} random relabellings the reported p cannot fall below 2/({n_resamples:,} + 1) = "
            f"{_fmt_p(floor)} (the exact floor, 2/C({n + other},{n}), is far smaller)"
        )
    lines.append(f"The {label} group has n = {n} documents. Against {against}, {how}.")
    if n_measures and n_measures > 1:
        adj = min(1.0, floor * n_measures)
        verdict = (
            "so no measure can reach 0.05 after the correction"
            if adj >= 0.05
            else "so only a measure at the very floor survives the correction"
        )
        lines.append(
            f"Over {n_measures} measures Holm's correction multiplies the smallest p by {n_measures}: "
            f"at best {_fmt_p(adj)}, {verdict}."
        )
    if n < SMALL_N:
        distinct = math.comb(2 * n - 1, n)
        lines.append(
            f"Each document is {100 / n:.0f}% of its group: one unusual document moves the group mean on its own. "
            f"Resampling {n} documents with replacement gives only C({2 * n - 1},{n}) = {distinct} distinct "
            f"resamples, so bootstrap intervals are coarse and cover less often than their nominal 95%."
        )
        lines.append(
            "Read the effect sizes first: Cliff's delta (the share of pairs of documents, one from each group, "
            "where the first group's is higher minus the share where it is lower; 1 means every document of the "
            "first group exceeds every document of the second) and Hedges' g, each with its interval. They say how "
            "large and how consistent a difference is. A p-value only says whether labels could produce it by "
            "chance, and with so few documents it can hardly be small."
        )
    if documents is not None:
        lines.append(provenance_statement(documents, label))
    return "\n".join(lines)
