"""Translation engines behind one small interface: a batch of strings in, translations out.

An engine knows nothing of PO files, masks or whitespace: `loc.translate` hands it
clean sentence strings and writes the results back with their provenance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Translation:
    text: str
    # length-normalised log-probability of the output; None for engines without a model
    score: float | None = None


class Engine(Protocol):
    name: str  # "argos", "pseudo": the engine= in each suggestion's provenance

    @property
    def model(self) -> str:
        """What produced the output, e.g. "translate-en_de 1.9" (or "" for rule-based engines)."""
        ...

    def translate(self, texts: Sequence[str]) -> list[Translation]:
        """One translation per input string, in order."""
        ...


NAMES = ("argos", "pseudo")  # what `engine` may name; `create` makes each


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
    from loc.errors import LocError

    raise LocError(f"unknown engine {name!r}; choose {' or '.join(NAMES)}")
