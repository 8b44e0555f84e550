"""Execute the notebooks headless and render them to HTML for reviewers.

Notebooks are stored as Jupytext percent-format ``.py`` files (``notebooks/NN_name.py``) so that
diffs stay reviewable and no outputs are committed. Building a report reads each one with
jupytext, injects parameter overrides after the cell tagged ``parameters`` (as papermill does),
executes it with nbclient in the ``notebooks/`` folder, and renders HTML with nbconvert. Notebooks
run in parallel lanes (one per core). A cell that fails fails the build with the notebook and the
cell number named.

Page decoration: a hidden first cell turns every displayed DataFrame into an itables table (all
rows, sortable, searchable; its JavaScript inlined with ``connected=False`` so the page works
offline), and each page gets a navigation bar (index, previous and next report). The kernel runs
with its log level at ERROR (no "TCP without encryption" warnings); the build prints a line per
notebook started and done to standard error unless ``quiet``.
"""

from __future__ import annotations

import html
import multiprocessing
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from analysis.config import FIGURES_DIR, NOTEBOOKS_DIR, REPORTS_DIR


class NotebookFailed(RuntimeError):
    """A notebook cell raised; the message names the notebook and the cell."""


@dataclass
class Rendered:
    notebook: Path
    html: Path
    title: str


def notebook_paths(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The report notebooks, in their numbered order."""
    return sorted(p for p in folder.glob("[0-9][0-9]_*.py"))


def _title(nb) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("# ").strip()
    return "Notebook"


def inject_parameters(nb, params: dict | None):
    """Insert a cell that overrides parameters right after the cell tagged ``parameters``."""
    import nbformat

    if not params:
        return nb
    source = "# Parameters injected by the report build\n" + "\n".join(f"{k} = {v!r}" for k, v in params.items())
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    idx = next((i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])), -1)
    nb.cells.insert(idx + 1, cell)
    return nb


#: The hidden first cell of a report: itables for every displayed DataFrame, offline, all rows.
SETUP_SOURCE = """import itables
itables.init_notebook_mode(all_interactive=True, connected=False)
itables.options.maxBytes = 0  # never drop rows: a reviewer sees the whole table
itables.options.pageLength = -1  # every row on the page (printouts too); the menu pages it
itables.options.lengthMenu = [[-1, 10, 25, 100], ["all", 10, 25, 100]]
itables.options.classes = "display compact"  # headers wrap, so wide tables fit the page"""
SETUP_TAG = "report-setup"
#: Kernel arguments: only errors from the kernel's own logger (no transport warnings).
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR"]


def inject_setup(nb):
    """Insert the :data:`SETUP_SOURCE` cell first (its input is not rendered)."""
    import nbformat

    nb.cells.insert(0, nbformat.v4.new_code_cell(SETUP_SOURCE, metadata={"tags": [SETUP_TAG]}))
    return nb


def execute_notebook(path: Path, params: dict | None = None, timeout: int = 900, setup: bool = False):
    """Execute one Jupytext notebook; raise :class:`NotebookFailed` naming the failing cell."""
    import jupytext
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = inject_parameters(jupytext.read(path), params)
    if setup:
        nb = inject_setup(nb)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        extra_arguments=list(KERNEL_ARGUMENTS),
        resources={"metadata": {"path": str(path.parent)}},
    )
    try:
        # the kernel's own log lines (transport notices) stay out of the build's progress lines;
        # errors of cells come back as outputs and are reported below
        client.execute(stderr=subprocess.DEVNULL)
    except CellExecutionError as err:
        failing = next(
            (
                i
                for i, c in enumerate(nb.cells)
                if c.cell_type == "code" and any(o.get("output_type") == "error" for o in c.get("outputs", []))
            ),
            None,
        )
        injected = next(
            (i for i, c in enumerate(nb.cells) if "injected-parameters" in c.get("metadata", {}).get("tags", [])), None
        )
        if failing is not None and injected is not None and failing > injected:
            failing -= 1  # number cells as they are in the stored notebook
        if failing is not None and setup:
            failing -= 1
        cell_no = "?" if failing is None else failing + 1
        message = re.sub(r"\x1b\[[0-9;]*m", "", str(err)).strip()
        first_line = message.splitlines()[-1] if message else type(err).__name__
        raise NotebookFailed(f"{path.name}: cell {cell_no} failed: {first_line}") from err
    return nb


PAGE_CSS = (
    "<style>.fl-nav{position:sticky;top:0;z-index:10;background:#f5f5f5;border-bottom:1px solid #ccc;"
    "padding:.4rem 1rem;font:14px system-ui,sans-serif;display:flex;gap:1.5rem}"
    ".jp-Notebook{max-width:none}.jp-OutputArea-output table.dataTable{font-size:12px}</style>"
)


def nav_html(links: dict[str, tuple[str, str]]) -> str:
    """A navigation bar from ``{"index"|"previous"|"next": (href, label)}``, escaped."""
    arrows = {"index": "↑ ", "previous": "← ", "next": "→ "}
    items = [
        f'<a href="{html.escape(href, quote=True)}">{arrows.get(k, "")}{html.escape(label)}</a>'
        for k, (href, label) in links.items()
        if href
    ]
    return f'<nav class="fl-nav">{"".join(items)}</nav>'


def render_html(nb, out: Path, nav: dict[str, tuple[str, str]] | None = None) -> Path:
    """Write an executed notebook as a standalone HTML page (the setup cell's input hidden, a
    navigation bar on top when ``nav`` is given)."""
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.remove_input_tags = {SETUP_TAG}
    config.TagRemovePreprocessor.enabled = True
    body, _ = HTMLExporter(template_name="lab", config=config).from_notebook_node(nb)
    # the lab template loads require.js and MathJax from a CDN; the reports use neither (no math,
    # itables ships its own inline bundle), so drop them and the page makes no network request
    body = re.sub(r'<script src="https?://[^"]*">\s*</script>', "", body)
    if nav:
        body = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + PAGE_CSS + nav_html(nav), body, count=1)
    from analysis.pipeline.files import atomic_write

    atomic_write(out, body.encode("utf-8"))  # whole or not at all
    return out


def lanes() -> int:
    """Notebooks run at once: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def page_cache_path(path: Path, params: dict | None, nav: dict, inputs: str) -> Path:
    """Where the rendered page of notebook ``path`` is cached: keyed by the notebook's bytes, the
    parameters, the navigation bar, ``inputs`` (a fingerprint of everything the notebook reads:
    the study's input files, gold files and code), the pinned package versions and Python."""
    from analysis.config import PROJECT_ROOT
    from analysis.pipeline.cache import content_key, file_digest, results_dir

    key = content_key(
        "page", path.read_bytes(), params or {}, nav, inputs, file_digest(PROJECT_ROOT / "constraints.txt"), sys.version
    )
    return results_dir() / f"page-{path.stem}-{key}.signed"


def _run_one(
    path: Path,
    params: dict | None,
    out: Path,
    paths: list[Path] | None = None,
    quiet: bool = False,
    inputs: str | None = None,
) -> Rendered:
    """Execute one notebook and write its HTML page, with a navigation bar to the index and the
    neighbours in ``paths`` (one lane's job; runs in a worker process). With ``inputs`` (see
    :func:`page_cache_path`) a page rendered before from the same notebook and inputs is written
    again without executing (as Jupyter Book's execution cache does, but keyed on the data too)."""
    from analysis.pipeline.store import signed_dump, signed_load

    paths = paths or [path]
    i = paths.index(path)
    t0 = time.perf_counter()
    nav = {
        "index": ("index.html", "Index"),
        "previous": (paths[i - 1].stem + ".html" if i else "", "Previous report"),
        "next": (paths[i + 1].stem + ".html" if i + 1 < len(paths) else "", "Next report"),
    }
    target = out / (path.stem + ".html")
    cache = page_cache_path(path, params, nav, inputs) if inputs else None
    hit = signed_load(cache, None) if cache is not None else None
    if hit is not None:
        body, title = hit
        from analysis.pipeline.files import atomic_write

        atomic_write(target, body.encode("utf-8"))
        if not quiet:
            print(f"[{i + 1}/{len(paths)}] {path.name} unchanged: page reused", file=sys.stderr, flush=True)
        return Rendered(path, target, title)
    if not quiet:
        print(f"[{i + 1}/{len(paths)}] {path.name} started", file=sys.stderr, flush=True)
    nb = execute_notebook(path, params, setup=True)
    page = render_html(nb, target, nav=nav)
    if cache is not None:
        signed_dump(cache, (page.read_text(encoding="utf-8"), _title(nb)))
    if not quiet:
        print(
            f"[{i + 1}/{len(paths)}] {path.name} done in {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True
        )
    return Rendered(path, page, _title(nb))


def build_reports(
    out: Path = REPORTS_DIR,
    params: dict | None = None,
    notebooks: list[Path] | None = None,
    extra_pages: list[tuple[str, str]] | None = None,
    quiet: bool = False,
    study: dict | None = None,
    notice: str = "",
    figures_dir: Path | None = None,
    jobs: int | None = None,
    inputs: str | None = None,
) -> list[Rendered]:
    """Execute and render every notebook into ``out`` and write ``out/index.html`` (with the
    ``study`` parameters shown on it, ``notice``, e.g. the missing baselines, at its top, and key
    figures copied from ``figures_dir``, default figures/).

    Notebooks run in ``jobs`` parallel lanes (default :func:`lanes`, one per core), each in its own
    process and kernel; every notebook runs even when another fails, and then one
    :class:`NotebookFailed` names each failing notebook and cell. A line per notebook started and
    done goes to stderr unless ``quiet``. ``inputs``: a fingerprint of what the notebooks read; when
    given, a notebook whose page was rendered from the same inputs is not executed again
    (:func:`page_cache_path`)."""
    out = Path(out)
    paths = list(notebooks or notebook_paths())
    jobs = min(jobs or lanes(), len(paths)) or 1
    results: dict[Path, Rendered] = {}
    failures: list[str] = []
    if jobs == 1:
        for path in paths:
            try:
                results[path] = _run_one(path, params, out, paths, quiet, inputs)
            except NotebookFailed as err:
                if len(paths) == 1:
                    raise
                failures.append(str(err))
    else:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
            futures = {pool.submit(_run_one, path, params, out, paths, quiet, inputs): path for path in paths}
            for future in as_completed(futures):
                try:
                    results[futures[future]] = future.result()
                except NotebookFailed as err:
                    failures.append(str(err))
    if failures:
        raise NotebookFailed("; ".join(sorted(failures)))
    rendered = [results[p] for p in paths]
    write_index(out, rendered, extra_pages or [], study=study, notice=notice, figures_dir=figures_dir)
    return rendered


#: Figures shown on the index page, with one sentence on what each shows.
KEY_FIGURES: list[tuple[str, str]] = [
    (
        "loaded_by_subcategory",
        "Loaded terms per 1,000 words by subcategory, in the author's own voice (solid) and "
        "inside quotations of others (hatched), for each group.",
    ),
    (
        "effect_sizes",
        "How far each studied group sits from each reference group on each measure (Cliff's delta "
        "with a 95% bootstrap interval); intervals are wide when a group is small.",
    ),
    (
        "source_mix",
        "Who each group attributes its claims to: named people, institutions, media, anonymous "
        "sources, itself, or nobody (shares of its attributions).",
    ),
    ("hedges_vs_boosters", "Hedging against boosting per 1,000 words: each point is a document."),
    (
        "distinctive_terms",
        "Words and phrases most typical of the studied texts vs the (topic-matched) reference "
        "groups (log-odds z-scores).",
    ),
    ("readability", "Flesch-Kincaid grade per group."),
    ("technique_families", "Persuasion-technique spans per 1,000 words by family, for each group."),
    ("harm_agency", "How each group tells harm: actively, as a passive with or without its agent, or as a noun."),
    ("frame_shares", "Share of each group's documents using each narrative frame (model probability at least .5)."),
    ("top_roles", "Whom each group casts as hero, villain or victim most often (the role model's reading)."),
    (
        "validation_prf",
        "Precision, recall and F1 of each detector against external gold annotations, beside "
        "the naive published lexicons.",
    ),
    ("reliability_scorecard", "Source-reliability scorecard components per group."),
]


def study_html(study: dict | None) -> str:
    """The study's parameters as a definition list (values escaped; lists joined by commas)."""
    if not study:
        return ""
    rows = "".join(
        f"<dt>{html.escape(str(k))}</dt><dd>{html.escape(', '.join(map(str, v)) if isinstance(v, (list, tuple)) else str(v))}</dd>"
        for k, v in study.items()
    )
    return f'<h2>Study</h2><dl class="study">{rows}</dl>'


def write_index(
    out: Path,
    rendered: list[Rendered],
    extra_pages: list[tuple[str, str]],
    study: dict | None = None,
    notice: str = "",
    figures_dir: Path | None = None,
) -> Path:
    """``index.html`` linking every report and showing the study's parameters and the key
    figures (copied beside it from ``figures_dir``, default figures/), with ``notice`` (what is
    missing) at the top."""
    from analysis.pipeline.files import atomic_write

    fig_dir = out / "figures"
    fig_dir.mkdir(parents=True, exist_ok=True)
    figures_html = []
    source_dir = Path(figures_dir) if figures_dir else FIGURES_DIR
    for name, sentence in KEY_FIGURES:
        # the figure, or one per studied group ("effect_sizes_<group>")
        matches = sorted(source_dir.glob(f"{name}.png")) or sorted(source_dir.glob(f"{name}_*.png"))
        for src in matches:
            if src.parent.resolve() != fig_dir.resolve():
                atomic_write(fig_dir / src.name, src.read_bytes())
            figures_html.append(
                f'<figure><img src="figures/{html.escape(src.name)}" alt="{html.escape(sentence)}">'
                f"<figcaption>{html.escape(sentence)}</figcaption></figure>"
            )
    items = "".join(f'<li><a href="{html.escape(r.html.name)}">{html.escape(r.title)}</a></li>' for r in rendered)
    extras = "".join(f'<li><a href="{html.escape(href)}">{html.escape(label)}</a></li>' for label, href in extra_pages)
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Framing lab reports</title>
<style>body{{font-family:sans-serif;max-width:60rem;margin:2rem auto;color:#111}}
figure{{margin:1.5rem 0}} img{{max-width:100%;border:1px solid #ccc}} figcaption{{font-size:.9rem;color:#333}}
dl.study{{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}} dl.study dt{{font-weight:600}}
dl.study dd{{margin:0}}</style>
</head><body>
<h1>Framing lab: reports</h1>
{f'<p class="notice"><strong>{html.escape(notice)}</strong></p>' if notice else ""}
<p>Each report is a notebook executed from a clean kernel. Figures regenerate with <code>make report</code>.</p>
{study_html(study)}
<h2>Notebooks</h2><ul>{items}</ul>
{"<h2>Term explorer and annotated documents</h2><ul>" + extras + "</ul>" if extras else ""}
<h2>Key figures</h2>{"".join(figures_html) or "<p>(no figures built yet)</p>"}
</body></html>
"""
    index = out / "index.html"
    atomic_write(index, page.encode("utf-8"))
    return index
