"""Hard preference filters: each one on its own, and what happens when data is unknown."""

from __future__ import annotations

from matcher import rank
from models import Feedback, JobSeeker
from tests.matcher.catalogue import ana


def suggested(seeker, index, **kwargs) -> dict[int, object]:
    return {s.opening_id: s for s in rank(seeker, index, limit=50, **kwargs)}


def test_ana_is_never_offered_what_she_ruled_out(index):
    ids = suggested(ana(), index)
    assert 3 not in ids, "fast food was on her avoid list"
    assert 5 not in ids, "night shifts were on her avoid list, and 30-40 hours is outside 10-25"
    assert {1, 4, 7} <= set(ids)


def test_non_competitive_openings_are_never_suggested(index):
    everyone = JobSeeker(id=1, name="Open to anything")
    ids = suggested(everyone, index)
    assert 9 not in ids, "wage $5.00 is below the $7.25 minimum"
    assert 10 not in ids, "set aside for people with disabilities"
    assert 11 not in ids, "filled"
    assert {1, 2, 3, 4, 5, 6, 7, 8} == set(ids)


def test_hours_must_overlap(index):
    ids = suggested(ana(hours_min=30, hours_max=40, avoid=[], shifts=[], max_commute_km=30), index)
    assert 5 in ids and 1 not in ids and 8 in ids


def test_shifts_need_one_in_common(index):
    ids = suggested(ana(shifts=["evening"], avoid=[]), index)
    assert 3 in ids and 6 in ids
    assert 1 not in ids and 4 not in ids


def test_wage_below_minimum_is_out_and_unknown_wage_is_flagged(index):
    result = suggested(ana(min_wage=17.0), index)
    assert 1 not in result and 7 not in result
    assert 4 in result
    assert "Wage" in result[2].unknown
    assert "Wage not known." in result[2].reasons
    assert result[2].components["wage"] == 0.0


def test_commute_limit_uses_the_openings_or_employers_location(index):
    result = suggested(ana(max_commute_km=3, avoid=[]), index)
    assert 4 not in result, "Lakeside Diner is about 3.4 km away"
    assert 1 in result
    assert 8 in result and "Location" in result[8].unknown, "an unknown location is flagged, not silently passed"
    assert result[8].components["distance"] == 0.0


def test_not_for_me_removes_an_opening_for_good(index):
    feedback = [Feedback(opening_id=1, reaction="not_for_me", reason="too far")]
    assert 1 not in suggested(ana(), index, feedback=feedback)


def test_avoid_matches_titles_fuzzily_and_settings_semantically(index):
    assert 4 not in suggested(ana(avoid=["dish washing"]), index)
    assert 1 not in suggested(ana(avoid=["no kennel work"]), index)
    ids = suggested(ana(avoid=["fast food restaurants"], shifts=[]), index)
    assert 3 not in ids and 6 in ids, "a diner is not fast food"


def test_avoiding_a_shift_is_a_hard_no_on_that_shift_only(index):
    ids = suggested(JobSeeker(id=2, name="B", profile={"avoid": ["no evenings"]}), index)
    assert 3 not in ids and 6 not in ids and 1 in ids
