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
    lang: str
    catalog: Catalog
    problem: checks.Problem


@dataclass
class CheckReport:
    found: list[Found] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for item in self.found if item.problem.severity == "error")

    @property
    def warnings(self) -> int:
        return len(self.found) - self.errors


# each project's check results by pair: check, compile and review in one process check a pair once
_MEMO: weakref.WeakKeyDictionary[Project, checks.Memo] = weakref.WeakKeyDictionary()


def check_language(
    project: Project,
    lang: str,
    *,
    only_reviewed: bool = False,
    catalogs: Iterable[Catalog] | None = None,
    documents: dict[str, Document] | None = None,
) -> list[Found]:
    """Every problem in the language's catalogs (or the `catalogs` already loaded),
    with the source documents (read here unless given) for the checks that render them."""
    docs = project.documents() if documents is None else documents
    found = []
    for current in project.catalogs(lang, read_only=True) if catalogs is None else catalogs:
        problems = checks.run(
            current.po,
            source_lang=project.config.source_lang,
            target_lang=lang,
            glossary=project.glossary(),
            only_reviewed=only_reviewed,
            memo=_MEMO.setdefault(project, {}),
        )
        document = docs.get(current.path.stem)
        if document is not None:
            problems += checks.render_problems(document, current.po, only_reviewed=only_reviewed)
        found += [Found(lang, current, problem) for problem in problems]
    return found
