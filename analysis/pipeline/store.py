"""Cache entries that cannot run code when read, written whole or not at all.

Two kinds of entry live under the results cache (:func:`analysis.pipeline.cache.results_dir`):

* **tables** (a study's documents, spans, profile, attributions; scored chunks): a folder of
  Parquet files (:func:`write_tables`, :func:`read_tables`), which a user can open with pandas,
  R or DuckDB and which hold data only;
* **other results** (figure bytes, validation and comparison tables with their attributes,
  rendered pages): pickled, with an HMAC-SHA256 of the bytes under a per-user secret key kept
  *outside* the cache folder (:func:`key_path`). An entry whose HMAC does not verify (planted,
  copied from another user, truncated) is never unpickled: it is treated as missing and computed
  again (:func:`signed_load`).

Every write goes to a uniquely named temporary file or folder in the same directory and is moved
into place with one rename, so concurrent writers and killed runs never leave half an entry. A
cache that cannot be written (read-only, full disk) or an entry that cannot be read is not fatal:
the value is computed and returned, and one warning per process says the cache is not used.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
import shutil
import tempfile
import warnings
from pathlib import Path

import pandas as pd

__all__ = ["key_path", "signed_dump", "signed_load", "write_tables", "read_tables", "cache_problem"]

_HEADER = b"framing-lab signed cache v1\n"
_WARNED: set[str] = set()


def cache_problem(what: str, err: BaseException) -> None:
    """Warn once per process that the cache could not be used (the build goes on without it)."""
    msg = f"cache not used ({what}): {type(err).__name__}: {err}"
    if what not in _WARNED:
        _WARNED.add(what)
        warnings.warn(msg, RuntimeWarning, stacklevel=3)


def key_path() -> Path:
    """The per-user secret key of signed entries: ``$FRAMING_CACHE_KEY`` (a file path) or
    ``$XDG_CONFIG_HOME/framing-lab/cache.key`` (``~/.config/...``), never inside the cache folder,
    so a cache folder copied from someone else, or shared under /tmp, is not trusted."""
    explicit = os.environ.get("FRAMING_CACHE_KEY")
    if explicit:
        return Path(explicit).expanduser()
    root = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return root / "framing-lab" / "cache.key"


def _key() -> bytes:
    """The secret key, created (32 random bytes, mode 0600) on first use."""
    path = key_path()
    try:
        data = path.read_bytes()
        if len(data) >= 32:
            return data
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".cache-key.", dir=path.parent)
    try:
        os.write(fd, secrets.token_bytes(32))
        os.close(fd)
        os.chmod(tmp, 0o600)
        try:
            os.link(tmp, path)  # first writer wins; a concurrent one reads the winner's key
        except FileExistsError:
            pass
    finally:
        Path(tmp).unlink(missing_ok=True)
    return path.read_bytes()


def _atomic_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def signed_dump(path: Path, value) -> bool:
    """Pickle ``value`` to ``path`` with an HMAC of the bytes; False (and one warning) when the
    cache cannot be written."""
    try:
        body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        tag = hmac.new(_key(), body, hashlib.sha256).digest()
        _atomic_bytes(path, _HEADER + tag + body)
        return True
    except OSError as err:
        cache_problem("write", err)
        return False


_MISSING = object()


def signed_load(path: Path, default=_MISSING):
    """The value stored by :func:`signed_dump`, or ``default`` (a miss) when the entry is absent,
    unreadable, not signed by this user's key, or cannot be unpickled. Only verified bytes are
    unpickled."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return default
    except OSError as err:
        cache_problem("read", err)
        return default
    n = len(_HEADER)
    if not data.startswith(_HEADER) or len(data) < n + 32:
        return default
    tag, body = data[n : n + 32], data[n + 32 :]
    try:
        good = hmac.compare_digest(tag, hmac.new(_key(), body, hashlib.sha256).digest())
    except OSError as err:
        cache_problem("key", err)
        return default
    if not good:
        return default
    try:
        return pickle.loads(body)
    except Exception:  # signed by us but from an older, incompatible code version: recompute
        return default


def write_tables(folder: Path, tables: dict[str, pd.DataFrame]) -> bool:
    """Write ``tables`` as ``<folder>/<name>.parquet`` (a temporary folder renamed into place);
    False (one warning) when the cache cannot be written. An existing complete folder is kept."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=folder.name + ".", suffix=".tmp", dir=folder.parent))
    except OSError as err:
        cache_problem("write", err)
        return False
    try:
        for name, frame in tables.items():
            frame.to_parquet(tmp / f"{name}.parquet", index=False)
        (tmp / "COMPLETE").write_text(",".join(tables), encoding="utf-8")
        try:
            os.replace(tmp, folder)
        except OSError:  # another process finished the same entry first: keep it
            if not (folder / "COMPLETE").is_file():
                raise
        return True
    except OSError as err:
        cache_problem("write", err)
        return False
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def read_tables(folder: Path, names) -> dict[str, pd.DataFrame] | None:
    """The tables written by :func:`write_tables`, or None when the entry is absent, incomplete or
    unreadable (it is then computed again and replaced)."""
    if not (folder / "COMPLETE").is_file():
        return None
    try:
        return {name: pd.read_parquet(folder / f"{name}.parquet") for name in names}
    except Exception:  # a damaged entry is a miss, never fatal
        shutil.rmtree(folder, ignore_errors=True)
        return None
