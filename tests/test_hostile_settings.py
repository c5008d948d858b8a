"""Settings and folders that used to overwrite sources, delete other programs' files or
end in a traceback: each is refused in one line that names pyproject.toml or the folder,
or made to work."""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from pathlib import Path

import pytest
from conftest import loc as run_loc
from conftest import make_project

import loc
from loc import glossary
from loc.catalog import po

SETTINGS = '[tool.loc]\nlanguages = ["de"]\nengine = "pseudo"\n'


def _files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".loc" not in path.relative_to(root).parts and path.name != ".loc.lock"
    }


def _one_line_error(result, *names: str) -> str:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("loc: error: "), result.stderr
    assert "Traceback" not in result.output
    for name in names:
        assert name in lines[0], lines[0]
    return lines[0]


# ---- source, locales and output folders -------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "named"),
    [
        ('output_dir = "source"', "output_dir"),
        ('output_dir = "source/build"', "output_dir"),
        ('source_dir = "build/sources"\n', "source_dir"),
        ('locales_dir = "source"', "locales_dir"),
        ('output_dir = "locales"', "output_dir"),
        ('output_dir = "."', "output_dir"),
        ('output_dir = "./source/"', "output_dir"),
    ],
)
def test_folders_that_are_one_another_or_nested_are_refused_before_any_write(tmp_path, setting, named):
    root = make_project(tmp_path / "p", SETTINGS + setting + "\n")
    if "build/sources" in setting:
        (root / "build").mkdir()
        shutil.move(root / "source", root / "build" / "sources")
    before = _files(root)
    for command in (["extract"], ["compile", "--force"], ["status"]):
        _one_line_error(run_loc(root, *command), "pyproject.toml", named)
    assert _files(root) == before


def test_compile_into_the_source_folder_never_overwrites_a_source_document(tmp_path):
    root = make_project(tmp_path / "p", SETTINGS + 'output_dir = "source"\n')
    (root / "source" / "de").mkdir()
    (root / "source" / "de" / "statement.txt").write_text("Mine.\n")
    with pytest.raises(loc.LocError, match="output_dir"):
        loc.open(root)
    assert (root / "source" / "de" / "statement.txt").read_text() == "Mine.\n"


@pytest.mark.parametrize(
    "setting",
    ['output_dir = "../shared"', 'locales_dir = "source/../../elsewhere"', 'source_dir = "/tmp"'],
)
def test_a_folder_outside_the_project_is_refused_in_one_line(tmp_path, setting):
    root = make_project(tmp_path / "p", SETTINGS + setting + "\n")
    line = _one_line_error(run_loc(root, "extract"), "pyproject.toml", setting.split(" =")[0])
    assert "outside the project folder" in line


def test_a_shared_folder_outside_keeps_another_programs_temporary_files(tmp_path):
    root = make_project(tmp_path / "p", SETTINGS + 'output_dir = "../shared"\n')
    shared = tmp_path / "shared"
    shared.mkdir()
    theirs = shared / ".name.ext.a1b2c3d4.tmp"
    theirs.write_bytes(b"another program's half-written file")
    run_loc(root, "extract")
    assert theirs.read_bytes() == b"another program's half-written file"


def test_extract_removes_only_its_own_temporaries_from_the_output_folder(tmp_path):
    root = make_project(tmp_path / "p", SETTINGS)
    (root / "build" / "de").mkdir(parents=True)
    theirs = root / "build" / "de" / ".name.ext.a1b2c3d4.tmp"
    theirs.write_bytes(b"not loc's")
    ours = root / "build" / "de" / ".statement.txt.loc-a1b2c3d4.tmp"
    ours.write_bytes(b"left by a killed loc")
    loc.extract(loc.open(root))
    assert theirs.read_bytes() == b"not loc's"
    assert not ours.exists()


def test_absolute_folders_inside_the_project_work_like_relative_ones(tmp_path):
    root = make_project(tmp_path / "p", "")
    (root / "pyproject.toml").write_text(
        SETTINGS
        + f'source_dir = "{(root / "source").as_posix()}"\n'
        + f'locales_dir = "{(root / "l10n").as_posix()}/"\n'
        + f'output_dir = "{(root / "out").as_posix()}"\n'
    )
    project = loc.open(root)
    assert (project.config.source_dir, project.config.locales_dir, project.config.output_dir) == (
        "source",
        "l10n",
        "out",
    )
    loc.extract(project)
    loc.translate(project, ["de"])
    [result] = loc.compile(project, ["de"], include_fuzzy=True, force=True)
    assert result.published
    assert (root / "out" / "de" / "statement.txt").is_file()
    assert (root / "l10n" / "de" / "LC_MESSAGES" / "statement.po").is_file()
    assert [row.lang for row in loc.status(project).rows] == ["de"]


def test_an_absolute_source_folder_given_by_a_library_caller_also_compiles(tmp_path):
    root = make_project(tmp_path / "p", SETTINGS)
    project = loc.open(root, source_dir=root / "source")
    loc.extract(project)
    loc.translate(project, ["de"])
    [result] = loc.compile(project, ["de"], include_fuzzy=True, force=True)
    assert result.published and (root / "build" / "de" / "statement.txt").is_file()


def test_a_symlinked_output_folder_is_the_explicit_way_to_publish_elsewhere(tmp_path):
    root = make_project(tmp_path / "p", SETTINGS)
    site = tmp_path / "site"
    site.mkdir()
    (root / "build").symlink_to(site)
    project = loc.open(root)
    loc.extract(project)
    loc.translate(project, ["de"])
    [result] = loc.compile(project, ["de"], include_fuzzy=True, force=True)
    assert result.published and (site / "de" / "statement.txt").is_file()


# ---- folders in locales/ ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("folder", "canonical"), [("pt-BR", "pt_BR"), ("de_DE.UTF-8", "de_DE"), ("pt_br", "pt_BR")]
)
def test_a_language_folder_spelt_unlike_gettext_is_named_with_its_rename(tmp_path, folder, canonical):
    root = make_project(tmp_path / "p", SETTINGS)
    (root / "locales" / folder / "LC_MESSAGES").mkdir(parents=True)
    before = _files(root)
    for command in ("extract", "status", "check", "compile"):
        line = _one_line_error(run_loc(root, command), f"locales/{folder}")
        assert f"rename it to {canonical}" in line
    assert _files(root) == before
    assert not (root / "locales" / canonical).exists()


@pytest.mark.parametrize("folder", ["templates", "C", "POSIX", "LC_MESSAGES"])
def test_a_folder_in_locales_that_is_no_language_is_left_alone(tmp_path, folder):
    root = make_project(tmp_path / "p", SETTINGS)
    (root / "locales" / folder / "LC_MESSAGES").mkdir(parents=True)
    for command in (["extract"], ["status"], ["check"], ["compile", "--force"]):
        result = run_loc(root, *command)
        assert result.exit_code == 0, result.output
    assert list((root / "locales" / folder / "LC_MESSAGES").iterdir()) == []
    project = loc.open(root)
    assert project.languages() == ["de"]
    assert project.ignored_locale_folders() == [f"locales/{folder}"]


def test_gettext_names_with_a_territory_or_modifier_stay_as_written(tmp_path):
    root = make_project(tmp_path / "p", SETTINGS)
    for folder in ("zh_TW", "sr@latin", "de_CH"):
        (root / "locales" / folder / "LC_MESSAGES").mkdir(parents=True)
    project = loc.open(root)
    assert project.languages() == ["de", "de_CH", "sr@latin", "zh_TW"]
    loc.extract(project)
    header = po.load(project.po_path("zh_TW", "statement")).po.metadata
    assert header["Language"] == "zh_TW"
    assert [row.lang for row in loc.status(project).rows] == ["de", "de_CH", "sr@latin", "zh_TW"]


@pytest.mark.parametrize("code", ["C", "POSIX", "templates"])
def test_a_configured_language_that_is_no_language_is_refused(tmp_path, code):
    root = make_project(tmp_path / "p", f'[tool.loc]\nlanguages = ["{code}"]\n')
    _one_line_error(run_loc(root, "extract"), "pyproject.toml", repr(code))


# ---- the catalogs' project name ---------------------------------------------------------


def test_copying_a_project_to_another_folder_changes_no_catalog(tmp_path):
    first = make_project(tmp_path / "checkout", SETTINGS)
    loc.extract(loc.open(first))
    second = tmp_path / "renamed-copy"
    shutil.copytree(first, second)
    before = _files(second)
    loc.extract(loc.open(second))
    assert _files(second) == before
    header = po.load(second / "locales" / "statement.pot").po.metadata
    assert header["Project-Id-Version"] == ""


@pytest.mark.parametrize(
    ("pyproject", "expected"),
    [
        ('[project]\nname = "handbook"\nversion = "2.1"\n' + SETTINGS, "handbook 2.1"),
        ('[project]\nname = "handbook"\n' + SETTINGS, "handbook"),
        (SETTINGS + 'project = "Annual report"\n', "Annual report"),
        ('[project]\nname = "handbook"\n' + SETTINGS + 'project = "Annual report"\n', "Annual report"),
    ],
)
def test_the_catalogs_project_name_comes_from_the_settings(tmp_path, pyproject, expected):
    root = make_project(tmp_path / "folder-name", pyproject)
    loc.extract(loc.open(root))
    for path in (
        root / "locales" / "statement.pot",
        root / "locales" / "de" / "LC_MESSAGES" / "statement.po",
    ):
        assert po.load(path).po.metadata["Project-Id-Version"] == expected


# ---- command-line overrides -------------------------------------------------------------


@pytest.mark.parametrize("value", ["150", "-1", "nan", "inf"])
def test_a_publish_threshold_outside_0_to_100_is_refused(tmp_path, value):
    root = make_project(tmp_path / "p", SETTINGS)
    assert run_loc(root, "extract").exit_code == 0
    run_loc(root, "translate", "--lang", "de")
    before = _files(root)
    line = _one_line_error(run_loc(root, "compile", "--threshold", value), "threshold")
    assert "percentage" in line
    assert _files(root) == before


def test_a_publish_threshold_within_range_still_decides(tmp_path):
    root = make_project(tmp_path / "p", SETTINGS)
    run_loc(root, "extract")
    run_loc(root, "translate", "--lang", "de")
    run_loc(root, "compile", "--threshold", "100")
    assert not (root / "build" / "de").exists()
    assert run_loc(root, "compile", "--threshold", "0").exit_code == 0
    assert (root / "build" / "de" / "statement.txt").is_file()


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"publish_threshold": 150}, "publish_threshold"),
        ({"publish_threshold": "50"}, "publish_threshold"),
        ({"beam_size": 0}, "beam_size"),
        ({"beam_size": 2.5}, "beam_size"),
        ({"add_location": "sometimes"}, "add_location"),
        ({"output_dir": "../shared"}, "output_dir"),
        ({"fuzzy_threshold": True}, "fuzzy_threshold"),
        ({"no_such_setting": 1}, "no_such_setting"),
    ],
)
def test_a_bad_override_from_a_library_caller_is_one_loc_error(tmp_path, overrides, named):
    root = make_project(tmp_path / "p", SETTINGS)
    with pytest.raises(loc.LocError, match=named) as raised:
        loc.open(root, **overrides)
    assert "\n" not in str(raised.value)


def test_a_bad_beam_size_on_the_command_line_is_one_line(tmp_path):
    root = make_project(tmp_path / "p", SETTINGS)
    run_loc(root, "extract")
    _one_line_error(run_loc(root, "translate", "--lang", "de", "--beam-size", "0"), "beam_size")


@pytest.mark.parametrize("value", [150, -1, float("nan")])
def test_a_publish_threshold_given_to_compile_outside_0_to_100_is_refused(tmp_path, value):
    root = make_project(tmp_path / "p", SETTINGS)
    project = loc.open(root)
    loc.extract(project)
    with pytest.raises(loc.LocError, match="publish_threshold must be a percentage"):
        loc.compile(project, ["de"], threshold=value)
    assert not (root / "build").exists()


# ---- files that are no files ----------------------------------------------------------


@pytest.fixture
def fifo_writer():
    """A FIFO with a writer waiting to feed it valid settings: a loc that reads it blocks
    until the writer writes (and then succeeds, which the tests refuse); one that refuses
    the FIFO leaves the writer waiting, released at teardown."""
    made = []

    def make(path: Path, text: str) -> Path:
        os.mkfifo(path)

        def write():
            with contextlib.suppress(OSError), open(path, "w") as handle:
                handle.write(text)

        thread = threading.Thread(target=write, daemon=True)
        thread.start()
        made.append((path, thread))
        return path

    yield make
    for path, thread in made:
        with contextlib.suppress(OSError):  # a reader for a writer still waiting in open()
            os.close(os.open(path, os.O_RDONLY | os.O_NONBLOCK))
        thread.join(timeout=10)


@pytest.mark.parametrize(
    ("kind", "said"), [("folder", "a folder"), ("fifo", "a FIFO"), ("device", "a device")]
)
def test_a_pyproject_that_is_no_regular_file_is_one_line_not_a_hang(tmp_path, fifo_writer, kind, said):
    root = make_project(tmp_path / "p", SETTINGS)
    pyproject = root / "pyproject.toml"
    pyproject.unlink()
    if kind == "folder":
        pyproject.mkdir()
    elif kind == "fifo":
        fifo_writer(pyproject, SETTINGS)
    else:
        pyproject.symlink_to("/dev/zero")
    for command in (["extract"], ["status"]):
        _one_line_error(run_loc(root, *command), "pyproject.toml", said)


def test_a_glossary_setting_naming_a_device_is_one_line_not_a_memory_error(tmp_path):
    root = make_project(tmp_path / "p", SETTINGS + 'glossary = "/dev/zero"\n')
    _one_line_error(run_loc(root, "extract"), "/dev/zero", "a device, not a file")
    assert not (root / "locales").exists()


def test_a_glossary_larger_than_the_cap_is_refused_in_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(glossary, "MAX_BYTES", 100)
    root = make_project(tmp_path / "p", SETTINGS + 'glossary = "glossary.tbx"\n', glossary=True)
    _one_line_error(run_loc(root, "extract"), "glossary.tbx", "larger than the 100 bytes loc reads")


@pytest.mark.parametrize("key", ["source_dir", "locales_dir", "output_dir", "glossary"])
def test_a_nul_in_a_path_setting_is_one_line_not_a_value_error(tmp_path, key):
    root = make_project(tmp_path / "p", SETTINGS + f'{key} = "so\\u0000urce"\n')
    _one_line_error(run_loc(root, "extract"), "pyproject.toml", f"{key} contains a NUL character")
    with pytest.raises(loc.LocError, match=f"{key} contains a NUL"):
        loc.open(make_project(tmp_path / "q", SETTINGS), **{key: "a\0b"})


def test_a_project_folder_where_no_lock_file_can_be_made_fails_at_once_not_after_the_lock_timeout():
    project = loc.open("/proc/self", lock_timeout=1)  # a loc that waited would say "another loc process"
    with pytest.raises(loc.LocError, match="cannot create the project lock"), project.lock():
        pass
    result = run_loc(Path("/proc/self"), "extract")  # the CLI's default: 600 s
    line = _one_line_error(result, ".loc.lock")
    assert "cannot create the project lock" in line
