"""Lexicon rules: the registry of context rules (Python hooks named in a lexicon's ``context_rule``
column) with the shipped rules, and the surface forms of an entry (lemma inflection, head word,
lookup key). Used by :mod:`analysis.measures.lexicon`, which loads, validates and matches the
lexicons; the decisions behind the rules are listed in that module's docstring."""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = [
    "CONTEXT_RULES",
    "ContextRule",
    "HEAD_BREAKERS",
    "entry_forms",
    "form_key",
    "head_index",
    "inflect",
    "not_capitalised_midsentence",
    "not_inability_could",
    "not_month_may",
    "not_reported_future",
    "register_rule",
]

# --------------------------------------------------------------------------------------------
# Context rules: Python hooks named in the ``context_rule`` column.
# A rule gets (text, start, end) of a candidate match and returns True to KEEP it.
# --------------------------------------------------------------------------------------------

ContextRule = Callable[[str, int, int], bool]
CONTEXT_RULES: dict[str, ContextRule] = {}


def register_rule(name: str) -> Callable[[ContextRule], ContextRule]:
    """Decorator: make a context rule available to lexicon files under ``name``."""

    def deco(func: ContextRule) -> ContextRule:
        CONTEXT_RULES[name] = func
        return func

    return deco


_SENTENCE_START = re.compile(r"(?:^|[.!?:;][\"'”’)\]]*\s+|\n\s*|[“\"‘(]\s*)$")
_MONTH_CONTEXT_BEFORE = re.compile(
    r"(?:\b(?:in|of|since|until|till|by|early|late|mid|last|next|this|during|from|through|before|after|"
    r"between|and|to|on|each|every)|\d(?:st|nd|rd|th)?|[-–])\s*$",
    re.IGNORECASE,
)
_MONTH_CONTEXT_AFTER = re.compile(r"\s*(?:\d|,\s*\d|[-–]|(?:and|to|through)\s+(?:June|April|March)\b)")


@register_rule("not_month_may")
def not_month_may(text: str, start: int, end: int) -> bool:
    """Keep modal *may*; drop the month ("May 5", "in May", "5 May 2013") and the surname
    ("Theresa May"). Lower-case "may" is always the modal. A capitalised "May" counts as the modal
    only at a sentence start (or after an opening quote) and not followed by a number."""
    word = text[start:end]
    if word == "may":
        return True
    if _MONTH_CONTEXT_AFTER.match(text, end) or _MONTH_CONTEXT_BEFORE.search(text, max(0, start - 20), start):
        return False
    if word == "MAY":  # an all-caps headline: nothing more to go on
        return True
    return bool(_SENTENCE_START.search(text, max(0, start - 10), start))


@register_rule("not_capitalised_midsentence")
def not_capitalised_midsentence(text: str, start: int, end: int) -> bool:
    """Drop a Capitalised match inside a sentence: a proper noun that happens to share the
    spelling ("Islamic State of Iraq and Sham", "Bilad al-Sham"). Lower case, ALL CAPS and
    sentence-initial matches are kept."""
    word = text[start:end]
    if not word[:1].isupper() or word.isupper():
        return True
    return bool(_SENTENCE_START.search(text, max(0, start - 10), start))


_INABILITY_AFTER = re.compile(r"\s+(?:not|never|no\s+longer|hardly|barely|scarcely)\b", re.IGNORECASE)


@register_rule("not_inability_could")
def not_inability_could(text: str, start: int, end: int) -> bool:
    """Drop "could not", "could never", "could no longer", "could hardly": reports of
    (in)ability or refusal ("the Iraqi government announced that it could not prevent ..."), not
    epistemic hedging. Epistemic "could not have known" is rarer and is lost; a documented trade."""
    return not _INABILITY_AFTER.match(text, end)


_REFUSAL_AFTER = re.compile(
    r"\s*(?:n['’]t|\s+not)\s+(?:\w+\s+)?(?:elaborate|comment|say|identify|specify|disclose|divulge|discuss|confirm|"
    r"reveal|name|give|provide|release|answer|speculate|detail|predict|estimate)\b",
    re.IGNORECASE,
)
_NARRATIVE_AFTER = re.compile(
    r"\s+(?:later|eventually|subsequently|soon|go\s+on\s+to|ultimately|then\s+go|also\s+later|again|become|"
    r"prove|be\s+known\s+as|like\s+to|rather|love\s+to|often|frequently|usually|sometimes|always|never)\b",
    re.IGNORECASE,
)
_REPORTING_BEFORE = re.compile(
    r"\b(?:said|says|say|announced|announces|told|tells|stated|states|added|adds|promised|promises|pledged|pledges|"
    r"vowed|vows|insisted|insists|declared|declares|agreed|decided|confirmed|confirms|reported|reports|indicated|"
    r"disclosed|noted|notes|explained|warned|warns|predicted|predicts|expected|expects|hoped|hopes|planned|plans|"
    r"intended|knew|thought|believed|assured|assures)\b",
    re.IGNORECASE,
)
_CONDITION_NEAR = re.compile(
    r"\b(?:if|unless|until|whether|otherwise|in\s+case|provided|as\s+long\s+as|"
    r"only\s+when|in\s+the\s+event|without)\b",
    re.IGNORECASE,
)
_SENTENCE_BREAK = re.compile(r"[.!?;]\s|\n")


def _sentence_window(text: str, start: int, end: int, before: int = 200, after: int = 200) -> tuple[int, int]:
    lo = max(0, start - before)
    breaks = [m.end() for m in _SENTENCE_BREAK.finditer(text, lo, start)]
    s = breaks[-1] if breaks else lo
    m = _SENTENCE_BREAK.search(text, end, min(len(text), end + after))
    return s, (m.start() + 1 if m else min(len(text), end + after))


@register_rule("not_reported_future")
def not_reported_future(text: str, start: int, end: int) -> bool:
    """Keep conditional/hypothetical *would*; drop three non-conditional uses (evidence: Szeged
    uncertainty corpus, news and Wikipedia train split, where they are not marked):

    * refusals: "would not elaborate", "wouldn't comment";
    * narrative future-in-the-past and habit: "he would later become", "would eventually", "would
      prove to be", "would often"; volition "would like to", "would rather";
    * future-in-the-past in reported speech with no condition in the sentence: "the ministry said
      it would review the plan" (but "said it would strike unless ..." is kept)."""
    if _REFUSAL_AFTER.match(text, end) or _NARRATIVE_AFTER.match(text, end):
        return False
    s, e = _sentence_window(text, start, end)
    if _REPORTING_BEFORE.search(text, s, start) and not _CONDITION_NEAR.search(text, s, e):
        return False
    return True


# --------------------------------------------------------------------------------------------
# Inflection
# --------------------------------------------------------------------------------------------

_VOWELS = set("aeiou")
#: A word after which the head of a phrase ends: "crime against humanity", "tend to".
HEAD_BREAKERS = frozenset("of against in on to for with at from by out up about into over".split())


def head_index(words: list[str]) -> int:
    """Index of the head word of a phrase: the word before the first preposition or particle
    (if that is not the first word), else the last word. "war crime" -> "crime";
    "crime against humanity" -> "crime"; "tend to" -> "tend"."""
    for i, w in enumerate(words):
        if i > 0 and w.lower() in HEAD_BREAKERS:
            return i - 1
    return len(words) - 1


def inflect(word: str) -> list[str]:
    """The word and its regular noun/verb inflections, over-generating on purpose.

    -s/-es/-ies (plural, 3rd person), -d/-ed/-ied (past), -ing (with e-dropping, ie -> ying), and,
    after a single vowel + consonant, both doubled and undoubled final consonants (slam -> slammed,
    appear -> appeared)."""
    w = word
    out = [w]
    lw = w.lower()
    if not lw or not lw[-1].isalpha():
        return out
    # plural / third person
    if lw.endswith(("s", "x", "z", "ch", "sh")):
        out.append(w + "es")
    elif lw.endswith("y") and len(lw) > 1 and lw[-2] not in _VOWELS:
        out.append(w[:-1] + "ies")
    else:
        out.append(w + "s")
    # past and -ing
    if lw.endswith("ie"):
        out += [w + "d", w[:-2] + "ying"]
    elif lw.endswith("ee"):
        out += [w + "d", w + "ing"]
    elif lw.endswith("e"):
        out += [w + "d", w[:-1] + "ing"]
    elif lw.endswith("y") and len(lw) > 1 and lw[-2] not in _VOWELS:
        out += [w[:-1] + "ied", w + "ing"]
    else:
        out += [w + "ed", w + "ing"]
        if (
            len(lw) >= 3
            and lw[-1] not in _VOWELS
            and lw[-1] not in "wxy"
            and lw[-2] in _VOWELS
            and lw[-3] not in _VOWELS
        ):
            out += [w + w[-1] + "ed", w + w[-1] + "ing"]
    return list(dict.fromkeys(out))


def entry_forms(term: str, kind: str) -> list[str]:
    """Surface forms a literal or lemma entry matches (before whitespace/hyphen/apostrophe
    flexibility)."""
    term = " ".join(term.split())
    if kind == "literal":
        return [term]
    if kind == "lemma":
        words = term.split(" ")
        h = head_index(words)
        forms = inflect(words[h])
        if len(words) > 1 and h == len(words) - 1:
            # a multi-word entry ending in its head is a noun compound ("police state", "war
            # crime"): plural only, so "police state" never matches "police stated"
            forms = forms[:2]
        return [" ".join(words[:h] + [f] + words[h + 1 :]) for f in forms]
    raise ValueError(f"entry_forms: kind {kind!r} has no fixed forms")


_APOSTROPHES = "'’‘ʼ`´"
_KEY_DROP = re.compile(r"[\s\-‐‑'’‘ʼ`´]+")


def form_key(s: str) -> str:
    """Normalised lookup key: lower case, no whitespace, hyphens or apostrophes."""
    return _KEY_DROP.sub("", s.lower())
