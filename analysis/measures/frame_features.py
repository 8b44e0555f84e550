"""Features of the narrative-frame model: word terms and frame cues, with the sentence of each.

Two feature sets, both computed from one pass of :data:`analysis.corpus.text.WORD_RE` over the text:

* **terms**: lower-cased words and adjacent word pairs ("carbon tax"), for a TF-IDF vector
  (sublinear term frequency ``1 + ln tf``, smoothed idf ``ln((1 + n) / (1 + df)) + 1``, L2
  normalised: the scikit-learn ``TfidfVectorizer(sublinear_tf=True)`` definition, Salton & Buckley
  1988). Every occurrence keeps its sentence, so a linear model's document score splits exactly
  into sentence contributions (:func:`term_contributions`).
* **cues**: hits of the frame-cue lexicon ``analysis/lexicons/frame_cues.csv`` (entries written for
  this project from the frame questions of Semetko & Valkenburg 2000 as adapted by Frermann et al.
  2023; each entry names the question it serves; a ``style`` category holds genre cues such as
  question marks and reporting verbs, opinion or report), counted per sentence and per lexicon
  subcategory, and summarised per document as three numbers per subcategory
  (:data:`CUE_STATS`): ``rate`` = ln(1 + hits per 100 words), ``share`` = share of sentences with
  a hit, ``top`` = ln(1 + mean hits of the three sentences with most hits). Short texts are read
  with floors (:data:`MIN_WORDS`, :data:`MIN_SENTENCES`, the model's TF-IDF norm floor), because
  the model learned from articles of 150 to 1,000 words.

Lexicon kinds: ``word`` (the lower-cased word), ``prefix`` (a word starting with the term),
a term with spaces is a phrase of words (its last word a prefix when the kind is ``prefix``),
``regex`` (a pattern searched in the lower-cased text: write it in lower case, and start it
with a literal where possible, which the regex engine finds fast: ``year(?<=\\d[- ]year)[- ]old``).

Nothing here is learned; :mod:`analysis.measures.frames` holds the model that weighs the features.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from pathlib import Path

import numpy as np

from analysis.config import LEXICON_DIR
from analysis.corpus.text import WORD_RE

#: The frame-cue lexicon.
CUE_LEXICON_PATH = Path(LEXICON_DIR) / "frame_cues.csv"
#: Per-subcategory document statistics of the cue features, in feature order.
CUE_STATS = ("rate", "share", "top")
#: Smallest denominators of the cue rates and shares: about the shortest training article (147
#: words) and the 1st percentile of training articles' sentences (8).
MIN_WORDS = 150
MIN_SENTENCES = 8


@dataclass
class DocTokens:
    """One document's word tokens: lower-cased forms, the sentence index of each, the number of
    sentences (at least 1: a text without sentence bounds is one sentence) and the lower-cased
    text (same offsets as the text)."""

    words: list[str]
    sentence: np.ndarray
    n_sentences: int
    lower: str = ""


def doc_tokens(text: str, bounds: list[tuple[int, int]] | None) -> DocTokens:
    """Tokenise ``text`` once (:data:`WORD_RE`, lower case), sentence by sentence (``bounds``:
    sentence ``(start, end)`` offsets, which cover every word of a text split by
    :func:`analysis.corpus.sentences.split_sentences`; without bounds the text is one sentence)."""
    lower = text.lower()
    if len(lower) != len(text):  # a rare character whose lower case is longer: keep the offsets
        lower = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    if not bounds:
        words = WORD_RE.findall(lower)
        return DocTokens(words, np.zeros(len(words), dtype=np.int64), 1, lower)
    findall = WORD_RE.findall
    per_sentence = [findall(lower, s, e) for s, e in bounds]
    words = [w for ws in per_sentence for w in ws]
    sentence = np.repeat(np.arange(len(bounds)), [len(ws) for ws in per_sentence])
    return DocTokens(words, sentence, len(bounds), lower)


def terms(tokens: DocTokens) -> tuple[list[str], np.ndarray]:
    """The terms of a document: every word and every adjacent pair of words ("carbon tax"),
    with the sentence of each (a pair belongs to the sentence of its first word)."""
    w = tokens.words
    pairs = list(map("{} {}".format, w, w[1:]))
    sent = np.concatenate([tokens.sentence, tokens.sentence[:-1]]) if w else tokens.sentence
    return w + pairs, sent


def term_ids(tokens: DocTokens, vocabulary: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """Vocabulary ids of a document's terms (as :func:`terms`, -1 for unknown ones) and their
    sentences. A pair is looked up only when both its words are known: a vocabulary keeps a pair
    only with both its words (:func:`analysis.training.frames.fit_frames` makes sure), so the
    result is the same as looking up every term, at a third of the cost."""
    w = tokens.words
    get = vocabulary.get
    uni = np.array(list(map(get, w, repeat(-1))), dtype=np.int64)
    known = uni >= 0
    both = np.flatnonzero(known[:-1] & known[1:]) if len(w) > 1 else np.zeros(0, dtype=np.int64)
    pairs = [w[k] + " " + w[k + 1] for k in both.tolist()]
    pair_ids = np.array(list(map(get, pairs, repeat(-1))), dtype=np.int64)
    return np.concatenate([uni, pair_ids]), np.concatenate([tokens.sentence, tokens.sentence[both]])


def smooth_idf(df: np.ndarray, n_docs: int) -> np.ndarray:
    """Smoothed inverse document frequency ``ln((1 + n) / (1 + df)) + 1`` (scikit-learn's default)."""
    return np.log((1.0 + n_docs) / (1.0 + df)) + 1.0


def tfidf_norm(x: np.ndarray, norm_floor: float = 0.0) -> float:
    """The L2 norm of a TF-IDF vector, at least ``norm_floor`` (and 1 for an empty vector). The
    model sets the floor to the smallest norm among its training articles, so a text shorter than
    any of them is weighed as if padded with words the model does not know, instead of each of
    its few words counting as much as a whole article's."""
    return max(float(np.sqrt(np.dot(x, x))), norm_floor) or 1.0


def term_contributions(
    ids: np.ndarray,
    sent: np.ndarray,
    idf: np.ndarray,
    weights: np.ndarray,
    n_sentences: int,
    by_sentence: bool = True,
    norm_floor: float = 0.0,
) -> tuple[np.ndarray, np.ndarray | None]:
    """Linear TF-IDF scores of one document, split by sentence.

    ``ids``: vocabulary id of each term occurrence (-1 = not in the vocabulary), ``sent``: its
    sentence, ``weights``: (vocabulary x k) coefficients. Returns the document's k scores (without
    intercept) and an (n_sentences x k) array whose columns sum to them: each term's part of the
    score is shared equally among its occurrences, so a sentence gets what its own words add.
    With ``by_sentence=False`` the split is skipped (None). The L2 norm is at least
    ``norm_floor`` (:func:`tfidf_norm`).
    """
    keep = ids >= 0
    ids, sent = ids[keep], sent[keep]
    k = weights.shape[1]
    per_sentence = np.zeros((n_sentences, k)) if by_sentence else None
    if ids.size == 0:
        return np.zeros(k), per_sentence
    uniq, inverse, tf = np.unique(ids, return_inverse=True, return_counts=True)
    x = (1.0 + np.log(tf)) * idf[uniq]
    norm = tfidf_norm(x, norm_floor)
    term_part = (x / norm)[:, None] * weights[uniq]  # each distinct term's part of the score
    if not by_sentence:
        return term_part.sum(axis=0), None
    per_occurrence = term_part[inverse] / tf[inverse][:, None]
    np.add.at(per_sentence, sent, per_occurrence)
    return term_part.sum(axis=0), per_sentence


#: Word forms memoised per lexicon before the memo is emptied (bounds memory on large corpora).
MEMO_MAX = 200_000


@dataclass
class CueLexicon:
    """The frame-cue lexicon compiled for matching: ``groups`` are the (category, subcategory)
    pairs in feature order; ``words`` exact forms and ``prefixes`` (by prefix length) map to the
    groups they hit; ``phrases`` are keyed by their first word. A memo keeps the groups of each
    word form met (at most :data:`MEMO_MAX` forms)."""

    groups: list[tuple[str, str]]
    words: dict[str, tuple[int, ...]]
    prefixes: dict[int, dict[str, tuple[int, ...]]]
    phrases: dict[str, list[tuple[tuple[str, ...], bool, int]]]
    regexes: list[tuple[re.Pattern, int]]
    _memo: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False)

    def word_groups(self, word: str) -> tuple[int, ...]:
        """Groups hit by one lower-cased word (exact words and prefixes), memoised by form."""
        hit = self._memo.get(word)
        if hit is None:
            found = set(self.words.get(word, ()))
            for n, table in self.prefixes.items():
                found.update(table.get(word[:n], ()))
            if len(self._memo) >= MEMO_MAX:
                self._memo.clear()
            hit = self._memo[word] = tuple(sorted(found))
        return hit

    def feature_names(self) -> list[str]:
        """Names of the document cue features, ``cue_<stat>_<category>_<subcategory>``."""
        return [f"cue_{stat}_{c}_{s}" for stat in CUE_STATS for c, s in self.groups]


def read_cue_lexicon(path: str | Path = CUE_LEXICON_PATH) -> CueLexicon:
    """Read and compile a frame-cue lexicon CSV (columns ``term, kind, category, subcategory,
    source, note``)."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    groups = sorted({(r["category"], r["subcategory"]) for r in rows})
    index = {g: i for i, g in enumerate(groups)}
    words: dict[str, set[int]] = {}
    prefixes: dict[int, dict[str, set[int]]] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], bool, int]]] = {}
    regexes: list[tuple[re.Pattern, int]] = []
    for r in rows:
        i, term, kind = index[(r["category"], r["subcategory"])], r["term"].strip(), r["kind"]
        if kind == "regex":
            regexes.append((re.compile(term), i))
        elif " " in term:
            toks = tuple(term.lower().split())
            phrases.setdefault(toks[0], []).append((toks, kind == "prefix", i))
        elif kind == "prefix":
            prefixes.setdefault(len(term), {}).setdefault(term.lower(), set()).add(i)
        else:
            words.setdefault(term.lower(), set()).add(i)
    frozen = {n: {t: tuple(sorted(g)) for t, g in table.items()} for n, table in sorted(prefixes.items())}
    return CueLexicon(groups, {w: tuple(sorted(g)) for w, g in words.items()}, frozen, phrases, regexes)


@lru_cache(maxsize=1)
def default_cue_lexicon() -> CueLexicon:
    """The shipped frame-cue lexicon (read once per process; read-only afterwards)."""
    return read_cue_lexicon()


def _phrase_at(words: list[str], k: int, phrase: tuple[str, ...], last_prefix: bool) -> bool:
    n = len(phrase)
    if k + n > len(words) or tuple(words[k : k + n - 1]) != phrase[:-1]:
        return False
    last = words[k + n - 1]
    return last.startswith(phrase[-1]) if last_prefix else last == phrase[-1]


def cue_hits(text: str, tokens: DocTokens, lexicon: CueLexicon, bounds) -> np.ndarray:
    """Cue hits per sentence and lexicon group: an (n_sentences x groups) count array."""
    counts = np.zeros((tokens.n_sentences, len(lexicon.groups)))
    words, sent = tokens.words, tokens.sentence
    rows: list[int] = []
    cols: list[int] = []
    found = list(map(lexicon._memo.get, words))  # memoised forms at C speed; the rest looked up once
    if None in found:
        found = [h if h is not None else lexicon.word_groups(w) for h, w in zip(found, words)]
    for k in [k for k, hit in enumerate(found) if hit]:
        hit = found[k]
        rows.extend([sent[k]] * len(hit))
        cols.extend(hit)
    phrases = lexicon.phrases
    for k in [k for k, w in enumerate(words) if w in phrases]:
        for phrase, last_prefix, i in phrases[words[k]]:
            if _phrase_at(words, k, phrase, last_prefix):
                rows.append(sent[k])
                cols.append(i)
    if lexicon.regexes:
        sent_starts = np.asarray([b[0] for b in bounds], dtype=np.int64) if bounds else np.zeros(1, np.int64)
        for pattern, i in lexicon.regexes:
            for m in pattern.finditer(tokens.lower or text.lower()):
                rows.append(max(int(np.searchsorted(sent_starts, m.start(), side="right")) - 1, 0))
                cols.append(i)
    if rows:
        np.add.at(counts, (np.asarray(rows), np.asarray(cols)), 1.0)
    return counts


def cue_document_features(hits: np.ndarray, n_words: int) -> np.ndarray:
    """The document's cue features (:data:`CUE_STATS` x groups) from its per-sentence hits.
    Rates and shares divide by at least :data:`MIN_WORDS` words and :data:`MIN_SENTENCES`
    sentences, so a short text's two hits do not read as a dense article."""
    rate = np.log1p(100.0 * hits.sum(axis=0) / max(n_words, MIN_WORDS))
    share = (hits > 0).sum(axis=0) / max(hits.shape[0], MIN_SENTENCES)
    top = np.log1p(np.sort(hits, axis=0)[-3:].mean(axis=0))
    return np.concatenate([rate, share, top])
