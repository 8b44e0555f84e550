"""Distinctive terms between two groups of documents, and keyword-in-context views.

Distinctiveness is the log-odds ratio with an informative Dirichlet prior of Monroe, Colaresi &
Quinn (2008, "Fightin' Words", Political Analysis 16(4), eqs. 16-22). For term w, groups i and j
with token totals n_i, n_j, counts y_wi, y_wj, prior pseudo-counts a_w and a0 = sum of a_w:

    delta_w = log[(y_wi + a_w) / (n_i + a0 - y_wi - a_w)] - log[(y_wj + a_w) / (n_j + a0 - y_wj - a_w)]
    var_w  ~= 1 / (y_wi + a_w) + 1 / (y_wj + a_w)
    z_w     = delta_w / sqrt(var_w)

z > 0: w is used more, relative to each group's size, in group i ("a") than in group j ("b").
The prior shrinks the log-odds of rare terms towards zero, so a term seen twice in five press
releases does not top the list on its own. z is a model-based score for ranking, not a test with
calibrated error rates (terms are not independent draws).

Counts come from :class:`sklearn.feature_extraction.text.CountVectorizer` with the project's
word pattern (:data:`analysis.corpus.text.WORD_RE`), lower-cased, as sparse matrices.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.corpus.text import count_words, term_form, term_tokens

__all__ = [
    "KWIC_COLUMNS",
    "LOG_ODDS_COLUMNS",
    "count_terms",
    "kwic",
    "drop_stop_terms",
    "kwic_candidates",
    "log_odds",
    "log_odds_each_group",
    "log_odds_from_counts",
    "log_odds_groups",
    "term_pattern",
]

#: Columns of :func:`log_odds` and :func:`log_odds_groups`, in order.
LOG_ODDS_COLUMNS = [
    "term",
    "count_a",
    "count_b",
    "per_1k_words_a",
    "per_1k_words_b",
    "prior",
    "log_odds",
    "variance",
    "z",
]
#: Columns of :func:`kwic`, in order.
KWIC_COLUMNS = ["doc_id", "corpus", "start", "end", "left", "match", "right", "voice"]

#: Flat pseudo-count per term for ``prior="uniform"`` (Monroe et al. 2008's uninformative prior).
UNIFORM_ALPHA = 0.01
#: Pseudo-count for a term absent from a background prior, so every log is defined.
MISSING_ALPHA = 0.01


# --------------------------------------------------------------------------------------------
# Core formula
# --------------------------------------------------------------------------------------------


def log_odds_from_counts(counts_a, counts_b, prior, terms: Sequence[str] | None = None) -> pd.DataFrame:
    """Log-odds ratio with Dirichlet prior for aligned count vectors (Monroe et al. 2008, eqs. 16-22).

    ``counts_a``, ``counts_b``: term counts in each group over the *whole* vocabulary (n_i is
    their sum); ``prior``: the pseudo-counts a_w (a0 = their sum), all > 0. Returns one row per
    term in input order: ``term`` (when given), ``count_a``, ``count_b``, ``prior`` (a_w),
    ``log_odds`` (delta_w, natural log; > 0: relatively more frequent in a), ``variance``
    (approximate variance of delta_w), ``z`` (delta_w / sqrt(variance)).
    """
    y_a = np.asarray(counts_a, dtype=float).ravel()
    y_b = np.asarray(counts_b, dtype=float).ravel()
    alpha = np.broadcast_to(np.asarray(prior, dtype=float), y_a.shape).astype(float)
    if y_a.shape != y_b.shape:
        raise ValueError("counts_a and counts_b must have the same length")
    if np.any(alpha <= 0):
        raise ValueError("prior pseudo-counts must be positive")
    if np.any(y_a < 0) or np.any(y_b < 0):
        raise ValueError("counts must be non-negative")
    n_a, n_b, a0 = y_a.sum(), y_b.sum(), alpha.sum()
    log_odds_a = np.log(y_a + alpha) - np.log(n_a + a0 - y_a - alpha)
    log_odds_b = np.log(y_b + alpha) - np.log(n_b + a0 - y_b - alpha)
    delta = log_odds_a - log_odds_b
    variance = 1.0 / (y_a + alpha) + 1.0 / (y_b + alpha)
    table = pd.DataFrame(
        {
            "count_a": y_a,
            "count_b": y_b,
            "prior": alpha,
            "log_odds": delta,
            "variance": variance,
            "z": delta / np.sqrt(variance),
        }
    )
    if terms is not None:
        table.insert(0, "term", list(terms))
    return table


# --------------------------------------------------------------------------------------------
# Counting
# --------------------------------------------------------------------------------------------


def _vectorizer(ngram_range: tuple[int, int]):
    from sklearn.feature_extraction.text import CountVectorizer  # imported on use: about 1 s

    # terms: lower case, possessives merged ("regime's" -> "regime"), non-word tokens dropped
    # (analysis.corpus.text.term_tokens)
    return CountVectorizer(
        lowercase=False, tokenizer=term_tokens, token_pattern=None, ngram_range=tuple(ngram_range), dtype=np.int64
    )


def count_terms(
    texts_a: Sequence[str], texts_b: Sequence[str], ngram_range: tuple[int, int] = (1, 1)
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vocabulary (array of terms) and per-group total counts, from one shared CountVectorizer.

    Terms are :func:`analysis.corpus.text.term_tokens` of the texts (lower-cased :data:`analysis.corpus.text.WORD_RE`
    words with possessives merged, "regime's" -> "regime", and single non-Latin letters left out),
    or space-joined n-grams of them.
    With ``ngram_range=(1, 2)`` unigrams and bigrams share one multinomial (n_i counts both), the
    usual simplification. Returns ``(terms, counts_a, counts_b)``; all empty when there is no word.
    """
    texts_a, texts_b = [str(t) for t in texts_a], [str(t) for t in texts_b]
    vec = _vectorizer(ngram_range)
    try:
        matrix = vec.fit_transform(texts_a + texts_b)  # sparse documents x terms
    except ValueError:  # empty vocabulary
        empty = np.array([], dtype=np.int64)
        return np.array([], dtype=object), empty, empty
    counts_a = np.asarray(matrix[: len(texts_a)].sum(axis=0)).ravel()
    counts_b = np.asarray(matrix[len(texts_a) :].sum(axis=0)).ravel()
    return vec.get_feature_names_out(), counts_a, counts_b


def _prior(
    prior, terms: np.ndarray, counts_a: np.ndarray, counts_b: np.ndarray, prior_size: float | None
) -> np.ndarray:
    if isinstance(prior, str):
        if prior == "pooled":
            alpha = (counts_a + counts_b).astype(float)
        elif prior == "uniform":
            alpha = np.full(len(terms), UNIFORM_ALPHA)
        else:
            raise ValueError(f"prior must be 'pooled', 'uniform', a term->count mapping or an array; got {prior!r}")
    elif isinstance(prior, (Mapping, pd.Series)):
        background = pd.Series(prior, dtype=float)
        background.index = background.index.map(
            lambda t: " ".join(f for f in (term_form(w) for w in str(t).split()) if f) or str(t).lower()
        )
        background = background.groupby(level=0).sum()
        alpha = background.reindex(terms).fillna(0.0).to_numpy(dtype=float)
    else:
        alpha = np.asarray(prior, dtype=float).ravel()
        if alpha.shape != terms.shape:
            raise ValueError(f"prior array has {alpha.size} values for {terms.size} terms")
    alpha = np.where(alpha > 0, alpha, MISSING_ALPHA)
    if prior_size is not None:
        alpha = alpha * (float(prior_size) / alpha.sum())
    return alpha


def log_odds(
    texts_a: Sequence[str],
    texts_b: Sequence[str],
    ngram_range: tuple[int, int] = (1, 1),
    prior: str | Mapping[str, float] | pd.Series | np.ndarray = "pooled",
    prior_size: float | None = None,
    min_count: int = 2,
    stop_words: str | None = None,
) -> pd.DataFrame:
    """Distinctive terms of texts_a against texts_b: log-odds ratio with informative Dirichlet prior.

    ``prior``:

    * ``"pooled"`` (default): a_w = pooled count of w in a and b, so the prior mean is the pooled
      relative frequency and a0 = the pooled token total (the informative prior of Monroe et al.
      2008, §3.5, with the combined corpus as background, as in Jurafsky et al. 2014);
    * ``"uniform"``: a_w = 0.01 for every term (their uninformative prior);
    * a mapping/Series term -> background count (e.g. a large neutral corpus), or an array
      aligned with :func:`count_terms`' vocabulary. Terms missing from it get a_w = 0.01.

    ``prior_size``: rescale the a_w to sum to this a0 (prior strength in tokens); None keeps them.
    With the pooled prior and very unequal groups (5 press releases vs hundreds of articles) the
    prior is mostly the large group and shrinks the small group's estimates strongly, so |z| is
    conservative; rank by z rather than reading it against 1.96, or set ``prior_size``.

    Only terms with count_a + count_b >= ``min_count`` are returned (n_i and a0 always use the
    full vocabulary). Columns (:data:`LOG_ODDS_COLUMNS`): ``term``, ``count_a``, ``count_b``,
    ``per_1k_words_a``/``_b`` (count per 1,000 words of that group), ``prior`` (a_w),
    ``log_odds`` (delta_w), ``variance``, ``z``; sorted by z descending (distinctive of a first,
    distinctive of b last).

    ``stop_words="english"`` leaves out terms made only of English function words (scikit-learn's
    ``ENGLISH_STOP_WORDS``) from the table; the statistics of the other terms do not change (the
    prior and the totals still count every word).
    """
    terms, counts_a, counts_b = count_terms(texts_a, texts_b, ngram_range)
    if terms.size == 0:
        return pd.DataFrame(columns=LOG_ODDS_COLUMNS)
    words_a = sum(count_words(str(t)) for t in texts_a)
    words_b = sum(count_words(str(t)) for t in texts_b)
    table = _log_odds_table(terms, counts_a, counts_b, words_a, words_b, prior, prior_size, min_count)
    return drop_stop_terms(table) if stop_words == "english" else table


def drop_stop_terms(table: pd.DataFrame) -> pd.DataFrame:
    """Rows of a log-odds table whose term has at least one word that is not an English function
    word (scikit-learn's ``ENGLISH_STOP_WORDS``)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    keep = [any(w not in ENGLISH_STOP_WORDS for w in str(t).split()) for t in table["term"]]
    out = table[keep].reset_index(drop=True)
    out.attrs = dict(table.attrs)
    return out


def _log_odds_table(
    terms: np.ndarray,
    counts_a: np.ndarray,
    counts_b: np.ndarray,
    words_a: int,
    words_b: int,
    prior,
    prior_size: float | None,
    min_count: int,
) -> pd.DataFrame:
    """:func:`log_odds`' table from the counts: z, rates per 1,000 words, the min_count filter and the order."""
    alpha = _prior(prior, terms, counts_a, counts_b, prior_size)
    table = log_odds_from_counts(counts_a, counts_b, alpha, terms=terms)
    with np.errstate(divide="ignore", invalid="ignore"):
        table["per_1k_words_a"] = table["count_a"] * 1000.0 / words_a if words_a else np.nan
        table["per_1k_words_b"] = table["count_b"] * 1000.0 / words_b if words_b else np.nan
    table[["count_a", "count_b"]] = table[["count_a", "count_b"]].astype(np.int64)
    table = table[(table["count_a"] + table["count_b"]) >= min_count]
    table = table.sort_values(["z", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)
    table.attrs.update(
        n_tokens_a=int(counts_a.sum()),
        n_tokens_b=int(counts_b.sum()),
        words_a=words_a,
        words_b=words_b,
        prior_total=float(alpha.sum()),
    )
    return table[LOG_ODDS_COLUMNS]


def log_odds_groups(
    docs: pd.DataFrame,
    group_col: str,
    target: Hashable,
    rest: bool | Hashable = True,
    text_col: str = "text",
    **kwargs,
) -> pd.DataFrame:
    """:func:`log_odds` of the documents in group ``target`` against the rest (``rest=True``) or
    against one other group (``rest=<group label>``). ``docs`` has ``group_col`` and a ``text``
    column; ``kwargs`` go to :func:`log_odds`. Group names are kept in ``attrs`` (group_a, group_b).
    """
    is_target = docs[group_col] == target
    if not is_target.any():
        raise ValueError(f"no documents in group {target!r}")
    if rest is True:
        other, label_b = ~is_target & docs[group_col].notna(), "rest"
    elif rest is False or rest is None:
        raise ValueError("rest must be True (all other groups) or a group label")
    else:
        other, label_b = docs[group_col] == rest, rest
        if not other.any():
            raise ValueError(f"no documents in group {rest!r}")
    table = log_odds(docs.loc[is_target, text_col].tolist(), docs.loc[other, text_col].tolist(), **kwargs)
    table.attrs.update(group_a=target, group_b=label_b)
    return table


def log_odds_each_group(
    docs: pd.DataFrame,
    group_col: str,
    groups: Sequence[Hashable] | None = None,
    text_col: str = "text",
    ngram_range: tuple[int, int] = (1, 1),
    prior: str | Mapping[str, float] | pd.Series | np.ndarray = "pooled",
    prior_size: float | None = None,
    min_count: int = 2,
) -> dict[Hashable, pd.DataFrame]:
    """Every group against all the others: ``{group: log_odds_groups(docs, group_col, group, rest=True, ...)}``,
    the same tables (values, order, dtypes, attrs), with every document tokenised and its words counted once.

    Against the rest, the two sides of every comparison together are all the labelled documents,
    so the vocabulary is the same for every group: one documents x terms count matrix gives each
    group's counts (the sum of its rows) and the rest's (the column totals minus them), and one
    word count per document gives the words of both sides. ``groups``: the groups to compare, in
    order (default: every non-missing label in order of first appearance); a group without
    documents raises ValueError. Other arguments as in :func:`log_odds`.
    """
    labels = docs[group_col]
    labelled = labels.notna().to_numpy()
    if groups is None:
        groups = list(dict.fromkeys(labels[labelled]))
    targets = {}
    for g in groups:
        is_target = (labels == g).to_numpy()
        if not is_target.any():
            raise ValueError(f"no documents in group {g!r}")
        targets[g] = is_target[labelled]
    texts = [str(t) for t in docs.loc[labelled, text_col].tolist()]
    vec = _vectorizer(ngram_range)
    try:
        matrix = vec.fit_transform(texts).tocsr()  # sparse labelled documents x terms
    except ValueError:  # empty vocabulary
        matrix = None
    words = np.array([count_words(t) for t in texts], dtype=np.int64)
    out = {}
    if matrix is not None:
        terms = vec.get_feature_names_out()
        total = np.asarray(matrix.sum(axis=0)).ravel()
        all_words = int(words.sum())
    for g, rows in targets.items():
        if matrix is None:
            table = pd.DataFrame(columns=LOG_ODDS_COLUMNS)
        else:
            counts_a = np.asarray(matrix[np.flatnonzero(rows)].sum(axis=0)).ravel()
            words_a = int(words[rows].sum())
            table = _log_odds_table(
                terms, counts_a, total - counts_a, words_a, all_words - words_a, prior, prior_size, min_count
            )
        table.attrs.update(group_a=g, group_b="rest")
        out[g] = table
    return out


# --------------------------------------------------------------------------------------------
# Keyword in context
# --------------------------------------------------------------------------------------------

#: Optional inflection endings for ``inflect=True`` (plural, past, gerund, possessive).
INFLECTIONS = r"(?:s|es|d|ed|ing|['’]s|['’])?"
_LETTER_BEFORE = r"(?<![^\W_])"
_LETTER_AFTER = r"(?![^\W_])"


def term_pattern(term: str, regex: bool = False, inflect: bool = False) -> re.Pattern:
    """Case-insensitive, word-bounded pattern for ``term``.

    A literal term has its spaces matching any run of whitespace ("human rights" matches across a
    line break); ``regex=True`` takes ``term`` as a regular expression. ``inflect=True`` also
    accepts the endings in :data:`INFLECTIONS` ("massacre" -> "massacres", "massacred").
    Boundaries: no letter or digit directly before or after the match.
    """
    body = term if regex else r"\s+".join(re.escape(part) for part in term.split())
    if inflect:
        body = f"(?:{body}){INFLECTIONS}"
    return re.compile(f"{_LETTER_BEFORE}(?:{body}){_LETTER_AFTER}", re.IGNORECASE)


def _as_docs(docs) -> pd.DataFrame:
    if isinstance(docs, str):
        docs = [docs]
    if isinstance(docs, pd.Series):
        docs = docs.to_frame("text")
    if not isinstance(docs, pd.DataFrame):
        docs = pd.DataFrame({"text": list(docs)})
    frame = docs.copy()
    if "doc_id" not in frame.columns:
        frame["doc_id"] = frame.index
    if "corpus" not in frame.columns:
        frame["corpus"] = ""
    return frame


def _voice_lookup(spans) -> Callable[[Hashable, int, int], str] | None:
    """A ``voice_of(doc_id, start, end)`` from a spans table or a doc_id -> regions mapping."""
    if spans is None or callable(spans):
        return spans
    if isinstance(spans, pd.DataFrame):
        labelled = "voice" in spans.columns
        voices = spans["voice"] if labelled else ["quoted"] * len(spans)
        rows = zip(spans["doc_id"], spans["start"], spans["end"], voices)
        outside = "" if labelled else "authorial"
    else:
        rows = ((d, s, e, "quoted") for d, regions in dict(spans).items() for s, e in regions)
        outside = "authorial"
    by_doc: dict = {}
    for doc_id, s, e, v in rows:
        by_doc.setdefault(doc_id, []).append((int(s), int(e), str(v)))

    def lookup(doc_id, start: int, end: int) -> str:
        inside = [(e - s, v) for s, e, v in by_doc.get(doc_id, ()) if s <= start and end <= e]
        return min(inside)[1] if inside else outside  # the innermost covering span

    return lookup


def kwic(
    docs,
    term: str,
    window: int = 60,
    spans=None,
    voice_of: Callable[[Hashable, int, int], str] | None = None,
    regex: bool = False,
    inflect: bool = False,
    text_col: str = "text",
) -> pd.DataFrame:
    """Keyword in context: every occurrence of ``term`` with ``window`` characters either side.

    ``docs``: a DataFrame with ``text`` (and ``doc_id``, ``corpus`` when available; the index and
    "" otherwise), a Series or list of texts, or one string. Matching is case-insensitive and
    word-bounded (:func:`term_pattern`; ``regex`` and ``inflect`` as there).

    Voice: ``voice_of(doc_id, start, end) -> str`` (e.g. built on
    :func:`analysis.measures.quotes.voice_of`), or ``spans``: a mapping doc_id -> quoted-voice regions
    ``[(start, end), ...]`` ("quoted" inside, "authorial" outside), or a DataFrame with doc_id,
    start, end and voice (the innermost covering span's voice, "" when none covers it). Without
    either, ``voice`` is "".

    Columns (:data:`KWIC_COLUMNS`): ``doc_id``, ``corpus``, ``start``, ``end`` (character offsets
    of the match in the text, end exclusive), ``left``, ``match``, ``right`` (context with line
    breaks and tabs shown as spaces; same lengths as in the text), ``voice``.
    """
    pattern = term_pattern(term, regex=regex, inflect=inflect)
    lookup = voice_of or _voice_lookup(spans)
    frame = _as_docs(docs)
    rows = []
    for doc_id, corpus, text in zip(frame["doc_id"], frame["corpus"], frame[text_col]):
        text = _as_text(text)
        for m in pattern.finditer(text):
            rows.append(_kwic_row(doc_id, corpus, text, m, window, lookup))
    return _kwic_table(rows)


def _as_text(text) -> str:
    return "" if text is None or (isinstance(text, float) and np.isnan(text)) else str(text)


def _kwic_row(doc_id, corpus, text: str, m: re.Match, window: int, lookup) -> dict:
    s, e = m.span()
    return {
        "doc_id": doc_id,
        "corpus": corpus,
        "start": s,
        "end": e,
        "left": _flat(text[max(0, s - window) : s]),
        "match": m.group(0),
        "right": _flat(text[e : e + window]),
        "voice": lookup(doc_id, s, e) if lookup else "",
    }


def _kwic_table(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=KWIC_COLUMNS).astype({"start": np.int64, "end": np.int64})


_FLAT = str.maketrans({"\n": " ", "\t": " ", "\r": " "})


def _flat(text: str) -> str:
    return text.translate(_FLAT)


# --------------------------------------------------------------------------------------------
# Many terms: search only where a term can be
# --------------------------------------------------------------------------------------------


def _case_fold(texts: list[str], parts: Sequence[str]) -> dict[int, str]:
    """A str.translate table folding every character of ``texts`` that matches a character of
    ``parts`` case-insensitively to one representative of those characters, as the regex engine
    compares case (its case-insensitive literals also match the Kelvin sign to "k" and dotted
    capital I to "i", which ``str.lower`` does not give). One character for one: offsets are kept."""
    term_chars = {c for p in parts for c in p}
    chars = term_chars.union(*map(set, texts))
    parent: dict[str, str] = {}

    def root(c: str) -> str:
        while parent.get(c, c) != c:
            c = parent[c]
        return c

    for p in sorted(term_chars):
        same_case = re.compile(re.escape(p), re.IGNORECASE).fullmatch
        for c in chars:
            if c != p and same_case(c) and root(c) != root(p):
                parent[root(c)] = root(p)
    return {ord(c): root(c) for c in parent}


def kwic_candidates(texts: Sequence, terms: Sequence[str]) -> dict[str, np.ndarray]:
    """For each literal term (as :func:`kwic` takes it, ``regex=False``, ``inflect=False``), the
    positions (ascending) of the texts in which its :func:`term_pattern` can match: every text
    with a match is among them; a few more may be (boundaries are not checked).

    A text can match only if it holds every whitespace-separated part of the term up to case,
    case compared as the regex engine compares it (:func:`_case_fold`)."""
    texts = [_as_text(t) for t in texts]
    parts = {term: term.split() for term in terms}
    fold = _case_fold(texts, [p for ps in parts.values() for p in ps])
    folded = [t.translate(fold) for t in texts]
    out = {}
    for term, ps in parts.items():
        if not ps:  # no literal to look for: every text
            out[term] = np.arange(len(texts))
            continue
        needles = [p.translate(fold) for p in ps]
        out[term] = np.array([i for i, t in enumerate(folded) if all(n in t for n in needles)], dtype=np.int64)
    return out


def kwic_terms(docs, terms: Sequence[str], window: int = 60, text_col: str = "text"):
    """``(term, kwic(docs, term, window=window, text_col=text_col))`` for each literal term: the
    same tables (rows in the same order), without running each term's pattern over every text.

    A one-word term is tried only where its case-folded form (:func:`_case_fold`) occurs in the
    case-folded text, which has the same offsets: its pattern matches a fixed number of characters
    one for one, so it can match nowhere else; occurrences inside an earlier match are skipped as
    :meth:`re.Pattern.finditer` skips them. A term of several words (whitespace between them
    matches any run of whitespace) is searched in the texts that hold all its words
    (:func:`kwic_candidates`)."""
    frame = _as_docs(docs)
    doc_ids, corpora = list(frame["doc_id"]), list(frame["corpus"])
    texts = [_as_text(t) for t in frame[text_col]]
    parts = {term: term.split() for term in terms}
    fold = _case_fold(texts, [p for ps in parts.values() for p in ps])
    folded = [t.translate(fold) for t in texts]
    for term, ps in parts.items():
        if len(ps) != 1:
            wanted = [i for i, t in enumerate(folded) if all(p.translate(fold) in t for p in ps)] if ps else slice(None)
            yield term, kwic(frame.iloc[wanted], term, window=window, text_col=text_col)
            continue
        pattern, needle, rows = term_pattern(term), ps[0].translate(fold), []
        for i, f in enumerate(folded):
            at, end = f.find(needle), 0
            while at >= 0:
                m = pattern.match(texts[i], at) if at >= end else None
                if m:
                    rows.append(_kwic_row(doc_ids[i], corpora[i], texts[i], m, window, None))
                    end = m.end()
                at = f.find(needle, at + 1)
        yield term, _kwic_table(rows)
