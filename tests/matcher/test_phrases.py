"""Reading seekers' own words: shift words in avoid phrases, whole-word matches and fuzzy title hits."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.phrases import avoided_shifts, contains_all_words, normalise, strip_negation, title_hits, titles_hit
from matcher.shared_rows import DistinctList
from models.fields import Shift


def test_an_avoid_phrase_of_only_shift_words_is_about_shifts_only():
    assert avoided_shifts("no nights") == ({Shift.night}, True)
    assert avoided_shifts("No weekend work") == ({Shift.weekend}, True)
    assert avoided_shifts("early mornings or late evenings") == ({Shift.morning, Shift.evening}, True)


def test_an_avoid_phrase_with_other_words_is_not_only_about_shifts():
    assert avoided_shifts("night clubs") == ({Shift.night}, False)
    assert avoided_shifts("fast food") == (set(), False)
    assert avoided_shifts("no work") == (set(), False), "filler words alone name no shift"


def test_negation_is_stripped_from_avoid_phrases():
    assert strip_negation("no fast food") == "fast food"
    assert strip_negation("  Don't want retail ") == "retail"
    assert strip_negation("fast food") == "fast food"


def test_every_word_of_the_phrase_must_appear_as_a_whole_word():
    texts = [normalise(t) for t in ("Fast food counter", "Food bank driver", "Breakfast foods", "fast-food grill")]
    assert contains_all_words("fast food", texts).tolist() == [True, False, False, True]
    assert contains_all_words("no fast food", texts).tolist() == [True, False, False, True], "'no' is filler"


def test_a_phrase_of_filler_words_matches_nothing_and_the_answer_is_a_mask():
    texts = ["the work", "shift work"]
    found = contains_all_words("the work", texts)
    assert found.tolist() == [False, False]
    assert np.asarray(texts)[found].tolist() == [], "usable as a mask over the texts"
    assert np.asarray([], dtype=str)[contains_all_words("cook", [])].tolist() == []


def test_title_hits_has_one_row_per_phrase_and_one_column_per_title():
    titles = [normalise(t) for t in ("Kennel Assistant - part time", "Cookie packer", "Cook")]  # as the index has them
    hits = title_hits(["Kennel assistant", "cook"], titles)
    assert hits.shape == (2, 3)
    assert hits[0, 0] >= 90 and hits[1, 2] >= 90
    assert hits[1, 1] < 90, "cook does not meet cookie packer"
    assert title_hits([], ["Cook"]).shape == (0, 1)
    assert title_hits(["cook"], []).shape == (1, 0)


TITLE_WORDS = ["dog", "walker", "kennel", "assistant", "line", "cook", "cashier", "prep", "night", "clerk"]


@settings(max_examples=60, deadline=None)
@given(
    phrases=st.lists(st.lists(st.sampled_from(TITLE_WORDS), min_size=1, max_size=3).map(" ".join), max_size=3),
    batches=st.lists(st.lists(st.lists(st.sampled_from(TITLE_WORDS), min_size=1, max_size=3).map(" ".join),
                              max_size=6), min_size=1, max_size=5),
    at_least=st.sampled_from([60.0, 90.0, 100.0]),
    data=st.data(),
)
def test_titles_hit_remembers_hits_yet_answers_as_comparing_every_title(phrases, batches, at_least, data):
    """titles_hit() keeps each phrase's hits per title list and compares only titles added since; every view
    of the list, the newest or an older one, gets what comparing all its titles gives."""
    titles = DistinctList()
    views = []
    for batch in batches:
        titles, _ = titles.positions_of(batch)
        views.append(titles)
        view = data.draw(st.sampled_from(views))
        expected = (title_hits(phrases, list(view)).max(axis=0) >= at_least) if phrases else np.zeros(len(view), bool)
        assert np.array_equal(titles_hit(phrases, view, at_least), expected)
    assert np.array_equal(titles_hit(phrases, tuple(titles), at_least), titles_hit(phrases, titles, at_least))
