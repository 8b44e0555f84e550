"""Sub-commands for narrative roles: ``roles`` (whom each document casts as hero, villain or
victim), ``train-roles`` (refit the role model on the Narrative Frames corpus and write it with
its sidecar) and ``validate-roles`` (grouped cross-validation beside the naive baselines)."""

from __future__ import annotations

import argparse
import sys
import time

ROLE_OUTPUT_COLUMNS = ["doc_id", "group", "entity", "role", "score", "evidence_sentence", "mentions"]


def register_cli(parsers: list, command) -> None:
    from analysis.cli.study_args import add_study_args, study_from_args

    def add(sub: argparse._SubParsersAction) -> None:
        p = sub.add_parser(
            "roles",
            help="whom each document casts as hero, villain or victim (entity, role, score, evidence "
            "sentence; slower than the profile, run only when asked)",
        )
        add_study_args(p)
        p.add_argument("--quiet", action="store_true", help="no progress bar")
        for name, what in (
            (
                "train-roles",
                "fit the narrative-role model on the Narrative Frames corpus (writes analysis/models/roles.json)",
            ),
            ("validate-roles", "cross-validate the role model by outlet beside naive baselines"),
        ):
            p = sub.add_parser(name, help=what)
            p.add_argument("--data", default=None, metavar="DIR", help="gold folder (else $FRAMING_GOLD_DIR)")
            p.add_argument("--n-boot", type=int, default=2000, help="bootstrap resamples for the intervals")
            if name == "train-roles":
                p.add_argument("--no-cv", action="store_true", help="skip the cross-validation recorded in the sidecar")
            p.add_argument("--format", choices=("csv", "json", "jsonl", "table"), default="table")

    parsers.append(add)

    @command("roles")
    def cmd_roles(args):
        """One row per (document, entity, role): doc_id, group, entity, role, score,
        evidence_sentence, mentions, with the study's roles analysis turned on (:mod:`analysis.measures.extras`);
        the time taken goes to standard error."""
        args.analyses = [*(args.analyses or []), "roles"]
        t0 = time.perf_counter()
        study = study_from_args(args, compare=False)
        rows = study.roles
        took = time.perf_counter() - t0
        docs = study.documents
        words = int(docs["words"].sum()) if "words" in docs.columns else 0
        rate = f", {words / took:,.0f} words/s" if took > 0 and words else ""
        print(
            f"roles: {len(docs)} documents, {words:,} words in {took:.1f} s{rate} (scored with the profile in one pass; "
            "a second run reads the stored table)",
            file=sys.stderr,
        )
        return rows[ROLE_OUTPUT_COLUMNS].reset_index(drop=True)

    @command("train-roles")
    def cmd_train_roles(args):
        """Cross-validation results (unless --no-cv), then the refitted model written with its sidecar."""
        import pandas as pd

        from analysis.training.roles import train_role_model
        from analysis.validate.roles import cross_validate, summary

        results = pd.DataFrame()
        if not args.no_cv:
            results, _details = cross_validate(data_dir=args.data, n_boot=args.n_boot)
        model = train_role_model(data_dir=args.data, cv=summary(results) if len(results) else None)
        print(
            f"wrote analysis/models/roles.json (per_role={model.per_role}, min_score={model.min_score}) and roles.meta.json",
            file=sys.stderr,
        )
        return results

    @command("validate-roles")
    def cmd_validate_roles(args):
        """Recall, role accuracy and precision of (article, entity, role) triples with 95%
        bootstrap intervals, for the model and two naive baselines, under the head and exact rules."""
        from analysis.validate.roles import cross_validate

        t0 = time.perf_counter()
        results, _details = cross_validate(data_dir=args.data, n_boot=args.n_boot)
        print(f"validate-roles took {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        return results
