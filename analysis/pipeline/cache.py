"""Documents, spans and profiles of the comparison groups, computed once and cached.

Every notebook and the figure build need the same three tables (seeds plus baselines). They are
cached on disk under ``.cache/`` (not committed) keyed by the request *and* a fingerprint of the
package's code and lexicons, so any change to a measure recomputes them; nothing stale is reused.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.config import PACKAGE_DIR, PROJECT_ROOT

CACHE_DIR = PROJECT_ROOT / ".cache"


@dataclass
class GroupData:
    documents: pd.DataFrame
    spans: pd.DataFrame
    profile: pd.DataFrame


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """sha256 over the package's Python files and lexicons (changes whenever a measure can)."""
    h = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.suffix in {".py", ".csv", ".json"} and "__pycache__" not in path.parts:
            h.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


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


def _key(baselines, topic, max_docs, data_dir) -> str:
    from analysis.measures.user_lexicon import user_state

    raw = repr((tuple(baselines), bool(topic), max_docs, str(data_dir or ""), code_fingerprint(), user_state()))
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


def group_data(baselines=None, topic: bool = False, max_docs: int | None = None, data_dir: str | None = None,
               use_cache: bool = True) -> GroupData:
    """Documents with a ``group`` column, their spans, and their profile (with ``group``) of a study.

    ``baselines`` is a :class:`analysis.corpus.groups.StudySpec` (corpus, groups, baselines, topic
    terms, preset), or for the seed study a list of baseline names (default
    :data:`analysis.corpus.groups.DEFAULT_BASELINES`) with ``max_docs`` and ``data_dir``. With
    ``topic`` the baselines are limited to the spec's topic (:meth:`StudySpec.topic`)."""
    from analysis.corpus.groups import StudySpec, assemble_study
    from analysis.measures.profile import profile_frame
    from analysis.measures.spans import corpus_spans

    spec = baselines if isinstance(baselines, StudySpec) else StudySpec.from_params(
        baselines=None if baselines is None else tuple(baselines), max_docs=max_docs, data_dir=data_dir)
    path = CACHE_DIR / f"groups-{_key(spec.baseline_names, topic, spec.fingerprint(), spec.data_dir)}.pkl"

    def compute() -> GroupData:
        docs = assemble_study(spec, topic=topic)
        spans = corpus_spans(docs)
        profile = profile_frame(docs, spans)
        profile.insert(1, "group", docs["group"].to_numpy())
        return GroupData(docs, spans, profile)

    data = cached(path, compute, use_cache)
    from analysis.measures.source_types import use_publisher_aliases

    use_publisher_aliases(data.documents)  # declared self-reference names, also on a cache hit
    return data


def loaded_rates_by_voice(spans: pd.DataFrame, documents: pd.DataFrame, group_col: str = "group",
                          per_document: bool = False) -> pd.DataFrame:
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
    index = pd.MultiIndex.from_product([documents["doc_id"], subcats, ["authorial", "quoted"]],
                                       names=["doc_id", "subcategory", "voice"])
    full = counts.set_index(["doc_id", "subcategory", "voice"]).reindex(index, fill_value=0).reset_index()
    meta = documents[["doc_id", group_col, "words"]]
    full = full.merge(meta, on="doc_id")
    full["per_1k"] = 1000.0 * full["n"] / full["words"]
    if per_document:
        return full[["doc_id", group_col, "subcategory", "voice", "per_1k"]]
    out = (full.groupby([group_col, "subcategory", "voice"], sort=False)
           .agg(per_1k=("per_1k", "mean"), n_docs=("doc_id", "nunique")).reset_index())
    return out
