"""Source types: the ordered rules over ``lexicons/source_types.csv`` that type a source phrase
(self-reference, anonymous or unverifiable, media outlet, official institution, named person,
unspecified), the publisher's self-reference groups, and the typing of pronoun sources from earlier
sources. Step 5 of the pipeline described in :mod:`analysis.measures.attribution`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from operator import add

from analysis.config import LEXICON_DIR
from analysis.measures.attribution_cues import _term_pattern, load_lexicon

__all__ = [
    "SOURCE_TYPES_CSV",
    "SOURCE_TYPES",
    "classify_source",
    "publisher_groups",
    "share_column",
    "source_type_shares",
    "names_same_publisher",
    "self_reference_names",
]

SOURCE_TYPES_CSV = LEXICON_DIR / "source_types.csv"

SOURCE_TYPES = (
    "named_person",
    "official_institution",
    "media_outlet",
    "organisation",
    "anonymous_unverifiable",
    "self_reference",
    "unspecified",
)


def share_column(source_type: str) -> str:
    """The profile/scorecard column holding the share of attributions of ``source_type``."""
    return f"source_{source_type}_share"


def source_type_shares(types) -> dict[str, float]:
    """Share of attributions per source type: ``{"source_<type>_share": count / len(types)}`` for
    every type of :data:`SOURCE_TYPES` (a type not in that list counts as ``unspecified``); NaN
    for every type when there is no attribution. The one definition used by the profile
    (``source_*_share``) and the scorecard (its sourcing classes)."""
    types = ["unspecified" if t not in SOURCE_TYPES else t for t in types]
    n = len(types)
    return {share_column(t): (types.count(t) / n if n else float("nan")) for t in SOURCE_TYPES}


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
        out.append(
            _SourceEntry(re.compile(_term_pattern(row.term, row.kind), flags), row.term, row.category, row.subcategory)
        )
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
    return set(_publisher_groups(publisher or None))


@lru_cache(maxsize=1024)
def _publisher_groups(publisher: str | None) -> frozenset[str]:
    """:func:`publisher_groups`, remembered per publisher string (a corpus has few publishers)."""
    active = {"self_reference"}
    if publisher:
        active |= {
            e.subcategory
            for e in _source_lexicon()
            if e.subcategory.startswith("self_reference_") and e.pattern.search(publisher)
        }
    return frozenset(active)


#: Head nouns of an organisation's name that a later "the <Head>" refers back to.
_ORG_HEADS = re.compile(
    r"\b(Committee|Council|Coalition|Commission|Centre|Center|Institute|Foundation|Alliance|"
    r"Association|Federation|Union|Movement|Network|Campaign|Secretariat|Office|League|Front|"
    r"Party|Society|Organi[sz]ation|Agency|Ministry|Department|Board|Forum|Trust)\b"
)


def split_aliases(value) -> tuple[str, ...]:
    """Aliases from a ``publisher_aliases`` cell: names separated by ``;`` or ``|``."""
    if value is None or (isinstance(value, float) and value != value):
        return ()
    return tuple(a.strip() for a in re.split(r"[;|]", str(value)) if a.strip())


def names_same_publisher(a: str, b: str) -> bool:
    """Whether two publisher strings name the same publisher: equal, or one is the other's
    parenthesised acronym or full name ("NCRI", "National Council of Resistance of Iran (NCRI)")."""

    def forms(x: str) -> set[str]:
        m = re.match(r"^(.*?)\s*\(([^)]+)\)\s*$", x)
        return {x.lower()} | ({m.group(1).lower(), m.group(2).lower()} if m else set())

    return bool(forms(a) & forms(b))


def self_reference_names(publisher: str | None, aliases: tuple[str, ...] = ()) -> list[str]:
    """The names by which a document's publisher refers to itself: the full name, its
    parenthesised acronym, the name cut before a final "of X" ("National Council of Resistance
    of Iran (NCRI)" -> also "National Council of Resistance", "NCRI"), "the <Head>" for an
    organisation's head noun ("the Council", "the Committee"), and the declared ``aliases`` (a
    ``publisher_aliases`` column or manifest field, gathered by the study's scoring context,
    :meth:`analysis.measures.context.ScoringContext.self_names`) with their own "the <Head>"."""
    if not publisher and not aliases:
        return []
    names: list[str] = []
    declared = [a for a in aliases if a]
    full = None
    if publisher:
        m = re.match(r"^(.*?)\s*\(([^)]+)\)\s*$", publisher)
        full = re.sub(r"^the\s+", "", m.group(1) if m else publisher, flags=re.IGNORECASE)
        if m:
            names.append(m.group(2))
        names.append(full)
        if " of " in full:
            names.append(full.rsplit(" of ", 1)[0])
    for name in ([full] if full else []) + declared:
        heads = _ORG_HEADS.findall(name.rsplit(" of ", 1)[0])
        if heads:
            names.append(f"the {heads[-1]}")
    names += declared
    return [n for n in dict.fromkeys(names) if len(n) > 1]


@lru_cache(maxsize=256)
def _publisher_patterns(publisher: str | None, aliases: tuple[str, ...] = ()) -> list[re.Pattern]:
    """Patterns of :func:`self_reference_names` (case-insensitive, flexible spaces and hyphens)."""
    return [re.compile(_term_pattern(n, "literal"), re.IGNORECASE) for n in self_reference_names(publisher, aliases)]


_NEEDLE_SPLIT = re.compile(r"[\s\-'’‘ʼ]+")
#: A filter of :func:`_first` admitting at most this many entries is tried entry by entry on a text
#: read once (:func:`_scan`); a larger one reads the text's matches (:meth:`_NeedleIndex.matches`).
_SCAN_MAX = 64
_TITLES = (None, frozenset(("person_title", "office_title")), frozenset())


class _NeedleIndex:
    """Per entry of a source lexicon, a piece of text every match of its pattern contains (its
    *needle*): the first run of a literal term without spaces, hyphens or apostrophes (those are
    flexible in :func:`_term_pattern`), lower-cased when the pattern ignores case. Regex terms,
    and non-ASCII needles of case-insensitive patterns, have none (always tried). An entry whose
    needle is absent from a text cannot match it, so it is not tried. Built once per lexicon
    object (:func:`_index`); the per-text and per-filter tables it remembers are bounded."""

    def __init__(self, entries: tuple[_SourceEntry, ...]):
        self.entries = entries
        self.needle: list[tuple[str, bool] | None] = []  # (needle, case-insensitive) per entry
        always, ci, cs = [], [], []
        for i, e in enumerate(entries):
            literal = e.pattern.pattern == _term_pattern(e.term, "literal")
            run = next((r for r in _NEEDLE_SPLIT.split(e.term) if r), "") if literal else ""
            insensitive = bool(e.pattern.flags & re.IGNORECASE)
            if not run or (insensitive and not run.isascii()):
                always.append(i)
                self.needle.append(None)
            elif insensitive:
                ci.append((run.lower(), i))
                self.needle.append((run.lower(), True))
            else:
                cs.append((run, i))
                self.needle.append((run, False))
        self.always = tuple(always)
        self.ci_heads, self.cs_heads = _by_head(ci), _by_head(cs)
        self.self_references = frozenset(e.subcategory for e in entries if e.subcategory.startswith("self_reference"))
        self._matches: dict[str, tuple[int, ...]] = {}
        self._filters: dict[tuple, tuple[tuple, frozenset[int]]] = {}

    def matches(self, text: str) -> tuple[int, ...]:
        """Indices (file order) of the entries whose pattern matches ``text`` (ASCII only), trying
        those whose needle occurs in it (case-insensitive needles compare lower-cased). Remembered
        for the last texts: a source phrase is read by several rules, and phrases recur ("he")."""
        found = self._matches.get(text)
        if found is None:
            low = text.lower()
            cands = sorted([*self.always, *_present(low, self.ci_heads), *_present(text, self.cs_heads)])
            found = tuple(i for i in cands if self.entries[i].pattern.search(text))
            if len(self._matches) >= 1024:
                self._matches.clear()
            self._matches[text] = found
        return found

    def filtered(self, key: tuple) -> tuple[tuple, frozenset[int]]:
        """``(rows, indices)`` of the entries passing the filter ``key`` (``(category, subcategories,
        excluded subcategories)``, see :func:`_first`), in file order: ``rows`` are ``(entry,
        needle)`` pairs (needle as in ``self.needle``)."""
        got = self._filters.get(key)
        if got is None:
            category, subcategories, exclude = key
            keep = [
                i
                for i, e in enumerate(self.entries)
                if (category is None or e.category == category)
                and (subcategories is None or e.subcategory in subcategories)
                and e.subcategory not in exclude
            ]
            got = tuple((self.entries[i], self.needle[i]) for i in keep), frozenset(keep)
            if len(self._filters) >= 256:
                self._filters.clear()
            self._filters[key] = got
        return got

    def first(self, text: str, key: tuple) -> _SourceEntry | None:
        """The first entry (file order) passing the filter ``key`` (see :meth:`filtered`) whose
        pattern matches ``text``: from the text's :meth:`matches` when they are known or the filter
        is large (ASCII text), else by trying the filter's entries in turn (:func:`_scan`)."""
        rows, allowed = self.filtered(key)
        if text.isascii() and (len(rows) > _SCAN_MAX or text in self._matches):
            return next((self.entries[i] for i in self.matches(text) if i in allowed), None)
        return _scan(rows, text)


_INDEX: list[_NeedleIndex | None] = [None]


def _index(entries: tuple[_SourceEntry, ...]) -> _NeedleIndex:
    """The needle index of ``entries`` (rebuilt when another lexicon object is passed)."""
    idx = _INDEX[0]
    if idx is None or idx.entries is not entries:
        idx = _INDEX[0] = _NeedleIndex(entries)
    return idx


def _self_reference_subcategories(entries) -> frozenset[str]:
    return _index(entries).self_references


def _by_head(needles: list[tuple[str, int]]) -> dict[str, list[tuple[str, int]]]:
    """Needles grouped by their first two characters (one-character needles by that character)."""
    out: dict[str, list[tuple[str, int]]] = {}
    for n, i in needles:
        out.setdefault(n[:2], []).append((n, i))
    return out


def _present(text: str, groups: dict[str, list[tuple[str, int]]]) -> list[int]:
    """Indices of the needles occurring in ``text``: only the groups whose two-character head
    occurs in it are tested (a needle that occurs has its head there too)."""
    heads = set(map(add, text, text[1:]))  # every two-character substring, built in C
    heads.update(text)
    return [i for h in heads & groups.keys() for n, i in groups[h] if n in text]


def _scan_all(rows, text: str):
    """The ``(entry, needle)`` rows (in their order) whose needle occurs in ``text`` or that have
    none; a case-insensitive needle is tested only when ``text`` is ASCII (lower-casing is exact there)."""
    low = text.lower() if text.isascii() else None
    for row in rows:
        needle = row[1]
        if needle is not None:
            if not needle[1]:
                if needle[0] not in text:
                    continue
            elif low is not None and needle[0] not in low:
                continue
        yield row


def _scan(rows, text: str) -> _SourceEntry | None:
    """The first of ``rows`` (``(entry, needle)``, file order) whose pattern matches ``text``,
    trying only those whose needle occurs in it (:func:`_scan_all`)."""
    return next((e for e, _ in _scan_all(rows, text) if e.pattern.search(text)), None)


def _first(
    entries, text: str, *, category: str | None = None, subcategories=None, exclude_subcategories=()
) -> _SourceEntry | None:
    """The first entry (file order) passing the filters whose pattern matches ``text``; entries
    whose needle is absent from ``text`` cannot match and are not tried (:class:`_NeedleIndex`)."""
    if not isinstance(entries, tuple):  # the index is built for the lexicon tuple; others are scanned whole
        for e in entries:
            if category is not None and e.category != category:
                continue
            if subcategories is not None and e.subcategory not in subcategories:
                continue
            if e.subcategory in exclude_subcategories:
                continue
            if e.pattern.search(text):
                return e
        return None
    key = (category, None if subcategories is None else frozenset(subcategories), frozenset(exclude_subcategories))
    return _index(entries).first(text, key)


_CAP_AFTER = re.compile(r"\.?\s+[A-Z]")


def _titled_name(entries, src: str) -> _SourceEntry | None:
    """A personal title followed by a capitalised word ("Mr Kobler", "Prime Minister Maliki")."""
    if not isinstance(entries, tuple):
        titles = (e for e in entries if e.subcategory in _TITLES[1])
    elif src.isascii():  # the titles among the entries matching src, whose matches are needed anyway
        titles = (entries[i] for i in _index(entries).matches(src) if entries[i].subcategory in _TITLES[1])
    else:
        titles = (e for e, _ in _scan_all(_index(entries).filtered(_TITLES)[0], src))
    for e in titles:
        for m in e.pattern.finditer(src):
            if _CAP_AFTER.match(src, m.end()):
                return e
    return None


#: Nouns for people or documents that speak for a body named after them ("a spokeswoman for Human
#: Rights Watch", "a report by CHRI", "economists at PricewaterhouseCoopers"): the source takes the
#: body's type (codebook docs/source-types.md, rules 5-6 and "Documents" / "Members").
_ROLE_OR_DOC = (
    r"(?:spokes(?:man|woman|person|people|men|women)|officials?|representatives?|members?|"
    r"economists?|analysts?|researchers?|staff|employees?|workers?|officers?|executives?|"
    r"leaders|reports?|statements?|communiqu[eé]s?|databases?|websites?|figures|data|"
    r"study|studies|survey|letter|release|documents?|records?|constitution|announcement|bulletin|"
    r"memos?|memorand(?:um|a)|cables?|dossiers?|filings?|briefs?|minutes|transcripts?|assessments?)"
)
_BODY_AFTER = re.compile(rf"\b{_ROLE_OR_DOC}\s+(?:for|of|at|from|by|with|in)\s+(?P<body>.+)$", re.IGNORECASE)
_BODY_BEFORE = re.compile(rf"^(?P<body>.+?)['’]s?\s+(?:[\w-]+\s+){{0,3}}?{_ROLE_OR_DOC}\b", re.IGNORECASE)
_BODY_MODIFIER = re.compile(
    rf"^(?:(?i:an?|the|one|two|three|several)\s+)?(?:(?:January|February|March|April|May|June|"
    rf"July|August|September|October|November|December|new|recent|latest|joint|official)\s+)*"
    rf"(?:[a-z][\w-]*\s+){{0,2}}?"  # "the third High Command communique", "a leaked Justice Department memo"
    rf"(?P<body>(?:[A-Z][\w&.-]*\s+){{1,4}}?){_ROLE_OR_DOC}\b"
)
#: A journalist named with their outlet ("the CNN host", "a Fox News correspondent"): one person,
#: named elsewhere in the text, not the outlet (codebook rule 2).
_OUTLET_JOURNALIST = re.compile(
    r"^(?:the|an?)?\s*(?:[A-Z][\w&.'’-]*\s+){1,3}(?:senior\s+|chief\s+|political\s+)?"
    r"(?:host|anchor|correspondent|reporter|journalist|columnist|editor|commentator|presenter|"
    r"contributor|writer|producer)$"
)
#: One word with a capital inside it after a lower-case letter ("WikiLeaks", "YouTube"): the
#: spelling of a brand or organisation, not of a person's name (Mc-/Mac- names excepted).
_CAMEL = re.compile(r"^(?:the\s+)?(?!Mc|Mac)[A-Z][a-z]+[A-Z][A-Za-z]*$")
#: A lower-case word (a title or role) followed by a personal name at the end of the phrase:
#: "party spokeswoman Sandra Gidley", "Navy Information Agency head Arba Agung".
_TRAILING_NAME = re.compile(
    r"\b[a-z][\w-]*\s+(?P<name>[A-Z][a-z’'\-]+(?:\s+(?:al-|el-|bin\s|van\s|de\s)?"
    r"[A-Z][\w’'\-]+){1,3})$"
)
#: A single office-holder described by role ("the Amnesty secretary-general", "The leader of an Iraqi
#: group", "regime's ambassador"): a person, named elsewhere in the text (codebook rule 2).
_SINGLE_ROLE = re.compile(
    r"^(?:(?:the|an?|his|her|its|their)\s+|[\w’'.-]+(?:\s+[\w’'.-]+){0,3}['’]s\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:chief|head|leader|ambassador|secretary-general|director|"
    r"president|chairman|chairwoman|chair|founder|chief executive|ceo|commander|minister|"
    r"governor|mayor|coach|captain|owner|wife|husband)(?:\s+(?:of|at)\s+.+)?$",
    re.IGNORECASE,
)
#: A personal name followed by its affiliation ("Doug Miller of Milltech Marine, a firm ...").
_NAME_OF = re.compile(r"^(?P<name>[A-Z][a-z’'\-]+(?:\s+[A-Z][\w’'\-]+){1,2})\s*(?:,|\bof\b|\bfrom\b|\bat\b)")
_ACRONYM = re.compile(r"^(?:the\s+|an?\s+)?[A-Z]{2,6}$")
_BODY_TYPES = ("official_institution", "media_outlet", "organisation", "self_reference")


def _lexicon_type(entries, src: str, active) -> tuple[str, str] | None:
    """Media outlet, then a named non-state body, then an official institution, then a non-state
    body noun ("the company"), by the first lexicon entry found in that order."""
    for cat, subs, rule in (
        ("media_outlet", None, "media"),
        ("organisation", {"organisation_name"}, "organisation"),
        ("official_institution", None, "institution"),
        ("organisation", {"organisation_noun"}, "organisation"),
    ):
        hit = _first(entries, src, category=cat, subcategories=subs, exclude_subcategories=active)
        if hit:
            return cat, f"{rule}:{hit.term}"
    return None


def _body_type(src: str, publisher, active, self_names, depth: int) -> tuple[str, str] | None:
    """The type of the body a spokesperson, member or document speaks for, when the phrase names one."""
    if depth > 1:
        return None
    for rx in (_BODY_AFTER, _BODY_BEFORE, _BODY_MODIFIER):
        m = rx.search(src)
        if not m:
            continue
        body = m.group("body").strip(" ,")
        if not body or body.lower() in _PRONOUNS or body.lower() in ("his", "her", "their", "its"):
            continue
        t, r = classify_source(body, publisher=publisher, active_groups=active, self_names=self_names, _depth=depth + 1)
        if t in _BODY_TYPES:
            return t, f"body({r})"
    return None


def classify_source(
    source_text: str,
    context: str = "",
    *,
    cue_sub: str = "",
    publisher: str | None = None,
    active_groups: set[str] | None = None,
    self_names=(),
    _depth: int = 0,
) -> tuple[str, str]:
    """``(source_type, rule)`` for a source phrase, by the first rule that fires (the order of the
    codebook, ``docs/source-types.md`` section 2):

    0. ``anonymous_unverifiable``: people defined only by their closeness to someone ("sources close
       to Mr X", "people familiar with"), or the publisher's own unnamed informants ("our sources");
    1. ``self_reference``: a term of an active self-reference group, one of the publisher's own
       names (:func:`self_reference_names`: name, acronym, "the <Head>", and ``self_names``, the
       aliases the study declared for it: nothing corpus-specific here);
    2. ``anonymous_unverifiable``: a sourceless cue adverb ("reportedly"), or explicit anonymity in
       the source or ``context`` ("who asked not to be named");
    3. ``named_person``: a personal title with a name ("Mr Kobler"), a name apposed to a title, or a
       name after a lower-case title ("party spokeswoman Sandra Gidley"): the title never wins;
    4. a journalist named with their outlet is a ``named_person`` ("the CNN host"); a spokesperson,
       member or document of a named body takes the body's type ("a spokeswoman for Human Rights
       Watch", "a CHRI report", "the third High Command communique", "Marine Traffic's database");
    5. ``anonymous_unverifiable``: an unnamed or unverifiable phrase ("sources close to", "reports");
    6. ``media_outlet``, ``organisation`` (named non-state body), ``official_institution`` (including a
       capital standing for its government), ``organisation`` (a non-state body noun); an inactive
       publisher group's own category (the NCRI in a Reuters report is an ``organisation``);
    7. an acronym, or one word with a capital inside ("WikiLeaks"), is an ``organisation``; generic
       people ("witnesses", "analysts") are anonymous;
    8. ``named_person``: a run of capitalised words or one capitalised word ("Moslehi");
    9. an unnamed lower-case phrase ("his lawyer") is ``anonymous_unverifiable``; a bare pronoun,
       or no source, is ``unspecified`` (pronouns are typed from their antecedent by the caller).

    Rules 0-1, 3-4 and 6-9 read the phrase alone; their answers are remembered for recent phrases
    (:func:`_self_or_circle`, :func:`_named_or_body`, :func:`_by_lexicon_or_shape`), so only the
    rules reading ``context`` (2 and 5) run again when a phrase ("he", "Mr Blair") recurs."""
    entries = _source_lexicon()
    active = frozenset(active_groups if active_groups is not None else publisher_groups(publisher))
    self_names = tuple(self_names)
    src = source_text.strip()
    found = _self_or_circle(src, publisher, active, self_names) if src else None
    if found:
        return found
    if cue_sub == "adverbial" and not src:
        return "anonymous_unverifiable", "sourceless_adverb"
    both = f"{src} || {context}"
    hit = _first(entries, both, category="anonymous_unverifiable", subcategories={"explicit_anonymity"})
    if hit:
        return "anonymous_unverifiable", f"explicit_anonymity:{hit.term}"
    if not src:
        return "unspecified", "no_source"
    found = _named_or_body(src, publisher, active, self_names, _depth)
    if found:
        return found
    hit = _first(entries, src, category="anonymous_unverifiable") or _first(
        entries, context, category="anonymous_unverifiable", exclude_subcategories=("generic_people",)
    )
    if hit:
        return "anonymous_unverifiable", f"anonymous:{hit.term}"
    return _by_lexicon_or_shape(src, active)


@lru_cache(maxsize=2048)
def _self_or_circle(src: str, publisher, active: frozenset[str], self_names: tuple) -> tuple[str, str] | None:
    """Rules 0 and 1 of :func:`classify_source` for a non-empty stripped phrase, or None."""
    entries = _source_lexicon()
    hit = _first(entries, src, subcategories=("unnamed_circle",))
    if hit:  # "Sources close to Mr X", "our sources on the ground": unnamed, whoever they are close to
        return "anonymous_unverifiable", f"unnamed_circle:{hit.term}"
    hit = _first(entries, src, subcategories=active)
    if hit:
        return "self_reference", f"{hit.subcategory}:{hit.term}"
    if any(p.search(src) for p in _publisher_patterns(publisher, self_names)):
        return "self_reference", "publisher_name"
    return None


@lru_cache(maxsize=2048)
def _named_or_body(
    src: str, publisher, active: frozenset[str], self_names: tuple, depth: int
) -> tuple[str, str] | None:
    """Rules 3 and 4 of :func:`classify_source` for a non-empty stripped phrase, or None."""
    entries = _source_lexicon()
    hit = _titled_name(entries, src)
    if hit:
        return "named_person", f"title:{hit.term}"
    if "," in src:
        head, tail = src.split(",", 1)[0].strip(), src.rsplit(",", 1)[-1].strip()
        for part in (tail, head):  # "the director of X, Adnan Assadi" / "Danaifar, ambassador to Y"
            if (_NAME.fullmatch(part) or _CAP_WORD.match(part)) and not _first(
                entries, part, subcategories=None, exclude_subcategories=("person_title",)
            ):
                return "named_person", "appositive_name"
    m = _TRAILING_NAME.search(src)
    if m and not _first(entries, m.group("name"), exclude_subcategories=("person_title", "office_title")):
        return "named_person", "title_then_name"
    m = _NAME_OF.match(src)
    if m and not _first(entries, m.group("name"), exclude_subcategories=("person_title",)):
        return "named_person", "name_of_body"
    if _SINGLE_ROLE.match(src):
        return "named_person", "single_office_holder"
    if _OUTLET_JOURNALIST.match(src):
        return "named_person", "journalist_of_outlet"
    return _body_type(src, publisher, active, self_names, depth)


@lru_cache(maxsize=2048)
def _by_lexicon_or_shape(src: str, active: frozenset[str]) -> tuple[str, str]:
    """Rules 6-9 of :func:`classify_source` for a non-empty stripped phrase."""
    entries = _source_lexicon()
    lex = _lexicon_type(entries, src, active)
    if lex:
        return lex
    inactive = _self_reference_subcategories(entries) - active
    hit = _first(entries, src, subcategories=inactive)
    if hit:
        cat = "organisation" if hit.category in ("unspecified", "self_reference") else hit.category
        return cat, f"{hit.subcategory}(not publisher):{hit.term}"
    if _ACRONYM.match(src):
        return "organisation", "acronym"
    if _CAMEL.match(src):
        return "organisation", "camel_case_name"
    if _NAME.search(src):
        return "named_person", "capitalised_name"
    if _CAP_WORD.match(src) and src.lower() not in _PRONOUNS:
        return "named_person", "capitalised_word"
    if src.lower() in _PRONOUNS or _RELATIVE.match(src) or _OTHER_ANAPHORA.match(src):
        return "unspecified", "no_rule"
    if re.match(r"(?:this|these|that|those)\b", src, re.IGNORECASE):  # a thing pointed at, not a person
        return "unspecified", "demonstrative"
    return "anonymous_unverifiable", "unnamed"


_PERSON_ANAPHORA = re.compile(r"^(?:he|she|his|her|him)$", re.IGNORECASE)
_RELATIVE = re.compile(r"^(?:who|which|that)$", re.IGNORECASE)
#: Back-reference nouns and the type they name when no antecedent is found ("the paper" is a
#: media outlet); ``None``: any earlier non-person source ("it", "the statement").
_ANAPHOR_NOUNS = {
    "paper": "media_outlet",
    "newspaper": "media_outlet",
    "daily": "media_outlet",
    "website": "media_outlet",
    "broadcaster": "media_outlet",
    "magazine": "media_outlet",
    "company": "organisation",
    "firm": "organisation",
    "group": "organisation",
    "organization": "organisation",
    "organisation": "organisation",
    "party": "organisation",
    "union": "organisation",
    "charity": "organisation",
    "ministry": "official_institution",
    "embassy": "official_institution",
    "government": "official_institution",
    "council": "official_institution",
    "committee": "official_institution",
    "agency": None,
    "communique": "official_institution",
    "communiqué": "official_institution",
    "spokesman": None,
    "spokeswoman": None,
    "spokesperson": None,
    "official": None,
    "officials": None,
    "statement": None,
    "report": None,
    "letter": None,
    "release": None,
    "it": None,
    "they": None,
    "its": None,
    "their": None,
}
_OTHER_ANAPHORA = re.compile(
    r"^(?:it|they|its|their|the\s+(?:"
    + "|".join(k for k in _ANAPHOR_NOUNS if k not in ("it", "they", "its", "their"))
    + r"))$",
    re.IGNORECASE,
)
_NON_PERSON = ("self_reference", "official_institution", "media_outlet", "organisation", "anonymous_unverifiable")


def _resolve_anaphora(src_text: str, stype: str, rule: str, history: list[tuple[str, str]]) -> tuple[str, str]:
    """Type a pronoun or definite-description source from earlier sources of the document: he/she
    take the last named person; a noun with a type of its own ("the paper", "the company") takes
    the last source of that type, else that type; "it", "they", "the statement" take the last
    non-person source (the recency heuristic of knowledge-poor anaphora resolution; Mitkov 2002)."""
    src = src_text.strip()
    if _PERSON_ANAPHORA.match(src):
        wanted, default = ("named_person",), None
    elif _OTHER_ANAPHORA.match(src):
        default = _ANAPHOR_NOUNS.get(src.lower().split()[-1])
        wanted = (default,) if default else _NON_PERSON
        if src.lower().split()[-1] in ("spokesman", "spokeswoman", "spokesperson", "official", "officials"):
            wanted = ("official_institution", "organisation", "self_reference")
    else:
        return stype, rule
    for pool in ((wanted if default or len(wanted) < 3 else _NON_PERSON[:-1]), wanted):
        for t, r in reversed(history):
            if t in pool:
                return t, f"anaphora({r})"
    if default:
        return default, f"anaphor_noun:{src.lower().split()[-1]}"
    return stype, rule
