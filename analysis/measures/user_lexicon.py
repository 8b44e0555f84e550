"""User lexicons: extra entries in the schema of ``loaded.csv`` (``--lexicon FILE.csv`` on every command).

A user file has the columns of the shipped lexicons (:data:`analysis.measures.lexicon.REQUIRED_COLUMNS`,
optional ones allowed) and is validated the same way; an error names the file, row and column.

* Rows whose ``category`` is a shipped one (``loaded``, ``hedge``, ``booster``) are merged into
  that lexicon. A user row **overrides** every shipped row it shares a term or a surface form with
  (the shipped row is dropped), otherwise it is **added**. New subcategories are allowed (the
  profile gets a ``loaded_<subcategory>_per_1k`` column for each).
* Rows of any other category (a new one, e.g. ``euphemism``) form a lexicon of their own; the
  spans table gets a span category of that name and the profile a ``<category>_per_1k`` rate.

Several files may be given; a later file overrides an earlier one in the same way. The user
entries change the lexicon measure only: the context model (:mod:`analysis.measures.loaded_model`) keeps
the lexicon features it was trained with.

Which files are in use is part of a study's scoring context
(:class:`analysis.measures.context.ScoringContext`, which keeps their bytes); the functions here
take entries explicitly and keep no state.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import lexicon as lx
from .lexicon_rules import entry_forms, form_key

__all__ = [
    "read_user_lexicon",
    "parse_user_lexicon",
    "combine_user_entries",
    "merge_user_entries",
    "extra_categories",
    "summarise",
    "check_regex_safety",
]

_SHIPPED_CATEGORIES = frozenset(lx.LEXICON_CATEGORIES.values())


def parse_user_lexicon(data: bytes, name: str) -> pd.DataFrame:
    """A user lexicon from its bytes, validated (ValueError naming ``name``, row and column)."""
    import io

    try:
        raw = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise ValueError(f"lexicon {name}: cannot parse CSV: {exc}") from exc
    frame = lx.validate_lexicon(raw, name)
    check_regex_safety(frame, name)
    return frame


#: Columns of a lexicon row that hold regular expressions (``term`` only when ``kind`` is regex).
REGEX_COLUMNS = ("term", "exclude_before", "exclude_after", "require_before", "require_after")


def check_regex_safety(frame: pd.DataFrame, name: str) -> None:
    """ValueError naming the file, row and column of the first regex of a user lexicon that could
    backtrack for ever (nested quantifiers: :func:`analysis.measures.regex_safety.nested_quantifier`),
    with how to write it safely. Shipped lexicons are reviewed and tested instead."""
    import re

    from .regex_safety import nested_quantifier

    for i, row in enumerate(frame.to_dict("records")):
        for col in REGEX_COLUMNS:
            pattern = row.get(col, "")
            if not pattern or (col == "term" and row["kind"] != "regex"):
                continue
            why = nested_quantifier(pattern, re.IGNORECASE)
            if why:
                lx._fail(
                    Path(name),
                    i,
                    f"regex {pattern!r} could run for a very long time on some texts: {why}; bound the outer "
                    "repeat ({0,5}), make it possessive (*+, ++) or use an atomic group (?>...)",
                    col,
                )


def read_user_lexicon(path: str | Path) -> pd.DataFrame:
    """One user lexicon file, validated (ValueError naming row and column; FileNotFoundError)."""
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"no lexicon file {p}")
    return parse_user_lexicon(p.read_bytes(), str(p))


def _keys(row: dict) -> set[str]:
    if row["kind"] == "regex":
        return {"re:" + row["term"].lower()}
    return {form_key(f) for f in entry_forms(row["term"], row["kind"])} | {form_key(row["term"])}


def _override(base: pd.DataFrame, add: pd.DataFrame) -> tuple[pd.DataFrame, int, int]:
    """``base`` without the rows sharing a term/form with ``add``, then ``add``; and the numbers of
    overridden base rows and of added rows."""
    if add.empty:
        return base, 0, 0
    new_keys: set[str] = set()
    for r in add.to_dict("records"):
        new_keys |= _keys(r)
    drop = [i for i, r in zip(base.index, base.to_dict("records")) if _keys(r) & new_keys]
    kept = base.drop(index=drop)
    for c in base.columns:
        if c not in add.columns:
            add = add.assign(**{c: ""})
    out = pd.concat([kept, add[list(base.columns)]], ignore_index=True)
    return out, len(drop), len(add)


def combine_user_entries(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The entries of several user files, later files overriding earlier ones."""
    out = None
    for df in frames:
        out = df if out is None else _override(out, df)[0]
    return out if out is not None else pd.DataFrame(columns=list(lx.REQUIRED_COLUMNS) + list(lx.OPTIONAL_COLUMNS))


def merge_user_entries(base: pd.DataFrame, category: str | None, user: pd.DataFrame) -> pd.DataFrame:
    """A shipped lexicon with the ``user`` entries of ``category`` merged in (see module docstring)."""
    if user is None or user.empty or category is None:
        return base.copy()
    add = user[user["category"] == category]
    merged, _, _ = _override(base, add.reset_index(drop=True))
    return lx.validate_lexicon(merged, f"{category} lexicon + user lexicons")


def extra_categories(user: pd.DataFrame) -> list[str]:
    """Categories of ``user`` entries that are not shipped ones, in file order."""
    if user is None or user.empty:
        return []
    return [c for c in dict.fromkeys(user["category"]) if c not in _SHIPPED_CATEGORIES]


def summarise(path: str | Path) -> pd.DataFrame:
    """What a user file does: per row, its term, category, subcategory and ``action`` (``adds`` /
    ``overrides <shipped terms>`` / ``new category``)."""
    df = read_user_lexicon(path)
    rows = []
    shipped = {cat: lx.load_lexicon(name) for name, cat in lx.LEXICON_CATEGORIES.items()}
    for r in df.to_dict("records"):
        base = shipped.get(r["category"])
        if base is None:
            action = "new category"
        else:
            k = _keys(r)
            hit = [t for t, rr in zip(base["term"], base.to_dict("records")) if _keys(rr) & k]
            action = "overrides " + "; ".join(hit) if hit else "adds"
        rows.append(
            {
                "term": r["term"],
                "kind": r["kind"],
                "category": r["category"],
                "subcategory": r["subcategory"],
                "source": r["source"],
                "action": action,
            }
        )
    return pd.DataFrame(rows, columns=["term", "kind", "category", "subcategory", "source", "action"])
