"""Teams in git: catalogs merged by `loc merge-driver` in real repositories (merge, rebase,
cherry-pick), the CI check mode, conflict markers, and a new project's set-up."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from conftest import loc
from gettext_tools import msgcat, msgfmt_check
from git_scenarios import (
    CONFLICT,
    PO,
    SENTENCES,
    Edit,
    Repo,
    Scenario,
    judge,
    loc_driver,
    machine_text,
    make_repo,
    play,
    scenarios,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from loc.catalog import model, notes
from loc.catalog import po as pofile
from loc.errors import LocError

SCENARIOS = {scenario.name: scenario for scenario in scenarios()}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_each_team_scenario_merges_with_no_conflict_and_every_edit_kept(tmp_path, name):
    scenario = SCENARIOS[name]
    repo = make_repo(tmp_path / "repo", loc_driver)
    play(repo, scenario)
    merged = repo.git("merge", "--no-edit", "branch", check=False)
    outcome = judge(repo, scenario, merged.returncode)
    assert (merged.returncode, outcome.unmerged, outcome.lost) == (0, [], [])
    assert msgfmt_check(repo.root / PO).returncode == 0


@pytest.mark.parametrize("name", list(SCENARIOS)[:2])
def test_plain_git_conflicts_on_the_same_scenarios(tmp_path, name):
    """What the driver is for: without it, git's line merge stops on these."""
    repo = make_repo(tmp_path / "repo")
    play(repo, SCENARIOS[name])
    assert repo.git("merge", "--no-edit", "branch", check=False).returncode != 0
    assert repo.unmerged() == [str(PO)]


def test_header_churn_from_two_poedit_saves_merges_with_the_newest_save_stamps(tmp_path):
    repo = make_repo(tmp_path / "repo", loc_driver)
    play(repo, SCENARIOS["two Poedit saves, neighbouring entries edited"])
    repo.git("checkout", "-q", "branch")  # the older save is ours
    assert repo.git("merge", "--no-edit", "main", check=False).returncode == 0
    header = repo.catalog().metadata
    # main saved at 11:30+0100, the branch at 09:00+0100
    assert header["PO-Revision-Date"] == "2026-02-02 11:30+0100"
    assert header["Last-Translator"] == "Ann <ann@example.com>"
    assert header["X-Generator"] == "Poedit 3.4.2"


def test_a_source_edit_merged_with_an_approval_equals_checkout_theirs_then_extract(tmp_path):
    scenario = SCENARIOS["a source edit and extract on main, the same entries approved on the branch"]
    repo = make_repo(tmp_path / "repo", loc_driver)
    play(repo, scenario)
    repo.git("merge", "--no-edit", "branch")
    # the recipe that happens to work by hand, in a second clone
    other = Repo(tmp_path / "other")
    Repo(tmp_path).git("clone", "-q", str(repo.root), str(other.root))
    other.git("checkout", "-q", "HEAD~1")  # main before the merge
    other.git("merge", "--no-edit", "-s", "ours", "origin/branch")
    other.git("checkout", "origin/branch", "--", str(PO))
    other.extract()
    signatures = {model.signature(e) for e in repo.catalog()}
    assert signatures == {model.signature(e) for e in other.catalog()}
    assert loc(repo.root, "extract", "--check").exit_code == 0


def test_a_same_entry_conflict_is_reported_by_git_listed_by_status_and_check_and_never_compiled(tmp_path):
    repo = make_repo(tmp_path / "repo", loc_driver)
    play(repo, CONFLICT)
    merged = repo.git("merge", "--no-edit", "branch", check=False)
    assert merged.returncode != 0 and repo.unmerged() == [str(PO)]
    assert "loc: conflict in locales/de/LC_MESSAGES/doc.po" in merged.stderr
    path = repo.root / PO
    assert msgfmt_check(path).returncode == 0
    assert msgcat(path) == path.read_bytes()
    entry = repo.entries()[(SENTENCES[7], False)]
    assert (entry.msgstr, entry.fuzzy) == ("Alle sind willkommen.", True)
    assert notes.conflict_other(entry) == ["Jeder darf kommen."]
    status = loc(repo.root, "status")
    assert "Alle sind willkommen." in status.stdout and "Jeder darf kommen." in status.stdout
    check = loc(repo.root, "check")
    assert check.exit_code == 1 and "[conflict]" in check.stdout and "Jeder darf kommen." in check.stdout
    compiled = loc(repo.root, "compile", "--include-fuzzy", "--force")
    assert compiled.exit_code == 0
    mo = polib.mofile(str(repo.root / "build" / "de" / "LC_MESSAGES" / "doc.mo"))
    assert SENTENCES[7] not in {e.msgid for e in mo}
    assert "Alle sind willkommen." not in (repo.root / "build" / "de" / "doc.txt").read_text()


def test_a_conflict_resolved_in_poedit_is_published(tmp_path):
    repo = make_repo(tmp_path / "repo", loc_driver)
    play(repo, CONFLICT)
    repo.git("merge", "--no-edit", "branch", check=False)
    repo.save([Edit(SENTENCES[7], "Jeder darf kommen.")], "Ann", "2026-02-03 08:00+0100")
    assert "Merge conflicts" not in loc(repo.root, "status").stdout
    loc(repo.root, "compile", "--include-fuzzy", "--force")
    assert "Jeder darf kommen." in (repo.root / "build" / "de" / "doc.txt").read_text()


def test_rebase_replays_a_review_over_another_save_without_conflicts(tmp_path):
    scenario = SCENARIOS["two Poedit saves, neighbouring entries edited"]
    repo = make_repo(tmp_path / "repo", loc_driver)
    play(repo, scenario)
    repo.git("checkout", "-q", "branch")
    assert repo.git("rebase", "main", check=False).returncode == 0
    outcome = judge(repo, scenario, 0)
    assert (outcome.unmerged, outcome.lost) == ([], [])


def test_cherry_pick_brings_one_review_over_another_save_without_conflicts(tmp_path):
    scenario = SCENARIOS["two Poedit saves, neighbouring entries edited"]
    repo = make_repo(tmp_path / "repo", loc_driver)
    play(repo, scenario)
    assert repo.git("cherry-pick", "branch", check=False).returncode == 0
    outcome = judge(repo, scenario, 0)
    assert (outcome.unmerged, outcome.lost) == ([], [])


_EDITS = st.sampled_from(["approve", "retranslate", "retranslate and approve"])


@settings(max_examples=8, deadline=None)
@given(
    plan=st.lists(st.tuples(st.booleans(), _EDITS), min_size=len(SENTENCES), max_size=len(SENTENCES)),
    skip=st.sets(st.integers(0, len(SENTENCES) - 1)),
)
def test_any_two_non_overlapping_edit_sets_on_two_branches_merge_with_both_kept(tmp_path_factory, plan, skip):
    sides: dict[bool, list[Edit]] = {True: [], False: []}
    for index, (on_branch, kind) in enumerate(plan):
        if index in skip:
            continue
        msgid = SENTENCES[index]
        text = machine_text(msgid) if kind == "approve" else f"{'B' if on_branch else 'M'}{index}: {msgid}"
        sides[on_branch].append(Edit(msgid, text, reviewed=kind != "retranslate"))
    repo = make_repo(tmp_path_factory.mktemp("repo"), loc_driver)
    scenario = Scenario("generated", ours=sides[False], theirs=sides[True])
    play(repo, scenario)
    merged = repo.git("merge", "--no-edit", "branch", check=False)
    outcome = judge(repo, scenario, merged.returncode)
    assert (merged.returncode, outcome.lost) == (0, [])


# ---- conflict markers --------------------------------------------------------------------


def test_a_po_with_conflict_markers_is_refused_at_the_first_marker_naming_the_fix(tmp_path):
    path = tmp_path / "x.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '<<<<<<< HEAD\nmsgid "a"\nmsgstr "A"\n=======\nmsgid "a"\nmsgstr "B"\n>>>>>>> branch\n'
    )
    with pytest.raises(LocError) as error:
        pofile.load(path)
    assert error.value.line == 5
    assert "git merge conflict" in error.value.message and "git checkout -m" in error.value.message


def test_a_plain_git_merge_left_with_markers_is_named_and_merged_after_setup(tmp_path):
    scenario = SCENARIOS["two Poedit saves, neighbouring entries edited"]
    repo = make_repo(tmp_path / "repo")
    play(repo, scenario)
    repo.git("merge", "--no-edit", "branch", check=False)
    first = next(
        n for n, line in enumerate((repo.root / PO).read_text().split("\n"), 1) if line.startswith("<<<<<<<")
    )
    result = loc(repo.root, "status")
    assert result.exit_code == 1
    assert f"doc.po:{first}: unresolved git merge conflict" in result.stderr
    assert len(result.stderr.strip().split("\n")) == 1
    assert loc(repo.root, "git-setup").exit_code == 0
    repo.git("checkout", "-m", "--", str(PO))
    assert judge(repo, scenario, 0).lost == []


# ---- CI check mode -----------------------------------------------------------------------


def test_extract_check_writes_nothing_and_names_each_out_of_date_catalog(tmp_path):
    repo = make_repo(tmp_path / "repo", loc_driver)
    repo.edit_source(SENTENCES[0], "The committee met on Tuesday.")
    files = [path for path in repo.root.rglob("*") if path.is_file() and ".git" not in path.parts]
    before = {path: path.read_bytes() for path in files}
    result = loc(repo.root, "extract", "--check")
    assert result.exit_code == 1
    assert "locales/doc.pot: out of date, 2 entries would change" in result.stdout
    assert "locales/de/LC_MESSAGES/doc.po: out of date" in result.stdout
    assert before == {path: path.read_bytes() for path in files}
    assert loc(repo.root, "extract").exit_code == 0
    assert loc(repo.root, "extract", "--check").exit_code == 0


def test_extract_check_names_a_configured_language_without_a_catalog(tmp_path):
    repo = make_repo(tmp_path / "repo")
    (repo.root / "pyproject.toml").write_text('[tool.loc]\nlanguages = ["de", "fr"]\n')
    result = loc(repo.root, "extract", "--check")
    assert result.exit_code == 1
    assert f"locales/fr/LC_MESSAGES/doc.po: out of date, {len(SENTENCES) + 1} entries" in result.stdout
    assert not (repo.root / "locales" / "fr").exists()


def test_pre_commit_hooks_run_extract_check_and_check():
    import yaml

    hooks = yaml.safe_load((Path(__file__).parent.parent / ".pre-commit-hooks.yaml").read_text())
    entries = {hook["id"]: hook["entry"] for hook in hooks}
    assert entries == {"loc-extract-check": "loc extract --check", "loc-check": "loc check"}


# ---- a new project -----------------------------------------------------------------------


def test_init_writes_settings_source_gitignore_and_the_merge_driver(tmp_path):
    root = tmp_path / "project"
    root.mkdir()
    repo = Repo(root)
    repo.git("init", "-q")
    result = loc(root, "init", "--lang", "de")
    assert result.exit_code == 0, result.output
    assert (root / "source").is_dir()
    assert "[tool.loc]" in (root / "pyproject.toml").read_text()
    assert "*.po merge=loc" in (root / ".gitattributes").read_text()
    assert "-m loc merge-driver %O %A %B %P" in repo.git("config", "merge.loc.driver").stdout
    # Poedit's MO next to the PO, build/ and .loc/ stay out of `git add -A`
    for name in ("locales/de/LC_MESSAGES/doc.mo", "build/de/doc.txt", ".loc/extract.json"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(b"x")
    (root / "source" / "doc.txt").write_text("One sentence.\n")
    assert loc(root, "extract").exit_code == 0
    repo.git("add", "-A")
    staged = set(repo.git("diff", "--cached", "--name-only").stdout.split())
    assert staged == {
        ".gitattributes", ".gitignore", "pyproject.toml", "source/doc.txt",
        "locales/doc.pot", "locales/de/LC_MESSAGES/doc.po",
    }  # fmt: skip
    again = loc(root, "init")
    assert again.exit_code == 0 and "wrote" not in again.stdout


def test_the_repositorys_own_gitignore_covers_mo_files_next_to_its_catalogs(tmp_path):
    repo = Repo(tmp_path)
    repo.git("init", "-q")
    shutil.copy(Path(__file__).parent.parent / ".gitignore", tmp_path / ".gitignore")
    ignored = repo.git("check-ignore", "-q", "locales/de/LC_MESSAGES/statement.mo", check=False)
    assert ignored.returncode == 0


# ---- smaller diffs -----------------------------------------------------------------------


def test_an_edited_sentence_drops_its_unreviewed_old_entry_but_keeps_a_reviewed_one(tmp_path):
    repo = make_repo(tmp_path / "repo")
    repo.save([Edit(SENTENCES[1], "Er billigte den Haushalt.")], "Ann", "2026-02-02 10:00+0000")
    repo.edit_source(SENTENCES[0], "The committee met on a Monday.")
    repo.edit_source(SENTENCES[1], "It approved the revised budget.")
    repo.extract()
    obsolete = {msgid for msgid, old in repo.entries() if old}
    assert obsolete == {SENTENCES[1]}
    assert repo.entries()[("The committee met on a Monday.", False)].msgstr == machine_text(SENTENCES[0])


def test_init_adds_tool_loc_to_an_existing_pyproject_and_works_outside_git(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "site"\n')
    result = loc(tmp_path, "init", "--lang", "de,fr")
    assert result.exit_code == 0
    assert "after `git init`, run `loc git-setup`" in result.stdout
    import loc as library

    project = library.open(tmp_path)
    assert (project.config.project, project.config.languages) == ("site", ("de", "fr"))


def test_init_refuses_a_broken_pyproject_in_one_line(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.loc\n")
    result = loc(tmp_path, "init")
    assert result.exit_code == 1 and result.stderr.startswith("loc: error: ")
    assert len(result.stderr.strip().split("\n")) == 1
