"""GNU MO files, the binary catalogs programs load at run time (polib writes them)."""

from __future__ import annotations

from collections.abc import Iterable

import polib


def compile(metadata: dict[str, str], entries: Iterable[polib.POEntry]) -> bytes:
    """An MO of `entries` under the catalog's header. The header is never fuzzy and
    always says UTF-8 (what polib writes), or gettext would misread the strings."""
    mo = polib.POFile()
    mo.metadata = {**metadata, "Content-Type": "text/plain; charset=UTF-8"}
    for entry in entries:
        mo.append(
            polib.POEntry(
                msgid=entry.msgid,
                msgctxt=entry.msgctxt,
                msgid_plural=entry.msgid_plural,
                msgstr=entry.msgstr,
                msgstr_plural=dict(entry.msgstr_plural),
            )
        )
    return mo.to_binary()
