"""The `loc` command: arguments in, one library call, a short summary out.

Every user-facing problem is a LocError and ends here as one line on stderr with
exit code 1; no traceback reaches the user for a problem in their files.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich import box
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
# piped output (CI logs) is not cut to 80 columns; user text is never read as markup
console = Console(
    highlight=False,
    soft_wrap=True,
    markup=False,
    width=None if sys.stdout.isatty() or "COLUMNS" in os.environ else 120,
)

ProjectDir = Annotated[
    Path, typer.Option("--project", "-C", help="Project folder (holds pyproject.toml).", show_default=False)
]
Langs = Annotated[
    list[str] | None,
    typer.Option("--lang", "-l", help="Language(s): de, or de,fr (repeatable); default: all in the project."),
]
Json = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


@contextlib.contextmanager
def _user_errors() -> Iterator[None]:
    try:
        yield
    except LocError as error:
        if error.path is not None and Path(error.path).is_absolute():
            with contextlib.suppress(ValueError):  # name files as the user would type them
                error.path = Path(error.path).relative_to(Path.cwd())
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
    """Segment the documents into catalogs: POT per document, PO per language (msgmerge-style).

    Unchanged sentences keep their translations, changed ones get fuzzy suggestions,
    removed ones become obsolete. --lang creates a new language.
    """
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
def status(
    lang: Langs = None,
    as_json: Json = False,
    review: Annotated[
        int,
        typer.Option(help="Also list the N suggestions to review first (warnings, then lowest MT score)."),
    ] = 0,
    directory: ProjectDir = None,
) -> None:
    """Show progress per language and document: reviewed, fuzzy, untranslated."""
    from loc import catalog
    from loc.translate import review_order

    with _user_errors():
        project = _project(directory)
        rows = []
        queue = []
        domains = list(project.source_files())
        for code in project.languages(_split(lang)):
            for domain in domains:
                found = project.load_catalog(code, domain)
                rows.append((code, domain, catalog.stats(found.po) if found else None))
                if found and review:
                    queue += [(found, entry) for entry in found.po if catalog.state(entry) == "fuzzy"]
        if review:
            queue.sort(key=lambda pair: review_order(pair[1]))
            _print_review(project, queue[:review], as_json)
            if as_json:
                return
        if as_json:
            typer.echo(
                json.dumps([_status_json(code, domain, stats) for code, domain, stats in rows], indent=2)
            )
            return
        table = Table(
            "lang",
            "document",
            "reviewed",
            "fuzzy",
            "untranslated",
            "total",
            "words reviewed",
            "reviewed",
            box=box.SIMPLE_HEAD,
            pad_edge=False,
        )
        for code, domain, stats in rows:
            if stats is None:
                table.add_row(code, domain, "-", "-", "-", "-", "-", "no catalog: run loc extract")
                continue
            words = sum(stats.words.values())
            table.add_row(
                code,
                domain,
                str(stats.translated),
                str(stats.fuzzy),
                str(stats.untranslated),
                str(stats.total),
                f"{stats.words['translated']}/{words}",
                f"{stats.percent:.0f}%",
            )
        console.print(table)


def _print_review(project: Project, queue, as_json: bool) -> None:
    from loc.translate import Provenance, warnings_of

    items = []
    for found, entry in queue:
        origin = Provenance.parse(entry.tcomment or "")
        items.append(
            {
                "file": project.relative(found.path),
                "line": entry.linenum,
                "score": origin.score if origin else None,
                "warnings": warnings_of(entry),
                "msgid": entry.msgid,
                "msgstr": entry.msgstr,
            }
        )
    if as_json:
        typer.echo(json.dumps(items, indent=2, ensure_ascii=False))
        return
    console.print(f"Review first ({len(items)}):")
    for item in items:
        score = "   -   " if item["score"] is None else f"{item['score']:7.3f}"
        flags = f" [{', '.join(item['warnings'])}]" if item["warnings"] else ""
        console.print(f"  {item['file']}:{item['line']}  {score}{flags}  {item['msgid'][:70]}")


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
        "words": {
            "total": sum(stats.words.values()),
            **{k: stats.words[k] for k in ("translated", "fuzzy", "untranslated")},
        },
        "percent_reviewed": round(stats.percent, 2),
    }


@app.command(name="compile")
def compile_(
    lang: Langs = None,
    include_fuzzy: Annotated[
        bool, typer.Option("--include-fuzzy", help="Also use translations that await review.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Publish languages below the threshold or failing checks.")
    ] = False,
    threshold: Annotated[
        float | None, typer.Option(help="Percent of segments a language needs to be published (default 100).")
    ] = None,
    directory: ProjectDir = None,
) -> None:
    """Write each language's translated documents and MO files into the output folder.

    Only reviewed translations are used unless --include-fuzzy; a language below the
    threshold, or failing an error-level check, is skipped unless --force.
    """
    from loc.compile import compile_language

    with _user_errors():
        project = _project(directory)
        with project.lock(_waiting):
            for code in project.languages(_split(lang)):
                result = compile_language(
                    project, code, include_fuzzy=include_fuzzy, force=force, threshold=threshold
                )
                if result.published:
                    where = project.relative(project.config.output / code)
                    console.print(f"{code}: {result.percent:.0f}% translated -> {where}/")
                else:
                    console.print(f"{code}: skipped, {result.reason} (use --force to publish anyway)")


def _targets(project: Project, lang: list[str] | None, all_: bool) -> list[str]:
    if all_:
        if not project.config.languages:
            raise LocError("no languages configured; set languages in [tool.loc] or pass --lang")
        return list(project.config.languages)
    chosen = _split(lang)
    if not chosen:
        raise LocError("say which languages: --lang de (or de,fr) or --all for the configured ones")
    return project.languages(chosen)


class _Bar:
    """A rich progress bar per language: segments done, segments/s, time left."""

    def __init__(self):
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeRemainingColumn,
        )

        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeRemainingColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,  # a log gets the summaries, not bar redraws
        )

    def __enter__(self):
        self.progress.__enter__()
        return self

    def __exit__(self, *exc):
        return self.progress.__exit__(*exc)

    def task(self, description: str):
        """A new bar; the callback takes (done, total): segments, or bytes for a download."""
        task = self.progress.add_task(description, total=None, rate="")
        download = description.startswith("download")

        def update(done: int, total: int | None) -> None:
            elapsed = self.progress.tasks[task].elapsed or 0
            rate = ""
            if elapsed and done:
                rate = f"{done / elapsed / 1e6:.1f} MB/s" if download else f"{done / elapsed:.1f} seg/s"
            self.progress.update(task, completed=done, total=total, rate=rate)

        return update


def _announce(model) -> None:
    console.print(f"Installing the Argos model {model} from the package index")


def _translate_report(report) -> str:
    parts = [f"{report.translated} translated", f"{report.reused} reused from other documents"]
    parts.append(f"{report.skipped} kept (reviewed or edited by a person)")
    if report.flagged:
        parts.append(f"{report.flagged} flagged for review")
    return f"{report.lang}: " + ", ".join(parts) + f" in {report.seconds:.1f} s"


@app.command()
def translate(
    lang: Langs = None,
    all_: Annotated[bool, typer.Option("--all", help="All configured languages.")] = False,
    engine: Annotated[str | None, typer.Option(help="argos (default) or pseudo.")] = None,
    retranslate: Annotated[
        bool,
        typer.Option("--retranslate", help="Redo machine suggestions nobody has edited (never human work)."),
    ] = False,
    fuzzy: Annotated[
        bool,
        typer.Option(
            "--fuzzy", help="Also replace fuzzy matches from source changes with machine suggestions."
        ),
    ] = False,
    beam_size: Annotated[int | None, typer.Option(help="Beam size for Argos (default 4).")] = None,
    directory: ProjectDir = None,
) -> None:
    """Machine-translate untranslated segments into fuzzy suggestions for review.

    Reviewed translations are never touched; progress is saved as it goes, so an
    interrupted run continues where it stopped.
    """
    from loc.pipeline import engine_for
    from loc.translate import translate_language

    with _user_errors():
        project = _project(directory, beam_size=beam_size)
        with project.lock(_waiting):
            targets = _targets(project, lang, all_)
            with _Bar() as bar:
                for code in targets:
                    chosen = engine_for(project, code, engine, announce=_announce, progress=bar.task)
                    report = translate_language(
                        project,
                        code,
                        chosen,
                        retranslate=retranslate,
                        fuzzy=fuzzy,
                        on_progress=bar.task(f"{code} ({chosen.name})"),
                    )
                    console.print(_translate_report(report))


@app.command()
def check(
    lang: Langs = None,
    as_json: Json = False,
    reviewed_only: Annotated[
        bool, typer.Option("--reviewed-only", help="Check reviewed entries only, not suggestions.")
    ] = False,
    directory: ProjectDir = None,
) -> None:
    """Check translations: placeholders, names, numbers, URLs, glossary, punctuation.

    Exit code 1 when an error-level check fails, so CI can gate on it.
    """
    with _user_errors():
        project = _project(directory)
        problems = []
        for code in project.languages(_split(lang)):
            problems += [
                (code, found, problem) for found, problem in project.check(code, only_reviewed=reviewed_only)
            ]
        rows = [
            {
                "check": problem.check,
                "severity": problem.severity,
                "language": code,
                "file": project.relative(found.path),
                "line": problem.entry.linenum,
                "msgid": problem.entry.msgid,
                "message": problem.message,
            }
            for code, found, problem in problems
        ]
        errors = sum(1 for row in rows if row["severity"] == "error")
        if as_json:
            typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        else:
            for row in rows:
                console.print(
                    f"{row['file']}:{row['line']}: {row['severity']} [{row['check']}] {row['message']}"
                )
            console.print(f"{errors} error(s), {len(rows) - errors} warning(s)")
        if errors:
            raise typer.Exit(1)


models_app = typer.Typer(help="Argos translation models: list, install (online or from a file), remove.")
app.add_typer(models_app, name="models")


@models_app.command("list")
def models_list(
    installed_only: Annotated[
        bool, typer.Option("--installed", help="Only installed models; do not ask the index.")
    ] = False,
) -> None:
    """Installed models, and the ones the Argos index offers when it is reachable."""
    from loc import models

    with _user_errors():
        table = Table("pair", "model", "version", "status", box=box.SIMPLE_HEAD)
        installed = models.installed()
        for model in installed:
            table.add_row(f"{model.from_code}→{model.to_code}", model.name, model.version, "installed")
        note = ""
        if not installed_only:
            try:
                offered = models.available()
            except LocError as error:
                note = f"index not reachable: {error.message.split(';')[0]}"
            else:
                have = {(m.from_code, m.to_code, m.version) for m in installed}
                for model in offered:
                    if (model.from_code, model.to_code, model.version) not in have:
                        table.add_row(
                            f"{model.from_code}→{model.to_code}", model.name, model.version, "available"
                        )
        if table.row_count:
            console.print(table)
        else:
            console.print("no models installed")
        if note:
            console.print(note)


def _pair(what: str, directory: Path | None) -> tuple[str, str]:
    """`de` (from the project's source language) or `en:de`."""
    source, _, target = what.rpartition(":")
    return source or _project(directory).config.source_lang, target


@models_app.command("install")
def models_install(
    what: Annotated[
        str, typer.Argument(help="A language (de, or en:de) to fetch from the index, or a .argosmodel file.")
    ],
    directory: ProjectDir = None,
) -> None:
    """Install a model from the Argos index (online) or from a local .argosmodel file (offline)."""
    from loc import models

    with _user_errors():
        if what.endswith(".argosmodel") or Path(what).is_file():
            model = models.install_file(Path(what))
        else:
            source, target = _pair(what, directory)
            with _Bar() as bar:
                update = bar.task(f"download {source}→{target}")
                model = models.install_from_index(source, target, progress=update)
        console.print(f"installed {model} ({model.from_code}→{model.to_code})")


@models_app.command("remove")
def models_remove(
    what: Annotated[str, typer.Argument(help="The target language (de) or pair (en:de).")],
    directory: ProjectDir = None,
) -> None:
    """Uninstall the model(s) for a language pair."""
    from loc import models

    with _user_errors():
        source, target = _pair(what, directory)
        model = models.remove(source, target)
        console.print(f"removed {model} ({model.from_code}→{model.to_code})")


@app.command(name="run")
def run_(directory: ProjectDir = None) -> None:
    """Run the whole job: extract, machine-translate the configured languages, compile.

    Without a model (and offline), it says how to install one and runs the pseudo
    engine into the pseudo-locale instead, so the whole flow still runs.
    """
    from loc import pipeline

    with _user_errors():
        project = _project(directory)
        with project.lock(_waiting), _Bar() as bar:
            report = pipeline.run(project, announce=_announce, progress=bar.task)
        extracted = report.extract
        console.print(f"extract: {extracted.segments} segments from {extracted.documents} document(s)")
        if report.missing:
            codes = ", ".join(code for code, _ in report.missing)
            console.print(
                f"No Argos model installed for {codes}, and the model index is unreachable (offline)."
            )
            console.print(f"  To install one from a file: {report.missing[0][1].install_hint}")
            console.print(
                f"The pseudo engine ran into the pseudo-locale {project.config.pseudo_locale} instead, "
                "to show the whole flow."
            )
        for done in report.translated:
            console.print(_translate_report(done))
        for result in report.compiled:
            if result.published:
                where = project.relative(project.config.output / result.lang)
                console.print(f"compile: {result.lang} -> {where}/")
            else:
                console.print(
                    f"compile: {result.lang} skipped, {result.reason}; review it, then `loc compile`"
                )


def main() -> None:
    app()


if __name__ == "__main__":
    sys.exit(main())
