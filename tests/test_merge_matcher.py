"""The merge's fuzzy matcher picks the same match as the plain rule it implements:
rank every old sentence scoring at least the threshold by score, ties to the lowest
index; the first one with the same numbers and negations is the match; the first one
refused for them, if it ranks above the match, is reported as vetoed."""

from __future__ import annotations

import random
import re
from collections import Counter

import numpy
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from loc.catalog.model import _NEGATIONS, _NearFilter, closest

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"\w+(?:['’-]\w+)*")


def reference(queries, choices, threshold, source_lang):
    negations = _NEGATIONS.get(source_lang.split("_")[0], set())

    def negated(text):
        words = [w.lower() for w in _WORD.findall(text)]
        counted = Counter(w for w in words if w in negations)
        counted["n't"] = sum(1 for w in words if w.endswith(("n't", "n’t")))
        return counted

    def same_meaning(a, b):
        return Counter(_NUMBER.findall(a)) == Counter(_NUMBER.findall(b)) and negated(a) == negated(b)

    results = []
    for query in queries:
        # float32, as rapidfuzz's cdist reports scores
        scores = [
            numpy.float32(fuzz.ratio(query, choice, score_cutoff=threshold * 100)) for choice in choices
        ]
        ranked = sorted((i for i, s in enumerate(scores) if s > 0), key=lambda i: (-scores[i], i))
        best = vetoed = None
        for i in ranked:
            if same_meaning(query, choices[i]):
                best = i
                break
            if vetoed is None:
                vetoed = i
        results.append((best, vetoed))
    return results


# a small vocabulary, so sentences collide, tie and differ in a number or a negation
VOCABULARY = [
    "the", "report", "was", "filed", "on", "time", "we", "did", "not", "agree", "never", "no",
    "don't", "DON'T", "can’t", "Not", "without", "3", "30", "3.5", "1,000", "2024", "nobody", "agree",
]  # fmt: skip
_sentence = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=8).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(
    queries=st.lists(_sentence, min_size=1, max_size=12),
    choices=st.lists(_sentence, min_size=1, max_size=30),
    threshold=st.sampled_from([0.0, 0.3, 0.6, 0.8, 1.0]),
    lang=st.sampled_from(["en", "en_US", "de", "xx"]),
)
def test_matcher_agrees_with_the_plain_rule_on_any_corpus(queries, choices, threshold, lang):
    assert closest(queries, choices, threshold, lang) == reference(queries, choices, threshold, lang)


def test_matcher_agrees_with_the_plain_rule_on_a_corpus_larger_than_one_block():
    rng = random.Random(10)
    base = [" ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(3, 20))) for _ in range(60)]

    def variant(text):
        words = text.split()
        words[rng.randrange(len(words))] = rng.choice(VOCABULARY)
        return " ".join(words)

    choices = [variant(rng.choice(base)) for _ in range(400)]
    queries = [variant(rng.choice(base)) for _ in range(300)]  # 300 > one block of 256 queries
    assert closest(queries, choices, 0.6, "en") == reference(queries, choices, 0.6, "en")


def test_equal_scores_go_to_the_lowest_index():
    assert closest(["the report"], ["the reports", "the reports"], 0.6, "en") == [(0, None)]


def test_a_changed_number_is_vetoed_and_the_next_acceptable_match_offered():
    choices = ["Revenue rose 12 percent in May.", "Revenue rose 13 percent in June."]
    assert closest(["Revenue rose 13 percent in May."], choices, 0.6, "en") == [(1, 0)]


def test_a_lost_negation_is_vetoed_with_nothing_else_to_offer():
    assert closest(["We do agree."], ["We do not agree."], 0.6, "en") == [(None, 0)]


def test_nothing_above_the_threshold_is_no_match():
    assert closest(["Completely different."], ["Revenue rose."], 0.6, "en") == [(None, None)]


def test_no_choices_means_no_match_for_any_query():
    assert closest(["a", "b"], [], 0.6, "en") == [(None, None), (None, None)]


# any characters, or a few repeated many times (counts past the filter's fine levels)
_any_text = st.text(max_size=40) | st.text(alphabet="ab é", max_size=120)


@settings(max_examples=300, deadline=None)
@given(
    queries=st.lists(_any_text, min_size=1, max_size=6),
    choices=st.lists(_any_text, min_size=1, max_size=10),
    near=st.sampled_from([0.0, 50.0, 90.0, 100.0]),
)
def test_the_prefilter_never_drops_a_choice_that_scores_near(queries, choices, near):
    allowed = _NearFilter(choices, near).candidates(queries)
    for j, query in enumerate(queries):
        for i, choice in enumerate(choices):
            if fuzz.ratio(query, choice) >= near:
                assert allowed[j, i], (query, choice)
