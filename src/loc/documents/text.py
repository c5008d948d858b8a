"""Plain text: paragraphs are separated by blank lines, or by a line that ends a
sentence; lines that end mid-sentence are a hard-wrapped paragraph and flow together.
A list item's marker (`- `, `1. `, `a) `) stays outside its msgid, so a translation
cannot drop or change it."""

from __future__ import annotations

import re

from loc import segment
from loc.documents import LineIndex, Paragraph, Segment, has_letters, normalize
from loc.errors import LocError

_LINE = re.compile(r"[^\n]*\n?")
_SENTENCE_END = re.compile(r"""[.!?:;…]["'”’»)\]]*\s*$""")
_LIST_ITEM = re.compile(r"\s*(?:[-*•–]\s|(?P<number>\d+)(?P<stop>[.)])\s|[a-z][.)]\s)")


def parse(text: str, max_paragraph_chars: int, lang: str = "en") -> list[Paragraph]:
    index = LineIndex(text)
    paragraphs = []
    for start, end in _paragraph_spans(text):
        if end - start > max_paragraph_chars:
            raise LocError(
                f"a paragraph of {end - start:,} characters is over the limit of {max_paragraph_chars:,} "
                "(max_paragraph_chars in [tool.loc]); is this really a text document?",
                line=index.line(start),
            )
        paragraphs.append(_paragraph(text, start, end, index, lang))
    return paragraphs


def _paragraph_spans(text: str):
    """(start, end) of each paragraph, without its final line break."""
    start = None
    first = previous = ""
    position = 0
    for match in _LINE.finditer(text):
        line = match.group()
        if not line:
            break
        blank = not line.strip()
        if start is not None and (blank or not _continues(first, previous, line)):
            yield start, _trim_end(text, start, position)
            start = None
        if not blank and start is None:
            start, first = position, line
        previous = line
        position = match.end()
    if start is not None:
        yield start, _trim_end(text, start, position)


def _continues(first: str, previous: str, line: str) -> bool:
    """A line belongs to the paragraph above if that one stopped mid-sentence. A list
    marker starts an item, except a number and a full stop in a paragraph that is no list
    item, after a line that ended mid-sentence: a hard-wrapped line may begin with a year
    or a date (`in the year⏎1999. It now…`)."""
    ended = _SENTENCE_END.search(previous)
    marker = _LIST_ITEM.match(line)
    if marker:
        return marker.group("stop") == "." and not ended and not _LIST_ITEM.match(first)
    return not ended or line.lstrip()[:1].islower()


def _items(body: str) -> list[tuple[int, int]]:
    """The spans of a paragraph's text without its list markers: numbered items run
    together on one line (`1. One 2. Two`) are items each, counted on from the first."""
    marker = _LIST_ITEM.match(body)
    if not marker:
        return [(0, len(body))]
    if not marker.group("number"):
        return [(marker.end(), len(body))]
    spans = []
    start, number = marker.end(), int(marker.group("number"))
    while True:
        following = re.compile(rf"\s{number + 1}[.)]\s").search(body, start)
        if following is None:
            return [*spans, (start, len(body))]
        spans.append((start, following.start()))
        start, number = following.end(), number + 1


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in "\r\n":
        end -= 1
    return end


def _paragraph(text: str, start: int, end: int, index: LineIndex, lang: str) -> Paragraph:
    body = text[start:end]
    segments = []
    for skip, stop in _items(body):
        for a, b in segment.sentence_spans(body[skip:stop], lang):
            a, b = a + skip, b + skip
            span = body[a:b]
            if has_letters(span):  # a stray ". " stays in place, untranslated
                segments.append(Segment(normalize(span), start + a, start + b, index.line(start + a)))
    lines = body.split("\n")
    if len(lines) == 1:
        return Paragraph(start, end, tuple(segments))
    indent = re.match(r"[ \t]*", lines[0]).group()
    subsequent = re.match(r"[ \t]*", lines[1]).group()
    width = max(len(line.rstrip("\r")) for line in lines)
    return Paragraph(start, end, tuple(segments), width, indent, subsequent)
