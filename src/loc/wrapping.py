"""GNU gettext's line breaking for PO strings.

msgcat, msgmerge and Poedit wrap a PO string at the Unicode line-break opportunities
that libunistring reports, filling each line greedily to 79 columns. polib's textwrap
breaks elsewhere, so a file written by polib is rewritten by the next gettext tool.
To write files that gettext leaves byte-for-byte alone we ask the same library
gettext links (libunistring) for the break opportunities; where it is missing we
use unicode-segmentation-rs, the UAX #14 implementation Weblate writes PO files with.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import itertools
import re
import unicodedata

PROHIBITED, POSSIBLE, MANDATORY = 1, 2, 3

_AFTER_NEWLINE = re.compile(r"(?<=\n)(?=.)", re.S)
_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v"}


@functools.cache
def _libunistring():
    for name in ("libunistring.so.5", "libunistring.so.2", ctypes.util.find_library("unistring")):
        if not name:
            continue
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        lib.u8_possible_linebreaks.restype = None
        lib.uc_width.argtypes = (ctypes.c_uint32, ctypes.c_char_p)
        return lib
    return None


def _break_opportunities(text: str) -> tuple[set[int], set[int]]:
    """Character indices before which a line may break, and those before which it must
    (after U+2028 or U+0085, say), by UAX #14."""
    raw = text.encode("utf-8")
    char_at = {}
    offset = 0
    for index, char in enumerate(text):
        char_at[offset] = index
        offset += len(char.encode("utf-8"))
    lib = _libunistring()
    if lib is not None:
        out = ctypes.create_string_buffer(len(raw))
        lib.u8_possible_linebreaks(raw, ctypes.c_size_t(len(raw)), b"UTF-8", out)
        kinds = [(char_at[i], kind) for i, kind in enumerate(out.raw) if i in char_at]
        return {i for i, kind in kinds if kind == POSSIBLE}, {i for i, kind in kinds if kind == MANDATORY}
    from unicode_segmentation_rs import line_breaks

    breaks = [(char_at[i], mandatory) for i, mandatory in line_breaks(text) if i in char_at]
    return {i for i, mandatory in breaks if not mandatory}, {i for i, mandatory in breaks if mandatory}


@functools.cache
def _width(char: str) -> int:
    """Columns as gettext counts them: libunistring's uc_width (control characters: 0)."""
    lib = _libunistring()
    if lib is not None:
        return max(0, lib.uc_width(ord(char), b"UTF-8"))
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    if unicodedata.category(char) == "Cc":
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _escape(portion: str) -> tuple[list[str], list[bool]]:
    """The escaped characters of a portion, and whether a break is forbidden before each."""
    pieces: list[str] = []
    forbidden: list[bool] = []
    for char in portion:
        if char in _ESCAPES:
            pieces += ["\\", _ESCAPES[char]]
        elif char in '\\"':
            pieces += ["\\", char]
        else:
            pieces.append(char)
            forbidden.append(False)
            continue
        forbidden += [False, True]
    if portion.endswith("\n"):
        forbidden[-2] = True  # gettext never breaks right before a final "\n"
    return pieces, forbidden


def _fill(pieces: list[str], allowed: set[int], mandatory: set[int], width: int, start: int) -> list[int]:
    """Greedy fill as libunistring's u8_width_linebreaks does: indices where lines break.
    A mandatory break (after U+2028, U+0085) starts the count again; gettext writes
    no line break there, only its own at the next opportunity."""
    breaks: list[int] = []
    last: int | None = None
    column, piece = start, 0
    for index, char in enumerate(pieces):
        if (index in allowed or index in mandatory) and last is not None and column + piece > width:
            breaks.append(last)
            column = 0
        if index in mandatory:
            last, column, piece = None, 0, 0
        elif index in allowed:
            last = index
            column += piece
            piece = 0
        piece += _width(char)
    if last is not None and column + piece > width:
        breaks.append(last)
    return breaks


def wrap_field(name: str, value: str, prefix: str = "", page_width: int | None = 79) -> list[str]:
    """The lines gettext writes for `name "value"` (e.g. msgid, msgstr[0]) after `prefix`.

    `page_width=None` means no wrapping (msgcat --no-wrap, or the `no-wrap` flag);
    the string is still split after each embedded newline, and only there: not at
    U+2028, U+0085 or the other breaks `str.splitlines` knows.
    """
    lines: list[str] = []
    first = True
    portions = _AFTER_NEWLINE.split(value) if value else [""]
    after_break = len(prefix) + 1
    width = (page_width if page_width else 1 << 30) - 1 - after_break
    for number, portion in enumerate(portions):
        pieces, forbidden = _escape(portion)
        escaped = "".join(pieces)
        allowed: set[int] = set()
        mandatory: set[int] = set()
        if page_width and portion:
            # opportunities are computed on the escaped text, as gettext does
            opportunities, mandatory = _break_opportunities(escaped)
            allowed = {i for i in opportunities if not forbidden[i]}
        while True:
            start = len(prefix) + (len(name) + 1 if first else 0) + 1 - after_break
            breaks = _fill(pieces, allowed, mandatory, width, start)
            more = number < len(portions) - 1
            if first and portion and (more or start > width or breaks):
                lines.append(f'{prefix}{name} ""')
                first = False
                continue
            break
        head = f"{prefix}{name} " if first else prefix
        first = False
        cuts = [0, *breaks, len(pieces)]
        for i, (a, b) in enumerate(itertools.pairwise(cuts)):
            lines.append(f'{head if i == 0 else prefix}"{"".join(pieces[a:b])}"')
    return lines
