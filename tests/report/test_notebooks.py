"""Every notebook executes headless (with FAST=True: small baselines), and a failing cell fails
the build with the notebook and the cell named."""

from __future__ import annotations

import pytest

from analysis.report.notebooks import NotebookFailed, build_reports, execute_notebook, notebook_paths

NOTEBOOKS = notebook_paths()


def test_every_report_notebook_is_found():
    names = [p.name for p in NOTEBOOKS]
    assert names[:4] == [
        "01_corpus_overview.py",
        "02_loaded_terminology.py",
        "03_attribution_sourcing.py",
        "04_hedging_certainty.py",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
@pytest.mark.requires_shared
def test_notebook_executes(path):
    nb = execute_notebook(path, {"FAST": True})
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.get("output_type") == "error"
    ]
    assert not errors
    # a notebook opens with its question and ends with caveats
    assert nb.cells[0].cell_type == "markdown" and "Question" in nb.cells[0].source
    assert "Caveats" in nb.cells[-1].source


def test_failing_cell_is_named(tmp_path):
    nb = tmp_path / "01_broken.py"
    nb.write_text(
        '# %% [markdown]\n# # Broken\n\n# %% tags=["parameters"]\nFAST = False\n\n# %%\nx = 1\n\n# %%\nraise ValueError("bad input")\n',
        encoding="utf-8",
    )
    with pytest.raises(NotebookFailed, match=r"01_broken.py: cell 4 failed: ValueError: bad input"):
        build_reports(tmp_path / "out", notebooks=[nb])


def test_report_pages_have_full_interactive_tables_navigation_and_no_network(tmp_path, capfd):
    import re

    nbs = []
    for name, rows in (("01_first.py", 150), ("02_second.py", 3)):
        path = tmp_path / name
        path.write_text(
            f"# %% [markdown]\n# # {name}\n\n# %%\nimport pandas as pd\n"
            f'pd.DataFrame({{"row": [f"r{{i:03d}}" for i in range({rows})]}})\n',
            encoding="utf-8",
        )
        nbs.append(path)
    build_reports(tmp_path / "out", notebooks=nbs, study={"studied corpus": "<seeds> (5 documents)"})
    first = (tmp_path / "out" / "01_first.html").read_text(encoding="utf-8")
    # all 150 rows reach the page (pandas would elide rows 5..145 as "..."), as an itables table
    assert "r000" in first and "r075" in first and "r149" in first and "itables" in first
    assert '<a href="index.html">↑ Index</a>' in first and '<a href="02_second.html">→ Next report</a>' in first
    assert not re.search(r'<script[^>]+src="https?:', first)
    assert "import itables" not in first  # the setup cell's input is hidden
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "&lt;seeds&gt; (5 documents)" in index
    err = capfd.readouterr().err
    assert "without encryption" not in err and "[1/2] 01_first.py" in err


def test_parallel_lanes_name_each_failing_notebook(tmp_path):
    good = tmp_path / "01_good.py"
    good.write_text("# %% [markdown]\n# # Good\n\n# %%\nx = 1\n", encoding="utf-8")
    bad = tmp_path / "02_bad.py"
    bad.write_text('# %% [markdown]\n# # Bad\n\n# %%\nraise KeyError("missing column")\n', encoding="utf-8")
    with pytest.raises(NotebookFailed, match=r"02_bad.py: cell 2 failed: KeyError: 'missing column'"):
        build_reports(tmp_path / "out", notebooks=[good, bad], jobs=2)
    assert (tmp_path / "out" / "01_good.html").exists()  # the other lane still finished its notebook


def test_a_page_rendered_from_the_same_inputs_is_reused_not_executed(tmp_path, monkeypatch, capfd):
    # the notebook appends a line to a file each time it runs, so an execution leaves a trace
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    runs = tmp_path / "runs.txt"
    nb = tmp_path / "01_count.py"
    nb.write_text(
        f'# %% [markdown]\n# # Count\n\n# %%\nopen({str(runs)!r}, "a").write("run\\n")\nprint("ran")\n',
        encoding="utf-8",
    )
    build_reports(tmp_path / "out", notebooks=[nb], inputs="data-v1")
    first = (tmp_path / "out" / "01_count.html").read_bytes()
    (tmp_path / "out" / "01_count.html").unlink()
    build_reports(tmp_path / "out", notebooks=[nb], inputs="data-v1")
    assert runs.read_text().count("run") == 1  # the second build did not execute the notebook
    assert (tmp_path / "out" / "01_count.html").read_bytes() == first  # and wrote the same page
    assert "unchanged: page reused" in capfd.readouterr().err
    build_reports(tmp_path / "out", notebooks=[nb], inputs="data-v2")  # other inputs: executed again
    assert runs.read_text().count("run") == 2
    nb.write_text(nb.read_text(encoding="utf-8") + '\n# %%\nprint("edited")\n', encoding="utf-8")
    build_reports(tmp_path / "out", notebooks=[nb], inputs="data-v2")  # an edited notebook: executed again
    assert runs.read_text().count("run") == 3
    build_reports(tmp_path / "out", notebooks=[nb])  # no inputs fingerprint: always executed
    assert runs.read_text().count("run") == 4
