"""Compare stage: groups against a reference (always group_b; effect > 0 means the studied group is higher).

Modules:

- stats (effect sizes, bootstrap intervals, permutation tests, Holm)
- resampling (fast bootstrap and permutation engines behind stats)
- comparison (groups x measures)
- distinctive (log-odds terms, KWIC)
- classify (grouped cross-validated classifiers)
- folds (leave-one-seed-one-corpus-out folds and their leak checks)
- scorecard (source-reliability scorecard: one row per document)
- scorecard_details (dates, numbers and multi-word names of the scorecard)
- reliability_index (combined index, weight sensitivity, plain-words explanation)
"""
