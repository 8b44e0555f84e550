"""``python -m analysis score-stream``: profile a corpus larger than memory, resumably, locally or
on a Dask cluster (:mod:`analysis.pipeline.streaming`, :mod:`analysis.pipeline.scale`)."""

from __future__ import annotations

import argparse
import sys


def cmd_score_stream(args: argparse.Namespace) -> int:
    """Score INPUT (JSONL/CSV) chunk by chunk into --out (CSV/JSONL); prints a summary."""
    kwargs = dict(
        resume=args.resume,
        corpus=args.corpus,
        genre=args.genre,
        clean=args.clean,
        progress=not args.no_progress,
        safe_csv=not getattr(args, "raw_csv", False),
    )
    try:
        if args.engine == "dask":
            import importlib.util

            if importlib.util.find_spec("distributed") is None:
                raise SystemExit(
                    "error: --engine dask needs Dask; install it with pip install -c constraints.txt -e '.[scale]'"
                )
            from analysis.pipeline.scale import score_stream

            result = score_stream(
                args.input, args.out, args.chunk_size, scheduler=args.scheduler, n_workers=args.workers, **kwargs
            )
        else:
            if args.scheduler:
                raise SystemExit("error: --scheduler needs --engine dask")
            from analysis.pipeline.streaming import score_stream

            result = score_stream(args.input, args.out, args.chunk_size, **kwargs)
    except (ValueError, FileNotFoundError) as err:
        raise SystemExit(f"error: {err}") from None
    print(result.summary(), file=sys.stderr)
    return 0


def _add_parser(sub) -> None:
    p = sub.add_parser(
        "score-stream",
        help=cmd_score_stream.__doc__,
        description="Score a JSONL or CSV corpus chunk by chunk with bounded memory, appending the "
        "document profile to OUTPUT (CSV or JSONL by suffix). A manifest next to the "
        "output records finished chunks; --resume continues an interrupted run.",
    )
    p.add_argument(
        "input",
        help="a .jsonl/.ndjson or .csv file; text in text/body/content/article, id in id/doc_id (else the line number)",
    )
    p.add_argument("--out", required=True, help="output file, .csv or .jsonl")
    p.add_argument("--chunk-size", type=int, default=1000, metavar="N", help="records per chunk (default 1000)")
    p.add_argument("--engine", choices=("local", "dask"), default="local")
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler, e.g. tcp://host:8786 (default with --engine dask: a local cluster)",
    )
    p.add_argument(
        "--workers", type=int, metavar="N", help="worker processes of the local Dask cluster (default: number of cores)"
    )
    p.add_argument("--resume", action="store_true", help="continue an interrupted run (skip finished chunks)")
    p.add_argument("--corpus", help="corpus name for records without one (default: the input's file stem)")
    p.add_argument("--genre", default="unknown", help="genre for records without one")
    p.add_argument(
        "--clean", action="store_true", help="clean each text as load_corpus does (HTML, page furniture, sign-offs)"
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar")


def register_cli(parsers: list, command) -> None:
    """Add the score-stream sub-command (see :mod:`analysis.cli.app`)."""
    if _add_parser not in parsers:
        parsers.append(_add_parser)
    command("score-stream")(cmd_score_stream)
