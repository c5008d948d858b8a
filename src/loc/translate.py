"""Pending catalog entries -> engine batches -> PO suggestions with their provenance.

Only untranslated entries are filled; a reviewed translation (non-empty, not fuzzy)
is never touched. Every suggestion is fuzzy and carries a `loc: origin` translator comment saying which
engine and model produced it, its score, and a digest of the text it wrote: a later
run recognises an unedited machine suggestion by that digest (`--retranslate`), and
anything a person changed no longer matches, so it is left alone.

Progress is saved atomically every few seconds; after Ctrl-C or a kill every PO file
is valid and the next run picks up the entries that are still empty.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import polib

from loc import catalog, languages, protect
from loc.engines import Engine
from loc.pofile import is_translated_text
from loc.project import Catalog, Project

PROVENANCE = "loc: origin"  # translator-comment lines loc writes and rewrites; all start "loc: "
WARNING = "loc: warning"
SAVE_EVERY = 3.0  # seconds between checkpoints
CHUNK = 64  # segments per engine call: progress granularity, and two 32-batches for two threads

_LINE_BREAK = re.compile(r"(\s*\n\s*)")
_EDGE = re.compile(r"^(\s*)(.*?)(\s*)$", re.S)
_FIELD = re.compile(r"(\w+)=(\S+)")
_SENTENCE_END = tuple('.!?。！？…»”")')


@dataclass
class Report:
    lang: str
    translated: int = 0  # entries filled by the engine
    reused: int = 0  # entries filled from a reviewed translation elsewhere
    skipped: int = 0  # entries left alone: reviewed, or edited by a person
    flagged: int = 0  # suggestions with a warning for the reviewer
    seconds: float = 0.0


@dataclass(frozen=True)
class Provenance:
    engine: str
    model: str
    score: float | None
    digest: str

    @staticmethod
    def parse(tcomment: str) -> Provenance | None:
        for line in tcomment.split("\n"):
            if line.startswith(PROVENANCE):
                fields = dict(_FIELD.findall(line))
                score = fields.get("score")
                return Provenance(
                    fields.get("engine", ""),
                    fields.get("model", ""),
                    float(score) if score not in (None, "none") else None,
                    fields.get("sha1", ""),
                )
        return None

    def line(self) -> str:
        parts = [f"engine={self.engine}"]
        if self.model:
            parts.append(f"model={self.model.replace(' ', '@')}")
        if self.score is not None:
            parts.append(f"score={self.score:.4f}")
        parts.append(f"sha1={self.digest}")
        return f"{PROVENANCE} {' '.join(parts)}"


def digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def is_unedited_suggestion(entry: polib.POEntry) -> bool:
    """A fuzzy machine suggestion whose text is still exactly what the engine wrote."""
    found = Provenance.parse(entry.tcomment or "")
    return bool(found and "fuzzy" in entry.flags and found.digest == digest(entry.msgstr))


def warnings_of(entry: polib.POEntry) -> list[str]:
    """What translation flagged on an entry: suspicious output and lost masks."""
    found = []
    for line in (entry.tcomment or "").split("\n"):
        if line.startswith(WARNING):
            found.append(line[len(WARNING) :].strip())
        elif line.startswith(protect.MASK_COMMENT):
            found.append(line[len("loc: ") :].split(" ")[0])
    return found


def review_order(entry: polib.POEntry) -> tuple[bool, float]:
    """Sort key for review: suggestions with warnings first, then the lowest model score."""
    found = Provenance.parse(entry.tcomment or "")
    score = found.score if found and found.score is not None else 0.0
    return (not warnings_of(entry), score)


def _pending(entry: polib.POEntry, *, engine: str, retranslate: bool, fuzzy: bool) -> bool:
    if entry.obsolete or entry.msgid_plural or entry.msgid == "":
        return False
    if not is_translated_text(entry):
        return True
    if "fuzzy" not in entry.flags:
        return False  # reviewed: never touched
    found = Provenance.parse(entry.tcomment or "")
    if found is None:
        # a fuzzy match from a merge: the human's call, unless asked
        return fuzzy and entry.previous_msgid is not None
    if not is_unedited_suggestion(entry):
        return False  # a person edited the suggestion
    # pseudo text in a real language is never kept once a real engine runs
    return retranslate or (found.engine == "pseudo" and engine != "pseudo")


def _split(msgid: str) -> list[str]:
    """Alternating text and separators: leading/trailing whitespace and line breaks
    stay in loc's hands, because MT engines drop or collapse them."""
    lead, core, trail = _EDGE.match(msgid).groups()
    return [lead, *_LINE_BREAK.split(core), trail]


def _suspicious(source: str, target: str) -> list[str]:
    """What NMT models get wrong in ways a reviewer must see first: loops, truncation."""
    found = []
    words = target.lower().split()
    for size in (1, 2, 3):
        grams = [tuple(words[i : i + size]) for i in range(len(words) - size + 1)]
        for i in range(len(grams) - 2 * size):
            if grams[i] == grams[i + size] == grams[i + 2 * size] and any(
                c.isalpha() for c in "".join(grams[i])
            ):
                found.append(f"repeated={'_'.join(grams[i])}")
                break
        if found:
            break
    if len(source) >= 20:
        ratio = len(target) / len(source)
        if ratio < 0.5 or ratio > 2.2:
            found.append(f"length-ratio={ratio:.2f}")
    if source.rstrip().endswith((".", "!", "?")) and not target.rstrip().endswith(_SENTENCE_END):
        found.append("lost-final-punctuation")
    return found


@dataclass
class _Job:
    """One distinct msgid to translate, and every entry that waits for it."""

    msgid: str
    entries: list[tuple[Catalog, polib.POEntry]]
    parts: list[str]
    masked: dict[int, protect.Masked] = field(default_factory=dict)


def translate_language(
    project: Project,
    lang: str,
    engine: Engine,
    *,
    retranslate: bool = False,
    fuzzy: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> Report:
    started = clock()
    report = Report(lang)
    catalogs = [project.open_catalog(lang, domain) for domain in project.source_files()]
    pseudo_target = languages.is_pseudo(lang)
    terms = project.dnt_terms()
    memory = {
        e.msgid: (c, e.msgstr)
        for c in catalogs
        for e in c.po
        if not e.obsolete and catalog.state(e) == "translated" and not e.msgid_plural
    }
    jobs: dict[str, _Job] = {}
    dirty: set[int] = set()
    for found in catalogs:
        for entry in found.po:
            if not _pending(entry, engine=engine.name, retranslate=retranslate, fuzzy=fuzzy):
                if is_translated_text(entry) and not entry.obsolete and entry.msgid:
                    report.skipped += 1
                continue
            source = memory.get(entry.msgid)
            if source is not None and source[0] is not found:
                origin = project.relative(source[0].path)
                _fill(entry, source[1], Provenance("memory", origin, None, digest(source[1])), [], fuzzy=True)
                dirty.add(id(found))
                report.reused += 1
                continue
            job = jobs.get(entry.msgid)
            if job is None:
                job = jobs[entry.msgid] = _Job(entry.msgid, [], _split(entry.msgid))
            job.entries.append((found, entry))
    pending = sorted(jobs.values(), key=lambda job: len(job.msgid))
    total = len(pending)
    if on_progress:
        on_progress(0, total)
    last_save = clock()
    by_id = {id(c): c for c in catalogs}
    try:
        for start in range(0, total, CHUNK):
            chunk = pending[start : start + CHUNK]
            texts: list[str] = []
            slots: list[tuple[_Job, int]] = []
            for job in chunk:
                for index in range(1, len(job.parts) - 1, 2):
                    if job.parts[index].strip():
                        job.masked[index] = protect.mask(job.parts[index], terms)
                        texts.append(job.masked[index].text)
                        slots.append((job, index))
            outputs = engine.translate(texts) if texts else []
            results: dict[int, dict[int, tuple[str, float | None, list[str]]]] = defaultdict(dict)
            for (job, index), output in zip(slots, outputs, strict=True):
                restored = protect.restore(output.text, job.masked[index])
                problems = [protect.mask_problem_comment(restored.problems)] if restored.problems else []
                if engine.name != "pseudo":  # loops and truncation are NMT failures
                    problems += _suspicious(job.parts[index], restored.text)
                results[id(job)][index] = (restored.text, output.score, problems)
            for job in chunk:
                parts = list(job.parts)
                scores, problems = [], []
                for index, (text, score, found) in results[id(job)].items():
                    parts[index] = text
                    if score is not None:
                        scores.append(score)
                    problems += found
                target = "".join(parts)
                score = min(scores) if scores else None
                provenance = Provenance(engine.name, engine.model, score, digest(target))
                for owner, entry in job.entries:
                    _fill(entry, target, provenance, problems, fuzzy=not pseudo_target)
                    dirty.add(id(owner))
                report.translated += len(job.entries)
                report.flagged += len(job.entries) if problems else 0
            if on_progress:
                on_progress(min(start + CHUNK, total), total)
            if clock() - last_save >= SAVE_EVERY:
                _save(by_id, dirty)
                last_save = clock()
    finally:
        _save(by_id, dirty)
        report.seconds = clock() - started
    return report


def _fill(
    entry: polib.POEntry, text: str, provenance: Provenance, problems: list[str], *, fuzzy: bool
) -> None:
    entry.msgstr = text
    # `#| msgid` explained an old translation; this one translates the current source
    entry.previous_msgid = entry.previous_msgctxt = None
    kept = [
        line
        for line in (entry.tcomment or "").split("\n")
        if line and not line.startswith((PROVENANCE, WARNING)) and not line.startswith(protect.MASK_COMMENT)
    ]
    entry.tcomment = "\n".join([*kept, provenance.line(), *_problem_lines(problems)])
    if fuzzy and "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    if not fuzzy and "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")


def _problem_lines(problems: list[str]) -> list[str]:
    return [p if p.startswith(protect.MASK_COMMENT) else f"{WARNING} {p}" for p in problems]


def _save(by_id: dict[int, Catalog], dirty: set[int]) -> None:
    for key in sorted(dirty, key=lambda k: str(by_id[k].path)):
        by_id[key].save()
    dirty.clear()
