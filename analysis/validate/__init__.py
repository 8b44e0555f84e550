"""Validation: detectors against externally annotated gold, beside naive baselines.

Modules:

- gold (readers for PTC, PolNeAR, Szeged, BABE and the published lexicons)
- metrics (token/span P, R, F1 with intervals)
- naive (published-lexicon baselines, NAIVE_DETECTORS)
- source_type_gold (gold source types of attributions, docs/source-types.md, and their scorer)
- token_labels (word-token labels from gold character spans)
- learn_loaded (learned loaded-language lexicon entries, the older token model)
- learn_loaded_train (the train-loaded command: learn and store both)
- loaded_model, loaded_model_train (the loaded-language context model and its training)
- validation (the validation table), validation_loaded (held-out loaded-language rows)
- validation_spans (Szeged documents and split, span detectors)
- validation_errors (error analysis: frequent false positives and misses)
- validation_summary (the headline rows shown by the figure and notebook 06, in plain words)
- train_attribution (training and dev evaluation of the attribution CRF tagger)
"""
