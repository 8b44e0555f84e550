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
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import lexicon as lx
from .lexicon_rules import entry_forms, form_key

__all__ = [
    "set_user_lexicons",
    "clear_user_lexicons",
    "user_state",
    "user_entries",
    "merge_user_entries",
    "extra_categories",
    "extra_matchers",
    "read_user_lexicon",
    "summarise",
]

_ACTIVE: list[Path] = []
_SHIPPED_CATEGORIES = frozenset(lx.LEXICON_CATEGORIES.values())


def read_user_lexicon(path: str | Path) -> pd.DataFrame:
    """One user lexicon file, validated (ValueError naming row and column; FileNotFoundError)."""
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"no lexicon file {p}")
    try:
        raw = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise ValueError(f"lexicon {p}: cannot parse CSV: {exc}") from exc
    return lx.validate_lexicon(raw, p)


def set_user_lexicons(paths) -> pd.DataFrame:
    """Activate user lexicon files (validated first; nothing changes when one is bad) and
    return their entries."""
    paths = [Path(p) for p in (paths or [])]
    frames = [read_user_lexicon(p) for p in paths]
    _ACTIVE[:] = [p.resolve() for p in paths]
    lx.clear_caches()
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=lx.REQUIRED_COLUMNS)


def clear_user_lexicons() -> None:
    _ACTIVE.clear()
    lx.clear_caches()


def user_state() -> tuple:
    """(path, mtime) of every active file: part of cache keys."""
    return tuple((str(p), p.stat().st_mtime if p.is_file() else 0.0) for p in _ACTIVE)


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


def user_entries() -> pd.DataFrame:
    """The entries of all active files, later files overriding earlier ones."""
    out = None
    for p in _ACTIVE:
        df = read_user_lexicon(p)
        out = df if out is None else _override(out, df)[0]
    return out if out is not None else pd.DataFrame(columns=list(lx.REQUIRED_COLUMNS) + list(lx.OPTIONAL_COLUMNS))


def merge_user_entries(base: pd.DataFrame, category: str | None) -> pd.DataFrame:
    """A shipped lexicon with the active user entries of ``category`` merged in (see module docstring)."""
    if not _ACTIVE or category is None:
        return base.copy()
    add = user_entries()
    add = add[add["category"] == category]
    merged, _, _ = _override(base, add.reset_index(drop=True))
    return lx.validate_lexicon(merged, f"{category} lexicon + user lexicons")


def extra_categories() -> list[str]:
    """Categories of active user entries that are not shipped ones, in file order."""
    if not _ACTIVE:
        return []
    cats = user_entries()["category"]
    return [c for c in dict.fromkeys(cats) if c not in _SHIPPED_CATEGORIES]


_EXTRA_CACHE: dict = {}


def extra_matchers() -> dict:
    """New category -> a matcher of its user entries (cached per active state)."""
    key = user_state()
    if key not in _EXTRA_CACHE:
        _EXTRA_CACHE.clear()
        ent = user_entries()
        _EXTRA_CACHE[key] = {
            c: lx.LexiconMatcher(ent[ent["category"] == c].reset_index(drop=True), name=f"user:{c}")
            for c in extra_categories()
        }
    return _EXTRA_CACHE[key]


def summarise(path: str | Path) -> pd.DataFrame:
    """What a user file does: per row, its term, category, subcategory and ``action`` (``adds`` /
    ``overrides <shipped terms>`` / ``new category``)."""
    df = read_user_lexicon(path)
    rows = []
    shipped = {cat: lx.load_lexicon(name, user=False) for name, cat in lx.LEXICON_CATEGORIES.items()}
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
