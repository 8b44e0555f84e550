"""Harm events and the agency of harm (analysis.measures.agency), on real-looking sentences.

Each case names the sentence, the expected subcategory, agent and agent type, and why
(guideline: docs/agency-gold.md). Sentences are written for the tests (schematic), in the
genres of the seeds and of wire reports.
"""

from __future__ import annotations

import math

import pytest

from analysis.measures.agency import agency_profile, agency_tables, harm_events, profile_columns
from analysis.measures.agency_agents import agent_type, head_part


def one(text: str, word: str) -> dict:
    """The event whose harm word is ``word``."""
    hits = [e for e in harm_events(text) if e["text"] == word]
    assert len(hits) == 1, (text, harm_events(text))
    return hits[0]


# The issue's three sentences.
def test_agentless_passive_issue_sentence():
    e = one("Seven residents were killed in the attack.", "killed")
    assert e["subcategory"] == "agentless_passive"  # be + participle, no by-phrase
    assert e["agent"] == "" and e["agent_type"] == ""
    assert e["patient"] == "Seven residents"
    assert e["lemma"] == "kill" and e["harm_type"] == "killing"


def test_active_issue_sentence():
    e = one("Iraqi forces killed seven residents.", "killed")
    assert e["subcategory"] == "active"  # a past tense with an object
    assert e["agent"] == "Iraqi forces" and e["agent_type"] == "state_forces"
    assert e["patient"] == "seven residents"


def test_passive_with_agent_issue_sentence():
    e = one("The camp was shelled by militias.", "shelled")
    assert e["subcategory"] == "passive_with_agent"
    assert e["agent"] == "militias" and e["agent_type"] == "armed_group"
    assert e["patient"] == "The camp"


@pytest.mark.parametrize(
    "text, word, subcategory, why",
    [
        (
            "Two protesters were reportedly killed in Basra on Friday.",
            "killed",
            "agentless_passive",
            "adverb between be and participle",
        ),
        ("He got arrested outside his home.", "arrested", "agentless_passive", "get-passive"),
        ("Dozens of civilians have been killed since Monday.", "killed", "agentless_passive", "perfect passive: been"),
        (
            "Seven residents killed in the attack",
            "killed",
            "agentless_passive",
            "headline / reduced passive, no auxiliary",
        ),
        (
            "The bombing left seven dead and 100 injured.",
            "injured",
            "agentless_passive",
            "participle after its patient number",
        ),
        (
            "A journalist was abducted by unidentified gunmen.",
            "abducted",
            "passive_with_agent",
            "by-phrase names the agent",
        ),
        ("Government troops shelled the village overnight.", "shelled", "active", "past tense with an object"),
        ("Police arrested 12 people in Tehran.", "arrested", "active", "object is a number phrase"),
        ("The militia has vowed to attack the camp again.", "attack", "active", "to-infinitive"),
        ("The killing of seven residents by militias shocked the town.", "killing", "nominal", "the killing of X by Y"),
        ("Iran's attack on the tanker drew condemnation.", "attack", "nominal", "possessor + noun"),
    ],
)
def test_subcategories(text, word, subcategory, why):
    assert one(text, word)["subcategory"] == subcategory, why


def test_possessive_forces_attacked():
    """ "X's forces attacked": active, the whole possessive phrase is the agent, typed by its head."""
    e = one("Iran's forces attacked the camp at dawn.", "attacked")
    assert e["subcategory"] == "active"
    assert e["agent"] == "Iran's forces" and e["agent_type"] == "state_forces"


def test_coordinated_passives_share_aux_and_agent():
    """ "was attacked and killed by": both verbs are passive with the same by-agent."""
    events = harm_events("The convoy was attacked and killed by gunmen near Ramadi.")
    assert [(e["text"], e["subcategory"], e["agent"]) for e in events] == [
        ("attacked", "passive_with_agent", "gunmen"),
        ("killed", "passive_with_agent", "gunmen"),
    ]
    assert {e["agent_type"] for e in events} == {"armed_group"}


def test_nominal_by_agent_and_patient():
    e = one("The killing of a wounded Iraqi by a U.S. Marine was filmed.", "killing")
    assert e["subcategory"] == "nominal"
    assert e["agent"] == "a U.S. Marine" and e["agent_type"] == "state_forces"
    assert e["patient"] == "a wounded Iraqi"


def test_participle_as_adjective_is_not_an_event():
    """ "the wounded residents", "40,000 displaced people": adjectives, not events."""
    assert harm_events("The wounded residents were taken to hospital.") == []
    assert harm_events("The camp houses 40,000 displaced people.") == []


def test_other_senses_are_not_events():
    """ "heart attack", "executed the plan", a weapon noun: no harm event."""
    assert harm_events("He died of a heart attack.") == []
    assert harm_events("The company executed the plan on time.") == []
    assert harm_events("A bomb was found near the market.") == []


def test_participial_clause_takes_main_subject():
    """ ", killing 14 militants": the subject of the clause before it is the agent."""
    e = one("Israeli helicopters attacked a Hamas camp, killing 14 militants.", "killing")
    assert e["subcategory"] == "active"
    assert e["agent"] == "Israeli helicopters" and e["agent_type"] == "state_forces"


def test_light_verb_subject_is_agent_of_nominal():
    """ "insurgents launched an attack on ...": the light verb's subject is the noun's agent."""
    e = one("Insurgents launched an attack on the police station.", "attack")
    assert e["subcategory"] == "nominal"
    assert e["agent"] == "Insurgents" and e["agent_type"] == "armed_group"
    assert e["patient"] == "the police station"


def test_hard_wrapped_by_phrase_is_joined():
    """A Reuters-style line break before a capitalised agent: the split sentence is joined."""
    text = "Two supertankers attacked in the Gulf by\nIranian gunboats have anchored off Bahrain."
    e = one(text, "attacked")
    assert e["subcategory"] == "passive_with_agent"
    assert e["agent"] == "Iranian gunboats" and e["agent_type"] == "state_forces"


def test_offsets_point_into_text():
    text = "Militants stormed the building and killed six guards."
    for e in harm_events(text):
        assert text[e["start"] : e["end"]] == e["text"]
        if e["agent"]:
            assert text[e["agent_start"] : e["agent_end"]] == e["agent"]
    e = one(text, "killed")
    assert e["agent"] == "Militants"  # second conjunct shares the subject


@pytest.mark.parametrize(
    "phrase, expected",
    [
        ("unidentified gunmen", "unnamed"),
        ("rebel forces", "armed_group"),
        ("Iraqi security forces", "state_forces"),
        ("the Islamic State", "armed_group"),
        ("the United States", "state_forces"),
        ("attackers", "unnamed"),
        ("The blaze", "other"),
        ("Qods Force affiliated Iraqi groups", "armed_group"),
        ("", ""),
    ],
)
def test_agent_types(phrase, expected):
    assert agent_type(phrase) == expected


def test_head_part_cuts_post_modifiers():
    assert head_part("The leader of an Iraqi group") == "The leader"
    assert head_part("a group linked to al-Qaeda") == "a group"


def test_profile_counts_and_shares():
    events = harm_events(
        "Seven residents were killed in the attack. Iraqi forces killed seven residents. The camp was shelled by militias."
    )
    subs = [e["subcategory"] for e in events]
    assert subs == ["agentless_passive", "nominal", "active", "passive_with_agent"]
    p = agency_profile(events, 20)
    assert p["harm_events_per_1k"] == pytest.approx(200.0)
    assert p["harm_agentless_share"] == pytest.approx(0.5)  # the passive and the bare "the attack"
    assert p["harm_agent_state_forces_share"] == pytest.approx(0.5)
    assert p["harm_agent_armed_group_share"] == pytest.approx(0.5)
    assert list(p) == profile_columns()


def test_profile_without_events_is_nan():
    p = agency_profile([], 100)
    assert p["harm_events_per_1k"] == 0.0
    assert math.isnan(p["harm_agentless_share"])


def test_agency_tables_on_seeds():
    """The seeds: every document gets a profile row; their harm words are mostly nominal attacks."""
    from analysis.corpus.load import load_seeds

    docs = load_seeds().documents
    events, profile = agency_tables(docs)
    assert len(profile) == len(docs)
    assert set(events["subcategory"]) <= {"active", "passive_with_agent", "agentless_passive", "nominal"}
    assert (events["subcategory"] == "nominal").mean() > 0.5
    assert profile["harm_events_per_1k"].gt(0).all()
