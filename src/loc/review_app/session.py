"""The review app's library side: what a page shows, and a reviewer's change applied.

Knows nothing of HTTP. Every request reads the catalog from disk, so a Poedit save or a
`loc translate` run is seen at once; every change goes through `Catalog.save()`
(compare-before-replace, `model.reconcile` when the file changed meanwhile). A change
names the version of the entry the reviewer saw: if the entry is no longer that, nothing
is written and the reviewer is shown both versions to choose.
"""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from dataclasses import dataclass, field

import polib

from loc import checks
from loc.catalog import model, notes
from loc.catalog.model import State
from loc.catalog.po import Catalog
from loc.documents import Document, labels
from loc.errors import LocError
from loc.project import Project
from loc.review_app import preview
from loc.steps import review as _review
from loc.steps.status import review_order

ACTIONS = ("approve", "save", "reject", "comment")


class NotFound(LocError):
    """A language or document the app does not serve: nothing is read for it."""


@dataclass(frozen=True)
class Change:
    """What a reviewer asks: `action` on the entry `id`, which they saw at `base`."""

    lang: str
    document: str
    id: str
    base: str
    action: str  # one of ACTIONS
    text: str | None = None  # the translation as edited (approve, save)
    comment: str | None = None  # the translator comment (comment)
    override: bool = False  # approve although error-level checks fail


@dataclass
class Outcome:
    """saved; conflict (the entry changed since `base`: `entry` is theirs); refused
    (`problems` say why; nothing written); gone (no such entry any more)."""

    status: str
    entry: dict | None = None
    problems: list[dict] = field(default_factory=list)


def entry_id(entry: polib.POEntry) -> str:
    return hashlib.sha1(repr((entry.msgctxt, entry.msgid)).encode("utf-8")).hexdigest()[:12]


def version(entry: polib.POEntry) -> str:
    """Changes whenever the entry's lines in the PO file would."""
    return hashlib.sha1(repr(model.signature(entry)).encode("utf-8")).hexdigest()[:16]


class Session:
    """The languages and documents of one project that the app serves."""

    def __init__(self, project: Project, langs: list[str]):
        self.project = project
        self.langs = list(langs)
        self._writing = threading.Lock()  # one change at a time from this process
        # (language, entry version, placeholders) -> check results: a page reload checks
        # only the entries that changed since (the glossary is read once, at start)
        self._checked: dict[tuple, list[dict]] = {}
        # domain -> (file stat, the document parsed, what its placeholders stand for)
        self._documents: dict[str, tuple[tuple, Document, dict[str, labels.Placeholders]]] = {}

    def pages(self) -> list[tuple[str, str, str]]:
        """(language, document domain, document path) of each page, for the index."""
        files = self.project.source_files()
        return [
            (lang, domain, self.project.relative(path))
            for lang in self.langs
            for domain, path in files.items()
            if self.project.po_path(lang, domain).exists()
        ]

    def names(self, lang: str, domain: str) -> tuple[str, str]:
        """The document's path and its catalog's, as the project names them."""
        document, _, found = self._open(lang, domain)
        return document.path, self.project.relative(found.path)

    def view(self, lang: str, domain: str) -> dict:
        """Everything a page shows: entries in document order, the queue, the counts and
        the document as it will be published."""
        document, marks, found = self._open(lang, domain)
        return self._view(lang, document, marks, found)

    def check(self, lang: str, domain: str, key: str, text: str) -> list[dict]:
        """What the checks say about `text` as the translation of entry `key`."""
        document, _, found = self._open(lang, domain)
        entry = self._entry(found, key)
        if entry is None:
            return []
        trial = _copy(entry)
        trial.msgstr = _clean(text, entry.msgid)
        trial.flags = [flag for flag in trial.flags if flag != "fuzzy"]
        return self._problems(lang, trial, document)

    def apply(self, change: Change) -> Outcome:
        if change.action not in ACTIONS:
            raise LocError(f"unknown action {change.action!r}")
        with self._writing:
            document, all_marks, found = self._open(change.lang, change.document)
            entry = self._entry(found, change.id)
            if entry is None:
                return Outcome("gone")
            marks = all_marks.get(entry.msgid, {})
            page = (change.lang, document, found)
            if version(entry) != change.base:
                return Outcome("conflict", self._entry_view(page, entry, marks))
            problems = self._change(change, entry, document)
            if problems:
                return Outcome("refused", problems=problems)
            mine = model.signature(entry)
            found.save()
            saved = self._entry(found, change.id)
            if saved is None:  # a person deleted it meanwhile
                return Outcome("gone")
            if model.signature(saved) != mine:  # their save of this entry slipped in: theirs won
                return Outcome("conflict", self._entry_view(page, saved, marks))
            return Outcome("saved", self._entry_view(page, saved, marks))

    # ---- inside -----------------------------------------------------------

    def _open(self, lang: str, domain: str) -> tuple[Document, dict[str, labels.Placeholders], Catalog]:
        """The document, its placeholders and its catalog, only for a language and document
        served."""
        files = self.project.source_files()
        if lang not in self.langs or domain not in files:
            raise NotFound("no such language or document")
        found = self.project.load_catalog(lang, domain)
        if found is None:
            raise NotFound("no catalog yet; run `loc extract`")
        info = files[domain].stat()
        stamp = (info.st_mtime_ns, info.st_size, info.st_ino)
        cached = self._documents.get(domain)
        if cached is None or cached[0] != stamp:  # parsed again only when the file changed
            document = self.project.document(files[domain])
            cached = self._documents[domain] = (stamp, document, labels.of_document(document))
        return cached[1], cached[2], found

    @staticmethod
    def _entry(found: Catalog, key: str) -> polib.POEntry | None:
        return next((e for e in found.po if not e.obsolete and e.msgid and entry_id(e) == key), None)

    def _change(self, change: Change, entry: polib.POEntry, document: Document) -> list[dict]:
        """Apply the change to the entry in memory; the problems that refuse it, if any."""
        if change.action == "comment":
            notes.set_person_comment(entry, change.comment or "")
            return []
        if entry.msgid_plural:  # no document sentence has plural forms: a hand-made entry
            return [_problem("error", "plural", "an entry with plural forms: edit it in Poedit")]
        if change.action == "reject":
            entry.msgstr = ""
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
            entry.previous_msgid = entry.previous_msgctxt = None
            notes.forget_machine(entry)
            return []
        if change.text is not None:
            entry.msgstr = _clean(change.text, entry.msgid)
        if not entry.msgstr:
            return [_problem("error", "empty", "nothing to approve or save: write a translation")]
        if change.action == "save":  # kept for review, as Poedit's "needs work"
            if "fuzzy" not in entry.flags:
                entry.flags.insert(0, "fuzzy")
            notes.mark_edited(entry)
            return []
        trial = _copy(entry)
        trial.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        errors = [p for p in self._problems(change.lang, trial, document) if p["severity"] == "error"]
        if errors and not change.override:
            return errors
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        entry.previous_msgid = entry.previous_msgctxt = None  # as Poedit does on approval
        notes.mark_edited(entry)
        if errors:
            notes.set_override(entry, [p["check"] for p in errors])
        return []

    def _problems(
        self,
        lang: str,
        entry: polib.POEntry,
        document: Document,
        rendered: dict[int, list[dict]] | None = None,
    ) -> list[dict]:
        """The entry's check results: the checks of its text (cached by its version) and
        whether it can go into the document (`rendered`: already found for the page)."""
        key = (lang, version(entry))
        found = self._checked.get(key)
        if found is None:
            if len(self._checked) > _CHECKED_MAX:
                self._checked.clear()
            found = self._checked[key] = self._run_checks(lang, entry)
        if rendered is None:
            rendered = _render_problems(document, [entry])
        return sorted(found + rendered.get(id(entry), []), key=lambda p: p["severity"] != "error")

    def _run_checks(self, lang: str, entry: polib.POEntry) -> list[dict]:
        return [
            _problem(p.severity, p.check, p.message)
            for p in checks.run(
                [entry],
                source_lang=self.project.config.source_lang,
                target_lang=lang,
                glossary=self.project.glossary(),
            )
        ]

    def _view(
        self, lang: str, document: Document, marks: dict[str, labels.Placeholders], found: Catalog
    ) -> dict:
        ordered = _document_order(document, found)
        rendered = _render_problems(document, ordered)  # one render of the page for all its entries
        problems = {id(e): self._problems(lang, e, document, rendered) for e in ordered}
        page = (lang, document, found)
        entries = [self._entry_view(page, e, marks.get(e.msgid, {}), problems[id(e)]) for e in ordered]
        states = {id(e): model.state(e) for e in ordered}
        # what status --review lists, in its order; then what still needs a translation
        waiting = [e for e in ordered if states[id(e)].awaits_review or states[id(e)] is State.CONFLICT]
        waiting.sort(key=lambda e: review_order(e, bool(problems[id(e)])))
        untranslated = [e for e in ordered if states[id(e)] in (State.PSEUDO, State.UNTRANSLATED)]
        counts = Counter(view["state"] for view in entries)
        numbers = {e.msgid: (n, e.msgstr) for n, e in enumerate(ordered) if e.msgctxt is None}
        return {
            "lang": lang,
            "document": document.path,
            "po": self.project.relative(found.path),
            "entries": entries,
            "queue": [entry_id(e) for e in waiting + untranslated],
            "counts": {
                "total": len(entries),
                **{key: counts.get(key, 0) for key in _review.STATES},
                "flagged": sum(1 for view in entries if view["flagged"]),
            },
            "states": _review.STATES,
            "preview": preview.render(document, numbers),
        }

    def _entry_view(
        self,
        page: tuple[str, Document, Catalog],
        entry: polib.POEntry,
        marks: labels.Placeholders,
        problems: list[dict] | None = None,
    ) -> dict:
        lang, document, found = page
        if problems is None:
            problems = self._problems(lang, entry, document)
        item = _review.item(entry, entry_id(entry), self.project.relative(found.path), [], marks)
        return {
            "id": item.anchor,
            "version": version(entry),
            "msgctxt": entry.msgctxt,
            "source": entry.msgid,
            "source_html": str(item.source_html),
            "target": entry.msgstr,
            "target_html": str(item.target_html),
            "state": item.state,
            "detail": item.detail,
            "score": item.score,
            "where": item.where,
            "warnings": item.warnings,
            "problems": problems,
            "flagged": bool(item.warnings or problems),
            "glossary": item.glossary,
            "comment": notes.person_comment(entry),
            "override": notes.override(entry),
            "other": next(iter(notes.conflict_other(entry) or ()), None),  # a merge conflict's other version
            "placeholders": {tag: mark.as_dict() for tag, mark in marks.items()},
        }


_CHECKED_MAX = 100_000


def _document_order(document: Document, found: Catalog) -> list[polib.POEntry]:
    """The catalog's live entries: the document's sentences in order, then the rest."""
    live = {(e.msgctxt, e.msgid): e for e in found.po if not e.obsolete and e.msgid}
    ordered: dict[tuple, polib.POEntry] = {}
    for segment in document.segments:
        key = (None, segment.text)
        if key in live:
            ordered.setdefault(key, live[key])
    for key, entry in live.items():
        ordered.setdefault(key, entry)
    return list(ordered.values())


def _render_problems(document: Document, entries: list[polib.POEntry]) -> dict[int, list[dict]]:
    """The `render` check's results by entry: translations that cannot go into the document."""
    found: dict[int, list[dict]] = {}
    for p in checks.render_problems(document, entries):
        found.setdefault(id(p.entry), []).append(_problem(p.severity, p.check, p.message))
    return found


def _problem(severity: str, check: str, message: str) -> dict:
    return {"severity": severity, "check": check, "message": message}


def _copy(entry: polib.POEntry) -> polib.POEntry:
    return polib.POEntry(
        msgid=entry.msgid,
        msgctxt=entry.msgctxt,
        msgstr=entry.msgstr,
        flags=list(entry.flags),
        tcomment=entry.tcomment,
        comment=entry.comment,
    )


def _clean(text: str, msgid: str) -> str:
    """A browser's text as a msgstr msgfmt -c accepts: Unix line ends, and a leading or
    trailing line break only where the msgid has one."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not msgid.startswith("\n"):
        text = text.lstrip("\n")
    if not msgid.endswith("\n"):
        text = text.rstrip("\n")
    return text
