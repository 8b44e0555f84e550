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
are its best reading, no more; sort or filter by ``score`` to keep the confident ones. The
publisher's own entity (``self_names``) has no counterpart in the training news, so its role is
read from its cue features alone (:data:`analysis.measures.roles_features.SELF_ROLE_PREFIXES`).
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
from scipy.sparse import csr_matrix

from analysis.config import PACKAGE_DIR
from analysis.measures.roles_coref import merge_mentions
from analysis.measures.roles_entities import Entity, Tokens, find_mentions, tokenize
from analysis.measures.roles_features import (
    entity_features,
    mention_features,
    self_role_features,
    sentence_cues,
    token_cues,
)
from analysis.measures.roles_lexicon import RoleLexicon, role_lexicon

#: The shipped model.
ROLES_MODEL = PACKAGE_DIR / "models" / "roles.json"
ROLES = ("hero", "villain", "victim")
#: Columns of :func:`document_roles`.
ROLE_COLUMNS = ["doc_id", "entity", "role", "score", "evidence_sentence", "mentions", "start", "end"]


@dataclass
class LinearModel:
    """A linear scorer over named features: ``coef`` has one row per class (one row for a
    binary model, scoring the positive class)."""

    features: dict[str, int]
    coef: np.ndarray
    intercept: np.ndarray
    classes: tuple[str, ...]

    def decision(self, rows: list[dict[str, float]]) -> np.ndarray:
        """Decision values, one row per feature dict (features the model lacks count zero)."""
        index, cols, vals, ptr = self.features, [], [], [0]
        for feats in rows:
            for name, value in feats.items():
                col = index.get(name)
                if col is not None:
                    cols.append(col)
                    vals.append(value)
            ptr.append(len(cols))
        X = csr_matrix((vals, cols, ptr), shape=(len(rows), self.coef.shape[1]))
        return np.asarray(X @ self.coef.T) + self.intercept

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


def evidence_sentences(doc: DocumentEntities, rows, model: RoleModel, lex: RoleLexicon) -> list[str]:
    """For each listed ``(entity index, role column of model.role)`` in ``rows``, the sentence
    of the entity's mention whose own features most support that role (the role model's
    coefficients for it, centred over the roles; ties: the earliest mention)."""
    return [sentence for sentence, _, _ in evidence_mentions(doc, rows, model, lex)]


def evidence_mentions(doc: DocumentEntities, rows, model: RoleModel, lex: RoleLexicon) -> list[tuple[str, int, int]]:
    """:func:`evidence_sentences` with the character offsets ``(start, end)`` of the mention in
    the text (``(-1, -1)`` when the entity has no mention)."""
    coef, index = model.role.coef, model.role.features
    centred = coef - coef.mean(axis=0, keepdims=True)
    spans: dict[int, list[tuple[int, int]]] = {}
    for other in doc.entities:
        for m in other.mentions:
            spans.setdefault(m.sent, []).append((m.i, m.j))
    cache: dict[int, list] = {}
    t = doc.tokens
    out = []
    for k, col in rows:
        e = doc.entities[k]
        if k not in cache:
            per_mention = []
            for m in e.mentions:
                others = [sp for sp in spans.get(m.sent, ()) if sp != (m.i, m.j)]
                f = mention_features(t, lex, doc.cues, m.i, m.j, m.sent, e.category, Counter(), others)
                per_mention.append([(index[n], v) for n, v in f.items() if n in index])
            cache[k] = per_mention
        best, best_score = None, -math.inf
        for m, pairs in zip(e.mentions, cache[k]):
            score = sum(v * centred[col, c] for c, v in pairs)
            if score > best_score + 1e-9:
                best, best_score = m, score
        a, b = (t.sent_first[best.sent], t.sent_end[best.sent] - 1) if best is not None else (0, -1)
        sentence = " ".join(doc.text[t.start[a] : t.end[b] + 1].split()) if b >= a else ""
        where = (t.start[best.i], t.end[best.j - 1]) if best is not None and best.j > best.i else (-1, -1)
        out.append((sentence, *where))
    return out


def entity_probabilities(doc: DocumentEntities, model: RoleModel) -> tuple[np.ndarray, np.ndarray]:
    """``p_main`` of every entity of ``doc`` and its ``p_role`` (columns in :data:`ROLES` order)."""
    role_feats = [self_role_features(f) if e.is_self else f for e, f in zip(doc.entities, doc.features)]
    p_main = model.main.proba(doc.features)[:, 1]
    p_role = model.role.proba(role_feats)[:, [model.role.classes.index(r) for r in ROLES]]
    return p_main, p_role


def score_entities(doc: DocumentEntities, model: RoleModel) -> pd.DataFrame:
    """Every entity of ``doc``: ``idx`` (its position in ``doc.entities``), ``entity``,
    ``category``, ``mentions``, ``p_main`` and ``p_hero``, ``p_villain``, ``p_victim`` (role
    probabilities given a role)."""
    cols = ["idx", "entity", "category", "mentions", "p_main", *[f"p_{r}" for r in ROLES]]
    if not doc.entities:
        return pd.DataFrame(columns=cols)
    p_main, p_role = entity_probabilities(doc, model)
    frame = pd.DataFrame(
        {
            "idx": np.arange(len(doc.entities)),
            "entity": [e.name for e in doc.entities],
            "category": [e.category for e in doc.entities],
            "mentions": [len(e.mentions) for e in doc.entities],
            "p_main": p_main,
        }
    )
    for k, r in enumerate(ROLES):
        frame[f"p_{r}"] = p_role[:, k]
    return frame


def listing(doc_keys, p_main, p_roles, per_role: int, min_score: float):
    """The listing rule on arrays: ``score = p_main * p_role`` for every (entity, role); per
    document (equal ``doc_keys``) and role, the ``per_role`` best scores reaching ``min_score``
    (ties: earlier entity first). Returns ``(entity_index, role_index, score)`` arrays ordered by
    document, role and falling score."""
    p_main = np.asarray(p_main, dtype=float)
    p_roles = np.asarray(p_roles, dtype=float).reshape(len(p_main), len(ROLES))
    scores = p_main[:, None] * p_roles
    ent, role = np.nonzero(scores >= min_score)
    score = scores[ent, role]
    _, doc = np.unique(np.asarray(doc_keys), return_inverse=True)
    doc = doc.reshape(-1)[ent] if len(ent) else np.zeros(0, dtype=int)
    order = np.lexsort((ent, -score, role, doc))
    ent, role, score, doc = ent[order], role[order], score[order], doc[order]
    group = np.r_[True, (doc[1:] != doc[:-1]) | (role[1:] != role[:-1])] if len(ent) else np.zeros(0, dtype=bool)
    starts = np.flatnonzero(group)
    rank = np.arange(len(ent)) - np.repeat(starts, np.diff(np.r_[starts, len(ent)]))
    keep = rank < per_role
    return ent[keep], role[keep], score[keep]


def list_roles(scored: pd.DataFrame, per_role: int, min_score: float, by: str | None = "doc_id") -> pd.DataFrame:
    """:func:`listing` on a frame of scored entities (``p_main``, ``p_hero``, ``p_villain``,
    ``p_victim``; documents told apart by the column ``by``, or one document when ``by`` is
    None): the rows of ``scored`` listed, with ``role`` and ``score``."""
    keys = scored[by].to_numpy() if by else np.zeros(len(scored), dtype=int)
    ent, role, score = listing(
        keys, scored["p_main"].to_numpy(), scored[[f"p_{r}" for r in ROLES]].to_numpy(), per_role, min_score
    )
    rows = scored.iloc[ent].reset_index(drop=True)
    rows["role"] = np.array(ROLES, dtype=object)[role]
    rows["score"] = score
    return rows


def document_roles(
    text: str,
    bounds,
    doc_id: str = "",
    self_names=(),
    model: RoleModel | None = None,
    lex: RoleLexicon | None = None,
) -> pd.DataFrame:
    """The document's main entities with a confident narrative role: columns ``doc_id, entity,
    role (hero|villain|victim), score, evidence_sentence, mentions, start, end`` (mentions = merged
    mentions, pronouns and short forms included; ``start``/``end`` = the character offsets of the
    mention in the evidence sentence), best score first (listing rule in the module
    docstring). ``bounds`` are the sentence offsets of ``text``; ``self_names`` the publisher's
    own names (see :func:`document_entities`)."""
    lex = lex or role_lexicon()
    model = model or load_role_model()
    doc = document_entities(text, bounds, self_names, lex)
    if not doc.entities:
        return pd.DataFrame(columns=ROLE_COLUMNS)
    p_main, p_roles = entity_probabilities(doc, model)
    ent, role, score = listing(np.zeros(len(p_main), dtype=int), p_main, p_roles, model.per_role, model.min_score)
    order = np.argsort(-score, kind="stable")
    ent, role, score = ent[order], role[order], score[order]
    role_cols = [model.role.classes.index(ROLES[r]) for r in role]
    evidence = evidence_mentions(doc, list(zip(ent, role_cols)), model, lex)
    return pd.DataFrame(
        {
            "doc_id": doc_id,
            "entity": [doc.entities[k].name for k in ent],
            "role": [ROLES[r] for r in role],
            "score": np.round(score, 4),
            "evidence_sentence": [e[0] for e in evidence],
            "mentions": [len(doc.entities[k].mentions) for k in ent],
            "start": [int(e[1]) for e in evidence],
            "end": [int(e[2]) for e in evidence],
        },
        columns=ROLE_COLUMNS,
    )


def _self_names(publisher, aliases) -> tuple[str, ...]:
    """The publisher's own names: its name and the ``;``/``|``-separated aliases."""
    names = [str(publisher).strip()] if isinstance(publisher, str) and publisher.strip() else []
    if isinstance(aliases, str):
        names += [a.strip() for a in aliases.replace("|", ";").split(";") if a.strip()]
    return tuple(dict.fromkeys(names))


def corpus_roles(documents: pd.DataFrame, model: RoleModel | None = None, group_col: str = "group") -> pd.DataFrame:
    """:func:`document_roles` of every document of a documents frame (``doc_id``, ``text``;
    optional ``sentence_bounds``, ``publisher`` and ``publisher_aliases``, whose names become the
    self entity), with the document's ``group`` (the ``group_col`` column, else ``corpus``, else
    empty) as the second column."""
    from analysis.corpus.sentences import document_bounds

    model = model or load_role_model()
    lex = role_lexicon()
    cols = ["doc_id", "group", *ROLE_COLUMNS[1:]]
    if documents is None or documents.empty:
        return pd.DataFrame(columns=cols)
    bounds = document_bounds(documents)
    group_src = group_col if group_col in documents.columns else ("corpus" if "corpus" in documents.columns else None)
    groups = documents[group_src].fillna("").astype(str) if group_src else pd.Series("", index=documents.index)
    pubs = documents["publisher"] if "publisher" in documents.columns else pd.Series("", index=documents.index)
    aliases = (
        documents["publisher_aliases"]
        if "publisher_aliases" in documents.columns
        else pd.Series("", index=documents.index)
    )
    parts = []
    for doc_id, text, b, group, pub, al in zip(documents["doc_id"], documents["text"], bounds, groups, pubs, aliases):
        rows = document_roles(
            text if isinstance(text, str) else "", b, str(doc_id), _self_names(pub, al), model=model, lex=lex
        )
        rows.insert(1, "group", group)
        parts.append(rows)
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True)[cols] if parts else pd.DataFrame(columns=cols)
