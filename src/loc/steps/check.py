"""Catalogs -> check problems: the named checks of `loc.checks` over each language."""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field

from loc import checks
from loc.catalog.po import Catalog
from loc.documents import Document
from loc.project import Project


@dataclass(frozen=True)
class Found:
    """A problem in one of a language's catalogs, with the entry itself (for the steps
    that show problems beside their entries: compile, review, export)."""

    lang: str
    catalog: Catalog
    problem: checks.Problem


@dataclass(frozen=True)
class CheckProblem:
    """One problem as `loc check` reports it: where it is and what the check says."""

    check: str  # the check's ID (docs/checks.md)
    severity: str  # error or warning
    lang: str
    file: str  # the PO file, relative to the project
    line: int
    msgid: str
    message: str
    silenced: str = ""  # "entry" (a `loc-ignore:` comment) or "project" (`ignore_checks`)


@dataclass
class CheckReport:
    """Every problem in the checked catalogs; silenced ones apart, counted in neither."""

    problems: list[CheckProblem] = field(default_factory=list)
    silenced: list[CheckProblem] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for item in self.problems if item.severity == "error")

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors


def check(project: Project, langs: list[str], *, only_reviewed: bool = False) -> CheckReport:
    report = CheckReport()
    docs = project.documents()
    for lang in langs:
        for found in check_language(
            project, lang, only_reviewed=only_reviewed, documents=docs, silenced=True
        ):
            problem = found.problem
            row = CheckProblem(
                problem.check,
                problem.severity,
                lang,
                project.relative(found.catalog.path),
                problem.entry.linenum,
                problem.entry.msgid,
                problem.message,
                problem.silenced,
            )
            (report.silenced if problem.silenced else report.problems).append(row)
    return report


# each project's check results by pair: check, compile and review in one process check a pair once
_MEMO: weakref.WeakKeyDictionary[Project, checks.Memo] = weakref.WeakKeyDictionary()


def check_language(
    project: Project,
    lang: str,
    *,
    only_reviewed: bool = False,
    catalogs: Iterable[Catalog] | None = None,
    documents: dict[str, Document] | None = None,
    silenced: bool = False,
) -> list[Found]:
    """Every problem in the language's catalogs (or the `catalogs` already loaded),
    with the source documents (read here unless given) for the checks that render them;
    silenced false positives only when asked."""
    docs = project.documents() if documents is None else documents
    found = []
    for current in project.catalogs(lang, read_only=True) if catalogs is None else catalogs:
        problems = checks.run(
            current.po,
            source_lang=project.config.source_lang,
            target_lang=lang,
            glossary=project.glossary(),
            only_reviewed=only_reviewed,
            ignore=project.config.ignore_checks,
            memo=_MEMO.setdefault(project, {}),
        )
        document = docs.get(current.path.stem)
        if document is not None:
            rendered = checks.render_problems(document, current.po, only_reviewed=only_reviewed)
            problems += [checks.silenced(problem, project.config.ignore_checks) for problem in rendered]
        found += [Found(lang, current, problem) for problem in problems if silenced or not problem.silenced]
    return found
