"""Test isolation: Argos Translate reads its directories from the environment when it is
first imported, so they are pointed at a throwaway folder before anything imports it."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import argos_index
import pytest

_ARGOS_HOME = Path(tempfile.mkdtemp(prefix="loc-tests-argos-"))
for _name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
    os.environ[_name] = str(_ARGOS_HOME / _name.lower())
os.environ["ARGOS_PACKAGES_DIR"] = str(_ARGOS_HOME / "packages")
# no test may reach the real package index
os.environ["ARGOS_PACKAGE_INDEX"] = "http://127.0.0.1:9/"


def _apt_with_a_cache() -> None:
    """Where nothing translates a pair, loc asks apt-cache which Debian package would
    (engines.apertium.packaged): four calls for en→de. A system that turns apt's binary
    cache off (Docker's docker-clean) has each call parse every package list again, some
    3 s; the tests' apt keeps its cache in the temporary folder, shared by every worker and
    run (apt renames a new cache into place, and rebuilds it when the lists change)."""
    system = Path("/etc/apt/apt.conf.d")
    if not shutil.which("apt-cache") or not system.is_dir():
        return
    home = Path(tempfile.gettempdir()) / f"loc-tests-apt-{os.getuid()}"
    parts = home / "apt.conf.d"
    parts.mkdir(parents=True, exist_ok=True)
    for link in parts.iterdir():
        if link.is_symlink() and not link.exists():
            link.unlink()  # a part the system no longer has
    for part in system.iterdir():
        with contextlib.suppress(FileExistsError):
            (parts / part.name).symlink_to(part)
    cache = (
        f'Dir::Cache::pkgcache "{home}/pkgcache.bin";\nDir::Cache::srcpkgcache "{home}/srcpkgcache.bin";\n'
    )
    config = home / "apt.conf"
    # the last of the parts read, so it wins over docker-clean
    for path, text in ((parts / "zzzz-loc-tests", cache), (config, f'Dir::Etc::parts "{parts}/";\n')):
        if not path.is_file() or path.read_text() != text:
            path.write_text(text)
    os.environ["APT_CONFIG"] = str(config)


_apt_with_a_cache()

ROOT = Path(__file__).resolve().parent.parent
BUILDER = ROOT / "tests" / "support" / "build_argosmodel.py"
DATA = ROOT / "tests" / "data"
STATEMENT = DATA / "statement.txt"
GLOSSARY = DATA / "glossary.tbx"


def make_project(root: Path, settings: str, *, glossary: bool = False) -> Path:
    """A project folder: the statement in source/, `settings` as its pyproject.toml."""
    (root / "source").mkdir(parents=True)
    shutil.copy(STATEMENT, root / "source" / "statement.txt")
    if glossary:
        shutil.copy(GLOSSARY, root / "glossary.tbx")
    (root / "pyproject.toml").write_text(settings)
    return root


def loc(root: Path, *args: str):
    """`loc ARGS -C root` through typer's runner (stdout and stderr kept apart)."""
    from typer.testing import CliRunner

    from loc.cli import app

    return CliRunner().invoke(app, [*args, "-C", str(root)])


@pytest.fixture(scope="session")
def build_package(tmp_path_factory):
    """Build a tiny but real Argos package (SentencePiece + CTranslate2) in about 0.1 s.

    `--mode copy` makes an identity translator: output = input after a real
    tokenizer and engine round trip, so end-to-end results are exact and deterministic.
    """
    built: dict[tuple, Path] = {}

    def build(from_code: str = "en", to_code: str = "de", version: str = "1.0", *extra: str) -> Path:
        key = (from_code, to_code, version, *extra)
        if key not in built:
            out = tmp_path_factory.mktemp(f"argos-{from_code}-{to_code}")
            subprocess.run(
                [
                    sys.executable,
                    str(BUILDER),
                    "--out-dir",
                    str(out),
                    "--corpus",
                    str(STATEMENT),
                    "--sp-vocab",
                    "300",
                    "--from-code",
                    from_code,
                    "--to-code",
                    to_code,
                    "--version",
                    version,
                    *extra,
                ],
                check=True,
                capture_output=True,
            )
            built[key] = next(out.glob("*.argosmodel"))
        return built[key]

    return build


@pytest.fixture
def argos_packages(tmp_path, monkeypatch):
    """A fresh, empty Argos packages directory for one test."""
    from argostranslate import settings

    packages = tmp_path / "argos-packages"
    packages.mkdir()
    monkeypatch.setattr(settings, "package_data_dir", packages)
    monkeypatch.setattr(settings, "package_dirs", [packages])
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(packages))
    return packages


@pytest.fixture
def en_de(build_package, argos_packages):
    """The tiny en→de package, installed the way users install a file."""
    from loc.engines.argos import packages

    return packages.install_file(build_package("en", "de"))


@pytest.fixture
def downloads(tmp_path, monkeypatch):
    """Argos's download folder and local index copy, per test."""
    from argostranslate import settings

    folder = tmp_path / "downloads"
    folder.mkdir()
    monkeypatch.setattr(settings, "downloads_dir", folder)
    monkeypatch.setattr(settings, "local_package_index", tmp_path / "index.json")
    return folder


@pytest.fixture
def index(monkeypatch, downloads):
    """A package index on 127.0.0.1, found through ARGOS_PACKAGE_INDEX as an online user's is."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), argos_index.Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    served = argos_index.Index(server)
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", served.base)  # what an online user's setting does
    yield served
    server.shutdown()
    server.server_close()
