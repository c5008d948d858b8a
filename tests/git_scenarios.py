"""Real git repositories holding a loc project, and the team scenarios of issue 20.

Shared by tests/test_git.py (loc's driver, and plain git) and bench/gitmerge.py (the same
repositories with the anchors' drivers). A translator's save is Poedit-style: the
entries they touched, and the header stamps (PO-Revision-Date, Last-Translator,
X-Generator) of the save.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polib

SENTENCES = [
    "The committee met on Monday.",
    "It approved the new budget.",
    "Three members voted against it.",
    "The report will be published soon.",
    "Questions can be sent by mail.",
    "The next meeting is in spring.",
    "Minutes are kept by the secretary.",
    "Everyone is welcome to attend.",
]
PO = Path("locales/de/LC_MESSAGES/doc.po")
POT = Path("locales/doc.pot")
SETTINGS = '[tool.loc]\nsource_lang = "en"\nlanguages = ["de"]\n'


def git_env() -> dict[str, str]:
    """git that reads no user or system config, with a fixed author."""
    env = dict(os.environ)
    env.update(
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_AUTHOR_NAME="Test",
        GIT_AUTHOR_EMAIL="test@example.com",
        GIT_COMMITTER_NAME="Test",
        GIT_COMMITTER_EMAIL="test@example.com",
        GIT_EDITOR="true",
    )
    return env


@dataclass(frozen=True)
class Edit:
    """What one translator did to one entry: its text, and whether it is now reviewed."""

    msgid: str
    msgstr: str
    reviewed: bool = True


@dataclass
class Repo:
    root: Path

    def git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["git", *args], cwd=self.root, env=git_env(), capture_output=True, text=True, check=check
        )

    def commit(self, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)

    def catalog(self, path: Path = PO) -> polib.POFile:
        from loc.catalog import po

        return po.load(self.root / path).po

    def entries(self, path: Path = PO) -> dict[tuple[str, bool], polib.POEntry]:
        """(msgid, obsolete) -> entry."""
        return {(e.msgid, e.obsolete): e for e in self.catalog(path)}

    def save(self, edits: list[Edit], translator: str, when: str) -> None:
        """A Poedit-style save of the German catalog."""
        from loc.catalog import notes, po

        catalog = po.load(self.root / PO)
        wanted = {edit.msgid: edit for edit in edits}
        for entry in catalog.po:
            edit = wanted.get(entry.msgid)
            if edit is None or entry.obsolete:
                continue
            entry.msgstr = edit.msgstr
            if edit.reviewed and "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            elif not edit.reviewed and "fuzzy" not in entry.flags:
                entry.flags.insert(0, "fuzzy")
            notes.mark_edited(entry)
        catalog.po.metadata.update(
            {"PO-Revision-Date": when, "Last-Translator": translator, "X-Generator": "Poedit 3.4.2"}
        )
        catalog.save()

    def edit_source(self, old: str, new: str) -> None:
        path = self.root / "source" / "doc.txt"
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")

    def extract(self) -> None:
        import loc

        loc.extract(loc.open(self.root))

    def unmerged(self) -> list[str]:
        return self.git("diff", "--name-only", "--diff-filter=U").stdout.split()


def machine_text(msgid: str) -> str:
    return "MT: " + msgid


def make_repo(root: Path, driver: Callable[[Repo], None] | None = None) -> Repo:
    """A committed project on `main`: one document, its POT, a German PO whose every
    entry is an unreviewed machine suggestion; `driver` sets up a merge driver."""
    import loc
    from loc.catalog import notes, po

    root.mkdir(parents=True, exist_ok=True)
    repo = Repo(root)
    repo.git("init", "-q", "-b", "main")
    (root / "source").mkdir()
    (root / "source" / "doc.txt").write_text("\n\n".join(SENTENCES) + "\n", encoding="utf-8")
    (root / "pyproject.toml").write_text(SETTINGS)
    (root / ".gitignore").write_text(".loc/\n.loc.lock\n/build/\n")
    if driver is not None:
        driver(repo)
    loc.extract(loc.open(root))
    catalog = po.load(root / PO)
    for entry in catalog.po:
        entry.msgstr = machine_text(entry.msgid)
        entry.flags = ["fuzzy"]
        notes.set_origin(entry, notes.Provenance("argos", "test@1", -0.5, notes.digest(entry.msgstr)))
    catalog.po.metadata.update({"PO-Revision-Date": "2026-01-01 10:00+0000", "Last-Translator": "loc"})
    catalog.save()
    repo.commit("base")
    return repo


def loc_driver(repo: Repo) -> None:
    """`loc git-setup`, as a team member runs it."""
    import loc

    loc.git_setup(repo.root)


def loc_command() -> str:
    return f"{shlex.quote(sys.executable)} -m loc"


# ---- the scenarios: each runs on `main` and a branch, and says what must survive ----------


@dataclass
class Outcome:
    """What a merge of a scenario left, judged by the edits each side made."""

    exit_code: int
    unmerged: list[str]
    kept: int
    lost: list[Edit] = field(default_factory=list)
    has_markers: bool = False


@dataclass(frozen=True)
class Scenario:
    name: str
    ours: list[Edit]  # saved on main
    theirs: list[Edit]  # saved on the branch
    source_edit: tuple[str, str] | None = None  # a sentence edited on main, then `loc extract`
    before: list[Edit] = field(default_factory=list)  # saved and committed before the branch


def scenarios() -> list[Scenario]:
    s = SENTENCES
    return [
        Scenario(
            "different entries approved on each branch",
            ours=[Edit(s[0], machine_text(s[0]))],
            theirs=[Edit(s[5], machine_text(s[5]))],
        ),
        Scenario(
            "two Poedit saves, neighbouring entries edited",
            ours=[Edit(s[3], "Der Bericht erscheint bald.")],
            theirs=[Edit(s[1], "Er hat den Haushalt gebilligt."), Edit(s[2], "Drei waren dagegen.")],
        ),
        Scenario(
            "a reviewed translation corrected on the branch, another approved on main",
            ours=[Edit(s[0], machine_text(s[0]))],
            theirs=[Edit(s[6], "Das Protokoll führt der Schriftführer.")],
            before=[Edit(s[6], "Das Protokoll führt die Sekretärin.")],
        ),
        Scenario(
            "a source edit and extract on main, the same entries approved on the branch",
            ours=[],
            theirs=[Edit(s[4], "Fragen gehen per Post."), Edit(s[6], "Das Protokoll führt die Sekretärin.")],
            source_edit=(s[4], s[4].replace("by mail", "by e-mail")),
        ),
    ]


CONFLICT = Scenario(
    "the same entry translated differently on each branch",
    ours=[Edit(SENTENCES[7], "Alle sind willkommen.")],
    theirs=[Edit(SENTENCES[7], "Jeder darf kommen.")],
)


def play(repo: Repo, scenario: Scenario) -> None:
    """The branch's save, then main's work; leaves `main` checked out, not merged."""
    if scenario.before:
        repo.save(scenario.before, "Cem <cem@example.com>", "2026-01-15 12:00+0000")
        repo.commit("review before the branch")
    repo.git("checkout", "-q", "-b", "branch")
    repo.save(scenario.theirs, "Bea <bea@example.com>", "2026-02-02 09:00+0100")
    repo.commit("branch: review")
    repo.git("checkout", "-q", "main")
    if scenario.source_edit:
        repo.edit_source(*scenario.source_edit)
        repo.extract()
    if scenario.ours:
        repo.save(scenario.ours, "Ann <ann@example.com>", "2026-02-02 11:30+0100")
    repo.commit("main: work")


def judge(repo: Repo, scenario: Scenario, exit_code: int) -> Outcome:
    """Which edits the merged catalog still holds as their translator left them: the text,
    reviewed or not, on an entry of that msgid (live, or obsolete once the source changed);
    an edit of a sentence main changed also counts when its text reached the new sentence."""
    text = (repo.root / PO).read_text(encoding="utf-8")
    markers = any(line.startswith(("<<<<<<<", ">>>>>>>")) for line in text.split("\n"))
    outcome = Outcome(exit_code, repo.unmerged(), 0, has_markers=markers)
    if markers:
        outcome.lost = [*scenario.ours, *scenario.theirs]
        return outcome
    entries = list(polib.pofile(text))
    changed = dict([scenario.source_edit]) if scenario.source_edit else {}
    for edit in [*scenario.ours, *scenario.theirs]:
        found = [e for e in entries if e.msgid == edit.msgid]
        kept = any(e.msgstr == edit.msgstr and ("fuzzy" not in e.flags) == edit.reviewed for e in found)
        if edit.msgid in changed:
            kept = kept and any(e.msgid == changed[edit.msgid] and e.msgstr == edit.msgstr for e in entries)
        if kept:
            outcome.kept += 1
        else:
            outcome.lost.append(edit)
    return outcome
