"""Fuzzy translation memory: close reviewed sentences before MT, never across a changed
number or negation."""

from __future__ import annotations

from pathlib import Path

import pytest

import loc as api
from loc.catalog import notes, po
from loc.errors import LocError
from loc.steps import memory


def _project(root: Path, new: str, settings: str = "") -> api.Project:
    """a.txt has a reviewed sentence; b.txt a new one (`new`)."""
    (root / "source").mkdir(parents=True)
    (root / "source" / "a.txt").write_text("Our support team answers within 24 hours.\n", encoding="utf-8")
    (root / "source" / "b.txt").write_text(new + "\n", encoding="utf-8")
    (root / "pyproject.toml").write_text(f'[tool.loc]\nlanguages = ["de"]\n{settings}')
    project = api.open(root)
    api.extract(project)
    catalog = po.load(project.po_path("de", "a"))
    catalog.po[0].msgstr = "Unser Support-Team antwortet innerhalb von 24 Stunden."
    catalog.save()
    return project


def _entry(project: api.Project, msgid: str):
    return next(e for e in po.load(project.po_path("de", "b")).po if e.msgid == msgid)


def test_close_reviewed_sentence_becomes_a_memory_suggestion_before_mt(tmp_path):
    project = _project(tmp_path, "Our friendly support team answers within 24 hours.")
    (report,) = api.translate(project, ["de"], engine="pseudo").languages
    assert (report.reused, report.sent) == (1, 0)  # the engine was not asked
    entry = _entry(project, "Our friendly support team answers within 24 hours.")
    assert entry.msgstr == "Unser Support-Team antwortet innerhalb von 24 Stunden."
    assert "fuzzy" in entry.flags
    origin = notes.provenance(entry)
    assert (origin.engine, origin.model) == ("memory", "locales/de/LC_MESSAGES/a.po")
    assert origin.score == pytest.approx(0.9011, abs=1e-4)
    assert entry.tcomment.startswith(
        "loc: origin engine=memory model=locales/de/LC_MESSAGES/a.po score=0.9011"
    )


@pytest.mark.parametrize(
    "new",
    [
        "Our support team answers within 48 hours.",  # a changed number
        "Our support team never answers within 24 hours.",  # a negation
    ],
)
def test_memory_is_never_offered_across_a_changed_number_or_negation(tmp_path, new):
    project = _project(tmp_path, new)
    (report,) = api.translate(project, ["de"], engine="pseudo").languages
    assert (report.reused, report.sent) == (0, 1)
    assert notes.provenance(_entry(project, new)).engine == "pseudo"


def test_memory_threshold_from_the_config_decides_what_is_close(tmp_path):
    project = _project(
        tmp_path, "Our friendly support team answers within 24 hours.", "memory_threshold = 0.95\n"
    )
    (report,) = api.translate(project, ["de"], engine="pseudo").languages
    assert (report.reused, report.sent) == (0, 1)


def test_memory_threshold_out_of_range_is_a_one_line_error(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.loc]\nmemory_threshold = 1.5\n")
    with pytest.raises(LocError, match=r"memory_threshold must be between 0 and 1, not 1\.5"):
        api.open(tmp_path)


def test_lookup_prefers_an_identical_sentence_and_scores_close_ones():
    pairs = {"Fees rose in March.": ("Gebühren stiegen im März.", "a.po"), "Hello.": ("Hallo.", "b.po")}
    found = memory.lookup(["Hello.", "Fees rose in May."], pairs, threshold=0.75, source_lang="en")
    assert found["Hello."] == memory.Suggestion("Hallo.", "Hello.", 1.0, "b.po")
    assert found["Hello."].provenance.score is None  # an identical sentence: no similarity to show
    assert found["Fees rose in May."].source == "Fees rose in March."
    assert 0.75 <= found["Fees rose in May."].score < 1
