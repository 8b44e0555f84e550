"""Narrative frames per document: the probability that a text uses each of five generic frames,
and the sentences that drive each.

The frames are those of Semetko & Valkenburg (2000) as re-defined for narrative framing by
Frermann, Li, Khanehzar & Mikolajczak (2023, "Conflicts, Villains, Resolutions: Towards models of
Narrative Media Framing", ACL), whose Narrative Frames Corpus (climate-change news, MIT licence)
is the training data:

* ``resolution``: the story suggests solutions, or that some actor can alleviate the problem;
* ``human_interest``: a human face or example, personal vignettes, how individuals are affected;
* ``conflict``: disagreement between parties, reproach, two or more sides;
* ``moral``: a moral message, references to morality, God or religious tenets;
* ``economic``: financial gains or losses, costs, economic consequences of acting or not.

The model (trained by :mod:`analysis.training.frames`, artefact ``analysis/models/frames.npz``
with its provenance in ``frames.json``) is, per frame, a logistic regression over a sublinear
TF-IDF vector of words and word pairs, a logistic regression over the frame-cue features of
:mod:`analysis.measures.frame_features`, and a two-input logistic regression that combines the
two scores. Each frame's decision threshold was chosen on inner training folds and moved to 0.5
(the combiner's intercept is shifted by the threshold's logit), so ``probability >= 0.5`` is the
model's decision.

Evidence: both component scores are sums over the document's words and cue hits, so the
combined log-odds split into one part per sentence (terms: exact; cue features: each feature's
part above a document without cues, shared among the sentences that hit it). A sentence's
evidence score is its part of the frame's log-odds; the highest are the sentences that drive the
frame. The model reads only the text: nothing is downloaded, nothing is learned at run time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from analysis.config import PACKAGE_DIR
from analysis.measures.frame_features import (
    CueLexicon,
    cue_document_features,
    cue_hits,
    default_cue_lexicon,
    doc_tokens,
    term_contributions,
    term_ids,
)

__all__ = [
    "FRAMES",
    "FRAME_COLUMNS",
    "FRAME_MODEL_PATH",
    "FrameModel",
    "FrameScores",
    "load_frame_model",
    "frame_model_available",
    "frame_scores",
    "frame_probabilities",
    "frame_evidence",
    "frame_columns",
]

#: The five frames, in model column order.
FRAMES = ("resolution", "human_interest", "conflict", "moral", "economic")
#: Profile column of each frame.
FRAME_COLUMNS = {f: f"frame_{f}" for f in FRAMES}
#: The shipped model (NPZ, read with ``allow_pickle=False``); its sidecar is ``frames.json``.
FRAME_MODEL_PATH = Path(PACKAGE_DIR) / "models" / "frames.npz"


@dataclass
class FrameModel:
    """The frame model's parameters (k = 5 frames, V terms, Q cue features).

    ``vocabulary`` term -> row of ``idf`` / ``term_coef`` (V x k); ``term_intercept`` (k);
    ``cue_mean``, ``cue_scale`` (Q) standardise the cue features, ``cue_coef`` (Q x k),
    ``cue_intercept`` (k); the combiner reads the two component scores standardised by
    ``stack_mean``, ``stack_scale`` (k x 2) with ``stack_coef`` (k x 2) and ``stack_intercept`` (k,
    already shifted so that 0 log-odds is the decision threshold); ``norm_floor`` (a 0-d array) is the
    smallest TF-IDF norm of a training article (:func:`analysis.measures.frame_features.tfidf_norm`).
    ``lexicon`` is the cue lexicon
    the model was trained with; ``meta`` the sidecar.
    """

    frames: tuple[str, ...]
    vocabulary: dict[str, int]
    idf: np.ndarray
    term_coef: np.ndarray
    term_intercept: np.ndarray
    cue_mean: np.ndarray
    cue_scale: np.ndarray
    cue_coef: np.ndarray
    cue_intercept: np.ndarray
    stack_mean: np.ndarray
    stack_scale: np.ndarray
    stack_coef: np.ndarray
    stack_intercept: np.ndarray
    norm_floor: np.ndarray
    lexicon: CueLexicon
    meta: dict

    ARRAYS = (
        "idf",
        "term_coef",
        "term_intercept",
        "cue_mean",
        "cue_scale",
        "cue_coef",
        "cue_intercept",
        "stack_mean",
        "stack_scale",
        "stack_coef",
        "stack_intercept",
        "norm_floor",
    )

    def save(self, path: str | Path) -> None:
        """Write the parameters as a compressed NPZ (terms as a unicode array: no pickle) and the
        sidecar ``meta`` as JSON beside it (same name, ``.json``)."""
        path = Path(path)
        terms_in_order = np.array(sorted(self.vocabulary, key=self.vocabulary.__getitem__), dtype=str)
        arrays = {name: np.asarray(getattr(self, name), dtype=np.float32) for name in self.ARRAYS}
        groups = np.array([f"{c}/{s}" for c, s in self.lexicon.groups], dtype=str)
        np.savez_compressed(
            path, terms=terms_in_order, frames=np.array(self.frames, dtype=str), cue_groups=groups, **arrays
        )
        path.with_suffix(".json").write_text(json.dumps(self.meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _read_model(path: Path, lexicon: CueLexicon) -> FrameModel:
    with np.load(path, allow_pickle=False) as npz:
        arrays = {name: npz[name].astype(np.float64) for name in FrameModel.ARRAYS}
        vocab = {t: i for i, t in enumerate(npz["terms"].tolist())}
        frames = tuple(npz["frames"].tolist())
        groups = npz["cue_groups"].tolist()
    expected = [f"{c}/{s}" for c, s in lexicon.groups]
    if groups != expected:
        raise ValueError(
            f"{path.name} was trained with cue groups {groups}, the lexicon has {expected}: retrain "
            "(python -m analysis.training.frames)"
        )
    sidecar = path.with_suffix(".json")
    meta = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.is_file() else {}
    return FrameModel(frames=frames, vocabulary=vocab, lexicon=lexicon, meta=meta, **arrays)


@lru_cache(maxsize=4)
def load_frame_model(path: str | Path | None = None) -> FrameModel:
    """The frame model at ``path`` (default: the shipped one), read once per process and shared
    read-only. Raises ``FileNotFoundError`` when the artefact is missing."""
    path = Path(path) if path is not None else FRAME_MODEL_PATH
    if not path.is_file():
        raise FileNotFoundError(f"frame model not found: {path} (python -m analysis.training.frames builds it)")
    return _read_model(path, default_cue_lexicon())


def frame_model_available() -> bool:
    """True when the shipped frame model can be read."""
    try:
        load_frame_model()
    except (FileNotFoundError, ValueError):
        return False
    return True


@dataclass
class FrameScores:
    """One document's frame scores: ``probabilities`` (frame -> 0-1, decision at 0.5) and
    ``sentence_scores`` (n_sentences x frames): each sentence's part of each frame's log-odds (None
    when not asked for)."""

    probabilities: dict[str, float]
    sentence_scores: np.ndarray | None


def _cue_sentence_parts(model: FrameModel, hits: np.ndarray, z: np.ndarray) -> np.ndarray:
    """The cue component's score above a cue-less document, shared among sentences by their hits
    (rate: by hit count; share: equally among sentences with a hit; top: among the three
    sentences with most hits, by their hits). Returns (n_sentences x k)."""
    n_groups = hits.shape[1]
    z0 = -model.cue_mean / model.cue_scale  # the standardised features of a document without cues
    gain = (z - z0)[:, None] * model.cue_coef  # (Q x k): each feature's part above that baseline
    present = (hits > 0).astype(float)
    top = np.zeros_like(hits)
    if hits.shape[0]:
        rows = np.argsort(-hits, axis=0, kind="stable")[:3]
        cols = np.broadcast_to(np.arange(n_groups), rows.shape)
        top[rows, cols] = hits[rows, cols]
    parts = np.zeros((hits.shape[0], model.cue_coef.shape[1]))
    for s, share in enumerate((hits, present, top)):
        total = share.sum(axis=0)
        share = np.divide(share, total, out=np.zeros_like(share), where=total > 0)
        parts += share @ gain[s * n_groups : (s + 1) * n_groups]
    return parts


def frame_scores(
    text: str, bounds: list[tuple[int, int]] | None, model: FrameModel | None = None, by_sentence: bool = True
) -> FrameScores:
    """Frame probabilities of ``text`` and each sentence's part of each frame's log-odds
    (``sentence_scores`` is None with ``by_sentence=False``, which the profile uses).

    ``bounds`` are the document's sentence offsets (:func:`analysis.corpus.sentences.split_sentences`,
    split once by the corpus step); sentence indices below refer to them.
    """
    model = model if model is not None else load_frame_model()
    tokens = doc_tokens(text, bounds)
    ids, term_sent = term_ids(tokens, model.vocabulary)
    term_score, term_parts = term_contributions(
        ids, term_sent, model.idf, model.term_coef, tokens.n_sentences, by_sentence, float(model.norm_floor)
    )
    a = term_score + model.term_intercept
    hits = cue_hits(text, tokens, model.lexicon, bounds)
    q = cue_document_features(hits, len(tokens.words))
    z = (q - model.cue_mean) / model.cue_scale
    b = z @ model.cue_coef + model.cue_intercept
    inputs = np.stack([a, b], axis=1)  # (k x 2)
    w = model.stack_coef / model.stack_scale
    logit = ((inputs - model.stack_mean) * w).sum(axis=1) + model.stack_intercept
    probs = 1.0 / (1.0 + np.exp(-logit))
    sentence = None
    if by_sentence:
        sentence = term_parts * w[:, 0] + _cue_sentence_parts(model, hits, z) * w[:, 1]
    return FrameScores({f: float(p) for f, p in zip(model.frames, probs)}, sentence)


def frame_probabilities(
    text: str, bounds: list[tuple[int, int]] | None, model: FrameModel | None = None
) -> dict[str, float]:
    """Probability (0-1) that ``text`` uses each frame (:data:`FRAMES`); 0.5 is the decision
    threshold chosen on training folds (see the module docstring)."""
    return frame_scores(text, bounds, model, by_sentence=False).probabilities


def frame_columns(text: str, bounds: list[tuple[int, int]] | None, model: FrameModel | None = None) -> dict[str, float]:
    """The profile columns ``frame_<name>`` (:data:`FRAME_COLUMNS`) of one document."""
    return {FRAME_COLUMNS[f]: p for f, p in frame_probabilities(text, bounds, model).items()}


def frame_evidence(
    text: str,
    bounds: list[tuple[int, int]] | None,
    top: int = 3,
    model: FrameModel | None = None,
    scores: FrameScores | None = None,
) -> list[tuple[str, int, float]]:
    """The sentences that drive each frame: up to ``top`` per frame, as ``(frame, sentence_index,
    score)`` with ``score`` the sentence's part of the frame's log-odds (only positive parts),
    frames in :data:`FRAMES` order, highest score first. ``scores`` may be passed when already
    computed by :func:`frame_scores`."""
    scores = scores if scores is not None else frame_scores(text, bounds, model)
    out: list[tuple[str, int, float]] = []
    frames = list(scores.probabilities)
    for j, frame in enumerate(frames):
        col = scores.sentence_scores[:, j]
        order = np.argsort(-col, kind="stable")[:top]
        out.extend((frame, int(i), float(col[i])) for i in order if col[i] > 0)
    return out
