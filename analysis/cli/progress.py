"""Progress for long command-line steps: a tqdm bar on standard error, off when standard error
is not a terminal (pipes, CI logs) or when the user asked for ``--quiet``."""

from __future__ import annotations

import sys


def progress_enabled(quiet: bool = False, stream=None) -> bool:
    """True when a bar should be drawn: not ``quiet`` and ``stream`` (stderr) is a terminal."""
    stream = stream or sys.stderr
    return not quiet and hasattr(stream, "isatty") and stream.isatty()


def bar(total: int | None, desc: str, quiet: bool = False, unit: str = "doc"):
    """A tqdm bar on stderr (disabled, but still usable, when :func:`progress_enabled` is False)."""
    from tqdm.auto import tqdm

    return tqdm(
        total=total,
        desc=desc,
        unit=unit,
        file=sys.stderr,
        disable=not progress_enabled(quiet),
        leave=False,
        dynamic_ncols=True,
    )


def step_callback(desc: str, quiet: bool = False, unit: str = "doc"):
    """A ``callback(done, total)`` that advances one bar; the bar closes when done == total."""
    state: dict = {}

    def callback(done: int, total: int) -> None:
        if "bar" not in state:
            state["bar"] = bar(total, desc, quiet, unit=unit)
        b = state["bar"]
        b.update(done - b.n)
        if done >= total:
            b.close()

    return callback


def step_lines(quiet: bool = False, stream=None):
    """A ``callback(done, total, name)`` that prints ``[done/total] name`` as one line on stderr
    (``stream``) for each finished step, terminal or not (a log shows it too); silent when ``quiet``."""

    def callback(done: int, total: int, name: str) -> None:
        if not quiet:
            print(f"[{done}/{total}] {name}", file=stream or sys.stderr, flush=True)

    return callback
