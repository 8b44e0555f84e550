"""Voice, subjects, objects and *by*-agents of a verb in one part-of-speech-tagged sentence.

Rules over Penn Treebank tags (:mod:`analysis.measures.pos_tags`) in the tradition of shallow
passive detection (the *be*/*get* + past participle pattern of Quirk et al. 1985 sections 3.63-3.79;
reduced relatives and the agentive *by*-phrase, Biber et al. 1999 section 6.4), with noun phrases
found as runs of determiner, adjective, number, noun and possessive tokens (base NP chunking,
Ramshaw & Marcus 1995) extended over *of*-phrases and coordination. What counts as a passive,
an agent and a patient is the guideline ``docs/agency-gold.md``.

Every function takes a :class:`Tagged` sentence and token indices; nothing here knows about harm.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "Tagged",
    "repair_tags",
    "BE",
    "GET",
    "np_left",
    "np_right",
    "passive_aux",
    "is_prenominal",
    "has_object",
    "subject",
    "by_agent",
    "verb_voice",
]

BE = frozenset("be is are was were been being am 're ’re 'm ’m".split())
GET = frozenset("get gets got gotten getting".split())
_HAVE = frozenset("have has had having 've ’ve".split())
_AUX_ACTIVE = _HAVE | frozenset("will would can could may might must shall should did does do 'll ’ll 'd ’d".split())
_NEG_ADV = frozenset(
    "not n't n’t never also reportedly allegedly apparently subsequently later then just already still".split()
)
NUMBER_WORDS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
    seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds
    thousand thousands million millions dozen dozens scores""".split()
)
OBJECT_PRONOUNS = frozenset(
    "him her them us me it himself herself themselves itself each everyone everybody anyone somebody someone".split()
)
#: Words after a bare participle that start an adverbial, not an object ("kidnapped last month").
TIME_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday yesterday today tonight overnight last
    earlier later this early late recently again first twice once""".split()
)
_NP_TAGS = frozenset("DT PDT PRP$ POS JJ JJR JJS NN NNS NNP NNPS CD HYPH".split())
_CLAUSE_STOP = frozenset("when while after before as because since but although though if until whereas".split())
_RELATIVE = frozenset("who which that whom".split())
#: Tags that can end a subject (or a first conjunct) before a verb: a participle after them with a
#: noun after it is a verb with its object ("militias killed residents"), not an adjective.
_SUBJECT_END = frozenset("NN NNS NNP NNPS PRP WP WDT CC EX VB VBD VBN VBZ VBP MD".split())
#: Words over which a subject noun phrase extends left ("The attack on Camp Liberty killed").
_NP_JOIN_LEFT = frozenset("of and & on in against at near from".split())


@dataclass
class Tagged:
    """One sentence: words, their Penn Treebank tags and character offsets ``(start, end)``."""

    words: list[str]
    tags: list[str]
    offsets: list[tuple[int, int]]

    def __post_init__(self):
        self.low = [w.lower() for w in self.words]

    def __len__(self) -> int:
        return len(self.words)

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Character span of tokens ``first..last`` (inclusive)."""
        return self.offsets[first][0], self.offsets[last][1]

    def is_adv(self, i: int) -> bool:
        return self.tags[i].startswith("RB") or self.low[i] in _NEG_ADV

    def is_np(self, i: int) -> bool:
        """A token that can be inside a base noun phrase."""
        w = self.low[i]
        if w in NUMBER_WORDS or w in ("'s", "’s") and self.tags[i] == "POS":
            return True
        if self.tags[i] == "PRP":
            return True
        return self.tags[i] in _NP_TAGS and w not in _RELATIVE and w not in BE and w not in _HAVE

    def is_verb(self, i: int) -> bool:
        return self.tags[i].startswith("VB") or self.tags[i] == "MD"


def repair_tags(words: list[str], tags: list[str]) -> list[str]:
    """Two corrections of the small tagger that the rules depend on: number words are CD ("killed
    seven residents"), and a plural -s word tagged as a verb between a determiner, adjective or
    proper noun and a verb is a plural noun ("IKR authorities shut down")."""
    out = list(tags)
    for k, w in enumerate(words):
        low = w.lower()
        if low in NUMBER_WORDS:
            out[k] = "CD"
        elif (
            out[k] in ("VBZ", "VBP")
            and low.endswith("s")
            and len(low) > 4
            and low not in BE | _HAVE | {"does", "says"}
            and 0 < k < len(words) - 1
            and out[k - 1] in ("NNP", "NNPS", "JJ", "DT", "NN")
            and out[k + 1] in ("VBD", "VBN", "VBZ", "MD", "RB")
        ):
            out[k] = "NNS"
    return out


def _skip_left(s: Tagged, j: int, aux: bool = False) -> int:
    """Index left of ``j`` after adverbs (and, with ``aux``, active auxiliaries and modals)."""
    while j >= 0 and (s.is_adv(j) or (aux and (s.low[j] in _AUX_ACTIVE or s.tags[j] == "MD"))):
        j -= 1
    return j


def np_left(s: Tagged, j: int) -> tuple[int, int] | None:
    """The noun phrase ending at token ``j`` (inclusive token indices), extended left over
    *of*-phrases ("the leader of an Iraqi group") and coordination of noun phrases."""
    if j < 0 or not s.is_np(j):
        return None
    k = j
    while k - 1 >= 0 and s.is_np(k - 1) and s.tags[k] != "PRP" and s.tags[k] not in ("DT", "PRP$"):
        if s.tags[k - 1] == "PRP" and s.low[k - 1] not in ("it",):
            break
        if s.low[k - 1] in ("-", "–", "—") and s.offsets[k][0] > s.offsets[k - 1][1]:
            break  # a spaced dash ("2004 - Israeli helicopters"), not a hyphen
        k -= 1
    while k - 2 >= 0 and s.low[k - 1] in _NP_JOIN_LEFT and s.is_np(k - 2) and s.tags[k - 2] != "PRP$":
        k -= 2
        while k - 1 >= 0 and s.is_np(k - 1) and s.tags[k - 1] != "PRP":
            k -= 1
    if s.tags[k] == "POS":
        return None
    if k >= 1 and s.low[k] == "least" and s.low[k - 1] == "at":
        k -= 1  # "At least 40 people"
    return k, j


def _object_start(s: Tagged, i: int) -> int:
    """Index where the object of the verb at ``i`` starts, after a particle or a resultative
    ("blew up a pipeline", "shot dead a police officer")."""
    j = i + 1
    while j < len(s) and (s.tags[j] == "RP" or s.low[j] in ("up", "down", "out", "dead")):
        j += 1
    return j


def _modifier_participle(s: Tagged, k: int, first: int) -> bool:
    """A participle inside a noun phrase, between its determiner and its noun ("a wounded Iraqi")."""
    return (
        k > first
        and s.tags[k] in ("VBN", "VBG", "VBD")
        and s.tags[k - 1] in ("DT", "PRP$", "JJ", "CD", "POS", "RB")
        and k + 1 < len(s)
        and s.tags[k + 1] in ("NN", "NNS", "NNP", "NNPS", "JJ")
    )


def np_right(s: Tagged, j: int) -> tuple[int, int] | None:
    """The noun phrase starting at token ``j``, extended right over *of*-phrases and *and* + noun phrase."""
    n = len(s)
    if j >= n or not (s.is_np(j) or s.low[j] in ("more", "at", "least", "about", "over", "some", "another", "no")):
        return None
    k = j
    if s.low[k] == "at" and k + 1 < n and s.low[k + 1] == "least":
        k += 2
    while k < n and (
        s.is_np(k)
        or s.low[k] in ("more", "than", "about", "over", "some", "another", "no", "-")
        or _modifier_participle(s, k, j)
    ):
        if k > j and (
            s.tags[k] == "PRP" or s.low[k] in TIME_WORDS or s.tags[k] == "JJ" and s.tags[k - 1].startswith("NN")
        ):
            break  # a pronoun, a time adverbial ("the army last week"), a post-nominal adjective ("militias loyal to")
        k += 1
        if s.tags[k - 1] == "PRP" and s.low[k - 1] != "it":
            break
    last = k - 1
    while last + 2 < n and s.low[last + 1] in ("of", "and") and s.is_np(last + 2) and s.low[last + 2] not in _RELATIVE:
        k = last + 2
        while k < n and s.is_np(k):
            k += 1
        last = k - 1
    if last < j:
        return None
    return j, last


def passive_aux(s: Tagged, i: int) -> int | None:
    """Index of the *be*/*get* auxiliary that makes the participle at ``i`` passive ("were
    reportedly killed", "got arrested", "has been shelled"); None when there is none."""
    j = _skip_left(s, i - 1)
    if j < 0:
        return None
    w = s.low[j]
    if w in BE and not (w in ("'s", "’s") and s.tags[j] == "POS"):
        return j
    if w in GET:
        return j
    return None


def is_prenominal(s: Tagged, i: int) -> bool:
    """True when the participle at ``i`` is an adjective: after a determiner or possessive ("the
    wounded residents", "the injured"), or between a number/adjective-less start and a noun it
    modifies ("40,000 displaced people", "detained protesters")."""
    j = _skip_left(s, i - 1)
    prev = s.tags[j] if j >= 0 else ""
    nxt = s.tags[i + 1] if i + 1 < len(s) else ""
    nxt_low = s.low[i + 1] if i + 1 < len(s) else ""
    noun_next = nxt in ("NN", "NNS", "NNPS", "JJ") or (nxt == "NNP" and nxt_low not in TIME_WORDS)
    if prev in ("DT", "PRP$", "POS", "PDT") or (j >= 0 and s.low[j] in ("the", "a", "an", "most")):
        return s.low[j] not in ("that", "all", "both")
    if noun_next and nxt_low not in TIME_WORDS and nxt_low not in OBJECT_PRONOUNS:
        return j < 0 or prev not in _SUBJECT_END or s.low[j] in NUMBER_WORDS
    return False


def has_object(s: Tagged, i: int) -> bool:
    """True when a noun phrase follows the verb at ``i`` directly (after a particle such as "up"
    or "down"): the verb is transitive and active ("killed seven residents", "detained him")."""
    j = i + 1
    while j < len(s) and (s.tags[j] == "RP" or s.low[j] in ("up", "down", "out")):
        j += 1
    if j >= len(s):
        return False
    w, t = s.low[j], s.tags[j]
    if w in _RELATIVE:
        return False
    if w in ("and", "or") and j + 1 < len(s) and s.tags[j + 1] in ("VBD", "VBN", "VB", "VBZ", "VBP"):
        return has_object(s, j + 1)  # a shared object: "tortured and abused detainees"
    if w in TIME_WORDS or w in _CLAUSE_STOP or w in ("by",):
        return False
    if w in OBJECT_PRONOUNS or w in NUMBER_WORDS or w in ("at", "more", "another", "some", "most", "all", "both"):
        return w != "at" or (j + 1 < len(s) and s.low[j + 1] == "least")
    return t in ("DT", "PDT", "PRP$", "CD", "JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS")


def _governor(s: Tagged, j: int) -> int | None:
    """The nearest verb left of ``j`` (not an auxiliary), or None."""
    k = j
    while k >= 0:
        if s.is_verb(k) and s.low[k] not in BE and s.low[k] not in _AUX_ACTIVE:
            return k
        k -= 1
    return None


def subject(s: Tagged, i: int, depth: int = 0) -> tuple[int, int] | None:
    """The subject noun phrase of the active verb at ``i``: the noun phrase left of it (after
    adverbs, auxiliaries and modals); a relative pronoun's antecedent; for an infinitive, the
    object of the governing verb ("ordered X to attack") or else its subject ("vowed to
    attack"); for a second conjunct or a participial clause, the subject of the verb before it."""
    if depth > 4:
        return None
    j = _skip_left(s, i - 1, aux=True)
    while j >= 0 and (s.low[j] in BE or s.low[j] in GET):
        j = _skip_left(s, j - 1, aux=True)  # progressive or adjectival: "were attacking", "are determined to"
    if j < 0:
        return None
    w, t = s.low[j], s.tags[j]
    if w == "," and s.tags[i] == "VBG":  # a participial clause: the subject of the finite verb before it
        f = next((k for k in range(j - 1, -1, -1) if s.tags[k] in ("VBD", "VBZ", "VBP", "MD", "VBN")), None)
        return subject(s, f, depth + 1) if f is not None else None
    if w == "to":
        k = j - 1
        obj = np_left(s, k) if k >= 0 and s.is_np(k) else None
        if obj:
            g = _skip_left(s, obj[0] - 1)
            if g >= 0 and s.is_verb(g):
                return obj
            return None
        g = _governor(s, j - 1)
        return subject(s, g, depth + 1) if g is not None else None
    if w in ("and", "or", "but", ",", "nor") or t == "CC":
        k = j - 1
        if w == "," and k >= 0 and s.low[k] in ("and", "or"):
            k -= 1
        want = {s.tags[i]} if s.tags[i].startswith("VB") else {"VBD", "VBN"}
        same = next((g for g in range(k, -1, -1) if s.tags[g] in want and s.low[g] not in BE), None)
        g = same if same is not None and s.tags[i] != "VBG" else _governor(s, k)
        if g is None:
            return None
        if s.tags[g] == "VBN" and passive_aux(s, g) is not None:
            return None
        return subject(s, g, depth + 1)
    if w in _RELATIVE or t in ("WDT", "WP"):
        k = j - 1
        if k >= 0 and s.low[k] == ",":
            k -= 1
        return np_left(s, k)
    if s.is_np(j) and t != "POS":
        return np_left(s, j)
    if s.is_verb(j) or t == "IN":
        g = _governor(s, j)
        return subject(s, g, depth + 1) if g is not None else None
    return None


def by_agent(s: Tagged, i: int, limit: int = 20) -> tuple[int, int] | None:
    """The noun phrase of an agentive *by*-phrase after the verb or noun at ``i``, within the same
    clause (not after a finite verb, a *be* form, a relative pronoun or a subordinator); "by" +
    -ing form (a means) and "by" + time ("by Monday", "by the end") do not count."""
    n = len(s)
    for k in range(i + 1, min(n, i + 1 + limit)):
        w, t = s.low[k], s.tags[k]
        if w == "by":
            if k + 1 < n and (s.tags[k + 1] == "VBG" or s.low[k + 1] in TIME_WORDS or s.low[k + 1] == "then"):
                return None
            if k + 2 < n and s.low[k + 1] == "the" and s.low[k + 2] in ("end", "time", "beginning", "middle"):
                return None
            return np_right(s, k + 1)
        if (
            w in (";", ":", ".", "according")
            or t in ("VBZ", "VBP", "MD")
            or w in BE
            or w in _RELATIVE
            or w in _CLAUSE_STOP
        ):
            return None
    return None


def verb_voice(s: Tagged, i: int, participle: bool | None = None) -> tuple[str | None, tuple | None, tuple | None]:
    """``(subcategory, agent span, patient span)`` of the verb at ``i``: ``active``,
    ``passive_with_agent`` or ``agentless_passive``; subcategory None for a participle used as an
    adjective. A participle is passive after *be*/*get* (:func:`passive_aux`), as the second
    conjunct of a passive ("was attacked and killed"), or bare with no object after it and no
    pronoun subject, *have* or modal before it (a reduced relative or headline passive: "residents
    killed in the attack", "100 injured"); this last rule assumes a transitive verb, as harm verbs
    are. ``participle`` says whether the word's form is a past participle (default: its tag)."""
    low = s.low[i]
    if participle is None:
        participle = s.tags[i] in ("VBN", "VBD", "JJ") and not low.endswith("ing")
    if participle:
        aux = passive_aux(s, i)
        coord = None
        if aux is None:
            j = i - 1
            while j >= 0 and s.is_adv(j):
                j -= 1
            if j >= 1 and s.low[j] in ("and", "or", ","):
                k = j - 1
                while k >= 0 and (s.is_adv(k) or s.low[k] in (",",)):
                    k -= 1
                if k >= 0 and s.tags[k] in ("VBN", "VBD") and passive_aux(s, k) is not None:
                    coord = k
                elif k >= 0 and s.tags[k] in ("VBN", "VBD") and s.low[k] not in ("had", "was", "were"):
                    coord = -k - 2  # an active first conjunct
                elif s.low[j] in ("and", "or"):  # a first conjunct with its object: "destroyed X and struck"
                    g = next((g for g in range(k, -1, -1) if s.tags[g] == "VBD" and s.low[g] not in BE), None)
                    if g is not None and passive_aux(s, g) is None and has_object(s, g):
                        coord = -g - 2
        if aux is not None or coord is not None and coord >= 0:
            head = aux if aux is not None else passive_aux(s, coord)
            patient = subject(s, head) if head is not None else None
            agent = by_agent(s, i)
            return ("passive_with_agent" if agent else "agentless_passive"), agent, patient
        if coord is not None:
            return "active", subject(s, i), np_right(s, _object_start(s, i))
        if is_prenominal(s, i):
            return None, None, None
        if not has_object(s, i):
            j = i - 1
            while j >= 0 and (s.is_adv(j) or s.low[j] == ","):
                j -= 1
            prev_subject = j >= 0 and s.tags[j] == "PRP" and s.low[j] not in ("it",)
            had = j >= 0 and s.low[j] in ("had", "has", "have", "having")
            if not (prev_subject or had or s.tags[j] == "MD"):
                agent = by_agent(s, i)
                patient = np_left(s, j) if j >= 0 else None
                return ("passive_with_agent" if agent else "agentless_passive"), agent, patient
    return "active", subject(s, i), np_right(s, _object_start(s, i))
