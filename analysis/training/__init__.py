"""Training of the learned models and lexicon entries (run by ``python -m analysis train-*`` or
``python -m analysis.training.<module>``), writing their artefacts (JSON, CSV, NPZ, .crfsuite; never
pickles) with provenance sidecars into ``analysis/models/`` and ``analysis/lexicons/``. Run-time code
(:mod:`analysis.measures`) reads those artefacts and imports nothing from here.

Modules: ``loaded_model`` (the loaded-language context model: training data, split, learners),
``learned_entries`` and ``learned_entries_train`` (loaded-language lexicon entries learned from PTC
train, and the older token model), ``token_labels`` (word-token labels from gold spans),
``attribution`` (the attribution CRF tagger), ``ud_ewt`` and ``pos_tagger`` (the CRF part-of-speech
tagger of the agency detector, from UD English EWT), ``frames`` (the narrative-frame model),
``techniques`` (the persuasion-technique sentence model and lexical entries, SemEval-2020 PTC),
``roles_data`` (the Narrative Frames corpus's entity-role rows and the rule that matches a found
entity to a gold entity), ``roles`` (the narrative-role model), ``reliability_weights`` (the
non-negative weights of the scorecard's checkability index, fitted on known groups of outlets),
``minilm`` (read all-MiniLM-L6-v2 from its safetensors file; the BERT forward pass in numpy),
``embeddings`` (distil the static token-embedding table of :mod:`analysis.measures.embeddings`) and
``sentence_bias`` (the BABE sentence-bias classifier of :mod:`analysis.measures.sentence_bias`).
"""

__all__ = [
    "attribution",
    "embeddings",
    "frames",
    "learned_entries",
    "learned_entries_train",
    "loaded_model",
    "minilm",
    "pos_tagger",
    "reliability_weights",
    "roles",
    "roles_data",
    "sentence_bias",
    "techniques",
    "token_labels",
    "ud_ewt",
]
