"""The `pseudo` engine: fake translations that show what real ones will break, without a model.

``We are disappointed.`` becomes ``⟦Ŵé ááŕé ďííšáṕṕóóíñţééď.⟧``: every letter
accented (encoding and font problems show), about 30% longer (layouts that only fit English
show) and bracketed (a truncated string has lost its ``⟧``). The brackets are ``⟦⟧`` rather
than ``[]`` so that the brackets check does not count them. Whatever `loc.protect.find`
protects (placeholders, URLs, e-mail addresses, tags, do-not-translate terms, mask tokens)
is copied byte for byte, so pseudo catalogs also test that those survive the pipeline.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from loc.engines import Translation
from loc.protect import find

# One accented form per letter, so output stays readable and deterministic.
_ACCENTS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "áḃçďéḟĝĥíĵķĺḿñóṕɋŕšţúṽŵẋýžÁḂÇĎÉḞĜĤÍĴĶĹḾÑÓṔɊŔŠŢÚṼŴẊÝŽ",
)
_VOWELS = frozenset("aeiouyAEIOUY")
EXPANSION = 0.3


def pseudolocalize(text: str, terms: Iterable[str] = ()) -> str:
    """Accent, lengthen by ~30% (doubled vowels, spread evenly) and bracket `text`.

    The 30% is of the translatable characters (protected spans do not grow in a real
    translation either), and the brackets count towards it: a short string grows by its
    brackets alone.
    """
    body = text.strip()
    if not body:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    spans = find(body, terms)
    free = [True] * len(body)
    for span in spans:
        free[span.start : span.end] = [False] * (span.end - span.start)
    vowels = [i for i, c in enumerate(body) if free[i] and c in _VOWELS]
    extra = max(0, round(sum(free) * EXPANSION) - 2)
    # vowel n gets floor((n+1)*extra/len) - floor(n*extra/len) more copies: an even spread
    copies = {v: (n + 1) * extra // len(vowels) - n * extra // len(vowels) for n, v in enumerate(vowels)}
    out = []
    for i, c in enumerate(body):
        if free[i]:
            c = c.translate(_ACCENTS)
        out.append(c * (1 + copies.get(i, 0)))
    return f"{lead}⟦{''.join(out)}⟧{trail}"


class PseudoEngine:
    """Engine protocol over `pseudolocalize`; `terms` are the glossary's do-not-translate terms."""

    name = "pseudo"
    model = ""

    def __init__(self, terms: Iterable[str] = ()):
        self.terms = tuple(terms)

    def translate(self, texts: Sequence[str]) -> list[Translation]:
        return [Translation(pseudolocalize(text, self.terms)) for text in texts]
