"""The ``profile`` command (alias ``score``) of :mod:`analysis.cli.measures`."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

import pandas as pd

from analysis.cli.app import main

# One sentence, one attribution ("the ministry said") whose source is an official institution.
BODY = "The ministry said the plan was approved by the committee on Tuesday after a long debate."


def _csv(argv: list[str]) -> pd.DataFrame:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        assert main(argv) == 0, err.getvalue()
    return pd.read_csv(io.StringIO(out.getvalue()))


def test_profile_and_its_old_name_score_print_the_same_profile(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text(BODY, encoding="utf-8")
    prof = _csv(["profile", str(path), "--format", "csv"])
    score = _csv(["score", str(path), "--format", "csv"])
    pd.testing.assert_frame_equal(prof, score)
    assert len(prof) == 1 and prof.loc[0, "attributions"] == 1
    assert prof.loc[0, "source_official_institution_share"] == 1.0
