"""Training of the learned models and lexicon entries (run by ``python -m analysis train-*``).

Run-time code (:mod:`analysis.measures`) reads the artefacts these modules write into
``analysis/models/`` and ``analysis/lexicons/``; it imports nothing from here.

Modules: ``loaded_model`` (the loaded-language context model: training data, split, learners),
``learned_entries`` and ``learned_entries_train`` (loaded-language lexicon entries learned from PTC
train, and the older token model), ``token_labels`` (word-token labels from gold spans),
``attribution`` (the attribution CRF tagger).
"""

__all__ = ["attribution", "learned_entries", "learned_entries_train", "loaded_model", "token_labels"]
