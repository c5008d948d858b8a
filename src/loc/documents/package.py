"""Word and OpenDocument files: zip packages of XML parts, shared by `docx` and `odt`.

A format walks each paragraph of each part it translates (lxml) and describes its inline
content as `Run`s (text and its formatting), `Atom`s (a tab, a break, a field, an image,
a footnote reference: nothing a translator writes) and `Container`s (a hyperlink around
runs). Adjacent runs with the same formatting key are one run, so a placeholder stands
for real formatting; the formatting that holds the most text is the paragraph's own and
gets no placeholder. Each paragraph becomes one line of the document's text, the msgid
notation itself (`Read <g1>this</g1>.<x2/>`), and the shared rebuild
(`Document.render`) works on those lines as on any text. A line that comes back changed
is parsed into a tree of text and placeholders, and the format writes that paragraph's
XML again from it; every other paragraph, and every part with no changed paragraph,
keeps its bytes. `#:` references name the paragraph's number in the package.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from loc.documents import LineIndex, Paragraph, inline
from loc.errors import LocError


@dataclass
class Run:
    key: Hashable  # formatting that looks the same is the same key
    props: Any  # what the format needs to write this formatting again
    text: str


@dataclass
class Atom:
    props: Any  # what the format puts back where the placeholder is
    word: bool = False  # it takes a word's place in the sentence (a field, an image)


@dataclass
class Container:
    props: Any
    items: list[Item] = field(default_factory=list)


Item = Run | Atom | Container


@dataclass(frozen=True)
class Pair:
    """What `<gN>` stands for: formatting (`container` False) or a container whose
    inside has the formatting `inner`."""

    props: Any
    container: bool = False
    inner: Any = None


@dataclass
class Line:
    """One paragraph in msgid notation; `table` maps each placeholder number to what it
    stands for (a `Pair`, or an `Atom`), and `base` is the paragraph's own formatting."""

    text: str = ""
    table: dict[int, Pair | Atom] = field(default_factory=dict)
    base: Any = None
    pieces: list[inline.Piece] = field(default_factory=list)  # offsets in the line


# a node of a translated line: text, ("x", n) or ("g", n, children)
Node = str | tuple


@dataclass(frozen=True)
class Format:
    """One package format: which parts hold text, their paragraphs, each paragraph's
    inline content, and the rebuild of a paragraph and of a part's language."""

    name: str  # "Word document", for messages
    parts: Callable[[zipfile.ZipFile], list[str]]
    paragraphs: Callable[[etree._Element, str], list[etree._Element]]
    # (part name, root) -> the part's state: its styles, a field that goes on into the next paragraph
    prepare: Callable[[str, etree._Element], dict]
    items: Callable[[etree._Element, dict], list[Item]]  # (paragraph, part state) -> inline content
    rebuild: Callable[[etree._Element, list[Node], Line, str], None]  # (paragraph, nodes, line, lang)
    # (part name, root, lang) -> whether the part changed: the document's language set to lang
    language: Callable[[str, etree._Element, str], bool]
    language_parts: tuple[str, ...] = ()  # parts with no text whose language is set too


_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True, remove_blank_text=False)


def parse_part(data: bytes, name: str) -> etree._Element:
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as error:
        raise LocError(f"part {name} is not well-formed XML ({error.msg})") from None


def serialize(root: etree._Element) -> bytes:
    info = root.getroottree().docinfo
    options = {} if info.standalone is None else {"standalone": info.standalone}
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", **options)


def read(
    data: bytes, fmt: Format, max_paragraph_chars: int, lang: str
) -> tuple[str, list[Paragraph], Callable[[str, str | None], bytes]]:
    """The document text (one line per paragraph), its paragraphs, and the function
    that writes the package from a rendered text in a language (None: the source)."""
    archive = _zip(data, fmt)
    lines: list[Line] = []
    for name, root in _parts(archive, fmt):
        state = fmt.prepare(name, root)
        for element in fmt.paragraphs(root, name):
            try:
                line = flatten(fmt.items(element, state))
            except LocError as error:
                raise LocError(error.message, line=len(lines) + 1) from None
            if len(line.text) > max_paragraph_chars:
                raise LocError(
                    f"a paragraph of {len(line.text):,} characters is over the limit of "
                    f"{max_paragraph_chars:,} (max_paragraph_chars in [tool.loc])",
                    line=len(lines) + 1,
                )
            lines.append(line)
    source = "\n".join(line.text for line in lines)
    index = LineIndex(source)
    paragraphs: list[Paragraph] = []
    offset = 0
    for line in lines:
        pieces = [_moved(piece, offset) for piece in line.pieces]
        found = inline.segments(pieces, lang, index, lambda start: _escape)
        if found:
            paragraphs.append(Paragraph(found[0].start, found[-1].end, tuple(found)))
        offset += len(line.text) + 1

    def write(rendered: str, target: str | None) -> bytes:
        if target is None:
            return data
        return _write(data, fmt, source.split("\n"), rendered.split("\n"), target)

    return source, paragraphs, write


def _zip(data: bytes, fmt: Format) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise LocError(f"not a {fmt.name} (no zip package); save it again from the word processor") from None


def _parts(archive: zipfile.ZipFile, fmt: Format) -> Iterator[tuple[str, etree._Element]]:
    for name in fmt.parts(archive):
        try:
            data = archive.read(name)
        except (KeyError, zipfile.BadZipFile, OSError) as error:
            raise LocError(f"cannot read part {name} of the {fmt.name}: {error}") from None
        yield name, parse_part(data, name)


def _write(data: bytes, fmt: Format, before: list[str], after: list[str], lang: str) -> bytes:
    archive = _zip(data, fmt)
    replaced: dict[str, bytes] = {}
    number = 0
    for name, root in _parts(archive, fmt):
        state = fmt.prepare(name, root)
        work = []
        for element in fmt.paragraphs(root, name):
            if before[number] != after[number]:
                work.append((element, flatten(fmt.items(element, state)), after[number]))
            else:
                fmt.items(element, state)  # a field may go on into the next paragraph
            number += 1
        for element, line, text in work:  # every paragraph is read before any is written again
            fmt.rebuild(element, tree(text), line, lang)
        if fmt.language(name, root, lang) or work:
            replaced[name] = serialize(root)
    for name in fmt.language_parts:
        if name in replaced or name not in archive.namelist():
            continue
        root = parse_part(archive.read(name), name)
        if fmt.language(name, root, lang):
            replaced[name] = serialize(root)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as written:
        for info in archive.infolist():  # same order, same compression: `mimetype` stays first and stored
            written.writestr(info, replaced.get(info.filename) or archive.read(info), info.compress_type)
    return out.getvalue()


def _moved(piece: inline.Piece, offset: int) -> inline.Piece:
    if isinstance(piece, inline.Text):
        return inline.Text(piece.text, piece.start + offset, piece.end + offset)
    return inline.Tag(piece.kind, piece.pair, piece.start + offset, piece.end + offset, piece.word)


# ---- a paragraph's inline content as one line -------------------------------------------


def flatten(items: Sequence[Item]) -> Line:
    line = Line()
    line.base = _emit(_merged(items), line)
    return line


def _merged(items: Sequence[Item]) -> list[Item]:
    out: list[Item] = []
    for item in items:
        if isinstance(item, Run) and not item.text:
            continue
        if isinstance(item, Run) and out and isinstance(out[-1], Run) and out[-1].key == item.key:
            out[-1] = Run(out[-1].key, out[-1].props, out[-1].text + item.text)
        elif isinstance(item, Container):
            out.append(Container(item.props, _merged(item.items)))
        else:
            out.append(item)
    return out


def _emit(items: list[Item], line: Line) -> Any:
    """Write one level of items to the line; returns the props of its own formatting."""
    weight: dict[Hashable, int] = {}
    props: dict[Hashable, Any] = {}
    for item in items:
        if isinstance(item, Run):
            weight[item.key] = weight.get(item.key, 0) + len(item.text)
            props.setdefault(item.key, item.props)
    base = max(weight, key=lambda key: weight[key]) if weight else None
    keys = _group_keys(items, base)
    i = 0
    while i < len(items):
        key = keys[i]
        if key != base:
            j = i
            while j < len(items) and keys[j] == key:
                j += 1
            number = _open_pair(line, Pair(props[key]))
            for item in items[i:j]:
                _emit_one(item, line)
            _close(line, number)
            i = j
            continue
        _emit_one(items[i], line)
        i += 1
    return props.get(base)


def _group_keys(items: list[Item], base: Hashable) -> list[Hashable]:
    """The formatting each item is written in: a run its own, an atom that of the runs on
    both sides when they agree (a tab inside bold text), anything else the level's own."""
    keys: list[Hashable] = []
    for i, item in enumerate(items):
        if isinstance(item, Run):
            keys.append(item.key)
        elif isinstance(item, Atom):
            before = _neighbour(items, range(i - 1, -1, -1))
            after = _neighbour(items, range(i + 1, len(items)))
            keys.append(before if before == after and before is not None else base)
        else:
            keys.append(base)
    return keys


def _neighbour(items: list[Item], order: range) -> Hashable:
    for i in order:
        if isinstance(items[i], Run):
            return items[i].key
        if isinstance(items[i], Container):
            return None
    return None


def _emit_one(item: Item, line: Line) -> None:
    if isinstance(item, Run):
        for chunk in re.findall(r"[&<\r\n]|[^&<\r\n]+", item.text):
            start = len(line.text)
            line.text += _escape(chunk, False)
            line.pieces.append(inline.Text(" " if chunk in "\r\n" else chunk, start, len(line.text)))
    elif isinstance(item, Atom):
        number = len(line.table) + 1
        line.table[number] = item
        start = len(line.text)
        line.text += f"<x{number}/>"
        line.pieces.append(inline.Tag("void", number, start, len(line.text), word=item.word))
    else:
        pair = Pair(item.props, container=True)
        number = _open_pair(line, pair)
        inner = _emit(item.items, line)
        line.table[number] = Pair(item.props, container=True, inner=inner)
        _close(line, number)


def _open_pair(line: Line, pair: Pair) -> int:
    number = len(line.table) + 1
    line.table[number] = pair
    start = len(line.text)
    line.text += f"<g{number}>"
    line.pieces.append(inline.Tag("open", number, start, len(line.text)))
    return number


def _close(line: Line, number: int) -> None:
    start = len(line.text)
    line.text += f"</g{number}>"
    line.pieces.append(inline.Tag("close", number, start, len(line.text)))


def _escape(part: str, first: bool) -> str:
    """A translation's own text in the line: `&` and `<` as entities, line breaks as spaces."""
    return part.replace("&", "&amp;").replace("<", "&lt;").replace("\r", " ").replace("\n", " ")


_TOKEN = re.compile(r"<(/?)g(\d+)>|<x(\d+)/>|&(amp|lt);")


def tree(text: str) -> list[Node]:
    """A rendered line as nested nodes; the rebuild checked its placeholders already."""
    root: list[Node] = []
    stack: list[list[Node]] = [root]
    position = 0

    def add(chunk: str) -> None:
        if not chunk:
            return
        here = stack[-1]
        if here and isinstance(here[-1], str):
            here[-1] += chunk
        else:
            here.append(chunk)

    for m in _TOKEN.finditer(text):
        add(text[position : m.start()])
        position = m.end()
        if m.group(4):
            add(html.unescape(m.group()))
        elif m.group(3):
            stack[-1].append(("x", int(m.group(3))))
        elif not m.group(1):
            node: tuple = ("g", int(m.group(2)), [])
            stack[-1].append(node)
            stack.append(node[2])
        elif len(stack) > 1:
            stack.pop()
    add(text[position:])
    return root


def bcp47(lang: str) -> str:
    """loc's language code as documents write it: `pt_BR` -> `pt-BR`."""
    return lang.replace("_", "-")
