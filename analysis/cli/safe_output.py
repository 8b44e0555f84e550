"""Cells and labels made safe for where they are shown: spreadsheets, terminals, matplotlib.

* :func:`safe_csv_cell` / :func:`safe_csv_frame`: CSV-injection neutralisation after the OWASP
  "CSV Injection" guidance: a text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return, also after leading spaces (spreadsheets skip them: `` =1+1`` is a formula), is
  prefixed with a single quote, so a spreadsheet shows it as text instead of running it as a
  formula. Numbers (also negative ones, and numeric text such as ``-1.5``) are left alone.
* :func:`csv_text` / :func:`write_csv`: the one CSV writer of the package (standard output, files,
  ``score-stream`` chunks). Rows end in ``\n``; a cell holding a carriage return or a line feed is
  quoted (RFC 4180), so a bare ``\r`` from an old Mac file or a copy-paste never splits a row and
  every CSV reader (pandas, Python's ``csv`` with ``newline=""``, R, spreadsheets) reads back the
  cells as written.
* :func:`strip_control` / :func:`display_frame`: C0 and C1 control characters (ESC terminal
  sequences included) removed from text for an aligned terminal table; newline and tab are kept.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

#: First characters that make a spreadsheet read a cell as a formula (OWASP CSV Injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]?(?:inf|nan)", re.IGNORECASE)
# ANSI escape sequences (CSI ... final byte, OSC ... BEL/ST), then any remaining C0/C1 controls
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x9b[0-?]*[ -/]*[@-~]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe_csv_cell(value):
    """``value`` with a leading ``'`` when it is text that a spreadsheet would run as a formula
    (starts with ``=``, ``+``, ``-``, ``@``, tab or CR, also after leading whitespace, and is not
    a number); else unchanged."""
    if not isinstance(value, str) or not value:
        return value
    head = value.lstrip()  # " =1+1": spreadsheets skip the spaces and run the formula
    if not (value.startswith(FORMULA_STARTS) or head.startswith(FORMULA_STARTS)):
        return value
    if head[:1] in ("+", "-") and _NUMBER.fullmatch(value.strip()):
        return value
    return "'" + value


def safe_csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with :func:`safe_csv_cell` applied to every text cell and column name
    (numeric columns are untouched)."""
    return _map_text(frame, safe_csv_cell)


def csv_text(frame: pd.DataFrame, header: bool = True, **options) -> str:
    """``frame`` as CSV text (no index), rows ending in ``\n``, every cell that holds ``\r`` or
    ``\n`` quoted (module docstring); ``options`` go to :meth:`pandas.DataFrame.to_csv`
    (``float_format``).

    Python's csv writer quotes a cell only for the characters of its line terminator, so the rows
    are written with ``\r\n`` (every cell with either character is then quoted) and the row ends,
    the only ``\r\n`` outside quotes, become ``\n``: outside quotes means an even number of ``"``
    before, as a quote inside a quoted cell is doubled. A frame without ``\r`` in any cell gives
    the bytes ``to_csv(lineterminator="\n")`` gives."""
    text = frame.to_csv(index=False, header=header, lineterminator="\r\n", **options)
    parts = text.split('"')
    parts[::2] = [p.replace("\r\n", "\n") for p in parts[::2]]
    return '"'.join(parts)


def write_csv(frame: pd.DataFrame, path, raw: bool = False) -> Path:
    """Write ``frame`` to the CSV file ``path`` with :func:`csv_text` (cells made safe with
    :func:`safe_csv_frame` unless ``raw``), atomically: a reader, or a run that dies, never sees
    half a file (:func:`analysis.pipeline.files.atomic_write`)."""
    from analysis.pipeline.files import atomic_write

    return atomic_write(path, csv_text(frame if raw else safe_csv_frame(frame)).encode("utf-8"))


def strip_control(text):
    """``text`` without terminal escape sequences and C0/C1 control characters (newline and tab
    kept); non-text values are returned unchanged."""
    if not isinstance(text, str):
        return text
    return _CONTROL.sub("", _ANSI.sub("", text))


def terminal_safe(text: str) -> str:
    """One message line for a terminal: escape sequences and control characters (newline and tab
    too) removed, so an id or a file name cannot rewrite the screen."""
    return _CONTROL.sub("", _ANSI.sub("", str(text))).replace("\n", " ").replace("\t", " ")


def display_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with :func:`strip_control` applied to every text cell and column name."""
    return _map_text(frame, strip_control)


def _map_text(frame: pd.DataFrame, fn) -> pd.DataFrame:
    """A copy of ``frame`` with ``fn`` applied to every text cell (categoricals included) and to
    every column name; numeric columns are untouched."""
    out = frame.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.CategoricalDtype):
            out[col] = out[col].astype(object)
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = out[col].map(fn)
    out.columns = [fn(c) for c in out.columns]
    return out
