"""A figure rebuilt from unchanged tables is written from cached bytes (analysis.report.build.drawn)."""

from __future__ import annotations

import pandas as pd

CALLS: list[str] = []


def counted_readability(profile, **kwargs):
    from analysis.report.figures import readability_by_group

    CALLS.append("drawn")
    return readability_by_group(profile, **kwargs)


def test_same_tables_same_bytes_without_drawing_again(tmp_path, monkeypatch):
    from analysis.report.build import drawn

    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path))
    profile = pd.DataFrame({"group": ["a", "a", "b", "b"], "flesch_kincaid_grade": [8.0, 9.5, 12.0, 11.0]})
    CALLS.clear()
    first = drawn("readability", counted_readability, profile, group_col="group", source="test")
    assert set(first) == {"png", "svg"} and first["png"].startswith(b"\x89PNG")
    again = drawn("readability", counted_readability, profile.copy(), group_col="group", source="test")
    assert again == first and CALLS == ["drawn"]  # read back, not drawn a second time
    changed = profile.assign(flesch_kincaid_grade=[8.0, 9.5, 12.0, 14.0])  # one value differs: drawn again
    assert drawn("readability", counted_readability, changed, group_col="group", source="test") != first
    assert CALLS == ["drawn", "drawn"]
