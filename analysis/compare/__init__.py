"""Compare stage: groups against a reference (always group_b; effect > 0 means the studied group is higher).

Modules:

- stats (effect sizes, bootstrap intervals, permutation tests, Holm)
- resampling (fast bootstrap and permutation engines behind stats)
- comparison (groups x measures)
- distinctive (log-odds terms, KWIC)
- classify (grouped cross-validated classifiers)
- scorecard (source-reliability scorecard and index)
"""
