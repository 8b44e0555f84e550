"""Context rules for loaded-language spans, as data (``analysis/lexicons/loaded_context_rules.csv``).

A rule looks at a loaded span (a lexicon match or a model span) and its surroundings and either
drops it, gives it a voice of its own, or labels it. Columns of the file:

``rule``
    name (unique).
``action``
    ``drop`` (the span is not loaded language: "Liverpool massacred Leeds 6-0"), ``voice`` (the
    span's voice becomes ``value`` when it was ``authorial``: a reported official designation is
    not the author's own labelling) or ``label`` (the span's ``context`` column gets ``value``:
    ``negated``, ``so_called``, ``scare_quoted``; the span stays).
``value``
    the voice or label (empty for ``drop``).
``applies_to``
    span categories, ``;``-separated (``loaded``, ``loaded_model``).
``terms``
    a regex *searched* in the lower-cased span text (empty: any span).
``before`` / ``after``
    regexes that must match the lower-cased text just before the span (anchored at its start,
    :data:`WINDOW` characters) / just after it (anchored at its end).
``sentence``
    a regex searched in the lower-cased sentence containing the span.
``source``, ``note``
    citation or reason, and the decision taken.

Every non-empty condition must hold (AND). Rules apply in file order; the first ``drop`` wins;
a later ``voice`` rule overwrites an earlier one. :func:`check_rules` validates a file
and names the row and column of an error.

Cost: ``terms``, ``before`` and ``after`` look at the span and :data:`WINDOW` characters either side;
a ``sentence`` condition is the same for every span of a sentence, so it is searched once per
sentence and rule and the answer reused (:func:`apply_rules`). The work per span does not grow with
the sentence, and a document costs time linear in its length (a 200 KB sentence with a search per
span was quadratic).
"""

from __future__ import annotations

import os
import re
import stat
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from analysis import config

RULES_CSV = Path(config.LEXICON_DIR) / "loaded_context_rules.csv"
RULE_COLUMNS = ("rule", "action", "value", "applies_to", "terms", "before", "after", "sentence", "source", "note")
ACTIONS = ("drop", "voice", "label")
#: Characters the ``before`` and ``after`` regexes see.
WINDOW = 80
#: Characters either side used as the "sentence" of a span outside every sentence.
SENTENCE_FALLBACK = 200


class Rule(NamedTuple):
    name: str
    action: str
    value: str
    applies_to: frozenset
    terms: re.Pattern | None
    before: re.Pattern | None
    after: re.Pattern | None
    sentence: re.Pattern | None


def check_rules(frame: pd.DataFrame, name: str = "rules") -> list[Rule]:
    """Compiled rules of a rules table; ValueError naming the row (1 = first data row) and column."""
    missing = [c for c in RULE_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"{name}: missing column(s) {missing}")
    out, seen = [], set()
    for k, r in enumerate(frame.to_dict("records"), start=1):
        where = f"{name}, row {k} ({r['rule']!r})"
        if not r["rule"] or r["rule"] in seen:
            raise ValueError(f"{where}, column 'rule': empty or repeated name")
        seen.add(r["rule"])
        if r["action"] not in ACTIONS:
            raise ValueError(f"{where}, column 'action': {r['action']!r} is not one of {ACTIONS}")
        if r["action"] != "drop" and not r["value"]:
            raise ValueError(f"{where}, column 'value': a {r['action']} rule needs a value")
        cats = frozenset(c.strip() for c in r["applies_to"].split(";") if c.strip())
        if not cats or cats - {"loaded", "loaded_model"}:
            raise ValueError(f"{where}, column 'applies_to': use loaded and/or loaded_model")
        rx = {}
        for col in ("terms", "before", "after", "sentence"):
            pat = r[col]
            if not pat:
                rx[col] = None
                continue
            try:
                body = f"(?:{pat})$" if col == "before" else f"(?:{pat})"
                rx[col] = re.compile(body)
            except re.error as err:
                raise ValueError(f"{where}, column {col!r}: bad regex ({err})") from None
        if not r["source"]:
            raise ValueError(f"{where}, column 'source': every rule needs a source or reason")
        out.append(
            Rule(r["rule"], r["action"], r["value"], cats, rx["terms"], rx["before"], rx["after"], rx["sentence"])
        )
    return out


def read_rules(path: str | Path = RULES_CSV) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


@lru_cache(maxsize=4)
def _rules_cached(path: str, mtime: float) -> tuple[Rule, ...]:
    return tuple(check_rules(read_rules(path), Path(path).name))


def load_rules(path: str | Path = RULES_CSV) -> tuple[Rule, ...]:
    """The rules of ``path`` (none when it is not a file), re-read when the file changes; one
    stat per call (it runs once per document)."""
    try:
        st = os.stat(path)
    except OSError:
        return ()
    return _rules_cached(os.path.abspath(path), st.st_mtime) if stat.S_ISREG(st.st_mode) else ()


def apply_rules(
    text: str, rows: list[tuple], sentence_bounds: list[tuple[int, int]], rules: tuple[Rule, ...] | None = None
) -> list[tuple]:
    """Spans rows (tuples in :data:`analysis.measures.spans.SPAN_COLUMNS` order) after the rules: dropped
    rows removed, ``voice`` and ``context`` set on the loaded rows (returned as
    :class:`analysis.measures.span_columns.SpanRow`)."""
    from analysis.measures.span_columns import SpanRow

    rules = load_rules() if rules is None else rules
    if not rules:
        return rows
    low = text.lower() if len(text.lower()) == len(text) else text
    in_sentence: dict[tuple[int, int, int], bool] = {}  # (rule, from, to) -> the sentence regex matched
    out = []
    for r in rows:
        r = SpanRow._make(r)
        if r.category not in ("loaded", "loaded_model"):
            out.append(r)
            continue
        cat, s, e, k = r.category, r.start, r.end, r.sentence
        if 0 <= k < len(sentence_bounds):
            ss, se = sentence_bounds[k]
        else:
            ss, se = max(0, s - SENTENCE_FALLBACK), min(len(text), e + SENTENCE_FALLBACK)
        span = low[s:e]
        voice, ctx, drop = r.voice, r.context, False
        lo, hi = min(ss, s), max(se, e)
        for k_rule, rule in enumerate(rules):
            if cat not in rule.applies_to:
                continue
            if rule.terms is not None and not rule.terms.search(span):
                continue
            if rule.before is not None and not rule.before.search(low, max(0, s - WINDOW), s):
                continue
            if rule.after is not None and not rule.after.match(low, e, min(len(low), e + WINDOW)):
                continue
            if rule.sentence is not None:
                key = (k_rule, lo, hi)
                hit = in_sentence.get(key)
                if hit is None:  # once per sentence and rule, whatever its number of spans
                    hit = in_sentence[key] = rule.sentence.search(low, lo, hi) is not None
                if not hit:
                    continue
            if rule.action == "drop":
                drop = True
                break
            if rule.action == "voice":
                voice = rule.value if voice == "authorial" else voice
            elif rule.value not in ctx.split(";"):
                ctx = f"{ctx};{rule.value}" if ctx else rule.value
        if not drop:
            out.append(r._replace(voice=voice, context=ctx))
    return out
