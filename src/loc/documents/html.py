"""HTML: the text between block-level tags is a paragraph; inline elements inside it
(`<a>`, `<em>`, `<img>`, `<br>`) are placeholders as in Markdown; `alt` and `title`
attributes are segments of their own, and so are `aria-label`, `placeholder`, a table's
`summary` and the `content` of `<meta name="description">` and `keywords`. `script`,
`style`, `pre`, `textarea`, `code`, `tt`, `kbd`, `samp`, `var` and every element marked
`translate="no"` are never translated.

The tokenizer is the standard library's `html.parser`, because it tells where each tag
starts: lxml and html5lib build a tree but forget the offsets, and the rebuild swaps
spans of the source text rather than serialising a tree, so that a document with no
translations is its source byte for byte and a translated one differs only in its text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from loc.documents import (
    RAW_TEXT,
    LineIndex,
    Paragraph,
    Segment,
    has_letters,
    inline,
    normalize,
    raw_text_end,
)
from loc.errors import LocError

# phrasing elements: inside a sentence they are placeholders; every other tag ends a paragraph
INLINE = frozenset(
    "a abbr acronym b bdi bdo big br cite code data del dfn em font i img ins kbd label mark q rp rt ruby "  # noqa: SIM905
    "s samp small span strike strong sub sup time tt u var wbr".split()
)
VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())  # noqa: SIM905
# never translated: blocks that hold code, and inline elements that hold code or keys
_KEEP_BLOCK = frozenset("script style pre textarea template svg math".split())  # noqa: SIM905
_KEEP_INLINE = frozenset("code kbd samp tt var".split())  # noqa: SIM905
# attributes a reader sees or hears: an image's text, a tooltip, a screen reader's label, a
# form field's hint, a table's summary
TRANSLATED_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder", "summary")
# `<meta name=… content=…>`: the descriptions a search engine shows
_META_NAMES = ("description", "keywords")
_ATTRIBUTE = re.compile(r"""([^\s/>"'=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"'=<`]+)))?""")


@dataclass(frozen=True)
class _Event:
    kind: str  # "start", "end", "data", "entity", "other"
    start: int
    tag: str = ""
    attrs: tuple[tuple[str, str | None], ...] = ()


class _Tokenizer(HTMLParser):
    def __init__(self, text: str, base: int = 0):
        super().__init__(convert_charrefs=False)
        self.starts = [base] + [base + m.end() for m in re.finditer("\n", text)]
        self.events: list[_Event] = []

    def _at(self) -> int:
        line, column = self.getpos()
        return self.starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        self.events.append(_Event("start", self._at(), tag, tuple(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.events.append(_Event("start", self._at(), tag, tuple(attrs)))

    def handle_endtag(self, tag):
        self.events.append(_Event("end", self._at(), tag))

    def handle_data(self, data):
        self.events.append(_Event("data", self._at()))

    def handle_entityref(self, name):
        self.events.append(_Event("entity", self._at()))

    def handle_charref(self, name):
        self.events.append(_Event("entity", self._at()))

    def handle_comment(self, data):
        self.events.append(_Event("other", self._at()))

    def handle_decl(self, decl):
        self.events.append(_Event("other", self._at()))

    def handle_pi(self, data):
        self.events.append(_Event("other", self._at()))

    def unknown_decl(self, data):
        self.events.append(_Event("other", self._at()))


class _RawTextFinder(_Tokenizer):
    """Where html.parser thinks each `script` and `style` element's content ends."""

    def __init__(self, text: str):
        super().__init__(text)
        self.elements: list[tuple[str, int, int]] = []  # (name, content start, content end)

    def handle_starttag(self, tag, attrs):
        if tag in RAW_TEXT:
            start = self._at() + len(self.get_starttag_text() or "")
            self.elements.append((tag, start, start))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)  # a browser ignores the `/` of `<script/>`

    def handle_endtag(self, tag):
        if self.elements and self.elements[-1][0] == tag and self.elements[-1][1] == self.elements[-1][2]:
            name, start, _ = self.elements[-1]
            self.elements[-1] = (name, start, self._at())


def _hide_raw_text(text: str) -> str:
    """`text` as html.parser should see it: the content of each `script` and `style`
    element blanked (same length and lines) up to where a browser ends it, so that code
    never turns into text, whatever html.parser makes of `</ script>` or `<!--`."""
    hidden = text
    while True:
        finder = _RawTextFinder(hidden)
        finder.feed(hidden)
        finder.close()
        for name, start, parser_end in finder.elements:
            end = raw_text_end(hidden, start, name)[0]
            if parser_end != end and hidden[start:end].strip():
                hidden = hidden[:start] + re.sub(r"[^\n]", " ", hidden[start:end]) + hidden[end:]
                break
        else:
            return hidden


def parse(text: str, max_paragraph_chars: int, lang: str = "en") -> list[Paragraph]:
    return parse_region(text, 0, len(text), max_paragraph_chars, lang, LineIndex(text))


def parse_region(
    text: str, start: int, stop: int, max_paragraph_chars: int, lang: str, index: LineIndex
) -> list[Paragraph]:
    """The paragraphs of the HTML in text[start:stop] (all of a page, or an HTML block in
    Markdown), with offsets in `text`."""
    region = text[start:stop]
    tokenizer = _Tokenizer(region, start)
    tokenizer.feed(_hide_raw_text(region) if "<s" in region.lower() else region)
    tokenizer.close()
    events = tokenizer.events
    ends = [event.start for event in events[1:]] + [stop]
    paragraphs: list[Paragraph] = []
    flow: list[inline.Piece] = []
    opened: dict[str, list[int]] = {}
    pair = 0

    def flush() -> None:
        nonlocal flow
        if flow:
            if flow[-1].end - flow[0].start > max_paragraph_chars:
                raise LocError(
                    f"a paragraph of {flow[-1].end - flow[0].start:,} characters is over the limit of "
                    f"{max_paragraph_chars:,} (max_paragraph_chars in [tool.loc])",
                    line=index.line(flow[0].start),
                )
            found = inline.segments(flow, lang, index, lambda start: _escape_text)
            if found:
                paragraphs.append(Paragraph(found[0].start, found[-1].end, tuple(found)))
        flow = []
        opened.clear()

    position = 0
    while position < len(events):
        event, end = events[position], ends[position]
        position += 1
        if event.kind == "data":
            flow.append(inline.Text(text[event.start : end], event.start, end))
        elif event.kind == "entity":  # as written, as a browser reads it: `&copy2024.` is ©2024.
            flow.append(inline.Text(html.unescape(text[event.start : end]), event.start, end))
        elif event.kind == "other":
            if flow:
                pair += 1
                flow.append(inline.Tag("void", pair, event.start, end))
        elif event.kind == "end":
            if event.tag not in INLINE:
                flush()
            elif opened.get(event.tag):
                flow.append(inline.Tag("close", opened[event.tag].pop(), event.start, end))
            else:
                pair += 1
                flow.append(inline.Tag("void", pair, event.start, end))
        else:
            name = event.tag
            kept = name in _KEEP_BLOCK or name in _KEEP_INLINE or dict(event.attrs).get("translate") == "no"
            if kept and name not in VOID:
                position, end = _skip(events, ends, position, name, stop)
            inner = () if kept else _attribute_segments(text, event.start, end, index, _translated(event))
            if name not in INLINE:
                flush()
                if inner:
                    paragraphs.append(Paragraph(inner[0].start, inner[-1].end, inner))
                continue
            pair += 1
            if kept or name in VOID:
                flow.append(
                    inline.Tag("void", pair, event.start, end, word=kept or name == "img", inner=inner)
                )
            else:
                opened.setdefault(name, []).append(pair)
                flow.append(inline.Tag("open", pair, event.start, end, inner=inner))
    flush()
    return paragraphs


def _skip(events: list[_Event], ends: list[int], position: int, name: str, size: int) -> tuple[int, int]:
    """The event after the end tag that closes element `name` (opened just before
    `position`), and the offset where that end tag ends."""
    depth = 1
    while position < len(events):
        event = events[position]
        position += 1
        if event.tag == name and event.kind == "start":
            depth += 1
        elif event.tag == name and event.kind == "end":
            depth -= 1
            if depth == 0:
                return position, ends[position - 1]
    return position, size


def _translated(event: _Event) -> tuple[str, ...]:
    """The attributes of a start tag that hold text for a reader."""
    attributes = dict(event.attrs)
    if event.tag == "meta" and (attributes.get("name") or "").lower() in _META_NAMES:
        return (*TRANSLATED_ATTRIBUTES, "content")
    return TRANSLATED_ATTRIBUTES


def _attribute_segments(
    text: str, start: int, end: int, index: LineIndex, names: tuple[str, ...]
) -> tuple[Segment, ...]:
    """Segments of the values of attributes `names` in the start tag at text[start:end]."""
    raw = text[start:end]
    found = []
    name = re.match(r"</?[^\s/>]*", raw)
    for m in _ATTRIBUTE.finditer(raw, name.end() if name else 0):
        if m.group(1).lower() not in names:
            continue
        group = next((g for g in (2, 3, 4) if m.group(g) is not None), None)
        if group is None or not has_letters(m.group(group)):
            continue
        value = html.unescape(m.group(group))
        a, b = start + m.start(group), start + m.end(group)
        escape = _escape_unquoted if group == 4 else _escape_attribute
        found.append(Segment(normalize(value), a, b, index.line(a), escape=escape))
    return tuple(found)


def _escape_text(part: str, first: bool) -> str:
    return html.escape(part, quote=False)


def _escape_attribute(part: str, first: bool) -> str:
    return html.escape(part, quote=True)


def _escape_unquoted(part: str, first: bool) -> str:
    return '"' + html.escape(part, quote=True) + '"'


_ROOT = re.compile(r"<html\b[^>]*>", re.IGNORECASE)
_LANG = re.compile(r"""(\s(?:xml:)?lang\s*=\s*)(?:"[^"]*"|'[^']*'|[^\s>"']+)""", re.IGNORECASE)
# <meta charset=…>, <meta http-equiv="Content-Type" content="…; charset=…">, <?xml … encoding=…?>
_CHARSET = re.compile(r"""(<meta\b[^>]*?charset\s*=\s*["']?)([\w.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(r"""(<\?xml\b[^>]*?encoding\s*=\s*["'])([\w.:-]+)""", re.IGNORECASE)


def write(rendered: str, lang: str | None, source_encoding: str = "utf-8") -> bytes:
    """A translated page says what it is: its root's `lang` (and `xml:lang`) is the target
    language, and every charset it declares is UTF-8, the bytes loc writes (a page read in
    the charset it declared, such as `iso-8859-1`, is written in UTF-8 too). A page with no
    translation is its source, in its own charset."""
    if lang is None:
        return rendered.encode(source_encoding, errors="replace")
    code = lang.replace("_", "-")
    root = _ROOT.search(rendered)
    if root:
        tag = root.group()
        named = _LANG.sub(lambda m: f'{m.group(1)}"{code}"', tag)
        if named == tag and not _LANG.search(tag):
            named = f'{tag[:5]} lang="{code}"{tag[5:]}'
        rendered = rendered[: root.start()] + named + rendered[root.end() :]
    rendered = _CHARSET.sub(lambda m: m.group(1) + "utf-8", rendered)
    rendered = _XML_ENCODING.sub(lambda m: m.group(1) + "UTF-8", rendered)
    return rendered.encode("utf-8")
