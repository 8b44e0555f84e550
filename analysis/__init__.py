"""Media-framing and source-reliability lab.

The data flow, one module per arrow:
corpus (documents, sentences) -> spans (lexicon and attribution matches with offsets and voice)
-> profile (one row per document) -> comparison (groups, effect sizes, distinctive terms)
-> figures and reports.
"""

__version__ = "0.1.0"
