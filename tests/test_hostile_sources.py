"""Source files that used to put bytes gettext cannot hold into catalogs, or that read
files from outside the project: each is refused in one line that names the file (and
the line), before any file of the project changes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import loc as run_loc
from conftest import make_project
from gettext_tools import msgfmt_check

import loc

SETTINGS = '[tool.loc]\nlanguages = ["de"]\nengine = "pseudo"\n'
# past the 8 KB the binary-file test reads
LONG = "A sentence that fills the first part of the file.\n\n" * 200


def _files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".loc" not in path.relative_to(root).parts and path.name != ".loc.lock"
    }


def _published(tmp_path: Path) -> Path:
    """A project extracted, translated and compiled into build/."""
    root = make_project(tmp_path / "p", SETTINGS)
    project = loc.open(root)
    loc.extract(project)
    loc.translate(project, ["de"])
    loc.compile(project, ["de"], include_fuzzy=True, force=True)
    return root


def _refused(root: Path, says: str, commands: tuple[str, ...] = ("extract", "compile", "status")) -> None:
    """extract and compile raise `says`; the CLI `commands` print it as their one line;
    nothing changes."""
    before = _files(root)
    for step in (lambda p: loc.extract(p), lambda p: loc.compile(p, ["de"], include_fuzzy=True, force=True)):
        with pytest.raises(loc.LocError) as raised:
            step(loc.open(root))
        assert str(raised.value) == says
    for command in commands:
        result = run_loc(root, command, *(["--force"] if command == "compile" else []))
        assert result.exit_code == 1, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert result.stderr.splitlines() == [f"loc: error: {says}"]
        assert "Traceback" not in result.output
    assert _files(root) == before


# ---- NUL bytes ------------------------------------------------------------------------


def test_a_nul_byte_after_the_first_8_kb_is_refused_naming_its_line(tmp_path):
    root = _published(tmp_path)
    (root / "source" / "notes.txt").write_bytes((LONG + "Cut here \x00 by msgcat.\n").encode())
    says = "source/notes.txt:401: NUL byte (U+0000), which no gettext message can hold; remove it"
    _refused(root, says, ("extract", "compile"))


def test_a_nul_byte_added_to_a_document_already_published_is_refused(tmp_path):
    root = _published(tmp_path)
    statement = root / "source" / "statement.txt"
    statement.write_bytes(statement.read_bytes() + (LONG + "\x00\n").encode())
    line = statement.read_bytes().count(b"\n")
    says = f"source/statement.txt:{line}: NUL byte (U+0000), which no gettext message can hold; remove it"
    _refused(root, says, ("extract", "compile"))


def test_other_control_characters_reach_catalogs_that_msgfmt_accepts(tmp_path):
    """gettext holds every control character but NUL and U+0004 (raw or escaped)."""
    root = make_project(tmp_path / "p", SETTINGS)
    (root / "source" / "term.txt").write_text("Red \x1b[31m text.\x01 Bell \x07 here.\x7f\n")
    project = loc.open(root)
    loc.extract(project)
    loc.translate(project, ["de"])
    [result] = loc.compile(project, ["de"], include_fuzzy=True, force=True).languages
    assert result.published
    assert msgfmt_check(root / "locales" / "de" / "LC_MESSAGES" / "term.po").returncode == 0
    assert "\x1b[31m" in (root / "build" / "de" / "term.txt").read_text()


# ---- file names -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "shown", "code"),
    [
        ("a\nb.txt", "a\\nb.txt", "000A"),
        ("a\rb.md", "a\\rb.md", "000D"),
        ("tab\there.txt", "tab\\there.txt", "0009"),
        ("line\u2028break.txt", "line\\u2028break.txt", "2028"),
        ("press\n2024/q1.txt", "press\\n2024/q1.txt", "000A"),
    ],
)
def test_a_file_name_with_a_control_character_is_refused_in_one_line(tmp_path, name, shown, code):
    root = _published(tmp_path)
    path = root / "source" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text("Hello there.\n")
    _refused(
        root,
        f"source/{shown}: name holds the control character U+{code}, which a catalog reference cannot hold; "
        "rename it",
    )


def test_a_file_name_that_is_not_utf8_is_refused_in_one_line(tmp_path):
    root = _published(tmp_path)
    with open(os.path.join(os.fsencode(root / "source"), b"caf\xe9.txt"), "wb") as out:
        out.write(b"Hello there.\n")
    _refused(root, "source/caf\\xe9.txt: name is not UTF-8; rename it")


def test_a_renamed_file_is_extracted_and_compiled(tmp_path):
    root = _published(tmp_path)
    (root / "source" / "a\nb.txt").write_text("Hello there.\n")
    with pytest.raises(loc.LocError):
        loc.extract(loc.open(root))
    (root / "source" / "a\nb.txt").rename(root / "source" / "a b.txt")
    project = loc.open(root)
    loc.extract(project)
    loc.translate(project, ["de"])
    [result] = loc.compile(project, ["de"], include_fuzzy=True, force=True).languages
    assert result.published and (root / "build" / "de" / "a b.txt").is_file()
    assert msgfmt_check(root / "locales" / "de" / "LC_MESSAGES" / "a b.po").returncode == 0


# ---- symlinks -------------------------------------------------------------------------


def test_a_symlinked_file_outside_the_project_is_refused_in_one_line(tmp_path):
    root = _published(tmp_path)
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("Not for the catalogs.\n")
    (root / "source" / "leak.txt").symlink_to(secret)
    _refused(
        root,
        f"source/leak.txt: a symlink to {secret}, outside the project; loc reads only files inside it: "
        "copy it in, or remove the link",
    )
    written = [name for name in _files(root) if not name.startswith("source/")]
    assert not any("leak" in name for name in written)


def test_a_symlinked_folder_outside_the_project_is_refused_in_one_line(tmp_path):
    root = _published(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Not for the catalogs.\n")
    (root / "source" / "more").symlink_to(outside, target_is_directory=True)
    _refused(
        root,
        f"source/more: a symlink to {outside}, outside the project; loc reads only files inside it: "
        "copy it in, or remove the link",
    )


def test_a_symlink_that_stays_inside_the_project_is_extracted_and_compiled(tmp_path):
    root = _published(tmp_path)
    (root / "shared").mkdir()
    (root / "shared" / "notice.txt").write_text("A notice shared by two sites.\n")
    (root / "source" / "notice.txt").symlink_to(Path("..") / "shared" / "notice.txt")
    project = loc.open(root)
    loc.extract(project)
    loc.translate(project, ["de"])
    [result] = loc.compile(project, ["de"], include_fuzzy=True, force=True).languages
    assert result.published
    assert (root / "build" / "de" / "notice.txt").read_text() == "A notice shared by two sites.\n"
    assert 'msgid "A notice shared by two sites."' in (root / "locales" / "notice.pot").read_text()
    assert (root / "source" / "notice.txt").is_symlink()


def test_a_symlinked_source_folder_may_point_outside_the_project(tmp_path):
    """config.py lets the source folder itself be a link elsewhere; links inside it may
    then point into where it really is."""
    root = make_project(tmp_path / "p", SETTINGS)
    real = tmp_path / "docs"
    (root / "source").rename(real)
    (root / "source").symlink_to(real, target_is_directory=True)
    (real / "alias.txt").symlink_to("statement.txt")
    project = loc.open(root)
    report = loc.extract(project)
    assert report.documents == 2
