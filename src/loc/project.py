"""A localization project on disk: settings, where documents and catalogs live, the
glossary, and the lock that makes one loc process at a time its writer.

The steps (`loc.steps`) read and write through this object; each reads and checks
everything it needs before it writes anything, so bad input leaves every file as it was.
"""

from __future__ import annotations

import contextlib
import datetime
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from loc import config as config_module
from loc import documents, languages
from loc.config import Config
from loc.documents import Document
from loc.errors import LocError

if TYPE_CHECKING:
    from loc.catalog.po import Catalog
    from loc.glossary import Glossary

ProgressCallback = Callable[[int, int | None], None]  # (done, total): segments, or bytes


class Feedback:
    """What a long step tells the person waiting: the CLI shows it, a library caller
    may subclass it; by default loc works silently."""

    def waiting(self) -> None:
        """Another loc process holds the project lock; this one waits for it."""

    def progress(self, label: str) -> ProgressCallback | None:
        """A callback for one piece of long work (translating a language, a download)."""
        return None

    def installing(self, model) -> None:
        """A missing model is being installed from the package index."""


class Project:
    """A project opened from its folder: the settings, and every path and file a step needs."""

    def __init__(self, config: Config, feedback: Feedback | None = None):
        self.config = config
        self.feedback = feedback or Feedback()
        self._glossary: Glossary | None = None
        self._glossary_stamp: tuple[int, ...] | None = None  # the file's identity when it was read

    @classmethod
    def open(cls, root: Path | str = ".", *, feedback: Feedback | None = None, **overrides) -> Project:
        """The project in `root` (its pyproject.toml's [tool.loc]); keyword arguments
        override settings as command-line options do."""
        folder = Path(root).resolve()
        if not folder.is_dir():
            raise LocError("project folder not found", root)
        return cls(config_module.load(folder).with_overrides(**overrides), feedback)

    def glossary(self) -> Glossary | None:
        """The project's glossary (`glossary` in [tool.loc]), read again only when the
        file changed: an open project sees a person's edit to it."""
        path = self.config.glossary_path
        if path is None:
            return None
        try:
            found = path.stat()
        except OSError:
            raise LocError(
                "glossary file not found (set glossary in [tool.loc])", self.relative(path)
            ) from None
        stamp = (found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns)
        if self._glossary is None or stamp != self._glossary_stamp:
            from loc import glossary as glossary_module  # start-up: only a project with a glossary reads one

            self._glossary = glossary_module.load(path)
            self._glossary_stamp = stamp
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
    def lock(self) -> Iterator[None]:
        """One writer per project: a second loc process waits (up to lock_timeout s),
        then fails. Holding it, what a killed writer left behind is cleaned up."""
        from filelock import FileLock, Timeout  # start-up: only the steps that take the lock load it

        from loc.atomic import remove_stale_temporaries

        path = self.config.root / ".loc.lock"
        lock = FileLock(path)
        try:  # filelock retries a lock file it cannot create (-C /proc/self) until the timeout
            os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o644))
        except OSError as error:
            raise LocError(f"cannot create the project lock: {error.strerror}", path) from None
        try:
            try:
                lock.acquire(timeout=0)
            except Timeout:
                self.feedback.waiting()
                lock.acquire(timeout=self.config.lock_timeout)
        except Timeout:
            raise LocError(
                f"another loc process is still working on this project after {self.config.lock_timeout:g} s; "
                "try again when it has finished",
                path,
            ) from None
        except OSError as error:
            raise LocError(f"cannot create the project lock: {error.strerror}", path) from None
        try:
            for folder in (self.config.locales, self.config.output, self.config.root / ".loc"):
                remove_stale_temporaries(folder)
            yield
        finally:
            lock.release()

    # ---- documents ---------------------------------------------------------

    def source_files(self) -> dict[str, Path]:
        """Domain -> source document (a format loc reads). Nested folders give dotted
        domains (source/press/2024/q1.txt -> press.2024.q1); documents with one name in one
        folder keep their suffixes (release.md and release.html -> release.md, release.html);
        two files that would still share a domain are an error, never a silent merge.
        Dotfiles and dot-folders are ignored; other files are `unsupported_files()`."""
        found: dict[str, Path] = {}
        root = self.config.sources
        paths = [path for path in self._source_paths() if documents.supported(path)]
        stems = Counter(path.with_suffix("") for path in paths)
        for path in paths:
            documents.check_name(self.relative(path))
            domain = ".".join(path.relative_to(root).with_suffix("").parts)
            if stems[path.with_suffix("")] > 1:  # release.md and release.html: the suffix tells them apart
                domain += path.suffix.lower()
            if domain in found:
                raise LocError(
                    f"{self.relative(found[domain])} and {self.relative(path)} would share the catalog "
                    f"{domain!r}; rename one",
                    self.relative(path),
                )
            found[domain] = path
        if not found:
            formats = ", ".join(documents.suffixes())
            raise LocError(f"no documents to translate (loc reads {formats})", self.relative(root))
        return found

    def unsupported_files(self) -> list[str]:
        """Files in the source folder that no format reads (project-relative), so that a
        report can name each one rather than skip it silently; dotfiles are not listed."""
        return [self.relative(path) for path in self._source_paths() if not documents.supported(path)]

    def _source_paths(self) -> list[Path]:
        """The files in the source folder, dotfiles left out. loc reads nothing outside the
        project: a symlink out of it (source/passwd.txt -> /etc/passwd) would be extracted
        into the catalogs and compiled into the output folder, so it is refused. A link
        inside the project is fine, and so is a source folder that is itself a link."""
        root = self.config.sources
        if not root.is_dir():
            raise LocError("source folder not found; create it and put documents in it", self.relative(root))
        inside = (Path(os.path.realpath(self.config.root)), Path(os.path.realpath(root)))
        found: list[Path] = []
        for path in sorted(root.rglob("*")):  # folder links are not followed
            if any(part.startswith(".") for part in path.relative_to(root).parts):
                continue
            if path.is_symlink():
                target = Path(os.path.realpath(path))
                if not any(target.is_relative_to(folder) for folder in inside):
                    raise LocError(
                        f"a symlink to {documents.shown(str(target))}, outside the project; loc reads "
                        "only files inside it: copy it in, or remove the link",
                        documents.shown(self.relative(path)),
                    )
            if path.is_file():
                found.append(path)
        return found

    def documents(self) -> dict[str, Document]:
        return {domain: self.document(path) for domain, path in self.source_files().items()}

    def document(self, path: Path) -> Document:
        """One source document, read and segmented."""
        config = self.config
        return documents.load(
            path,
            self.relative(path),
            config.max_paragraph_chars,
            config.source_lang,
            config.front_matter_keys,
        )

    # ---- catalogs ----------------------------------------------------------

    def languages(self, requested: str | Iterable[str] | None = None) -> list[str]:
        """The requested languages (a string is one; an empty list is none), or without a
        request the project's languages: the configured ones plus every language folder
        present (so `loc extract --lang it` adds `it` for every later command)."""
        if isinstance(requested, str):
            requested = [requested]
        if requested is not None:
            return list(dict.fromkeys(languages.normalize(code) for code in requested))
        present = [
            code
            for path in self._catalog_folders()
            if (code := languages.from_folder(path.name, self.relative(path))) is not None
        ]
        return list(dict.fromkeys([*self.config.languages, *present]))

    def ignored_locale_folders(self) -> list[str]:
        """Folders in the locales folder that look like catalog folders (they hold
        LC_MESSAGES) but whose name is no language (`templates`, `C`): loc leaves them
        alone, and a report may say so."""
        return [
            self.relative(path)
            for path in self._catalog_folders()
            if languages.from_folder(path.name, self.relative(path)) is None
        ]

    def _catalog_folders(self) -> list[Path]:
        root = self.config.locales
        if not root.is_dir():
            return []
        return sorted(path for path in root.iterdir() if (path / "LC_MESSAGES").is_dir())

    def no_second_variant(self, codes: Iterable[str]) -> None:
        """A language new to the project beside one of the same language (`de_DE` where
        `de` has catalogs) is a LocError: it would start a second German catalog, which
        gettext never loads for `de` users. `loc extract --lang de_CH` adds a variant on purpose."""
        present = self.languages()
        for code in codes:
            if code in present:
                continue
            same = [other for other in present if languages.same_language(code, other)]
            if same:
                raise LocError(
                    f"{code} is not in this project but {same[0]} is: use --lang {same[0]}, or add "
                    f"{code} as a language of its own with `loc extract --lang {code}`"
                )

    def load_catalog(self, lang: str, domain: str, *, read_only: bool = False) -> Catalog | None:
        """The language's catalog of a document, if there is one; `read_only` for a step
        that writes none or few of them (`po.load`)."""
        from loc.catalog import po  # start-up: polib loads with the first catalog read

        path = self.po_path(lang, domain)
        if not path.exists():
            return None
        found = po.load(path, read_only=read_only)
        declared = found.po.metadata.get("Language", "").strip()
        if declared and _same_language(declared) != lang:
            raise LocError(
                f"the header says Language: {declared}, but the file is in the {lang!r} folder", path
            )
        return found

    def open_catalog(self, lang: str, domain: str) -> Catalog:
        """The language's catalog of a document; a missing one is made from the
        template (as msginit would), so a new language needs no separate set-up."""
        from loc.catalog import model, po  # start-up: polib loads with the first catalog read

        found = self.load_catalog(lang, domain, read_only=True)  # most are not saved
        if found is not None:
            return found
        pot_path = self.pot_path(domain)
        if not pot_path.exists():
            raise LocError("no template yet; run `loc extract` first", self.relative(pot_path))
        pot = po.load(pot_path, read_only=True).po
        return po.Catalog(self.po_path(lang, domain), model.new_catalog(pot, lang, now()))

    def catalogs(self, lang: str, *, read_only: bool = False) -> Iterator[Catalog]:
        """Every existing catalog of a language, one per source document."""
        for domain in self.source_files():
            found = self.load_catalog(lang, domain, read_only=read_only)
            if found is not None:
                yield found


def find_root(start: Path) -> Path:
    """The project a folder is in, so that loc works from any folder inside it: the
    nearest folder, from `start` up, whose pyproject.toml has a [tool.loc] table, or else
    that holds a `source/` folder (a project on the defaults). None: a LocError saying so."""
    start = start.resolve()
    for folder in (start, *start.parents):
        settings = folder / "pyproject.toml"
        if settings.is_file() and config_module.has_loc_table(settings):
            return folder
        if (folder / "source").is_dir():
            return folder
    raise LocError(
        "not inside a loc project (no pyproject.toml with [tool.loc], nor a source/ folder, here or "
        "above); run loc in the project's folder or pass -C DIR",
        start,
    )


def _same_language(declared: str) -> str:
    try:
        return languages.normalize(declared)
    except LocError:
        return declared


def now() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M+0000")
