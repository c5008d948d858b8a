"""loc is a library first: the whole job runs from Python, without the CLI."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

import pytest

import loc
from loc.catalog import po

STATEMENT = Path(__file__).parent / "data" / "statement.txt"


@pytest.fixture
def project(tmp_path) -> loc.Project:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "statement.txt").write_bytes(STATEMENT.read_bytes())
    (tmp_path / "pyproject.toml").write_text('[tool.loc]\nlanguages = ["de"]\n')
    return loc.open(tmp_path)


def test_the_whole_job_runs_from_python_with_the_real_engine(project, en_de):
    extracted = loc.extract(project)
    assert (extracted.documents, extracted.segments) == (1, 29)
    [translated] = loc.translate(project, ["de"])
    assert (translated.lang, translated.engine, translated.translated, translated.sent) == (
        "de",
        "argos",
        29,
        29,
    )
    catalog = project.po_path("de", "statement")
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(catalog)], check=True)

    status = loc.status(project, review=3)
    [row] = status.rows
    assert (row.lang, row.stats.fuzzy, row.stats.translated) == ("de", 29, 0)
    assert len(status.review) == 3 and all(item.score is not None for item in status.review)

    found = po.load(catalog)
    for entry in found.po:  # a reviewer approves everything
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    found.save()
    assert loc.check(project, ["de"]).errors == 0
    [result] = loc.compile(project, ["de"])
    assert result.published and (project.config.output / "de" / "statement.txt").exists()


def test_run_without_a_model_falls_back_to_the_pseudo_locale(project, argos_packages):
    report = loc.run(project)
    assert [code for code, _ in report.missing] == ["de"]
    assert [r.lang for r in report.translated] == ["en_XA"]
    assert {r.lang: r.published for r in report.compiled} == {"de": False, "en_XA": True}


def test_every_step_takes_the_project_lock(project):
    loc.extract(project)
    held, release = threading.Event(), threading.Event()

    def hold():
        with project.lock():
            held.set()
            release.wait(10)

    waited = []

    class Waiting(loc.Feedback):
        def waiting(self):
            waited.append(True)
            release.set()

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(10)
    second = loc.open(project.config.root, feedback=Waiting())
    loc.translate(second, ["de"], engine="pseudo")
    holder.join()
    assert waited == [True]


def test_stale_temporaries_of_a_killed_writer_go_and_anothers_files_stay(project):
    loc.extract(project)
    folder = project.po_path("de", "statement").parent
    ours = folder / ".statement.po.loc-a1b2c3d4.tmp"
    theirs = folder / ".notes.txt.a1b2c3d4.tmp"
    ours.write_text("half")
    theirs.write_text("someone else's")
    loc.status(project)  # reading takes no lock and removes nothing
    assert ours.exists()
    loc.extract(project)
    assert not ours.exists() and theirs.exists()


def test_a_user_error_is_a_loc_error_with_file_and_line(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.loc]\nlanguages = [\n")
    with pytest.raises(loc.LocError) as error:
        loc.open(tmp_path)
    assert error.value.path is not None and "\n" not in str(error.value)


def test_translate_from_python_with_apertium_keeps_addresses_placeholders_and_links(tmp_path):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "note.txt").write_text(
        "Write to press@binance.us about the {count} files at https://www.binance.us/en today.\n"
    )
    (tmp_path / "pyproject.toml").write_text('[tool.loc]\nlanguages = ["es"]\nengine = "apertium"\n')
    project = loc.open(tmp_path)
    loc.extract(project)
    [report] = loc.translate(project, ["es"])
    assert (report.engine, report.translated, report.model.split()[0]) == ("apertium", 1, "apertium-eng-spa")
    [entry] = [e for e in po.load(project.po_path("es", "note")).po if e.msgid]
    assert entry.msgstr != entry.msgid and "hoy" in entry.msgstr
    for token in ("press@binance.us", "{count}", "https://www.binance.us/en"):
        assert token in entry.msgstr, entry.msgstr
