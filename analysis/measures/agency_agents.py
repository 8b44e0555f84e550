"""Agent types of harm events: state forces, armed group, unnamed, other.

The types follow the actor categories of the ACLED codebook (Raleigh et al. 2010; ACLED codebook
2023): ``state_forces`` (inter codes 1 and 8: a state's military, police, security and
intelligence services, its government or regime acting, or a state named as actor),
``armed_group`` (inter codes 2-4: rebels, political and identity militias, named non-state armed
organisations), ``unnamed`` (ACLED's "unidentified armed group": an agent the text does not
identify: "unknown gunmen", "attackers", "someone") and ``other`` (anything else: named persons,
pronouns, crowds, events and things: "the blaze", "a bomb"). The codebook is
``docs/agency-gold.md`` section 4; the entries are data in ``analysis/lexicons/harm_agents.csv``.

Typing reads the agent phrase itself (:func:`agent_type`), first rule that applies:

1. an unidentifying modifier in the head part ("unidentified gunmen") gives ``unnamed``;
2. a named body ending the head part ("Syrian Democratic Forces", "Hezbollah") gives its type;
3. the head noun (last word of the head part): a state head ("forces", "police", "regime")
   unless a non-state modifier precedes it ("rebel forces"), an armed head ("militias"), an
   unnamed head ("attackers");
   a state modifier before another head ("a United States military airstrike") gives ``state_forces``;
4. a named body anywhere in the head part ("Qods Force affiliated Iraqi groups" was decided by 3);
5. a state named by country, demonym or capital ("Iran", "the United States", "Iraqi") gives
   ``state_forces``;
6. for a phrase ending in a capitalised word, the lab's source typing
   (:func:`analysis.measures.source_types.classify_source`): an ``official_institution`` ("the
   Interior Ministry") is ``state_forces``;
7. else ``other``.

The head part is the phrase before its first post-modifier (a preposition, a comma, a relative
pronoun, or a participle with its complement: "affiliated with", "linked to", "loyal to").
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache

from analysis.config import LEXICON_DIR

__all__ = ["AGENT_TYPES", "HARM_AGENTS_CSV", "agent_lexicon", "head_part", "agent_type"]

AGENT_TYPES = ("state_forces", "armed_group", "unnamed", "other")
HARM_AGENTS_CSV = LEXICON_DIR / "harm_agents.csv"

_CUT = re.compile(
    r"\s*(?:,|;|\(|\s[-–—]\s|\b(?:of|in|at|on|from|with|under|near|inside|across|during|who|which|that|whose|"
    r"including|such\s+as|(?:affiliated|linked|loyal|tied|allied|close|belonging|attached|based|backed)\s+(?:to|with|by|in))\b)",
    re.IGNORECASE,
)
#: State heads that also work as modifiers naming the actor ("military airstrike", "army tanks").
_STATE_MODIFIERS = frozenset({"military", "army", "police", "security", "government", "regime", "navy", "coalition"})
_WORD = re.compile(r"[^\W_]+(?:[.'’\-][^\W_]+)*\.?", re.UNICODE)


@lru_cache(maxsize=2)
def agent_lexicon(path: str = str(HARM_AGENTS_CSV)) -> dict[str, dict[str, str]]:
    """``kind -> {lower-cased term: subcategory}`` from ``harm_agents.csv``."""
    out: dict[str, dict[str, str]] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(row["kind"], {})[row["term"].lower()] = row["subcategory"]
    return out


def head_part(agent: str) -> str:
    """The agent phrase before its first post-modifier ("The leader of an Iraqi group" -> "The leader")."""
    m = _CUT.search(agent, 1)
    return agent[: m.start()].strip() if m else agent.strip()


def _phrase_hit(text_low: str, table: dict[str, str], at_end: bool) -> str | None:
    for term, sub in table.items():
        if at_end:
            if text_low == term or text_low.endswith(" " + term):
                return sub
        elif re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text_low):
            return sub
    return None


def agent_type(agent: str, *, publisher: str | None = None) -> str:
    """The agent type of an agent phrase (module docstring); "" when there is no agent."""
    if not agent or not agent.strip():
        return ""
    lex = agent_lexicon()
    head = head_part(agent)
    low = head.lower().strip(" .'’\"")
    low = re.sub(r"['’]s\b", "", low)
    words = [w.lower() for w in _WORD.findall(head)]
    if not words:
        return "other"
    if any(w in lex.get("modifier", {}) and lex["modifier"][w] == "unnamed" for w in words[:-1]):
        return "unnamed"
    hit = _phrase_hit(low, lex.get("phrase", {}), at_end=True)
    if hit:
        return hit
    heads = lex.get("head", {})
    last2 = " ".join(words[-2:])
    head_type = heads.get(last2) or heads.get(words[-1])
    if head_type:
        if head_type == "state_forces" and any(lex.get("modifier", {}).get(w) == "armed_group" for w in words[:-1]):
            return "armed_group"
        return head_type
    if any(heads.get(w) == "state_forces" and w in _STATE_MODIFIERS for w in words[:-1]):
        return "state_forces"  # "a United States military airstrike", "Israeli military police"
    hit = _phrase_hit(low, lex.get("phrase", {}), at_end=False)
    if hit:
        return hit
    states = lex.get("state", {})
    bare = re.sub(r"^(?:the|a|an)\s+", "", low)
    if bare in states or words[-1] in states:
        return "state_forces"
    if not head.split()[-1][:1].isupper():
        return "other"
    from analysis.measures.source_types import classify_source

    stype, _ = classify_source(head, publisher=publisher)
    if stype == "official_institution":
        return "state_forces"
    return "other"
