"""The work per span does not grow with the sentence or the document (issue 29), counted, never
timed. A 200 KB sentence took 42 s because the context rules searched the whole sentence again for
every loaded span (``loaded_context.apply_rules``) and the attribution finder read the whole
sentence before every cue; a 50 MB document did not finish because every span's voice was looked
up by scanning every quotation (``quotes.voice_of``). Each test builds an input at n and at 2n
and counts the characters or items the step examines per span: the count must stay flat (it
doubled with the old code). ``benchmarks/linear_cost.py`` times the whole profile."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.measures import loaded_context
from analysis.measures.quotes import merge_regions, voice_of
from analysis.measures.span_columns import SpanRow

#: One clause of a sports report; "massacred" is a loaded lexicon term that the ``sport_score`` and
#: ``sport_vocabulary`` rules drop when the sentence is about a match (their ``sentence`` regex).
CLAUSE = "Liverpool massacred Leeds 6-0 in the final and the fans sang for an hour, "


class Counting:
    """A compiled regex that adds the length of every text range it is given to ``chars``."""

    def __init__(self, pattern: re.Pattern, tally: list[int]):
        self.pattern, self.tally = pattern, tally

    def _count(self, text: str, pos: int = 0, endpos: int | None = None) -> None:
        endpos = len(text) if endpos is None else min(endpos, len(text))
        self.tally[0] += max(0, endpos - pos)

    def search(self, text, pos=0, endpos=None):
        self._count(text, pos, endpos)
        return self.pattern.search(text, pos, len(text) if endpos is None else endpos)

    def match(self, text, pos=0, endpos=None):
        self._count(text, pos, endpos)
        return self.pattern.match(text, pos, len(text) if endpos is None else endpos)


def counting_rules(tally: list[int]) -> tuple:
    """The shipped context rules, every regex counting what it reads."""
    fields = ("terms", "before", "after", "sentence")
    return tuple(
        rule._replace(**{f: Counting(getattr(rule, f), tally) for f in fields if getattr(rule, f) is not None})
        for rule in loaded_context.load_rules()
    )


def sports_sentence(clauses: int) -> tuple[str, list[tuple], list[tuple[int, int]]]:
    """One sentence of ``clauses`` clauses, a loaded span on each "massacred"."""
    text = (CLAUSE * clauses).rstrip(", ") + "."
    rows = [
        SpanRow(
            "d", m.start(), m.end(), m.group(), "loaded", "violence", "massacre", "", "authorial", 0, "", math.nan, ""
        )
        for m in re.finditer("massacred", text)
    ]
    return text, rows, [(0, len(text))]


def test_context_rules_read_a_bounded_window_per_span():
    per_span = []
    for clauses in (200, 400):
        tally = [0]
        text, rows, bounds = sports_sentence(clauses)
        out = loaded_context.apply_rules(text, rows, bounds, counting_rules(tally))
        assert out == [], "every 'massacred' in a match report is dropped by the sport rules"
        per_span.append(tally[0] / len(rows))
    # the sentence condition is read once per sentence (not once per span): flat per span
    assert per_span[1] <= 1.1 * per_span[0], per_span


def test_context_rules_give_the_same_labels_as_a_search_per_span():
    """The reused sentence answer is the answer: a long sentence mixing a match report and a
    killing keeps the drop for the sport term and the label for the negated one."""
    text = "Liverpool massacred Leeds 6-0 in the final, " * 50 + "and officials denied a massacre took place."
    rows = [
        SpanRow(
            "d", m.start(), m.end(), m.group(), "loaded", "violence", m.group(), "", "authorial", 0, "", math.nan, ""
        )
        for m in re.finditer(r"massacred?", text)
    ]
    out = loaded_context.apply_rules(text, rows, [(0, len(text))])
    # the sport rules look at the whole sentence: it is a match report, so every span is dropped
    assert out == []
    alone = "Officials denied a massacre took place."
    s = alone.index("massacre")
    row = SpanRow("d", s, s + 8, "massacre", "loaded", "violence", "massacre", "", "authorial", 0, "", math.nan, "")
    (kept,) = loaded_context.apply_rules(alone, [row], [(0, len(alone))])
    assert kept.context == "negated"


class CountingRegions(Sequence):
    """Quoted-voice regions that count how many of them are looked at."""

    def __init__(self, regions: list[tuple[int, int]]):
        self.regions, self.reads = regions, 0

    def __len__(self) -> int:
        return len(self.regions)

    def __getitem__(self, i):
        self.reads += 1
        return self.regions[i]


def test_voice_of_looks_at_a_logarithmic_number_of_regions():
    """A document with n quotations (``“quoted words” then authorial words``, repeated): the voice
    of spans spread over the document looks at about log2(n) regions each, not up to n."""
    reads = []
    for n in (1_000, 2_000):
        regions = CountingRegions(merge_regions((100 * i + 10, 100 * i + 40) for i in range(n)))
        spans = [(100 * i + 20, 100 * i + 25) for i in range(0, n, 7)] + [
            (100 * i + 60, 100 * i + 65) for i in range(0, n, 7)
        ]
        voices = [voice_of(regions, s, e) for s, e in spans]
        assert voices == ["quoted"] * (len(spans) // 2) + ["authorial"] * (len(spans) // 2)
        reads.append(regions.reads / len(spans))
    assert reads[0] <= math.log2(1_000) + 3 and reads[1] <= reads[0] + 2, reads


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 20)), max_size=12),
    st.integers(0, 80),
    st.integers(0, 10),
)
def test_voice_of_equals_a_scan_of_every_region(raw, start, length):
    regions = merge_regions((s, s + w) for s, w in raw)
    end = start + length
    scan = "quoted" if any(s <= start and end <= e for s, e in regions) else "authorial"
    assert voice_of(regions, start, end) == scan


class CountingText(str):
    """A text that counts the characters of every slice taken of it."""

    sliced = 0

    def __getitem__(self, key):
        if isinstance(key, slice):
            a, b, _ = key.indices(len(self))
            CountingText.sliced += max(0, b - a)
        return str.__getitem__(self, key)


#: One clause of a reported statement: a reporting verb after a named source ("X said ...").
REPORTED = "the minister said the talks had stalled and the envoy told reporters that aid was late, "


def test_attribution_reads_a_bounded_window_per_cue():
    """One long sentence of reported speech: the characters sliced per cue stay flat when the
    sentence doubles (the old inversion check sliced the whole sentence before every cue, and the
    heading check the whole sentence after it)."""
    from analysis.measures.attribution import attribution_records

    per_cue = []
    for clauses in (150, 300):
        text = CountingText((REPORTED * clauses).rstrip(", ") + ".")
        CountingText.sliced = 0
        rows = attribution_records(text, [(0, len(text))])
        assert len(rows) >= 2 * clauses  # "said" and "told" of every clause
        per_cue.append(CountingText.sliced / len(rows))
    assert per_cue[1] <= 1.2 * per_cue[0], per_cue


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=list("”\"', \n\ta"), max_size=12))
def test_quote_before_equals_its_regex(before):
    """The bounded check reads only the end of the text and answers as the regex it replaces."""
    from analysis.measures.attribution_cues import _QUOTE_BEFORE, _quote_before

    text = "x" + before + "said"
    assert _quote_before(text, 1, 1 + len(before)) == bool(_QUOTE_BEFORE.search(before))
