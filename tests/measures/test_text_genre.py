"""Genre before judgement (issue 25): opinion, satire, press releases and wire copy recognised as a
``text_genre``, apart from the genre a corpus declares."""

from __future__ import annotations

from analysis.measures.text_genre import declared_text_genre, detect_text_genre


def test_opinion_label_in_the_kicker():
    g = detect_text_genre("Opinion: Why the carbon tax is the wrong answer\n\nThe proposal would raise prices.")
    assert g["text_genre"] == "opinion" and g["text_genre_evidence"] == "Opinion:"


def test_markers_keep_their_word_boundary():
    # the markers are searched without their leading boundary and the boundary checked after
    # (speed): "PublicOpinion:" is not the label "Opinion:", and a columnist's bio at the end is
    # found only as the words "is a columnist", not inside "...is a columnists' union"
    assert detect_text_genre("PublicOpinion: poll shows a lead\n\nThe survey was taken in May.")["text_genre"] == "news"
    bio = "The council voted on Monday.\n\nJane Roe is a columnist for the Herald."
    assert detect_text_genre(bio)["text_genre"] == "opinion"
    assert detect_text_genre(bio.replace("is a columnist ", "is a columnists' union "))["text_genre"] == "news"


def test_first_person_argument_is_opinion():
    # 6 first-person pronouns in 37 words (162 per 1,000) and the argument marker "I think"
    text = (
        "I have covered this city for twenty years, and I think the council is wrong. In my view the plan "
        "fails the people it claims to help. I believe we must start again."
    )
    g = detect_text_genre(text)
    assert g["text_genre"] == "opinion" and g["first_person_per_1k"] > 8


def test_first_person_inside_quotations_is_not_the_authors():
    # the reporter quotes a first-person speaker: the "I think" is the mayor's, so still news
    text = (
        'The mayor spoke on Monday. "I think we must act now, and I believe my plan works," she said. '
        "The council will vote on the plan in March, officials said."
    )
    assert detect_text_genre(text)["text_genre"] == "news"


def test_satire_disclaimer_at_the_end():
    text = "Local man wins lottery twice in one day.\n\nThe man said he was lucky.\n\nThis article is satire."
    assert detect_text_genre(text)["text_genre"] == "satire"


def test_news_about_a_parody_is_not_satire():
    # "parody" in a news sentence is the topic, not a label of the text
    text = "The senator criticised a parody video that circulated online on Tuesday, her office said."
    assert detect_text_genre(text)["text_genre"] == "news"


def test_press_release_layout():
    text = "FOR IMMEDIATE RELEASE\n\nAcme Corp announces new plant.\n\nMedia contact: Jane Doe\n\n###"
    assert detect_text_genre(text)["text_genre"] == "press_release"


def test_wire_dateline():
    g = detect_text_genre("WASHINGTON (Reuters) - The Senate voted 52-48 on Tuesday.")
    assert g["text_genre"] == "wire" and g["text_genre_evidence"] == "WASHINGTON (Reuters) -"


def test_declared_genre_names_the_text_genre_but_a_declared_news_does_not():
    news = detect_text_genre("The council voted on Monday.")
    assert declared_text_genre("opinion", False, news)["text_genre"] == "opinion"
    assert declared_text_genre("official_statement", False, news)["text_genre"] == "press_release"
    assert declared_text_genre("blog", False, news)["text_genre"] == "news"
    # a baseline declared "news" as a whole keeps what the rules find in each text
    opinion = detect_text_genre("Opinion: the council was wrong.")
    assert declared_text_genre("news", False, opinion)["text_genre"] == "opinion"


def test_the_loaders_wire_credit_makes_news_wire_copy():
    news = detect_text_genre("The council voted on Monday.")
    g = declared_text_genre("news", True, news)
    assert g["text_genre"] == "wire" and "corpus loader" in g["text_genre_evidence"]
    assert declared_text_genre("news", float("nan"), news)["text_genre"] == "news"  # no wire flag
