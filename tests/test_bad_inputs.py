"""Bad input, one realistic case each: the real `loc` process prints one line naming the
file (and the line, where there is one), exits non-zero without a traceback, and leaves
every file of the project (and of the Argos packages folder) byte for byte as it was.

The files are in tests/bad_inputs/; large or generated ones are made here.
"""

from __future__ import annotations

import ctypes
import dataclasses
import os
import re
import shutil
import stat
import subprocess
import sys
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import STATEMENT, make_project

from loc.catalog import po as pofile
from loc.engines.argos import packages

BAD = Path(__file__).parent / "bad_inputs"
CATALOG = "locales/de/LC_MESSAGES/statement.po"
CHANGED = (
    "We are extremely disappointed with this decision.",
    "We are deeply disappointed with this decision.",
)
# `loc` on a disk with room for `room` more files; after that every fsync fails, as on a full disk
FULL_DISK = """
import errno, os, sys
room = {room}
def fsync(fd, real=os.fsync):
    global room
    if room == 0:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    room -= 1
    real(fd)
os.fsync = fsync
from loc.cli import main
sys.argv[0] = "loc"
main()
"""


@dataclasses.dataclass(frozen=True)
class Case:
    name: str
    args: tuple[str, ...]
    where: str | None  # the path the error names (relative to the project or the packages)
    line: int | None
    says: str
    put: tuple[str, str] | None = None  # (file in bad_inputs/, where it goes in the project)
    setup: Callable[..., None] | None = None  # (project, Argos packages folder, build_package)
    code: int = 1  # the exit code: 2 for a command-line mistake

    def __str__(self) -> str:
        return self.name


def _edit_source(root: Path, packages: Path, build=None) -> None:
    """A change, so that the command has something to write."""
    source = root / "source" / "statement.txt"
    source.write_text(source.read_text(encoding="utf-8").replace(*CHANGED), encoding="utf-8")


def _huge_single_line(root: Path, packages: Path, build=None) -> None:
    words = STATEMENT.read_text(encoding="utf-8").split()
    line = " ".join(words[i % len(words)] for i in range(1_700_000))[: 10 * 1024 * 1024]
    (root / "source" / "dump.txt").write_text(line, encoding="utf-8")


def _glossary(root: Path, packages: Path, build=None) -> None:
    pyproject = root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + 'glossary = "glossary.tbx"\n')


def _cut_model(root: Path, packages: Path, build=None) -> None:
    """A copy interrupted halfway."""
    model = packages / "translate-en_de-1_0" / "model" / "model.bin"
    model.write_bytes(model.read_bytes()[: model.stat().st_size // 2])


def _zero_model(root: Path, packages: Path, build=None) -> None:
    """What a crash can leave: the right size, all zeros."""
    model = packages / "translate-en_de-1_0" / "model" / "model.bin"
    model.write_bytes(bytes(model.stat().st_size))


def _lose_metadata(root: Path, packages: Path, build=None) -> None:
    (packages / "translate-en_de-1_0" / "metadata.json").unlink()


def _evil_package(root: Path, packages: Path, build=None) -> None:
    with zipfile.ZipFile(root / "translate-en_de.argosmodel", "w") as archive:
        archive.writestr("translate-en_de-1_0/metadata.json", '{"from_code": "en", "to_code": "de"}')
        archive.writestr("translate-en_de-1_0/model/model.bin", b"\x00")
        archive.writestr("translate-en_de-1_0/sentencepiece.model", b"\x00")
        archive.writestr("translate-en_de-1_0/../../../.bashrc", "echo owned\n")


def _cut_download(root: Path, packages: Path, build=None) -> None:
    data = build("en", "de").read_bytes()
    (root / "translate-en_de.argosmodel").write_bytes(data[: len(data) // 3])


def _read_only_locales(root: Path, packages: Path, build=None) -> None:
    _edit_source(root, packages)
    for path in [root / "locales", *(root / "locales").rglob("*")]:
        path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


# fmt: off
CASES = [
    # catalogs a translator or a tool broke
    Case("unterminated string", ("extract",),
         CATALOG, 16, "unterminated or badly quoted string", put=("po_unterminated_string.po", CATALOG)),
    Case("msgstr before msgid", ("extract",),
         CATALOG, 16, "msgstr without msgid", put=("po_msgstr_before_msgid.po", CATALOG)),
    Case("bad escape (a Windows path)", ("extract",),
         CATALOG, 16, "invalid escape sequence", put=("po_bad_escape.po", CATALOG)),
    Case("octal escape", ("extract",),
         CATALOG, 16, "octal and hex escape sequences are not supported",
         put=("po_octal_escape.po", CATALOG)),
    Case("duplicate msgid", ("extract",),
         CATALOG, 18, "duplicate message definition", put=("po_duplicate_msgid.po", CATALOG)),
    Case("obsolete entry duplicating an active one", ("extract",),
         CATALOG, 14, "duplicate message definition", put=("po_obsolete_duplicate.po", CATALOG)),
    Case("catalog cut short after a msgid", ("extract",),
         CATALOG, 15, "msgid without msgstr (is the file cut short?)", put=("po_cut_short.po", CATALOG)),
    Case("plural forms without msgid_plural", ("extract",),
         CATALOG, 16, "msgstr[0] without msgid_plural",
         put=("po_plural_forms_without_msgid_plural.po", CATALOG)),
    Case("Language contradicts the folder", ("extract",),
         CATALOG, None, "the header says Language: fr", put=("po_language_contradicts_folder.po", CATALOG)),
    Case("Latin-1 bytes in a UTF-8 catalog", ("translate", "--lang", "de", "--engine", "pseudo"),
         CATALOG, 12, "not valid UTF-8 (byte 0xe4)", put=("po_latin1_bytes_declared_utf8.po", CATALOG)),
    Case("unknown charset", ("status",),
         CATALOG, None, "unknown charset 'KOI8-Q'", put=("po_unknown_charset.po", CATALOG)),
    Case("an MO file saved as the PO", ("compile", "--force"),
         CATALOG, 1, "not valid UTF-8 (byte 0xde)", put=("po_is_an_mo_file.po", CATALOG)),
    # source documents
    Case("Windows-1252 quotes in a source", ("extract",),
         "source/statement.txt", 2, "not UTF-8 (byte 0x93)",
         put=("source_cp1252_quotes.txt", "source/statement.txt")),
    Case("UTF-16 source", ("extract",),
         "source/notes.txt", None, "UTF-16 text", put=("source_utf16_notepad.txt", "source/notes.txt")),
    Case("binary file in source/", ("extract",),
         "source/release.txt", None, "binary file, not a text document",
         put=("source_word_document_renamed.txt", "source/release.txt")),
    Case("empty document", ("extract",),
         "source/notes.txt", None, "no text to translate (empty document)",
         put=("source_empty.txt", "source/notes.txt")),
    Case("control character U+0004 in a source", ("extract",),
         "source/notes.txt", 2, "control character U+0004",
         put=("source_terminal_paste_eot.txt", "source/notes.txt")),
    Case("10 MB single-line document", ("extract",),
         "source/dump.txt", 1, "is over the limit of 100,000", setup=_huge_single_line),
    # settings and arguments
    Case("unknown language in the config", ("extract",),
         "pyproject.toml", None, "unknown language code 'xx-QQ'",
         put=("config_unknown_language.toml", "pyproject.toml")),
    Case("malformed language in the config", ("status",),
         "pyproject.toml", None, "unknown language code 'de DE'",
         put=("config_malformed_language.toml", "pyproject.toml")),
    Case("languages is not a list", ("extract",),
         "pyproject.toml", None, "languages must be a list of language codes",
         put=("config_languages_not_a_list.toml", "pyproject.toml")),
    Case("lock_timeout is not a number", ("compile",),
         "pyproject.toml", None, "lock_timeout must be an integer or a number",
         put=("config_timeout_not_a_number.toml", "pyproject.toml")),
    Case("max_paragraph_chars is zero", ("extract",),
         "pyproject.toml", None, "max_paragraph_chars must be at least 1",
         put=("config_zero_paragraph_limit.toml", "pyproject.toml")),
    Case("pyproject.toml is not TOML", ("extract",),
         "pyproject.toml", 1, "not valid TOML", put=("config_not_toml.toml", "pyproject.toml")),
    Case("misspelt setting", ("extract",),
         "pyproject.toml", None, "[tool.loc] has no setting 'langauges'",
         put=("config_unknown_setting.toml", "pyproject.toml")),
    Case("broken glossary", ("extract",),
         "glossary.tbx", 7, "not valid XML",
         put=("glossary_unclosed_tag.tbx", "glossary.tbx"), setup=_glossary),
    Case("malformed --lang", ("extract", "--lang", "de;fr"),
         None, None, "unknown language code 'de;fr'", code=2),
    Case("unknown --lang", ("translate", "--lang", "zz"),
         None, None, "unknown language code 'zz'", code=2),
    # models
    Case("no model installed, offline", ("translate", "--lang", "de"),
         None, None, "loc models install ./translate-en_de.argosmodel"),
    Case(".argosmodel with ../ members", ("models", "install", "translate-en_de.argosmodel"),
         "translate-en_de.argosmodel", None, "points outside its folder", setup=_evil_package),
    Case("download cut short", ("models", "install", "translate-en_de.argosmodel"),
         "translate-en_de.argosmodel", None, "damaged zip archive", setup=_cut_download),
    # the environment
    Case("read-only locales/", ("extract",),
         "locales/statement.pot", None, "the file is read-only", setup=_read_only_locales),
]
# fmt: on
MODEL_CASES = [
    ("installed package with half a model.bin", _cut_model, "cannot load the model"),
    ("installed package with a zeroed model.bin", _zero_model, "cannot load the model"),
    ("installed package without metadata.json", _lose_metadata, "not an Argos package"),
]


@pytest.fixture
def project(tmp_path):
    """The statement in German, half reviewed: what a command must not damage."""
    root = make_project(tmp_path / "press", '[tool.loc]\nlanguages = ["de"]\n')
    assert loc(root, "extract").returncode == 0
    path = root / CATALOG
    catalog = pofile.load(path)
    for entry in catalog.po[::2]:
        entry.msgstr = "Geprüft: " + entry.msgid
    catalog.save()
    return root


def loc(root: Path, *args: str, program: str | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", program, *args] if program else [sys.executable, "-m", "loc", *args]
    return subprocess.run(
        command, cwd=root, capture_output=True, text=True, preexec_fn=_obey_file_permissions, timeout=120
    )


def _obey_file_permissions() -> None:
    """Root ignores a read-only folder; drop the capabilities that let it (CI runs as a user)."""
    if os.geteuid() != 0:
        return
    prctl = ctypes.CDLL(None, use_errno=True).prctl
    for capability in (1, 2, 3):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
        prctl(24, capability, 0, 0, 0)  # PR_CAPBSET_DROP: gone after the exec


def snapshot(*roots: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for root in roots for path in sorted(root.rglob("*")) if path.is_file()}


def assert_refused(result: subprocess.CompletedProcess, case: Case) -> None:
    assert result.returncode == case.code, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    [line] = result.stderr.splitlines()
    location = ""
    if case.where:
        location = rf"(?:\S*/)?{re.escape(case.where)}" + (f":{case.line}" if case.line else "") + ": "
    assert re.match(rf"loc: error: {location}\S", line), line
    assert case.says in line


def _restore_permissions(root: Path) -> None:
    for path in [root, *root.rglob("*")]:
        path.chmod(path.stat().st_mode | stat.S_IWUSR)


def test_the_corpus_has_a_case_for_every_file_and_twenty_or_more_cases():
    used = {case.put[0] for case in CASES if case.put}
    assert used == {path.name for path in BAD.iterdir() if not path.name.startswith(".")}
    assert len(CASES) + len(MODEL_CASES) + 1 >= 20  # + the full disk below


@pytest.mark.parametrize("case", CASES, ids=str)
def test_bad_input_is_refused_in_one_line_and_changes_no_file(project, argos_packages, build_package, case):
    if case.put:
        target = project / case.put[1]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(BAD / case.put[0], target)
    if case.setup:
        case.setup(project, argos_packages, build_package)
    before = snapshot(project, argos_packages)
    try:
        result = loc(project, *case.args)
    finally:
        _restore_permissions(project)
    assert_refused(result, case)
    assert snapshot(project, argos_packages) == before


@pytest.mark.parametrize("name, breakage, says", MODEL_CASES, ids=[case[0] for case in MODEL_CASES])
def test_a_damaged_installed_model_is_named_and_nothing_changes(
    project, argos_packages, build_package, name, breakage, says
):
    packages.install_file(build_package("en", "de"))
    breakage(project, argos_packages)
    before = snapshot(project, argos_packages)
    result = loc(project, "translate", "--lang", "de")
    assert_refused(result, Case(name, (), str(argos_packages / "translate-en_de-1_0"), None, says))
    assert snapshot(project, argos_packages) == before


def test_a_full_disk_is_named_and_leaves_every_file_as_it_was(project):
    _edit_source(project, project)
    before = snapshot(project)
    result = loc(project, "extract", program=FULL_DISK.format(room=0))
    assert_refused(result, Case("full disk", (), "locales/statement.pot", None, "No space left on device"))
    assert snapshot(project) == before  # and no temporary file left behind


def test_a_disk_that_fills_up_halfway_leaves_whole_files_and_the_next_run_finishes(project):
    """Each file is replaced in one rename: the template is new, the catalog still whole."""
    _edit_source(project, project)
    catalog = (project / CATALOG).read_bytes()
    result = loc(project, "extract", program=FULL_DISK.format(room=1))
    assert_refused(result, Case("full disk", (), CATALOG, None, "No space left on device"))
    assert (project / CATALOG).read_bytes() == catalog
    assert not list(project.rglob("*.tmp"))
    assert loc(project, "extract").returncode == 0  # space freed: the job completes
    assert pofile.load(project / CATALOG).po.find(CHANGED[1]).msgstr == "Geprüft: " + CHANGED[0]


def test_a_source_in_nfd_matches_its_nfc_catalog_entry_and_keeps_the_translation(project):
    source = project / "source" / "statement.txt"
    source.write_text("Café crème: a naïve résumé.\n", encoding="utf-8")
    assert loc(project, "extract").returncode == 0
    path = project / CATALOG
    catalog = pofile.load(path)
    catalog.po.find("Café crème: a naïve résumé.").msgstr = "Milchkaffee: ein naiver Lebenslauf."
    catalog.save()
    source.write_text(unicodedata.normalize("NFD", source.read_text(encoding="utf-8")), encoding="utf-8")
    before = snapshot(project / "locales")
    result = loc(project, "extract")
    assert result.returncode == 0, result.stderr
    assert snapshot(project / "locales") == before  # nothing to change: one entry, still translated
    [entry] = [e for e in pofile.load(path).po if not e.obsolete]
    assert entry.msgstr == "Milchkaffee: ein naiver Lebenslauf."
    assert loc(project, "compile", "--force").returncode == 0
    built = (project / "build" / "de" / "statement.txt").read_text(encoding="utf-8")
    assert built == "Milchkaffee: ein naiver Lebenslauf.\n"
