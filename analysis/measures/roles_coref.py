"""Mentions merged into entities by the rules listed in :mod:`analysis.measures.roles_entities`
(names and short forms, acronyms, same-head noun phrases, definite descriptions, pronouns, the
publisher's own names)."""

from __future__ import annotations

import re

from analysis.measures.roles_entities import Entity, Mention, Tokens
from analysis.measures.roles_lexicon import RoleLexicon

_NON_WORD = re.compile(r"[^\w\s]")


def name_key(text: str) -> str:
    """Lower case, no punctuation, no leading "the", single spaces: "The People’s Mojahedin" ->
    "people s mojahedin"."""
    key = " ".join(_NON_WORD.sub(" ", text.lower().replace("’", "'").replace("'s", " ")).split())
    return key.removeprefix("the ")


def _initials(tokens) -> str:
    return "".join(t[0] for t in tokens if t and t not in ("of", "the", "and", "for", "&", "on", "de", "al"))


def self_keys(self_names) -> tuple[set[str], set[str]]:
    """Name keys and acronyms of the publisher's own names (``self_names``)."""
    keys, acronyms = set(), set()
    for raw in self_names or ():
        name = str(raw).strip()
        if not name:
            continue
        for part in re.split(r"[()/]", name):
            part = part.strip()
            if not part:
                continue
            if re.fullmatch(r"[A-Z][A-Z0-9\-]{1,7}", part):
                acronyms.add(part.lower())
            else:
                keys.add(name_key(part))
    keys.discard("")
    return keys, acronyms


class _Merger:
    def __init__(self, toks: Tokens, lex: RoleLexicon, self_names=()):
        self.t, self.lex = toks, lex
        self.entities: list[Entity] = []
        self.self_keys, self.self_acronyms = self_keys(self_names)
        self.self_entity: Entity | None = None
        self.keys: dict[int, set[str]] = {}  # name keys of each entity's name mentions

    def own(self) -> Entity:
        if self.self_entity is None:
            # no stakeholder category: the training corpus has no publisher speaking of itself,
            # so its role comes from the cues around its mentions, not from a category prior
            self.self_entity = Entity(kind="self", category="", is_self=True, plural=True)
            self.entities.append(self.self_entity)
        return self.self_entity

    def is_self(self, m: Mention) -> bool:
        if not (self.self_keys or self.self_acronyms):
            return False
        if m.kind == "name" and len(m.tokens) == 1 and m.tokens[0] in self.self_acronyms:
            return True
        if any(a.lower() in self.self_acronyms for a in m.aliases):
            return True
        return name_key(m.name) in self.self_keys or name_key(m.surface) in self.self_keys

    def recent(self, pred, since: int = -1) -> Entity | None:
        best = None
        for e in self.entities:
            if e.last_sent >= since and pred(e) and (best is None or e.mentions[-1].i > best.mentions[-1].i):
                best = e
        return best

    def place(self, m: Mention) -> None:
        if m.kind == "pronoun":
            target = self.pronoun(m)
            if target is not None:
                target.add(m)
            return
        if self.is_self(m):
            self.own().add(m)
            return
        target = self.name(m) if m.kind == "name" else self.noun(m)
        if target is None:
            target = Entity(kind=m.kind, category=m.category)
            self.entities.append(target)
        target.add(m)
        if m.kind == "name":
            self.keys.setdefault(id(target), set()).add(name_key(m.name))

    def name(self, m: Mention) -> Entity | None:
        toks = set(m.tokens)
        single = len(m.tokens) == 1
        if single and m.name.replace(".", "").isupper():
            acro = m.tokens[0].replace(".", "")
            hit = self.recent(lambda e: e.kind == "name" and acro in {a.lower() for a in e.acronyms})
            if hit is None:
                hit = self.recent(lambda e: e.kind == "name" and len(e.tokens) > 1 and _initials(_ordered(e)) == acro)
            if hit is not None:
                return hit
        key = name_key(m.name)
        same = self.recent(lambda e: e.kind == "name" and key in self.keys.get(id(e), ()))
        if same is not None:
            return same
        # a short form of an earlier person's name ("Bolsonaro", "Mr Bolsonaro" -> "Jair Bolsonaro")
        hit = self.recent(lambda e: e.kind == "name" and e.person and toks <= e.tokens)
        if hit is None and single:
            hit = self.recent(lambda e: e.kind == "name" and toks <= e.tokens and m.tokens[0] == _last(e))
        if hit is not None:
            return hit
        if m.person:  # a fuller form of an earlier one-word name ("Trump" ... "Donald Trump")
            return self.recent(lambda e: e.kind == "name" and len(e.tokens) == 1 and e.tokens <= toks)
        return None

    def noun(self, m: Mention) -> Entity | None:
        """Same head and same distinguishing modifiers; a bare definite phrase ("the regime")
        joins the latest entity with its head, a modified one joins a bare earlier one; a bare
        definite singular may name an earlier body ("the agency") or office holder ("the president")."""
        mods = m.mods

        def same_head(e: Entity) -> bool:
            # things ("fossil fuel" / "fossil fuels", "drought" / "droughts") merge across number;
            # people and bodies do not ("the state" / "the states")
            return e.kind == "noun" and m.head in e.heads and (e.plural == m.plural or m.thing)

        if not mods and m.definite:
            hit = self.recent(same_head)
        else:
            hit = self.recent(lambda e: same_head(e) and e.mods == mods)
        if hit is None and mods:
            hit = self.recent(lambda e: same_head(e) and not e.mods)
        if hit is not None:
            return hit
        if not mods and m.definite and not m.plural:
            hit = self.recent(lambda e: e.kind in ("name", "self") and bool(e.tokens) and _last(e) == m.head)
            if hit is None:
                hit = self.recent(lambda e: e.kind == "name" and m.head in e.titles)
            return hit
        return None

    def pronoun(self, m: Mention) -> Entity | None:
        kind = m.head
        if kind == "person":
            return self.recent(lambda e: e.person and not e.plural, since=m.sent - 2)
        if kind == "plural":
            return self.recent(lambda e: e.plural and not e.is_self, since=m.sent - 1)
        if kind == "self" and not m.quote and (self.self_keys or self.self_acronyms):
            return self.own()
        return None


def _ordered(e: Entity) -> list[str]:
    longest = max((m for m in e.mentions if m.kind == "name"), key=lambda m: len(m.tokens), default=None)
    return list(longest.tokens) if longest is not None else []


def _last(e: Entity) -> str:
    toks = _ordered(e)
    return toks[-1] if toks else ""


def canonical_name(e: Entity) -> str:
    """The entity's display name: the publisher's first name for the self entity; the longest name
    without title for a named entity; for a noun entity the fullest phrase (most modifiers,
    earliest) without its determiner."""
    if e.is_self:
        return e.name
    named = [m for m in e.mentions if m.kind == "name"]
    if named:
        best = max(named, key=lambda m: (len(m.tokens), -m.i))
        return best.name
    nouns = [m for m in e.mentions if m.kind == "noun"]
    if not nouns:
        return e.mentions[0].surface if e.mentions else ""
    best = max(nouns, key=lambda m: (len(m.mods), -m.i))
    return best.name


def merge_mentions(mentions: list[Mention], toks: Tokens, lex: RoleLexicon, self_names=()) -> list[Entity]:
    """Entities of a document from its mentions (in text order), by the merge rules of
    :mod:`analysis.measures.roles_entities`. Entities with only pronoun mentions do not exist:
    an unresolved pronoun is dropped. The self entity is named after ``self_names[0]``."""
    merger = _Merger(toks, lex, self_names)
    for m in mentions:
        merger.place(m)
    out = [e for e in merger.entities if e.mentions]
    for e in out:
        e.name = (str(next(iter(self_names))) if e.is_self and self_names else "") or canonical_name(e)
    return out
