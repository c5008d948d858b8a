"""PO and POT files on disk: parsed by polib, written in GNU gettext's own layout.

polib is the data model (POFile, POEntry) and the parser. Its writer wraps strings
with textwrap, which differs from gettext (msgcat rewraps such files) and folds long
translator comments into new lines (so a load/save changes them). `dumps` therefore
lays out polib's entries exactly as gettext's write-po.c does; `loads(dumps(po))`
gives back the same entries and msgcat leaves the bytes alone.

Files written by other tools keep their conventions when loc saves them again:
charset, BOM, CRLF line ends and wrap width are read into a `Style`.
"""

from __future__ import annotations

import codecs
import heapq
import re
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import polib

from loc import atomic
from loc.catalog.model import is_translated_text, new_entry, no_cycles, reconcile, signature
from loc.catalog.wrapping import wrap_field
from loc.errors import LocError

DEFAULT_WIDTH = 79
_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")
_SYNTAX_LINE = re.compile(r"\(line (\d+)\)")
_STRING_LINE = re.compile(
    r'^(?:#~\|? |#\| )?(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?(?P<string>".*)$'
)
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
_ESCAPE = re.compile(r"\\(.)")
_VALID_ESCAPES = frozenset("ntrabfv\\\"'?01234567x")
_NUMERIC_ESCAPES = frozenset("01234567x")
_POLIB_UNDECODED = {"a": "\a", "'": "'", "?": "?"}  # polib reads these as a backslash and a letter
_OBSOLETE_PREVIOUS = re.compile(r"^#~\|", re.M)
_KEYWORD = re.compile(r"^(?:#~ )?(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s")
# what each keyword of an entry may follow (None: the start of an entry)
_FOLLOWS: dict[str, set[str | None]] = {
    "msgctxt": {None},
    "msgid": {None, "msgctxt"},
    "msgid_plural": {"msgid"},
    "msgstr": {"msgid"},
    "msgstr[]": {"msgid_plural", "msgstr[]"},
}
_OPENING = ("msgctxt", "msgid", "msgid_plural")  # keywords of an entry that is not complete yet
_STRING_LINES = re.compile(r'^(?:#~ )?"[^\n]*', re.M)  # a string's continuation lines
_CONFLICT_MARKER = re.compile(r"^(?:<{7}|\|{7}|={7}|>{7})(?: |$)", re.M)
_MARKERS = ("<" * 7, "|" * 7, "=" * 7, ">" * 7)
_POLIB_CHARSET = re.compile(r'"?Content-Type:.+? charset=([\w_\-:\.]+)')  # polib.detect_encoding's


@dataclass(frozen=True)
class Style:
    """How a file is laid out on disk, kept when loc rewrites it."""

    charset: str = "UTF-8"
    newline: str = "\n"
    bom: bool = False
    width: int | None = DEFAULT_WIDTH  # None: no wrapping (msgcat --no-wrap)


def _lines(entry: polib.POEntry, width: int | None) -> list[str]:
    # references wrap at the page width even under --no-wrap or a `no-wrap` flag
    ref_width = width or DEFAULT_WIDTH
    width = None if "no-wrap" in entry.flags else width
    obsolete = entry.obsolete
    out: list[str] = []
    for line in entry.tcomment.split("\n") if entry.tcomment else []:
        out.append(f"# {line}" if line else "#")
    for line in entry.comment.split("\n") if entry.comment else []:
        out.append(f"#. {line}" if line else "#.")
    if entry.occurrences:
        refs = [f"{path}:{line}" if line else path for path, line in entry.occurrences]
        current, column = "#:", 2
        for ref in refs:
            if column > 2 and column + len(ref) + 1 > ref_width:
                out.append(current)
                current, column = "#:", 2
            current += " " + ref
            column += len(ref) + 1
        out.append(current)
    flags = _flags(entry)
    if flags:
        out.append("#, " + ", ".join(flags))
    previous = "#~| " if obsolete else "#| "
    for name, value in (
        ("msgctxt", entry.previous_msgctxt),
        ("msgid", entry.previous_msgid),
        ("msgid_plural", entry.previous_msgid_plural),
    ):
        if value is not None:
            out += wrap_field(name, value, previous, width)
    prefix = "#~ " if obsolete else ""
    if entry.msgctxt is not None:
        out += wrap_field("msgctxt", entry.msgctxt, prefix, width)
    out += wrap_field("msgid", entry.msgid, prefix, width)
    if entry.msgid_plural:
        out += wrap_field("msgid_plural", entry.msgid_plural, prefix, width)
        for index in sorted(entry.msgstr_plural):
            out += wrap_field(f"msgstr[{index}]", entry.msgstr_plural[index], prefix, width)
    else:
        out += wrap_field("msgstr", entry.msgstr, prefix, width)
    return out


def _flags(entry: polib.POEntry) -> list[str]:
    """gettext writes `fuzzy` first, and only on a translated entry."""
    others = [flag for flag in entry.flags if flag != "fuzzy"]
    if "fuzzy" in entry.flags and is_translated_text(entry):
        return ["fuzzy", *others]
    return others


def header_entry(po: polib.POFile) -> polib.POEntry:
    """The header as an entry, keeping the field order the file came with."""
    entry = polib.POEntry(msgid="", msgstr="".join(f"{k}: {v}\n" for k, v in po.metadata.items()))
    entry.tcomment = po.header
    if po.metadata_is_fuzzy:
        entry.flags.append("fuzzy")
    return entry


Layout = dict[tuple, tuple[tuple, str]]  # entry key -> (its signature, its lines as on disk)
_HEADER = (None, "")  # the key of the header entry


def dumps(po: polib.POFile, width: int | None = DEFAULT_WIDTH, layout: Layout | None = None) -> str:
    """The text of `po`, laid out as GNU gettext writes it."""
    return "".join(_render(po, width, layout or {})[0])


@no_cycles()
def _render(po: polib.POFile, width: int | None, layout: Layout) -> tuple[list[str], Layout]:
    """The file's blocks (entries joined by blank lines), and the layout they make.

    An entry unchanged since the file was read (`layout`) is written as it was read: a
    save costs what changed, and a person's layout of untouched entries stays."""
    blocks: list[str] = []
    made: Layout = {}

    def add(entry: polib.POEntry, key: tuple) -> None:
        mark = signature(entry)
        found = layout.get(key)
        text = found[1] if found and found[0] == mark else "\n".join(_lines(entry, width)) + "\n"
        made[key] = (mark, text)
        blocks.append(text if not blocks else "\n" + text)

    if po.metadata or po.header:
        add(header_entry(po), _HEADER)
    for entry in po:
        if not entry.obsolete:
            add(entry, (entry.msgctxt, entry.msgid))
    for entry in po:
        # gettext drops an obsolete entry with nothing translated
        if entry.obsolete and is_translated_text(entry):
            add(entry, (entry.msgctxt, entry.msgid))
    return blocks, made


def _layout(po: polib.POFile, read: Read) -> Layout:
    """Each entry's lines in the file as read, where the file is laid out as gettext
    does (one blank line between entries, each entry where polib says it starts); else
    none, and every entry is rendered."""
    text = read.text
    blocks = read.blocks or text.split("\n\n")
    header = bool(po.metadata or po.header)
    if len(blocks) != len(po) + header or not text.endswith("\n") or text.endswith("\n\n"):
        return {}
    layout: Layout = {}
    line = 1
    for number, block in enumerate(blocks):
        if not block.endswith("\n"):
            block += "\n"
        if header and number == 0:
            layout[_HEADER] = (signature(header_entry(po)), block)
        else:
            entry = po[number - header]
            if read.blocks is None and entry.linenum != line:
                return {}
            layout[(entry.msgctxt, entry.msgid)] = (signature(entry), block)
        line += block.count("\n") + 1
    return layout


def encode(text: str, style: Style) -> bytes:
    if style.newline != "\n":
        text = text.replace("\n", style.newline)
    return (codecs.BOM_UTF8 if style.bom else b"") + text.encode(style.charset)


def loads(data: bytes, path: Path | str = "<string>") -> tuple[polib.POFile, Style]:
    """Parse PO bytes; every problem becomes a LocError naming the file and line."""
    po, style, read = _parse(data, path)
    return po, _for_saving(po, style, read)[0]


def _declared_charset(data: bytes) -> str:
    """The charset in the header entry's Content-Type: the first entry when its msgid is
    empty, read from its msgstr lines only, never from a comment above it."""
    lines = iter(data.split(b"\n"))
    for line in lines:
        if line.startswith((b"msgid", b"msgctxt")):
            if line.rstrip() != b'msgid ""':
                return "UTF-8"
            break
    header = []
    for line in lines:
        line = line.strip()
        if not line.startswith((b'"', b"msgstr")):
            break
        header.append(line)
    match = _CHARSET.search(b"".join(header))
    return match.group(1).decode("ascii", "replace") if match else "UTF-8"


@dataclass(frozen=True)
class Read:
    """A file's text as read, and its entries' blocks where `_blocks` read it."""

    text: str
    blocks: list[str] | None


def _parse(data: bytes, path: Path | str) -> tuple[polib.POFile, Style, Read]:
    """The entries, and the style but for the wrap width (`_for_saving` finds it)."""
    bom = data.startswith(codecs.BOM_UTF8)
    if bom:
        data = data[len(codecs.BOM_UTF8) :]
    newline = "\r\n" if b"\r\n" in data else "\n"
    charset = _declared_charset(data.replace(b"\r\n", b"\n") if newline != "\n" else data)
    if charset.upper() == "CHARSET":  # an unfilled POT header
        charset = "UTF-8"
    try:
        if not codecs.lookup(charset)._is_text_encoding:  # rot13, base64, zlib: not a charset
            raise LookupError(charset)
        text = data.decode(charset)
    except LookupError:
        raise LocError(f"unknown charset {charset!r} in the header", path) from None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise LocError(f"not valid {charset} (byte 0x{data[error.start]:02x})", path, line) from None
    except UnicodeError:  # a codec that decodes nothing ("undefined")
        raise LocError(f"unknown charset {charset!r} in the header", path) from None
    if newline != "\n":
        text = text.replace("\r\n", "\n")
    check_conflict_markers(text, path)
    with no_cycles():
        read = _blocks(text)
        po, blocks = read if read is not None else (_scan(text), None)
        if po is None:  # a layout the scan leaves to polib, or an error: polib and msgfmt's checks
            po = _careful(text, path)
    return po, Style(charset=charset, newline=newline, bom=bom), Read(text, blocks)


@no_cycles()
def _for_saving(po: polib.POFile, style: Style, read: Read) -> tuple[Style, Layout]:
    """What only a save needs: the file's wrap width and each entry's lines as read."""
    layout = _layout(po, read)
    return replace(style, width=_detect_width(po, read.text, layout)), layout


def _careful(text: str, path: Path | str) -> polib.POFile:
    """The file read by polib after msgfmt's checks: every error named with its line."""
    checked = _checked_strings(text, path)
    _check_keyword_order(text, path)
    try:
        # polib skips "#~|" lines: read an obsolete entry's previous msgid as "#|"
        po = polib.pofile(_Lines(_OBSOLETE_PREVIOUS.sub("#|", checked)), wrapwidth=DEFAULT_WIDTH)
    except (OSError, ValueError) as error:
        found = _SYNTAX_LINE.search(str(error))
        reason = str(error).split(":", 1)[1].strip() if ":" in str(error) else "syntax error"
        raise LocError(f"malformed PO file: {reason}", path, int(found.group(1)) if found else None) from None
    _check_duplicates(po, path)
    return po


# C's escapes, decoded; the numeric ones (and any other) are left to `_careful`, which refuses them
_DECODED = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_DECODED |= {"\\": "\\", '"': '"', "'": "'", "?": "?"}
_PREVIOUS = {
    "msgctxt": "previous_msgctxt",
    "msgid": "previous_msgid",
    "msgid_plural": "previous_msgid_plural",
}


def _string(token: str) -> str | None:
    """The value of a quoted C string; None for anything msgfmt or polib would question."""
    if len(token) < 2 or token[0] != '"' or token[-1] != '"':
        return None
    inner = token[1:-1]
    if '"' not in inner and "\\" not in inner:
        return inner
    if not _QUOTED.fullmatch(token) or not set(_ESCAPE.findall(inner)) <= _DECODED.keys():
        return None
    return _ESCAPE.sub(_decoded, inner)


# One entry as gettext lays it out: comments in gettext's order (none ending in a space,
# which `_scan` leaves to polib), then its strings, each a quoted C string with the
# escapes `_string` decodes. `{p}` is "#~ " in an obsolete entry, `{q}` "#~| " there.
_S = r'"[^"\\\n]*(?:\\[ntrabfv\\"\'?][^"\\\n]*)*"'
_ENTRY = r"""(?P<tc>(?:\#(?:\ [^\n]*\S)?\n)*)
(?P<ec>(?:\#\.\ [^\n]*\S\n)*)
(?P<ref>(?:\#:\ [^\n]*\S\n)*)
(?:\#,\ (?P<fl>[^\n]*\S)\n)?
(?:{q}msgctxt\ (?P<pctx>{s}(?:\n{q}{s})*)\n)?
(?:{q}msgid\ (?P<pid>{s}(?:\n{q}{s})*)\n)?
(?:{q}msgid_plural\ (?P<pidp>{s}(?:\n{q}{s})*)\n)?
(?:{p}msgctxt\ (?P<ctx>{s}(?:\n{p}{s})*)\n)?
{p}msgid\ (?P<id>{s}(?:\n{p}{s})*)\n
(?:{p}msgstr\ (?P<str>{s}(?:\n{p}{s})*)
|{p}msgid_plural\ (?P<idp>{s}(?:\n{p}{s})*)\n
 (?P<forms>{p}msgstr\[0\]\ {s}(?:\n{p}{s})*(?:\n{p}msgstr\[[1-9]\]\ {s}(?:\n{p}{s})*)*))
\n"""
_ACTIVE = re.compile(_ENTRY.format(p="", q=r"\#\|\ ", s=_S), re.X)
_OBSOLETE = re.compile(_ENTRY.format(p=r"\#~\ ", q=r"\#~\|\ ", s=_S), re.X)
_FORM = re.compile(r"^(?:#~ )?msgstr\[(\d)\] ", re.M)


def _value(group: str, continued: str = '"\n"') -> str:
    """The value of a string the entry patterns matched, its continuation lines (each
    begins with `continued`) and all."""
    inner = group[1:-1].replace(continued, "") if "\n" in group else group[1:-1]
    return _ESCAPE.sub(_decoded, inner) if "\\" in inner else inner


def _decoded(escape: re.Match) -> str:
    return _DECODED[escape.group(1)]


def _blocks(text: str) -> tuple[polib.POFile, list[str] | None] | None:
    """The file read entry by entry, each by one pattern, where it is laid out as gettext
    writes it (what loc, gettext, Poedit and Weblate write); with each entry's lines as
    read, for the layout a save reuses. None for any other layout: `_scan` reads it."""
    entries: list[polib.POEntry] = []
    blocks: list[str] = []
    header = ""
    line, at, size = 1, 0, len(text)
    while at < size:
        found = _ACTIVE.match(text, at) or _OBSOLETE.match(text, at)
        if found is None:
            return None
        tc, ec, ref, fl, pctx, pid, pidp, ctx, msgid, msgstr, idp, forms = found.groups()
        dead = found.re is _OBSOLETE
        entry = new_entry(obsolete=int(dead), linenum=line if at else 0)
        block = found.group()
        blocks.append(block)
        line += block.count("\n") + 1
        at = found.end() + 1
        if at <= size and text[at - 1] != "\n":
            return None  # not one blank line before the next entry
        if tc:  # polib drops the leading "#" lines
            comments = "\n".join(c[2:] for c in tc[:-1].split("\n")).lstrip("\n")
            if entries:
                entry.tcomment = comments
            else:  # translator comments before anything else are the file's header
                header = comments
        if ec:
            entry.comment = "\n".join(c[3:] for c in ec[:-1].split("\n"))
        if ref:
            for occurrence in ref.replace("#: ", "").split():
                path, colon, number = occurrence.rpartition(":")
                entry.occurrences.append((path, number) if colon and number.isdigit() else (occurrence, ""))
        if fl:
            entry.flags = [flag.strip() for flag in fl.split(",")]
        continued, previous = ('"\n#~ "', '"\n#~| "') if dead else ('"\n"', '"\n#| "')
        if pctx is not None:
            entry.previous_msgctxt = _value(pctx, previous)
        if pid is not None:
            entry.previous_msgid = _value(pid, previous)
        if pidp is not None:
            entry.previous_msgid_plural = _value(pidp, previous)
        if ctx is not None:
            entry.msgctxt = _value(ctx, continued)
        entry.msgid = _value(msgid, continued)
        if msgstr is not None:
            entry.msgstr = _value(msgstr, continued)
        else:
            entry.msgid_plural = _value(idp, continued)
            starts = list(_FORM.finditer(forms))
            for index, (form, end) in enumerate(zip(starts, [*starts[1:], None], strict=True)):
                if int(form.group(1)) != index:
                    return None
                entry.msgstr_plural[index] = _value(
                    forms[form.end() : end.start() - 1 if end else None], continued
                )
        entries.append(entry)
    if at != size + 1:
        return None  # no final newline, or a blank line at the end
    catalog = _catalog(entries, header, text)
    if catalog is None:
        return None
    first = entries[0]
    if (catalog.metadata or catalog.header) and (first.msgid or first.msgctxt is not None or first.obsolete):
        return catalog, None  # no header entry first: `_layout` finds which blocks are whose
    return catalog, blocks


def _scan(text: str) -> polib.POFile | None:
    """The file in one pass over its lines: the entries polib reads, validated as they are
    read (each string as msgfmt checks it, the keyword order, duplicate messages). None
    where a line is not laid out as gettext's tools write it, or anything is wrong: then
    `_careful` reads the file and names the problem and its line."""
    entries: list[polib.POEntry] = []
    header = ""
    at_start = True  # translator comments before anything else are the file's header
    entry = new_entry(obsolete=0, linenum=0)  # polib numbers the first entry 0
    phase = None  # the entry's last keyword (msgstr[] for a plural form); None: comments only
    field = ""  # the attribute a continuation line extends
    forms = 0  # plural forms read so far
    previous = False  # the last line was a `#|` line: only `#|` continuations may follow
    obsolete = None  # whether the entry's keyword lines are `#~ ` lines
    last_comment = False  # polib drops an entry the file ends in comments after
    for number, line in enumerate(text.split("\n"), 1):
        if not line:
            continue
        if line.strip() != line:
            return None
        dead = False
        if line.startswith("#~"):
            if line.startswith("#~| "):
                line = "#| " + line[4:]  # as `_careful` reads an obsolete entry's previous msgid
            elif line.startswith(('#~ "', "#~ m")):
                line, dead = line[3:], True
            else:
                return None
        first = line[0]
        if first == "#":
            kind = line[1:2]
            last_comment = True
            if kind == "|":
                keyword, _, token = line[3:].partition(" ") if line.startswith("#| ") else ("", "", "")
                if keyword[:1] == '"':  # a continuation of the previous string above
                    value = _string(line[3:])
                    if not previous or value is None:
                        return None
                    setattr(entry, field, getattr(entry, field) + value)
                    continue
                name = _PREVIOUS.get(keyword)
                value = _string(token)
                if name is None or value is None:
                    return None
            elif kind != " " and line != "#" and (kind not in ".:," or len(line) < 4 or line[2] != " "):
                return None
            if phase in ("msgstr", "msgstr[]"):  # a comment after a complete entry starts the next
                entries.append(entry)
                entry, phase, obsolete = new_entry(obsolete=0, linenum=number), None, None
            elif phase is not None:
                return None
            previous = False
            if kind == " " or line == "#":
                if at_start:
                    header = header + "\n" + line[2:] if header != "" else line[2:]
                else:
                    entry.tcomment = entry.tcomment + "\n" + line[2:] if entry.tcomment != "" else line[2:]
                continue
            at_start = False
            if kind == ".":
                entry.comment = entry.comment + "\n" + line[3:] if entry.comment != "" else line[3:]
            elif kind == ":":
                for occurrence in line[3:].split():
                    path, colon, at = occurrence.rpartition(":")
                    entry.occurrences.append((path, at) if colon and at.isdigit() else (occurrence, ""))
            elif kind == ",":
                entry.flags += [flag.strip() for flag in line[3:].split(",")]
            else:  # "|": a previous msgctxt, msgid or msgid_plural
                if getattr(entry, name) is not None:  # type: ignore[arg-type]  # set where the reader's state allows it
                    return None
                setattr(entry, name, value)  # type: ignore[arg-type]  # set where the reader's state allows it
                field, previous = name, True  # type: ignore[assignment]  # set where the reader's state allows it
            continue
        at_start = last_comment = False
        if first == '"':
            value = _string(line)
            if phase is None or previous or value is None:
                return None
            if phase == "msgstr[]":
                entry.msgstr_plural[forms - 1] += value
            else:
                setattr(entry, phase, getattr(entry, phase) + value)
            continue
        keyword, _, token = line.partition(" ")
        value = _string(token)
        if value is None:
            return None
        previous = False
        if keyword.startswith("msgstr["):
            if len(keyword) != 9 or keyword[7] not in "0123456789" or keyword[8] != "]":
                return None
            index = int(keyword[7])
            if not ((phase == "msgid_plural" and index == 0) or (phase == "msgstr[]" and index == forms)):
                return None
            entry.msgstr_plural[index] = value
            forms, phase = index + 1, "msgstr[]"
        elif keyword in ("msgctxt", "msgid"):
            if phase in ("msgstr", "msgstr[]"):
                entries.append(entry)
                entry, phase, obsolete = new_entry(obsolete=0, linenum=number), None, None
            if not (phase is None or (keyword == "msgid" and phase == "msgctxt")):
                return None
            setattr(entry, keyword, value)
            if keyword == "msgid":
                entry.obsolete = 1 if dead else 0
            phase = keyword
        elif keyword in ("msgid_plural", "msgstr") and phase == "msgid":
            setattr(entry, keyword, value)
            phase = keyword
        else:
            return None
        if obsolete is None:
            obsolete = dead
        elif obsolete != dead:
            return None
    if phase in ("msgctxt", "msgid", "msgid_plural"):
        return None  # cut short
    if phase is not None and not last_comment:
        entries.append(entry)
    return _catalog(entries, header, text)


def _catalog(entries: list[polib.POEntry], header: str, text: str) -> polib.POFile | None:
    """The entries a scan read as polib's catalog; None where polib would refuse them (a
    duplicate message, two headers)."""
    seen = set()
    for entry in entries:
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            return None
        seen.add(key)
    po = polib.POFile(wrapwidth=DEFAULT_WIDTH, encoding=_polib_encoding(text))
    po.header = header
    headers = [entry for entry in entries if not entry.obsolete and entry.msgid == ""]
    if len(headers) > 1:
        return None
    if headers:
        entries = [entry for entry in entries if entry is not headers[0]]
        po.metadata_is_fuzzy = headers[0].flags
        key = None  # type: ignore[assignment]  # set where the reader's state allows it
        for line in headers[0].msgstr.splitlines():  # as polib reads the header
            try:
                key, value = line.split(":", 1)
                po.metadata[key] = value.strip()
            except ValueError:
                if key is not None:
                    po.metadata[key] += "\n" + line.strip()
    list.extend(po, entries)
    return po


def _polib_encoding(text: str) -> str:
    """The encoding polib gives a file it reads (`polib.detect_encoding`, without its
    first step, a stat of the whole text as if it were a path)."""
    found = _POLIB_CHARSET.search(text)
    if found is not None:
        charset = found.group(1).strip()
        try:
            codecs.lookup(charset)
            return charset
        except LookupError:
            pass
    return polib.default_encoding


def check_conflict_markers(text: str, path: Path | str) -> None:
    """A file git left with conflict markers is refused at its first marker, saying so
    and how to merge it: any other error would name a later line and no merge."""
    if not any(marker in text for marker in _MARKERS):  # what the pattern would find, sooner
        return
    found = _CONFLICT_MARKER.search(text)
    if found is None:
        return
    line = text.count("\n", 0, found.start()) + 1
    try:
        shown = Path(path).resolve().relative_to(Path.cwd()).as_posix()
    except (ValueError, OSError):
        shown = str(path)
    raise LocError(
        f"unresolved git merge conflict (a {found.group().split()[0]} marker); to merge it entry "
        f"by entry run `loc git-setup`, then `git checkout -m -- {shown} && git add {shown}`",
        path,
        line,
    )


class _Lines(str):
    """PO text for polib, which reads a string's lines with `str.splitlines`: that also
    breaks at U+2028, U+0085 and others that gettext writes raw inside strings."""

    def splitlines(self, keepends: bool = False) -> list[str]:
        return self.split("\n")


def _checked_strings(text: str, path: Path | str) -> str:
    """The text with every string checked as msgfmt checks it, for what polib lets
    through (an unterminated string, a stray quote, an escape sequence C does not
    have), and with the escapes polib does not decode (\\a \\' \\?) spelled out."""
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        match = _STRING_LINE.match(line)
        if match is None:
            continue
        string = match.group("string")
        if not _QUOTED.fullmatch(string.rstrip()):
            raise LocError("malformed PO file: unterminated or badly quoted string", path, number)
        escapes = set(_ESCAPE.findall(string))
        if escapes - _VALID_ESCAPES:
            raise LocError("malformed PO file: invalid escape sequence", path, number)
        if escapes & _NUMERIC_ESCAPES:
            # they stand for bytes in the file's charset, which polib leaves undecoded
            raise LocError(
                "octal and hex escape sequences are not supported; write the character", path, number
            )
        if escapes & _POLIB_UNDECODED.keys():
            decoded = _ESCAPE.sub(lambda m: _POLIB_UNDECODED.get(m.group(1), m.group()), string)
            lines[number - 1] = line[: match.start("string")] + decoded
    return "\n".join(lines)


def _check_keyword_order(text: str, path: Path | str) -> None:
    """What msgfmt rejects and polib reads into an entry that loses its translation
    on the next save: a msgid without msgstr (a file cut short), msgstr[n] without
    msgid_plural, msgid_plural with a plain msgstr, plural forms out of order."""
    previous, opened, forms = None, 0, 0
    for number, line in enumerate(text.split("\n"), 1):
        match = _KEYWORD.match(line)
        if match is None:
            continue
        word, index = match.groups()
        keyword, shown = (word, word) if index is None else (f"{word}[]", f"{word}[{index}]")
        if previous in ("msgstr", "msgstr[]") and keyword in ("msgctxt", "msgid"):
            previous = None  # the next entry begins
        if previous not in _FOLLOWS.get(keyword, ()):
            if previous in _OPENING and keyword in _OPENING:
                raise LocError(f"malformed PO file: {previous} without msgstr", path, opened)
            raise LocError(f"malformed PO file: {_misplaced(keyword, previous, shown)}", path, number)
        if keyword == "msgstr[]":
            forms = forms + 1 if previous == "msgstr[]" else 0
            if int(index) != forms:
                raise LocError(f"malformed PO file: {shown} where msgstr[{forms}] belongs", path, number)
        if previous is None:
            opened = number
        previous = keyword
    if previous in _OPENING:
        raise LocError(f"malformed PO file: {previous} without msgstr (is the file cut short?)", path, opened)


def _misplaced(keyword: str, previous: str | None, shown: str) -> str:
    if keyword == "msgstr[]" and previous == "msgid":
        return f"{shown} without msgid_plural"
    if keyword == "msgstr" and previous == "msgid_plural":
        return "msgid_plural with msgstr instead of msgstr[0]"
    if previous == "msgctxt":
        return "msgctxt without msgid"
    if keyword.startswith("msgstr"):
        return f"{shown} without msgid"
    return f"{shown} out of place"


def _check_duplicates(po: polib.POFile, path: Path | str) -> None:
    """As msgfmt: an obsolete entry counts too (a merge would keep only one of the two)."""
    seen = set()
    for entry in po:
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            raise LocError(f"duplicate message definition {entry.msgid[:40]!r}", path, entry.linenum)
        seen.add(key)


def _detect_width(po: polib.POFile, text: str, layout: Layout) -> int | None:
    """The wrap width that reproduces the file, so rewriting it changes only what changed.

    Checked on the longest entries of up to _SAMPLE_CHARS (the header and references
    count), for gettext's 79, no wrapping, and the widths the file's longest string line
    allows: a few renderings, whatever the file's size. Where the file is laid out as
    gettext does (`layout`), each is compared with the entry's own lines, and the
    longest are found by the length of those; else looked for in the whole text.
    """
    written = [(entry, _key(entry)) for entry in po if not entry.obsolete or is_translated_text(entry)]
    if po.metadata or po.header:
        written.append((header_entry(po), _HEADER))
    if layout:
        sized = ((len(layout[key][1]), (entry, key)) for entry, key in written)
    else:
        sized = ((_extent(entry), (entry, key)) for entry, key in written)
    sample = [pair for _, pair in heapq.nlargest(40, (s for s in sized if s[0] <= _SAMPLE_CHARS), key=_first)]
    longest = max(map(len, _STRING_LINES.findall(text)), default=0)

    def fits(entry: polib.POEntry, key: tuple, width: int | None) -> bool:
        rendered = "\n".join(_lines(entry, width)) + "\n"
        return rendered == layout[key][1] if layout else rendered in text

    for width in (DEFAULT_WIDTH, None, *range(max(longest, 30), longest + 12)):
        if all(fits(entry, key, width) for entry, key in sample):
            return width
    return DEFAULT_WIDTH


def _first(pair: tuple) -> int:
    return pair[0]


def _key(entry: polib.POEntry) -> tuple:
    return entry.msgctxt, entry.msgid


_SAMPLE_CHARS = 2000


def _extent(entry: polib.POEntry) -> int:
    """How much of the entry the page width may wrap: its strings and its references."""
    strings = (
        entry.msgid,
        entry.msgid_plural,
        entry.msgstr,
        *entry.msgstr_plural.values(),
        entry.previous_msgid,
    )
    return sum(len(s) for s in strings if s) + sum(
        len(path) + len(line) + 2 for path, line in entry.occurrences
    )


def load(path: Path, *, read_only: bool = False) -> Catalog:
    """Read a PO or POT file, remembering its bytes for the compare-before-replace save.

    `read_only` skips what only a save needs (the wrap width, each entry's lines as
    read): status, check, compile and export read every catalog and write none, and
    translate saves only the catalogs it changed (`save` finds those then, from the
    bytes the catalog was read from)."""
    data = atomic.read(path)
    if data is None:
        raise LocError("cannot read: No such file or directory", path)
    po, style, read = _parse(data, path)
    if read_only:
        return Catalog(path, po, style, data, None)
    style, layout = _for_saving(po, style, read)
    return Catalog(path, po, style, data, layout)


@dataclass
class Catalog:
    """One PO or POT file: polib's model of it, its layout, and the bytes it was read
    from (None for a file loc is creating)."""

    path: Path
    po: polib.POFile
    style: Style = Style()
    loaded: bytes | None = None
    layout: Layout | None = field(
        default_factory=dict, repr=False
    )  # entries' lines as on disk; None: not found yet (read with read_only, or frozen)
    _frozen: bytes | None = field(default=None, repr=False)  # what `freeze` laid out

    def freeze(self) -> None:
        """Lay the catalog out now and let its entries go: a step that saves many large
        catalogs at its end (extract) holds their bytes, not their entries, and a save
        writes those bytes. Reading `po` again reads the entries back from them."""
        self._frozen = self._bytes()[0]
        del self.po
        self.layout = None

    def __getattr__(self, name: str) -> polib.POFile:
        """`po` after `freeze`, read back from the bytes it was laid out as."""
        frozen = self.__dict__.get("_frozen")
        if name != "po" or frozen is None:
            raise AttributeError(name)
        po, style, read = _parse(frozen, self.path)
        self.layout = _for_saving(po, style, read)[1]
        self.po, self._frozen = po, None
        return po

    def save(self) -> bool:
        """Write the catalog atomically; returns whether the file changed.

        A person may save the same file (Poedit, Weblate, vim) while loc works on it.
        Right before the rename, the file on disk is compared with what was read; if it
        changed, it is read again and reconciled (`model.reconcile`: the person's entries
        win, loc's work applies to the rest) and the result is written. A save that lands
        between that comparison and the rename is found in the file the rename replaced
        (`atomic.Displaced`) and reconciled the same way. A file that cannot be read back,
        or keeps changing, stops the run with one line: never an overwrite.
        """
        target = atomic.target(self.path)
        for _ in range(_SAVE_TRIES):
            data, layout = self._bytes()
            written = atomic.replace_if_unchanged(target, data, self.loaded)
            if isinstance(written, atomic.Displaced):
                self._reconcile(written.data, on_disk=data, target=target)
                continue
            if written is not None:
                self.loaded, self.layout = data, layout
                return written
            self._take_theirs(target)
        raise LocError(
            "keeps changing on disk while loc saves it; nothing was overwritten, run again", self.path
        )

    def pending(self) -> bytes:
        """The bytes `save()` would write now (nothing on disk changes)."""
        return self._bytes()[0]

    def _bytes(self) -> tuple[bytes, Layout | None]:
        if self._frozen is not None and "po" not in self.__dict__:
            return self._frozen, None  # the layout, if ever needed, comes with the entries
        if self.layout is None:  # read with read_only: the layout of the bytes it was read from
            self.style, self.layout = (
                _for_saving(*_parse(self.loaded, self.path)) if self.loaded else (self.style, {})
            )
        try:
            blocks, layout = _render(self.po, self.style.width, self.layout)
            return encode("".join(blocks), self.style), layout
        except UnicodeEncodeError as error:
            if self.style.charset.upper().replace("-", "") == "UTF8":  # a lone surrogate: no charset holds it
                raise LocError(
                    f"cannot write {error.object[error.start : error.end]!r} in any charset", self.path
                ) from None
            # a legacy charset that cannot hold a new translation: the file moves to UTF-8
            self.po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
            self.style = replace(self.style, charset="UTF-8")
            return self._bytes()

    def _take_theirs(self, target: Path) -> None:
        """Reconcile with the file as it is on disk now."""
        for attempt in range(_READ_TRIES):
            current = atomic.read(target)
            if current is None:  # removed meanwhile: nothing on disk to keep
                self.loaded = None
                return
            try:
                self._merge(_parse(current, self.path), on_disk=current)
                return
            except LocError:  # an editor halfway through writing it in place
                if attempt == _READ_TRIES - 1:
                    raise LocError(
                        "changed on disk while loc worked on it and cannot be read now; nothing was written",
                        self.path,
                    ) from None
                time.sleep(0.2)

    def _reconcile(self, theirs: bytes, *, on_disk: bytes, target: Path) -> None:
        """Reconcile with a save the last rename replaced; `on_disk` is what it put there.
        A save loc cannot read goes back where it was, and the run stops."""
        try:
            parsed = _parse(theirs, self.path)
        except LocError:
            atomic.replace_if_unchanged(target, theirs, on_disk)
            raise LocError(
                "changed on disk while loc saved it and cannot be read; it was left as saved", self.path
            ) from None
        self._merge(parsed, on_disk=on_disk)

    def _merge(self, parsed: tuple[polib.POFile, Style, Read], *, on_disk: bytes) -> None:
        po, style, read = parsed
        base = _parse(self.loaded, self.path)[0] if self.loaded is not None else polib.POFile()
        self.po = reconcile(base, self.po, po)
        self.loaded = on_disk
        self.style, self.layout = _for_saving(po, style, read)


_SAVE_TRIES = 10
_READ_TRIES = 10
