"""loc: documents -> sentence segments -> gettext catalogs -> machine translation -> review -> outputs.

The Python API; the `loc` command is a thin skin over it::

    import loc

    project = loc.open("path/to/project")
    loc.extract(project)
    loc.translate(project, "de", engine="pseudo")
    print(loc.status(project).rows)
    loc.compile(project, "de", include_fuzzy=True, threshold=80)

`langs` is a language ("de"), a list of them, or None for every language of the project
(the configured ones and every language folder present); an empty list is none. Each
step takes the project lock (a second loc process waits for the first), cleans up what a
killed run left behind, and returns one report: a dataclass that `dataclasses.asdict`
and `json.dumps` turn into what `--json` prints.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from loc.errors import LocError

if TYPE_CHECKING:
    from loc.project import Feedback, Project
    from loc.steps.check import CheckProblem, CheckReport
    from loc.steps.compile import CompileReport, CompileResult
    from loc.steps.exchange import ExportReport, ImportReport
    from loc.steps.extract import ExtractReport
    from loc.steps.gitmerge import MergeReport, SetupReport
    from loc.steps.init import InitReport
    from loc.steps.review import ReviewReport
    from loc.steps.run import RunReport
    from loc.steps.status import ReviewItem, StatusReport, StatusRow
    from loc.steps.translate import TranslateReport, TranslateResult

# the API's classes by the module that defines them, under the names they carry: the project
# (Babel, polib) and each step (and what it imports: engines, translate-toolkit, Jinja2) load
# with their first use, so every command starts fast
_CLASSES = {
    "Feedback": "project",
    "Project": "project",
    "CheckProblem": "steps.check",
    "CheckReport": "steps.check",
    "CompileReport": "steps.compile",
    "CompileResult": "steps.compile",
    "ExportReport": "steps.exchange",
    "ImportReport": "steps.exchange",
    "ExtractReport": "steps.extract",
    "InitReport": "steps.init",
    "MergeReport": "steps.gitmerge",
    "SetupReport": "steps.gitmerge",
    "ReviewReport": "steps.review",
    "RunReport": "steps.run",
    "ReviewItem": "steps.status",
    "StatusReport": "steps.status",
    "StatusRow": "steps.status",
    "TranslateReport": "steps.translate",
    "TranslateResult": "steps.translate",
}


__version__: str  # one version: pyproject.toml's, as installed (read on first use)


def __getattr__(name: str) -> Any:
    if name == "__version__":
        # start-up: slow to import, so only what shows the version waits for it
        from importlib import metadata

        globals()[name] = metadata.version("loc")
        return globals()[name]
    if name not in _CLASSES:
        raise AttributeError(f"module 'loc' has no attribute {name!r}")
    return getattr(importlib.import_module(f"loc.{_CLASSES[name]}"), name)


__all__ = [
    "CheckProblem",
    "CheckReport",
    "CompileReport",
    "CompileResult",
    "ExportReport",
    "ExtractReport",
    "Feedback",
    "ImportReport",
    "InitReport",
    "LocError",
    "MergeReport",
    "Project",
    "ReviewItem",
    "ReviewReport",
    "RunReport",
    "SetupReport",
    "StatusReport",
    "StatusRow",
    "TranslateReport",
    "TranslateResult",
    "check",
    "compile",
    "export",
    "extract",
    "git_setup",
    "import_file",
    "init",
    "merge_catalogs",
    "open",
    "review",
    "run",
    "serve_review",
    "status",
    "translate",
]

Langs = str | Sequence[str] | None  # one language, several, or None: the project's


def open(root: Path | str = ".", *, feedback: Feedback | None = None, **settings: object) -> Project:
    """The project in `root`; `settings` override its [tool.loc] (e.g. engine="pseudo").
    Every setting is checked here: a bad one is a LocError before any step runs."""
    from loc.project import Project

    return Project.open(root, feedback=feedback, **settings)


def extract(project: Project, langs: Langs = None, *, check: bool = False) -> ExtractReport:
    """Documents -> POT per document -> the PO of every language of the project; `langs`
    adds languages (from then on they are the project's, for every step). `check` writes
    nothing and reports the catalogs an extract would change (`outdated`)."""
    from loc.steps import extract as _extract

    added = project.languages(langs) if langs is not None else ()
    if check:  # reads only: no lock, no clean-up of what a killed run left
        return _extract.extract(project, added, check=True)
    with project.lock():
        return _extract.extract(project, added)


def translate(
    project: Project,
    langs: Langs = None,
    *,
    engine: str | None = None,
    retranslate: bool = False,
    fuzzy: bool = False,
) -> TranslateReport:
    """Machine suggestions for untranslated entries.

    `retranslate` redoes suggestions nobody edited; `fuzzy` also replaces a merge's fuzzy
    matches. Reviewed and hand-edited translations are never touched. A language new to
    the project beside a variant of it (`de_DE` where `de` is) is refused.
    """
    from loc.steps import translate as _translate

    targets = project.languages(langs)
    if langs is None and not targets:
        raise LocError("no languages yet; set languages in [tool.loc], or name one (--lang de)")
    project.no_second_variant(targets)
    report = _translate.TranslateReport()
    with project.lock():
        for code in targets:
            report.languages.append(
                _translate.translate_language(
                    project, code, name=engine, retranslate=retranslate, fuzzy=fuzzy
                )
            )
    return report


def check(project: Project, langs: Langs = None, *, reviewed_only: bool = False) -> CheckReport:
    """Every check problem in the languages' catalogs; false positives silenced by a
    `loc-ignore:` comment or `ignore_checks` are listed apart (docs/checks.md)."""
    from loc.steps import check as _check

    return _check.check(project, project.languages(langs), only_reviewed=reviewed_only)


def status(project: Project, langs: Langs = None, *, review: int = 0) -> StatusReport:
    """Progress per language and document; `review` lists the first N suggestions to review."""
    from loc.steps import status as _status

    return _status.status(project, project.languages(langs), review=review)


def compile(
    project: Project,
    langs: Langs = None,
    *,
    include_fuzzy: bool = False,
    force: bool = False,
    threshold: float | None = None,
) -> CompileReport:
    """Translated documents and MO files per language, for the languages that pass:
    `threshold` percent reviewed (default publish_threshold, 100) and no error-level
    check. `include_fuzzy` fills the segments not yet reviewed with their suggestions."""
    from loc.steps import compile as _compile

    if threshold is not None:  # checked as publish_threshold in [tool.loc] is
        threshold = project.config.with_overrides(publish_threshold=threshold).publish_threshold
    with project.lock():
        return _compile.compile_languages(
            project, project.languages(langs), include_fuzzy=include_fuzzy, force=force, threshold=threshold
        )


def run(project: Project) -> RunReport:
    """The whole job: extract, translate the project's languages, compile."""
    from loc.steps import run as _run

    with project.lock():
        return _run.run(project)


def review(project: Project, langs: Langs = None) -> ReviewReport:
    """A static bilingual review page per language and document, in
    `<output_dir>/review/<lang>/<domain>.html`."""
    from loc.steps import review as _review

    with project.lock():
        return _review.review(project, project.languages(langs))


def serve_review(project: Project, langs: Langs = None, *, host: str = "127.0.0.1", port: int = 0):
    """The review app (`loc review --serve`), bound and ready: `.url` holds its address
    with the access token, `.run()` serves until interrupted, `.start()`/`.stop()` in a
    thread. 127.0.0.1 unless `host` says otherwise; port 0 picks a free one."""
    from loc.review_app import ReviewServer  # start-up: Starlette and uvicorn load only for the app

    return ReviewServer(project, project.languages(langs), host=host, port=port)


def export(
    project: Project,
    langs: Langs = None,
    *,
    format: str = "xliff",
    version: str = "1.2",
    output: Path | str | None = None,
) -> ExportReport:
    """XLIFF (1.2 or 2.0) of each language's catalogs for CAT tools, or (format="tmx")
    a TMX of the reviewed pairs, in `<output_dir>/export/` unless `output` names the file."""
    from loc.steps import exchange as _exchange

    with project.lock():
        chosen = project.languages(langs) if langs is not None else None
        target = Path(output) if output else None
        return _exchange.export(project, format, chosen, version=version, output=target)


def import_file(project: Project, path: Path | str) -> ImportReport:
    """Apply an XLIFF from a CAT tool (its edited targets and states) or a TMX (fuzzy
    suggestions for untranslated entries) to the catalogs."""
    from loc.steps import exchange as _exchange

    with project.lock():
        return _exchange.import_file(project, Path(path))


def merge_catalogs(
    base: Path | str, ours: Path | str, theirs: Path | str, path: str | None = None
) -> MergeReport:
    """git's merge driver: merge three versions of a PO or POT entry by entry into `ours`;
    the report lists the real conflicts (each kept in the file as a fuzzy translation and
    a `# loc: conflict` note)."""
    from loc.steps import gitmerge as _gitmerge

    return _gitmerge.merge(Path(base), Path(ours), Path(theirs), path)


def git_setup(root: Path | str = ".") -> SetupReport:
    """Make git merge the repository's catalogs with `loc merge-driver` (.gitattributes
    and, in a git repository, its config)."""
    from loc.steps import gitmerge as _gitmerge

    return _gitmerge.setup(Path(root).resolve())


def init(root: Path | str = ".", *, source_lang: str = "en", languages: Sequence[str] = ()) -> InitReport:
    """Start a project: [tool.loc], source/, .gitignore, and the merge driver."""
    from loc.steps import init as _init

    return _init.init(Path(root).resolve(), source_lang=source_lang, languages=tuple(languages))
