"""``python -m analysis scorecard PATH... [--baseline NAME...]``: the source-reliability scorecard
(:mod:`analysis.compare.scorecard`) of every document, one row each.

The PATH documents form one group (``seeds`` when every path lies in the project's ``seeds/``
folder, or when neither a path nor a baseline is given: the seeds are then loaded; ``input``
otherwise); each baseline is its own group. ``--output`` chooses the table: ``scorecard`` (one
row per document, default), ``claims`` (one row per attributed statement), ``sentences`` (every
sentence with its unattributed-assertion classification), ``responses`` (other-side sentences),
``sensitivity`` (index weight sensitivity of the input documents against the baselines) or
``compare`` (each baseline against the input group, every component). The scorecard measures
how checkable the sourcing is, never whether a claim is true; a reminder goes to standard error.
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
    from analysis.cli.app import _add_input_args

    p = sub.add_parser(
        "scorecard",
        help="source-reliability scorecard per document: source types of the claims, "
        "unattributed assertions, checkable details, the other side's response, "
        "hedging of anonymous claims (the measures profile is the profile command)",
    )
    _add_input_args(p)
    p.add_argument("--output", choices=OUTPUTS, default="scorecard", help="which table to print (default: scorecard)")
    p.add_argument(
        "--max-docs",
        type=int,
        default=None,
        metavar="N",
        help="at most N documents per baseline, sampled deterministically (default: all)",
    )
    p.add_argument(
        "--weights",
        type=int,
        default=1000,
        metavar="N",
        help="random Dirichlet weight vectors for --output sensitivity (default 1000, seed 0)",
    )


def register_cli(parsers: list, command) -> None:
    """Hook for :func:`analysis.cli.app._register_optional_commands`."""
    if add_parser not in parsers:
        parsers.append(add_parser)
    command("scorecard")(cmd_scorecard)


def load_documents(args) -> tuple[pd.DataFrame, str]:
    """Documents with a ``group`` column, and the input group's label."""
    from analysis.cli.app import _report_problems, grouped_documents, load_inputs
    from analysis.compare.comparison import cap_groups
    from analysis.config import SEEDS_DIR

    paths = list(args.paths) or ([] if args.baseline else [str(SEEDS_DIR)])
    corpus = load_inputs(paths, args.baseline, args.data_dir, args.topic, args.download, args.topic_terms)
    _report_problems(corpus.report)
    if corpus.documents.empty:
        raise SystemExit("error: no documents were loaded")
    docs, studied = grouped_documents(corpus.documents, args.topic)
    docs = cap_groups(docs, args.max_docs or None, keep=(studied,))
    return docs.reset_index(drop=True), studied


def cmd_scorecard(args) -> pd.DataFrame:
    """The requested scorecard table (see module docstring)."""
    from analysis.compare.scorecard import (
        INDEX_FORMULA,
        build_scorecard,
        compare_scorecard,
        reliability_index,
        weight_sensitivity,
    )

    docs, studied = load_documents(args)
    card = build_scorecard(docs, group_col="group")
    card.table["reliability_index"] = reliability_index(card.table)
    print(
        "The scorecard measures how checkable the sourcing is, not whether the claims are true. " + INDEX_FORMULA,
        file=sys.stderr,
    )
    has_other = (card.table["group"] != studied).any() and (card.table["group"] == studied).any()
    if args.output in ("sensitivity", "compare") and not has_other:
        raise SystemExit(f"error: --output {args.output} needs input documents and at least one --baseline")
    if args.output == "claims":
        return card.claims
    if args.output == "sentences":
        return card.sentences
    if args.output == "responses":
        return card.responses
    if args.output == "sensitivity":
        table = weight_sensitivity(card.table, "group", studied=studied, n_weights=args.weights)
        print(
            f"Share of {args.weights} random weight vectors (Dirichlet(1), seed 0) under which every {studied} "
            f"document is below the pooled baselines' median: {table.attrs['share_all_below']:.3f}",
            file=sys.stderr,
        )
        return table
    if args.output == "compare":
        return compare_scorecard(card.table, "group", studied=studied)
    if args.format == "table":
        return card.table[[c for c in TABLE_COLUMNS if c in card.table.columns]]
    return card.table
