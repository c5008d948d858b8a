"""Catalogs + documents -> one static bilingual review page per language and document.

The page opens from disk, offline (no server, no scripts, no fonts or styles from a
CDN): each paragraph of the document with its sentences, source and translation side
by side; each sentence's state at a glance; what translation and the checks flagged,
inline; a queue of what to review first (warnings, then the lowest MT confidence); and
the PO file and line of every entry, to jump to it in an editor. Everything that comes
from a document or a catalog is escaped by Jinja2's autoescape.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import polib
from markupsafe import Markup

from loc import atomic, languages
from loc.catalog import model, notes
from loc.catalog.model import State
from loc.catalog.po import Catalog
from loc.documents import Document, Segment, labels
from loc.project import Project
from loc.steps import check as _check
from loc.steps.status import review_order

if TYPE_CHECKING:
    import jinja2

# model.State -> label; the order of the counts at the top of the page
STATES = {
    State.REVIEWED.value: "reviewed",
    State.EDITED.value: "edited, not approved",
    State.SUGGESTION.value: "machine suggestion",
    State.FUZZY_MATCH.value: "fuzzy match",
    State.MEMORY.value: "from memory",
    State.UNTRANSLATED.value: "untranslated",
    State.PSEUDO.value: "pseudo",
    State.CONFLICT.value: "merge conflict",
}
QUEUE_SHOWN = 50  # the page lists this many to review first, then says how many more


@dataclass
class ReviewReport:
    """The review pages written, relative to the project."""

    pages: list[str] = field(default_factory=list)


@dataclass
class Item:
    """One catalog entry as the page shows it."""

    anchor: str
    source: str
    target: str
    state: str  # a model.State value, a key of STATES
    detail: str  # where the text came from: engine and model, the earlier sentence, …
    score: float | None
    where: str  # PO file:line
    warnings: list[str]  # translation's flags (lost masks, loops, truncation)
    problems: list[tuple[str, str, str]]  # (severity, check, message)
    glossary: list[str]
    source_html: Markup  # the source with its placeholders as formatting
    target_html: Markup

    @property
    def flagged(self) -> bool:
        return bool(self.warnings or self.problems)

    @property
    def labels(self) -> list[str]:
        """What is wrong, each kind named once: the failing checks, then translation's flags."""
        return list(dict.fromkeys([check for _, check, _ in self.problems] + self.warnings))


def review(project: Project, langs: list[str]) -> ReviewReport:
    report = ReviewReport()
    docs = project.documents()
    env = _environment()
    template = env.get_template("review.html")
    for lang in langs:
        catalogs = {domain: project.load_catalog(lang, domain, read_only=True) for domain in docs}
        present = [found for found in catalogs.values() if found is not None]
        problems = defaultdict(list)
        for item in _check.check_language(project, lang, catalogs=present):
            p = item.problem
            problems[id(p.entry)].append((p.severity, p.check, p.message))
        for domain, document in docs.items():
            found = catalogs[domain]
            if found is None:
                continue
            page = _page(project, lang, domain, document, found, problems)
            path = project.config.output / "review" / lang / f"{domain}.html"
            atomic.write(path, template.render(**page).encode("utf-8"))
            report.pages.append(project.relative(path))
    return report


def _environment() -> jinja2.Environment:
    import jinja2  # with the command that renders pages, not with every loc command

    return jinja2.Environment(
        loader=jinja2.PackageLoader("loc", "templates"),
        autoescape=True,  # every string from a document or catalog is text, never markup
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def _page(
    project: Project, lang: str, domain: str, document: Document, found: Catalog, problems: dict
) -> dict:
    po_path = project.relative(found.path)
    entries = model.segment_entries(found.po)  # what compile publishes for each sentence
    items: dict[str, Item] = {}
    marks = labels.of_document(document)

    def item_for(segment: Segment) -> tuple[Item, bool] | None:
        """The segment's item, and whether this is its first place in the document."""
        entry = entries.get(segment.text)
        if entry is None:  # the catalog is older than the document: run loc extract
            return None
        first = entry.msgid not in items
        if first:
            anchor = f"s{len(items) + 1}"
            items[entry.msgid] = item(entry, anchor, po_path, problems[id(entry)], marks.get(entry.msgid, {}))
        return items[entry.msgid], first

    paragraphs = []
    missing = 0
    for paragraph in document.paragraphs:
        rows = []
        for segment in _flat(paragraph.segments):
            shown = item_for(segment)
            if shown is None:
                missing += 1
            else:
                rows.append(shown)
        if rows:
            paragraphs.append(rows)
    queue_entries = [
        entries[msgid] for msgid, shown in items.items() if shown.state != "reviewed" and shown.target
    ]
    queue_entries.sort(key=lambda entry: review_order(entry, bool(items[entry.msgid].problems)))
    queue = [items[entry.msgid] for entry in queue_entries]
    counts = Counter(shown.state for shown in items.values())
    return {
        "title": f"{document.path} → {languages.display_name(lang)} ({lang})",
        "document": document.path,
        "lang": lang,
        "po_path": po_path,
        "states": STATES,
        "counts": [(key, label, counts.get(key, 0)) for key, label in STATES.items()],
        "total": len(items),
        "flagged": sum(1 for shown in items.values() if shown.flagged),
        "missing": missing,
        "queue": queue[:QUEUE_SHOWN],
        "more": max(0, len(queue) - QUEUE_SHOWN),
        "paragraphs": paragraphs,
    }


def _flat(segments) -> list[Segment]:
    out = []
    for segment in segments:
        out.append(segment)
        out += _flat(segment.inner)
    return out


def item(entry: polib.POEntry, anchor: str, po_path: str, problems: list, marks: labels.Placeholders) -> Item:
    """The entry as a review page shows it; `problems` are its check results, `marks` what
    its placeholders stand for."""
    origin = notes.provenance(entry)
    state = model.state(entry).value
    detail = ""
    if origin is not None:
        detail = f"engine {origin.engine}" + (f" · {origin.model}" if origin.model else "")
        if origin.digest != notes.digest(entry.msgstr):
            detail += " · edited by a person"
    elif notes.is_edited(entry):
        detail = "edited by a person"
    if entry.previous_msgid:
        detail += (" · " if detail else "") + f"earlier sentence: {entry.previous_msgid}"
    return Item(
        anchor=anchor,
        source=entry.msgid,
        target=entry.msgstr,
        state=state,
        detail=detail,
        score=origin.score if origin else None,
        where=f"{po_path}:{entry.linenum}",
        warnings=notes.warnings(entry),
        problems=sorted(problems, key=lambda p: p[0] != "error"),
        glossary=[line for line in (entry.comment or "").split("\n") if line],
        source_html=labels.formatted(entry.msgid, marks),
        target_html=labels.formatted(entry.msgstr, marks),
    )
