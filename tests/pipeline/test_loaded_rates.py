"""The figure's loaded rates by voice are the profile's loaded rates (one definition)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.corpus.load import load_seeds
from analysis.measures.profile import loaded_subcategories, profile_frame
from analysis.measures.spans import corpus_spans
from analysis.pipeline.cache import loaded_rates_by_voice


def test_rates_by_voice_add_up_to_the_profile_rates(quiet):
    # The seeds quote others (quds-massacre-plan: "traitors" inside Adnan Assadi's words) and
    # quote their own publisher (self_quoted); authorial + quoted per subcategory must give the
    # seeds' mean loaded_<subcategory>_per_1k, and authorial alone loaded_lexicon_authorial_per_1k.
    docs = load_seeds().documents.assign(group="seeds")
    spans = corpus_spans(docs)
    prof = profile_frame(docs)
    rates = loaded_rates_by_voice(spans, docs, group_col="group")
    assert set(rates["voice"]) == {"authorial", "quoted"}
    by_sub = rates.groupby("subcategory")["per_1k"].sum()
    for sub in loaded_subcategories():
        assert by_sub[sub] == pytest.approx(prof[f"loaded_{sub}_per_1k"].mean())
    authorial = rates[rates["voice"] == "authorial"]["per_1k"].sum()
    assert authorial == pytest.approx(prof["loaded_lexicon_authorial_per_1k"].mean())
    assert rates["per_1k"].sum() == pytest.approx(prof["loaded_lexicon_per_1k"].mean())
    assert isinstance(rates, pd.DataFrame) and (rates["n_docs"] == 5).all()


def test_reported_designation_counts_as_not_authorial():
    # "designated ... a terrorist organisation": the loaded term keeps the reported-designation
    # voice (issue 13). The profile counts it in loaded_lexicon_per_1k but not in the authorial rate; the
    # figure's rates must do the same (before, spans in that voice were dropped from the figure).
    text = "The State Department designated the group a terrorist organisation in 2019."
    docs = pd.DataFrame({"doc_id": ["d"], "text": [text], "group": ["g"], "words": [11]})
    spans = corpus_spans(docs)
    assert (spans.loc[spans["category"] == "loaded", "voice"] == "reported_designation").all()
    prof = profile_frame(docs)
    rates = loaded_rates_by_voice(spans, docs, group_col="group")
    assert prof.loc[0, "loaded_lexicon_per_1k"] > 0 and prof.loc[0, "loaded_lexicon_authorial_per_1k"] == 0
    assert rates["per_1k"].sum() == pytest.approx(prof.loc[0, "loaded_lexicon_per_1k"])
    assert rates.loc[rates["voice"] == "authorial", "per_1k"].sum() == 0
