"""The ASCII fast path of the WordPiece basic tokeniser (analysis.measures.wordpiece.WordPiece.words).

ASCII text is split with a character class of the ASCII punctuation and control code points only;
the result must be exactly the general path's (all of Unicode's punctuation classes), because the
sentence-bias model and the static vectors read these words.
"""

from __future__ import annotations

import random

import pytest

from analysis.measures.embeddings import EMBEDDINGS_PATH, load_embeddings

pytestmark = pytest.mark.skipif(not EMBEDDINGS_PATH.is_file(), reason="the static MiniLM table is not shipped here")


def _general(tok, text: str) -> list[str]:
    return tok._split.findall(tok.normalise(text))


def test_news_sentence_splits_words_and_punctuation():
    # "U.S." is three pieces and the apostrophe stands alone, as BertTokenizer's basic step does
    tok = load_embeddings().tokenizer
    text = "The U.S. envoy's 3-day visit (to Tehran) ended_early!"
    expected = ["the", "u", ".", "s", ".", "envoy", "'", "s", "3", "-", "day", "visit", "(", "to", "tehran", ")"]
    expected += ["ended", "_", "early", "!"]
    assert tok.words(text) == expected == _general(tok, text)


def test_control_characters_are_dropped_on_the_ascii_path():
    # a NUL and a bell inside a word join its halves (BERT's clean step removes them), tab and newline split
    tok = load_embeddings().tokenizer
    text = "pro\x00test\x07ers\tmarched\nhome"
    assert tok.words(text) == ["protesters", "marched", "home"] == _general(tok, text)


def test_random_ascii_strings_match_the_general_path():
    # every ASCII code point, 5,000 random strings: the fast path changes speed, never words
    tok = load_embeddings().tokenizer
    rnd = random.Random(7)
    for _ in range(5000):
        text = "".join(chr(rnd.randrange(0, 128)) for _ in range(rnd.randrange(0, 25)))
        assert tok.words(text) == _general(tok, text), repr(text)
