"""Genre before judgement (issue 25): opinion, satire, press releases and wire copy recognised."""

from __future__ import annotations

from analysis.measures.genre import detect_genre, genre_of


def test_opinion_label_in_the_kicker():
    g = detect_genre("Opinion: Why the carbon tax is the wrong answer\n\nThe proposal would raise prices.")
    assert g["genre"] == "opinion" and g["genre_evidence"] == "Opinion:"


def test_first_person_argument_is_opinion():
    text = (
        "I have covered this city for twenty years, and I think the council is wrong. In my view the plan "
        "fails the people it claims to help. I believe we must start again."
    )
    g = detect_genre(text)
    assert g["genre"] == "opinion" and g["first_person_per_1k"] > 8


def test_first_person_inside_quotations_is_not_the_authors():
    # the reporter quotes a first-person speaker: still news
    text = (
        'The mayor spoke on Monday. "I think we must act now, and I believe my plan works," she said. '
        "The council will vote on the plan in March, officials said."
    )
    assert detect_genre(text)["genre"] == "news"


def test_satire_disclaimer_at_the_end():
    text = "Local man wins lottery twice in one day.\n\nThe man said he was lucky.\n\nThis article is satire."
    assert detect_genre(text)["genre"] == "satire"


def test_news_about_a_parody_is_not_satire():
    text = "The senator criticised a parody video that circulated online on Tuesday, her office said."
    assert detect_genre(text)["genre"] == "news"


def test_press_release_layout():
    text = "FOR IMMEDIATE RELEASE\n\nAcme Corp announces new plant.\n\nMedia contact: Jane Doe\n\n###"
    assert detect_genre(text)["genre"] == "press_release"


def test_wire_dateline():
    assert detect_genre("WASHINGTON (Reuters) - The Senate voted 52-48 on Tuesday.")["genre"] == "wire"


def test_declared_genre_wins():
    assert genre_of("opinion", detect_genre("The council voted on Monday."))["genre"] == "opinion"
    assert genre_of("blog", detect_genre("The council voted on Monday."))["genre"] == "news"
