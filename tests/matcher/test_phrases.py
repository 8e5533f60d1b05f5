"""Reading seekers' own words: shift words in avoid phrases, whole-word matches and fuzzy title hits."""

from __future__ import annotations

import numpy as np

from matcher.phrases import avoided_shifts, contains_all_words, normalise, strip_negation, title_hits
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
