"""Installing, listing and removing Argos packages, from files and from a package index.

Packages are tiny real `.argosmodel` files; the "online" index is an HTTP server on 127.0.0.1.
"""

from __future__ import annotations

import json
import stat
import zipfile
from pathlib import Path

import pytest

from loc.engines.argos import packages
from loc.errors import LocError


def repack(source: Path, target: Path, *, drop: str = "", top: str = "", extra: dict | None = None) -> Path:
    """Copy a package zip, leaving out members ending in `drop`, renaming its folder, adding members."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for member in old.infolist():
            if drop and member.filename.endswith(drop):
                continue
            name = member.filename
            if top:
                name = top + name[name.index("/") :]
            new.writestr(name, old.read(member))
        for name, data in (extra or {}).items():
            new.writestr(name, data)
    return target


def rejected(path: Path, folder: Path) -> str:
    """The one-line error for installing `path`; nothing may have been installed."""
    with pytest.raises(LocError) as caught:
        packages.install_file(path)
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message
    assert list(folder.iterdir()) == []
    return message


# ---- files ----------------------------------------------------------------------------------


def test_install_file_installs_and_lists_the_package(build_package, argos_packages):
    model = packages.install_file(build_package("en", "de", "1.0"))

    assert (model.name, model.from_code, model.to_code) == ("translate-en_de", "en", "de")
    assert model.version == "1.0"
    assert model.path == argos_packages / "translate-en_de-1_0"
    assert (model.path / "model" / "model.bin").is_file()
    assert packages.installed() == [model]


def test_installed_is_empty_without_packages(argos_packages):
    assert packages.installed() == []


def test_installing_a_new_version_replaces_the_old_one(build_package, argos_packages):
    packages.install_file(build_package("en", "de", "1.0"))
    new = packages.install_file(build_package("en", "de", "2.0"))

    assert packages.installed() == [new]
    assert [p.name for p in argos_packages.iterdir()] == ["translate-en_de-2_0"]


def test_reinstalling_the_same_version_works(build_package, argos_packages):
    first = packages.install_file(build_package("en", "de", "1.0"))
    assert packages.install_file(build_package("en", "de", "1.0")) == first
    assert packages.installed() == [first]


def test_remove_uninstalls_the_pair(build_package, argos_packages):
    packages.install_file(build_package("en", "de", "1.0"))
    kept = packages.install_file(build_package("en", "fr", "1.0"))

    removed = packages.remove("en", "de")

    assert (removed.name, removed.version) == ("translate-en_de", "1.0")
    assert not removed.path.exists()
    assert packages.installed() == [kept]


def test_removing_a_pair_that_is_not_installed_is_an_error(argos_packages):
    with pytest.raises(LocError, match="no en→de model is installed"):
        packages.remove("en", "de")


def test_install_clears_argos_own_loaded_translators(build_package, argos_packages):
    from argostranslate import translate

    packages.install_file(build_package("en", "de", "1.0"))
    assert translate.get_translation_from_codes("en", "de").underlying.pkg.package_version == "1.0"

    packages.install_file(build_package("en", "de", "2.0"))

    assert translate.installed_translates == []
    assert translate.get_translation_from_codes("en", "de").underlying.pkg.package_version == "2.0"


def test_missing_file_is_an_error(tmp_path, argos_packages):
    assert "no such model file" in rejected(tmp_path / "nope.argosmodel", argos_packages)


def test_not_a_zip_is_rejected(tmp_path, argos_packages):
    path = tmp_path / "translate-en_de.argosmodel"
    path.write_text("<html>captive portal</html>")
    assert "not an Argos package" in rejected(path, argos_packages)


def test_truncated_package_is_rejected(build_package, tmp_path, argos_packages):
    data = build_package("en", "de", "1.0").read_bytes()
    path = tmp_path / "half.argosmodel"
    path.write_bytes(data[: len(data) // 2])
    assert "damaged zip" in rejected(path, argos_packages)


def test_flat_zip_is_rejected(build_package, argos_packages):
    message = rejected(build_package("en", "de", "1.0", "--flat-zip"), argos_packages)
    assert "flat zip" in message


def test_zip_slip_member_is_rejected(build_package, tmp_path, argos_packages):
    evil = {"translate-en_de-1_0/../../evil": "x"}
    path = repack(build_package(), tmp_path / "evil.argosmodel", extra=evil)
    assert "points outside its folder" in rejected(path, argos_packages)
    assert not (argos_packages.parent / "evil").exists()


def test_absolute_member_is_rejected(build_package, tmp_path, argos_packages):
    path = tmp_path / "abs.argosmodel"
    repack(build_package(), path)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(zipfile.ZipInfo("/tmp/evil"), "x")  # ZipInfo keeps the leading slash
    assert "absolute path" in rejected(path, argos_packages)


def test_symlink_member_is_rejected(build_package, tmp_path, argos_packages):
    path = repack(build_package(), tmp_path / "link.argosmodel")
    link = zipfile.ZipInfo("translate-en_de-1_0/link")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(link, "/etc/passwd")
    assert "symbolic link" in rejected(path, argos_packages)


def test_two_top_level_folders_are_rejected(build_package, tmp_path, argos_packages):
    path = repack(build_package(), tmp_path / "two.argosmodel", extra={"other/README.md": "x"})
    assert "exactly one top-level folder" in rejected(path, argos_packages)


@pytest.mark.parametrize(
    ("drop", "complaint"),
    [
        ("metadata.json", "no translate-en_de-1_0/metadata.json"),
        ("model.bin", "no CTranslate2 model"),
        ("sentencepiece.model", "no tokenizer"),
    ],
)
def test_incomplete_package_is_rejected(build_package, tmp_path, argos_packages, drop, complaint):
    path = repack(build_package(), tmp_path / "incomplete.argosmodel", drop=drop)
    assert complaint in rejected(path, argos_packages)


def test_metadata_without_language_codes_is_rejected(build_package, tmp_path, argos_packages):
    metadata = {"package_version": "1.0", "from_code": "en"}
    path = repack(
        build_package(),
        tmp_path / "meta.argosmodel",
        drop="metadata.json",
        extra={"translate-en_de-1_0/metadata.json": json.dumps(metadata)},
    )
    assert "no valid to_code" in rejected(path, argos_packages)


def test_package_whose_folder_belongs_to_another_pair_is_rejected(build_package, tmp_path, argos_packages):
    installed = packages.install_file(build_package("en", "de", "1.0"))
    impostor = repack(build_package("en", "fr", "1.0"), tmp_path / "fr.argosmodel", top="translate-en_de-1_0")

    with pytest.raises(LocError, match="belongs to the installed en→de package") as caught:
        packages.install_file(impostor)

    assert str(impostor) in str(caught.value)
    assert packages.installed() == [installed]
    assert json.loads((installed.path / "metadata.json").read_text())["to_code"] == "de"


def test_a_broken_package_folder_is_named_not_a_traceback(build_package, argos_packages):
    from argostranslate import package

    packages.install_file(build_package("en", "de", "1.0"))
    package.install_from_path(build_package("en", "fr", "1.0", "--flat-zip"))  # what Argos allows

    with pytest.raises(LocError, match="not an Argos package") as caught:
        packages.installed()
    assert str(argos_packages / "model") in str(caught.value)


# ---- routes ---------------------------------------------------------------------------------


def test_route_prefers_the_direct_pair(build_package, argos_packages):
    for pair in [("de", "en"), ("en", "fr"), ("de", "fr")]:
        packages.install_file(build_package(*pair))
    assert [(p.from_code, p.to_code) for p in packages.route("de", "fr")] == [("de", "fr")]


def test_route_pivots_through_english(build_package, argos_packages):
    packages.install_file(build_package("de", "en"))
    packages.install_file(build_package("en", "fr"))
    assert [(p.from_code, p.to_code) for p in packages.route("de", "fr")] == [("de", "en"), ("en", "fr")]


def test_route_falls_back_from_a_regional_code(build_package, argos_packages):
    packages.install_file(build_package("en", "pt"))
    assert [p.to_code for p in packages.route("en", "pt_BR")] == ["pt"]


def test_missing_route_names_both_ways_to_install(argos_packages):
    with pytest.raises(LocError) as caught:
        packages.route("en", "de")
    message = str(caught.value)
    assert "`loc models install de`" in message
    assert "`loc models install ./translate-en_de.argosmodel`" in message


# ---- the package index ----------------------------------------------------------------------


def test_available_lists_the_index_and_caches_it_for_argos(build_package, index, argos_packages):
    from argostranslate import package, settings

    entry = index.publish(build_package("en", "de", "1.0"))

    [model] = packages.available()

    assert (model.name, model.from_code, model.to_code) == ("translate-en_de", "en", "de")
    assert model.version == "1.0"
    assert model.links == tuple(entry["links"]) and model.sha256 == entry["sha256"]
    assert [p.to_code for p in package.get_available_packages()] == ["de"]
    assert json.loads(Path(settings.local_package_index).read_text()) == index.entries


def test_install_from_index_streams_with_progress(build_package, index, downloads, argos_packages):
    size = build_package("en", "de", "1.0").stat().st_size
    index.publish(build_package("en", "de", "1.0"))
    seen = []

    model = packages.install_from_index("en", "de", progress=lambda done, total: seen.append((done, total)))

    assert packages.installed() == [model]
    assert seen[0] == (0, size) and seen[-1] == (size, size)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert list(downloads.iterdir()) == []


def test_install_from_index_ignores_a_stale_download(build_package, index, downloads, argos_packages):
    index.publish(build_package("en", "de", "1.0"))
    (downloads / "translate-en_de-1.0.argosmodel").write_bytes(b"half a file from an earlier try")

    assert packages.install_from_index("en", "de").version == "1.0"
    assert list(downloads.iterdir()) == []


def test_install_from_index_tries_the_next_link(build_package, index, argos_packages):
    package = build_package("en", "de", "1.0")
    index.publish(package, links=[index.base + "missing.argosmodel", index.base + package.name])

    assert packages.install_from_index("en", "de").version == "1.0"


def test_dropped_download_leaves_nothing_behind(build_package, index, downloads, argos_packages):
    index.publish(build_package("en", "de", "1.0"), mode="drop")

    with pytest.raises(LocError, match="nothing was installed") as caught:
        packages.install_from_index("en", "de")

    assert "connection closed" in str(caught.value)
    assert list(argos_packages.iterdir()) == []
    assert list(downloads.iterdir()) == []


def test_checksum_mismatch_is_rejected(build_package, index, downloads, argos_packages):
    index.publish(build_package("en", "de", "1.0"), sha256="0" * 64)

    with pytest.raises(LocError, match="does not match the index's sha256"):
        packages.install_from_index("en", "de")

    assert list(argos_packages.iterdir()) == []
    assert list(downloads.iterdir()) == []


def test_pair_missing_from_the_index_is_an_error(build_package, index, argos_packages):
    index.publish(build_package("en", "de", "1.0"))
    with pytest.raises(LocError, match="has no en→fr model"):
        packages.install_from_index("en", "fr")


def test_unreachable_index_is_a_one_line_error(monkeypatch, downloads, argos_packages):
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "http://127.0.0.1:9/")

    for attempt in (packages.available, lambda: packages.install_from_index("en", "de")):
        with pytest.raises(LocError) as caught:  # never Argos's RecursionError
            attempt()
        message = str(caught.value)
        assert "\n" not in message
        assert "http://127.0.0.1:9/index.json" in message
        assert "offline" in message and "loc models install ./" in message
    assert list(argos_packages.iterdir()) == []


def test_index_that_is_not_a_package_list_is_an_error(index, argos_packages):
    index.server.routes["/index.json"] = (b"<html>sign in to the wifi</html>", "")
    with pytest.raises(LocError, match="not a JSON list of packages"):
        packages.available()
