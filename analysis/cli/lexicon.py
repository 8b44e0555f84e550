"""Sub-command ``lexicon show|check FILE``: inspect or validate a lexicon file (a shipped lexicon
by name, or a user lexicon in the schema of ``loaded.csv``). A bad file ends with one ``error:``
line naming the row and column, exit code 2, as every bad input does."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register_cli(parsers: list, command) -> None:
    def add(sub: argparse._SubParsersAction) -> None:
        p = sub.add_parser("lexicon", help="show or check a lexicon file (shipped name or FILE.csv)")
        p.add_argument("action", choices=("show", "check"))
        p.add_argument("file", help="a lexicon name (loaded, hedges, boosters) or a CSV file")
        p.add_argument("--format", choices=("csv", "json", "jsonl", "table"), default="table")

    parsers.append(add)

    @command("lexicon")
    def cmd_lexicon(args):
        import pandas as pd

        from analysis.measures.lexicon import LEXICON_CATEGORIES, load_lexicon
        from analysis.measures.user_lexicon import summarise

        shipped = args.file in LEXICON_CATEGORIES
        # a bad file (missing, not CSV, a bad row, a regex with nested quantifiers) is a ValueError or
        # FileNotFoundError: one error line naming the row and column, exit code 2 (analysis.cli.app)
        if shipped:
            df = load_lexicon(args.file)
            table = df[["term", "kind", "category", "subcategory", "source"]]
        else:
            table = summarise(args.file)
        if args.action == "show":
            return table
        name = args.file if shipped else Path(args.file).name
        counts = table["action"].str.split(" ").str[0].value_counts().to_dict() if "action" in table else {}
        print(
            f"ok: {name}: {len(table)} entries"
            + (f" ({', '.join(f'{v} {k}' for k, v in counts.items())})" if counts else ""),
            file=sys.stderr,
        )
        return pd.DataFrame({"file": [name], "entries": [len(table)], "status": ["ok"]})
