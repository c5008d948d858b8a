"""Language codes: validated with Babel's CLDR data, written the way gettext names folders."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from loc.errors import LocError

# Pseudo-locales (Android's en-XA; Windows' qps-ploc): real folders and catalogs, fake language.
PSEUDO_LOCALES = frozenset({"en_XA", "qps_ploc"})
DEFAULT_PSEUDO = "en_XA"


def normalize(code: str, where: str | None = None) -> str:
    """`pt-BR`, `pt_br` -> `pt_BR`; an unknown or malformed code is a LocError that
    names `where` it came from (the settings file)."""
    cleaned = code.strip().replace("-", "_")
    pseudo = {p.lower(): p for p in PSEUDO_LOCALES}
    if cleaned.lower() in pseudo:
        return pseudo[cleaned.lower()]
    parts = cleaned.split("_")
    if parts and parts[0]:
        parts[0] = parts[0].lower()
    if len(parts) > 1 and len(parts[-1]) == 2:
        parts[-1] = parts[-1].upper()
    try:
        return str(Locale.parse("_".join(parts)))
    except (UnknownLocaleError, ValueError, TypeError):
        raise LocError(
            f"unknown language code {code!r}; use an ISO 639 code such as de, fr, pt_BR", where
        ) from None


def is_pseudo(code: str) -> bool:
    return code in PSEUDO_LOCALES


def base_language(code: str) -> str:
    """The language the pseudo-locale imitates (its plural rules, its MT source)."""
    return "en" if is_pseudo(code) else code


def plural_forms(code: str) -> str:
    return get_plural(base_language(code)).plural_forms


def display_name(code: str) -> str:
    if is_pseudo(code):
        return "Pseudo-locale"
    return Locale.parse(code).english_name or code
