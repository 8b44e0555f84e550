"""Progress lines of the ``figures`` command: one line per figure on standard error, none with
``--quiet``. The full build takes minutes, so here ``build_figures`` is a stand-in that reports
three figures through the callback the command gives it; tests/report/test_figures.py checks that
the real build calls that callback once per figure it writes."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from analysis.cli.app import main
from analysis.cli.progress import step_lines

NAMES = ["loaded_by_subcategory", "effect_sizes", "reliability_scorecard"]


def stand_in(out, spec=None, progress=None, **_):
    """Writes one small SVG per name and reports each, as build_figures does."""
    paths = []
    for done, name in enumerate(NAMES, start=1):
        path = Path(out) / f"{name}.svg"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
        paths.append(path)
        if progress is not None:
            progress(done, len(NAMES), name)
    return paths


stand_in.missing = []


@pytest.mark.parametrize("quiet", [False, True])
def test_figures_prints_a_line_per_figure_unless_quiet(tmp_path, monkeypatch, quiet):
    """``figures --out DIR`` prints "[k/3] name" for each figure on stderr (stdout keeps only the
    paths, for scripts); with ``--quiet`` stderr has no progress line."""
    monkeypatch.setattr("analysis.report.build.build_figures", stand_in)
    out = tmp_path / "figs"
    with redirect_stdout(io.StringIO()) as stdout, redirect_stderr(io.StringIO()) as stderr:
        rc = main(["figures", "--out", str(out)] + (["--quiet"] if quiet else []))
    assert rc == 0
    assert stdout.getvalue().splitlines() == [str(out / f"{n}.svg") for n in NAMES]
    lines = [line for line in stderr.getvalue().splitlines() if line.startswith("[")]
    expected = ["[1/3] loaded_by_subcategory", "[2/3] effect_sizes", "[3/3] reliability_scorecard"]
    assert lines == ([] if quiet else expected)


def test_step_lines_writes_whole_lines_even_off_a_terminal():
    """A StringIO is not a terminal (a tqdm bar would be off): the lines still appear, in order."""
    stream = io.StringIO()
    callback = step_lines(stream=stream)
    callback(1, 2, "readability")
    callback(2, 2, "validation_prf skipped")
    assert stream.getvalue() == "[1/2] readability\n[2/2] validation_prf skipped\n"
    quiet = io.StringIO()
    step_lines(quiet=True, stream=quiet)(1, 2, "readability")
    assert quiet.getvalue() == ""
