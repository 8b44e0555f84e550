"""Validation: detectors against externally annotated gold, beside naive baselines.

Modules:

- gold (readers for PTC, PolNeAR, Szeged, BABE and the published lexicons)
- metrics (token/span P, R, F1 with intervals)
- naive (published-lexicon baselines)
- learn_loaded (the learned loaded-language model)
- train_attribution (training and dev evaluation of the attribution CRF tagger)
- validation (the validation table)
"""
