"""The pseudo engine: accented, ~30% longer, bracketed, and protected text left byte for byte."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from loc.engines import Translation
from loc.engines.pseudo import PseudoEngine, pseudolocalize
from loc.protect import find

DNT = ("Binance", "Binance.US", "SEC", "BNB")
STATEMENT = (Path(__file__).parent / "data" / "statement.txt").read_text(encoding="utf-8")
SENTENCES = [s for s in re.split(r"(?<=[.!?])\s+", STATEMENT) if len(s) >= 40]


def test_pseudo_accents_lengthens_and_brackets_a_sentence():
    assert pseudolocalize("We are disappointed.") == "⟦Ŵé ááŕé ďííšáṕṕóóíñţééď.⟧"


def test_pseudo_replaces_every_ascii_letter_outside_protected_text():
    text = "Quick brown foxes jump over the lazy dog, Zebras and Quails wait."
    output = pseudolocalize(text)
    assert not re.search(r"[A-Za-z]", output)
    assert all(not c.isascii() for c in output if c.isalpha())


@pytest.mark.parametrize("sentence", SENTENCES[:12])
def test_pseudo_lengthens_statement_sentences_by_about_thirty_percent(sentence):
    growth = len(pseudolocalize(sentence, DNT)) / len(sentence) - 1
    assert 0.20 <= growth <= 0.45


def test_pseudo_brackets_mark_both_ends_so_truncation_shows():
    output = pseudolocalize("We will continue to work with regulators.")
    assert output.startswith("⟦")
    assert output.endswith("⟧")


def test_pseudo_brackets_go_inside_surrounding_whitespace():
    assert pseudolocalize("  OK\n") == "  ⟦ÓĶ⟧\n"


def test_pseudo_leaves_an_empty_string_empty():
    assert pseudolocalize("") == ""
    assert pseudolocalize("  ") == "  "


def test_pseudo_keeps_every_protected_span_byte_for_byte():
    text = (
        "The SEC asked %(name)s to mail press@binance.com, open https://www.binance.us/en?a=1 "
        'or example.com/path.html, see <a href="https://x.com">{0}</a> and %1$s for Binance.US and BNB.'
    )
    output = pseudolocalize(text, DNT)
    assert [s.text for s in find(output, DNT)] == [s.text for s in find(text, DNT)]
    assert len(find(text, DNT)) == 11


def test_pseudo_leaves_mask_tokens_alone():
    assert pseudolocalize("Send XZ0X to XZ12X now") == "⟦Šéñď XZ0X ţóó XZ12X ñóóŵ⟧"


def test_pseudo_translates_dnt_terms_only_when_not_told_about_them():
    assert "SEC" in pseudolocalize("The SEC sued.", DNT)
    assert "SEC" not in pseudolocalize("The SEC sued.")


def test_pseudo_is_deterministic():
    assert pseudolocalize(SENTENCES[0], DNT) == pseudolocalize(SENTENCES[0], DNT)
    assert PseudoEngine(DNT).translate(SENTENCES) == PseudoEngine(DNT).translate(SENTENCES)


def test_pseudo_engine_returns_one_unscored_translation_per_text_in_order():
    engine = PseudoEngine(DNT)
    assert (engine.name, engine.model) == ("pseudo", "")
    assert engine.translate(["Hello", "SEC"]) == [Translation("⟦Ĥéĺĺó⟧", None), Translation("⟦SEC⟧", None)]
    assert engine.translate([]) == []
