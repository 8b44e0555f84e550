"""Computed results, each computed once per build and cached by content.

Every notebook and the figure build need the same tables (documents, spans and profile of the
seeds plus baselines) and the same slow results (detector validation, comparisons,
cross-validation, log-odds, the scorecard). They are pickled under ``<cache_dir()>/results``
(:func:`analysis.config.cache_dir`, ``$FRAMING_CACHE_DIR``: one cache root, beside the downloaded
corpora in ``baselines/``) and keyed by a sha256 over

* the code: every file of the package (Python, lexicons, shipped models), :func:`code_fingerprint`;
* the inputs: the bytes of every seed, baseline and gold file read (:func:`corpus_fingerprint`,
  :func:`gold_fingerprint`), or the content of the frames a function is called with
  (:func:`memo_call`), plus a user lexicon (``--lexicon``);
* the request (baselines, topic, parameters).

Replacing any input text or any line of code gives a new key, so nothing stale is reused, and
the figure build and the notebooks (separate processes) share every entry.
"""

from __future__ import annotations

import hashlib
import pickle
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.config import PACKAGE_DIR, cache_dir


def results_dir() -> Path:
    """Where computed results are cached: ``<analysis.config.cache_dir()>/results``."""
    return cache_dir() / "results"


@dataclass
class GroupData:
    """A study's documents (with ``group``), spans table, profile (with ``group``) and attributions
    table (:data:`analysis.measures.attributions_table.ATTRIBUTION_TABLE_COLUMNS`), from one pass."""

    documents: pd.DataFrame
    spans: pd.DataFrame
    profile: pd.DataFrame
    attributions: pd.DataFrame | None = None


_FILE_DIGESTS: dict[tuple, str] = {}
_RACY_NS = 3_000_000_000
_INDEX_LOADED: list[Path] = []


def _digest_index() -> Path:
    return results_dir() / "file-digests.pkl"


def _load_index() -> None:
    """Digests remembered by earlier processes, keyed by (path, size, mtime in ns): a file whose
    size or modification time changed is hashed again."""
    path = _digest_index()
    if path in _INDEX_LOADED:
        return
    _INDEX_LOADED.append(path)
    try:
        with path.open("rb") as fh:
            _FILE_DIGESTS.update(pickle.load(fh))
    except (OSError, EOFError, pickle.UnpicklingError):
        pass


def _save_index(n_before: int) -> None:
    """Write the digests (a unique temporary file, then os.replace: lanes may write at once)."""
    if len(_FILE_DIGESTS) <= n_before:
        return
    import os
    import tempfile

    path = _digest_index()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(dict(_FILE_DIGESTS), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)


def file_digest(path: str | Path) -> str:
    """sha256 of a file's bytes, or of a folder's files (relative names and bytes, sorted);
    "missing" when the path does not exist. A file's digest is remembered (in this process and
    in the cache folder) by its path, size and modification time."""
    _load_index()
    n_before = len(_FILE_DIGESTS)
    out = _digest(Path(path))
    _save_index(n_before)
    return out


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
    key = (path, st.st_size, st.st_mtime_ns, st.st_ino)
    if key in _FILE_DIGESTS:
        return _FILE_DIGESTS[key]
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    # as git does with racily clean files: a file modified in the last seconds could change again
    # within the same timestamp tick, so its digest is not remembered
    if time.time_ns() - st.st_mtime_ns > _RACY_NS:
        _FILE_DIGESTS[key] = h.hexdigest()
    return h.hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """sha256 over every file of the package (Python, lexicons, shipped models): changes whenever
    a measure can."""
    return file_digest(PACKAGE_DIR)[:16]


def corpus_fingerprint(baselines, data_dir=None, seeds_dir=None) -> str:
    """sha256 over the seed files and the files of each baseline as they would be read now."""
    from analysis.config import SEEDS_DIR
    from analysis.corpus.baselines import _spec, locate_baseline

    h = hashlib.sha256(file_digest(seeds_dir or SEEDS_DIR).encode())
    for name in baselines:
        found = locate_baseline(name, data_dir)
        h.update(f"\0{name}\0".encode())
        if found is None:
            h.update(b"unavailable")
            continue
        for f in _spec(name).files:
            h.update(f.path.encode() + b"\0" + file_digest(found[0] / f.path).encode())
    return h.hexdigest()


def gold_fingerprint(data_dir=None) -> str:
    """sha256 over every file of the gold folder (:func:`analysis.config.gold_dir`)."""
    from analysis.config import gold_dir

    root = gold_dir(data_dir)
    return "none" if root is None else _folder_digest(str(root))


@lru_cache(maxsize=8)
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
        except TypeError:  # unhashable cells (lists): their pickled bytes
            h.update(pickle.dumps(value, protocol=4))
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
    """A short sha256 key over ``parts`` (by content), the package code and any user lexicon."""
    from analysis.measures.user_lexicon import user_state

    h = hashlib.sha256()
    for part in (code_fingerprint(), user_state(), *parts):
        _update(h, part)
    return h.hexdigest()[:24]


def cached(path: Path, compute, use_cache: bool = True):
    """``compute()``'s result, pickled at ``path`` and read back next time. The pickle is written to
    a uniquely named temporary file and moved into place (:func:`analysis.pipeline.files.atomic_write`),
    so two processes filling one entry at once both succeed and a reader never sees half a file."""
    if use_cache and path.exists():
        with path.open("rb") as fh:
            return pickle.load(fh)
    value = compute()
    if use_cache:  # a unique temporary file, then os.replace: concurrent fillers never collide
        from analysis.pipeline.files import atomic_write

        atomic_write(path, lambda fh: pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL))
    return value


def memo_call(name: str, func, *args, inputs: str = "", use_cache: bool = True, **kwargs):
    """``func(*args, **kwargs)``, cached under ``results/<name>-<key>.pkl``; the key covers the
    arguments by content (frames by their cells), ``inputs`` (a fingerprint of files ``func``
    reads itself, such as :func:`gold_fingerprint`) and the code; ``func`` may be a
    ``"module:name"`` string, imported only on a miss. Used by the figure build and the
    notebooks so that each slow result is computed once."""
    return cached(memo_path(name, *args, inputs=inputs, **kwargs), lambda: _resolve(func)(*args, **kwargs), use_cache)


def memo_path(name: str, *args, inputs: str = "", **kwargs) -> Path:
    """The file :func:`memo_call` caches ``name`` with these arguments in (it exists once computed)."""
    return results_dir() / f"{name}-{content_key(name, inputs, args, kwargs)}.pkl"


def _resolve(func):
    """A callable, or ``"module:name"`` imported only when the result must be computed (so a
    warm build does not import scikit-learn for a cached cross-validation)."""
    if isinstance(func, str):
        import importlib

        module, _, attr = func.partition(":")
        return getattr(importlib.import_module(module), attr)
    return func


def validation_results(fast: bool = False, data_dir=None, use_cache: bool = True) -> pd.DataFrame:
    """:func:`analysis.validate.validation.run_validation` (all benchmarks), cached by the gold
    files' content and the code."""
    from analysis.validate.validation import run_validation

    # one process: the figure build runs this beside the scoring of the documents, which takes the
    # other cores (two validation processes measured slower there: each loads every model again)
    return memo_call(
        "validation",
        run_validation,
        fast=fast,
        data_dir=data_dir,
        jobs=1,
        inputs=gold_fingerprint(data_dir),
        use_cache=use_cache,
    )


def _key(spec, topic) -> str:
    """Cache key of a study's groups: the spec (request and preset), the bytes of its corpus files
    and of the baselines it reads, the gold files (the model measure) and the code."""
    corpus = [file_digest(p) for p in spec.corpus_paths]
    return content_key(
        "groups",
        repr(spec),
        bool(topic),
        corpus,
        corpus_fingerprint(spec.baseline_names, spec.data_dir),
        gold_fingerprint(),
    )


def _topic_slice(full: GroupData, spec) -> GroupData:
    """The topic-matched groups (:func:`analysis.corpus.baselines.topic_mask` with the spec's topic
    pattern) cut from the full groups: the studied groups kept whole, each baseline group renamed
    ``<name>-topic``; spans and profile rows of the kept documents (no document is scored twice)."""
    from analysis.corpus.baselines import topic_mask

    docs = full.documents
    baselines = set(spec.baseline_names)
    is_base = docs["group"].isin(baselines)
    keep = (~is_base | topic_mask(docs, spec.topic())).to_numpy()
    rename = {g: f"{g}-topic" if g in baselines else g for g in dict.fromkeys(docs["group"])}
    documents = docs[keep].reset_index(drop=True)
    documents["group"] = documents["group"].map(rename)
    ids = set(documents["doc_id"])
    spans = full.spans[full.spans["doc_id"].isin(ids)].reset_index(drop=True)
    profile = full.profile[keep].reset_index(drop=True)
    profile["group"] = profile["group"].map(rename)
    documents.attrs = dict(docs.attrs)
    att = full.attributions
    if att is not None:
        att = att[att["doc_id"].isin(ids)].reset_index(drop=True)
    return GroupData(documents, spans, profile, att)


def group_data(
    baselines=None,
    topic: bool = False,
    max_docs: int | None = None,
    data_dir: str | None = None,
    use_cache: bool = True,
) -> GroupData:
    """Documents with a ``group`` column, their spans, and their profile (with ``group``) of a study.

    ``baselines`` is a :class:`analysis.corpus.groups.StudySpec` (corpus, groups, baselines, topic
    terms, preset), or for the seed study a list of baseline names (default
    :data:`analysis.corpus.groups.DEFAULT_BASELINES`) with ``max_docs`` and ``data_dir``. With
    ``topic`` the baselines are limited to the spec's topic (:meth:`StudySpec.topic`): sliced from
    the full groups (computed or read once); with a document cap (the first documents of each
    baseline) they are assembled apart, since the first topic documents are not the topic
    documents among the first. Cached by the spec, the bytes of every input file and the code."""
    from analysis.corpus.groups import StudySpec, assemble_study
    from analysis.corpus.sentences import document_bounds
    from analysis.pipeline.scoring import score_study

    spec = (
        baselines
        if isinstance(baselines, StudySpec)
        else StudySpec.from_params(
            baselines=None if baselines is None else tuple(baselines), max_docs=max_docs, data_dir=data_dir
        )
    )
    if topic and spec.topic() is None:  # no topic terms: the topic design is the full design
        topic = False
    if topic and not spec.doc_cap:
        return _topic_slice(group_data(spec, False, use_cache=use_cache), spec)
    path = results_dir() / f"groups-{_key(spec, topic)}.pkl"

    def compute() -> GroupData:
        docs = assemble_study(spec, topic=topic)
        bounds = document_bounds(docs)  # split once: the spans and the profile read the same bounds
        spans, profile, attributions = score_study(docs, bounds, "group", use_cache=use_cache)
        profile.insert(1, "group", docs["group"].to_numpy())
        return GroupData(docs, spans, profile, attributions)

    data = cached(path, compute, use_cache)
    from analysis.measures.source_types import use_publisher_aliases

    use_publisher_aliases(data.documents)  # declared self-reference names, also on a cache hit
    return data


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
