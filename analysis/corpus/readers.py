"""Turn bytes on disk into text, and say what went wrong when they cannot be.

Every input is either decoded (with any fallback recorded as a warning) or rejected with a reason;
nothing is dropped silently. Decoding order: UTF-16 or UTF-32 when a byte-order mark names them,
else UTF-8 (a byte-order mark is removed), then Windows-1252, then Latin-1 (which never fails).
Binary files (a NUL byte anywhere, or many control bytes) are rejected; in CSV/JSONL files binary
content is judged record by record (:func:`looks_binary`), so only the bad record is skipped. HTML (by extension or by its markup) is reduced to its visible text, without scripts,
styles, navigation, headers, footers, forms or asides.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1f]")
_CONTROL_STR = re.compile(r"[\x00-\x08\x0e-\x1f]")
_HTML_SNIFF = re.compile(
    r"^\s*(?:<!DOCTYPE\s+html|<html\b|<head\b|<body\b)|<(?:p|div|br|span|a|script)\b[^>]*>", re.IGNORECASE
)


class InputError(ValueError):
    """An input that cannot be read as a document; the message says why."""


@dataclass
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


#: byte-order marks that name a UTF-16/32 encoding (UTF-32 first: its LE mark starts like UTF-16's)
_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def bom_encoding(head: bytes) -> str | None:
    """``"utf-16"`` or ``"utf-32"`` when ``head`` (the first bytes of a file; four suffice) starts
    with a byte-order mark naming that encoding, else None (UTF-8, with or without its mark)."""
    return next((enc for bom, enc in _WIDE_BOMS if head.startswith(bom)), None)


def looks_binary(text: str | bytes) -> str:
    """Why ``text`` (one document or one record) is binary rather than text: a NUL anywhere, or
    more control characters than 1 in 100 (at least 9); "" when it is text."""
    nul, control = ("\x00", _CONTROL_STR) if isinstance(text, str) else (b"\x00", _CONTROL)
    at = text.find(nul)
    if at >= 0:
        return (
            f"binary content (NUL at character {at})"
            if isinstance(text, str)
            else f"binary file (NUL byte at offset {at})"
        )
    if len(control.findall(text)) > max(8, len(text) // 100):
        return "binary content (control characters)"
    return ""


def decode_bytes(data: bytes, name: str = "input", records: bool = False) -> Decoded:
    """Decode ``data``: UTF-16/32 when a byte-order mark says so, else UTF-8 (its mark removed),
    falling back to cp1252 then Latin-1 with a recorded warning.

    Raises :class:`InputError` for empty input, and for binary input (a NUL anywhere, or many
    control bytes). With ``records=True`` (CSV/JSONL) binary content is judged per record by the
    caller (:func:`looks_binary`), so one bad record does not reject the file."""
    if not data.strip():
        raise InputError("empty file")
    if enc := bom_encoding(data):
        try:
            text = data.decode(enc)  # the codec reads the mark for the byte order and drops it
        except UnicodeDecodeError as err:
            raise InputError(
                f"invalid {enc.upper()} at byte {err.start} (byte-order mark says {enc.upper()})"
            ) from None
        if not records and (why := looks_binary(text)):
            raise InputError(why)
        if not text.strip():
            raise InputError("empty file")
        return Decoded(text, enc, [f"{enc.upper()} text (byte-order mark): decoded as {enc.upper()}"])
    if not records:
        sample = data[:8192]
        if b"\x00" in data or len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
            raise InputError(looks_binary(data) or "binary file (NUL or control bytes)")
    warnings = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        warnings.append("UTF-8 byte-order mark removed")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", warnings)
    except UnicodeDecodeError as err:
        bad = f"invalid UTF-8 at byte {err.start}"
    for enc in ("cp1252", "latin-1"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        warnings.append(f"{bad}; decoded as {enc}")
        return Decoded(text, enc, warnings)
    raise InputError(bad)  # pragma: no cover - latin-1 decodes every byte


class _TextExtractor(HTMLParser):
    SKIP = {"script", "style", "nav", "header", "footer", "form", "aside", "noscript", "svg", "button", "iframe"}
    BLOCK = {
        "p",
        "div",
        "br",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "section",
        "article",
        "blockquote",
        "pre",
        "title",
        "ul",
        "ol",
        "table",
        "dd",
        "dt",
        "figcaption",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip_depth += 1
        if tag == "title":
            self._in_title = True
        if tag in self.BLOCK:
            self.parts.append("\n\n" if tag != "br" else "\n")
        if tag == "li":
            self.parts.append("• ")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skip_depth:
            self.skip_depth -= 1
        if tag == "title":
            self._in_title = False
        if tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if self._in_title:
            self.title += data
            return
        if not self.skip_depth:
            self.parts.append(re.sub(r"\s+", " ", data))


def looks_like_html(text: str) -> bool:
    """True when ``text`` carries HTML markup (a doctype, html/body tags or common block tags)."""
    return bool(_HTML_SNIFF.search(text[:4096]))


def html_to_text(markup: str) -> tuple[str, str]:
    """Visible text of an HTML page and its ``<title>``; paragraphs separated by blank lines."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return html.unescape(text), parser.title.strip()
