"""Command-line comparison of the input texts (default: the seeds) with neutral baselines.

* ``python -m analysis compare PATH... --baseline NAME... [--topic | --both]``: every profile
  measure, the input group against each baseline (:func:`analysis.compare.comparison.compare`);
* ``python -m analysis distinctive PATH... --baseline NAME [--ngram 1|2] [--top N]``: the terms
  most distinctive of each side (:func:`analysis.compare.distinctive.log_odds_groups`);
* ``python -m analysis classify PATH... --baseline NAME...``: out-of-fold advocacy-likeness of each
  input document (:func:`analysis.compare.classify.cross_validate`).

The PATH documents form the studied groups: a document's ``group`` column, subfolder or manifest
field, else the corpus name (``seeds`` when every path lies in the project's ``seeds/`` folder or
no path is given). Each baseline is its own group, ``<name>-topic`` with ``--topic``. Plain-language caveats go to standard error.
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

#: Columns shown by ``compare --format table`` (csv and json carry every column).
TABLE_COLUMNS = [
    "design",
    "measure",
    "group_a",
    "group_b",
    "n_a",
    "n_b",
    "mean_a",
    "mean_b",
    "cliffs_delta",
    "cliffs_delta_ci_low",
    "cliffs_delta_ci_high",
    "hedges_g",
    "p_perm",
    "p_holm",
    "p_holm_table",
]


def _input_args(p: argparse.ArgumentParser, max_docs: int | None) -> None:
    from analysis.cli.app import _add_input_args

    _add_input_args(p)
    p.add_argument(
        "--max-docs",
        type=int,
        default=max_docs,
        metavar="N",
        help=f"at most N documents per baseline, sampled deterministically (default {max_docs}; 0: all)",
    )


def add_parsers(sub) -> None:
    """Add the compare, distinctive and classify sub-commands to an argparse sub-parser set."""
    from analysis.compare.classify import MAX_DOCS, MODELS
    from analysis.compare.stats import N_RESAMPLES

    p = sub.add_parser(
        "compare",
        help="the PATH texts (default: the seeds) against each baseline, every measure: effect sizes, "
        "intervals, p and Holm-corrected p",
    )
    _input_args(p, MAX_DOCS)
    p.add_argument("--both", action="store_true", help="run the all-documents and the topic-matched designs together")
    p.add_argument(
        "--measure", action="append", default=None, metavar="NAME", help="compare only this measure (repeat)"
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--resamples", type=int, default=N_RESAMPLES, help=f"bootstrap/permutation resamples (default {N_RESAMPLES})"
    )

    p = sub.add_parser(
        "distinctive",
        help="terms most distinctive of the PATH texts and of the baseline (log-odds, informative Dirichlet prior)",
    )
    _input_args(p, None)
    p.add_argument("--ngram", type=int, choices=(1, 2), default=1, help="word n-gram length (default 1)")
    p.add_argument("--top", type=int, default=20, metavar="N", help="terms per side (default 20)")
    p.add_argument("--min-count", type=int, default=2, help="drop terms seen fewer times in both groups (default 2)")

    p = sub.add_parser(
        "classify",
        help="out-of-fold likeness of each input document to its group (one input "
        "document and one whole baseline corpus held out per fold)",
    )
    _input_args(p, MAX_DOCS)
    p.add_argument("--model", choices=MODELS, default="tfidf", help="tfidf (words) or profile (the measures)")
    p.add_argument(
        "--output",
        choices=("scores", "folds", "corpora", "features"),
        default="scores",
        help="what to print (default: per-document scores)",
    )
    p.add_argument("--all", action="store_true", help="with --output scores, list baseline documents too")
    p.add_argument("--jobs", type=int, default=1, help="folds run in parallel (default 1)")
    p.add_argument(
        "--mask-topic",
        action="store_true",
        help="tfidf: blank out the topic terms (--topic-terms; the seed study: Iraq/Iran names) before learning",
    )


def register_cli(parsers: list, command) -> None:
    """Hook for :func:`analysis.cli.app._register_optional_commands`."""
    if add_parsers not in parsers:
        parsers.append(add_parsers)
    command("compare")(cmd_compare)
    command("distinctive")(cmd_distinctive)
    command("classify")(cmd_classify)


# --------------------------------------------------------------------------------------------
# Loading the groups
# --------------------------------------------------------------------------------------------


def load_groups(args) -> tuple[pd.DataFrame, str]:
    """Documents with a ``group`` column from the command's inputs, and the studied group's label.

    Repeated baseline texts (``duplicate_of``) and empty documents are dropped, as in
    :func:`analysis.corpus.groups.baseline_group`. Raises SystemExit when there is no baseline, or when a
    studied text is also inside a baseline."""
    from analysis.cli.app import _report_problems, grouped_documents, load_inputs
    from analysis.config import SEEDS_DIR

    if not args.baseline:
        raise SystemExit("error: give at least one --baseline NAME")
    paths = list(args.paths) or [str(SEEDS_DIR)]
    corpus = load_inputs(paths, args.baseline, args.data_dir, args.topic, args.download, args.topic_terms)
    _report_problems(corpus.report)
    docs, studied = grouped_documents(corpus.documents, args.topic)
    if not (docs["group"] == studied).any():
        raise SystemExit("error: no input documents were loaded")
    mine = docs["group"].isin(docs.attrs.get("studied_groups", [studied]))
    if set(docs.loc[mine, "text"]) & set(docs.loc[~mine, "text"]):
        raise SystemExit(f"error: a {studied} text is also in a baseline; it cannot be compared with itself")
    out = docs.reset_index(drop=True)
    out.attrs = dict(docs.attrs)
    return out, studied


def _with_topic_groups(docs: pd.DataFrame, studied: str, pattern) -> pd.DataFrame:
    """Add each baseline's documents matching the topic ``pattern`` again as group ``<name>-topic``."""
    from analysis.corpus.baselines import topic_mask

    base = docs[~docs["group"].isin(docs.attrs.get("studied_groups", [studied]))]
    topical = base[topic_mask(base, pattern)].assign(group=lambda f: f["group"] + "-topic")
    out = pd.concat([docs, topical], ignore_index=True)
    out.attrs = dict(docs.attrs)
    return out


# --------------------------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------------------------


def cmd_compare(args) -> pd.DataFrame:
    """One row per measure and (input, baseline) pair: descriptives, Cliff's delta and Hedges' g with
    bootstrap intervals, permutation p, Holm-corrected p."""
    from analysis.compare.comparison import build_profile, compare, small_n_statement

    docs, studied = load_groups(args)
    if args.both:
        if args.topic:
            raise SystemExit("error: --both already includes the topic-matched design; drop --topic")
        from analysis.corpus.groups import StudySpec

        pattern = StudySpec.from_params(corpus=args.paths, topic_terms=args.topic_terms).topic()
        if pattern is None:
            raise SystemExit("error: --both needs --topic-terms WORDS (or FILE) for a corpus other than the seeds")
        docs = _with_topic_groups(docs, studied, pattern)
    designs = ("all", "topic-matched") if args.both else (("topic-matched",) if args.topic else ("all",))
    from analysis.cli.progress import progress_enabled, step_callback

    studied_groups = docs.attrs.get("studied_groups", [studied])
    profile = build_profile(
        documents=docs, max_docs=args.max_docs or None, progress=step_callback("profile", args.quiet)
    )
    if progress_enabled(args.quiet):
        print(f"comparing {profile['group'].nunique()} groups ({args.resamples:,} resamples)...", file=sys.stderr)
    tables = []
    for group in studied_groups:  # each studied group against every baseline (the reference)
        pair = profile[(profile["group"] == group) | ~profile["group"].isin(studied_groups)]
        table = compare(pair, studied=group, measures=args.measure, designs=designs, n_resamples=args.resamples)
        tables.append(table)
        sizes = pair.groupby("group").size()
        others = sizes.drop(group, errors="ignore")
        print(
            small_n_statement(
                int(sizes.get(group, 0)),
                int(others.min()) if len(others) else None,
                n_measures=len(table.attrs.get("measures", [])) or None,
                n_resamples=args.resamples,
                documents=docs[docs["group"] == group],
                label=group,
            ),
            file=sys.stderr,
        )
    table = pd.concat(tables, ignore_index=True) if len(tables) > 1 else tables[0]
    if args.format == "table":
        return table[TABLE_COLUMNS]
    return table


def cmd_distinctive(args) -> pd.DataFrame:
    """The --top terms most distinctive of the input texts and of the baseline(s) (pooled when several)."""
    from analysis.compare.comparison import cap_groups
    from analysis.compare.distinctive import log_odds_groups

    docs, studied = load_groups(args)
    docs = cap_groups(docs, args.max_docs or None, keep=(studied,))
    others = sorted(set(docs["group"]) - {studied})
    rest = others[0] if len(others) == 1 else True
    table = log_odds_groups(
        docs, "group", studied, rest=rest, ngram_range=(args.ngram, args.ngram), min_count=args.min_count
    )
    label_b = others[0] if len(others) == 1 else "+".join(others)
    top = table.head(args.top).assign(side=studied)
    bottom = table.iloc[::-1].head(args.top).assign(side=label_b)
    out = pd.concat([top, bottom[~bottom["term"].isin(top["term"])]], ignore_index=True)
    out.insert(0, "group_b", label_b)
    out.insert(0, "group_a", studied)
    cols = ["side", "term", "z", "log_odds", "count_a", "count_b", "per_1k_words_a", "per_1k_words_b"]
    return out[["group_a", "group_b", *cols]]


def cmd_classify(args) -> pd.DataFrame:
    """Out-of-fold advocacy-likeness per input document (each scored by models that never saw it)."""
    from analysis.compare.classify import cross_validate

    docs, studied = load_groups(args)
    mask = False
    if args.mask_topic:
        from analysis.corpus.groups import StudySpec

        mask = StudySpec.from_params(corpus=args.paths, topic_terms=args.topic_terms).topic()
        if mask is None:
            raise SystemExit(
                "error: --mask-topic needs --topic-terms WORDS (or FILE) for a corpus other than the seeds"
            )
    result = cross_validate(
        docs, model=args.model, positive=studied, max_docs=args.max_docs or None, n_jobs=args.jobs, mask_topic=mask
    )
    print(result.summary(), file=sys.stderr)
    if args.output == "folds":
        return result.folds
    if args.output == "corpora":
        return result.corpora
    if args.output == "features":
        return result.features
    scores = result.scores if args.all else result.seed_scores
    cols = ["doc_id", "group", "title", "score", "score_min", "score_max", "n_folds"]
    return scores[[c for c in cols if c in scores.columns]]
