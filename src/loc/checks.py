"""Named quality checks on translated PO entries, after translate-toolkit's pofilter.

Each check is a function ``(source, target, ctx) -> Iterator[str]`` that yields one-line
messages; its name is its stable ID in output and its docstring says what it catches.
`run` applies all of them. Severity: an *error* breaks the document or changes what it
says (a lost placeholder, tag, URL, e-mail address, number or name, a mask MT lost); a
*warning* is a reviewer's call (style, terminology, punctuation, length).

What counts as a placeholder, URL, tag or name is `loc.protect.find`, the same definition
that masks them before MT, so the checks see exactly what MT was asked to keep.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation, localcontext
from functools import lru_cache
from itertools import pairwise
from typing import Literal

import polib
from babel import Locale, UnknownLocaleError
from babel.numbers import NumberFormatError, get_group_symbol, parse_decimal

from loc import languages
from loc.catalog import notes
from loc.documents import PLACEHOLDER, Document, Segment
from loc.glossary import Glossary
from loc.protect import Span, find

Severity = Literal["error", "warning"]


Silenced = Literal["", "entry", "project"]


@dataclass(frozen=True)
class Problem:
    check: str  # the check's ID: its function name
    severity: Severity
    entry: polib.POEntry
    message: str  # one line
    # a false positive silenced by the entry's `loc-ignore:` comment or the project's
    # `ignore_checks`: reported as such, never counted
    silenced: Silenced = ""


@dataclass(frozen=True)
class Context:
    """What a check may know besides the two strings."""

    source_lang: str
    target_lang: str
    glossary: Glossary | None
    comment: str  # the entry's translator comment, where translation records lost masks
    fuzzy: bool = False  # the entry awaits review
    # text -> its protected spans and the text without them: found once per side, shared by every check
    _found: dict[str, tuple[list[Span], str]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def dnt_terms(self) -> tuple[str, ...]:
        return self.glossary.dnt_terms if self.glossary else ()

    def protected(self, text: str) -> tuple[list[Span], str]:
        """`text`'s protected spans, and `text` with each one replaced by a NUL (which no
        word or number crosses); computed once per text, whatever the number of checks."""
        found = self._found.get(text)
        if found is None:
            spans = find(text, self.dnt_terms)
            plain = text
            for span in reversed(spans):
                plain = plain[: span.start] + "\0" + plain[span.end :]
            found = self._found[text] = (spans, plain)
        return found


Check = Callable[[str, str, Context], Iterator[str]]
CHECKS: dict[str, tuple[Check, Severity]] = {}


def _check(severity: Severity) -> Callable[[Check], Check]:
    def register(function: Check) -> Check:
        CHECKS[function.__name__] = (function, severity)
        return function

    return register


def _spans(text: str, ctx: Context, *kinds: str) -> Counter[str]:
    return Counter(s.text for s in ctx.protected(text)[0] if s.kind in kinds)


def _unprotected(text: str, ctx: Context) -> str:
    return ctx.protected(text)[1]


def _compare(source: Counter[str], target: Counter[str], what: str) -> Iterator[str]:
    missing, extra = source - target, target - source
    parts = []
    if missing:
        parts.append(f"missing {what} " + ", ".join(sorted(missing.elements())))
    if extra:
        parts.append(f"{what} not in the source " + ", ".join(sorted(extra.elements())))
    if parts:
        yield "; ".join(parts)


@_check("error")
def placeholders(source: str, target: str, ctx: Context) -> Iterator[str]:
    """printf (``%s``, ``%1$d``, ``%(name)s``) and brace (``{0}``, ``{name}``) placeholders missing
    or added: the program that fills them in fails or shows the wrong value."""
    yield from _compare(
        _spans(source, ctx, "printf", "brace"), _spans(target, ctx, "printf", "brace"), "placeholder"
    )


@_check("error")
def tags(source: str, target: str, ctx: Context) -> Iterator[str]:
    """Inline markup tags (``<b>``, ``</a>``, ``<br/>``) missing, added or changed: broken markup."""
    yield from _compare(_spans(source, ctx, "tag"), _spans(target, ctx, "tag"), "tag")


@_check("error")
def urls(source: str, target: str, ctx: Context) -> Iterator[str]:
    """URLs (``https://…``, ``www.…``, ``example.com/page``) missing or changed: a dead link."""
    yield from _compare(_spans(source, ctx, "url"), _spans(target, ctx, "url"), "URL")


@_check("error")
def emails(source: str, target: str, ctx: Context) -> Iterator[str]:
    """E-mail addresses missing or changed."""
    yield from _compare(_spans(source, ctx, "email"), _spans(target, ctx, "email"), "e-mail address")


# what makes text markup in HTML or Markdown: a tag, comment or declaration (by name), a
# link, image or reference, a link reference definition; and the URL schemes that run code
# or reach local files, looked for with spaces, control characters and entities undone
_MARKUP = re.compile(r"<!--|<\?|<!\[CDATA\[|<[!/]?[A-Za-z][\w:-]*|\]\(|\]\[|!\[|^\s*\[[^\]]*\]:", re.M)
_SCHEME = re.compile(r"(?:javascript|vbscript|livescript|data|file|blob):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f\u00ad\u200b-\u200f\u2060\ufeff]+")


def _markup(text: str) -> Counter[str]:
    found = Counter(m.group().strip().lower() for m in _MARKUP.finditer(PLACEHOLDER.sub(" ", text)))
    found.update(_SCHEME.findall(_INVISIBLE.sub("", html.unescape(text)).lower()))
    return found


@_check("error")
def markup(source: str, target: str, ctx: Context) -> Iterator[str]:
    """Markup the source sentence does not have: an HTML tag or comment (``<script``,
    ``<img``, ``<!--``), a Markdown link, image or link definition (``](``, ``![``, ``[x]:``),
    or a URL scheme that runs code or reads local files (``javascript:``, ``data:``,
    ``vbscript:``, ``file:``, also written with spaces or entities). A translation is text:
    the markup it may move is the source's, as placeholders (``<g1>``, ``<x2/>``)."""
    extra = _markup(target) - _markup(source)
    if extra:
        yield "markup not in the source: " + ", ".join(sorted(extra.elements()))


_NUMBER = re.compile(
    r"\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?(?!\d)"  # 1 000 000,5: groups of three only
    r"|\d+(?:[.,'\u2019]\d+)*"
)
_SPACES = " \u00a0\u202f\u2009"


@lru_cache
def _locale(code: str) -> Locale | None:
    for candidate in (code, code.split("_")[0]):
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
    return None


def _values(number: str, locales: Iterable[Locale | None]) -> set[Decimal | str]:
    """What a number may mean: its value under each locale's conventions, and its digits as written.

    Any space may group digits (French writes U+202F, MT output a plain space)."""
    values: set[Decimal | str] = {number}
    for locale in locales:
        if locale is None:
            continue
        # Babel checks the grouping by formatting the value again, in the current decimal
        # context: its default 28 digits would fail on pi quoted to 35 places.
        with localcontext(prec=len(number) + 28):
            try:
                values.add(
                    parse_decimal(
                        re.sub(f"[{_SPACES}]", get_group_symbol(locale), number), locale, strict=True
                    )
                )
            except (NumberFormatError, InvalidOperation):
                continue
    return values


def _pair_numbers(
    wanted: list[tuple[str, set[Decimal | str]]], written: list[tuple[str, set[Decimal | str]]]
) -> list[str]:
    """Match source numbers to translation numbers, the same digits first; returns the unmatched
    source numbers and leaves the unmatched translation numbers in `written`."""
    for same_digits in (True, False):
        unmatched = []
        for number, values in wanted:
            match = next((w for w in written if (w[0] == number if same_digits else w[1] & values)), None)
            if match is None:
                unmatched.append((number, values))
            else:
                written.remove(match)
        wanted = unmatched
    return [number for number, _ in wanted]


@_check("error")
def numbers(source: str, target: str, ctx: Context) -> Iterator[str]:
    """Numbers missing, added or changed. A number may be kept as written or written the target
    locale's way (Babel's CLDR data): ``1,000.5`` may become ``1.000,5`` in German or
    ``1 000,5`` in French; a different value is reported. Numbers inside placeholders, URLs and
    names are left to their own checks."""
    source_locale, target_locale = _locale(ctx.source_lang), _locale(ctx.target_lang)
    wanted = [(n, _values(n, [source_locale])) for n in _NUMBER.findall(_unprotected(source, ctx))]
    written = [
        (n, _values(n, [target_locale, source_locale])) for n in _NUMBER.findall(_unprotected(target, ctx))
    ]
    missing = _pair_numbers(wanted, written)
    parts = []
    if missing:
        parts.append("missing number " + ", ".join(missing))
    if written:
        parts.append("number not in the source " + ", ".join(n for n, _ in written))
    if parts:
        yield "; ".join(parts)


@_check("error")
def dnt_terms(source: str, target: str, ctx: Context) -> Iterator[str]:
    """A do-not-translate term of the glossary (``SEC``, ``Binance.US``) that is not in the
    translation exactly as written: translated, inflected or dropped."""
    if ctx.glossary is None:
        return
    lost = [
        t.text
        for t in ctx.glossary.terms_in(source)
        if not t.translatable and not ctx.glossary.uses_approved(t, target, ctx.target_lang)
    ]
    if lost:
        yield "do-not-translate term missing: " + ", ".join(lost)


@_check("warning")
def glossary(source: str, target: str, ctx: Context) -> Iterator[str]:
    """A glossary term in the source whose approved translation is not in the translation
    (inflected forms count): inconsistent terminology."""
    if ctx.glossary is None:
        return
    for term in ctx.glossary.terms_in(source):
        if term.translatable and not ctx.glossary.uses_approved(term, target, ctx.target_lang):
            approved = " or ".join(repr(t) for t in term.translations(ctx.target_lang))
            yield f"{term.text!r} should be translated as {approved}"


@_check("warning")
def brackets(source: str, target: str, ctx: Context) -> Iterator[str]:
    """A different number of ``( ) [ ] { }`` (outside placeholders): an unclosed or lost bracket."""
    source, target = _unprotected(source, ctx), _unprotected(target, ctx)
    differ = [b for b in "()[]{}" if source.count(b) != target.count(b)]
    if differ:
        yield "brackets differ: " + " ".join(f"{b} {source.count(b)}→{target.count(b)}" for b in differ)


_DOUBLE_QUOTES = '"“”„‟«»「」『』\uff02'  # the last: fullwidth "


@_check("warning")
def quotes(source: str, target: str, ctx: Context) -> Iterator[str]:
    """A different number of double quotation marks, of any language's style (“…”, „…“,
    « … », 「…」): an unclosed or lost quotation. Single quotes are not counted (apostrophes)."""
    source, target = _unprotected(source, ctx), _unprotected(target, ctx)
    count_source = sum(source.count(q) for q in _DOUBLE_QUOTES)
    count_target = sum(target.count(q) for q in _DOUBLE_QUOTES)
    if count_source != count_target:
        yield f"the source has {count_source} double quotation marks, the translation {count_target}"


# CJK full stop and fullwidth ! ? : ; ; Arabic question mark; Devanagari danda
_FULL_STOPS = str.maketrans(dict(zip("\u3002\uff01\uff1f\uff1a\uff1b\u061f\u0964", ".!?:;?.", strict=True)))
_END_PUNCTUATION = ".!?:;…\u3002\uff01\uff1f\uff1a\uff1b\u061f\u0964"


def _ending(text: str) -> str:
    """The sentence punctuation a text ends with, looking past closing brackets and quotes and
    the space French puts before ``? ! : ;``; in one spelling, so ``…`` is ``...`` and ``。`` is ``.``."""
    text = text.rstrip()
    while text and (unicodedata.category(text[-1]) in ("Pe", "Pf", "Pi") or text[-1] in "\"'"):
        text = text[:-1].rstrip()
    run = re.search(rf"[{re.escape(_END_PUNCTUATION)}\s]*$", text).group()  # type: ignore[union-attr]  # matches ""
    return "".join(run.split()).translate(_FULL_STOPS).replace("…", "...")


@_check("warning")
def endpunc(source: str, target: str, ctx: Context) -> Iterator[str]:
    """The translation ends with different sentence punctuation (``.`` for ``?``, a lost ``:``)."""
    want, have = _ending(source), _ending(target)
    if want != have:
        yield f"ends with {have or 'no punctuation'!r} but the source ends with {want or 'no punctuation'!r}"


def _edge(text: str, start: bool) -> str:
    return text[: len(text) - len(text.lstrip())] if start else text[len(text.rstrip()) :]


@_check("warning")
def whitespace(source: str, target: str, ctx: Context) -> Iterator[str]:
    """Leading or trailing whitespace that differs from the source: text that runs into its
    neighbour, or a stray space, once the document is put back together."""
    for start, where in ((True, "starts"), (False, "ends")):
        if _edge(source, start) != _edge(target, start):
            have, want = _edge(target, start), _edge(source, start)
            yield f"{where} with {have!r} but the source {where} with {want!r}"


# Doubled words that are correct: "…, die die SEC…", "nous nous", "vous vous".
_VALID_DOUBLES = {"de": {"die", "der", "das"}, "fr": {"nous", "vous"}}


def _doubled(text: str) -> set[str]:
    words = re.findall(r"[^\W\d_]+|\0", text.casefold())
    return {a for a, b in pairwise(words) if a == b and a != "\0"}


@_check("warning")
def doublewords(source: str, target: str, ctx: Context) -> Iterator[str]:
    """The same word twice in a row (``the the``), a typo or an MT stutter; unless the source
    doubles it too or the language does it correctly (German ``die die``, French ``nous nous``)."""
    valid = _VALID_DOUBLES.get(ctx.target_lang.split("_")[0], set()) | _doubled(_unprotected(source, ctx))
    for word in sorted(_doubled(_unprotected(target, ctx)) - valid):
        yield f"the word {word!r} is repeated"


_LETTERS = re.compile(r"[^\W\d_]{2,}")  # a word: two letters or more, no digits


@_check("warning")
def unchanged(source: str, target: str, ctx: Context) -> Iterator[str]:
    """A translation identical to its source (ignoring case and spacing), though the source has
    words to translate: an untranslated string that looks translated. Strings made only of
    names, URLs, placeholders, numbers, capitals or version strings (`v2.11.0a2`: no word of
    two letters), and same-language pairs, are left alone."""
    if ctx.source_lang.split("_")[0] == ctx.target_lang.split("_")[0]:
        return
    words = _LETTERS.findall(_unprotected(source, ctx))
    if not any(not word.isupper() for word in words):
        return
    if " ".join(source.casefold().split()) == " ".join(target.casefold().split()):
        yield "the translation is the same as the source"


def _width(text: str) -> int:
    # a CJK character carries about as much as three Latin letters
    if not text or max(text) < "\u0378":  # Latin, and no wide (or unassigned) code point
        return len(text.strip())
    return sum(3 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text.strip())


@_check("warning")
def length(source: str, target: str, ctx: Context) -> Iterator[str]:
    """A translation under 40% or over 250% of the source's length (sources of 20 characters
    or more; CJK characters count three): MT that dropped a clause, or looped."""
    have, want = _width(target), _width(source)
    if want >= 20 and not 0.4 <= have / want <= 2.5:
        yield f"the translation is {have / want:.0%} of the source's length"


@_check("error")
def masks(source: str, target: str, ctx: Context) -> Iterator[str]:
    """What MT lost or repeated when its mask came back wrong (recorded in the translator comment
    by `notes.mask_lines`), as long as the translation still shows it. Fixing the
    translation silences it; the comment may stay."""
    source, target = " ".join(source.split()), " ".join(target.split())  # as the comment writes them
    for kind, token, original in notes.mask_records(ctx.comment):
        if kind == "missing" and target.count(original) < source.count(original):
            yield f"MT lost {original!r} (mask {token}); put it back"
        elif kind == "extra" and original and target.count(original) > source.count(original):
            yield f"MT repeated {original!r} (mask {token})"
        elif kind == "extra" and not original and token in target.replace(" ", ""):
            yield f"MT left an unknown mask {token} in the translation"


@_check("error")
def pseudo(source: str, target: str, ctx: Context) -> Iterator[str]:
    """Pseudo-engine text (⟦Ŵé…⟧) in a real language: a placeholder for testing layouts,
    never a translation; compile never publishes it."""
    origin = notes.origin_in(ctx.comment)
    pseudo_text = origin and origin.engine == "pseudo" and origin.digest == notes.digest(target)
    if pseudo_text and not languages.is_pseudo(ctx.target_lang):
        yield "pseudo-engine placeholder, not a translation; translate it (a real engine or by hand)"


@_check("error")
def conflict(source: str, target: str, ctx: Context) -> Iterator[str]:
    """Two branches translated the entry differently (`loc merge-driver` kept one, fuzzy,
    and the other in a conflict note): a person chooses; compile never publishes it.
    Clearing fuzzy resolves it."""
    other = notes.conflict_other(polib.POEntry(tcomment=ctx.comment))
    if ctx.fuzzy and other is not None:
        theirs = " | ".join(other)
        yield f"merge conflict: {target!r} (kept, fuzzy) or {theirs!r} (the other); choose, clear fuzzy"


# checks that need the document a catalog translates, run by `render_problems`
DOCUMENT_CHECKS: dict[str, Severity] = {"render": "error"}


def render_problems(
    document: Document, entries: Iterable[polib.POEntry], *, only_reviewed: bool = False
) -> list[Problem]:
    """render: a translation that cannot be put into its document, so compile would
    publish the source sentence in its place: placeholders that cross (``<g1>die
    <g2>Doku</g1></g2>``), a pair closed before it opens, a placeholder lost, doubled or
    unknown, or (Markdown) markup that would no longer parse as the source's."""
    wanted = {
        entry.msgid: entry
        for entry in entries
        if not entry.obsolete
        and entry.msgid
        and entry.msgctxt is None  # a document's segments have no context and no plural
        and not entry.msgid_plural
        and entry.msgstr
        and not (only_reviewed and entry.fuzzy)
    }
    refused: list[tuple[Segment, str]] = []
    document.render(lambda msgid: wanted[msgid].msgstr if msgid in wanted else None, refused)
    problems = []
    for segment, why in dict.fromkeys(refused):
        message = f"cannot go into {document.path}:{segment.line} ({why}); the source would be published"
        problems.append(Problem("render", "error", wanted[segment.text], message))
    return problems


def _pairs(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(source, translation) pairs: plural form 0 against msgid, the other forms against msgid_plural."""
    if entry.msgid_plural:
        forms = sorted(entry.msgstr_plural.items())
        return [(entry.msgid if n == 0 else entry.msgid_plural, text) for n, text in forms if text]
    return [(entry.msgid, entry.msgstr)] if entry.msgstr else []


Memo = dict[tuple[str, str, bool, str, str], list[tuple[str, Severity, str]]]


def run(
    entries: Iterable[polib.POEntry],
    *,
    source_lang: str,
    target_lang: str,
    glossary: Glossary | None = None,
    only_reviewed: bool = False,
    ignore: Iterable[str] = (),
    memo: Memo | None = None,
) -> list[Problem]:
    """Every problem in translated entries, entry by entry, in the order of `CHECKS`.

    Fuzzy entries (MT suggestions) are checked unless `only_reviewed`; untranslated and
    obsolete ones never are. A check the project `ignore`s, or the entry's translator
    comment names in a `loc-ignore:` line, still runs: its problems come back silenced.
    `memo` (one per source language and glossary) keeps each pair's results, so check,
    compile and review in one run check a pair once.
    """
    problems = []
    for entry in entries:
        if entry.obsolete or not entry.msgid or (only_reviewed and entry.fuzzy):
            continue
        ctx = Context(source_lang, target_lang, glossary, entry.tcomment or "", "fuzzy" in entry.flags)
        for source, target in _pairs(entry):
            key = (target_lang, ctx.comment, ctx.fuzzy, source, target)
            found = memo.get(key) if memo is not None else None
            if found is None:
                found = [
                    (name, severity, message)
                    for name, (function, severity) in CHECKS.items()
                    for message in function(source, target, ctx)
                ]
                if memo is not None:
                    memo[key] = found
            problems += [
                silenced(Problem(name, severity, entry, message), ignore) for name, severity, message in found
            ]
    return problems


# What no one may silence: each stops compile from publishing a document that would be
# wrong whatever the reviewer thinks (the source sentence in place of a translation,
# markup or a link the source did not have, pseudo text, two translations at once).
NEVER_SILENCED = frozenset({"render", "markup", "pseudo", "conflict"})


def silenced(problem: Problem, ignore: Iterable[str] = ()) -> Problem:
    """The problem, marked silenced when the entry's `loc-ignore:` comment or the project's
    `ignore` names its check: a false positive still reported, never counted."""
    if problem.check in NEVER_SILENCED:
        return problem
    if problem.check in notes.ignored_checks(problem.entry.tcomment or ""):
        return replace(problem, silenced="entry")
    if problem.check in ignore:
        return replace(problem, silenced="project")
    return problem
