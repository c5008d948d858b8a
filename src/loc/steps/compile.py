"""Catalogs -> per-language outputs: the translated documents and gettext MO files.

Only reviewed translations are published unless asked; a segment without one falls
back to the source text. A language below the publishing threshold (of reviewed
segments, whether or not fuzzy ones fill the rest), or with a
translation that fails an error-level check (a lost number, name or placeholder), is
skipped unless forced, as po4a does, so a broken document never ships by accident.
Pseudo-engine text in a real language is a placeholder and never published, forced or
not. The output folder always shows the current decision: a language that is not
published has its earlier outputs removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polib

from loc import atomic, languages
from loc.catalog import mo, model
from loc.documents import Document
from loc.project import Project
from loc.steps.check import check_language


@dataclass
class CompileResult:
    """One language's compile: published or why not, and the files written or removed."""

    lang: str
    stats: model.Stats
    percent: float  # share of segments that the outputs translate
    published: bool
    reason: str = ""
    outputs: list[str] = field(default_factory=list)  # relative to the project
    removed: list[str] = field(default_factory=list)  # earlier outputs of a language not published now


@dataclass
class CompileReport:
    """What a compile did, language by language; `failed` languages were not published."""

    languages: list[CompileResult] = field(default_factory=list)

    @property
    def failed(self) -> list[str]:
        return [result.lang for result in self.languages if not result.published]


def compile_languages(
    project: Project,
    langs: list[str],
    *,
    include_fuzzy: bool = False,
    force: bool = False,
    threshold: float | None = None,
) -> CompileReport:
    """Each language's outputs; the documents are read and segmented once for all."""
    docs = project.documents()
    return CompileReport(
        [
            compile_language(
                project, lang, docs, include_fuzzy=include_fuzzy, force=force, threshold=threshold
            )
            for lang in langs
        ]
    )


def compile_language(
    project: Project,
    lang: str,
    docs: dict[str, Document],
    *,
    include_fuzzy: bool = False,
    force: bool = False,
    threshold: float | None = None,
) -> CompileResult:
    threshold = project.config.publish_threshold if threshold is None else threshold
    catalogs = {domain: project.load_catalog(lang, domain, read_only=True) for domain in docs}
    real = not languages.is_pseudo(lang)
    usable: dict[str, list[polib.POEntry]] = {}
    total = model.Stats()
    for domain, document in docs.items():
        found = catalogs[domain]
        entries = list(found.po) if found else []
        usable[domain] = [e for e in entries if _publishable(e, include_fuzzy, real)]
        total += model.stats(entries) if found else _untranslated(document)
    shipped = [e for entries in usable.values() for e in entries if not e.obsolete and e.msgid]
    percent = 100.0 * len(shipped) / total.total if total.total else 100.0
    # the threshold counts reviewed segments: --include-fuzzy fills the rest, never lowers the bar
    approved = sum(1 for e in shipped if "fuzzy" not in e.flags)
    reviewed = 100.0 * approved / total.total if total.total else 100.0
    result = CompileResult(lang, total, percent, published=True)
    if reviewed < threshold and not force:
        return _withdrawn(
            project, result, docs, f"{reviewed:.0f}% translated and reviewed, below {threshold:g}%"
        )
    loaded = [found for found in catalogs.values() if found]
    problems = check_language(project, lang, only_reviewed=not include_fuzzy, catalogs=loaded, documents=docs)
    errors = [found for found in problems if found.problem.severity == "error"]
    if errors and not force:
        reason = f"{len(errors)} error-level check failure(s); see `loc check --lang {lang}`"
        return _withdrawn(project, result, docs, reason)
    for domain, document in docs.items():
        segments = {msgid: e.msgstr for msgid, e in model.segment_entries(usable[domain]).items()}
        text_path, mo_path = _outputs(project, lang, domain, document)
        atomic.write(text_path, document.publish(segments.get, lang))
        found = catalogs[domain]
        atomic.write(mo_path, mo.compile(found.po.metadata if found else {}, usable[domain]))
        result.outputs += [project.relative(text_path), project.relative(mo_path)]
    return result


def _outputs(project: Project, lang: str, domain: str, document: Document) -> tuple[Path, Path]:
    """Where a document's translation and its MO file go."""
    relative = Path(document.path).relative_to(project.config.source_dir)
    folder = project.config.output / lang
    return folder / relative, folder / "LC_MESSAGES" / f"{domain}.mo"


def _withdrawn(
    project: Project, result: CompileResult, docs: dict[str, Document], reason: str
) -> CompileResult:
    """Not published: earlier outputs of the language go, so `build/` never ships them."""
    result.published, result.reason = False, reason
    for domain, document in docs.items():
        for path in _outputs(project, result.lang, domain, document):
            if path.is_file():
                path.unlink()
                result.removed.append(project.relative(path))
    return result


def _publishable(entry: polib.POEntry, include_fuzzy: bool, real_language: bool) -> bool:
    """Reviewed (or, when asked, awaiting review), live and fully translated; never a
    pseudo-engine placeholder in a real language, never a merge conflict."""
    if entry.obsolete or not entry.msgid:
        return False
    current = model.state(entry)
    if current is model.State.PSEUDO:  # the translation in a pseudo-locale, a placeholder elsewhere
        return not real_language and (include_fuzzy or "fuzzy" not in entry.flags)
    return current is model.State.REVIEWED or (include_fuzzy and current.awaits_review)


def _untranslated(document) -> model.Stats:
    msgids = {segment.text for segment in document.segments}
    return model.stats(polib.POEntry(msgid=msgid) for msgid in msgids)
