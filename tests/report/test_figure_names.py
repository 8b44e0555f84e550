"""Figure file names made from group names are safe (issue 29): a group from a subfolder path
(``news/a``) used to make ``effect_sizes_news/a.png``, a file in a folder that does not exist, and
a 300-character group name a file name longer than file systems allow; both broke ``figures``."""

from __future__ import annotations

import csv
import io
import re
from contextlib import redirect_stderr, redirect_stdout

from analysis.cli.app import main
from analysis.report.build import FIGURE_NAME_MAX, figure_names

LONG = "outlet-" + "x" * 300


def test_figure_names_are_safe_short_and_unique():
    names = figure_names("effect_sizes", ["news/a", LONG, "News/A", "../../etc", "", "élan vital"])
    assert names["news/a"] == "effect_sizes_news_a"  # no path separator
    assert names["../../etc"] == "effect_sizes_etc"  # no way out of the folder, no dot
    assert names[""] == "effect_sizes_group"
    assert names["élan vital"] == "effect_sizes_lan_vital"
    # cut to the limit, with a hash of the whole name so two long names stay apart
    assert len(names[LONG]) == FIGURE_NAME_MAX and re.search(r"-[0-9a-f]{8}$", names[LONG])
    # "News/A" would be "news_a" on a case-insensitive file system: it gets its own hash
    assert re.fullmatch(r"effect_sizes_News_A-[0-9a-f]{8}", names["News/A"])
    assert len({n.lower() for n in names.values()}) == len(names)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", n) for n in names.values())


def test_figures_for_subfolder_and_very_long_group_names(tmp_path, monkeypatch):
    """Three groups of three short news-like documents (a CSV with a ``group`` column) compared pair
    by pair: one forest plot per group, each a file directly in --out. The detector validation is
    left out (as without gold data) to keep the build short."""
    from analysis.config import BenchmarkUnavailable

    def no_validation(*args, **kwargs):
        raise BenchmarkUnavailable("left out in this test")

    monkeypatch.setattr("analysis.validate.validation.validation_results", no_validation)
    monkeypatch.setenv("FRAMING_JOBS", "1")  # the replaced validation runs in this process
    src = tmp_path / "groups.csv"
    with src.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["id", "group", "title", "text"])
        writer.writeheader()
        for k, group in enumerate(["news/a", LONG, "News/A"]):
            for i in range(3):
                text = (
                    f"The officials said on Monday that the talks in Geneva would continue for week {i}. "
                    f"The ministry said the plan {k} was approved by the committee after a long debate."
                )
                writer.writerow({"id": f"g{k}-{i}", "group": group, "title": f"Talks go on {i}", "text": text})
    out = tmp_path / "figs"
    stdout, stderr = io.StringIO(), io.StringIO()
    with redirect_stdout(stdout), redirect_stderr(stderr):
        rc = main(["figures", str(src), "--out", str(out), "--quiet"])
    assert rc == 0, stderr.getvalue()
    forest = sorted(p.name for p in out.iterdir() if p.name.startswith("effect_sizes"))
    assert len(forest) == 6  # three groups, PNG and SVG each
    assert "effect_sizes_news_a.png" in forest
    assert all(len(name) <= FIGURE_NAME_MAX + 4 for name in forest)
    assert all(p.is_file() for p in out.iterdir())  # nothing written into a subfolder
