"""Command line: ``python -m analysis COMMAND ...`` for people who never open Jupyter.

Each table command prints one tidy table (``--format csv|json|jsonl|table``; the aligned text
table cuts cells longer than :data:`TABLE_CELL_WIDTH` characters) to standard output and writes
diagnostics (the load report's skips and warnings) to standard error.

Output is made safe for where it is read (:mod:`analysis.cli.safe_output`): CSV cells that a
spreadsheet would run as formulas get a leading ``'`` (``--raw-csv`` turns this off) and the
aligned table drops terminal control characters. Known failures (bad input, a missing baseline, a
bad argument, an unreadable or unwritable path) end with a one-line ``error:`` message and exit
code 2, Ctrl-C with exit code 130; set ``FRAMING_DEBUG=1`` to see the traceback instead.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable

import pandas as pd

from analysis.cli.errors import CliError

COMMANDS: dict[str, Callable[[argparse.Namespace], pd.DataFrame | int]] = {}


def command(name: str):
    def register(fn):
        COMMANDS[name] = fn
        return fn

    return register


#: The output formats of every table command.
FORMATS = ("csv", "json", "jsonl", "table")
#: Longest cell of ``--format table`` (longer text ends in "…"; csv/json/jsonl carry it whole).
TABLE_CELL_WIDTH = 60


def truncate_cells(frame: pd.DataFrame, width: int = TABLE_CELL_WIDTH) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells are at most ``width`` characters (cut ones end in "…")."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = out[col].map(lambda v: v[: width - 1] + "…" if isinstance(v, str) and len(v) > width else v)
    return out


def emit(frame: pd.DataFrame, fmt: str, out=None, raw_csv: bool = False) -> None:
    """Write ``frame`` as csv, json (records), jsonl or a plain-text table. CSV cells that would
    run as spreadsheet formulas are neutralised unless ``raw_csv``; the table has no control
    characters (:mod:`analysis.cli.safe_output`)."""
    from analysis.cli.safe_output import csv_text, display_frame, safe_csv_frame

    out = out or sys.stdout
    if fmt == "csv":
        out.write(csv_text(frame if raw_csv else safe_csv_frame(frame)))
    elif fmt == "json":
        json.dump(json.loads(frame.to_json(orient="records", force_ascii=False)), out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif fmt == "jsonl":
        for rec in json.loads(frame.to_json(orient="records", force_ascii=False)):
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    else:
        shown = truncate_cells(display_frame(frame)).replace("\n", " ", regex=True)
        with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 200):
            out.write(shown.to_string(index=False) + "\n")


@command("documents")
def cmd_documents(args) -> pd.DataFrame:
    """One row per document: id, group, corpus, genre, title, publisher, date, words, sentences,
    wire copy, source file, status (json and jsonl carry the text too)."""
    from analysis.cli.study_args import study_from_args

    docs = study_from_args(args, compare=False).documents
    cols = ["doc_id", "group", "corpus", "genre", "title", "publisher", "date", "words", "sentences"]
    cols += [c for c in ("wire_copy", "wire_agency") if c in docs.columns]
    cols += ["source_file", "status"]
    if args.format in ("json", "jsonl"):
        cols.append("text")
    return docs[[c for c in cols if c in docs.columns]]


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are :class:`CliError` (one ``error:`` line, exit code 2,
    the usage left out) instead of argparse's usage block; sub-parsers inherit it."""

    def error(self, message: str):
        raise CliError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m analysis", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    from analysis.cli.study_args import add_study_args

    add_study_args(sub.add_parser("documents", help=cmd_documents.__doc__))
    for extra in EXTRA_PARSERS:
        extra(sub)
    for p in {id(p): p for p in sub.choices.values()}.values():  # an alias maps to the same parser
        p.add_argument(
            "--lexicon",
            action="append",
            default=[],
            metavar="FILE.csv",
            help="a user lexicon (schema of analysis/lexicons/loaded.csv) that adds entries or "
            "overrides shipped ones by term; repeatable",
        )
        if any(a.dest in ("format", "out") for a in p._actions):
            p.add_argument(
                "--raw-csv",
                action="store_true",
                help="write CSV cells as they are (default: a cell starting with = + - @ tab "
                "or CR that is not a number gets a leading ' so spreadsheets show it as text)",
            )
    return parser


#: Functions that add further sub-commands (registered by other modules' ``register_cli``).
EXTRA_PARSERS: list[Callable] = []


_REGISTERED = False


def _register_optional_commands() -> None:
    """Import the modules that add sub-commands, once per process."""
    global _REGISTERED
    if _REGISTERED:
        return
    _REGISTERED = True
    import importlib

    for module in (
        "analysis.cli.measures",
        "analysis.cli.outputs",
        "analysis.cli.scale",
        "analysis.cli.compare",
        "analysis.cli.scorecard",
        "analysis.cli.validate",
        "analysis.cli.lexicon",
        "analysis.cli.roles",
    ):
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as err:
            if err.name != module:
                raise
            continue
        mod.register_cli(EXTRA_PARSERS, command)


def _known_errors() -> tuple[type[BaseException], ...]:
    """Exceptions that mean bad input or arguments, or a file system that refuses (a message, not a
    traceback): input errors and pandas parser errors are ValueErrors; unavailable baselines and
    benchmarks are reported by their own classes; paths that do not exist, are folders or cannot be
    written (permission, a read-only file system, a full disk) are OSErrors. Every file is written
    whole or not at all (:func:`analysis.pipeline.files.atomic_write`), so stopping there loses
    nothing that was written before."""
    from analysis.config import BenchmarkUnavailable
    from analysis.corpus.baselines import BaselineUnavailable
    from analysis.pipeline.files import OutputLocked
    from analysis.report.notebooks import NotebookFailed

    return (CliError, NotebookFailed, ValueError, BaselineUnavailable, BenchmarkUnavailable, OutputLocked, OSError)


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split()) or type(err).__name__
    return text if text.startswith("error:") else f"error: {text}"


def main(argv: list[str] | None = None) -> int:
    """Run one command; known errors become one ``error:`` line on stderr and exit code 2, Ctrl-C
    exit code 130, a closed output pipe (``| head``) exit code 141 with no message (no traceback
    unless ``FRAMING_DEBUG`` is set)."""
    _register_optional_commands()
    try:
        args = build_parser().parse_args(argv)
    except CliError as err:
        print(_one_line(err), file=sys.stderr)
        return 2
    if os.environ.get("FRAMING_DEBUG"):
        return _run(args)
    try:
        return _run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (``| head``): stop quietly, as a SIGPIPE would
        _drop_stdout()
        return 141
    except SystemExit as exit_:
        if isinstance(exit_.code, str):  # raise SystemExit("error: ...") in a command
            print(_one_line(SystemExit(exit_.code)), file=sys.stderr)
            return 2
        raise
    except Exception as err:
        if not isinstance(err, _known_errors()):
            raise
        print(_one_line(err), file=sys.stderr)
        return 2


def _drop_stdout() -> None:
    """Point standard output at the null device, so the interpreter's last flush into a pipe whose
    reader has gone does not print "Exception ignored ... BrokenPipeError"."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (tests capture it in memory)
        pass


def _run(args: argparse.Namespace) -> int:
    result = COMMANDS[args.command](args)
    if isinstance(result, int):
        return result
    emit(result, getattr(args, "format", "table"), raw_csv=getattr(args, "raw_csv", False))
    return 0
