"""Hostile and broken packages and package indexes: each ends in one LocError line, leaves the
installed models working, and stops within its caps (size, compression ratio, time).

Packages are tiny real `.argosmodel` files; the index is an HTTP server on 127.0.0.1 that can
trickle, never end, or list entries of the wrong shape (tests/argos_index.py). The caps are
module constants, shrunk here so each test runs in about a second.
"""

from __future__ import annotations

import hashlib
import json
import resource
import signal
import struct
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from loc.cli import app
from loc.engines.argos import ArgosEngine, packages
from loc.errors import LocError

SENTENCE = "We are disappointed that the SEC today decided to file a lawsuit against Binance."


def repack(source: Path, target: Path, *, drop: str = "", top: str = "", extra: dict | None = None) -> Path:
    """Copy a package zip, leaving out members ending in `drop`, renaming its folder, adding members."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        old_top = old.namelist()[0].split("/")[0]
        for member in old.infolist():
            if drop and member.filename.endswith(drop):
                continue
            name = (top or old_top) + member.filename[len(old_top) :]
            new.writestr(name, old.read(member))
        for name, data in (extra or {}).items():
            new.writestr(name, data)
    return target


def patch_member(path: Path, name: str, *, flag: int = 0, method: int | None = None) -> None:
    """Set a general-purpose flag bit or the compression method of one member, in both of its
    zip headers: what other zip tools write and Python's zipfile cannot."""
    data = bytearray(path.read_bytes())
    encoded = name.encode()
    for signature, flags_at, name_at in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            if data[start + name_at : start + name_at + len(encoded)] == encoded:
                (flags,) = struct.unpack_from("<H", data, start + flags_at)
                struct.pack_into("<H", data, start + flags_at, flags | flag)
                if method is not None:
                    struct.pack_into("<H", data, start + flags_at + 2, method)
            start += 4
    path.write_bytes(bytes(data))


def refused(path: Path) -> str:
    """The one-line error for installing `path`."""
    with pytest.raises(LocError) as caught:
        packages.install_file(path)
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message
    return message


def still_working(model: packages.Model, argos_packages: Path) -> None:
    """`model` is the one installed package, it translates, and no staging folder is left."""
    assert packages.installed() == [model]
    assert [p.name for p in argos_packages.iterdir()] == [model.path.name]
    [result] = ArgosEngine("en", "de").translate([SENTENCE])
    assert result.text == SENTENCE


def offer(index, entry: dict, link: str) -> dict:
    """An index entry for en→de 1.0 whose download is `link`, however wrong the entry is otherwise."""
    base = {"type": "translate", "from_code": "en", "to_code": "de", "package_version": "1.0"}
    base.update(links=[link], from_name="English", to_name="German")
    return index.add({**base, **entry})


def failure(attempt) -> str:
    with pytest.raises(LocError) as caught:
        attempt()
    message = str(caught.value)
    assert "\n" not in message
    return message


# ---- a package that fails while unpacking leaves the installed one working ------------------


@pytest.mark.parametrize(
    ("version", "broken", "complaint"),
    [
        ("2.0", {"model": "a file where the model folder must be"}, "both a file and a folder"),
        ("2.0", {"a" * 300: "x"}, "name too long"),
        ("2.0", {"model/model.bin": b"\0" * 4096}, "ctranslate2 model does not load"),
        ("1.0", {"model/model.bin": b"\0" * 4096}, "ctranslate2 model does not load"),  # same folder
    ],
    ids=["file-where-a-folder-must-be", "300-character-name", "model-that-does-not-load", "same-version"],
)
def test_a_package_that_fails_to_install_leaves_the_installed_version_working(
    build_package, tmp_path, argos_packages, version, broken, complaint
):
    v1 = packages.install_file(build_package("en", "de", "1.0"))
    top = f"translate-en_de-{version.replace('.', '_')}"
    drop = next(iter(broken)) if broken.get("model/model.bin") else ""
    extra = {f"{top}/{name}": data for name, data in broken.items()}
    path = repack(build_package("en", "de", version), tmp_path / "broken.argosmodel", drop=drop, extra=extra)

    assert complaint in refused(path).lower()

    still_working(v1, argos_packages)


def test_a_write_the_disk_refuses_while_unpacking_leaves_the_installed_version_working(
    build_package, argos_packages
):
    v1 = packages.install_file(build_package("en", "de", "1.0"))
    v2 = build_package("en", "de", "2.0")
    # a real refused write: the model.bin (1.3 MB) outgrows a 0.5 MB file size limit, as on a full disk
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    limits = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (500_000, limits[1]))
    try:
        message = refused(v2)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, limits)
        signal.signal(signal.SIGXFSZ, handler)

    assert "cannot install: File too large" in message
    still_working(v1, argos_packages)


# ---- zip bombs and members Python cannot unpack ----------------------------------------------


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(build_package, tmp_path, argos_packages):
    path = repack(build_package(), tmp_path / "bomb.argosmodel")
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("translate-en_de-1_0/model/padding.bin", "w") as member,
    ):
        for _ in range(32):
            member.write(bytes(1 << 20))  # 32 MB of zeros: about 32 KB on disk

    message = refused(path)
    assert "padding.bin' expands 1028 times" in message and "more than 100 times" in message
    assert list(argos_packages.iterdir()) == []


def test_a_package_larger_than_the_unpacked_size_cap_is_refused(build_package, argos_packages, monkeypatch):
    monkeypatch.setattr(packages, "MAX_UNPACKED_BYTES", 1 << 20)
    message = refused(build_package())
    assert "unpacks to 1.6 MB, more than the 1.0 MB" in message
    assert list(argos_packages.iterdir()) == []


@pytest.mark.parametrize(
    ("flag", "method", "complaint"),
    [
        (0x1, None, "is encrypted"),
        (0, 9, "compression method 9 (Deflate64)"),
        (0, 93, "compression method 93 (Zstandard)"),
    ],
    ids=["encrypted", "deflate64", "zstd"],
)
def test_a_member_python_cannot_unpack_is_refused(
    build_package, tmp_path, argos_packages, flag, method, complaint
):
    path = repack(build_package(), tmp_path / "odd.argosmodel")
    patch_member(path, "translate-en_de-1_0/model/model.bin", flag=flag, method=method)

    assert complaint in refused(path)
    assert list(argos_packages.iterdir()) == []


# ---- downloads -------------------------------------------------------------------------------


def test_an_endless_download_stops_at_the_size_cap(index, downloads, argos_packages, monkeypatch):
    monkeypatch.setattr(packages, "MAX_DOWNLOAD_BYTES", 1 << 20)
    offer(index, {}, index.serve("endless.argosmodel", b"\0", "endless"))

    message = failure(lambda: packages.install_from_index("en", "de"))

    assert "larger than the 1.0 MB limit" in message and "nothing was installed" in message
    assert list(downloads.iterdir()) == [] and list(argos_packages.iterdir()) == []


def test_a_download_that_announces_too_many_bytes_is_not_started(
    build_package, index, downloads, argos_packages, monkeypatch
):
    monkeypatch.setattr(packages, "MAX_DOWNLOAD_BYTES", 1 << 10)
    index.publish(build_package())
    message = failure(lambda: packages.install_from_index("en", "de"))
    assert "larger than the 0.0 MB limit" in message
    assert list(downloads.iterdir()) == [] and list(argos_packages.iterdir()) == []


@pytest.mark.parametrize("target", ["package", "/dev/zero"])
def test_a_link_that_is_not_http_is_not_followed(build_package, index, downloads, argos_packages, target):
    path = build_package() if target == "package" else Path(target)
    entry = offer(index, {}, path.resolve().as_uri())
    if target == "package":
        entry["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
        index.add(index.entries.pop())

    [model] = packages.available()
    assert model.links == ()
    message = failure(lambda: packages.install_from_index("en", "de"))

    assert "no http(s) download link" in message
    assert list(downloads.iterdir()) == [] and list(argos_packages.iterdir()) == []


def test_a_trickling_download_gives_up_at_its_deadline(
    build_package, index, downloads, argos_packages, monkeypatch
):
    monkeypatch.setattr(packages, "DOWNLOAD_DEADLINE", 0.3)
    index.publish(build_package(), mode="trickle")

    message = failure(lambda: packages.install_from_index("en", "de"))

    assert "took longer than 0.3 s" in message and "nothing was installed" in message
    assert list(downloads.iterdir()) == [] and list(argos_packages.iterdir()) == []


# ---- the index -------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["trickle", "trickle-headers"])
def test_a_trickling_index_gives_up_at_its_deadline(build_package, index, argos_packages, monkeypatch, mode):
    monkeypatch.setattr(packages, "INDEX_DEADLINE", 0.3)
    index.publish(build_package())
    index.serve("index.json", json.dumps(index.entries).encode(), mode)

    message = failure(packages.available)

    assert "took longer than 0.3 s" in message and "offline" in message


def test_a_trickling_index_lets_models_list_and_translate_go_on_offline(
    build_package, index, argos_packages, monkeypatch
):
    monkeypatch.setattr(packages, "INDEX_DEADLINE", 0.3)
    index.publish(build_package())
    index.serve("index.json", json.dumps(index.entries).encode(), "trickle")
    listed = CliRunner().invoke(app, ["models", "list"])
    assert listed.exit_code == 0, listed.output
    assert "index not reachable" in listed.output and "took longer than 0.3 s" in listed.output

    with pytest.raises(packages.ModelMissing):  # what `loc translate` reports offline
        packages.ensure_route("en", "de")


def test_an_endless_index_stops_at_the_size_cap(index, argos_packages, monkeypatch):
    monkeypatch.setattr(packages, "MAX_INDEX_BYTES", 1 << 16)
    index.serve("index.json", b" ", "endless")

    message = failure(packages.available)

    assert "larger than the 0.1 MB limit" in message


def test_a_version_that_climbs_out_of_downloads_is_skipped(build_package, index, downloads, argos_packages):
    package = build_package()
    offer(index, {"package_version": "../../../escaped"}, index.serve("p.argosmodel", package.read_bytes()))

    assert packages.available() == []
    assert "has no en→de model" in failure(lambda: packages.install_from_index("en", "de"))
    assert list(downloads.parent.rglob("*escaped*")) == []


@pytest.mark.parametrize(
    "wrong",
    [
        {"links": None},
        {"links": "http://127.0.0.1:9/x.argosmodel"},
        {"from_code": 1},
        {"to_code": ["de"]},
        {"package_version": None},
        {"source_languages": "en"},
        {"languages": {"code": "en"}},
        {"sha256": "not a checksum"},
        {"from_code": "../en"},
    ],
    ids=lambda wrong: "-".join(f"{key}={value!r}" for key, value in wrong.items()),
)
def test_an_index_entry_of_the_wrong_shape_is_skipped(build_package, index, downloads, argos_packages, wrong):
    from argostranslate import package as argos

    offer(index, {"to_code": "fr", **wrong}, index.base + "never-fetched.argosmodel")
    good = index.publish(build_package())

    assert [(m.from_code, m.to_code) for m in packages.available()] == [("en", "de")]
    assert [p.to_code for p in argos.get_available_packages()] == ["de"]  # Argos's cache holds no bad entry
    assert packages.install_from_index("en", "de").version == good["package_version"]


def test_an_index_entry_of_another_type_is_kept_for_argos(build_package, index, downloads, argos_packages):
    from argostranslate import package as argos

    index.add({"type": "sbd", "code": "sbd-en", "from_codes": ["en"], "links": [], "package_version": "1"})
    index.publish(build_package())

    assert [(m.from_code, m.to_code) for m in packages.available()] == [("en", "de")]
    assert sorted(p.type for p in argos.get_available_packages()) == ["sbd", "translate"]


def test_a_hidden_package_folder_is_refused(build_package, tmp_path, argos_packages):
    path = repack(build_package(), tmp_path / "hidden.argosmodel", top=".translate-en_de-1_0")
    assert "exactly one top-level folder" in refused(path)
    assert list(argos_packages.iterdir()) == []


def test_an_index_entry_that_is_not_an_object_is_skipped(build_package, index, argos_packages):
    index.add("translate-en_fr")
    index.publish(build_package())
    assert [(m.from_code, m.to_code) for m in packages.available()] == [("en", "de")]
