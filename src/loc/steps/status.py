"""Catalogs -> progress per language and document, and the review queue."""

from __future__ import annotations

from dataclasses import dataclass, field

import polib

from loc.catalog import model, notes
from loc.catalog.po import Catalog
from loc.project import Project


@dataclass(frozen=True)
class Row:
    lang: str
    document: str
    stats: model.Stats | None  # None: no catalog yet


@dataclass(frozen=True)
class ReviewItem:
    file: str
    line: int
    score: float | None
    warnings: list[str]
    msgid: str
    msgstr: str


@dataclass(frozen=True)
class ConflictItem:
    """An entry two branches translated differently: both versions, for a person to choose."""

    file: str
    line: int
    msgid: str
    kept: str  # the entry's msgstr (fuzzy)
    other: str  # the other version, from the conflict note (plural forms joined by " | ")


@dataclass
class StatusReport:
    rows: list[Row] = field(default_factory=list)
    review: list[ReviewItem] = field(default_factory=list)
    conflicts: list[ConflictItem] = field(default_factory=list)


def review_order(entry: polib.POEntry) -> tuple[bool, bool, float]:
    """Sort key for review: suggestions with warnings first, then reviewed translations
    reused from memory (a person's work, quick to confirm), then the lowest model score.
    Memory scores are similarities, model scores log-probabilities: never compared."""
    found = notes.provenance(entry)
    memory = model.state(entry) is model.State.MEMORY
    score = found.score if found and found.score is not None and not memory else 0.0
    return (not notes.warnings(entry), not memory, score)


def status(project: Project, langs: list[str], *, review: int = 0) -> StatusReport:
    """Counts for each language and document; with `review`, the first N suggestions to
    review (warnings first, then the lowest MT score)."""
    report = StatusReport()
    queue: list[tuple[Catalog, polib.POEntry]] = []
    domains = list(project.source_files())
    for code in langs:
        for domain in domains:
            found = project.load_catalog(code, domain, read_only=True)
            report.rows.append(Row(code, domain, model.stats(found.po) if found else None))
            for entry in found.po if found else ():
                if not entry.obsolete and model.state(entry) is model.State.CONFLICT:
                    kept = " | ".join(t for _, t in sorted(entry.msgstr_plural.items())) or entry.msgstr
                    other = " | ".join(notes.conflict_other(entry))
                    item = ConflictItem(project.relative(found.path), entry.linenum, entry.msgid, kept, other)
                    report.conflicts.append(item)
            if found and review:
                queue += [(found, e) for e in found.po if not e.obsolete and model.state(e).awaits_review]
    queue.sort(key=lambda pair: review_order(pair[1]))
    for found, entry in queue[:review]:
        origin = notes.provenance(entry)
        report.review.append(
            ReviewItem(
                project.relative(found.path),
                entry.linenum,
                origin.score if origin else None,
                notes.warnings(entry),
                entry.msgid,
                entry.msgstr,
            )
        )
    return report
