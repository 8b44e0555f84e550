"""Lexicons as data (CSV) and one fast, compiled matcher per lexicon.

Files
-----
``analysis/lexicons/<name>.csv``, one row per entry, UTF-8, comma separated. Required columns:

``term``
    What to match. For ``literal`` and ``lemma`` a word or phrase beginning and ending with a letter
    or digit; for ``regex`` a lower-case Python regular expression (non-capturing groups only).
``kind``
    ``literal``, ``lemma`` or ``regex`` (see *Matching* below).
``category``, ``subcategory``
    ``category`` is the span category (``loaded``, ``hedge``, ``booster``); the subcategory the
    finer class (``pejorative_label``, ``modal`` ...).
``source``
    Citation(s), ``; ``-separated: one of the published lists in :data:`SOURCES` when the entry
    (or its lemma or an inflected form) is in that list, ``learned: <gold data>`` for an entry
    learned from annotated data (it must then fill ``precision_train`` and ``evidence``; see
    :mod:`analysis.training.learned_entries`), otherwise ``project: <reason>``.
``note``
    Ambiguities and the decision taken (free text, may be empty).

Optional columns: ``context_rule`` (names of Python rules in :data:`CONTEXT_RULES`, ``;``
separated), ``exclude_before`` / ``require_before`` (a regex that must not / must match the text
just *before* the match, anchored at the match), ``exclude_after`` / ``require_after`` (the same
for the text just *after*), ``precision_train`` (a number in [0, 1], e.g. the precision of the
entry on SemEval PTC train, filled by a later learning step), ``evidence`` (free text) and
``circular`` (``yes`` for an entry whose only justification is the texts under study, e.g. a
phrase first seen in the seed statements: such entries stay in the spans table with context
label ``circular`` but are left out of the profile rates, so the seed-vs-baseline comparison
does not count words chosen because the seeds use them). Any
other column is kept but ignored. Context regexes are anchored at the match (do not add ``^`` or
``$``), look at most :data:`CONTEXT_WINDOW` characters away and are case-insensitive; write
``(?-i:...)`` for a case-sensitive part (e.g. a capital letter after "Mullah").

Matching
--------
* ``literal``: the phrase as written. A space matches any run of whitespace or a hyphen
  ("death squad" = "death-squad"); a hyphen matches a hyphen, whitespace or nothing
  ("so-called" = "so called" = "socalled"); an apostrophe matches ``'``, ``’``, ``‘``, ``ʼ`` or
  nothing ("mullahs' regime" = "mullahs’ regime" = "mullahs regime").
* ``lemma``: as ``literal`` plus the regular inflections of the *head word* (see
  :func:`inflect` and :func:`head_index`): -s/-es/-ies, -ed/-d/-ied, -ing, with e-dropping and
  both doubled and undoubled final consonants. A multi-word entry whose head is its last word is
  a noun compound and takes the plural only ("police state" matches "police states", never
  "police stated"; "tend to" keeps the verb forms). Over-generated non-words ("regimed") never occur in
  text and do no harm; irregular forms (henchmen, thought) are listed as their own entries.
* ``regex``: the expression as written, in lower case (it runs on lower-cased text); it must
  begin with a word character and use non-capturing groups only. Regex entries are alternatives placed *before* the
  literal ones in the combined pattern, so at one start position a regex entry wins; use them for
  long, specific collocations ("Quds agents", "is believed to").

All entries of a lexicon become ONE compiled pattern: the literal and lemma forms as a
character trie (an alternation factored by common prefixes, the greedy branch first, so the
longest form wins), wrapped in ``(?<!\\w)`` ... ``(?!\\w)`` word boundaries, case-insensitive.
The matched text is mapped back to its entry through a normalised key (lower case, no
whitespace, hyphens or apostrophes). Matches never overlap within a lexicon; a match rejected by
a context rule lets the search restart one character later, so a shorter or later match can still
be found.

Core and non-core subcategories
-------------------------------
Some subcategories are matched because external benchmarks annotate them (the Szeged
uncertainty corpus marks conditional "if"/"would" and "whether") or because the published lists
include them (Hyland's approximators), but they are not hedges or boosters in the narrow
metadiscourse sense. They stay in the spans table (the subcategory says which) and
:func:`is_core` tells consumers to leave them out of headline rates: see
:data:`NON_CORE_SUBCATEGORIES`.

Decisions on ambiguous words (documented per entry in the ``note`` column; the main ones):

* "May" the month or a surname is not a hedge: rule ``not_month_may``.
* "could not"/"could never" (inability) is not a hedge: rule ``not_inability_could``;
  "couldn't" is not listed.
* "should", "can", "shall", "ought" (Hyland 2005 and Islam et al. 2020 list some of them) are left
  out: in news and advocacy text they are overwhelmingly deontic ("the US and UN should focus").
* "regime" in technical compounds ("sanctions regime", "visa regime") and the policy term
  "regime change" are excluded; "criminal" in legal compounds ("criminal court") is excluded;
  "Mullah" as a title before a name is excluded.
* "false" is *not* a loaded term (a truth-value word that neutral fact-checking uses constantly);
  "totally false" still yields the booster "totally".
* "militant", "hardliner", "crackdown", "mass killing", "tragedy" are left out: they are the
  standard descriptive vocabulary of neutral wire copy and would swamp the baseline with
  non-loaded uses. "terrorist", "extremist", "regime" and "brutal" are kept even though neutral
  news uses them too: the same list applies to every text (even-handedness), and the comparison
  with baselines is what shows who uses them more.
* Loaded entries learned from SemEval-2020 PTC train (:mod:`analysis.training.learned_entries`) carry the
  subcategories ``learned_loaded`` / ``learned_name_calling``, ``source`` ``learned: ...`` and
  their ``precision_train`` and ``evidence``; the four hand subcategories are never changed by
  learning. Rerun ``python -m analysis train-loaded`` to rebuild them.
* Hedge changes validated on the Szeged uncertainty corpus (train split only; see
  :mod:`analysis.validate.validation`): conditional "would" keeps rule ``not_reported_future`` (no
  refusals, narrative "would later become", or reported future without a condition in the
  sentence); "until" before a clause is a non-core conditional; the evidential passives "is
  said/reported/understood/feared to", "is considered", "is regarded/viewed/seen as" mark only
  the verb (the earlier regex also covered the auxiliary and "to", which the gold never marks);
  "accuse", "allegation", "accusation", "predict", "anticipate", "assumption", predicative
  "unknown" and "remains to be seen" were added; "possible to <verb>" (ability) and reporting
  "indicated" are excluded. "will", "should" and "can" stay out although Szeged marks a few: in
  this project's texts they mostly announce, demand or permit.
* "quite" is a booster (Islam et al. 2020; Hyland 2005 lists it as a hedge in its British
  "fairly" sense); "apparently" is a hedge (Hyland; Islam et al. list it as a booster);
  "mostly", "largely", "mainly" are hedges (approximators, Hyland). No term is in two lexicons.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from analysis import config
from analysis.corpus.text import first_chars
from analysis.measures.lexicon_rules import (
    _APOSTROPHES,
    CONTEXT_RULES,
    HEAD_BREAKERS,
    ContextRule,
    entry_forms,
    form_key,
    head_index,
    inflect,
    not_capitalised_midsentence,
    not_inability_could,
    not_month_may,
    not_reported_future,
    register_rule,
)

__all__ = [
    "CONTEXT_RULES",
    "CONTEXT_WINDOW",
    "ContextRule",
    "HEAD_BREAKERS",
    "KINDS",
    "LEARNED_PREFIX",
    "LEXICON_CATEGORIES",
    "LexiconMatch",
    "LexiconMatcher",
    "NON_CORE_SUBCATEGORIES",
    "OPTIONAL_COLUMNS",
    "PROJECT_PREFIX",
    "REQUIRED_COLUMNS",
    "SOURCES",
    "available_lexicons",
    "clear_caches",
    "entry_forms",
    "form_key",
    "get_matcher",
    "head_index",
    "inflect",
    "is_core",
    "lexicon_path",
    "load_lexicon",
    "not_capitalised_midsentence",
    "not_inability_could",
    "not_month_may",
    "not_reported_future",
    "register_rule",
    "validate_lexicon",
]

#: Columns every lexicon file must have.
REQUIRED_COLUMNS = ("term", "kind", "category", "subcategory", "source", "note")
#: Columns a lexicon file may have (missing ones are added empty).
OPTIONAL_COLUMNS = (
    "context_rule",
    "exclude_before",
    "exclude_after",
    "require_before",
    "require_after",
    "precision_train",
    "evidence",
    "circular",
)
KINDS = ("literal", "lemma", "regex")
#: Lexicon name -> the span category its entries must carry.
LEXICON_CATEGORIES = {"loaded": "loaded", "hedges": "hedge", "boosters": "booster"}

#: Citation strings used in the ``source`` column for the published lists in ../shared/benchmarks.
SOURCES = {
    "recasens2013": "Recasens et al. 2013 bias lexicon (bias-lexicon_og.txt)",
    "hyland2005": "Hyland 2005 hedges (hedges_hyland2005.txt)",
    "islam2020_hedge": "Islam, Xiao & Mercer 2020 hedges (hedge_words.txt)",
    "islam2020_booster": "Islam, Xiao & Mercer 2020 boosters (booster_words.txt)",
    "mpqa_strongsubj": "MPQA subjectivity clues, strongsubj (Wilson et al. 2005, subjclueslen1-HLTEMNLP05.tff)",
}
PROJECT_PREFIX = "project:"
#: ``source`` prefix of entries learned from annotated data (see :mod:`analysis.training.learned_entries`).
LEARNED_PREFIX = "learned:"

#: Subcategories matched but kept out of headline hedge/booster rates (see module docstring).
NON_CORE_SUBCATEGORIES = {
    "hedge": frozenset({"approximator", "downtoner", "conditional", "investigation"}),
    "booster": frozenset({"universal"}),
    "loaded": frozenset(),
}

#: How far (characters) context regexes look before and after a match.
CONTEXT_WINDOW = 60


# --------------------------------------------------------------------------------------------
# Loading and validation
# --------------------------------------------------------------------------------------------


def lexicon_path(name: str | Path) -> Path:
    """``name`` as a path: an existing file path, or ``<LEXICON_DIR>/<name>.csv``."""
    p = Path(name)
    if p.suffix == ".csv" or p.parent != Path("."):
        return p
    return Path(config.LEXICON_DIR) / f"{name}.csv"


def available_lexicons() -> list[str]:
    """Names of the lexicon files in :data:`analysis.config.LEXICON_DIR`."""
    return sorted(p.stem for p in Path(config.LEXICON_DIR).glob("*.csv"))


def _fail(path: Path, row: int | None, msg: str, column: str | None = None) -> None:
    where = f"{path}" if row is None else f"{path}, row {row + 1} (line {row + 2})"
    raise ValueError(f"lexicon {where}: {msg}" + (f" [column {column!r}]" if column else ""))


def validate_lexicon(frame: pd.DataFrame, path: Path | str = "<frame>") -> pd.DataFrame:
    """Check a lexicon table; return it with all optional columns present. Raises ValueError
    naming the file and the offending row (1-based data row and file line)."""
    path = Path(path)
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        _fail(path, None, f"missing required column(s) {missing}; have {list(frame.columns)}")
    df = frame.copy()
    for c in OPTIONAL_COLUMNS:
        if c not in df.columns:
            df[c] = ""
    df = df.fillna("")
    for c in df.columns:
        df[c] = df[c].astype(str).str.strip()
    keys: dict[str, int] = {}
    terms: dict[str, int] = {}
    for i, row in enumerate(df.itertuples(index=False)):
        r = row._asdict()
        for c in ("term", "kind", "category", "subcategory", "source"):
            if not r[c]:
                _fail(path, i, f"empty {c!r} (term={r['term']!r})", c)
        if r["kind"] not in KINDS:
            _fail(path, i, f"kind {r['kind']!r} is not one of {KINDS} (term={r['term']!r})", "kind")
        src = r["source"]
        for part in src.split(";"):
            part = part.strip()
            if part.lower().startswith(PROJECT_PREFIX) and not part[len(PROJECT_PREFIX) :].strip():
                _fail(path, i, f"source 'project:' needs a reason (term={r['term']!r})", "source")
            if part.lower().startswith(LEARNED_PREFIX):
                if not part[len(LEARNED_PREFIX) :].strip():
                    _fail(
                        path, i, f"source 'learned:' needs the data it was learned from (term={r['term']!r})", "source"
                    )
                if not r["precision_train"] or not r["evidence"]:
                    _fail(
                        path,
                        i,
                        f"a learned entry needs precision_train and evidence (term={r['term']!r})",
                        "precision_train",
                    )
        tkey = r["term"].lower() if r["kind"] == "regex" else form_key(r["term"])
        if tkey in terms:
            _fail(path, i, f"duplicate term {r['term']!r} (first at row {terms[tkey] + 1})", "term")
        terms[tkey] = i
        if r["kind"] == "regex":
            try:
                rx = re.compile(r["term"], re.IGNORECASE)
            except re.error as exc:
                _fail(path, i, f"bad regex {r['term']!r}: {exc}", "term")
            if rx.groups:
                _fail(path, i, f"regex {r['term']!r} has capturing groups; use (?:...)", "term")
            if re.search(r"[A-Z]", re.sub(r"\\[A-Za-z]", "", r["term"])):
                _fail(
                    path,
                    i,
                    f"regex {r['term']!r} has upper-case letters; write it in lower case (it runs on lower-cased text)",
                    "term",
                )
            if rx.fullmatch(""):
                _fail(path, i, f"regex {r['term']!r} matches the empty string", "term")
        else:
            if not (r["term"][0].isalnum() and r["term"][-1].isalnum()):
                _fail(path, i, f"term {r['term']!r} must begin and end with a letter or digit", "term")
            for f in entry_forms(r["term"], r["kind"]):
                k = form_key(f)
                if k in keys and keys[k] != i:
                    _fail(
                        path,
                        i,
                        f"form {f!r} of {r['term']!r} is also a form of row {keys[k] + 1} ({df.at[keys[k], 'term']!r})",
                        "term",
                    )
                keys[k] = i
        for c in ("exclude_before", "exclude_after", "require_before", "require_after"):
            if r[c]:
                try:
                    re.compile(r[c], re.IGNORECASE)
                except re.error as exc:
                    _fail(path, i, f"bad {c} regex {r[c]!r}: {exc}", c)
        for name in filter(None, (s.strip() for s in r["context_rule"].split(";"))):
            if name not in CONTEXT_RULES:
                _fail(path, i, f"unknown context_rule {name!r}; known: {sorted(CONTEXT_RULES)}", "context_rule")
        if r["circular"] not in ("", "yes"):
            _fail(path, i, f"circular {r['circular']!r} must be 'yes' or empty", "circular")
        if r["precision_train"]:
            try:
                p = float(r["precision_train"])
            except ValueError:
                p = -1.0
            if not 0.0 <= p <= 1.0:
                _fail(path, i, f"precision_train {r['precision_train']!r} is not a number in [0, 1]", "precision_train")
    return df.reset_index(drop=True)


@functools.lru_cache(maxsize=32)
def _load_cached(path: str, mtime: float) -> pd.DataFrame:
    p = Path(path)
    try:
        raw = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise ValueError(f"lexicon {p}: cannot parse CSV: {exc}") from exc
    return validate_lexicon(raw, p)


def load_lexicon(name: str | Path) -> pd.DataFrame:
    """A validated lexicon table. ``name`` is a lexicon name ("loaded", "hedges", "boosters"),
    looked up in :data:`analysis.config.LEXICON_DIR`, or a path to a CSV file. Raises
    FileNotFoundError for a missing file and ValueError (naming file, row and column) for a bad
    one. The shipped file only: a study's user lexicons are merged in by its scoring context
    (:meth:`analysis.measures.context.ScoringContext.lexicon`)."""
    path = lexicon_path(name)
    if not path.is_file():
        raise FileNotFoundError(f"no lexicon file {path} (available: {available_lexicons()})")
    df = _load_cached(str(path.resolve()), path.stat().st_mtime)
    expected = LEXICON_CATEGORIES.get(path.stem)
    if expected is not None:
        bad = df.index[df["category"] != expected]
        if len(bad):
            _fail(path, int(bad[0]), f"category {df.at[bad[0], 'category']!r}, expected {expected!r}", "category")
    return df.copy()


def is_core(category: str, subcategory: str) -> bool:
    """False for subcategories kept out of headline rates (:data:`NON_CORE_SUBCATEGORIES`)."""
    return subcategory not in NON_CORE_SUBCATEGORIES.get(category, frozenset())


# --------------------------------------------------------------------------------------------
# The matcher
# --------------------------------------------------------------------------------------------

_SEP_SPACE = "\x00"  # trie token for a space in a term
_SEP_HYPHEN = "\x01"  # ... for a hyphen
_APOS = "\x02"  # ... for an apostrophe
_TOKEN_RX = {
    _SEP_SPACE: r"(?:\s+|\s*[-‐‑]\s*)",
    _SEP_HYPHEN: r"(?:\s*[-‐‑]\s*|\s+)?",
    _APOS: r"['’‘ʼ`´]?",
}


def _tokens(form: str) -> list[str]:
    out: list[str] = []
    for ch in form.lower():
        if ch.isspace():
            if not out or out[-1] != _SEP_SPACE:
                out.append(_SEP_SPACE)
        elif ch in "-‐‑":
            out.append(_SEP_HYPHEN)
        elif ch in _APOSTROPHES:
            out.append(_APOS)
        else:
            out.append(ch)
    return out


def _trie_regex(forms: list[str]) -> str:
    """A prefix-factored alternation matching exactly ``forms`` (plus the flexible separators),
    longest alternative first at every branch."""
    trie: dict = {}
    for f in forms:
        node = trie
        for t in _tokens(f):
            node = node.setdefault(t, {})
        node[""] = {}

    def emit(node: dict) -> str:
        end = "" in node
        kids = [k for k in node if k != ""]
        if not kids:
            return ""
        alts = []
        singles = []
        for k in sorted(kids):
            sub = emit(node[k])
            piece = _TOKEN_RX.get(k, re.escape(k))
            if sub == "" and k not in _TOKEN_RX:
                singles.append(k)
            else:
                alts.append(piece + sub)
        if singles:
            alts.append(
                re.escape(singles[0]) if len(singles) == 1 else "[" + "".join(re.escape(s) for s in singles) + "]"
            )
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if end:
            body = "(?:" + body + ")?" if len(alts) > 1 or len(body) > 1 else body + "?"
        return body

    return emit(trie)


class LexiconMatch(NamedTuple):
    """One match: character offsets (end exclusive), the matched text and the row of the entry
    in the matcher's lexicon frame."""

    start: int
    end: int
    text: str
    entry_index: int


class _Ctx(NamedTuple):
    """A compiled context regex and whether it needs the original (not lower-cased) text."""

    rx: re.Pattern
    original: bool


class _Context(NamedTuple):
    exclude_before: _Ctx | None
    exclude_after: _Ctx | None
    require_before: _Ctx | None
    require_after: _Ctx | None
    rules: tuple[ContextRule, ...]


def _ctx_rx(pattern: str, anchor_end: bool) -> _Ctx | None:
    """Compile a context regex. Patterns with no upper-case letters and no ``(?-i`` run
    case-sensitively on the lower-cased text (several times faster than IGNORECASE); the others
    run case-insensitively on the original text, so ``(?-i:[A-Z])`` still sees capitals."""
    if not pattern:
        return None
    body = f"(?:{pattern})$" if anchor_end else f"(?:{pattern})"
    if "(?-i" in pattern or re.search(r"[A-Z]", re.sub(r"\\[A-Za-z]", "", pattern)):
        return _Ctx(re.compile(body, re.IGNORECASE), True)
    return _Ctx(re.compile(body), False)


class LexiconMatcher:
    """All entries of one lexicon compiled into a single pattern (matched on lower-cased text).

    ``frame`` is a lexicon table (as from :func:`load_lexicon`; it is validated again).
    ``rules`` are extra hooks ``(text, start, end, entry_row) -> keep`` applied to every match
    after the per-entry context rules. ``finditer(text)`` yields :class:`LexiconMatch` tuples
    ``(start, end, matched_text, entry_index)`` in text order, non-overlapping."""

    def __init__(
        self,
        frame: pd.DataFrame,
        name: str = "<frame>",
        rules: tuple[Callable[[str, int, int, Mapping], bool], ...] | list = (),
    ):
        self.name = name
        self.frame = validate_lexicon(frame, name)
        self.global_rules = tuple(rules)
        self._key_to_entry: dict[str, int] = {}
        literal_forms: list[str] = []
        regex_parts: list[str] = []
        self._regex_entries: list[tuple[re.Pattern, int]] = []
        contexts: list[_Context | None] = []
        for i, r in enumerate(self.frame.to_dict("records")):
            if r["kind"] == "regex":
                regex_parts.append(f"(?:{r['term']})")
                self._regex_entries.append((re.compile(r["term"], re.IGNORECASE), i))
            else:
                for f in entry_forms(r["term"], r["kind"]):
                    self._key_to_entry[form_key(f)] = i
                    literal_forms.append(f)
            names = [s.strip() for s in r["context_rule"].split(";") if s.strip()]
            ctx = _Context(
                _ctx_rx(r["exclude_before"], True),
                _ctx_rx(r["exclude_after"], False),
                _ctx_rx(r["require_before"], True),
                _ctx_rx(r["require_after"], False),
                tuple(CONTEXT_RULES[n] for n in names),
            )
            contexts.append(ctx if any(ctx[:4]) or ctx.rules else None)
        self._contexts = contexts
        alts = regex_parts[:]
        if literal_forms:
            alts.append(_trie_regex(literal_forms))
        # Speed (about 1 s per lexicon per million words of news): the pattern has no capturing groups
        # (a group defeats sre's literal fast path in an alternation) and is lower case, run
        # case-sensitively on text.lower(); \b rather than (?<!\w) at the start, equivalent here
        # because every entry begins with a word character, and cheaper to scan.
        # A guard on the characters an entry can start with (as the cue lexicon has): the same
        # matches, but sre skips the word starts where no entry can begin.
        starts = first_chars("(?:" + "|".join(alts) + ")") if alts else None
        guard = "(?=[" + "".join(re.escape(ch) for ch in starts) + "])" if starts else ""
        self.pattern_string = r"\b" + guard + "(?:" + "|".join(alts) + r")(?!\w)" if alts else r"(?!x)x"
        self.pattern = re.compile(self.pattern_string)

    def _pattern_ci(self) -> re.Pattern:
        if not hasattr(self, "_ci"):
            self._ci = re.compile(self.pattern_string, re.IGNORECASE)
        return self._ci

    def __len__(self) -> int:
        return len(self.frame)

    def __repr__(self) -> str:
        return f"LexiconMatcher({self.name!r}, {len(self)} entries)"

    def _entry_of(self, matched: str) -> int | None:
        """The entry that produced ``matched``: regex entries first (they come first in the
        alternation), then the literal/lemma forms by normalised key."""
        for rx, i in self._regex_entries:
            if rx.fullmatch(matched):
                return i
        return self._key_to_entry.get(form_key(matched))

    def _keep(self, text: str, low: str, start: int, end: int, i: int) -> bool:
        ctx = self._contexts[i]
        if ctx is not None:
            lo, hi = max(0, start - CONTEXT_WINDOW), min(len(text), end + CONTEXT_WINDOW)
            c = ctx.exclude_before
            if c is not None and c.rx.search(text if c.original else low, lo, start):
                return False
            c = ctx.require_before
            if c is not None and not c.rx.search(text if c.original else low, lo, start):
                return False
            c = ctx.exclude_after
            if c is not None and c.rx.match(text if c.original else low, end, hi):
                return False
            c = ctx.require_after
            if c is not None and not c.rx.match(text if c.original else low, end, hi):
                return False
            for rule in ctx.rules:
                if not rule(text, start, end):
                    return False
        if self.global_rules:
            row = self.frame.iloc[i]
            return all(rule(text, start, end, row) for rule in self.global_rules)
        return True

    def finditer(self, text: str) -> Iterator[LexiconMatch]:
        """Matches in text order, longest form first at each position, never overlapping."""
        low = text.lower()
        if len(low) == len(text):
            search = self.pattern.search
        else:  # a few characters change length when lower-cased ("İ"): offsets would drift
            low, search = text, self._pattern_ci().search
        pos, n = 0, len(text)
        while pos <= n:
            m = search(low, pos)
            if m is None:
                return
            s, e = m.span()
            i = self._entry_of(m.group())
            if i is not None and self._keep(text, low, s, e, i):
                yield LexiconMatch(s, e, text[s:e], i)
                pos = e
            else:
                pos = s + 1

    def matches(self, text: str) -> list[LexiconMatch]:
        return list(self.finditer(text))

    def to_frame(self, text: str) -> pd.DataFrame:
        """Matches with their entry's columns: start, end, text, term, category, subcategory,
        source."""
        ms = self.matches(text)
        cols = ["start", "end", "text", "term", "category", "subcategory", "source"]
        if not ms:
            return pd.DataFrame(columns=cols)
        idx = [m.entry_index for m in ms]
        ent = self.frame.iloc[idx][["term", "category", "subcategory", "source"]].reset_index(drop=True)
        pos = pd.DataFrame({"start": [m.start for m in ms], "end": [m.end for m in ms], "text": [m.text for m in ms]})
        return pd.concat([pos, ent], axis=1)[cols]

    @classmethod
    def from_name(cls, name: str) -> LexiconMatcher:
        """The cached matcher of a named lexicon (see :func:`get_matcher`)."""
        return get_matcher(name)


def get_matcher(name: str) -> LexiconMatcher:
    """Compiled matcher for the lexicon ``name``, cached per name and file modification time."""
    path = lexicon_path(name)
    if not path.is_file():
        raise FileNotFoundError(f"no lexicon file {path} (available: {available_lexicons()})")
    return _matcher_cached(str(path.resolve()), path.stat().st_mtime)


@functools.lru_cache(maxsize=32)
def _matcher_cached(path: str, mtime: float) -> LexiconMatcher:
    return LexiconMatcher(load_lexicon(path), name=Path(path).stem)


def clear_caches() -> None:
    """Forget cached lexicons and matchers (after editing a CSV in the same second)."""
    _load_cached.cache_clear()
    _matcher_cached.cache_clear()
