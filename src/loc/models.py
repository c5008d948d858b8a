"""Argos Translate packages: list, install (from the index or a file), remove, and route a pair.

Argos's own package functions are used for what they do well (reading installed packages,
`install_from_path`, `uninstall`, its directories and index URL), but not blind: its index
lookup recurses forever offline, its download keeps a half-written file and installs it, and
its install extracts any zip. So loc fetches the index itself, streams downloads to a
temporary name with a size and checksum check, and validates every archive before Argos
unpacks it. argostranslate is imported inside functions: `loc status` never pays for it.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import os
import shutil
import stat
import sys
import tempfile
import urllib.error
import urllib.request
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from loc.errors import LocError
from loc.files import write_atomic

if TYPE_CHECKING:
    from argostranslate.package import Package

PIVOT = "en"  # Argos publishes most pairs to and from English
# regional codes Argos names on their own (its sbd.py maps them the same way)
_ARGOS_CODES = {
    "pt_BR": ("pb", "pt"),
    "zh_Hant": ("zt",),
    "zh_TW": ("zt",),
    "zh_HK": ("zt",),
    "zh_Hans": ("zh",),
    "zh_CN": ("zh",),
}
_CHUNK = 1 << 20
_USER_AGENT = "loc (Argos Translate packages)"


@dataclass(frozen=True)
class Model:
    """One translation package: installed (`path` set) or offered by the index (`links` set)."""

    from_code: str
    to_code: str
    version: str
    name: str  # argospm's name, e.g. "translate-en_de"
    path: Path | None = None
    links: tuple[str, ...] = ()
    sha256: str | None = None

    def __str__(self) -> str:
        return f"{self.name} {self.version}".strip()


ProgressCallback = Callable[[int, int | None], None]


class ModelMissing(LocError):
    """No installed model translates the pair; the message names both ways to get one."""

    def __init__(self, message: str, install_hint: str):
        super().__init__(message)
        self.install_hint = install_hint


def installed() -> list[Model]:
    """The translation packages in Argos's package directories, by language pair."""
    models = [_installed_model(pkg) for pkg in _installed_packages()]
    return sorted(models, key=lambda m: (m.from_code, m.to_code, _version_key(m.version)))


def available(timeout: float = 10) -> list[Model]:
    """The translation packages in the Argos package index (fetched now, cached for Argos too)."""
    from argostranslate import package, settings

    url = index_url()
    try:
        with _open(url, timeout) as response:
            data = response.read()
    except (OSError, http.client.HTTPException, ValueError) as error:
        raise LocError(
            f"cannot reach the Argos package index at {url} ({_reason(error)}); if offline, get a "
            "model file (e.g. translate-en_de.argosmodel) and run `loc models install ./FILE.argosmodel`"
        ) from None
    try:
        entries = json.loads(data)
    except ValueError:
        entries = None
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise LocError(f"the package index at {url} is not a JSON list of packages")
    write_atomic(Path(settings.local_package_index), data)
    models = []
    for entry in entries:
        pkg = package.AvailablePackage(entry)
        if pkg.type != "translate" or not pkg.from_code or not pkg.to_code:
            continue
        checksum = entry.get("sha256")
        models.append(
            Model(
                from_code=pkg.from_code,
                to_code=pkg.to_code,
                version=str(pkg.package_version),
                name=package.argospm_package_name(pkg),
                links=tuple(link for link in pkg.links if isinstance(link, str)),
                sha256=checksum.lower() if isinstance(checksum, str) else None,
            )
        )
    return sorted(models, key=lambda m: (m.from_code, m.to_code, _version_key(m.version)))


def index_url() -> str:
    """Where the index lives: Argos's ARGOS_PACKAGE_INDEX (a base URL) plus index.json."""
    from argostranslate import settings

    base = str(settings.get_setting("ARGOS_PACKAGE_INDEX", settings.package_index))
    return base if base.endswith("index.json") else base.rstrip("/") + "/index.json"


def install_file(path: Path) -> Model:
    """Check a `.argosmodel` file, then install it, replacing any package for the same pair."""
    from argostranslate import package, settings

    path = Path(path)
    if not path.is_file():
        raise LocError("no such model file", path)
    top, metadata = _inspect(path)
    from_code, to_code = metadata["from_code"], metadata["to_code"]
    target = Path(settings.package_data_dir) / top
    replaced = []
    for pkg in _installed_packages():
        same_pair = (pkg.from_code, pkg.to_code) == (from_code, to_code)
        if same_pair:
            replaced.append(pkg)
        elif pkg.package_path.resolve() == target.resolve():
            raise LocError(
                f"not installed: its folder {top!r} belongs to the installed "
                f"{pkg.from_code}→{pkg.to_code} package",
                path,
            )
    if target.exists() and not any(pkg.package_path.resolve() == target.resolve() for pkg in replaced):
        raise LocError(
            f"not installed: the folder {top!r} already exists in {target.parent} "
            f"and holds no {from_code}→{to_code} package",
            path,
        )
    for pkg in replaced:
        _uninstall(pkg)
    try:
        package.install_from_path(path)
    except OSError as error:
        with contextlib.suppress(OSError):
            shutil.rmtree(target)
        raise LocError(f"cannot install: {error.strerror or error}", path) from None
    finally:
        _forget_loaded_models()
    return _installed_model(package.Package(target))


def install_from_index(
    from_code: str, to_code: str, progress: ProgressCallback | None = None, timeout: float = 30
) -> Model:
    """Download the newest index package for the pair and install it; a failed download leaves nothing."""
    model = _newest(available(timeout), lambda m: m.version).get((from_code, to_code))
    if model is None:
        raise LocError(
            f"the Argos package index has no {from_code}→{to_code} model; "
            "`loc models list` shows the pairs it has"
        )
    return install_model(model, progress, timeout)


def install_model(model: Model, progress: ProgressCallback | None = None, timeout: float = 30) -> Model:
    """Download a package the index offers, check it, install it."""
    from argostranslate import settings

    downloads = Path(settings.downloads_dir)
    downloads.mkdir(parents=True, exist_ok=True)
    final = downloads / f"{model.name}-{model.version}.argosmodel"
    _download(model, final, progress, timeout)
    try:
        return install_file(final)
    finally:
        with contextlib.suppress(OSError):
            final.unlink()


def remove(from_code: str, to_code: str) -> Model:
    """Uninstall every package for the pair; returns the newest one removed."""
    found = [pkg for pkg in _installed_packages() if (pkg.from_code, pkg.to_code) == (from_code, to_code)]
    if not found:
        raise LocError(f"no {from_code}→{to_code} model is installed; `loc models list` shows what is")
    removed = max((_installed_model(pkg) for pkg in found), key=lambda m: _version_key(m.version))
    try:
        for pkg in found:
            _uninstall(pkg)
    finally:
        _forget_loaded_models()
    return removed


def route(from_code: str, to_code: str) -> list[Package]:
    """The installed packages that translate the pair: the direct one, else two legs through English.

    A regional code falls back to Argos's code for it (`pt_BR` -> `pb`, `zh_TW` -> `zt`) or to
    its language (`de_CH` -> `de`) when no package names it exactly.
    """
    if from_code == to_code:
        raise LocError(f"source and target language are both {from_code}")
    newest = _newest(_installed_packages(), lambda pkg: pkg.package_version)
    legs = _legs(from_code, to_code, newest)
    if legs:
        return [newest[leg] for leg in legs]
    sources, targets = _codes(from_code), _codes(to_code)
    name = f"translate-{sources[-1]}_{targets[-1]}.argosmodel"
    pivot = ""
    if PIVOT not in (sources[-1], targets[-1]):
        pivot = f" (or the two models through English, {sources[-1]}→en and en→{targets[-1]})"
    raise ModelMissing(
        f"no Argos model for {from_code}→{to_code} is installed{pivot}: run `loc models install {to_code}` "
        f"online, or download {name} and run `loc models install ./{name}`",
        install_hint=f"download {name}, then run `loc models install ./{name}`",
    )


def ensure_route(
    from_code: str,
    to_code: str,
    *,
    announce: Callable[[Model], None] | None = None,
    progress_for: Callable[[Model], ProgressCallback] | None = None,
) -> list[Package]:
    """The installed route for a pair; when none is installed and the index is reachable,
    the direct model (else both legs through English) is installed first. Offline, the
    ModelMissing from `route` is raised unchanged: it names both ways to install one."""
    try:
        return route(from_code, to_code)
    except ModelMissing as missing:
        try:
            offered = _newest(available(), lambda m: m.version)
        except LocError:
            raise missing from None
        legs = _legs(from_code, to_code, offered)
        if not legs:
            raise missing from None
        have = {(m.from_code, m.to_code) for m in installed()}
        for leg in legs:
            if leg not in have:
                if announce:
                    announce(offered[leg])
                install_model(offered[leg], progress_for(offered[leg]) if progress_for else None)
        return route(from_code, to_code)


def _legs(from_code: str, to_code: str, pairs) -> list[tuple[str, str]] | None:
    """The pairs (keys of `pairs`) that translate from_code→to_code: the direct pair,
    else two legs through English, trying each Argos code for a language in order."""
    sources, targets = _codes(from_code), _codes(to_code)
    for source in sources:
        for target in targets:
            if (source, target) in pairs:
                return [(source, target)]
    for source in sources:
        for target in targets:
            if (source, PIVOT) in pairs and (PIVOT, target) in pairs:
                return [(source, PIVOT), (PIVOT, target)]
    return None


def _newest(items: list, version: Callable[[Any], str]) -> dict[tuple[str, str], Any]:
    """The newest version of each language pair among packages or index entries."""
    newest: dict[tuple[str, str], Any] = {}
    for item in items:
        key = (item.from_code, item.to_code)
        if key not in newest or _version_key(version(item)) > _version_key(version(newest[key])):
            newest[key] = item
    return newest


def _codes(code: str) -> list[str]:
    """The Argos codes to try for a loc code: itself, then Argos's name for it or its language."""
    normal = code.replace("-", "_")
    fallbacks = _ARGOS_CODES.get(normal, (normal.split("_")[0],))
    return [code, *(fallback for fallback in fallbacks if fallback != code)]


def _installed_packages() -> list[Package]:
    """Like Argos's get_installed_packages, but a broken folder is named instead of crashing."""
    from argostranslate import package, settings

    found = []
    for directory in settings.package_dirs:
        try:
            folders = sorted(p for p in Path(directory).iterdir() if p.is_dir())
        except FileNotFoundError:
            continue
        except OSError as error:
            raise LocError(f"cannot read the Argos packages folder: {error.strerror}", directory) from None
        for folder in folders:
            try:
                pkg = package.Package(folder)
            except (OSError, ValueError) as error:
                raise LocError(
                    f"not an Argos package ({type(error).__name__}: {error}); remove this folder", folder
                ) from None
            if pkg.type == "translate" and pkg.from_code and pkg.to_code:
                found.append(pkg)
    return found


def _installed_model(pkg: Package) -> Model:
    from argostranslate import package

    return Model(
        from_code=pkg.from_code,
        to_code=pkg.to_code,
        version=str(pkg.package_version),
        name=package.argospm_package_name(pkg),
        path=Path(pkg.package_path),
    )


def _uninstall(pkg: Package) -> None:
    from argostranslate import package

    try:
        package.uninstall(pkg)
    except OSError as error:
        raise LocError(f"cannot remove: {error.strerror or error}", pkg.package_path) from None


def _forget_loaded_models() -> None:
    """Argos keeps loaded translators per pair for the process; drop them after an (un)install."""
    translate = sys.modules.get("argostranslate.translate")
    if translate is not None:
        translate.get_installed_languages.cache_clear()
        translate.installed_translates.clear()


def _inspect(path: Path) -> tuple[str, dict[str, Any]]:
    """The package's top-level folder and metadata; anything unsafe or incomplete is a LocError."""
    try:
        with zipfile.ZipFile(path) as archive:
            top = _check_members(archive.infolist(), path)
            names = set(archive.namelist())
            if f"{top}/metadata.json" not in names:
                raise LocError(f"not an Argos package: no {top}/metadata.json", path)
            metadata = _read_metadata(archive.read(f"{top}/metadata.json"), top, path)
            if f"{top}/model/model.bin" not in names:
                raise LocError(f"not an Argos package: no CTranslate2 model ({top}/model/model.bin)", path)
            if not {f"{top}/sentencepiece.model", f"{top}/bpe.model"} & names:
                raise LocError(
                    f"not an Argos package: no tokenizer ({top}/sentencepiece.model or {top}/bpe.model)", path
                )
            damaged = archive.testzip()
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise LocError(f"not an Argos package: damaged zip archive ({error})", path) from None
    except OSError as error:
        raise LocError(f"cannot read: {error.strerror or error}", path) from None
    if damaged is not None:
        raise LocError(f"damaged package: {damaged} fails its checksum; download it again", path)
    return top, metadata


def _check_members(members: list[zipfile.ZipInfo], path: Path) -> str:
    """The one top-level folder every member sits in; no absolute, `..` or symlink members."""
    tops = set()
    for member in members:
        name = member.filename
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
            raise LocError(f"not an Argos package: member {name!r} has an absolute path", path)
        if ".." in parts:
            raise LocError(f"not an Argos package: member {name!r} points outside its folder", path)
        if stat.S_ISLNK(member.external_attr >> 16):
            raise LocError(f"not an Argos package: member {name!r} is a symbolic link", path)
        if len(parts) == 1:
            raise LocError(
                f"not an Argos package: {name!r} lies outside a top-level folder (a flat zip)", path
            )
        tops.add(parts[0])
    if len(tops) != 1 or "" in tops or "." in tops:
        found = ", ".join(sorted(tops)) or "none"
        raise LocError(f"not an Argos package: needs exactly one top-level folder (found: {found})", path)
    return tops.pop()


def _read_metadata(data: bytes, top: str, path: Path) -> dict[str, Any]:
    try:
        metadata = json.loads(data)
    except ValueError:
        raise LocError(f"not an Argos package: {top}/metadata.json is not valid JSON", path) from None
    if not isinstance(metadata, dict):
        raise LocError(f"not an Argos package: {top}/metadata.json is not a JSON object", path)
    for key in ("from_code", "to_code"):
        value = metadata.get(key)
        if not isinstance(value, str) or not value or not value.replace("-", "_").replace("_", "").isalnum():
            raise LocError(f"not an Argos package: {top}/metadata.json has no valid {key}", path)
    if metadata.get("type", "translate") != "translate":
        raise LocError(f"not a translation package (type {metadata.get('type')!r})", path)
    return metadata


def _download(model: Model, final: Path, progress: ProgressCallback | None, timeout: float) -> None:
    """Stream the package to a temporary name; it becomes `final` only when whole and matching."""
    if not model.links:
        raise LocError(f"the package index gives no download link for {model}")
    reasons = []
    for url in model.links:
        fd, part = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as out:
                digest = _fetch(url, out, progress, timeout)
            if model.sha256 and digest != model.sha256:
                raise LocError(
                    f"download of {model} from {url} does not match the index's sha256; not installed"
                )
            os.replace(part, final)
            return
        except (OSError, http.client.HTTPException, ValueError) as error:
            reasons.append(f"{url}: {_reason(error)}")
        finally:
            with contextlib.suppress(OSError):
                os.unlink(part)
    raise LocError(f"cannot download {model} ({'; '.join(reasons)}); nothing was installed")


def _fetch(url: str, out, progress: ProgressCallback | None, timeout: float) -> str:
    """Copy `url` into `out` in chunks; returns the sha256; a short body is an error."""
    digest = hashlib.sha256()
    with _open(url, timeout) as response:
        length = response.headers.get("Content-Length")
        total = int(length) if length and length.isdigit() else None
        done = 0
        if progress:
            progress(done, total)
        while chunk := response.read(_CHUNK):
            out.write(chunk)
            digest.update(chunk)
            done += len(chunk)
            if progress:
                progress(done, total)
    if total is not None and done != total:
        raise http.client.IncompleteRead(b"", total - done)
    return digest.hexdigest()


def _open(url: str, timeout: float):
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
    return urllib.request.urlopen(request, timeout=timeout)


def _reason(error: BaseException) -> str:
    if isinstance(error, urllib.error.HTTPError):
        return f"HTTP {error.code} {error.reason}"
    if isinstance(error, http.client.IncompleteRead):
        return f"connection closed with {error.expected} bytes still to come"
    if isinstance(error, urllib.error.URLError):
        error = error.reason if isinstance(error.reason, BaseException) else error
    if isinstance(error, TimeoutError):
        return "timed out"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


def _version_key(version: str):
    from packaging.version import InvalidVersion, Version

    try:
        return Version(version)
    except InvalidVersion:
        return Version("0")
