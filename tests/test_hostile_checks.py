"""Checks on text that broke them (issue 9): where a URL ends, and numbers past the
precision of Python's default decimal context."""

from __future__ import annotations

import polib
import pytest

from loc import checks
from loc.engines.pseudo import pseudolocalize
from loc.protect import find, mask, restore

MARKDOWN_LINK = "[Weblate](https://weblate.org)."
PI = "3.14159265358979323846264338327950288"  # 35 places: more digits than decimal's default 28


def problems(source: str, target: str, check: str, lang: str = "de") -> list[str]:
    entry = polib.POEntry(msgid=source, msgstr=target)
    return [p.message for p in checks.run([entry], source_lang="en", target_lang=lang) if p.check == check]


def urls(text: str) -> list[str]:
    return [s.text for s in find(text) if s.kind == "url"]


# --- where a URL ends ----------------------------------------------------------------------


def test_the_pseudo_engine_brackets_a_markdown_link_after_its_punctuation():
    assert pseudolocalize(MARKDOWN_LINK) == "⟦[Ŵéḃĺááţéé](https://weblate.org).⟧"


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("⟦[Ŵéḃĺááţéé](https://weblate.org).⟧", "https://weblate.org"),
        ("⟦https://weblate.org⟧", "https://weblate.org"),
        ("⟦www.weblate.org/docs/⟧", "www.weblate.org/docs/"),
        ("⟦weblate.org/docs⟧", "weblate.org/docs"),
        ("请访问https://example.com/a。谢谢", "https://example.com/a"),
        ("«https://example.com/a», dit-il", "https://example.com/a"),
        ("„https://example.com/a“", "https://example.com/a"),
        ("「https://example.com/a」", "https://example.com/a"),
    ],
)
def test_find_ends_a_url_before_unicode_brackets_quotes_and_full_stops(text, url):
    assert urls(text) == [url]


@pytest.mark.parametrize(
    ("text", "url"),
    [
        (
            "(see https://en.wikipedia.org/wiki/Mercury_(planet)).",
            "https://en.wikipedia.org/wiki/Mercury_(planet)",
        ),
        ("[https://example.com/list[1]]", "https://example.com/list[1]"),
        ("Go to https://example.com/a_b~c*!", "https://example.com/a_b~c"),
        ("https://example.com/?q=1&amp;", "https://example.com/?q=1"),
        ("https://example.com/?q=1&r=2", "https://example.com/?q=1&r=2"),
        ("https://example.com/wiki/Köln–Bonn.", "https://example.com/wiki/Köln–Bonn"),
    ],
)
def test_find_keeps_balanced_brackets_in_a_url_and_drops_what_follows_it(text, url):
    """GitHub's autolinks: trailing ? ! . , : * _ ~ are not part of a URL, nor is a closing
    bracket it does not open, nor an entity reference after it."""
    assert urls(text) == [url]


def test_find_sees_no_url_in_a_scheme_or_www_alone():
    assert urls("https://⟧ or www..") == []


def test_mask_of_a_pseudo_translated_markdown_link_masks_only_the_url():
    pseudo = pseudolocalize(MARKDOWN_LINK)
    masked = mask(pseudo)
    assert masked.text == "⟦[Ŵéḃĺááţéé](XZ0X).⟧"
    assert restore(masked.text, masked).text == pseudo


def test_restore_of_the_pseudo_engine_output_gives_the_url_back_inside_the_brackets():
    masked = mask(MARKDOWN_LINK)
    restored = restore(pseudolocalize(masked.text), masked)
    assert (restored.text, restored.problems) == ("⟦[Ŵéḃĺááţéé](https://weblate.org).⟧", ())


def test_urls_check_accepts_a_pseudo_translated_markdown_link():
    assert problems(MARKDOWN_LINK, pseudolocalize(MARKDOWN_LINK), "urls") == []


def test_urls_and_brackets_checks_accept_a_pseudo_translated_wikipedia_link():
    source = "Read [Mercury](https://en.wikipedia.org/wiki/Mercury_(planet))."
    target = pseudolocalize(source)
    assert problems(source, target, "urls") == []
    assert problems(source, target, "brackets") == []


def test_urls_check_still_reports_a_changed_url_inside_pseudo_brackets():
    assert problems(MARKDOWN_LINK, "⟦[Ŵéḃĺááţéé](https://weblate.com).⟧", "urls") == [
        "missing URL https://weblate.org; URL not in the source https://weblate.com"
    ]


# --- numbers past 28 significant digits -------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        f"Pi ist {PI}.",  # as written
        f"Pi ist {PI.replace('.', ',')}.",  # the German way
    ],
)
def test_numbers_accepts_pi_to_35_places_as_written_or_in_the_target_style(target):
    assert problems(f"Pi is {PI}.", target, "numbers") == []


def test_numbers_reports_pi_changed_in_the_35th_place():
    changed = PI[:-1] + "9"
    assert problems(f"Pi is {PI}.", f"Pi ist {changed}.", "numbers") == [
        f"missing number {PI}; number not in the source {changed}"
    ]


def test_numbers_reports_pi_rounded():
    assert problems(f"Pi is {PI}.", "Pi ist 3,14.", "numbers") == [
        f"missing number {PI}; number not in the source 3,14"
    ]


def test_numbers_compares_grouped_numbers_of_40_digits_by_value():
    english = "1,000,000,000,000,000,000,000,000,000,000,000,000,000.5"
    german = english.replace(",", ".")[:-2] + ",5"
    french = english.replace(",", "\u202f")[:-2] + ",5"
    assert problems(f"Count {english} stars.", f"Zähle {german} Sterne.", "numbers") == []
    assert problems(f"Count {english} stars.", f"Comptez {french} étoiles.", "numbers", "fr") == []


def test_numbers_reads_a_thousand_digits_without_a_traceback():
    digits = "9" * 1000
    assert problems(f"Take {digits}.", f"Nimm {digits}.", "numbers") == []
    assert problems(f"Take {digits}.", f"Nimm {digits[:-1]}8.", "numbers") == [
        f"missing number {digits}; number not in the source {digits[:-1]}8"
    ]
