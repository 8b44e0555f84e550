"""Narrative roles: whom a text casts as hero, villain or victim.

A document's entities (people, organisations, states, "the public", nature, policies ...; found
and merged by :mod:`analysis.measures.roles_entities` and :mod:`analysis.measures.roles_coref`)
are scored by two logistic regressions stored as data in ``analysis/models/roles.json``
(trained by :mod:`analysis.training.roles` on the entity-role annotations of the Narrative
Frames corpus, Frermann et al. 2023, ACL): one gives the probability that the entity is one of
the document's main, role-bearing entities (``p_main``), the other the probability of each role
given that it is (``p_role``). Role definitions follow the corpus's codebook (after Entman 1993
and Gomez-Zara et al. 2018): the **hero** acts to solve or resist the problem, the **villain**
causes harm or is blamed, the **victim** suffers the harm. The features are listed in
:mod:`analysis.measures.roles_features`.

Listing rule (as the corpus's annotators answered one question per role): for each role, the
entities of the document ranked by ``score = p_main * p_role``; the first ``per_role`` whose score
reaches ``min_score`` are listed, each with the evidence sentence where its mention most supports
that role. An entity the text casts ambiguously can be listed under two roles, each with its own
score. ``per_role`` and ``min_score`` were chosen by cross-validation on training folds only
(recall-weighted F2 of article-entity-role triples; the sidecar ``roles.meta.json`` records the
data, features, parameters and scores). The model reads English news; on other genres its rows
are its best reading, no more; sort or filter by ``score`` to keep the confident ones.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.config import PACKAGE_DIR
from analysis.measures.roles_coref import merge_mentions
from analysis.measures.roles_entities import Entity, Tokens, find_mentions, tokenize
from analysis.measures.roles_features import entity_features, mention_features, sentence_cues, token_cues
from analysis.measures.roles_lexicon import RoleLexicon, role_lexicon

#: The shipped model.
ROLES_MODEL = PACKAGE_DIR / "models" / "roles.json"
ROLES = ("hero", "villain", "victim")
#: Columns of :func:`document_roles`.
ROLE_COLUMNS = ["doc_id", "entity", "role", "score", "evidence_sentence", "mentions"]


@dataclass
class LinearModel:
    """A linear scorer over named features: ``coef`` has one row per class (one row for a
    binary model, scoring the positive class)."""

    features: dict[str, int]
    coef: np.ndarray
    intercept: np.ndarray
    classes: tuple[str, ...]

    def decision(self, rows: list[dict[str, float]]) -> np.ndarray:
        """Decision values, one row per feature dict."""
        out = np.tile(self.intercept, (len(rows), 1)).astype(float)
        for r, feats in enumerate(rows):
            for name, value in feats.items():
                col = self.features.get(name)
                if col is not None:
                    out[r] += value * self.coef[:, col]
        return out

    def proba(self, rows: list[dict[str, float]]) -> np.ndarray:
        """Class probabilities (logistic for one row of coefficients, softmax otherwise)."""
        z = self.decision(rows)
        if z.shape[1] == 1:
            p = 1.0 / (1.0 + np.exp(-z[:, 0]))
            return np.column_stack([1 - p, p])
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def to_json(self) -> dict:
        names = sorted(self.features, key=self.features.get)
        return {
            "classes": list(self.classes),
            "intercept": [round(float(x), 6) for x in self.intercept],
            "coef": {n: [round(float(x), 6) for x in self.coef[:, self.features[n]]] for n in names},
        }

    @classmethod
    def from_json(cls, data: dict) -> LinearModel:
        names = list(data["coef"])
        coef = np.array([data["coef"][n] for n in names], dtype=float).T.reshape(len(data["intercept"]), len(names))
        return cls(
            {n: k for k, n in enumerate(names)}, coef, np.array(data["intercept"], dtype=float), tuple(data["classes"])
        )


@dataclass
class RoleModel:
    """The two scorers and the listing rule (entities per role, lowest score listed)."""

    main: LinearModel
    role: LinearModel
    per_role: int = 3
    min_score: float = 0.05
    meta: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "format": "framing-lab roles model 1",
            "per_role": self.per_role,
            "min_score": self.min_score,
            "main": self.main.to_json(),
            "role": self.role.to_json(),
        }

    @classmethod
    def from_json(cls, data: dict) -> RoleModel:
        return cls(
            LinearModel.from_json(data["main"]),
            LinearModel.from_json(data["role"]),
            int(data["per_role"]),
            float(data["min_score"]),
        )


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> RoleModel:
    with open(path, encoding="utf-8") as fh:
        return RoleModel.from_json(json.load(fh))


def load_role_model(path: str | Path = ROLES_MODEL) -> RoleModel:
    """The role model at ``path`` (default: the shipped one), read once per change."""
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"role model {p} not found (build it with python -m analysis train-roles)")
    return _load(str(p), p.stat().st_mtime)


@dataclass
class DocumentEntities:
    """A document's tokens, entities and their features (the input of the role model)."""

    text: str
    tokens: Tokens
    entities: list[Entity]
    features: list[dict[str, float]]
    cues: list


def document_entities(text: str, bounds, self_names=(), lex: RoleLexicon | None = None) -> DocumentEntities:
    """Entities of one document with their features. ``bounds`` are its sentence offsets
    (:func:`analysis.corpus.sentences.split_sentences`); ``self_names`` the publisher's own
    names (its name, acronym and aliases), merged into one entity with "we" in the author's voice."""
    lex = lex or role_lexicon()
    toks = tokenize(text, bounds)
    entities = merge_mentions(find_mentions(text, toks, lex), toks, lex, tuple(self_names or ()))
    cues = token_cues(toks, lex)
    feats = entity_features(entities, toks, lex, cues, sentence_cues(toks, cues))
    return DocumentEntities(text, toks, entities, feats, cues)


def _evidence(doc: DocumentEntities, e: Entity, role_idx: int, model: RoleModel, lex: RoleLexicon) -> str:
    """The sentence of the mention whose own features most support ``role`` (ties: earliest)."""
    best, best_score = None, -math.inf
    coef, feats = model.role.coef, model.role.features
    for m in e.mentions:
        f = mention_features(doc.tokens, lex, doc.cues, m.i, m.j, m.sent, e.category, Counter())
        score = 0.0
        for name, v in f.items():
            col = feats.get(name)
            if col is not None:
                score += v * (coef[role_idx, col] - coef[:, col].mean())
        if score > best_score + 1e-9:
            best, best_score = m, score
    if best is None:
        return ""
    t = doc.tokens
    a, b = t.sent_first[best.sent], t.sent_end[best.sent] - 1
    if b < a:
        return ""
    return " ".join(doc.text[t.start[a] : t.end[b] + 1].split())


def score_entities(doc: DocumentEntities, model: RoleModel) -> pd.DataFrame:
    """Every entity of ``doc``: ``idx`` (its position in ``doc.entities``), ``entity``,
    ``category``, ``mentions``, ``p_main`` and ``p_hero``, ``p_villain``, ``p_victim`` (role
    probabilities given a role)."""
    cols = ["idx", "entity", "category", "mentions", "p_main", *[f"p_{r}" for r in ROLES]]
    if not doc.entities:
        return pd.DataFrame(columns=cols)
    p_role = model.role.proba(doc.features)
    frame = pd.DataFrame(
        {
            "idx": np.arange(len(doc.entities)),
            "entity": [e.name for e in doc.entities],
            "category": [e.category for e in doc.entities],
            "mentions": [len(e.mentions) for e in doc.entities],
            "p_main": model.main.proba(doc.features)[:, 1],
        }
    )
    for r in ROLES:
        frame[f"p_{r}"] = p_role[:, model.role.classes.index(r)]
    return frame


def list_roles(scored: pd.DataFrame, per_role: int, min_score: float, by=("doc_id",)) -> pd.DataFrame:
    """The listing rule: one row per (entity, role) with ``score = p_main * p_<role>``; per
    document (the columns ``by``) and role the ``per_role`` best rows whose score reaches
    ``min_score``, best first."""
    parts = []
    for r in ROLES:
        part = scored.assign(role=r, score=scored["p_main"] * scored[f"p_{r}"])
        parts.append(part[part["score"] >= min_score])
    rows = pd.concat(parts, ignore_index=True)
    by = [c for c in by if c in rows.columns]
    rows = rows.sort_values([*by, "score"], ascending=[True] * len(by) + [False], kind="stable")
    return rows.groupby([*by, "role"], sort=False).head(per_role).reset_index(drop=True)


def document_roles(
    text: str,
    bounds,
    doc_id: str = "",
    self_names=(),
    model: RoleModel | None = None,
    lex: RoleLexicon | None = None,
) -> pd.DataFrame:
    """The document's main entities with a confident narrative role: columns ``doc_id, entity,
    role (hero|villain|victim), score, evidence_sentence, mentions`` (mentions = merged
    mentions, pronouns and short forms included), best score first (listing rule in the module
    docstring). ``bounds`` are the sentence offsets of ``text``; ``self_names`` the publisher's
    own names (see :func:`document_entities`)."""
    lex = lex or role_lexicon()
    model = model or load_role_model()
    doc = document_entities(text, bounds, self_names, lex)
    scored = score_entities(doc, model)
    if scored.empty:
        return pd.DataFrame(columns=ROLE_COLUMNS)
    rows = list_roles(scored, model.per_role, model.min_score, by=())
    rows = rows.sort_values("score", ascending=False, kind="stable")
    evidence = [
        _evidence(doc, doc.entities[idx], model.role.classes.index(role), model, lex)
        for idx, role in zip(rows["idx"], rows["role"])
    ]
    return pd.DataFrame(
        {
            "doc_id": doc_id,
            "entity": rows["entity"].to_numpy(),
            "role": rows["role"].to_numpy(),
            "score": rows["score"].round(4).to_numpy(),
            "evidence_sentence": evidence,
            "mentions": rows["mentions"].astype(int).to_numpy(),
        },
        columns=ROLE_COLUMNS,
    )
