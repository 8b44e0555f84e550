"""Computed results, each computed once per build and cached by content.

Every notebook and the figure build need the same tables (a study's documents, spans, profile
and attributions: :mod:`analysis.pipeline.study`) and the same slow results (detector validation,
comparisons, cross-validation, log-odds, the scorecard). They are stored under
``<cache_dir()>/results`` (:func:`analysis.config.cache_dir`, ``$FRAMING_CACHE_DIR``: one cache
root, beside the downloaded corpora in ``baselines/``), tables as Parquet and other results as
signed pickles that are never unpickled unless their HMAC verifies (:mod:`analysis.pipeline.store`),
and keyed by a sha256 over

* the code: every file of the package (Python, lexicons, shipped models), :func:`code_fingerprint`;
* the inputs: the bytes of every seed, baseline and gold file read (:func:`corpus_fingerprint`,
  :func:`gold_fingerprint`; hashed from their content every time, never remembered by name, size
  or modification time), or the content of the frames a function is called with (:func:`memo_call`),
  and the scoring context (user lexicon bytes, declared aliases);
* the request (baselines, topic, parameters).

Replacing any input text or any line of code gives a new key, so nothing stale is reused, and
the figure build and the notebooks (separate processes) share every entry.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.config import PACKAGE_DIR, cache_dir


def results_dir() -> Path:
    """Where computed results are cached: ``<analysis.config.cache_dir()>/results``."""
    return cache_dir() / "results"


def file_digest(path: str | Path) -> str:
    """sha256 of a file's bytes, or of a folder's files (relative names and bytes, sorted);
    "missing" when the path does not exist. Always read from the content: a file copied with its
    times kept (``cp -p``, ``rsync -t``) or edited in place within one timestamp tick still gets
    its new digest."""
    return _digest(Path(path))


def _digest(p: Path) -> str:
    if p.is_dir():
        import os

        root = str(p.absolute())
        rel = []  # (relative posix name, absolute path)
        for folder, dirs, names in os.walk(root):
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            prefix = folder[len(root) + 1 :].replace(os.sep, "/")
            rel += [((prefix + "/" + n) if prefix else n, os.path.join(folder, n)) for n in names]
        h = hashlib.sha256()
        for name, f in sorted(rel):
            h.update(name.encode() + b"\0" + _file(f).encode())
        return h.hexdigest()
    return _file(str(p.absolute()))


def _file(path: str) -> str:
    import os
    import stat as st_mode

    try:
        st = os.stat(path)
    except OSError:
        return "missing"
    if not st_mode.S_ISREG(st.st_mode):
        return "missing"
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """sha256 over every file of the package (Python, lexicons, shipped models): changes whenever
    a measure can."""
    return file_digest(PACKAGE_DIR)[:16]


def corpus_fingerprint(baselines, data_dir=None, seeds_dir=None) -> str:
    """sha256 over the seed files and the files of each baseline as they would be read now."""
    from analysis.config import SEEDS_DIR
    from analysis.corpus.baselines import baseline_spec, locate_baseline

    h = hashlib.sha256(file_digest(seeds_dir or SEEDS_DIR).encode())
    for name in baselines:
        found = locate_baseline(name, data_dir)
        h.update(f"\0{name}\0".encode())
        if found is None:
            h.update(b"unavailable")
            continue
        for f in baseline_spec(name).files:
            h.update(f.path.encode() + b"\0" + file_digest(found[0] / f.path).encode())
    return h.hexdigest()


def gold_fingerprint(data_dir=None) -> str:
    """sha256 over every file of the gold folder (:func:`analysis.config.gold_dir`)."""
    from analysis.config import gold_dir

    root = gold_dir(data_dir)
    return "none" if root is None else _folder_digest(str(root))


def _folder_digest(root: str) -> str:
    return file_digest(root)


def _update(h, value) -> None:
    """Feed ``value`` into hash ``h`` by content (frames by their cells, index and columns)."""
    import numpy as np

    if isinstance(value, (pd.DataFrame, pd.Series)):
        frame = value if isinstance(value, pd.DataFrame) else value.to_frame()
        h.update(type(value).__name__.encode() + repr(list(frame.columns)).encode())
        h.update(repr([str(t) for t in frame.dtypes]).encode())
        try:
            h.update(pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes())
        except TypeError:  # unhashable cells (lists of sentence bounds): column by column, cell by cell
            for col in frame.columns:
                try:
                    h.update(pd.util.hash_pandas_object(frame[col], index=True).to_numpy().tobytes())
                except TypeError:  # list cells: one repr of the column (fast, and unambiguous)
                    cells = [v.tolist() if hasattr(v, "tolist") else v for v in frame[col]]
                    h.update(repr(cells).encode())
    elif hasattr(value, "cache_key"):  # an object that names its own content (a Study)
        h.update(f"{type(value).__name__}:{value.cache_key}".encode())
    elif isinstance(value, np.ndarray):
        h.update(repr((value.dtype.str, value.shape)).encode() + np.ascontiguousarray(value).tobytes())
    elif isinstance(value, (list, tuple)):
        h.update(f"{type(value).__name__}[{len(value)}]".encode())
        for v in value:
            _update(h, v)
    elif isinstance(value, dict):
        h.update(f"dict[{len(value)}]".encode())
        for k in sorted(value, key=repr):
            _update(h, k)
            _update(h, value[k])
    else:
        h.update(repr(value).encode())
    h.update(b"\x1e")


def content_key(*parts) -> str:
    """A short sha256 key over ``parts`` (by content) and the package code. A result that depends
    on the scoring context passes its :attr:`analysis.measures.context.ScoringContext.key` as a part."""
    h = hashlib.sha256()
    for part in (code_fingerprint(), *parts):
        _update(h, part)
    return h.hexdigest()[:24]


def cached(path: Path, compute, use_cache: bool = True):
    """``compute()``'s result, stored at ``path`` as a signed pickle (:func:`analysis.pipeline.store.signed_dump`)
    and read back next time only if its signature verifies; an entry that is missing, damaged or
    not ours is computed again and replaced. Writes are atomic, so two processes filling one
    entry at once both succeed and a reader never sees half a file."""
    from analysis.pipeline.store import signed_dump, signed_load

    miss = object()
    if use_cache:
        value = signed_load(path, miss)
        if value is not miss:
            return value
    value = compute()
    if use_cache:
        signed_dump(path, value)
    return value


def memo_call(name: str, func, *args, inputs: str = "", use_cache: bool = True, **kwargs):
    """``func(*args, **kwargs)``, cached under ``results/<name>-<key>.signed``; the key covers the
    arguments by content (frames by their cells), ``inputs`` (a fingerprint of files ``func``
    reads itself, such as :func:`gold_fingerprint`) and the code; ``func`` may be a
    ``"module:name"`` string, imported only on a miss. Used by the figure build and the
    notebooks so that each slow result is computed once."""
    return cached(memo_path(name, *args, inputs=inputs, **kwargs), lambda: resolve(func)(*args, **kwargs), use_cache)


def signed_value(path: Path):
    """The value cached at ``path`` (by :func:`memo_call`), or None when there is none to trust."""
    from analysis.pipeline.store import signed_load

    return signed_load(path, None)


def memo_path(name: str, *args, inputs: str = "", **kwargs) -> Path:
    """The file :func:`memo_call` caches ``name`` with these arguments in (it exists once computed)."""
    return results_dir() / f"{name}-{content_key(name, inputs, args, kwargs)}.signed"


def resolve(func):
    """A callable, or ``"module:name"`` imported only when the result must be computed (so a
    warm build does not import scikit-learn for a cached cross-validation)."""
    if isinstance(func, str):
        import importlib

        module, _, attr = func.partition(":")
        return getattr(importlib.import_module(module), attr)
    return func


def loaded_rates_by_voice(
    spans: pd.DataFrame, documents: pd.DataFrame, group_col: str = "group", per_document: bool = False
) -> pd.DataFrame:
    """Group mean of per-document loaded-term rates (per 1,000 words) by subcategory and voice.

    Columns: group_col, subcategory, voice, per_1k, n_docs. ``voice`` is ``authorial`` (the
    profile's ``loaded_authorial_per_1k`` definition) or ``quoted`` (every other voice: quoted,
    self-quoted, reported designation), so the two rates of a subcategory add up to the group
    mean of the profile's ``loaded_<subcategory>_per_1k``. A document with no span of a kind
    counts as a rate of 0, so the mean is over every document of the group. ``per_document``:
    the per-document rates instead (columns doc_id, group_col, subcategory, voice, per_1k)."""
    from analysis.measures.profile import loaded_subcategories

    loaded = spans[spans["category"] == "loaded"]
    if "context" in loaded.columns:  # circular entries (written from the texts under study) are not counted
        loaded = loaded[~loaded["context"].str.contains("circular", regex=False)]
    loaded = loaded.assign(voice=loaded["voice"].where(loaded["voice"] == "authorial", "quoted"))
    counts = loaded.groupby(["doc_id", "subcategory", "voice"]).size().rename("n").reset_index()
    subcats = loaded_subcategories()
    index = pd.MultiIndex.from_product(
        [documents["doc_id"], subcats, ["authorial", "quoted"]], names=["doc_id", "subcategory", "voice"]
    )
    full = counts.set_index(["doc_id", "subcategory", "voice"]).reindex(index, fill_value=0).reset_index()
    meta = documents[["doc_id", group_col, "words"]]
    full = full.merge(meta, on="doc_id")
    full["per_1k"] = 1000.0 * full["n"] / full["words"]
    if per_document:
        return full[["doc_id", group_col, "subcategory", "voice", "per_1k"]]
    out = (
        full.groupby([group_col, "subcategory", "voice"], sort=False)
        .agg(per_1k=("per_1k", "mean"), n_docs=("doc_id", "nunique"))
        .reset_index()
    )
    return out
