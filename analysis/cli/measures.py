"""Sub-commands for the measures: ``spans`` (one span a line) and ``profile`` (alias ``score``: the
document profile of framing and sourcing measures; the source-reliability card is ``scorecard``).
Both read the study's tables (:func:`analysis.cli.study_args.study_from_args`), each row with its
document's ``group``."""

from __future__ import annotations

import argparse

SPAN_OUTPUT_COLUMNS = [
    "doc_id",
    "group",
    "start",
    "end",
    "text",
    "category",
    "subcategory",
    "entry",
    "voice",
    "sentence",
    "source_type",
    "lexicon_source",
    "probability",
    "context",
]


def register_cli(parsers: list, command) -> None:
    from analysis.cli.errors import CliError
    from analysis.cli.study_args import add_study_args, study_from_args

    def add(sub: argparse._SubParsersAction) -> None:
        p = sub.add_parser(
            "spans", help="every loaded/hedge/booster/attribution_cue/source span with offsets and voice"
        )
        add_study_args(p, default="jsonl")
        p.add_argument(
            "--category",
            action="append",
            default=None,
            metavar="CATEGORY",
            help="only these categories (repeatable): loaded, loaded_model, hedge, booster, "
            "attribution_cue, source, or a category of a --lexicon file",
        )
        p.add_argument("--quiet", action="store_true", help="no progress bar")
        p = sub.add_parser(
            "profile",
            aliases=["score"],
            help="the document profile: one row of framing and sourcing measures per document "
            "(alias: score; the source-reliability card is the scorecard command)",
        )
        add_study_args(p)
        p.add_argument("--quiet", action="store_true", help="no progress bar")

    parsers.append(add)

    @command("spans")
    def cmd_spans(args):
        """One span a line: doc_id, group, start, end, text, category, subcategory, entry, voice,
        sentence, source_type (source spans only), the entry's citation (or the model's), the
        model probability (loaded_model spans) and the context label."""
        study = study_from_args(args, compare=False)
        spans = study.spans
        if args.category:
            known = set(spans["category"]) | {"loaded", "loaded_model", "hedge", "booster", "attribution_cue", "source"}
            known |= set(study.context.extra_categories())
            unknown = sorted(set(args.category) - known)
            if unknown:
                raise CliError(f"unknown --category {', '.join(unknown)}; choose from {', '.join(sorted(known))}")
            spans = spans[spans["category"].isin(args.category)]
        return spans[SPAN_OUTPUT_COLUMNS].reset_index(drop=True)

    @command("profile")
    @command("score")
    def cmd_score(args):
        """The document profile (analysis.measures.profile), one row per document with its group
        (``profile``, or its older name ``score``; not the reliability ``scorecard``)."""
        prof = study_from_args(args, compare=False).profile
        return prof.drop(columns=[c for c in ("title",) if c in prof.columns])
