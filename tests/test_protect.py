"""Masking what MT must not touch, and getting it back: unit behaviour, then real round trips
through the tiny Argos package (SentencePiece + CTranslate2) and through the pseudo engine."""

from __future__ import annotations

import zipfile
from pathlib import Path

import ctranslate2
import pytest
import sentencepiece
from hypothesis import given
from hypothesis import strategies as st

from loc.catalog import notes
from loc.engines.pseudo import PseudoEngine
from loc.protect import MaskProblem, Span, find, mask, restore

DNT = ("Binance", "Binance.US", "SEC", "BNB")


def kinds(text: str, terms: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in find(text, terms)]


# --- find: what counts as protected -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "See https://www.binance.us/en/about?x=1#top now",
            ("url", "https://www.binance.us/en/about?x=1#top"),
        ),
        ("Go to www.sec.gov.", ("url", "www.sec.gov")),
        ("Read example.com/path.html today", ("url", "example.com/path.html")),
        ("Write to press@binance.com.", ("email", "press@binance.com")),
        ("Hello %s!", ("printf", "%s")),
        ("%d items", ("printf", "%d")),
        ("Swap %1$s and %2$s", ("printf", "%1$s")),
        ("Dear %(name)s,", ("printf", "%(name)s")),
        ("Pay %5.2f now", ("printf", "%5.2f")),
        ("Item {0} of", ("brace", "{0}")),
        ("Hi {name}!", ("brace", "{name}")),
        ("Total {total:.2f}", ("brace", "{total:.2f}")),
        ("a <b>bold</b> word", ("tag", "<b>")),
        ("line<br/>break", ("tag", "<br/>")),
        ('<a href="https://x.com/">link</a>', ("tag", '<a href="https://x.com/">')),
    ],
)
def test_find_recognises_each_kind_of_protected_text(text, expected):
    assert expected in kinds(text)


def test_find_leaves_ordinary_prose_alone():
    assert kinds("We offer 50% off, e.g. at 3 p.m. (i.e. soon) for 1.5 units.") == []


def test_find_keeps_sentence_punctuation_out_of_a_url():
    assert kinds("Visit https://binance.com/en. Or (https://sec.gov/a) too") == [
        ("url", "https://binance.com/en"),
        ("url", "https://sec.gov/a"),
    ]


def test_find_matches_dnt_terms_whole_word_case_sensitive_longest_first():
    assert kinds("Binance.US, Binance and the SEC's BNB; not SECURE, sec or Binanced", DNT) == [
        ("term", "Binance.US"),
        ("term", "Binance"),
        ("term", "SEC"),
        ("term", "BNB"),
    ]


def test_find_treats_a_dotted_brand_as_a_term_not_a_domain():
    assert kinds("Binance.US is safe") == []
    assert kinds("Binance.US is safe", DNT) == [("term", "Binance.US")]


def test_find_lets_the_longer_of_two_overlapping_spans_win():
    # the e-mail contains a bare domain; the tag contains a URL
    assert kinds('mail a@binance.com or <a href="https://binance.com">') == [
        ("email", "a@binance.com"),
        ("tag", '<a href="https://binance.com">'),
    ]


def test_find_reports_positions_into_the_text():
    assert find("Hi %s", ()) == [Span("printf", 3, 5, "%s")]


# --- mask ---------------------------------------------------------------------------------


def test_mask_replaces_each_protected_span_with_a_numbered_token():
    masked = mask("The SEC wrote to press@binance.com about %s.", DNT)
    assert masked.text == "The XZ0X wrote to XZ1X about XZ2X."
    assert masked.originals == {"XZ0X": "SEC", "XZ1X": "press@binance.com", "XZ2X": "%s"}


def test_mask_gives_touching_spans_one_token():
    masked = mask("Only <b>Binance</b> and <i>BNB</i>!", DNT)
    assert masked.text == "Only XZ0X and XZ1X!"
    assert masked.originals == {"XZ0X": "<b>Binance</b>", "XZ1X": "<i>BNB</i>"}


def test_mask_leaves_text_without_protected_spans_as_it_is():
    masked = mask("We are disappointed.", DNT)
    assert masked.text == "We are disappointed."
    assert masked.masks == ()


def test_mask_protects_source_text_that_looks_like_a_token():
    masked = mask("Model XZ3X and XZ 1<b>", ())
    assert masked.text == "Model XZ0X and XZ1X"
    assert masked.originals == {"XZ0X": "XZ3X", "XZ1X": "XZ 1<b>"}


# --- restore ------------------------------------------------------------------------------


def test_restore_puts_every_original_back():
    masked = mask("Ask the SEC at https://sec.gov about %(count)d <b>cases</b>.", DNT)
    german = "Fragen Sie die XZ0X unter XZ1X nach XZ2X XZ3XFällenXZ4X."
    assert (
        restore(german, masked).text
        == "Fragen Sie die SEC unter https://sec.gov nach %(count)d <b>Fällen</b>."
    )
    assert restore(german, masked).problems == ()


def test_restore_accepts_a_tokenizer_space_inside_a_token():
    masked = mask("Visit https://sec.gov today", ())
    assert restore("Besuchen Sie XZ 0X heute", masked).text == "Besuchen Sie https://sec.gov heute"
    assert restore("Besuchen Sie X Z 0 X heute", masked).text == "Besuchen Sie https://sec.gov heute"


def test_restore_removes_a_space_inserted_between_a_tag_and_its_word():
    masked = mask("Click <b>here</b> now", ())
    assert masked.text == "Click XZ0XhereXZ1X now"
    restored = restore("Klicken Sie XZ0X hier XZ1X jetzt", masked)
    assert restored == restore("Klicken Sie XZ0XhierXZ1X jetzt", masked)
    assert restored.text == "Klicken Sie <b>hier</b> jetzt"


def test_restore_keeps_spaces_the_source_had_and_adds_none():
    masked = mask("Ask the SEC now", DNT)
    assert restore("Fragen Sie die XZ0X jetzt", masked).text == "Fragen Sie die SEC jetzt"
    assert restore("Fragen Sie dieXZ0X jetzt", masked).text == "Fragen Sie dieSEC jetzt"


def test_restore_keeps_a_space_before_punctuation_that_the_target_language_wants():
    masked = mask("Write to a@b.com:", ())
    assert restore("Écrivez à XZ0X :", masked).text == "Écrivez à a@b.com :"


def test_restore_reports_a_dropped_token_and_keeps_the_machine_output():
    masked = mask("Send %s to %d people", ())
    restored = restore("Senden an XZ1X Leute", masked)
    assert restored.text == "Senden an %d Leute"
    assert restored.problems == (MaskProblem("missing", "XZ0X", "%s"),)
    assert str(restored.problems[0]) == "mask XZ0X (%s) is missing from the machine translation"


def test_restore_reports_a_garbled_token_as_missing_and_guesses_nothing():
    masked = mask("Send %s now", ())
    restored = restore("Senden XZ0 jetzt", masked)
    assert restored.text == "Senden XZ0 jetzt"
    assert restored.problems == (MaskProblem("missing", "XZ0X", "%s"),)


def test_restore_reports_a_repeated_token_and_restores_both():
    masked = mask("Visit https://sec.gov", ())
    restored = restore("XZ0X besuchen XZ0X", masked)
    assert restored.text == "https://sec.gov besuchen https://sec.gov"
    assert restored.problems == (MaskProblem("extra", "XZ0X", "https://sec.gov"),)


def test_restore_leaves_an_unknown_token_in_place_and_reports_it():
    masked = mask("Visit https://sec.gov", ())
    restored = restore("XZ0X besuchen XZ7X", masked)
    assert restored.text == "https://sec.gov besuchen XZ7X"
    assert restored.problems == (MaskProblem("extra", "XZ7X", None),)
    assert "unknown mask XZ7X" in str(restored.problems[0])


def test_mask_lines_are_one_line_per_problem():
    masked = mask('Open <a\nhref="x">it</a> or %s', ())
    restored = restore("Öffnen XZ2X XZ2X XZ5X", masked)
    assert notes.mask_lines(restored.problems) == [
        'loc: mask-missing XZ0X <a href="x">',
        "loc: mask-missing XZ1X </a>",
        "loc: mask-extra XZ2X %s",
        "loc: mask-extra XZ5X",
    ]


_TEXT = st.text(alphabet="XZ019 abc.<>/b%sd{}@:" + "SECBinance", max_size=40)


@given(_TEXT)
def test_mask_then_restore_gives_back_the_source_exactly(text):
    masked = mask(text, DNT)
    assert restore(masked.text, masked).text == text
    assert restore(masked.text, masked).problems == ()


_PIECES = st.sampled_from(
    [
        "nas", "debian", "org", "example.com", "press@binance.com", "https://x.org/a?b=1", "www.x.io",
        "<span>", "</span>", "<b>", "</b>", "@", ".", "XZ", "X", "Z", "0", "12", " ", "-", "%s", "{0}",
        "Binance", "ab",
    ]
)  # fmt: skip
_MARKUP = st.lists(_PIECES, max_size=14).map("".join)


def test_an_obfuscated_email_address_masks_to_text_that_masks_to_itself():
    masked = mask("Write to nas<span>@</span>debian<span>.</span>org today.")
    assert masked.text == "Write to nasXZ0X@XZ1XdebianXZ2X.XZ3Xorg today."
    assert mask(masked.text).text == masked.text
    assert [s.text for s in find(masked.text)] == ["XZ0X", "XZ1X", "XZ2X", "XZ3X"]


@given(_MARKUP)
def test_masking_masked_text_changes_nothing(text):
    masked = mask(text, DNT)
    again = mask(masked.text, DNT)
    assert again.text == masked.text
    assert [m.original for m in again.masks] == [m.token for m in masked.masks]


# --- round trips through real tokenizers and engines -----------------------------------------

SENTENCE = (
    "The SEC wrote to press@binance.com about https://www.binance.us/en and %(count)d "
    "<b>digital asset</b> cases ({0}) on Binance.US."
)


def _copy_model(package, out):
    """The package's SentencePiece model and CTranslate2 translator, as Argos would use them."""
    with zipfile.ZipFile(package) as z:
        z.extractall(out)
    folder = next(out.glob("translate-*"))
    sp = sentencepiece.SentencePieceProcessor(model_file=str(folder / "sentencepiece.model"))
    translator = ctranslate2.Translator(str(folder / "model"))

    def translate(text: str, replace_unknowns: bool) -> str:
        tokens = sp.encode(text, out_type=str)
        result = translator.translate_batch(
            [tokens],
            beam_size=4,
            return_scores=True,
            replace_unknowns=replace_unknowns,
            max_decoding_length=256,
        )
        return sp.decode_pieces(result[0].hypotheses[0])

    return sp, translate


@pytest.fixture(scope="module")
def statement_model(build_package, tmp_path_factory):
    """Vocabulary trained on the statement alone: no digits, no X or Z, so a token is one unknown piece."""
    return _copy_model(build_package("en", "de"), tmp_path_factory.mktemp("statement-model"))


@pytest.fixture(scope="module")
def full_vocab_model(build_package, tmp_path_factory):
    """Vocabulary that, like every real Argos model's, holds all ASCII letters and digits as pieces."""
    corpus = tmp_path_factory.mktemp("corpus") / "corpus.txt"
    statement = (Path(__file__).parent / "data" / "statement.txt").read_text(encoding="utf-8")
    corpus.write_text(
        statement
        + "\nThe quick brown fox jumps over the lazy dog. THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG."
        "\nIn 2023, 45 firms paid 1.5 million to 678 people; 9 did not.\n",
        encoding="utf-8",
    )
    package = build_package("en", "de", "1.0", "--corpus", str(corpus))
    return _copy_model(package, tmp_path_factory.mktemp("full-vocab-model"))


def test_masks_survive_the_statement_model_copying_unknown_pieces(statement_model):
    _, translate = statement_model
    masked = mask(SENTENCE, DNT)
    restored = restore(translate(masked.text, replace_unknowns=True), masked)
    assert restored.text == SENTENCE
    assert restored.problems == ()


def test_masks_lost_as_unknown_pieces_are_all_reported_not_guessed(statement_model):
    _, translate = statement_model
    masked = mask(SENTENCE, DNT)
    output = translate(masked.text, replace_unknowns=False)
    assert "⁇" in output
    restored = restore(output, masked)
    assert restored.text == output
    assert {p.token for p in restored.problems} == set(masked.originals)
    assert {p.kind for p in restored.problems} == {"missing"}


def test_masks_are_ordinary_pieces_of_a_full_vocabulary(full_vocab_model):
    sp, _ = full_vocab_model
    masked = mask(SENTENCE, DNT)
    assert sp.unk_id() not in sp.encode(masked.text)
    assert sp.unk_id() in sp.encode(SENTENCE)  # the originals are not: "%", "@", "<", "{"...


@pytest.mark.parametrize("replace_unknowns", [True, False])
def test_masks_survive_a_full_vocabulary_model_with_or_without_replace_unknowns(
    full_vocab_model, replace_unknowns
):
    _, translate = full_vocab_model
    masked = mask(SENTENCE, DNT)
    restored = restore(translate(masked.text, replace_unknowns), masked)
    assert restored.text == SENTENCE
    assert restored.problems == ()


def test_masks_survive_the_pseudo_engine():
    masked = mask(SENTENCE, DNT)
    [translation] = PseudoEngine().translate([masked.text])
    restored = restore(translation.text, masked)
    assert restored.problems == ()
    assert [s.text for s in find(restored.text, DNT)] == [s.text for s in find(SENTENCE, DNT)]
    assert "<b>ďíĝííţááĺ ááššééţ</b>" in restored.text  # the words between the tags were pseudo-translated
