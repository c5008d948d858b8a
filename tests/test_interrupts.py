"""Interrupted and concurrent runs, with real processes: `loc translate` killed with
SIGINT and SIGKILL at random points leaves every catalog valid and every reviewed entry
as it was, and the next run finishes the job without translating a saved segment again;
two loc processes on one project never interleave their writes.

The engine is the real Argos engine with the tiny test model (conftest.py); it is only
wrapped, to log every batch it hands back, so that the tests know how far a run got, and
to stop at a chosen point until it is signalled: after a given batch, before the model
loads, or in the first checkpoint once the catalog's bytes are in the temporary file. The
run logs that it has stopped there, and the tests signal it only then, so that a signal
meant for a point always finds the run at that point however loaded the machine is (and
however fast: no run has to last long enough for the test to catch it). Checkpoints are
written after every batch (steps.translate.SAVE_EVERY 0), and batches are small, so that a
short document has many of both.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest
from conftest import STATEMENT
from gettext_tools import msgfmt_check
from typer.testing import CliRunner

from loc.catalog import po as pofile
from loc.cli import app
from loc.engines.argos import packages

SENTENCES = 400
CHUNK = 12  # segments per engine call in these runs (steps.translate.CHUNK): some thirty calls
CATALOG = "locales/de/LC_MESSAGES/press.po"
# The real `loc`, its engine wrapped to log each batch it returns (argv[1]: the log file) and
# to stop where argv[2] says: a number, once it has logged that many batches (before handing
# the last one back); "model", before the model loads; "saving", in the first checkpoint, once
# the catalog's bytes are in the temporary file and before they are synced and renamed into
# place; "", never. Stopped, it logs "stopped" and waits for a signal: SIGUSR1 carries on,
# SIGINT and SIGKILL are the interruptions under test.
LOGGED = f"""
import json, os, signal, sys
from loc import engines
from loc.steps import translate
log, stop, real_create, real_fsync = sys.argv.pop(1), sys.argv.pop(1), engines.create, os.fsync
translate.SAVE_EVERY, translate.CHUNK = 0.0, {CHUNK}

class Resume(Exception):
    pass

def resume(*_):
    raise Resume

signal.signal(signal.SIGUSR1, resume)

def note(line):
    with open(log, "a", encoding="utf-8") as file:
        file.write(line + "\\n")

def stop_here():
    global stop
    stop = ""  # once
    try:
        note("stopped")
        while True:
            signal.pause()
    except Resume:
        pass

class Logged:
    def __init__(self, engine):
        self.engine, self.name, self.returned = engine, engine.name, 0

    @property
    def model(self):
        return self.engine.model

    def translate(self, texts):
        out = self.engine.translate(texts)
        note(json.dumps(list(texts)))
        self.returned += 1
        if stop.isdigit() and self.returned == int(stop):
            stop_here()
        return out

def create(*args, **kwargs):
    if stop == "model":
        stop_here()
    return Logged(real_create(*args, **kwargs))

def fsync(fd):
    if stop == "saving" and ".po.loc-" in os.path.basename(os.readlink(f"/proc/self/fd/{{fd}}")):
        stop_here()
    real_fsync(fd)

engines.create, os.fsync = create, fsync
from loc.cli import main
sys.argv[0] = "loc"
main()
"""


def sentences(count: int, seed: int = 1) -> list[str]:
    """Distinct sentences made of the statement's words: text the tiny model knows."""
    words = re.findall(r"[A-Za-z']+", STATEMENT.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    found: dict[str, None] = {}
    while len(found) < count:
        found[" ".join(rng.choice(words) for _ in range(rng.randint(6, 14))).capitalize() + "."] = None
    return list(found)


@pytest.fixture
def project(tmp_path, build_package, argos_packages):
    """A document in German: every 10th entry reviewed, every 97th a person's draft."""
    packages.install_file(build_package("en", "de"))
    root = tmp_path / "press"
    (root / "source").mkdir(parents=True)
    text = sentences(SENTENCES)
    paragraphs = [" ".join(text[i : i + 5]) for i in range(0, len(text), 5)]
    (root / "source" / "press.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    (root / "pyproject.toml").write_text('[tool.loc]\nlanguages = ["de"]\n')
    assert CliRunner().invoke(app, ["extract", "-C", str(root)]).exit_code == 0
    catalog = pofile.load(root / CATALOG)
    for number, entry in enumerate(catalog.po):
        if number % 10 == 0:
            entry.msgstr, entry.tcomment = "Geprüft.", "Ana: reviewed"
        elif number % 97 == 0:
            entry.msgstr, entry.flags = "Entwurf.", ["fuzzy"]
    catalog.save()
    return root


def start(root: Path, log: Path, *args: str, stop: str = "") -> subprocess.Popen:
    """`loc ARGS` logging its batches to `log`, and stopped where `stop` says (LOGGED)."""
    return subprocess.Popen(
        [sys.executable, "-c", LOGGED, str(log), stop, *args, "-C", str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def batches(log: Path) -> list[list[str]]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.endswith("]")]


def stopped(process: subprocess.Popen, log: Path) -> bool:
    """Until the run has stopped where it was told to; False if it ended first."""
    deadline = time.monotonic() + 120
    while not (log.exists() and "stopped" in log.read_text(encoding="utf-8").splitlines()):
        if process.poll() is not None:
            return False
        assert time.monotonic() < deadline, "the run never got there"
        time.sleep(0.01)
    return True


def entries(root: Path) -> dict[str, polib.POEntry]:
    """Every entry, after checking the file as polib, loc and msgfmt read it."""
    path = root / CATALOG
    polib.pofile(str(path))
    for checked in (msgfmt_check(path), msgfmt_check(root / "locales" / "press.pot")):
        assert checked.returncode == 0, checked.stderr
    return {e.msgid: e for e in pofile.load(path).po}


def machine_filled(found: dict[str, polib.POEntry]) -> dict[str, tuple]:
    """The entries the engine filled: msgid -> (msgstr, provenance line, flags)."""
    return {
        msgid: (e.msgstr, e.tcomment, e.flags)
        for msgid, e in found.items()
        if e.msgstr and "loc: origin engine=argos" in e.tcomment
    }


def human(found: dict[str, polib.POEntry]) -> dict[str, tuple]:
    return {
        m: (e.msgstr, e.tcomment, e.flags) for m, e in found.items() if e.msgstr in ("Geprüft.", "Entwurf.")
    }


# where each kill lands, SIGINT and SIGKILL in turn: after some batches (in the next one, in
# filling the catalog, in a checkpoint), in the middle of writing a checkpoint, or while starting
# (the catalogs read and the lock held, the model not yet loaded: SIGKILL only, as Ctrl-C there
# is Python's, not loc's); the random generator picks the batch. The kills mid-checkpoint come
# first, while the job is long enough to reach one; each later kill leaves work for the next run.
SCHEDULE = [
    (signal.SIGKILL, "saving"),
    (signal.SIGINT, "saving"),
    (signal.SIGKILL, "model"),
    (signal.SIGINT, "batches"),
    (signal.SIGKILL, "batches"),
    (signal.SIGINT, "batches"),
    (signal.SIGKILL, "model"),
    (signal.SIGINT, "batches"),
]


def test_translate_killed_at_random_points_loses_nothing_and_never_translates_a_saved_segment_twice(
    project, tmp_path
):
    rng = random.Random(20261125)
    first = entries(project)
    people = human(first)
    pending = {m for m, e in first.items() if not e.msgstr}
    assert len(people) > 40 and len(pending) + len(people) == len(first)
    delivered = {signal.SIGINT: 0, signal.SIGKILL: 0}
    filled: dict[str, tuple] = {}  # what earlier runs saved, which no later run may change
    logs: list[tuple[Path, set[str]]] = []
    lefts = []
    folder = (project / CATALOG).parent
    for run, (kind, where) in enumerate(SCHEDULE):
        log = tmp_path / f"run{run}.log"
        before = set(filled)
        left = -(-len(pending - before) // CHUNK)  # engine calls still to make
        lefts.append(left)
        stale = set(os.listdir(folder))  # what a SIGKILL in a save left behind
        # Ctrl-C saves all that is done: a third of what is left at most, so work remains
        count = rng.randint(1, max(1, left // 3 if kind == signal.SIGINT else left // 2))
        if where == "saving":
            assert left > 1, left  # a checkpoint before the last save
        process = start(
            project, log, "translate", "--lang", "de", stop=str(count) if where == "batches" else where
        )
        running = stopped(process, log)
        if running and where == "saving":  # stopped mid-write: the new bytes are in a temporary file
            assert any(name.endswith(".tmp") and name not in stale for name in os.listdir(folder))
        if running:
            process.send_signal(kind)
        _, errors = process.communicate(timeout=120)
        if running and kind == signal.SIGINT:  # always mid-translation, where loc handles it
            assert process.returncode == 130
            assert errors.splitlines() == [
                "loc: interrupted; every file is intact, run the command again to continue"
            ]
        found = entries(project)  # valid for polib, loc and msgfmt
        assert human(found) == people  # reviewed entries and people's drafts untouched
        now = machine_filled(found)
        assert {m: now[m] for m in filled} == filled  # saved suggestions are never redone
        filled = now
        logs.append((log, before))
        delivered[kind] += running
    log = tmp_path / "final.log"
    final_run = start(project, log, "translate", "--lang", "de")
    _, errors = final_run.communicate(timeout=300)
    assert final_run.returncode == 0, errors
    logs.append((log, set(filled)))
    final = entries(project)
    assert set(machine_filled(final)) == pending  # what the runs saved adds up to the whole job
    assert {m: machine_filled(final)[m] for m in filled} == filled
    assert human(final) == people
    for log, saved_before in logs:
        handed = {text for batch in batches(log) for text in batch}
        assert not handed & saved_before  # no saved segment went to the engine again
    assert delivered == {signal.SIGINT: 4, signal.SIGKILL: 4}, delivered  # every kill landed in a run
    leftovers = [path.name for path in project.rglob("*.tmp")]  # a SIGKILL mid-write leaves one
    print(
        f"survived {delivered[signal.SIGINT]} SIGINT, {delivered[signal.SIGKILL]} SIGKILL; left {leftovers}; "
        f"engine calls left before each run: {lefts}"
    )


NEW = "We will keep our users informed."


def add_a_sentence(root: Path) -> None:
    source = root / "source" / "press.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\n" + NEW + "\n", encoding="utf-8")


def test_a_second_loc_waits_for_the_first_and_their_writes_never_interleave(project, tmp_path):
    pending = {m for m, e in entries(project).items() if not e.msgstr}
    log = tmp_path / "translate.log"
    first = start(project, log, "translate", "--lang", "de", stop="1")
    assert stopped(first, log)  # translating, so holding the project lock
    add_a_sentence(project)
    second = subprocess.Popen(
        [sys.executable, "-m", "loc", "extract", "-C", str(project)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert second.stderr is not None
    notice = second.stderr.readline()  # the second is waiting for the lock: the first may go on
    first.send_signal(signal.SIGUSR1)
    _, first_errors = first.communicate(timeout=300)
    _, second_errors = second.communicate(timeout=300)
    assert first.returncode == 0, first_errors
    assert second.returncode == 0, notice + second_errors
    assert notice == "loc: waiting for another loc process to finish with this project…\n"
    assert second_errors == ""
    found = entries(project)
    assert set(machine_filled(found)) == pending  # extract read the catalog after translate's last save
    assert found[NEW].msgstr == ""  # and translate did not write over extract's merge


def test_with_a_tiny_lock_timeout_the_second_loc_fails_in_one_line_and_writes_nothing(project, tmp_path):
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + "lock_timeout = 0.1\n")
    log = tmp_path / "translate.log"
    first = start(project, log, "translate", "--lang", "de", stop="1")
    assert stopped(first, log)  # holding the lock until signalled
    add_a_sentence(project)
    template = (project / "locales" / "press.pot").read_bytes()
    second = subprocess.run(
        [sys.executable, "-m", "loc", "extract", "-C", str(project)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    first.send_signal(signal.SIGINT)
    first.communicate(timeout=120)
    assert second.returncode == 1
    *notice, error = second.stderr.splitlines()
    assert notice == ["loc: waiting for another loc process to finish with this project…"]
    assert error == (
        f"loc: error: {project}/.loc.lock: another loc process is still working on this project "
        "after 0.1 s; try again when it has finished"
    )
    assert (project / "locales" / "press.pot").read_bytes() == template
    assert NEW not in entries(project)
