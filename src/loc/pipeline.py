"""The whole job on a project: extract, machine-translate, compile.

Where a model is missing and cannot be installed (offline), the run does not stop:
it reports how to install one and sends the pseudo engine into the pseudo-locale, so
a newcomer still sees every step and every output.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from loc import engines, languages
from loc.compile import Result, compile_language
from loc.engines import Engine
from loc.models import Model, ModelMissing, ProgressCallback
from loc.project import ExtractReport, Project
from loc.translate import Report, translate_language

Progress = Callable[[str], ProgressCallback | None]  # a label -> a callback(done, total)


def engine_for(
    project: Project,
    lang: str,
    name: str | None = None,
    *,
    announce: Callable[[Model], None] | None = None,
    progress: Progress | None = None,
) -> Engine:
    """The engine for a language: the pseudo-locale always gets `pseudo` (there is
    nothing to machine-translate into it); Argos installs a missing model from a
    reachable index, reported through `announce` and `progress`."""
    chosen = "pseudo" if languages.is_pseudo(lang) else (name or project.config.engine)
    return engines.create(
        chosen,
        project.config.source_lang,
        lang,
        terms=project.dnt_terms(),
        beam_size=project.config.beam_size,
        announce=announce,
        progress_for=(lambda model: progress(f"download {model.name}")) if progress else None,
    )


@dataclass
class RunReport:
    extract: ExtractReport
    translated: list[Report] = field(default_factory=list)
    missing: list[tuple[str, ModelMissing]] = field(default_factory=list)
    compiled: list[Result] = field(default_factory=list)


def run(
    project: Project,
    *,
    announce: Callable[[Model], None] | None = None,
    progress: Progress | None = None,
) -> RunReport:
    report = RunReport(project.extract())
    targets = list(project.config.languages)
    for code in targets:
        try:
            engine = engine_for(project, code, announce=announce, progress=progress)
        except ModelMissing as missing:
            report.missing.append((code, missing))
            continue
        report.translated.append(_translate(project, code, engine, progress))
    pseudo = project.config.pseudo_locale
    if report.missing and pseudo not in targets:
        report.translated.append(_translate(project, pseudo, engine_for(project, pseudo), progress))
        targets.append(pseudo)
    report.compiled = [compile_language(project, code) for code in targets]
    return report


def _translate(project: Project, lang: str, engine: Engine, progress: Progress | None) -> Report:
    on_progress = progress(f"{lang} ({engine.name})") if progress else None
    return translate_language(project, lang, engine, on_progress=on_progress)
