"""Command-line comparisons of a study's groups (:mod:`analysis.cli.study_args`):

* ``python -m analysis compare PATH... [--group G] [--reference R | --pair A:B] [--topic | --both]``:
  every profile measure, for each comparison of the study
  (:func:`analysis.compare.comparison.compare_study`);
* ``python -m analysis distinctive PATH... [...] [--ngram 1|2] [--top N] [--stop-words]``: the terms
  most distinctive of each side of each comparison (:func:`analysis.compare.distinctive.log_odds_groups`);
* ``python -m analysis classify PATH... [...]``: out-of-fold likeness of each document of a
  comparison's first group to that group (:func:`analysis.compare.classify.cross_validate`).

Which comparisons run is the study's decision (:meth:`analysis.corpus.study.StudySpec.comparisons`),
said on standard error before the table; nothing is picked silently. Plain-language caveats go to
standard error too.
"""

from __future__ import annotations

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
    "family",
]
#: Default cap per group for ``classify`` (its K x folds fits grow with the group sizes).
CLASSIFY_MAX_DOCS = 150


def add_parsers(sub) -> None:
    """Add the compare, distinctive and classify sub-commands to an argparse sub-parser set."""
    from analysis.cli.study_args import add_study_args, positive_int
    from analysis.compare.classify import MODELS
    from analysis.compare.stats import N_RESAMPLES

    p = sub.add_parser(
        "compare",
        help="each comparison of the study, every measure: effect sizes, intervals, p and Holm-corrected p",
    )
    add_study_args(p)
    p.add_argument("--both", action="store_true", help="run the all-documents and the topic-matched designs together")
    p.add_argument(
        "--measure", action="append", default=None, metavar="NAME", help="compare only this measure (repeat)"
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar and no caveats on standard error")
    p.add_argument(
        "--resamples",
        type=positive_int,
        default=N_RESAMPLES,
        help=f"bootstrap/permutation resamples (default {N_RESAMPLES}; at least 1)",
    )

    p = sub.add_parser(
        "distinctive",
        help="terms most distinctive of each side of each comparison (log-odds, informative Dirichlet prior)",
    )
    add_study_args(p)
    p.add_argument("--ngram", type=int, choices=(1, 2), default=1, help="word n-gram length (default 1)")
    p.add_argument("--top", type=positive_int, default=20, metavar="N", help="terms per side (default 20)")
    p.add_argument(
        "--min-count", type=positive_int, default=2, help="drop terms seen fewer times in both groups (default 2)"
    )
    p.add_argument(
        "--stop-words",
        action="store_true",
        help="leave out English function words (scikit-learn's list) and terms made only of them",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")

    p = sub.add_parser(
        "classify",
        help="out-of-fold likeness of each document of a comparison's first group to that group",
    )
    add_study_args(p)
    p.set_defaults(max_docs=CLASSIFY_MAX_DOCS)
    p.add_argument("--model", choices=MODELS, default="tfidf", help="tfidf (words) or profile (the measures)")
    p.add_argument(
        "--output",
        choices=("scores", "folds", "corpora", "features"),
        default="scores",
        help="what to print (default: per-document scores)",
    )
    p.add_argument("--all", action="store_true", help="with --output scores, list the other groups' documents too")
    p.add_argument("--jobs", type=positive_int, default=1, help="folds run in parallel (default 1)")
    p.add_argument(
        "--mask-topic",
        action="store_true",
        help="tfidf: blank out the topic terms (--topic-terms; the seed study: Iraq/Iran names) before learning",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def register_cli(parsers: list, command) -> None:
    """Hook for :func:`analysis.cli.app._register_optional_commands`."""
    if add_parsers not in parsers:
        parsers.append(add_parsers)
    command("compare")(cmd_compare)
    command("distinctive")(cmd_distinctive)
    command("classify")(cmd_classify)


def _study(args):
    """The study of the command line, with the comparisons it will run said on standard error;
    CliError (one line, exit 2) when there is nothing to compare."""
    from analysis.cli.errors import CliError
    from analysis.cli.study_args import study_from_args

    study = study_from_args(args)
    pairs = study.comparisons()
    if not pairs:
        groups = ", ".join(dict.fromkeys(study.documents["group"]))
        raise CliError(
            f"{args.command}: nothing to compare (groups: {groups}); name --reference GROUP, --pair A:B or --baseline NAME"
        )
    print(study.spec.describe_comparisons(study.documents), file=sys.stderr)
    return study


# --------------------------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------------------------


def cmd_compare(args) -> pd.DataFrame:
    """One row per design, comparison and measure: descriptives, Cliff's delta and Hedges' g with
    bootstrap intervals, permutation p, Holm-corrected p (per comparison and over the family)."""
    from analysis.cli.errors import CliError
    from analysis.compare.comparison import compare_study
    from analysis.report.narrative import design_sentences

    if args.both and args.topic:
        raise CliError("--both already includes the topic-matched design; drop --topic")
    study = _study(args)
    designs = ("all", "topic-matched") if args.both else (("topic-matched",) if args.topic else ("all",))
    if "topic-matched" in designs and study.spec.topic() is None:
        raise CliError("the topic-matched design needs --topic-terms WORDS (or FILE) for a corpus other than the seeds")
    if args.measure:
        unknown = sorted(set(args.measure) - set(study.profile.columns))
        if unknown:
            raise CliError(f"unknown --measure {', '.join(unknown)}")
    table = compare_study(study, measures=args.measure, designs=designs, n_resamples=args.resamples)
    if not args.quiet:
        for line in design_sentences(study, table, n_resamples=args.resamples):
            print(line, file=sys.stderr)
    if args.format == "table":
        return table[TABLE_COLUMNS]
    return table


def cmd_distinctive(args) -> pd.DataFrame:
    """The --top terms most distinctive of each side of each comparison of the study."""
    from analysis.compare.distinctive import log_odds_groups

    study = _study(args)
    docs = study.documents
    parts = []
    for a, b in study.comparisons():
        pair = docs[docs["group"].isin([a, b])]
        table = log_odds_groups(
            pair,
            "group",
            a,
            rest=b,
            ngram_range=(args.ngram, args.ngram),
            min_count=args.min_count,
            stop_words="english" if args.stop_words else None,
        )
        top = table.head(args.top).assign(side=a)
        bottom = table.iloc[::-1].head(args.top).assign(side=b)
        out = pd.concat([top, bottom[~bottom["term"].isin(top["term"])]], ignore_index=True)
        out.insert(0, "group_b", b)
        out.insert(0, "group_a", a)
        parts.append(out)
    cols = [
        "group_a",
        "group_b",
        "side",
        "term",
        "z",
        "log_odds",
        "count_a",
        "count_b",
        "per_1k_words_a",
        "per_1k_words_b",
    ]
    return pd.concat(parts, ignore_index=True)[cols]


def cmd_classify(args) -> pd.DataFrame:
    """Out-of-fold likeness of each document of a comparison's first group to that group (each
    document scored by models that never saw it), one classifier per first group against all the
    second groups it is compared with."""
    from analysis.cli.errors import CliError
    from analysis.compare.classify import classify_pair

    study = _study(args)
    if args.mask_topic and study.spec.topic() is None:
        raise CliError("--mask-topic needs --topic-terms WORDS (or FILE) for a corpus other than the seeds")
    negatives: dict[str, list[str]] = {}
    for a, b in study.comparisons():
        negatives.setdefault(a, []).append(b)
    parts = []
    for positive, others in negatives.items():
        result = classify_pair(study, positive, others, model=args.model, n_jobs=args.jobs, mask_topic=args.mask_topic)
        print(result.summary(), file=sys.stderr)
        if args.output == "folds":
            part = result.folds
        elif args.output == "corpora":
            part = result.corpora
        elif args.output == "features":
            part = result.features
        else:
            scores = result.scores if args.all else result.seed_scores
            cols = ["doc_id", "group", "title", "score", "score_min", "score_max", "n_folds"]
            part = scores[[c for c in cols if c in scores.columns]]
        parts.append(part.assign(positive=positive, compared_with="+".join(others)))
    return pd.concat(parts, ignore_index=True)
