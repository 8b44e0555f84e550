"""Features of an entity's mentions that a narrative-role model reads.

Narrative roles (Frermann et al. 2023, after Entman 1993 and the hero/villain/victim framing of
Gomez-Zara et al. 2018) are read from what the text does with an entity: a villain harms, is
blamed or deceives; a victim suffers harm or is harmed; a hero acts to solve, protects or is
praised. Without a parser the grammatical relation is approximated by position (an entity
shortly before an active verb is its agent, shortly after it its patient; a passive auxiliary
before the verb swaps them, and "by" marks the agent of a passive), and cue words come from the
role lexicon (``kind=cue``). Per entity:

* ``cue_<harm|help|suffer|blame|praise>_<agent|patient|near>``: counted cue relations of its
  mentions (log1p), and the same crossed with the entity's stakeholder category
  (``C:<cat>|cue_...``); a verb cue relates only to the nearest mention on each side (the one
  just before is its agent, the one just after its patient; a passive swaps them);
* ``sent_<cue>``: cue words anywhere in the sentences that mention it (log1p);
* ``L:<word>`` / ``R:<word>``: the words up to three to the left / right of each mention
  (share of mentions), ``S:<word>``: the content words of the sentences that mention it (share
  of those sentences), ``head:<lemma>``: the head noun of its phrases;
* salience: number of mentions and their share of the document's mentions, sentences covered,
  first position, mention rank in the document, in the first sentence (the headline) and in
  the first two (headline and lede);
* ``cue_sentences_log``: sentences where a mention has a cue relation (log1p);
* kind (name, noun phrase, the publisher itself), person, plural, titled, category, speaker (right before
  a reporting verb), inside quotations, possessive, subject position (sentence start).
"""

from __future__ import annotations

import math
from collections import Counter

from analysis.measures.roles_entities import Entity, Tokens
from analysis.measures.roles_lexicon import RoleLexicon

#: Features the role model reads for the publisher's own entity (``self_names``): its cues only.
#: The training corpus has no text speaking of its own publisher, so the priors the model learned
#: for categories, titles, salience and head words (about third parties in news) do not apply.
SELF_ROLE_PREFIXES = ("cue_", "sent_", "speaker", "in_quote", "subject_position", "bias")

#: Words around a mention read as context (each side).
WINDOW = 3
#: Farthest a verb cue may be from a mention to count as its agent / patient (tokens).
AGENT_SPAN, PATIENT_SPAN, NEAR_SPAN = 6, 5, 3


def token_cues(toks: Tokens, lex: RoleLexicon) -> list[tuple[tuple[str, str], ...]]:
    """Role cues of every token (``(category, part of speech)`` pairs; empty tuple for none);
    two-word cues ("wipe out") are put on their second word."""
    low = toks.low
    out = [lex.cues.get(w, ()) for w in low]
    if lex.cue_bigrams:
        for q in range(1, len(low)):
            hit = lex.cue_bigrams.get((low[q - 1], low[q]))
            if hit:
                out[q] = out[q] + hit
    return out


def _passive(toks: Tokens, q: int, lex: RoleLexicon, first: int) -> bool:
    """A verb cue at ``q`` is passive: a participle form (-ed, -en, or an irregular cue form such
    as "struck") after a be/get auxiliary, with at most other participles, "and"/"or" and
    adverbs between ("are being targeted and killed by ...")."""
    w = toks.low[q]
    if not (w.endswith(("ed", "en", "t", "wn")) or w in ("hit", "cut", "shot", "struck", "led", "built")):
        return False
    for back in range(q - 1, max(first, q - 5) - 1, -1):
        prev = toks.low[back]
        if prev in lex.passive_aux:
            return True
        if not (prev in ("and", "or", "not") or prev.endswith(("ed", "en", "ly"))):
            return False
    return False


def mention_features(
    toks: Tokens, lex: RoleLexicon, cues, i: int, j: int, sent: int, category: str, feats: Counter, others=()
) -> Counter:
    """Add the features of the mention at tokens ``[i, j)`` of sentence ``sent`` to ``feats``
    (counts; :func:`entity_features` turns them into the model's values). ``others`` are the
    ``(start, end)`` token spans of the sentence's other mentions: a verb cue is related to the
    nearest mention on each side only. Returns ``feats``."""
    a, b = toks.sent_first[sent], toks.sent_end[sent]
    low, word = toks.low, toks.word
    for q in range(max(a, i - WINDOW), i):
        if word[q]:
            feats["L:" + low[q]] += 1
    for q in range(j, min(b, j + WINDOW)):
        if word[q]:
            feats["R:" + low[q]] += 1
    if i == a or (i - 1 >= a and not word[i - 1] and toks.text[i - 1] not in "'’"):
        feats["subject_position"] += 1
    if toks.quote[i]:
        feats["in_quote"] += 1
    if toks.poss[j - 1]:
        feats["possessive"] += 1
    if any(low[q] in lex.speech for q in range(j, min(b, j + 3))) or (
        i - 2 >= a and low[i - 2] == "according" and low[i - 1] == "to"
    ):
        feats["speaker"] += 1
    for q in range(a, b):
        found = cues[q]
        if not found or i <= q < j:
            continue
        for cat, pos in found:
            rel = ""
            if pos == "verb":
                passive = _passive(toks, q, lex, a)
                if q >= j and q - j <= AGENT_SPAN and not any(j <= s0 and e0 <= q for s0, e0 in others):
                    rel = "patient" if passive else "agent"
                elif q < i and i - q - 1 <= PATIENT_SPAN and not any(q < s0 and e0 <= i for s0, e0 in others):
                    rel = "agent" if passive and "by" in low[q + 1 : i] else "patient"
            elif min(abs(q - i), abs(q - (j - 1))) <= NEAR_SPAN:
                rel = "near"
            if rel:
                feats[f"cue_{cat}_{rel}"] += 1
                if category:
                    feats[f"C:{category}|cue_{cat}_{rel}"] += 1
    return feats


def self_role_features(feats: dict[str, float]) -> dict[str, float]:
    """The features of the publisher's own entity that the role model reads
    (:data:`SELF_ROLE_PREFIXES`)."""
    return {k: v for k, v in feats.items() if k.startswith(SELF_ROLE_PREFIXES)}


def sentence_cues(toks: Tokens, cues) -> list[Counter]:
    """Cue categories counted per sentence."""
    out = []
    for a, b in zip(toks.sent_first, toks.sent_end):
        c = Counter()
        for q in range(a, b):
            for cat, _pos in cues[q]:
                c[cat] += 1
        out.append(c)
    return out


def entity_features(
    entities: list[Entity], toks: Tokens, lex: RoleLexicon, cues=None, sent_cues=None
) -> list[dict[str, float]]:
    """One feature dict per entity (see the module docstring), in the order of ``entities``."""
    cues = token_cues(toks, lex) if cues is None else cues
    sent_cues = sentence_cues(toks, cues) if sent_cues is None else sent_cues
    n_sent = max(1, len(toks.sent_first))
    counts = [len(e.mentions) for e in entities]
    total = max(1, sum(counts))
    sent_words: dict[int, set[str]] = {}
    order = sorted(counts, reverse=True)
    out = []
    spans: dict[int, list[tuple[int, int]]] = {}
    for e in entities:
        for m in e.mentions:
            spans.setdefault(m.sent, []).append((m.i, m.j))
    for e, n in zip(entities, counts):
        raw: Counter = Counter()
        sents = sorted({m.sent for m in e.mentions})
        cue_sents = set()
        for m in e.mentions:
            before = sum(v for k, v in raw.items() if k.startswith("cue_"))
            others = [sp for sp in spans.get(m.sent, ()) if sp != (m.i, m.j)]
            mention_features(toks, lex, cues, m.i, m.j, m.sent, e.category, raw, others)
            if sum(v for k, v in raw.items() if k.startswith("cue_")) > before:
                cue_sents.add(m.sent)
        f: dict[str, float] = {}
        for key, v in raw.items():
            if key[1] == ":":  # L:/R: words, share of mentions
                f[key] = v / n
            else:
                f[key] = math.log1p(v)
        for s in sents:
            for cat, v in sent_cues[s].items():
                f["sent_" + cat] = f.get("sent_" + cat, 0.0) + v
            words = sent_words.get(s)
            if words is None:
                a, b = toks.sent_first[s], toks.sent_end[s]
                words = {
                    w
                    for w, is_word in zip(toks.low[a:b], toks.word[a:b])
                    if is_word and len(w) > 2 and w not in lex.stop
                }
                sent_words[s] = words
            for w in words:
                f["S:" + w] = f.get("S:" + w, 0.0) + 1.0 / len(sents)
        for cat in ("harm", "help", "suffer", "blame", "praise"):
            if "sent_" + cat in f:
                f["sent_" + cat] = math.log1p(f["sent_" + cat])
        rank = order.index(n) + 1
        pronouns = sum(1 for m in e.mentions if m.kind == "pronoun")
        f.update(
            {
                "bias": 1.0,
                "mentions_log": math.log1p(n),
                "mention_share": n / total,
                "in_headline": float(sents[0] == 0) if sents else 0.0,
                "sentence_share": len(sents) / n_sent,
                "first_position": sents[0] / n_sent if sents else 1.0,
                "in_lede": float(sents[0] <= 1) if sents else 0.0,
                "pronoun_share": pronouns / n,
                "rank_1": float(rank == 1),
                "rank_2_3": float(2 <= rank <= 3),
                "rank_4_6": float(4 <= rank <= 6),
                "rank_7_plus": float(rank >= 7),
                "kind_" + e.kind: 1.0,
                "cat_" + (e.category or "none"): 1.0,
                "person": float(e.person),
                "plural": float(e.plural),
                "cue_sentences_log": math.log1p(len(cue_sents)),
                "titled": float(any(m.title for m in e.mentions)),
            }
        )
        for h in e.heads:
            f["head:" + h] = 1.0
        out.append(f)
    return out
