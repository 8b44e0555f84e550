"""Separate body text from web-page furniture, and read publication metadata from the text.

What counts as furniture (removed from the body, kept in ``boilerplate``):

* crawl-date lines at the top of a saved page ("Tuesday, July 16, 2024"): the date the page was
  fetched, not published;
* breadcrumb lines ("HomeStatementsStatements: Ashraf / Liberty..." or "Home > News > ...");
* theme artefacts ("Exit mobile version", "Skip to content", "Share this:");
* reader comments: from a comment header ("One thought on ...", "3 thoughts on ...",
  "2 Comments", "Leave a Reply") to the end, kept in ``comments``, never in the body.

Publication metadata comes only from explicit markers:

* a sign-off: a date line, optionally with a place ("Paris, 7 March 2013"), as the last line, under
  a signatory line ("Secretariat of the Example Council" / "March 7, 2013"); the signatory is the
  publisher;
* a press-release header among the first lines ("PRESS RELEASE – 7 March 2013", "NEWS RELEASE:
  The Coalition"): removed from the body; its date or name is the date or the publisher;
* a headline naming its author ("Statement of the Example Council on ..."): the publisher;
* a lede marker ("ABC – The leader of ..."): an acronym and a dash opening the first paragraph
  names the publisher; it is removed from the body as a byline;
* a wire dateline ("BAGHDAD, March 7 (Reuters) -"): the agency is the publisher; the date counts
  only with its year;
* a wire credit opening the first paragraph ("Washington (AFP) –", "WASHINGTON (AP) —",
  "(Reuters) -"): the document is wire copy (``wire_agency`` names the agency), whoever republished
  it; its publisher is not changed.

A date the text merely mentions ("the February 9 rocket attack") is never a publication date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_ABBR = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"

_CRAWL_DATE = re.compile(rf"^\s*(?:{WEEKDAYS}),\s+(?:{MONTHS})\s+\d{{1,2}},\s+\d{{4}}\s*$")
_BREADCRUMB = re.compile(r"^\s*Home(?:[A-Z]|\s*[>»/|›]\s*)")
_FURNITURE = re.compile(
    r"^\s*(?:Exit mobile version|Skip to (?:main )?content|Share this:?|Print this page|"
    r"Related posts?:?|Advertisement)\s*$",
    re.IGNORECASE,
)
_COMMENTS_HEADER = re.compile(
    r"^\s*(?:(?:One|Two|Three|Four|Five|\d+)\s+(?:thoughts?|responses?|comments?|replies)\s+(?:on|to)\b.*"
    r"|\d+\s+Comments?\s*$|Leave a (?:Reply|Comment)\b.*|Comments\s*$)",
    re.IGNORECASE,
)
_SIGNOFF_DATE = re.compile(
    rf"^\s*(?:(?P<place>[A-Z][A-Za-z.'’ -]{{1,40}}),\s+)?"
    rf"(?P<date>(?:{MONTHS})\s+\d{{1,2}},\s+\d{{4}}|\d{{1,2}}\s+(?:{MONTHS})\s+\d{{4}})\s*$"
)
#: A press-release header line ("PRESS RELEASE – 7 March 2013", "NEWS RELEASE: The Coalition").
_RELEASE_HEADER = re.compile(
    r"^\s*(?:PRESS RELEASE|NEWS RELEASE|Press Release|News Release|FOR IMMEDIATE RELEASE|"
    r"For Immediate Release)\b\s*[–—:|-]?\s*(?P<rest>.*?)\s*$"
)
#: A headline naming its author: "Statement of the Example Council on ...", "Statement by X".
_STATEMENT_OF = re.compile(
    r"^\s*(?:Joint\s+)?(?:Statement|Declaration|Communiqu[ée])\s+(?:of|by|from)\s+(?:the\s+)?"
    r"(?P<who>[A-Z][^,:–—]{2,90}?)(?=\s+(?:on|about|regarding|concerning|in|at)\s|\s*[,:–—]|\s*$)"
)
_LEDE = re.compile(r"^(?P<who>[A-Z][A-Za-z]{1,11}(?: [A-Z][A-Za-z]{1,11})?)\s+[–—-]\s+(?=\S)")
_DATELINE = re.compile(
    rf"^(?P<place>[A-Z][A-Z .,'-]{{2,40}}),\s+(?P<date>(?:{MONTHS}|{_MONTH_ABBR})\.?\s+\d{{1,2}}(?:,\s+\d{{4}})?)"
    r"\s*(?:\((?P<agency>[A-Za-z&. ]+)\))?\s*[–—-]\s+"
)

#: News agencies whose credit in a dateline marks a text as wire copy.
WIRE_AGENCIES = (
    "AP",
    "Associated Press",
    "AFP",
    "Agence France-Presse",
    "Reuters",
    "Bloomberg",
    "UPI",
    "dpa",
    "DPA",
    "Xinhua",
    "ANSA",
    "EFE",
    "Kyodo",
    "Yonhap",
    "PA",
    "CNS",
)
#: A wire credit at the start of the first paragraph: an optional place (and date), the agency in
#: brackets, a dash ("Washington (AFP) –", "WASHINGTON (AP) —", "(Reuters) -").
_WIRE = re.compile(
    r"^(?:(?P<place>[A-Z][A-Za-z .,'-]{1,40}?)(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?)?\s+)?"
    r"\((?P<agency>" + "|".join(re.escape(a) for a in WIRE_AGENCIES) + r")\)\s*[–—-]\s+"
)

#: Known lede acronyms and the publisher they stand for (none built in: a manifest or a
#: ``publisher`` column gives the full name; an all-capitals lede is read as the acronym).
LEDE_PUBLISHERS: dict[str, str] = {}


@dataclass
class Cleaned:
    """A document split into title, body and what is not body, with metadata found on the way."""

    title: str = ""
    body: str = ""
    publisher: str = ""
    date: str = ""  # ISO 8601 or empty
    date_marker: str = ""  # which marker gave the date ("sign-off", "dateline")
    boilerplate: list[str] = field(default_factory=list)
    comments: str = ""
    signoff: str = ""
    wire_agency: str = ""  # the agency of a wire credit ("AFP"), when the text is wire copy


def parse_date(text: str) -> str:
    """ISO 8601 date of a written date ("March 7, 2013", "7 March 2013"), or "" if none."""
    text = re.sub(r"\s+", " ", text.strip().replace(",", ", ")).replace(" ,", ",")
    for fmt in ("%B %d, %Y", "%d %B %Y", "%b %d, %Y", "%b. %d, %Y"):
        try:
            return datetime.strptime(text.replace(",  ", ", "), fmt).date().isoformat()
        except ValueError:
            continue
    return ""


def _strip_comments(lines: list[str]) -> tuple[list[str], str]:
    for i, line in enumerate(lines):
        if _COMMENTS_HEADER.match(line):
            return lines[:i], "\n".join(lines[i:]).strip()
    return lines, ""


def _strip_furniture(lines: list[str]) -> tuple[list[str], list[str]]:
    kept, removed = [], []
    seen_text = False
    for line in lines:
        if _FURNITURE.match(line) or _BREADCRUMB.match(line) or (not seen_text and _CRAWL_DATE.match(line)):
            removed.append(line.strip())
            continue
        if line.strip():
            seen_text = True
        kept.append(line)
    return kept, removed


def _strip_signoff(lines: list[str]) -> tuple[list[str], str, str, str]:
    """Remove a trailing "signatory / date" sign-off; return (lines, signatory, iso_date, raw)."""
    idx = [i for i, line in enumerate(lines) if line.strip()]
    if len(idx) < 2:
        return lines, "", "", ""
    last, prev = idx[-1], idx[-2]
    m = _SIGNOFF_DATE.match(lines[last])
    signatory = lines[prev].strip()
    # a signatory line is short, has no sentence punctuation and directly precedes the date
    if m and last == prev + 1 and len(signatory.split()) <= 14 and not re.search(r"[.!?:;]$", signatory):
        raw = lines[prev].strip() + "\n" + lines[last].strip()
        return lines[:prev], signatory, parse_date(m.group("date")), raw
    return lines, "", "", ""


def _is_acronym(word: str) -> bool:
    """An organisation's acronym opening a lede ("NCRI –", "UNHCR –"): one all-capital word of
    two to five letters. A longer capitalised word ("WASHINGTON –") is a dateline's place."""
    return word.isupper() and word.isalpha() and 2 <= len(word) <= 5


def publisher_from_headline(headline: str) -> str:
    """The author a headline names ("Statement by Press Secretary Jen Psaki on ..." -> "Press
    Secretary Jen Psaki"; "Statement of the Example Council" -> "Example Council"), else ""."""
    m = _STATEMENT_OF.match(headline or "")
    return m.group("who").strip() if m else ""


def _strip_release_header(lines: list[str], out: Cleaned) -> list[str]:
    """Remove a press-release header among the first lines ("PRESS RELEASE – 7 March 2013"):
    a date after it is the publication date, a name the publisher."""
    first = [i for i, line in enumerate(lines) if line.strip()][:3]
    for i in first:
        m = _RELEASE_HEADER.match(lines[i])
        if not m:
            continue
        rest = m.group("rest").strip(" –—:-|")
        when = parse_date(rest) if rest else ""
        if when:
            out.date, out.date_marker = when, "press-release header"
        elif rest and len(rest.split()) <= 10 and rest[0].isupper() and not rest.endswith("."):
            out.publisher = rest
        out.boilerplate.append(lines[i].strip())
        return lines[:i] + lines[i + 1 :]
    return lines


def publisher_from_signatory(signatory: str) -> str:
    """The organisation named by a signatory line ("Secretariat of the National Council of
    Resistance of Iran" -> "National Council of Resistance of Iran")."""
    s = re.sub(
        r"^(?:The\s+)?(?:Secretariat|Office|Press Office|Foreign Affairs Committee)\s+of\s+(?:the\s+)?", "", signatory
    )
    for name in LEDE_PUBLISHERS.values():
        if s.lower() == name.split(" (")[0].lower():
            return name
    return s


#: Longest first line still read as a headline (in words).
HEADLINE_MAX_WORDS = 30


def looks_like_headline(line: str, rest: list[str]) -> bool:
    """Whether the first line of a text is its headline: more text follows it, it is short
    (at most :data:`HEADLINE_MAX_WORDS` words), and it does not end like a prose sentence (a
    full stop) unless a blank line sets it apart and it holds one sentence only ("The Ninth
    Circle: The View from Inside the Beltway, #2." above a blank line). A one-paragraph text
    therefore stays all body, with an empty title."""
    line = line.strip()
    if not any(r.strip() for r in rest):
        return False
    if len(line.split()) > HEADLINE_MAX_WORDS:
        return False
    if not line.endswith("."):
        return True
    set_apart = bool(rest) and not rest[0].strip()
    one_sentence = not re.search(r"[.!?][\"”’)]?\s+[A-Z]", line[:-1])
    return set_apart and one_sentence


def clean_text(raw: str, has_title: bool = False) -> Cleaned:
    """Split normalised text into title, body, furniture, comments and sign-off; read the
    publisher and the publication date from explicit markers only (see module docstring).

    With ``has_title`` (the record brings its own title field) no line is taken as a headline:
    the text is all body."""
    lines = raw.split("\n")
    lines, comments = _strip_comments(lines)
    lines, removed = _strip_furniture(lines)
    lines, signatory, signoff_date, signoff_raw = _strip_signoff(lines)
    out = Cleaned(boilerplate=removed, comments=comments, signoff=signoff_raw)
    lines = _strip_release_header(lines, out)
    # title: the first non-empty line
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines and not has_title and looks_like_headline(lines[0], lines[1:]):
        out.title = lines.pop(0).strip()
    while lines and not lines[0].strip():
        lines.pop(0)
    # the same title repeated (breadcrumb pages print it twice)
    if lines and lines[0].strip() == out.title:
        lines.pop(0)
    body = "\n".join(lines).strip("\n")
    # lede marker or dateline at the start of the first prose paragraph (bullets skipped)
    paragraphs = body.split("\n")
    first_i = next((i for i, p in enumerate(paragraphs) if p.strip() and not re.match(r"\s*[•\u2022*-]\s", p)), None)
    if first_i is not None and first_i <= 4:
        first = paragraphs[first_i].lstrip()
        m = _LEDE.match(first)
        d = _DATELINE.match(first)
        w = _WIRE.match(first)
        if w:
            out.wire_agency = w.group("agency")
        if m and (m.group("who") in LEDE_PUBLISHERS or _is_acronym(m.group("who"))):
            who = m.group("who")
            out.publisher = LEDE_PUBLISHERS.get(who, who)
            out.boilerplate.append(m.group(0).strip())
            paragraphs[first_i] = first[m.end() :]
        elif d:  # a wire dateline: the agency is the publisher, the date only with its year
            if re.search(r"\d{4}", d.group("date")):
                out.date = parse_date(d.group("date").replace(".", ""))
                out.date_marker = "dateline" if out.date else ""
            if d.group("agency"):
                out.publisher = d.group("agency").strip()
        body = "\n".join(paragraphs)
    if not out.publisher:
        out.publisher = publisher_from_headline(out.title or (paragraphs[0] if body else ""))
    if signatory:
        out.publisher = publisher_from_signatory(signatory)
    if signoff_date:
        out.date, out.date_marker = signoff_date, "sign-off"
    out.body = body.strip()
    return out


#: Longest line of a hard-wrapped text (columns); paragraphs written on one line are longer.
WRAP_MAX_WIDTH = 100
_LIST_ITEM = re.compile(r"^\s*(?:[-*•\u2022]|\d{1,3}[.)])\s")


def unwrap_hard_wrapped(text: str) -> tuple[str, int]:
    """Join the lines of a hard-wrapped text (a line break every ~60-80 characters) back into
    paragraphs; return the text and the number of line breaks removed (0: left as it was).

    A text counts as hard-wrapped when it has at least four lines inside paragraphs, none longer
    than :data:`WRAP_MAX_WIDTH`, and most of them were broken because the next word did not fit: a
    greedy wrapper (textwrap, ``fmt``, e-mail clients) ends a line exactly when its length plus a
    space plus the next word would pass the width, so such a line is joined to the next one. A
    shorter line (a headline, a sign-off, a paragraph's last line), a list item and a blank line
    end a paragraph."""
    lines = text.split("\n")
    body = [ln.rstrip() for ln in lines if ln.strip()]
    if len(body) < 4:
        return text, 0
    width = max(len(ln) for ln in body)
    if width > WRAP_MAX_WIDTH:
        return text, 0

    def fills(i: int) -> bool:
        cur, nxt = lines[i].rstrip(), lines[i + 1].strip()
        if not cur.strip() or not nxt or _LIST_ITEM.match(lines[i + 1]):
            return False
        return len(cur) + 1 + len(nxt.split()[0]) > width

    candidates = [i for i in range(len(lines) - 1) if lines[i].strip() and lines[i + 1].strip()]
    joins = [i for i in candidates if fills(i)]
    if len(joins) < 3 or len(joins) < 0.6 * len(candidates):
        return text, 0
    out, joined = [lines[0].rstrip()], set(joins)
    for i in range(1, len(lines)):
        if i - 1 in joined:
            out[-1] = out[-1] + " " + lines[i].strip()
        else:
            out.append(lines[i].rstrip())
    return "\n".join(out), len(joins)


def is_valid_iso_date(value: str) -> bool:
    """True for an ISO 8601 calendar date string (YYYY-MM-DD)."""
    try:
        date.fromisoformat(value)
        return True
    except (TypeError, ValueError):
        return False
