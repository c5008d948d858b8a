"""The Argos engine on real (tiny) packages: SentencePiece + CTranslate2, no mocks.

The copy model translates a sentence into itself, so the expected output is the input.
"""

from __future__ import annotations

import json
import math

import pytest

from loc.engines import Translation
from loc.engines.argos import ArgosEngine, default_threads, packages
from loc.errors import LocError

RANDOM = ("--mode", "random")
STATEMENTS = [
    "We are disappointed that the SEC today decided to file a lawsuit against Binance.",
    "All user assets on Binance and Binance partner platforms, including Binance.US, are safe and secure.",
    "Unfortunately, the SEC has abandoned this path.",
    "We take the SEC's allegations seriously.",
]


@pytest.fixture
def install(build_package, argos_packages):
    def install(from_code="en", to_code="de", version="1.0", *extra):
        return packages.install_file(build_package(from_code, to_code, version, *extra))

    return install


def texts(translations):
    return [t.text for t in translations]


def test_copy_model_returns_statement_sentences_exactly(install):
    install()
    assert texts(ArgosEngine("en", "de").translate(STATEMENTS)) == STATEMENTS


def test_placeholders_keep_their_underscores(install):
    install()
    source = ["Open %(file_name)s now.", "Saved {count} files to {target_dir}."]
    assert texts(ArgosEngine("en", "de").translate(source)) == source


def test_characters_unknown_to_the_model_are_copied_from_the_source(install):
    # "ü", "日本" are not in the corpus: the model emits <unk>; replace_unknowns copies the source piece
    install()
    source = ["Zürich and 日本 are safe."]
    assert texts(ArgosEngine("en", "de").translate(source)) == source


def test_scores_are_present_and_not_positive(install):
    install()
    assert all(t.score is not None and t.score <= 0 for t in ArgosEngine("en", "de").translate(STATEMENTS))


def test_score_is_the_mean_log_probability_per_token(install):
    # random weights: a cumulative log-probability over ~100 tokens would be far below -log(vocab)
    install("en", "de", "1.0", *RANDOM)
    for translation in ArgosEngine("en", "de").translate(STATEMENTS):
        assert -math.log(301) < translation.score < 0


def test_order_is_preserved_across_length_sorting_and_batches(install):
    install()
    source = [STATEMENTS[1], "Yes.", STATEMENTS[0], "We are.", STATEMENTS[2], "No, no, no."]
    assert texts(ArgosEngine("en", "de", max_batch_size=2).translate(source)) == source


def test_blank_inputs_come_back_empty(install):
    install()
    result = ArgosEngine("en", "de").translate(["", "Yes.", "  \n"])
    assert result == [Translation("", 0.0), Translation("Yes.", 0.0), Translation("", 0.0)]


def test_no_inputs_no_outputs(install):
    install()
    assert ArgosEngine("en", "de").translate([]) == []


def test_output_is_deterministic_across_runs(install):
    install("en", "de", "1.0", *RANDOM)
    engine = ArgosEngine("en", "de")
    first = engine.translate(STATEMENTS)
    assert engine.translate(STATEMENTS) == first
    assert ArgosEngine("en", "de").translate(STATEMENTS) == first


def test_random_model_output_is_bounded_by_the_source_length(install):
    install("en", "de", "1.0", *RANDOM)
    [translation] = ArgosEngine("en", "de").translate(["Yes."])
    assert 0 < len(translation.text) < 100


def test_model_names_the_package_and_version(install):
    install("en", "de", "1.0")
    engine = ArgosEngine("en", "de")
    assert engine.name == "argos"
    assert engine.model == "translate-en_de 1.0"


def test_pivot_translates_through_english(install):
    install("de", "en")
    install("en", "fr")
    engine = ArgosEngine("de", "fr")
    assert engine.model == "translate-de_en 1.0 + translate-en_fr 1.0"
    assert texts(engine.translate(STATEMENTS)) == STATEMENTS


def test_pivot_score_is_the_sum_of_both_legs(install):
    install("de", "en", "1.0", *RANDOM)
    install("en", "fr", "1.0", *RANDOM)
    first = ArgosEngine("de", "en").translate(STATEMENTS[:1])[0]
    second = ArgosEngine("en", "fr").translate([first.text])[0]
    [both] = ArgosEngine("de", "fr").translate(STATEMENTS[:1])
    assert both.text == second.text
    assert both.score == pytest.approx(first.score + second.score)


def test_reinstalled_package_is_served_in_the_same_process(install):
    install("en", "de", "1.0", *RANDOM)
    assert texts(ArgosEngine("en", "de").translate(STATEMENTS[:1])) != STATEMENTS[:1]

    install("en", "de", "1.1")

    engine = ArgosEngine("en", "de")
    assert engine.model == "translate-en_de 1.1"
    assert texts(engine.translate(STATEMENTS[:1])) == STATEMENTS[:1]


def test_target_prefix_is_forced_and_removed(install):
    model = install()
    metadata = json.loads((model.path / "metadata.json").read_text())
    (model.path / "metadata.json").write_text(json.dumps({**metadata, "target_prefix": "▁the"}))
    # the copy model emits source token t at step t: the forced prefix takes step 0, so
    # the first source token is skipped, and the prefix itself never reaches the output
    assert texts(ArgosEngine("en", "de").translate(["the SEC today."])) == ["SEC today."]


def test_bpe_package_uses_argos_moses_and_bpe_tokenizer(install):
    model = install()
    (model.path / "sentencepiece.model").unlink()
    (model.path / "bpe.model").write_text("#version: 0.2\n")  # no merges: words split into letters
    assert texts(ArgosEngine("en", "de").translate(["Hello, world."])) == ["Hello, world."]


def test_missing_pair_names_both_ways_to_install(argos_packages):
    engine = ArgosEngine("en", "de")  # the model loads on first use
    with pytest.raises(LocError) as caught:
        engine.translate(["Yes."])
    message = str(caught.value)
    assert "`loc models install de`" in message
    assert "./translate-en_de.argosmodel" in message


def test_damaged_model_is_a_one_line_error(install):
    model = install()
    (model.path / "model" / "model.bin").write_bytes(b"not a model")
    engine = ArgosEngine("en", "de")  # the model loads on first use
    with pytest.raises(LocError, match="cannot load the model") as caught:
        engine.translate(["Yes."])
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(("cores", "threads"), [(1, (1, 1)), (2, (2, 1)), (4, (4, 1)), (16, (4, 4))])
def test_default_threads_run_parallel_batches_first(cores, threads):
    assert default_threads(cores) == threads
