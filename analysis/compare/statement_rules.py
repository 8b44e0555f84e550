"""What makes a sentence a statement, and a factual one, for the scorecard's sentence
classification (:func:`analysis.compare.scorecard.sentence_table`): length, terminal punctuation,
calls to action, and a finite verb found by a small rule (no tagger)."""

from __future__ import annotations

import re

__all__ = [
    "MIN_STATEMENT_WORDS",
    "TERMINAL",
    "QUESTION",
    "CALL_TO_ACTION",
    "FINITE_VERB",
    "NOT_PAST_ED",
    "has_finite_verb",
]

#: A statement has at least this many words.
MIN_STATEMENT_WORDS = 4
#: Terminal punctuation, possibly followed by closing quotes or brackets.
TERMINAL = re.compile(r"[.!?…][\"”’')\]]*\s*$")
QUESTION = re.compile(r"\?[\"”’')\]]*\s*$")
#: Calls to action and obligations: the sentence asks for something rather than states a fact.
CALL_TO_ACTION = re.compile(
    r"\b(?:calls?\s+(?:on|upon|for)|urges?|appeals?\s+to|must|should|ought\s+to|let\s+us)\b", re.IGNORECASE
)
_IRREGULAR_PAST = (
    "said told met left came went took made gave held sent began saw fell won lost led struck fled brought "
    "bought built caught fought found got heard kept knew meant paid ran rose sold spoke stood thought threw "
    "wrote hit put set cut shot became broke chose drove flew grew hid spent taught understood wore overtook "
    "withdrew undertook sought arose forbade sank swore tore woke bore beat bit bled blew dealt dug drew ate "
    "fed felt forgave froze hung lay lit quit rode rang shook shut slid sat slept spread stole stuck swept "
    "swung"
).split()
#: Every alternative of FINITE_VERB starts with a letter: the lookahead changes no match and lets the
#: regex engine skip other word boundaries at once (about twice as fast).
_VERB_START = r"(?=[a-z])"
#: A finite verb of event or state: be/have/do, modals, an -ed past form, a common irregular past.
FINITE_VERB = re.compile(
    r"\b" + _VERB_START + r"(?:am|is|are|was|were|has|have|had|does|did|do|will|would|can|could|may|might|shall|"
    r"(?:is|are|was|were|has|have|had|did|does|do|wo)n['’]t|[a-z]{2,}ed|" + "|".join(_IRREGULAR_PAST) + r")\b",
    re.IGNORECASE,
)
#: Words ending in -ed that are not past forms.
NOT_PAST_ED = frozenset(
    """need hundred red bed feed seed speed breed greed weed deed creed indeed shed sled naked
    sacred wicked wretched rugged ragged beloved kindred hatred embed united ahmed mohammed mohamed""".split()
)


def has_finite_verb(sentence: str) -> bool:
    """True when ``sentence`` holds a finite verb form by :data:`FINITE_VERB` (-ed words in
    :data:`NOT_PAST_ED` do not count)."""
    return any(m.group().lower() not in NOT_PAST_ED for m in FINITE_VERB.finditer(sentence))
