"""Reader of the Universal Dependencies English Web Treebank (UD_English-EWT) in CoNLL-U format.

The treebank (Silveira et al. 2014; universaldependencies.org, CC BY-SA 4.0) is read from the
shared gold folder (``ud-english-ewt/data/en_ewt-ud-{dev,test}.conllu``); see its PROVENANCE.md.
Multiword-token ranges ("1-2") and empty nodes ("8.1") are left out, so tokens are the syntactic
words, numbered from 1 as in the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from analysis import config

__all__ = ["Token", "Sentence", "EWT_DIR_NAME", "ewt_path", "read_conllu"]

EWT_DIR_NAME = "ud-english-ewt"


@dataclass
class Token:
    id: int
    form: str
    lemma: str
    upos: str
    xpos: str
    head: int
    deprel: str


@dataclass
class Sentence:
    doc_id: str
    sent_id: str
    text: str
    tokens: list[Token] = field(default_factory=list)

    @property
    def words(self) -> list[str]:
        return [t.form for t in self.tokens]


def ewt_path(split: str, gold_dir: str | Path | None = None) -> Path:
    """Path of ``en_ewt-ud-<split>.conllu``; FileNotFoundError when the gold folder lacks it."""
    root = config.gold_dir(gold_dir)
    if root is None:
        raise FileNotFoundError("gold folder not found (set FRAMING_GOLD_DIR)")
    path = root / EWT_DIR_NAME / "data" / f"en_ewt-ud-{split}.conllu"
    if not path.is_file():
        raise FileNotFoundError(path)
    return path


def read_conllu(path: str | Path) -> list[Sentence]:
    """Sentences of a CoNLL-U file, each with its document id (``# newdoc id``, else the
    ``sent_id`` without its last ``-NNNN`` part), sentence id, text and tokens."""
    out: list[Sentence] = []
    doc = sid = text = ""
    toks: list[Token] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.startswith("# newdoc id ="):
            doc = line.split("=", 1)[1].strip()
        elif line.startswith("# sent_id ="):
            sid = line.split("=", 1)[1].strip()
        elif line.startswith("# text ="):
            text = line.split("=", 1)[1].strip()
        elif not line.strip():
            if toks:
                out.append(Sentence(doc or sid.rsplit("-", 1)[0], sid, text, toks))
            toks = []
        elif not line.startswith("#"):
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue
            toks.append(Token(int(cols[0]), cols[1], cols[2], cols[3], cols[4], int(cols[6]), cols[7]))
    if toks:
        out.append(Sentence(doc or sid.rsplit("-", 1)[0], sid, text, toks))
    return out
