"""Work done once: what each step must not repeat or pay for (issue 18). Each test counts
calls or imports, never seconds; the timings are in bench/."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest

import loc
from loc import checks, documents, protect
from loc.catalog import model, po
from loc.engines.argos import packages

TEXT = "The board met on Monday.\n\nWe disagree with the decision.\n"


@pytest.fixture
def counted_find(monkeypatch):
    """Every call of `protect.find` as the checks see it, by text."""
    calls: list[str] = []

    def counting(text, terms=()):
        calls.append(text)
        return protect.find(text, terms)

    monkeypatch.setattr(checks, "find", counting)
    return calls


@pytest.fixture
def project(tmp_path) -> loc.Project:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "note.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.loc]\nlanguages = ["de"]\nengine = "pseudo"\n')
    project = loc.open(tmp_path)
    loc.extract(project)
    return project


# ---- checks -------------------------------------------------------------------------------


def test_checks_find_protected_spans_once_per_side(counted_find):
    entry = polib.POEntry(
        msgid='Say "hi" to {name} at <b>www.example.com</b>.', msgstr="Sag „hallo zu {name}."
    )
    problems = checks.run([entry], source_lang="en", target_lang="de")
    assert {p.check for p in problems} >= {"tags", "urls", "quotes"}
    assert sorted(counted_find) == sorted([entry.msgid, entry.msgstr])


def test_a_memo_checks_each_pair_once_across_runs(counted_find):
    entry = polib.POEntry(msgid="We met on 5 May.", msgstr="Wir trafen uns am 6. Mai.")
    memo: checks.Memo = {}
    first = checks.run([entry], source_lang="en", target_lang="de", memo=memo)
    calls = len(counted_find)
    again = checks.run([entry], source_lang="en", target_lang="de", memo=memo)
    assert (
        [p.message for p in again]
        == [p.message for p in first]
        == ["missing number 5; number not in the source 6"]
    )
    assert len(counted_find) == calls


def test_compile_after_check_in_one_process_checks_nothing_again(project, counted_find):
    loc.translate(project, ["de"])
    loc.check(project, ["de"])
    assert counted_find
    counted_find.clear()
    [result] = loc.compile(project, ["de"], include_fuzzy=True, force=True).languages
    assert result.published
    assert counted_find == []


# ---- translate ----------------------------------------------------------------------------


def _review_all(project: loc.Project) -> None:
    found = po.load(project.po_path("de", "note"))
    for entry in found.po:
        if entry.msgid:
            entry.msgstr = "Übersetzt: " + entry.msgid
    found.save()


def test_translate_with_nothing_to_do_needs_no_engine_and_no_model(
    project, argos_packages, downloads, monkeypatch
):
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "http://127.0.0.1:9/")  # offline: nothing to install
    _review_all(project)
    [report] = loc.translate(project, ["de"], engine="argos").languages
    assert (report.engine, report.sent, report.kept) == ("argos", 0, 2)

    (project.config.sources / "note.txt").write_text(TEXT + "\nA new sentence.\n", encoding="utf-8")
    loc.extract(project)
    before = project.po_path("de", "note").read_bytes()
    with pytest.raises(packages.ModelMissing):  # something to do: the model is needed
        loc.translate(project, ["de"], engine="argos")
    assert project.po_path("de", "note").read_bytes() == before


# ---- extract ------------------------------------------------------------------------------


def test_a_translators_save_is_read_again_not_merged(project, monkeypatch):
    _review_all(project)  # a person's save: only translations changed
    saved = project.po_path("de", "note").read_bytes()

    def no_merge(*args, **kwargs):
        pytest.fail("a catalog was merged though only its translations changed")

    monkeypatch.setattr(model, "merge", no_merge)
    report = loc.extract(project)
    assert (report.merges, report.changed) == ({}, [])
    assert project.po_path("de", "note").read_bytes() == saved


def test_a_catalog_whose_entries_a_person_changed_is_merged_again(project):
    found = po.load(project.po_path("de", "note"))
    found.po.remove(found.po.find("We disagree with the decision."))
    found.save()
    report = loc.extract(project)
    assert list(report.merges) == [project.relative(project.po_path("de", "note"))]
    assert po.load(project.po_path("de", "note")).po.find("We disagree with the decision.") is not None


# ---- start-up -----------------------------------------------------------------------------

HEAVY = ["ctranslate2", "argostranslate", "translate", "ray", "jinja2", "http.client"]
# what a command that shows the version waits for otherwise: the project's stack, rich's
# output, and pydantic (typer's coercion of any option that is not a plain bool)
PROJECT = ["babel", "polib", "rich", "pydantic", "importlib.metadata", "loc.catalog.po", "loc.glossary"]
# what `loc status` needs neither: the document parsers and the checks
PARSERS_AND_CHECKS = ["markdown_it", "lxml", "loc.documents.markdown", "loc.documents.html", "loc.checks"]


def _loaded(code: str, modules: list[str]) -> list[str]:
    """The `modules` that running `code` in a fresh interpreter, with this loc, imported."""
    source = str(Path(loc.__file__).resolve().parent.parent)
    probe = (
        f"import atexit, sys\natexit.register(lambda: print(*[m for m in {modules!r} if m in sys.modules]))\n"
    )
    env = {**os.environ, "PYTHONPATH": source}
    done = subprocess.run([sys.executable, "-c", probe + code], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()[-1].split()


def _run_loc(*argv: str) -> str:
    return f"sys.argv = ['loc', *{list(argv)!r}]\nfrom loc.cli import main\nmain()"


def test_importing_the_cli_loads_no_engine_toolkit_template_or_network_module():
    """Each comes with the command that needs it (translate, export/import, review, models)."""
    assert _loaded("import loc.cli", HEAVY + PROJECT + PARSERS_AND_CHECKS) == []


def test_loc_version_loads_nothing_of_a_project():
    assert _loaded(_run_loc("--version"), HEAVY + PROJECT + PARSERS_AND_CHECKS) == ["importlib.metadata"]


def test_loc_status_reads_catalogs_without_the_parsers_or_the_checks(tmp_path):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "note.md").write_text("# Minutes\n\n" + TEXT, encoding="utf-8")
    (tmp_path / "source" / "page.html").write_text(f"<p>{TEXT}</p>", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.loc]\nlanguages = ["de"]\n', encoding="utf-8")
    loc.extract(loc.open(tmp_path))
    assert _loaded(_run_loc("status", "-C", str(tmp_path)), HEAVY + PARSERS_AND_CHECKS) == []
    assert "loc.checks" in _loaded(_run_loc("status", "--review", "1", "-C", str(tmp_path)), ["loc.checks"])


def test_the_suffixes_loc_lists_are_those_its_parsers_read():
    """`documents.suffixes()` is spelt out so that listing the sources loads no parser."""
    assert documents.suffixes() == [*documents._formats(), *documents._packages()]
