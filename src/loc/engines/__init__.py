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
