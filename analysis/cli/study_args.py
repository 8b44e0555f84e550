"""The study arguments every command takes, and the one road from them to a study.

``documents, spans, profile, compare, distinctive, classify, scorecard, annotate, figures, report``
all read the same arguments (:func:`add_study_args`): corpus paths (positional, or ``--corpus``),
``--group`` (studied groups), ``--reference`` (a corpus group or a baseline), ``--baseline``,
``--pair A:B``, ``--topic-terms``, ``--max-docs`` and ``--lexicon`` (added to every parser by
:func:`analysis.cli.app.build_parser`). :func:`study_from_args` turns them into a
:class:`~analysis.corpus.study.StudySpec` and builds the study with
:func:`analysis.pipeline.study.build_study`: the same study the notebooks and the Python API get.

Commands that only read and score documents (``documents``, ``spans``, ``profile``, ``annotate``,
``scorecard``'s per-document tables) add baselines only when they are named; the comparing
commands follow the study's default (:mod:`analysis.corpus.study`).
"""

from __future__ import annotations

import argparse
import sys

__all__ = ["add_study_args", "spec_from_args", "study_from_args", "non_negative_int", "positive_int"]


def non_negative_int(value: str) -> int:
    """An argparse type: a whole number >= 0."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more, got {n}")
    return n


def positive_int(value: str) -> int:
    """An argparse type: a whole number >= 1."""
    n = non_negative_int(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {n}")
    return n


def add_study_args(p: argparse.ArgumentParser, formats=("csv", "json", "jsonl", "table"), default="table") -> None:
    """The study arguments (module docstring); ``formats=None`` leaves out ``--format`` (commands
    that write files)."""
    p.add_argument(
        "paths", nargs="*", help="files or folders of your texts (.txt/.md/.html, .csv, .jsonl); none: the seed study"
    )
    p.add_argument("--corpus", action="append", default=[], metavar="PATH", help="a corpus path (same as a PATH)")
    p.add_argument(
        "--group",
        action="append",
        default=[],
        dest="groups",
        metavar="NAME",
        help="a studied group (a subfolder, group column value or manifest field); repeatable",
    )
    p.add_argument(
        "--reference",
        action="append",
        default=[],
        dest="references",
        metavar="NAME",
        help="compare every studied group with this group (a corpus group or a baseline); repeatable",
    )
    p.add_argument(
        "--baseline",
        action="append",
        default=None,
        metavar="NAME",
        help="add a baseline corpus as a group (lee, wikinews, whitehouse, state_dept, reuters, ag_news, bbc)",
    )
    p.add_argument(
        "--pair",
        action="append",
        default=[],
        dest="pairs",
        metavar="A:B",
        help="one explicit comparison, group A minus group B; repeatable",
    )
    p.add_argument(
        "--topic",
        action="store_true",
        help="the topic-matched design: baselines cut to their documents matching the topic terms",
    )
    p.add_argument(
        "--topic-terms",
        default=None,
        metavar="FILE_OR_WORDS",
        help="topic keywords (comma-separated, or a file with one per line) for the topic-matched design",
    )
    p.add_argument(
        "--max-docs",
        type=non_negative_int,
        default=None,
        metavar="N",
        help="at most N documents per group, a fixed random sample (default: all)",
    )
    p.add_argument(
        "--with",
        action="append",
        default=None,
        dest="analyses",
        metavar="NAMES",
        help="analyses beyond the default profile to run: techniques, frames, agency, roles, bias "
        "(comma-separated, or all; figures and report run all of them)",
    )
    p.add_argument(
        "--publisher-from-group",
        action="store_true",
        help="a document with no publisher takes its group's name (one folder per outlet)",
    )
    p.add_argument(
        "--no-wire-copy",
        action="store_true",
        help='leave out documents with a wire credit ("Washington (AFP) -"): measure each outlet in its own voice',
    )
    p.add_argument(
        "--follow-links",
        action="store_true",
        help="also read files and folders that symbolic links in a corpus folder point to outside it "
        "(default: skipped, with a line in the load report)",
    )
    p.add_argument("--data-dir", help="folder with the shared baseline corpora (else $FRAMING_DATA_DIR)")
    p.add_argument("--download", action="store_true", help="download a missing baseline (checksummed, cached)")
    if formats is not None:
        p.add_argument("--format", choices=formats, default=default)


def spec_from_args(args, compare: bool = True, fast: bool | None = None):
    """The :class:`analysis.corpus.study.StudySpec` of a command line. ``compare=False`` (commands
    that do not compare): baselines only when named."""
    from analysis.corpus.study import StudySpec

    baselines = getattr(args, "baseline", None)
    if not compare and baselines is None and not getattr(args, "references", None) and not getattr(args, "pairs", None):
        baselines = []
    from analysis.measures.extras import REPORT_ANALYSES

    analyses = getattr(args, "analyses", None)
    if analyses is None:
        analyses = REPORT_ANALYSES if getattr(args, "command", "") in ("figures", "report") else ()
    return StudySpec.from_params(
        corpus=[*getattr(args, "paths", []), *getattr(args, "corpus", [])],
        groups=getattr(args, "groups", None),
        reference=getattr(args, "references", None),
        baselines=baselines,
        topic_terms=getattr(args, "topic_terms", None),
        fast=bool(getattr(args, "fast", False) if fast is None else fast),
        max_docs=getattr(args, "max_docs", None),
        data_dir=getattr(args, "data_dir", None),
        pairs=getattr(args, "pairs", None),
        lexicons=getattr(args, "lexicon", None),
        download=bool(getattr(args, "download", False)),
        publisher_from_group=bool(getattr(args, "publisher_from_group", False)),
        wire_copy=not getattr(args, "no_wire_copy", False),
        follow_links=bool(getattr(args, "follow_links", False)),
        analyses=analyses,
    )


def study_from_args(args, compare: bool = True, quiet: bool | None = None):
    """The :class:`analysis.pipeline.study.Study` of a command line (see :func:`spec_from_args`):
    missing input paths and empty corpora stop with one error line; the load report's skips and
    warnings (each kind once) and the study's notes go to standard error; scoring shows progress."""
    from analysis.cli.errors import CliError
    from analysis.cli.progress import step_callback
    from analysis.pipeline.study import build_study

    quiet = bool(getattr(args, "quiet", False)) if quiet is None else quiet
    spec = spec_from_args(args, compare)
    for path in spec.corpus:
        from pathlib import Path

        if not Path(path).expanduser().exists():
            raise CliError(f"{path}: no such file or folder")
    study = build_study(spec, progress=step_callback("scoring", quiet, unit="word"))
    report_problems(study.report)
    for line in study.notes:
        print(f"note: {line}", file=sys.stderr)
    if study.missing_baselines:
        from analysis.report.build import missing_baselines_note

        print("note: " + missing_baselines_note(study.missing_baselines), file=sys.stderr)
    if study.documents.empty:
        raise CliError(f"{args.command}: no documents were loaded from the inputs (see the messages above)")
    if getattr(args, "topic", False) and args.command != "compare":  # compare runs the topic design itself
        if spec.topic() is None:
            raise CliError("--topic needs --topic-terms WORDS (or FILE) for a corpus other than the seeds")
        study = study.topic()
    return study


def report_problems(report, stream=None) -> None:
    """The load report's skipped inputs (one line each) and warnings (each distinct warning once,
    with the number of files it concerns) on standard error."""
    from analysis.cli.safe_output import terminal_safe

    stream = stream or sys.stderr
    if report is None or report.empty:
        return
    warned: dict[str, list[str]] = {}
    for row in report.itertuples():
        if row.status not in ("loaded", "metadata"):
            print(terminal_safe(f"{row.status}: {row.source_file}: {row.reason}"), file=stream)
        elif row.warnings:
            for w in str(row.warnings).split("; "):
                warned.setdefault(w, []).append(str(row.source_file))
    for w, files in warned.items():
        where = files[0] if len(files) == 1 else f"{len(files)} files, e.g. {files[0]}"
        print(terminal_safe(f"warning: {w} ({where})"), file=stream)
