"""The Python API keeps its word: what its docstrings and README say, each a regression test."""

from __future__ import annotations

import dataclasses
import importlib.metadata
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from gettext_tools import run

import loc
from loc.catalog import po
from loc.languages import GETTEXT_PLURALS

TEXT = "The board met on Monday.\n\nWe disagree with the decision.\n"
ROOT = Path(__file__).resolve().parent.parent


def _project(root: Path, settings: str = 'languages = ["de", "fr"]\n') -> loc.Project:
    (root / "source").mkdir(parents=True, exist_ok=True)
    (root / "source" / "note.txt").write_text(TEXT, encoding="utf-8")
    (root / "pyproject.toml").write_text(f"[tool.loc]\n{settings}", encoding="utf-8")
    project = loc.open(root)
    loc.extract(project)
    return project


def _approve(project: loc.Project, lang: str, domain: str = "note") -> None:
    found = po.load(project.po_path(lang, domain))
    for entry in found.po:
        if entry.msgid:
            entry.msgstr = entry.msgstr or f"[{lang}] {entry.msgid}"
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
            entry.tcomment = ""
    found.save()


# ---- languages -------------------------------------------------------------------


def test_a_string_names_one_language_in_every_step(tmp_path):
    project = _project(tmp_path)
    report = loc.translate(project, "de", engine="pseudo")
    assert [result.lang for result in report.languages] == ["de"]
    assert [row.lang for row in loc.status(project, "fr").rows] == ["fr"]
    assert [result.lang for result in loc.compile(project, "de").languages] == ["de"]


def test_an_empty_list_of_languages_is_none_not_all(tmp_path):
    project = _project(tmp_path)
    assert loc.translate(project, [], engine="pseudo").languages == []
    assert loc.status(project, []).rows == []
    assert loc.compile(project, []).languages == []
    assert loc.check(project, []).problems == []
    assert loc.export(project, []).files == [] and loc.review(project, []).pages == []
    assert not (project.config.output).exists()


def test_api_errors_name_the_setting_never_the_command_line(tmp_path):
    _project(tmp_path)
    with pytest.raises(loc.LocError) as error:
        loc.open(tmp_path, beam_size=0)
    assert "command line" not in str(error.value) and "beam_size" in str(error.value)
    with pytest.raises(loc.LocError) as error:
        loc.compile(loc.open(tmp_path), "de", threshold=150)
    assert "command line" not in str(error.value) and "publish_threshold" in str(error.value)


@pytest.mark.parametrize(
    ("settings", "named"),
    [
        ({"engine": "deepl"}, "engine"),
        ({"ignore_checks": ["quote"]}, "ignore_checks"),
        ({"pseudo_locale": "de"}, "pseudo_locale"),
    ],
)
def test_an_unknown_engine_or_bad_setting_is_refused_at_open(tmp_path, settings, named):
    _project(tmp_path)
    with pytest.raises(loc.LocError) as error:
        loc.open(tmp_path, **settings)
    assert named in str(error.value)


def test_an_unknown_engine_in_the_file_is_refused_at_open(tmp_path):
    _project(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.loc]\nengine = "google"\n')
    with pytest.raises(loc.LocError) as error:
        loc.open(tmp_path)
    assert "unknown engine 'google'; choose one of auto, argos, apertium, pseudo" in str(error.value)


# ---- reports -----------------------------------------------------------------------


def test_report_classes_carry_the_names_they_are_exported_under_and_say_what_they_are():
    for name in loc.__all__:
        exported = getattr(loc, name)
        if isinstance(exported, type) and name != "LocError":
            assert exported.__name__ == name, (name, exported.__name__)
            assert exported.__doc__ and not exported.__doc__.startswith(name + "("), name


def test_every_report_serialises_with_asdict_and_json_dumps(tmp_path):
    project = _project(tmp_path)
    reports = [
        loc.translate(project, "de", engine="pseudo"),
        loc.extract(project),
        loc.status(project, review=2),
        loc.check(project),
        loc.compile(project, "de", include_fuzzy=True, force=True),
        loc.review(project, "de"),
        loc.export(project, "de"),
    ]
    _approve(project, "de")
    reports.append(loc.export(project, "de", format="tmx"))
    reports.append(loc.import_file(project, project.config.output / "export" / "de.xlf"))
    reports.append(loc.run(loc.open(tmp_path, engine="pseudo")))
    reports.append(loc.extract(project, check=True))
    (tmp_path / "new").mkdir()
    reports.append(loc.init(tmp_path / "new", languages=["de"]))
    reports.append(loc.git_setup(tmp_path / "new"))
    for report in reports:
        data = json.loads(json.dumps(dataclasses.asdict(report)))
        assert isinstance(data, dict), type(report).__name__
    words = dataclasses.asdict(loc.status(project, "de").rows[0].stats)["words"]
    assert words == {"translated": 10, "fuzzy": 0, "untranslated": 0}  # the source words of TEXT


def test_translate_and_compile_return_one_report_like_the_other_steps(tmp_path):
    project = _project(tmp_path)
    translated = loc.translate(project, engine="pseudo")
    assert isinstance(translated, loc.TranslateReport)
    assert [result.lang for result in translated.languages] == ["de", "fr"]
    compiled = loc.compile(project)
    assert isinstance(compiled, loc.CompileReport)
    assert compiled.failed == ["de", "fr"]


def test_steps_take_the_project_then_the_languages(tmp_path):
    project = _project(tmp_path)
    _approve(project, "de")
    exported = loc.export(project, "de", format="tmx")
    assert exported.files == ["build/export/de.tmx"]
    extracted = loc.extract(project, "it")
    assert extracted.created == ["locales/it/LC_MESSAGES/note.po"]


def test_the_package_is_typed_and_mypy_finds_nothing():
    assert (ROOT / "src" / "loc" / "py.typed").is_file()
    mypy = shutil.which("mypy", path=str(Path(sys.executable).parent))
    result = subprocess.run([mypy or "mypy"], cwd=ROOT, capture_output=True, text=True)  # [tool.mypy]
    assert result.returncode == 0, result.stdout + result.stderr


def test_loc_version_is_the_package_version():
    result = run(sys.executable, "-m", "loc", "--version")
    assert result.stdout.strip() == f"loc {importlib.metadata.version('loc')}"
    assert loc.__version__ == importlib.metadata.version("loc")
    source = (ROOT / "src" / "loc" / "__init__.py").read_text()
    assert '__version__ = "' not in source  # no second number to drift


# ---- one set of languages --------------------------------------------------------------


def test_a_language_extract_adds_is_one_every_step_then_sees(tmp_path):
    project = _project(tmp_path, 'languages = ["de"]\n')
    loc.extract(project, "it")
    assert [result.lang for result in loc.translate(project, engine="pseudo").languages] == ["de", "it"]
    assert [row.lang for row in loc.status(project).rows] == ["de", "it"]
    ran = loc.run(loc.open(tmp_path, engine="pseudo"))
    assert [result.lang for result in ran.compiled.languages] == ["de", "it"]


def test_a_regional_variant_beside_its_language_is_refused_in_one_line(tmp_path):
    project = _project(tmp_path, 'languages = ["de"]\n')
    with pytest.raises(loc.LocError) as error:
        loc.translate(project, "de_DE", engine="pseudo")
    assert "de_DE" in str(error.value) and "--lang de" in str(error.value)
    assert "\n" not in str(error.value)
    assert not (project.config.locales / "de_DE").exists()
    loc.extract(project, "de_CH")  # a variant on purpose
    assert [r.lang for r in loc.translate(project, "de_CH", engine="pseudo").languages] == ["de_CH"]


# ---- pseudo text is no memory ---------------------------------------------------------


def test_pseudo_locale_pairs_never_go_into_a_tmx_export(tmp_path):
    project = _project(tmp_path, 'languages = ["de"]\n')
    loc.translate(project, "en_XA")  # the pseudo-locale: reviewed-looking pseudo text
    found = po.load(project.po_path("en_XA", "note"))
    found.po[0].msgstr = "Ťĥé ƀóàŕď ɱéť"  # and a pseudo string a tester wrote by hand
    found.save()
    report = loc.export(project, format="tmx")
    assert report.units == 0
    assert "⟦" not in (tmp_path / report.files[0]).read_text(encoding="utf-8")


def test_approved_pseudo_text_in_a_real_language_is_no_memory(tmp_path):
    project = _project(tmp_path, 'languages = ["de"]\n')
    loc.translate(project, "de", engine="pseudo")
    found = po.load(project.po_path("de", "note"))
    for entry in found.po:  # someone clears the fuzzy flags on pseudo text
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    found.save()
    assert loc.export(project, "de", format="tmx").units == 0
    (tmp_path / "source" / "other.txt").write_text("We disagree with the decision.\n", encoding="utf-8")
    loc.extract(project)
    report = loc.translate(project, "de", engine="pseudo").languages[0]
    assert report.reused == 0 and report.translated == 1


# ---- compile -----------------------------------------------------------------------


def test_include_fuzzy_without_a_threshold_still_needs_every_segment_reviewed(tmp_path):
    project = _project(tmp_path, 'languages = ["de"]\n')
    loc.translate(project, "de", engine="pseudo")
    found = po.load(project.po_path("de", "note"))
    entry = found.po[0]
    entry.msgstr, entry.flags, entry.tcomment = "Der Vorstand tagte am Montag.", [], ""
    found.save()
    found = po.load(project.po_path("de", "note"))
    found.po[1].msgstr, found.po[1].tcomment = "Wir widersprechen.", ""  # fuzzy, by hand
    found.save()
    [plain] = loc.compile(project, "de", include_fuzzy=True).languages
    assert not plain.published and "50% translated and reviewed, below 100%" in plain.reason
    [lowered] = loc.compile(project, "de", include_fuzzy=True, threshold=50).languages
    assert lowered.published
    text = (tmp_path / "build" / "de" / "note.txt").read_text(encoding="utf-8")
    assert "Wir widersprechen." in text  # the fuzzy one fills in


LANGUAGES = sorted(GETTEXT_PLURALS)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plural_forms_are_what_gnu_msginit_writes(tmp_path, lang):
    project = _project(tmp_path, f'languages = ["{lang}"]\n')
    ours = po.load(project.po_path(lang, "note")).po.metadata["Plural-Forms"]
    theirs = tmp_path / "msginit.po"
    run("msginit", "--no-translator", "-l", lang, "-i", project.pot_path("note"), "-o", theirs)
    assert ours == po.load(theirs).po.metadata["Plural-Forms"]


# ---- caches and counts --------------------------------------------------------------------

GLOSSARY = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><text><body>
<termEntry id="t1"><descrip type="definition">{note}</descrip>
<langSet xml:lang="en"><tig><term>board</term></tig></langSet>
<langSet xml:lang="de"><tig><term>Vorstand</term></tig></langSet></termEntry>
</body></text></martif>
"""


def test_an_edited_glossary_is_used_by_the_next_extract_on_an_open_project(tmp_path):
    (tmp_path / "glossary.tbx").write_text(GLOSSARY.format(note="the company's board"), encoding="utf-8")
    project = _project(tmp_path, 'languages = ["de"]\nglossary = "glossary.tbx"\n')
    assert "the company's board" in project.po_path("de", "note").read_text(encoding="utf-8")
    (tmp_path / "glossary.tbx").write_text(GLOSSARY.format(note="the directors, together"), encoding="utf-8")
    report = loc.extract(project)
    assert report.changed and "the directors, together" in project.po_path("de", "note").read_text(
        encoding="utf-8"
    )


TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en"
 o-tmf="x" creationtool="x" creationtoolversion="1"/><body>
<tu><tuv xml:lang="en"><seg>We disagree with the decision.</seg></tuv>
<tuv xml:lang="de"><seg>Wir widersprechen der Entscheidung.</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Nothing matches this one at all.</seg></tuv>
<tuv xml:lang="de"><seg>Nichts.</seg></tuv></tu>
</body></tmx>
"""


def test_a_tmx_pair_that_fills_two_documents_counts_once(tmp_path):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "other.txt").write_text("We disagree with the decision.\n", encoding="utf-8")
    project = _project(tmp_path, 'languages = ["de"]\n')
    (tmp_path / "memory.tmx").write_text(TMX, encoding="utf-8")
    report = loc.import_file(project, tmp_path / "memory.tmx")
    assert (report.applied, report.unchanged, report.unknown) == (2, 1, 0)
