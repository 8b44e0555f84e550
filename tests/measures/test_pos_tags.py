"""Tokens and part-of-speech tags of the agency detector's tagger (analysis.measures.pos_tags)."""

from __future__ import annotations

from analysis.measures.pos_tags import load_pos_tagger, tokenize


def words(text: str) -> list[str]:
    return [text[a:b] for a, b in tokenize(text)]


def test_tokens_follow_the_treebank():
    """Clitics and punctuation are tokens, as in UD English EWT; acronyms and numbers stay whole."""
    assert words("Iran's forces didn't stop.") == ["Iran", "'s", "forces", "did", "n't", "stop", "."]
    assert words("The U.S. said 1,200 died.") == ["The", "U.S.", "said", "1,200", "died", "."]
    assert words("pro-Iranian militias") == ["pro", "-", "Iranian", "militias"]


def test_tokens_keep_offsets():
    text = "They were   shelled."
    assert [text[a:b] for a, b in tokenize(text, 5)] == ["were", "shelled", "."]


def test_tags_tell_participle_from_past_tense():
    """ "was shelled": a past participle after be; "militias shelled the camp": a past tense."""
    tagger = load_pos_tagger()
    assert tagger.tag(["The", "camp", "was", "shelled", "by", "militias", "."])[3] == "VBN"
    assert tagger.tag(["Militias", "shelled", "the", "camp", "."])[1] == "VBD"
    assert tagger.tag(["The", "camp", "was", "shelled", "."])[:3] == ["DT", "NN", "VBD"]


def test_model_sidecar_carries_licence_and_scores():
    meta = load_pos_tagger().meta
    assert meta["licence"] == "CC BY-SA 4.0"
    assert "UD_English-EWT" in meta["credit"]
    assert meta["test_accuracy"] > meta["naive_unigram_test_accuracy"]
