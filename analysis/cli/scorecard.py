"""``python -m analysis scorecard PATH... [study arguments]``: the source-reliability scorecard
(:mod:`analysis.compare.scorecard`) of every document of a study, one row each.

The study is read as every command reads it (:mod:`analysis.cli.study_args`). ``--output``
chooses the table: ``scorecard`` (one row per document, default), ``claims`` (one row per
attributed statement), ``sentences`` (every sentence with its unattributed-assertion
classification), ``responses`` (other-side sentences) (for these four, baselines only when
named), ``sensitivity`` (index weight sensitivity of each comparison) or ``compare`` (each
comparison of the study, every component; the comparisons are said on standard error). The
scorecard measures how checkable the sourcing is, never whether a claim is true; a reminder goes
to standard error.
"""

from __future__ import annotations

import sys

import pandas as pd

OUTPUTS = ("scorecard", "claims", "sentences", "responses", "sensitivity", "compare")
#: Columns of ``--output scorecard --format table`` (csv and json carry every column).
TABLE_COLUMNS = [
    "doc_id",
    "group",
    "claims",
    "named_source_share",
    "source_anonymous_unverifiable_share",
    "source_self_reference_share",
    "unattributed_assertion_share",
    "checkable_details_per_1k",
    "other_side_response",
    "anonymous_claims",
    "anonymous_claims_hedged_share",
    "reliability_index",
]


def add_parser(sub) -> None:
    """Add the ``scorecard`` sub-command to an argparse sub-parser set."""
    from analysis.cli.study_args import add_study_args, positive_int

    p = sub.add_parser(
        "scorecard",
        help="source-reliability scorecard per document: source types of the claims, "
        "unattributed assertions, checkable details, the other side's response, "
        "hedging of anonymous claims (the measures profile is the profile command)",
    )
    add_study_args(p)
    p.add_argument("--output", choices=OUTPUTS, default="scorecard", help="which table to print (default: scorecard)")
    p.add_argument(
        "--weights",
        type=positive_int,
        default=1000,
        metavar="N",
        help="random Dirichlet weight vectors for --output sensitivity (default 1000, seed 0)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def register_cli(parsers: list, command) -> None:
    """Hook for :func:`analysis.cli.app._register_optional_commands`."""
    if add_parser not in parsers:
        parsers.append(add_parser)
    command("scorecard")(cmd_scorecard)


def cmd_scorecard(args) -> pd.DataFrame:
    """The requested scorecard table (see module docstring)."""
    from analysis.cli.errors import CliError
    from analysis.cli.study_args import study_from_args
    from analysis.compare.scorecard import INDEX_FORMULA, compare_scorecard, study_scorecard, weight_sensitivity

    comparing = args.output in ("sensitivity", "compare")
    study = study_from_args(args, compare=comparing)
    card = study_scorecard(study)
    print(
        "The scorecard measures how checkable the sourcing is, not whether the claims are true. " + INDEX_FORMULA,
        file=sys.stderr,
    )
    if args.output == "claims":
        return card.claims
    if args.output == "sentences":
        return card.sentences
    if args.output == "responses":
        return card.responses
    if comparing:
        pairs = study.comparisons()
        if not pairs:
            groups = ", ".join(dict.fromkeys(study.documents["group"]))
            raise CliError(
                f"--output {args.output}: nothing to compare (groups: {groups}); name --reference, --pair or --baseline"
            )
        print(study.spec.describe_comparisons(study.documents), file=sys.stderr)
        parts = []
        for a, b in pairs:
            pair = card.table[card.table["group"].isin([a, b])]
            if args.output == "compare":
                parts.append(compare_scorecard(pair, "group", studied=a))
            else:
                table = weight_sensitivity(pair, "group", studied=a, n_weights=args.weights)
                print(
                    f"{a} vs {b}: share of {args.weights} random weight vectors (Dirichlet(1), seed 0) under which "
                    f"every {a} document is below the {b} median: {table.attrs['share_all_below']:.3f}",
                    file=sys.stderr,
                )
                parts.append(table.assign(group_a=a, group_b=b))
        return pd.concat(parts, ignore_index=True)
    if args.format == "table":
        return card.table[[c for c in TABLE_COLUMNS if c in card.table.columns]]
    return card.table
