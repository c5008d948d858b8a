"""The `loc` command: arguments in, one library call, a short summary out.

Every user-facing problem is a LocError and ends here as one line on stderr with
exit code 1; no traceback reaches the user for a problem in their files. A command-line
mistake (an unknown language code, a value out of range) is click's usage error: exit 2.
`--json` prints the step's report, the dataclass the library returns, as one object.

No `from __future__ import annotations` here: typer reads every command's annotations at
each start, and as strings it would compile each one again (the few that name a class
defined or loaded later are quoted).
"""

import contextlib
import dataclasses
import functools
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

import loc
from loc import config, documents, engines, languages
from loc.errors import LocError
from loc.project import Feedback, Project, find_root

if TYPE_CHECKING:
    from rich.console import Console

app = typer.Typer(
    name="loc",
    help="Translate documents through gettext catalogs: extract, translate, review, compile.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,  # plain help: flags without a "<bool>" value
)


@functools.cache
def _console() -> "Console":
    """The console every command prints to, made with the first output."""
    from rich.console import Console  # start-up: rich loads with the first output

    # piped output (CI logs) is not cut to 80 columns; user text is never read as markup
    return Console(
        highlight=False,
        soft_wrap=True,
        markup=False,
        width=None if sys.stdout.isatty() or "COLUMNS" in os.environ else 120,
    )


def _print(line: object) -> None:
    _console().print(line)


ProjectDir = Annotated[
    Path | None,
    typer.Option(
        "--project",
        "-C",
        metavar="DIR",
        help="Project folder (holds pyproject.toml); default: the one the working folder is in.",
        show_default=False,
    ),
]


# exchange.FORMATS and xliff.VERSIONS, spelt here: those modules load translate-toolkit,
# which a command that never exports must not wait for (tests/test_cli_contract.py checks they agree)
EXPORT_FORMATS = ("xliff", "tmx")
XLIFF_VERSIONS = ("1.2", "2.0")


def _usage_error(message: str) -> NoReturn:
    """A command-line mistake: one line, exit code 2 (as click's own usage errors)."""
    typer.echo(f"loc: error: {message}", err=True)
    raise typer.Exit(2)


def _lang_codes(values: list[str] | None) -> list[str] | None:
    """--lang de,fr -l it: the codes, checked now; a bad one is a usage error."""
    if not values:
        return None
    try:
        return [languages.normalize(code) for value in values for code in value.split(",") if code.strip()]
    except LocError as error:
        _usage_error(f"--lang: {error.message}")


def _one_of(
    choices: tuple[str, ...],
) -> Callable[[typer.Context, typer.CallbackParam, str | None], str | None]:
    """An option's callback: a value outside `choices` is a usage error."""

    def check(context: typer.Context, param: typer.CallbackParam, value: str | None) -> str | None:
        if value is not None and value not in choices:
            _usage_error(f"{param.opts[0]} must be one of {', '.join(choices)}, not {value!r}")
        return value

    return check


def _percentage(context: typer.Context, param: typer.CallbackParam, value: float | None) -> float | None:
    if value is not None and not 0 <= value <= 100:  # NaN too
        _usage_error(f"{param.opts[0]} must be a percentage from 0 to 100, not {value}")
    return value


def _positive(context: typer.Context, param: typer.CallbackParam, value: int | None) -> int | None:
    if value is not None and value < 1:
        _usage_error(f"{param.opts[0]} must be at least 1, not {value}")
    return value


Langs = Annotated[
    list[str] | None,
    typer.Option(
        "--lang",
        "-l",
        metavar="LANG",
        help="Language(s): de, or de,fr (repeatable); default: every language of the project.",
        callback=_lang_codes,
    ),
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


def _project(directory: Path | None, **overrides: object) -> Project:
    """The project named by -C (after the command, or before it), else the one the
    working folder is in (found from any folder inside it)."""
    root = directory or _before_command["directory"] or find_root(Path.cwd())
    return loc.open(root, feedback=_feedback, **overrides)


def _print_json(data: object) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


_before_command: dict[str, Path | None] = {"directory": None}  # -C given before the command


def _version(value: bool) -> None:
    if value:
        typer.echo(f"loc {loc.__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    directory: ProjectDir = None,
    version: Annotated[  # a plain bool: typer coerces any other type through pydantic, slow to import
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Translate documents through gettext catalogs: extract, translate, review, compile."""
    _before_command["directory"] = directory


class _Feedback(Feedback):
    """Progress bars on a terminal (a log gets the summaries, not bar redraws)."""

    bar: "_Bar | None" = None

    def waiting(self) -> None:
        typer.echo("loc: waiting for another loc process to finish with this project…", err=True)

    def progress(self, label: str):
        return self.bar.task(label) if self.bar else None

    def installing(self, model) -> None:
        _print(f"Installing the Argos model {model} from the package index")


_feedback = _Feedback()


class _Bar:
    """A rich progress bar per piece of work: segments done, segments/s, time left."""

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
            console=_console(),
            transient=True,
            disable=not _console().is_terminal,
        )

    def __enter__(self):
        self.progress.__enter__()
        _feedback.bar = self
        return self

    def __exit__(self, *exc):
        _feedback.bar = None
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


@app.command()
def extract(
    lang: Langs = None,
    add_location: Annotated[
        str | None,
        typer.Option(
            help="References in catalogs: full (file:line), file, or never.",
            callback=_one_of(config.ADD_LOCATION),
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; exit 1 if any catalog is out of date with its sources."),
    ] = False,
    directory: ProjectDir = None,
) -> None:
    """Segment the documents into catalogs: POT per document, PO per language (msgmerge-style).

    Unchanged sentences keep their translations, changed ones get fuzzy suggestions,
    removed ones become obsolete. Every language of the project is updated; --lang adds
    a new one, which every later command then treats as the project's. --check (for CI
    and pre-commit) names each catalog an extract would change and writes nothing.
    """
    with _user_errors():
        project = _project(directory, add_location=add_location)
        report = loc.extract(project, lang, check=check)
        if check:
            for path, count in report.outdated.items():
                _print(f"{path}: out of date, {count} entries would change")
            if report.outdated:
                _print(f"{len(report.outdated)} catalog(s) out of date; run `loc extract`")
                raise typer.Exit(1)
            _print(f"{report.documents} document(s): every catalog is up to date")
            return
        _print(
            f"{report.segments} segments from {report.documents} document(s); "
            f"{len(report.created)} catalog(s) created, {len(report.changed)} file(s) changed"
        )
        for name in report.unsupported:
            formats = ", ".join(documents.suffixes())
            _print(f"  skipped {documents.shown(name)}: no format reads it (loc reads {formats})")
        for name in report.ignored:
            _print(f"  ignored {name}: not a language folder")
        for path, merge in report.merges.items():
            if merge.fuzzy or merge.new or merge.obsolete or merge.restored or merge.vetoed:
                _print(
                    f"  {path}: {merge.new} new, {merge.fuzzy} fuzzy, "
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
    with _user_errors():
        report = loc.status(_project(directory), lang, review=review)
        if as_json:
            _print_json(_status_json(report))
            return
        if review:
            _print_review(report.review)
        if report.conflicts:
            _print(f"Merge conflicts to resolve ({len(report.conflicts)}): choose, then clear fuzzy")
            for item in report.conflicts:
                _print(f"  {item.file}:{item.line}  {item.msgid[:70]}")
                _print(f"    kept (fuzzy):      {item.kept}")
                _print(f"    the other version: {item.other}")
        from rich import box  # start-up: rich loads with the first output
        from rich.table import Table

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
        for row in report.rows:
            stats = row.stats
            if stats is None:
                table.add_row(row.lang, row.document, "-", "-", "-", "-", "-", "no catalog: run loc extract")
                continue
            words = sum(stats.words.values())
            table.add_row(
                row.lang,
                row.document,
                str(stats.translated),
                f"{stats.fuzzy} ({stats.pseudo} pseudo)" if stats.pseudo else str(stats.fuzzy),
                str(stats.untranslated),
                str(stats.total),
                f"{stats.words['translated']}/{words}",
                f"{stats.percent:.0f}%",
            )
        _print(table)


def _print_review(items: "list[loc.ReviewItem]") -> None:
    _print(f"Review first ({len(items)}):")
    for item in items:
        score = "   -   " if item.score is None else f"{item.score:7.3f}"
        flags = f" [{', '.join(item.warnings)}]" if item.warnings else ""
        _print(f"  {item.file}:{item.line}  {score}{flags}  {item.msgid[:70]}")


def _status_json(report: "loc.StatusReport") -> dict:
    """The report as it is, each row's stats with their total and percent reviewed."""
    data = dataclasses.asdict(report)
    for row, shown in zip(report.rows, data["rows"], strict=True):
        if row.stats is not None:
            shown["stats"].update(total=row.stats.total, percent=round(row.stats.percent, 2))
    return data


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
        float | None,
        typer.Option(
            help="Percent of segments reviewed a language needs to be published (default 100).",
            callback=_percentage,
        ),
    ] = None,
    directory: ProjectDir = None,
) -> None:
    """Write each language's translated documents and MO files into the output folder.

    Only reviewed translations are used unless --include-fuzzy (which fills the segments
    not yet reviewed, never lowers the threshold); a language below the threshold of
    reviewed segments, or failing an error-level check, is not published unless --force,
    and its earlier outputs are removed. Pseudo-engine text in a real language is never published.
    Exit code 1 when a language was not published, so CI can gate on it.
    """
    with _user_errors():
        project = _project(directory)
        report = loc.compile(project, lang, include_fuzzy=include_fuzzy, force=force, threshold=threshold)
        for result in report.languages:
            if result.published:
                where = project.relative(project.config.output / result.lang)
                _print(f"{result.lang}: {result.percent:.0f}% translated -> {where}/")
            else:
                _print(f"{result.lang}: not published, {result.reason} (use --force to publish anyway)")
                if result.removed:
                    _print(f"  removed its earlier outputs: {len(result.removed)} file(s)")
        if report.failed:
            raise typer.Exit(1)


def _translate_report(report: "loc.TranslateResult") -> str:
    engine = f"{report.engine} {report.model}" if report.model else report.engine
    parts = [f"{report.translated} translated ({report.sent} sent to {engine})"]
    parts.append(f"{report.reused} reused from other documents")
    parts.append(f"{report.kept} kept (reviewed or edited by a person)")
    if report.waiting:
        parts.append(f"{report.waiting} earlier suggestions left for review")
    if report.flagged:
        parts.append(f"{report.flagged} flagged for review")
    return f"{report.lang}: " + ", ".join(parts) + f" in {report.seconds:.1f} s"


@app.command()
def translate(
    lang: Annotated[
        list[str] | None,
        typer.Option(
            "--lang",
            "-l",
            metavar="LANG",
            help="Language(s): de, or de,fr (repeatable); this or --all is required.",
            callback=_lang_codes,
        ),
    ] = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Every language of the project (as the other commands see them).")
    ] = False,
    engine: Annotated[
        str | None,
        typer.Option(
            help="auto (default: an installed Argos model, else an Apertium pair), argos, apertium, pseudo.",
            callback=_one_of(engines.NAMES),
        ),
    ] = None,
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
    beam_size: Annotated[
        int | None, typer.Option(help="Beam size for Argos (default 4).", callback=_positive)
    ] = None,
    cluster: Annotated[
        str | None,
        typer.Option(
            help="Translate on Ray: ray://HOST:PORT, or local (needs loc[cluster]).", show_default=False
        ),
    ] = None,
    as_json: Json = False,
    directory: ProjectDir = None,
) -> None:
    """Machine-translate untranslated segments into fuzzy suggestions for review.

    Say which languages: --lang, or --all for every language of the project (machine
    translation takes a while, so loc never guesses). Reviewed translations are never
    touched; progress is saved as it goes, so an interrupted run continues where it stopped.
    """
    if not lang and not all_:
        _usage_error("say which languages: --lang de (or de,fr), or --all for every language of the project")
    with _user_errors():
        project = _project(directory, beam_size=beam_size, cluster=cluster)
        with _Bar():
            report = loc.translate(
                project, None if all_ else lang, engine=engine, retranslate=retranslate, fuzzy=fuzzy
            )
        if as_json:
            _print_json(dataclasses.asdict(report))
            return
        for result in report.languages:
            _print(_translate_report(result))


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

    Exit code 1 when an error-level check fails, so CI can gate on it. A false positive
    is silenced by a `loc-ignore: CHECK` translator comment or ignore_checks (docs/checks.md).
    """
    with _user_errors():
        project = _project(directory)
        report = loc.check(project, lang, reviewed_only=reviewed_only)
        if as_json:
            _print_json({**dataclasses.asdict(report), "errors": report.errors, "warnings": report.warnings})
        else:
            for row in report.problems:
                _print(f"{row.file}:{row.line}: {row.severity} [{row.check}] {row.message}")
            silenced = f", {len(report.silenced)} silenced" if report.silenced else ""
            _print(f"{report.errors} error(s), {report.warnings} warning(s){silenced}")
        if report.errors:
            raise typer.Exit(1)


models_app = typer.Typer(
    help="Translation models: list (Argos and Apertium), install or remove Argos models.",
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,  # plain help: flags without a "<bool>" value
)
app.add_typer(models_app, name="models")


@models_app.command("list")
def models_list(
    installed_only: Annotated[
        bool, typer.Option("--installed", help="Only installed models; do not ask the index.")
    ] = False,
    as_json: Json = False,
) -> None:
    """Installed Argos models and Apertium pairs, and what the Argos index offers when reachable."""
    from loc import engines

    with _user_errors():
        found, note = engines.offers(index=not installed_only)
        if as_json:
            typer.echo(json.dumps({"models": [dataclasses.asdict(o) for o in found], "note": note}, indent=2))
            return
        from rich import box  # start-up: rich loads with the first output
        from rich.table import Table

        table = Table("pair", "engine", "model", "version", "status", box=box.SIMPLE_HEAD)
        for offer in found:
            table.add_row(
                f"{offer.source}→{offer.target}", offer.engine, offer.model, offer.version, offer.status
            )
        if table.row_count:
            _print(table)
        else:
            _print("no models installed")
        if note:
            _print(note)


def _pair(what: str, directory: Path | None) -> tuple[str, str]:
    """`de` (from the project's source language; English outside any project: models
    belong to the machine, not to a project) or `en:de`."""
    source, _, target = what.rpartition(":")
    if source:
        return source, target
    if directory is None and _before_command["directory"] is None:
        try:
            find_root(Path.cwd())
        except LocError:
            return config.Config.source_lang, target
    return _project(directory).config.source_lang, target


@models_app.command("install")
def models_install(
    what: Annotated[
        str, typer.Argument(help="A language (de, or en:de) to fetch from the index, or a .argosmodel file.")
    ],
    directory: ProjectDir = None,
) -> None:
    """Install a model from the Argos index (online) or from a local .argosmodel file (offline)."""
    from loc.engines.argos import packages

    with _user_errors():
        if what.endswith(".argosmodel") or Path(what).is_file():
            model = packages.install_file(Path(what))
        else:
            source, target = _pair(what, directory)
            with _Bar() as bar:
                update = bar.task(f"download {source}→{target}")
                model = packages.install_from_index(source, target, progress=update)
        _print(f"installed {model} ({model.from_code}→{model.to_code})")


@models_app.command("remove")
def models_remove(
    what: Annotated[str, typer.Argument(help="The target language (de) or pair (en:de).")],
    directory: ProjectDir = None,
) -> None:
    """Uninstall the model(s) for a language pair."""
    from loc.engines.argos import packages

    with _user_errors():
        source, target = _pair(what, directory)
        model = packages.remove(source, target)
        _print(f"removed {model} ({model.from_code}→{model.to_code})")


@app.command(name="run")
def run_(directory: ProjectDir = None) -> None:
    """Run the whole job: extract, machine-translate every language of the project, compile.

    Without a model (and offline), it says how to install one and runs the pseudo
    engine into the pseudo-locale instead, so the whole flow still runs. Exit code 1
    when a language was not published, as compile.
    """
    with _user_errors():
        project = _project(directory)
        with _Bar():
            report = loc.run(project)
        extracted = report.extract
        _print(f"extract: {extracted.segments} segments from {extracted.documents} document(s)")
        for code, missing in report.missing:
            _print(
                f"{code}: nothing installed translates {project.config.source_lang}→{code} offline; "
                f"to translate it, {missing}"
            )
        if report.missing:
            codes = ", ".join(code for code, _ in report.missing)
            _print(
                f"The pseudo engine ran into the pseudo-locale {project.config.pseudo_locale} instead of "
                f"{codes}, to show the whole flow."
            )
        for done in report.translated.languages:
            _print(_translate_report(done))
        for result in report.compiled.languages:
            if result.published:
                where = project.relative(project.config.output / result.lang)
                _print(f"compile: {result.lang} -> {where}/")
            else:
                _print(
                    f"compile: {result.lang} not published, {result.reason}; review it, then `loc compile`"
                )
        if report.compiled.failed:
            raise typer.Exit(1)


@app.command()
def review(
    lang: Langs = None,
    serve: Annotated[
        bool, typer.Option("--serve", help="Review in the browser instead: approve and edit each sentence.")
    ] = False,
    host: Annotated[
        str | None, typer.Option(help="With --serve: the address to listen on (default 127.0.0.1 only).")
    ] = None,
    port: Annotated[int, typer.Option(help="With --serve: the port (default: a free one).")] = 0,
    directory: ProjectDir = None,
) -> None:
    """Write a bilingual review page per language and document: <output_dir>/review/<lang>/<domain>.html.

    Static HTML that opens from disk, offline: source and translation side by side per
    paragraph, each sentence's state, check problems inline, what to review first, and
    the PO file and line of every entry.

    With --serve: a local web app at the printed address (it holds a one-time access
    token) in which each sentence is approved, edited or rejected in its document; every
    change is saved to the PO file at once, and a save from Poedit is never lost.
    """
    if not serve and (host is not None or port):
        raise typer.BadParameter("--host and --port go with --serve")
    with _user_errors():
        project = _project(directory)
        if serve:
            server = loc.serve_review(project, lang, host=host or "127.0.0.1", port=port)
            if server.public:
                typer.echo(
                    f"loc: warning: listening on {host}: anyone who can reach this machine and has the "
                    "address below can change the catalogs",
                    err=True,
                )
            _print(f"Review at {server.url}  (Ctrl-C to stop)")
            server.run()
            return
        report = loc.review(project, lang)
        for path in report.pages:
            _print(path)


@app.command()
def export(
    format_: Annotated[
        str,
        typer.Option(
            "--format",
            help="xliff (for CAT tools) or tmx (reviewed pairs).",
            callback=_one_of(EXPORT_FORMATS),
        ),
    ] = "xliff",
    lang: Langs = None,
    version: Annotated[
        str,
        typer.Option("--version", help="XLIFF version: 1.2 or 2.0.", callback=_one_of(XLIFF_VERSIONS)),
    ] = "1.2",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="The file to write (one language).")
    ] = None,
    directory: ProjectDir = None,
) -> None:
    """Export for CAT tools: XLIFF per language (<output_dir>/export/<lang>.xlf) or a TMX of reviewed pairs.

    XLIFF carries every entry with its state (fuzzy -> needs review, reviewed ->
    translated/final) and notes (provenance, checks, glossary); `loc import` brings the
    edited file back. TMX: <output_dir>/export/<lang>.tmx, or all.tmx for every language.
    """
    with _user_errors():
        project = _project(directory)
        report = loc.export(project, lang, format=format_, version=version, output=output)
        for path in report.files:
            _print(path)
        _print(f"{report.units} {'pairs' if format_ == 'tmx' else 'units'} exported")


@app.command(name="import")
def import_(
    file: Annotated[Path, typer.Argument(help="An XLIFF (.xlf, .xliff) from a CAT tool, or a TMX memory.")],
    directory: ProjectDir = None,
) -> None:
    """Bring an XLIFF back (edited targets and states) or fill untranslated entries from a TMX.

    An XLIFF import changes only what the CAT tool changed; an edit made in the PO file
    since the export stays. A TMX fills untranslated entries as fuzzy suggestions.
    """
    with _user_errors():
        project = _project(directory)
        report = loc.import_file(project, file)
        if report.kind == "tmx":
            _print(f"{report.applied} untranslated entries filled from {file.name} (fuzzy, engine=memory)")
        else:
            _print(
                f"{report.lang}: {report.applied} applied, {report.unchanged} unchanged, "
                f"{len(report.conflicts)} conflict(s), {report.unknown} not in the catalogs"
            )
        for line in report.conflicts:
            _print(f"  kept the PO file's version (changed there too): {line}")
        for path in report.changed:
            _print(f"  wrote {path}")


@app.command(name="merge-driver")
def merge_driver(
    base: Annotated[Path, typer.Argument(help="%O: the common ancestor's version.")],
    ours: Annotated[Path, typer.Argument(help="%A: this branch's version; the result is written here.")],
    theirs: Annotated[Path, typer.Argument(help="%B: the other branch's version.")],
    path: Annotated[str | None, typer.Argument(help="%P: the file's path in the repository.")] = None,
) -> None:
    """git's merge driver for PO and POT files: entry by entry, nothing lost.

    Exit 0 when merged; 1 when entries conflict (each kept as a fuzzy translation with the
    other version in a `# loc: conflict` note; `loc status` lists them). Set up with `loc git-setup`.
    """
    with _user_errors():
        report = loc.merge_catalogs(base, ours, theirs, path)
        for msgid in report.conflicts:
            typer.echo(f"loc: conflict in {report.path}: {msgid[:70]!r}", err=True)
        if report.conflicts:
            raise typer.Exit(1)


@app.command(name="git-setup")
def git_setup(directory: ProjectDir = None) -> None:
    """Make git merge this repository's PO and POT files with `loc merge-driver`.

    Adds `*.po merge=loc` and `*.pot merge=loc` to .gitattributes (commit it) and the
    driver command to the clone's git config (each clone runs this once).
    """
    with _user_errors():
        report = loc.git_setup(directory or _before_command["directory"] or Path.cwd())
        for line in report.added:
            _print(f".gitattributes: added {line}")
        if report.configured:
            _print("git config: merge.loc.driver set; PO and POT files now merge entry by entry")
        else:
            _print("not a git repository yet: after `git init`, run `loc git-setup` again")


@app.command()
def init(
    lang: Langs = None,
    source_lang: Annotated[str, typer.Option(help="The documents' language.")] = "en",
    directory: ProjectDir = None,
) -> None:
    """Start a project here: [tool.loc] in pyproject.toml, source/, .gitignore, the merge driver.

    Run again, it only adds what is missing.
    """
    with _user_errors():
        root = directory or _before_command["directory"] or Path.cwd()
        report = loc.init(root, source_lang=source_lang, languages=lang or ())
        for path in report.created:
            _print(f"wrote {path}")
        if report.git and not report.git.configured:
            _print("not a git repository yet: after `git init`, run `loc git-setup`")
        _print("next: put documents in source/, then `loc extract --lang de`")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
