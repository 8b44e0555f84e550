"""The table-based LR scorer of the context model (analysis.measures.loaded_model_fast) against the
feature-string path (token_features + lr_probabilities), on real documents: the five seeds and 40
Lee news articles (gensim ships them). Skips without the context model (it needs the benchmark
folder for the MPQA and Recasens lists)."""

from __future__ import annotations

import numpy as np
import pytest
from support import seeds_and_lee

from analysis.measures.spans import context_model

needs_model = pytest.mark.skipif(
    context_model() is None, reason="context model unavailable (needs the benchmark folder for MPQA/Recasens)"
)


@needs_model
def test_table_scorer_equals_feature_path_on_real_documents():
    from analysis.measures.loaded_model import load_context_model, token_features

    model = load_context_model()
    texts = [t for t in seeds_and_lee(slice(0, 40))["text"] if isinstance(t, str) and t]
    tokens = 0
    for text in texts:
        toks, feats = token_features(text)
        expected = model.lr_probabilities(feats)
        first = model.lr_fast(text, toks)
        # the split path of token_probabilities reads the rows the first call stored
        toks2, again = model.token_probabilities(text)
        assert toks2 == toks
        np.testing.assert_allclose(first, expected, rtol=0, atol=1e-12)
        assert again.tobytes() == first.tobytes()  # the cached rows give bitwise the same numbers
        tokens += len(toks)
    assert tokens > 5_000  # seeds + 40 articles: the comparison covered many distinct words


@needs_model
def test_capitalisation_and_sentence_start_change_the_score():
    """'Regime' at a line start and 'regime' mid-sentence are different surface forms with one
    lower-cased row: the shape features (cap, first) must still come from each token itself."""
    from analysis.measures.loaded_model import load_context_model, token_features

    model = load_context_model()
    text = "Regime officials said the regime would respond.\nREGIME media agreed."
    toks, feats = token_features(text)
    np.testing.assert_allclose(model.lr_fast(text, toks), model.lr_probabilities(feats), rtol=0, atol=1e-12)
    assert "cap" in feats[0] and "cap" not in feats[4] and {"upper", "first"} <= set(feats[7])
