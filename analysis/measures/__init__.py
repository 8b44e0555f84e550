"""Measures stage: the spans and attributions tables, readability, and the per-document profile.

Modules:

- lexicon (lexicons as data and the matcher)
- quotes (quotations and voice)
- attribution (cue, source, content, source type)
- attribution_tagger (the learned CRF tagger of cue, source and content beside the rules)
- spans (the spans table)
- loaded_context (context rules for loaded spans, as data)
- user_lexicon (user lexicons: --lexicon FILE.csv)
- readability (textstat formulas, offline)
- profile (one row per document; ProfileTransformer)
"""
