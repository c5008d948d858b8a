"""Sentences of a run of inline content, shared by Markdown and HTML.

A format hands over a block's inline content as pieces in document order: text (what a
translator reads, and the source span it comes from) and tags (markup: an opening or
closing one that pairs with another, or one on its own). The sentences are found in the
text alone; each tag then belongs to the sentence it is inside. A pair that straddles a
sentence boundary (`*One. Two.*`) joins the two sentences into one segment, so every
msgid holds whole pairs; a pair or lone tag at the edge of a sentence stays outside it
(`**Note.**` is the msgid "Note."), as the rebuild copies it through unchanged.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from loc import segment as sentences
from loc.documents import PLACEHOLDER, LineIndex, Segment, has_letters, normalize

# what a tag that stands for a word (inline code, an image) is to the sentence rules
_WORD = "\ue000"

Escape = Callable[[str, bool], str]


@dataclass(frozen=True)
class Text:
    """`text` as the msgid shows it, from `source[start:end]`; when their lengths differ
    (an HTML entity) the piece is indivisible."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Tag:
    kind: str  # "open", "close" or "void"
    pair: int  # an opening tag and its closing tag share it
    start: int
    end: int
    word: bool = False  # a void tag that takes a word's place: `code`, an image
    inner: tuple[Segment, ...] = ()  # translatable attributes inside it
    written: str | None = None  # what a translation writes in its place, if not its source


Piece = Text | Tag


def segments(
    pieces: Sequence[Piece], lang: str, index: LineIndex, escape: Callable[[int], Escape | None]
) -> list[Segment]:
    """The segments of one block, in order, and the translatable attributes of tags that
    no segment holds; `escape(start)` is the escape of a segment that starts there."""
    partners = _partners(pieces)
    pieces = [  # a tag without its partner stands alone
        Tag("void", -1 - i, p.start, p.end, p.word, p.inner)
        if isinstance(p, Tag) and p.kind != "void" and i not in partners
        else p
        for i, p in enumerate(pieces)
    ]
    plain: list[str] = []
    where: list[int] = []  # plain offset of each piece
    size = 0
    for piece in pieces:
        where.append(size)
        if isinstance(piece, Text):
            plain.append(piece.text)
            size += len(piece.text)
        elif piece.word:
            plain.append(_WORD)
            size += 1
    spans = sentences.sentence_spans("".join(plain), lang)
    while True:  # widen each sentence to its tags' partners, and merge sentences that then overlap
        merged: list[tuple[int, int]] = []
        for a, b in spans:
            a, b = _widen(partners, where, _choose(pieces, partners, where, a, b), a, b)
            while merged and a < merged[-1][1]:
                a, b = min(a, merged[-1][0]), max(b, merged[-1][1])
                merged.pop()
            merged.append((a, b))
        if merged == spans:
            break
        spans = merged
    found: list[Segment] = []
    held: set[int] = set()
    for a, b in spans:
        chosen = _choose(pieces, partners, where, a, b)
        made = _segment(pieces, where, chosen, a, b, index, escape)
        if made is not None:
            held.update(chosen)
            found.append(made)
    for i, piece in enumerate(pieces):  # attributes of tags outside every segment
        if isinstance(piece, Tag) and i not in held:
            found.extend(piece.inner)
    return sorted(found, key=lambda s: s.start)


def _choose(pieces: Sequence[Piece], partners: dict[int, int], where: list[int], a: int, b: int) -> list[int]:
    """Indices of the pieces of the sentence at plain offsets a:b."""
    chosen = set()
    edges = []
    low = bisect.bisect_left(where, a)
    if (
        low > 0
        and where[low - 1] < a
        and _width(pieces[low - 1])
        and where[low - 1] + _width(pieces[low - 1]) > a
    ):
        low -= 1  # a text that starts before the sentence
    for i in range(low, bisect.bisect_right(where, b)):
        piece = pieces[i]
        p = where[i]
        if isinstance(piece, Text):
            if p < b and p + len(piece.text) > a:
                chosen.add(i)
        elif piece.word:
            if a <= p < b:
                chosen.add(i)
        elif a < p < b:
            chosen.add(i)
        elif p in (a, b):
            edges.append(i)
    changed = True
    while changed:  # a tag at an edge goes in when its partner is in
        changed = False
        for i in edges:
            if i in chosen:
                continue
            partner = partners.get(i)
            if partner is not None and partner in chosen:
                chosen.add(i)
                changed = True
    # a tag between two pieces of the sentence is in it too (a comment before `</b>`)
    return list(range(min(chosen), max(chosen) + 1)) if chosen else []


def _width(piece: Piece) -> int:
    """A piece's length in the text the sentence rules read."""
    if isinstance(piece, Text):
        return len(piece.text)
    return 1 if piece.word else 0


def _partners(pieces: Sequence[Piece]) -> dict[int, int]:
    """Index of each paired tag -> index of its partner."""
    opened: dict[int, int] = {}
    partners: dict[int, int] = {}
    for i, piece in enumerate(pieces):
        if isinstance(piece, Tag) and piece.kind == "open":
            opened[piece.pair] = i
        elif isinstance(piece, Tag) and piece.kind == "close" and piece.pair in opened:
            j = opened.pop(piece.pair)
            partners[i], partners[j] = j, i
    return partners


def _widen(partners: dict[int, int], where: list[int], chosen: list[int], a: int, b: int) -> tuple[int, int]:
    """The plain span that holds the partners of every chosen tag."""
    for i in chosen:
        partner = partners.get(i)
        if partner is not None and partner not in chosen:
            p = where[partner]
            a, b = min(a, p), max(b, p)
    return a, b


def _segment(
    pieces: Sequence[Piece],
    where: list[int],
    chosen: list[int],
    a: int,
    b: int,
    index: LineIndex,
    escape: Callable[[int], Escape | None],
) -> Segment | None:
    parts: list[str] = []
    words: list[str] = []
    markup: list[tuple[str, int, int]] = []
    written: list[tuple[str, str]] = []
    inner: list[Segment] = []
    numbers: dict[int, int] = {}
    literal = "".join(p.text for i in chosen if isinstance(p := pieces[i], Text))
    taken = {int(m.group(2) or m.group(3)) for m in PLACEHOLDER.finditer(literal)}  # `&lt;g1&gt;` as text
    start = end = None
    for i in chosen:
        piece = pieces[i]
        if isinstance(piece, Text):
            lo, hi = max(a, where[i]) - where[i], min(b, where[i] + len(piece.text)) - where[i]
            if len(piece.text) == piece.end - piece.start:
                s, e = piece.start + lo, piece.start + hi
            else:
                s, e = piece.start, piece.end
            parts.append(piece.text[lo:hi])
            words.append(piece.text[lo:hi])
        else:
            s, e = piece.start, piece.end
            if piece.kind == "close":
                tag = f"</g{numbers[piece.pair]}>"
            else:
                numbers[piece.pair] = next(n for n in itertools.count(len(numbers) + 1) if n not in taken)
                tag = f"<g{numbers[piece.pair]}>" if piece.kind == "open" else f"<x{numbers[piece.pair]}/>"
            parts.append(tag)
            markup.append((tag, s, e))
            if piece.written is not None:
                written.append((tag, piece.written))
            inner.extend(piece.inner)
        start = s if start is None else start
        end = e
    if start is None or not has_letters("".join(words)):
        return None
    return Segment(
        normalize("".join(parts)),
        start,
        end,
        index.line(start),
        tuple(markup),
        tuple(inner),
        escape(start),
        tuple(written),
    )
