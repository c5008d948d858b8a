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

import re
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import polib

from loc import engines, languages, protect
from loc.catalog import model, notes
from loc.catalog.model import State
from loc.catalog.notes import Provenance, digest
from loc.catalog.po import Catalog
from loc.engines import Engine, ModelMissing
from loc.project import Project
from loc.steps import memory as _memory

SAVE_EVERY = 3.0  # seconds between checkpoints, at least
SAVE_SHARE = 0.1  # and at most this share of the run's time goes to saving
CHUNK = 64  # segments per engine call: progress granularity, and two 32-batches for two threads

_LINE_BREAK = re.compile(r"(\s*\n\s*)")
_EDGE = re.compile(r"^(\s*)(.*?)(\s*)$", re.S)
_SENTENCE_END = tuple('.!?。！？…»”")')


@dataclass
class TranslateResult:
    """What translating one language did (`loc translate` prints one line of it)."""

    lang: str
    engine: str = ""
    model: str = ""  # what the engine ran, when it ran: "apertium-eng-spa 0.8.1-2"
    translated: int = 0  # entries filled by the engine
    sent: int = 0  # distinct segments sent to the engine
    reused: int = 0  # entries filled from a reviewed translation elsewhere
    kept: int = 0  # translations a person reviewed or edited: never touched
    waiting: int = 0  # earlier suggestions and fuzzy matches, left for review as they are
    flagged: int = 0  # suggestions with a warning for the reviewer
    seconds: float = 0.0


@dataclass
class TranslateReport:
    """What a translate did, language by language."""

    languages: list[TranslateResult] = field(default_factory=list)


def engine_name(project: Project, lang: str, name: str | None = None) -> str:
    """The engine a language asks for (`auto` included): `name`, else the language's
    `engines` entry, else `engine`; the pseudo-locale always gets `pseudo`."""
    return "pseudo" if languages.is_pseudo(lang) else (name or project.config.engine_for(lang))


def engine_for(project: Project, lang: str, name: str | None = None) -> Engine:
    """The engine for a language: `name`, else the language's `engines` entry, else `engine`.

    `auto` takes an installed Argos model, else an installed Apertium pair, else the Argos
    model from the index (online). `argos` installs its model first when it is missing and
    the index is reachable. Offline without one: `ModelMissing`, whose hint names what to
    install. The pseudo-locale always gets `pseudo`: there is nothing to machine-translate
    into it."""
    source = project.config.source_lang
    asked = engine_name(project, lang, name)
    chosen = (_installed_engine(source, lang) or "argos") if asked == "auto" else asked
    if chosen == "apertium":
        from loc.engines import apertium

        if apertium.find(source, lang) is None:
            raise _missing(source, lang, None)
    if chosen == "argos":
        from loc.engines.argos import packages

        feedback = project.feedback
        try:
            packages.ensure_route(
                source,
                lang,
                announce=feedback.installing,
                progress_for=lambda model: feedback.progress(f"download {model.name}") or _no_progress,
            )
        except ModelMissing as missing:
            raise (_missing(source, lang, missing) if asked == "auto" else missing) from None
    if chosen == "argos" and project.config.cluster:
        from loc.engines.cluster import ClusterEngine

        return ClusterEngine(
            project.config.cluster,
            source,
            lang,
            beam_size=project.config.beam_size,
            device=project.config.device,
        )
    return engines.create(chosen, source, lang, terms=project.dnt_terms(), beam_size=project.config.beam_size)


def _installed_engine(source: str, target: str) -> str | None:
    """ "argos" or "apertium" when one is installed for the pair (Argos first), else None."""
    from loc.engines import apertium
    from loc.engines.argos import packages

    try:
        packages.route(source, target)
    except ModelMissing:
        return "apertium" if apertium.find(source, target) else None
    return "argos"


def _missing(source: str, target: str, argos: ModelMissing | None) -> ModelMissing:
    """Nothing translates the pair: one line naming what would, for each engine that has it."""
    from loc.engines import apertium

    package = apertium.packaged(source, target)
    debian = f"install Debian's {package} (Apertium)" if package else ""
    if argos is None:  # apertium was asked for
        where = debian or f"Debian has no Apertium pair for {source}→{target}; use the argos engine"
        return ModelMissing(f"no Apertium pair for {source}→{target} is installed: {where}", where)
    more = f", or {debian}" if debian else ""
    return ModelMissing(f"{argos.message}{more}", install_hint=f"{argos.install_hint}{more}")


def _no_progress(done: int, total: int | None) -> None:
    """Progress nobody watches."""


def _pending(entry: polib.POEntry, current: State, *, engine: str, retranslate: bool, fuzzy: bool) -> bool:
    if entry.obsolete or entry.msgid_plural or entry.msgid == "":
        return False
    if current is State.UNTRANSLATED:
        return True
    if current is State.FUZZY_MATCH:
        return fuzzy  # the translator's call, replaced only when asked
    if current in (State.SUGGESTION, State.MEMORY):
        return retranslate
    if current is State.PSEUDO and "fuzzy" in entry.flags:
        # pseudo text in a real language is never kept once a real engine runs
        return retranslate or engine != "pseudo"
    return False  # reviewed, or a person's text: never touched


def _by_person(entry: polib.POEntry, current: State) -> bool:
    """A translation a person reviewed or wrote (what `kept` counts)."""
    return bool(entry.msgid) and not entry.obsolete and current in (State.REVIEWED, State.EDITED)


def _split(msgid: str) -> list[str]:
    """Alternating text and separators: leading/trailing whitespace and line breaks
    stay in loc's hands, because MT engines drop or collapse them."""
    lead, core, trail = _EDGE.match(msgid).groups()  # type: ignore[union-attr]  # matches any text
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
    engine: Engine | None = None,
    *,
    name: str | None = None,
    retranslate: bool = False,
    fuzzy: bool = False,
    clock: Callable[[], float] = time.monotonic,
) -> TranslateResult:
    """Suggestions for the language's pending entries. Without an `engine`, the one
    `engine_for(project, lang, name)` gives is made only when something is left for MT
    after memory: a fully reviewed language needs no engine and no model."""
    started = clock()
    chosen = engine.name if engine is not None else engine_name(project, lang, name)
    report = TranslateResult(lang, chosen)
    catalogs = [project.open_catalog(lang, domain) for domain in project.source_files()]
    pseudo_target = languages.is_pseudo(lang)
    terms = project.dnt_terms()
    with model.no_cycles():  # the run's bookkeeping: an object per entry, no cycles
        states = {id(e): model.state(e) for c in catalogs for e in c.po}  # read once, before any change
        memory = {  # reviewed sentences of the language: never pseudo text, never a pseudo-locale's
            e.msgid: (c, e.msgstr)
            for c in catalogs
            for e in c.po
            if states[id(e)] is State.REVIEWED and not e.obsolete and not e.msgid_plural and not pseudo_target
        }
        jobs: dict[str, _Job] = {}
        checkpoint = _Checkpoints(catalogs, clock)
        for found in catalogs:
            for entry in found.po:
                current = states[id(entry)]
                if not _pending(entry, current, engine=chosen, retranslate=retranslate, fuzzy=fuzzy):
                    if notes.mark_edited(entry):
                        checkpoint.dirty.add(id(found))
                    if _by_person(entry, current):
                        report.kept += 1
                    elif model.is_translated_text(entry) and not entry.obsolete and entry.msgid:
                        report.waiting += 1
                    continue
                source = memory.get(entry.msgid)
                if source is not None and source[0] is not found:
                    origin = Provenance("memory", project.relative(source[0].path), None, digest(source[1]))
                    _fill(entry, source[1], origin, [], fuzzy=True)
                    checkpoint.dirty.add(id(found))
                    report.reused += 1
                    continue
                job = jobs.get(entry.msgid)
                if job is None:
                    job = jobs[entry.msgid] = _Job(entry.msgid, [], _split(entry.msgid))
                job.entries.append((found, entry))
    if not pseudo_target:  # close reviewed sentences before MT: fuzzy suggestions, engine=memory
        for msgid, match in _memory.suggest(project, jobs, memory).items():
            for owner, entry in jobs.pop(msgid).entries:
                _fill(entry, match.text, match.provenance, [], fuzzy=True)
                checkpoint.dirty.add(id(owner))
                report.reused += 1
    pending = sorted(jobs.values(), key=lambda job: len(job.msgid))
    total = len(pending)
    if engine is None and total:
        engine = engine_for(project, lang, name)  # ModelMissing here: nothing has been written
        chosen = report.engine = engine.name  # what `auto` chose
    on_progress = project.feedback.progress(f"{lang} ({chosen})") if total else None
    if on_progress:
        on_progress(0, total)
    report.sent = total
    if total:
        report.model = engine.model  # type: ignore[union-attr]  # engine is set whenever something is pending
    try:
        size = getattr(engine, "chunk", CHUNK) if total else CHUNK  # a cluster takes more per call
        for start in range(0, total, size):
            chunk = pending[start : start + size]
            texts: list[str] = []
            slots: list[tuple[_Job, int]] = []
            for job in chunk:
                for index in range(1, len(job.parts) - 1, 2):
                    if job.parts[index].strip():
                        job.masked[index] = protect.mask(job.parts[index], terms)
                        texts.append(job.masked[index].text)
                        slots.append((job, index))
            outputs = engine.translate(texts) if texts else []  # type: ignore[union-attr]  # engine is set whenever something is pending
            results: dict[int, dict[int, tuple[str, float | None, list[str]]]] = defaultdict(dict)
            for (job, index), output in zip(slots, outputs, strict=True):
                restored = protect.restore(output.text, job.masked[index])
                problems = notes.mask_lines(restored.problems) + list(output.warnings)
                # loops and truncation are NMT failures
                if engine.name != "pseudo":  # type: ignore[union-attr]  # engine is set whenever something is pending
                    problems += _suspicious(job.parts[index], restored.text)
                results[id(job)][index] = (restored.text, output.score, problems)
            for job in chunk:
                parts = list(job.parts)
                scores: list[float] = []
                flagged: list[str] = []
                for index, (text, score, found_here) in results[id(job)].items():
                    parts[index] = text
                    if score is not None:
                        scores.append(score)
                    flagged += found_here
                target = "".join(parts)
                score = min(scores) if scores else None
                provenance = Provenance(engine.name, engine.model, score, digest(target))  # type: ignore[union-attr]  # engine is set whenever something is pending
                for owner, entry in job.entries:
                    _fill(entry, target, provenance, flagged, fuzzy=not pseudo_target)
                    checkpoint.dirty.add(id(owner))
                report.translated += len(job.entries)
                report.flagged += len(job.entries) if flagged else 0
            if on_progress:
                on_progress(min(start + size, total), total)
            checkpoint.maybe()
    finally:
        checkpoint.save()
        report.seconds = clock() - started
    return report


def _fill(entry: polib.POEntry, text: str, origin: Provenance, problems: list[str], *, fuzzy: bool) -> None:
    entry.msgstr = text
    # `#| msgid` explained an old translation; this one translates the current source
    entry.previous_msgid = entry.previous_msgctxt = None
    notes.set_origin(entry, origin, problems)
    if fuzzy and "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    if not fuzzy and "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")


class _Checkpoints:
    """Progress saved as it goes, so a killed run resumes: every SAVE_EVERY seconds, or
    less often when saving is slow (big catalogs), so saving stays a small share of the run."""

    def __init__(self, catalogs: list[Catalog], clock: Callable[[], float]):
        self.catalogs = catalogs
        self.clock = clock
        self.dirty: set[int] = set()
        self.last = clock()
        self.cost = 0.0

    def maybe(self) -> None:
        if self.clock() - self.last >= max(SAVE_EVERY, self.cost / SAVE_SHARE):
            self.save()

    def save(self) -> None:
        started = self.clock()
        for found in self.catalogs:
            if id(found) in self.dirty:
                found.save()
        self.dirty.clear()
        self.last = self.clock()
        self.cost = self.last - started
