"""Training stage: code that fits the models stored in ``analysis/models/`` (never imported at run time).

Modules:

- ud_ewt (reader of the Universal Dependencies English EWT CoNLL-U files)
- pos_tagger (the CRF part-of-speech tagger used by the agency detector)
"""
