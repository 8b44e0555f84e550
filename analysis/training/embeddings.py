"""Build the static token-embedding table of :mod:`analysis.measures.embeddings`.

Method (after Model2Vec, Tulkens & van Dongen 2024, with SIF weights from Arora, Liang & Ma 2017):

1. *token vectors*, one of two sources from all-MiniLM-L6-v2 (:mod:`analysis.training.minilm`):
   ``input``, the model's WordPiece input-embedding matrix, or ``distilled``, every vocabulary
   token encoded alone (``[CLS] token [SEP]``) by the transformer (numpy forward pass) and its last
   hidden states mean-pooled: the model's own sentence embedding of that one-token input;
2. *PCA*: the vocabulary x 384 table is centred and projected on its first ``dims`` principal
   axes (fitted on the vocabulary rows);
3. *weights*: each row is scaled by ``a / (a + p)``, ``p`` the token's relative frequency in the
   reference texts (the seeds and the shared news baselines; never gold data; a token never seen
   there gets ``p = 0``), so frequent function tokens count less in a mean;
4. *prune*: tokens never seen in the reference texts *and* not made of Latin script are left out
   of the table (their row is -1; the tokeniser still knows them);
5. *store*: int8 with one float32 scale per dimension (a quarter of float32, half of float16:
   6.4 MB for 27,935 x 256; BABE sentence vectors agree with float32 ones to cosine >= 0.9997).

Variants (source, dims, weighting) are compared on the downstream BABE sentence-bias task by
cross-validation on the BABE training part only (:func:`analysis.training.sentence_bias.compare_embeddings`;
``python -m analysis.training.sentence_bias --compare`` prints the table). The shipped one,
:data:`DEFAULT_VARIANT`, is the input embeddings, PCA 256, SIF a = 1e-3: the distilled vectors
scored lower on BABE and 128 dimensions lost about .02 macro-F1. ``python -m analysis.training.embeddings``
writes the table and its sidecar (under a minute of one core; the comparison adds the distillation
and 20 cross-validations, about 15 minutes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

import numpy as np

from analysis import config
from analysis.measures.embeddings import EMBEDDINGS_PATH, StaticEmbeddings
from analysis.measures.wordpiece import WordPiece, is_bert_control, is_bert_punctuation
from analysis.training.minilm import MODEL_NAME, MODEL_PACKAGE, MiniLM, model_dir, sha256

__all__ = [
    "DEFAULT_VARIANT",
    "bert_tokenizer",
    "distil_tokens",
    "reference_texts",
    "token_counts",
    "build_table",
    "write_embeddings",
]

#: The variant shipped (chosen by :func:`analysis.training.sentence_bias.compare_embeddings`).
DEFAULT_VARIANT = {"source": "input", "dims": 256, "sif_a": 1e-3, "prune": True}
#: Unicode code points scanned for the tokeniser's punctuation and control sets (all planes).
_MAX_CP = 0x110000
#: Distillation batch (one-token inputs of length 3).
_BATCH = 1024


def bert_tokenizer(directory: Path | None = None) -> tuple[WordPiece, dict]:
    """The BERT uncased tokeniser of the MiniLM vocabulary and its code-point sets
    (``{"punctuation": array, "control": array}``, scanned over all of Unicode once)."""
    d = Path(directory) if directory is not None else model_dir()
    vocab = (d / "vocab.txt").read_text(encoding="utf-8").splitlines()
    sets = {
        "punctuation": np.array([c for c in range(_MAX_CP) if is_bert_punctuation(c)], dtype=np.int32),
        "control": np.array([c for c in range(_MAX_CP) if is_bert_control(c)], dtype=np.int32),
    }
    return WordPiece(vocab, sets["punctuation"], sets["control"]), sets


def distil_tokens(model: MiniLM, tokenizer: WordPiece, batch: int = _BATCH) -> np.ndarray:
    """Step 1: the model's sentence embedding (masked mean of the last hidden states, not
    normalised) of ``[CLS] token [SEP]`` for every vocabulary token; float32 (vocabulary x 384)."""
    cls_id, sep_id = tokenizer.index["[CLS]"], tokenizer.index["[SEP]"]
    n = len(tokenizer.vocab)
    out = np.zeros((n, model.input_embeddings.shape[1]), dtype=np.float32)
    mask = None
    for s in range(0, n, batch):
        ids = np.arange(s, min(n, s + batch))
        rows = np.stack([np.full(len(ids), cls_id), ids, np.full(len(ids), sep_id)], axis=1)
        if mask is None or len(mask) != len(ids):
            mask = np.ones(rows.shape, dtype=np.float32)
        out[ids] = model.hidden_states(rows, mask).mean(axis=1)
    return out


def reference_texts() -> list[str]:
    """Texts whose token frequencies set the SIF weights and the pruning: the seeds and every shared
    news baseline (``FRAMING_DATA_DIR``). No gold data: BABE test sentences must not shape the table."""
    from analysis.corpus.baselines import BASELINES, BaselineUnavailable, load_baseline
    from analysis.corpus.load import load_seeds

    texts = list(load_seeds().documents["text"].astype(str))
    for name in BASELINES:
        try:
            texts += list(load_baseline(name)["text"].astype(str))
        except BaselineUnavailable:
            continue
    return texts


def token_counts(tokenizer: WordPiece, texts: list[str]) -> np.ndarray:
    """Occurrences of each vocabulary id in ``texts``."""
    counts = np.zeros(len(tokenizer.vocab), dtype=np.int64)
    for t in texts:
        ids = tokenizer.ids(t)
        if ids:
            np.add.at(counts, np.asarray(ids), 1)
    return counts


def _latin(token: str) -> bool:
    t = token[2:] if token.startswith("##") else token
    return all(ord(c) < 0x250 for c in t) and not (t.startswith("[unused") or t.startswith("[UNK"))


def build_table(
    base: np.ndarray, tokenizer: WordPiece, counts: np.ndarray, dims: int | None, sif_a: float | None, prune: bool
) -> tuple[np.ndarray, np.ndarray, dict]:
    """Steps 2-4 on a vocabulary x 384 table: ``(vectors float32, rows int32, info)``; ``dims=None``
    keeps all dimensions, ``sif_a=None`` weighs every token 1."""
    table = base.astype(np.float64)
    info: dict = {}
    if dims is not None and dims < table.shape[1]:
        mu = table.mean(axis=0)
        _, sv, vt = np.linalg.svd(table - mu, full_matrices=False)
        table = (table - mu) @ vt[:dims].T
        info["pca_explained_variance"] = float((sv[:dims] ** 2).sum() / (sv**2).sum())
    if sif_a is not None:
        p = counts / max(1, counts.sum())
        table = table * (sif_a / (sif_a + p))[:, None]
    keep = np.ones(len(table), dtype=bool)
    if prune:
        keep = (counts > 0) | np.array([_latin(t) for t in tokenizer.vocab])
        for special in ("[PAD]", "[CLS]", "[SEP]", "[MASK]", "[UNK]"):
            keep[tokenizer.index[special]] = False
    rows = np.full(len(table), -1, dtype=np.int32)
    rows[keep] = np.arange(int(keep.sum()), dtype=np.int32)
    info["tokens_kept"] = int(keep.sum())
    return table[keep].astype(np.float32), rows, info


def quantize(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric int8 per dimension: ``(int8 table, float32 scale)``, vector ~= int8 x scale
    (scale = the dimension's largest absolute value / 127, so nothing is clipped)."""
    scale = np.abs(vectors).max(axis=0) / 127.0
    scale = np.where(scale > 0, scale, 1.0).astype(np.float32)
    return np.round(vectors / scale).astype(np.int8), scale


def embeddings_from(tokenizer: WordPiece, vectors: np.ndarray, rows: np.ndarray, meta=None) -> StaticEmbeddings:
    """An in-memory :class:`StaticEmbeddings` as the run time would load it (int8-quantised)."""
    q, scale = quantize(vectors)
    return StaticEmbeddings(tokenizer, q.astype(np.float32) * scale, rows.astype(np.int64), meta or {})


def write_embeddings(
    path: Path,
    tokenizer: WordPiece,
    sets: dict,
    vectors: np.ndarray,
    rows: np.ndarray,
    meta: dict,
) -> Path:
    """Write the NPZ (int8 table, per-dimension scale, rows, vocabulary, tokeniser code points) and
    its JSON sidecar (``path`` with ``.json``)."""
    path = Path(path)
    q, scale = quantize(vectors)
    np.savez_compressed(
        path,
        vectors=q,
        scale=scale,
        rows=rows.astype(np.int32),
        vocab=np.array(tokenizer.vocab),
        punctuation=sets["punctuation"],
        control=sets["control"],
    )
    path.with_suffix(".json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def sidecar(variant: dict, info: dict, counts_total: int, n_texts: int, extra: dict | None = None) -> dict:
    """Provenance of a built table."""
    d = model_dir()
    return {
        "artefact": "static token-embedding table (WordPiece vocabulary of all-MiniLM-L6-v2)",
        "source_model": MODEL_NAME,
        "source_package": MODEL_PACKAGE,
        "source_files_sha256": {
            "model.safetensors": sha256(d / "model.safetensors"),
            "vocab.txt": sha256(d / "vocab.txt"),
        },
        "licence": "Apache-2.0 (derived from the weights of sentence-transformers/all-MiniLM-L6-v2); "
        "see minilm_static.NOTICE",
        "attribution": "sentence-transformers/all-MiniLM-L6-v2 by the sentence-transformers team "
        "(Reimers & Gurevych 2019), MiniLM (Wang et al. 2020)",
        "method": (
            "the model's WordPiece input-embedding matrix (embeddings.word_embeddings.weight)"
            if variant["source"] == "input"
            else "Model2Vec-style distillation (Tulkens & van Dongen 2024): each vocabulary token encoded alone "
            "as [CLS] token [SEP], masked mean of the last hidden states"
        )
        + "; PCA on the vocabulary rows; rows scaled by SIF weight a/(a+p) (Arora, Liang & Ma 2017), p = token "
        "frequency in the reference texts; non-Latin tokens never seen in the reference texts left out; int8 "
        "with one scale per dimension (max abs / 127)",
        "variant": variant,
        "dims": int(variant["dims"] or 384),
        "reference_texts": f"{n_texts} texts: the seeds and every shared news baseline (FRAMING_DATA_DIR), "
        f"{counts_total} tokens",
        **info,
        "runtime": "analysis.measures.embeddings (tokenise -> look up -> mean -> L2 normalise)",
        "built": dt.date.today().isoformat(),
        "built_by": "python -m analysis.training.embeddings",
        "seed": config.RANDOM_SEED,
        **(extra or {}),
    }


def main(argv: list[str] | None = None) -> Path:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=EMBEDDINGS_PATH)
    ap.add_argument("--dims", type=int, default=DEFAULT_VARIANT["dims"])
    args = ap.parse_args(argv)
    variant = dict(DEFAULT_VARIANT, dims=args.dims)
    tokenizer, sets = bert_tokenizer()
    model = MiniLM.load()
    base = distil_tokens(model, tokenizer) if variant["source"] == "distilled" else model.input_embeddings
    texts = reference_texts()
    counts = token_counts(tokenizer, texts)
    vectors, rows, info = build_table(base, tokenizer, counts, variant["dims"], variant["sif_a"], variant["prune"])
    meta = sidecar(variant, info, int(counts.sum()), len(texts))
    return write_embeddings(args.out, tokenizer, sets, vectors, rows, meta)


if __name__ == "__main__":
    print(main())
