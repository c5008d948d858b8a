"""English sentence segmentation: the unit of translation memory and machine translation.

Rules, not a model: segmentation must be deterministic, offline and fast on whole documents, and
its mistakes must be fixable by a rule a reader can point to. The rules follow the Pragmatic
Segmenter "Golden Rules" (see tests/data/golden_rules_en.json).

Design, for linear time: one compiled regex finds every candidate boundary (a run of terminal
punctuation, spaced ellipsis dots included, then closing quotes or brackets, then whitespace) together
with the token it is attached to. Each candidate then passes cheap vetoes that look only at that
token and at the next one (abbreviations, initials, numbers, a lowercase continuation). Numbered,
lettered and bulleted list items add boundaries of their own. No step scans the text character by
character in Python, and no pattern can backtrack beyond one token.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict

# Abbreviations are compared lowercased and without their final period. The sets are hand-picked
# from pySBD's English abbreviation list (after the Pragmatic Segmenter) for press and business text.

# Titles and name prefixes: a name always follows, so they never end a sentence.
_TITLES = frozenset(
    "mr mrs ms messrs dr prof st mt ft gen sen rep gov pres capt lt col sgt maj adm cmdr rev hon fr".split()  # noqa: SIM905
)
# More of the sentence always follows: dates, comparisons, "e.g.".
_NON_FINAL = frozenset("e.g i.e cf vs viz approx jan feb mar apr jun jul aug sep sept oct nov dec".split())  # noqa: SIM905
# Introduce a number ("p. 55", "No. 7", "N°. 12"): no boundary before a digit, an ordinary word otherwise.
_NUMBER_PREFIXES = frozenset("p pp no nos n° nº vol vols fig figs ch sec art para ref".split())  # noqa: SIM905
# Often end a sentence (company suffixes, "Jr.", "etc."): a boundary only before a sentence starter.
_MAY_END = frozenset("inc co corp ltd llc plc bros jr sr esq etc al ph.d ave blvd rd".split())  # noqa: SIM905
_ABBREVIATIONS = _TITLES | _NON_FINAL | _NUMBER_PREFIXES | _MAY_END
_TIMES = frozenset({"a.m", "p.m"})

# Words that open sentences but hardly ever continue a name after an abbreviation ("the U.S. How"
# vs "the U.S. Government"): pragmatic_segmenter's SENTENCE_STARTERS plus common press openers.
_SENTENCE_STARTERS = frozenset(
    """A After Also An And As At Being Both But By Did During Each For From He Her Here His How However I If
    In It Its Many Meanwhile Millions More Most My Neither No Not Now On Other Our She So Some Such That The
    Their Then There These They This Those Today We What When Where While Who Why With Yet You Your""".split()  # noqa: SIM905
)

_OPENERS = "\"'“‘([{«¿¡"
_BULLETS = "•‣⁃◦▪●■"

# A candidate boundary: the token (possibly empty) the punctuation is attached to, the terminal run with
# any spaced dots after it ("x. . . ."), closing quotes or brackets, then whitespace or the end.
_CANDIDATE = re.compile(r"(?<!\S)(?P<word>\S*?)(?P<run>[.!?…]+(?:\s[.!?…]+)*)[\"'”’)\]»]*(?=\s|\Z)")
_NEXT_TOKEN = re.compile(r"\s+(?=\S)[" + re.escape(_OPENERS) + r"]*(\S*)")
_LEADING_LETTERS = re.compile(r"[^\W\d_]+")
# Single letters joined by periods: "U.S", "E.U", "a.m" (the final period is the candidate's).
_ACRONYM = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
# "At 5 a.m." is only a prepositional time phrase, not a sentence, so it cannot end one.
_TIME_PHRASE = re.compile(
    r"\s*(?:(?:at|by|from|until|till|before|after|around|about|since)\s+)?\d{1,2}(?:[:.]\d\d)?\s*[ap]\.m\.",
    re.IGNORECASE,
)
_LIST_MARKER = re.compile(
    r"(?<!\S)(?P<bullet>[" + _BULLETS + r"]\s?)?(?P<label>\d{1,2}|[a-z])(?P<style>\.\)|\.|\))(?=\s)"
)
_BULLET = re.compile(r"(?<=\s)[" + _BULLETS + r"]")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) in `text` (one paragraph; it may contain single newlines from hard
    wrapping)."""
    spans = []
    start = 0
    for cut in [*_cuts(text), len(text)]:
        a, b = start, cut
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            spans.append((a, b))
        start = cut
    return spans


def split(text: str) -> list[str]:
    """The sentences of `text`, without surrounding whitespace."""
    return [text[a:b] for a, b in sentence_spans(text)]


def _cuts(text: str) -> list[int]:
    """Sorted positions where one sentence ends and the next may begin."""
    list_cuts, list_periods = _list_items(text)
    cuts: list[int] = []
    for m in _CANDIDATE.finditer(text):
        nxt = _NEXT_TOKEN.match(text, m.end())
        if nxt is None:  # the end of the text ends the last sentence anyway
            continue
        token = nxt.group(1)
        if token[:1].islower():  # "Jane and co. at the party", '"This is great." she said'
            continue
        word = m.group("word").lstrip(_OPENERS)
        run = m.group("run")
        if not word:  # ". . . ." after a space, "[...]": nothing to attach to
            if _loose_dots_end(run):
                cuts.append(m.end())
            continue
        first, *spaced = run.split(None, 1)
        rest = spaced[0] if spaced else ""
        run_start = m.start("run")
        if run_start in list_periods:
            ends = False
        elif first == ".":
            last = max(cuts[-1] if cuts else 0, _last_before(list_cuts, run_start))
            ends = _period_ends(text, word, token, last, run_start + 1)
        else:  # "?", "!!", "...", "…": terminal unless a lowercase word continues
            ends = True
        if rest:  # "compounds. . . . The": the period ends it, the spaced dots go with what follows
            if ends:
                cuts.append(run_start + len(first))
            if _loose_dots_end(rest):
                cuts.append(m.end())
        elif ends:
            cuts.append(m.end())
    return sorted({*cuts, *list_cuts})


def _period_ends(text: str, word: str, token: str, sentence_start: int, end: int) -> bool:
    """Whether `word.` ends a sentence, given the next token (which does not start lowercase)."""
    key = word.lower()
    if token[:1].isdigit():  # "p. 55", "No. 7", "Jan. 5" vs "$100.00. 5 of them"
        return not (key in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or _ACRONYM.fullmatch(word))
    if key in _TITLES or key in _NON_FINAL:
        return False
    starter = _starts_sentence(token)
    if len(word) == 1 and word.isalpha():  # an initial ("Jonas E. Smith"), or the pronoun: "you and I. Did"
        return starter or (word == "I" and not _previous_word(text, end - 1)[:1].isupper())
    if key in _MAY_END or _ACRONYM.fullmatch(word):
        if not starter:  # "the U.S. Government", "Acme Inc. Chief Executive"
            return False
        return not (key in _TIMES and _TIME_PHRASE.fullmatch(text, sentence_start, end))
    return True


def _starts_sentence(token: str) -> bool:
    """Whether `token` is a word that typically opens a sentence (or a title: "6 P.M. Mr. Smith")."""
    m = _LEADING_LETTERS.match(token)
    if m is None:
        return False
    word = m.group()
    if len(word) == 1 and token[1:2] == ".":  # another initial: "J. A. Smith"
        return False
    return word in _SENTENCE_STARTERS or (token[m.end() : m.end() + 1] == "." and word.lower() in _TITLES)


def _loose_dots_end(run: str) -> bool:
    """Whether punctuation not attached to a word ends a sentence: three dots are an omission mark."""
    return "?" in run or "!" in run or run.count(".") + 3 * run.count("…") != 3


def _previous_word(text: str, end: int) -> str:
    """The token before the one ending at `end` (looked for in a bounded window, to stay linear)."""
    words = text[max(0, end - 64) : end].split()
    return words[-2] if len(words) > 1 else ""


def _last_before(positions: list[int], pos: int) -> int:
    """The last of the sorted `positions` at or before `pos`, or 0."""
    i = bisect_right(positions, pos)
    return positions[i - 1] if i else 0


def _list_items(text: str) -> tuple[list[int], set[int]]:
    """Boundaries before list items, and the positions of list-marker periods ("1." "a." "• 9.").

    A bare marker counts only in a run 1, 2, ... or a, b, ... so that "rose 5. Profit rose 6." stays
    prose; a marker after a bullet always counts, and a bullet always starts an item.
    """
    cuts = {b.start() for b in _BULLET.finditer(text)}
    periods = set()
    runs: dict[tuple[bool, str], list[list[re.Match[str]]]] = defaultdict(list)
    for m in _LIST_MARKER.finditer(text):
        if m.group("bullet"):
            _add_items([m], cuts, periods)
            continue
        group = runs[m.group("label").isdigit(), m.group("style")]
        value = _value(m)
        if value == 1:
            group.append([m])
        elif group and _value(group[-1][-1]) == value - 1:
            group[-1].append(m)
    for group in runs.values():
        for items in group:
            if len(items) > 1:
                _add_items(items, cuts, periods)
    return sorted(cuts), periods


def _value(m: re.Match[str]) -> int:
    """A list label's rank: "3" -> 3, "c" -> 3."""
    label = m.group("label")
    return int(label) if label.isdigit() else ord(label) - ord("a") + 1


def _add_items(items: list[re.Match[str]], cuts: set[int], periods: set[int]) -> None:
    """Record a boundary before each list marker, and its period as no boundary."""
    for m in items:
        cuts.add(m.start())
        if m.group("style").startswith("."):
            periods.add(m.start("style"))
