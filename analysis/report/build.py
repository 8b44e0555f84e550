"""Rebuild every figure (``python -m analysis figures``) and every report (``python -m analysis
report``) of a study from the data, deterministically.

The study is a :class:`analysis.corpus.study.StudySpec`, assembled and scored once by
:func:`analysis.pipeline.study.build_study`: with no arguments the seed study (``seeds/`` against
all seven baselines, into ``figures/`` and ``reports/``); with a corpus path the user's texts,
their groups, the references or pairs and the baselines asked for. Each figure is one
function call on tidy tables (``analysis.report.figures``), so any figure can also be rebuilt alone
in a notebook cell. Captions are computed from the documents (groups, counts, publishers), never
written for one corpus. Baselines that are not on this machine are left out and named
(:func:`missing_baselines_note`); the research-only corpora contribute numbers, never text.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from analysis.config import FIGURES_DIR, PROJECT_ROOT, REPORTS_DIR
from analysis.corpus.study import StudySpec
from analysis.measures.extras import REPORT_ANALYSES
from analysis.pipeline.files import atomic_write
from analysis.report import figures
from analysis.report.style import group_label

log = logging.getLogger(__name__)

#: Where ``--fast`` figures go when no ``--out`` is given: never over the committed figures/.
PREVIEW_DIR = PROJECT_ROOT / "preview"

#: Measures shown in the forest plot (each studied group vs each reference group).
#: Measures drawn over time (when the corpus documents are dated).
OVER_TIME_MEASURES = ["loaded_per_1k", "loaded_model_per_1k", "attributed_sentence_share", "hedges_per_1k"]

FOREST_MEASURES = [
    "loaded_per_1k",
    "loaded_authorial_per_1k",
    "loaded_model_per_1k",
    "loaded_model_authorial_per_1k",
    "attributed_sentence_share",
    "source_anonymous_unverifiable_share",
    "source_self_reference_share",
    "hedges_per_1k",
    "boosters_per_1k",
    "quoted_word_share",
]


#: Longest figure file name made from a group name (without the extension).
FIGURE_NAME_MAX = 80


def figure_names(prefix: str, groups, max_len: int = FIGURE_NAME_MAX) -> dict[str, str]:
    """A file name (no extension) per group for the figures drawn once per group: ``<prefix>_<group>``
    with every character but letters, digits, ``-`` and ``_`` made ``_`` (a group from a subfolder,
    ``outlets/a``, gives ``outlets_a``: no path separator, no ``..``, no dot an extension could
    take), at most ``max_len`` characters. A name that had to be cut, or that another group already
    has (compared without case, as case-insensitive file systems do), ends in ``-`` and the first 8
    hex digits of the group's sha256, so every group keeps its own file."""
    import hashlib
    import re

    names: dict[str, str] = {}
    taken: set[str] = set()
    for group in dict.fromkeys(str(g) for g in groups):
        safe = re.sub(r"[^A-Za-z0-9_-]+", "_", group).strip("_") or "group"
        name = f"{prefix}_{safe}"
        if len(name) > max_len or name.lower() in taken:
            tag = hashlib.sha256(group.encode("utf-8")).hexdigest()[:8]
            name = f"{name[: max_len - 9].rstrip('_')}-{tag}"
        names[group] = name
        taken.add(name.lower())
    return names


def _save(fig, out: Path, name: str) -> list[Path]:
    from analysis.report.style import save

    paths = save(fig, out / name)
    plt.close(fig)
    return paths


def drawn(name: str, func: Callable, *args, **kwargs) -> dict[str, bytes] | None:
    """The PNG and SVG bytes of ``func(*args, **kwargs)`` (a module-level figure function such as
    those of :mod:`analysis.report.figures`; None when it draws nothing), cached by the content of
    its arguments (frames by their cells), the package code and the matplotlib version
    (:func:`analysis.pipeline.cache.memo_call`): a rebuild from unchanged tables writes the same
    bytes without drawing again."""
    import matplotlib

    from analysis.pipeline.cache import memo_call

    return memo_call(
        f"figure-{name}",
        _figure_bytes,
        name,
        f"{func.__module__}:{func.__qualname__}",
        args,
        kwargs,
        inputs=f"matplotlib {matplotlib.__version__}",
    )


def _figure_bytes(name: str, func: str, args: tuple, kwargs: dict) -> dict[str, bytes] | None:
    import tempfile

    from analysis.pipeline.cache import resolve

    fig = resolve(func)(*args, **kwargs)
    if fig is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        return {p.suffix[1:]: p.read_bytes() for p in _save(fig, Path(tmp), name)}


def describe_group(docs: pd.DataFrame, group: str) -> str:
    """``group (n documents; publisher ...)`` from the data: the number of documents and, when
    one publisher signs them all, its name."""
    sub = docs[docs["group"] == group]
    pubs = sorted({p for p in sub.get("publisher", pd.Series(dtype=str)).fillna("") if p})
    who = f", {pubs[0]}" if len(pubs) == 1 and sub["publisher"].fillna("").ne("").all() and pubs[0] != group else ""
    noun = "document" if len(sub) == 1 else "documents"
    return f"{group} ({len(sub)} {noun}{who})"


def study_source(spec: StudySpec, docs: pd.DataFrame) -> str:
    """The caption's data source: studied groups vs the reference groups, from the data."""
    studied = ", ".join(describe_group(docs, g) for g in spec.studied_groups(docs))
    refs = [group_label(g) for g in spec.reference_groups(docs)]
    text = f"{studied} vs {', '.join(refs)}" if refs else f"{studied}, compared pair by pair"
    if spec.doc_cap:
        text += f"; {'FAST preview, ' if spec.fast else ''}at most {spec.doc_cap} documents per group"
    return text


def missing_baselines_note(missing: list[str]) -> str:
    """What a user reads when baselines were left out: which, and how to get them."""
    if not missing:
        return ""
    from analysis.corpus.baselines import BASELINES

    names = ", ".join(missing)
    downloadable = [m for m in missing if m in BASELINES and BASELINES[m].downloadable]
    how = (
        "Put the shared baseline folder at ../shared/baselines beside the project, or point "
        "FRAMING_DATA_DIR at it, and run the command again."
    )
    if downloadable:
        how += (
            f" {', '.join(downloadable)} can also be fetched with "
            f"`python -m analysis documents --baseline {downloadable[0]} --download`."
        )
    return f"Not compared with {names}: these baseline corpora are not on this computer. {how}"


def open_study(
    corpus=None,
    groups=None,
    reference=None,
    baselines=None,
    topic_terms=None,
    fast: bool = False,
    pairs=None,
    lexicons=None,
    max_docs=None,
    publisher_from_group: bool = False,
    wire_copy: bool = True,
    follow_links: bool = False,
    analyses=("all",),
):
    """The :class:`analysis.pipeline.study.Study` of a notebook's parameters cell
    (:meth:`StudySpec.from_params`); baselines not on this machine are left out and named first
    (:func:`missing_baselines_note`), and the comparisons the study runs are said in one line."""
    from analysis.pipeline.study import build_study

    spec = StudySpec.from_params(
        corpus,
        groups,
        reference,
        baselines,
        topic_terms,
        fast,
        max_docs=max_docs,
        pairs=pairs,
        lexicons=lexicons,
        publisher_from_group=publisher_from_group,
        wire_copy=wire_copy,
        follow_links=follow_links,
        analyses=analyses,
    )
    study = build_study(spec)
    print(spec.describe_comparisons(study.documents))
    for line in study.notes:
        print("Note: " + line)
    if study.missing_baselines:
        print(missing_baselines_note(study.missing_baselines))
    return study


def build_figures(
    out: Path | None = None,
    baselines=None,
    fast: bool = False,
    spec: StudySpec | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    study=None,
) -> list[Path]:
    """Compute the comparison tables of a study and write every figure as PNG and SVG into
    ``out`` (default figures/, or preview/ with ``fast``). The study is ``study`` (a
    :class:`analysis.pipeline.study.Study`), else built from ``spec`` (default: the seed study with
    ``baselines``). Missing baselines are left out (``build_figures.missing`` names them).
    ``progress(done, total, name)`` is called after each figure is written, or skipped (``name``
    then ends in " skipped"); the default None reports nothing (the command line passes
    :func:`analysis.cli.progress.step_lines`)."""
    from analysis.compare.distinctive import log_odds_groups
    from analysis.compare.scorecard import study_scorecard
    from analysis.compare.stats import compare_groups
    from analysis.config import BenchmarkUnavailable
    from analysis.pipeline.cache import loaded_rates_by_voice, memo_call
    from analysis.pipeline.parallel import background
    from analysis.pipeline.study import build_study
    from analysis.report.scorecard_figure import scorecard_figure
    from analysis.validate.validation import validation_results

    if study is None:
        study = build_study(spec or StudySpec.from_params(baselines=baselines, fast=fast, analyses=REPORT_ANALYSES))
    spec = study.spec
    out = Path(out) if out else (PREVIEW_DIR if spec.fast else FIGURES_DIR)
    build_figures.missing = list(study.missing_baselines)
    if study.missing_baselines:
        log.info(missing_baselines_note(study.missing_baselines))
    # detector validation needs none of the study's tables: it runs beside the scoring
    validation = background(validation_results, fast=spec.fast)
    docs = study.documents
    source = study_source(spec, docs)
    studied, refs = study.studied_groups(), study.reference_groups()
    pairs = study.comparisons()
    written: list[Path] = []
    profile = study.profile
    # the framing analyses beyond words, when the study ran them (analysis.measures.extras)
    from analysis.compare.over_time import has_time_design, over_time_table
    from analysis.report import framing_figures

    framing = [
        (name, func)
        for name, func, column in (
            ("technique_families", framing_figures.technique_families, "technique_per_1k"),
            ("harm_agency", framing_figures.harm_agency, "harm_events_per_1k"),
            ("frame_shares", framing_figures.frame_shares, "frame_conflict"),
        )
        if column in profile.columns and profile[column].notna().any()
    ]
    with_roles = len(study.roles) > 0
    corpus_groups = list(dict.fromkeys(study.corpus_documents["group"]))
    over_time = has_time_design(profile, corpus_groups)
    # the figures below, in order
    total = 7 + (len(studied) + 1 if pairs else 0) + len(framing) + int(with_roles) + int(over_time)
    done: list[str] = []

    def save(name: str, func: Callable | None, *args, **kwargs) -> None:
        """Draw (or read the cached bytes of) one figure and write its PNG and SVG."""
        files = drawn(name, func, *args, **kwargs) if func is not None else None
        if files is not None:
            out.mkdir(parents=True, exist_ok=True)
            for ext, data_bytes in files.items():
                path = out / f"{name}.{ext}"
                atomic_write(path, data_bytes)  # whole or not at all
                written.append(path)
        done.append(name)
        if progress is not None:
            progress(len(done), total, name if files is not None else f"{name} skipped")

    named = list(spec.references)
    look = {"studied": studied, "reference": named}  # one style per group in every figure
    rates = loaded_rates_by_voice(study.spans, docs, group_col="group", per_document=True)
    save("loaded_by_subcategory", figures.loaded_by_subcategory, rates, group_col="group", source=source, **look)
    save("loaded_lexicon_vs_model", figures.loaded_lexicon_vs_model, profile, group_col="group", source=source, **look)
    save("source_mix", figures.source_mix_groups, profile, group_col="group", source=source, **look)
    save("hedges_vs_boosters", figures.hedges_vs_boosters, profile, group_col="group", source=source, **look)
    save("readability", figures.readability_by_group, profile, group_col="group", source=source, **look)

    for name, func in framing:
        save(name, func, profile, group_col="group", source=source, **look)
    if with_roles:
        save("top_roles", framing_figures.top_roles, study.roles, profile, group_col="group", source=source, **look)

    # each corpus group's measures by month or quarter, when its documents are dated
    if over_time:
        table = memo_call("over_time", over_time_table, profile, OVER_TIME_MEASURES, corpus_groups)
        save("over_time", figures.measures_over_time, table, source=source, **look)

    # each pair's first group against its second: effects read "first minus second"
    if pairs:
        comparison = memo_call("compare_groups", compare_groups, profile, "group", FOREST_MEASURES, pairs=pairs)
        per_group = figure_names("effect_sizes", studied)  # safe, short and unique file names
        for group in studied:  # one forest plot per studied group (one figure when there is one)
            name = "effect_sizes" if len(studied) == 1 else per_group[group]
            save(name, figures.forest_plot, comparison[comparison["group_a"] == group], source=source, reference=named)

        # distinctive terms against topic-matched baselines, so the contrast is not just the subject
        tdocs = study.topic().documents
        if spec.references:
            wanted = set(studied) | {g for g in tdocs["group"].unique() if any(g.startswith(r) for r in refs)}
            tdocs = tdocs[tdocs["group"].isin(wanted)]
        tdocs = tdocs.assign(side=tdocs["group"].isin(studied).map({True: "studied", False: "reference"}))
        lo = memo_call(
            "log_odds", log_odds_groups, tdocs, "side", "studied", rest=True, ngram_range=(1, 2), prior_size=2000
        )
        n_ref = int((tdocs["side"] == "reference").sum())
        n_std = int((tdocs["side"] == "studied").sum())
        save(
            "distinctive_terms",
            figures.distinctive_terms,
            lo,
            labels=(" + ".join(studied), "the reference groups"),
            source=f"{source}; reference limited to {spec.topic_label()} (n={n_ref}); studied n={n_std}",
        )
    try:
        from analysis.validate.validation_summary import figure_source

        rows = figures.validation_rows(validation.result())
        if rows.empty:
            raise BenchmarkUnavailable("no gold data on this computer: no validation row to draw")
        save("validation_prf", figures.validation_prf, rows, source=figure_source(spec.fast))
    except Exception as err:  # gold data absent: the rest of the study still builds
        if not isinstance(err, (BenchmarkUnavailable, FileNotFoundError)):
            raise
        print(
            f"note: validation figure skipped ({err}); put the gold data at ../shared/benchmarks or point "
            "FRAMING_GOLD_DIR at it to draw it",
            file=sys.stderr,
        )
        save("validation_prf", None)

    card = study_scorecard(study)
    save(
        "reliability_scorecard",
        scorecard_figure,
        card.table,
        "group",
        source=source,
        studied=studied[0] if studied else "",
        reference=named,
    )
    return written


build_figures.missing = []


def validation_figure(fast: bool = False, results=None):
    """P/R/F1 of our detectors beside the naive baselines, on the rows a reader should trust:
    held-out or cross-validated splits only (:func:`analysis.report.validation_figure.validation_rows`,
    which selects with :func:`analysis.validate.validation_summary.headline_rows`). ``results``: a
    ``run_validation`` table already computed (notebook 06 passes its own), else the cached one
    (:func:`analysis.validate.validation.validation_results`)."""
    from analysis.validate.validation import validation_results
    from analysis.validate.validation_summary import figure_source

    res = validation_results(fast=fast) if results is None else results
    return figures.validation_prf(figures.validation_rows(res), source=figure_source(fast))


def study_parameters(study) -> dict:
    """What the index shows about a study: the studied groups, every group with its size, the
    reference groups (or "every pair"), the comparisons, the preset, and the date of the data (the
    latest date among the studied groups' documents, so the index is the same whenever it is
    rebuilt)."""
    documents = study.documents
    studied = study.studied_groups()
    refs = study.reference_groups()
    sizes = documents.groupby("group", sort=False).size()
    mine = documents[documents["group"].isin(studied)]
    dates = pd.to_datetime(mine.get("date", pd.Series(dtype=str)), errors="coerce", utc=True).dropna()
    cap = study.spec.doc_cap
    return {
        "studied groups": ", ".join(f"{g} ({int(sizes.get(g, 0))} documents)" for g in studied),
        "groups": [f"{g} ({int(n)})" for g, n in sizes.items()],
        "reference groups": refs or ["none: the studied groups are compared pair by pair"],
        "comparisons": study.spec.describe_comparisons(documents),
        "preset": ("FAST" if study.spec.fast else "full") + (f", at most {cap} documents per group" if cap else ""),
        "data as of": dates.max().date().isoformat() if len(dates) else "no dated documents",
    }


def build_reports(
    out: Path | None = None,
    fast: bool = False,
    spec: StudySpec | None = None,
    figures_dir: Path | None = None,
    quiet: bool = False,
    use_cache: bool = True,
    study=None,
) -> Path:
    """Execute every notebook of a study (``study``, else built from ``spec``, default: the seed
    study) into HTML, write an annotated page per studied document, the term explorer, and the
    index (the study's parameters, and any missing baseline named first). A notebook whose page
    was rendered before from the same notebook, parameters, input files and code is not executed
    again (``use_cache=False`` executes every one)."""
    import sys

    from analysis.pipeline.cache import memo_call, memo_path, signed_value
    from analysis.pipeline.parallel import background
    from analysis.pipeline.study import build_study
    from analysis.report.annotate_pages import write_annotated
    from analysis.report.notebooks import build_reports as run_notebooks

    if study is None:
        study = build_study(spec or StudySpec.from_params(fast=fast, analyses=REPORT_ANALYSES))
    spec = study.spec
    out = Path(out) if out else (PREVIEW_DIR / "reports" if spec.fast else REPORTS_DIR)
    docs = study.documents
    studied = study.studied_groups()
    mine = docs[docs["group"].isin(studied)].drop_duplicates("doc_id")
    if not quiet:
        print(f"annotating {len(mine)} documents ...", file=sys.stderr, flush=True)
    ids = set(mine["doc_id"])
    spans = study.spans[study.spans["doc_id"].isin(ids)]
    att = study.attributions[study.attributions["doc_id"].isin(ids)]
    pages = [
        (label, f"documents/{name}")
        for label, name in write_annotated(
            mine,
            out / "documents",
            spans=spans,
            index_href="../index.html",
            attributions=att,
            profile=study.profile[study.profile["doc_id"].isin(ids)],
            roles=study.roles[study.roles["doc_id"].isin(ids)],
        )
    ]
    links = {doc_id: href for doc_id, (_, href) in zip(mine["doc_id"], pages)}
    # the explorer reads every document: computed once per content, beside the notebooks when new
    explorer_docs = docs[["doc_id", "group", "text", "publisher"]]
    explorer_att = study.attributions
    explorer_args = (explorer_docs, "group", f"Terms of {', '.join(studied)} and the other groups", links)
    explorer_kwargs = {"attributions": explorer_att, "harm_events": study.harm_events, "roles": study.roles}
    explorer_path = memo_path("explorer", *explorer_args, **explorer_kwargs)
    cached_page = signed_value(explorer_path) if use_cache else None
    explorer = None
    if cached_page is None:
        if not quiet:
            print("computing the term explorer beside the notebooks ...", file=sys.stderr, flush=True)
        explorer = background(
            memo_call, "explorer", "analysis.report.explorer:explorer_page", *explorer_args, **explorer_kwargs
        )
    pages = [("Term explorer: every group's distinctive terms, rates and keyword in context", "terms.html"), *pages]
    default = StudySpec.from_params(data_dir=spec.data_dir, analyses=REPORT_ANALYSES)
    params = None if spec == default else spec.params()
    run_notebooks(
        out,
        params=params or None,
        extra_pages=pages,
        quiet=quiet,
        study=study_parameters(study),
        notice=missing_baselines_note(study.missing_baselines),
        figures_dir=figures_dir,
        inputs=study.key if use_cache else None,
    )
    page = explorer.result() if explorer is not None else cached_page
    atomic_write(out / "terms.html", page.encode("utf-8"))
    return out / "index.html"
