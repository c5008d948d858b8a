"""The whole job on a project: extract, machine-translate, compile.

Where a model is missing and cannot be installed (offline), the run does not stop:
it reports how to install one and sends the pseudo engine into the pseudo-locale, so
a newcomer still sees every step and every output.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from loc.engines import ModelMissing
from loc.project import Project
from loc.steps.compile import CompileReport, compile_languages
from loc.steps.extract import ExtractReport, extract
from loc.steps.translate import TranslateReport, translate_language


@dataclass
class RunReport:
    """What each step of the whole job did; `missing` pairs a language without a model
    with how to install one."""

    extract: ExtractReport
    translated: TranslateReport = field(default_factory=TranslateReport)
    missing: list[tuple[str, str]] = field(default_factory=list)  # (language, install hint)
    compiled: CompileReport = field(default_factory=CompileReport)


def run(project: Project) -> RunReport:
    """Every language of the project, as the other commands see them."""
    report = RunReport(extract(project))
    targets = project.languages()
    for code in targets:
        try:
            report.translated.languages.append(translate_language(project, code))
        except ModelMissing as missing:
            report.missing.append((code, missing.install_hint))
    pseudo = project.config.pseudo_locale
    if report.missing and pseudo not in targets:
        report.translated.languages.append(translate_language(project, pseudo))
        targets.append(pseudo)
    report.compiled = compile_languages(project, targets)
    return report
