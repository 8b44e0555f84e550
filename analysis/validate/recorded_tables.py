"""The validation tables the figures and notebook 06 read, and the command that records them.

Each entry of :data:`RECORDED` is one call as the figure build and notebook 06 make it (same name,
function and arguments, so the same key): the detector validation, the error listings of each task
and the framing analyses' rows. :func:`write_records` computes each live (no cache) and writes it
with :func:`analysis.validate.record.write_record`; ``python -m analysis validate --record`` and
``make record-validation`` call it after a change to a detector, a lexicon, a model or the gold data.
"""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["ERRORS_TOP", "RECORD_COMMAND", "recorded_calls", "write_records"]

#: How many false alarms and misses notebook 06 lists per task (its ``TOP``).
ERRORS_TOP = 8
RECORD_COMMAND = "python -m analysis validate --record"


def recorded_calls() -> list[tuple[str, object, dict]]:
    """(name, function, keyword arguments) of each recorded table, as the report calls them."""
    from analysis.validate.framing import framing_validation
    from analysis.validate.validation import run_validation
    from analysis.validate.validation_errors import ERROR_TASKS, task_errors

    calls = [("validation", run_validation, {"fast": False, "data_dir": None, "jobs": 1})]
    calls += [("task_errors", task_errors, {"task": t, "fast": False, "top": ERRORS_TOP}) for t in ERROR_TASKS]
    calls.append(("framing_validation", framing_validation, {}))
    return calls


def write_records(folder: Path | None = None, quiet: bool = False) -> list[Path]:
    """Compute every table of :func:`recorded_calls` live from the gold data and record it; a record
    whose benchmark is missing here is not written (its old record stays, and is ignored while
    its key differs). Returns the files written."""
    from analysis.config import gold_dir
    from analysis.pipeline.cache import gold_fingerprint
    from analysis.validate.record import record_key, write_record

    if gold_dir() is None:
        raise SystemExit("error: no gold data folder (../shared/benchmarks or $FRAMING_GOLD_DIR): nothing to record")
    inputs = gold_fingerprint()
    written, errors = [], {}
    for name, func, kwargs in recorded_calls():
        table = func(**kwargs)
        if name == "task_errors":  # one record per task: the notebook calls it once per task
            errors[kwargs["task"]] = (table, kwargs)
            continue
        written.append(write_record(name, table, record_key(name, inputs, **kwargs), RECORD_COMMAND, folder))
        if not quiet:
            print(f"recorded {name}: {len(table)} rows", file=sys.stderr)
    for task, (table, kwargs) in errors.items():
        path = write_record(
            f"task_errors-{task}", table, record_key("task_errors", inputs, **kwargs), RECORD_COMMAND, folder
        )
        written.append(path)
    return written
