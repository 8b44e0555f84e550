"""The process state that scoring reads besides its arguments, handed to worker processes.

Two settings live in the process rather than in the documents: publisher aliases declared by a
``publisher_aliases`` column or manifest (:func:`analysis.measures.source_types.register_publisher_aliases`)
and user lexicons activated with ``--lexicon`` (:func:`analysis.measures.user_lexicon.set_user_lexicons`).
A worker started by forking inherits both; a spawned one (macOS, Windows, a Jupyter kernel) does
not, so every parallel scorer maps its chunks through :func:`map_in_scoring_state`, whose workers
install :func:`scoring_state` before scoring: the same documents then give the same rows in any
process.
"""

from __future__ import annotations


def scoring_state() -> dict:
    """The declared publisher aliases and the active user lexicon files of this process."""
    from analysis.measures.source_types import _DECLARED_ALIASES
    from analysis.measures.user_lexicon import _ACTIVE

    return {"aliases": dict(_DECLARED_ALIASES), "lexicons": [str(p) for p in _ACTIVE]}


def install_scoring_state(state: dict) -> None:
    """Make this process score as the one that took ``state`` (:func:`scoring_state`)."""
    from analysis.measures.source_types import register_publisher_aliases
    from analysis.measures.user_lexicon import _ACTIVE, set_user_lexicons

    for publisher, names in state.get("aliases", {}).items():
        register_publisher_aliases(publisher, names)
    if [str(p) for p in _ACTIVE] != list(state.get("lexicons", [])):
        set_user_lexicons(state.get("lexicons", []))


def map_in_scoring_state(func, tasks, jobs: int | None = None) -> list:
    """``[func(*task) for task in tasks]`` spread over worker processes
    (:func:`analysis.pipeline.parallel.map_ordered`), each worker first installing this process's
    :func:`scoring_state`, so the rows are those this process would score. ``func``: a
    module-level function."""
    from analysis.pipeline.parallel import map_ordered

    state = scoring_state()
    return map_ordered(_call_in_state, [(func, tuple(task), state) for task in tasks], jobs)


def _call_in_state(item: tuple):
    func, args, state = item
    install_scoring_state(state)
    return func(*args)
