"""A person saving a PO file while loc works on it never loses the save.

The person's save is a whole-file rewrite by another tool (polib's own writer, which
wraps lines differently, as Poedit or Weblate would), injected at the moments that
matter: early in a run, mid-run, and inside loc's final save, between writing its
temporary file and renaming it over the catalog.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import polib
import pytest

import loc
from loc import atomic
from loc.catalog import model, po
from loc.engines import pseudo

DATA = Path(__file__).parent / "data"


def _document(count: int, seed: int = 7) -> str:
    """`count` distinct sentences built from the statement's words, in paragraphs of five."""
    words = [w.strip(".,;:\"'") for w in (DATA / "statement.txt").read_text(encoding="utf-8").split()]
    words = [w for w in words if w.isalpha()]
    rng = random.Random(seed)
    sentences = [f"Item {i} says {' '.join(rng.choice(words) for _ in range(8))}." for i in range(count)]
    return "\n\n".join(" ".join(sentences[i : i + 5]) for i in range(0, count, 5)) + "\n"


def _project(root: Path, sentences: int) -> loc.Project:
    (root / "source").mkdir(parents=True)
    (root / "source" / "doc.txt").write_text(_document(sentences), encoding="utf-8")
    (root / "pyproject.toml").write_text('[tool.loc]\nlanguages = ["de"]\nengine = "pseudo"\n')
    return loc.open(root)


def _catalog(root: Path) -> Path:
    return root / "locales" / "de" / "LC_MESSAGES" / "doc.po"


def _reviewer_saves(path: Path, msgid: str, text: str) -> None:
    """Approve `text` for `msgid` and save the whole file the way another tool does."""
    found = polib.pofile(str(path), wrapwidth=60)
    entry = found.find(msgid)
    entry.msgstr = text
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    found.save(str(path))


def _entries(path: Path) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in po.load(path).po if not e.obsolete}


def _valid(path: Path) -> None:
    subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], check=True, capture_output=True)


def _once(action):
    """A wrapper that runs `action` the first time it is called, then never again."""
    done = []

    def run(*args, **kwargs):
        if not done:
            done.append(True)
            action()

    return run


# ---- the save path on its own --------------------------------------------


def _two_entry_file(path: Path) -> None:
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "de"}
    catalog.append(polib.POEntry(msgid="One.", msgstr=""))
    catalog.append(polib.POEntry(msgid="Two.", msgstr=""))
    po.Catalog(path, catalog).save()


def test_a_save_on_disk_since_the_load_is_merged_not_overwritten(tmp_path):
    path = tmp_path / "de.po"
    _two_entry_file(path)
    mine = po.load(path)
    mine.po.find("One.").msgstr = "Eins (loc)."
    _reviewer_saves(path, "Two.", "Zwei (person).")
    mine.save()
    found = _entries(path)
    assert found["One."].msgstr == "Eins (loc)."
    assert found["Two."].msgstr == "Zwei (person)."
    _valid(path)


def test_the_persons_version_of_an_entry_wins_over_locs(tmp_path):
    path = tmp_path / "de.po"
    _two_entry_file(path)
    mine = po.load(path)
    mine.po.find("One.").msgstr = "Eins (loc)."
    _reviewer_saves(path, "One.", "Eins (person).")
    mine.save()
    assert _entries(path)["One."].msgstr == "Eins (person)."


def test_an_entry_the_person_added_or_deleted_stays_so(tmp_path):
    path = tmp_path / "de.po"
    _two_entry_file(path)
    mine = po.load(path)
    mine.po.find("Two.").msgstr = "Zwei (loc)."
    theirs = polib.pofile(str(path))
    theirs.remove(theirs.find("One."))
    theirs.append(polib.POEntry(msgid="Three.", msgstr="Drei."))
    theirs.save(str(path))
    mine.save()
    assert {k: e.msgstr for k, e in _entries(path).items()} == {"Two.": "Zwei (loc).", "Three.": "Drei."}


def test_a_save_that_lands_inside_locs_write_is_still_merged(tmp_path, monkeypatch):
    path = tmp_path / "de.po"
    _two_entry_file(path)
    mine = po.load(path)
    mine.po.find("One.").msgstr = "Eins (loc)."
    monkeypatch.setattr(atomic.os, "fsync", _once(lambda: _reviewer_saves(path, "Two.", "Zwei (person).")))
    mine.save()
    found = _entries(path)
    assert (found["One."].msgstr, found["Two."].msgstr) == ("Eins (loc).", "Zwei (person).")


def test_a_file_that_cannot_be_read_back_stops_the_save_in_one_line(tmp_path, monkeypatch):
    path = tmp_path / "de.po"
    _two_entry_file(path)
    mine = po.load(path)
    mine.po.find("One.").msgstr = "Eins (loc)."
    path.write_text('msgid "One."\nmsgstr "half a sa', encoding="utf-8")  # an editor mid-write
    monkeypatch.setattr(po.time, "sleep", lambda seconds: None)
    with pytest.raises(loc.LocError, match="changed on disk while loc worked on it") as error:
        mine.save()
    assert "\n" not in str(error.value) and str(path) in str(error.value)
    assert path.read_text(encoding="utf-8").endswith("half a sa")  # untouched


# ---- during loc translate (3,000 sentences) -------------------------------


@pytest.mark.parametrize("moment", ["early", "mid-run", "final save"])
def test_a_reviewers_save_during_translate_survives(tmp_path, monkeypatch, moment):
    project = _project(tmp_path, 3000)
    loc.extract(project)
    path = _catalog(tmp_path)
    target = "Item 1500 says " if moment == "mid-run" else "Item 7 says "
    msgid = next(k for k in _entries(path) if k.startswith(target))
    save = _once(lambda: _reviewer_saves(path, msgid, "Von Hand geprüft."))
    calls = []
    real = pseudo.PseudoEngine.translate

    def translate(self, texts):
        calls.append(len(texts))
        if moment == "early" or (moment == "mid-run" and len(calls) == 20):
            save()
        return real(self, texts)

    monkeypatch.setattr(pseudo.PseudoEngine, "translate", translate)
    if moment == "final save":
        monkeypatch.setattr(atomic.os, "fsync", _once(save))
        monkeypatch.setattr("loc.steps.translate.SAVE_EVERY", 1e9)  # the final save is the only one
    [report] = loc.translate(project, ["de"]).languages
    found = _entries(path)
    assert found[msgid].msgstr == "Von Hand geprüft." and "fuzzy" not in found[msgid].flags
    others = [e for k, e in found.items() if k != msgid and k]
    assert len(others) > 2900 and all(e.msgstr.startswith("⟦") and e.fuzzy for e in others)
    assert report.translated == len(others) + 1  # the engine ran for every entry; the person's save won one
    _valid(path)


# ---- during loc extract (the save is injected at a chosen point: a small document will do) ----


@pytest.mark.parametrize("moment", ["after the read", "final save"])
def test_a_reviewers_save_during_extract_survives(tmp_path, monkeypatch, moment):
    project = _project(tmp_path, 300)
    loc.extract(project)
    path = _catalog(tmp_path)
    loc.translate(project, ["de"])
    source = tmp_path / "source" / "doc.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("Item 299 says", "Item 299 now says"))
    msgid = next(k for k in _entries(path) if k.startswith("Item 123 says "))
    save = _once(lambda: _reviewer_saves(path, msgid, "Von Hand geprüft."))
    if moment == "after the read":
        real = model.merge
        monkeypatch.setattr("loc.steps.extract.model.merge", lambda *a, **k: (save(), real(*a, **k))[1])
    else:
        monkeypatch.setattr(atomic.os, "fsync", _once(save))
    report = loc.extract(project)
    found = _entries(path)
    assert found[msgid].msgstr == "Von Hand geprüft." and "fuzzy" not in found[msgid].flags
    changed = next(e for k, e in found.items() if k.startswith("Item 299 now says"))
    assert changed.fuzzy and changed.previous_msgid.startswith("Item 299 says")  # extract's own work
    assert project.relative(path) in report.changed
    _valid(path)


# ---- files stay what they were --------------------------------------------


def test_a_symlinked_catalog_is_written_through_and_stays_a_link(tmp_path):
    project = _project(tmp_path / "project", 10)
    loc.extract(project)
    path = _catalog(tmp_path / "project")
    shared = tmp_path / "elsewhere" / "doc.po"
    shared.parent.mkdir()
    path.rename(shared)
    path.symlink_to(shared)
    loc.translate(project, ["de"])
    assert path.is_symlink() and path.resolve() == shared
    assert all(e.msgstr for e in po.load(shared).po if e.msgid)


def test_a_read_only_catalog_is_refused_in_one_line(tmp_path):
    project = _project(tmp_path, 10)
    loc.extract(project)
    path = _catalog(tmp_path)
    before = path.read_bytes()
    path.chmod(0o444)
    with pytest.raises(loc.LocError, match="read-only") as error:
        loc.translate(project, ["de"])
    assert str(path) in str(error.value) and "\n" not in str(error.value)
    assert path.read_bytes() == before and path.stat().st_mode & 0o777 == 0o444


# ---- the last window: between loc's final look and its rename -------------------

TRIES = 20  # on main before the fix, about a third of them lost the save


def test_an_in_place_save_timed_into_the_last_window_before_the_rename_is_never_lost(tmp_path):
    """A child process rewrites the catalog in place the moment inotify reports the end of
    loc's final read (the second read of the save), on a catalog of about 1 MB, over many
    tries: half of them with the file opened during that read, as an editor holds it."""
    path = tmp_path / "de.po"
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "de"}
    for i in range(8000):
        catalog.append(
            polib.POEntry(msgid=f"Sentence {i} " + "word " * 10, msgstr=f"Satz {i} " + "Wort " * 10)
        )
    po.Catalog(path, catalog).save()
    original = path.read_bytes()
    assert len(original) > 900_000
    theirs = tmp_path / "theirs.po"
    theirs.write_bytes(original.replace(b'msgstr "Satz 7999 ', b'msgstr "Von Hand 7999 '))
    assert theirs.read_bytes() != original
    saver = subprocess.Popen(
        [sys.executable, str(Path(__file__).parent / "support" / "inotify_saver.py")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    lost = 0
    try:
        for attempt in range(TRIES):
            path.write_bytes(original)
            mine = po.load(path)
            mine.po[0].msgstr = "Eins (loc)."
            mode = ("held", "fresh")[attempt % 2]
            saver.stdin.write(f"arm {path} {theirs} {mode} 2\n")
            saver.stdin.flush()
            assert saver.stdout.readline() == "armed\n"
            mine.save()
            assert saver.stdout.readline() == "saved\n"
            lost += b'msgstr "Von Hand 7999 ' not in path.read_bytes()
    finally:
        saver.stdin.close()
        saver.wait()
    assert lost == 0
    _valid(path)
