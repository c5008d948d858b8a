"""Catalogs -> per-language outputs: the translated documents and gettext MO files.

Only reviewed translations are published unless asked; a segment without one falls
back to the source text. A language below the publishing threshold, or with a
translation that fails an error-level check (a lost number, name or placeholder), is
skipped unless forced, as po4a does, so a broken document never ships by accident.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polib

from loc import catalog
from loc.files import write_atomic
from loc.pofile import is_translated_text
from loc.project import Project


@dataclass
class Result:
    lang: str
    stats: catalog.Stats
    percent: float  # share of segments that the outputs translate
    published: bool
    reason: str = ""
    outputs: list[Path] = field(default_factory=list)


def compile_language(
    project: Project,
    lang: str,
    *,
    include_fuzzy: bool = False,
    force: bool = False,
    threshold: float | None = None,
) -> Result:
    threshold = project.config.publish_threshold if threshold is None else threshold
    docs = project.documents()
    catalogs = {domain: project.load_catalog(lang, domain) for domain in docs}
    usable: dict[str, dict[str, str]] = {}
    total = catalog.Stats()
    for domain, document in docs.items():
        found = catalogs[domain]
        entries = list(found.po) if found else []
        usable[domain] = {  # a document's segments: no context, no plural forms
            e.msgid: e.msgstr
            for e in entries
            if _publishable(e, include_fuzzy) and e.msgctxt is None and not e.msgid_plural
        }
        stats = catalog.stats(entries) if found else _untranslated(document)
        total += stats
    shipped = total.translated + (total.fuzzy if include_fuzzy else 0)
    percent = 100.0 * shipped / total.total if total.total else 100.0
    result = Result(lang, total, percent, published=True)
    if percent < threshold and not force:
        result.published = False
        state = "translated or fuzzy" if include_fuzzy else "translated and reviewed"
        result.reason = f"{percent:.0f}% {state}, below {threshold:g}%"
        return result
    loaded = [found for found in catalogs.values() if found]
    problems = project.check(lang, only_reviewed=not include_fuzzy, catalogs=loaded)
    errors = [problem for _, problem in problems if problem.severity == "error"]
    if errors and not force:
        result.published = False
        result.reason = f"{len(errors)} error-level check failure(s); see `loc check --lang {lang}`"
        return result
    for domain, document in docs.items():
        translations = usable[domain]
        text = document.render(translations.get)
        relative = Path(document.path).relative_to(project.config.source_dir)
        out = project.config.output / lang / relative
        data = text.encode("utf-8")
        write_atomic(out, data)
        result.outputs.append(out)
        mo = project.config.output / lang / "LC_MESSAGES" / f"{domain}.mo"
        write_atomic(mo, _mo_bytes(catalogs[domain], include_fuzzy))
        result.outputs.append(mo)
    return result


def _publishable(entry: polib.POEntry, include_fuzzy: bool) -> bool:
    """Reviewed (or, when asked, awaiting review), live and fully translated."""
    if entry.obsolete or not is_translated_text(entry):
        return False
    return include_fuzzy or "fuzzy" not in entry.flags


def _untranslated(document) -> catalog.Stats:
    msgids = {segment.text for segment in document.segments}
    return catalog.stats(polib.POEntry(msgid=msgid) for msgid in msgids)


def _mo_bytes(found, include_fuzzy: bool) -> bytes:
    """An MO with the reviewed entries (and the fuzzy ones when asked). Its header is
    never fuzzy: a fuzzy header would make gettext ignore the charset."""
    mo = polib.POFile()
    if found is None:
        mo.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
        return mo.to_binary()
    mo.metadata = dict(found.po.metadata)
    mo.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    for entry in found.po:
        if not _publishable(entry, include_fuzzy):
            continue
        copy = polib.POEntry(
            msgid=entry.msgid,
            msgctxt=entry.msgctxt,
            msgid_plural=entry.msgid_plural,
            msgstr=entry.msgstr,
            msgstr_plural=dict(entry.msgstr_plural),
        )
        mo.append(copy)
    return mo.to_binary()
