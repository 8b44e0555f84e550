"""Sub-commands that write files: ``figures`` and ``report``."""

from __future__ import annotations

import argparse


def register_cli(parsers: list, command) -> None:
    def add(sub: argparse._SubParsersAction) -> None:
        p = sub.add_parser("figures", help="rebuild every figure (PNG and SVG) into a folder")
        p.add_argument("--out", default=None, help="output folder (default: figures/)")
        p.add_argument("--fast", action="store_true", help="small baselines, for a quick look")
        p = sub.add_parser("report", help="execute the notebooks into HTML reports with an index page")
        p.add_argument("--out", default=None, help="output folder (default: reports/)")
        p.add_argument("--fast", action="store_true", help="run the notebooks with FAST=True")

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

        print(build_reports(args.out or REPORTS_DIR, fast=args.fast))
        return 0
