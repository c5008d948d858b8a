"""Sentence segmentation in the source's language: the unit of translation memory and machine translation.

Rules, not a model: segmentation must be deterministic, offline and fast on whole documents, and
its mistakes must be fixable by a rule a reader can point to. The rules follow the Pragmatic
Segmenter "Golden Rules" (see tests/data/golden_rules_en.json) and pySBD's per-language cases
(tests/data/segment/).

One segmenter, per-language data: `_Rules` holds what differs between languages (abbreviations,
words that open sentences, quotation marks, ordinal numbers, CJK full stops); the code below it is
shared. An unknown language gets the English rules.

Design, for linear time: one compiled regex finds every candidate boundary (a run of terminal
punctuation, spaced ellipsis dots included, then closing quotes or brackets, then whitespace) together
with the token it is attached to. Each candidate then passes cheap vetoes that look only at that
token and at the next one (abbreviations, initials, numbers, a lowercase continuation). Numbered,
lettered and bulleted list items add boundaries of their own; in Chinese and Japanese, a full stop
needs no space after it. No step scans the text character by character in Python, and no pattern
can backtrack beyond one token.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


@dataclass(frozen=True)
class _Rules:
    """What one language's sentence rules need. Abbreviations are compared lowercased and without
    their final period ("z.b" for "z.B.")."""

    # Titles and name prefixes: a name always follows, so they never end a sentence.
    titles: frozenset[str]
    # More of the sentence always follows: dates, comparisons, "e.g.".
    non_final: frozenset[str]
    # Introduce a number ("p. 55", "No. 7"): no boundary before a digit, an ordinary word otherwise.
    number_prefixes: frozenset[str]
    # Often end a sentence (company suffixes, "etc."): a boundary only before a sentence starter.
    may_end: frozenset[str]
    # Words that open sentences but hardly ever continue a name after an abbreviation or initial.
    starters: frozenset[str]
    # Full months: "12. Juni" is a date where a number's period is an ordinal mark.
    months: frozenset[str] = frozenset()
    # Nouns an ordinal number qualifies ("3. Jahrhundert"): no boundary between them.
    ordinal_nouns: frozenset[str] = frozenset()
    # "6 p.m.": English time abbreviations, and the pronoun "I" (see `_period_ends`).
    english: bool = False
    opening_quotes: str = "\"'“‘«"
    closing_quotes: str = "\"'”’»"
    # Quotation or bracket pairs no boundary falls inside: «…» in Russian, 《…》 「…」 in CJK.
    pairs: str = ""
    # Chinese and Japanese: 。！？ end a sentence with no space after them.
    cjk: bool = False
    abbreviations: frozenset[str] = field(init=False)
    candidate: re.Pattern[str] = field(init=False)
    next_token: re.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # frozen: derived fields are set once, here
        set_(self, "abbreviations", self.titles | self.non_final | self.number_prefixes | self.may_end)
        closers = re.escape(self.closing_quotes + ")]")
        # French sets closing guillemets off with a space: « LL.AA.II.RR. » pour.
        spaced = r"|\s[»›](?=\s|\Z)" if "»" in self.closing_quotes else ""
        set_(
            self,
            "candidate",
            re.compile(
                rf"(?<!\S)(?P<word>\S*?)(?P<run>[.!?…]+(?:\s[.!?…]+)*)(?:[{closers}]{spaced})*(?=\s|\Z)"
            ),
        )
        # A spaced dash opens a speaker's words (– спросила мама); what follows it decides.
        openers = re.escape(self.opening_quotes + "([{¿¡")
        set_(self, "next_token", re.compile(rf"\s+(?:[–—]\s+)?(?=\S)[{openers}]*(\S*)"))


_ENGLISH = _Rules(
    # Hand-picked from pySBD's English abbreviation list (after the Pragmatic Segmenter) for press
    # and business text.
    titles=_words(
        """mr mrs ms messrs dr prof st mt ft gen sen rep gov pres capt lt col sgt maj adm cmdr rev hon
        fr"""
    ),
    non_final=_words("e.g i.e cf vs viz approx jan feb mar apr jun jul aug sep sept oct nov dec"),
    number_prefixes=_words("p pp no nos n° nº vol vols fig figs ch sec art para ref"),
    may_end=_words("inc co corp ltd llc plc bros jr sr esq etc al ph.d ave blvd rd"),
    # pragmatic_segmenter's SENTENCE_STARTERS plus common press openers ("the U.S. How" vs "the
    # U.S. Government").
    starters=_words(
        """A After Also An And As At Being Both But By Did During Each For From He Her Here His How
        However I If In It Its Many Meanwhile Millions More Most My Neither No Not Now On Other Our
        She So Some Such That The Their Then There These They This Those Today We What When Where
        While Who Why With Yet You Your"""
    ),
    english=True,
)

# The other languages: abbreviations hand-picked from pySBD's lists for each language and from
# common usage; the words a sentence typically opens with (articles, pronouns, conjunctions).
_RULES = {
    "en": _ENGLISH,
    "de": _Rules(
        titles=_words("dr prof hr fr frl dipl ing mag st sr hl"),
        non_final=_words(
            """z.b z.t z.z z.zt zt zzt u.a u.ä o.ä d.h bzw bzgl ca vgl evtl ggf sog sogen med kath ev
            ev.-luth röm i.a i.d.r u.u u.e v.a z.h s.o s.u ua allg bes eigtl einschl entspr gegr
            gem insb jhd jh max min mind urspr vorm zit jan feb febr mär apr jun jul aug sep sept
            okt nov dez mo di mi do fr sa so"""
        ),
        number_prefixes=_words("nr no nos s art abs ziff kap bd hrsg pp str tel fax ca"),
        may_end=_words("usw u.s.w etc ff f gmbh ag kg co inc ltd e.v mio mrd tsd bzw"),
        starters=_words(
            """Aber Als Am Auch Auf Aus Bei Da Dabei Dadurch Daher Damit Dann Das Dass Dein Deine Dem
            Den Der Des Dies Diese Dieser Dieses Doch Du Durch Ein Eine Einen Einer Er Es Für Heute
            Ich Ihr Im In Jedoch Man Mit Nach Nun Ob Oder So Sie Trotzdem Um Und Unser Unsere Vom
            Von Vor Was Wenn Wer Wie Wir Zu Zum Zur Die Über Allerdings Außerdem Deshalb Dort Hier
            Jetzt Laut Nachdem Seit Unter Während Zudem"""
        ),
        months=_words(
            """Januar Jänner Februar März April Mai Juni Juli August September Oktober November
            Dezember"""
        ),
        ordinal_nouns=_words(
            """Jahrhundert Jahrhunderts Jahrtausend Jahrtausends Platz Klasse Stock Stockwerk Etage Mal
            Auflage Kapitel Tag Jahrestag Geburtstag Bundesliga Liga Runde Spieltag Lebensjahr
            Quartal Halbjahr"""
        ),
        # „So“, ‚so‘ and »so«: “ and « close in German.
        opening_quotes="\"'„‚»«“",
        closing_quotes="\"'“‘«»”’",
    ),
    "fr": _Rules(
        titles=_words("m mm mme mmes mlle mlles me mgr dr pr st ste vve"),
        non_final=_words(
            """c.-à-d cf env ex p.ex i.e e.g ibid id av apr j.-c janv févr avr juil sept oct nov déc
            suiv sq sqq vs"""
        ),
        number_prefixes=_words("n° nº no p pp art chap fig vol t éd sect al tél"),
        may_end=_words("etc ltd inc cie co sa sarl"),
        starters=_words(
            """A Au Aux Ce Cela Ces Cet Cette Dans De Des Du Elle Elles En Et Il Ils Je La Le Les Leur
            Mais Nous On Or Par Pour Puis Quand Sa Se Son Ses Si Sur Tu Un Une Vous"""
        ),
    ),
    "es": _Rules(
        titles=_words(
            "sr sra srta sres dr dra lic ing arq abog prof profa gral sto sta fr mons mtro mt dña dª"
        ),
        non_final=_words(
            """admón aprox p.ej ej vs ee uu ee.uu lun mar mié jue vie sáb dom ene feb abr may jun
            jul ago sep sept oct nov dic cía"""
        ),
        number_prefixes=_words("núm no nos n° nº p pp pág págs art párr párrf cap tel ext cra vol fig km"),
        may_end=_words("etc ltda s.a cía inc min seg hs"),
        starters=_words(
            """A Al Algunos Aquí Así Con Cuando De Del Desde El Ella Ellos En Entonces Es Esta Este
            Esto Hay La Las Lo Los Mi Nosotros Para Pero Por Se Si Sin Su Sus También Un Una Y Yo"""
        ),
    ),
    "it": _Rules(
        titles=_words(
            """sig sigg sig.ra sig.na dott dott.ssa dr prof prof.ssa ing avv arch geom rag on sen dir
            amm psicol gen col cav comm mons sac sr sra st"""
        ),
        non_final=_words(
            """ad es cfr vs ca d st gen feb mar apr mag giu lug ago set ott nov dic lun mer gio
            ven sab dom econ az meteor idraul tel"""
        ),
        number_prefixes=_words("n n° nº no nr art pag pp p cap vol fig tel"),
        may_end=_words("ecc etc spa s.p.a srl s.r.l inc ltd sec"),
        starters=_words(
            """A Al Alla Che Ci Come Con Da Dal Del Della Di E È Egli Ella Gli I Il In La Le Lei Lo
            Loro Lui Ma Mi Nel Nella Noi Non Per Però Poi Questo Questa Se Si Su Un Una Uno Voi"""
        ),
    ),
    "pt": _Rules(
        titles=_words("sr sra srta dr dra prof profa eng exmo exma ilmo ilma sto sta av r pe d"),
        non_final=_words("p.ex ex aprox cf vs jan fev mar abr mai jun jul ago set out nov dez séc"),
        number_prefixes=_words("n° nº no nos p pp pág págs art cap vol fig tel séc"),
        may_end=_words("etc ltda cia s.a inc"),
        starters=_words(
            """A Ao As Até Com Como De Depois Do Da Ela Elas Ele Eles Em Então Essa Esse Esta Este Eu
            Isso Mas Na No Nós O Os Para Por Porém Se Sua Seu Também Um Uma Você"""
        ),
    ),
    "nl": _Rules(
        titles=_words("dhr mevr mw mr dr drs ir ing prof st"),
        non_final=_words(
            """bijv bv d.w.z o.a i.p.v m.b.t t.a.v z.g.a.n ca resp vgl aanw vnw jl jan feb mrt apr jun
            jul aug sep sept okt nov dec"""
        ),
        number_prefixes=_words("nr no blz p pp art hfst fig tel"),
        may_end=_words("enz etc bv nv inc ltd"),
        starters=_words(
            """Als Dan Dat De Deze Die Dit Een Er Het Hij Hoe Ik In Maar Met Na Nu Om Ook Op Toen Van
            Voor Wat We Wij Ze Zij"""
        ),
        # the apostrophe of 's Ochtends and 't Is opens a word, not a quotation
        opening_quotes='"“‘«„',
    ),
    "ru": _Rules(
        titles=_words("г-н г-жа д-р проф акад доц канд пгт ст т тов гр ул"),
        non_final=_words(
            """т.е т.к т.п т.д т.н т.о др пр см ср напр вв гг им пос обл респ жен муж куб кв ежедн янв
            фев мар апр июн июл авг сен сент окт ноя дек"""
        ),
        number_prefixes=_words("№ стр с п пп рис гл кв ул д корп тел ч"),
        may_end=_words("и.т.д и.т.п руб коп тыс млн млрд долл дол у.е"),
        starters=_words(
            """А В Вот Все Вы Да Для Если Затем И Из Их К Как Когда Кроме Мы На Не Но Она Они Оно По
            После При С Так Там Тогда Ты У Уже Это Этот Я"""
        ),
        opening_quotes="\"'«„“",
        closing_quotes="\"'»“”",
        pairs="«»",
    ),
}
_CJK = dict(
    titles=frozenset(),
    non_final=frozenset(),
    number_prefixes=frozenset(),
    may_end=frozenset(),
    starters=frozenset(),
    opening_quotes="\"'“‘「『《〈（【",
    closing_quotes="\"'”’」』》〉）】",
    pairs="「」『』《》〈〉（）【】",
    cjk=True,
)
_RULES["zh"] = _Rules(**_CJK)
_RULES["ja"] = _Rules(**_CJK)

_TIMES = frozenset({"a.m", "p.m"})
_BULLETS = "•‣⁃◦▪●■"

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
# Chinese and Japanese full stops, and the closing quotes or brackets that go with them.
_CJK_STOP = re.compile(r"[。！？]+[”’」』》〉）】\"')]*")
# Japanese quotes its speech into the sentence: 「行く。」と言った。
_QUOTE_PARTICLE = re.compile(r"[」』]\s*(?:と|って)")
_DASHED_DIGIT = re.compile(r"[-–]?\d")
# a lower-case name with a digit in it: urllib3, python3, ipv6
_CODE_NAME = re.compile(r"[a-z]+\d[\w.-]*(?=[\s,;:]|\Z)")


def rules_for(lang: str) -> _Rules:
    """The rules of a normalised language code's base language ("pt_BR" -> "pt"); English otherwise."""
    return _RULES.get(re.split(r"[_\-@.]", lang, maxsplit=1)[0].lower(), _ENGLISH)


def sentence_spans(text: str, lang: str = "en") -> list[tuple[int, int]]:
    """Sentence spans (start, end) in `text` (one paragraph; it may contain single newlines from hard
    wrapping), by the rules of the source language `lang` (a language code such as "de" or "pt_BR")."""
    spans = []
    start = 0
    for cut in [*_cuts(text, rules_for(lang)), len(text)]:
        a, b = start, cut
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            spans.append((a, b))
        start = cut
    return spans


def split(text: str, lang: str = "en") -> list[str]:
    """The sentences of `text`, without surrounding whitespace."""
    return [text[a:b] for a, b in sentence_spans(text, lang)]


def _cuts(text: str, rules: _Rules) -> list[int]:
    """Sorted positions where one sentence ends and the next may begin."""
    list_cuts, list_periods = _list_items(text)
    pairs = _pair_marks(text, rules.pairs) if rules.pairs else None
    cuts: list[int] = []
    opening = len(text) - len(text.lstrip())  # where the paragraph's first word starts
    for m in rules.candidate.finditer(text):
        nxt = rules.next_token.match(text, m.end())
        if nxt is None:  # the end of the text ends the last sentence anyway
            continue
        token = nxt.group(1)
        # "Jane and co. at the party", "consuela. / [...]"; but a code name opens a sentence
        # in lower case ("for Python. urllib3 brings")
        if (token[:1].islower() and not _CODE_NAME.match(token)) or token == "/":
            continue
        if pairs and _inside(pairs, m.end("run")):  # «К чему ты готовишься? – спросила мама. – Завтра»
            continue
        word = m.group("word").lstrip(rules.opening_quotes + "([{¿¡")
        run = m.group("run")
        if not word:  # ". . . ." after a space, "[...]": nothing to attach to
            if _loose_dots_end(run):
                cuts.append(m.end())
            continue
        first, *spaced = run.split(None, 1)
        rest = spaced[0] if spaced else ""
        run_start = m.start("run")
        if run_start in list_periods or (word.isdigit() and m.start() <= opening):
            ends = False  # a list marker, or a paragraph that opens with one: "1. Dies ist eine Liste."
        elif first == ".":
            last = max(cuts[-1] if cuts else 0, _last_before(list_cuts, run_start))
            ends = _period_ends(text, word, token, last, run_start + 1, rules)
        else:  # "?", "!!", "...", "…": terminal unless a lowercase word continues
            ends = True
        if rest:  # "compounds. . . . The": the period ends it, the spaced dots go with what follows
            if ends:
                cuts.append(run_start + len(first))
            if _loose_dots_end(rest):
                cuts.append(m.end())
        elif ends:
            cuts.append(m.end())
    if rules.cjk:
        cuts.extend(_cjk_cuts(text, pairs))
    return sorted({*cuts, *list_cuts})


def _cjk_cuts(text: str, pairs: tuple[list[int], list[int]] | None) -> list[int]:
    """Boundaries after Chinese and Japanese full stops, outside quotes and titles (《摔跤吧！爸爸》)."""
    cuts = []
    for m in _CJK_STOP.finditer(text):
        if pairs and _inside(pairs, m.start()):
            continue
        if _QUOTE_PARTICLE.match(text, m.end() - 1):
            continue
        cuts.append(m.end())
    return cuts


def _pair_marks(text: str, pairs: str) -> tuple[list[int], list[int]]:
    """Sorted positions of the opening and of the closing marks of `pairs` ("«»「」")."""
    opening, closing = set(pairs[0::2]), set(pairs[1::2])
    marks = re.finditer("[" + re.escape(pairs) + "]", text)
    opens, closes = [], []
    for m in marks:
        (opens if m.group() in opening else closes if m.group() in closing else []).append(m.start())
    return opens, closes


def _inside(pairs: tuple[list[int], list[int]], pos: int) -> bool:
    """Whether `pos` lies after an opening mark that a closing mark, later, closes."""
    opens, closes = pairs
    i = bisect_left(opens, pos)
    if not i:
        return False
    last_open = opens[i - 1]
    j = bisect_left(closes, last_open)
    return j < len(closes) and closes[j] >= pos


def _period_ends(text: str, word: str, token: str, sentence_start: int, end: int, rules: _Rules) -> bool:
    """Whether `word.` ends a sentence, given the next token (which does not start lowercase)."""
    # elided articles: "l'Avv." is "Avv."; a range of abbreviations: "Mo.–Fr." is "Fr."
    key = re.split(r"['’–/]", word.lower())[-1]
    # "am 12. Juni", "das 1. -3. Jahrhundert": a number's period marks an ordinal.
    if rules.ordinal_nouns and word.lstrip("-–").isdigit() and _ordinal_follows(token, rules):
        return False
    if token[:1].isdigit():  # "p. 55", "No. 7", "Jan. 5" vs "$100.00. 5 of them"
        initial = len(word) == 1 and word.isalpha()
        return not (key in rules.abbreviations or initial or _ACRONYM.fullmatch(word))
    if key in rules.titles or key in rules.non_final:
        return False
    starter = _starts_sentence(token, rules)
    if len(word) == 1 and word.isalpha():  # an initial ("Jonas E. Smith"), or the pronoun: "you and I. Did"
        pronoun = rules.english and word == "I" and not _previous_word(text, end - 1)[:1].isupper()
        return starter or pronoun
    if key in rules.may_end or _ACRONYM.fullmatch(word):
        if not starter:  # "the U.S. Government", "Acme Inc. Chief Executive"
            return False
        return not (rules.english and key in _TIMES and _TIME_PHRASE.fullmatch(text, sentence_start, end))
    return True


def _ordinal_follows(token: str, rules: _Rules) -> bool:
    """Whether `token` is what an ordinal qualifies: a month, a noun ("Jahrhundert"), a number."""
    word = _bare(token)
    return bool(_DASHED_DIGIT.match(token)) or word in rules.months or word in rules.ordinal_nouns


def _bare(token: str) -> str:
    """A token without trailing punctuation: "Juni?" -> "Juni"."""
    m = _LEADING_LETTERS.match(token)
    return m.group() if m else ""


def _starts_sentence(token: str, rules: _Rules) -> bool:
    """Whether `token` is a word that typically opens a sentence (or a title: "6 P.M. Mr. Smith")."""
    m = _LEADING_LETTERS.match(token)
    if m is None:
        return False
    word = m.group()
    if len(word) == 1 and token[1:2] == ".":  # another initial: "J. A. Smith"
        return False
    return word in rules.starters or (token[m.end() : m.end() + 1] == "." and word.lower() in rules.titles)


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
