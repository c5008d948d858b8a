"""Catalogs <-> the exchange formats of CAT tools: XLIFF out and back in, TMX out and in.

An XLIFF import merges like a reviewer's save in a PO editor: each unit whose target
or state a CAT tool changed is applied to its entry, and the catalog is written with
the compare-before-replace save. A unit the tool left as exported changes nothing, so
an edit made in the PO file since the export is never undone; where both sides changed
one entry, the PO file's version stays and the import reports the conflict.

A TMX import fills untranslated entries only, as fuzzy suggestions (`engine=memory`).

Either file is read whole by translate-toolkit (about 20 times its size in memory), so a
file over MAX_IMPORT_BYTES is refused. Language codes are matched to the project's as CAT
tools write them (de-DE is the project's de); a file for none of its languages, or one
where no sentence matches, is an error, never an import of nothing. A target's leading
and trailing newlines are made those of its msgid, as gettext requires.
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import polib
from lxml import etree

from loc import atomic, languages
from loc.catalog import model, notes
from loc.catalog.po import Catalog
from loc.errors import LocError
from loc.project import Project
from loc.steps import check as _check
from loc.steps import memory

if TYPE_CHECKING:  # translate-toolkit and lxml load with the export or import that needs them
    from loc.catalog import tmx, xliff

FORMATS = ("xliff", "tmx")
MAX_IMPORT_BYTES = 50 * 2**20  # about 1 GB of memory as translate-toolkit reads it (docs/formats.md)


@dataclass
class ExportReport:
    """The files an export wrote (relative to the project) and what they hold."""

    format: str
    files: list[str] = field(default_factory=list)
    units: int = 0  # XLIFF units or TMX pairs written


@dataclass
class ImportReport:
    """What an import changed; each `conflicts` line is an entry whose PO side won."""

    path: str  # the file imported, as given
    kind: str = ""  # xliff or tmx
    lang: str = ""
    applied: int = 0  # entries changed
    unchanged: int = 0  # XLIFF: units as exported, or as the PO file has them; TMX: pairs that filled nothing
    conflicts: list[str] = field(default_factory=list)  # "file:line msgid": changed on both sides; PO kept
    unknown: int = 0  # units whose sentence is no longer in the catalogs
    changed: list[str] = field(default_factory=list)  # PO files written, relative to the project


def unit_id(entry: polib.POEntry) -> str:
    """A stable XML id for an entry: its context and sentence, hashed."""
    return "s" + notes.digest(f"{entry.msgctxt or ''}\x04{entry.msgid}")


def _entries(found: Catalog):
    return [e for e in found.po if not e.obsolete and e.msgid and not e.msgid_plural]


# ---- export ------------------------------------------------------------------


def export(
    project: Project,
    kind: str,
    langs: list[str] | None = None,
    *,
    version: str = "1.2",
    output: Path | None = None,
) -> ExportReport:
    """XLIFF: one file per language, every document in it (`<output_dir>/export/<lang>.xlf`).
    TMX: the reviewed pairs of the languages in one file (`<output_dir>/export/<lang>.tmx`,
    or `all.tmx` without `langs`). `output` names the file when there is one."""
    from loc.catalog import tmx, xliff

    if kind not in FORMATS:
        raise LocError(f"export format must be one of {', '.join(FORMATS)}, not {kind!r}")
    targets = project.languages(langs)
    report = ExportReport(kind)
    if langs is not None and not targets:
        return report  # no language asked for: nothing to write
    if not targets:
        raise LocError("no languages yet; run `loc extract --lang de` first")
    folder = project.config.output / "export"
    if kind == "tmx":
        pairs = [pair for code in targets for pair in _reviewed_pairs(project, code)]
        name = f"{targets[0]}.tmx" if langs and len(targets) == 1 else "all.tmx"
        path = output or folder / name
        atomic.write(path, tmx.dumps(pairs, source_lang=project.config.source_lang))
        report.files.append(project.relative(path))
        report.units = len(pairs)
        return report
    if output is not None and len(targets) > 1:
        raise LocError("--output names one file; export one language at a time (--lang de)")
    for code in targets:
        units = _units(project, code)
        data = xliff.dumps(units, source_lang=project.config.source_lang, target_lang=code, version=version)
        path = output or folder / f"{code}.xlf"
        atomic.write(path, data)
        report.files.append(project.relative(path))
        report.units += len(units)
    return report


def _units(project: Project, lang: str) -> list[xliff.Unit]:
    from loc.catalog import xliff

    catalogs = list(project.catalogs(lang, read_only=True))
    if not catalogs:
        raise LocError(f"no {lang} catalogs yet; run `loc extract --lang {lang}` first")
    problems = defaultdict(list)
    for item in _check.check_language(project, lang, catalogs=catalogs):
        problem = item.problem
        problems[id(problem.entry)].append(f"check {problem.check} ({problem.severity}): {problem.message}")
    units = []
    for found in catalogs:
        domain = found.path.stem
        where = project.relative(found.path)
        for entry in _entries(found):
            state = model.gettext_state(entry)
            unit = xliff.Unit(domain, unit_id(entry), entry.msgid, entry.msgstr, state == "translated")
            unit.notes.append(("location", f"{where}:{entry.linenum}"))
            for line in (entry.comment or "").split("\n"):
                if line:
                    unit.notes.append(("developer", line))  # the glossary's terms, as po2xliff names #.
            for line in (entry.tcomment or "").split("\n"):
                if line:
                    unit.notes.append(("loc" if line.startswith(notes.PREFIX) else "po-translator", line))
            unit.notes += [("loc-check", text) for text in problems[id(entry)]]
            unit.base = (notes.digest(entry.msgstr), state)
            unit.notes.append(xliff.base_note(*unit.base))
            units.append(unit)
    return units


def _reviewed_pairs(project: Project, lang: str) -> list[tmx.Pair]:
    """A language's reviewed pairs for a memory: never a pseudo-locale's, never pseudo text."""
    from loc.catalog import tmx

    seen: set[str] = set()
    pairs: list[tmx.Pair] = []
    if languages.is_pseudo(lang):
        return pairs
    for found in project.catalogs(lang, read_only=True):
        for entry in _entries(found):
            if model.is_reviewed(entry) and entry.msgid not in seen:
                seen.add(entry.msgid)
                pairs.append(tmx.Pair(entry.msgid, entry.msgstr, lang))
    return pairs


# ---- import ------------------------------------------------------------------


def import_file(project: Project, path: Path) -> ImportReport:
    """Apply an XLIFF (edited in a CAT tool) or a TMX (a memory) to the catalogs."""
    data = atomic.read_regular(path, MAX_IMPORT_BYTES)
    if data is None:
        raise LocError("cannot read: No such file or directory", path)
    root = _root_element(data, path)
    if root == "tmx":
        return _import_tmx(project, path, data)
    if root == "xliff":
        return _import_xliff(project, path, data)
    raise LocError(f"neither XLIFF nor TMX: the root element is <{root}>", path)


def _root_element(data: bytes, path: Path) -> str:
    """The document's root element, read without the rest: what the file is, whatever its
    name or its comments say."""
    try:
        for _, element in etree.iterparse(io.BytesIO(data), events=("start",), resolve_entities=False):
            return etree.QName(element).localname
    except etree.XMLSyntaxError as error:
        raise LocError(f"not valid XML: {error.msg}", path, error.lineno) from None
    raise LocError("not valid XML: no root element", path)


def _project_language(project: Project, declared: str, path: Path) -> str | None:
    """The project's language a file's code names (de-DE for de), or None."""
    return languages.closest(languages.normalize(declared, path), project.languages())


def _not_a_project_language(project: Project, declared: str, path: Path, kind: str) -> LocError:
    present = ", ".join(project.languages()) or "none yet"
    return LocError(
        f"the {kind} is for {declared}, which is not one of the project's languages ({present}); "
        "add it to languages in [tool.loc] and run `loc extract`",
        path,
    )


def _import_xliff(project: Project, path: Path, data: bytes) -> ImportReport:
    from loc.catalog import xliff

    declared, units = xliff.loads(data, path)
    if not declared:
        present = ", ".join(project.languages()) or "none yet"
        raise LocError(
            f"the XLIFF names no target language (target-language / trgLang); the project has {present}", path
        )
    lang = _project_language(project, declared, path)
    if lang is None:
        raise _not_a_project_language(project, declared, path, "XLIFF")
    report = ImportReport(str(path), "xliff", lang)
    by_domain: dict[str, list[xliff.Unit]] = defaultdict(list)
    for unit in units:
        by_domain[unit.domain].append(unit)
    domains = set(project.source_files())
    writes = []
    for domain, group in by_domain.items():
        found = project.load_catalog(lang, domain) if domain in domains else None
        if found is None:
            report.unknown += len(group)
            continue
        by_id = {unit_id(e): e for e in _entries(found)}
        by_source = {e.msgid: e for e in _entries(found)}
        changed = False
        for unit in group:
            entry = by_id.get(unit.id)
            if entry is None or entry.msgid != unit.source:
                entry = by_source.get(unit.source)
            if entry is None:
                report.unknown += 1
                continue
            unit.target = model.fit_edge_newlines(entry.msgid, unit.target)
            outcome = _apply(entry, unit)
            if outcome == "conflict":
                report.conflicts.append(f"{project.relative(found.path)}:{entry.linenum} {entry.msgid[:60]}")
            elif outcome == "applied":
                report.applied += 1
                changed = True
            else:
                report.unchanged += 1
        if changed:
            writes.append(found)
    if units and report.unknown == len(units):
        raise LocError(
            f"none of its {len(units)} sentence(s) is in the project's {lang} catalogs; "
            "is it an export of this project?",
            path,
        )
    for found in writes:  # everything read and matched before anything is written
        if found.save():
            report.changed.append(project.relative(found.path))
    return report


def _apply(entry: polib.POEntry, unit: xliff.Unit) -> str:
    """applied, unchanged or conflict. An empty target never clears a translation.

    Without a base (a tool dropped the note and rewrote the id) loc cannot tell whether
    the PO side changed since the export, so only an untranslated entry or an unedited
    machine suggestion takes the unit's text; anything a person wrote is a conflict."""
    wanted = unit.state
    current = model.gettext_state(entry)
    if not unit.target or (unit.target == entry.msgstr and wanted == current):
        return "unchanged"
    if unit.base is not None:
        if (notes.digest(unit.target), wanted) == unit.base:
            return "unchanged"  # as exported: whatever the PO file says now stands
        if (notes.digest(entry.msgstr), current) != unit.base:
            return "conflict"  # changed in the PO file too: the PO file's version stays
    elif not (model.state(entry) is model.State.UNTRANSLATED or model.state(entry).untouched):
        return "conflict"
    entry.msgstr = unit.target
    if wanted == "translated":
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgctxt = None  # as a PO editor does on approval
    elif "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    notes.mark_edited(entry)  # a machine origin the text no longer matches is history
    return "applied"


def _import_tmx(project: Project, path: Path, data: bytes) -> ImportReport:
    """Fill untranslated entries with the memory's translations (identical sentences,
    then close ones at `memory_threshold`), as fuzzy suggestions."""
    from loc.catalog import tmx

    source_lang = project.config.source_lang
    pairs = tmx.loads(data, path, source_lang=source_lang)
    per_lang: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
    present = project.languages()
    mapped = {code: languages.closest(code, present) for code in {pair.lang for pair in pairs}}
    unknown = 0
    for pair in pairs:
        lang = mapped[pair.lang]
        if lang is None or languages.is_pseudo(lang):  # a pseudo-locale is no memory
            unknown += 1
        else:
            per_lang[lang].setdefault(pair.source, (pair.target, path.name))
    if pairs and not per_lang:
        raise _not_a_project_language(project, ", ".join(sorted({pair.lang for pair in pairs})), path, "TMX")
    report = ImportReport(str(path), "tmx", ",".join(sorted(per_lang)), unknown=unknown)
    writes: list[Catalog] = []
    for lang, memory_pairs in per_lang.items():
        catalogs = list(project.catalogs(lang))
        waiting = [
            (found, entry)
            for found in catalogs
            for entry in _entries(found)
            if not model.is_translated_text(entry)
        ]
        matches = memory.lookup(
            [entry.msgid for _, entry in waiting],
            memory_pairs,
            threshold=project.config.memory_threshold,
            source_lang=source_lang,
        )
        touched: dict[int, Catalog] = {}
        used: set[str] = set()  # one pair may fill entries in several documents
        for found, entry in waiting:
            match = matches.get(entry.msgid)
            if match is None:
                continue
            used.add(match.source)
            match = replace(match, text=model.fit_edge_newlines(entry.msgid, match.text))
            entry.msgstr = match.text
            notes.set_origin(entry, match.provenance)
            if "fuzzy" not in entry.flags:
                entry.flags.insert(0, "fuzzy")
            report.applied += 1
            touched[id(found)] = found
        writes += touched.values()
        report.unchanged += len(memory_pairs) - len(used)  # pairs that filled nothing
    for found in writes:
        if found.save():
            report.changed.append(project.relative(found.path))
    return report
