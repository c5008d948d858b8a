"""The catalog model: templates from documents, entry states, msgmerge-style updates,
the three-way reconcile behind every save, statistics.

Works on polib objects in memory and never touches a file (`po.py` does that), so
every merge scenario is testable with a few inline entries.
"""

from __future__ import annotations

import gc
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum

import polib

from loc import languages
from loc.catalog import notes
from loc.documents import Document

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
_HEADER_ORDER = (
    "Project-Id-Version",
    "Report-Msgid-Bugs-To",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Plural-Forms",
)


@dataclass(frozen=True)
class MergeReport:
    kept: int = 0
    fuzzy: int = 0
    vetoed: int = 0
    restored: int = 0
    new: int = 0
    obsolete: int = 0


@contextmanager
def no_cycles() -> Iterator[None]:
    """Python's cycle collector paused while a catalog's entries are made or merged: they
    form no cycles, and collections that find nothing took a quarter of a 10,000-entry
    extract (bench/extract.py). Garbage with cycles made meanwhile waits until after."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


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
            entry = entries[segment.text] = new_entry(msgid=segment.text)
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


@no_cycles()
def merge(
    po: polib.POFile,
    pot: polib.POFile,
    *,
    source_lang: str,
    threshold: float,
    matcher: Matcher | None = None,
) -> tuple[polib.POFile, MergeReport]:
    """Update `po` to `pot` the way msgmerge does, as a new catalog.

    Unchanged sentences keep their entry (translation, flags, comments; the same object
    where the template left its references and notes alone). A changed one
    gets the closest old translation as a fuzzy suggestion with the old msgid in `#|`,
    unless the two sources differ in a number or a negation: then it comes in
    untranslated with the old pair in a comment. Removed translated sentences become
    obsolete; a sentence that comes back is restored from its obsolete entry. The old
    sentence behind a fuzzy match (or a vetoed one) stays obsolete only when a person
    reviewed or edited its translation (undoing the edit restores that work); an
    unreviewed suggestion is already in the match (or the veto's note), and keeping it
    twice would only grow every diff. One `matcher` for every language
    of a run reads each sentence's markers once.
    """
    active = {_key(e): e for e in po if not e.obsolete}
    retired = {_key(e): e for e in po if e.obsolete}
    result = polib.POFile()
    result.metadata = dict(po.metadata)
    result.header = po.header
    result.metadata_is_fuzzy = False  # a fuzzy header makes tools skip the whole file
    counts: Counter[str] = Counter()
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
        result.append(_kept(old, entry) if key in active else _refresh(old, entry))
    # every old translation may seed a fuzzy suggestion, as in msgmerge
    sources = list({_key(e): e for e in po if is_translated_text(e)}.values())
    matches = (matcher or Matcher(source_lang)).closest(
        [entry.msgid for _, entry in unmatched], [e.msgid for e in sources], threshold
    )
    matched: set[Key] = set()
    for (position, entry), (best, vetoed) in zip(unmatched, matches, strict=True):
        if best is not None:
            result[position] = _fuzzy(sources[best], entry)
            matched.add(_key(sources[best]))
            counts["fuzzy"] += 1
        elif vetoed is not None:
            notes.veto(result[position], sources[vetoed])
            matched.add(_key(sources[vetoed]))  # the note shows the earlier pair
            counts["vetoed"] += 1
        else:
            counts["new"] += 1
    for entry in po:
        key = _key(entry)
        if key in used or not is_translated_text(entry):
            continue
        if key in matched and not _person_work(entry):
            continue  # its fuzzy match carries the same suggestion: the old sentence adds only lines
        if not entry.obsolete:
            counts["obsolete"] += 1
        result.append(_obsolete(entry))
    return result, MergeReport(**counts)


def _person_work(entry: polib.POEntry) -> bool:
    """A reviewed translation, one a person wrote or changed, or one loc did not write (a
    file's own fuzzy entry, from before loc marked them): only loc's own text may go."""
    current = state(entry)
    return current in (State.REVIEWED, State.EDITED, State.CONFLICT) or (
        current is State.FUZZY_MATCH and notes.provenance(entry) is None
    )


def _key(entry: polib.POEntry) -> Key:
    return entry.msgctxt, entry.msgid


def _copy(entry: polib.POEntry) -> polib.POEntry:
    return new_entry(
        msgid=entry.msgid,
        msgctxt=entry.msgctxt,
        msgid_plural=entry.msgid_plural,
        msgstr="",
        msgstr_plural={i: "" for i in entry.msgstr_plural} if entry.msgid_plural else {},
        occurrences=list(entry.occurrences),
        comment=entry.comment,
        flags=[flag for flag in entry.flags if flag != "fuzzy"],
    )


def new_entry(**fields) -> polib.POEntry:
    """A POEntry with these fields and polib's defaults for the others, without its
    keyword-argument plumbing: a merge or a read makes one per sentence."""
    made = polib.POEntry.__new__(polib.POEntry)
    made.__dict__.update({**_DEFAULTS, "msgstr_plural": {}, "occurrences": [], "flags": [], **fields})
    return made


_DEFAULTS = {
    "msgid": "",
    "msgstr": "",
    "msgid_plural": "",
    "msgctxt": None,
    "obsolete": False,
    "encoding": polib.default_encoding,
    "comment": "",
    "tcomment": "",
    "previous_msgctxt": None,
    "previous_msgid": None,
    "previous_msgid_plural": None,
    "linenum": None,
}


def _refresh(old: polib.POEntry, new: polib.POEntry) -> polib.POEntry:
    """The old entry's translation and review state, the template's references and notes;
    a machine origin the text no longer matches becomes history."""
    entry = new_entry(
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
    notes.mark_edited(entry)
    return entry


def _kept(old: polib.POEntry, new: polib.POEntry) -> polib.POEntry:
    """An active entry whose sentence is still in the template: the entry itself where the
    template left its references and notes as they were (a catalog changes only where its
    sources did, and a merge costs what changed), else refreshed."""
    if (
        old.occurrences != new.occurrences
        or old.comment != new.comment
        or (new.msgid_plural and new.msgid_plural != old.msgid_plural)
    ):
        return _refresh(old, new)
    notes.mark_edited(old)
    return old


def _fuzzy(source: polib.POEntry, new: polib.POEntry) -> polib.POEntry:
    entry = _refresh(source, new)
    entry.msgid, entry.msgctxt = new.msgid, new.msgctxt
    entry.previous_msgid, entry.previous_msgctxt = source.msgid, source.msgctxt
    if "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    notes.match_origin(entry)
    return entry


def _obsolete(entry: polib.POEntry) -> polib.POEntry:
    copy = _refresh(entry, entry)
    copy.obsolete = True
    copy.occurrences = []
    return copy


# A first pass keeps only scores this high: rapidfuzz rejects most pairs early then,
# several times faster than at msgmerge's 60, and an edited sentence's old version is
# usually found there; only queries with nothing this close get a full pass.
_NEAR = 90.0
# Up to this many queries, each is scored against every choice directly: cheaper than
# building the near filter's index over all of them (one edit in a 50,000-entry catalog).
_FEW = 32


class Matcher:
    """Fuzzy matching for one run (an extract over every language): each sentence's
    number and negation markers read once, and the index over a list of old sentences
    built once, however many catalogs share that list."""

    def __init__(self, source_lang: str) -> None:
        self.negations = _NEGATIONS.get(source_lang.split("_")[0], set())
        self._markers: dict[str, tuple] = {}
        self._index: tuple[tuple[str, ...], dict] | None = None  # the last choices and their index

    def markers(self, text: str) -> tuple:
        found = self._markers.get(text)
        if found is None:
            found = self._markers[text] = _markers(text, self.negations)
        return found

    def _indexed(self, choices: list[str]) -> dict:
        """The index of `choices` (built as its parts are asked for): the near filter, and
        the choices grouped by their markers."""
        key = tuple(choices)
        if self._index is None or self._index[0] != key:
            self._index = (key, {})
        return self._index[1]

    def closest(
        self, queries: list[str], choices: list[str], threshold: float
    ) -> list[tuple[int | None, int | None]]:
        """For each query: (index of the best acceptable match, index of the best match
        when that one was vetoed); ties go to the lowest index. rapidfuzz scores queries x
        choices in C++, in blocks so memory stays bounded, where difflib would take minutes.

        A match is acceptable when it has the query's markers; only the choices that
        score are asked for theirs. Scores below `_NEAR` are only computed where the
        answer depends on them."""
        if not queries or not choices:
            return [(None, None)] * len(queries)
        import numpy
        from rapidfuzz import fuzz, process

        cutoff = threshold * 100
        near = max(cutoff, _NEAR)
        filtered = near > cutoff and len(queries) > _FEW
        index = self._indexed(choices)

        def score(part: list[str], among: list[str], at_least: float) -> numpy.ndarray:
            workers = -1 if len(part) > 1 else 1  # threads cost more than one query's scores
            return process.cdist(part, among, scorer=fuzz.ratio, score_cutoff=at_least, workers=workers)

        def group(kind: tuple) -> numpy.ndarray:
            """The choices with these markers (all choices' markers, read once per run)."""
            if "groups" not in index:
                members: dict[tuple, list[int]] = {}
                for i, choice in enumerate(choices):
                    members.setdefault(self.markers(choice), []).append(i)
                index["groups"] = {k: numpy.array(v) for k, v in members.items()}
            return index["groups"].get(kind, numpy.array([], dtype=int))

        if filtered and "near" not in index:
            index["near"] = _NearFilter(choices, near)
        results: list[tuple[int | None, int | None]] = []
        for block in range(0, len(queries), 256):
            part = queries[block : block + 256]
            if filtered:  # scores >= near only, computed where the bound allows them
                scores = numpy.zeros((len(part), len(choices)), dtype=numpy.float32)
                for j, allowed in enumerate(index["near"].candidates(part)):
                    (indexes,) = allowed.nonzero()
                    if len(indexes):
                        scores[j, indexes] = score([part[j]], [choices[i] for i in indexes], near)[0]
                # a row with a score >= near knows its top match: every score that high is there
                partial = scores.max(axis=1) > 0
                far = numpy.flatnonzero(~partial)
                if len(far):
                    scores[far] = score([part[j] for j in far], choices, cutoff)
            else:
                scores = score(part, choices, cutoff)
                partial = numpy.zeros(len(part), dtype=bool)
            for j, (query, row) in enumerate(zip(part, scores, strict=True)):
                scored = numpy.flatnonzero(row)
                if not len(scored):  # nothing reached the cutoff
                    results.append((None, None))
                    continue
                ranked = scored[numpy.argsort(-row[scored], kind="stable")]  # ties: lowest index first
                top = int(ranked[0])
                kind = self.markers(query)
                best = next((int(i) for i in ranked if self.markers(choices[i]) == kind), None)
                if best is None and partial[j]:  # the best with the query's markers may lie below `near`
                    members = group(kind)
                    if len(members):
                        among = score([query], [choices[i] for i in members], cutoff)[0]
                        at = int(among.argmax())
                        best = int(members[at]) if among[at] > 0 else None
                results.append((best, None) if best == top else (best, top))
        return results


def closest(
    queries: list[str], choices: list[str], threshold: float, source_lang: str
) -> list[tuple[int | None, int | None]]:
    """`Matcher.closest` for a single lookup (the memory step, a TMX import)."""
    return Matcher(source_lang).closest(queries, choices, threshold)


class _NearFilter:
    """Which choices can reach `near` with a query, without scoring them. The ratio is
    200 x LCS / (len a + len b), and the LCS is at most the characters two sentences have
    in common (code points folded into 128 buckets). Those counts as 0/1 columns per
    bucket and count level, the query's weighted by the level's width, make that bound
    a matrix product."""

    def __init__(self, choices: list[str], near: float) -> None:
        import numpy

        self.near = near
        counts, self.lengths = _char_counts(choices)
        highest = int(counts.max(initial=0))
        levels = list(range(24))  # exact up to 24 of a character, then within a quarter
        while levels[-1] < highest:
            levels.append(levels[-1] * 5 // 4)
        self.thresholds = numpy.array(levels)
        # min(a, b) <= the sum of the widths of the levels both counts exceed
        self.widths = numpy.append(self.thresholds[1:], max(highest, levels[-1])) - self.thresholds
        # only the (bucket, level) columns some choice reaches; built in slices to bound memory
        self.columns = numpy.flatnonzero(counts.max(axis=0)[:, None] > self.thresholds)
        self.bits = numpy.empty((len(choices), len(self.columns)), dtype=bool)
        for start in range(0, len(choices), 8192):
            rows = counts[start : start + 8192]
            levels = (rows[:, :, None] > self.thresholds).reshape(len(rows), -1)
            self.bits[start : start + 8192] = levels[:, self.columns]

    def candidates(self, part: list[str]):
        import numpy

        counts, lengths = _char_counts(part)
        weighted = (counts[:, :, None] > self.thresholds) * self.widths.astype(numpy.float32)
        weighted = weighted.reshape(len(part), -1)[:, self.columns]
        allowed = numpy.zeros((len(part), len(self.lengths)), dtype=bool)
        for start in range(0, len(self.lengths), 8192):
            chunk = slice(start, start + 8192)
            common = weighted @ self.bits[chunk].T.astype(numpy.float32)  # integers: exact
            total = lengths[:, None] + self.lengths[None, chunk]
            allowed[:, chunk] = 200 * common >= (self.near - 1e-3) * total
        return allowed


def _char_counts(texts: list[str]):
    """Per text, how often each bucket of code points occurs; and the texts' lengths."""
    import numpy

    lengths = numpy.fromiter(map(len, texts), dtype=numpy.int64, count=len(texts))
    codes = numpy.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32) % 128
    rows = numpy.repeat(numpy.arange(len(texts)), lengths)
    counts = numpy.bincount(rows * 128 + codes, minlength=len(texts) * 128)
    return counts.reshape(len(texts), 128).astype(numpy.int32), lengths


def _markers(text: str, negations: set[str]) -> tuple:
    """What a fuzzy match must not change, as a key: the numbers and negations, counted."""
    numbers = tuple(sorted(Counter(_NUMBER.findall(text)).items()))
    negated = tuple(sorted((word, n) for word, n in _negation_count(text, negations).items() if n))
    return numbers, negated


def _negation_count(text: str, negations: set[str]) -> Counter:
    words = list(map(str.lower, _WORD.findall(text)))
    counted = Counter(filter(negations.__contains__, words))
    counted["n't"] = sum(map(str.endswith, words, [("n't", "n’t")] * len(words)))
    return counted


WORD_STATES = ("translated", "fuzzy", "untranslated")


@dataclass
class Stats:
    """Counts as `msgfmt --statistics` reports them, plus source words."""

    translated: int = 0
    fuzzy: int = 0  # awaiting review, of which `pseudo` are pseudo-engine placeholders
    untranslated: int = 0
    words: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(WORD_STATES, 0)
    )  # source words per state
    pseudo: int = 0

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
            {state: self.words[state] + other.words[state] for state in WORD_STATES},
            self.pseudo + other.pseudo,
        )


def segment_entries(entries: Iterable[polib.POEntry]) -> dict[str, polib.POEntry]:
    """msgid -> the entry a document's sentence is published from: one without a context or
    plural forms (a person may add such entries; a document's sentences have neither)."""
    return {
        e.msgid: e for e in entries if e.msgid and not e.obsolete and e.msgctxt is None and not e.msgid_plural
    }


def fit_edge_newlines(msgid: str, text: str) -> str:
    """`text` with the leading and trailing newlines of `msgid`: msgfmt -c refuses a
    translation that disagrees with its msgid on them, and at a sentence's edges they are
    layout a CAT tool or memory added, not words."""
    core = text.strip("\n")
    if not core:
        return ""
    lead = len(msgid) - len(msgid.lstrip("\n"))
    trail = len(msgid) - len(msgid.rstrip("\n")) if msgid.strip("\n") else 0
    return "\n" * lead + core + "\n" * trail


def is_translated_text(entry: polib.POEntry) -> bool:
    """The entry has a msgstr (all plural forms filled), reviewed or not."""
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


class State(StrEnum):
    """What an entry is, in the one vocabulary translate, status, review, checks and compile
    share. Read from the PO file alone (flags, `#| msgid` and the `# loc:` notes), so Poedit,
    Weblate and vim change it the way their users expect: clearing `#, fuzzy` is approval."""

    UNTRANSLATED = "untranslated"  # no text yet
    SUGGESTION = "suggestion"  # fuzzy: an engine's text, exactly as it wrote it
    FUZZY_MATCH = "fuzzy-match"  # fuzzy: a merge's match; it translates the earlier `#| msgid`
    MEMORY = "memory"  # fuzzy: a reviewed translation of a close sentence, reused
    EDITED = "edited"  # fuzzy: text a person wrote or changed, not yet approved
    REVIEWED = "reviewed"  # approved (no fuzzy flag), whoever wrote it
    PSEUDO = "pseudo"  # the pseudo engine's text as it wrote it: never a real translation
    CONFLICT = "conflict"  # fuzzy: a merge left two translations (one in a conflict note); a person chooses

    @property
    def awaits_review(self) -> bool:
        return self in (State.SUGGESTION, State.FUZZY_MATCH, State.MEMORY, State.EDITED)

    @property
    def untouched(self) -> bool:
        """Text exactly as an engine or a merge wrote it, not approved: anyone's to replace."""
        return self in (State.SUGGESTION, State.FUZZY_MATCH, State.MEMORY, State.PSEUDO)


def state(entry: polib.POEntry) -> State:
    """The entry's State. A machine text a person has changed is theirs (EDITED, or REVIEWED
    once approved); pseudo text stays PSEUDO even approved, so it is never published in a
    real language."""
    if not is_translated_text(entry):
        return State.UNTRANSLATED
    if "fuzzy" in entry.flags and notes.conflict_other(entry) is not None:
        return State.CONFLICT
    origin = notes.provenance(entry)
    machine = origin is not None and origin.digest == notes.digest(entry.msgstr)
    engine = origin.engine if origin is not None else ""
    if machine and engine == "pseudo":
        return State.PSEUDO
    if "fuzzy" not in entry.flags:
        return State.REVIEWED
    if machine:
        return {"match": State.FUZZY_MATCH, "memory": State.MEMORY}.get(engine, State.SUGGESTION)
    if origin is None and entry.previous_msgid is not None and not notes.is_edited(entry):
        return State.FUZZY_MATCH  # a merge's match in a file from before loc marked them
    return State.EDITED


def gettext_state(entry: polib.POEntry) -> str:
    """ "translated", "fuzzy" or "untranslated", as `msgfmt --statistics` counts entries."""
    if not is_translated_text(entry):
        return "untranslated"
    return "fuzzy" if "fuzzy" in entry.flags else "translated"


def is_reviewed(entry: polib.POEntry) -> bool:
    return not entry.obsolete and state(entry) is State.REVIEWED


def in_gettext_order(fields: dict[str, str]) -> dict[str, str]:
    """Header fields in the order msginit writes them, for a header loc makes; a
    file's own header keeps the order its tool wrote (Transifex puts Language last)."""
    order = [name for name in _HEADER_ORDER if name in fields]
    order += [name for name in fields if name not in order]
    return {name: fields[name] for name in order}


def reconcile(base: polib.POFile, ours: polib.POFile, theirs: polib.POFile) -> polib.POFile:
    """Three-way merge for a save that finds the file changed on disk since it was read.

    `base` is what loc read, `ours` what it made of it, `theirs` what is on disk now (a
    person's save). Every entry the person changed, added or deleted stays as they left
    it; loc's work applies only to entries they did not touch. Ours keeps its order and
    its entry objects, so a running step can go on filling them. The rules are
    `merge3`'s, with the person's side winning where both changed an entry.
    """
    return merge3(base, ours, theirs, prefer="theirs").po


@dataclass(frozen=True)
class Conflict:
    """One entry two sides translated differently: `ours` stays in the entry (fuzzy),
    `theirs` in its conflict note."""

    msgctxt: str | None
    msgid: str
    ours: polib.POEntry
    theirs: polib.POEntry


@dataclass
class Merged:
    po: polib.POFile
    conflicts: list[Conflict] = field(default_factory=list)


# Header fields that record who saved the file when: a merge takes them from the newest
# save and never calls them a conflict.
SAVE_STAMPS = ("PO-Revision-Date", "Last-Translator", "X-Generator")


def merge3(
    base: polib.POFile,
    ours: polib.POFile,
    theirs: polib.POFile,
    *,
    prefer: str = "",
) -> Merged:
    """Merge two versions of a catalog that share `base`, entry by entry.

    An entry changed on one side takes that side; changed the same way on both, it
    merges clean. Each entry has two parts merged apart: what the template says (it
    exists, is obsolete, its references and extracted notes: an extract's work) and
    its translation (msgstr, flags, translator comments, previous msgid: a translator's
    work), so a re-extract on one branch and a review on the other both survive. An
    unedited machine suggestion never outweighs a person's translation. A translation
    changed differently on both sides is a conflict: with `prefer` ("ours"/"theirs")
    that side wins; without it ours stays, fuzzy, and theirs goes into a conflict note
    (`notes.conflict`), so nothing is lost and the result is still a valid PO.
    An unedited fuzzy match follows its source sentence's merged translation.
    """
    before = {_key(e): e for e in base}
    mine = {_key(e): e for e in ours}
    other = {_key(e): e for e in theirs}
    result = polib.POFile()
    result.metadata = _merge_header(base.metadata, ours.metadata, theirs.metadata, prefer)
    result.header = _pick(base.header, ours.header, theirs.header, prefer or "ours")
    result.metadata_is_fuzzy = _pick(
        base.metadata_is_fuzzy, ours.metadata_is_fuzzy, theirs.metadata_is_fuzzy, prefer or "ours"
    )
    merged = Merged(result)
    for key in _merged_order(ours, theirs):
        entry = _merge_entry(before.get(key), mine.get(key), other.get(key), prefer, merged)
        if entry is not None:
            result.append(entry)
    _follow_sources(result)
    return merged


def _merged_order(ours: polib.POFile, theirs: polib.POFile) -> list[Key]:
    """Ours' order, with each entry only theirs has placed after its neighbour there."""
    mine = {_key(e) for e in ours}
    after: dict[Key | None, list[Key]] = {}
    anchor: Key | None = None
    for entry in theirs:
        key = _key(entry)
        if key in mine:
            anchor = key
        else:
            after.setdefault(anchor, []).append(key)
    order = list(after.get(None, []))
    for entry in ours:
        key = _key(entry)
        order.append(key)
        order += after.get(key, [])
    return order


def _pick(base, ours, theirs, prefer: str):
    """The three-way rule for one value; where both sides changed it, `prefer`'s."""
    if ours == theirs or theirs == base:
        return ours
    if ours == base:
        return theirs
    return theirs if prefer == "theirs" else ours


def _merge_header(base: dict, ours: dict, theirs: dict, prefer: str) -> dict:
    """Field by field; without `prefer`, the save stamps come from the newest save (by
    PO-Revision-Date) and a field both changed takes the newest save's value."""
    newest = "theirs" if _saved_at(theirs) > _saved_at(ours) else "ours"
    merged: dict[str, str] = {}
    for name in [*ours, *(n for n in theirs if n not in ours)]:
        if name in SAVE_STAMPS and not prefer:
            value = (theirs if newest == "theirs" else ours).get(name)
            value = ours.get(name) if value is None else value
        else:
            value = _pick(base.get(name), ours.get(name), theirs.get(name), prefer or newest)
        if value is not None:
            merged[name] = value
    return merged


def _saved_at(metadata: dict) -> tuple:
    """A save's time from PO-Revision-Date, comparable across time zones; none sorts first."""
    import datetime

    text = metadata.get("PO-Revision-Date", "").strip()
    try:
        return (1, datetime.datetime.strptime(text, "%Y-%m-%d %H:%M%z").timestamp())
    except ValueError:
        return (0, 0.0)


def _template_part(entry: polib.POEntry | None) -> tuple | None:
    if entry is None:
        return None
    if entry.obsolete:
        return ("obsolete",)
    return ("active", tuple(map(tuple, entry.occurrences)), entry.comment, entry.msgid_plural)


def _translation_part(entry: polib.POEntry | None) -> tuple | None:
    if entry is None:
        return None
    return (
        entry.msgstr,
        tuple(sorted(entry.msgstr_plural.items())),
        tuple(entry.flags),
        entry.tcomment,
        entry.previous_msgctxt,
        entry.previous_msgid,
        entry.previous_msgid_plural,
    )


def _merge_entry(
    base: polib.POEntry | None,
    ours: polib.POEntry | None,
    theirs: polib.POEntry | None,
    prefer: str,
    merged: Merged,
) -> polib.POEntry | None:
    if ours is not None and theirs is not None and _same(ours, theirs):
        return ours
    if base is not None and theirs is not None and _same(theirs, base):
        return ours  # None: ours deleted it
    if base is not None and ours is not None and _same(ours, base):
        return theirs
    # a side without the entry deleted it (an extract) and left its translation alone
    o, t = ours or base, theirs or base
    if o is None or t is None:  # added on one side only, or deleted on both
        return o or t
    sides = _template_part(base), _template_part(ours), _template_part(theirs)
    template = _pick(*sides, "")
    if sides[0] not in sides[1:] and sides[1] != sides[2]:
        # both changed it: the side that keeps it live (the next extract redoes the rest)
        template = next((side for side in sides[1:] if side and side[0] == "active"), sides[1])
    shape = {_template_part(ours): ours, _template_part(theirs): theirs}.get(template)
    translation = _merge_translation(base, o, t, prefer, merged)
    if shape is None:  # deleted by the template, translated on the other side: keep it obsolete
        if not is_translated_text(translation):
            return None
        translation.obsolete, translation.occurrences = True, []
        return translation
    translation.obsolete = shape.obsolete
    translation.occurrences = list(shape.occurrences)
    translation.comment = shape.comment
    translation.msgid_plural = shape.msgid_plural
    return translation


def _merge_translation(
    base: polib.POEntry | None,
    ours: polib.POEntry,
    theirs: polib.POEntry,
    prefer: str,
    merged: Merged,
) -> polib.POEntry:
    """A new entry holding the merged translation part of the two sides."""
    parts = _translation_part(base), _translation_part(ours), _translation_part(theirs)
    if parts[1] == parts[2] or parts[2] == parts[0]:
        return _clone(ours)
    if parts[1] == parts[0]:
        return _clone(theirs)
    if (ours.msgstr, ours.msgstr_plural) == (theirs.msgstr, theirs.msgstr_plural):
        entry = _clone(ours)  # the same text: flags and notes merge line by line
        old = set(base.flags) if base else set()
        entry.flags = [f for f in ours.flags if f in theirs.flags or f not in old]
        entry.flags += [f for f in theirs.flags if f not in ours.flags and f not in old]
        lines = (ours.tcomment or "").split("\n")
        lines += [line for line in (theirs.tcomment or "").split("\n") if line not in lines]
        entry.tcomment = "\n".join(line for line in lines if line)
        return entry
    mine, yours = state(ours).untouched, state(theirs).untouched
    if mine != yours:  # a person's translation against an untouched machine suggestion
        return _clone(theirs if mine else ours)
    if prefer or mine:
        return _clone(theirs if prefer == "theirs" else ours)
    kept, noted = (ours, theirs)
    if not is_translated_text(ours) and is_translated_text(theirs):
        kept, noted = theirs, ours  # the fuzzy translation is the one with text
    entry = _clone(kept)
    if "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    notes.conflict(entry, noted, "the other branch" if noted is theirs else "this branch")
    merged.conflicts.append(Conflict(entry.msgctxt, entry.msgid, ours, theirs))
    return entry


def _clone(entry: polib.POEntry) -> polib.POEntry:
    return new_entry(
        msgid=entry.msgid,
        msgctxt=entry.msgctxt,
        msgid_plural=entry.msgid_plural,
        msgstr=entry.msgstr,
        msgstr_plural=dict(entry.msgstr_plural),
        occurrences=list(entry.occurrences),
        comment=entry.comment,
        tcomment=entry.tcomment,
        flags=list(entry.flags),
        previous_msgctxt=entry.previous_msgctxt,
        previous_msgid=entry.previous_msgid,
        previous_msgid_plural=entry.previous_msgid_plural,
        obsolete=entry.obsolete,
    )


def _follow_sources(po: polib.POFile) -> None:
    """An unedited fuzzy match whose source sentence's translation changed in the merge
    takes that translation: a match is derived from its source, as extract would make it."""
    entries = {_key(e): e for e in po}
    for entry in po:
        if entry.obsolete or notes.provenance(entry) is None or state(entry) is not State.FUZZY_MATCH:
            continue
        source = entries.get((entry.previous_msgctxt, entry.previous_msgid))
        if source is None or source is entry or not is_translated_text(source):
            continue
        if (source.msgstr, source.msgstr_plural) != (entry.msgstr, entry.msgstr_plural):
            entry.msgstr, entry.msgstr_plural = source.msgstr, dict(source.msgstr_plural)
            notes.match_origin(entry)


def _same(a: polib.POEntry, b: polib.POEntry) -> bool:
    return signature(a) == signature(b)


def signature(entry: polib.POEntry) -> tuple:
    """Everything a PO file says about an entry: equal signatures, equal lines on disk."""
    return (
        entry.msgid,
        entry.msgctxt,
        entry.msgid_plural,
        entry.msgstr,
        tuple(sorted(entry.msgstr_plural.items())),
        tuple(entry.flags),
        entry.tcomment,
        entry.comment,
        tuple(map(tuple, entry.occurrences)),
        entry.previous_msgctxt,
        entry.previous_msgid,
        entry.previous_msgid_plural,
        entry.obsolete,
    )


def stats(entries: Iterable[polib.POEntry]) -> Stats:
    result = Stats()
    sources: dict[str, list[str]] = {kind: [] for kind in WORD_STATES}
    for entry in entries:
        if entry.obsolete or (entry.msgid == "" and entry.msgctxt is None):
            continue
        kind = gettext_state(entry)
        sources[kind].append(entry.msgid)
        result.pseudo += kind == "fuzzy" and state(entry) is State.PSEUDO
    for kind, texts in sources.items():
        setattr(result, kind, len(texts))
        result.words[kind] = word_count("\n".join(texts))  # no word spans a line break
    return result


def word_count(text: str) -> int:
    return len(_WORD.findall(text))
