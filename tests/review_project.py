"""A small project with every review state in it, for the review page's tests and the
screenshot in docs/review.png: a real extract, a real pseudo-engine run, a real merge
after a source edit, and a reviewer's hand-made work on top (approvals, German text,
a machine suggestion's provenance and warnings as translate writes them)."""

from __future__ import annotations

from pathlib import Path

import loc
from loc.catalog import notes, po
from loc.catalog.notes import Provenance

SOURCE = """\
Quarterly update

Fees rose 5% in March. We never share your data with advertisers.
Our support team answers within 24 hours.

Open <script>window.pwned=1</script> the settings page to change your plan.
The mobile app is available for Android and iOS. Prices include VAT.
"""

EDITED = (
    SOURCE.replace(
        "Our support team answers within 24 hours.", "Our friendly support team answers within 24 hours."
    )
    + "\nThank you for your trust.\n"
)

GERMAN = {
    "Quarterly update": "Quartalsbericht",
    "We never share your data with advertisers.": "Wir geben Ihre Daten niemals an Werbetreibende weiter.",
    "Our support team answers within 24 hours.": "Unser Support-Team antwortet innerhalb von 24 Stunden.",
}
MACHINE = {  # suggestions as an engine leaves them: score, then warnings
    "Fees rose 5% in March.": ("Die Gebühren stiegen im März um 7 %.", -0.21, []),
    "Open <script>window.pwned=1</script> the settings page to change your plan.": (
        "Öffnen Sie <script>window.pwned=1</script> die Einstellungsseite, um Ihren Tarif zu ändern.",
        -0.48,
        [],
    ),
}
LOOPED = ("The mobile app is available for Android and iOS.", "Die App App App App ist verfügbar", -1.37)

# what the review page counts for the project `build` makes, state by state
COUNTS = {
    "total": "8",
    "reviewed": "2",
    "edited": "0",
    "suggestion": "3",
    "fuzzy-match": "1",
    "memory": "0",
    "untranslated": "1",
    "pseudo": "1",
    "flagged": "3",
}


def build(root: Path) -> Path:
    """The project, after: extract, pseudo run, the reviewer's work, a source edit and a
    second extract. Its de catalog then holds every state: 3 reviewed (one of them
    changed in the source since: a fuzzy match now), 3 machine suggestions (one with a
    check error, one with translation warnings), 1 pseudo, 1 untranslated."""
    (root / "source").mkdir(parents=True)
    (root / "source" / "update.txt").write_text(SOURCE, encoding="utf-8")
    (root / "pyproject.toml").write_text('[tool.loc]\nlanguages = ["de"]\nadd_location = "full"\n')
    project = loc.open(root)
    loc.extract(project)
    loc.translate(project, ["de"], engine="pseudo")
    catalog = po.load(project.po_path("de", "update"))
    for entry in catalog.po:
        if entry.msgid in GERMAN:  # reviewed by a person
            entry.msgstr = GERMAN[entry.msgid]
            entry.flags.remove("fuzzy")
            entry.tcomment = ""
        elif entry.msgid in MACHINE:
            text, score, warnings = MACHINE[entry.msgid]
            entry.msgstr = text
            notes.set_origin(
                entry, Provenance("argos", "translate-en_de@1.9", score, notes.digest(text)), warnings
            )
        elif entry.msgid == LOOPED[0]:
            entry.msgstr = LOOPED[1]
            origin = Provenance("argos", "translate-en_de@1.9", LOOPED[2], notes.digest(LOOPED[1]))
            notes.set_origin(entry, origin, ["repeated=app", "length-ratio=0.69", "lost-final-punctuation"])
    catalog.save()
    (root / "source" / "update.txt").write_text(EDITED, encoding="utf-8")
    loc.extract(project)
    return root
