"""The `loc` command: arguments in, one library call, a short summary out.

Every user-facing problem is a LocError and ends here as one line on stderr with
exit code 1; no traceback reaches the user for a problem in their files.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from loc import config as config_module
from loc.errors import LocError
from loc.project import Project

app = typer.Typer(
    name="loc",
    help="Translate documents through gettext catalogs: extract, translate, review, compile.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
console = Console(highlight=False)

ProjectDir = Annotated[
    Path, typer.Option("--project", "-C", help="Project folder (holds pyproject.toml).", show_default=False)
]
Langs = Annotated[
    list[str] | None,
    typer.Option("--lang", "-l", help="Language(s), e.g. de or de,fr; default: the configured ones."),
]
Json = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


@contextlib.contextmanager
def _user_errors() -> Iterator[None]:
    try:
        yield
    except LocError as error:
        typer.echo(f"loc: error: {error}", err=True)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        typer.echo("loc: interrupted; every file is intact, run the command again to continue", err=True)
        raise typer.Exit(130) from None


def _split(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [code for value in values for code in value.split(",") if code.strip()]


def _project(directory: Path | None, **overrides) -> Project:
    root = (directory or Path.cwd()).resolve()
    if not root.is_dir():
        raise LocError("project folder not found", directory)
    return Project(config_module.load(root).with_overrides(**overrides))


def _waiting() -> None:
    typer.echo("loc: waiting for another loc process to finish with this project…", err=True)


@app.command()
def extract(
    lang: Langs = None,
    add_location: Annotated[
        str | None, typer.Option(help="References in catalogs: full (file:line), file, or never.")
    ] = None,
    directory: ProjectDir = None,
) -> None:
    """Split source documents into segments, write the templates (POT) and merge them
    into every language's catalog (PO) the way msgmerge does. --lang creates a language."""
    with _user_errors():
        project = _project(directory, add_location=add_location)
        with project.lock(_waiting):
            report = project.extract(create=_split(lang) or ())
        console.print(
            f"{report.segments} segments from {report.documents} document(s); "
            f"{len(report.created)} catalog(s) created, {len(report.changed)} file(s) changed"
        )
        for path, merge in report.merges.items():
            if merge.fuzzy or merge.new or merge.obsolete or merge.restored or merge.vetoed:
                console.print(
                    f"  {project.relative(path)}: {merge.new} new, {merge.fuzzy} fuzzy, "
                    f"{merge.vetoed} without suggestion (number/negation changed), "
                    f"{merge.restored} restored, {merge.obsolete} obsolete"
                )


@app.command()
def status(lang: Langs = None, as_json: Json = False, directory: ProjectDir = None) -> None:
    """Progress per language and document: reviewed, fuzzy (awaiting review), untranslated."""
    from loc import catalog

    with _user_errors():
        project = _project(directory)
        rows = []
        for code in project.languages(_split(lang)):
            for domain in project.source_files():
                found = project.load_catalog(code, domain)
                stats = catalog.stats(found.po) if found else None
                rows.append((code, domain, stats))
        if as_json:
            typer.echo(json.dumps([_status_json(code, domain, stats) for code, domain, stats in rows], indent=2))
            return
        table = Table("language", "document", "reviewed", "fuzzy", "untranslated", "total", "words", "reviewed %")
        for code, domain, stats in rows:
            if stats is None:
                table.add_row(code, domain, "-", "-", "-", "-", "-", "no catalog (run loc extract)")
                continue
            words = sum(stats.words.values())
            table.add_row(
                code, domain, str(stats.translated), str(stats.fuzzy), str(stats.untranslated),
                str(stats.total), f"{stats.words['translated']}/{words}", f"{stats.percent:.0f}%",
            )
        console.print(table)


def _status_json(code: str, domain: str, stats) -> dict:
    if stats is None:
        return {"language": code, "document": domain, "catalog": False}
    return {
        "language": code,
        "document": domain,
        "catalog": True,
        "segments": {
            "total": stats.total,
            "translated": stats.translated,
            "fuzzy": stats.fuzzy,
            "untranslated": stats.untranslated,
        },
        "words": {"total": sum(stats.words.values()), **{k: stats.words[k] for k in ("translated", "fuzzy", "untranslated")}},
        "percent_reviewed": round(stats.percent, 2),
    }


@app.command(name="compile")
def compile_(
    lang: Langs = None,
    include_fuzzy: Annotated[bool, typer.Option(help="Also use translations that await review.")] = False,
    force: Annotated[bool, typer.Option(help="Publish languages below the threshold too.")] = False,
    threshold: Annotated[
        float | None, typer.Option(help="Percent of segments a language needs to be published (default 100).")
    ] = None,
    directory: ProjectDir = None,
) -> None:
    """Write each language's translated documents and MO files into the output folder."""
    from loc.compile import compile_language

    with _user_errors():
        project = _project(directory)
        with project.lock(_waiting):
            for code in project.languages(_split(lang)):
                result = compile_language(project, code, include_fuzzy=include_fuzzy, force=force, threshold=threshold)
                if result.published:
                    where = project.relative(project.config.output / code)
                    console.print(f"{code}: {result.percent:.0f}% translated -> {where}/")
                else:
                    console.print(f"{code}: skipped, {result.reason} (use --force to publish anyway)")


def main() -> None:
    app()


if __name__ == "__main__":
    sys.exit(main())
