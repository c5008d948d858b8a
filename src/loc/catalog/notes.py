"""Every `# loc:` translator comment, read and written here and nowhere else.

loc records what it knows about an entry in translator comments (`# ...`), because
they survive msgcat, msgmerge, Poedit and Weblate, where custom flags do not:

- ``loc: origin engine=argos model=translate-en_de@1.9 score=-0.31 sha1=…``: which
  engine wrote the current suggestion; the digest tells an unedited suggestion from
  one a person changed. ``engine=match`` is a merge's fuzzy match of an earlier
  sentence (the one in ``#| msgid``), ``engine=memory`` a reviewed translation reused.
- ``loc: edited by a person; machine origin was engine=… sha1=…``: once a person has
  changed a suggestion, its machine origin is history and no longer reads as current.
- ``loc: warning …``: what translation flagged for the reviewer (loops, truncation).
- ``loc: mask-missing XZ0X https://…``: a protected token MT lost or repeated.
- ``loc: no fuzzy match offered …``: a merge refused a match across a changed number
  or negation; the earlier pair follows for the translator.
- ``loc: conflict …``: two branches translated the entry differently; the entry holds
  one version, fuzzy, and these lines the other, until a person chooses.

Lines a person wrote are never touched.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

import polib

PREFIX = "loc: "
ORIGIN = "loc: origin"
EDITED = "loc: edited by a person; machine origin was"
WARNING = "loc: warning"
MASK = "loc: mask-"
VETO = "loc: no fuzzy match offered: the source changed a number or a negation. Earlier version:"
CONFLICT = "loc: conflict:"
_CONFLICT_TEXT = "loc: conflict msgstr"  # then ": text" or "[n]: text", one line each
_MACHINE = (ORIGIN, EDITED, WARNING, MASK)  # rewritten with every new suggestion
_FIELD = re.compile(r"(\w+)=(\S+)")
_MASK_LINE = re.compile(rf"^{re.escape(MASK)}(missing|extra) (XZ\d+X)(?: (.*))?$", re.M)


def digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


@dataclass(frozen=True)
class Provenance:
    """Where a suggestion came from: engine, model, score, and a digest of what it wrote."""

    engine: str
    model: str
    score: float | None
    digest: str

    def line(self) -> str:
        parts = [f"engine={self.engine}"]
        if self.model:
            parts.append(f"model={self.model.replace(' ', '@')}")
        if self.score is not None:
            parts.append(f"score={self.score:.4f}")
        parts.append(f"sha1={self.digest}")
        return f"{ORIGIN} {' '.join(parts)}"


def provenance(entry: polib.POEntry) -> Provenance | None:
    """The entry's `loc: origin`, or None. A hand-edited score is read as no score."""
    return origin_in(entry.tcomment or "")


def origin_in(comment: str) -> Provenance | None:
    """The `loc: origin` in a translator comment's text, or None."""
    if ORIGIN not in comment:
        return None
    for line in comment.split("\n"):
        if line.startswith(ORIGIN):
            fields = dict(_FIELD.findall(line))
            return Provenance(
                fields.get("engine", ""),
                fields.get("model", ""),
                _number(fields.get("score")),
                fields.get("sha1", ""),
            )
    return None


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def match_origin(entry: polib.POEntry) -> None:
    """Mark a merge's fuzzy match: its text translates the earlier sentence in `#| msgid`,
    whatever engine or person wrote it then."""
    set_origin(entry, Provenance("match", "", None, digest(entry.msgstr)))


def mark_edited(entry: polib.POEntry) -> bool:
    """Turn a machine origin that no longer matches the text into history; returns
    whether the comment changed. The translation itself is never touched."""
    found = provenance(entry)
    if found is None or found.digest == digest(entry.msgstr) or not entry.msgstr:
        return False
    lines = _lines(entry)
    at = next(i for i, line in enumerate(lines) if line.startswith(ORIGIN))
    lines[at] = f"{EDITED} {lines[at][len(ORIGIN) :].strip()}"
    entry.tcomment = "\n".join(line for line in lines if not line.startswith((WARNING, MASK)))
    return True


def is_edited(entry: polib.POEntry) -> bool:
    return any(line.startswith(EDITED) for line in _lines(entry))


def warnings(entry: polib.POEntry) -> list[str]:
    """What translation flagged on an entry: suspicious output and lost masks."""
    found = []
    for line in _lines(entry):
        if line.startswith(WARNING):
            found.append(line[len(WARNING) :].strip())
        elif line.startswith(MASK):
            found.append(line[len(PREFIX) :].split(" ")[0])
    return found


def mask_lines(problems: Iterable) -> list[str]:
    """One line per protect.MaskProblem, for the `masks` check to read: ``loc:
    mask-missing XZ0X https://example.com`` (dropped), ``loc: mask-extra XZ0X …``
    (repeated), ``loc: mask-extra XZ7X`` (unknown). Line breaks in the original are spaces."""
    return [
        f"{MASK}{p.kind} {p.token}" + (" " + " ".join(p.original.split()) if p.original is not None else "")
        for p in problems
    ]


def mask_records(comment: str) -> list[tuple[str, str, str]]:
    """(kind, token, original) of each mask line in a translator comment."""
    return _MASK_LINE.findall(comment)


def set_origin(entry: polib.POEntry, origin: Provenance, problems: Iterable[str] = ()) -> None:
    """Replace the machine lines with those of a new suggestion; keep every other line."""
    kept = [line for line in _lines(entry) if line and not line.startswith(_MACHINE)]
    flagged = [p if p.startswith(MASK) else f"{WARNING} {p}" for p in problems]
    entry.tcomment = "\n".join([*kept, origin.line(), *flagged])


def veto(entry: polib.POEntry, source: polib.POEntry) -> None:
    """Say why a changed sentence got no fuzzy match, and show the earlier pair."""

    def one_line(text: str) -> str:
        return text.replace("\n", "\\n")

    entry.tcomment = "\n".join(
        [VETO, f"msgid: {one_line(source.msgid)}", f"msgstr: {one_line(source.msgstr)}"]
    )


def _escaped(text: str) -> str:
    """One comment line for any text: backslash, line feed and carriage return escaped."""
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "r": "\r"}.get(m.group(1), m.group(1)), text)


def conflict(entry: polib.POEntry, other: polib.POEntry, other_side: str) -> None:
    """Record the other branch's translation of a conflicting entry under its own lines,
    which say how to resolve it; any earlier conflict lines are replaced."""
    translated = any(other.msgstr_plural.values()) if other.msgid_plural else bool(other.msgstr)
    state = "untranslated" if not translated else "fuzzy" if "fuzzy" in other.flags else "reviewed"
    texts = (
        [f"{_CONFLICT_TEXT}[{n}]: {_escaped(t)}" for n, t in sorted(other.msgstr_plural.items())]
        if other.msgid_plural
        else [f"{_CONFLICT_TEXT}: {_escaped(other.msgstr)}"]
    )
    kept = [line for line in _lines(entry) if line and not line.startswith(PREFIX + "conflict")]
    head = (
        f"{CONFLICT} two branches changed this translation; {other_side}'s version ({state}) follows. "
        "Keep one or write your own, then clear fuzzy"
    )
    entry.tcomment = "\n".join([*kept, head, *texts])


def conflict_other(entry: polib.POEntry) -> list[str] | None:
    """The other branch's translation in a conflict note (its plural forms in order), or None."""
    if CONFLICT not in (entry.tcomment or ""):
        return None
    texts = [line[len(_CONFLICT_TEXT) :] for line in _lines(entry) if line.startswith(_CONFLICT_TEXT)]
    return [_unescape(text.split(": ", 1)[1]) for text in texts]


def _lines(entry: polib.POEntry) -> list[str]:
    return (entry.tcomment or "").split("\n")
