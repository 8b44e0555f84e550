"""Sub-commands for the measures: ``spans`` (one span a line) and ``profile`` (alias ``score``: the
document profile of framing and sourcing measures; the source-reliability card is ``scorecard``)."""

from __future__ import annotations

import argparse

SPAN_OUTPUT_COLUMNS = [
    "doc_id",
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
    from analysis.cli.app import CliError, _add_input_args, _report_problems, load_inputs

    def loaded(args):
        """The inputs' corpus; CliError when nothing was given or nothing could be read."""
        if not args.paths and not args.baseline:
            raise CliError(f"{args.command}: give files or folders to read, or --baseline NAME")
        corpus = load_inputs(args.paths, args.baseline, args.data_dir, args.topic, args.download)
        _report_problems(corpus.report)
        if corpus.documents.empty:
            raise CliError(f"{args.command}: no documents were loaded from the inputs (see the messages above)")
        return corpus

    def add(sub: argparse._SubParsersAction) -> None:
        p = sub.add_parser(
            "spans", help="every loaded/hedge/booster/attribution_cue/source span with offsets and voice"
        )
        _add_input_args(p, default="jsonl")
        p.add_argument(
            "--category",
            action="append",
            default=None,
            metavar="CATEGORY",
            help="only these categories (repeatable): loaded, loaded_model, hedge, booster, "
            "attribution_cue, source, or a category of a --lexicon file",
        )
        p = sub.add_parser(
            "profile",
            aliases=["score"],
            help="the document profile: one row of framing and sourcing measures per document "
            "(alias: score; the source-reliability card is the scorecard command)",
        )
        _add_input_args(p)

    parsers.append(add)

    @command("spans")
    def cmd_spans(args):
        """One span a line: doc_id, start, end, text, category, subcategory, entry, voice,
        sentence, source_type (source spans only), the entry's citation (or the model's), the
        model probability (loaded_model spans) and the context label."""
        from analysis.measures.spans import corpus_spans

        corpus = loaded(args)
        spans = corpus_spans(corpus.documents)
        if args.category:
            spans = spans[spans["category"].isin(args.category)]
        return spans[SPAN_OUTPUT_COLUMNS].reset_index(drop=True)

    @command("profile")
    @command("score")
    def cmd_score(args):
        """The document profile (analysis.measures.profile), one row per document (``profile``,
        or its older name ``score``; not the reliability ``scorecard``)."""
        from analysis.measures.profile import profile_frame

        corpus = loaded(args)
        prof = profile_frame(corpus.documents)
        return prof.drop(columns=[c for c in ("title",) if c in prof.columns])
