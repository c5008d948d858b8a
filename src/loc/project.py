"""A localization project on disk: where documents and catalogs live, and the
extract step that keeps every catalog in step with the documents.

Each command reads and checks everything it needs before it writes anything, so bad
input leaves every file as it was.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polib

from loc import catalog, checks, documents, languages, pofile
from loc import glossary as glossary_module
from loc.config import Config
from loc.documents import Document
from loc.errors import LocError
from loc.files import project_lock, remove_stale_temporaries
from loc.glossary import Glossary


@dataclass
class Catalog:
    """One PO file: a language's translations of one document."""

    lang: str
    domain: str
    path: Path
    po: polib.POFile
    style: pofile.Style = field(default_factory=pofile.Style)

    def save(self) -> bool:
        return pofile.save(self.po, self.path, self.style)


@dataclass
class ExtractReport:
    documents: int = 0
    segments: int = 0
    created: list[Path] = field(default_factory=list)
    changed: list[Path] = field(default_factory=list)
    merges: dict[Path, catalog.MergeReport] = field(default_factory=dict)


class Project:
    def __init__(self, config: Config):
        self.config = config
        self._glossary: Glossary | None = None

    def glossary(self) -> Glossary | None:
        """The project's glossary (`glossary` in [tool.loc]), read once."""
        path = self.config.glossary_path
        if path is None:
            return None
        if self._glossary is None:
            if not path.exists():
                raise LocError("glossary file not found (set glossary in [tool.loc])", self.relative(path))
            self._glossary = glossary_module.load(path)
        return self._glossary

    def dnt_terms(self) -> tuple[str, ...]:
        """The glossary's do-not-translate terms: what MT must leave as written."""
        found = self.glossary()
        return found.dnt_terms if found else ()

    # ---- paths -------------------------------------------------------------

    def relative(self, path: Path) -> str:
        try:
            return path.relative_to(self.config.root).as_posix()
        except ValueError:
            return str(path)

    def pot_path(self, domain: str) -> Path:
        return self.config.locales / f"{domain}.pot"

    def po_path(self, lang: str, domain: str) -> Path:
        return self.config.locales / lang / "LC_MESSAGES" / f"{domain}.po"

    @contextlib.contextmanager
    def lock(self, on_wait=None) -> Iterator[None]:
        """The project lock, and a clean-up of what a killed writer left behind."""
        with project_lock(self.config.root, self.config.lock_timeout, on_wait):
            for folder in (self.config.locales, self.config.output):
                remove_stale_temporaries(folder)
            yield

    # ---- documents ---------------------------------------------------------

    def source_files(self) -> dict[str, Path]:
        """Domain -> source file. Nested folders give dotted domains
        (source/press/2024/q1.txt -> press.2024.q1); two files that would share a
        domain are an error, never a silent merge."""
        root = self.config.sources
        if not root.is_dir():
            raise LocError("source folder not found; create it and put documents in it", self.relative(root))
        found: dict[str, Path] = {}
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root)
            if not path.is_file() or any(part.startswith(".") for part in relative.parts):
                continue
            if not documents.supported(path):
                continue
            domain = ".".join(relative.with_suffix("").parts)
            if domain in found:
                raise LocError(
                    f"{self.relative(found[domain])} and {self.relative(path)} would share the catalog "
                    f"{domain!r}; rename one",
                    self.relative(path),
                )
            found[domain] = path
        if not found:
            raise LocError("no documents to translate (supported: .txt)", self.relative(root))
        return found

    def documents(self) -> dict[str, Document]:
        return {
            domain: documents.load(path, self.relative(path), self.config.max_paragraph_chars)
            for domain, path in self.source_files().items()
        }

    # ---- catalogs ----------------------------------------------------------

    def languages(self, requested: Iterable[str] | None = None) -> list[str]:
        """Requested languages, or the configured ones plus every language folder present."""
        if requested:
            return list(dict.fromkeys(languages.normalize(code) for code in requested))
        present = []
        if self.config.locales.is_dir():
            present = sorted(
                path.name for path in self.config.locales.iterdir() if (path / "LC_MESSAGES").is_dir()
            )
        return list(dict.fromkeys([*self.config.languages, *present]))

    def load_catalog(self, lang: str, domain: str) -> Catalog | None:
        path = self.po_path(lang, domain)
        if not path.exists():
            return None
        po, style = pofile.load(path)
        declared = po.metadata.get("Language", "").strip()
        if declared and _same_language(declared) != lang:
            raise LocError(
                f"the header says Language: {declared}, but the file is in the {lang!r} folder", path
            )
        return Catalog(lang, domain, path, po, style)

    def open_catalog(self, lang: str, domain: str) -> Catalog:
        """The language's catalog of a document; a missing one is made from the
        template (as msginit would), so a new language needs no separate set-up."""
        found = self.load_catalog(lang, domain)
        if found is not None:
            return found
        pot_path = self.pot_path(domain)
        if not pot_path.exists():
            raise LocError("no template yet; run `loc extract` first", self.relative(pot_path))
        pot, _ = pofile.load(pot_path)
        return Catalog(lang, domain, self.po_path(lang, domain), catalog.new_catalog(pot, lang, _now()))

    def catalogs(self, lang: str) -> Iterator[Catalog]:
        """Every existing catalog of a language, one per source document."""
        for domain in self.source_files():
            found = self.load_catalog(lang, domain)
            if found is not None:
                yield found

    # ---- extract -----------------------------------------------------------

    def extract(self, create: Iterable[str] = ()) -> ExtractReport:
        """Documents -> POT per document -> every PO merged (msgmerge semantics);
        catalogs are created for the configured languages and `create`."""
        report = ExtractReport()
        docs = self.documents()
        wanted = self.languages()
        for code in create:
            if languages.normalize(code) not in wanted:
                wanted.append(languages.normalize(code))
        writes: list[tuple[Path, polib.POFile, pofile.Style]] = []
        terms = self.glossary()
        for domain, document in docs.items():
            base = catalog.template(
                document, add_location=self.config.add_location, project=self.config.project
            )
            pot = catalog.annotate(base, terms.notes_for) if terms else base
            report.documents += 1
            report.segments += len(pot)
            pot_path = self.pot_path(domain)
            writes.append((pot_path, pot, self._existing_style(pot_path)))
            for lang in wanted:
                if terms:  # the glossary's approved target for this language, next to the source
                    pot = catalog.annotate(base, lambda msgid, lang=lang: terms.notes_for(msgid, lang))
                existing = self.load_catalog(lang, domain)
                if existing is None:
                    po = catalog.new_catalog(pot, lang, _now())
                    report.created.append(self.po_path(lang, domain))
                    writes.append((self.po_path(lang, domain), po, pofile.Style()))
                    continue
                merged, merge_report = catalog.merge(
                    existing.po,
                    pot,
                    source_lang=self.config.source_lang,
                    threshold=self.config.fuzzy_threshold,
                )
                report.merges[existing.path] = merge_report
                writes.append((existing.path, merged, existing.style))
        for path, po, style in writes:
            if pofile.save(po, path, style):
                report.changed.append(path)
        return report

    # ---- quality -----------------------------------------------------------

    def check(
        self, lang: str, *, only_reviewed: bool = False, catalogs: Iterable[Catalog] | None = None
    ) -> list[tuple[Catalog, checks.Problem]]:
        """Every check problem in the language's catalogs (or the `catalogs` already
        loaded), with the catalog it is in."""
        found = []
        for current in self.catalogs(lang) if catalogs is None else catalogs:
            for problem in checks.run(
                current.po,
                source_lang=self.config.source_lang,
                target_lang=lang,
                glossary=self.glossary(),
                only_reviewed=only_reviewed,
            ):
                found.append((current, problem))
        return found

    def _existing_style(self, path: Path) -> pofile.Style:
        return pofile.load(path)[1] if path.exists() else pofile.Style()


def _same_language(declared: str) -> str:
    try:
        return languages.normalize(declared)
    except LocError:
        return declared


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M+0000")
