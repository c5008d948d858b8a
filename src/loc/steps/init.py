"""A new project that starts right: settings, the source folder, what git should ignore
and how it merges catalogs."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from loc import config
from loc import languages as codes
from loc.errors import LocError
from loc.steps import gitmerge


@dataclass
class InitReport:
    root: Path
    created: list[Path] = field(default_factory=list)  # files and folders made or extended
    git: gitmerge.SetupReport | None = None


def init(root: Path, *, source_lang: str = "en", languages: tuple[str, ...] = ()) -> InitReport:
    """Write [tool.loc] (unless pyproject.toml has it), make source/, make .gitignore cover
    build/, .loc/ and the MO files editors such as Poedit save next to each PO file, and
    set up `loc merge-driver` (`gitmerge.setup`). Run again, it adds only what is missing."""
    if not root.is_dir():
        raise LocError("project folder not found", root)
    source_lang = codes.normalize(source_lang)
    chosen = [codes.normalize(code) for code in languages]
    report = InitReport(root)
    settings = root / "pyproject.toml"
    config.load(root)  # an existing pyproject.toml must be valid: one line naming the problem if not
    text = settings.read_text(encoding="utf-8") if settings.exists() else ""
    if "loc" not in tomllib.loads(text).get("tool", {}):
        listed = ", ".join(f'"{code}"' for code in chosen)
        block = (
            '[tool.loc]\nsource_dir = "source"\nlocales_dir = "locales"\noutput_dir = "build"\n'
            f'source_lang = "{source_lang}"\nlanguages = [{listed}]\n'
        )
        separator = "" if not text else "\n" if text.endswith("\n") else "\n\n"
        settings.write_text(text + separator + block, encoding="utf-8")
        report.created.append(settings)
    source = root / "source"
    if not source.exists():
        source.mkdir()
        report.created.append(source)
    ignored = ["/build/", ".loc/", ".loc.lock", "/locales/**/*.mo"]
    if gitmerge.add_lines(root / ".gitignore", ignored):
        report.created.append(root / ".gitignore")
    report.git = gitmerge.setup(root)
    if report.git.added:
        report.created.append(report.git.attributes)
    return report
