"""Translation memory: reviewed sentences reused for new sentences that are close to them.

A new sentence whose closest reviewed sentence (in any document of the language) is at
least `memory_threshold` similar gets that translation as a fuzzy suggestion, marked
``loc: origin engine=memory model=<where it came from> score=<similarity>``, before MT
is asked. As in a merge, a match across a changed number or negation is never offered:
"Fees rose 5%" must not hand the reviewer the translation of "Fees rose 7%".

The same lookup serves a TMX import (`loc.catalog.tmx`): exact pairs first, then close ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from loc.catalog import model, notes
from loc.catalog.notes import Provenance
from loc.catalog.po import Catalog
from loc.project import Project

ENGINE = "memory"


@dataclass(frozen=True)
class Suggestion:
    """A reviewed translation offered for a new sentence."""

    text: str
    source: str  # the reviewed sentence it translates
    score: float  # similarity 0..1; 1.0 for an identical sentence
    origin: str  # where it came from: a PO file, or a TMX file's name

    @property
    def provenance(self) -> Provenance:
        """An identical sentence's translation carries no score, as in an exact reuse."""
        score = None if self.source_is_query else self.score
        return Provenance(ENGINE, self.origin, score, notes.digest(self.text))

    @property
    def source_is_query(self) -> bool:
        return self.score == 1.0


def lookup(
    queries: Iterable[str],
    pairs: Mapping[str, tuple[str, str]],
    *,
    threshold: float,
    source_lang: str,
) -> dict[str, Suggestion]:
    """The best suggestion for each query that has one: `pairs` maps a reviewed source
    sentence to (its translation, where it came from). Identical sentences score 1.0;
    others need `threshold` similarity and the same numbers and negations."""
    from rapidfuzz import fuzz

    found: dict[str, Suggestion] = {}
    rest = []
    for query in dict.fromkeys(queries):
        if query in pairs:
            text, origin = pairs[query]
            found[query] = Suggestion(text, query, 1.0, origin)
        else:
            rest.append(query)
    choices = list(pairs)
    # the merge's matcher: rapidfuzz ratio, with its number-and-negation veto
    for query, (best, _vetoed) in zip(
        rest, model.closest(rest, choices, threshold, source_lang), strict=True
    ):
        if best is not None:
            source = choices[best]
            text, origin = pairs[source]
            score = round(fuzz.ratio(query, source) / 100, 4)
            found[query] = Suggestion(text, source, score, origin)
    return found


def suggest(
    project: Project, queries: Iterable[str], memory: Mapping[str, tuple[Catalog, str]]
) -> dict[str, Suggestion]:
    """Close (not identical) reviewed sentences for `queries`, from translate's exact-match
    `memory` (msgid -> (catalog, reviewed translation)), at the project's `memory_threshold`."""
    wanted = [query for query in queries if query not in memory]
    if not wanted:  # nothing to look up: no need to list the memory
        return {}
    names = {id(found): project.relative(found.path) for found, _ in memory.values()}
    pairs = {msgid: (text, names[id(found)]) for msgid, (found, text) in memory.items()}
    return lookup(
        wanted, pairs, threshold=project.config.memory_threshold, source_lang=project.config.source_lang
    )
