"""Interrupted and concurrent runs, with real processes: `loc translate` killed with
SIGINT and SIGKILL at random points leaves every catalog valid and every reviewed entry
as it was, and the next run finishes the job without translating a saved segment again;
two loc processes on one project never interleave their writes.

The engine is the real Argos engine with a tiny random-weight model (conftest.py), slow
enough that a run lasts a few seconds and writes checkpoints (steps.translate.SAVE_EVERY,
shortened to a second so that a short job has several); it is only wrapped, to log every
batch it hands back, so that the tests know how far a run got, and to stop after a given
batch until it is signalled, so that a signal meant for the middle of a run always finds
it there however loaded the machine is.
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
from loc.steps import translate

SENTENCES = 1500  # some four seconds of translation on two idle cores: several checkpoints
CATALOG = "locales/de/LC_MESSAGES/press.po"
# The real `loc`, its engine wrapped to log each batch it returns (argv[1]: the log file) and
# to wait for a signal once it has returned argv[2] batches (0: never), with a checkpoint
# every second instead of every three
LOGGED = """
import json, sys, time
from loc import engines
from loc.steps import translate
log, pause, real_create = sys.argv.pop(1), int(sys.argv.pop(1)), engines.create
translate.SAVE_EVERY = 1.0

class Logged:
    def __init__(self, engine):
        self.engine, self.name = engine, engine.name

    @property
    def model(self):
        return self.engine.model

    def translate(self, texts):
        out = self.engine.translate(texts)
        with open(log, "a", encoding="utf-8") as file:
            file.write(json.dumps(list(texts)) + "\\n")
        with open(log, encoding="utf-8") as file:
            while pause and sum(1 for _ in file) >= pause:  # mid-run, until the test's signal
                time.sleep(1)
        return out

engines.create = lambda *args, **kwargs: Logged(real_create(*args, **kwargs))
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
    """A long document in German: every 10th entry reviewed, every 97th a person's draft."""
    packages.install_file(build_package("en", "de", "1.0", "--mode", "random", "--layers", "2"))
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


def start(root: Path, log: Path, *args: str, pause: int = 0) -> subprocess.Popen:
    """`loc ARGS` logging its batches to `log`, and waiting for a signal after `pause` of them."""
    return subprocess.Popen(
        [sys.executable, "-c", LOGGED, str(log), str(pause), *args, "-C", str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def batches(log: Path) -> list[list[str]]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.endswith("]")]


def wait_for(process: subprocess.Popen, log: Path, count: int) -> bool:
    """Until the run has handed back `count` batches; False if it ended first."""
    deadline = time.monotonic() + 120
    while len(batches(log)) < count:
        if process.poll() is not None:
            return False
        assert time.monotonic() < deadline, "the run made no progress"
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


def saving(process: subprocess.Popen, folder: Path, stale: set[str]) -> bool:
    """Until loc is writing a catalog (a new temporary file exists); False if it ended first."""
    deadline = time.monotonic() + 120
    while not any(name.endswith(".tmp") and name not in stale for name in os.listdir(folder)):
        if process.poll() is not None:
            return False
        assert time.monotonic() < deadline, "the run never saved"
        time.sleep(0.002)
    return True


# where each kill lands, SIGINT and SIGKILL in turn: after some batches (in the next one, in
# filling the catalog, in a checkpoint), in the middle of writing a checkpoint, or early (starting
# up, loading the model: SIGKILL only, as Ctrl-C there is Python's, not loc's); the random
# generator picks the batch or the time. The kills mid-checkpoint come first, while the job
# is long enough to reach one; each later kill leaves work for the next run.
SCHEDULE = [
    (signal.SIGKILL, "saving"),
    (signal.SIGINT, "saving"),
    (signal.SIGKILL, "start-up"),
    (signal.SIGINT, "batches"),
    (signal.SIGKILL, "batches"),
    (signal.SIGINT, "batches"),
    (signal.SIGKILL, "start-up"),
    (signal.SIGINT, "batches"),
]


def test_translate_killed_at_random_points_loses_nothing_and_never_translates_a_saved_segment_twice(
    project, tmp_path
):
    rng = random.Random(20261125)
    first = entries(project)
    people = human(first)
    pending = {m for m, e in first.items() if not e.msgstr}
    assert len(people) > 150 and len(pending) + len(people) == len(first)
    delivered = {signal.SIGINT: 0, signal.SIGKILL: 0}
    filled: dict[str, tuple] = {}  # what earlier runs saved, which no later run may change
    logs: list[tuple[Path, set[str]]] = []
    lefts = []
    for run, (kind, where) in enumerate(SCHEDULE):
        log = tmp_path / f"run{run}.log"
        before = set(filled)
        left = -(-len(pending - before) // translate.CHUNK)  # engine calls still to make
        lefts.append(left)
        folder = (project / CATALOG).parent
        stale = set(os.listdir(folder))  # what a SIGKILL in a save left behind
        # Ctrl-C saves all that is done: a third of what is left at most, so work remains
        count = rng.randint(1, max(1, left // 3 if kind == signal.SIGINT else left // 2))
        process = start(project, log, "translate", "--lang", "de", pause=count if where == "batches" else 0)
        if where == "saving":
            assert left > 12, left  # a run long enough to write a checkpoint
            running = saving(process, folder, stale)
        elif where == "start-up":
            time.sleep(rng.uniform(0.05, 0.5))
            running = process.poll() is None
        else:  # in the middle of the run: the engine waits after `count` batches
            running = wait_for(process, log, count)
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
    first = start(project, log, "translate", "--lang", "de")
    assert wait_for(first, log, 1)  # translating, so holding the project lock
    add_a_sentence(project)
    second = subprocess.Popen(
        [sys.executable, "-m", "loc", "extract", "-C", str(project)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _, first_errors = first.communicate(timeout=300)
    _, second_errors = second.communicate(timeout=300)
    assert first.returncode == 0, first_errors
    assert second.returncode == 0, second_errors
    assert second_errors.splitlines() == ["loc: waiting for another loc process to finish with this project…"]
    found = entries(project)
    assert set(machine_filled(found)) == pending  # extract read the catalog after translate's last save
    assert found[NEW].msgstr == ""  # and translate did not write over extract's merge


def test_with_a_tiny_lock_timeout_the_second_loc_fails_in_one_line_and_writes_nothing(project, tmp_path):
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + "lock_timeout = 0.1\n")
    log = tmp_path / "translate.log"
    first = start(project, log, "translate", "--lang", "de", pause=1)
    assert wait_for(first, log, 1)  # holding the lock until signalled
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
