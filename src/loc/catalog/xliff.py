"""XLIFF for CAT tools (Trados, memoQ, Phrase), written and read by translate-toolkit.

One XLIFF file per language holds every document, one `<file>` per catalog domain.
States follow translate-toolkit's reading of each version, so any tool built on it
agrees with loc:

=====================  ==========================================  =====================
PO entry               XLIFF 1.2                                   XLIFF 2.0
=====================  ==========================================  =====================
fuzzy (awaits review)  ``state="needs-review-translation"``        ``state="initial"``
                       ``approved="no"``                           with a target
reviewed               ``state="translated"`` ``approved="yes"``   ``state="final"``
untranslated           no target                                   no target
=====================  ==========================================  =====================

XLIFF 2.0 has no "needs review" state; translate-toolkit reads a target in the
`initial` state as fuzzy, and so does loc. On import, a target counts as reviewed in
1.2 from `translated` up (`signed-off`, `final`, or `approved="yes"`), in 2.0 in any
state but `initial`.

Notes carry what a reviewer needs (loc's provenance and warnings, check problems, the
glossary's terms) and one line for loc itself: the entry as exported (``loc-base``),
so an import can tell a CAT tool's edit from a PO-side edit made meanwhile. CAT tools
may drop or rewrite notes, but they must keep a unit's id to write the file back, so the
id carries the same base too: ``s<sentence digest>.<target digest>.<t|f|u>``.

This module knows XLIFF and units; `loc.steps.exchange` maps them onto catalogs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from translate.storage import xliff, xliff2
from translate.storage.workflow import StateEnum

from loc.errors import LocError

VERSIONS = ("1.2", "2.0")
READS = ("1.0", "1.1", "1.2", "2.0", "2.1")  # translate-toolkit's readers; 2.1 keeps 2.0's namespace
BASE = "loc-base"  # the note category of the state an entry was exported in
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_BASE_LINE = re.compile(r"^loc: exported sha1=(\w*) state=(\w+)$")
_STATE_LETTERS = {"translated": "t", "fuzzy": "f", "untranslated": "u"}
_ID = re.compile(r"^(s[0-9a-f]+)\.([0-9a-f]+)\.([tfu])$")


class _Unit12(xliff.xliffunit):
    namespace = "urn:oasis:names:tc:xliff:document:1.2"


class _Xliff12(xliff.xlifffile):
    """translate-toolkit's XLIFF store, declared as 1.2 (its default skeleton says 1.1)."""

    UnitClass = _Unit12

    XMLskeleton = """<?xml version="1.0" ?>
<xliff version='1.2' xmlns='urn:oasis:names:tc:xliff:document:1.2'>
<file original='NoName' source-language='en' datatype='plaintext'>
<body>
</body>
</file>
</xliff>"""
    namespace = "urn:oasis:names:tc:xliff:document:1.2"


@dataclass
class Unit:
    """One catalog entry as a translation unit."""

    domain: str  # the catalog: a `<file>` of the XLIFF
    id: str  # the entry's key; the XLIFF id adds the base to it
    source: str
    target: str = ""
    reviewed: bool = False  # False with a target: a suggestion awaiting review
    notes: list[tuple[str, str]] = field(default_factory=list)  # (category, text)
    base: tuple[str, str] | None = None  # (sha1 of the target, PO state) when exported

    @property
    def state(self) -> str:
        """The PO state the unit asks for: translated, fuzzy or untranslated."""
        if not self.target:
            return "untranslated"
        return "translated" if self.reviewed else "fuzzy"


def base_note(digest: str, state: str) -> tuple[str, str]:
    return BASE, f"loc: exported sha1={digest} state={state}"


def _xml_id(unit: Unit) -> str:
    """The unit's id as written: its key, and its base where it has one."""
    if unit.base is None:
        return unit.id
    return f"{unit.id}.{unit.base[0]}.{_STATE_LETTERS[unit.base[1]]}"


def _split_id(written: str) -> tuple[str, tuple[str, str] | None]:
    """(key, base) of an id as `_xml_id` writes it; any other id is a key without a base."""
    found = _ID.match(written)
    if found is None:
        return written, None
    state = next(name for name, letter in _STATE_LETTERS.items() if letter == found.group(3))
    return found.group(1), (found.group(2), state)


def dumps(units: Iterable[Unit], *, source_lang: str, target_lang: str, version: str = "1.2") -> bytes:
    """An XLIFF document of `units`, grouped into one `<file>` per domain."""
    if version not in VERSIONS:
        raise LocError(f"XLIFF version must be one of {', '.join(VERSIONS)}, not {version!r}")
    if version == "1.2":
        store = _Xliff12(sourcelanguage=source_lang, targetlanguage=target_lang)
        for unit in units:
            made = store.addsourceunit(unit.source, unit.domain, createifmissing=True)
            made.setid(_xml_id(unit))
            if unit.target:
                made.settarget(unit.target, lang=target_lang)
                if unit.reviewed:
                    made.set_state_n(made.S_TRANSLATED)  # also approved="yes"
                else:
                    made.markreviewneeded(True)  # needs-review-translation, approved="no"
            for category, text in unit.notes:
                made.addnote(text, origin=category)
        return bytes(store)
    store = xliff2.Xliff2File(sourcelanguage=source_lang, targetlanguage=target_lang)
    root = store.document.getroot()
    first = True
    for unit in units:
        node = store.getfilenode(unit.domain)
        if node is None:
            if first:  # the skeleton's empty <file id="f1">
                node = next(root.iterchildren(store.namespaced("file")))
                store.setfilename(node, unit.domain)
            else:
                node = store.createfilenode(unit.domain)
                root.append(node)
            first = False
        store.body = node
        made = store.UnitClass(unit.source)
        store.addunit(made)
        made.setid(_xml_id(unit))
        if unit.target:
            made.target = unit.target
            if unit.reviewed:
                made.xmlelement.set("state", "final")  # as its markapproved() sets "reviewed"
            else:
                made.markfuzzy(True)  # initial, with a target
        for category, text in unit.notes:
            made.addnote(text, origin=category)
        _notes_to_unit(made)
    return bytes(store)


def _notes_to_unit(made: xliff2.Xliff2Unit) -> None:
    """translate-toolkit adds 2.0 notes inside the <segment>; the schema wants them in the
    <unit>, before its segments, where CAT tools look for them."""
    notes = made.xmlelement.find(made.namespaced("notes"))
    if notes is not None:
        made.getunitelement().insert(0, notes)


def loads(data: bytes, path: Path | str) -> tuple[str | None, list[Unit]]:
    """(the target language, the units) of an XLIFF 1.x or 2.0 document."""
    try:
        root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        raise LocError(f"not valid XML: {error.msg}", path, error.lineno) from None
    if etree.QName(root).localname != "xliff":
        raise LocError("not an XLIFF file (its root element is not <xliff>)", path)
    version = root.get("version", "")
    if version not in READS:
        raise LocError(
            f"XLIFF version {version!r} is not one loc reads ({', '.join(READS)})"
            if version
            else "the XLIFF names no version",
            path,
        )
    try:
        if version.startswith("2."):
            store = xliff2.Xliff2File.parsestring(data)
        else:
            store = xliff.xlifffile.parsestring(data)
    except (ValueError, etree.XMLSyntaxError) as error:
        raise LocError(f"cannot read this XLIFF: {error}", path) from None
    units = []
    for made in store.units:
        if made.isheader():
            continue
        element = made.xmlelement if not version.startswith("2.") else made.getunitelement()
        domain = _file_of(element, version)
        target = made.target or ""
        key, carried = _split_id(element.get("id", ""))
        units.append(
            Unit(
                domain=domain or "",
                id=key,
                source=str(made.source or ""),
                target=str(target),
                reviewed=bool(target) and _reviewed(made, version),
                base=_base(_notes(element, BASE)) or carried,
            )
        )
    return store.gettargetlanguage() or _target_lang(root), units


def _target_lang(root: etree._Element) -> str | None:
    """Without target-language, the language the first `<target>` is tagged with."""
    for node in root.iter("{*}target"):
        if node.get(_XML_LANG):
            return node.get(_XML_LANG)
    return None


def _file_of(element: etree._Element, version: str) -> str | None:
    for ancestor in element.iterancestors():
        if etree.QName(ancestor).localname == "file":
            return ancestor.get("id") if version.startswith("2.") else ancestor.get("original")
    return None


def _reviewed(unit, version: str) -> bool:
    if version.startswith("2."):
        return not unit.isfuzzy()
    return unit.get_state_n() >= StateEnum.UNREVIEWED  # translated, signed-off, final, or approved


def _notes(element: etree._Element, category: str) -> str:
    """The unit's notes of a category, named by 1.2's `from` or 2.0's `category` (tools
    swap them), in the unit or its segment."""
    return "\n".join(
        note.text or ""
        for note in element.iter("{*}note")
        if category in (note.get("from"), note.get("category"))
    )


def _base(text: str) -> tuple[str, str] | None:
    found = _BASE_LINE.match(text.strip()) if text else None
    return (found.group(1), found.group(2)) if found else None
