"""Word (`.docx`, Office Open XML): the main document, its headers and footers, footnotes
and endnotes, with the tables, lists and text boxes inside them.

A run's formatting is its `w:rPr` without revision ids, proofing marks and language
tags, so runs Word split only to record an edit or a spelling check are one. A
hyperlink is a pair around its text; tabs, breaks, footnote references, bookmarks,
images, text boxes, fields (simple or complex, the result with the code) and content
controls are placeholders whose content never reaches MT; the text inside a text box
is paragraphs of its own. Tracked changes are refused (accept or reject them first);
comments stay where they are, untranslated.
"""

from __future__ import annotations

import copy
import posixpath
import zipfile

from lxml import etree

from loc.documents import package
from loc.documents.package import Atom, Container, Line, Node, Run
from loc.errors import LocError

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_NS = {"w": _W}


def w(name: str) -> str:
    return f"{{{_W}}}{name}"


# the parts with text, after the main document, in this order
_PART_TYPES = ("header", "footer", "footnotes", "endnotes")
# inside a run: placeholders that do not take a word's place
_RUN_MARKS = frozenset(
    w(name)
    for name in [
        *("tab", "ptab", "br", "cr", "noBreakHyphen", "softHyphen", "separator", "continuationSeparator"),
        *("footnoteReference", "endnoteReference", "footnoteRef", "endnoteRef"),
        *("commentReference", "annotationRef"),
    ]
)
_DROPPED = frozenset({w("proofErr"), w("lastRenderedPageBreak"), w("pPr"), w("rPr")})
_CONTAINERS = frozenset({w("hyperlink"), w("smartTag"), w("customXml")})
# paragraph children with no width: bookmarks, comment ranges, permissions
_MARKS = ("bookmarkStart", "bookmarkEnd", "commentRangeStart", "commentRangeEnd", "permStart", "permEnd")
_MARK_TAGS = frozenset(w(name) for name in _MARKS)
_TRACKED = ".//w:ins | .//w:del | .//w:moveFrom | .//w:moveTo"


def _parts(archive: zipfile.ZipFile) -> list[str]:
    main = _targets(archive, "_rels/.rels", "", ("officeDocument",))
    if not main:
        raise LocError("not a Word document (no main document part); save it again from Word")
    folder, name = posixpath.split(main[0])
    rels = posixpath.join(folder, "_rels", name + ".rels")
    return [main[0], *_targets(archive, rels, folder, _PART_TYPES)]


def _targets(archive: zipfile.ZipFile, rels: str, folder: str, types: tuple[str, ...]) -> list[str]:
    """The parts a relationships part names, of each type in `types` in turn."""
    if rels not in archive.namelist():
        return []
    root = package.parse_part(archive.read(rels), rels)
    found = []
    for kind in types:
        for rel in root.iter(f"{{{_REL}}}Relationship"):
            if rel.get("Type") == _OFFICE + kind and rel.get("TargetMode") != "External":
                target = rel.get("Target", "")
                path = posixpath.normpath(posixpath.join(folder, target)).lstrip("/")
                if path in archive.namelist() and path not in found:
                    found.append(path)
    return found


def _paragraphs(root: etree._Element, name: str) -> list[etree._Element]:
    return list(root.iter(w("p")))


def _prepare(name: str, root: etree._Element) -> dict:
    return {"depth": 0, "field": None}


def _items(paragraph: etree._Element, state: dict) -> list[package.Item]:
    if paragraph.xpath(_TRACKED, namespaces=_NS):
        raise LocError("tracked changes: accept or reject them in Word (Review, Accept), then run loc again")
    out: list[package.Item] = []
    if state["depth"]:  # a field that began in an earlier paragraph (a table of contents)
        state["field"] = Atom([], word=True)
        out.append(state["field"])
    _walk(paragraph, out, state)
    return out


def _walk(parent: etree._Element, out: list[package.Item], state: dict) -> None:
    for element in parent:
        tag = element.tag
        if tag in _DROPPED or not isinstance(tag, str) or tag.endswith("Pr"):  # a container's own properties
            continue
        if tag == w("r"):
            _run(element, out, state)
        elif state["depth"]:
            state["field"].props.append(("element", element))
        elif tag in _CONTAINERS:
            container = Container(element)
            _walk(element, container.items, state)
            out.append(container)
        else:  # a simple field, a content control, an equation, a bookmark
            out.append(Atom([("element", element)], word=tag not in _MARK_TAGS))


def _run(run: etree._Element, out: list[package.Item], state: dict) -> None:
    rpr = run.find(w("rPr"))
    key = _key(rpr)
    for child in run:
        tag = child.tag
        if tag in _DROPPED or not isinstance(tag, str):
            continue
        if tag == w("fldChar"):
            kind = child.get(w("fldCharType"))
            if kind == "begin":
                if not state["depth"]:
                    state["field"] = Atom([], word=True)
                    out.append(state["field"])
                state["depth"] += 1
            if state["depth"]:
                state["field"].props.append(("run", rpr, child))
            if kind == "end" and state["depth"]:
                state["depth"] -= 1
            continue
        if state["depth"]:
            state["field"].props.append(("run", rpr, child))
        elif tag == w("t"):
            out.append(Run(key, rpr, child.text or ""))
        else:
            out.append(Atom([("run", rpr, child)], word=tag not in _RUN_MARKS))


def _key(rpr: etree._Element | None) -> bytes:
    """A run's formatting as it looks: no language, proofing flag or font hint."""
    if rpr is None:
        return b""
    shown = copy.deepcopy(rpr)
    for child in list(shown):
        if child.tag in (w("lang"), w("noProof")):
            shown.remove(child)
    for fonts in shown.findall(w("rFonts")):
        fonts.attrib.pop(w("hint"), None)
        if not fonts.attrib:
            shown.remove(fonts)
    return etree.tostring(shown, method="c14n") if len(shown) else b""


def _rebuild(paragraph: etree._Element, nodes: list[Node], line: Line, lang: str) -> None:
    for child in list(paragraph):
        if child.tag != w("pPr"):
            paragraph.remove(child)
    _build(nodes, line.base, paragraph, line, package.bcp47(lang))


def _build(nodes: list[Node], rpr, parent: etree._Element, line: Line, lang: str) -> None:
    for node in nodes:
        if isinstance(node, str):
            run = etree.SubElement(parent, w("r"))
            if rpr is not None:
                own = copy.deepcopy(rpr)
                for tagged in own.iter(w("lang")):
                    tagged.set(w("val"), lang)
                run.append(own)
            text = etree.SubElement(run, w("t"))
            text.text = node
            text.set(_XML_SPACE, "preserve")
        elif node[0] == "x":
            for kind, *what in line.table[node[1]].props:
                if kind == "element":
                    what[0].tail = None
                    parent.append(what[0])
                    continue
                run = etree.SubElement(parent, w("r"))
                if what[0] is not None:
                    run.append(copy.deepcopy(what[0]))
                run.append(what[1])
        else:
            pair = line.table[node[1]]
            if not pair.container:
                _build(node[2], pair.props, parent, line, lang)
                continue
            container = etree.SubElement(parent, pair.props.tag, attrib=dict(pair.props.attrib))
            for child in pair.props:
                if isinstance(child.tag, str) and child.tag.endswith("Pr"):  # smartTagPr, customXmlPr
                    container.append(copy.deepcopy(child))
            _build(node[2], pair.inner, container, line, lang)


def _language(name: str, root: etree._Element, lang: str) -> bool:
    """Word's default language (styles), its proofing language (settings) and the
    document's properties name the target language."""
    lang = package.bcp47(lang)
    changed = False
    if name == "word/styles.xml":
        for tagged in root.iter(w("lang")):
            changed |= tagged.get(w("val")) != lang
            tagged.set(w("val"), lang)
    elif name == "word/settings.xml":
        for tagged in root.iter(w("themeFontLang")):
            changed |= tagged.get(w("val")) != lang
            tagged.set(w("val"), lang)
    elif name == "docProps/core.xml":
        for tagged in root.iter("{http://purl.org/dc/elements/1.1/}language"):
            changed |= tagged.text != lang
            tagged.text = lang
    return changed


FORMAT = package.Format(
    name="Word document",
    parts=_parts,
    paragraphs=_paragraphs,
    prepare=_prepare,
    items=_items,
    rebuild=_rebuild,
    language=_language,
    language_parts=("word/styles.xml", "word/settings.xml", "docProps/core.xml"),
)
