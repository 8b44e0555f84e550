"""The framing analyses beyond words that a study turns on (``--with``): persuasion techniques,
narrative frames, harm events and their agents, and the roles of entities.

The default document profile (what ``make bench`` measures) runs none of them; a study that asks
for them (``StudySpec(analyses=...)``, ``--with techniques,frames``; the figures and reports of a
study ask for all of them) gets, from the same one pass over each document
(:mod:`analysis.measures.document_scores`):

* ``techniques``: spans of category ``technique`` (subcategory = the PTC technique, ``entry`` = its
  FRAPPE family, ``probability`` = the detector's score; :mod:`analysis.measures.techniques`) and
  the profile rates ``technique_<family>_per_1k`` and ``technique_per_1k``;
* ``agency``: spans of category ``harm_event`` (subcategory ``active``, ``passive_with_agent``,
  ``agentless_passive`` or ``nominal``; ``entry`` = the lemma; ``source_type`` = the agent's type),
  a harm-events table with agent and patient (:mod:`analysis.measures.agency`) and the profile
  columns of :func:`analysis.measures.agency.agency_profile`;
* ``frames``: the profile columns ``frame_<name>`` (probability 0-1 that the document uses the frame;
  0.5 is the decision; :mod:`analysis.measures.frames`);
* ``roles``: a roles table (whom the document casts as hero, villain or victim, with a score and
  the evidence sentence; :mod:`analysis.measures.roles`) and a span of category ``role`` on the
  evidence mention (subcategory = the role, ``entry`` = the entity, ``probability`` = the score).
  About a third of the profile's speed: it runs only when asked;
* ``bias``: a spans row of category ``sentence_bias`` per sentence (subcategory ``biased`` or
  ``not_biased`` at the model's cross-validated threshold, ``probability`` = the BABE sentence-bias
  model's; :mod:`analysis.measures.sentence_bias`) and the profile column ``bias_sentence_share``.
  A new detector (issue 26): it would cost the default profile about a tenth of its speed, so it
  runs when asked.

Each analysis's models are loaded once per process; an analysis whose model is not available (no
model file, no gold folder it needs) gives NaN columns and no spans, and says so once.
"""

from __future__ import annotations

from functools import lru_cache

__all__ = [
    "EXTRA_ANALYSES",
    "REPORT_ANALYSES",
    "MEASURE_FAMILIES",
    "check_analyses",
    "measure_family",
    "extra_span_rows",
    "extra_profile_columns",
]

#: The analyses a study can turn on, in the order they are run.
EXTRA_ANALYSES = ("techniques", "frames", "agency", "roles", "bias")
#: The analyses the figures and reports of a study run (all of them).
REPORT_ANALYSES = EXTRA_ANALYSES

_NAN = float("nan")
_ROLE_SOURCE = "roles: Narrative Frames Corpus (Frermann et al. 2023)"

#: Profile column prefix of each analysis's measures.
_PREFIX = {"techniques": "technique_", "frames": "frame_", "agency": "harm_", "roles": "role_", "bias": "bias_"}
#: The families of measures a comparison corrects for multiplicity separately: the words and
#: sourcing measures of the default profile (``core``), then one family per analysis.
MEASURE_FAMILIES = ("core", *EXTRA_ANALYSES)


def check_analyses(names) -> tuple[str, ...]:
    """``names`` (strings, comma-separated strings, or ``"all"``) as a tuple in run order;
    ValueError naming the known analyses for an unknown one."""
    out: list[str] = []
    for item in names or ():
        for name in str(item).split(","):
            name = name.strip()
            if not name:
                continue
            if name == "all":
                out += EXTRA_ANALYSES
            elif name not in EXTRA_ANALYSES:
                raise ValueError(f"unknown analysis {name!r}; choose from {', '.join(EXTRA_ANALYSES)} or all")
            else:
                out.append(name)
    return tuple(a for a in EXTRA_ANALYSES if a in out)


def measure_family(column: str) -> str:
    """The family of a profile column: the analysis that adds it (``techniques``, ``frames``,
    ``agency``) or ``core`` for the default profile's measures."""
    for analysis, prefix in _PREFIX.items():
        if str(column).startswith(prefix):
            return analysis
    return "core"


@lru_cache(maxsize=1)
def _technique_detector():
    from analysis.measures.techniques import get_detector

    try:
        return get_detector()
    except (FileNotFoundError, ValueError):
        return None


@lru_cache(maxsize=1)
def _pos_tagger():
    from analysis.measures.pos_tags import load_pos_tagger

    try:
        return load_pos_tagger()
    except (FileNotFoundError, ValueError):
        return None


@lru_cache(maxsize=1)
def _role_model():
    from analysis.measures.roles import load_role_model

    try:
        return load_role_model()
    except (FileNotFoundError, ValueError, KeyError):
        return None


@lru_cache(maxsize=1)
def _frame_model():
    from analysis.measures.frames import frame_model_available, load_frame_model

    return load_frame_model() if frame_model_available() else None


def extra_span_rows(
    text: str,
    bounds,
    analyses,
    publisher: str | None = None,
    out: dict | None = None,
    doc_id: str = "",
    self_names: tuple[str, ...] = (),
):
    """Span rows ``(start, end, text, category, subcategory, entry, source, source_type,
    probability, context)`` of the analyses that mark spans (techniques, agency, roles); the harm
    events (dicts of :func:`analysis.measures.agency.harm_events`) and the role rows (dicts of
    :func:`analysis.measures.roles.document_roles`) are appended to ``out["harm_events"]`` and
    ``out["roles"]``. ``self_names``: the publisher's declared aliases (its own entity)."""
    out = out if out is not None else {}
    events_out = out.setdefault("harm_events", [])
    rows: list[tuple] = []
    if "techniques" in analyses:
        detector = _technique_detector()
        if detector is not None:
            from analysis.measures.techniques import CATEGORY, technique_spans

            for s, e, technique, family, score in technique_spans(text, bounds, detector):
                rows.append(
                    (
                        s,
                        e,
                        text[s:e],
                        CATEGORY,
                        technique,
                        family,
                        "techniques: SemEval-2020 PTC train",
                        "",
                        round(float(score), 4),
                        "",
                    )
                )
    if "agency" in analyses:
        tagger = _pos_tagger()
        if tagger is not None:
            from analysis.measures.agency import harm_events

            events = harm_events(text, bounds, tagger=tagger, publisher=publisher)
            for ev in events:
                rows.append(
                    (
                        ev["start"],
                        ev["end"],
                        ev["text"],
                        "harm_event",
                        ev["subcategory"],
                        ev["lemma"],
                        "analysis.measures.agency: harm_events.csv",
                        ev["agent_type"],
                        _NAN,
                        "",
                    )
                )
            events_out.extend(events)
    if "roles" in analyses:
        model = _role_model()
        if model is not None:
            from analysis.measures.roles import document_roles

            names = tuple(dict.fromkeys(([publisher] if publisher else []) + list(self_names)))
            table = document_roles(text, bounds, str(doc_id), names, model=model)
            for r in table.itertuples(index=False):
                if r.start >= 0:
                    rows.append(
                        (
                            r.start,
                            r.end,
                            text[r.start : r.end],
                            "role",
                            r.role,
                            r.entity,
                            _ROLE_SOURCE,
                            "",
                            float(r.score),
                            "",
                        )
                    )
            out.setdefault("roles", []).extend(table.to_dict("records"))
    return rows


def extra_profile_columns(text: str, bounds, rows, words: int, analyses, events=None) -> dict:
    """The profile columns of the analyses (see the module docstring), from the document's span
    rows (techniques), its harm events (agency) and its text (frames)."""
    out: dict = {}
    if "techniques" in analyses:
        from analysis.measures.techniques import FAMILIES, technique_rates

        if _technique_detector() is None:
            out.update({f"technique_{f}_per_1k": _NAN for f in FAMILIES} | {"technique_per_1k": _NAN})
        else:
            spans = [(r[1], r[2], r[5], r[6], r[11]) for r in rows if r[4] == "technique"]
            out.update(technique_rates(text, bounds, spans=spans))
    if "frames" in analyses:
        from analysis.measures.frames import FRAME_COLUMNS, frame_columns

        model = _frame_model()
        out.update(
            frame_columns(text, bounds, model) if model is not None else dict.fromkeys(FRAME_COLUMNS.values(), _NAN)
        )
    if "agency" in analyses:
        from analysis.measures.agency import agency_profile

        out.update(agency_profile(events or [], words))
    return out
