"""OpenDocument text (`.odt`): the body (`content.xml`) with its tables, lists, notes and
text boxes, and the page headers and footers (`styles.xml`).

A span's formatting is its style; two automatic styles that differ only in a revision
id (`officeooo:rsid`, which LibreOffice adds per editing session) or a language are the
same formatting. A link is a pair around its text; tabs, line breaks, notes, frames
(images, text boxes), bookmarks and fields are placeholders whose content never reaches
MT; the text of a note or a text box is paragraphs of its own. Tracked changes are
refused (accept or reject them first); comments (`office:annotation`) stay where they
are, untranslated. Generated indexes (a table of contents) are left as they are.
"""

from __future__ import annotations

import re
import zipfile

from lxml import etree

from loc.documents import package
from loc.documents.package import Atom, Container, Line, Node, Run
from loc.errors import LocError

_NS = {
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{_NS[prefix]}}}{local}"


_PARAGRAPHS = (q("text:p"), q("text:h"))
# paragraphs loc leaves alone: comments, generated indexes, the record of tracked changes
_LEFT = ("office:annotation", "text:index-body", "text:tracked-changes")
_LEFT_XPATH = " | ".join(f"ancestor::{name}" for name in _LEFT)
_MARKS = frozenset(
    q(f"text:{name}")
    for name in [
        *("tab", "line-break", "soft-page-break", "note", "bookmark", "bookmark-start", "bookmark-end"),
        *("reference-mark", "reference-mark-start", "reference-mark-end"),
        *("alphabetical-index-mark", "alphabetical-index-mark-start", "alphabetical-index-mark-end"),
        *("toc-mark", "toc-mark-start", "toc-mark-end", "user-index-mark"),
    ]
) | {q("office:annotation"), q("office:annotation-end")}
_CHANGES = frozenset({q("text:change"), q("text:change-start"), q("text:change-end")})
# text-properties that only record who wrote it, or in which language
_UNSEEN = re.compile(r"\{[^}]*\}(rsid|paragraph-rsid|language.*|country.*|rfc-language-tag.*|script.*)$")


def _parts(archive: zipfile.ZipFile) -> list[str]:
    names = archive.namelist()
    if "content.xml" not in names:
        raise LocError("not an OpenDocument text (no content.xml); save it again from the word processor")
    return [name for name in ("content.xml", "styles.xml") if name in names]


def _paragraphs(root: etree._Element, name: str) -> list[etree._Element]:
    return [p for p in root.iter(*_PARAGRAPHS) if not p.xpath(_LEFT_XPATH, namespaces=_NS)]


def _prepare(name: str, root: etree._Element) -> dict:
    """The part's automatic text styles, each by what it looks like."""
    looks = {}
    for style in root.iterfind("office:automatic-styles/style:style[@style:family='text']", _NS):
        shown = [
            (key, value)
            for props in style.iterfind("style:text-properties", _NS)
            for key, value in sorted(props.attrib.items())
            if not _UNSEEN.match(key)
        ]
        looks[style.get(q("style:name"))] = (style.get(q("style:parent-style-name")), tuple(shown))
    return {"looks": looks}


def _items(paragraph: etree._Element, state: dict) -> list[package.Item]:
    out: list[package.Item] = []
    _mixed(paragraph, (), (), out, state["looks"])
    return out


def _mixed(element: etree._Element, keys: tuple, names: tuple, out: list[package.Item], looks: dict) -> None:
    if element.text:
        out.append(Run(keys, names, element.text))
    for child in element:
        tag = child.tag
        if tag in _CHANGES:
            raise LocError(
                "tracked changes: accept or reject them (Edit, Track Changes, Manage), then run loc again"
            )
        if tag == q("text:span"):
            name = child.get(q("text:style-name"))
            _mixed(child, (*keys, looks.get(name, name)), (*names, name), out, looks)
        elif tag == q("text:a"):
            container = Container(child)
            _mixed(child, keys, names, container.items, looks)
            out.append(container)
        elif tag == q("text:s"):
            out.append(Run(keys, names, " " * int(child.get(q("text:c"), "1"))))
        elif isinstance(tag, str):
            out.append(Atom(child, word=tag not in _MARKS))
        if child.tail:
            out.append(Run(keys, names, child.tail))


def _rebuild(paragraph: etree._Element, nodes: list[Node], line: Line, lang: str) -> None:
    for child in list(paragraph):
        paragraph.remove(child)
    paragraph.text = None
    _build(nodes, line.base or (), paragraph, line)


def _build(nodes: list[Node], names: tuple, parent: etree._Element, line: Line) -> None:
    for node in nodes:
        if isinstance(node, str):
            _text(_spans(parent, names), node)
        elif node[0] == "x":
            element = line.table[node[1]].props
            element.tail = None
            parent.append(element)
        else:
            pair = line.table[node[1]]
            if pair.container:
                link = etree.SubElement(parent, pair.props.tag, attrib=dict(pair.props.attrib))
                _build(node[2], pair.inner or (), link, line)
            else:
                _build(node[2], (), _spans(parent, pair.props), line)


def _spans(parent: etree._Element, names: tuple) -> etree._Element:
    for name in names:
        parent = etree.SubElement(parent, q("text:span"))
        if name is not None:
            parent.set(q("text:style-name"), name)
    return parent


def _text(parent: etree._Element, text: str) -> None:
    """Text as OpenDocument keeps it: a run of spaces is one space and `text:s`."""
    for m in re.finditer(r"( {2,})|[^ ]+| ", text):
        _append(parent, m.group()[:1] if m.group(1) else m.group())
        if m.group(1):
            spaces = etree.SubElement(parent, q("text:s"))
            if len(m.group(1)) > 2:
                spaces.set(q("text:c"), str(len(m.group(1)) - 1))


def _append(parent: etree._Element, text: str) -> None:
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _language(name: str, root: etree._Element, lang: str) -> bool:
    """Every style that names a language, and the document's metadata, name the target."""
    language, _, country = package.bcp47(lang).partition("-")
    changed = False
    if name == "meta.xml":
        meta = root.find("office:meta", _NS)
        if meta is None:
            return False
        tagged = meta.find("dc:language", _NS)
        if tagged is None:
            tagged = etree.SubElement(meta, q("dc:language"))
        changed = tagged.text != package.bcp47(lang)
        tagged.text = package.bcp47(lang)
        return changed
    for props in root.iter(q("style:text-properties")):
        if props.get(q("fo:language")) is None:
            continue
        before = (props.get(q("fo:language")), props.get(q("fo:country")))
        props.set(q("fo:language"), language)
        if country:
            props.set(q("fo:country"), country)
        else:
            props.attrib.pop(q("fo:country"), None)
        changed |= before != (props.get(q("fo:language")), props.get(q("fo:country")))
    return changed


FORMAT = package.Format(
    name="OpenDocument text",
    parts=_parts,
    paragraphs=_paragraphs,
    prepare=_prepare,
    items=_items,
    rebuild=_rebuild,
    language=_language,
    language_parts=("styles.xml", "meta.xml"),
)
