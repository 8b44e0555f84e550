"""Measures stage: the spans and attributions tables, readability, and the per-document profile.

Modules:

- lexicon (lexicons as data: loading, validation, the matcher)
- lexicon_rules (context-rule registry and rules; entry forms and inflection)
- quotes (quotations and voice)
- attribution (attribution rows: source and content spans, the public API)
- attribution_cues (cue lexicon, cue finding and span extension)
- source_types (source-type rules, publisher self-reference groups)
- attribution_tagger (the learned CRF tagger of cue, source and content beside the rules)
- spans (the spans table)
- loaded_context (context rules for loaded spans, as data)
- user_lexicon (user lexicons: --lexicon FILE.csv)
- readability (textstat formulas, offline)
- profile (one row per document; ProfileTransformer)
"""
