"""Hard preference filters: each one on its own, and what happens when data is unknown."""

from __future__ import annotations

import pytest

from matcher import OpeningIndex, rank
from models import Employer, Feedback, JobSeeker, Opening
from tests.matcher.catalogue import HOME, ana


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


@pytest.fixture(scope="module")
def pay_index(embedder) -> OpeningIndex:
    employers = [Employer(id=1, name="Acme", location=HOME)]
    openings = [
        Opening(id=1, employer_id=1, title="Stocker", wage=19.0, hours_min=30, hours_max=40),  # $2,470 at 30 h
        Opening(id=2, employer_id=1, title="Stocker", wage=16.0, hours_min=15, hours_max=35),  # $1,040 at 15 h
        Opening(id=3, employer_id=1, title="Stocker", wage=15.0, hours_min=10, hours_max=20),  # $1,300 at 20 h
        Opening(id=4, employer_id=1, title="Stocker", hours_min=30, hours_max=40),  # wage unknown
        Opening(id=5, employer_id=1, title="Stocker", wage=40.0),  # hours unknown
        Opening(id=6, employer_id=1, title="Stocker", wage=16.0, hours_min=20, hours_max=35),  # $1,387 at 20 h
    ]
    return OpeningIndex.build(openings, employers, embedder)


def keeping_under(benefits, **profile) -> JobSeeker:
    return JobSeeker(id=3, name="Ana R.", profile={"benefits": benefits, "keep_under_threshold": True, **profile})


def test_keeping_under_the_ssdi_threshold_is_a_hard_preference(pay_index):
    result = suggested(keeping_under(["ssdi"]), pay_index)
    assert 1 not in result, "even 30 hours at $19 is $2,470 a month, over the $1,690 SGA level"
    assert set(result) == {2, 3, 4, 5, 6}
    # 1690 / (16 x 52 / 12) = 24.4 hours: 23 would be a claim nobody asked for, 24 is the most that fits.
    assert "To stay under your $1,690 SSDI limit, work up to 24 hours a week here." in result[2].reasons
    assert result[2].monthly_earnings <= 1690, "the estimate assumes the hours that keep her under"
    assert "Even at 20 hours a week this job keeps you under your $1,690 SSDI limit." in result[3].reasons
    assert "Can't tell yet whether this job keeps you under your $1,690 SSDI limit: its wage is not known." in (
        result[4].reasons
    )
    assert "Can't tell yet whether this job keeps you under your $1,690 SSDI limit: its hours are not known." in (
        result[5].reasons
    )


def test_the_fewest_hours_both_accept_decide(pay_index):
    # She wants at least 25 hours: 25 x $16 x 52 / 12 = $1,733, over the line, at openings 2 and 6.
    result = suggested(keeping_under(["ssdi"], hours_min=25), pay_index)
    assert 2 not in result and 6 not in result and 4 in result
    # SSI alone: the line is where SSI reaches zero, $2,073; 25 hours at $16 stays under it up to 29 hours.
    result = suggested(keeping_under(["ssi"], hours_min=25), pay_index)
    assert 2 in result and 1 not in result
    assert "To stay under your $2,073 SSI limit, work up to 29 hours a week here." in result[2].reasons


def test_without_the_wish_nothing_is_ruled_out_for_earnings(pay_index):
    relaxed = JobSeeker(id=3, name="Ana R.", profile={"benefits": ["ssdi"]})
    assert set(suggested(relaxed, pay_index)) == {1, 2, 3, 4, 5, 6}


def test_a_half_kilometre_limit_is_a_limit_in_the_filter_the_score_and_the_reasons(embedder):
    near = {"lat": HOME["lat"] + 0.0027, "lon": HOME["lon"]}  # about 0.3 km north
    far = {"lat": HOME["lat"] + 0.0072, "lon": HOME["lon"]}  # about 0.8 km north
    employers = [Employer(id=1, name="Corner Shop", location=HOME)]
    openings = [Opening(id=1, employer_id=1, title="Cashier", location=near),
                Opening(id=2, employer_id=1, title="Cashier", location=far)]
    index = OpeningIndex.build(openings, employers, embedder)
    seeker = JobSeeker(id=4, name="Dee", profile={"home": HOME, "max_commute_km": 0.5})
    result = suggested(seeker, index)
    assert set(result) == {1}, "0.8 km is over a 0.5 km limit"
    assert result[1].distance_km == pytest.approx(0.3, abs=0.01)
    # The distance part scales to the seeker's own limit (1 - 0.3 / 0.5), not to the 15 km used without one.
    assert result[1].components["distance"] == pytest.approx(0.4, abs=0.02)
    assert "0.3 km from home, within your 0.5 km limit." in result[1].reasons


@pytest.fixture(scope="module")
def edge_index(embedder) -> OpeningIndex:
    employers = [Employer(id=1, name="Acme", industry="warehouse", location=HOME),
                 Employer(id=2, name="Burger Barn", industry="fast food", location=HOME)]
    openings = [
        Opening(id=1, employer_id=1, title="Stocker", wage=7.25, hours_min=25, hours_max=30, shifts=["night"]),
        Opening(id=2, employer_id=1, title="Stocker", wage=7.24, hours_min=10, hours_max=20, shifts=["day"]),
        Opening(id=3, employer_id=2, title="Crew member", hours_min=10, hours_max=20, shifts=["day"]),
        Opening(id=4, employer_id=1, title="Packer", hours_min=26, hours_max=30, shifts=["day"]),
    ]
    return OpeningIndex.build(openings, employers, embedder)


def test_the_legal_minimum_wage_itself_is_competitive(edge_index):
    ids = suggested(JobSeeker(id=1, name="A"), edge_index)
    assert 1 in ids, "$7.25 is the minimum, not below it"
    assert 2 not in ids


def test_one_end_of_the_seeker_s_hours_is_a_limit_and_touching_ranges_overlap(edge_index):
    assert set(suggested(JobSeeker(id=1, name="A", profile={"hours_min": 21}), edge_index)) == {1, 4}
    assert set(suggested(JobSeeker(id=1, name="A", profile={"hours_max": 25}), edge_index)) == {1, 3}
    assert set(suggested(JobSeeker(id=1, name="A", profile={"hours_min": 30}), edge_index)) == {1, 4}


def test_an_avoided_shift_and_an_avoided_industry_both_rule_out(edge_index):
    ids = suggested(JobSeeker(id=1, name="A", profile={"avoid": ["no nights", "fast food"]}), edge_index)
    assert 1 not in ids, "the night job stays out when another avoid phrase names an industry"
    assert 3 not in ids, "fast food is Burger Barn's industry exactly"
    assert 4 in ids


def test_an_avoid_phrase_at_exactly_the_fuzzy_threshold_rules_the_industry_out(embedder):
    # token_set_ratio("packaging", "repackaging") is 90.0, the documented "90 or more".
    employers = [Employer(id=1, name="Acme", industry="repackaging", location=HOME),
                 Employer(id=2, name="Shop", industry="retail", location=HOME)]
    openings = [Opening(id=1, employer_id=1, title="Line worker"), Opening(id=2, employer_id=2, title="Line worker")]
    index = OpeningIndex.build(openings, employers, embedder)
    assert set(suggested(JobSeeker(id=1, name="A", profile={"avoid": ["packaging"]}), index)) == {2}


def test_an_avoid_phrase_whose_every_word_is_in_the_description_rules_the_opening_out(embedder):
    employers = [Employer(id=1, name="Acme", location=HOME)]
    # The first text is not close enough in meaning to "ladders" (cosine 0.43) to be ruled out for that.
    text = "Restock shelves and price items in the grocery aisles, sometimes from ladders"
    openings = [Opening(id=1, employer_id=1, title="Stocker", description=text),
                Opening(id=2, employer_id=1, title="Stocker", description="Restock shelves at floor level")]
    index = OpeningIndex.build(openings, employers, embedder)
    assert set(suggested(JobSeeker(id=1, name="A", profile={"avoid": ["no ladders"]}), index)) == {2}


def test_earning_exactly_the_limit_at_the_fewest_hours_is_still_under_it(embedder):
    # 19.5 hours at $20 is 20 x 19.5 x 52 / 12 = $1,690.00, the SSDI SGA level itself: not over it.
    employers = [Employer(id=1, name="Acme", location=HOME)]
    openings = [Opening(id=1, employer_id=1, title="Stocker", wage=20.0, hours_min=19.5, hours_max=30),
                Opening(id=2, employer_id=1, title="Stocker", wage=20.01, hours_min=19.5, hours_max=30)]
    index = OpeningIndex.build(openings, employers, embedder)
    assert set(suggested(keeping_under(["ssdi"]), index)) == {1}


def test_a_seeker_who_gave_only_a_maximum_has_no_minimum(embedder):
    employers = [Employer(id=1, name="Acme", location=HOME)]
    openings = [Opening(id=1, employer_id=1, title="Mystery shopper", hours_min=0, hours_max=0.5),
                Opening(id=2, employer_id=1, title="Stocker", hours_min=30, hours_max=40)]
    index = OpeningIndex.build(openings, employers, embedder)
    assert set(suggested(JobSeeker(id=1, name="A", profile={"hours_max": 10}), index)) == {1}
