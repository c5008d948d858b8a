"""Translation engines behind one small interface: a batch of strings in, translations out.

An engine knows nothing of PO files, masks or whitespace: `loc.translate` hands it
clean sentence strings and writes the results back with their provenance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from loc.errors import LocError

# the warning an engine gives for words it does not know: "unknown-words=lawsuit,dialogue"
UNKNOWN_WORDS = "unknown-words="
# what `engine` (and a per-language `engines` entry) may name; "auto" picks per language
NAMES = ("auto", "argos", "apertium", "pseudo")


class ModelMissing(LocError):
    """No installed engine translates the pair; `install_hint` says, in one line, what to
    install for it (an Argos model file, a Debian Apertium package)."""

    def __init__(self, message: str, install_hint: str):
        super().__init__(message)
        self.install_hint = install_hint


@dataclass(frozen=True)
class Translation:
    text: str
    # length-normalised log-probability of the output; None for engines without a model
    score: float | None = None
    # what the engine itself doubts, for the reviewer: "unknown-words=lawsuit" (Apertium)
    warnings: tuple[str, ...] = ()


class Engine(Protocol):
    name: str  # "argos", "apertium", "pseudo": the engine= in each suggestion's provenance

    @property
    def model(self) -> str:
        """What produced the output, e.g. "translate-en_de 1.9" (or "" for rule-based engines)."""
        ...

    def translate(self, texts: Sequence[str]) -> list[Translation]:
        """One translation per input string, in order."""
        ...


def create(
    name: str,
    source_lang: str,
    target_lang: str,
    *,
    terms: Sequence[str] = (),
    beam_size: int = 4,
) -> Engine:
    """The engine called `name` for a language pair. No side effects: nothing is
    installed (that is `engines.argos.packages`) and no model is loaded until it translates."""
    if name == "pseudo":
        from loc.engines.pseudo import PseudoEngine

        return PseudoEngine(terms)
    if name == "argos":
        from loc.engines.argos import ArgosEngine

        return ArgosEngine(source_lang, target_lang, beam_size=beam_size)
    if name == "apertium":
        from loc.engines.apertium import ApertiumEngine

        return ApertiumEngine(source_lang, target_lang)
    raise LocError(f"unknown engine {name!r}; choose one of {', '.join(NAMES)}")


@dataclass(frozen=True)
class Offer:
    """One translation direction an engine has here: installed, or offered by the Argos index."""

    engine: str  # "argos" or "apertium"
    source: str
    target: str
    model: str  # the Argos package or the Debian package
    version: str
    status: str  # "installed" or "available"


def offers(*, index: bool = True) -> tuple[list[Offer], str]:
    """Every installed Argos model and Apertium pair, and (with `index`) what the Argos index
    offers besides; the second value says why the index could not be asked ("" if it was)."""
    from loc.engines import apertium
    from loc.engines.argos import packages

    found = [
        Offer("argos", m.from_code, m.to_code, m.name, m.version, "installed") for m in packages.installed()
    ]
    found += [
        Offer("apertium", p.source, p.target, p.package or f"apertium {p.mode}", p.version, "installed")
        for p in apertium.installed()
    ]
    note = ""
    if index:
        try:
            offered = packages.available()
        except LocError as error:
            note = f"Argos index not reachable: {error.message.split(';')[0]}"
        else:
            have = {(o.source, o.target, o.version) for o in found if o.engine == "argos"}
            found += [
                Offer("argos", m.from_code, m.to_code, m.name, m.version, "available")
                for m in offered
                if (m.from_code, m.to_code, m.version) not in have
            ]
    return found, note
