"""Sub-commands that write files: ``figures``, ``report`` and ``annotate``, for the seed study (no
arguments) or for the user's corpus, with the study arguments every command takes
(:mod:`analysis.cli.study_args`: ``PATH... [--group G] [--reference R] [--pair A:B] [--baseline B]
[--topic-terms ...] [--max-docs N]``) and ``--out DIR``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _out_dir(args, default: Path, fast_default: Path, study=None) -> Path:
    """``--out``, but never the committed figures/ for a FAST preview, nor for a seed study that
    is missing baselines (figures from less data go to figures-available/, and it is said)."""
    from analysis.config import AVAILABLE_FIGURES_DIR, FIGURES_DIR

    out = Path(args.out) if args.out is not None else (fast_default if args.fast else default)
    if out.resolve() != FIGURES_DIR.resolve():
        return out
    if args.fast:
        print(f"note: --fast previews are not written over {out}; writing to {fast_default}", file=sys.stderr)
        return fast_default
    if study is not None and study.missing_baselines:
        print(
            f"note: {out}/ holds the figures of the full study; {len(study.missing_baselines)} baselines are not on "
            f"this computer ({', '.join(study.missing_baselines)}), so the figures of the available ones are written "
            f"to {AVAILABLE_FIGURES_DIR.name}/ instead",
            file=sys.stderr,
        )
        return AVAILABLE_FIGURES_DIR
    return out


def check_out_apart(args, out, compare: bool = True) -> None:
    """Stop (one ``error:`` line, exit 2) when the output folder ``out`` is an input of the study
    or lies inside one, or holds an input file (:func:`analysis.pipeline.files.check_output_apart`):
    pages and figures are never written over the user's texts, lexicons or the shared baselines."""
    from analysis import config
    from analysis.cli.study_args import spec_from_args
    from analysis.pipeline.files import check_output_apart

    spec = spec_from_args(args, compare)
    inputs = [*spec.corpus_paths, *spec.lexicons]
    data_dir = spec.data_dir or config.baseline_dir()
    if data_dir:
        inputs.append(str(data_dir))
    check_output_apart(out, inputs, folder=True)


def register_cli(parsers: list, command) -> None:
    from analysis.cli.study_args import add_study_args

    def add(sub: argparse._SubParsersAction) -> None:
        p = sub.add_parser("figures", help="rebuild every figure (PNG and SVG) into a folder")
        p.add_argument("--out", default=None, help="output folder (default: figures/, preview/ with --fast)")
        p.add_argument("--fast", action="store_true", help="small baselines, for a quick look (into preview/)")
        add_study_args(p, formats=None)
        p.add_argument("--quiet", action="store_true", help="no progress lines")
        p = sub.add_parser("report", help="execute the notebooks into HTML reports with an index page")
        p.add_argument("--out", default=None, help="output folder (default: reports/, preview/reports with --fast)")
        p.add_argument("--fast", action="store_true", help="run the notebooks with FAST=True")
        add_study_args(p, formats=None)
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
        add_study_args(p, formats=None)
        p.add_argument("--out", required=True, help="output folder (written: one page per document, index.html)")
        p.add_argument("--quiet", action="store_true", help="no progress bar")

    parsers.append(add)

    @command("figures")
    def cmd_figures(args) -> int:
        from analysis.cli.progress import step_lines
        from analysis.cli.study_args import study_from_args
        from analysis.config import FIGURES_DIR
        from analysis.report.build import PREVIEW_DIR, build_figures

        if args.out is not None:  # before the study is scored: a refusal comes at once
            check_out_apart(args, args.out)
        study = study_from_args(args)
        spec = study.spec
        default = FIGURES_DIR if spec.is_seed_study else Path("figures-" + Path(spec.corpus_paths[0]).name)
        out = _out_dir(args, default, PREVIEW_DIR, study)
        check_out_apart(args, out)
        for path in build_figures(out, study=study, progress=step_lines(args.quiet)):
            print(path)
        return 0

    @command("report")
    def cmd_report(args) -> int:
        from analysis.cli.progress import step_lines
        from analysis.cli.study_args import study_from_args
        from analysis.config import REPORTS_DIR
        from analysis.report.build import PREVIEW_DIR, build_figures, build_reports

        out = _out_dir(args, REPORTS_DIR, PREVIEW_DIR / "reports")
        check_out_apart(args, out)
        study = study_from_args(args)
        spec = study.spec
        figures_dir = None
        if not spec.is_seed_study or spec.fast:  # the study's own figures, beside its reports
            figures_dir = out / "figures"
            build_figures(figures_dir, study=study, progress=step_lines(args.quiet))
        elif study.missing_baselines:  # the seed study from fewer baselines: its own figures, not figures/
            from analysis.config import AVAILABLE_FIGURES_DIR

            figures_dir = AVAILABLE_FIGURES_DIR  # drawn again from the figure cache: quick
            build_figures(figures_dir, study=study, progress=step_lines(True))
        print(build_reports(out, study=study, figures_dir=figures_dir, quiet=args.quiet, use_cache=not args.rerun))
        return 0

    @command("annotate")
    def cmd_annotate(args) -> int:
        from analysis.cli.progress import step_callback
        from analysis.cli.study_args import study_from_args
        from analysis.report.annotate_pages import write_annotated

        check_out_apart(args, args.out, compare=False)
        study = study_from_args(args, compare=False)
        pages = write_annotated(
            study.documents,
            args.out,
            spans=study.spans,
            attributions=study.attributions,
            profile=study.profile,
            roles=study.roles,
            progress=step_callback("annotate", args.quiet),
        )
        print(Path(args.out) / "index.html")
        print(f"wrote {len(pages)} annotated pages into {args.out}", file=sys.stderr)
        return 0
