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
from pathlib import Path

import pandas as pd

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


class CliError(Exception):
    """A problem with what the user asked for, reported as one ``error:`` line (exit code 2)."""


def emit(frame: pd.DataFrame, fmt: str, out=None, raw_csv: bool = False) -> None:
    """Write ``frame`` as csv, json (records), jsonl or a plain-text table. CSV cells that would
    run as spreadsheet formulas are neutralised unless ``raw_csv``; the table has no control
    characters (:mod:`analysis.cli.safe_output`)."""
    from analysis.cli.safe_output import display_frame, safe_csv_frame

    out = out or sys.stdout
    if fmt == "csv":
        (frame if raw_csv else safe_csv_frame(frame)).to_csv(out, index=False, lineterminator="\n")
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


def load_inputs(
    paths: list[str],
    baselines: list[str] | None,
    data_dir: str | None = None,
    topic: bool = False,
    download: bool = False,
    topic_terms=None,
):
    """Documents frame (and sentence frame, load report) from paths plus named baselines.

    The paths are read as the corpus of a :class:`analysis.corpus.groups.StudySpec` (``seeds`` when
    they are the project's seeds/ folder); with ``topic`` the baselines keep only the documents
    matching the spec's topic (``topic_terms``, else the seed study's Iraq/Iran list)."""
    from analysis.corpus.baselines import BaselineUnavailable, load_baseline, topic_filter
    from analysis.corpus.groups import StudySpec
    from analysis.corpus.load import Corpus, sentences_frame

    spec = StudySpec.from_params(
        corpus=[str(Path(p).resolve()) for p in paths or []],
        baselines=baselines,
        topic_terms=topic_terms,
        data_dir=data_dir,
    )
    parts, reports = [], []
    if paths:
        loaded = spec.load()
        docs = loaded.documents
        if "group" in docs.columns:
            docs["group"] = docs["group"].fillna("").astype(str)
        parts.append(docs)
        reports.append(loaded.report)
    pattern = spec.topic() if topic else None
    if topic and pattern is None:
        raise CliError("--topic needs --topic-terms WORDS (or FILE) for a corpus other than the seeds")
    for name in baselines or []:
        try:
            docs = load_baseline(name, data_dir=data_dir, download=download)
        except BaselineUnavailable as err:
            raise CliError(str(err)) from None
        if pattern is not None:
            docs = topic_filter(docs, pattern)
        parts.append(docs)
        reports.append(
            pd.DataFrame(
                {
                    "source_file": docs["source_file"],
                    "doc_id": docs["doc_id"],
                    "status": "loaded",
                    "reason": "",
                    "warnings": "",
                    "notes": "",
                }
            )
        )
    documents = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    report = pd.concat(reports, ignore_index=True) if reports else pd.DataFrame()
    return Corpus(documents, sentences_frame(documents) if len(documents) else pd.DataFrame(), report)


def grouped_documents(docs: pd.DataFrame, topic: bool = False) -> tuple[pd.DataFrame, str]:
    """Documents of a load with a ``group`` column and the label of the first studied group, the
    ``group_a`` of every comparison; the baselines are the references (``group_b``; ``<name>-topic``
    for topic-filtered baselines). An input document's group is its ``group`` column (a subfolder,
    a column or a manifest field), else its corpus name (``seeds`` for the seed study);
    ``docs.attrs["studied_groups"]`` lists every studied group.

    Repeated baseline texts (``duplicate_of``) and empty documents are dropped, as in
    :func:`analysis.corpus.groups.baseline_group`; a document id used twice stops the command."""
    from analysis.corpus.baselines import BASELINES

    if "duplicate_of" in docs.columns:
        docs = docs[docs["duplicate_of"].fillna("").astype(str) == ""]
    docs = docs[docs["words"] > 0].copy()
    is_base = docs["corpus"].isin(list(BASELINES))
    own = docs["group"].fillna("").astype(str) if "group" in docs.columns else pd.Series("", index=docs.index)
    docs["group"] = own.where(own.str.strip() != "", docs["corpus"].astype(str)).where(~is_base, docs["corpus"])
    if topic:
        docs.loc[is_base, "group"] = docs.loc[is_base, "group"] + "-topic"
    studied_groups = list(dict.fromkeys(docs.loc[~is_base, "group"])) or ["input"]
    if docs["doc_id"].duplicated().any():
        dup = docs.loc[docs["doc_id"].duplicated(), "doc_id"].tolist()
        raise CliError(f"document ids used twice: {dup[:5]}")
    docs.attrs["studied_groups"] = studied_groups
    return docs, studied_groups[0]


def _report_problems(report: pd.DataFrame) -> None:
    if report is None or report.empty:
        return
    for row in report.itertuples():
        if row.status != "loaded":
            print(f"{row.status}: {row.source_file}: {row.reason}", file=sys.stderr)
        elif row.warnings:
            print(f"warning: {row.source_file}: {row.warnings}", file=sys.stderr)


def _add_input_args(p: argparse.ArgumentParser, formats=FORMATS, default="table") -> None:
    """The input arguments every reading command shares; ``formats=None`` leaves out ``--format``
    (for commands that write files)."""
    p.add_argument("paths", nargs="*", help="files or folders (.txt/.md/.html, .csv, .jsonl)")
    p.add_argument(
        "--baseline",
        action="append",
        default=[],
        metavar="NAME",
        help="add a baseline corpus (lee, wikinews, whitehouse, state_dept, reuters, ag_news, bbc)",
    )
    p.add_argument("--data-dir", help="folder with the shared baseline corpora (else $FRAMING_DATA_DIR)")
    p.add_argument(
        "--topic",
        action="store_true",
        help="keep only baseline documents matching the topic terms (the seed study: Iraq/Iran)",
    )
    p.add_argument(
        "--topic-terms",
        default=None,
        metavar="FILE_OR_WORDS",
        help="topic keywords (comma-separated, or a file with one per line) for --topic and --mask-topic",
    )
    p.add_argument("--download", action="store_true", help="download a missing baseline (checksummed, cached)")
    if formats is not None:
        p.add_argument("--format", choices=formats, default=default)


@command("documents")
def cmd_documents(args) -> pd.DataFrame:
    """One row per document: id, title, publisher, date, words, sentences, source_file, status."""
    corpus = load_inputs(args.paths, args.baseline, args.data_dir, args.topic, args.download, args.topic_terms)
    _report_problems(corpus.report)
    cols = [
        "doc_id",
        "corpus",
        "genre",
        "title",
        "publisher",
        "date",
        "words",
        "sentences",
        "source_file",
        "status",
        "group",
    ]
    if args.format in ("json", "jsonl"):
        cols.append("text")
    docs = corpus.documents
    if docs.empty:
        return pd.DataFrame(columns=cols)
    if "group" not in docs.columns:
        docs = docs.assign(group="")
    return docs[cols]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    _add_input_args(sub.add_parser("documents", help=cmd_documents.__doc__))
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
    ):
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as err:
            if err.name != module:
                raise
            continue
        mod.register_cli(EXTRA_PARSERS, command)


def _known_errors() -> tuple[type[BaseException], ...]:
    """Exceptions that mean bad input or arguments (a message, not a traceback): input errors and
    pandas parser errors are ValueErrors; unavailable baselines and benchmarks are reported by
    their own classes; paths that do not exist, are folders or cannot be written are OSErrors."""
    from analysis.corpus.baselines import BaselineUnavailable
    from analysis.pipeline.files import OutputLocked
    from analysis.validate.gold import BenchmarkUnavailable

    return (
        CliError,
        ValueError,
        BaselineUnavailable,
        BenchmarkUnavailable,
        OutputLocked,
        FileNotFoundError,
        IsADirectoryError,
        NotADirectoryError,
        PermissionError,
        FileExistsError,
    )


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split()) or type(err).__name__
    return text if text.startswith("error:") else f"error: {text}"


def main(argv: list[str] | None = None) -> int:
    """Run one command; known errors become one ``error:`` line on stderr and exit code 2, Ctrl-C
    exit code 130 (no traceback unless ``FRAMING_DEBUG`` is set)."""
    _register_optional_commands()
    args = build_parser().parse_args(argv)
    if os.environ.get("FRAMING_DEBUG"):
        return _run(args)
    try:
        return _run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
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


def _run(args: argparse.Namespace) -> int:
    if getattr(args, "lexicon", None) and args.command != "lexicon":
        from analysis.measures.user_lexicon import set_user_lexicons

        try:
            set_user_lexicons(args.lexicon)
        except (ValueError, FileNotFoundError) as err:
            print(f"error: {err}", file=sys.stderr)
            return 2
    result = COMMANDS[args.command](args)
    if isinstance(result, int):
        return result
    emit(result, getattr(args, "format", "table"), raw_csv=getattr(args, "raw_csv", False))
    return 0
