"""Markdown (CommonMark with tables, strikethrough, YAML front matter and `:::` divs),
parsed by markdown-it-py.

Headings, paragraphs (in lists, block quotes and divs too) and table cells hold
segments; code, HTML blocks, link reference definitions and front matter are never
tokens with text, so they are copied through byte for byte. Inside a sentence, emphasis,
links and images are `<gN>…</gN>` placeholders around their text and inline code, inline
HTML, autolinks and hard breaks are `<xN/>`: link targets and code never reach a
translator's text or the engine. A list marker or `>` is outside every segment.

markdown-it-py gives blocks their lines but inline tokens no positions, so each inline
rule is wrapped to record the span it consumed; the rebuild then swaps spans of the
source text, and a document with no translations is the source again. Translated
paragraphs are not refilled: a line break in the wrong place could start a list or a
heading, so a translated sentence stays on one line. A block whose translated inline
markup no longer parses as the source's (emphasis beside punctuation) keeps, sentence by
sentence, only the translations that leave it intact.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_inline.state_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from loc.documents import LineIndex, Paragraph, Segment, has_letters, html, inline, normalize, raw_text_end
from loc.errors import LocError

_LINE_END = re.compile(r"\r\n|\r|\n")
_SPACES = re.compile(r"\s+")
_ORDERED = re.compile(r"\d{1,9}(?=[.)])")
# what would make a translated paragraph a link reference definition, which renders as nothing
_DEFINITION = re.compile(r"\[(?:[^\]\\]|\\.)*\]:")
# markdown-it drops whatever lies deeper than this, and the rest of the document with it;
# CommonMark's preset stops at 20, and a deeper limit would meet Python's recursion limit
MAX_NESTING = 100
# what would turn a translation's `&` into an entity, or its `<` into HTML or an autolink
_AMPERSAND = re.compile(r"&(?=#?\w+;)")
_ANGLE = re.compile(r"<(?=[A-Za-z/!?])")
_RAW_OPEN = re.compile(r"<(script|style)(?=[\s/>])", re.I)
# what would make a translation's own text emphasis, code, a link or strikethrough (the
# gender star of `Kund*innen`); one the translator escaped, as the msgid shows, stays so
_INLINE_MARK = re.compile(r"(?<!\\)([*_`\[\]~])")


def parse(
    text: str,
    max_paragraph_chars: int,
    lang: str = "en",
    front_matter_keys: tuple[str, ...] = ("title", "description", "summary"),
) -> list[Paragraph]:
    source = _Source(text)
    index = LineIndex(text)
    paragraphs = []
    cell_cursor = (-1, 0)  # (row line, offset in it) of the next table cell
    try:
        tokens = _parser(divs=True).parse(source.normalized)
    except IndexError:  # mdit-py-plugins' container rule fails on a `:::` that ends a quote
        tokens = _parser(divs=False).parse(source.normalized)
    _refuse_too_deep(tokens)
    for position, token in enumerate(tokens):
        if token.type == "front_matter" and token.map:
            paragraphs += _front_matter(source, token.map, front_matter_keys, index)
            continue
        if token.type == "html_block" and token.map:
            paragraphs += _html_block(source, token, max_paragraph_chars, lang, index)
            continue
        if token.type != "inline" or token.map is None or not token.content.strip():
            continue
        if len(token.content) > max_paragraph_chars:
            raise LocError(
                f"a paragraph of {len(token.content):,} characters is over the limit of "
                f"{max_paragraph_chars:,} (max_paragraph_chars in [tool.loc])",
                line=token.map[0] + 1,
            )
        kind = tokens[position - 1].type
        if kind in ("th_open", "td_open"):
            row = token.map[0]
            offsets, end = source.locate_cell(
                token.content, row, cell_cursor[1] if cell_cursor[0] == row else 0
            )
            cell_cursor = (row, end)
        else:
            offsets = source.locate(token.content, token.map[0], heading=kind == "heading_open")
        block = _Block(token.content, offsets, index)
        pieces, _ = block.pieces(token.children or [])
        escape = _escaper(kind, {offsets[i] for i in block.line_starts()})
        segments = inline.segments(pieces, lang, index, escape)
        if segments:
            paragraphs.append(Paragraph(offsets[0], offsets[-1], tuple(segments), keeps_markup=_same_markup))
    return paragraphs


# `key: value` on one line, the value plain or quoted (a block scalar or a list is left alone)
_FRONT_KEY = re.compile(
    r"(?P<key>[^\s:#][^:]*?):[ \t]+"
    r"""(?:"(?P<double>[^"\\]*)"|'(?P<single>(?:[^']|'')*)'|(?P<plain>[^\s|>\[{&*!%@`'"#-][^#]*?))[ \t]*$"""
)
# what a plain YAML value cannot hold, and so gets double quotes when a translation has it
_NEEDS_QUOTES = re.compile(
    r"""^[\s\-?:,\[\]{}#&*!|>'"%@`]|: | #|\s$|^(?:true|false|yes|no|null|~|[\d.+-]+)$""", re.I
)


def _front_matter(
    source: _Source, lines: list[int], keys: tuple[str, ...], index: LineIndex
) -> list[Paragraph]:
    """The values of `keys` in YAML front matter, each a paragraph of one segment."""
    found = []
    for number in range(lines[0] + 1, lines[1] - 1):  # between the `---` lines
        m = _FRONT_KEY.match(source.line(number))
        if not m or m.group("key") not in keys:
            continue
        group = next(name for name in ("double", "single", "plain") if m.group(name) is not None)
        value = m.group(group).replace("''", "'") if group == "single" else m.group(group)
        if not has_letters(value):
            continue
        base = source.normalized_starts[number]
        start, end = source.original(base + m.start(group)), source.original(base + m.end(group))
        segment = Segment(normalize(value), start, end, index.line(start), escape=_YAML_ESCAPES[group])
        found.append(Paragraph(start, end, (segment,)))
    return found


def _yaml_plain(part: str, first: bool) -> str:
    part = _SPACES.sub(" ", part)
    if _NEEDS_QUOTES.search(part):
        return '"' + part.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return part


_YAML_ESCAPES = {
    "double": lambda part, first: _SPACES.sub(" ", part).replace("\\", "\\\\").replace('"', '\\"'),
    "single": lambda part, first: _SPACES.sub(" ", part).replace("'", "''"),
    "plain": _yaml_plain,
}


def _html_block(
    source: _Source, token: Token, max_paragraph_chars: int, lang: str, index: LineIndex
) -> list[Paragraph]:
    """An HTML block (`<p align="center">`, `<details><summary>`) read by the HTML reader;
    one inside a list or a quote, whose lines carry Markdown's prefixes, stays as written."""
    first, last = token.map
    start = source.starts[first]
    end = source.starts[last] if last < len(source.starts) else len(source.text)
    if _LINE_END.sub("\n", source.text[start:end]).rstrip("\n") != token.content.rstrip("\n"):
        return []
    return html.parse_region(source.text, start, end, max_paragraph_chars, lang, index)


def _same_markup(source: str, translated: str) -> bool:
    """Whether a translated block's inline markup parses as the source's does, in any
    order: a translation may move and nest its placeholders (a well-nested one is all
    `_fill` lets through), so only markup lost or gained counts."""
    return _markup(source) == _markup(translated)


def _markup(text: str) -> Counter[tuple]:
    md = _parser(divs=False, spans=False)
    shape: Counter[tuple] = Counter()
    for token in md.parseInline(text)[0].children or []:
        if token.type not in ("text", "text_special", "softbreak"):
            kept = token.content if token.type in ("code_inline", "html_inline") else ""
            attrs = tuple((k, v) for k, v in token.attrs.items() if k != "title")  # a title is translated
            shape[(token.type, token.nesting, token.markup, attrs, kept)] += 1
    return shape


def _refuse_too_deep(tokens: list[Token]) -> None:
    """A document nested as deep as markdown-it goes has lost its innermost text and every
    block after it: refused, never extracted with paragraphs silently missing."""
    deepest = max(tokens, key=lambda token: token.level, default=None)
    if deepest is not None and deepest.level >= MAX_NESTING - 1:
        outer = next(t for t in reversed(tokens[: tokens.index(deepest)]) if t.map is not None)
        raise LocError(
            f"block quotes and lists nested too deep for markdown-it ({MAX_NESTING} levels, a quote "
            "counting one and a list item two): what is inside would be lost; flatten the nesting",
            line=(outer.map or [0])[0] + 1,
        )


class _Source:
    """The document as markdown-it sees it (line endings as \\n) and the way back to
    offsets in the text as written."""

    def __init__(self, text: str):
        self.text = text
        self.normalized = _LINE_END.sub("\n", text).replace("\0", "\ufffd")
        self.starts = [0] + [m.end() for m in _LINE_END.finditer(text)]
        self.normalized_starts = [0] + [m.end() for m in re.finditer("\n", self.normalized)]

    def original(self, offset: int) -> int:
        line = bisect.bisect_right(self.normalized_starts, offset) - 1
        return self.starts[line] + offset - self.normalized_starts[line]

    def line(self, number: int) -> str:
        """Line `number` (0-based) of the normalized text, without its line break."""
        starts = self.normalized_starts
        end = starts[number + 1] - 1 if number + 1 < len(starts) else len(self.normalized)
        return self.normalized[starts[number] : end]

    def locate(self, content: str, first: int, *, heading: bool) -> list[int]:
        """Offset in the text as written of each character of a block's inline content
        (and of its end): each content line is the end of its source line, less the
        closing `#`s of a heading or the trailing spaces of the last line."""
        offsets: list[int] = []
        lines = content.split("\n")
        for number, part in enumerate(lines):
            line = self.line(first + number)
            base = self.normalized_starts[first + number]
            at = _place(line, part, last=number == len(lines) - 1 or heading)
            if at is None:
                raise LocError(
                    "cannot find a paragraph's text in its line (a bug in loc)", line=first + number + 1
                )
            column, made_up = at
            offsets += [self.original(base + column)] * made_up  # tab stops markdown-it made into spaces
            offsets += [self.original(base + column + i) for i in range(len(part) - made_up)]
            offsets.append(self.original(base + len(line)) if number < len(lines) - 1 else offsets[-1] + 1)
        return offsets

    def locate_cell(self, content: str, row: int, cursor: int) -> tuple[list[int], int]:
        """Offsets of a table cell's content, found after `cursor` in its row; a `\\|`
        in the row is a `|` in the content."""
        line = self.line(row)
        base = self.normalized_starts[row]
        written = content.replace("|", "\\|")
        at = line.find(written, cursor)
        if at < 0:
            at, written = line.find(content, cursor), content
        if at < 0:
            raise LocError("cannot find a table cell's text in its row (a bug in loc)", line=row + 1)
        offsets = []
        column = at
        for char in content:
            if char == "|" and line[column] == "\\":
                column += 1
            offsets.append(self.original(base + column))
            column += 1
        offsets.append(self.original(base + column))
        return offsets, at + len(written)


def _place(line: str, part: str, *, last: bool) -> tuple[int, int] | None:
    """(column, made-up leading spaces) of a content line in its source line."""
    for made_up in range(len(part) - len(part.lstrip(" ")) + 1):
        rest = part[made_up:]
        if line.endswith(rest):
            return len(line) - len(rest), made_up
        if last:
            at = line.rfind(rest)
            if at >= 0:
                return at, made_up
    return None


class _Block:
    """One block's inline tokens as pieces with spans in the text as written."""

    def __init__(self, content: str, offsets: list[int], index: LineIndex):
        self.content = content
        self.offsets = offsets
        self.index = index
        self.pair = 0

    def line_starts(self) -> list[int]:
        starts = [0] + [m.end() for m in re.finditer("\n[ \t]*", self.content)]
        return [s for s in starts if s < len(self.content)]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Content offsets -> offsets in the document; a span that ends in a line break
        takes the next line's prefix (`> `, indentation) with it."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        if (
            end < len(self.content)
            and "\n" in self.content[start:end]
            and not self.content[start:end].split("\n")[-1].strip()
        ):
            return self.offsets[start], self.offsets[end]
        return self.offsets[start], self.offsets[end - 1] + 1

    def pieces(self, tokens: list[Token], base: int = 0) -> tuple[list[inline.Piece], int]:
        """The pieces of `tokens` (recorded spans are `base` + offset in the content), and
        the content offset after them."""
        out: list[inline.Piece] = []
        opened: list[int] = []
        titles: list[str] = []  # of the links opened
        labels: list[int] = []  # where the text of each link opened starts
        cursor = base
        skip_to_close = False
        for token in tokens:
            if skip_to_close:
                skip_to_close = token.type != "link_close"
                continue
            recorded = token.meta.get("loc_span")
            start, end = (recorded[0] + base, recorded[1] + base) if recorded else (cursor, cursor)
            kind = token.type
            if kind == "text" and recorded is None:  # text that markdown-it gathered: it follows the cursor
                found = self.content.find(token.content, cursor)
                start = cursor if self.content.startswith(token.content, cursor) or found < 0 else found
                end = start + len(token.content)
                if token.content:
                    out.append(inline.Text(token.content, *self.span(start, end)))
            elif kind == "text_special" and token.info == "entity":  # the character it stands for
                out.append(inline.Text(token.content, *self.span(start, end)))
            elif kind in ("text", "text_special") and end > start:
                if not token.content:  # half of a `**`: part of the tag beside it
                    if out and isinstance(out[-1], inline.Tag) and out[-1].end == self.span(start, end)[0]:
                        tag = out[-1]
                        out[-1] = inline.Tag(tag.kind, tag.pair, tag.start, self.span(start, end)[1])
                        cursor = end
                    continue  # else the closing tag after it starts at the cursor
                out.append(inline.Text(self.content[start:end], *self.span(start, end)))
            elif kind == "softbreak":
                out.append(inline.Text("\n", *self.span(cursor, end)))
            elif kind == "html_inline" and (raw := _RAW_OPEN.match(token.content)):
                # a browser runs or applies it up to its own end, whatever markdown-it made of
                # the code: one placeholder, and the rest of the block is read anew after it
                _, close = raw_text_end(self.content, end, raw.group(1).lower())
                out.append(self._void(cursor, close, word=False))
                rest, after = self.pieces(
                    _parser(divs=False).parseInline(self.content[close:])[0].children or [], close
                )
                return out + rest, after
            elif kind in ("hardbreak", "html_inline"):
                out.append(self._void(cursor, end, word=False))
            elif kind == "code_inline" or (kind == "link_open" and token.markup == "autolink"):
                out.append(self._void(cursor, end, word=True))
                skip_to_close = kind == "link_open"
            elif kind == "image":
                label = start + 2
                inside, after = self.pieces(token.children or [], label)
                title = self._title(token.attrs.get("title"), after, end)
                if not any(isinstance(p, inline.Text) for p in inside) or self.content[after:end] in (
                    "]",
                    "][]",
                ):
                    out.append(self._void(cursor, end, word=True, inner=title))
                else:
                    self.pair += 1
                    out.append(inline.Tag("open", self.pair, *self.span(cursor, label)))
                    out += inside
                    out.append(inline.Tag("close", self.pair, *self.span(after, end), inner=title))
            elif token.nesting == 1:
                self.pair += 1
                opened.append(self.pair)
                titles.append(str(token.attrs.get("title") or ""))
                end = start + 1 if kind == "link_open" else end
                labels.append(end)
                out.append(inline.Tag("open", self.pair, *self.span(cursor, end)))
            elif token.nesting == -1:
                pair = opened.pop() if opened else -1
                title = self._title(titles.pop() if titles else None, min(cursor, end), end)
                label = self.content[labels.pop() : min(cursor, end)] if labels else ""
                # `[label][]` and `[label]` name their link by their text: translated, they
                # become `[translation][label]`
                shortcut = kind == "link_close" and self.content[min(cursor, end) : end] in ("]", "][]")
                out.append(
                    inline.Tag(
                        "close",
                        pair,
                        *self.span(min(cursor, end), end),
                        inner=title,
                        written=f"][{label}]" if shortcut else None,
                    )
                )
            cursor = max(cursor, end)
        return out, cursor

    def _void(self, start: int, end: int, *, word: bool, inner: tuple[Segment, ...] = ()) -> inline.Tag:
        self.pair += 1
        return inline.Tag("void", self.pair, *self.span(start, end), word=word, inner=inner)

    def _title(self, title, start: int, end: int) -> tuple[Segment, ...]:
        """A link's or image's title (`[x](url "Title")`, in content[start:end]) as a
        segment of its own; one written with escapes or entities stays as written."""
        if not title or not has_letters(str(title)):
            return ()
        for left, right in ('""', "''", "()"):
            at = self.content.rfind(f"{left}{title}{right}", start, end)
            if at >= 0:
                a, b = self.span(at + 1, at + 1 + len(title))
                return (Segment(normalize(title), a, b, self.index.line(a), escape=_title_escape(right)),)
        return ()


def _title_escape(delimiter: str) -> inline.Escape:
    """A title's text in its delimiters: backslashes and the delimiters escaped."""

    def escape(part: str, first: bool) -> str:
        part = _SPACES.sub(" ", part).replace("\\", "\\\\")
        for char in "()" if delimiter == ")" else delimiter:
            part = part.replace(char, "\\" + char)
        return part

    return escape


def _escaper(kind: str, line_starts: set[int]) -> Callable[[int], inline.Escape]:
    """How a translation's text is written: one line (a line break could end the block),
    `&` and `<` that would start an entity or HTML escaped (entities are characters in
    the msgid), `|` escaped in a table cell, and a first word that would start a heading, list,
    quote or code block at the start of a line escaped."""
    cell = kind in ("th_open", "td_open")
    paragraph = kind == "paragraph_open"

    def at(start: int) -> inline.Escape:
        guard = paragraph and start in line_starts

        def escape(part: str, first: bool) -> str:
            part = _ANGLE.sub("&lt;", _AMPERSAND.sub("&amp;", _SPACES.sub(" ", part)))
            part = _INLINE_MARK.sub(r"\\\1", part)
            if cell:
                part = part.replace("|", "\\|")
            if first and guard:
                part = _guard(part)
            return part

        return escape

    return at


def _guard(part: str) -> str:
    stripped = part.lstrip(" ")
    lead = part[: len(part) - len(stripped)]
    number = _ORDERED.match(stripped)
    if number:
        return lead + number.group() + "\\" + stripped[number.end() :]
    if stripped[:1] in ("#", ">", "-", "+", "*", "=", "<", "`", "~", "|") or _DEFINITION.match(stripped):
        return lead + "\\" + stripped
    return part


@functools.cache
def _parser(*, divs: bool, spans: bool = True) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough"])
    md.use(front_matter_plugin)
    if divs:
        md.use(container_plugin, name="div", validate=lambda params, *rest: True)
    if not spans:
        return md
    md.core.ruler.disable("text_join")  # escapes and entities stay tokens of their own
    md.inline.ruler2.disable("fragments_join")
    for rule in list(md.inline.ruler.get_all_rules()):
        md.inline.ruler.at(rule, _recording(md.inline.ruler.__rules__[md.inline.ruler.__find__(rule)].fn))
    return md


def _recording(rule: Callable[[StateInline, bool], bool]) -> Callable[[StateInline, bool], bool]:
    """The rule, recording in each token it makes the span of the source it consumed."""

    def recorded(state: StateInline, silent: bool) -> bool:
        if silent:
            return rule(state, silent)
        if "pushPending" not in vars(state):
            state.pushPending = functools.partial(_push_pending, state)
        start, before = state.pos, len(state.tokens)
        matched = rule(state, silent)
        if matched:
            new = [
                t for t in state.tokens[before:] if "loc_span" not in t.meta and "loc_pending" not in t.meta
            ]
            lengths = [len(t.content) for t in new]
            if len(new) > 1 and all(t.type == "text" for t in new) and sum(lengths) == state.pos - start:
                for token, length in zip(new, lengths, strict=True):  # `**`: one token per delimiter
                    token.meta["loc_span"] = (start, start + length)
                    start += length
            else:
                for token in new:
                    token.meta["loc_span"] = (start, state.pos)
        return matched

    return recorded


def _push_pending(state: StateInline) -> Token:
    token = StateInline.pushPending(state)
    token.meta["loc_pending"] = True
    return token
