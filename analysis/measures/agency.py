"""Agency of harm: who does what to whom in harm events, and who is left out.

A *harm event* is one mention of a predicate of killing, injuring, attacking, bombarding, arresting
or detaining, torturing, executing, abducting, sexual violence, destroying property or forcibly
displacing people: the entries of ``analysis/lexicons/harm_events.csv`` (inventory from FrameNet
1.7 frames Killing, Execution, Cause_harm, Attack, Invading, Arrest, Imprisonment, Kidnapping,
Rape, Destroying, Use_firearm; CAMEO event codes 17-20, Schrodt 2012; ACLED event types). Each
event gets one grammatical subcategory (guideline and gold: ``docs/agency-gold.md``):

* ``active``: the harm verb is active ("Iraqi forces killed seven residents"); its subject is the agent;
* ``passive_with_agent``: a passive participle with an agentive *by*-phrase ("The camp was shelled
  by militias");
* ``agentless_passive``: a passive without one ("Seven residents were killed in the attack",
  "were reportedly killed", "got arrested", "residents killed in the attack");
* ``nominal``: a noun names the event ("the killing of X by Y", "Iran's attack", "militia attacks").

Participles used as adjectives ("the wounded residents", "the injured") and weapon or kind nouns
("a bomb", "attack helicopters", "heart attack") are not events. The agentless passive is the form
studies of conflict reporting single out for hiding the perpetrator; ``agency_profile`` reports
how often a text names nobody.

Words are tagged by a small CRF trained on UD English EWT (:mod:`analysis.measures.pos_tags`) and
read by the rules of :mod:`analysis.measures.agency_rules`; agents are typed by
:mod:`analysis.measures.agency_agents`. Only sentences with a lexicon form are tagged, so texts
without harm words cost one regular-expression scan. This is a heavier, optional analysis: the
document profile runs it only when asked (``--with agency``).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from analysis.config import LEXICON_DIR
from analysis.measures.agency_agents import AGENT_TYPES, agent_type
from analysis.measures.agency_rules import (
    BE,
    TIME_WORDS,
    Tagged,
    by_agent,
    has_object,
    np_left,
    np_right,
    repair_tags,
    subject,
    verb_voice,
)
from analysis.measures.bounds import per_1k, share
from analysis.measures.pos_tags import PosTagger, load_pos_tagger, tokenize

__all__ = [
    "HARM_EVENTS_CSV",
    "SUBCATEGORIES",
    "EVENT_COLUMNS",
    "HarmEntry",
    "harm_lexicon",
    "harm_events",
    "agency_profile",
    "profile_columns",
    "agency_tables",
]

HARM_EVENTS_CSV = LEXICON_DIR / "harm_events.csv"
SUBCATEGORIES = ("active", "passive_with_agent", "agentless_passive", "nominal")
#: Keys of every event dict (:func:`harm_events`); absent agent/patient: "" and offsets -1.
EVENT_COLUMNS = (
    "start",
    "end",
    "text",
    "lemma",
    "category",
    "harm_type",
    "subcategory",
    "agent",
    "agent_start",
    "agent_end",
    "agent_type",
    "patient",
    "patient_start",
    "patient_end",
)

#: Nouns whose possessor is their agent ("Iran's attack"); for the others ("his arrest", "the
#: PMOI's expulsion") the possessor is the patient unless an of-phrase follows.
_AGENTIVE_NOUN_TYPES = frozenset({"attack", "bombardment"})
#: Light verbs whose subject is the agent of their event-noun object ("launched an attack").
_LIGHT_VERBS = frozenset(
    """launch launches launched launching carry carries carried carrying commit commits committed committing
    conduct conducts conducted conducting stage stages staged staging mount mounts mounted mounting perpetrate
    perpetrates perpetrated perpetrating make makes made making inflict inflicts inflicted""".split()
)
#: Proper nouns that name a state as the actor of a noun they modify ("U.S. attacks"); other
#: proper-noun modifiers are places or targets ("a Baghdad rocket attack"), demonyms are adjectives.
_PRENOMINAL_STATES = frozenset({"u.s.", "us", "united states", "u.s", "soviet", "nato"})
_JOIN_AFTER = frozenset("by of the a an to and or on in at with from for against".split())


@dataclass(frozen=True)
class HarmEntry:
    lemma: str
    kind: str
    harm_type: str
    require_before: re.Pattern | None
    exclude_before: re.Pattern | None
    require_after: re.Pattern | None


@lru_cache(maxsize=2)
def harm_lexicon(path: str = str(HARM_EVENTS_CSV)) -> tuple[dict[str, tuple[HarmEntry, ...]], re.Pattern]:
    """``form -> entries`` (lower case) and one pattern finding any form, from ``harm_events.csv``."""
    forms: dict[str, list[HarmEntry]] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):

            def rx(col: str, row=row) -> re.Pattern | None:
                return re.compile(row[col], re.IGNORECASE) if row.get(col) else None

            entry = HarmEntry(
                row["term"],
                row["kind"],
                row["subcategory"],
                rx("require_before"),
                rx("exclude_before"),
                rx("require_after"),
            )
            for form in row["forms"].split(";"):
                forms.setdefault(form.strip().lower(), []).append(entry)
    alternation = "|".join(sorted((re.escape(f) for f in forms), key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w])", re.IGNORECASE)
    return {f: tuple(e) for f, e in forms.items()}, pattern


def _merge_wrapped(text: str, bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join a sentence ending in a function word with the next one: a hard-wrapped line that the
    sentence splitter cut before a capitalised word ("attacked in the Gulf by / Iranian gunboats")."""
    out: list[list[int]] = []
    for s, e in bounds:
        if out:
            tail = text[out[-1][0] : out[-1][1]].rsplit(None, 1)[-1].lower() if out[-1][1] > out[-1][0] else ""
            if tail in _JOIN_AFTER and s - out[-1][1] <= 3:
                out[-1][1] = e
                continue
        out.append([s, e])
    return [(s, e) for s, e in out]


def _noun_ok(s: Tagged, i: int, entry: HarmEntry, text: str) -> bool:
    start, end = s.offsets[i]
    before = text[max(0, start - 60) : start]
    after = text[end : end + 80]
    if entry.require_before and not entry.require_before.search(before):
        return False
    if entry.exclude_before and entry.exclude_before.search(before):
        return False
    if entry.require_after and not entry.require_after.search(after):
        return False
    if i + 1 < len(s) and s.tags[i + 1] in ("NN", "NNS") and s.low[i + 1] not in TIME_WORDS:
        return False  # a modifier of another noun: "attack helicopters", "detention order", "murder weapon"
    return True


def _choose_kind(s: Tagged, i: int, entries: tuple[HarmEntry, ...]) -> str | None:
    """``verb`` or ``noun`` for the token at ``i`` whose form is in ``entries``; None when neither fits."""
    kinds = {e.kind for e in entries}
    tag, low = s.tags[i], s.low[i]
    prev_tag = s.tags[i - 1] if i else ""
    prev_low = s.low[i - 1] if i else ""
    nxt = s.low[i + 1] if i + 1 < len(s) else ""
    nxt_tag = s.tags[i + 1] if i + 1 < len(s) else ""
    if kinds == {"noun"}:
        return "noun"
    if kinds == {"verb"}:
        if tag.startswith("VB") or _past_form(low, entries):
            return "verb"
        return "verb" if low.endswith("ing") and nxt not in ("of",) else None
    j = i - 1
    while j >= 0 and s.is_adv(j):
        j -= 1
    if j >= 0 and (s.low[j] == "to" or s.tags[j] == "MD"):
        base = any(e.lemma == low for e in entries)
        return "verb" if base else "noun"  # "to attack" vs "in response to attacks"
    if nxt in ("on", "against", "of") or nxt_tag in ("MD", "VBZ", "VBP", "VBD") or nxt in ("is", "are", "was", "were"):
        return "noun"  # "attack on", "attacks may recur"
    if prev_tag in ("DT", "PRP$", "POS", "JJ", "JJR", "JJS", "CD") and prev_low not in ("that", "all", "both"):
        return "noun"
    if low.endswith("ing"):
        return "verb" if has_object(s, i) or prev_low in BE else "noun"
    if tag.startswith("VB"):
        return "verb"
    return "noun"


def _past_form(low: str, entries: tuple[HarmEntry, ...]) -> bool:
    """True for a past tense or past participle form of a verb entry: not its base, -s or -ing
    form ("killed", "shot", "struck", "slain", "beaten")."""
    return any(e.kind == "verb" and low != e.lemma and not low.endswith(("s", "ing")) for e in entries)


def _light_verb_agent(s: Tagged, i: int) -> tuple[int, int] | None:
    j = i - 1
    while j >= 0 and (
        s.tags[j] in ("DT", "JJ", "JJR", "JJS", "CD", "PRP$", "NN", "NNP", "RB") or s.low[j] in ("another",)
    ):
        j -= 1
    if j >= 0 and s.low[j] == "out" and j - 1 >= 0 and s.low[j - 1] in _LIGHT_VERBS:
        j -= 1
    if j >= 0 and s.low[j] in _LIGHT_VERBS:
        return subject(s, j)
    return None


def _prenominal_agent(s: Tagged, i: int) -> tuple[int, int] | None:
    """A run of modifiers before the noun that names a state or armed actor ("U.S. attacks",
    "the United States attack", "an Iraqi air attack", "militia attacks"); a proper-noun place
    ("a Baghdad rocket attack") is not an agent."""
    j = i - 1
    while j >= 0 and s.tags[j] in ("NNP", "NNPS", "JJ", "NN", "NNS") and s.low[j] not in TIME_WORDS:
        j -= 1
    k = j + 1
    while k < i:
        if k + 1 < i and " ".join(s.low[k : k + 2]) in _PRENOMINAL_STATES:
            return k, k + 1
        typed = agent_type(s.words[k]) in ("state_forces", "armed_group")
        place = s.tags[k] in ("NNP", "NNPS") and s.low[k] not in _PRENOMINAL_STATES
        if typed and not place:
            return k, k
        k += 1
    return None


def _possessor(s: Tagged, i: int) -> tuple[int, int] | None:
    j = i - 1
    while j >= 0 and s.tags[j] in ("JJ", "JJR", "JJS", "NN", "CD", "RB") and s.low[j] not in ("'s", "’s"):
        j -= 1
    if j >= 0 and s.tags[j] == "PRP$":
        return j, j
    if j >= 1 and s.low[j] in ("'s", "’s", "'", "’"):
        np = np_left(s, j - 1)
        if np and s.low[np[1]] not in TIME_WORDS and s.tags[np[1]] != "CD":
            return np
    return None


def _nominal(s: Tagged, i: int, entry: HarmEntry) -> tuple[tuple | None, tuple | None]:
    """(agent, patient) token spans of a nominal event."""
    patient = None
    k = i + 1
    if k < len(s) and s.low[k] in ("of", "on", "against"):
        patient = np_right(s, k + 1)
    agent = by_agent(s, i)
    poss = _possessor(s, i)
    if agent is None and poss is not None and (entry.harm_type in _AGENTIVE_NOUN_TYPES or s.low[k : k + 1] == ["of"]):
        agent = poss
    elif poss is not None and patient is None:
        patient = poss
    if agent is None:
        agent = _light_verb_agent(s, i) or _prenominal_agent(s, i)
    return agent, patient


def _text(text: str, s: Tagged, span) -> tuple[str, int, int]:
    if not span:
        return "", -1, -1
    a, b = s.span(*span)
    return text[a:b], a, b


def harm_events(
    text: str,
    bounds: list[tuple[int, int]] | None = None,
    *,
    tagger: PosTagger | None = None,
    publisher: str | None = None,
) -> list[dict]:
    """Harm events of ``text`` in reading order, one dict per event with :data:`EVENT_COLUMNS`:
    ``start``/``end``/``text`` of the harm word, its ``lemma`` and ``harm_type`` (the lexicon's
    subcategory: killing, injury, attack ...), ``category`` "harm_event", ``subcategory`` (active,
    passive_with_agent, agentless_passive, nominal), the ``agent`` and ``patient`` phrases with
    their offsets ("" and -1 when the sentence gives none) and the ``agent_type`` (state_forces,
    armed_group, unnamed, other; "" without agent). ``bounds`` are sentence offsets (default:
    :func:`analysis.corpus.sentences.split_sentences`); ``tagger`` the part-of-speech tagger
    (default: the stored model)."""
    forms, pattern = harm_lexicon()
    if not pattern.search(text):
        return []
    if bounds is None:
        from analysis.corpus.sentences import ensure_bounds

        bounds = ensure_bounds(text)
    tagger = tagger or load_pos_tagger()
    events: list[dict] = []
    for s0, e0 in _merge_wrapped(text, list(bounds)):
        hits = [m.start() for m in pattern.finditer(text, s0, e0)]
        if not hits:
            continue
        offsets = tokenize(text, s0, e0)
        words = [text[a:b] for a, b in offsets]
        sent = Tagged(words, repair_tags(words, tagger.tag(words)), offsets)
        first = {a: k for k, (a, _) in enumerate(offsets)}
        for h in hits:
            i = first.get(h)
            if i is None:
                continue
            entries = forms.get(sent.low[i])
            if not entries:
                continue
            kind = _choose_kind(sent, i, entries)
            entry = next((e for e in entries if e.kind == kind), None)
            if entry is None:
                continue
            if kind == "noun":
                sent.tags[i] = "NNS" if sent.low[i].endswith("s") else "NN"
                if not _noun_ok(sent, i, entry, text):
                    continue
                sub = "nominal"
                agent, patient = _nominal(sent, i, entry)
            else:
                if entry.require_after and not entry.require_after.search(text[offsets[i][1] : offsets[i][1] + 80]):
                    continue
                past = _past_form(sent.low[i], (entry,))
                sub, agent, patient = verb_voice(sent, i, True if past else None)
                if sub is None:
                    continue
            a_text, a_start, a_end = _text(text, sent, agent)
            p_text, p_start, p_end = _text(text, sent, patient)
            events.append(
                {
                    "start": offsets[i][0],
                    "end": offsets[i][1],
                    "text": words[i],
                    "lemma": entry.lemma,
                    "category": "harm_event",
                    "harm_type": entry.harm_type,
                    "subcategory": sub,
                    "agent": a_text,
                    "agent_start": a_start,
                    "agent_end": a_end,
                    "agent_type": agent_type(a_text, publisher=publisher) if a_text else "",
                    "patient": p_text,
                    "patient_start": p_start,
                    "patient_end": p_end,
                }
            )
    return events


def profile_columns() -> list[str]:
    """The columns :func:`agency_profile` returns, in order."""
    return (
        ["harm_events_per_1k", "harm_agentless_share"]
        + [f"harm_{s}_share" for s in SUBCATEGORIES]
        + [f"harm_agent_{t}_share" for t in AGENT_TYPES]
    )


def agency_profile(events: list[dict], words: int) -> dict[str, float]:
    """Per-document agency measures from the events of :func:`harm_events` and the document's word
    count (:func:`analysis.corpus.text.count_words`):

    * ``harm_events_per_1k``: harm events per 1,000 words;
    * ``harm_agentless_share``: events whose sentence names no agent (agentless passives, nominals
      without possessor, *by*-phrase or light-verb subject, actives whose subject was not found) /
      events; NaN without events;
    * ``harm_<subcategory>_share``: events of each subcategory / events;
    * ``harm_agent_<type>_share``: events whose agent is of each type / events with an agent."""
    n = len(events)
    out = {
        "harm_events_per_1k": per_1k(n, words),
        "harm_agentless_share": share(sum(1 for e in events if not e["agent"]), n),
    }
    for sub in SUBCATEGORIES:
        out[f"harm_{sub}_share"] = share(sum(1 for e in events if e["subcategory"] == sub), n)
    with_agent = [e for e in events if e["agent"]]
    for t in AGENT_TYPES:
        out[f"harm_agent_{t}_share"] = share(sum(1 for e in with_agent if e["agent_type"] == t), len(with_agent))
    return out


def agency_tables(documents, *, text_col: str = "text", id_col: str = "doc_id", tagger: PosTagger | None = None):
    """The events table (one row per harm event: ``doc_id`` and :data:`EVENT_COLUMNS`) and the agency
    profile (one row per document: ``doc_id``, ``words`` and :func:`profile_columns`) of a documents
    frame; a document's ``publisher`` column, when present, is passed to the agent typing."""
    import pandas as pd

    from analysis.corpus.text import count_words

    tagger = tagger or load_pos_tagger()
    event_rows, profile_rows = [], []
    has_pub = "publisher" in getattr(documents, "columns", ())
    for rec in documents.to_dict("records"):
        text = rec.get(text_col) or ""
        pub = rec.get("publisher") if has_pub else None
        events = harm_events(text, tagger=tagger, publisher=pub if isinstance(pub, str) and pub else None)
        n_words = count_words(text)
        event_rows += [{id_col: rec[id_col], **e} for e in events]
        profile_rows.append({id_col: rec[id_col], "words": n_words, **agency_profile(events, n_words)})
    events_df = pd.DataFrame(event_rows, columns=[id_col, *EVENT_COLUMNS])
    profile_df = pd.DataFrame(profile_rows, columns=[id_col, "words", *profile_columns()])
    return events_df, profile_df
