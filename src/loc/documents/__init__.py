"""Source documents as paragraphs of translatable segments, and their rebuild.

Every format (one module each) only parses: it finds paragraphs and their sentence
spans in the source text. Rebuilding is shared: each segment's span is replaced by its
translation and everything between segments is copied through, so a document compiled
with no translations is the source, byte for byte. Catalog and compile code see only
`Document` and never a format's details.

Inline markup inside a sentence (Markdown emphasis and links, HTML `<a>`, `<code>`) is
not in the msgid as written: each piece of it is a numbered placeholder, `<g1>…</g1>`
around text or `<x2/>` for a piece with no translatable text, and the segment keeps the
source span each placeholder stands for (docs/formats.md says why).
"""

from __future__ import annotations

import bisect
import codecs
import functools
import re
import textwrap
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from loc.errors import LocError

_SPACE_RUN = re.compile(r"[ \t\r\n\f\v]+")  # not NBSP: it is part of the text


# the placeholders of inline markup, as msgids and translations write them
PLACEHOLDER = re.compile(r"<(/?)g(\d+)>|<x(\d+)/>")
_OPEN_SPACE = re.compile(r"<g(\d+)>(\s+)")
_CLOSE_SPACE = re.compile(r"(\s+)</g(\d+)>")


@dataclass(frozen=True)
class Segment:
    """One sentence: `text` is its msgid, `start:end` its span in the document."""

    text: str
    start: int
    end: int
    line: int
    # placeholder in the msgid ("<g1>", "</g1>", "<x2/>") -> the span of source markup it stands for
    markup: tuple[tuple[str, int, int], ...] = ()
    # translatable text inside that markup (an HTML `alt` or `title`): segments of their own
    inner: tuple[Segment, ...] = ()
    # how a translation's own text is written into the document: (text, first part?) -> source
    escape: Callable[[str, bool], str] | None = None
    # placeholder -> what a translation writes for it instead of its source markup (the
    # `][label]` that keeps a Markdown reference link pointing at its definition)
    written: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    segments: tuple[Segment, ...]
    # a hard-wrapped paragraph is refilled to its width when translated
    wrap_width: int | None = None
    indent: str = ""
    subsequent_indent: str = ""
    # (source, translated) -> whether the translated paragraph has the source's markup:
    # a translation that breaks it (Markdown emphasis next to punctuation) is not used
    keeps_markup: Callable[[str, str], bool] | None = None


@dataclass(frozen=True)
class Document:
    path: str  # posix, relative to the project root: what `#:` references name
    text: str
    paragraphs: tuple[Paragraph, ...]
    bom: bool = False
    # how the rendered text becomes the file (a Word or OpenDocument package, an HTML page
    # that names its language): (rendered text, language or None when nothing is
    # translated) -> the file's bytes; None: the text in UTF-8
    writer: Callable[[str, str | None], bytes] | None = None

    @property
    def segments(self) -> Iterator[Segment]:
        for paragraph in self.paragraphs:
            for segment in paragraph.segments:
                yield from _with_inner(segment)

    def render(self, translation: Callable[[str], str | None], refused: list[Refusal] | None = None) -> str:
        """The document with each segment replaced by `translation(msgid)`, or kept
        as written where that returns None. A translation that cannot be put into the
        document (its placeholders cross, or its markup would not parse as the
        source's) leaves its segment as written and is added to `refused` with why."""
        refused = [] if refused is None else refused
        out: list[str] = []
        position = 0
        for paragraph in self.paragraphs:
            out.append(self.text[position : paragraph.start])
            out.append(_render_paragraph(self.text, paragraph, translation, refused))
            position = paragraph.end
        out.append(self.text[position:])
        return ("\ufeff" if self.bom else "") + "".join(out)

    def publish(self, translation: Callable[[str], str | None], lang: str) -> bytes:
        """The bytes of the document compiled into `lang`. A document with any translation
        says it is in `lang` where its format can (HTML, Word, OpenDocument), even where
        every translation is its source text."""
        rendered = self.render(translation)
        if self.writer is None:
            return rendered.encode("utf-8")
        translated = any(translation(s.text) is not None for s in self.segments)
        return self.writer(rendered, lang if translated else None)


Refusal = tuple[Segment, str]  # a segment whose translation could not be used, and why


class _Unrenderable(Exception):
    """A translation that cannot be put into the document; the message says why."""


def _with_inner(segment: Segment) -> Iterator[Segment]:
    yield segment
    for inner in segment.inner:
        yield from _with_inner(inner)


Translation = Callable[[str], str | None]


def _render_span(
    text: str, start: int, end: int, segments: Iterable[Segment], translation: Translation, refused: list
) -> str:
    """`text[start:end]` with each of `segments` (inside it, in order) rendered."""
    pieces: list[str] = []
    position = start
    for segment in segments:
        if start <= segment.start and segment.end <= end:
            pieces.append(text[position : segment.start])
            pieces.append(_render_segment(text, segment, translation, refused))
            position = segment.end
    pieces.append(text[position:end])
    return "".join(pieces)


def _render_segment(text: str, segment: Segment, translation: Translation, refused: list) -> str:
    target = translation(segment.text)
    if target is not None:
        try:
            return _fill(text, segment, target, translation, refused)
        except _Unrenderable as why:
            refused.append((segment, str(why)))
    return _render_span(text, segment.start, segment.end, segment.inner, translation, refused)


def _fill(text: str, segment: Segment, target: str, translation: Translation, refused: list) -> str:
    """The document text of a translation: its placeholders swapped for the markup they
    stand for, in any order and nesting that keeps pairs whole, its own text escaped.
    Text that only looks like a placeholder (the source's literal `&lt;g1&gt;`, which
    placeholder numbers never clash with) is text."""
    escape = segment.escape or (lambda part, first: part)
    if not segment.markup:
        return escape(target, True)
    spans = {tag: (start, end) for tag, start, end in segment.markup}
    written = dict(segment.written)
    # a space just inside a pair goes outside it: "** bold**" is no emphasis in Markdown
    target = _OPEN_SPACE.sub(lambda m: m[2] + m[0].strip() if m[0].strip() in spans else m[0], target)
    target = _CLOSE_SPACE.sub(lambda m: m[0].strip() + m[1] if m[0].strip() in spans else m[0], target)
    seen: list[str] = []
    opened: list[str] = []
    out: list[str] = []
    position = 0
    for m in PLACEHOLDER.finditer(target):
        tag = m.group()
        if tag not in spans:
            if tag in segment.text:
                continue  # literal text, as in the source
            raise _Unrenderable(f"{tag} is not a placeholder of the source")
        if tag in seen:
            raise _Unrenderable(f"{tag} is there twice")
        if m.group(1):
            if f"<g{m.group(2)}>" not in seen:
                raise _Unrenderable(f"{tag} comes before <g{m.group(2)}>")
            if opened[-1] != m.group(2):
                raise _Unrenderable(f"{tag} closes inside <g{opened[-1]}>: the pairs cross")
            opened.pop()
        elif m.group(2):
            opened.append(m.group(2))
        seen.append(tag)
        out.append(escape(target[position : m.start()], not out))
        start, end = spans[tag]
        out.append(
            written[tag]
            if tag in written
            else _render_span(text, start, end, segment.inner, translation, refused)
        )
        position = m.end()
    if len(seen) != len(spans):
        missing = ", ".join(tag for tag in spans if tag not in seen)
        raise _Unrenderable(f"{missing} missing")
    out.append(escape(target[position:], not out))
    return "".join(out)


def _render_paragraph(text: str, paragraph: Paragraph, translation: Translation, refused: list) -> str:
    own: list[Refusal] = []
    rendered = _render_text(text, paragraph, translation, own)
    check = paragraph.keeps_markup
    source = text[paragraph.start : paragraph.end]
    if check is None or rendered == source or check(source, rendered):
        refused += own
        return rendered
    kept: set[Segment] = set()  # the translations that keep the markup, one at a time
    for segment in paragraph.segments:
        trial = _render_text(
            text, paragraph, functools.partial(_only, segments=kept | {segment}, translation=translation), []
        )
        if check(source, trial):
            kept.add(segment)
    shown = {id(s) for s, _ in own}
    for segment in paragraph.segments:
        if segment not in kept and id(segment) not in shown and translation(segment.text) is not None:
            own.append((segment, "the Markdown around it would not keep the source's markup"))
    refused += own
    return _render_text(text, paragraph, lambda msgid: _only(msgid, kept, translation), [])


def _only(msgid: str, segments: set[Segment], translation: Translation) -> str | None:
    return translation(msgid) if any(s.text == msgid for s in segments) else None


def _render_text(text: str, paragraph: Paragraph, translation: Translation, refused: list) -> str:
    pieces: list[str] = []
    position = paragraph.start
    translated = False
    for segment in paragraph.segments:
        pieces.append(text[position : segment.start])
        rendered = _render_segment(text, segment, translation, refused)
        translated = translated or rendered != text[segment.start : segment.end]
        pieces.append(rendered)
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


# elements whose content a browser runs or applies and never shows as text
RAW_TEXT = frozenset({"script", "style"})
_SCRIPT_TOKENS = re.compile(r"<!--|-->|</script(?=[\t\n\f\r />])|<script(?=[\t\n\f\r />])", re.I)


def raw_text_end(text: str, start: int, name: str) -> tuple[int, int]:
    """Where the content of a `script` or `style` element that starts at `start` ends, and
    where its end tag ends, as a browser reads it (HTML's script data states: `</ script>`
    ends nothing, and inside `<!-- <script>` a first `</script>` does not end the script);
    the end of `text` when nothing ends it."""
    if name == "style":
        found = re.compile(r"</style(?=[\t\n\f\r />])", re.I).search(text, start)
        content_end = found.start() if found else len(text)
    else:
        content_end, state = len(text), "data"
        for m in _SCRIPT_TOKENS.finditer(text, start):
            token = m.group().lower()
            if token == "-->":
                state = "data"
            elif token == "<!--":
                state = "escaped" if state == "data" else state
            elif token == "<script":
                state = "double" if state == "escaped" else state
            elif state == "double":  # </script inside <!-- <script>: back to escaped
                state = "escaped"
            else:
                content_end = m.start()
                break
    close = text.find(">", content_end)
    return content_end, len(text) if close < 0 else close + 1


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


def _formats() -> dict[str, Callable[..., list[Paragraph]]]:
    from loc.documents import html, markdown, text

    return {
        ".txt": text.parse,
        ".md": markdown.parse,
        ".markdown": markdown.parse,
        ".html": html.parse,
        ".htm": html.parse,
    }


def _packages() -> dict:
    """Suffix -> the package format of zipped XML documents."""
    from loc.documents import docx, odt

    return {".docx": docx.FORMAT, ".odt": odt.FORMAT}


# the suffixes of _formats() and _packages(), spelt here: listing the source folder (as every
# command that reads the project does) must not wait for the parsers (tests/test_speed.py checks they agree)
_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".odt")


def suffixes() -> list[str]:
    """The suffixes of the documents loc reads, for messages."""
    return list(_SUFFIXES)


def supported(path: Path) -> bool:
    return path.suffix.lower() in suffixes()


# characters no msgid can hold: the whole text is checked, not only the head the binary
# test reads (other control characters are fine: a PO file and an MO file hold them)
_RESERVED = re.compile("[\x00\x04]")
_RESERVED_WHY = {
    # C strings end there: msgcat and msgfmt cut the msgid, and the MO file gets a bogus entry
    "\x00": "NUL byte (U+0000), which no gettext message can hold; remove it",
    # it would split the MO entry into a context and a msgid
    "\x04": "control character U+0004, which gettext reserves; remove it",
}


def check_name(relative: str) -> None:
    """Refuse a document path that a `#:` reference (one line of text in a UTF-8 catalog)
    cannot hold: a control character such as a newline, a line or paragraph separator,
    or bytes that are not UTF-8 (Python reads them as lone surrogates)."""
    for char in relative:
        if unicodedata.category(char) in ("Cc", "Zl", "Zp"):
            raise LocError(
                f"name holds the control character U+{ord(char):04X}, which a catalog "
                "reference cannot hold; rename it",
                shown(relative),
            )
        if unicodedata.category(char) == "Cs":
            raise LocError("name is not UTF-8; rename it", shown(relative))


def shown(name: str) -> str:
    """`name` on one printable line: control characters and bytes that are not UTF-8
    escaped (`a\\nb.txt`, `caf\\xe9.txt`)."""
    return "".join(_shown_char(char) for char in name)


def _shown_char(char: str) -> str:
    if 0xDC80 <= ord(char) <= 0xDCFF:  # os.fsdecode's stand-in for the byte it could not decode
        return f"\\x{ord(char) - 0xDC00:02x}"
    return repr(char)[1:-1] if unicodedata.category(char) in ("Cc", "Zl", "Zp", "Cs") else char


def load(
    path: Path,
    relative: str,
    max_paragraph_chars: int,
    lang: str = "en",
    front_matter_keys: tuple[str, ...] = ("title", "description", "summary"),
) -> Document:
    """Read and segment one source document, in the source language `lang`; a Markdown
    file's front matter offers the values of `front_matter_keys`. Bad input is a
    LocError naming the file."""
    parse = _formats().get(path.suffix.lower())
    if parse is not None and path.suffix.lower() in (".md", ".markdown"):
        parse = functools.partial(parse, front_matter_keys=front_matter_keys)
    zipped = _packages().get(path.suffix.lower())
    if parse is None and zipped is None:
        raise LocError(f"no parser for {path.suffix or 'files without a suffix'}", relative)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise LocError(f"cannot read: {error.strerror}", relative) from None
    if zipped is not None:
        return _load_package(data, zipped, relative, max_paragraph_chars, lang)
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise LocError("UTF-16 text (Windows calls it Unicode); save it as UTF-8", relative)
    if b"\x00" in head:
        raise LocError("binary file, not a text document; move it out of the source folder", relative)
    html_page = path.suffix.lower() in (".html", ".htm")
    encoding = "utf-8"
    try:
        body = data.decode("utf-8-sig")  # a leading BOM is dropped here, and written back by render
    except UnicodeDecodeError as error:
        declared = _declared(head) if html_page else None
        try:
            if declared is None:
                raise error
            body = data.decode(declared)
            encoding = declared
        except UnicodeDecodeError as wrong:
            line = data[: wrong.start].count(b"\n") + 1
            raise LocError(
                f"not {declared or 'UTF-8'} (byte 0x{data[wrong.start]:02x}); save it as UTF-8",
                relative,
                line,
            ) from None
    reserved = _RESERVED.search(body)
    if reserved:
        line = body.count("\n", 0, reserved.start()) + 1
        raise LocError(_RESERVED_WHY[reserved.group()], relative, line)
    bom = head.startswith(b"\xef\xbb\xbf")
    assert parse is not None  # a suffix without a parser or a package format was refused above
    try:
        paragraphs = parse(body, max_paragraph_chars, lang)
    except LocError as error:
        raise LocError(error.message, relative, error.line) from None
    writer = None
    if html_page:
        from loc.documents import html

        writer = functools.partial(html.write, source_encoding=encoding)
    return _checked(Document(path=relative, text=body, paragraphs=tuple(paragraphs), bom=bom, writer=writer))


_CHARSET = re.compile(
    rb"""<meta\b[^>]*?charset\s*=\s*["']?([A-Za-z0-9._:-]+)|<\?xml\b[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""",
    re.I,
)


def _declared(head: bytes) -> str | None:
    """The charset an HTML page that is not UTF-8 declares, when Python knows it."""
    m = _CHARSET.search(head)
    if m is None:
        return None
    try:
        name = codecs.lookup((m.group(1) or m.group(2)).decode("ascii")).name
    except LookupError:
        return None
    return None if name.startswith("utf") else name


def _load_package(data: bytes, fmt, relative: str, max_paragraph_chars: int, lang: str) -> Document:
    from loc.documents import package

    try:
        text, paragraphs, write = package.read(data, fmt, max_paragraph_chars, lang)
    except LocError as error:
        raise LocError(error.message, relative, error.line) from None
    return _checked(Document(path=relative, text=text, paragraphs=tuple(paragraphs), writer=write))


def _checked(document: Document) -> Document:
    if not any(True for _ in document.segments):
        raise LocError("no text to translate (empty document)", document.path)
    return document
