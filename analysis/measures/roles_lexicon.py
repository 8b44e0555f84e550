"""The word lists behind narrative-role detection, read once from ``analysis/lexicons/roles.csv``.

Kinds of entry (column ``kind``):

``head``
    A stakeholder head noun (singular lemma, or a multi-word compound such as "climate change")
    and its stakeholder ``category``: ``government``, ``public``, ``nature``, ``climate``,
    ``activists``, ``science``, ``industry``, ``policy``, ``technology``, ``media`` (the ten
    stakeholder categories of Frermann et al. 2023, Appendix A) or ``armed_group`` (an
    extension for conflict and advocacy texts). ``number`` marks irregular plurals ("people")
    and mass nouns ("the public").
``name``, ``place``
    Well-known bodies and places with their category (a state acting in a story is filed under
    governments, as the corpus does).
``title``, ``demonym``
    Words before a name ("President", "Rep.") stripped from it, and nationality/party adjectives
    kept as the modifiers that tell "the Iranian regime" from "the Iraqi government".
``pronoun``
    Pronouns merged with an earlier entity (rules in :mod:`analysis.measures.roles_entities`).
``cue``
    Role cues: ``harm``, ``help``, ``suffer``, ``blame``, ``praise`` words; verbs (subcategory
    ``verb``) are matched with their regular inflections.
``passive``, ``stop``
    Passive auxiliaries, and function words that are never part of a name or noun phrase.
``nonperson``, ``adjective``
    Words that make a capitalised name a place or body ("Camp", "University"), and the
    lower-case modifiers a stakeholder noun phrase may keep ("vulnerable", "local").
``speech``
    Reporting verbs: an entity just before one is quoted as a speaker.

:class:`RoleLexicon` holds the lookups; :func:`role_lexicon` returns the shipped one (cached).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.config import LEXICON_DIR
from analysis.measures.lexicon_rules import inflect

#: The shipped role lexicon.
ROLES_LEXICON = LEXICON_DIR / "roles.csv"

#: Stakeholder categories a head or name can carry (``""`` = unknown).
CATEGORIES = (
    "government",
    "public",
    "nature",
    "climate",
    "activists",
    "science",
    "industry",
    "policy",
    "technology",
    "media",
    "armed_group",
)
#: Role-cue categories.
CUE_CATEGORIES = ("harm", "help", "suffer", "blame", "praise")


def singular(word: str) -> str:
    """A lower-case plural noun's singular by the regular English rules (-ies -> -y, -ses/-xes/
    -ches/-shes -> drop -es, -s -> drop -s, not after s, u or i); other words unchanged."""
    w = word
    if len(w) <= 2 or not w.endswith("s") or w.endswith(("ss", "us", "is")):
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "xes", "ches", "shes", "zes")):
        return w[:-2]
    return w[:-1]


def lemmas(word: str) -> tuple[str, ...]:
    """The word and the singulars it may have: :func:`singular`, and for -es plurals the word
    without -es ("gases" -> "gas", "buses" -> "bus")."""
    one = singular(word)
    if one == word:
        return (word,)
    if word.endswith("ses") and len(word) > 4:
        return (word, one, word[:-2])
    return (word, one)


def _key(text: str) -> str:
    """Lower case, curly apostrophes straight, single spaces."""
    return " ".join(text.lower().replace("’", "'").split())


@dataclass
class RoleLexicon:
    """Lookups built from the role lexicon (see the module docstring for the kinds)."""

    heads: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # lemma -> (category, sub, number)
    compounds: dict[str, dict[tuple[str, ...], tuple[str, str, str]]] = field(default_factory=dict)
    subcategories: dict[str, str] = field(default_factory=dict)  # head (compounds joined by spaces) -> subcategory
    names: dict[str, str] = field(default_factory=dict)  # lower-case name -> category
    places: set[str] = field(default_factory=set)
    titles: dict[tuple[str, ...], str] = field(default_factory=dict)  # title tokens -> category
    person_titles: frozenset[str] = frozenset()  # honorifics: Mr, Dr, Pope ...
    titles_first: frozenset[str] = frozenset()  # first words of titles
    demonyms: frozenset[str] = frozenset()
    pronouns: dict[str, str] = field(default_factory=dict)  # pronoun -> person | plural | self
    cues: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)  # form -> ((cat, pos), ...)
    cue_bigrams: dict[tuple[str, str], tuple[tuple[str, str], ...]] = field(default_factory=dict)
    passive_aux: frozenset[str] = frozenset()
    stop: frozenset[str] = frozenset()
    nonperson: frozenset[str] = frozenset()
    adjectives: frozenset[str] = frozenset()
    speech: frozenset[str] = frozenset()

    def head_of(self, word: str) -> tuple[str, tuple[str, str, str]] | None:
        """``(lemma, (category, subcategory, number))`` when a lower-case word is a stakeholder
        head (as written or as the singular of a regular plural), else None."""
        hit = self.heads.get(word)
        if hit is not None:
            return word, hit
        for lemma in lemmas(word)[1:]:
            hit = self.heads.get(lemma)
            if hit is not None:
                return lemma, hit
        return None


def _add_cue(table: dict, form: str, value: tuple[str, str]) -> None:
    old = table.get(form, ())
    if value not in old:
        table[form] = old + (value,)


def build_role_lexicon(frame: pd.DataFrame) -> RoleLexicon:
    """A :class:`RoleLexicon` from the rows of a role lexicon frame."""
    lex = RoleLexicon()
    demonyms, passive, stop, nonperson, adjectives, honorifics, speech = (set() for _ in range(7))
    cues: dict[str, tuple] = {}
    bigrams: dict[tuple[str, str], tuple] = {}
    for row in frame.itertuples(index=False):
        term, kind = _key(row.term), row.kind
        cat, sub = row.category or "", row.subcategory or ""
        number = getattr(row, "number", "") or ""
        toks = tuple(term.split())
        if kind == "head":
            lex.subcategories.setdefault(term, sub)
            if len(toks) == 1:
                lex.heads.setdefault(term, (cat, sub, number))
            else:
                lex.compounds.setdefault(toks[0], {})[toks] = (cat, sub, number)
        elif kind == "name":
            lex.names.setdefault(term, cat)
        elif kind == "place":
            lex.places.add(term)
            lex.names.setdefault(term, cat)
        elif kind == "title":
            lex.titles.setdefault(tuple(t.rstrip(".") for t in toks), cat)
            if sub == "person":
                honorifics.add(term.rstrip("."))
        elif kind == "demonym":
            demonyms.add(term.rstrip("."))
        elif kind == "pronoun":
            lex.pronouns[term] = cat
        elif kind == "cue":
            forms = inflect(toks[-1]) if sub == "verb" else [toks[-1], singular(toks[-1])]
            for form in forms:
                if len(toks) == 1:
                    _add_cue(cues, form, (cat, sub))
                elif len(toks) == 2:
                    _add_cue(bigrams, (toks[0], form), (cat, sub))
        elif kind == "passive":
            passive.add(term)
        elif kind == "stop":
            stop.add(term)
        elif kind == "nonperson":
            nonperson.add(term)
        elif kind == "adjective":
            adjectives.add(term)
        elif kind == "speech":
            speech.add(term)
    lex.demonyms = frozenset(demonyms)
    lex.passive_aux = frozenset(passive)
    lex.stop = frozenset(stop)
    lex.nonperson = frozenset(nonperson)
    lex.person_titles = frozenset(honorifics)
    lex.titles_first = frozenset(t[0] for t in lex.titles)
    lex.adjectives = frozenset(adjectives)
    lex.speech = frozenset(speech)
    lex.cues, lex.cue_bigrams = cues, bigrams
    return lex


@lru_cache(maxsize=4)
def _cached(path: str, mtime: float) -> RoleLexicon:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return build_role_lexicon(frame)


def role_lexicon(path: str | Path = ROLES_LEXICON) -> RoleLexicon:
    """The role lexicon at ``path`` (default: the shipped ``roles.csv``), read once per change."""
    p = Path(path)
    return _cached(str(p), p.stat().st_mtime)
