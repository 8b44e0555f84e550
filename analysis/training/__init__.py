"""Training of the learned models (never imported at run time).

Run-time code (:mod:`analysis.measures`) reads the artefacts these modules write into
``analysis/models/``; it imports nothing from here.

Modules: ``roles_data`` (the Narrative Frames corpus's entity-role rows and the rule that matches
a found entity to a gold entity), ``roles`` (the narrative-role model).
"""
