"""Cells and labels made safe for where they are shown: spreadsheets, terminals, matplotlib.

* :func:`safe_csv_cell` / :func:`safe_csv_frame`: CSV-injection neutralisation after the OWASP
  "CSV Injection" guidance: a text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return is prefixed with a single quote, so a spreadsheet shows it as text instead of
  running it as a formula. Numbers (also negative ones, and numeric text such as ``-1.5``) are
  left alone.
* :func:`strip_control` / :func:`display_frame`: C0 and C1 control characters (ESC terminal
  sequences included) removed from text for an aligned terminal table; newline and tab are kept.
"""

from __future__ import annotations

import re

import pandas as pd

#: First characters that make a spreadsheet read a cell as a formula (OWASP CSV Injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]?(?:inf|nan)", re.IGNORECASE)
# ANSI escape sequences (CSI ... final byte, OSC ... BEL/ST), then any remaining C0/C1 controls
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x9b[0-?]*[ -/]*[@-~]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe_csv_cell(value):
    """``value`` with a leading ``'`` when it is text that a spreadsheet would run as a formula
    (starts with ``=``, ``+``, ``-``, ``@``, tab or CR and is not a number); else unchanged."""
    if not isinstance(value, str) or not value or not value.startswith(FORMULA_STARTS):
        return value
    if value[0] in "+-" and _NUMBER.fullmatch(value.strip()):
        return value
    return "'" + value


def safe_csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with :func:`safe_csv_cell` applied to every text cell and column name
    (numeric columns are untouched)."""
    return _map_text(frame, safe_csv_cell)


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
