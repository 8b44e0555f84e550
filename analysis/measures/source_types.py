"""Source types: the ordered rules over ``lexicons/source_types.csv`` that type a source phrase
(self-reference, anonymous or unverifiable, media outlet, official institution, named person,
unspecified), the publisher's self-reference groups, and the typing of pronoun sources from earlier
sources. Step 5 of the pipeline described in :mod:`analysis.measures.attribution`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from analysis.config import LEXICON_DIR
from analysis.measures.attribution_cues import _term_pattern, load_lexicon

__all__ = ["SOURCE_TYPES_CSV", "SOURCE_TYPES", "classify_source", "publisher_groups", "register_publisher_aliases",
           "use_publisher_aliases", "self_reference_names"]

SOURCE_TYPES_CSV = LEXICON_DIR / "source_types.csv"

SOURCE_TYPES = ("named_person", "official_institution", "media_outlet", "anonymous_unverifiable",
                "self_reference", "unspecified")

_PRONOUNS = {"he", "she", "they", "i", "we", "you", "it", "who", "which"}


@dataclass(frozen=True)
class _SourceEntry:
    pattern: re.Pattern
    term: str
    category: str  # the source type the term signals
    subcategory: str  # finer class; self_reference_<group> for publisher groups


@lru_cache(maxsize=4)
def _source_lexicon(path: str = str(SOURCE_TYPES_CSV)) -> tuple[_SourceEntry, ...]:
    """Source-type entries in file order; notes starting "case-sensitive" match case-sensitively."""
    df = load_lexicon(path)
    out = []
    for row in df.itertuples(index=False):
        flags = 0 if row.note.startswith("case-sensitive") else re.IGNORECASE
        out.append(_SourceEntry(re.compile(_term_pattern(row.term, row.kind), flags), row.term,
                                row.category, row.subcategory))
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# source typing
# ---------------------------------------------------------------------------------------------

_NAME = re.compile(r"\b[A-Z][a-z’'\-]+(?:\s+(?:al-|el-|bin\s|van\s|de\s)?[A-Z][\w’'\-]+)+")
_CAP_WORD = re.compile(r"^(?:[A-Z][\w’'\-]+)$")


def publisher_groups(publisher: str | None) -> set[str]:
    """Self-reference groups (``self_reference_<group>`` subcategories of source_types.csv)
    activated by ``publisher``: a group is active when any of its terms matches the publisher
    string. ``self_reference`` (generic: "we", "this statement") is always active."""
    active = {"self_reference"}
    if publisher:
        active |= {e.subcategory for e in _source_lexicon()
                   if e.subcategory.startswith("self_reference_") and e.pattern.search(publisher)}
    return active


#: Aliases declared for a publisher (a ``publisher_aliases`` column or manifest field), by publisher.
_DECLARED_ALIASES: dict[str, tuple[str, ...]] = {}

#: Head nouns of an organisation's name that a later "the <Head>" refers back to.
_ORG_HEADS = re.compile(r"\b(Committee|Council|Coalition|Commission|Centre|Center|Institute|Foundation|Alliance|"
                        r"Association|Federation|Union|Movement|Network|Campaign|Secretariat|Office|League|Front|"
                        r"Party|Society|Organi[sz]ation|Agency|Ministry|Department|Board|Forum|Trust)\b")


def split_aliases(value) -> tuple[str, ...]:
    """Aliases from a ``publisher_aliases`` cell: names separated by ``;`` or ``|``."""
    if value is None or (isinstance(value, float) and value != value):
        return ()
    return tuple(a.strip() for a in re.split(r"[;|]", str(value)) if a.strip())


def register_publisher_aliases(publisher: str, aliases) -> None:
    """Declare further names under which ``publisher`` speaks of itself (e.g. its leaders or
    member organisations); they count as self-reference in documents with that publisher."""
    names = tuple(dict.fromkeys(split_aliases(aliases) if isinstance(aliases, str) else aliases))
    if publisher and names and _DECLARED_ALIASES.get(publisher) != names:
        _DECLARED_ALIASES[publisher] = names
        _publisher_aliases.cache_clear()


def use_publisher_aliases(documents) -> None:
    """Register the ``publisher_aliases`` of every document of a documents frame (no-op without
    the column)."""
    if documents is None or "publisher_aliases" not in getattr(documents, "columns", ()):
        return
    for pub, aliases in zip(documents["publisher"].fillna(""), documents["publisher_aliases"]):
        if pub and split_aliases(aliases):
            register_publisher_aliases(str(pub), split_aliases(aliases))


def _names_same_publisher(a: str, b: str) -> bool:
    """Whether two publisher strings name the same publisher: equal, or one is the other's
    parenthesised acronym or full name ("NCRI", "National Council of Resistance of Iran (NCRI)")."""
    def forms(x: str) -> set[str]:
        m = re.match(r"^(.*?)\s*\(([^)]+)\)\s*$", x)
        return {x.lower()} | ({m.group(1).lower(), m.group(2).lower()} if m else set())
    return bool(forms(a) & forms(b))


def self_reference_names(publisher: str | None) -> list[str]:
    """The names by which a document's publisher refers to itself: the full name, its
    parenthesised acronym, the name cut before a final "of X" ("National Council of Resistance
    of Iran (NCRI)" -> also "National Council of Resistance", "NCRI"), "the <Head>" for an
    organisation's head noun ("the Council", "the Committee"), and the declared aliases
    (:func:`register_publisher_aliases`, from a ``publisher_aliases`` column or manifest field)."""
    if not publisher:
        return []
    names: list[str] = []
    declared = [a for p, aliases in _DECLARED_ALIASES.items() if _names_same_publisher(publisher, p) for a in aliases]
    m = re.match(r"^(.*?)\s*\(([^)]+)\)\s*$", publisher)
    full = re.sub(r"^the\s+", "", m.group(1) if m else publisher, flags=re.IGNORECASE)
    if m:
        names.append(m.group(2))
    names.append(full)
    if " of " in full:
        names.append(full.rsplit(" of ", 1)[0])
    for name in [full, *declared]:
        heads = _ORG_HEADS.findall(name.rsplit(" of ", 1)[0])
        if heads:
            names.append(f"the {heads[-1]}")
    names += declared
    return [n for n in dict.fromkeys(names) if len(n) > 1]


@lru_cache(maxsize=64)
def _publisher_aliases(publisher: str | None) -> list[re.Pattern]:
    """Patterns of :func:`self_reference_names` (case-insensitive, flexible spaces and hyphens)."""
    return [re.compile(_term_pattern(n, "literal"), re.IGNORECASE) for n in self_reference_names(publisher)]


_NEEDLE_SPLIT = re.compile(r"[\s\-'’‘ʼ]+")
# [entries object, (always-tried indices, [(lower-case needle, index)], [(needle, index)]),
#  self-reference subcategories, (the two needle lists grouped by head, for _present)]
_NEEDLES: list = [None, ((), [], []), frozenset(), ({}, {})]
_CANDIDATES: dict[str, tuple[int, ...] | None] = {}


def _needles(entries) -> tuple:
    """Per entry, a piece of text every match of its pattern contains: the first run of a literal
    term without spaces, hyphens or apostrophes (those are flexible in :func:`_term_pattern`),
    lower-cased when the pattern ignores case. Regex terms, and non-ASCII needles of
    case-insensitive patterns, have none (always tried). Built once per lexicon object."""
    if _NEEDLES[0] is not entries:
        always, ci, cs = [], [], []
        for i, e in enumerate(entries):
            literal = e.pattern.pattern == _term_pattern(e.term, "literal")
            run = next((r for r in _NEEDLE_SPLIT.split(e.term) if r), "") if literal else ""
            insensitive = bool(e.pattern.flags & re.IGNORECASE)
            if not run or (insensitive and not run.isascii()):
                always.append(i)
            elif insensitive:
                ci.append((run.lower(), i))
            else:
                cs.append((run, i))
        refs = frozenset(e.subcategory for e in entries if e.subcategory.startswith("self_reference"))
        _NEEDLES[:] = [entries, (tuple(always), ci, cs), refs, (_by_head(ci), _by_head(cs))]
        _CANDIDATES.clear()
    return _NEEDLES[1]


def _self_reference_subcategories(entries) -> frozenset[str]:
    _needles(entries)
    return _NEEDLES[2]


def _by_head(needles: list[tuple[str, int]]) -> dict[str, list[tuple[str, int]]]:
    """Needles grouped by their first two characters (one-character needles by that character)."""
    out: dict[str, list[tuple[str, int]]] = {}
    for n, i in needles:
        out.setdefault(n[:2], []).append((n, i))
    return out


def _present(text: str, groups: dict[str, list[tuple[str, int]]]) -> list[int]:
    """Indices of the needles occurring in ``text``: only the groups whose two-character head
    occurs in it are tested (a needle that occurs has its head there too)."""
    heads = {text[k:k + 2] for k in range(len(text) - 1)}
    heads.update(text)
    return [i for h in heads if h in groups for n, i in groups[h] if n in text]


def _candidates(entries, text: str) -> tuple[int, ...] | None:
    """Indices (file order) of the entries that can match ``text``: those whose needle occurs in it
    (ASCII text: case-insensitive needles compare lower-cased). None: every entry (non-ASCII text).
    Remembered for the last texts: a source phrase is classified by several calls of _first."""
    always, ci, cs = _needles(entries)
    if text in _CANDIDATES:
        return _CANDIDATES[text]
    if not text.isascii():
        found = None
    else:
        groups = _NEEDLES[3]
        found = tuple(sorted([*always, *_present(text.lower(), groups[0]), *_present(text, groups[1])]))
    if len(_CANDIDATES) >= 256:
        _CANDIDATES.clear()
    _CANDIDATES[text] = found
    return found


def _first(entries, text: str, *, category: str | None = None, subcategories=None,
           exclude_subcategories=()) -> _SourceEntry | None:
    """The first entry (file order) passing the filters whose pattern matches ``text``; entries
    whose needle is absent from ``text`` cannot match and are not tried (:func:`_candidates`)."""
    # the needle index is built for the lexicon tuple itself; other lists (subsets) are scanned whole
    cands = _candidates(entries, text) if isinstance(entries, tuple) else None
    for e in (entries if cands is None else (entries[i] for i in cands)):
        if category is not None and e.category != category:
            continue
        if subcategories is not None and e.subcategory not in subcategories:
            continue
        if e.subcategory in exclude_subcategories:
            continue
        if e.pattern.search(text):
            return e
    return None


_CAP_AFTER = re.compile(r"\.?\s+[A-Z]")


def _titled_name(entries, src: str) -> _SourceEntry | None:
    """A personal title followed by a capitalised word ("Mr Kobler", "Prime Minister Maliki")."""
    cands = _candidates(entries, src) if isinstance(entries, tuple) else None
    for e in (entries if cands is None else (entries[i] for i in cands)):  # others cannot match
        if e.subcategory in ("person_title", "office_title"):
            for m in e.pattern.finditer(src):
                if _CAP_AFTER.match(src, m.end()):
                    return e
    return None


def classify_source(source_text: str, context: str = "", *, cue_sub: str = "", publisher: str | None = None,
                    active_groups: set[str] | None = None) -> tuple[str, str]:
    """``(source_type, rule)`` for a source phrase, by the first rule that fires:

    1. ``self_reference``: a term of an active self-reference group, or one of the publisher's own
       names (:func:`self_reference_names`: name, acronym, "the <Head>", declared aliases);
    2. ``anonymous_unverifiable``: an anonymous/unverifiable phrase in the source or ``context``
       (the cue and what follows it), or a sourceless cue adverb ("reportedly");
    3. ``named_person``: a personal title with a name ("Mr Kobler"), or a name apposed to a title
       ("Danaifar, clerical regime's ambassador"; "the acting director ..., Adnan Assadi");
    4. ``media_outlet``, then ``official_institution``, then an inactive publisher group's own
       category (the White House in a BBC report is an institution);
    5. ``named_person``: a run of capitalised words or one capitalised word ("Moslehi");
    6. else ``unspecified`` (also when there is no source)."""
    entries = _source_lexicon()
    active = active_groups if active_groups is not None else publisher_groups(publisher)
    src = source_text.strip()
    hit = _first(entries, src, subcategories=active) if src else None
    if hit:
        return "self_reference", f"{hit.subcategory}:{hit.term}"
    if src and any(p.search(src) for p in _publisher_aliases(publisher)):
        return "self_reference", "publisher_name"
    if cue_sub == "adverbial" and not src:
        return "anonymous_unverifiable", "sourceless_adverb"
    hit = _first(entries, f"{src} || {context}", category="anonymous_unverifiable")
    if hit:
        return "anonymous_unverifiable", f"anonymous:{hit.term}"
    if not src:
        return "unspecified", "no_source"
    hit = _titled_name(entries, src)
    if hit:
        return "named_person", f"title:{hit.term}"
    if "," in src:
        head, tail = src.split(",", 1)[0].strip(), src.rsplit(",", 1)[-1].strip()
        for part in (tail, head):  # "the director of X, Adnan Assadi" / "Danaifar, ambassador to Y"
            if (_NAME.fullmatch(part) or _CAP_WORD.match(part)) and not _first(entries, part, subcategories=None,
                                                                               exclude_subcategories=("person_title",)):
                return "named_person", "appositive_name"
    inactive = _self_reference_subcategories(entries) - set(active)
    for cat in ("media_outlet", "official_institution"):
        hit = _first(entries, src, category=cat, exclude_subcategories=active)
        if hit:
            rule = "media" if cat == "media_outlet" else "institution"
            return cat, f"{rule}:{hit.term}"
    hit = _first(entries, src, subcategories=inactive)
    if hit:
        return hit.category, f"{hit.subcategory}(not publisher):{hit.term}"
    if _NAME.search(src):
        return "named_person", "capitalised_name"
    if _CAP_WORD.match(src) and src.lower() not in _PRONOUNS:
        return "named_person", "capitalised_word"
    return "unspecified", "no_rule"


_PERSON_ANAPHORA = re.compile(r"^(?:he|she|his|her|him)$", re.IGNORECASE)
_RELATIVE = re.compile(r"^(?:who|which|that)$", re.IGNORECASE)
_OTHER_ANAPHORA = re.compile(r"^(?:it|they|its|their|the\s+(?:statement|report|letter|spokesman|"
                             r"spokeswoman|official|officials|newspaper|agency|paper|group|organization|"
                             r"organisation|ministry|embassy|government|council|committee))$", re.IGNORECASE)


def _resolve_anaphora(src_text: str, stype: str, rule: str, history: list[tuple[str, str]]) -> tuple[str, str]:
    """Type a pronoun or definite-description source from earlier sources of the document: he/she
    take the last named person or official, it/they/"the statement" the last non-person source
    (the recency heuristic of knowledge-poor anaphora resolution; Mitkov 2002)."""
    src = src_text.strip()
    if _PERSON_ANAPHORA.match(src):
        wanted = ("named_person", "official_institution")
    elif _OTHER_ANAPHORA.match(src):
        wanted = ("self_reference", "official_institution", "media_outlet", "anonymous_unverifiable")
    else:
        return stype, rule
    for t, r in reversed(history):
        if t in wanted:
            return t, f"anaphora({r})"
    return stype, rule
