"""Sub-commands that write files: ``figures``, ``report`` and ``annotate``."""

from __future__ import annotations

import argparse
import sys


def register_cli(parsers: list, command) -> None:
    def add(sub: argparse._SubParsersAction) -> None:
        p = sub.add_parser("figures", help="rebuild every figure (PNG and SVG) into a folder")
        p.add_argument("--out", default=None, help="output folder (default: figures/)")
        p.add_argument("--fast", action="store_true", help="small baselines, for a quick look")
        p = sub.add_parser("report", help="execute the notebooks into HTML reports with an index page")
        p.add_argument("--out", default=None, help="output folder (default: reports/)")
        p.add_argument("--fast", action="store_true", help="run the notebooks with FAST=True")
        p.add_argument("--quiet", action="store_true", help="no progress lines")
        p = sub.add_parser("annotate", help="one HTML page per document with every span highlighted and labelled, "
                                            "plus an index page")
        p.add_argument("paths", nargs="*", help="files or folders (.txt/.md/.html, .csv, .jsonl)")
        p.add_argument("--baseline", action="append", default=[], metavar="NAME",
                       help="annotate the documents of a baseline corpus too")
        p.add_argument("--data-dir", help="folder with the shared baseline corpora (else $FRAMING_DATA_DIR)")
        p.add_argument("--topic", action="store_true", help="keep only baseline documents about Iraq/Iran")
        p.add_argument("--download", action="store_true", help="download a missing baseline (checksummed, cached)")
        p.add_argument("--out", required=True, help="output folder (written: one page per document, index.html)")
        p.add_argument("--quiet", action="store_true", help="no progress bar")

    parsers.append(add)

    @command("figures")
    def cmd_figures(args) -> int:
        from analysis.report.build import build_figures
        from analysis.config import FIGURES_DIR

        for path in build_figures(args.out or FIGURES_DIR, fast=args.fast):
            print(path)
        return 0

    @command("report")
    def cmd_report(args) -> int:
        from analysis.report.build import build_reports
        from analysis.config import REPORTS_DIR

        print(build_reports(args.out or REPORTS_DIR, fast=args.fast, quiet=args.quiet))
        return 0

    @command("annotate")
    def cmd_annotate(args) -> int:
        from pathlib import Path

        from analysis.cli.app import CliError, _report_problems, load_inputs
        from analysis.cli.progress import step_callback
        from analysis.report.annotate_pages import write_annotated

        if not args.paths and not args.baseline:
            raise CliError("annotate: give files or folders to read, or --baseline NAME")
        corpus = load_inputs(args.paths, args.baseline, args.data_dir, args.topic, args.download)
        _report_problems(corpus.report)
        if corpus.documents.empty:
            raise CliError("annotate: no documents were loaded from the inputs (see the messages above)")
        pages = write_annotated(corpus.documents, args.out, progress=step_callback("annotate", args.quiet))
        print(Path(args.out) / "index.html")
        print(f"wrote {len(pages)} annotated pages into {args.out}", file=sys.stderr)
        return 0
