"""The preference score: the seeker's own words decide it, and nothing in the profile means no match."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher import OpeningIndex, rank
from matcher.scoring import _best_need_per_employer
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


def _components(embedder, openings, profile, feedback=(), employers=None):
    employers = employers or [Employer(id=1, name="Acme", location={"lat": 44.97, "lon": -93.26})]
    index = OpeningIndex.build(openings, employers, embedder)
    seeker = JobSeeker(id=1, name="G", profile=profile)
    return {s.opening_id: s.components for s in rank(seeker, index, feedback=list(feedback), limit=50)}


def test_hours_count_by_the_share_of_the_job_s_hours_the_seeker_wants(embedder):
    openings = [
        Opening(id=1, employer_id=1, title="Clerk", hours_min=15, hours_max=20),  # inside 10-25
        Opening(id=2, employer_id=1, title="Clerk", hours_min=20, hours_max=30),  # half inside
        Opening(id=3, employer_id=1, title="Clerk", hours_min=30, hours_max=40),  # outside
        Opening(id=4, employer_id=1, title="Clerk", hours_min=20, hours_max=20),  # fixed, inside
        Opening(id=5, employer_id=1, title="Clerk", hours_min=30, hours_max=30),  # fixed, outside
        Opening(id=6, employer_id=1, title="Clerk", hours_min=25, hours_max=26),  # one hour, touching the edge
        Opening(id=7, employer_id=1, title="Clerk", hours_min=0, hours_max=2),  # a few hours at most
    ]
    hours = {i: c["hours"] for i, c in _components(embedder, openings, {"hours_min": 10, "hours_max": 25}).items()}
    assert hours == {1: 1.0, 2: 0.5, 4: 1.0, 6: 0.0}, "30-40, 30 and 0-2 hours are ruled out; 25-26 only touches"
    at_least = _components(embedder, openings, {"hours_min": 22})
    assert {i: c["hours"] for i, c in at_least.items()} == {2: 0.8, 3: 1.0, 5: 1.0, 6: 1.0}
    at_most = _components(embedder, openings, {"hours_max": 22})
    assert {i: c["hours"] for i, c in at_most.items()} == {1: 1.0, 2: 0.2, 4: 1.0, 7: 1.0}, "no minimum: from 0"


def test_wage_gets_half_marks_at_the_seeker_s_minimum_and_full_marks_20_percent_above(embedder):
    openings = [Opening(id=i, employer_id=1, title="Clerk", wage=w)
                for i, w in ((1, 18.0), (2, 16.5), (3, 15.0), (4, 13.5), (5, 12.0))]
    wage = {i: c["wage"] for i, c in _components(embedder, openings, {"min_wage": 15}).items()}
    assert wage == {1: 1.0, 2: 0.75, 3: 0.5}, "below the seeker's minimum is ruled out"
    wage = {i: c["wage"] for i, c in _components(embedder, openings, {"min_wage": 12}).items()}
    assert wage == {1: 1.0, 2: 1.0, 3: 1.0, 4: 0.8125, 5: 0.5}


def test_shifts_count_by_the_share_of_the_job_s_shifts_the_seeker_is_free_for(embedder):
    openings = [
        Opening(id=1, employer_id=1, title="Clerk", shifts=["day"]),
        Opening(id=2, employer_id=1, title="Clerk", shifts=["morning", "day"]),
        Opening(id=3, employer_id=1, title="Clerk", shifts=["morning", "day", "evening", "weekend"]),
        Opening(id=4, employer_id=1, title="Clerk", shifts=["night"]),
        Opening(id=5, employer_id=1, title="Clerk"),
    ]
    shifts = {i: c["shifts"] for i, c in _components(embedder, openings, {"shifts": ["day"]}).items()}
    assert shifts == {1: 1.0, 2: 0.5, 3: 0.25, 5: 0.0}, "a night job is ruled out; unknown shifts add nothing"


def test_distance_counts_down_to_zero_at_the_commute_limit_or_15_km(embedder):
    home = {"lat": 44.97, "lon": -93.26}
    north = [0.0, 2.0, 6.0, 20.0]  # km north of home
    openings = [Opening(id=i + 1, employer_id=1, title="Clerk", location={"lat": 44.97 + km / 111.195, "lon": -93.26})
                for i, km in enumerate(north)]
    limited = _components(embedder, openings, {"home": home, "max_commute_km": 8})
    assert {i: round(c["distance"], 2) for i, c in limited.items()} == {1: 1.0, 2: 0.75, 3: 0.25}, "20 km: out"
    nearby = _components(embedder, openings, {"home": home})
    assert {i: round(c["distance"], 2) for i, c in nearby.items()} == {1: 1.0, 2: 0.87, 3: 0.6, 4: 0.0}


def test_feedback_is_the_interest_against_the_seeker_s_words_moved_by_their_reactions(embedder):
    """The feedback part is 0.55 x (fit to the refined query - fit to the stated words) (matcher/learning.py)."""
    from matcher.index import opening_text
    from matcher.learning import ALPHA, GAMMA
    from models import Feedback

    titles = ["Dishwasher", "Dishwasher", "Kennel assistant", "Dog walker"]
    openings = [Opening(id=i, employer_id=1, title=t) for i, t in enumerate(titles, start=1)]
    disliked = [Feedback(opening_id=1, reaction="not_for_me")]
    found = _components(embedder, openings, {"interests": ["cleaning"]}, feedback=disliked)
    words, dish = embedder.encode(["cleaning", opening_text(openings[0])]).astype(float)
    query = ALPHA * words - GAMMA * dish
    query /= (query @ query) ** 0.5

    def fit(cosine: float) -> float:
        return min(1.0, max(0.0, (cosine - 0.25) / 0.40))

    expected = 0.55 * (fit(dish @ query) - fit(dish @ words))
    assert found[2]["feedback"] == pytest.approx(expected, abs=2e-4)
    assert found[2]["feedback"] < -0.05, "the same job as one not wanted comes down"
    both = [*disliked, Feedback(opening_id=3, reaction="interested")]
    found = _components(embedder, openings, {"interests": ["cleaning"]}, feedback=both)
    assert found[2]["feedback"] < 0 < found[4]["feedback"], "liking a kennel job lifts dog walking, not dishes"


def test_each_employer_s_best_matching_need_counts_and_is_the_one_named(embedder):
    employers = [
        Employer(id=1, name="Acme", location={"lat": 44.97, "lon": -93.26},
                 hiring_needs=["someone to wash dishes", "a cook for the grill"]),
        Employer(id=2, name="Shelter", location={"lat": 44.97, "lon": -93.26}, hiring_needs=["a dog walker"]),
    ]
    openings = [Opening(id=1, employer_id=1, title="Team member"), Opening(id=2, employer_id=2, title="Team member")]
    index = OpeningIndex.build(openings, employers, embedder)
    seeker = JobSeeker(id=1, name="A", profile={"interests": ["grilling burgers", "walking dogs"]})
    found = {s.opening_id: s for s in rank(seeker, index)}
    assert found[1].reasons[0] == "You said you like grilling burgers; Acme told us they need a cook for the grill."
    assert found[2].reasons[0] == "You said you like walking dogs; Shelter told us they need a dog walker."
    assert found[1].components["interest"] > 0.7 and found[2].components["interest"] > 0.7, "a need counts for P"


def test_an_opening_close_to_something_avoided_loses_up_to_0_15(embedder):
    from matcher.filters import AVOID_TEXT
    from matcher.index import opening_text
    from matcher.scoring import AVOID_SOFT_FROM

    text = "Restock shelves and price items in the grocery aisles, sometimes from ladders"
    near = Opening(id=1, employer_id=1, title="Stocker", description=text)
    far = Opening(id=2, employer_id=1, title="Dog walker", description="Walk shelter dogs twice a day")
    # "pricing items" is not in the words of the first (it says "price items"), only close in meaning.
    found = _components(embedder, [near, far], {"avoid": ["pricing items"]})
    closeness = [float(embedder.encode(["pricing items"])[0] @ embedder.encode([opening_text(o)])[0])
                 for o in (near, far)]
    assert AVOID_SOFT_FROM < closeness[0] < AVOID_TEXT and closeness[1] < AVOID_SOFT_FROM
    # The penalty grows from 0 at AVOID_SOFT_FROM to the full 0.15 at AVOID_TEXT, where the opening is ruled out.
    share = (closeness[0] - AVOID_SOFT_FROM) / (AVOID_TEXT - AVOID_SOFT_FROM)
    assert found[1]["avoid"] == pytest.approx(-0.15 * share, abs=1e-4)
    assert found[2]["avoid"] == 0.0


def test_feedback_never_lifts_the_preference_score_above_1(embedder):
    """Liking a job raises the interest part at most to a full fit, so P stays within 1."""
    home = {"lat": 44.97, "lon": -93.26}
    perfect = dict(title="Dishwasher", wage=18.0, hours_min=20, hours_max=20, shifts=["day"])
    openings = [Opening(id=1, employer_id=1, **perfect), Opening(id=2, employer_id=1, **perfect)]
    from models import Feedback

    profile = {"interests": ["cleaning"], "min_wage": 15, "hours_min": 20, "hours_max": 20, "shifts": ["day"],
               "home": home, "max_commute_km": 5}
    index = OpeningIndex.build(openings, [Employer(id=1, name="Acme", location=home)], embedder)
    (other,) = [s for s in rank(JobSeeker(id=1, name="E", profile=profile), index,
                                feedback=[Feedback(opening_id=1, reaction="interested")]) if s.opening_id == 2]
    assert other.components["interest"] < 1.0 and other.components["feedback"] > 0
    assert other.components["interest"] + other.components["feedback"] / 0.55 == pytest.approx(1.0, abs=1e-3)
    assert other.preference_score == 1.0


def test_no_component_is_a_negative_zero(index):
    """A soft-avoid penalty of nothing reads 0.0, not -0.0."""
    import math

    found = rank(ana(avoid=["fast food", "cleaning"]), index, limit=20)
    assert found
    for s in found:
        assert all(math.copysign(1.0, v) > 0 for v in s.components.values() if v == 0), s.components


@settings(max_examples=80, deadline=None)
@given(
    employers=st.integers(1, 6),
    needs=st.lists(
        st.tuples(st.integers(0, 5), st.booleans(), st.lists(st.sampled_from([0.1, 0.4, 0.4, 0.7]), min_size=2,
                                                              max_size=2)),
        max_size=14,
    ),
)
def test_each_employers_best_need_is_its_highest_current_need_the_last_of_ties(employers, needs):
    """Per employer, the best similarity of its current needs to any wanted phrase and the row of that need (of
    rows tied at the best, the last), or -1.0 and -1 when it has no current need: as a plain loop finds it."""
    rows = [(e % employers, live, sims) for e, live, sims in needs]
    index = SimpleNamespace(  # the three parts of an index the function reads, with ties made on purpose
        employers=[None] * employers,
        need_live=np.array([live for _, live, _ in rows], dtype=bool),
        need_employer=np.array([e for e, _, _ in rows], dtype=np.int64),
    )
    need_sims = np.array([sims for _, _, sims in rows], dtype=np.float32).reshape(len(rows), 2)
    best, which = _best_need_per_employer(index, need_sims)
    for employer in range(employers):
        expected_best, expected_which = -1.0, -1
        for row, (e, live, sims) in enumerate(rows):
            value = float(np.float32(max(sims)))
            if e == employer and live and (expected_which < 0 or value >= expected_best):
                expected_best, expected_which = value, row
        assert (best[employer], which[employer]) == (expected_best, expected_which)
