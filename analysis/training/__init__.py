"""Training stage: code that fits the lab's learned models from gold data and writes their
artefacts (JSON, CSV, NPZ, .crfsuite; never pickles) with provenance sidecars into
``analysis/models``. Runtime code in :mod:`analysis.measures` reads those artefacts and imports
nothing from here.

Modules:

- techniques (persuasion-technique sentence model and lexical entry precisions, SemEval-2020 PTC)
"""
