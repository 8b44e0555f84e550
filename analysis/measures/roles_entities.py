"""The entities of a document: mentions found with simple rules, merged into entities.

No parser is installed, so candidates come from three surface patterns (after the stakeholder
categories of Frermann et al. 2023, whose annotators extracted people, organisations, states,
"the public", nature, policies ...):

* **names**: runs of capitalised words ("Jair Bolsonaro", "Environmental Protection Agency",
  "People's Mojahedin Organization of Iran"), joined over "of", "for", "and", "&", "de", "al";
  a sentence-initial function word ("The", "But") is not a name, nor a sentence-initial word
  written in lower case elsewhere, shaped like an adverb or participle, or a cue word ("Coming",
  "Hence Trump"); in a title-case headline a verb cue or reporting verb ends a name ("Elizabeth
  Warren Promises ...", "Trump Saved ..."), and inside a title-case
  headline a word written in lower case elsewhere in the document is not a name word ("Warren
  Promises Day One Executive Order on Fossil Fuel Leases"); runs of three or more all-caps
  words (shouted headlines) are skipped. Titles before a name ("President", "Rep.", "activist")
  are stripped and kept; a name followed by a stakeholder noun ("Trump administration", "Camp
  Liberty residents") becomes that noun's modifier.
* **stakeholder noun phrases**: a head noun of the role lexicon (``kind=head``: "residents",
  "regime", "companies", "climate change") with up to three modifiers before it (demonyms,
  names, adjectives, possessives: "the mullahs' regime", "vulnerable Camp Liberty residents")
  and an "of" + name after it ("residents of Camp Liberty").
* **pronouns**: he/she, they, we.

Mentions are merged into entities in text order by these rules (first that applies):

1. a name equal to, contained in or containing an earlier person's or organisation's name:
   "Bolsonaro" and "Mr Bolsonaro" -> "Jair Bolsonaro"; "Donald Trump" after "Trump";
2. an acronym given in brackets after a name, or equal to the initials of an earlier name:
   "EPA" -> "Environmental Protection Agency";
3. a noun phrase with the same head, the same number (things may differ: "fossil fuel" and
   "fossil fuels") and the same distinguishing modifiers (demonyms, names, possessives, nouns),
   or a bare definite one ("the regime" -> "the Iranian regime");
4. a bare definite noun equal to the last word of an earlier name or to an earlier person's title:
   "the agency" -> "the Environmental Protection Agency", "the president" -> "Donald Trump";
5. he/she/him/his/her -> the most recent person entity in this or the two sentences before;
   they/them/their -> the most recent plural entity in this or the sentence before;
6. the publisher's own names (``self_names``: name, acronym, aliases) -> one "self" entity, and
   we/us/our outside quotations -> that entity too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analysis.corpus.sentences import ABBREVIATIONS
from analysis.measures.roles_lexicon import RoleLexicon, lemmas, singular

#: Words (letters/digits with internal apostrophes, hyphens, dots, ampersands) and single
#: punctuation marks.
TOKEN_RE = re.compile(r"[^\W_]+(?:[’'\-.&][^\W_]+)*\.?|[^\w\s]", re.UNICODE)
_POSSESSIVE = re.compile(r"[’']s?$", re.IGNORECASE)
_C1 = re.compile(r"[\u0080-\u009f]")
#: Lower-case words that may join two capitalised words into one name.
NAME_JOINERS = frozenset({"of", "for", "&", "de", "del", "da", "al", "bin", "on", "the"})
#: Determiners that make a noun phrase definite.
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_ACRONYM = re.compile(r"^(?:[A-Z]\.){2,}$|^[A-Z][A-Z0-9&\-]{1,6}$")
_DEMONYM_PLURAL = re.compile(r"(?:ians|ans|ers|ites|eses|ese)$")
_KEEPS_STOP = re.compile(r"\.[^\W_]|^[^\W_]\.$")  # "U.S.", "J."
_ARABIC_CAP = re.compile(r"^(?:al|el|ad|as|ash|an|ar|bin|ibn|abu|abd)-[A-Z]")
#: Adjective endings that let a lower-case word stay in a stakeholder noun phrase.
_ADJECTIVE = re.compile(r"(?:al|ic|ive|ous|ful|less|able|ible|ian|an|ese|ary|ist)$")
#: Words after which a plural-looking head is a verb when no determiner precedes it ("the
#: regime plans another massacre", "Iranian regime orders Qods Force ...").
VERB_NEXT = frozenset("a an the another its their his her this these those".split())
_DETERMINER_BEFORE = frozenset("a an the this that these those its their his her our my your".split())
#: Words after which a head noun is a verb ("they target", "we plan", "will act").
VERB_CONTEXT = frozenset(
    "will would can could may might must shall should did does do not never i you he she it we they".split()
)
#: Plural demonyms that name a public ("Americans", "Californians").
QUOTE_OPEN, QUOTE_CLOSE, QUOTE_BOTH = "“«", "”»", '"'


@dataclass
class Tokens:
    """A document's tokens as parallel lists (offsets into the text, sentence index, flags)."""

    text: list[str]
    low: list[str]
    start: list[int]
    end: list[int]
    sent: list[int]
    cap: list[bool]
    word: list[bool]
    poss: list[bool]
    quote: list[bool]
    sent_first: list[int]  # index of each sentence's first token
    sent_end: list[int]  # index after each sentence's last token

    def mid_caps(self) -> set[str]:
        """Lower-case forms of the words capitalised somewhere other than a sentence start."""
        firsts = set(self.sent_first)
        return {self.low[i] for i in range(len(self.low)) if self.cap[i] and i not in firsts}

    def lower_words(self) -> set[str]:
        """Words written in lower case somewhere in the document."""
        return {w for w, c, is_word in zip(self.low, self.cap, self.word) if is_word and not c}


def tokenize(text: str, bounds) -> Tokens:
    """Tokens of ``text`` sentence by sentence (``bounds``: sentence ``(start, end)`` offsets).
    Possessive 's is cut from a word and flagged; a token is inside a quotation after an opening
    double quote and until the closing one (straight quotes toggle)."""
    out = Tokens([], [], [], [], [], [], [], [], [], [], [])
    inside = False
    for si, (s0, s1) in enumerate(bounds):
        out.sent_first.append(len(out.text))
        for m in TOKEN_RE.finditer(text, s0, s1):
            tok = m.group()
            start, end = m.span()
            if tok in QUOTE_OPEN:
                inside = True
                continue
            if tok in QUOTE_CLOSE:
                inside = False
                continue
            if tok == QUOTE_BOTH:
                inside = not inside
                continue
            is_word = tok[0].isalnum()
            poss = False
            if is_word and len(tok) > 2 and _POSSESSIVE.search(tok) and tok[-2:].lower() in ("'s", "’s"):
                tok, poss = tok[:-2], True
                end -= 2
            if is_word and tok.endswith(".") and not _KEEPS_STOP.search(tok) and tok[:-1].lower() not in ABBREVIATIONS:
                tok, end = tok[:-1], end - 1  # a full stop that ends the sentence, not "Rep." or "U.S."
            low = _C1.sub("", tok.lower()).replace("’", "'")
            out.text.append(tok)
            out.low.append(low)
            out.start.append(start)
            out.end.append(end)
            out.sent.append(si)
            out.cap.append(is_word and (tok[0].isupper() or bool(_ARABIC_CAP.match(tok))))
            out.word.append(is_word)
            out.poss.append(poss)
            out.quote.append(inside)
        # a word followed by a lone apostrophe ("mullahs’ regime") is possessive
        for i in range(out.sent_first[-1], len(out.text) - 1):
            if out.word[i] and out.low[i].endswith("s") and out.text[i + 1] in ("’", "'"):
                out.poss[i] = True
        out.sent_end.append(len(out.text))
    return out


@dataclass
class Mention:
    """One mention: token span ``[i, j)`` in sentence ``sent``; ``kind`` is ``name``, ``noun``
    or ``pronoun``; ``head`` the lower-case head lemma (a name's last word); ``mods`` the
    distinguishing modifiers; ``surface`` the text as written (with title), ``name`` without it."""

    i: int
    j: int
    sent: int
    kind: str
    head: str
    surface: str
    name: str
    category: str = ""
    mods: frozenset[str] = frozenset()
    plural: bool = False
    person: bool = False
    title: str = ""
    definite: bool = False
    quote: bool = False
    thing: bool = False
    aliases: tuple[str, ...] = ()
    tokens: tuple[str, ...] = ()


@dataclass
class Entity:
    """Mentions merged into one entity, with its category and canonical name."""

    kind: str
    category: str
    mentions: list[Mention] = field(default_factory=list)
    tokens: set[str] = field(default_factory=set)
    heads: set[str] = field(default_factory=set)
    mods: frozenset[str] = frozenset()
    titles: set[str] = field(default_factory=set)
    acronyms: set[str] = field(default_factory=set)
    person: bool = False
    plural: bool = False
    is_self: bool = False
    name: str = ""
    last_sent: int = -1

    def forms(self) -> list[str]:
        """Every non-pronoun way the text names this entity (with and without titles)."""
        seen: dict[str, None] = {}
        for m in self.mentions:
            if m.kind != "pronoun":
                seen[m.surface] = None
                seen[m.name] = None
        for a in self.acronyms:
            seen[a] = None
        return [f for f in seen if f]

    def add(self, m: Mention) -> None:
        self.mentions.append(m)
        self.last_sent = m.sent
        if m.kind == "name":
            self.tokens.update(m.tokens)
            self.acronyms.update(m.aliases)
            if m.title:
                self.titles.add(m.title.split()[-1])
            if not self.category and m.category and not self.is_self:
                self.category = m.category
            if m.person and not self.is_self:
                self.person = True
        if m.kind == "noun":
            self.heads.add(m.head)
            if len(m.mods) > len(self.mods):
                self.mods = m.mods
            if m.plural:
                self.plural = True
            if not self.category and m.category and not self.is_self:
                self.category = m.category


def _strip_det(words: list[str], lex: RoleLexicon) -> list[str]:
    while words and words[0].lower() in lex.stop:
        words = words[1:]
    return words


class _Finder:
    """Mention finder for one document (see the module docstring)."""

    def __init__(self, text: str, toks: Tokens, lex: RoleLexicon):
        self.text, self.t, self.lex = text, toks, lex
        self.used = [False] * len(toks.text)
        self.mentions: list[Mention] = []
        self.mid_caps = toks.mid_caps()
        self.lower_words = toks.lower_words()
        self.title_case = [self.is_title_case(a, b) for a, b in zip(toks.sent_first, toks.sent_end)]

    def is_title_case(self, a: int, b: int) -> bool:
        """A title-case headline: at least five words, three in four of them capitalised."""
        words = [q for q in range(a, b) if self.t.word[q] and self.t.low[q] not in self.lex.stop]
        return len(words) >= 5 and sum(self.t.cap[q] for q in words) >= 0.75 * len(words)

    def capital(self, q: int, si: int) -> bool:
        """Token ``q`` counts as capitalised: in a title-case headline only when the word is
        never written in lower case elsewhere in the document."""
        t = self.t
        if not t.cap[q]:
            return False
        return not (self.title_case[si] and t.low[q] in self.lower_words)

    def span(self, i: int, j: int) -> str:
        return self.text[self.t.start[i] : self.t.end[j - 1]]

    def run(self) -> list[Mention]:
        t = self.t
        for si, (a, b) in enumerate(zip(t.sent_first, t.sent_end)):
            i = a
            while i < b:
                nxt = self.compound(i, b, si) or self.name(i, b, si) or self.noun(i, b, si) or self.pronoun(i, si)
                i = nxt if nxt else i + 1
        self.mentions.sort(key=lambda m: m.i)
        return self.mentions

    # --- mention kinds -------------------------------------------------------------------
    def compound(self, i: int, b: int, si: int) -> int:
        """A multi-word stakeholder head ("climate change", "public health") at ``i``."""
        t, lex = self.t, self.lex
        table = lex.compounds.get(t.low[i])
        if not table:
            return 0
        best = None
        for toks, entry in table.items():
            n = len(toks)
            if i + n <= b and all(t.low[i + k] == toks[k] for k in range(n - 1)):
                last = t.low[i + n - 1]
                if toks[-1] in lemmas(last) and (best is None or n > len(best[0])):
                    best = (toks, entry, last != toks[-1])
        if best is None:
            return 0
        toks, (cat, _sub, number), plural = best
        j = i + len(toks)
        return self.noun(j - 1, b, si, compound=(i, " ".join(toks), cat, plural or number == "plural"))

    def name(self, i: int, b: int, si: int) -> int:
        """A capitalised name at ``i`` (see the module docstring); 0 when there is none or when
        the run is the modifier of a stakeholder noun that :meth:`noun` takes."""
        t, lex = self.t, self.lex
        if not self.capital(i, si) or self.used[i]:
            return 0
        if self.title_case[si] and (t.low[i] in lex.speech or self.is_verb_cue(t.low[i])):
            return 0  # a verb of a title-case headline ("... Order on Fossil Fuel Leases, Pledges to ...")
        if (t.low[i] in lex.stop or t.low[i] in lex.pronouns) and not (t.text[i].isupper() and len(t.text[i]) > 1):
            return 0
        j = i
        while j < b and t.word[j] and not self.used[j]:
            if self.title_case[si] and j > i and (t.low[j] in lex.speech or self.is_verb_cue(t.low[j])):
                break  # "Elizabeth Warren Promises ...": a verb of a title-case headline ends the name
            if self.capital(j, si) and (t.low[j] not in lex.stop or t.text[j].isupper() and len(t.text[j]) > 1):
                j += 1
                if t.poss[j - 1] and not (t.low[j - 1] == "people" and j < b and t.cap[j]):
                    break  # a possessive ends a name, but "People's" begins one ("People's Mojahedin")
            elif (
                t.low[j] in NAME_JOINERS
                and j > i
                and j + 1 < b
                and self.capital(j + 1, si)
                and t.low[j + 1] not in lex.stop
                and (t.low[j] != "the" or t.low[j - 1] == "of")
                and (t.low[j] in ("the", "&", "de", "del", "da", "al", "bin") or self.body_word(t.low[j - 1]))
            ):
                j += 1
            elif t.low[j] == "the" and t.low[j - 1] == "of" and j + 1 < b and t.cap[j + 1]:
                j += 1
            else:
                break
        while j > i and (not self.capital(j - 1, si) or t.low[j - 1] in lex.cues or t.low[j - 1] in lex.speech):
            j -= 1  # a trailing joiner, or a verb of a title-case headline ("Trump Saved ...")
        if j - i > 1 and i == t.sent_first[si] and t.low[i] not in self.mid_caps and self.common_word(t.low[i]):
            i += 1  # "Hence Trump": a sentence-initial common word
            while i < j and not t.cap[i]:
                i += 1
        if j <= i:
            return 0
        words = t.text[i:j]
        if len(words) >= 3 and all(w.isupper() and len(w) > 1 for w in words):
            return j  # a shouted headline, not a name
        if j - i == 1 and i == t.sent_first[si] and not _ACRONYM.match(t.text[i]) and t.low[i] not in self.mid_caps:
            if self.common_word(t.low[i]):
                return 0  # "Coming", "Hence": capitalised only because it starts the sentence
        # titles and demonyms in front; a lower-case title just before ("activist Greta Thunberg")
        k, title, tcat, mods = i, "", "", []
        if i - 1 >= t.sent_first[si] and (t.low[i - 1].rstrip("."),) in lex.titles and not self.used[i - 1]:
            title = t.low[i - 1].rstrip(".")
            tcat = lex.titles[(title,)]
        while k + 1 < j:
            two = (t.low[k].rstrip("."), t.low[k + 1].rstrip("."))
            if k + 2 < j and two in lex.titles:
                title, tcat, k = " ".join(two), lex.titles[two] or tcat, k + 2
            elif (two[0],) in lex.titles:
                title, tcat, k = two[0], lex.titles[(two[0],)] or tcat, k + 1
            elif two[0] in lex.demonyms:
                mods.append(two[0])
                k += 1
            else:
                break
        name_words = list(t.low[k:j])
        full = " ".join(name_words)
        if all(w.rstrip(".") in lex.demonyms for w in name_words) and full not in lex.places:
            return j  # "Iraqi", "U.S." alone: an adjective
        known = full in lex.names or full.removeprefix("the ") in lex.names
        # name + stakeholder noun ("Trump administration", "Camp Liberty residents"), or a
        # capitalised plural noun ("Opposition MPs", "Democrats"): noun() takes it
        if j < b and not t.poss[j - 1] and not t.cap[j] and t.word[j] and t.low[j] not in lex.stop:
            if lex.head_of(t.low[j]) is not None and not self.verb_like(j, b, si):
                return 0
        last = lex.head_of(name_words[-1])
        if not known and last is not None and (last[0] != name_words[-1] or last[1][2] == "plural"):
            if not t.text[j - 1].isupper() or len(t.text[j - 1]) > 4:
                return 0
        if j - k == 1 and not known and last is not None and not t.text[k].isupper():
            return 0  # a single capitalised stakeholder noun ("Scientists", "Government")
        aliases, e = self.aliases(j, b)
        cat = lex.names.get(full) or lex.names.get(full.removeprefix("the ")) or ""
        is_org = last is not None and last[1][1] in ("organisation", "place", "thing")
        if not cat and last is not None:
            cat = last[1][0]
        plural_demonym = j - k == 1 and bool(_DEMONYM_PLURAL.search(name_words[0])) and not known
        if not cat and plural_demonym:
            cat = "public"
        acronym = j - k == 1 and bool(_ACRONYM.match(t.text[k]))
        nonperson = name_words[0] in lex.nonperson or name_words[-1] in lex.nonperson
        person = bool(title) and (tcat != "" or title in lex.person_titles)
        if not person and not (cat or known or acronym or is_org or plural_demonym or nonperson):
            person = 2 <= j - k <= 4 or bool(title)
        if not cat and tcat:
            cat = tcat
        for q in range(min(i, k), e):
            self.used[q] = True
        self.mentions.append(
            Mention(
                i=k,
                j=j,
                sent=si,
                kind="name",
                head=singular(name_words[-1]),
                surface=self.span(i - (1 if title and i - 1 >= 0 and t.low[i - 1].rstrip(".") == title else 0), j),
                name=self.span(k, j),
                category=cat,
                mods=frozenset(mods),
                plural=plural_demonym or (j - k == 1 and name_words[0].endswith("s") and cat == "government"),
                person=person,
                title=title,
                quote=t.quote[k],
                aliases=tuple(aliases),
                tokens=tuple(name_words),
            )
        )
        return e

    def common_word(self, w: str) -> bool:
        """A word that is capitalised only because it starts a sentence: written in lower case
        elsewhere in the document, shaped like an adverb or participle, or a cue or reporting word."""
        lex = self.lex
        return (
            w in self.lower_words
            or w.endswith(("ly", "ing", "ed"))
            or w in lex.cues
            or w in lex.speech
            or w in lex.stop
        )

    def is_verb_cue(self, w: str) -> bool:
        return any(pos == "verb" for _cat, pos in self.lex.cues.get(w, ()))

    def verb_like(self, q: int, b: int, si: int) -> bool:
        """A head word in -s that reads as a verb: followed by a determiner, "to" or a name, and
        not itself after a determiner ("the regime plans another massacre", "regime orders Qods
        Force", but "the plans to ...")."""
        t = self.t
        w = t.low[q]
        if not w.endswith("s") or w.endswith("ss") or q + 1 >= b:
            return False
        if not (t.low[q + 1] in VERB_NEXT or (t.cap[q + 1] and t.word[q + 1])):
            return False
        return not (q - 1 >= t.sent_first[si] and (t.low[q - 1] in _DETERMINER_BEFORE or t.poss[q - 1]))

    def body_word(self, low: str) -> bool:
        """A word after which "of"/"for"/"on" continue a name: a body, place or title word
        ("Department of", "Center for", "Secretary of")."""
        hit = self.lex.head_of(low)
        return low in self.lex.nonperson or (low,) in self.lex.titles or (hit is not None and hit[1][1] != "person")

    def aliases(self, j: int, b: int) -> tuple[list[str], int]:
        """Acronyms in brackets right after a name ("(EPA)", "(PMOI/MEK)") and the index after them."""
        t = self.t
        if not (j + 2 < b and t.text[j] in "(["):
            return [], j
        q, found = j + 1, []
        while q < b and (t.word[q] and _ACRONYM.match(t.text[q]) or t.text[q] in "/,"):
            if t.word[q]:
                found.append(t.text[q].replace(".", ""))
            q += 1
        if found and q < b and t.text[q] in ")]":
            return found, q + 1
        return [], j

    def noun(self, i: int, b: int, si: int, compound=None) -> int:
        """A stakeholder noun phrase whose head is at ``i`` (or ends at ``i`` for a compound)."""
        t, lex = self.t, self.lex
        if self.used[i] or not t.word[i]:
            return 0
        if compound is not None:
            first, head, cat, plural = compound
            if any(self.used[first:i]):
                return 0
        else:
            hit = lex.head_of(t.low[i])
            if hit is None:
                return 0
            first = i
            if self.verb_like(i, b, si):
                return 0
            # a compound of heads ("oil companies", "drinking water supplies"): the last is the head
            while i + 1 < b and not t.poss[i] and t.word[i + 1] and not t.cap[i + 1] and not self.used[i + 1]:
                nxt = lex.head_of(t.low[i + 1]) if t.low[i + 1] not in lex.stop else None
                if nxt is None or self.verb_like(i + 1, b, si):
                    break
                i, hit = i + 1, nxt
            head, (cat, _sub, number) = hit
            plural = number == "plural" or head != t.low[i]
            if first == i and not plural and first > t.sent_first[si] and t.low[first - 1] in VERB_CONTEXT:
                return 0  # "they target", "we plan": a verb
            if not plural and i + 1 < b and t.cap[i + 1] and t.low[i + 1] not in lex.stop and not t.poss[i]:
                return 0  # "the terrorist Quds Force", "activist Greta Thunberg": name() takes the name
        # modifiers before the phrase
        k = first
        while k - 1 >= t.sent_first[si] and first - (k - 1) <= 3:
            q, low = k - 1, t.low[k - 1]
            if not t.word[q] or low in lex.stop or low in lex.pronouns or low.isdigit():
                break
            if self.used[q] and not t.poss[q]:
                break
            if self.title_case[si] and (self.is_verb_cue(low) or low in lex.speech):
                break
            if not (
                t.cap[q]
                or t.poss[q]
                or low.rstrip(".") in lex.demonyms
                or low in lex.adjectives
                or lex.head_of(low) is not None
                or _ADJECTIVE.search(low)
                or ("-" in low and not low.endswith("ly"))
            ):
                break
            k = q
        mods = [
            t.low[q].rstrip(".")
            for q in range(k, first)
            if t.cap[q] or t.poss[q] or t.low[q].rstrip(".") in lex.demonyms or lex.head_of(t.low[q]) is not None
        ]
        if compound is None:
            mods.extend(t.low[q] for q in range(first, i))
        end = i + 1
        # "residents of Camp Liberty", "people of Brazil" (not "the order of Iranian regime's ...")
        if end + 1 < b and t.low[end] == "of":
            q = end + 1 + (t.low[end + 1] == "the")
            r = q
            while r < b and t.cap[r] and t.word[r] and t.low[r] not in lex.stop and not t.poss[r]:
                r += 1
            modifier = r < b and (t.poss[r] or (t.word[r] and not t.cap[r] and lex.head_of(t.low[r]) is not None))
            demonyms = all(t.low[x].rstrip(".") in lex.demonyms for x in range(q, r))
            if r > q and r - q <= 5 and not any(self.used[q:r]) and not modifier and not demonyms:
                mods.extend(t.low[q:r])
                end = r
        definite = k - 1 >= t.sent_first[si] and t.low[k - 1] in DEFINITE
        for q in range(k, end):
            self.used[q] = True
        self.mentions.append(
            Mention(
                i=k,
                j=end,
                sent=si,
                kind="noun",
                head=head,
                surface=self.span(k - 1 if definite else k, end),
                name=self.span(k, end),
                category=cat or "",
                mods=frozenset(mods),
                plural=bool(plural),
                person=lex.subcategories.get(head, "") == "person" and not plural,
                thing=lex.subcategories.get(head, "") in ("thing", "hazard"),
                definite=definite,
                quote=t.quote[i],
                tokens=tuple(t.low[k:end]),
            )
        )
        return end

    def pronoun(self, i: int, si: int) -> int:
        t = self.t
        kind = self.lex.pronouns.get(t.low[i])
        if kind is None or self.used[i] or not t.word[i] or t.text[i] == "US":
            return 0
        self.used[i] = True
        self.mentions.append(
            Mention(
                i=i, j=i + 1, sent=si, kind="pronoun", head=kind, surface=t.text[i], name=t.text[i], quote=t.quote[i]
            )
        )
        return i + 1


def find_mentions(text: str, toks: Tokens, lex: RoleLexicon) -> list[Mention]:
    """Name, stakeholder-noun and pronoun mentions of a tokenised document, in text order."""
    return _Finder(text, toks, lex).run()
