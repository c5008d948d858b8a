"""What machine translation must not touch: found, masked before MT, restored after.

`find` is the one definition of "protected" in loc: URLs, e-mail addresses, printf and
brace placeholders, inline markup tags and the project's do-not-translate terms. The
pseudo engine skips these spans and the checks compare them between source and translation.

`mask` swaps each protected span for a token such as ``XZ0X``: uppercase ASCII letters
and digits, which every SentencePiece vocabulary of a real Argos model holds as pieces and
which NMT models copy through like a product code. Brackets, underscores or private-use
characters are often missing from those vocabularies and come back as ``⁇`` or not at all.
The closing ``X`` keeps a token apart from a digit that follows it (``XZ1X5``).

`restore` puts the originals back. It accepts the spacing a tokenizer adds inside a token
or next to it, but never guesses: a token that came back missing, twice or unrecognisable
is reported by name, and the machine output is kept as it is around it.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

# Tokens as restore() recognises them: as mask() writes them, or with a space a tokenizer
# put between the parts; with the spaces around them.
_TOKEN_IN_OUTPUT = re.compile(r"( ?)X ?Z ?(\d+) ?X( ?)")
# Source text that could pass for a token, or for the start of one that a following token
# would complete ("XZ 1" + "XZ0X" reads as "XZ 1X"), is protected itself.
_TOKEN_LIKE = re.compile(r"X ?Z ?\d+(?: ?X)?")

_TLDS = (
    "com|org|net|edu|gov|mil|int|info|biz|io|ai|app|dev|co|me|tv|us|uk|eu|de|fr|es|it|nl|be|ch|at"
    "|pt|pl|se|no|dk|fi|ie|ca|au|nz|jp|cn|kr|in|br|mx|ar|ru|za|sg|hk|tw"
)
_URL_TAIL = r"[^\s<>\"]*"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("mask", _TOKEN_LIKE),
    ("url", re.compile(rf"(?:https?|ftp)://{_URL_TAIL}|www\.[^\s<>\"]+", re.I)),
    ("email", re.compile(r"[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}")),
    (
        "url",  # a bare domain, with an optional path: example.com/path.html (not Binance.US)
        re.compile(
            rf"(?<![\w@.-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+(?:{_TLDS})\b(?:/{_URL_TAIL})?"
        ),
    ),
    (
        "printf",  # %s %d %5.2f %1$s %(name)s; not "50% off" (no space flag)
        re.compile(
            r"%(?:\d+\$|\([A-Za-z_]\w*\))?[-+#0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|z|j|t)?"
            r"[diouxXeEfFgGaAcsp@]"
        ),
    ),
    ("brace", re.compile(r"\{(?:\d+|[A-Za-z_]\w*(?:\.\w+|\[\w+\])*)?(?:![rsa])?(?::[^{}\s]*)?\}")),
    (
        "tag",
        re.compile(
            r"</?[A-Za-z][\w:-]*(?:\s+[A-Za-z_:][\w:.-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'<>=`]+))?)*"
            r"\s*/?>"
        ),
    ),
)
# GitHub's trailing punctuation for autolinks, with quotes and ";" (sentence punctuation)
_URL_TRAILING = ".,;:!?*_~'\""
_URL_BRACKETS = {")": "(", "]": "[", "}": "{"}
_URL_ENTITY = re.compile(r"&[^\W_]+;")  # "&amp;" after a URL in HTML-ish text
_URL_PREFIX = re.compile(r"(?:(?:https?|ftp)://|www\.)", re.I)
# Unicode punctuation a URL writes percent-encoded, so it ends the URL: brackets and quotes
# (the pseudo engine's ⟦⟧, 「」, « »), CJK full stops and commas. Dashes and connectors stay.
_URL_STOP = "Ps", "Pe", "Pi", "Pf", "Po"


@dataclass(frozen=True)
class Span:
    """One protected piece of a text: `text[start:end]`, and what kind it is."""

    kind: str  # "url", "email", "printf", "brace", "tag", "term" or "mask"
    start: int
    end: int
    text: str


def _trim_url(text: str) -> str:
    """Where a URL ends, as GitHub's autolinks and linkify-it end it: before Unicode
    punctuation, and without the sentence punctuation, the ``&amp;`` or the closing bracket
    it does not open that follow it. Balanced brackets are kept (``…/wiki/Mercury_(planet)``).
    Empty when nothing is left after the scheme or ``www.``."""
    prefix = _URL_PREFIX.match(text)
    for i, c in enumerate(text):
        if ord(c) > 127 and unicodedata.category(c) in _URL_STOP:
            text = text[:i]
            break
    while text:
        last, amp = text[-1], text.rfind("&")
        if last == ";" and amp >= 0 and _URL_ENTITY.fullmatch(text, amp):
            text = text[:amp]
        elif last in _URL_TRAILING or (
            last in _URL_BRACKETS and text.count(_URL_BRACKETS[last]) < text.count(last)
        ):
            text = text[:-1]
        else:
            break
    return "" if prefix and len(text) <= prefix.end() else text


@lru_cache(maxsize=8)
def _term_pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """Built once per glossary: `find` runs for every string of every catalog."""
    unique = sorted({t for t in terms if t}, key=lambda t: (-len(t), t))
    if not unique:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in unique) + r")(?!\w)")


def find(text: str, terms: Iterable[str] = ()) -> list[Span]:
    """Every protected span of `text`, left to right; where two overlap the longer one wins.

    `terms` are do-not-translate terms: whole words, case-sensitive, longest first
    (``Binance.US`` before ``Binance``). Text that looks like a mask token is protected
    whole, and no other span reaches into it: masking masked text changes
    nothing, so an e-mail address written in pieces (``nas<span>@</span>debian``) cannot
    take half a token with it.
    """
    tokens = [Span("mask", m.start(), m.end(), m.group()) for m in _TOKEN_LIKE.finditer(text)]
    found: list[Span] = list(tokens)
    patterns = list(_PATTERNS[1:])
    term_pattern = _term_pattern(tuple(terms))
    if term_pattern:
        patterns.append(("term", term_pattern))
    token_ends = [token.end for token in tokens]
    for kind, pattern in patterns:
        for m in pattern.finditer(text):
            matched = _trim_url(m.group()) if kind == "url" else m.group()
            end = m.start() + len(matched)
            # nothing may reach into a token: masked text then masks to itself
            if matched and not _reaches_into(tokens, token_ends, m.start(), end):
                found.append(Span(kind, m.start(), end, matched))
    found.sort(key=lambda s: (s.start, -(s.end - s.start)))
    spans: list[Span] = []
    for span in found:
        if not spans or span.start >= spans[-1].end:
            spans.append(span)
    return spans


def _reaches_into(tokens: list[Span], ends: list[int], start: int, end: int) -> bool:
    """Whether text[start:end] shares a character with a token (tokens in order)."""
    i = bisect.bisect_right(ends, start)
    return i < len(tokens) and tokens[i].start < end


@dataclass(frozen=True)
class Mask:
    token: str
    original: str
    # the source had a letter or digit right against the token on that side (`<b>word</b>`)
    glued_left: bool
    glued_right: bool


@dataclass(frozen=True)
class Masked:
    """Text ready for MT, and what each of its tokens stands for."""

    text: str
    masks: tuple[Mask, ...]

    @property
    def originals(self) -> dict[str, str]:
        return {m.token: m.original for m in self.masks}


def _original_of(originals: dict[str, str], token: re.Match[str]) -> str:
    """A token of an earlier pass back as the text it stood for (unknown ones stay)."""
    return originals.get(token.group(), token.group())


def mask(text: str, terms: Iterable[str] = ()) -> Masked:
    """Replace each protected span of `text` with a token; spans that touch share one token.

    Merging ``<b>Binance</b>`` into a single token leaves the model less to keep in order.
    Masking is idempotent: text that masking uncovers (a URL that a longer span hid, next
    to a token) is masked too, until masking the result changes nothing, so whatever reads
    the masked text (the pseudo engine, a second pass) finds exactly its tokens.
    """
    terms = tuple(terms)
    masked = _mask_once(text, terms)
    while masked.masks:  # text with nothing protected masks to itself
        again = _mask_once(masked.text, terms)
        if again.text == masked.text:
            return masked
        before = masked.originals
        masks = tuple(
            Mask(
                m.token,
                _EXACT_TOKEN.sub(functools.partial(_original_of, before), m.original),
                m.glued_left,
                m.glued_right,
            )
            for m in again.masks
        )
        masked = Masked(again.text, masks)
    return masked


_EXACT_TOKEN = re.compile(r"XZ\d+X")


def _mask_once(text: str, terms: Iterable[str]) -> Masked:
    groups: list[list[int]] = []  # [start, end] of runs of touching spans
    for span in find(text, terms):
        if groups and groups[-1][1] == span.start:
            groups[-1][1] = span.end
        else:
            groups.append([span.start, span.end])
    parts: list[str] = []
    masks: list[Mask] = []
    last = 0
    for number, (start, end) in enumerate(groups):
        token = f"XZ{number}X"
        masks.append(
            Mask(
                token,
                text[start:end],
                start > 0 and text[start - 1].isalnum(),
                end < len(text) and text[end].isalnum(),
            )
        )
        parts += [text[last:start], token]
        last = end
    parts.append(text[last:])
    return Masked("".join(parts), tuple(masks))


@dataclass(frozen=True)
class MaskProblem:
    """A token that did not come back exactly once from MT."""

    kind: Literal["missing", "extra"]
    token: str
    original: str | None  # None: a token mask() never wrote

    def __str__(self) -> str:
        if self.kind == "missing":
            return f"mask {self.token} ({self.original}) is missing from the machine translation"
        if self.original is None:
            return f"the machine translation has an unknown mask {self.token}"
        return f"mask {self.token} ({self.original}) appears more than once in the machine translation"


@dataclass(frozen=True)
class Restored:
    text: str
    problems: tuple[MaskProblem, ...]


def restore(output: str, masked: Masked) -> Restored:
    """Put the originals back into the MT output of `masked.text`.

    A space the tokenizer put between a token and a word it was glued to in the source is
    removed again (``XZ0X Hallo XZ1X`` -> ``<b>Hallo</b>``); a dropped space is not added
    back, since languages written without spaces make that a guess.
    """
    by_token = {m.token: m for m in masked.masks}
    seen: Counter[str] = Counter()
    unknown: list[str] = []

    def put_back(m: re.Match[str]) -> str:
        lead, token, trail = m.group(1), f"XZ{m.group(2)}X", m.group(3)
        known = by_token.get(token)
        if known is None:
            unknown.append(token)
            return m.group()
        seen[token] += 1
        before = m.string[m.start() - 1] if m.start() > 0 else ""
        after = m.string[m.end()] if m.end() < len(m.string) else ""
        if known.glued_left and before.isalnum():
            lead = ""
        if known.glued_right and after.isalnum():
            trail = ""
        return lead + known.original + trail

    text = _TOKEN_IN_OUTPUT.sub(put_back, output)
    problems = [MaskProblem("missing", m.token, m.original) for m in masked.masks if not seen[m.token]]
    problems += [MaskProblem("extra", m.token, m.original) for m in masked.masks if seen[m.token] > 1]
    problems += [MaskProblem("extra", token, None) for token in dict.fromkeys(unknown)]
    return Restored(text, tuple(problems))
