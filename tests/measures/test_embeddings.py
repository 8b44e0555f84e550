"""Static MiniLM embeddings and the BERT WordPiece tokeniser (analysis.measures.embeddings, .wordpiece).

The expected token lists were produced by transformers' BertTokenizer (do_lower_case=True) on the
all-MiniLM-L6-v2 vocabulary; the run time must split text exactly as the model was trained to see it.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from analysis.measures.embeddings import EMBEDDINGS_PATH, load_embeddings, sentence_vectors, span_vectors

ARMY = "The army shelled the city overnight."
TROOPS = "Troops bombarded the town before dawn."
BAKING = "Stir the flour into the melted butter."


@pytest.fixture(scope="module")
def emb():
    return load_embeddings()


@pytest.mark.parametrize(
    "text, tokens",
    [
        # abbreviation dots, apostrophes and curly quotes are split off; accents stripped (naïve -> naive);
        # the em dash is Unicode punctuation and becomes a token of its own
        (
            "The U.S. isn't naïve—it's “unbelievable”!",
            ["the", "u", ".", "s", ".", "isn", "'", "t", "naive", "—", "it", "'", "s", "“", "unbelievable", "”", "!"],
        ),
        # a word missing from the vocabulary is split greedily into the longest known pieces
        (
            "Protesters slammed the regime's draconian crackdown.",
            ["protesters", "slammed", "the", "regime", "'", "s", "dr", "##aco", "##nian", "crack", "##down", "."],
        ),
        # € is a symbol (Sc), not punctuation, so "€5" stays one word: "€" + "##5";
        # Chinese characters are single tokens; Zürich loses its umlaut
        (
            "Café owners in Zürich paid €5,000 (approx.) for 中文 signs.",
            ["cafe", "owners", "in", "zurich", "paid", "€", "##5", ",", "000", "(", "approx", ".", ")", "for"]
            + ["中", "文", "signs", "."],
        ),
    ],
)
def test_tokenizer_splits_as_bert(emb, text, tokens):
    assert emb.tokenizer.tokenize(text) == tokens


def test_tokenizer_drops_control_characters_and_marks_unknown_words(emb):
    # a zero-width space (Cf) is removed, so "a\u200bb" is the one word "ab"; a 101-character word is [UNK]
    assert emb.tokenizer.tokenize("a\u200bb") == ["ab"]
    assert emb.tokenizer.tokenize("x" * 101) == ["[UNK]"]


def test_vectors_are_unit_length_and_deterministic(emb):
    a = sentence_vectors([ARMY, TROOPS, BAKING])
    b = sentence_vectors([BAKING, ARMY, TROOPS])
    assert a.shape == (3, emb.dims) and a.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(a, axis=1), 1.0, rtol=1e-5)
    np.testing.assert_array_equal(a, b[[1, 2, 0]])  # a text's vector does not depend on its batch


def test_similar_sentences_are_closer_than_unrelated_ones():
    # shelling a city and bombarding a town describe the same kind of event with no word in common
    # but "the"; a baking instruction shares "the" too and nothing else
    army, troops, baking = sentence_vectors([ARMY, TROOPS, BAKING])
    assert army @ troops > army @ baking + 0.2


def test_empty_text_has_a_zero_vector():
    v = sentence_vectors(["", "   ", "..."])
    assert not np.any(v[:2])
    assert np.linalg.norm(v[2]) == pytest.approx(1.0, rel=1e-5)  # punctuation is a token like any other


def test_span_vectors_are_sentence_vectors_of_the_spans():
    text = f"{ARMY} {BAKING}"
    bounds = [(0, len(ARMY)), (len(ARMY) + 1, len(text))]
    np.testing.assert_array_equal(span_vectors(text, bounds), sentence_vectors([ARMY, BAKING]))


def test_artefact_records_its_source_and_licence():
    side = json.loads(EMBEDDINGS_PATH.with_suffix(".json").read_text(encoding="utf-8"))
    assert side["source_model"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert side["licence"].startswith("Apache-2.0")
    assert len(side["source_files_sha256"]["model.safetensors"]) == 64
    assert EMBEDDINGS_PATH.with_suffix(".NOTICE").is_file()
    assert EMBEDDINGS_PATH.stat().st_size < 8_000_000
    with np.load(EMBEDDINGS_PATH, allow_pickle=False) as z:  # no object arrays: loads without pickle
        assert z["vectors"].dtype == np.int8 and z["vectors"].shape[1] == side["dims"]
