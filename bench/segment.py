"""Compare loc.segment with pySBD and sentencex: per-language accuracy, and English speed.

Run: .venv/bin/python bench/segment.py

Accuracy: cases passed / total, per language. English: the Golden Rules (tests/data/golden_rules_en.json);
the others: pySBD's own test cases (tests/data/segment/; pt is loc's own cases, as pySBD has none). A case
passes when the sentences equal pySBD's expectation exactly (loc's deliberate differences count as failures).
pySBD runs each case as its tests do (clean=True, doc_type="pdf" where the case says so); loc and sentencex
get a clean or pdf case's page one paragraph (blank-line separated) at a time, with hard-wrapped lines
read as one line.

Speed: loc and pySBD run in this process over the same English corpus. Every paragraph of the corpus is
distinct (each copy gets its own dateline and redrawn numbers), so no cache could help either side.

Scaling: loc on one paragraph of `<digits>.` sentences ("Sales rose in 1999."), small and 9 times larger;
the ratio of the time per character, large against small, is about 1 when segmentation is linear (it was
quadratic in such tokens, and the ratio then near 9).
"""

from __future__ import annotations

import json
import random
import re
import time
from pathlib import Path

import pysbd
import sentencex

from loc.segment import split

ROOT = Path(__file__).resolve().parent.parent
TARGET_SENTENCES = 6000
REPEATS = 3

CITIES = ["NEW YORK", "LONDON", "WASHINGTON", "BRUSSELS", "SINGAPORE", "FRANKFURT", "TOKYO", "PARIS"]
MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
PRESS = [
    "Acme Corp. said on Tuesday that revenue rose 12.5% to $4.2 billion in the quarter ended Sept. 30. "
    "Chief Executive Jane K. Doe told analysts the U.S. market remained strong. Shares rose 3% to $101.25 "
    "in early trading on the Nasdaq. The company expects earnings of $1.10 to $1.15 a share next quarter.",
    "The meeting starts at 10 a.m. on Monday in Washington, D.C. Officials from the E.U. and the U.S. will "
    'attend. "We expect progress," Sen. Maria Lopez said. "Nothing is agreed until everything is agreed." '
    "The talks are due to end on Oct. 14.",
    "Dr. Alan Wu, a professor at St. Mary's University, led the study. It followed 1,200 patients for "
    "5 years. The results, published in Vol. 12 of the journal (see p. 45), were mixed. Some patients "
    "improved... Others did not. Further trials are planned for 2025.",
    "Investors can find the filing at www.example.com/investors/report.html or write to ir@example.com. "
    "The board meets on Jan. 8. It will vote on a dividend of $0.42 per share. Analysts at Smith & Co. "
    "expect approval. What happens next is less clear.",
    "Mr. Brown joined the firm in 1998 as an analyst. He became chief financial officer in 2010 and "
    "president in 2016. Before that he worked at Jones Bros. in New York. He holds a Ph.D. in economics. "
    "Colleagues describe him as careful, e.g. in his handling of the 2008 crisis.",
    "Prices fell 2.3% in March, the statistics office said. Food costs dropped the most! Energy prices "
    "were flat. Economists had forecast a decline of 1.9%. Is the worst over? Not yet, according to "
    "most forecasters.",
    "The plan has three parts: 1. cut costs by $300 million 2. sell the retail unit 3. buy back shares. "
    "Unions oppose the first part. Talks resume at 9 a.m. Thursday. A strike remains possible.",
    "Binance.US said user funds are safe. The exchange, which is separate from Binance, handles about "
    "$2.1 billion in assets. The SEC declined to comment. Its lawsuit names 13 tokens as securities. "
    "Lawyers for the company said they would fight the case vs. the agency in court.",
    "The storm hit the coast at about 4 a.m. local time. Winds reached 180 km/h. More than 60,000 homes "
    "lost power. Gov. Ellen Park declared an emergency. Schools will stay closed until Wednesday. Crews "
    "are working around the clock.",
    "The deal values the company at $7.8 billion, or $54.00 a share. That is a premium of 31% to Friday's "
    "close. The transaction is expected to close in the first half of 2024, subject to approval. Advisers "
    "include Lazard Ltd. and Goldman Sachs Group Inc. Neither would comment.",
]


def main() -> None:
    _accuracy_table()
    print()
    _speed()
    print()
    _scaling()


def _accuracy_table() -> None:
    """Per language: cases passed / total for loc, pySBD and sentencex."""
    golden = json.loads((ROOT / "tests" / "data" / "golden_rules_en.json").read_text(encoding="utf-8"))[
        "rules"
    ]
    suites = [("en", [{"text": r["text"], "sentences": r["sentences"], "clean": "default"} for r in golden])]
    for path in sorted((ROOT / "tests" / "data" / "segment").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        suites.append((data["language"], data["cases"]))
    tools = {"loc": _loc, "pySBD": _pysbd, "sentencex": _sentencex}
    print(f"{'language':10}{'cases':>7}" + "".join(f"{name:>11}" for name in tools))
    totals = dict.fromkeys(tools, 0)
    for lang, cases in suites:
        row = f"{lang:10}{len(cases):>7}"
        for name, fn in tools.items():
            score = _score(fn, lang, cases)
            row += f"{'n/a' if score is None else f'{score}/{len(cases)}':>11}"
            totals[name] += score or 0
        print(row)
    n = sum(len(cases) for _, cases in suites)
    print(f"{'all':10}{n:>7}" + "".join(f"{f'{totals[name]}/{n}':>11}" for name in tools))
    print("(n/a: the tool has no rules for the language; all: n/a counts as 0)")


def _score(fn, lang: str, cases: list[dict]) -> int | None:
    try:
        return sum(fn(case["text"], lang, case["clean"]) == case["sentences"] for case in cases)
    except _Unsupported:
        return None


class _Unsupported(Exception):
    pass


def _paragraphs(segment, text: str, clean: str) -> list[str]:
    """Sentences of a case: a clean or pdf case's page one paragraph at a time, lines joined."""
    if clean == "default":
        return [s.strip() for s in segment(text) if s.strip()]
    return [
        re.sub(r"\s*\n\s*", " ", s.strip())
        for p in re.split(r"\n[ \t]*\n", text)
        for s in segment(p)
        if s.strip()
    ]


def _loc(text: str, lang: str, clean: str) -> list[str]:
    return _paragraphs(lambda t: split(t, lang), text, clean)


def _sentencex(text: str, lang: str, clean: str) -> list[str]:
    return _paragraphs(lambda t: list(sentencex.segment(lang, t)), text, clean)


def _pysbd(text: str, lang: str, clean: str) -> list[str]:
    if lang not in pysbd.languages.LANGUAGE_CODES:
        raise _Unsupported(lang)
    options = {
        "default": {"clean": False},
        "clean": {"clean": True},
        "pdf": {"clean": True, "doc_type": "pdf"},
    }
    segmenter = pysbd.Segmenter(language=lang, **options[clean])
    return [s.strip() for s in segmenter.segment(text) if s.strip()]


def _speed() -> None:
    """English: Golden Rules and sentences per second, loc vs pySBD, on press-style text."""
    golden = json.loads((ROOT / "tests" / "data" / "golden_rules_en.json").read_text(encoding="utf-8"))[
        "rules"
    ]
    corpus = _corpus()
    seg = pysbd.Segmenter(language="en", clean=False)

    def pysbd_split(text: str) -> list[str]:
        return [s.strip() for s in seg.segment(text) if s.strip()]

    results = {name: _measure(fn, golden, corpus) for name, fn in (("loc", split), ("pySBD", pysbd_split))}
    chars = sum(map(len, corpus))
    print(f"corpus: {len(corpus)} distinct paragraphs, {chars} characters; best of {REPEATS} runs\n")
    print(f"{'':8}{'golden rules':>14}{'sentences':>12}{'seconds':>10}{'sentences/s':>14}")
    for name, (score, sentences, seconds) in results.items():
        accuracy = f"{score}/{len(golden)}"
        print(f"{name:8}{accuracy:>14}{sentences:>12}{seconds:>10.3f}{sentences / seconds:>14,.0f}")
    (_, loc_n, loc_s), (_, sbd_n, sbd_s) = results["loc"], results["pySBD"]
    print(f"\nspeed ratio loc/pySBD: {(loc_n / loc_s) / (sbd_n / sbd_s):.1f}x")
    agree = sum(split(p) == pysbd_split(p) for p in corpus)
    print(f"paragraphs segmented identically: {agree}/{len(corpus)}")


def _measure(fn, golden: list[dict], corpus: list[str]) -> tuple[int, int, float]:
    """Golden Rules passed, sentences found in the corpus, and the best wall time over the corpus."""
    score = sum(fn(rule["text"]) == rule["sentences"] for rule in golden)
    best = float("inf")
    for _ in range(REPEATS):
        start = time.perf_counter()
        sentences = sum(len(fn(p)) for p in corpus)
        best = min(best, time.perf_counter() - start)
    return score, sentences, best


def _scaling(small: int = 100_000, factor: int = 9) -> None:
    """Time per character of one long paragraph of `<digits>.` tokens, 9 times larger against small."""
    unit = "Sales rose in 1999. "
    per_char = []
    for chars in (small, small * factor):
        text = (unit * (chars // len(unit) + 1))[:chars]
        best = float("inf")
        for _ in range(REPEATS):
            start = time.perf_counter()
            split(text)
            best = min(best, time.perf_counter() - start)
        per_char.append(best / chars)
        print(f"one paragraph of {chars:,} characters of '<digits>.' sentences: {best:.3f} s")
    ratio = per_char[1] / per_char[0]
    print(f"scaling: time per character at {factor}x the size / at 1x: {ratio:.1f} (1 = linear)")


def _corpus() -> list[str]:
    """Press-style paragraphs: each copy gets a distinct dateline and redrawn numbers (list labels kept)."""
    rng = random.Random(20240605)
    statement = (ROOT / "source" / "statement.txt").read_text(encoding="utf-8").splitlines()
    base = [p for p in statement + PRESS if p.strip()]
    per_copy = sum(len(split(p)) for p in base)
    datelines = [f"{city}, {month} {day} —" for city in CITIES for month in MONTHS for day in range(1, 29)]
    rng.shuffle(datelines)
    corpus = []
    for _ in range(TARGET_SENTENCES // per_copy + 1):
        paragraphs = base[:]
        rng.shuffle(paragraphs)
        for p in paragraphs:
            varied = re.sub(r"\d\d+", lambda m: str(rng.randrange(10 ** len(m.group()))), p)
            corpus.append(f"{datelines.pop()} {varied}")
    assert len(set(corpus)) == len(corpus)
    return corpus


if __name__ == "__main__":
    main()
