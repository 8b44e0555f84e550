"""Sub-commands ``validate`` (detectors against external gold, beside naive baselines),
``train-loaded`` (learn loaded-language lexicon entries and the token model from PTC train) and
``train-attribution`` (the attribution CRF tagger from PolNeAR train)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def register_cli(parsers: list, command) -> None:
    def add(sub: argparse._SubParsersAction) -> None:
        p = sub.add_parser("validate", help="score every detector and the naive baselines on the gold benchmarks")
        p.add_argument(
            "--benchmark",
            action="append",
            default=[],
            metavar="NAME",
            help="ptc, babe, polnear, szeged or source_types (repeatable; default: all)",
        )
        p.add_argument(
            "--data",
            default=None,
            metavar="DIR",
            help="benchmark folder (else $FRAMING_BENCHMARK_DIR, else ../shared/benchmarks)",
        )
        p.add_argument(
            "--fast",
            action="store_true",
            help="small fixed samples (first documents of each benchmark), shipped detectors, no CV",
        )
        p.add_argument("--n-boot", type=int, default=None, help="bootstrap resamples for the CIs")
        p.add_argument(
            "--out",
            default=None,
            help="also write the results CSV here (default: reports/validation.csv for a full run, "
            "nothing for --fast; '-' to write nothing)",
        )
        p.add_argument(
            "--record",
            action="store_true",
            help="compute the validation tables the figures and notebook 06 read and record them in "
            "docs/validation/ (read while the code, models and gold data are unchanged)",
        )
        p.add_argument("--format", choices=("csv", "json", "jsonl", "table"), default="table")
        p = sub.add_parser(
            "train-loaded", help="learn loaded-language lexicon entries and the token model from SemEval PTC train"
        )
        p.add_argument("--data", default=None, metavar="DIR", help="benchmark folder")
        p.add_argument(
            "--no-lexicon",
            action="store_true",
            help="do not rewrite the learned rows of loaded.csv (learned from the PTC train split)",
        )
        p.add_argument("--no-babe", action="store_true", help="train the context model on PTC only")
        p.add_argument(
            "--token-model",
            action="store_true",
            help="also refit the older token LR (loaded_token_lr, all of PTC train, 5-fold CV scores)",
        )
        p.add_argument("--no-cv", action="store_true", help="with --token-model: skip its 5-fold CV scores")
        p.add_argument("--format", choices=("csv", "json", "jsonl", "table"), default="table")
        p = sub.add_parser(
            "train-attribution",
            help="fit the attribution CRF tagger (Cue/Source/Content) on "
            "PolNeAR train; settings chosen on a held-out slice of train",
        )
        p.add_argument("--data", default=None, metavar="DIR", help="benchmark folder")
        p.add_argument(
            "--no-search",
            action="store_true",
            help="refit with the penalties and thresholds already in the sidecars (no grid search)",
        )
        p.add_argument(
            "--evaluate-dev",
            action="store_true",
            help="then score rules, tagger and combination once on PolNeAR dev (with bootstrap CIs)",
        )
        p.add_argument("--format", choices=("csv", "json", "jsonl", "table"), default="table")

    parsers.append(add)

    @command("validate")
    def cmd_validate(args):
        from analysis.config import REPORTS_DIR
        from analysis.validate.validation import run_validation

        t0 = time.perf_counter()
        if args.record:
            from analysis.validate.recorded_tables import write_records

            for path in write_records():
                print(path)
            print(f"recording took {time.perf_counter() - t0:.0f} s", file=sys.stderr)
            return None
        out = args.out
        if out is None and not args.fast and not args.benchmark:
            out = str(Path(REPORTS_DIR) / "validation.csv")
        if out and out != "-":  # never over the gold data: said before the validation runs
            from analysis.config import gold_dir
            from analysis.pipeline.files import check_output_apart

            gold = gold_dir(args.data)
            check_output_apart(out, [gold] if gold is not None else [], folder=False)
        names = [b for b in args.benchmark if b != "source_types"]
        if not args.benchmark or "source_types" in args.benchmark:
            _print_source_types(args)
            if args.benchmark and not names:
                return None
        res = run_validation(names or None, data_dir=args.data, fast=args.fast, n_boot=args.n_boot, verbose=True)
        for name, why in res.attrs.get("skipped", {}).items():
            print(f"skipped {name}: {why}", file=sys.stderr)
        if out and out != "-":
            from analysis.cli.safe_output import write_csv

            write_csv(res, out, raw=getattr(args, "raw_csv", False))
            print(f"wrote {out}", file=sys.stderr)
        print(f"validation took {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        if args.format == "table":
            from analysis.validate.validation import summary_table

            return summary_table(res)
        return res

    def _print_source_types(args):
        """Source-type accuracy (overall, per type, confusion; dev and held-out test) on the gold of
        analysis/validate/gold/source_types.csv, to stderr; skipped without the shared texts."""
        from analysis import config
        from analysis.validate.source_type_gold import source_type_report

        root = config.baseline_dir()
        if root is None or not (root.parent / "seeds").is_dir():
            print("skipped source_types: shared folder (baselines and seeds) not found", file=sys.stderr)
            return
        n = args.n_boot or (200 if args.fast else 2000)
        print(source_type_report(root.parent, n_resamples=n), file=sys.stderr)

    @command("train-loaded")
    def cmd_train_loaded(args):
        import pandas as pd

        from analysis.training.loaded_model import train_context_model
        from analysis.validate.validation_loaded import record_held_out_scores

        out = train_context_model(data_dir=args.data, relearn_lexicon=not args.no_lexicon, use_babe=not args.no_babe)
        scores = record_held_out_scores(args.data)  # after every choice is made: held-out test scores
        out = pd.concat(
            [out, pd.DataFrame([{"what": "held-out test scores", "value": str(scores)}])], ignore_index=True
        )
        if args.token_model:
            from analysis.training.learned_entries_train import train_and_save

            out = pd.concat(
                [out, train_and_save(data_dir=args.data, write_lexicon=False, cv=not args.no_cv)], ignore_index=True
            )
        return out

    @command("train-attribution")
    def cmd_train_attribution(args):
        from analysis.training.attribution import evaluate_dev, train_and_save

        res = train_and_save(data_dir=args.data, search=not args.no_search)
        if args.evaluate_dev:
            return evaluate_dev(data_dir=args.data)
        return res
