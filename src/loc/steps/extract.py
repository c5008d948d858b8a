"""Documents -> one POT per document -> every PO merged as msgmerge does.

Every document is read and segmented, and every catalog read, before anything is
written: bad input leaves the project as it was. A document whose inputs (its bytes,
the settings, the glossary) and catalogs (their bytes) are what the last extract left
is not merged again: a no-op extract reads the files and writes nothing. Nor is one
whose catalogs changed only where a person may change them (translations, flags,
translator comments: a translator's save): each such catalog costs a read, not a merge.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import loc
from loc import atomic
from loc.catalog import model, po
from loc.catalog.po import Catalog
from loc.documents import Document
from loc.project import Project, now


@dataclass
class ExtractReport:
    """What an extract did; files are named relative to the project."""

    documents: int = 0
    segments: int = 0
    created: list[str] = field(default_factory=list)  # catalogs made for a new language
    changed: list[str] = field(default_factory=list)  # files written
    merges: dict[str, model.MergeReport] = field(default_factory=dict)  # catalog -> what its merge did
    unsupported: list[str] = field(default_factory=list)  # files in the source folder no format reads
    ignored: list[str] = field(default_factory=list)  # folders in locales/ that name no language
    outdated: dict[str, int] = field(default_factory=dict)  # check: catalog -> entries that would change


@model.no_cycles()  # documents, templates and catalogs: many objects, no cycles
def extract(project: Project, langs: Iterable[str] = (), *, check: bool = False) -> ExtractReport:
    """Catalogs in step with the documents, for every language of the project and `langs`
    (a new one among them starts there, and is one of the project's languages from then on).
    With `check`, nothing is written: `outdated` says which catalogs an extract would
    change, and how many entries in each (for CI and pre-commit)."""
    report = ExtractReport(unsupported=project.unsupported_files(), ignored=project.ignored_locale_folders())
    files = project.source_files()
    wanted = project.languages()
    for code in project.languages(list(langs)):
        if code not in wanted:
            wanted.append(code)
    writes: list[Catalog] = []
    terms = project.glossary()
    config = project.config
    state_path = config.root / ".loc" / "extract.json"
    state = _read_state(state_path)
    # what decides a document's catalogs besides its bytes (not where the project lives)
    settings = repr((loc.__version__, replace(config, root=Path()), _glossary_bytes(project))).encode()
    changed: dict[str, tuple[Document, str, list[Path]]] = {}
    for domain, path in files.items():
        outputs = [project.pot_path(domain), *(project.po_path(lang, domain) for lang in wanted)]
        inputs = _digest((atomic.read(path) or b"") + settings)
        known = state.get(domain, {})
        report.documents += 1
        if known.get("inputs") == inputs:
            on_disk = _digests(outputs)
            if on_disk == known.get("outputs") or _translations_only(project, domain, known, on_disk):
                known["outputs"] = on_disk
                report.segments += known.get("segments", 0)
                continue
        changed[domain] = (project.document(path), inputs, outputs)  # every one read before any write
    matcher = model.Matcher(config.source_lang)  # one for all languages and documents

    def write(catalog: Catalog) -> None:
        """Written at the end; until then its bytes are kept, not its entries."""
        writes.append(catalog)
        if not check:
            catalog.freeze()

    for domain, (document, inputs, outputs) in changed.items():
        state[domain] = {"inputs": inputs, "outputs": outputs, "segments": 0, "sources": {}}
        base = model.template(document, add_location=config.add_location, project=config.project)
        pot = model.annotate(base, terms.notes_for) if terms else base
        report.segments += len(pot)
        state[domain]["segments"] = len(pot)
        pot_path = project.pot_path(domain)
        existing_pot = po.load(pot_path) if pot_path.exists() else Catalog(pot_path, pot)
        existing_pot.po = pot
        write(existing_pot)
        for lang in wanted:
            if terms:  # the glossary's approved target for this language, next to the source
                pot = model.annotate(base, functools.partial(terms.notes_for, lang=lang))
            existing = project.load_catalog(lang, domain)
            if existing is None:
                created = Catalog(project.po_path(lang, domain), model.new_catalog(pot, lang, now()))
                report.created.append(project.relative(created.path))
                state[domain]["sources"][lang] = _sources(created.po)
                write(created)
                continue
            existing.po, report.merges[project.relative(existing.path)] = model.merge(
                existing.po,
                pot,
                source_lang=config.source_lang,
                threshold=config.fuzzy_threshold,
                matcher=matcher,
            )
            state[domain]["sources"][lang] = _sources(existing.po)
            write(existing)
    if check:
        for catalog in writes:
            if catalog.loaded is None or catalog.pending() != catalog.loaded:
                before = po.loads(catalog.loaded, catalog.path)[0] if catalog.loaded is not None else []
                report.outdated[project.relative(catalog.path)] = _changed_entries(before, catalog.po)
        return report
    for catalog in writes:
        if catalog.save():
            report.changed.append(project.relative(catalog.path))
    for domain in list(state):
        if domain not in files:
            del state[domain]
        elif isinstance(state[domain]["outputs"], list):  # made or merged now: record what is on disk
            state[domain]["outputs"] = _digests(state[domain]["outputs"])
    atomic.write(state_path, json.dumps(state, indent=1, sort_keys=True).encode())
    return report


def _sources(catalog) -> str:
    """A digest of what a merge derives from the template: the entries, their order,
    sources, references and notes; obsolete entries and whether they keep a translation."""
    return _digest(
        repr(
            [
                (
                    bool(e.obsolete and model.is_translated_text(e)),
                    e.msgctxt,
                    e.msgid,
                    e.msgid_plural,
                    e.occurrences,
                    e.comment,
                )
                for e in catalog
            ]
            + [bool(catalog.metadata_is_fuzzy)]
        ).encode()
    )


def _translations_only(project: Project, domain: str, known: dict, on_disk: dict[str, str | None]) -> bool:
    """Whether every catalog that changed since the last extract changed only where a person
    may (its sources as the merge left them): then there is nothing to merge."""
    recorded, sources = known.get("outputs") or {}, known.get("sources") or {}
    for name, digest in on_disk.items():
        if name in recorded and digest == recorded[name]:
            continue
        if digest is None or name not in sources or name not in recorded:  # the POT; a catalog gone or new
            return False
        found = project.load_catalog(name, domain, read_only=True)
        if found is None or _sources(found.po) != sources[name]:
            return False
    return True


def _changed_entries(before: Iterable, after: Iterable) -> int:
    """Entries (the header counts as one) added, removed or changed between two versions."""
    old = {(e.msgctxt, e.msgid, e.obsolete): model.signature(e) for e in before}
    new = {(e.msgctxt, e.msgid, e.obsolete): model.signature(e) for e in after}
    header = int(getattr(before, "metadata", {}) != getattr(after, "metadata", None))
    return header + sum(1 for key in old.keys() | new.keys() if old.get(key) != new.get(key))


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _digests(paths: list[Path]) -> dict[str, str | None]:
    return {
        path.name if i == 0 else path.parent.parent.name: _file_digest(path) for i, path in enumerate(paths)
    }


def _file_digest(path: Path) -> str | None:
    try:
        return _digest(path.read_bytes())
    except OSError:
        return None


def _glossary_bytes(project: Project) -> bytes:
    path = project.config.glossary_path
    return path.read_bytes() if path is not None and path.exists() else b""


def _read_state(path: Path) -> dict:
    """What the last extract left; anything unreadable is no state (everything is merged)."""
    try:
        state = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) and all(isinstance(v, dict) for v in state.values()) else {}
