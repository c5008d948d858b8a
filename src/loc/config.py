"""Project settings: `[tool.loc]` in pyproject.toml, sensible defaults without it,
and command-line overrides on top."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from loc import languages as codes
from loc.errors import LocError

ADD_LOCATION = ("full", "file", "never")
_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")  # where tomllib says the error is


@dataclass(frozen=True)
class Config:
    root: Path
    source_dir: str = "source"
    locales_dir: str = "locales"
    output_dir: str = "build"
    source_lang: str = "en"
    languages: tuple[str, ...] = ()
    engine: str = "argos"
    pseudo_locale: str = codes.DEFAULT_PSEUDO
    add_location: str = "file"  # git-friendly default: line numbers churn on every edit
    fuzzy_threshold: float = 0.6  # msgmerge's own
    publish_threshold: float = 100.0  # percent reviewed a language needs before compile publishes it
    max_paragraph_chars: int = 100_000
    glossary: str | None = None
    project: str = ""
    lock_timeout: float = 600.0
    beam_size: int = 4

    @property
    def sources(self) -> Path:
        return self.root / self.source_dir

    @property
    def locales(self) -> Path:
        return self.root / self.locales_dir

    @property
    def output(self) -> Path:
        return self.root / self.output_dir

    @property
    def glossary_path(self) -> Path | None:
        return self.root / self.glossary if self.glossary else None

    def with_overrides(self, **overrides: Any) -> Config:
        """Command-line values win over the file; None means "not given"."""
        given = {key: value for key, value in overrides.items() if value is not None}
        return _validated(replace(self, **given), "command line")


_TYPES = {
    "source_dir": str,
    "locales_dir": str,
    "output_dir": str,
    "source_lang": str,
    "languages": list,
    "engine": str,
    "pseudo_locale": str,
    "add_location": str,
    "fuzzy_threshold": (int, float),
    "publish_threshold": (int, float),
    "max_paragraph_chars": int,
    "glossary": str,
    "project": str,
    "lock_timeout": (int, float),
    "beam_size": int,
}


def load(root: Path) -> Config:
    """Read `[tool.loc]` from `root/pyproject.toml`; a project without it gets the defaults."""
    pyproject = root / "pyproject.toml"
    table: dict[str, Any] = {}
    name = root.resolve().name
    if pyproject.exists():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            found = _TOML_LINE.search(str(error))
            raise LocError(
                f"not valid TOML: {error}", pyproject, int(found.group(1)) if found else None
            ) from None
        table = data.get("tool", {}).get("loc", {})
        if not isinstance(table, dict):
            raise LocError("[tool.loc] must be a table", pyproject)
        project = data.get("project", {})
        if isinstance(project, dict) and isinstance(project.get("name"), str):
            name = project["name"] + (
                f" {project['version']}" if isinstance(project.get("version"), str) else ""
            )
    known = {f.name for f in fields(Config)} - {"root"}
    for key, value in table.items():
        if key not in known:
            raise LocError(f"[tool.loc] has no setting {key!r}; known: {', '.join(sorted(known))}", pyproject)
        expected = _TYPES[key]
        if not isinstance(value, expected) or isinstance(value, bool):
            wanted = "a list of language codes" if key == "languages" else _type_name(expected)
            raise LocError(f"[tool.loc] {key} must be {wanted}, not {value!r}", pyproject)
    values = dict(table)
    if "languages" in values:
        if not all(isinstance(code, str) for code in values["languages"]):
            raise LocError("[tool.loc] languages must be a list of language codes", pyproject)
        values["languages"] = tuple(values["languages"])
    values.setdefault("project", name)
    return _validated(Config(root=root, **values), str(pyproject))


def _type_name(expected) -> str:
    types = expected if isinstance(expected, tuple) else (expected,)
    return " or ".join(
        {"str": "a string", "int": "an integer", "float": "a number"}[t.__name__] for t in types
    )


def _validated(config: Config, where: str) -> Config:
    if config.add_location not in ADD_LOCATION:
        raise LocError(
            f"add_location must be one of {', '.join(ADD_LOCATION)}, not {config.add_location!r}", where
        )
    if not 0 < config.fuzzy_threshold <= 1:
        raise LocError(f"fuzzy_threshold must be between 0 and 1, not {config.fuzzy_threshold}", where)
    if not 0 <= config.publish_threshold <= 100:
        raise LocError(f"publish_threshold must be a percentage, not {config.publish_threshold}", where)
    if config.beam_size < 1:
        raise LocError(f"beam_size must be at least 1, not {config.beam_size}", where)
    if config.max_paragraph_chars < 1:
        raise LocError(f"max_paragraph_chars must be at least 1, not {config.max_paragraph_chars}", where)
    if config.lock_timeout < 0:
        raise LocError(f"lock_timeout must be 0 or more seconds, not {config.lock_timeout}", where)
    targets = tuple(dict.fromkeys(codes.normalize(code, where) for code in config.languages))
    return replace(
        config,
        source_lang=codes.normalize(config.source_lang, where),
        languages=targets,
        pseudo_locale=codes.normalize(config.pseudo_locale, where),
    )
