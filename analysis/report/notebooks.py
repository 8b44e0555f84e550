"""Execute the notebooks headless and render them to HTML for reviewers.

Notebooks are stored as Jupytext percent-format ``.py`` files (``notebooks/NN_name.py``) so that
diffs stay reviewable and no outputs are committed. Building a report reads each one with
jupytext, injects parameter overrides after the cell tagged ``parameters`` (as papermill does),
executes it with nbclient in the ``notebooks/`` folder, and renders HTML with nbconvert. Notebooks
run in parallel lanes (one per core). A cell that fails fails the build with the notebook and the
cell number named.
"""

from __future__ import annotations

import html
import multiprocessing
import os
import re
import shutil
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


def execute_notebook(path: Path, params: dict | None = None, timeout: int = 900):
    """Execute one Jupytext notebook; raise :class:`NotebookFailed` naming the failing cell."""
    import jupytext
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = inject_parameters(jupytext.read(path), params)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        # the kernel's own log lines (transport notices) stay out of the build's progress lines;
        # errors of cells come back as outputs and are reported below
        client.execute(stderr=subprocess.DEVNULL)
    except CellExecutionError as err:
        failing = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code" and any(
            o.get("output_type") == "error" for o in c.get("outputs", []))), None)
        injected = next((i for i, c in enumerate(nb.cells)
                         if "injected-parameters" in c.get("metadata", {}).get("tags", [])), None)
        if failing is not None and injected is not None and failing > injected:
            failing -= 1  # number cells as they are in the stored notebook
        cell_no = "?" if failing is None else failing + 1
        message = re.sub(r"\x1b\[[0-9;]*m", "", str(err)).strip()
        first_line = message.splitlines()[-1] if message else type(err).__name__
        raise NotebookFailed(f"{path.name}: cell {cell_no} failed: {first_line}") from err
    return nb


def render_html(nb, out: Path) -> Path:
    """Write an executed notebook as a standalone HTML page."""
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(body, encoding="utf-8")
    return out


def lanes() -> int:
    """Notebooks run at once: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _run_one(path: Path, params: dict | None, out: Path) -> Rendered:
    """Execute one notebook and write its HTML page (one lane's job; runs in a worker process)."""
    t0 = time.perf_counter()
    print(f"report: {path.name} started", file=sys.stderr, flush=True)
    nb = execute_notebook(path, params)
    page = render_html(nb, out / (path.stem + ".html"))
    print(f"report: {path.name} done in {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    return Rendered(path, page, _title(nb))


def build_reports(out: Path = REPORTS_DIR, params: dict | None = None, notebooks: list[Path] | None = None,
                  extra_pages: list[tuple[str, str]] | None = None, jobs: int | None = None) -> list[Rendered]:
    """Execute and render every notebook into ``out`` and write ``out/index.html``.

    Notebooks run in ``jobs`` parallel lanes (default :func:`lanes`, one per core), each in its own
    process and kernel; every notebook runs even when another fails, and then one
    :class:`NotebookFailed` names each failing notebook and cell."""
    out = Path(out)
    paths = list(notebooks or notebook_paths())
    jobs = min(jobs or lanes(), len(paths)) or 1
    results: dict[Path, Rendered] = {}
    failures: list[str] = []
    if jobs == 1:
        for path in paths:
            try:
                results[path] = _run_one(path, params, out)
            except NotebookFailed as err:
                if len(paths) == 1:
                    raise
                failures.append(str(err))
    else:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
            futures = {pool.submit(_run_one, path, params, out): path for path in paths}
            for future in as_completed(futures):
                try:
                    results[futures[future]] = future.result()
                except NotebookFailed as err:
                    failures.append(str(err))
    if failures:
        raise NotebookFailed("; ".join(sorted(failures)))
    rendered = [results[p] for p in paths]
    write_index(out, rendered, extra_pages or [])
    return rendered


#: Figures shown on the index page, with one sentence on what each shows.
KEY_FIGURES: list[tuple[str, str]] = [
    ("loaded_by_subcategory", "Loaded terms per 1,000 words by subcategory, in the author's own voice (solid) and "
                              "inside quotations of others (hatched), for the statements and each baseline."),
    ("effect_sizes", "How far the five statements sit from each baseline on each measure (Cliff's delta with a "
                     "95% bootstrap interval); intervals are wide because n=5."),
    ("source_mix_seeds", "Who each statement attributes its claims to: named people, institutions, media, "
                         "anonymous sources, itself, or nobody."),
    ("hedges_vs_boosters", "Hedging against boosting per 1,000 words: each point is a document."),
    ("distinctive_terms", "Words and phrases most typical of the statements vs topic-matched baselines "
                          "(log-odds z-scores)."),
    ("readability", "Flesch-Kincaid grade per group."),
    ("validation_prf", "Precision, recall and F1 of each detector against external gold annotations, beside "
                       "the naive published lexicons."),
    ("reliability_scorecard", "Source-reliability scorecard components per group."),
]


def write_index(out: Path, rendered: list[Rendered], extra_pages: list[tuple[str, str]]) -> Path:
    """``index.html`` linking every report and showing the key figures (copied beside it)."""
    fig_dir = out / "figures"
    fig_dir.mkdir(parents=True, exist_ok=True)
    figures_html = []
    for name, sentence in KEY_FIGURES:
        src = FIGURES_DIR / f"{name}.png"
        if src.exists():
            shutil.copy2(src, fig_dir / src.name)
            figures_html.append(f'<figure><img src="figures/{html.escape(src.name)}" alt="{html.escape(sentence)}">'
                                f"<figcaption>{html.escape(sentence)}</figcaption></figure>")
    items = "".join(f'<li><a href="{html.escape(r.html.name)}">{html.escape(r.title)}</a></li>' for r in rendered)
    extras = "".join(f'<li><a href="{html.escape(href)}">{html.escape(label)}</a></li>' for label, href in extra_pages)
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Framing lab reports</title>
<style>body{{font-family:sans-serif;max-width:60rem;margin:2rem auto;color:#111}}
figure{{margin:1.5rem 0}} img{{max-width:100%;border:1px solid #ccc}} figcaption{{font-size:.9rem;color:#333}}</style>
</head><body>
<h1>Framing lab: reports</h1>
<p>Each report is a notebook executed from a clean kernel. Figures regenerate with <code>make report</code>.</p>
<h2>Notebooks</h2><ul>{items}</ul>
{'<h2>Annotated documents</h2><ul>' + extras + '</ul>' if extras else ''}
<h2>Key figures</h2>{''.join(figures_html) or '<p>(no figures built yet)</p>'}
</body></html>
"""
    index = out / "index.html"
    index.write_text(page, encoding="utf-8")
    return index
