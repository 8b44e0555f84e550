"""A learned attribution tagger: a linear-chain CRF labelling word tokens BIO for Cue, Source, Content.

It sits beside the rule extractor (:mod:`analysis.measures.attribution`), and can take the rules' own
output as features. Sequences are the sentences the rest of the package uses
(:func:`analysis.corpus.sentences.split_sentences`, or the bounds the caller passes); tokens are
:data:`analysis.corpus.text.WORD_RE` words, the unit of :func:`analysis.validate.metrics.token_prf`. A token in two
gold parts (a cue inside another attribution's content) takes the first of Cue, Source, Content.

Features of a token (:func:`token_features`), all computed from the text alone (no tagger, no
parser): lower-cased word, word shape, 2-3 character prefix and suffix, capitalisation,
closed-class word group (:data:`CLOSED_CLASS`, a POS-like feature), membership of a cue-lexicon
entry with its subcategory (``lexicons/attribution_cues.csv``, also the rejected rows) and of a
source-type entry with its category (``lexicons/source_types.csv``), inside-quotation state
(:func:`analysis.measures.quotes.quotation_tuples`), the punctuation between it and its neighbours,
its position in the sentence, the same for the two tokens either side, and (``rules=True``) the
label the rule extractor gives the token. With rule features the tagger combines rules and
learning (the CRF weighs the rules' vote against the context, as in stacked taggers); the other
combination tried is the token union of rules and the tagger without rule features. Which one
each part uses in validation was chosen on the train slice and is in the sidecar
(``combination``): the union for Cue, the rules-as-features tagger for Source and Content.

The model is CRFsuite's (Okazaki 2007) L-BFGS CRF with L1 + L2 penalties, through
``python-crfsuite``; training is in :mod:`analysis.training.attribution`. Decoding: a token is
positive for a part when that part's marginal probability (B + I) reaches the part's threshold
(chosen on a held-out slice of PolNeAR train and stored in the model's sidecar), so each part
is decided on its own, as token P/R/F1 score it.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from analysis import config
from analysis.corpus.text import WORD_RE

__all__ = [
    "PARTS",
    "LABELS",
    "CLOSED_CLASS",
    "MODEL_DIR",
    "MODEL_STEMS",
    "DocumentTokens",
    "document_tokens",
    "token_features",
    "gold_labels",
    "AttributionTagger",
    "load_tagger",
    "stored_tagger",
    "tag_document",
    "spans_to_records",
    "tagged_attribution_records",
]

#: The three attribution parts, in the priority order used when a token is in two of them.
PARTS = ("Cue", "Source", "Content")
LABELS = ("O",) + tuple(f"{p}-{x}" for x in PARTS for p in ("B", "I"))
MODEL_DIR = config.PACKAGE_DIR / "models"
#: Stored models: with the rules' labels as features (the combination) and without them.
MODEL_STEMS = {True: "attribution_crf_rules", False: "attribution_crf"}
FEATURE_VERSION = 1

#: Closed word classes (English function words; Quirk et al. 1985 word classes), used as a
#: part-of-speech-like feature in place of a tagger.
CLOSED_CLASS = {
    "det": "a an the this that these those each every some any no another either neither all both",
    "pron": "i me my mine we us our ours you your yours he him his she her hers it its they them their "
    "theirs who whom whose which what myself yourself himself herself itself ourselves themselves",
    "prep": "of in on at by for from with without into onto over under about against between among through "
    "during before after since until to toward towards upon within across behind beyond near per via "
    "according despite amid amongst",
    "aux": "be is are was were been being am have has had having do does did",
    "modal": "will would can could may might must shall should ought",
    "conj": "and or but nor so yet because although though while whereas if unless whether than",
    "neg": "not never n't no",
    "comp": "that",
}
_CLOSED = {}
for _cls, _words in CLOSED_CLASS.items():
    for _w in _words.split():
        _CLOSED.setdefault(_w, _cls)

_APOS = re.compile(r"[’‘ʼ]")


def _norm(word: str) -> str:
    return _APOS.sub("'", word.lower())


def _shape(word: str) -> str:
    """Character classes with runs collapsed: "McCain" -> "XxXx", "2016" -> "d", "U.S." -> "X.X."."""
    if word.isascii():  # the common ASCII shapes without a loop over characters (same result)
        if word.isdigit():
            return "d"
        if word.isalpha():
            if word.islower():
                return "x"
            if word.isupper():
                return "X"
            if word[0].isupper() and word[1:].islower():
                return "Xx"
    out = []
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)[:6]


_GAP_MAP = {
    "“": "Q<",
    "”": "Q>",
    '"': "Q",
    "‘": "q<",
    "’": "q>",
    "'": "q",
    "«": "Q<",
    "»": "Q>",
    ",": ",",
    ":": ":",
    ";": ";",
    ".": ".",
    "!": "!",
    "?": "?",
    "(": "(",
    ")": ")",
    "[": "(",
    "]": ")",
    "—": "-",
    "–": "-",
    "-": "-",
}


def _gap(s: str) -> str:
    """The punctuation between two tokens, normalised ("" for plain space; "nl" marks a line break)."""
    out = [_GAP_MAP.get(ch, "") for ch in s]
    g = "".join(out)[:5]
    return ("nl" if "\n" in s else "") + g


# ---------------------------------------------------------------------------------------------
# lexicons as token-sequence matchers
# ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=2)
def _phrase_table(kind: str) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First word -> [(word tuple, tag)] of the literal entries of the cue or source-type lexicon,
    longest first. Cue tags are the subcategory (``rej_<subcategory>`` for rejected rows);
    source tags are the source type."""
    from analysis.measures.attribution_cues import CUES_CSV, load_lexicon
    from analysis.measures.source_types import SOURCE_TYPES_CSV

    df = load_lexicon(CUES_CSV if kind == "cue" else SOURCE_TYPES_CSV)
    df = df[df["kind"] == "literal"]
    table: dict[str, list] = {}
    for term, cat, sub in zip(df["term"], df["category"], df["subcategory"]):
        words = tuple(_norm(w) for w in WORD_RE.findall(term))
        if not words:
            continue
        if kind == "cue":
            tag = sub if cat == "attribution_cue" else f"rej_{sub}"
        else:
            tag = cat
        table.setdefault(words[0], []).append((words, tag))
    for lst in table.values():
        lst.sort(key=lambda x: -len(x[0]))
    return table


def _lexicon_tags(words: list[str], kind: str) -> list[str]:
    """Per token: "" or "B:<tag>" / "I:<tag>" for the longest lexicon entry starting there
    (left to right, no overlaps)."""
    table = _phrase_table(kind)
    tags = [""] * len(words)
    i = 0
    while i < len(words):
        hit = None
        for entry, tag in table.get(words[i], ()):
            n = len(entry)
            if tuple(words[i : i + n]) == entry:
                hit = (n, tag)
                break
        if hit:
            n, tag = hit
            tags[i] = "B:" + tag
            for k in range(i + 1, i + n):
                tags[k] = "I:" + tag
            i += n
        else:
            i += 1
    return tags


# ---------------------------------------------------------------------------------------------
# documents as token sequences
# ---------------------------------------------------------------------------------------------


@dataclass
class DocumentTokens:
    """The word tokens of one document grouped by sentence: ``sentences[k]`` is a list of token
    indices; ``spans[i]`` the character offsets of token ``i``."""

    text: str
    spans: list[tuple[int, int]]
    sentences: list[list[int]]
    bounds: list[tuple[int, int]]


def document_tokens(text: str, sentence_bounds: list[tuple[int, int]] | None = None) -> DocumentTokens:
    """Tokens of ``text`` by sentence; a token outside every sentence joins the sentence before it
    (or the first), so every token is tagged and scored."""
    from analysis.corpus.sentences import ensure_bounds

    bounds = ensure_bounds(text, sentence_bounds)
    spans = [m.span() for m in WORD_RE.finditer(text)]
    if not bounds:
        bounds = [(0, len(text))]
    starts = [a for a, _ in bounds]
    sents: list[list[int]] = [[] for _ in bounds]
    for i, (s, _) in enumerate(spans):
        k = max(0, bisect.bisect_right(starts, s) - 1)
        sents[k].append(i)
    return DocumentTokens(text, spans, sents, bounds)


def covered_tokens(spans: list[tuple[int, int]], intervals) -> list[tuple[bool, bool]]:
    """Per token: (inside some interval, starts one: the token is the first inside it)."""
    out = [(False, False)] * len(spans)
    ivs = sorted((int(a), int(b)) for a, b in intervals if b > a)
    if not ivs:
        return out
    starts = [a for a, _ in spans]
    for a, b in ivs:
        i = bisect.bisect_right(starts, a) - 1
        if i < 0 or spans[i][1] <= a:
            i += 1
        first = True
        while i < len(spans) and spans[i][0] < b:
            inside, begins = out[i]
            out[i] = (True, begins or first)
            first = False
            i += 1
    return out


def rule_intervals(text: str, bounds: list[tuple[int, int]], records: list[dict] | None = None) -> dict[str, list]:
    """Cue pieces, explicit sources and contents of the rule extractor's records
    (:func:`analysis.measures.attribution_rules.rule_records`)."""
    if records is None:
        from analysis.measures.attribution_rules import rule_records

        records = rule_records(text, bounds)
    cue = [p for r in records for p in r["cue_parts"]]
    src = [(r["source_start"], r["source_end"]) for r in records if r["source_start"] >= 0]
    con = [(r["content_start"], r["content_end"]) for r in records if r["content_start"] >= 0]
    return {"Cue": cue, "Source": src, "Content": con}


def token_features(
    doc: DocumentTokens, rules: bool = True, rule_records: list[dict] | None = None
) -> list[list[list[str]]]:
    """Per sentence, per token, the feature strings described in the module docstring."""
    from analysis.measures.quotes import quotation_tuples

    text, spans = doc.text, doc.spans
    words = [text[a:b] for a, b in spans]
    low = [_norm(w) for w in words]
    cue_tags = _lexicon_tags(low, "cue")
    src_tags = _lexicon_tags(low, "source")
    quotes = [(q.inner_start, q.inner_end) for q in quotation_tuples(text) if q.mark != "single"]
    inq = covered_tokens(spans, quotes)
    rule_flags = None
    if rules:
        iv = rule_intervals(text, doc.bounds, rule_records)
        rule_flags = {p: covered_tokens(spans, iv[p]) for p in PARTS}
    gaps = [_gap(text[spans[i - 1][1] if i else 0 : spans[i][0]]) for i in range(len(spans))]
    # per-token base features (own), and the subset repeated for the window
    base, ctx = [], []
    for i, w in enumerate(words):
        lw = low[i]
        cls = _CLOSED.get(lw, "open")
        shp = _shape(w)
        rl = ""
        if rule_flags is not None:
            rl = "".join(("B" if rule_flags[p][i][1] else "I") + p[:2] for p in PARTS if rule_flags[p][i][0]) or "O"
        own = [
            f"w={lw}",
            f"shape={shp}",
            f"p2={lw[:2]}",
            f"p3={lw[:3]}",
            f"s2={lw[-2:]}",
            f"s3={lw[-3:]}",
            f"cls={cls}",
            f"gap={gaps[i]}",
            f"inq={int(inq[i][0])}",
        ]
        if w[:1].isupper():
            own.append("cap")
        if w.isupper() and len(w) > 1:
            own.append("allcaps")
        if cue_tags[i]:
            own += [f"cue={cue_tags[i]}", f"cuesub={cue_tags[i][2:]}"]
        if src_tags[i]:
            own += [f"src={src_tags[i]}", f"srccat={src_tags[i][2:]}"]
        if rule_flags is not None:
            own.append(f"rule={rl}")
        base.append(own)
        c = [f"w={lw}", f"cls={cls}", f"gap={gaps[i]}", f"inq={int(inq[i][0])}", f"cap={int(w[:1].isupper())}"]
        if cue_tags[i]:
            c.append(f"cue={cue_tags[i][2:]}")
        if src_tags[i]:
            c.append(f"src={src_tags[i][2:]}")
        if rule_flags is not None:
            c.append(f"rule={rl}")
        ctx.append(c)
    out = []
    for sent in doc.sentences:
        n = len(sent)
        has_q = any(inq[i][0] for i in sent)
        has_cue = any(cue_tags[i] and not cue_tags[i][2:].startswith("rej") for i in sent)
        seq = []
        for k, i in enumerate(sent):
            f = [
                "bias",
                f"pos={min(k, 6)}",
                f"toend={min(n - 1 - k, 3)}",
                f"sq={int(has_q)}",
                f"scue={int(has_cue)}",
            ] + base[i]
            for d in (-2, -1, 1, 2):
                j = k + d
                if 0 <= j < n:
                    f += [f"{d:+d}:{x}" for x in ctx[sent[j]]]
                else:
                    f.append(f"{d:+d}:pad")
            if k > 0:
                f.append(f"w-1|w={low[sent[k - 1]]}|{low[i]}")
            if k + 1 < n:
                f.append(f"w|w+1={low[i]}|{low[sent[k + 1]]}")
                f.append(f"gap+1={gaps[sent[k + 1]]}")
            seq.append(f)
        out.append(seq)
    return out


def gold_labels(doc: DocumentTokens, gold: list[tuple[int, int, str, str]]) -> list[list[str]]:
    """Per sentence, the BIO label of each token from gold spans ``(start, end, part, span_id)``;
    a token in two parts takes the first of :data:`PARTS`; B where a new span id begins."""
    n = len(doc.spans)
    lab: list[tuple[str, str] | None] = [None] * n
    starts = [a for a, _ in doc.spans]
    for part in PARTS:
        for s, e, p, sid in gold:
            if p != part or e <= s:
                continue
            i = max(0, bisect.bisect_right(starts, s) - 1)
            if doc.spans[i][1] <= s:
                i += 1
            while i < n and doc.spans[i][0] < e:
                if lab[i] is None:
                    lab[i] = (part, sid)
                i += 1
    out = []
    for sent in doc.sentences:
        seq, prev = [], None
        for i in sent:
            if lab[i] is None:
                seq.append("O")
            else:
                seq.append(("I-" if prev == lab[i] else "B-") + lab[i][0])
            prev = lab[i]
        out.append(seq)
    return out


# ---------------------------------------------------------------------------------------------
# the stored model
# ---------------------------------------------------------------------------------------------


class AttributionTagger:
    """A trained CRF (``<stem>.crfsuite``) with its sidecar (``<stem>.json``: thresholds, feature set,
    training facts). ``rules`` says whether it reads the rule extractor's labels."""

    def __init__(self, model_path: str | Path, meta: dict):
        import pycrfsuite

        self.model_path = str(model_path)
        self.meta = meta
        self.rules = bool(meta["rules"])
        self.thresholds = {
            p: (None if meta["thresholds"].get(p) is None else float(meta["thresholds"][p])) for p in PARTS
        }
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(self.model_path)

    def marginals(self, feats: list[list[str]]) -> tuple[list[str], list[dict[str, float]]]:
        """Viterbi labels and per-token marginal probability of each part (B + I) for one sentence."""
        if not feats:
            return [], []
        t = self._tagger
        t.set(feats)
        best = t.tag()
        labels = t.labels()
        probs = []
        for k in range(len(feats)):
            m = {p: 0.0 for p in PARTS}
            for lab in labels:
                if lab != "O":
                    m[lab[2:]] += t.marginal(lab, k)
            probs.append(m)
        return best, probs

    def decode(self, best: list[str], probs: list[dict[str, float]]) -> dict[str, list[tuple[int, int, float]]]:
        """Token runs ``(first, last + 1, mean marginal)`` per part. With a threshold, a token is
        in the part when its marginal reaches it; without one (None), the Viterbi path decides.
        A Viterbi B label starts a new run."""
        out: dict[str, list] = {p: [] for p in PARTS}
        for p in PARTS:
            th = self.thresholds[p]
            run = None
            for k, lab in enumerate(best):
                on = probs[k][p] >= th if th is not None else lab.endswith(p)
                if on and run is not None and lab == f"B-{p}":
                    out[p].append(run)
                    run = None
                if on:
                    run = (run[0], k + 1, run[2] + [probs[k][p]]) if run else (k, k + 1, [probs[k][p]])
                elif run is not None:
                    out[p].append(run)
                    run = None
            if run is not None:
                out[p].append(run)
            out[p] = [(a, b, sum(ps) / len(ps)) for a, b, ps in out[p]]
        return out


@lru_cache(maxsize=4)
def _load(directory: str, stem: str, mtime: float) -> AttributionTagger:
    meta = json.loads((Path(directory) / f"{stem}.json").read_text(encoding="utf-8"))
    if meta.get("feature_version") != FEATURE_VERSION:
        raise ValueError(f"{stem}.json: feature_version {meta.get('feature_version')} != {FEATURE_VERSION}; retrain")
    return AttributionTagger(Path(directory) / f"{stem}.crfsuite", meta)


def stored_tagger() -> AttributionTagger | None:
    """The stored tagger with rule features (the one the spans table uses), or None when it has
    not been trained."""
    try:
        return load_tagger(True)
    except FileNotFoundError:
        return None


def load_tagger(rules: bool = True, directory: str | Path = MODEL_DIR) -> AttributionTagger:
    """The stored tagger with (``rules=True``, the combination) or without rule features.
    Raises FileNotFoundError when it has not been trained (``python -m analysis train-attribution``)."""
    stem = MODEL_STEMS[rules]
    path = Path(directory) / f"{stem}.crfsuite"
    if not path.is_file() or not (Path(directory) / f"{stem}.json").is_file():
        raise FileNotFoundError(f"{path} (or its .json sidecar) not found; run `python -m analysis train-attribution`")
    return _load(str(directory), stem, path.stat().st_mtime)


# ---------------------------------------------------------------------------------------------
# inference API
# ---------------------------------------------------------------------------------------------


def tag_document(
    text: str,
    sentence_bounds: list[tuple[int, int]] | None = None,
    tagger: AttributionTagger | None = None,
    rule_records: list[dict] | None = None,
) -> list[dict]:
    """Tagged attribution parts of one document: dicts with ``part`` (Cue/Source/Content),
    ``start``, ``end`` (character offsets, end exclusive), ``text``, ``prob`` (mean marginal
    probability of the part over the span's tokens) and ``sentence`` (index into the bounds),
    sorted by start. ``sentence_bounds`` default to :func:`analysis.corpus.sentences.split_sentences`;
    ``rule_records`` (rows of :func:`analysis.measures.attribution.attribution_records` for the same
    bounds) saves running the rules twice. ``tagger`` defaults to the stored combination model."""
    tagger = tagger or load_tagger(True)
    doc = document_tokens(text, sentence_bounds)
    feats = token_features(doc, rules=tagger.rules, rule_records=rule_records)
    out = []
    for si, (sent, f) in enumerate(zip(doc.sentences, feats)):
        best, probs = tagger.marginals(f)
        for part, runs in tagger.decode(best, probs).items():
            for a, b, pr in runs:
                s, e = doc.spans[sent[a]][0], doc.spans[sent[b - 1]][1]
                out.append(
                    {"part": part, "start": s, "end": e, "text": text[s:e], "prob": round(pr, 4), "sentence": si}
                )
    out.sort(key=lambda r: (r["start"], -r["end"], PARTS.index(r["part"])))
    return out


def spans_to_records(text: str, tagged: list[dict], publisher: str | None = None) -> list[dict]:
    """Attribution rows (keys :data:`analysis.measures.attribution.ATTRIBUTION_COLUMNS`) from tagged parts:
    each cue span is one attribution; its source is the nearest source span of the same sentence
    (before the cue preferred, as in "X said", else after it: "said X", "according to X"), its
    content the nearest content span of the same sentence (after the cue preferred, else before
    it). ``direct`` is True when the content overlaps a double or straight quotation. The source
    type comes from :func:`analysis.measures.source_types.classify_source`. ``cue_entry`` is
    ``"tagger"`` and ``cue_subcategory`` ``"tagged"`` (no lexicon entry is involved)."""
    from analysis.measures.quotes import quotation_tuples
    from analysis.measures.source_types import classify_source, publisher_groups

    quotes = [(q.start, q.end) for q in quotation_tuples(text) if q.mark != "single"]
    active = publisher_groups(publisher)
    by_sent: dict[int, dict[str, list[dict]]] = {}
    for t in tagged:
        by_sent.setdefault(t["sentence"], {p: [] for p in PARTS})[t["part"]].append(t)
    rows = []
    for si in sorted(by_sent):
        parts = by_sent[si]
        for cue in parts["Cue"]:
            before = [s for s in parts["Source"] if s["end"] <= cue["start"]]
            after = [s for s in parts["Source"] if s["start"] >= cue["end"]]
            src = before[-1] if before else (after[0] if after else None)
            c_after = [c for c in parts["Content"] if c["start"] >= cue["end"]]
            c_before = [c for c in parts["Content"] if c["end"] <= cue["start"]]
            con = c_after[0] if c_after else (c_before[-1] if c_before else None)
            src_text = src["text"] if src else ""
            stype, rule = classify_source(src_text, cue["text"], publisher=publisher, active_groups=active)
            direct = bool(con) and any(a < con["end"] and con["start"] < b for a, b in quotes)
            rows.append(
                {
                    "sentence": si,
                    "cue_start": cue["start"],
                    "cue_end": cue["end"],
                    "cue_text": cue["text"],
                    "cue_entry": "tagger",
                    "cue_subcategory": "tagged",
                    "source_start": src["start"] if src else -1,
                    "source_end": src["end"] if src else -1,
                    "source_text": src_text,
                    "content_start": con["start"] if con else -1,
                    "content_end": con["end"] if con else -1,
                    "direct": direct,
                    "source_type": stype,
                    "source_type_rule": f"tagger({rule})",
                    "cue_parts": [(cue["start"], cue["end"])],
                    "attribution_id": len(rows),
                    "nested_in": -1,
                    "non_response": False,
                }
            )
    return rows


def tagged_attribution_records(
    text: str,
    sentence_bounds: list[tuple[int, int]] | None = None,
    publisher: str | None = None,
    tagger: AttributionTagger | None = None,
) -> list[dict]:
    """Attribution rows for the spans table from the stored rules-as-features tagger's parts
    (:func:`tag_document`) linked by :func:`spans_to_records`. For every part this is the
    rules-as-features tagger, also for Cue, where validation's ``attribution_combined`` row uses
    the union of rules and the tagger without rule features."""
    return spans_to_records(text, tag_document(text, sentence_bounds, tagger), publisher)
