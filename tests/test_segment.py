"""Sentence segmentation: the Golden Rules, the cases behind each rule, and the span contract.

Golden Rules data (tests/data/golden_rules_en.json): pySBD benchmarks/english_golden_rules.py
(nipunsadvilkar/pySBD, MIT), after the Pragmatic Segmenter Golden Rules.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loc.segment import sentence_spans, split

DATA = Path(__file__).resolve().parent / "data"
GOLDEN = json.loads((DATA / "golden_rules_en.json").read_text(encoding="utf-8"))["rules"]


@pytest.mark.parametrize("rule", GOLDEN, ids=[str(i) for i in range(len(GOLDEN))])
def test_golden_rule(rule):
    assert split(rule["text"]) == rule["sentences"]


def test_all_48_golden_rules_are_present():
    assert len(GOLDEN) == 48


# --- rule 17, which pySBD fails: a time phrase is not a sentence


def test_time_phrase_at_sentence_start_does_not_end_it():
    assert split("At 5 a.m. Mr. Smith left.") == ["At 5 a.m. Mr. Smith left."]


def test_time_phrase_opening_a_later_sentence_does_not_end_it():
    assert split("He left. At 5 a.m. Mr. Smith went home.") == ["He left.", "At 5 a.m. Mr. Smith went home."]


def test_time_at_end_of_a_real_sentence_ends_it():
    assert split("He left at 6 P.M. Mr. Smith stayed.") == ["He left at 6 P.M.", "Mr. Smith stayed."]


def test_time_before_a_sentence_starter_ends_the_sentence():
    assert split("The call is at 10 a.m. The room is booked.") == [
        "The call is at 10 a.m.",
        "The room is booked.",
    ]


def test_time_before_lowercase_continues():
    assert split("We met at 9 a.m. on Monday.") == ["We met at 9 a.m. on Monday."]


def test_time_followed_by_a_time_zone_continues():
    assert split("It starts at 5 p.m. Eastern time.") == ["It starts at 5 p.m. Eastern time."]


def test_time_phrase_with_minutes_before_pronoun_does_not_end():
    assert split("By 7:30 a.m. I was awake.") == ["By 7:30 a.m. I was awake."]


# --- abbreviations


def test_title_never_ends_a_sentence():
    assert split("He met Dr. Smith and Mt. Hood. Then he left.") == [
        "He met Dr. Smith and Mt. Hood.",
        "Then he left.",
    ]


def test_acronym_before_sentence_starter_ends_it():
    assert split("The U.S. is big. So is the E.U. It has rules.") == [
        "The U.S. is big.",
        "So is the E.U.",
        "It has rules.",
    ]


def test_acronym_before_a_name_continues():
    assert split("He visited D.C. Mayor Bowser.") == ["He visited D.C. Mayor Bowser."]


def test_company_suffix_ends_before_starter_only():
    assert split("Acme Inc. Chief Executive Jo Doe spoke. She left Acme Inc. The firm grew.") == [
        "Acme Inc. Chief Executive Jo Doe spoke.",
        "She left Acme Inc.",
        "The firm grew.",
    ]


def test_etc_ends_before_starter():
    assert split("We ate apples, pears, etc. Then we slept.") == [
        "We ate apples, pears, etc.",
        "Then we slept.",
    ]


def test_non_final_abbreviations_continue():
    assert split("Smith vs. Jones, e.g. Bob, was heard Jan. 5. It ended.") == [
        "Smith vs. Jones, e.g. Bob, was heard Jan. 5.",
        "It ended.",
    ]


def test_number_prefix_continues_before_digit_only():
    assert split("See No. 7 on p. 12. The answer was No. It was late.") == [
        "See No. 7 on p. 12.",
        "The answer was No.",
        "It was late.",
    ]


def test_jr_possessive_is_not_a_boundary():
    assert split("It is Jo Jr.'s car.") == ["It is Jo Jr.'s car."]


# --- initials


def test_middle_initial_continues():
    assert split("Ask Mary K. Lee and J. A. Smith.") == ["Ask Mary K. Lee and J. A. Smith."]


def test_pronoun_i_after_lowercase_word_ends_sentence():
    assert split("It was Mary and I. Then we left.") == ["It was Mary and I.", "Then we left."]


def test_initial_i_after_a_name_continues():
    assert split("Did Henry I. Cole win?") == ["Did Henry I. Cole win?"]


def test_single_capital_before_starter_ends_sentence():
    assert split("We chose plan B. The rest failed.") == ["We chose plan B.", "The rest failed."]


# --- numbers, domains, e-mail


def test_decimals_and_money_are_not_boundaries():
    assert split("It cost $1.2 billion, or $100.00 each. It rose 3.5%.") == [
        "It cost $1.2 billion, or $100.00 each.",
        "It rose 3.5%.",
    ]


def test_number_at_sentence_end_is_a_boundary():
    assert split("I counted to 2. Then I stopped.") == ["I counted to 2.", "Then I stopped."]


def test_single_digit_before_a_number_ends_sentence():
    assert split("I counted to 2. 3 came next.") == ["I counted to 2.", "3 came next."]


def test_domain_is_never_split():
    assert split("Binance.US is safe. I use Binance.US. The US's rules apply.") == [
        "Binance.US is safe.",
        "I use Binance.US.",
        "The US's rules apply.",
    ]


def test_url_with_path_is_not_split():
    assert split("See www.example.com/path.html or https://a.b.org/x.y. Thanks.") == [
        "See www.example.com/path.html or https://a.b.org/x.y.",
        "Thanks.",
    ]


def test_email_address_ends_sentence_after_its_final_period():
    assert split("Mail jo.lee@mail.co.uk. She replies.") == ["Mail jo.lee@mail.co.uk.", "She replies."]


# --- ellipses


def test_attached_ellipsis_before_capital_ends_sentence():
    assert split("Wait… What happened? I said... Nothing.") == [
        "Wait…",
        "What happened?",
        "I said...",
        "Nothing.",
    ]


def test_loose_three_dot_ellipsis_is_an_omission():
    assert split("It was . . . I forget. It was … Monday.") == ["It was . . . I forget.", "It was … Monday."]


def test_loose_four_dots_end_sentence():
    assert split("It was lost . . . . Then found.") == ["It was lost . . . .", "Then found."]


def test_period_then_spaced_ellipsis_opens_next_sentence():
    assert split("He left. . . . The rest stayed.") == ["He left.", ". . . The rest stayed."]


def test_stray_period_after_sentence_is_its_own_span():
    assert split("It requires. . Assigning it fails.") == ["It requires.", ".", "Assigning it fails."]


def test_bracketed_ellipsis_is_an_omission():
    assert split("He [...] left [...] (Lee 5). Next.") == ["He [...] left [...] (Lee 5).", "Next."]


# --- quotes and brackets after the full stop


def test_quote_after_period_then_lowercase_continues():
    assert split('"Go home." he said. "Now!" She ran.') == ['"Go home." he said.', '"Now!"', "She ran."]


def test_bracket_after_period_ends_sentence_before_capital():
    assert split("He left (it was late.) Then she came.") == ["He left (it was late.)", "Then she came."]


def test_exclamation_before_lowercase_continues():
    assert split("She works at Yahoo! in Paris. Wow!! Really?!") == [
        "She works at Yahoo! in Paris.",
        "Wow!!",
        "Really?!",
    ]


# --- list items


def test_numbered_list_without_periods_splits_before_each_item():
    assert split("1) Mix it 2) Bake it 3) Eat it") == ["1) Mix it", "2) Bake it", "3) Eat it"]


def test_list_splits_off_its_introduction():
    assert split("Steps: 1. Mix it 2. Bake it") == ["Steps:", "1. Mix it", "2. Bake it"]


def test_lettered_list_splits_before_each_item():
    assert split("a. Red b. Blue") == ["a. Red", "b. Blue"]


def test_numbers_not_counting_from_one_are_prose():
    assert split("Revenue grew 5. Profit rose 6. Costs fell.") == [
        "Revenue grew 5.",
        "Profit rose 6.",
        "Costs fell.",
    ]


def test_bullets_start_items():
    assert split("• Red • 4. Blue ‣ Green") == ["• Red", "• 4. Blue", "‣ Green"]


# --- the span contract


def test_hard_wrapped_newlines_are_whitespace():
    assert split("He left the\nU.S. How\nsad.") == ["He left the\nU.S.", "How\nsad."]


def test_spans_exclude_surrounding_whitespace():
    assert sentence_spans("  Hi there.  Bye.  ") == [(2, 11), (13, 17)]


def test_blank_text_has_no_sentences():
    assert split(" \n ") == []


def test_statement_paragraphs():
    paragraphs = (DATA / "statement.txt").read_text(encoding="utf-8").splitlines()
    sentences = [s for p in paragraphs for s in split(p)]
    assert sum(bool(re.search(r"[^\W\d_]", s)) for s in sentences) == 29
    assert [s for s in sentences if not re.search(r"[^\W\d_]", s)] == ["."]
    assert split(paragraphs[2])[1:] == [
        ".",
        "Unilaterally assigning securities status to individual tokens, services, and services (even those "
        "over which other US authorities have established jurisdiction) only exacerbates the problem.",
    ]
    assert split(paragraphs[2])[0].endswith("technology requires.")
    assert not any(s.endswith("Binance.") or s.startswith("US platform") for s in sentences)


@pytest.mark.parametrize(
    "text",
    [
        ("Mr. Smith paid $1.50 at 5 p.m. on Jan. 5. The U.S. Government said no. " * 1400)[:100_000],
        ". " * 50_000,
        "a." * 50_000,
        "I. " * 33_333,
        "".join(f"{i % 99 + 1}. item " for i in range(12_000))[:100_000],
        ". . . .x " * 11_000,
    ],
    ids=["prose", "dots", "unspaced", "initials", "list", "ellipses"],
)
def test_long_paragraph_completes(text):
    _assert_contract(text, sentence_spans(text))


@given(st.text(alphabet="aZI5 .!?…\"')(•\n$@/:", max_size=60))
def test_spans_cover_every_non_whitespace_character_once(text):
    _assert_contract(text, sentence_spans(text))


def _assert_contract(text: str, spans: list[tuple[int, int]]) -> None:
    covered = [i for a, b in spans for i in range(a, b)]
    assert covered == sorted(set(covered))
    assert all(not text[a].isspace() and not text[b - 1].isspace() for a, b in spans)
    outside = set(range(len(text))) - set(covered)
    assert all(text[i].isspace() for i in outside)
