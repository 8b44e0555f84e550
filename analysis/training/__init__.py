"""Training stage: code that fits the models shipped in ``analysis/models/`` and writes them with
their provenance sidecars. Nothing at run time (``analysis.measures``) imports from here.

Modules:

- minilm (read all-MiniLM-L6-v2 from its safetensors file; the BERT forward pass in numpy)
- embeddings (distil the static token-embedding table of :mod:`analysis.measures.embeddings`)
- sentence_bias (the BABE sentence-bias classifier of :mod:`analysis.measures.sentence_bias`)
"""
