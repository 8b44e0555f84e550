"""Corpus stage: files and records in, one documents table and one sentences table out.

Modules:

- readers (decoding, binary and HTML detection)
- cleaning (page furniture, sign-offs, publisher and date)
- text (word tokens: the denominator of every rate)
- sentences (sentence bounds with offsets)
- load (load_corpus, load_seeds and the load report)
- baselines (the registry of real reference corpora: locate, download, load)
- baseline_readers (one reader per baseline corpus format)
- groups (comparison groups)
"""
