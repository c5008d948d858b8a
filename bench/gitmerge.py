"""Merging catalogs in git: loc's driver against plain git and the two recipes teams use,
on the same repositories (tests/git_scenarios.py: Poedit-style saves on two branches, a
source edit with `loc extract`, a same-entry conflict).

  git            no driver: git's line merge
  msgcat         `msgcat --use-first -o %A %A %B`, the common recipe: ours wins each entry
  weblate        Weblate's merge-po-files recipe, reimplemented here from its documented
                 steps with the gettext tools: the header from ours; each side's changes
                 against the base; entries changed on both sides concatenated by msgcat
                 with #-#-#-#-# markers (a conflict, exit 1); the rest unioned and filtered
                 through msgmerge --no-fuzzy-matching by a template of both sides
  loc            `loc merge-driver %O %A %B %P`

For each scenario and tool: the merge's exit code, files git left unmerged, and the
translators' edits lost (an edit is kept when its text, reviewed or not as its translator
left it, is on its entry). For the conflict: whether both versions are still in the file.

    .venv/bin/python bench/gitmerge.py
"""

from __future__ import annotations

import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

import git_scenarios as scenes  # noqa: E402
import polib  # noqa: E402

from loc.catalog import notes  # noqa: E402

MARK = "#-#-#-#-#"


def gettext(*args: str, stdin: bytes | None = None) -> bytes:
    return subprocess.run(list(args), input=stdin, capture_output=True, check=True).stdout


def weblate_merge(base: str, ours: str, theirs: str) -> int:
    """The Weblate recipe's steps (see the module docstring); the result goes to `ours`."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        header = work / "header.po"
        gettext("msggrep", "--force-po", "-N", "//", "-o", str(header), ours)  # ours' header only
        clean = {}
        for name, path in (("base", base), ("local", ours), ("other", theirs)):
            clean[name] = work / name
            gettext("msguniq", "--force-po", "-o", str(clean[name]), "--unique", path)

        def changes(side: str) -> Path:
            """The side's version of each entry whose translation differs from the base's."""
            both = gettext("msgcat", "-o", "-", str(clean[side]), str(clean["base"]))
            differing = gettext("msggrep", "--msgstr", "-F", "-e", MARK, "-", stdin=both)
            merged = gettext(
                "msgmerge", "--force-po", "--quiet", "--no-fuzzy-matching", "-o", "-", str(clean[side]), "-",
                stdin=differing,
            )  # fmt: skip
            out = work / f"{side}-changes"
            out.write_bytes(gettext("msgattrib", "--no-obsolete", "-", stdin=merged))
            return out

        local, other = changes("local"), changes("other")
        everything = gettext(
            "msgcat", "--force-po", "-o", "-", *(str(clean[n]) for n in ("base", "local", "other"))
        )
        unchanged = work / "unchanged"
        unchanged.write_bytes(gettext("msggrep", "-v", "--msgstr", "-F", "-e", MARK, "-", stdin=everything))
        conflicts = work / "conflicts"
        both = gettext("msgcat", "--force-po", "-o", "-", str(other), str(local))
        conflicts.write_bytes(gettext("msggrep", "--msgstr", "-F", "-e", MARK, "-", stdin=both))
        only = {}
        for side, path in (("local", local), ("other", other)):
            only[side] = work / f"{side}-only"
            gettext("msgcat", "--force-po", "-o", str(only[side]), "--unique", str(path), str(conflicts))
        first = work / "merge1"
        gettext(
            "msgcat", "--force-po", "-o", str(first),
            str(unchanged), str(conflicts), str(only["local"]), str(only["other"]),
        )  # fmt: skip
        template = gettext("msgcat", "--force-po", "-o", "-", str(clean["local"]), str(clean["other"]))
        second = work / "merge2"
        gettext(
            "msgmerge", "--force-po", "--quiet", "--no-fuzzy-matching", "-o", str(second), str(first), "-",
            stdin=template,
        )  # fmt: skip
        result = work / "merge3"
        gettext(
            "msgcat", "--force-po", "--no-wrap", "--sort-output", "-o", str(result),
            "--use-first", str(header), str(second),
        )  # fmt: skip
        data = result.read_bytes()
        Path(ours).write_bytes(data)
        return 1 if MARK.encode() in data else 0


def driver_for(tool: str):
    """A function that sets the tool up as the merge driver of *.po in a repository."""

    def setup(repo: scenes.Repo) -> None:
        if tool == "git":
            return
        if tool == "loc":
            scenes.loc_driver(repo)
            return
        command = {
            "msgcat": "msgcat --use-first -o %A %A %B",
            "weblate": f"{shlex.quote(sys.executable)} {shlex.quote(__file__)} weblate-driver %O %A %B",
        }[tool]
        (repo.root / ".gitattributes").write_text(f"*.po merge={tool}\n")
        repo.git("config", f"merge.{tool}.driver", command)

    return setup


TOOLS = ("git", "msgcat", "weblate", "loc")


def both_versions_kept(repo: scenes.Repo, scenario: scenes.Scenario) -> bool:
    """Each side's text still in the file: as a translation, in msgcat's concatenation,
    or in loc's conflict note."""
    text = (repo.root / scenes.PO).read_text(encoding="utf-8")
    if any(line.startswith("<<<<<<<") for line in text.split("\n")):
        return all(edit.msgstr in text for edit in [*scenario.ours, *scenario.theirs])
    found = [e for e in polib.pofile(text) if e.msgid == scenario.ours[0].msgid]
    held = " ".join(e.msgstr + " ".join(notes.conflict_other(e) or []) for e in found)
    return all(edit.msgstr in held for edit in [*scenario.ours, *scenario.theirs])


def main() -> None:
    if sys.argv[1:2] == ["weblate-driver"]:
        sys.exit(weblate_merge(*sys.argv[2:5]))
    print(f"{'scenario':<78} {'tool':<8} {'exit':>4} {'unmerged':>8} {'edits lost':>10}")
    totals = dict.fromkeys(TOOLS[1:], 0)  # git leaves markers, never a file to judge
    edits = 0
    with tempfile.TemporaryDirectory() as tmp:
        for number, scenario in enumerate([*scenes.scenarios(), scenes.CONFLICT]):
            for tool in TOOLS:
                repo = scenes.make_repo(Path(tmp) / f"{number}-{tool}", driver_for(tool))
                scenes.play(repo, scenario)
                merged = repo.git("merge", "--no-edit", "branch", check=False)
                if scenario is scenes.CONFLICT:
                    kept = "both versions kept" if both_versions_kept(repo, scenario) else "one version lost"
                    unmerged = len(repo.unmerged())
                    print(f"{scenario.name:<78} {tool:<8} {merged.returncode:>4} {unmerged:>8}   {kept}")
                    continue
                outcome = scenes.judge(repo, scenario, merged.returncode)
                total = len(scenario.ours) + len(scenario.theirs)
                edits += total if tool == "loc" else 0
                unmerged = len(outcome.unmerged)
                if outcome.has_markers:  # nothing merged: a person resolves every hunk by hand
                    lost = "markers"
                else:
                    totals[tool] += len(outcome.lost)
                    lost = f"{len(outcome.lost)} of {total}"
                print(f"{scenario.name:<78} {tool:<8} {merged.returncode:>4} {unmerged:>8} {lost:>10}")
    print(
        "edits lost in the scenarios without a real conflict: "
        + ", ".join(f"{t} {n}/{edits}" for t, n in totals.items())
    )


if __name__ == "__main__":
    main()
