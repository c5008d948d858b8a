"""Argos Translate packages: list, install (from the index or a file), remove, and route a pair.

Argos's own package functions are used for what they do well (reading installed packages,
`uninstall`, its directories and index URL), but not blind: its index lookup recurses forever
offline, its download keeps a half-written file and installs it, and its install extracts any
zip over the installed package. So loc fetches the index itself (http(s) only, within a size
cap and a total deadline, skipping entries of the wrong shape), streams downloads to a
temporary name with a size cap, a deadline and a checksum check, and installs in three steps:
check the archive (names, sizes, compression ratio, methods), unpack it into a hidden staging
folder beside the packages and load it there, then swap it in for the old version. A package
that fails at any step leaves the installed one working.
argostranslate is imported inside functions: `loc status` never pays for it.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import os
import re
import shutil
import socket
import stat
import sys
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from loc import atomic
from loc.engines import ModelMissing
from loc.errors import LocError

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

# Caps against broken or hostile indexes and packages. Argos's index is about 100 KB, and its
# largest packages are a few hundred MB that unpack to under 1 GB: deflate saves about half
# on model weights, where a zip bomb expands a thousandfold.
MAX_INDEX_BYTES = 16 << 20
MAX_DOWNLOAD_BYTES = 4 << 30
MAX_UNPACKED_BYTES = 8 << 30
MAX_COMPRESSION_RATIO = 100  # for each member over _RATIO_FLOOR, and for the archive as a whole
MAX_MEMBERS = 10_000
# Seconds for a whole request: the read timeout counts per read, so a server sending a byte
# every few seconds would hold `loc translate` (and the project lock) forever.
INDEX_DEADLINE = 60.0
DOWNLOAD_DEADLINE = 3600.0
_RATIO_FLOOR = 1 << 20
# what zipfile unpacks: stored, deflate, bzip2, lzma
_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
_METHOD_NAMES = {9: "Deflate64", 93: "Zstandard", 95: "XZ", 98: "PPMd", 99: "AES encryption"}
_VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}")  # also a file name in downloads/
_SHA256 = re.compile(r"[0-9A-Fa-f]{64}")
# the index fields Argos reads as lists (its AvailablePackage appends to source_languages)
_LIST_FIELDS = ("from_codes", "to_codes", "languages", "dependencies", "source_languages", "target_languages")
_STRING_FIELDS = ("code", "argos_version", "from_name", "to_name", "target_prefix", "type")


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


def installed() -> list[Model]:
    """The translation packages in Argos's package directories, by language pair."""
    models = [_installed_model(pkg) for pkg in _installed_packages()]
    return sorted(models, key=lambda m: (m.from_code, m.to_code, _version_key(m.version)))


def available(timeout: float = 10) -> list[Model]:
    """The translation packages in the Argos package index (fetched now, cached for Argos too).

    Entries of the wrong shape (see `_entry_problem`) are skipped, not fatal: one bad entry in
    a shared index must not block every other pair, and Argos's cache gets only the good ones,
    so its own `get_available_packages` does not crash on them either. Links that are not
    http(s) are dropped: a remote index must not make loc read local files.
    """
    from argostranslate import settings

    url = index_url()
    chunks: list[bytes] = []
    try:
        _get(url, chunks.append, timeout=timeout, seconds=INDEX_DEADLINE, limit=MAX_INDEX_BYTES)
    except (OSError, http.client.HTTPException, ValueError) as error:
        raise LocError(
            f"cannot read the Argos package index at {url} ({_reason(error)}); if offline, get a "
            "model file (e.g. translate-en_de.argosmodel) and run `loc models install ./FILE.argosmodel`"
        ) from None
    try:
        entries = json.loads(b"".join(chunks))
    except (ValueError, RecursionError):
        entries = None
    if not isinstance(entries, list):
        raise LocError(f"the package index at {url} is not a JSON list of packages")
    entries = [entry for entry in entries if _entry_problem(entry) is None]
    atomic.write(Path(settings.local_package_index), json.dumps(entries).encode())
    models = []
    for entry in entries:
        if entry.get("type", "translate") != "translate":
            continue
        checksum = entry.get("sha256")
        models.append(
            Model(
                from_code=entry["from_code"],
                to_code=entry["to_code"],
                version=entry["package_version"],
                name=f"translate-{entry['from_code']}_{entry['to_code']}",  # argospm's name
                links=tuple(link for link in entry["links"] if _is_http(link)),
                sha256=checksum.lower() if checksum else None,
            )
        )
    return sorted(models, key=lambda m: (m.from_code, m.to_code, _version_key(m.version)))


def _entry_problem(entry: Any) -> str | None:
    """Why an index entry cannot be used as it is, or None. Argos reads every entry (it appends
    to the list fields); of a translation package, loc also makes the codes and the version
    part of a file name and fetches the links."""
    if not isinstance(entry, dict):
        return "not a JSON object"
    for key in _LIST_FIELDS:
        if not isinstance(entry.get(key, []), list):
            return f"{key} is not a list"
    for key in _STRING_FIELDS:
        if not isinstance(entry.get(key, ""), str):
            return f"{key} is not a string"
    for key in ("from_code", "to_code"):
        if entry.get(key) is not None and not isinstance(entry[key], str):
            return f"{key} is not a string"
    links = entry.get("links", [])
    if not isinstance(links, list) or not all(isinstance(link, str) for link in links):
        return "links is not a list of URLs"
    if entry.get("type", "translate") != "translate":
        return None
    for key in ("from_code", "to_code"):
        if not _is_code(entry.get(key)):
            return f"no valid {key}"
    version = entry.get("package_version")
    if not isinstance(version, str) or not _VERSION.fullmatch(version):
        return "package_version is not a plain version"
    if "links" not in entry:
        return "no links"
    checksum = entry.get("sha256")
    if checksum is not None and not (isinstance(checksum, str) and _SHA256.fullmatch(checksum)):
        return "sha256 is not a SHA-256 checksum"
    return None


def _is_code(value: Any) -> bool:
    return isinstance(value, str) and bool(value) and value.replace("-", "_").replace("_", "").isalnum()


def _is_http(url: str) -> bool:
    return urllib.parse.urlsplit(url).scheme.lower() in ("http", "https")


def index_url() -> str:
    """Where the index lives: Argos's ARGOS_PACKAGE_INDEX (a base URL) plus index.json."""
    from argostranslate import settings

    base = str(settings.get_setting("ARGOS_PACKAGE_INDEX", settings.package_index))
    return base if base.endswith("index.json") else base.rstrip("/") + "/index.json"


def install_file(path: Path) -> Model:
    """Check a `.argosmodel` file, unpack it into a hidden staging folder and load it there, then
    swap it in for the package(s) of the same pair: one that fails at any step leaves them working."""
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
    data_dir = Path(settings.package_data_dir)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=data_dir, prefix=".loc-installing-"))
    except OSError as error:
        raise LocError(f"cannot install: {error.strerror or error}", data_dir) from None
    try:
        staged = _unpack(path, top, staging)
        _verify(staged, path)
        _swap(staged, target, replaced, path)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
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
    if not (_is_code(model.from_code) and _is_code(model.to_code) and _VERSION.fullmatch(model.version)):
        raise LocError(f"not downloaded: {model} has a name or version that is not a plain file name")
    final = downloads / f"translate-{model.from_code}_{model.to_code}-{model.version}.argosmodel"
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
            if folder.name.startswith("."):
                continue  # loc's staging folders, and hidden folders in general, are no packages
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
        size = path.stat().st_size
        with zipfile.ZipFile(path) as archive:
            top = _check_members(archive.infolist(), size, path)
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
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise LocError(f"not an Argos package: damaged zip archive ({error})", path) from None
    except OSError as error:
        raise LocError(f"cannot read: {error.strerror or error}", path) from None
    return top, metadata


def _check_members(members: list[zipfile.ZipInfo], size: int, path: Path) -> str:
    """The one top-level folder every member sits in; no absolute, `..` or symlink members, no
    name that is both a file and a folder, nothing zipfile cannot unpack, and no zip bomb.

    Sizes are the ones the archive declares: zipfile never returns more than a member's
    declared size (and fails its CRC check then), so they bound what unpacking writes."""
    if len(members) > MAX_MEMBERS:
        raise LocError(f"not an Argos package: {len(members)} members, more than {MAX_MEMBERS}", path)
    tops = set()
    files, folders = set(), set()
    unpacked = 0
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
        if member.flag_bits & 0x1:
            raise LocError(f"not installable: member {name!r} is encrypted", path)
        if member.compress_type not in _METHODS:
            method = member.compress_type
            known = f" ({_METHOD_NAMES[method]})" if method in _METHOD_NAMES else ""
            raise LocError(
                f"not installable: member {name!r} uses compression method {method}{known}, which "
                "Python cannot unpack; repack the package with deflate",
                path,
            )
        if member.file_size > _RATIO_FLOOR and member.file_size > MAX_COMPRESSION_RATIO * max(
            1, member.compress_size
        ):
            raise LocError(
                f"not installable: member {name!r} expands {member.file_size // max(1, member.compress_size)}"
                f" times, more than {MAX_COMPRESSION_RATIO} times (a zip bomb?)",
                path,
            )
        unpacked += member.file_size
        steps = tuple(part for part in parts if part not in ("", "."))
        folders.update(steps[:i] for i in range(1, len(steps)))
        (folders if member.is_dir() else files).add(steps)
    clash = files & folders
    if clash:
        raise LocError(f"not an Argos package: {'/'.join(min(clash))!r} is both a file and a folder", path)
    if unpacked > MAX_UNPACKED_BYTES:
        raise LocError(
            f"not installable: it unpacks to {_mb(unpacked)}, more than the {_mb(MAX_UNPACKED_BYTES)} limit",
            path,
        )
    if unpacked > _RATIO_FLOOR and unpacked > MAX_COMPRESSION_RATIO * max(1, size):
        raise LocError(
            f"not installable: it unpacks to {_mb(unpacked)} from {_mb(size)}, more than "
            f"{MAX_COMPRESSION_RATIO} times its size (a zip bomb?)",
            path,
        )
    if len(tops) != 1 or any(top.startswith(".") or not top for top in tops):
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


def _unpack(path: Path, top: str, staging: Path) -> Path:
    """Unpack the checked archive into `staging`; returns the staged package folder."""
    try:
        with zipfile.ZipFile(path) as archive:
            for member in archive.infolist():
                steps = [
                    part for part in member.filename.replace("\\", "/").split("/") if part not in ("", ".")
                ]
                where = staging.joinpath(*steps)
                if member.is_dir():
                    where.mkdir(parents=True, exist_ok=True)
                    continue
                where.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(member) as source, open(where, "wb") as out:
                    shutil.copyfileobj(source, out, _CHUNK)
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise LocError(f"damaged package ({error}); download it again", path) from None
    except OSError as error:
        raise LocError(f"cannot install: {error.strerror or error}", path) from None
    return staging / top


def _verify(staged: Path, path: Path) -> None:
    """Load the staged package as the engine will: Argos's metadata, the tokenizer, the model."""
    import ctranslate2
    from argostranslate import package

    try:
        package.Package(staged)
    except (OSError, ValueError) as error:
        raise LocError(f"not installed: Argos cannot read it ({_one_line(error)})", path) from None
    tokenizer = staged / "sentencepiece.model"
    if tokenizer.is_file():
        import sentencepiece

        try:
            sentencepiece.SentencePieceProcessor(model_file=str(tokenizer))
        except (RuntimeError, OSError) as error:
            raise LocError(f"not installed: its tokenizer does not load ({_one_line(error)})", path) from None
    try:
        ctranslate2.Translator(str(staged / "model"), device="cpu", inter_threads=1, intra_threads=1)
    except (RuntimeError, ValueError, OSError, IndexError) as error:  # IndexError: a zeroed model.bin
        raise LocError(
            f"not installed: its CTranslate2 model does not load ({_one_line(error)})", path
        ) from None


def _swap(staged: Path, target: Path, replaced: list[Package], path: Path) -> None:
    """Move the replaced packages aside (hidden, beside themselves), move the staged one in, then
    delete the old ones; if a move fails, the old packages go back where they were."""
    aside: list[tuple[Path, Path]] = []
    try:
        for pkg in replaced:
            old = Path(pkg.package_path)
            hidden = Path(tempfile.mkdtemp(dir=old.parent, prefix=".loc-replacing-"))
            aside.append((old, hidden))
            os.replace(old, hidden / old.name)
        os.replace(staged, target)
    except OSError as error:
        for old, hidden in reversed(aside):
            with contextlib.suppress(OSError):
                os.replace(hidden / old.name, old)
            shutil.rmtree(hidden, ignore_errors=True)
        raise LocError(f"cannot install: {error.strerror or error}", path) from None
    for _, hidden in aside:
        shutil.rmtree(hidden, ignore_errors=True)


def _download(model: Model, final: Path, progress: ProgressCallback | None, timeout: float) -> None:
    """Stream the package to a temporary name; it becomes `final` only when whole and matching."""
    links = [url for url in model.links if _is_http(url)]
    if not links:
        raise LocError(f"the package index gives no http(s) download link for {model}")
    reasons = []
    for url in links:
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
    """Copy `url` into `out`; returns the sha256."""
    digest = hashlib.sha256()

    def write(chunk: bytes) -> None:
        out.write(chunk)
        digest.update(chunk)

    _get(url, write, timeout=timeout, seconds=DOWNLOAD_DEADLINE, limit=MAX_DOWNLOAD_BYTES, progress=progress)
    return digest.hexdigest()


class _TooLarge(ValueError):
    pass


def _get(
    url: str,
    write: Callable[[bytes], object],
    *,
    timeout: float,
    seconds: float,
    limit: int,
    progress: ProgressCallback | None = None,
) -> None:
    """GET an http(s) URL into `write` in chunks: `timeout` per read, `seconds` for the whole
    request, at most `limit` bytes; a body shorter than its Content-Length is an error."""
    if not _is_http(url):
        raise ValueError("not an http(s) URL")
    deadline = _Deadline(seconds)
    try:
        with deadline, _opener(deadline).open(_request(url), timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            if total is not None and total > limit:
                raise _TooLarge(f"larger than the {_mb(limit)} limit")
            done = 0
            if progress:
                progress(done, total)
            while chunk := response.read(_CHUNK):
                done += len(chunk)
                if done > limit:
                    raise _TooLarge(f"larger than the {_mb(limit)} limit")
                write(chunk)
                if progress:
                    progress(done, total)
            deadline.check()
            if total is not None and done != total:
                raise http.client.IncompleteRead(b"", total - done)
    except (OSError, http.client.HTTPException, ValueError):
        deadline.check()  # a hang-up at the deadline is the deadline's error
        raise


class _Deadline:
    """Hangs up a request's connections when its time is spent: reads blocked on the socket
    return at once, and `check` then raises TimeoutError."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _hang_up(sock)

    def check(self) -> None:
        if self.expired:
            raise TimeoutError(f"took longer than {self.seconds:g} s")

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _hang_up(sock)


def _hang_up(sock: socket.socket) -> None:
    """Shut the connection down under the reader (for TLS, the plain socket beneath it)."""
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _opener(deadline: _Deadline) -> urllib.request.OpenerDirector:
    """urllib for http(s) only (no file:, ftp: or data: links, nor redirects to them), each
    connection watched by `deadline`."""

    class Connection(http.client.HTTPConnection):
        def connect(self):
            super().connect()
            deadline.watch(self.sock)

    class SecureConnection(http.client.HTTPSConnection):
        def connect(self):
            super().connect()
            deadline.watch(self.sock)

    class Handler(urllib.request.HTTPHandler):
        def http_open(self, req):
            return self.do_open(Connection, req)

    class SecureHandler(urllib.request.HTTPSHandler):
        def https_open(self, req):
            return self.do_open(SecureConnection, req, context=self._context)

    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.UnknownHandler(),
        Handler(),
        SecureHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPRedirectHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def _request(url: str) -> urllib.request.Request:
    return urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})


def _mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def _reason(error: BaseException) -> str:
    if isinstance(error, urllib.error.HTTPError):
        return f"HTTP {error.code} {error.reason}"
    if isinstance(error, http.client.IncompleteRead):
        return f"connection closed with {error.expected} bytes still to come"
    if isinstance(error, urllib.error.URLError):
        error = error.reason if isinstance(error.reason, BaseException) else error
    if isinstance(error, TimeoutError):
        return str(error) or "timed out"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


def _version_key(version: str):
    from packaging.version import InvalidVersion, Version

    try:
        return Version(version)
    except InvalidVersion:
        return Version("0")
