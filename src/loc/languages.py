"""Language codes: validated with Babel's CLDR data, written the way gettext names folders."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from loc.errors import LocError

# Pseudo-locales (Android's en-XA; Windows' qps-ploc): real folders and catalogs, fake language.
PSEUDO_LOCALES = frozenset({"en_XA", "qps_ploc"})
DEFAULT_PSEUDO = "en_XA"
_NO_LANGUAGE = frozenset({"C", "POSIX"})  # what setlocale calls the untranslated default


def normalize(code: str, where: Path | str | None = None) -> str:
    """`pt-BR`, `pt_br`, `pt_BR.UTF-8` -> `pt_BR`, the name gettext looks up at run time
    (and so the catalog folder's): spelt as given, never expanded (`zh_TW` stays `zh_TW`,
    `sr@latin` keeps its modifier). An unknown or malformed code, or `C`/`POSIX` (no
    language: gettext translates nothing there), is a LocError naming `where` it came from."""
    from babel import Locale, UnknownLocaleError  # start-up: CLDR's data loads with the first code to check
    from babel.core import parse_locale

    cleaned = code.strip().replace("-", "_")
    pseudo = {p.lower(): p for p in PSEUDO_LOCALES}
    if cleaned.lower() in pseudo:
        return pseudo[cleaned.lower()]
    try:
        lang, territory, script, variant, *modifier = parse_locale(cleaned)
        if lang.upper() in _NO_LANGUAGE or not all(m and m.isascii() and m.isalnum() for m in modifier):
            raise ValueError(cleaned)  # a modifier is a word (latin, euro), never a path
        Locale.parse(cleaned)  # known to CLDR
    except (UnknownLocaleError, ValueError, TypeError):
        raise LocError(
            f"unknown language code {code!r}; use an ISO 639 code such as de, fr, pt_BR", where
        ) from None
    name = "_".join(part for part in (lang, script, territory, variant) if part)
    return name + "".join(f"@{m}" for m in modifier)


def from_folder(name: str, where: Path | str) -> str | None:
    """The language of a catalog folder: its name when gettext would look it up so; None
    when the name is no language (`templates`, `C`): not loc's folder, left alone. A
    language spelt otherwise (`pt-BR`, `de_DE.UTF-8`) is a LocError with the rename: gettext
    would never load its catalogs, and loc would start a second folder beside it."""
    try:
        code = normalize(name)
    except LocError:
        return None
    if code != name:
        raise LocError(f"gettext looks this language up as {code}; rename it to {code}", where)
    return code


def is_pseudo(code: str) -> bool:
    return code in PSEUDO_LOCALES


def base_language(code: str) -> str:
    """The language the pseudo-locale imitates (its plural rules, its MT source)."""
    return "en" if is_pseudo(code) else code


_ONE = "nplurals=1; plural=0;"
_NOT_ONE = "nplurals=2; plural=(n != 1);"
_ABOVE_ONE = "nplurals=2; plural=(n > 1);"
_SLAVIC = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
)
_CZECH = "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;"
# What GNU msginit writes (its plural table, gettext 0.21), so that a catalog loc starts
# has the header a translator's msginit would give it: Italian has 2 forms there, where
# CLDR (Babel) has 3. Other languages take CLDR's rule, where msginit has none.
GETTEXT_PLURALS = {
    **dict.fromkeys(("ja", "ko", "vi"), _ONE),
    **dict.fromkeys(
        ("bg", "da", "de", "el", "en", "eo", "es", "et", "fi", "fo", "he", "hu", "it", "nb", "nl", "nn"),
        _NOT_ONE,
    ),
    **dict.fromkeys(("no", "pt", "sv", "tr"), _NOT_ONE),
    **dict.fromkeys(("fr", "pt_BR"), _ABOVE_ONE),
    **dict.fromkeys(("be", "hr", "ru", "sr", "uk"), _SLAVIC),
    **dict.fromkeys(("cs", "sk"), _CZECH),
    "ga": "nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;",
    "lt": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "lv": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);",
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "ro": "nplurals=3; plural=n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2;",
    "sl": "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);",
}


def plural_forms(code: str) -> str:
    """The Plural-Forms header for a new catalog: gettext's convention (msginit's table),
    then CLDR's for the languages msginit does not know."""
    base = base_language(code)
    language = base.split("@")[0].split("_")[0]
    territory = "_".join(part for part in base.split("@")[0].split("_")[1:] if len(part) == 2)
    for key in (f"{language}_{territory}" if territory else "", language):
        if key in GETTEXT_PLURALS:
            return GETTEXT_PLURALS[key]
    from babel.messages.plurals import get_plural  # start-up: with the first code to check

    return get_plural(base).plural_forms


def same_language(first: str, second: str) -> bool:
    """Two codes of one language (`de` and `de_DE`, `pt` and `pt_BR`); pseudo-locales never."""
    if is_pseudo(first) or is_pseudo(second):
        return False
    return first.split("_")[0].split("@")[0] == second.split("_")[0].split("@")[0]


# ISO 639-3 names of the languages Debian's Apertium pairs translate (Apertium names most
# pairs in 639-3, older ones in 639-1: eng-spa, en-gl); "hbs" is Serbo-Croatian as a whole.
_ISO639_3 = {
    "af": "afr", "an": "arg", "ast": "ast", "be": "bel", "bg": "bul", "br": "bre", "ca": "cat",
    "cy": "cym", "da": "dan", "de": "deu", "en": "eng", "eo": "epo", "es": "spa", "eu": "eus",
    "fr": "fra", "frp": "frp", "gl": "glg", "hbs": "hbs", "id": "ind", "is": "isl", "it": "ita",
    "mk": "mkd", "ms": "zlm", "nb": "nob", "nl": "nld", "nn": "nno", "no": "nor", "oc": "oci",
    "pl": "pol", "pt": "por", "ro": "ron", "ru": "rus", "sc": "srd", "sl": "slv", "sv": "swe",
    "szl": "szl", "uk": "ukr",
}  # fmt: skip
_FROM_ISO639_3 = {three: two for two, three in _ISO639_3.items()}


def iso639_3(code: str) -> str | None:
    """`es` -> `spa`, `pt_BR` -> `por`: the code Apertium names a pair with, when known."""
    return _ISO639_3.get(code.split("_")[0])


def from_iso639_3(code: str, region: str | None = None) -> str | None:
    """An Apertium mode's language (`spa`, or `en` in older pairs) as loc's code, with the
    mode's region (`eng_US` -> `en_US`); None for a language loc does not know."""
    base = _FROM_ISO639_3.get(code) or (code if code in _ISO639_3 else None)
    if base is None:
        return None
    return f"{base}_{region}" if region else base


def display_name(code: str) -> str:
    if is_pseudo(code):
        return "Pseudo-locale"
    from babel import Locale  # start-up: with the first code to check

    return Locale.parse(code).english_name or code


def closest(code: str, available: Iterable[str]) -> str | None:
    """The language of `available` that a CAT tool's code means: itself, else the only
    one of the same language (`de_DE` -> `de`, `pt` -> `pt_BR`); None when none or several
    fit. CAT tools write a territory (de-DE, en-US) where a project may have none."""
    available = list(available)
    if code in available:
        return code
    same = [other for other in available if not is_pseudo(other) and _language(other) == _language(code)]
    return same[0] if len(same) == 1 else None


def _language(code: str) -> str:
    return code.split("@")[0].split("_")[0].lower()
