"""Lexicon files (validity, provenance) and the compiled matcher (inflection, flexible
separators, longest match, context rules, speed, caching)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from analysis import config
from analysis.measures.lexicon import (
    NON_CORE_SUBCATEGORIES,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    SOURCES,
    LexiconMatcher,
    clear_caches,
    entry_forms,
    get_matcher,
    head_index,
    inflect,
    is_core,
    load_lexicon,
    register_rule,
)

NAMES = ("loaded", "hedges", "boosters")
SEEDS = sorted(config.SEEDS_DIR.glob("*.txt"))


def hits(name: str, text: str) -> list[tuple[str, str, str]]:
    """(matched text, entry term, subcategory) of every match."""
    m = get_matcher(name)
    return [(t, m.frame.at[i, "term"], m.frame.at[i, "subcategory"]) for _, _, t, i in m.finditer(text)]


def matched(name: str, text: str) -> list[str]:
    return [t for t, _, _ in hits(name, text)]


# ------------------------------------------------------------------------------------------
# the files
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_lexicon_files_load_with_all_columns(name):
    df = load_lexicon(name)
    assert list(df.columns[: len(REQUIRED_COLUMNS)]) == list(REQUIRED_COLUMNS)
    assert set(OPTIONAL_COLUMNS) <= set(df.columns)  # precision_train and evidence exist, may be empty
    assert len(df) > 50
    assert (df["source"] != "").all() and (df["category"] != "").all()
    assert df["category"].nunique() == 1


def test_loaded_has_the_four_subcategories():
    subs = set(load_lexicon("loaded")["subcategory"])
    assert {"pejorative_label", "delegitimising_state_term", "atrocity_amplifier", "moral_outrage_ridicule"} <= subs


def test_hedges_and_boosters_subcategories():
    assert {"modal", "epistemic_verb", "epistemic_adverb", "attribution_hedge"} <= set(
        load_lexicon("hedges")["subcategory"]
    )
    assert {"certainty_adverb", "intensifier"} <= set(load_lexicon("boosters")["subcategory"])


@pytest.mark.parametrize(
    "word,subcategory",
    [
        # the brief's examples, each found through the matcher (so inflected forms count)
        ("terrorists", "pejorative_label"),
        ("puppet", "pejorative_label"),
        ("death squads", "pejorative_label"),
        ("mullahs", "pejorative_label"),
        ("thugs", "pejorative_label"),
        ("henchmen", "pejorative_label"),
        ("mercenaries", "pejorative_label"),
        ("stooge", "pejorative_label"),
        ("lackeys", "pejorative_label"),
        ("Quds agents", "pejorative_label"),
        ("regime", "delegitimising_state_term"),
        ("clerical regime", "delegitimising_state_term"),
        ("mullahs’ regime", "delegitimising_state_term"),
        ("dictatorship", "delegitimising_state_term"),
        ("theocracy", "delegitimising_state_term"),
        ("massacre", "atrocity_amplifier"),
        ("carnage", "atrocity_amplifier"),
        ("annihilation", "atrocity_amplifier"),
        ("slaughtered", "atrocity_amplifier"),
        ("bloodbath", "atrocity_amplifier"),
        ("crimes against humanity", "atrocity_amplifier"),
        ("genocide", "atrocity_amplifier"),
        ("war crimes", "atrocity_amplifier"),
        ("catastrophe", "atrocity_amplifier"),
        ("atrocities", "atrocity_amplifier"),
        ("butchered", "atrocity_amplifier"),
        ("criminal", "moral_outrage_ridicule"),
        ("ludicrous", "moral_outrage_ridicule"),
        ("bogus", "moral_outrage_ridicule"),
        ("outrageous", "moral_outrage_ridicule"),
        ("heinous", "moral_outrage_ridicule"),
        ("despicable", "moral_outrage_ridicule"),
        ("shameful", "moral_outrage_ridicule"),
        ("sham", "moral_outrage_ridicule"),
        ("lies", "moral_outrage_ridicule"),
        ("fabricated", "moral_outrage_ridicule"),
        ("concocted", "moral_outrage_ridicule"),
    ],
)
def test_brief_loaded_terms_are_matched(word, subcategory):
    got = hits("loaded", f"the {word}.")
    assert [(t, s) for t, _, s in got] == [(word, subcategory)]


@pytest.mark.parametrize(
    "word,name",
    [
        ("may", "hedges"),
        ("might", "hedges"),
        ("could", "hedges"),
        ("possibly", "hedges"),
        ("reportedly", "hedges"),
        ("allegedly", "hedges"),
        ("apparently", "hedges"),
        ("suggests", "hedges"),
        ("seemed", "hedges"),
        ("likely", "hedges"),
        ("unconfirmed", "hedges"),
        ("clearly", "boosters"),
        ("obviously", "boosters"),
        ("certainly", "boosters"),
        ("undoubtedly", "boosters"),
        ("definitely", "boosters"),
        ("indeed", "boosters"),
        ("in fact", "boosters"),
        ("of course", "boosters"),
        ("always", "boosters"),
        ("never", "boosters"),
        ("totally", "boosters"),
        ("completely", "boosters"),
    ],
)
def test_brief_hedges_and_boosters_are_matched(word, name):
    assert matched(name, f"they {word} did") == [word]


def test_no_term_is_both_hedge_and_booster():
    forms = {}
    for name in ("hedges", "boosters"):
        df = load_lexicon(name)
        forms[name] = {f.lower() for t, k in zip(df["term"], df["kind"]) if k != "regex" for f in entry_forms(t, k)}
    assert forms["hedges"].isdisjoint(forms["boosters"])


def _published_lists() -> dict[str, set[str]] | None:
    root = config.benchmark_dir()
    if root is None:
        return None
    rec = root / "recasens2013-bias-lexicons/data/lexicons"
    isl = root / "hedging-lrec-islam2020"
    paths = [
        rec / "bias-lexicon/bias-lexicon_og.txt",
        rec / "bias_related_lexicons/hedges_hyland2005.txt",
        isl / "hedge_words.txt",
        isl / "booster_words.txt",
        rec / "bias_related_lexicons/subjectivity_clues_hltemnlp05/subjclueslen1-HLTEMNLP05.tff",
    ]
    if not all(p.is_file() for p in paths):
        return None

    def words(p: Path) -> set[str]:
        return {ln.strip().lower() for ln in p.read_text().splitlines() if ln.strip() and not ln.startswith("#")}

    mpqa = set()
    for line in paths[4].read_text().splitlines():
        kv = dict(x.split("=", 1) for x in line.split() if "=" in x)
        if kv.get("type") == "strongsubj":
            mpqa.add(kv["word1"].lower())
    return {
        SOURCES["recasens2013"]: words(paths[0]),
        SOURCES["hyland2005"]: words(paths[1]),
        SOURCES["islam2020_hedge"]: words(paths[2]),
        SOURCES["islam2020_booster"]: words(paths[3]),
        SOURCES["mpqa_strongsubj"]: mpqa,
    }


@pytest.mark.parametrize("name", NAMES)
def test_every_citation_is_true(name):
    """An entry cites a published list only if the term, or one of its forms, is in that list;
    an entry learned from gold data (``learned:``) carries its precision and evidence; every other
    entry gives a project reason. (Changed with the validation work: ``learned:`` sources were
    added for the loaded-language entries learned from SemEval PTC train.)"""
    lists = _published_lists()
    if lists is None:
        pytest.skip("published lexicons (../shared/benchmarks) not available")
    df = load_lexicon(name)
    for row in df.itertuples(index=False):
        for cite in (c.strip() for c in row.source.split(";")):
            if cite.startswith("project:"):
                assert len(cite) > len("project: ") + 10, (row.term, cite)
                continue
            if cite.startswith("learned:"):
                assert len(cite) > len("learned: ") + 10, (row.term, cite)
                assert 0.0 <= float(row.precision_train) <= 1.0 and row.evidence, row.term
                continue
            assert cite in lists, (row.term, cite)
            forms = {f.lower() for f in entry_forms(row.term, row.kind)}
            assert forms & lists[cite], f"{row.term!r} is not in {cite}"


# ------------------------------------------------------------------------------------------
# inflection and flexible matching
# ------------------------------------------------------------------------------------------


def test_inflect_rules():
    assert set(inflect("massacre")) >= {"massacre", "massacres", "massacred", "massacring"}
    assert set(inflect("atrocity")) >= {"atrocities"}
    assert set(inflect("lackey")) >= {"lackeys"}
    assert set(inflect("slam")) >= {"slammed", "slamming"}
    assert head_index("crime against humanity".split()) == 0
    assert head_index("war crime".split()) == 1
    assert entry_forms("tend to", "lemma")[:3] == ["tend to", "tends to", "tended to"]


def test_massacre_inflections_from_seed_004():
    text = (SEEDS[4]).read_text()
    got = [(t, e) for t, e, _ in hits("loaded", text) if e == "massacre"]
    # 'the massacres at Camp Ashraf' and 'attack and massacre the residents of Liberty'
    assert got == [("massacres", "massacre"), ("massacre", "massacre")]
    assert hits("loaded", "They massacred and are massacring.") == [
        ("massacred", "massacre", "atrocity_amplifier"),
        ("massacring", "massacre", "atrocity_amplifier"),
    ]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("the mullahs’ regime", "mullahs’ regime"),  # curly apostrophe (seed 000)
        ("the mullahs' regime", "mullahs' regime"),  # straight apostrophe
        ("the mullahs regime", "mullahs regime"),  # none
        ("the mullahs’\n regime", "mullahs’\n regime"),  # line break inside the phrase
        ("Hezbollah death-squads", "death-squads"),  # a space in the term matches a hyphen
        ("a so called election", "so called"),  # a hyphen in the term matches a space ...
        ("a blood bath", "blood bath"),
        ("a bloodbath", "bloodbath"),  # ... or nothing
        ("CRIMES AGAINST  HUMANITY", "CRIMES AGAINST  HUMANITY"),  # case and double space
    ],
)
def test_flexible_whitespace_hyphen_apostrophe(text, expected):
    assert matched("loaded", text) == [expected]


def test_longest_match_wins_and_no_overlaps():
    # 'clerical regime' is one span, not 'regime' inside it; 'mullahs’ regime' not 'mullahs' + 'regime'
    assert hits("loaded", "The clerical regime’s terrorist Qods Force") == [
        ("clerical regime", "clerical regime", "delegitimising_state_term"),
        ("terrorist", "terrorist", "pejorative_label"),
    ]
    text = SEEDS[0].read_text() * 3
    for name in NAMES:
        spans = [(s, e) for s, e, _, _ in get_matcher(name).finditer(text)]
        assert all(e1 <= s2 for (_, e1), (s2, _) in zip(spans, spans[1:]))


def test_match_tuples_point_into_the_text():
    text = SEEDS[4].read_text()
    for s, e, t, i in get_matcher("loaded").finditer(text):
        assert text[s:e] == t and 0 <= i < len(get_matcher("loaded"))


def test_no_match_inside_a_word():
    assert matched("hedges", "dismay mayhem Mayor mightily couldn't") == []
    assert matched("hedges", "they could've known") == ["could"]  # apostrophe ends the word
    assert matched("loaded", "regimented cultural sham-poo") == ["sham"]  # hyphen is a boundary


# ------------------------------------------------------------------------------------------
# context rules and the documented ambiguity decisions
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("On May 5, the camp was attacked.", []),  # month before a day number
        ("On 5 May 2013 the camp was attacked.", []),  # month after a day number
        ("Attacks resumed in May and June.", []),  # month after 'in'
        ("Theresa May said so.", []),  # surname mid-sentence
        ("attacks similar to February 9 may recur at any time", ["may"]),  # seed 002: the modal
        ("May this be the last attack.", ["May"]),  # sentence-initial modal
        ("the Iraqi government announced that it could not prevent another rocket attacks", []),  # seed 001: inability
        ("It could never be proven.", []),
        ("attacks could happen at any time", ["could"]),
        ("their fate will be determined as soon as possible", []),  # seed 003: not epistemic
        ("Iraqi forces, who are supposed to protect Camp Liberty", []),  # seed 004: obligation
        ("Terror attacks have claimed lives of several hundred people", []),  # seed 002: not a distancing claim
        ("it appeared in court", []),
        ("it appeared to be a rocket", ["appeared"]),
        ("There is no doubt about it", []),  # a booster, not the hedge 'doubt'
        ("military might", []),
        # Added with the Szeged validation (evidence: Szeged train split; see hedges.csv 'evidence'):
        ("The ministry said it would review the plan.", []),  # reported future, no condition
        ("He said Washington would use force if diplomacy fails.", ["would", "if"]),  # condition kept
        ("That would undermine any chance of peace.", ["would"]),  # hypothetical kept
        ("The company would not comment.", []),  # refusal
        ("He would later become president.", []),  # narrative future-in-the-past
        ("Sanctions remain until Iraq complies.", ["until"]),  # conditional 'until' clause
        ("He served until 1990 and until last year.", []),  # time 'until'
        ("He is believed to be in Tehran.", ["believed"]),  # the verb only, not 'is ... to'
        ("The camp is said to be surrounded.", ["said"]),
        ("Officials said the camp was surrounded.", []),  # active 'said' is attribution
        ("It is widely considered a war crime.", ["considered"]),
        ("The council considered the plan.", []),
        ("He is regarded as the leader.", ["regarded"]),
        ("It is possible to visit the camp.", []),  # dynamic possibility
        ("It is possible that the camp was shelled.", ["possible"]),
        ("The company indicated that it would sell.", []),  # reporting verb
        ("The data indicate a rise.", ["indicate"]),
        ("They accused the regime of the attack.", ["accused"]),
        ("the accused was released", []),
        ("It remains to be seen whether talks resume.", ["remains to be seen", "whether"]),
    ],
)
def test_hedge_context_rules(text, expected):
    assert matched("hedges", text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("The UN sanctions regime on Iran was tightened.", []),
        ("a visa regime for residents", []),
        ("Washington denies seeking regime change.", []),
        ("the International Criminal Court and a criminal investigation", []),
        ("the criminal attack on February 9", ["criminal"]),  # seed 001
        ("Mullah Wathiq al-Batat, leader of the Iraqi Hezbollah", []),  # seed 000: a title
        ("the mullahs’ Supreme National Security Council", ["mullahs"]),  # seed 000: the label
        ("the Islamic State of Iraq and Sham (ISIS)", []),  # seed 004: the Levant
        ("they held sham elections", ["sham"]),
        ("travel agents and FBI agents and Iraqi intelligence agents", []),  # 'agent' alone is not listed
        ("death squads and Quds agents", ["death squads", "Quds agents"]),  # seed 000
        ("The camp lies north of Baghdad.", []),  # verb 'lies'
        ("Simultaneous with these ludicrous lies, Iraqi forces", ["ludicrous", "lies"]),  # seed 004
        ("a cult film", []),
        ("disseminating false reports", []),  # 'false' is deliberately not a loaded term
    ],
)
def test_loaded_context_rules(text, expected):
    assert matched("loaded", text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("These remarks clearly show the goal", ["clearly", "show"]),  # seed 000
        ("fodder to talk shows and blogs", []),  # seed 004 comment: the noun
        ("make sure the residents are safe", []),
        ("certain officials said", []),
        ("it is certain that", ["certain"]),
        ("It is clear that the attack", ["clear"]),
        ("clear the area", []),
        ("quite a few residents", []),
        ("the residents must be immediately be returned", []),  # seed 001: deontic must is not listed
    ],
)
def test_booster_context_rules(text, expected):
    assert matched("boosters", text) == expected


def test_core_and_non_core():
    assert not is_core("hedge", "conditional") and not is_core("hedge", "approximator")
    assert is_core("hedge", "modal") and is_core("loaded", "pejorative_label")
    assert not is_core("booster", "universal")
    hedges = load_lexicon("hedges")
    assert (
        set(hedges.loc[hedges.term.isin(["if", "would", "whether"]), "subcategory"]) <= NON_CORE_SUBCATEGORIES["hedge"]
    )


# ------------------------------------------------------------------------------------------
# validation of malformed files
# ------------------------------------------------------------------------------------------

GOOD_ROW = "regime,lemma,loaded,delegitimising_state_term,project: test,\n"
HEADER = "term,kind,category,subcategory,source,note\n"


def _write(tmp_path, body: str, name: str = "bad.csv") -> Path:
    p = tmp_path / name
    p.write_text(body, encoding="utf-8")
    return p


@pytest.mark.parametrize(
    "body,message",
    [
        (HEADER + GOOD_ROW + "puppet,literal,loaded,pejorative_label,,\n", r"row 2 \(line 3\): empty 'source'"),
        (HEADER + GOOD_ROW + "puppet,literal,,pejorative_label,project: x,\n", r"row 2 \(line 3\): empty 'category'"),
        (HEADER + GOOD_ROW + "Regime,literal,loaded,x,project: dup,\n", r"row 2 \(line 3\): duplicate term 'Regime'"),
        (HEADER + GOOD_ROW + "regimes,literal,loaded,x,project: form clash,\n", r"row 2 .*also a form of row 1"),
        (HEADER + GOOD_ROW + "puppet,stem,loaded,x,project: x,\n", r"row 2 \(line 3\): kind 'stem'"),
        (HEADER + GOOD_ROW + "(quds) agents,regex,loaded,x,project: x,\n", r"row 2 .*capturing groups"),
        (HEADER + GOOD_ROW + "quds agents[,regex,loaded,x,project: x,\n", r"row 2 .*bad regex"),
        (HEADER + GOOD_ROW + "puppet,literal,loaded,x,project:  ,\n", r"row 2 .*needs a reason"),
        (
            HEADER + GOOD_ROW + "puppet,literal,loaded,x,learned: PTC train,\n",
            r"row 2 .*needs precision_train and evidence",
        ),
        (
            "term,kind,category,subcategory,note\n" + "x,literal,loaded,y,\n",
            r"missing required column\(s\) \['source'\]",
        ),
    ],
)
def test_malformed_lexicon_raises_naming_file_and_row(tmp_path, body, message):
    p = _write(tmp_path, body)
    with pytest.raises(ValueError, match=message) as info:
        load_lexicon(p)
    assert "bad.csv" in str(info.value)


def test_unknown_context_rule_and_bad_context_regex(tmp_path):
    p = _write(
        tmp_path,
        "term,kind,category,subcategory,source,note,context_rule,exclude_after\n"
        "may,literal,hedge,modal,project: x,,no_such_rule,\n",
    )
    with pytest.raises(ValueError, match=r"row 1 .*unknown context_rule 'no_such_rule'"):
        load_lexicon(p)
    p = _write(
        tmp_path,
        "term,kind,category,subcategory,source,note,context_rule,exclude_after\n"
        "may,literal,hedge,modal,project: x,,,(unclosed\n",
        "bad2.csv",
    )
    with pytest.raises(ValueError, match=r"bad2.csv, row 1 .*bad exclude_after regex"):
        load_lexicon(p)


def test_named_lexicon_category_must_match(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "LEXICON_DIR", tmp_path)
    clear_caches()
    _write(tmp_path, HEADER + "possibly,literal,booster,x,project: wrong file,\n", "hedges.csv")
    with pytest.raises(ValueError, match=r"hedges.csv, row 1 .*expected 'hedge'"):
        load_lexicon("hedges")
    clear_caches()


def test_missing_lexicon_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_lexicon(tmp_path / "nothing.csv")


# ------------------------------------------------------------------------------------------
# hooks, caching, speed
# ------------------------------------------------------------------------------------------


def test_registered_rule_and_global_hook(tmp_path):
    @register_rule("test_only_lowercase")
    def _only_lower(text, start, end):
        return text[start:end].islower()

    p = _write(
        tmp_path,
        "term,kind,category,subcategory,source,note,context_rule\n"
        "regime,lemma,loaded,x,project: test,,test_only_lowercase\n"
        "thug,lemma,loaded,y,project: test,,\n",
        "custom.csv",
    )
    m = LexiconMatcher(load_lexicon(p), name="custom")
    assert [t for _, _, t, _ in m.finditer("Regime regime thugs")] == ["regime", "thugs"]
    no_y = LexiconMatcher(load_lexicon(p), rules=[lambda text, s, e, row: row["subcategory"] != "y"])
    assert [t for _, _, t, _ in no_y.finditer("Regime regime thugs")] == ["regime"]


def test_matchers_are_cached():
    assert get_matcher("loaded") is get_matcher("loaded")
    assert LexiconMatcher.from_name("hedges") is get_matcher("hedges")


def test_matching_is_fast():
    """About 1 s per lexicon per million words; allow 8x that for slow CI machines."""
    text = "\n\n".join(p.read_text() for p in SEEDS)
    big = text * max(1, 200_000 // len(text.split()))
    n_words = len(big.split())
    for name in NAMES:
        m = get_matcher(name)
        t0 = time.perf_counter()
        n = sum(1 for _ in m.finditer(big))
        elapsed = time.perf_counter() - t0
        assert n > 0
        assert elapsed < 8.0 * n_words / 1_000_000 + 0.5, (name, elapsed, n_words)
