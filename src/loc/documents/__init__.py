"""Source documents as paragraphs of translatable segments, and their rebuild.

Every format (one module each) only parses: it finds paragraphs and their sentence
spans in the source text. Rebuilding is shared: each segment's span is replaced by its
translation and everything between segments is copied through, so a document compiled
with no translations is the source, byte for byte. Catalog and compile code see only
`Document` and never a format's details.
"""

from __future__ import annotations

import bisect
import codecs
import re
import textwrap
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from loc.errors import LocError

_SPACE_RUN = re.compile(r"[ \t\r\n\f\v]+")  # not NBSP: it is part of the text


@dataclass(frozen=True)
class Segment:
    """One sentence: `text` is its msgid, `start:end` its span in the document."""

    text: str
    start: int
    end: int
    line: int


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    segments: tuple[Segment, ...]
    # a hard-wrapped paragraph is refilled to its width when translated
    wrap_width: int | None = None
    indent: str = ""
    subsequent_indent: str = ""


@dataclass(frozen=True)
class Document:
    path: str  # posix, relative to the project root: what `#:` references name
    text: str
    paragraphs: tuple[Paragraph, ...]
    bom: bool = False

    @property
    def segments(self) -> Iterator[Segment]:
        for paragraph in self.paragraphs:
            yield from paragraph.segments

    def render(self, translation: Callable[[str], str | None]) -> str:
        """The document with each segment replaced by `translation(msgid)`, or kept
        as written where that returns None."""
        out: list[str] = []
        position = 0
        for paragraph in self.paragraphs:
            out.append(self.text[position : paragraph.start])
            out.append(_render_paragraph(self.text, paragraph, translation))
            position = paragraph.end
        out.append(self.text[position:])
        return ("\ufeff" if self.bom else "") + "".join(out)


def _render_paragraph(text: str, paragraph: Paragraph, translation: Callable[[str], str | None]) -> str:
    pieces: list[str] = []
    position = paragraph.start
    translated = False
    for segment in paragraph.segments:
        pieces.append(text[position : segment.start])
        target = translation(segment.text)
        translated = translated or target is not None
        pieces.append(text[segment.start : segment.end] if target is None else target)
        position = segment.end
    pieces.append(text[position : paragraph.end])
    if not translated:
        return text[paragraph.start : paragraph.end]
    if paragraph.wrap_width is None:
        return "".join(pieces)
    flowing = _SPACE_RUN.sub(" ", "".join(pieces)).strip()
    newline = "\r\n" if "\r\n" in text[paragraph.start : paragraph.end] else "\n"
    return newline.join(
        textwrap.wrap(
            flowing,
            width=paragraph.wrap_width,
            initial_indent=paragraph.indent,
            subsequent_indent=paragraph.subsequent_indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
    )


def normalize(span: str) -> str:
    """The msgid of a span: NFC (so an NFD source and an NFC catalog agree), inner
    line breaks and runs of spaces as one space."""
    return unicodedata.normalize("NFC", _SPACE_RUN.sub(" ", span).strip())


def has_letters(span: str) -> bool:
    return any(char.isalpha() for char in span)


class LineIndex:
    """1-based line numbers of offsets."""

    def __init__(self, text: str):
        self._starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset)


def _formats() -> dict[str, Callable[[str, int], list[Paragraph]]]:
    from loc.documents import text

    return {".txt": text.parse}


def supported(path: Path) -> bool:
    return path.suffix.lower() in _formats()


def load(path: Path, relative: str, max_paragraph_chars: int) -> Document:
    """Read and segment one source document; bad input is a LocError naming the file."""
    parse = _formats().get(path.suffix.lower())
    if parse is None:
        raise LocError(f"no parser for {path.suffix or 'files without a suffix'}", relative)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise LocError(f"cannot read: {error.strerror}", relative) from None
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise LocError("UTF-16 text (Windows calls it Unicode); save it as UTF-8", relative)
    if b"\x00" in head:
        raise LocError("binary file, not a text document; move it out of the source folder", relative)
    try:
        body = data.decode("utf-8-sig")  # a leading BOM is dropped here, and written back by render
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise LocError(
            f"not UTF-8 (byte 0x{data[error.start]:02x}); save it as UTF-8", relative, line
        ) from None
    separator = body.find("\x04")
    if separator >= 0:  # in a msgid it would split the MO entry into a context and a msgid
        line = body.count("\n", 0, separator) + 1
        raise LocError("control character U+0004, which gettext reserves; remove it", relative, line)
    bom = head.startswith(b"\xef\xbb\xbf")
    try:
        paragraphs = parse(body, max_paragraph_chars)
    except LocError as error:
        raise LocError(error.message, relative, error.line) from None
    document = Document(path=relative, text=body, paragraphs=tuple(paragraphs), bom=bom)
    if not any(True for _ in document.segments):
        raise LocError("no text to translate (empty document)", relative)
    return document
