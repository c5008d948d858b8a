"""A document as it will be published, as safe HTML in which every sentence is clickable.

The document is rendered with the current translations exactly as `loc compile` does
(`Document.render`), with each sentence wrapped in private-use markers; the result is
then turned into HTML (Markdown by markdown-it with raw HTML off, an HTML document
through an allow-list of elements and attributes, plain text as paragraphs) and only
then do the markers become `<span data-id>` elements. No markup from a document or a
translation reaches the page except the allowed elements, rebuilt by lxml.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import lxml.html
from markdown_it import MarkdownIt

from loc.documents import PLACEHOLDER, Document

_OPEN, _MIDDLE, _CLOSE = "\ue001", "\ue002", "\ue003"
_DIGITS = "\ue010\ue011\ue012\ue013\ue014\ue015\ue016\ue017\ue018\ue019"
_MARKERS = re.compile(f"[{_OPEN}{_MIDDLE}{_CLOSE}{_DIGITS}]")
_MARKED = re.compile(f"{_OPEN}([{_DIGITS}]+){_MIDDLE}")
_ALLOWED = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "code",
    "em", "strong", "b", "i", "s", "del", "sub", "sup", "small", "mark", "kbd", "samp",
    "br", "hr", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "dl", "dt", "dd", "a", "span", "div", "section", "article", "header", "footer", "figure",
    "figcaption", "abbr", "q", "cite", "time", "u", "main", "nav", "aside",
}  # fmt: skip
_DROPPED = {"script", "style", "template", "iframe", "object", "embed", "noscript", "title", "head"}


def render(document: Document, translations: dict[str, tuple[int, str]]) -> str:
    """The document's HTML with each sentence `msgid` -> (number, text) in a span whose
    `data-n` is the number; a sentence whose text cannot fill the document's markup
    shows its source, as compile would publish it, and stays clickable."""

    def translation(msgid: str) -> str | None:
        found = translations.get(msgid)
        if found is None:
            return None
        number, text = found
        if not text or _placeholders(text) != _placeholders(msgid):
            text = msgid  # as published: the source sentence
        text = _MARKERS.sub("", text)
        return f"{_OPEN}{_number(number)}{_MIDDLE}{text}{_CLOSE}"

    rendered = document.render(translation).lstrip("\ufeff")
    suffix = document.path.rsplit(".", 1)[-1].lower()
    kind: Callable[[str], str] = {"md": _markdown, "html": _html, "htm": _html}.get(suffix, _text)
    return _spans(_clean(kind(rendered)))


def _placeholders(text: str) -> list[str]:
    return sorted(match.group() for match in PLACEHOLDER.finditer(text))


def _number(n: int) -> str:
    return "".join(_DIGITS[int(d)] for d in str(n))


def _markdown(text: str) -> str:
    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    return f"<html><body>{md.render(text)}</body></html>"


def _html(text: str) -> str:
    return text  # a whole HTML document: _clean keeps its body


def _text(text: str) -> str:
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n"))
    shown = "".join(
        "<p>" + html.escape(p.strip()).replace("\n", "<br>") + "</p>" for p in paragraphs if p.strip()
    )
    return f"<html><body>{shown}</body></html>"


def _clean(page: str) -> str:
    """The body of an HTML page reduced to the allowed elements, links kept as text with
    their target on hover, every other attribute dropped and markers out of attribute values."""
    if not page.strip():
        return ""
    body = lxml.html.document_fromstring(page).find("body")
    if body is None:
        return ""
    for element in list(body.iter())[1:]:
        if not isinstance(element.tag, str):  # comments, processing instructions
            element.drop_tree()
            continue
        tag = element.tag.lower()
        if tag in _DROPPED:
            element.drop_tree()
            continue
        href = element.get("href") if tag == "a" else None
        src = element.get("src") if tag == "img" else None
        alt = element.get("alt") if tag == "img" else None
        for name in list(element.attrib):
            del element.attrib[name]
        if tag == "img":
            element.tag = "span"
            element.set("class", "doc-image")
            element.text = _MARKERS.sub("", alt or "image")
            if src:
                element.set("title", _MARKERS.sub("", src))
        elif tag not in _ALLOWED:
            element.drop_tag()
        elif href:
            element.tag = "span"
            element.set("class", "doc-link")
            element.set("title", _MARKERS.sub("", href))
    head = html.escape(body.text or "", quote=False)
    return head + "".join(lxml.html.tostring(child, encoding="unicode") for child in body)


def _spans(cleaned: str) -> str:
    """Markers (now only in text, escaped as lxml writes it) into sentence spans."""

    def opening(match: re.Match) -> str:
        number = "".join(str(_DIGITS.index(d)) for d in match.group(1))
        return f'<span class="seg" data-n="{number}">'

    return _MARKERS.sub("", _MARKED.sub(opening, cleaned).replace(_CLOSE, "</span>"))
