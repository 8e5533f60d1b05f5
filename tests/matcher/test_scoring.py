"""The preference score: the seeker's own words decide it, and nothing in the profile means no match."""

from __future__ import annotations

import pytest

from matcher import OpeningIndex, rank
from models import Employer, JobSeeker, Judgment, Opening, Settings
from tests.matcher.catalogue import ana
from tests.matcher.test_invariants import oracle_order


def test_an_empty_profile_scores_nothing_but_still_gets_suggestions(index):
    result = rank(JobSeeker(id=5, name="New"), index, limit=20)
    assert result, "zero exclusion: compatible openings exist"
    assert all(s.preference_score == 0.0 and s.score == 0.0 for s in result)
    without_diversity = rank(JobSeeker(id=5, name="New"), index, limit=20, settings=Settings(max_per_employer=99))
    assert [s.opening_id for s in without_diversity] == oracle_order(without_diversity, Settings().judgment_band)
    assert [s.opening_id for s in without_diversity] == sorted(s.opening_id for s in result), "ties break on id"
    assert "doesn't say what work you like" in result[0].reasons[0]


def test_the_kennel_job_tops_the_list_for_an_animal_lover(index):
    result = rank(ana(), index)
    assert result[0].opening_id == 1
    assert result[0].reasons[0] == "You asked for kennel assistant work; this job is kennel assistant."
    assert "2.4 km from home, within your 12 km limit." in result[0].reasons


def test_interest_in_cooking_prefers_the_cook_job_over_animal_work(index):
    cook = JobSeeker(id=6, name="C", profile={"interests": ["cooking"]})
    order = [s.opening_id for s in rank(cook, index, limit=20)]
    assert order.index(6) < order.index(1)


@pytest.mark.parametrize("wanted", ["Python (primary)", "python", "PYTHON developer"])
def test_a_job_type_meets_the_title_whatever_its_decoration(embedder, wanted):
    employers = [Employer(id=1, name="Acme", location={"lat": 44.97, "lon": -93.26})]
    openings = [Opening(id=1, employer_id=1, title="Python"), Opening(id=2, employer_id=1, title="Forklift driver")]
    index = OpeningIndex.build(openings, employers, embedder)
    top = rank(JobSeeker(id=1, name="D", profile={"job_types": [wanted]}), index)
    assert top[0].opening_id == 1
    assert top[0].components["interest"] == 1.0


def test_unknown_facts_add_nothing_to_the_score(embedder):
    employers = [Employer(id=1, name="Acme", location={"lat": 44.97, "lon": -93.26})]
    known = Opening(id=1, employer_id=1, title="Dishwasher", wage=18.0, hours_min=20, hours_max=20, shifts=["day"])
    unknown = Opening(id=2, employer_id=1, title="Dishwasher")
    index = OpeningIndex.build([known, unknown], employers, embedder)
    seeker = JobSeeker(id=1, name="E", profile={"job_types": ["dishwasher"], "min_wage": 15, "hours_min": 10,
                                                 "hours_max": 25, "shifts": ["day"]})
    first, second = rank(seeker, index)
    assert (first.opening_id, second.opening_id) == (1, 2)
    assert second.components["wage"] == second.components["hours"] == second.components["shifts"] == 0.0
    assert set(second.unknown) == {"Wage", "Hours", "Shifts"}


def test_feedback_lifts_openings_like_the_ones_the_seeker_liked(index):
    from models import Feedback

    seeker = JobSeeker(id=7, name="F", profile={"interests": ["working with people"]})
    before = {s.opening_id: s.preference_score for s in rank(seeker, index, limit=20)}
    liked = [Feedback(opening_id=1, reaction="interested")]
    after = {s.opening_id: s.preference_score for s in rank(seeker, index, feedback=liked, limit=20)}
    assert after[2] > before[2], "the dog walker job is like the kennel job she liked"
    assert after[2] - before[2] > after[4] - before[4]


def test_the_score_stays_within_0_and_1_at_the_extremes(embedder):
    home = {"lat": 44.97, "lon": -93.26}
    employers = [Employer(id=1, name="Acme", location=home)]
    perfect = Opening(id=1, employer_id=1, title="Dishwasher", wage=18.0, hours_min=20, hours_max=20, shifts=["day"])
    other = Opening(id=2, employer_id=1, title="Dishwasher", wage=18.0, hours_min=20, hours_max=20, shifts=["day"])
    index = OpeningIndex.build([perfect, other], employers, embedder)
    seeker = JobSeeker(id=1, name="E", profile={"job_types": ["dishwasher"], "min_wage": 15, "hours_min": 20,
                                                 "hours_max": 20, "shifts": ["day"], "home": home, "max_commute_km": 5})
    widest = Settings(judgment_band=0.5)
    judgments = [Judgment(opening_id=1, weight=1.0), Judgment(opening_id=2, weight=-1.0)]
    top, low = rank(seeker, index, judgments=judgments, settings=widest)
    assert top.preference_score == 1.0 and top.score == 1.0
    empty = rank(JobSeeker(id=2, name="New"), index, judgments=judgments, settings=widest)
    assert [s.score for s in empty] == [0.15, 0.0], "P = 0 and a -1 judgment: 0, not below"
