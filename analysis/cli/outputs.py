"""Sub-commands that write files: ``figures`` and ``report``, for the seed study (no arguments) or
for the user's corpus (``--corpus PATH... [--baseline NAME...] [--reference GROUP]
[--topic-terms FILE_OR_WORDS] --out DIR``), and ``annotate``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _study_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--corpus",
        action="append",
        default=[],
        metavar="PATH",
        help="files or folders of your texts (default: the seed study, seeds/); repeatable",
    )
    p.add_argument(
        "--group",
        action="append",
        default=[],
        metavar="NAME",
        dest="groups",
        help="keep only this corpus group (a subfolder or a group column value); repeatable",
    )
    p.add_argument(
        "--reference",
        default=None,
        metavar="GROUP",
        help="the reference group every other group is compared with (default: each baseline)",
    )
    p.add_argument(
        "--baseline",
        action="append",
        default=None,
        metavar="NAME",
        help="baseline corpus added as a group (default: all seven; lee is always available)",
    )
    p.add_argument(
        "--topic-terms",
        default=None,
        metavar="FILE_OR_WORDS",
        help="keywords (comma-separated, or a file with one per line) for topic-matched baselines",
    )
    p.add_argument("--data-dir", help="folder with the shared baseline corpora (else $FRAMING_DATA_DIR)")


def spec_from_args(args):
    """The :class:`analysis.corpus.groups.StudySpec` of a ``figures``/``report`` command line."""
    from analysis.corpus.groups import StudySpec

    return StudySpec.from_params(
        corpus=args.corpus,
        groups=args.groups,
        reference=args.reference,
        baselines=args.baseline,
        topic_terms=args.topic_terms,
        fast=args.fast,
        data_dir=args.data_dir,
    )


def _out_dir(args, default: Path, fast_default: Path) -> Path:
    """``--out``, but never the committed figures/ for a FAST preview."""
    from analysis.config import FIGURES_DIR

    if args.out is None:
        return fast_default if args.fast else default
    out = Path(args.out)
    if args.fast and out.resolve() == FIGURES_DIR.resolve():
        print(f"note: --fast previews are not written over {out}; writing to {fast_default}", file=sys.stderr)
        return fast_default
    return out


def register_cli(parsers: list, command) -> None:
    def add(sub: argparse._SubParsersAction) -> None:
        p = sub.add_parser("figures", help="rebuild every figure (PNG and SVG) into a folder")
        p.add_argument("--out", default=None, help="output folder (default: figures/, preview/ with --fast)")
        p.add_argument("--fast", action="store_true", help="small baselines, for a quick look (into preview/)")
        _study_args(p)
        p.add_argument("--quiet", action="store_true", help="no progress lines")
        p = sub.add_parser("report", help="execute the notebooks into HTML reports with an index page")
        p.add_argument("--out", default=None, help="output folder (default: reports/, preview/reports with --fast)")
        p.add_argument("--fast", action="store_true", help="run the notebooks with FAST=True")
        _study_args(p)
        p.add_argument("--quiet", action="store_true", help="no progress lines")
        p.add_argument(
            "--rerun",
            action="store_true",
            help="execute every notebook, even one whose page was rendered before from the same "
            "notebook, parameters, data and code",
        )
        p = sub.add_parser(
            "annotate", help="one HTML page per document with every span highlighted and labelled, plus an index page"
        )
        from analysis.cli.app import _add_input_args

        _add_input_args(p, formats=None)
        p.add_argument("--out", required=True, help="output folder (written: one page per document, index.html)")
        p.add_argument("--quiet", action="store_true", help="no progress bar")

    parsers.append(add)

    @command("figures")
    def cmd_figures(args) -> int:
        from analysis.cli.progress import step_lines
        from analysis.config import FIGURES_DIR
        from analysis.report.build import PREVIEW_DIR, build_figures, missing_baselines_note

        spec = spec_from_args(args)
        out = _out_dir(
            args, FIGURES_DIR if spec.is_seed_study else Path("figures-" + Path(spec.corpus[0]).name), PREVIEW_DIR
        )
        for path in build_figures(out, spec=spec, progress=step_lines(args.quiet)):
            print(path)
        if build_figures.missing:
            print("note: " + missing_baselines_note(build_figures.missing), file=sys.stderr)
        return 0

    @command("report")
    def cmd_report(args) -> int:
        from analysis.cli.progress import step_lines
        from analysis.config import REPORTS_DIR
        from analysis.report.build import PREVIEW_DIR, build_figures, build_reports, missing_baselines_note

        spec = spec_from_args(args)
        missing = spec.missing_baselines()
        out = _out_dir(args, REPORTS_DIR, PREVIEW_DIR / "reports")
        figures_dir = None
        if not spec.is_seed_study or spec.fast:  # the study's own figures, beside its reports
            figures_dir = out / "figures"
            build_figures(figures_dir, spec=spec, progress=step_lines(args.quiet))
        print(build_reports(out, spec=spec, figures_dir=figures_dir, quiet=args.quiet, use_cache=not args.rerun))
        if missing:
            print("note: " + missing_baselines_note(missing), file=sys.stderr)
        return 0

    @command("annotate")
    def cmd_annotate(args) -> int:
        from analysis.cli.app import CliError, _report_problems, load_inputs
        from analysis.cli.progress import step_callback
        from analysis.report.annotate_pages import write_annotated

        if not args.paths and not args.baseline:
            raise CliError("annotate: give files or folders to read, or --baseline NAME")
        corpus = load_inputs(args.paths, args.baseline, args.data_dir, args.topic, args.download, args.topic_terms)
        _report_problems(corpus.report)
        if corpus.documents.empty:
            raise CliError("annotate: no documents were loaded from the inputs (see the messages above)")
        pages = write_annotated(corpus.documents, args.out, progress=step_callback("annotate", args.quiet))
        print(Path(args.out) / "index.html")
        print(f"wrote {len(pages)} annotated pages into {args.out}", file=sys.stderr)
        return 0
