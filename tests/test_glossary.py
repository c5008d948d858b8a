"""The project glossary (glossary.tbx): loading, term lookup, notes, and errors that say where."""

from __future__ import annotations

from pathlib import Path

import pytest
from translate.storage import tbx

from loc.errors import LocError
from loc.glossary import Glossary, Term, load

DATA = Path(__file__).parent / "data"
GLOSSARY = DATA / "glossary.tbx"
STATEMENT = (DATA / "statement.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load(GLOSSARY)


def tbx_file(tmp_path: Path, entries: str, lang: str = "en") -> Path:
    path = tmp_path / "glossary.tbx"
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX" xml:lang="{lang}">\n'
        f"<text><body>\n{entries}</body></text>\n</martif>\n",
        encoding="utf-8",
    )
    return path


# --- the project's glossary -----------------------------------------------------------------


def test_project_glossary_keeps_the_statements_names_untranslated(glossary):
    assert glossary.source_lang == "en"
    assert set(glossary.dnt_terms) == {"Binance", "Binance.US", "SEC", "BNB"}
    found = {t.text for t in glossary.terms_in(STATEMENT) if not t.translatable}
    assert found == {"Binance", "Binance.US", "SEC"}


def test_project_glossary_approves_a_translation_per_language_for_each_term(glossary):
    for term in glossary.terms:
        if term.translatable:
            assert all(glossary.target(term, lang) for lang in ("de", "fr", "es")), term.text
    assert glossary.target("digital asset", "de") == "digitaler Vermögenswert"
    assert glossary.target("securities", "fr") == "valeurs mobilières"
    assert glossary.target("enforcement action", "es") == "medida coercitiva"


def test_project_glossary_terms_all_occur_in_the_statement(glossary):
    assert {t.text for t in glossary.terms} - {t.text for t in glossary.terms_in(STATEMENT)} == {"BNB"}


def test_translate_toolkit_reads_the_project_glossary_as_loc_does(glossary):
    store = tbx.tbxfile(GLOSSARY.open("rb"))
    assert [u.source for u in store.units] == [t.text for t in glossary.terms]
    for unit, term in zip(store.units, glossary.terms, strict=True):
        assert unit.istranslatable() == term.translatable
        for lang in ("de", "fr", "es"):
            assert tuple(t.text for t in unit.get_target_terms(lang)) == term.translations(lang)
        assert tuple(n.text for n in unit.get_common_notes(source=True)) == term.notes


# --- lookups --------------------------------------------------------------------------------


def test_terms_in_prefers_the_longer_term(glossary):
    assert [t.text for t in glossary.terms_in("Binance.US and Binance")] == ["Binance.US", "Binance"]


def test_terms_in_matches_dnt_terms_exactly_and_others_in_any_case_or_plural(glossary):
    found = glossary.terms_in("The sec and SEC's Regulators filed lawsuits over Digital Assets.")
    assert [t.text for t in found] == ["SEC", "regulator", "lawsuit", "digital asset"]


def test_terms_in_does_not_match_a_different_word(glossary):
    assert glossary.terms_in("the security and regulatory clarity") == []


def test_target_falls_back_from_a_regional_code_to_the_language(glossary):
    assert glossary.target("regulator", "de_CH") == "Regulierungsbehörde"
    assert glossary.target("regulator", "de-AT") == "Regulierungsbehörde"


def test_target_of_a_dnt_term_is_the_term_and_of_an_unknown_one_is_none(glossary):
    assert glossary.target("Binance.US", "fr") == "Binance.US"
    assert glossary.target("blockchain", "fr") is None
    assert glossary.target("regulator", "ja") is None


def test_uses_approved_accepts_inflected_forms_and_alternatives(glossary):
    asset, securities, regulator = (glossary.term(t) for t in ("digital asset", "securities", "regulator"))
    assert glossary.uses_approved(asset, "mit digitalen Vermögenswerten", "de")
    assert glossary.uses_approved(securities, "den Wertpapierstatus", "de")
    assert glossary.uses_approved(regulator, "die Aufsichtsbehörden", "de")
    assert not glossary.uses_approved(asset, "mit Krypto-Assets", "de")
    assert not glossary.uses_approved(securities, "die Sicherheit", "de")


def test_uses_approved_wants_a_dnt_term_exactly_as_written(glossary):
    sec = glossary.term("SEC")
    assert glossary.uses_approved(sec, "die SEC-Klage", "de")
    assert not glossary.uses_approved(sec, "die Sec", "de")


def test_notes_for_gives_one_comment_line_per_term(glossary):
    assert glossary.notes_for("The SEC and a regulator.", "de") == [
        "glossary: SEC (do not translate) — The U.S. Securities and Exchange Commission: "
        "keep the acronym (die SEC, la SEC).",
        "glossary: regulator → Regulierungsbehörde — "
        "A public authority that supervises a market, such as the SEC.",
    ]


def test_notes_for_without_a_language_names_the_term_only(glossary):
    assert glossary.notes_for("cryptocurrency rules") == ["glossary: cryptocurrency"]
    assert glossary.notes_for("nothing here") == []


# --- reading files ---------------------------------------------------------------------------


def test_load_reads_dnt_flag_alternatives_and_notes(tmp_path):
    path = tbx_file(
        tmp_path,
        """<termEntry>
  <descrip type="definition">A note.</descrip>
  <langSet xml:lang="en"><tig><term>app</term></tig></langSet>
  <langSet xml:lang="de-DE">
    <tig><term>App</term></tig>
    <tig><term>Anwendung</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
    <tig><term>Applikation</term>
      <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
  </langSet>
</termEntry>
<termEntry>
  <descrip type="Translation needed">No</descrip>
  <langSet xml:lang="en"><tig><term>Weblate</term></tig></langSet>
</termEntry>
""",
    )
    assert load(path) == Glossary(
        (Term("app", True, {"de_DE": ("App", "Anwendung")}, ("A note.",)), Term("Weblate", False)), "en"
    )


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        ("<martif><text><body>\n<termEntry>\n</body>", 3, "not valid XML: mismatched tag"),
        ('<?xml version="1.0"?>\n<tbx/>', 2, "not a TBX glossary: the root element is <tbx>"),
        ("<martif><text><body>\n<termEntry/>\n</body></text></martif>", 2, "exactly one en term, found 0"),
        (
            "<martif><text><body>\n<termEntry>\n<langSet xml:lang='en'><tig><term>a</term></tig>"
            "<tig><term>b</term></tig></langSet></termEntry></body></text></martif>",
            2,
            "exactly one en term, found 2",
        ),
        (
            "<martif><text><body><termEntry>\n<langSet><tig/></langSet></termEntry></body></text></martif>",
            2,
            "<langSet> without xml:lang",
        ),
        (
            "<martif><text><body><termEntry>\n<langSet xml:lang='en'>\n<tig/></langSet></termEntry>"
            "</body></text></martif>",
            3,
            "<tig> without a <term>",
        ),
        (
            "<martif><text><body><termEntry>\n<descrip type='Translation needed'>maybe</descrip>"
            "</termEntry></body></text></martif>",
            2,
            "\"Translation needed\" must be Yes or No, not 'maybe'",
        ),
        (
            "<martif><text><body>"
            "\n<termEntry><langSet xml:lang='en'><tig><term>a</term></tig></langSet></termEntry>"
            "\n<termEntry><langSet xml:lang='en'><tig><term>a</term></tig></langSet></termEntry>"
            "</body></text></martif>",
            3,
            "the term 'a' is defined twice",
        ),
    ],
)
def test_load_names_file_and_line_of_a_bad_glossary(tmp_path, content, line, message):
    path = tmp_path / "bad.tbx"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LocError) as raised:
        load(path)
    assert (raised.value.path, raised.value.line) == (path, line)
    assert message in raised.value.message
    assert str(raised.value).startswith(f"{path}:{line}: ")


def test_load_reports_a_missing_file(tmp_path):
    with pytest.raises(LocError, match="cannot read the glossary"):
        load(tmp_path / "missing.tbx")
