"""The catalog model: templates from documents, msgmerge-style updates, statistics.

Works on polib objects in memory and never touches a file (pofile.py does that), so
every merge scenario is testable with a few inline entries.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import polib

from loc import languages
from loc.documents import Document
from loc.pofile import in_gettext_order, is_translated_text

Key = tuple[str | None, str]

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"\w+(?:['’-]\w+)*")
# Words whose appearance or disappearance flips a sentence's meaning: a fuzzy match
# that differs in one of them would hand the reviewer the opposite translation.
_NEGATIONS = {
    "en": {
        "not",
        "no",
        "never",
        "none",
        "nobody",
        "nothing",
        "nowhere",
        "neither",
        "nor",
        "cannot",
        "without",
    },
    "de": {
        "nicht",
        "kein",
        "keine",
        "keinen",
        "keinem",
        "keiner",
        "keines",
        "nie",
        "niemals",
        "nichts",
        "ohne",
    },
    "fr": {"ne", "pas", "jamais", "aucun", "aucune", "rien", "personne", "sans", "ni"},
    "es": {"no", "nunca", "jamás", "ningún", "ninguno", "ninguna", "nada", "nadie", "sin", "ni"},
}
VETO_NOTE = "loc: no fuzzy match offered: the source changed a number or a negation. Earlier version:"


@dataclass(frozen=True)
class MergeReport:
    kept: int = 0
    fuzzy: int = 0
    vetoed: int = 0
    restored: int = 0
    new: int = 0
    obsolete: int = 0


def template(document: Document, *, add_location: str, project: str) -> polib.POFile:
    """The POT of one document: one entry per distinct sentence, in document order."""
    pot = polib.POFile()
    pot.metadata = {
        "Project-Id-Version": project,
        "PO-Revision-Date": "",
        "Last-Translator": "",
        "Language-Team": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    entries: dict[str, polib.POEntry] = {}
    for segment in document.segments:
        entry = entries.get(segment.text)
        if entry is None:
            entry = entries[segment.text] = polib.POEntry(msgid=segment.text, msgstr="")
            pot.append(entry)
        where = {"full": (document.path, str(segment.line)), "file": (document.path, "")}.get(add_location)
        if where and where not in entry.occurrences:  # gettext lists a reference once
            entry.occurrences.append(where)
    return pot


def annotate(pot: polib.POFile, notes: Callable[[str], list[str]]) -> polib.POFile:
    """A copy of the template whose entries carry `notes(msgid)` as extracted comments
    (`#.`), which Poedit and Weblate show next to the source: glossary terms, for one."""
    result = polib.POFile()
    result.metadata = dict(pot.metadata)
    for entry in pot:
        copy = _copy(entry)
        copy.comment = "\n".join(notes(entry.msgid))
        result.append(copy)
    return result


def new_catalog(pot: polib.POFile, lang: str, revision_date: str) -> polib.POFile:
    """A fresh PO for `lang`: the template's entries, untranslated, and a header that
    msgfmt -c accepts and translator tools read (Language, Plural-Forms)."""
    po = polib.POFile()
    po.metadata = in_gettext_order(
        {
            **pot.metadata,
            "PO-Revision-Date": revision_date,
            "Language-Team": languages.display_name(lang),
            "Language": lang,
            "Plural-Forms": languages.plural_forms(lang),
        }
    )
    for entry in pot:
        po.append(_copy(entry))
    return po


def merge(
    po: polib.POFile, pot: polib.POFile, *, source_lang: str, threshold: float
) -> tuple[polib.POFile, MergeReport]:
    """Update `po` to `pot` the way msgmerge does, as a new catalog.

    Unchanged sentences keep their entry (translation, flags, comments). A changed one
    gets the closest old translation as a fuzzy suggestion with the old msgid in `#|`,
    unless the two sources differ in a number or a negation: then it comes in
    untranslated with the old pair in a comment. Removed translated sentences become
    obsolete; a sentence that comes back is restored from its obsolete entry.
    """
    active = {_key(e): e for e in po if not e.obsolete}
    retired = {_key(e): e for e in po if e.obsolete}
    result = polib.POFile()
    result.metadata = dict(po.metadata)
    result.header = po.header
    result.metadata_is_fuzzy = False  # a fuzzy header makes tools skip the whole file
    counts = Counter()
    used: set[Key] = set()
    unmatched: list[tuple[int, polib.POEntry]] = []
    for entry in pot:
        key = _key(entry)
        old = active.get(key) or retired.get(key)
        if old is None:
            unmatched.append((len(result), entry))
            result.append(_copy(entry))
            continue
        counts["kept" if key in active else "restored"] += 1
        used.add(key)
        result.append(_refresh(old, entry))
    # every old translation may seed a fuzzy suggestion, as in msgmerge
    sources = list({_key(e): e for e in po if is_translated_text(e)}.values())
    matches = _closest(
        [entry.msgid for _, entry in unmatched], [e.msgid for e in sources], threshold, source_lang
    )
    for (position, entry), (best, vetoed) in zip(unmatched, matches, strict=True):
        if best is not None:
            result[position] = _fuzzy(sources[best], entry)
            counts["fuzzy"] += 1
        elif vetoed is not None:
            result[position].tcomment = _veto_note(sources[vetoed])
            counts["vetoed"] += 1
        else:
            counts["new"] += 1
    for entry in po:
        key = _key(entry)
        if key in used or not is_translated_text(entry):
            continue
        if not entry.obsolete:
            counts["obsolete"] += 1
        result.append(_obsolete(entry))
    return result, MergeReport(**counts)


def _key(entry: polib.POEntry) -> Key:
    return entry.msgctxt, entry.msgid


def _copy(entry: polib.POEntry) -> polib.POEntry:
    return polib.POEntry(
        msgid=entry.msgid,
        msgctxt=entry.msgctxt,
        msgid_plural=entry.msgid_plural,
        msgstr="",
        msgstr_plural={i: "" for i in entry.msgstr_plural} if entry.msgid_plural else {},
        occurrences=list(entry.occurrences),
        comment=entry.comment,
        flags=[flag for flag in entry.flags if flag != "fuzzy"],
    )


def _refresh(old: polib.POEntry, new: polib.POEntry) -> polib.POEntry:
    """The old entry's translation and review state, the template's references and notes."""
    entry = polib.POEntry(
        msgid=old.msgid,
        msgctxt=old.msgctxt,
        msgid_plural=new.msgid_plural or old.msgid_plural,
        msgstr=old.msgstr,
        msgstr_plural=dict(old.msgstr_plural),
        occurrences=list(new.occurrences),
        comment=new.comment,
        tcomment=old.tcomment,
        flags=list(old.flags),
        previous_msgctxt=old.previous_msgctxt,
        previous_msgid=old.previous_msgid,
        previous_msgid_plural=old.previous_msgid_plural,
    )
    return entry


def _fuzzy(source: polib.POEntry, new: polib.POEntry) -> polib.POEntry:
    entry = _refresh(source, new)
    entry.msgid, entry.msgctxt = new.msgid, new.msgctxt
    entry.previous_msgid, entry.previous_msgctxt = source.msgid, source.msgctxt
    if "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    return entry


def _obsolete(entry: polib.POEntry) -> polib.POEntry:
    copy = _refresh(entry, entry)
    copy.obsolete = True
    copy.occurrences = []
    return copy


def _veto_note(source: polib.POEntry) -> str:
    def one_line(text: str) -> str:
        return text.replace("\n", "\\n")

    return "\n".join([VETO_NOTE, f"msgid: {one_line(source.msgid)}", f"msgstr: {one_line(source.msgstr)}"])


def _closest(
    queries: list[str], choices: list[str], threshold: float, source_lang: str
) -> list[tuple[int | None, int | None]]:
    """For each query: (index of the best acceptable match, index of the best match
    that was vetoed). rapidfuzz scores the whole query x choice matrix in C++, in
    blocks so memory stays bounded, where difflib would take minutes."""
    if not queries or not choices:
        return [(None, None)] * len(queries)
    from rapidfuzz import fuzz, process

    results: list[tuple[int | None, int | None]] = []
    cutoff = threshold * 100
    negations = _NEGATIONS.get(source_lang.split("_")[0], set())
    for block in range(0, len(queries), 256):
        part = queries[block : block + 256]
        scores = process.cdist(part, choices, scorer=fuzz.ratio, score_cutoff=cutoff, workers=-1)
        for query, row in zip(part, scores, strict=True):
            ranked = sorted((i for i in row.nonzero()[0]), key=lambda i: (-row[i], i))
            best = vetoed = None
            for i in ranked:
                if _same_meaning_markers(query, choices[i], negations):
                    best = i
                    break
                if vetoed is None:
                    vetoed = i
            results.append((best, vetoed))
    return results


def _same_meaning_markers(a: str, b: str, negations: set[str]) -> bool:
    if Counter(_NUMBER.findall(a)) != Counter(_NUMBER.findall(b)):
        return False
    return _negation_count(a, negations) == _negation_count(b, negations)


def _negation_count(text: str, negations: set[str]) -> Counter:
    words = [w.lower() for w in _WORD.findall(text)]
    counted = Counter(w for w in words if w in negations)
    counted["n't"] = sum(1 for w in words if w.endswith(("n't", "n’t")))
    return counted


@dataclass
class Stats:
    """Counts as `msgfmt --statistics` reports them, plus source words."""

    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    words: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0

    def __add__(self, other: Stats) -> Stats:
        return Stats(
            self.translated + other.translated,
            self.fuzzy + other.fuzzy,
            self.untranslated + other.untranslated,
            self.words + other.words,
        )


def state(entry: polib.POEntry) -> str:
    """ "translated" (reviewed), "fuzzy" (awaits review) or "untranslated"."""
    if not is_translated_text(entry):
        return "untranslated"
    return "fuzzy" if "fuzzy" in entry.flags else "translated"


def stats(entries: Iterable[polib.POEntry]) -> Stats:
    result = Stats()
    for entry in entries:
        if entry.obsolete or (entry.msgid == "" and entry.msgctxt is None):
            continue
        kind = state(entry)
        setattr(result, kind, getattr(result, kind) + 1)
        result.words[kind] += word_count(entry.msgid)
    return result


def word_count(text: str) -> int:
    return len(_WORD.findall(text))
