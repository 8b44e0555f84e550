"""Files written safely when several processes share a folder: atomic replaces and exclusive outputs.

* :func:`atomic_write`: the bytes go to a temporary file with a unique name in the target's folder,
  are flushed to disk, then :func:`os.replace` puts them in place in one step. A reader sees the
  old file or the new one, never half of one, and two writers of one path cannot trip over each
  other's temporary file (the last replace wins; both wrote the same kind of content).
* :class:`OutputLock`: an exclusive lock on ``<output>.lock``, the output's path resolved first
  (symbolic links followed), so two names of one file share one lock (``fcntl.flock`` where available,
  else an exclusive-create lock file holding the owner's process id). A second writer of the same
  output gets :class:`OutputLocked` at once instead of interleaving rows. An flock is released by
  the operating system when its process dies, so a crashed run never leaves a stale lock behind;
  the exclusive-create file does outlive a crash, and the refusal says to delete it then.
* :func:`check_output_apart`: an output must not overwrite an input: it may not be an input file
  or folder (symbolic and hard links included), lie inside an input folder (its files would be
  read as documents next time), or, for an output folder, be the folder holding an input file
  (a page named after the document could replace it). :class:`OutputOverInput` says which.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None


class OutputLocked(RuntimeError):
    """Another process is writing the same output; the message names it and the lock file."""


class OutputOverInput(ValueError):
    """An output that would write over or into an input (:func:`check_output_apart`)."""


def check_output_apart(output: str | Path, inputs, *, folder: bool, option: str = "--out") -> None:
    """Raise :class:`OutputOverInput` when writing ``output`` could overwrite or pollute one of
    ``inputs`` (files or folders; missing ones are ignored): ``output`` is an input (the same path
    once links are resolved, or the same file through a hard link), lies inside an input folder, or
    (``folder=True``: the output is a folder of pages or figures) is the folder holding an input
    file."""
    out = Path(output).expanduser().resolve()
    for given in inputs:
        src = Path(given).expanduser()
        if not src.exists():
            continue
        real = src.resolve()
        same = out == real or (out.exists() and os.path.samefile(out, real))
        if same:
            raise OutputOverInput(f"{option} {output} is the input {given}: write the output somewhere else")
        if real.is_dir() and out.is_relative_to(real):
            raise OutputOverInput(
                f"{option} {output} is inside the input folder {given}: the outputs would be written among "
                "the inputs (and read as inputs next time); choose a folder outside it"
            )
        if folder and not real.is_dir() and out == real.parent:
            raise OutputOverInput(
                f"{option} {output} is the folder of the input file {given}: a file written there could "
                "replace it; choose another folder"
            )


def atomic_write(path: str | Path, write: Callable[[IO[bytes]], object] | bytes) -> Path:
    """Write ``path`` atomically: ``write`` (bytes, or a function given the open binary file) fills
    a uniquely named temporary file beside ``path``, which then replaces ``path`` (:func:`os.replace`)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            if isinstance(write, (bytes, bytearray)):
                fh.write(write)
            else:
                write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def lock_path(output: str | Path) -> Path:
    """The lock file of ``output``: ``<output>.lock``."""
    output = Path(output)
    return output.with_name(output.name + ".lock")


class OutputLock:
    """``with OutputLock(output):`` holds an exclusive lock on ``<output>.lock`` (see module
    docstring); raises :class:`OutputLocked` when another process holds it."""

    def __init__(self, output: str | Path) -> None:
        self.output = Path(output)
        # the lock belongs to the file written, not to the name it was given: a symbolic link to
        # the output (or a path through one) must meet the same lock
        self.path = lock_path(Path(output).resolve())
        self._fh = None

    def _busy(self, owner: str) -> OutputLocked:
        return OutputLocked(
            f"{self.output} is being written by another run{owner} (lock {self.path}); "
            "wait for it to finish or choose another --out"
        )

    def acquire(self) -> OutputLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if fcntl is not None:
            while True:
                fh = open(self.path, "a+b")
                try:
                    fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    fh.seek(0)
                    owner = fh.read().decode("ascii", "replace").strip()
                    fh.close()
                    raise self._busy(f" (process {owner})" if owner else "") from None
                try:  # the holder may have removed the file between our open and flock: retry
                    if os.stat(self.path).st_ino == os.fstat(fh.fileno()).st_ino:
                        break
                except FileNotFoundError:
                    pass
                fh.close()
            fh.seek(0)
            fh.truncate()
            fh.write(str(os.getpid()).encode())
            fh.flush()
            self._fh = fh
            return self
        try:  # no fcntl (Windows): the lock is the file's exclusive creation
            fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            try:
                owner = self.path.read_text(encoding="ascii", errors="replace").strip()
            except OSError:
                owner = ""
            # unlike an flock, this file outlives a run that crashed: say how to clear it
            raise self._busy(
                f" (process {owner}; if that run has ended, delete the lock file)"
                if owner
                else " (if no run is writing it, delete the lock file)"
            ) from None
        os.write(fd, str(os.getpid()).encode())
        self._fh = os.fdopen(fd, "wb")
        return self

    def release(self) -> None:
        if self._fh is None:
            return
        fh, self._fh = self._fh, None
        if fcntl is None:  # Windows cannot delete an open file: close, then delete (which frees the lock)
            fh.close()
            self.path.unlink(missing_ok=True)
            return
        try:  # unlink while still holding the flock; a waiter that opened the old file retries
            self.path.unlink(missing_ok=True)
        finally:
            fh.close()  # closing the descriptor releases the flock

    def __enter__(self) -> OutputLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
