"""Recorded validation: the slow validation tables written once, read back while nothing they depend
on has changed.

Validating the shipped detectors against the gold data (:func:`analysis.validate.validation.run_validation`,
the error listings, the framing analyses' rows) takes minutes of CPU and gives the same table for
every study: it depends on the package's code, lexicons and models and on the gold files, not on the
documents a user studies. So each such table is recorded in ``docs/validation/<name>.parquet`` with a
sidecar ``<name>.json`` holding the key it was computed under: the same key the result cache uses
(:func:`analysis.pipeline.cache.memo_path`: a sha256 over every file of the package, the gold
files' content and the call's arguments). A record is read only when its key equals the key of the
call now; after any change to the code, a lexicon, a model or a gold file the key differs, the
record is ignored and the table is computed live (and cached) as before. ``python -m analysis
validate --record`` (``make record-validation``) writes the records again.

Parquet keeps every column's type and every float's bits, so a figure drawn from a record is the
figure drawn from the live table, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pandas as pd

from analysis.config import PROJECT_ROOT

__all__ = ["RECORD_DIR", "read_record", "record_key", "record_note", "recorded_call", "write_record"]

#: Where the records live: beside the docs, outside the package (whose files make the key).
RECORD_DIR = PROJECT_ROOT / "docs" / "validation"


def record_key(name: str, inputs: str = "", **kwargs) -> str:
    """The key a call ``name(**kwargs)`` reading ``inputs`` is cached and recorded under."""
    from analysis.pipeline.cache import memo_path

    return memo_path(name, inputs=inputs, **kwargs).stem.rsplit("-", 1)[-1]


def _paths(name: str, folder: Path | None) -> tuple[Path, Path]:
    folder = Path(folder) if folder is not None else RECORD_DIR
    return folder / f"{name}.parquet", folder / f"{name}.json"


def read_record(name: str, key: str, folder: Path | None = None) -> pd.DataFrame | None:
    """The recorded table ``name`` if it was recorded under ``key``, else None (no record, another
    key, or a damaged file: the caller computes the table live)."""
    table, side = _paths(name, folder)
    try:
        meta = json.loads(side.read_text(encoding="utf-8"))
        if meta.get("key") != key:
            return None
        frame = pd.read_parquet(table)
    except (OSError, ValueError):
        return None
    frame.attrs.update(meta.get("attrs", {}))
    frame.attrs["recorded"] = {k: meta.get(k) for k in ("date", "commit", "command")}
    return frame


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
        )
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def write_record(name: str, frame: pd.DataFrame, key: str, command: str, folder: Path | None = None) -> Path:
    """Write ``frame`` as the record ``name`` under ``key`` (parquet + JSON sidecar with the key,
    the date, the commit the code was at, the command and the frame's ``attrs``)."""
    from analysis.pipeline.files import atomic_write

    table, side = _paths(name, folder)
    table.parent.mkdir(parents=True, exist_ok=True)
    attrs = json.loads(json.dumps(frame.attrs, default=str))
    plain = frame.copy()
    plain.attrs = {}
    tmp = table.with_suffix(".parquet.tmp")
    plain.to_parquet(tmp, index=False)
    tmp.replace(table)
    meta = {
        "key": key,
        "date": dt.date.today().isoformat(),
        "commit": _commit(),
        "command": command,
        "rows": int(len(frame)),
        "attrs": attrs,
    }
    atomic_write(side, (json.dumps(meta, indent=1, sort_keys=True) + "\n").encode("utf-8"))
    return table


def recorded_call(
    name: str, func, *, record: str | None = None, inputs: str = "", use_cache: bool = True, **kwargs
) -> pd.DataFrame:
    """``func(**kwargs)`` from the record ``record`` (default ``name``) when the record's key is this
    call's key, else through the result cache (:func:`analysis.pipeline.cache.memo_call`),
    computed on a miss."""
    from analysis.pipeline.cache import memo_call

    if use_cache:
        found = read_record(record or name, record_key(name, inputs, **kwargs))
        if found is not None:
            return found
    return memo_call(name, func, inputs=inputs, use_cache=use_cache, **kwargs)


def record_note(frame: pd.DataFrame) -> str:
    """One sentence saying where a validation table comes from: its record (date, commit, command)
    or a live run in this build."""
    rec = frame.attrs.get("recorded")
    if not rec:
        return "Computed in this build from the gold data."
    return (
        f"Read from the validation record of {rec.get('date')} (code at commit {rec.get('commit')}, "
        f"`{rec.get('command')}`): the package's code, lexicons and models and the gold files are "
        "byte for byte those it was computed from, so a live run gives this table."
    )
