"""The scoring context: everything scoring reads besides a document, as one explicit object.

A :class:`ScoringContext` holds

* the **user lexicons** (``--lexicon FILE.csv``), by content: the bytes of each file as it was
  read when the context was made (:mod:`analysis.measures.user_lexicon` says what their rows do);
* the **publisher aliases**: further names under which a publisher speaks of itself, declared by
  a ``publisher_aliases`` column or manifest field of the study's documents
  (:func:`analysis.measures.source_types.self_reference_names`).

It is built once per study (:meth:`ScoringContext.create`), passed to every scoring function and
handed to worker processes as an argument, so nothing is installed into module globals: two
studies with different aliases or lexicons in one process score exactly as they would in two
processes. Shipped lexicons and models are package data, the same for every context. Whatever a
context derives (merged lexicons, compiled matchers) is memoised by its content :attr:`key`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

__all__ = ["ScoringContext", "DEFAULT_CONTEXT", "context_for"]


def _split_aliases(value) -> tuple[str, ...]:
    from analysis.measures.source_types import split_aliases

    return split_aliases(value)


@dataclass(frozen=True)
class ScoringContext:
    """User lexicons (``(name, bytes)`` pairs), publisher aliases (``(publisher, aliases)``
    pairs) and the framing analyses turned on (:data:`analysis.measures.extras.EXTRA_ANALYSES`) a
    study is scored with; see the module docstring. Immutable and hashable."""

    lexicon_files: tuple[tuple[str, bytes], ...] = ()
    publisher_aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    analyses: tuple[str, ...] = ()

    # -- building -------------------------------------------------------------------------------

    @classmethod
    def create(cls, lexicons=(), documents: pd.DataFrame | None = None, analyses=()) -> ScoringContext:
        """A context from user lexicon files (paths; read and validated now: ValueError or
        FileNotFoundError naming the file), the aliases declared by ``documents`` and the framing
        ``analyses`` to run (:func:`analysis.measures.extras.check_analyses`)."""
        from analysis.measures.extras import check_analyses
        from analysis.measures.user_lexicon import parse_user_lexicon

        files = []
        for p in lexicons or ():
            path = Path(p)
            if not path.is_file():
                raise FileNotFoundError(f"no lexicon file {path}")
            data = path.read_bytes()
            parse_user_lexicon(data, str(path))  # fail now, naming the file, row and column
            files.append((str(path), data))
        return cls(tuple(files), (), check_analyses(analyses)).with_documents(documents)

    def with_documents(self, documents: pd.DataFrame | None) -> ScoringContext:
        """This context plus the ``publisher_aliases`` declared by ``documents`` (a documents frame;
        no change without the column). Aliases of one publisher from several documents are merged
        in order of appearance."""
        if documents is None or "publisher_aliases" not in getattr(documents, "columns", ()):
            return self
        merged: dict[str, list[str]] = {p: list(a) for p, a in self.publisher_aliases}
        pubs = documents["publisher"].fillna("") if "publisher" in documents.columns else [""] * len(documents)
        for pub, aliases in zip(pubs, documents["publisher_aliases"]):
            names = _split_aliases(aliases)
            if pub and names:
                have = merged.setdefault(str(pub), [])
                have += [n for n in names if n not in have]
        aliases = tuple((p, tuple(a)) for p, a in merged.items())
        return self if aliases == self.publisher_aliases else ScoringContext(self.lexicon_files, aliases, self.analyses)

    # -- identity -------------------------------------------------------------------------------

    @property
    def key(self) -> str:
        """sha256 over the lexicon bytes and the aliases: part of every cache key of scores."""
        return _key(self)

    @property
    def is_default(self) -> bool:
        return not self.lexicon_files and not self.publisher_aliases and not self.analyses

    # -- what scoring reads ---------------------------------------------------------------------

    def self_names(self, publisher: str | None) -> tuple[str, ...]:
        """The aliases declared for ``publisher`` (or a publisher naming the same body: "NCRI" and
        "National Council of Resistance of Iran (NCRI)")."""
        if not publisher or not self.publisher_aliases:
            return ()
        from analysis.measures.source_types import names_same_publisher

        out: list[str] = []
        for p, aliases in self.publisher_aliases:
            if names_same_publisher(publisher, p):
                out += [a for a in aliases if a not in out]
        return tuple(out)

    def user_entries(self) -> pd.DataFrame:
        """The entries of every user lexicon, later files overriding earlier ones."""
        return _user_entries(self.lexicon_files).copy()

    def lexicon(self, name: str) -> pd.DataFrame:
        """A shipped lexicon ("loaded", "hedges", "boosters") with this context's user entries of its
        category merged in (:func:`analysis.measures.user_lexicon.merge_user_entries`)."""
        return _merged_lexicon(self.lexicon_files, name).copy()

    def extra_categories(self) -> list[str]:
        """Categories of user entries that are not shipped ones (each a span category and a
        ``<category>_per_1k`` rate), in file order."""
        return list(_extra_categories(self.lexicon_files))

    def loaded_subcategories(self) -> list[str]:
        """Subcategories of the loaded-terminology lexicon as this context sees it, in file order."""
        return list(dict.fromkeys(_merged_lexicon(self.lexicon_files, "loaded")["subcategory"]))

    def matchers(self) -> dict:
        """Span category -> compiled matcher: the shipped lexicons with the user entries merged in,
        and one matcher per extra user category (memoised by content)."""
        return dict(_matchers(self.lexicon_files))


#: The context of a study with no user lexicon and no declared aliases.
DEFAULT_CONTEXT = ScoringContext()


def context_for(documents: pd.DataFrame | None, context: ScoringContext | None = None) -> ScoringContext:
    """``context`` (default: :data:`DEFAULT_CONTEXT`) plus the aliases ``documents`` declare: what
    the one-call helpers (``corpus_spans(docs)``, ``profile_frame(docs)``) score with."""
    return (context or DEFAULT_CONTEXT).with_documents(documents)


@lru_cache(maxsize=64)
def _key(ctx: ScoringContext) -> str:
    h = hashlib.sha256()
    for _name, data in ctx.lexicon_files:
        h.update(b"lexicon\0" + hashlib.sha256(data).digest())
    for pub, aliases in ctx.publisher_aliases:
        h.update(("alias\0" + pub + "\0" + "\x1f".join(aliases)).encode())
    if ctx.analyses:
        h.update(("analyses\0" + ",".join(ctx.analyses)).encode())
    return h.hexdigest()[:24]


@lru_cache(maxsize=16)
def _user_entries(files: tuple[tuple[str, bytes], ...]) -> pd.DataFrame:
    from analysis.measures.user_lexicon import combine_user_entries, parse_user_lexicon

    return combine_user_entries([parse_user_lexicon(data, name) for name, data in files])


@lru_cache(maxsize=32)
def _merged_lexicon(files: tuple[tuple[str, bytes], ...], name: str) -> pd.DataFrame:
    from analysis.measures.lexicon import LEXICON_CATEGORIES, load_lexicon
    from analysis.measures.user_lexicon import merge_user_entries

    base = load_lexicon(name)
    if not files:
        return base
    return merge_user_entries(base, LEXICON_CATEGORIES[Path(name).stem], _user_entries(files))


@lru_cache(maxsize=16)
def _extra_categories(files: tuple[tuple[str, bytes], ...]) -> tuple[str, ...]:
    from analysis.measures.user_lexicon import extra_categories

    return tuple(extra_categories(_user_entries(files))) if files else ()


@lru_cache(maxsize=8)
def _matchers(files: tuple[tuple[str, bytes], ...]) -> tuple:
    from analysis.measures.lexicon import LexiconMatcher, get_matcher
    from analysis.measures.span_columns import LEXICON_OF_CATEGORY

    out = {}
    for category, name in LEXICON_OF_CATEGORY.items():
        out[category] = get_matcher(name) if not files else LexiconMatcher(_merged_lexicon(files, name), name=name)
    if files:
        ent = _user_entries(files)
        for c in _extra_categories(files):
            out[c] = LexiconMatcher(ent[ent["category"] == c].reset_index(drop=True), name=f"user:{c}")
    return tuple(out.items())
