"""``python -m analysis roles PATH``: the narrative-role table of the seed statements (the study's
roles analysis), with its run time on standard error."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

import pandas as pd

from analysis.cli import app
from analysis.config import SEEDS_DIR


def test_roles_command_on_the_seeds():
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = app.main(["roles", str(SEEDS_DIR), "--format", "csv"])
    assert rc == 0, err.getvalue()
    rows = pd.read_csv(io.StringIO(out.getvalue()))
    assert list(rows.columns) == ["doc_id", "group", "entity", "role", "score", "evidence_sentence", "mentions"]
    assert set(rows["doc_id"]) == {
        "batat-threats",
        "quds-massacre-plan",
        "ramadan-attack-order",
        "moslehi-baghdad-visit",
        "isis-cooperation-reports",
    }
    assert rows["role"].isin(["hero", "villain", "victim"]).all()
    # the manifest's publisher and aliases make the publisher's movement one entity
    assert (rows["entity"] == "National Council of Resistance of Iran (NCRI)").any()
    assert "roles: 5 documents" in err.getvalue() and "words/s" in err.getvalue()
