"""Narrative roles (analysis.measures.roles and its entity, coreference and feature modules) on
sentences of the seed statements (seeds/, in the repository) and on whole seeds: each test names
the sentence, the expected entity or role and why."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from analysis.corpus.load import load_seeds
from analysis.corpus.sentences import split_sentences
from analysis.measures.roles import (
    ROLE_COLUMNS,
    ROLES,
    LinearModel,
    RoleModel,
    corpus_roles,
    document_entities,
    document_roles,
    listing,
    load_role_model,
    score_entities,
)
from analysis.measures.roles_lexicon import ROLES_LEXICON, role_lexicon, singular

#: The seeds' publisher and the names under which it speaks of itself (seeds/manifest.csv).
NCRI = ("National Council of Resistance of Iran (NCRI)", "NCRI", "PMOI", "MEK", "Iranian Resistance", "Maryam Rajavi")


def entities_of(text: str, self_names=()):
    return document_entities(text, split_sentences(text), self_names)


def entity_named(doc, name: str):
    hits = [e for e in doc.entities if e.name == name]
    assert hits, f"no entity {name!r} among {[e.name for e in doc.entities]}"
    return hits[0]


def feats_of(doc, name: str) -> dict:
    return doc.features[doc.entities.index(entity_named(doc, name))]


@pytest.fixture(scope="module")
def seeds() -> pd.DataFrame:
    return load_seeds().documents.set_index("doc_id", drop=False)


# --- entities and merged mentions -----------------------------------------------------------


def test_title_stripped_and_pronouns_merged():
    # seed batat-threats: the mullah is named once with his title, then "he" and "his"
    text = (
        "Mullah Wathiq al-Batat, leader of the Iraqi Hezbollah and Mukhtar Army who is based in city of Najaf "
        "has warned he will inflict a ‘second crippling blow’ on the PMOI and that he considered killing them "
        "to be his ‘religious and ethical duty’."
    )
    doc = entities_of(text)
    batat = entity_named(doc, "Wathiq al-Batat")  # "Mullah" is a title, "al-Batat" part of the name
    assert batat.person and "mullah" in batat.titles
    assert sum(m.kind == "pronoun" for m in batat.mentions) == 3  # he, he, his
    assert entity_named(doc, "Mukhtar Army").category == "armed_group"  # gazetteer: an armed group, not a person


def test_short_forms_join_the_full_name(seeds):
    # seed batat-threats: "Al-Batat said: ..." and "Mr Khamenei" refer back to the full names
    doc = entities_of(seeds.loc["batat-threats", "text"])
    batat = entity_named(doc, "Wathiq al-Batat")
    assert "Al-Batat" in batat.forms()
    khamenei = entity_named(doc, "Ali Khamenei")
    assert {"Khamenei", "Mr Khamenei"} <= set(khamenei.forms())


def test_publisher_names_and_bracketed_acronyms_form_one_self_entity(seeds):
    # seed batat-threats: "the People’s Mojahedin of Iran (PMOI/MEK)", "the PMOI", "the Iranian
    # Resistance" are the publisher's movement (manifest aliases), one entity
    doc = entities_of(seeds.loc["batat-threats", "text"], NCRI)
    own = [e for e in doc.entities if e.is_self]
    assert len(own) == 1 and own[0].name == NCRI[0]
    assert {"PMOI", "The Iranian Resistance"} <= set(own[0].forms())
    assert own[0].category == ""  # no stakeholder prior for the publisher itself


def test_bare_definite_noun_joins_the_modified_one(seeds):
    # seed quds-massacre-plan: "Iranian regime" ... "The clerical regime is planning ..." is the same regime
    doc = entities_of(seeds.loc["quds-massacre-plan", "text"])
    regime = entity_named(doc, "Iranian regime")
    assert "The clerical regime" in regime.forms() and len(regime.mentions) >= 4


def test_plural_noun_used_as_verb_is_no_entity():
    # seed headlines: "plans" and "orders" are verbs here, not the policy nouns "plan", "order"
    for text in (
        "Iranian regime’s Quds Force plans another massacre at Camp Liberty",
        "Iranian regime orders Qods Force affiliated Iraqi groups to attack Camp Liberty",
    ):
        doc = entities_of(text)
        heads = {h for e in doc.entities for h in e.heads}
        assert not heads & {"plan", "order"}, text
        assert any(e.name in ("Quds Force", "Qods Force") for e in doc.entities)


def test_title_case_headline_verbs_end_names():
    # a title-case headline of the Narrative Frames corpus (one sentence, quoted): "Promises",
    # "Pledges" and "Ban" are verb cues, so they end the name instead of extending it
    text = "Elizabeth Warren Promises Day One Executive Order on Fossil Fuel Leases, Pledges to Ban Fracking"
    names = [e.name for e in entities_of(text).entities if e.kind == "name"]
    assert "Elizabeth Warren" in names
    assert not any(w in n for n in names for w in ("Promises", "Pledges", "Ban"))


# --- cue relations --------------------------------------------------------------------------


def test_agent_of_a_harm_verb():
    # seed batat-threats: "he would target ..." makes al-Batat (through "he") the agent of harm
    text = (
        "Al-Batat warned he would target ‘those who want to distance Shiism from the state’ and promised "
        "to hit back hard at Kurds in Iraq and Kuwait if they attempted to stray into Iraqi territory."
    )
    assert feats_of(entities_of(text), "Al-Batat").get("cue_harm_agent", 0) > 0


def test_passive_with_by_swaps_agent_and_patient():
    # seed moslehi-baghdad-visit: "... in cities across Iraq are being targeted and killed by
    # terrorist groups ...": the groups after "by" are the agents, the mention before the verb the patient
    text = (
        "Moslehi’s remarks come at the time when, on a daily basis, the organizers and leaders of anti-Maliki "
        "demonstrations in cities across Iraq are being targeted and killed by terrorist groups affiliated to "
        "the Iranian regime and the government of Nouri al-Maliki."
    )
    doc = entities_of(text)
    assert feats_of(doc, "terrorist groups").get("cue_harm_agent", 0) > 0
    assert feats_of(doc, "Iraq").get("cue_harm_patient", 0) > 0
    assert feats_of(doc, "Iraq").get("cue_harm_agent", 0) == 0


# --- roles on whole seeds -------------------------------------------------------------------


def _roles(seeds, doc_id):
    row = seeds.loc[doc_id]
    names = NCRI if isinstance(row["publisher"], str) and row["publisher"] else ()
    return document_roles(row["text"], split_sentences(row["text"]), doc_id, names)


@pytest.mark.parametrize(
    "doc_id",
    [
        "batat-threats",
        "quds-massacre-plan",
        "ramadan-attack-order",
        "moslehi-baghdad-visit",
        "isis-cooperation-reports",
    ],
)
def test_seeds_cast_regime_as_villain_and_residents_as_victims(seeds, doc_id):
    # the statements blame the Iranian regime for attacks on the Camp Liberty residents (Iranian
    # refugees in Iraq): an advocacy-framing lab should list both
    rows = _roles(seeds, doc_id)
    villains = rows.loc[rows["role"] == "villain", "entity"].str.lower()
    victims = rows.loc[rows["role"] == "victim", "entity"].str.lower()
    assert villains.str.contains("regime").any(), rows
    assert victims.str.contains("resident|refugee").any(), rows


@pytest.mark.parametrize(
    "doc_id", ["batat-threats", "quds-massacre-plan", "ramadan-attack-order", "moslehi-baghdad-visit"]
)
def test_publishers_own_movement_reads_as_hero(seeds, doc_id):
    # the publisher (NCRI/PMOI, "the Iranian Resistance") reveals, warns and calls for protection:
    # hero is its most probable role in each seed it signed
    row = seeds.loc[doc_id]
    doc = entities_of(row["text"], NCRI)
    scored = score_entities(doc, load_role_model())
    own = scored[[e.is_self for e in doc.entities]].iloc[0]
    assert own["p_hero"] == max(own[f"p_{r}"] for r in ROLES)


def test_table_shape_and_evidence(seeds):
    rows = _roles(seeds, "ramadan-attack-order")
    assert list(rows.columns) == ROLE_COLUMNS
    assert rows["role"].isin(ROLES).all() and (rows["score"] > 0).all() and (rows["mentions"] >= 1).all()
    assert rows["score"].is_monotonic_decreasing
    text = " ".join(seeds.loc["ramadan-attack-order", "text"].split())
    assert all(s and s in text for s in rows["evidence_sentence"])  # a sentence of the document
    residents = rows[rows["entity"] == "Liberty residents"].iloc[0]
    # "... for protection of Liberty residents ...": the sentence where protection is asked for them
    assert residents["role"] == "victim" and "protection of Liberty residents" in residents["evidence_sentence"]


def test_empty_text_gives_empty_table():
    assert list(document_roles("", [], "empty").columns) == ROLE_COLUMNS
    assert document_roles("", [], "empty").empty


def test_corpus_roles_adds_group_and_uses_manifest_aliases(seeds):
    docs = seeds.reset_index(drop=True).assign(group="seeds")
    rows = corpus_roles(docs)
    assert list(rows.columns) == ["doc_id", "group", *ROLE_COLUMNS[1:]]
    assert set(rows["doc_id"]) == set(docs["doc_id"]) and (rows["group"] == "seeds").all()
    # the manifest's aliases make the publisher one entity named after it in the signed seeds
    assert (rows["entity"] == NCRI[0]).any()


# --- listing rule, model file, lexicon ------------------------------------------------------


def test_listing_keeps_best_per_document_and_role():
    # two documents, three entities each; per_role=1 keeps one entity per (document, role)
    keys = np.array(["a", "a", "a", "b", "b", "b"])
    p_main = np.array([0.9, 0.5, 0.1, 0.8, 0.8, 0.2])
    p_roles = np.array(
        [[0.7, 0.2, 0.1], [0.6, 0.3, 0.1], [0.1, 0.1, 0.8], [0.1, 0.8, 0.1], [0.2, 0.7, 0.1], [0.3, 0.3, 0.4]]
    )
    ent, role, score = listing(keys, p_main, p_roles, per_role=1, min_score=0.1)
    got = {(keys[e], ROLES[r]): e for e, r in zip(ent, role)}
    assert got[("a", "hero")] == 0 and got[("b", "villain")] == 3  # the higher p_main * p_role wins
    assert ("a", "victim") not in got  # 0.1 * 0.8 = 0.08 < min_score, and 0.9 * 0.1 = 0.09 too
    assert np.allclose(score, p_main[ent] * p_roles[ent, role])


def test_model_round_trips_through_json():
    model = load_role_model()
    again = RoleModel.from_json(json.loads(json.dumps(model.to_json())))
    feats = [{"bias": 1.0, "mentions_log": 1.2, "cat_public": 1.0, "cue_suffer_near": 0.7}]
    assert np.allclose(model.main.proba(feats), again.main.proba(feats), atol=1e-5)
    assert np.allclose(model.role.proba(feats), again.role.proba(feats), atol=1e-5)
    # a public entity near suffering words ("the residents ... killed") leans victim
    assert again.role.classes[int(again.role.proba(feats)[0].argmax())] == "victim"
    assert isinstance(LinearModel.from_json(model.to_json()["main"]), LinearModel)


def test_lexicon_rows_cite_a_source():
    frame = pd.read_csv(ROLES_LEXICON, dtype=str, keep_default_na=False)
    assert {"term", "kind", "category", "subcategory", "source", "note"} <= set(frame.columns)
    assert (frame["source"].str.len() > 0).all()
    assert not frame.duplicated(["term", "kind", "category"]).any()
    lex = role_lexicon()
    assert lex.head_of("residents") == ("resident", ("public", "collective", ""))
    assert lex.head_of("gases")[0] == "gas" and singular("policies") == "policy"
