"""Catalogs -> progress per language and document, and the review queue."""

from __future__ import annotations

from dataclasses import dataclass, field

import polib

from loc.catalog import model, notes
from loc.catalog.po import Catalog
from loc.engines import UNKNOWN_WORDS
from loc.project import Project


@dataclass(frozen=True)
class StatusRow:
    """One language's progress in one document."""

    lang: str
    document: str
    stats: model.Stats | None  # None: no catalog yet


@dataclass(frozen=True)
class ReviewItem:
    """A suggestion to review, where it is and why it comes first."""

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
    """Progress per language and document, and (when asked) what to review first."""

    rows: list[StatusRow] = field(default_factory=list)
    review: list[ReviewItem] = field(default_factory=list)
    conflicts: list[ConflictItem] = field(default_factory=list)


def review_order(entry: polib.POEntry, checked: bool = False) -> tuple[bool, bool, int, bool, float]:
    """Sort key of the review queue, the one `status --review`, the review page and the
    review app share: flagged suggestions first (a translation warning, or `checked`: a
    check problem), those translation warned about first among them and, of those, the
    most words the engine did not know (Apertium's unknown-words) first; then reviewed
    translations reused from memory (a person's work, quick to confirm), then the lowest
    model score. Memory scores are similarities, model scores log-probabilities: never
    compared."""
    found = notes.provenance(entry)
    memory = model.state(entry) is model.State.MEMORY
    score = found.score if found and found.score is not None and not memory else 0.0
    warned = notes.warnings(entry)
    unknown = sum(len(w[len(UNKNOWN_WORDS) :].split(",")) for w in warned if w.startswith(UNKNOWN_WORDS))
    return (not (checked or warned), not warned, -unknown, not memory, score)


def status(project: Project, langs: list[str], *, review: int = 0) -> StatusReport:
    """Counts for each language and document; with `review`, the first N suggestions to
    review (flagged by translation or a check first, then the lowest MT score)."""
    report = StatusReport()
    queue: list[tuple[Catalog, polib.POEntry]] = []
    checked: set[int] = set()  # entries a check flags
    domains = list(project.source_files())
    for code in langs:
        loaded = []
        for domain in domains:
            found = project.load_catalog(code, domain, read_only=True)
            report.rows.append(StatusRow(code, domain, model.stats(found.po) if found else None))
            if found is None:
                continue
            for entry in found.po:
                conflict = "fuzzy" in entry.flags and model.state(entry) is model.State.CONFLICT
                if conflict and not entry.obsolete:
                    kept = " | ".join(t for _, t in sorted(entry.msgstr_plural.items())) or entry.msgstr
                    other = " | ".join(notes.conflict_other(entry) or ())
                    item = ConflictItem(project.relative(found.path), entry.linenum, entry.msgid, kept, other)
                    report.conflicts.append(item)
            if review:
                loaded.append(found)
                queue += [(found, e) for e in found.po if not e.obsolete and model.state(e).awaits_review]
        if loaded:
            from loc.steps.check import check_language  # start-up: the checks load only for --review

            checked |= {id(f.problem.entry) for f in check_language(project, code, catalogs=loaded)}
    queue.sort(key=lambda pair: review_order(pair[1], id(pair[1]) in checked))
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
