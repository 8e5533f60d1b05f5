"""Congestion (matcher/congestion.py): crowded openings give way to comparable ones, never past the band.

The reach is written out here, not read from the code: congestion alone overturns a gap in P under 0.2 of the
band; with judgment (0.6) and employer needs (0.15), under 0.95 of the band, so invariant 1 still holds.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher import OpeningIndex, rank
from matcher.adjustments import final_score, sort_score
from matcher.congestion import crowding, exposure_counts
from models import Employer, JobSeeker, Opening, Settings, Shift
from tests.matcher.test_invariants import COMMON, catalogues, judgments_for, seekers

CONGESTION_OVERTURNS = 0.20  # congestion alone: a gap under 0.2 of the band
ALL_OVERTURN = 0.95  # judgment 0.6 + employer needs 0.15 + congestion 0.2: under 0.95 of the band
EPS = 1e-6
BAND = Settings().judgment_band

judgments = st.one_of(st.sampled_from([-1.0, 0.0, 1.0]), st.floats(-1, 1))
needs = st.one_of(st.sampled_from([0.0, 1.0]), st.floats(0, 1))
crowds = st.one_of(st.sampled_from([0.0, 1.0]), st.floats(0, 1))
bands = st.one_of(st.just(BAND), st.floats(0.01, 0.5))  # the default and anything the settings allow


def pair(draw, gap_share: float, band: float) -> tuple[float, float]:
    """P_a and P_b with P_a - P_b = gap_share x band, both in 0..1."""
    gap = gap_share * band
    p_b = draw(st.floats(0, 1 - gap))
    return min(1.0, p_b + gap), p_b


def score(p: float, j: float, r: float, c: float, band: float) -> float:
    """What a list is sorted by, with crowding c on this opening."""
    return float(sort_score(np.array([p]), np.array([j]), np.array([r]), band, np.array([c]))[0])


def shown(p: float, j: float, r: float, c: float, band: float) -> float:
    return float(final_score(np.array([p]), np.array([j]), np.array([r]), band, np.array([c]))[0])


@given(data=st.data(), j_a=judgments, j_b=judgments, r_a=needs, r_b=needs, c_a=crowds, c_b=crowds, band=bands)
def test_invariant_1_a_gap_of_the_band_or_more_is_never_overturned_whatever_the_crowding(
    data, j_a, j_b, r_a, r_b, c_a, c_b, band
):
    p_b = data.draw(st.floats(0, 1 - band))
    p_a = data.draw(st.floats(p_b + band, 1))
    # The drawn terms, and the worst case at a gap of exactly the band: A judged -1, no needs fit, fully
    # crowded; B judged +1, a full needs fit, shown to nobody.
    for a, b in (((p_a, j_a, r_a, c_a), (p_b, j_b, r_b, c_b)), ((p_b + band, -1.0, 0.0, 1.0), (p_b, 1.0, 1.0, 0.0))):
        assert score(*a, band) > score(*b, band)
        assert shown(*a, band) > shown(*b, band), "clipping never ties them either"


@given(data=st.data(), band=bands)
def test_congestion_alone_overturns_a_gap_under_its_reach_and_none_above(data, band):
    j, r = data.draw(judgments), data.draw(needs)  # the same judgment and needs fit on both sides
    p_a, p_b = pair(data.draw, CONGESTION_OVERTURNS - EPS, band)
    assert score(p_a, j, r, 1.0, band) < score(p_b, j, r, 0.0, band), "just under the reach, crowding reorders"
    p_a, p_b = pair(data.draw, CONGESTION_OVERTURNS + EPS, band)
    c_a, c_b = data.draw(crowds), data.draw(crowds)
    for a, b in ((1.0, 0.0), (c_a, c_b)):
        assert score(p_a, j, r, a, band) > score(p_b, j, r, b, band), "just over the reach, no crowding reorders"


@given(data=st.data(), band=bands)
def test_all_three_together_overturn_a_gap_under_their_reach_which_is_under_the_band(data, band):
    assert ALL_OVERTURN < 1
    p_a, p_b = pair(data.draw, ALL_OVERTURN - EPS, band)
    assert score(p_a, -1.0, 0.0, 1.0, band) < score(p_b, 1.0, 1.0, 0.0, band)
    p_a, p_b = pair(data.draw, ALL_OVERTURN + EPS, band)
    drawn = tuple(data.draw(s) for s in (judgments, needs, crowds, judgments, needs, crowds))
    for j_a, r_a, c_a, j_b, r_b, c_b in ((-1.0, 0.0, 1.0, 1.0, 1.0, 0.0), drawn):
        assert score(p_a, j_a, r_a, c_a, band) > score(p_b, j_b, r_b, c_b, band)


@given(p=st.floats(0, 1), j=judgments, r=needs, band=bands)
def test_no_exposure_is_no_crowding(p, j, r, band):
    assert score(p, j, r, 0.0, band) == float(sort_score(np.array([p]), np.array([j]), np.array([r]), band)[0])


@given(counts=st.lists(st.integers(0, 300), min_size=1, max_size=60), crowded=st.integers(1, 50))
def test_crowding_is_0_up_to_the_fair_share_1_when_crowded_and_rises_with_the_count(counts, crowded):
    counts = np.array(counts, dtype=float)
    fair = counts.mean()
    crowd = crowding(counts, crowded=crowded)
    assert ((0 <= crowd) & (crowd <= 1)).all()
    assert (crowd[counts <= fair] == 0).all(), "an opening shown to its fair share of seekers or fewer is not crowded"
    assert (crowd[counts >= max(crowded, 2 * fair, fair + 1)] == 1).all()
    order = np.argsort(counts, kind="stable")
    assert (np.diff(crowd[order]) >= 0).all(), "more seekers shown it, never less crowded"


def test_crowding_examples() -> None:
    # 4 openings, 12 showings: a fair share of 3; crowded at 10 seekers.
    assert crowding(np.array([0.0, 2.0, 3.0, 7.0]), crowded=10).tolist() == [0.0, 0.0, 0.0, 4 / 7]
    assert crowding(np.array([0.0, 0.0, 10.0, 30.0]), crowded=10).tolist() == [0.0, 0.0, 0.0, 1.0]
    assert crowding(np.zeros(3), crowded=10).tolist() == [0.0, 0.0, 0.0]
    # Openings outside the index (closed, deleted) are left out; negative counts are nobody.
    assert exposure_counts({7: 4, 99: 5, 8: -1}, {7: 0, 8: 1}, 3).tolist() == [4.0, 0.0, 0.0]


@settings(**COMMON)
@given(data=st.data())
def test_invariant_1_through_rank_crowding_never_moves_a_preferred_opening_past_the_band(embedder, data):
    employers, openings = data.draw(catalogues())
    seeker = data.draw(seekers())
    judgments = data.draw(judgments_for(openings))
    exposure = data.draw(st.dictionaries(st.sampled_from([o.id for o in openings]), st.integers(0, 60)))
    index = OpeningIndex.build(openings, employers, embedder)
    crowded = rank(seeker, index, judgments=judgments, exposure=exposure, limit=50)
    plain = rank(seeker, index, judgments=judgments, limit=50)
    assert {s.opening_id for s in crowded} == {s.opening_id for s in plain}, "crowding only reorders"
    for i, above in enumerate(crowded):
        assert 0.0 <= above.components["congestion"] <= 1.0
        for below in crowded[i + 1 :]:
            assert below.preference_score - above.preference_score < BAND + 1e-6, (
                f"opening {below.opening_id} (P={below.preference_score}) ranks under {above.opening_id} "
                f"(P={above.preference_score}) although the seeker prefers it by the band or more"
            )
    assert rank(seeker, index, judgments=judgments, exposure={}, limit=50) == plain, "no exposure, no change"


def _comparable_catalogue() -> tuple[list[Employer], list[Opening]]:
    """Three kennel openings at three shelters, alike but for a few cents of wage, and one line cook."""
    employers = [Employer(id=i, name=f"Shelter {i}", industry="animal care") for i in (1, 2, 3)]
    employers.append(Employer(id=4, name="Diner", industry="restaurant"))
    openings = [
        Opening(id=i, employer_id=i, title="Kennel assistant", description="Clean kennels, walk dogs", hours_min=15,
                hours_max=20, shifts=[Shift.morning], wage=16.0 + i / 100)
        for i in (1, 2, 3)
    ]
    openings.append(Opening(id=4, employer_id=4, title="Line cook", hours_min=15, hours_max=20,
                            shifts=[Shift.morning], wage=17.0))
    return employers, openings


def test_a_crowded_opening_gives_way_to_a_comparable_one_but_not_to_one_liked_much_less(embedder) -> None:
    employers, openings = _comparable_catalogue()
    seeker = JobSeeker(id=9, name="Ana R.", profile={"job_types": ["kennel assistant"], "min_wage": 15})
    index = OpeningIndex.build(openings, employers, embedder)
    plain = rank(seeker, index, limit=4)
    top, cook = plain[0], next(s for s in plain if s.opening_id == 4)
    assert top.preference_score - cook.preference_score >= BAND, "the test needs an opening liked much less"
    crowded = rank(seeker, index, limit=4, exposure={top.opening_id: 40})
    order = [s.opening_id for s in crowded]
    assert order[0] != top.opening_id and order.index(top.opening_id) < order.index(4)
    moved = next(s for s in crowded if s.opening_id == top.opening_id)
    assert moved.components["congestion"] == 1.0 and moved.score < top.score
    assert moved.preference_score == top.preference_score, "the seeker's own preference is untouched"
    assert moved.seeker_view().score == moved.score, "the seeker's view keeps congestion in"
