"""Tidy readers for the externally annotated gold benchmarks.

Nothing here is copied into the project: every reader opens the files in the benchmark folder
(:func:`analysis.config.benchmark_dir`: an explicit ``data_dir``, then ``$FRAMING_BENCHMARK_DIR``,
then ``../shared/benchmarks``) at call time, and raises :class:`BenchmarkUnavailable` when the files
are not there. Each benchmark folder has a ``PROVENANCE.md`` describing source, license and format.

Conventions shared by every reader
----------------------------------
* ``doc_id`` is always a string.
* Spans are ``start``/``end`` **character** offsets into the text exactly as returned in the
  ``text`` column (``end`` exclusive, so ``text[start:end]`` is the span).
* Texts are returned as stored: no normalisation (offsets would break). Files are read as UTF-8
  with ``newline=""`` so ``\\r`` characters, if any, are kept and offsets stay valid.

Readers
-------
* :func:`load_ptc`: SemEval-2020 Task 11 Propaganda Techniques Corpus (train only here; dev is held
  out of the folder for independent evaluation).
* :func:`load_polnear`: PolNeAR attribution relations (Source / Cue / Content); train and dev (test
  is held out).
* :func:`load_szeged`: Szeged uncertainty corpus, FactBank news and Wikipedia, with inline cues.
* :func:`load_babe`: BABE sentence-level media-bias labels with annotator-marked biased words.
"""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from analysis.config import BenchmarkUnavailable, gold_root
from analysis.corpus.text import WORD_RE

__all__ = [
    "BenchmarkUnavailable",
    "PTC_DEFAULT_TECHNIQUES",
    "POLNEAR_LABELS",
    "SZEGED_CUE_CLASSES",
    "tokens_with_offsets",
    "load_ptc",
    "load_polnear",
    "load_szeged",
    "load_babe",
    "babe_word_spans",
]


#: The two PTC techniques that correspond to "loaded language" in this project.
PTC_DEFAULT_TECHNIQUES: tuple[str, ...] = ("Loaded_Language", "Name_Calling,Labeling")

#: The attribution-part labels kept from PolNeAR (``Attribution``, ``Attribution-no-source``,
#: ``Discuss`` and ``Discard`` are brat bookkeeping labels and are dropped).
POLNEAR_LABELS: tuple[str, ...] = ("Source", "Cue", "Content")

#: Short names for the Szeged cue types (the raw strings contain a space and underscores).
SZEGED_CUE_CLASSES: dict[str, str] = {
    "speculation_modal_probable_": "probable",
    "speculation_modal_possible_": "possible",
    "speculation_hypo_doxastic _": "doxastic",
    "speculation_hypo_condition _": "condition",
    "speculation_hypo_investigation _": "investigation",
}


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


def tokens_with_offsets(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` character offsets of every word token of ``text`` (:data:`analysis.corpus.text.WORD_RE`)."""
    return [m.span() for m in WORD_RE.finditer(text)]


def _need(path: Path, benchmark: str, root: Path, what: str = "") -> Path:
    if not path.exists():
        extra = f" ({what})" if what else ""
        raise BenchmarkUnavailable(f"{benchmark}: {path} not found in benchmark folder {root}{extra}")
    return path


def _read_text(path: Path) -> str:
    # newline="" keeps line ends exactly as stored, so character offsets stay valid.
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read()


# --------------------------------------------------------------------------------------------
# PTC (SemEval-2020 Task 11)
# --------------------------------------------------------------------------------------------


def load_ptc(
    split: str = "train",
    techniques: Iterable[str] | None = PTC_DEFAULT_TECHNIQUES,
    data_dir: str | Path | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Articles and technique spans of the SemEval-2020 Task 11 Propaganda Techniques Corpus.

    Returns ``(articles, spans)``:

    * ``articles``: ``doc_id`` (the article id, str), ``text`` (raw file contents), sorted by id.
    * ``spans``: ``doc_id``, ``start``, ``end``, ``label`` (technique), one row per line of
      ``<split>-task2-TC.labels`` whose technique is in ``techniques`` (``None`` keeps all 14).
      Spans may overlap and the same characters may carry two techniques; rows are not merged.

    Only ``train`` is in the shared folder; the dev split is held back for independent evaluation,
    so ``split="dev"`` raises :class:`BenchmarkUnavailable`.
    """
    name = "PTC (SemEval-2020 Task 11)"
    root = gold_root(data_dir, name)
    base = _need(root / "semeval2020-task11-ptc" / "datasets", name, root)
    art_dir = _need(base / f"{split}-articles", name, root, f"split {split!r} may be held out")
    labels = _need(base / f"{split}-task2-TC.labels", name, root, f"split {split!r} may be held out")

    files = sorted(art_dir.glob("article*.txt"))
    if not files:
        raise BenchmarkUnavailable(f"{name}: no article*.txt files in {art_dir}")
    articles = pd.DataFrame(
        {"doc_id": [f.stem[len("article") :] for f in files], "text": [_read_text(f) for f in files]}
    )

    spans = pd.read_csv(
        labels,
        sep="\t",
        header=None,
        names=["doc_id", "label", "start", "end"],
        dtype={"doc_id": str, "label": str, "start": "int64", "end": "int64"},
        quoting=3,
        keep_default_na=False,
    )
    if techniques is not None:
        techniques = [techniques] if isinstance(techniques, str) else list(techniques)
        known = set(spans["label"])
        unknown = [t for t in techniques if t not in known]
        if unknown:
            raise ValueError(f"unknown PTC technique(s) {unknown}; known: {sorted(known)}")
        spans = spans[spans["label"].isin(techniques)]
    spans = (
        spans[["doc_id", "start", "end", "label"]]
        .sort_values(["doc_id", "start", "end", "label"], kind="stable")
        .reset_index(drop=True)
    )
    return articles, spans


# --------------------------------------------------------------------------------------------
# PolNeAR
# --------------------------------------------------------------------------------------------

_BRAT_LINE = re.compile(r"^[TEARN#]\d*\t")
_ANN_NAME = re.compile(r"^(?P<stem>.+)_(?P<annotator>[0-9a-f]{4})\.ann$")


def _brat_lines(raw: str) -> list[str]:
    """Logical brat lines: a physical line that does not start with an id (T1, E2, A3, R4, #5, N6)
    continues the previous line's surface text, whose span contained a newline."""
    lines: list[str] = []
    if raw.endswith("\n"):
        raw = raw[:-1]
    for line in raw.split("\n"):
        if _BRAT_LINE.match(line):
            lines.append(line)
        elif lines:
            lines[-1] += "\n" + line
    return lines


def _parse_brat(raw: str) -> tuple[list[dict], dict[str, str]]:
    """T lines as dicts (one per fragment) and a map T id -> E id of the attribution it belongs to."""
    frags: list[dict] = []
    t_to_e: dict[str, str] = {}
    for line in _brat_lines(raw):
        parts = line.split("\t")
        ann_id = parts[0]
        if ann_id.startswith("T"):
            label, _, offs = parts[1].partition(" ")
            surface = "\t".join(parts[2:]) if len(parts) > 2 else ""
            for k, frag in enumerate(offs.split(";")):
                s, e = frag.split()
                frags.append(
                    {
                        "ann_id": ann_id,
                        "label": label,
                        "start": int(s),
                        "end": int(e),
                        "fragment": k,
                        "surface": surface,
                    }
                )
        elif ann_id.startswith("E"):
            for arg in parts[1].split():
                _role, _, tid = arg.partition(":")
                t_to_e.setdefault(tid, ann_id)
    return frags, t_to_e


def load_polnear(
    split: str = "train",
    data_dir: str | Path | None = None,
    annotator: str = "first",
    labels: Iterable[str] | None = POLNEAR_LABELS,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Articles and attribution spans of PolNeAR (brat standoff).

    Returns ``(articles, spans)``:

    * ``articles``: ``doc_id`` (file stem), ``text``, ``n_annotators`` (number of .ann files),
      ``annotators`` (the annotator ids used, ``|``-joined), sorted by ``doc_id``.
    * ``spans``: ``doc_id``, ``start``, ``end``, ``label`` (Source/Cue/Content by default),
      ``attribution_id`` (the ``E`` id linking the parts of one attribution, ``None`` if the span
      is in no event), ``ann_id`` (the ``T`` id), ``fragment`` (0, 1, ... for the pieces of a
      discontinuous span ``s1 e1;s2 e2``, numbered in the order written; each piece is one row
      with the same ``ann_id``), ``annotator``, ``surface`` (brat's surface text of the whole
      annotation: the pieces in written order joined by one space; it may contain newlines).
      Ids are unique per ``(doc_id, annotator)`` only.

    ``annotator``: a few articles (2 of 84 in dev, 16 of 840 in train) were annotated by several annotators, one
    ``.ann`` file each. ``"first"`` (default) keeps one annotation per article, the first ``.ann``
    file in sorted file-name order (i.e. the lowest annotator id), so every article counts once;
    ``"all"`` keeps every file (use the ``annotator`` column to separate them).

    Only ``train`` and ``dev`` are in the shared folder; ``test`` is held back.
    """
    name = "PolNeAR"
    if annotator not in ("first", "all"):
        raise ValueError("annotator must be 'first' or 'all'")
    root = gold_root(data_dir, name)
    base = _need(root / "polnear" / "data" / split, name, root, f"split {split!r} may be held out")
    text_dir = _need(base / "text", name, root)
    ann_dir = _need(base / "attributions", name, root)

    by_stem: dict[str, list[tuple[str, Path]]] = {}
    for f in sorted(ann_dir.glob("*.ann")):
        m = _ANN_NAME.match(f.name)
        if not m:
            raise ValueError(f"unexpected PolNeAR annotation file name {f.name}")
        by_stem.setdefault(m["stem"], []).append((m["annotator"], f))

    keep = None if labels is None else set([labels] if isinstance(labels, str) else labels)
    art_rows, span_rows = [], []
    for tf in sorted(text_dir.glob("*.txt")):
        stem = tf.stem
        anns = by_stem.get(stem)
        if not anns:
            raise ValueError(f"PolNeAR: no .ann file for {tf.name}")
        text = _read_text(tf)
        use = anns[:1] if annotator == "first" else anns
        art_rows.append(
            {"doc_id": stem, "text": text, "n_annotators": len(anns), "annotators": "|".join(a for a, _ in use)}
        )
        for ann_name, af in use:
            frags, t_to_e = _parse_brat(_read_text(af))
            for fr in frags:
                if keep is not None and fr["label"] not in keep:
                    continue
                span_rows.append(
                    {
                        "doc_id": stem,
                        "start": fr["start"],
                        "end": fr["end"],
                        "label": fr["label"],
                        "attribution_id": t_to_e.get(fr["ann_id"]),
                        "ann_id": fr["ann_id"],
                        "fragment": fr["fragment"],
                        "annotator": ann_name,
                        "surface": fr["surface"],
                    }
                )
    if not art_rows:
        raise BenchmarkUnavailable(f"{name}: no text files in {text_dir}")
    missing = set(by_stem) - {r["doc_id"] for r in art_rows}
    if missing:
        raise ValueError(f"PolNeAR: .ann files without text: {sorted(missing)[:5]}")
    articles = pd.DataFrame(art_rows)
    cols = ["doc_id", "start", "end", "label", "attribution_id", "ann_id", "fragment", "annotator", "surface"]
    spans = pd.DataFrame(span_rows, columns=cols)
    spans = spans.astype({"start": "int64", "end": "int64", "fragment": "int64"})
    spans = spans.sort_values(["doc_id", "annotator", "start", "end", "ann_id"], kind="stable")
    return articles, spans.reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Szeged uncertainty corpus
# --------------------------------------------------------------------------------------------

_DOCTYPE = re.compile(rb"<!DOCTYPE[^>]*>")


def _flatten(elem: ET.Element, pieces: list[str], cues: list[tuple[int, int, str]], pos: int) -> int:
    """Append the text of ``elem`` (children included, tails of ``elem`` excluded) to ``pieces`` and
    record ``ccue`` offsets; returns the new position."""
    if elem.text:
        pieces.append(elem.text)
        pos += len(elem.text)
    for child in elem:
        start = pos
        pos = _flatten(child, pieces, cues, pos)
        if child.tag == "ccue":
            cues.append((start, pos, child.get("type", "")))
        if child.tail:
            pieces.append(child.tail)
            pos += len(child.tail)
    return pos


def load_szeged(part: str = "news", data_dir: str | Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sentences and uncertainty cues of the Szeged uncertainty corpus.

    ``part``: ``"news"`` (FactBank, ``factbank.xml``) or ``"wikipedia"`` (``wiki.xml``).

    Returns ``(sentences, spans)``:

    * ``sentences``: ``doc_id`` (the ``DocID`` text), ``sent_id`` (``"<doc_id>/<Sentence id>"``;
      the XML ``id`` attributes such as ``S1.3`` repeat across documents, so they are prefixed),
      ``xml_id``, ``text`` (the sentence with the cue tags removed; whitespace kept as stored),
      in file order.
    * ``spans``: ``doc_id``, ``sent_id``, ``start``, ``end`` (character offsets into that sentence's
      ``text``), ``cue_type`` (raw type string, e.g. ``"speculation_hypo_doxastic _"``),
      ``cue_class`` (short name, see :data:`SZEGED_CUE_CLASSES`), ``cue`` (surface text).
    """
    name = "Szeged uncertainty corpus"
    files = {"news": "factbank.xml", "wikipedia": "wiki.xml"}
    if part not in files:
        raise ValueError(f"part must be one of {sorted(files)}")
    root = gold_root(data_dir, name)
    path = _need(root / "szeged-uncertainty" / "corpora" / "old" / files[part], name, root)
    raw = _DOCTYPE.sub(b"", path.read_bytes(), count=1)
    tree = ET.fromstring(raw)

    sent_rows, span_rows = [], []
    for doc in tree.iter("Document"):
        doc_id_el = doc.find("DocID")
        doc_id = (doc_id_el.text or "").strip() if doc_id_el is not None else ""
        for sent in doc.iter("Sentence"):
            pieces: list[str] = []
            cues: list[tuple[int, int, str]] = []
            _flatten(sent, pieces, cues, 0)
            text = "".join(pieces)
            xml_id = sent.get("id", "")
            sent_id = f"{doc_id}/{xml_id}"
            sent_rows.append({"doc_id": doc_id, "sent_id": sent_id, "xml_id": xml_id, "text": text})
            for s, e, t in cues:
                span_rows.append(
                    {
                        "doc_id": doc_id,
                        "sent_id": sent_id,
                        "start": s,
                        "end": e,
                        "cue_type": t,
                        "cue_class": SZEGED_CUE_CLASSES.get(t, t),
                        "cue": text[s:e],
                    }
                )
    sentences = pd.DataFrame(sent_rows, columns=["doc_id", "sent_id", "xml_id", "text"])
    if sentences["sent_id"].duplicated().any():
        raise ValueError(f"{name}: duplicate sentence ids in {path.name}")
    spans = pd.DataFrame(span_rows, columns=["doc_id", "sent_id", "start", "end", "cue_type", "cue_class", "cue"])
    spans = spans.astype({"start": "int64", "end": "int64"})
    return sentences, spans


# --------------------------------------------------------------------------------------------
# BABE
# --------------------------------------------------------------------------------------------


def _parse_word_list(value) -> list[str] | None:
    if not isinstance(value, str) or not value.strip():
        return []
    try:
        parsed = ast.literal_eval(value)  # literal_eval evaluates literals only, never code
    except (ValueError, SyntaxError):
        return None
    if isinstance(parsed, (list, tuple)) and all(isinstance(w, str) for w in parsed):
        return list(parsed)
    return None


def load_babe(data_dir: str | Path | None = None, file: str = "SG2", drop_no_agreement: bool = True) -> pd.DataFrame:
    """BABE sentences (``final_labels_<file>.csv``; ``SG2`` is BABE proper, ``SG1`` the MBIC subset).

    Columns: ``text``, ``outlet``, ``topic``, ``type`` (outlet leaning, NaN for 1,000 SG2 rows),
    ``label_bias`` (``Biased``/``Non-biased``), ``label_opinion``, ``news_link``, ``biased_words``
    (a Python list of strings parsed with :func:`ast.literal_eval`).

    Rows labelled ``No agreement`` are dropped (``drop_no_agreement=True``); how many were dropped is
    in ``df.attrs["n_no_agreement_dropped"]`` (1 for SG2, 154 for SG1). Word lists that are not a
    valid Python list literal become ``[]`` and are counted in ``df.attrs["n_unparsed_biased_words"]``.
    """
    name = "BABE"
    if file not in ("SG1", "SG2"):
        raise ValueError("file must be 'SG1' or 'SG2'")
    root = gold_root(data_dir, name)
    path = _need(root / "babe" / "data" / f"final_labels_{file}.csv", name, root)
    df = pd.read_csv(path, sep=";", encoding="utf-8-sig", quotechar='"')
    parsed = df["biased_words"].map(_parse_word_list)
    n_bad = int(parsed.isna().sum())
    df["biased_words"] = parsed.map(lambda v: v if isinstance(v, list) else [])
    n_drop = 0
    if drop_no_agreement:
        mask = df["label_bias"].eq("No agreement")
        n_drop = int(mask.sum())
        df = df[~mask].reset_index(drop=True)
    cols = ["text", "outlet", "topic", "type", "label_bias", "label_opinion", "news_link", "biased_words"]
    df = df[cols].copy()
    df.attrs["n_no_agreement_dropped"] = n_drop
    df.attrs["n_unparsed_biased_words"] = n_bad
    df.attrs["source"] = str(path)
    return df


def babe_word_spans(babe: pd.DataFrame) -> pd.DataFrame:
    """Word-level gold for BABE: every word token (:data:`WORD_RE`) of ``text`` whose lower-cased
    form equals a lower-cased entry of ``biased_words`` (multi-word entries match consecutive tokens).

    BABE has no offsets, so this is a reconstruction (PROVENANCE suggests exactly this); every
    occurrence of a listed word in the sentence is marked. Returns ``doc_id`` (the row index as str),
    ``start``, ``end``, ``word``. Listed words not found in the text are silently skipped; the count
    is in ``attrs["n_words_not_found"]``.
    """
    rows, not_found = [], 0
    for idx, text, words in zip(babe.index, babe["text"], babe["biased_words"]):
        toks = [(m.start(), m.end(), m.group(0).lower()) for m in WORD_RE.finditer(text)]
        for w in dict.fromkeys(x.lower().strip() for x in words if x and x.strip()):
            parts = [m.group(0) for m in WORD_RE.finditer(w)]
            n = len(parts)
            hit = False
            for i in range(len(toks) - n + 1):
                if n and all(toks[i + k][2] == parts[k] for k in range(n)):
                    rows.append({"doc_id": str(idx), "start": toks[i][0], "end": toks[i + n - 1][1], "word": w})
                    hit = True
            not_found += not hit
    out = pd.DataFrame(rows, columns=["doc_id", "start", "end", "word"])
    out.attrs["n_words_not_found"] = not_found
    return out
