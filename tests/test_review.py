"""`loc review`: the static bilingual page per language and document."""

from __future__ import annotations

import re

import review_project
from conftest import loc

import loc as api


def _page(tmp_path):
    root = review_project.build(tmp_path / "project")
    result = loc(root, "review", "--lang", "de")
    assert result.exit_code == 0, result.output
    page = root / "build" / "review" / "de" / "update.html"
    assert "build/review/de/update.html" in result.output
    return page.read_text(encoding="utf-8")


def test_review_page_counts_every_state(tmp_path):
    html = _page(tmp_path)
    counts = dict(re.findall(r'data-count="([\w-]+)">(\d+)<', html))
    assert counts == review_project.COUNTS


def test_review_page_escapes_document_and_catalog_text(tmp_path):
    html = _page(tmp_path)
    assert "<script>" not in html
    assert "Open &lt;script&gt;window.pwned=1&lt;/script&gt; the settings page" in html
    assert "Öffnen Sie &lt;script&gt;window.pwned=1&lt;/script&gt; die" in html


def test_review_page_is_self_contained(tmp_path):
    html = _page(tmp_path)
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", html)
    assert "<link" not in html


def test_review_page_names_the_po_file_and_line_of_each_entry(tmp_path):
    html = _page(tmp_path)
    assert "locales/de/LC_MESSAGES/update.po:13" in html  # "Quarterly update", the first entry
    assert "earlier sentence: Our support team answers within 24 hours." in html


def test_review_queue_puts_flagged_first_then_lowest_score(tmp_path):
    html = _page(tmp_path)
    queue = re.search(r'<ol class="queue" id="queue">(.*?)</ol>', html, re.S).group(1)
    sources = re.findall(r'<span class="q-text">(.*?)</span>', queue)
    assert sources == [
        "The mobile app is available for Android and iOS.",  # warnings, score -1.37
        "Fees rose 5% in March.",  # a check error, score -0.21
        "Prices include VAT.",  # pseudo text in a real language: a check error
        "Open &lt;script&gt;window.pwned=1&lt;/script&gt; the settings page to change your plan.",
        "Our friendly support team answers within 24 hours.",
    ]


def test_a_memory_suggestion_is_in_the_memory_state_and_awaits_review():
    import polib

    from loc.catalog import model, notes

    entry = polib.POEntry(msgid="Fees rose.", msgstr="Gebühren stiegen.", flags=["fuzzy"])
    notes.set_origin(entry, notes.Provenance("memory", "x.po", 0.9, notes.digest(entry.msgstr)))
    assert model.state(entry) is model.State.MEMORY and model.state(entry).awaits_review


def test_review_writes_one_page_per_document_through_the_api(tmp_path):
    root = review_project.build(tmp_path / "project")
    (root / "source" / "second.txt").write_text("Another page.\n", encoding="utf-8")
    project = api.open(root)
    api.extract(project)
    report = api.review(project, ["de"])
    assert sorted(path.name for path in report.pages) == ["second.html", "update.html"]


def test_review_help_names_the_output_folder(tmp_path):
    result = loc(tmp_path, "review", "--help")
    assert "<output_dir>/review/<lang>/<domain>.html" in " ".join(result.output.split())
