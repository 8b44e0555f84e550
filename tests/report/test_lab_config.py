"""`make lab` opens the .py notebooks as notebooks and pairs them with git-ignored .ipynb files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def test_notebooks_pair_with_ipynb_and_open_as_notebooks():
    config = tomllib.loads((ROOT / "notebooks" / "jupytext.toml").read_text(encoding="utf-8"))
    assert config["formats"] == "ipynb,py:percent"
    overrides = json.loads((ROOT / "jupyter" / "lab-settings-overrides.json").read_text(encoding="utf-8"))
    assert overrides["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]["python"] == "Jupytext Notebook"
    assert "notebooks/*.ipynb" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "cp jupyter/lab-settings-overrides.json $(LAB_SETTINGS)/overrides.json" in makefile


def test_jupytext_reads_the_config_and_converts_a_report_notebook(tmp_path):
    from jupytext.config import find_jupytext_configuration_file, load_jupytext_configuration_file

    found = find_jupytext_configuration_file(str(ROOT / "notebooks"))
    assert Path(found) == ROOT / "notebooks" / "jupytext.toml"
    assert load_jupytext_configuration_file(found).formats in ("ipynb,py:percent", ["ipynb,py:percent"])
    source = sorted((ROOT / "notebooks").glob("0*.py"))[0]
    shutil.copy(source, tmp_path / source.name)
    shutil.copy(ROOT / "notebooks" / "jupytext.toml", tmp_path / "jupytext.toml")
    subprocess.run([str(BIN / "jupytext"), "--to", "ipynb", source.name], cwd=tmp_path, check=True, capture_output=True)
    nb = nbformat.read(tmp_path / (source.stem + ".ipynb"), as_version=4)
    assert any("parameters" in c.metadata.get("tags", []) for c in nb.cells)  # cell tags survive


@pytest.mark.slow
def test_nbconvert_executes_a_paired_notebook(tmp_path):
    # a two-cell percent notebook: the paired .ipynb executes with jupyter nbconvert
    (tmp_path / "jupytext.toml").write_text('formats = "ipynb,py:percent"\n', encoding="utf-8")
    (tmp_path / "tiny.py").write_text("# %%\nx = 6 * 7\n\n# %%\nprint(x)\n", encoding="utf-8")
    subprocess.run([str(BIN / "jupytext"), "--to", "ipynb", "tiny.py"], cwd=tmp_path, check=True, capture_output=True)
    subprocess.run(
        [str(BIN / "jupyter"), "nbconvert", "--to", "notebook", "--execute", "--inplace", "tiny.ipynb"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    nb = nbformat.read(tmp_path / "tiny.ipynb", as_version=4)
    assert nb.cells[1].outputs[0]["text"] == "42\n"
