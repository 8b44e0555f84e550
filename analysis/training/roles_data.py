"""Gold data for narrative roles: the Narrative Frames corpus (Frermann, Li, Khanehzar &
Mikolajczak, ACL 2023), and the rule that decides whether a found entity names a gold entity.

The corpus's annotators wrote down entities as free strings ("climate alarmists", "far-right
President Jair Bolsonaro", "people who are unscientific", "they"), one row per entity and role,
so a found entity (a set of ways the text names it, :meth:`analysis.measures.roles_entities.Entity.forms`)
is matched to a gold string by one of two rules, used the same way for training labels and for
evaluation:

``head`` (the main rule)
    the gold string's **head word** equals the head word of one of the entity's forms. The
    head is the last word before the first post-modifier ("of", "who", "that", "in", "for", a
    comma, a bracket ...), lower case, without possessive and determiner; singular and plural
    match ("gases" ~ "gas"), and hyphenated words also by their parts ("Ocasio" ~ "Ocasio-Cortez"). So "far-right
    President Jair Bolsonaro" ~ "Bolsonaro", "people who are unscientific" ~ "the people",
    "the Trump administration" ~ "the administration".
``exact`` (the stricter rule)
    the whole gold string equals one of the forms after normalisation (lower case, no
    punctuation or possessive, no leading determiner): "President Trump" ~ "President Trump",
    not ~ "Trump".

Pronoun gold strings ("they", "his") name no entity under either rule; they stay in the gold
and count as missed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.config import BenchmarkUnavailable, gold_dir
from analysis.measures.roles_lexicon import lemmas, singular

BENCHMARK = "narrative-frames-frermann2023"
ROLES = ("hero", "villain", "victim")
#: Matching rules (see the module docstring).
MATCH_RULES = ("head", "exact")

_C1 = re.compile(r"[\u0080-\u009f]")
_POST = re.compile(
    r"\s(?:of|who|whom|whose|that|which|in|on|for|from|with|to|at|by|and|or|as|such as|like|including|over|under|"
    r"about|across|against|behind|into|through|than|whom|where|when)\s|[,;:(\[]|\s[-–—]\s"
)
_NON_WORD = re.compile(r"[^\w\s\-]")
_DETERMINERS = ("the ", "a ", "an ", "this ", "these ", "those ", "that ", "its ", "their ", "his ", "her ", "our ")


def normalise_entity(text: str) -> str:
    """Lower case, C1 control characters and punctuation removed (dots in acronyms too:
    "U.S." -> "us"), possessive 's dropped, leading determiners dropped, single spaces."""
    s = _C1.sub("", str(text)).lower().replace("’", "'").replace("`", "'")
    s = re.sub(r"'s\b|s'(?=\s|$)", lambda m: "" if m.group().startswith("'") else "s", s)
    s = s.replace(".", "")
    s = _NON_WORD.sub(" ", s)
    s = " ".join(s.split())
    changed = True
    while changed:
        changed = False
        for det in _DETERMINERS:
            if s.startswith(det):
                s, changed = s[len(det) :], True
    return s


def _last_word(text: str) -> str:
    s = _C1.sub("", str(text)).lower().replace("’", "'")
    s = _POST.split(" " + s + " ", maxsplit=1)[0]
    words = normalise_entity(s).split()
    return words[-1] if words else ""


def entity_head(text: str) -> str:
    """The head word of an entity string (see the module docstring) in the singular, "" for an
    empty one."""
    return singular(_last_word(text))


def _head_forms(text: str) -> set[str]:
    """The head word, the singulars it may have and, for a hyphenated head, its parts of four or
    more letters ("ocasio-cortez" -> "ocasio", "cortez")."""
    word = _last_word(text)
    if not word:
        return set()
    forms = set(lemmas(word))
    if "-" in word:
        forms |= {p for p in word.split("-") if len(p) >= 4}
    return forms


def names_gold(forms, gold: str, rule: str = "head") -> bool:
    """True when an entity known by ``forms`` names the gold entity string ``gold`` under
    ``rule`` (``head`` or ``exact``, see the module docstring)."""
    if rule == "exact":
        g = normalise_entity(gold)
        return bool(g) and any(normalise_entity(f) == g for f in forms)
    if rule != "head":
        raise ValueError(f"unknown matching rule {rule!r} (use one of {MATCH_RULES})")
    g = _head_forms(gold)
    return bool(g) and any(g & _head_forms(f) for f in forms)


def outlet_key(source: str) -> str:
    """One key per outlet: the corpus spells outlets two ways ("thehuffingtonpost",
    "The Huffington Post")."""
    s = re.sub(r"[^a-z0-9]", "", str(source).lower())
    return s.removeprefix("the")


def _folder(data_dir: str | Path | None) -> Path:
    root = gold_dir(data_dir)
    if root is None:
        raise BenchmarkUnavailable(f"{BENCHMARK}: no gold folder found (set FRAMING_GOLD_DIR or place ../shared)")
    folder = root / BENCHMARK / "data"
    for name in ("articles_metadata.tsv", "role_and_frame_annotations.tsv"):
        if not (folder / name).is_file():
            raise BenchmarkUnavailable(f"{BENCHMARK}: {folder / name} not found")
    return folder


@lru_cache(maxsize=2)
def _read(folder: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    art = pd.read_csv(Path(folder) / "articles_metadata.tsv", sep="\t", dtype={"ID": str}, keep_default_na=False)
    rows = pd.read_csv(
        Path(folder) / "role_and_frame_annotations.tsv", sep="\t", dtype={"ID": str}, keep_default_na=False
    )
    articles = pd.DataFrame(
        {
            "doc_id": art["ID"],
            "outlet": art["source"].map(outlet_key),
            "mbfc": art["mbfc"],
            "text": art["text"].astype(str),
        }
    )
    gold = pd.DataFrame(
        {
            "doc_id": rows["ID"],
            "entity": rows["entity"].astype(str).str.strip(),
            "group": rows["group"],
            "role": rows["role"].str.strip().str.lower(),
        }
    )
    gold = gold[gold["role"].isin(ROLES) & (gold["entity"] != "")]
    return articles, gold.drop_duplicates(["doc_id", "entity", "role"]).reset_index(drop=True)


def load_narrative_roles(data_dir: str | Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The corpus's articles (``doc_id, outlet, mbfc, text``; outlet spellings unified) and its
    entity-role triples (``doc_id, entity, group, role``; one row per distinct article, entity
    string and role). Read from the gold folder at call time; nothing is copied."""
    articles, gold = _read(str(_folder(data_dir)))
    return articles.copy(), gold.copy()
