"""Readability works offline: textstat never reaches for NLTK's downloader."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from analysis.measures.readability import readability

# ramadan-attack-order, last body sentence. By hand: 13 words, 1 sentence, 23 syllables
# (Pre-vent-ing 3, these 1, pro-vi-sions 3, is 1, con-sid-ered 3, a 1, war 1, crime 1, and 1,
# a 1, crime 1, a-gainst 2, hu-man-i-ty 4); 4 words of 3+ syllables.
SENTENCE = "Preventing these provisions is considered a war crime and a crime against humanity."


def test_formulas_match_hand_computation():
    r = readability(SENTENCE)
    assert r["flesch_reading_ease"] == pytest.approx(206.835 - 1.015 * 13 - 84.6 * 23 / 13)
    assert r["flesch_kincaid_grade"] == pytest.approx(0.39 * 13 + 11.8 * 23 / 13 - 15.59)
    assert r["gunning_fog"] == pytest.approx(0.4 * (13 + 100 * 4 / 13))


def test_readability_with_network_unavailable(tmp_path):
    # A fresh interpreter with every socket connection refused, NLTK's data path pointed at an
    # empty folder and nltk.download replaced by a function that fails: textstat 0.7.13 would
    # raise LookupError here; ours answers from the packaged dictionary.
    script = textwrap.dedent(f"""
        import socket, nltk
        def refuse(*a, **k):
            raise OSError("network disabled in this test")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        def no_download(*a, **k):
            raise AssertionError("nltk.download was called")
        nltk.download = no_download
        from analysis.measures.readability import readability
        r = readability({SENTENCE!r})
        print(round(r["flesch_reading_ease"], 3))
    """)
    env = {"NLTK_DATA": str(tmp_path), "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path.parent, check=False
    )
    assert out.returncode == 0, out.stderr
    assert float(out.stdout.strip()) == pytest.approx(43.963, abs=1e-3)


def test_empty_text_gives_nan():
    r = readability("   ")
    assert all(v != v for v in r.values())


def test_fast_scores_equal_textstat_exactly():
    # readability() computes textstat's formulas itself (token-cached, several times faster);
    # every score must be textstat's own, bit for bit, on real text and on punctuation edge cases.
    from analysis.corpus.baselines import load_baseline
    from analysis.corpus.load import load_seeds
    from analysis.measures.readability import terminated_sentences, textstat_reference, textstat_scores

    texts = list(load_seeds().documents["text"]) + list(load_baseline("lee")["text"][:120])
    texts += [
        "",
        "...",
        "— – !",
        "U.S. officials said. Yes! No? 3.5 per cent, a 'quote' isn't it's 'tis",
        "İstanbul rocks' Mr. Smith's dog's 'bark'.",
        "hello_world 42 3,200 x' a b. c d e f. g",
    ]
    texts += [terminated_sentences(t) for t in texts if t.strip()]
    for text in texts:
        assert textstat_scores(text) == textstat_reference(text), text[:60]


@pytest.mark.parametrize("text", ["", "   \n ", "...", "— – !", "*** ### ***", "___"])
def test_a_document_with_no_words_has_no_readability(text):
    """No word (analysis.corpus.text.WORD_RE) means no words per sentence and no syllables per
    word: the scores are undefined, NaN as docs/data-contracts.md says, not textstat's 0.0 (which
    read as "very hard" for Flesch reading ease and "grade 0" for the grades)."""
    import math

    scores = readability(text)
    assert all(math.isnan(v) for v in scores.values()), scores


def test_one_word_is_enough_for_a_score():
    assert readability("Yes.")["flesch_reading_ease"] == pytest.approx(206.835 - 1.015 * 1 - 84.6 * 1)
