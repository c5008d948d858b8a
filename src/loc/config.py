"""Project settings: `[tool.loc]` in pyproject.toml, sensible defaults without it,
and command-line overrides on top."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from loc import engines
from loc import languages as codes
from loc.errors import LocError

ADD_LOCATION = ("full", "file", "never")
DEVICES = ("auto", "cpu", "cuda")
MAX_SETTINGS_BYTES = 2**20  # pyproject.toml: far above any real one, far below a device's endless read
_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")  # where tomllib says the error is


@dataclass(frozen=True)
class Config:
    root: Path
    source_dir: str = "source"
    locales_dir: str = "locales"
    output_dir: str = "build"
    source_lang: str = "en"
    languages: tuple[str, ...] = ()
    engine: str = "auto"  # an installed Argos model, else an installed Apertium pair (engines.NAMES)
    engines: dict[str, str] = field(default_factory=dict)  # per language: {"es": "apertium"}
    pseudo_locale: str = codes.DEFAULT_PSEUDO
    add_location: str = "file"  # git-friendly default: line numbers churn on every edit
    fuzzy_threshold: float = 0.6  # msgmerge's own
    memory_threshold: float = 0.75  # similarity a reviewed sentence needs to be offered for a new one
    publish_threshold: float = 100.0  # percent reviewed a language needs before compile publishes it
    max_paragraph_chars: int = 100_000
    glossary: str | None = None
    project: str = ""
    lock_timeout: float = 600.0
    beam_size: int = 4
    cluster: str | None = None  # "ray://HOST:PORT" or "local": translate on Ray (loc[cluster])
    device: str = "auto"  # CTranslate2's device on the cluster's workers: auto, cpu or cuda
    ignore_checks: tuple[str, ...] = ()  # check IDs silenced project-wide (docs/checks.md)
    # the keys of a Markdown file's YAML front matter whose values a reader sees
    front_matter_keys: tuple[str, ...] = ("title", "description", "summary")

    def engine_for(self, lang: str) -> str:
        """The engine setting that applies to a language: its own entry, else `engine`."""
        return self.engines.get(lang, self.engine)

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
        """Values given to `loc.open` (or on the command line) win over the file; None
        means "not given". A problem names the setting, not a file."""
        given = {
            key: os.fspath(value) if isinstance(value, os.PathLike) else value
            for key, value in overrides.items()
            if value is not None
        }
        _check_types(given, "", None)
        for key in _LISTS:
            if key in given:
                given[key] = tuple(given[key])
        return _validated(replace(self, **given), None)


_LISTS = ("languages", "ignore_checks", "front_matter_keys")


_TYPES: dict[str, type | tuple[type, ...]] = {
    "source_dir": str,
    "locales_dir": str,
    "output_dir": str,
    "source_lang": str,
    "languages": list,
    "engine": str,
    "engines": dict,
    "pseudo_locale": str,
    "add_location": str,
    "fuzzy_threshold": (int, float),
    "memory_threshold": (int, float),
    "publish_threshold": (int, float),
    "max_paragraph_chars": int,
    "glossary": str,
    "project": str,
    "lock_timeout": (int, float),
    "beam_size": int,
    "cluster": str,
    "device": str,
    "ignore_checks": list,
    "front_matter_keys": list,
}


def load(root: Path) -> Config:
    """Read `[tool.loc]` from `root/pyproject.toml`; a project without it gets the defaults."""
    from loc import atomic  # start-up: ctypes loads with the first project read, not for --version

    pyproject = root / "pyproject.toml"
    table: dict[str, Any] = {}
    name = ""  # never the folder's name: a renamed checkout would rewrite every catalog
    raw = atomic.read_regular(pyproject, MAX_SETTINGS_BYTES)
    if raw is not None:
        try:
            data = tomllib.loads(raw.decode("utf-8"))
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
    _check_types(table, "[tool.loc] ", pyproject)
    values = dict(table)
    for key in _LISTS:
        if key in values:
            values[key] = tuple(values[key])
    values.setdefault("project", name)
    return _validated(Config(root=root, **values), str(pyproject))


def has_loc_table(pyproject: Path) -> bool:
    """Whether a pyproject.toml has [tool.loc]: a file that cannot be read or parsed counts,
    so that `load` reports what is wrong with it."""
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return True
    tool = data.get("tool")
    return isinstance(tool, dict) and "loc" in tool


def _check_types(table: dict[str, Any], prefix: str, where: Path | str | None) -> None:
    """Every key a setting, every value of the setting's type (from the file or a caller)."""
    known = {f.name for f in fields(Config)} - {"root"}
    for key, value in table.items():
        if key not in known:
            raise LocError(f"{prefix}has no setting {key!r}; known: {', '.join(sorted(known))}", where)
        expected = _TYPES[key]
        if key in _LISTS and isinstance(value, tuple):
            value = list(value)
        wanted = {
            "languages": "a list of language codes",
            "ignore_checks": "a list of check names",
            "front_matter_keys": "a list of keys",
            "engines": "a table of languages",
        }
        if not isinstance(value, expected) or isinstance(value, bool):
            raise LocError(
                f"{prefix}{key} must be {wanted.get(key) or _type_name(expected)}, not {value!r}", where
            )
        if key in _LISTS and not all(isinstance(item, str) for item in table[key]):
            raise LocError(f"{prefix}{key} must be {wanted[key]}", where)
        if key == "engines" and not all(isinstance(name, str) for name in table[key].values()):
            raise LocError(
                f'{prefix}engines must map languages to engine names, e.g. {{ es = "apertium" }}', where
            )


def _type_name(expected) -> str:
    types = expected if isinstance(expected, tuple) else (expected,)
    return " or ".join(
        {"str": "a string", "int": "an integer", "float": "a number"}[t.__name__] for t in types
    )


def _validated(config: Config, where: str | None) -> Config:
    if config.ignore_checks:
        from loc.checks import CHECKS, NEVER_SILENCED

        unknown = [name for name in config.ignore_checks if name not in CHECKS]
        if unknown:
            raise LocError(
                f"ignore_checks names no check {', '.join(map(repr, unknown))}; known: {', '.join(CHECKS)}",
                where,
            )
        kept = sorted(NEVER_SILENCED.intersection(config.ignore_checks))
        if kept:
            raise LocError(
                f"ignore_checks cannot silence {', '.join(kept)}: what they catch is never published",
                where,
            )
    if config.pseudo_locale and not codes.is_pseudo(codes.normalize(config.pseudo_locale, where)):
        raise LocError(
            f"pseudo_locale must be one of {', '.join(sorted(codes.PSEUDO_LOCALES))}, "
            f"not {config.pseudo_locale!r}",
            where,
        )
    if config.add_location not in ADD_LOCATION:
        raise LocError(
            f"add_location must be one of {', '.join(ADD_LOCATION)}, not {config.add_location!r}", where
        )
    if not 0 < config.fuzzy_threshold <= 1:
        raise LocError(f"fuzzy_threshold must be between 0 and 1, not {config.fuzzy_threshold}", where)
    if not 0 < config.memory_threshold <= 1:
        raise LocError(f"memory_threshold must be between 0 and 1, not {config.memory_threshold}", where)
    if not 0 <= config.publish_threshold <= 100:
        raise LocError(f"publish_threshold must be a percentage, not {config.publish_threshold}", where)
    if config.device not in DEVICES:
        raise LocError(f"device must be one of {', '.join(DEVICES)}, not {config.device!r}", where)
    if config.beam_size < 1:
        raise LocError(f"beam_size must be at least 1, not {config.beam_size}", where)
    if config.max_paragraph_chars < 1:
        raise LocError(f"max_paragraph_chars must be at least 1, not {config.max_paragraph_chars}", where)
    if not config.lock_timeout >= 0:  # NaN too
        raise LocError(f"lock_timeout must be 0 or more seconds, not {config.lock_timeout}", where)
    for key in (*_FOLDERS, "glossary"):
        value = getattr(config, key)
        if value is not None and "\0" in value:  # no file system takes it: every path call would fail
            raise LocError(f"{key} contains a NUL character: {value!r}", where)
    targets = tuple(dict.fromkeys(codes.normalize(code, where) for code in config.languages))
    for name in (config.engine, *config.engines.values()):
        if name not in engines.NAMES:
            raise LocError(f"unknown engine {name!r}; choose one of {', '.join(engines.NAMES)}", where)
    return replace(
        config,
        **_folders(config, where),
        source_lang=codes.normalize(config.source_lang, where),
        languages=targets,
        pseudo_locale=codes.normalize(config.pseudo_locale, where),
        engines={codes.normalize(code, where): name for code, name in config.engines.items()},
    )


_FOLDERS = ("source_dir", "locales_dir", "output_dir")


def _folders(config: Config, where: str | None) -> dict[str, Any]:
    """The three folders as clean paths relative to the root (an absolute path inside the
    project becomes relative). A folder outside the project is refused: loc's lock, its
    clean-up of what a killed run left and its no-op checks cover the project alone. Two
    folders that are one another or nested are refused: compile would write over sources,
    extract would read outputs as documents."""
    found = {key: _inside(config.root, key, getattr(config, key), where) for key in _FOLDERS}
    for i, first in enumerate(_FOLDERS):
        for second in _FOLDERS[i + 1 :]:
            a, b = (config.root / found[first]).resolve(), (config.root / found[second]).resolve()
            named = f"{first} {getattr(config, first)!r} and {second} {getattr(config, second)!r}"
            if a == b:
                raise LocError(f"{named} are the same folder; {_SEPARATE}", where)
            if a.is_relative_to(b) or b.is_relative_to(a):
                raise LocError(f"{named} are nested in one another; {_SEPARATE}", where)
    return found


_SEPARATE = "source, locales and output must be separate folders"


def _inside(root: Path, key: str, value: str, where: str | None) -> str:
    if not value.strip():
        raise LocError(f"{key} must name a folder inside the project, not {value!r}", where)
    path = Path(os.path.normpath(value))
    if path.is_absolute():
        for base in (Path(os.path.normpath(root.absolute())), root.resolve()):
            if path.is_relative_to(base):
                path = path.relative_to(base)
                break
    if path.is_absolute() or (path.parts and path.parts[0] == ".."):
        raise LocError(
            f"{key} {value!r} is outside the project folder; use a folder inside it "
            "(a symlink there may point elsewhere)",
            where,
        )
    return path.as_posix()
