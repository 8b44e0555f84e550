"""Turn bytes on disk into text, and say what went wrong when they cannot be.

Every input is either decoded (with any fallback recorded as a warning) or rejected with a reason;
nothing is dropped silently. Decoding order: UTF-8 (a byte-order mark is removed), then
Windows-1252, then Latin-1 (which never fails). Binary files (NUL bytes, or many control bytes) are
rejected. HTML (by extension or by its markup) is reduced to its visible text, without scripts,
styles, navigation, headers, footers, forms or asides.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1f]")
_HTML_SNIFF = re.compile(r"^\s*(?:<!DOCTYPE\s+html|<html\b|<head\b|<body\b)|<(?:p|div|br|span|a|script)\b[^>]*>", re.IGNORECASE)


class InputError(ValueError):
    """An input that cannot be read as a document; the message says why."""


@dataclass
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def decode_bytes(data: bytes, name: str = "input") -> Decoded:
    """Decode ``data`` as UTF-8, falling back to cp1252 then Latin-1 with a recorded warning.

    Raises :class:`InputError` for empty or binary input."""
    if not data.strip():
        raise InputError("empty file")
    sample = data[:8192]
    if b"\x00" in sample or len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise InputError("binary file (NUL or control bytes)")
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
    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
             "blockquote", "pre", "title", "ul", "ol", "table", "dd", "dt", "figcaption"}

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
