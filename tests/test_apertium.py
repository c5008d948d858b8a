"""The Apertium engine on Debian's real eng-spa pair, and how loc chooses an engine per language."""

from __future__ import annotations

import os
import signal
import subprocess

import pytest
from conftest import loc, make_project

import loc as api
from loc.engines import apertium
from loc.errors import LocError
from loc.steps import translate

SENTENCES = [
    "We are disappointed.",
    "",
    "The fee is 5 * 3 dollars for #members and @users.",
    "All user assets are safe and secure.",
    "   ",
    "We will vigorously defend our position against any accusations to the contrary.",
]


@pytest.fixture
def engine():
    made = apertium.ApertiumEngine("en", "es")
    yield made
    made.close()


def test_each_segment_comes_back_as_its_own_translation_in_one_pipeline(engine):
    alone = [engine.translate([text])[0].text for text in SENTENCES]
    batch = [t.text for t in engine.translate(SENTENCES * 40)]
    assert batch == alone * 40
    assert alone[1:2] == [""] and alone[4] == "   "  # nothing to translate: nothing sent
    assert alone[0] == "Estamos decepcionar."  # Apertium's own (imperfect) Spanish
    [pid] = {engine._pipeline.process.pid}  # one process for 246 segments
    assert pid


def test_literal_marks_stay_text_and_apertium_marks_become_warnings(engine):
    [marked] = engine.translate(["The zorblaxian fee is 5 * 3 for #members and @users."])
    assert "5 * 3" in marked.text and "#" in marked.text and "@" in marked.text
    assert "zorblaxian" in marked.text and "*zorblaxian" not in marked.text
    assert "unknown-words=zorblaxian" in marked.warnings


def test_mask_tokens_travel_as_superblanks_and_keep_the_grammar(engine):
    [blank] = engine.translate(["We XZ0Xstrongly XZ1X defend our position at XZ2X today."])
    assert [blank.text.count(f"XZ{i}X") for i in range(3)] == [1, 1, 1]
    assert "defendemos" in blank.text  # the verb agrees: the tokens are not words in the parse
    words = apertium.ApertiumEngine("en", "es", masks_as="words")
    [word] = words.translate(["We XZ0X strongly XZ1X defend our position at XZ2X today."])
    words.close()
    assert "defendemos" not in word.text  # what word tokens do to Apertium's analysis


def test_a_pipeline_that_dies_is_an_error_never_a_shifted_translation(engine):
    engine.translate(["We are disappointed."])
    os.killpg(engine._pipeline.process.pid, signal.SIGKILL)
    with pytest.raises(LocError, match="apertium eng-spa stopped"):
        engine.translate(SENTENCES)


def test_the_model_is_the_debian_package_and_its_version(engine):
    version = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Version}", "apertium-eng-spa"], capture_output=True, text=True
    ).stdout
    assert version and engine.model == f"apertium-eng-spa {version}"


def test_installed_pairs_are_read_from_the_mode_files():
    pairs = {(p.mode, p.source, p.target) for p in apertium.installed()}
    assert {("eng-spa", "en", "es"), ("spa-eng", "es", "en"), ("spa-eng_US", "es", "en_US")} <= pairs
    assert apertium.find("en", "es_MX").mode == "eng-spa"  # a region falls back to its language
    assert apertium.find("en", "de") is None


def test_debian_names_pairs_in_both_code_styles():
    assert apertium.debian_packages("en", "gl") == [
        "apertium-eng-glg",
        "apertium-glg-eng",
        "apertium-en-gl",
        "apertium-gl-en",
    ]


PYPROJECT = '[tool.loc]\nlanguages = ["de", "es"]\n'


def test_an_unknown_engine_in_the_settings_is_refused_when_the_project_opens(tmp_path):
    root = make_project(tmp_path / "p", PYPROJECT + 'engines = { es = "deepl" }\n')
    with pytest.raises(LocError, match="unknown engine 'deepl'; choose one of auto, argos, apertium"):
        api.open(root)
    result = loc(root, "status")
    assert result.exit_code == 1 and "pyproject.toml" in result.stderr and "Traceback" not in result.output


def test_auto_takes_an_installed_argos_model_first_then_an_apertium_pair(
    tmp_path, argos_packages, build_package
):
    from loc.engines.argos import packages

    project = api.open(make_project(tmp_path / "p", PYPROJECT))
    assert translate.engine_for(project, "es").name == "apertium"
    packages.install_file(build_package("en", "es"))
    assert translate.engine_for(project, "es").name == "argos"
    pinned = api.open(project.config.root, engines={"es": "apertium"})
    assert translate.engine_for(pinned, "es").name == "apertium"


def test_a_language_nothing_translates_names_what_to_install(tmp_path, argos_packages):
    project = api.open(make_project(tmp_path / "p", PYPROJECT))
    with pytest.raises(LocError) as missing:
        translate.engine_for(project, "de")
    assert "download translate-en_de.argosmodel" in str(missing.value)
    with pytest.raises(LocError, match="no Apertium pair for en→de is installed"):
        translate.engine_for(project, "de", "apertium")
