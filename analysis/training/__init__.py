"""Training stage: code that fits the learned models and writes their artefacts (with provenance
sidecars) to ``analysis/models/``. Runtime code (:mod:`analysis.measures`) imports nothing from here.

Modules:

- frames (the narrative-frame model of :mod:`analysis.measures.frames`)
"""
