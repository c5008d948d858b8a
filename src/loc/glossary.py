"""The project glossary: do-not-translate terms and approved translations, read from TBX.

TBX (ISO 30042) rather than a CSV because it is the format terminology tools exchange:
Weblate imports it as a glossary (reading ``<descrip type="Translation needed">No</descrip>``
as "untranslatable"), translate-toolkit reads it, and so do the CAT tools translators use.
One file holds every language, alternatives, and a note per concept, where a CSV would need
conventions of its own for each. loc reads the TBX 2008 (``<martif>``) structure those tools
write::

    <termEntry>
      <descrip type="Translation needed">No</descrip>      do not translate (default: Yes)
      <descrip type="definition">...</descrip>             note for translators (#. comment)
      <langSet xml:lang="en"><tig><term>SEC</term></tig></langSet>
      <langSet xml:lang="de"><tig><term>...</term></tig>...</langSet>   first tig = preferred

A tig whose administrativeStatus is deprecated, superseded or forbidden is not approved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from xml.parsers import expat

from loc import atomic
from loc.errors import LocError

MAX_BYTES = 64 * 2**20  # a TBX far larger than any glossary a person maintains; /dev/zero is refused
_NOT_APPROVED = ("deprecated", "superseded", "forbidden")


@dataclass(frozen=True)
class Term:
    """One glossary concept, named by its source-language term."""

    text: str
    translatable: bool = True
    targets: dict[str, tuple[str, ...]] = field(default_factory=dict)  # language -> approved, preferred first
    notes: tuple[str, ...] = ()

    def translations(self, lang: str) -> tuple[str, ...]:
        """Approved translations for `lang`; `de_CH` falls back to `de`."""
        lang = lang.replace("-", "_")
        return self.targets.get(lang) or self.targets.get(lang.split("_")[0], ())


def _stem(word: str) -> str:
    # cut inflection endings: digitaler/digitale/digitalen, Klage/Klagen, activo/activos
    word = word.casefold()
    return word[: max(4, len(word) - 2)]


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...] = ()
    source_lang: str = "en"

    @property
    def dnt_terms(self) -> tuple[str, ...]:
        """Terms that stay as written: what `loc.protect.mask` takes as `terms`."""
        return tuple(t.text for t in self.terms if not t.translatable)

    @cached_property
    def _patterns(self) -> list[tuple[re.Pattern[str], Term]]:
        patterns = []
        for term in self.terms:
            if term.translatable:  # any case, an English plural: "Regulators", "lawsuits"
                words = r"\s+".join(re.escape(w) for w in term.text.split())
                patterns.append((re.compile(rf"(?<!\w){words}(?:s|es)?(?!\w)", re.I), term))
            else:  # exactly as written: "SEC" but not "sec"
                patterns.append((re.compile(rf"(?<!\w){re.escape(term.text)}(?!\w)"), term))
        return patterns

    def terms_in(self, text: str) -> list[Term]:
        """Glossary terms in a source text, in order; the longer match wins (Binance.US, not Binance)."""
        found = sorted(
            (
                (m.start(), -len(m.group()), m.end(), term)
                for pattern, term in self._patterns
                for m in pattern.finditer(text)
            ),
            key=lambda f: f[:3],
        )
        terms: list[Term] = []
        end = 0
        for start, _, stop, term in found:
            if start >= end:
                end = stop
                if term not in terms:
                    terms.append(term)
        return terms

    def term(self, term: Term | str) -> Term | None:
        """The entry for a source term: exactly as written, or in any case if it is translatable."""
        if isinstance(term, Term):
            return term
        return next((t for t in self.terms if t.text == term), None) or next(
            (t for t in self.terms if t.translatable and t.text.casefold() == term.casefold()), None
        )

    def target(self, term: Term | str, lang: str) -> str | None:
        """The preferred translation of `term` into `lang`; a do-not-translate term is its own."""
        found = self.term(term)
        if found is None:
            return None
        if not found.translatable:
            return found.text
        translations = found.translations(lang)
        return translations[0] if translations else None

    def uses_approved(self, term: Term, text: str, lang: str) -> bool:
        """Whether a translation uses an approved translation of `term`, in any inflected form.

        Every word of the approved term must begin a word of `text` once its last two
        letters are cut (``digitaler Vermögenswert`` matches ``digitalen Vermögenswerten``,
        ``Wertpapiere`` matches ``Wertpapierstatus``). True when nothing is approved for `lang`;
        a do-not-translate term must appear exactly as written.
        """
        if not term.translatable:
            return re.search(rf"(?<!\w){re.escape(term.text)}(?!\w)", text) is not None
        translations = term.translations(lang)
        if not translations:
            return True
        words = [w.casefold() for w in re.findall(r"\w+", text)]
        return any(
            all(any(w.startswith(_stem(t)) for w in words) for t in re.findall(r"\w+", approved))
            for approved in translations
        )

    def notes_for(self, text: str, lang: str | None = None) -> list[str]:
        """One extracted-comment line per glossary term in `text`, for the entry's ``#.`` comments."""
        lines = []
        for term in self.terms_in(text):
            if not term.translatable:
                head = f"glossary: {term.text} (do not translate)"
            else:
                target = self.target(term, lang) if lang else None
                head = f"glossary: {term.text} → {target}" if target else f"glossary: {term.text}"
            lines.append(" — ".join([head, *term.notes]))
        return lines


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str]
    line: int
    children: list[_Node] = field(default_factory=list)
    chunks: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join("".join(self.chunks).split())

    def all(self, tag: str) -> list[_Node]:
        return [c for c in self.children if c.tag == tag]


def _parse_xml(data: bytes, path: Path) -> _Node:
    """A small element tree with line numbers (ElementTree keeps none), for errors that say where."""
    parser = expat.ParserCreate()
    roots: list[_Node] = []
    stack: list[_Node] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        node = _Node(tag, attrs, parser.CurrentLineNumber)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)

    def text(data: str) -> None:
        if stack:
            stack[-1].chunks.append(data)

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda tag: stack.pop()
    parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except expat.ExpatError as e:
        raise LocError(f"not valid XML: {expat.ErrorString(e.code)}", path, e.lineno) from None
    return roots[0]


def _term_entry(entry: _Node, source_lang: str, path: Path) -> Term:
    translatable = True
    notes = []
    for descrip in entry.all("descrip") + entry.all("note"):
        kind = descrip.attrs.get("type")
        if kind == "Translation needed":
            if descrip.text.lower() not in ("yes", "no"):
                message = f'"Translation needed" must be Yes or No, not {descrip.text!r}'
                raise LocError(message, path, descrip.line)
            translatable = descrip.text.lower() == "yes"
        elif kind in (None, "definition") and descrip.text:
            notes.append(descrip.text)
    source: list[str] = []
    targets: dict[str, tuple[str, ...]] = {}
    for lang_set in entry.all("langSet"):
        lang = lang_set.attrs.get("xml:lang", "").replace("-", "_")
        if not lang:
            raise LocError("<langSet> without xml:lang", path, lang_set.line)
        terms = []
        for tig in lang_set.all("tig"):
            term_notes = tig.all("termNote")
            status = " ".join(n.text for n in term_notes if n.attrs.get("type") == "administrativeStatus")
            term = tig.all("term")
            if not term or not term[0].text:
                raise LocError("<tig> without a <term>", path, tig.line)
            if not status.startswith(_NOT_APPROVED):
                terms.append(term[0].text)
        if lang.split("_")[0] == source_lang.split("_")[0]:
            source += terms
        elif terms:
            targets[lang] = tuple(terms)
    if len(source) != 1:
        message = f"a <termEntry> needs exactly one {source_lang} term, found {len(source)}"
        raise LocError(message, path, entry.line)
    return Term(source[0], translatable, targets, tuple(notes))


def load(path: Path | str) -> Glossary:
    """Read a TBX glossary; a file loc cannot use is a LocError naming the file and line."""
    path = Path(path)
    data = atomic.read_regular(path, MAX_BYTES)
    if data is None:
        raise LocError("cannot read the glossary: No such file or directory", path)
    root = _parse_xml(data, path)
    if root.tag != "martif":
        message = f"not a TBX glossary: the root element is <{root.tag}>, expected <martif>"
        raise LocError(message, path, root.line)
    source_lang = root.attrs.get("xml:lang", "en").replace("-", "_")
    entries = [e for text in root.all("text") for body in text.all("body") for e in body.all("termEntry")]
    terms: list[Term] = []
    for entry in entries:
        term = _term_entry(entry, source_lang, path)
        if any(t.text == term.text for t in terms):
            raise LocError(f"the term {term.text!r} is defined twice", path, entry.line)
        terms.append(term)
    return Glossary(tuple(terms), source_lang)
