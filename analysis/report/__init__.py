"""Report stage: figures, annotated documents, executed notebooks and HTML.

Modules:

- style (palette, markers, captions, deterministic saving)
- figures (one function per figure)
- scorecard_figure (small multiples of the source-reliability scorecard)
- annotate (annotated HTML documents)
- notebooks (execute and render notebooks)
- build (figures and reports for a study)
"""
