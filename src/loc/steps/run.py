"""The whole job on a project: extract, machine-translate, compile.

Where a model is missing and cannot be installed (offline), the run does not stop:
it reports how to install one and sends the pseudo engine into the pseudo-locale, so
a newcomer still sees every step and every output.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from loc.engines import ModelMissing
from loc.project import Project
from loc.steps.compile import Result, compile_languages
from loc.steps.extract import ExtractReport, extract
from loc.steps.translate import Report, translate_language


@dataclass
class RunReport:
    extract: ExtractReport
    translated: list[Report] = field(default_factory=list)
    missing: list[tuple[str, ModelMissing]] = field(default_factory=list)
    compiled: list[Result] = field(default_factory=list)


def run(project: Project) -> RunReport:
    report = RunReport(extract(project))
    targets = list(project.config.languages)
    for code in targets:
        try:
            report.translated.append(translate_language(project, code))
        except ModelMissing as missing:
            report.missing.append((code, missing))
    pseudo = project.config.pseudo_locale
    if report.missing and pseudo not in targets:
        report.translated.append(translate_language(project, pseudo))
        targets.append(pseudo)
    report.compiled = compile_languages(project, targets)
    return report
