"""TMX 1.4 translation memories, written and read by translate-toolkit.

A TMX that loc writes holds one `<tu>` per reviewed (source, translation) pair and
language, so CAT tools can load it as a memory; one that loc reads may come from any
tool, with any number of languages per `<tu>`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from translate.storage import tmx

from loc import languages
from loc.errors import LocError

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Pair:
    source: str
    target: str
    lang: str  # the target's language, as loc spells it (de, pt_BR)
    note: str = ""


def dumps(pairs: Iterable[Pair], *, source_lang: str) -> bytes:
    store = tmx.tmxfile(sourcelanguage=_tmx_code(source_lang))
    for pair in pairs:
        store.addtranslation(
            pair.source, _tmx_code(source_lang), pair.target, _tmx_code(pair.lang), comment=pair.note or None
        )
    return bytes(store)


def loads(data: bytes, path: Path | str, *, source_lang: str) -> list[Pair]:
    """Every (source, translation) pair with the source in `source_lang`; a `<tu>` with
    several target languages gives one pair each."""
    try:
        root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        raise LocError(f"not valid XML: {error.msg}", path, error.lineno) from None
    name = etree.QName(root).localname
    if name != "tmx":
        raise LocError(f"not a TMX file (its root element is <{name}>, not <tmx>)", path)
    try:
        store = tmx.tmxfile.parsestring(data)
    except (ValueError, etree.XMLSyntaxError) as error:
        raise LocError(f"cannot read this TMX: {error}", path) from None
    pairs = []
    seen: set[str] = set()
    for unit in store.units:
        texts: dict[str, str] = {}
        for node in unit.getlanguageNodes():
            code = _loc_code(node.get(_XML_LANG) or node.get("lang") or "")
            text = unit.getNodeText(node)
            if code and text:
                texts.setdefault(code, str(text))
        seen.update(texts)
        source = languages.closest(source_lang, texts)  # en-US and en-GB are en
        if source is None:
            continue
        pairs += [Pair(texts[source], text, code) for code, text in texts.items() if code != source]
    if seen and not pairs:
        found = ", ".join(sorted(seen))
        raise LocError(f"no <tu> has a sentence in the source language {source_lang} (only {found})", path)
    return pairs


def _tmx_code(code: str) -> str:
    """TMX writes BCP 47 (pt-BR), gettext pt_BR."""
    return code.replace("_", "-")


def _loc_code(code: str) -> str | None:
    try:
        return languages.normalize(code)
    except LocError:
        return None
