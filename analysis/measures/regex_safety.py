"""Regular expressions from data files that could run for ever: nested quantifiers.

Python's ``re`` backtracks. A group repeated without bound that itself holds a repeat (``(?:a+)+b``,
``(a*)*``, ``(\\w+\\s?)+$``), or a group repeated without bound that can match nothing, gives the
engine exponentially many ways to split a text that almost matches: on "aaaa...a!" (30 letters)
``(?:a+)+b`` runs for minutes (the "catastrophic backtracking" of OWASP's ReDoS page; Davis et al.
2018, "The impact of regular expression denial of service (ReDoS) in practice"). Lexicon terms
and context regexes come from user files (``--lexicon``), so they are checked before they run:
:func:`nested_quantifier` finds such a repeat in the parsed pattern (``re._parser``, the parser
``re`` itself uses), and the lexicon validator rejects the row with a message naming it.

The check is syntactic and conservative: ``(?:\\s+\\w+)*`` is rejected although its two repeats
cannot overlap. Such a pattern can be written without the risk: a bounded outer repeat
(``(?:\\s+\\w+){0,5}``), a possessive one (``(?:\\s+\\w+)*+``) or an atomic group
(``(?>...)``), which never backtrack into what they matched.
"""

from __future__ import annotations

try:  # Python >= 3.11
    from re import _constants as _c
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - older Pythons (the project needs 3.11)
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

__all__ = ["LARGE_REPEAT", "nested_quantifier"]

#: A bounded repeat with more than this many repetitions counts as unbounded (``(a+){1,1000}``
#: backtracks as badly as ``(a+)+``); a few repetitions (``(?:\w+\s+){0,3}``) stay polynomial and small.
LARGE_REPEAT = 10

_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT)


def _unbounded(hi: int) -> bool:
    return hi == _c.MAXREPEAT or hi > LARGE_REPEAT


def _children(op, av) -> list:
    """The sub-patterns inside one parsed item that the engine may backtrack into (possessive
    repeats and atomic groups never give back what they matched: not descended)."""
    if op in _REPEATS:
        return [av[2]]
    if op is _c.SUBPATTERN:
        return [av[3]]
    if op is _c.BRANCH:
        return list(av[1])
    if op in (_c.ASSERT, _c.ASSERT_NOT):
        return [av[1]]
    if op is _c.GROUPREF_EXISTS:
        return [p for p in av[1:] if p is not None]
    return []


def _has_unbounded_repeat(sub) -> bool:
    for op, av in sub.data:
        if op in _REPEATS and _unbounded(av[1]):
            return True
        if any(_has_unbounded_repeat(child) for child in _children(op, av)):
            return True
    return False


def _find(sub) -> str | None:
    for op, av in sub.data:
        if op in _REPEATS and _unbounded(av[1]):
            body = av[2]
            if _has_unbounded_repeat(body):
                return "a repeated group holds another repeat (nested quantifiers)"
            if body.getwidth()[0] == 0:
                return "a repeated group can match the empty string"
        for child in _children(op, av):
            found = _find(child)
            if found:
                return found
    return None


def nested_quantifier(pattern: str, flags: int = 0) -> str | None:
    """Why ``pattern`` can backtrack exponentially (see the module docstring), or None when it
    cannot by this check: a repeat without bound (``*``, ``+``, ``{n,}`` or more than
    :data:`LARGE_REPEAT` repetitions) whose group holds another such repeat, or can match the empty
    string. Possessive repeats and atomic groups are safe. A pattern that does not parse is
    re.error, as from :func:`re.compile`."""
    return _find(_sre_parse.parse(pattern, flags))
