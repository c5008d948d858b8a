"""The review page shows, for each sentence, what compile will publish for it, even when a
catalog also holds an entry for the same msgid with a context (a person may add one)."""

from __future__ import annotations

import lxml.html
import polib

import loc as api
from loc.catalog import po


def test_a_context_entry_for_the_same_sentence_is_not_shown_in_place_of_the_one_compile_uses(tmp_path):
    root = tmp_path / "p"
    (root / "source").mkdir(parents=True)
    (root / "source" / "news.txt").write_text("The report is ready. Thank you.\n", encoding="utf-8")
    (root / "pyproject.toml").write_text('[tool.loc]\nlanguages = ["de"]\n')
    project = api.open(root)
    api.extract(project)
    catalog = po.load(project.po_path("de", "news"))
    for entry in catalog.po:
        if entry.msgid == "The report is ready.":
            entry.msgstr = "Der Bericht ist fertig."  # reviewed
        elif entry.msgid == "Thank you.":
            entry.msgstr = "Danke."
    menu = polib.POEntry(
        msgctxt="menu", msgid="The report is ready.", msgstr="Menü: Bericht", flags=["fuzzy"]
    )
    catalog.po.append(menu)  # after the context-free entry, as a person adding it would
    catalog.save()

    api.compile(project, ["de"], force=True)  # the fuzzy menu entry keeps it under 100%
    published = (root / "build" / "de" / "news.txt").read_text(encoding="utf-8")
    assert published == "Der Bericht ist fertig. Danke.\n"
    api.review(project, ["de"])
    page = lxml.html.fromstring((root / "build" / "review" / "de" / "news.html").read_bytes())
    [shown] = [
        seg
        for seg in page.find_class("seg")
        if seg.find_class("src")[0].text_content().endswith("The report is ready.")
    ]
    assert shown.find_class("tgt")[0].text_content() == "translationDer Bericht ist fertig."
    assert shown.get("data-state") == "reviewed"
