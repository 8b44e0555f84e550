"""The validation record: read back exactly, and only under the key it was written with."""

import math

import numpy as np
import pandas as pd

from analysis.validate import record


def _table() -> pd.DataFrame:
    # the kinds of cells a validation table holds: names, an F1 whose last bits matter for the
    # figure's bytes, a missing interval, counts
    frame = pd.DataFrame(
        {
            "benchmark": ["ptc", "polnear"],
            "detector": ["lexicon", "rules"],
            "f1": [1 / 3, 0.6079999999999999],
            "ci_low": [np.nan, 0.55],
            "n_docs": [75, 60],
        }
    )
    frame.attrs = {"fast": False, "n_boot": 1000, "skipped": {"szeged": "files not found"}}
    return frame


def test_record_reads_back_every_bit_and_the_attrs(tmp_path):
    table = _table()
    record.write_record("validation", table, "key-1", "python -m analysis validate --record", folder=tmp_path)
    back = record.read_record("validation", "key-1", folder=tmp_path)
    pd.testing.assert_frame_equal(back, table, check_exact=True)
    assert back["f1"].iloc[0] == 1 / 3 and math.isnan(back["ci_low"].iloc[0])
    assert back.attrs["skipped"] == {"szeged": "files not found"} and back.attrs["n_boot"] == 1000
    assert back.attrs["recorded"]["command"] == "python -m analysis validate --record"


def test_a_record_under_another_key_or_damaged_is_not_read(tmp_path):
    record.write_record("validation", _table(), "key-1", "cmd", folder=tmp_path)
    assert record.read_record("validation", "key-2", folder=tmp_path) is None  # code or gold changed
    assert record.read_record("errors", "key-1", folder=tmp_path) is None  # never recorded
    (tmp_path / "validation.json").write_text("{not json", encoding="utf-8")
    assert record.read_record("validation", "key-1", folder=tmp_path) is None


def test_recorded_call_reads_the_record_only_while_its_key_holds(tmp_path, monkeypatch):
    monkeypatch.setattr(record, "RECORD_DIR", tmp_path)
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    calls = []

    def live(top):
        calls.append(top)
        return pd.DataFrame({"top": [top]})

    key = record.record_key("demo", "gold-a", top=3)
    record.write_record("demo", pd.DataFrame({"top": [-1]}), key, "cmd")
    assert record.recorded_call("demo", live, inputs="gold-a", top=3)["top"].tolist() == [-1]
    assert calls == []  # read from the record, not computed
    # other gold files (or other code): the record's key no longer holds, the table is computed
    assert record.recorded_call("demo", live, inputs="gold-b", top=3)["top"].tolist() == [3]
    assert calls == [3]
    # use_cache=False always computes
    assert record.recorded_call("demo", live, inputs="gold-a", top=3, use_cache=False)["top"].tolist() == [3]


def test_record_note_says_where_the_table_comes_from(tmp_path):
    record.write_record("validation", _table(), "k", "python -m analysis validate --record", folder=tmp_path)
    note = record.record_note(record.read_record("validation", "k", folder=tmp_path))
    assert "validation record of" in note and "byte for byte" in note
    assert record.record_note(_table()) == "Computed in this build from the gold data."


def test_the_report_asks_for_the_key_the_record_command_writes(monkeypatch):
    """validation_results (figures, notebook 06) must ask for exactly the key write_records records
    under, or every report would validate live again."""
    from analysis.pipeline.cache import gold_fingerprint
    from analysis.validate.recorded_tables import recorded_calls
    from analysis.validate.validation import validation_results

    asked = []

    def fake_read(name, key, folder=None):
        asked.append((name, key))
        return pd.DataFrame({"from": ["record"]})

    monkeypatch.setattr(record, "read_record", fake_read)
    assert validation_results(fast=False)["from"].tolist() == ["record"]
    name, _, kwargs = next(c for c in recorded_calls() if c[0] == "validation")
    assert asked == [("validation", record.record_key(name, gold_fingerprint(), **kwargs))]
