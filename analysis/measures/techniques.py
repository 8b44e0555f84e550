"""Persuasion-technique spans: the PTC techniques, grouped into FRAPPE's six families.

Techniques are those of the SemEval-2020 Task 11 Propaganda Techniques Corpus (PTC; Da San
Martino et al. 2019, 2020). Two of them, ``Loaded_Language`` and ``Name_Calling,Labeling``, are
already found by the lab's ``loaded`` lexicon and ``loaded_model`` context model; this module
finds the other twelve, and its sentence model may also label a sentence with one of those two.

Three detectors, each span a ``(start, end, technique, family, score)`` tuple:

``sentence``
    :mod:`analysis.measures.technique_sentences`: a sentence whose context-stage probability
    reaches the stored threshold is one span; its technique is the strongest technique head;
    ``score`` is the probability. Learned on PTC train (:mod:`analysis.training.techniques`).
``lexical``
    entries of ``analysis/lexicons/techniques.csv`` (category ``technique``, subcategory = the
    PTC technique): slogans, flag-waving phrases, thought-terminating cliches, bandwagon and
    Reductio-ad-Hitlerum comparisons, doubt, black-and-white and whataboutism markers, each
    written from the PTC technique definitions (Da San Martino et al. 2019) and checked against
    PTC train; ``score`` is the entry's measured train precision. Entries whose train precision
    is below :data:`MIN_ENTRY_PRECISION`, or that matched fewer than :data:`MIN_ENTRY_MATCHES`
    times, stay in the file (with their numbers) but are not used.
``repetition`` (opt-in: ``detectors=ALL_DETECTORS``)
    counting, not learning: a phrase of 2-4 words with at least two content words (not only
    capitalised names) that the document has already used is Repetition, at its second and later
    occurrences, when its sentence is one the sentence model marks (alone, repeated phrases are
    mostly topic phrases; see the validation numbers in the training sidecar).

Families (:data:`TECHNIQUE_FAMILIES`)
-------------------------------------
FRAPPE (Sahnan et al., EACL 2024 system demonstrations) reports persuasion techniques in the six
categories of the SemEval-2023 Task 3 taxonomy (Piskorski et al. 2023; JRC annotation
guidelines JRC132862): *attack on reputation* (name calling/labelling, guilt by association,
casting doubt, appeal to hypocrisy, questioning the reputation), *justification* (appeal to
authority, to popularity, to values, to fear/prejudice, flag waving), *simplification* (causal
oversimplification, false dilemma or no choice, consequential oversimplification),
*distraction* (straw man, red herring, whataboutism), *call* (slogans, conversation killer,
appeal to time) and *manipulative wording* (loaded language, obfuscation, exaggeration or
minimisation, repetition). PTC's 2020 names map onto them one to one, except:

* ``Black-and-White_Fallacy`` is the 2023 "false dilemma or no choice" (simplification);
* ``Thought-terminating_Cliches`` is the 2023 "conversation killer" (call);
* ``Bandwagon,Reductio_ad_hitlerum`` joins two 2023 techniques of different families (appeal to
  popularity: justification; guilt by association: attack on reputation). Most of its PTC
  train spans are Hitler/Nazi/Stalin/communist comparisons, so it is mapped to
  **attack on reputation** (project decision).

Rates: :func:`technique_rates` (``technique_<family>_per_1k`` per document) and
:func:`technique_table` (one row per document and technique).
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import config
from analysis.corpus.text import WORD_RE
from analysis.measures.bounds import per_1k
from analysis.measures.technique_sentences import SentenceModel, load_sentence_model

__all__ = [
    "TECHNIQUES",
    "FAMILIES",
    "TECHNIQUE_FAMILIES",
    "CATEGORY",
    "LEXICON_PATH",
    "MIN_ENTRY_PRECISION",
    "MIN_ENTRY_MATCHES",
    "DEFAULT_DETECTORS",
    "ALL_DETECTORS",
    "TechniqueDetector",
    "get_detector",
    "technique_spans",
    "repetition_spans",
    "technique_rates",
    "technique_table",
]

CATEGORY = "technique"
#: The 14 PTC techniques (label spelling of the corpus files).
TECHNIQUES = (
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
)
#: FRAPPE's six families (SemEval-2023 Task 3 categories), in the order of the taxonomy.
FAMILIES = (
    "attack_on_reputation",
    "justification",
    "simplification",
    "distraction",
    "call",
    "manipulative_wording",
)
#: PTC technique -> FRAPPE family (see the module docstring for the three non-obvious ones).
TECHNIQUE_FAMILIES = {
    "Name_Calling,Labeling": "attack_on_reputation",
    "Doubt": "attack_on_reputation",
    "Bandwagon,Reductio_ad_hitlerum": "attack_on_reputation",
    "Appeal_to_Authority": "justification",
    "Appeal_to_fear-prejudice": "justification",
    "Flag-Waving": "justification",
    "Causal_Oversimplification": "simplification",
    "Black-and-White_Fallacy": "simplification",
    "Whataboutism,Straw_Men,Red_Herring": "distraction",
    "Slogans": "call",
    "Thought-terminating_Cliches": "call",
    "Loaded_Language": "manipulative_wording",
    "Exaggeration,Minimisation": "manipulative_wording",
    "Repetition": "manipulative_wording",
}
LEXICON_PATH = config.LEXICON_DIR / "techniques.csv"
#: Lexical entries with a lower token precision on PTC train (against the union of all
#: techniques' gold spans) are kept in the file but not matched: below it, an entry adds more
#: false than true tokens at the operating point of the sentence model.
MIN_ENTRY_PRECISION = 0.25
#: ... and so are entries matched fewer times than this on PTC train (a precision of one or two
#: matches says nothing).
MIN_ENTRY_MATCHES = 3

#: Detectors run by default; ``repetition`` halves the speed and adds no token to the union with
#: the sentence spans (it only labels words inside them), so it runs only when asked.
DEFAULT_DETECTORS = ("sentence", "lexical")
ALL_DETECTORS = ("sentence", "lexical", "repetition")

#: Function words (closed classes) that may not begin or end a repeated phrase.
_FUNCTION_WORDS = frozenset(
    """a an the and or but nor so yet for of in on at to from by with about as into onto upon over under
    than then that this these those there here it its it's is are was were be been being am do does did
    have has had having will would shall should can could may might must not no i me my we us our you your
    he him his she her they them their who whom whose which what when where why how all any each both
    some such only own same too very just also s t""".split()
)


# --------------------------------------------------------------------------------------------
# repetition (counted)
# --------------------------------------------------------------------------------------------


def repetition_spans(text: str, min_words: int = 2, max_words: int = 4) -> list[tuple[int, int]]:
    """Second and later occurrences of repeated phrases: word n-grams (``min_words`` ...
    ``max_words``, :data:`analysis.corpus.text.WORD_RE` tokens, case-folded) that begin and end
    with a content word, hold at least two content words, are not all capitalised (names) and
    occur at least twice in ``text``. Overlapping occurrences of nested phrases are all returned.

    PTC's Repetition ("repeating the same message over and over again", Da San Martino et al.
    2019) is this counting restricted, in :func:`technique_spans`, to sentences the sentence
    model marks."""
    matches = list(WORD_RE.finditer(text))
    lower = [m.group().lower() for m in matches]
    counts = Counter(lower)
    fw = _FUNCTION_WORDS
    # a repeated phrase is made of words that occur at least twice: start only at such content words
    starts = [i for i, w in enumerate(lower) if counts[w] > 1 and w not in fw]
    if not starts:
        return []
    toks = [(m.start(), m.end(), w, text[m.start()].isupper()) for m, w in zip(matches, lower)]
    seen: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for i in starts:
        for n in range(min_words, max_words + 1):
            j = i + n
            if j > len(toks):
                break
            last = toks[j - 1]
            if counts[last[2]] < 2:
                break  # a word used once: no longer phrase from here repeats either
            if last[2] in fw:
                continue
            part = toks[i:j]
            if sum(w not in fw for _, _, w, _ in part) < 2 or all(c for _, _, _, c in part):
                continue
            seen[" ".join(w for _, _, w, _ in part)].append((toks[i][0], last[1]))
    out = [occ for occs in seen.values() if len(occs) > 1 for occ in occs[1:]]
    out.sort()
    return out


# --------------------------------------------------------------------------------------------
# the detector
# --------------------------------------------------------------------------------------------


class TechniqueDetector:
    """The sentence model, the active lexical entries and the repetition rule, passed as one
    object (no module state). ``sentence_model`` None: no sentence spans (and no repetition);
    ``lexicon`` None: no lexical spans."""

    def __init__(self, sentence_model: SentenceModel | None, lexicon: pd.DataFrame | None):
        from analysis.measures.lexicon import LexiconMatcher

        self.model = sentence_model
        self.matcher = None
        self.entry_precision: list[float] = []
        if lexicon is not None and len(lexicon):
            prec = pd.to_numeric(lexicon["precision_train"], errors="coerce").fillna(0.0).to_numpy()
            n = pd.to_numeric(lexicon.get("n_train", pd.Series(0, index=lexicon.index)), errors="coerce")
            ok = (prec >= MIN_ENTRY_PRECISION) & (n.fillna(0).to_numpy() >= MIN_ENTRY_MATCHES)
            active = lexicon[ok].reset_index(drop=True)
            if len(active):
                self.matcher = LexiconMatcher(active, name="techniques")
                self.entry_precision = pd.to_numeric(self.matcher.frame["precision_train"]).tolist()

    def spans(
        self, text: str, bounds: Iterable[tuple[int, int]] | None = None, detectors: Iterable[str] | None = None
    ) -> list[tuple[int, int, str, str, float]]:
        """:func:`technique_spans` with this detector."""
        if not text:
            return []
        dets = set(detectors) if detectors is not None else set(DEFAULT_DETECTORS)
        if bounds is None:
            from analysis.corpus.sentences import ensure_bounds

            bounds = ensure_bounds(text)
        bounds = [(int(s), int(e)) for s, e in bounds]
        out: list[tuple[int, int, str, str, float]] = []
        marked: list[tuple[int, int]] = []
        if self.model is not None and ({"sentence", "repetition"} & dets):
            prob, _, pairs = self.model.score(text, bounds)
            idx = np.flatnonzero(prob >= self.model.threshold)
            marked = [bounds[i] for i in idx]
            if "sentence" in dets:
                for i, tech in zip(idx.tolist(), self.model.labels(pairs, idx)):
                    s, e = bounds[i]
                    out.append((s, e, tech, TECHNIQUE_FAMILIES[tech], round(float(prob[i]), 4)))
        if "lexical" in dets and self.matcher is not None:
            subs = self.matcher.frame["subcategory"].tolist()
            for s, e, _, i in self.matcher.finditer(text):
                out.append((s, e, subs[i], TECHNIQUE_FAMILIES[subs[i]], round(self.entry_precision[i], 4)))
        if "repetition" in dets and marked:
            starts = np.array([s for s, _ in marked])
            ends = np.array([e for _, e in marked])
            score = float((self.model.meta.get("repetition") or {}).get("precision_train", 0.0))
            for s, e in repetition_spans(text):
                k = np.searchsorted(starts, s, side="right") - 1
                if k >= 0 and e <= ends[k]:
                    out.append((s, e, "Repetition", TECHNIQUE_FAMILIES["Repetition"], round(score, 4)))
        out.sort(key=lambda r: (r[0], r[0] - r[1], r[2]))
        return out


@functools.lru_cache(maxsize=4)
def _detector(lex_path: str, lex_mtime: float, model_key: tuple) -> TechniqueDetector:
    from analysis.measures.lexicon import load_lexicon

    lex = load_lexicon(lex_path) if lex_path else None
    return TechniqueDetector(load_sentence_model(), lex)


def get_detector() -> TechniqueDetector:
    """The shipped detector (sentence model from ``analysis/models``, entries of
    :data:`LEXICON_PATH`), cached per file modification times."""
    from analysis.measures.technique_sentences import model_paths

    npz, _ = model_paths()
    model_key = (str(npz), npz.stat().st_mtime if npz.is_file() else 0.0)
    lex = Path(LEXICON_PATH)
    return _detector(str(lex) if lex.is_file() else "", lex.stat().st_mtime if lex.is_file() else 0.0, model_key)


def technique_spans(
    text: str,
    bounds: Iterable[tuple[int, int]] | None = None,
    detector: TechniqueDetector | None = None,
    detectors: Iterable[str] | None = None,
) -> list[tuple[int, int, str, str, float]]:
    """Persuasion-technique spans of ``text``: ``(start, end, technique, family, score)`` tuples
    sorted by start (longer first), ``end`` exclusive. ``bounds`` are the sentence bounds
    (:func:`analysis.corpus.sentences.split_sentences` when None); ``detector`` defaults to
    :func:`get_detector`; ``detectors`` chooses among ``sentence``, ``lexical`` and
    ``repetition`` (default :data:`DEFAULT_DETECTORS`: the first two; repetition is opt-in). ``technique`` is a PTC label (:data:`TECHNIQUES`),
    ``family`` its FRAPPE family (:data:`TECHNIQUE_FAMILIES`), ``score`` the sentence
    probability, the lexical entry's train precision or the repetition rule's train precision."""
    det = detector if detector is not None else get_detector()
    return det.spans(text, bounds, detectors)


# --------------------------------------------------------------------------------------------
# rates
# --------------------------------------------------------------------------------------------


def _count_words(text: str) -> int:
    return sum(1 for _ in WORD_RE.finditer(text))


def technique_table(docs: pd.DataFrame, bounds: list | None = None, detector=None) -> pd.DataFrame:
    """One row per document and technique found in it: ``doc_id``, ``technique``, ``family``,
    ``n_spans``, ``per_1k`` (spans per 1,000 words, :data:`analysis.corpus.text.WORD_RE` words).
    ``docs`` has ``doc_id`` and ``text``; ``bounds`` each document's sentence bounds."""
    rows = []
    bounds = bounds if bounds is not None else [None] * len(docs)
    for doc_id, text, b in zip(docs["doc_id"], docs["text"], bounds):
        text = text if isinstance(text, str) else ""
        n = _count_words(text)
        counts: dict[str, int] = defaultdict(int)
        for _, _, tech, _, _ in technique_spans(text, b, detector):
            counts[tech] += 1
        for tech in sorted(counts):
            rows.append((doc_id, tech, TECHNIQUE_FAMILIES[tech], counts[tech], per_1k(counts[tech], n)))
    return pd.DataFrame(rows, columns=["doc_id", "technique", "family", "n_spans", "per_1k"])


def technique_rates(
    text: str, bounds: Iterable[tuple[int, int]] | None = None, detector=None, spans: list | None = None
) -> dict[str, float]:
    """``technique_<family>_per_1k`` for the six :data:`FAMILIES` (spans per 1,000 words; NaN for
    a text without words) and ``technique_per_1k`` (all spans). ``spans``: the document's
    :func:`technique_spans`, when already computed."""
    if spans is None:
        spans = technique_spans(text, bounds, detector)
    n = _count_words(text or "")
    counts = dict.fromkeys(FAMILIES, 0)
    for span in spans:
        counts[span[3]] += 1
    out = {f"technique_{f}_per_1k": per_1k(c, n) for f, c in counts.items()}
    out["technique_per_1k"] = per_1k(len(spans), n)
    return out
