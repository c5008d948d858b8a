"""Quality checks: one crafted bad translation per check (it fires) beside a good one (nothing
fires), then the same PO entries through translate-toolkit's real `pofilter` to show where the
two agree and, as docs/checks.md says, where they differ."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest

from loc import checks
from loc.catalog import notes
from loc.engines.pseudo import PseudoEngine
from loc.glossary import load
from loc.protect import mask, restore

ROOT = Path(__file__).parent.parent
DATA = ROOT / "tests" / "data"
GLOSSARY = load(DATA / "glossary.tbx")
POFILTER = Path(sys.executable).parent / "pofilter"


@dataclass(frozen=True)
class Case:
    check: str  # the loc check the bad translation is for
    pofilter: str | None  # pofilter's comparable test, if it has one
    source: str
    good: str
    bad: str
    lang: str = "de"
    comment: str = ""  # translator comment (where translation records lost masks)


CASES = {
    "printf": Case(
        "placeholders", "printf",
        "Hello %s, you have %d messages.",
        "Hallo %s, Sie haben %d Nachrichten.",
        "Hallo, Sie haben %d Nachrichten.",
    ),
    "brace": Case(
        "placeholders", "pythonbraceformat",
        "Dear {name}, welcome.",
        "Hallo {name}, willkommen.",
        "Hallo {Name}, willkommen.",
    ),
    "tag": Case(
        "tags", "xmltags",
        "Click <b>here</b> to continue.",
        "Klicken Sie <b>hier</b>, um fortzufahren.",
        "Klicken Sie hier</b>, um fortzufahren.",
    ),
    "url": Case(
        "urls", "urls",
        "Read the rules at https://www.sec.gov/rules today.",
        "Lesen Sie heute die Regeln unter https://www.sec.gov/rules.",
        "Lesen Sie heute die Regeln unter https://www.sec.gov/regeln.",
    ),
    "email": Case(
        "emails", "emails",
        "Write to press@binance.com for details.",
        "Details erhalten Sie unter press@binance.com.",
        "Details erhalten Sie unter presse@binance.de.",
    ),
    "number": Case(
        "numbers", "numbers",
        "We have 3 open cases.",
        "Wir haben 3 offene Fälle.",
        "Wir haben 4 offene Fälle.",
    ),
    "number-localized": Case(
        "numbers", "numbers",
        "It costs 1,000.5 dollars.",
        "Es kostet 1.000,5 Dollar.",
        "Es kostet 1.000 Dollar.",
    ),
    "number-french-space": Case(
        "numbers", "numbers",
        "It costs 1,000.5 dollars.",
        "Cela coûte 1\u202f000,5 dollars.",
        "Cela coûte 100,5 dollars.",
        lang="fr",
    ),
    "dnt": Case(
        "dnt_terms", "notranslatewords",
        "The SEC filed a complaint.",
        "Die SEC hat eine Beschwerde eingereicht.",
        "Die Börsenaufsicht hat eine Beschwerde eingereicht.",
    ),
    "glossary": Case(
        "glossary", None,
        "Regulators disagree.",
        "Die Regulierungsbehörden sind uneins.",
        "Die Regulatoren sind uneins.",
    ),
    "bracket": Case(
        "brackets", "brackets",
        "Pay the fee (see below).",
        "Zahlen Sie die Gebühr (siehe unten).",
        "Zahlen Sie die Gebühr (siehe unten.",
    ),
    "quote": Case(
        "quotes", None,
        'He said "yes" today.',
        "Er sagte heute „ja“.",
        "Er sagte heute „ja.",
    ),
    "endpunc": Case(
        "endpunc", "endpunc",
        "Is it over?",
        "Ist es vorbei?",
        "Ist es vorbei.",
    ),
    "start-whitespace": Case(
        "whitespace", "startwhitespace",
        " and more",
        " und mehr",
        "und mehr",
    ),
    "end-whitespace": Case(
        "whitespace", "endwhitespace",
        "Password: ",
        "Passwort: ",
        "Passwort:",
    ),
    "doubleword": Case(
        "doublewords", "doublewords",
        "This is important.",
        "Das ist wichtig.",
        "Das ist ist wichtig.",
    ),
    "unchanged": Case(
        "unchanged", "unchanged",
        "We are extremely disappointed.",
        "Wir sind äußerst enttäuscht.",
        "We are extremely disappointed.",
    ),
    "too-short": Case(
        "length", "short",
        "We are extremely disappointed with this decision today.",
        "Wir sind heute äußerst enttäuscht über diese Entscheidung.",
        "Wir.",
    ),
    "too-long": Case(
        "length", "long",
        "Abandon the process now.",
        "Geben Sie den Prozess jetzt auf.",
        "Geben Sie den Prozess auf, " * 10 + "jetzt.",
    ),
    "mask-lost": Case(
        "masks", None,
        "See XZ now.",
        "Siehe XZ jetzt.",
        "Siehe ⁇ jetzt.",
        comment="reviewed\nloc: mask-missing XZ0X XZ",
    ),
}  # fmt: skip

# Where the two tools disagree on purpose (docs/checks.md explains each): case id, which
# translation, and which side fires.
DIFFERENCES = {
    ("url", "good"): "pofilter",  # it takes the full stop after a URL for part of it
    ("email", "good"): "pofilter",  # likewise after an e-mail address
    ("number-localized", "good"): "pofilter",  # it compares digits as written
    ("number-french-space", "good"): "pofilter",
}


def entry(case: Case, which: str) -> polib.POEntry:
    return polib.POEntry(msgid=case.source, msgstr=getattr(case, which), tcomment=case.comment)


def fired(case: Case, which: str) -> set[str]:
    problems = checks.run([entry(case, which)], source_lang="en", target_lang=case.lang, glossary=GLOSSARY)
    return {p.check for p in problems}


# --- one test per check: the bad translation trips it, the good one trips nothing -------------


def assert_catches(*case_ids: str) -> None:
    for case_id in case_ids:
        case = CASES[case_id]
        assert fired(case, "bad") == {case.check}, case_id
        assert fired(case, "good") == set(), case_id


def test_placeholders_catches_a_dropped_printf_or_renamed_brace_placeholder():
    assert_catches("printf", "brace")


def test_tags_catches_a_lost_markup_tag():
    assert_catches("tag")


def test_urls_catches_a_translated_url():
    assert_catches("url")


def test_emails_catches_a_changed_email_address():
    assert_catches("email")


def test_numbers_catches_a_changed_number_but_accepts_the_target_locales_format():
    assert_catches("number", "number-localized", "number-french-space")


def test_dnt_terms_catches_a_translated_name():
    assert_catches("dnt")


def test_glossary_catches_a_term_not_translated_the_approved_way():
    assert_catches("glossary")


def test_brackets_catches_an_unclosed_bracket():
    assert_catches("bracket")


def test_quotes_catches_an_unclosed_quotation_in_the_target_languages_style():
    assert_catches("quote")


def test_endpunc_catches_a_question_turned_into_a_statement():
    assert_catches("endpunc")


def test_whitespace_catches_lost_leading_or_trailing_space():
    assert_catches("start-whitespace", "end-whitespace")


def test_doublewords_catches_a_repeated_word():
    assert_catches("doubleword")


def test_unchanged_catches_a_copied_source():
    assert_catches("unchanged")


def test_length_catches_a_truncated_or_runaway_translation():
    assert_catches("too-short", "too-long")


def test_masks_catches_what_mt_lost_until_the_translation_has_it_again():
    assert_catches("mask-lost")


# --- finer points of single checks ----------------------------------------------------------


def problems(source: str, target: str, lang: str = "de", comment: str = "") -> list[tuple[str, str]]:
    found = checks.run(
        [polib.POEntry(msgid=source, msgstr=target, tcomment=comment)],
        source_lang="en",
        target_lang=lang,
        glossary=GLOSSARY,
    )
    return [(p.check, p.message) for p in found]


def test_placeholders_message_names_what_is_missing_and_what_was_added():
    assert problems("Send %s to {0}", "Senden %d an {0}") == [
        ("placeholders", "missing placeholder %s; placeholder not in the source %d")
    ]


def test_urls_may_change_places_with_the_word_order():
    assert problems("See https://a.com and https://b.com.", "Siehe https://b.com und https://a.com.") == []


def test_numbers_ignores_digits_inside_placeholders_urls_and_names():
    assert problems("Page {1} of https://x.com/2023.", "Seite {1} von https://x.com/2023.") == []


def test_numbers_accepts_a_plain_space_as_a_french_thousands_separator():
    assert problems("It costs 1,000.5 dollars.", "Cela coûte 1 000,5 dollars.", "fr") == []


def test_numbers_reports_a_number_the_translation_added():
    assert problems("Call us.", "Rufen Sie uns 24 an.") == [("numbers", "number not in the source 24")]


def test_dnt_terms_wants_the_longer_term_exactly():
    assert problems("Binance.US is safe.", "Binance ist sicher.") == [
        ("dnt_terms", "do-not-translate term missing: Binance.US")
    ]


def test_glossary_message_names_the_approved_translations():
    assert problems("Ask the regulator.", "Fragen Sie den Regulator.") == [
        (
            "glossary",
            "glossary: 'regulator' should be translated as 'Regulierungsbehörde' or 'Aufsichtsbehörde'",
        )
    ]


def test_endpunc_looks_past_closing_quotes_and_french_spacing():
    assert problems('He said "yes."', "Il a dit « oui ».", "fr") == []
    assert problems("Is it over?", "Est-ce fini ?", "fr") == []


def test_endpunc_accepts_cjk_full_stops():
    assert problems("We are disappointed.", "我们很失望。", "zh") == []


def test_doublewords_accepts_correct_german_and_french_doubles():
    assert problems("The measures that the SEC took.", "Die Maßnahmen, die die SEC ergriff.") == []
    assert problems("We ask ourselves.", "Nous nous demandons.", "fr") == []


def test_unchanged_leaves_names_and_same_language_pairs_alone():
    assert problems("Binance.US", "Binance.US") == []
    assert problems("We are disappointed.", "We are disappointed.", "en_GB") == []


def test_unchanged_leaves_version_strings_alone_and_still_catches_a_copied_title():
    # Apertium copies release headings through, rightly ("v2.11.0a2 (2025-02-10)" in pydantic's notes)
    assert problems("v2.11.0a2 (2025-02-10)", "v2.11.0a2 (2025-02-10)") == []
    assert [check for check, _ in problems("v2.11 released", "v2.11 released")] == ["unchanged"]


def test_length_counts_cjk_characters_as_three():
    assert (
        problems("We are extremely disappointed with this decision.", "我们对这一决定感到非常失望。", "zh")
        == []
    )


def test_masks_reports_a_repeated_and_an_unknown_mask():
    comment = "loc: mask-extra XZ0X SEC\nloc: mask-extra XZ7X"
    assert problems("The SEC sued.", "Die SEC und die SEC XZ7X klagten.", comment=comment) == [
        ("masks", "MT repeated 'SEC' (mask XZ0X)"),
        ("masks", "MT left an unknown mask XZ7X in the translation"),
    ]


def test_masks_matches_a_tag_written_over_two_lines():
    comment = 'loc: mask-missing XZ0X <a href="x">'
    assert problems('Open <a\nhref="x">it</a>', "Öffnen</a>", comment=comment)[-1] == (
        "masks",
        "MT lost '<a href=\"x\">' (mask XZ0X); put it back",
    )
    assert problems('Open <a\nhref="x">it</a>', 'Öffnen <a\nhref="x">es</a>', comment=comment) == []


def test_mask_lines_record_what_restore_reported():
    masked = mask("Ask the SEC at %s.", GLOSSARY.dnt_terms)
    restored = restore("Fragen Sie die XZ0X XZ0X bei XZ9X.", masked)
    comment = "\n".join(notes.mask_lines(restored.problems))
    assert comment == "loc: mask-missing XZ1X %s\nloc: mask-extra XZ0X SEC\nloc: mask-extra XZ9X"
    assert [m for _, m in problems("Ask the SEC at %s.", restored.text, comment=comment) if "MT" in m] == [
        "MT lost '%s' (mask XZ1X); put it back",
        "MT repeated 'SEC' (mask XZ0X)",
        "MT left an unknown mask XZ9X in the translation",
    ]


def test_pseudo_translations_of_the_statement_pass_every_check():
    statement = (DATA / "statement.txt").read_text(encoding="utf-8")
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", statement) if s]
    translations = PseudoEngine(GLOSSARY.dnt_terms).translate(sentences)
    entries = [polib.POEntry(msgid=s, msgstr=t.text) for s, t in zip(sentences, translations, strict=True)]
    assert checks.run(entries, source_lang="en", target_lang="en_XA", glossary=GLOSSARY) == []


# --- which entries run() looks at -----------------------------------------------------------


def test_run_checks_fuzzy_entries_unless_only_reviewed():
    fuzzy = polib.POEntry(msgid="Is it over?", msgstr="Ist es vorbei.", flags=["fuzzy"])
    assert [p.check for p in checks.run([fuzzy], source_lang="en", target_lang="de")] == ["endpunc"]
    assert checks.run([fuzzy], source_lang="en", target_lang="de", only_reviewed=True) == []


def test_run_skips_untranslated_obsolete_and_header_entries():
    entries = [
        polib.POEntry(msgid="Is it over?", msgstr=""),
        polib.POEntry(msgid="Is it over?", msgstr="Ist es vorbei.", obsolete=True),
        polib.POEntry(msgid="", msgstr="Language: de\n"),
    ]
    assert checks.run(entries, source_lang="en", target_lang="de") == []


def test_run_checks_each_plural_form_against_its_source():
    plural = polib.POEntry(
        msgid="%d file", msgid_plural="%d files", msgstr_plural={0: "%d Datei", 1: "Dateien", 2: ""}
    )
    [problem] = checks.run([plural], source_lang="en", target_lang="de")
    assert (problem.check, problem.severity, problem.entry, problem.message) == (
        "placeholders",
        "error",
        plural,
        "missing placeholder %d",
    )


def test_every_check_has_a_docstring_and_a_severity_and_is_documented():
    docs = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    for name, (function, severity) in checks.CHECKS.items():
        assert function.__doc__, name
        assert re.search(rf"^\| `{name}` \| {severity} \|", docs, re.M), name
    for name, severity in checks.DOCUMENT_CHECKS.items():
        assert re.search(rf"^\| `{name}` \| {severity} \|", docs, re.M), name


def test_losing_content_is_an_error_and_style_is_a_warning():
    severities = {name: severity for name, (_, severity) in checks.CHECKS.items()}
    assert {n for n, s in severities.items() if s == "error"} == {
        "placeholders", "tags", "markup", "urls", "emails", "numbers", "dnt_terms", "masks", "pseudo",
        "conflict",
    }  # fmt: skip


# --- against translate-toolkit's pofilter ---------------------------------------------------


def pofilter_failures(path: Path) -> list[polib.POEntry]:
    """The entries pofilter wrote out as failing; when none did it writes an empty file, or none."""
    return list(polib.pofile(str(path))) if path.exists() and path.stat().st_size else []


@pytest.fixture(scope="module")
def pofilter_results(tmp_path_factory) -> dict[tuple[str, str], set[str]]:
    """(case id, "good"|"bad") -> the pofilter tests that failed it."""
    folder = tmp_path_factory.mktemp("pofilter")
    dnt_file = folder / "notranslate.txt"
    dnt_file.write_text("\n".join(GLOSSARY.dnt_terms) + "\n", encoding="utf-8")
    tests = sorted({c.pofilter for c in CASES.values() if c.pofilter})
    results: dict[tuple[str, str], set[str]] = {}
    for lang in sorted({c.lang for c in CASES.values()}):
        po = polib.POFile()
        po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": lang}
        for case_id, case in CASES.items():
            if case.lang == lang:
                for which in ("good", "bad"):
                    po.append(
                        polib.POEntry(
                            msgctxt=f"{case_id}/{which}", msgid=case.source, msgstr=getattr(case, which)
                        )
                    )
                    results[case_id, which] = set()
        po.save(str(folder / f"in-{lang}.po"))
        command = [str(POFILTER), "--progress=none", "--language", lang, "--notranslatefile", str(dnt_file)]
        command += [f"--test={test}" for test in tests]
        command += ["-i", str(folder / f"in-{lang}.po"), "-o", str(folder / f"out-{lang}.po")]
        subprocess.run(command, check=True, capture_output=True)
        for failed in pofilter_failures(folder / f"out-{lang}.po"):
            case_id, which = failed.msgctxt.split("/")
            results[case_id, which] = set(re.findall(r"\(pofilter\) (\w+):", failed.tcomment))
    return results


COMPARABLE = [(case_id, which) for case_id, c in CASES.items() if c.pofilter for which in ("good", "bad")]


@pytest.mark.parametrize(("case_id", "which"), COMPARABLE, ids=["/".join(c) for c in COMPARABLE])
def test_loc_and_pofilter_agree_where_both_have_the_check(pofilter_results, case_id, which):
    case = CASES[case_id]
    loc_fires = case.check in fired(case, which)
    pofilter_fires = case.pofilter in pofilter_results[case_id, which]
    expected = DIFFERENCES.get((case_id, which))
    if expected is None:
        assert loc_fires == pofilter_fires == (which == "bad")
    else:  # a documented difference: only one side fires
        assert (loc_fires, pofilter_fires) == (expected == "loc", expected == "pofilter")


def test_pofilter_misses_or_misreads_what_docs_checks_md_says_it_does(tmp_path):
    """The differences docs/checks.md lists, each checked against the real pofilter."""
    rows = [  # (loc check, pofilter test, source, translation, lang, loc fires, pofilter fires)
        ("urls", "urls", "See https://a.com and https://b.com.", "Siehe https://b.com und https://a.com.",
         "de", False, True),
        ("numbers", "numbers", "Page {1} of 2.", "Seite {2} von 2.", "de", False, True),
        ("dnt_terms", "notranslatewords", "Binance.US is safe.", "Binance ist sicher.", "de", True, False),
        ("doublewords", "doublewords", "The rules that the SEC set.", "Die Regeln, die die SEC setzte.", "de",
         False, True),
        ("quotes", "doublequoting", 'He said "yes" today.', "Er sagte heute „ja“.", "de", False, True),
        ("endpunc", "endpunc", 'He said "yes."', "Il a dit « oui ».", "fr", False, True),
        ("length", "short", "We are extremely disappointed with this decision today.", "Wir sind.", "de",
         True, False),
    ]  # fmt: skip
    dnt_file = tmp_path / "notranslate.txt"
    dnt_file.write_text("\n".join(GLOSSARY.dnt_terms) + "\n", encoding="utf-8")
    for n, (check, test, source, target, lang, loc_fires, pofilter_fires) in enumerate(rows):
        po = polib.POFile()
        po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": lang}
        po.append(polib.POEntry(msgid=source, msgstr=target))
        po.save(str(tmp_path / f"{n}.po"))
        subprocess.run(
            [str(POFILTER), "--progress=none", "--language", lang, "--notranslatefile", str(dnt_file),
             f"--test={test}", "-i", str(tmp_path / f"{n}.po"), "-o", str(tmp_path / f"{n}-out.po")],
            check=True, capture_output=True,
        )  # fmt: skip
        assert bool(pofilter_failures(tmp_path / f"{n}-out.po")) == pofilter_fires, (test, source)
        assert (check in {c for c, _ in problems(source, target, lang)}) == loc_fires, (check, source)
