"""The online path through the CLI, without internet: a package index on 127.0.0.1."""

from __future__ import annotations

from conftest import make_project
from typer.testing import CliRunner

from loc.catalog import po as pofile
from loc.cli import app
from loc.engines.argos import packages

runner = CliRunner()


def project(root):
    return make_project(root, '[tool.loc]\nlanguages = ["de"]\n')


def test_models_list_shows_what_the_index_offers(build_package, index, argos_packages):
    index.publish(build_package("en", "de"))
    result = runner.invoke(app, ["models", "list"])
    assert result.exit_code == 0, result.output
    assert "translate-en_de" in result.output and "available" in result.output


def test_models_install_fetches_the_language_from_the_index(build_package, index, argos_packages, tmp_path):
    index.publish(build_package("en", "de"))
    result = runner.invoke(app, ["models", "install", "de", "-C", str(project(tmp_path / "p"))])
    assert result.exit_code == 0, result.output
    assert "installed translate-en_de 1.0" in result.output
    assert [(m.from_code, m.to_code) for m in packages.installed()] == [("en", "de")]
    removed = runner.invoke(app, ["models", "remove", "de", "-C", str(tmp_path / "p")])
    assert removed.exit_code == 0 and packages.installed() == []


def test_translate_installs_the_missing_model_when_the_index_is_reachable(
    build_package, index, argos_packages, tmp_path
):
    index.publish(build_package("en", "de"))
    root = project(tmp_path / "p")
    assert runner.invoke(app, ["extract", "-C", str(root)]).exit_code == 0
    result = runner.invoke(app, ["translate", "--lang", "de", "-C", str(root)])
    assert result.exit_code == 0, result.output
    assert "Installing the Argos model translate-en_de 1.0 from the package index" in result.output
    po = pofile.load(root / "locales" / "de" / "LC_MESSAGES" / "statement.po").po
    assert all(entry.msgstr == entry.msgid and "engine=argos" in entry.tcomment for entry in po)


def test_run_online_translates_and_compiles_with_the_real_model(
    build_package, index, argos_packages, tmp_path
):
    index.publish(build_package("en", "de"))
    root = project(tmp_path / "p")
    result = runner.invoke(app, ["run", "-C", str(root)])
    assert result.exit_code == 0, result.output
    assert "de: 29 translated" in result.output
    assert "pseudo" not in result.output  # the model was there: no fallback
    assert "compile: de not published" in result.output  # suggestions await review


def test_run_offline_says_so_and_finishes_with_the_pseudo_locale(argos_packages, tmp_path):
    root = project(tmp_path / "p")
    result = runner.invoke(app, ["run", "-C", str(root)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1].startswith("de: nothing installed translates en→de offline; to translate it, download")
    assert "loc models install ./translate-en_de.argosmodel" in lines[1]
    assert (
        lines[2]
        == "The pseudo engine ran into the pseudo-locale en_XA instead of de, to show the whole flow."
    )
    assert (root / "build" / "en_XA" / "statement.txt").exists()
    assert (root / "build" / "en_XA" / "LC_MESSAGES" / "statement.mo").exists()
