"""The command line's own error: a problem with what the user asked for, reported as one
``error:`` line with exit code 2 (:func:`analysis.cli.app.main`)."""

from __future__ import annotations

__all__ = ["CliError"]


class CliError(Exception):
    """A problem with what the user asked for, reported as one ``error:`` line (exit code 2)."""
