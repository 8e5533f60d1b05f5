"""Invariant 1, the bound itself: judgment and employer needs reorder only gaps in P under the documented reach.

The reach is stated once, in README "How the ranking decides" and matcher/adjustments.py, as the largest gap
in P that can be overturned, as a share of the band. The numbers are written out here, so changing the
constants in matcher/adjustments.py without changing the documentation fails these tests.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from matcher.adjustments import final_score, sort_score
from models import Settings

JUDGMENT_OVERTURNS = 0.60  # judgment alone: a gap under 0.6 of the band
NEEDS_OVERTURNS = 0.15  # employer needs alone: under 0.15 of the band
TOGETHER_OVERTURNS = 0.75  # both: under 0.75 of the band, so never a gap of the band or more
EPS = 1e-6

preferences = st.floats(0, 1)
judgments = st.one_of(st.sampled_from([-1.0, 0.0, 1.0]), st.floats(-1, 1))
needs = st.one_of(st.sampled_from([0.0, 1.0]), st.floats(0, 1))
# The default band and anything the settings allow (0 < band <= 0.5).
bands = st.one_of(st.just(Settings().judgment_band), st.floats(0.01, 0.5))


def score(p: float, j: float, r: float, band: float) -> float:
    """What a list is sorted by (sort_score); final_score is the same number kept within 0..1."""
    return float(sort_score(np.array([p]), np.array([j]), np.array([r]), band)[0])


def shown(p: float, j: float, r: float, band: float) -> float:
    return float(final_score(np.array([p]), np.array([j]), np.array([r]), band)[0])


def pair(draw, gap_share: float, band: float) -> tuple[float, float]:
    """P_a and P_b with P_a - P_b = gap_share x band, both in 0..1."""
    gap = gap_share * band
    p_b = draw(st.floats(0, 1 - gap))
    return min(1.0, p_b + gap), p_b


@given(data=st.data(), j_a=judgments, j_b=judgments, r_a=needs, r_b=needs, band=bands)
def test_invariant_1_a_gap_of_the_band_or_more_is_never_overturned(data, j_a, j_b, r_a, r_b, band):
    p_b = data.draw(st.floats(0, 1 - band))
    p_a = data.draw(st.floats(p_b + band, 1))
    # The drawn terms, and the worst case: -1 and no employer-needs fit on A, +1 and a full fit on B, at a gap
    # of exactly the band.
    for a, b in (((p_a, j_a, r_a), (p_b, j_b, r_b)), ((p_b + band, -1.0, 0.0), (p_b, 1.0, 1.0))):
        assert score(*a, band) > score(*b, band)
        assert shown(*a, band) > shown(*b, band), "clipping never ties them either"


@given(data=st.data(), band=bands)
def test_invariant_1_judgment_alone_overturns_a_gap_under_its_reach_and_none_above(data, band):
    r = data.draw(needs)  # the same employer-needs fit on both sides
    p_a, p_b = pair(data.draw, JUDGMENT_OVERTURNS - EPS, band)
    assert score(p_a, -1.0, r, band) < score(p_b, 1.0, r, band), "just under the reach, judgment reorders"
    p_a, p_b = pair(data.draw, JUDGMENT_OVERTURNS + EPS, band)
    j_a, j_b = data.draw(judgments), data.draw(judgments)
    for a, b in ((-1.0, 1.0), (j_a, j_b)):
        assert score(p_a, a, r, band) > score(p_b, b, r, band), "just over the reach, no judgment reorders"


@given(data=st.data(), band=bands)
def test_invariant_1_employer_needs_alone_overturn_a_gap_under_their_reach_and_none_above(data, band):
    j = data.draw(judgments)  # the same judgment on both sides
    p_a, p_b = pair(data.draw, NEEDS_OVERTURNS - EPS, band)
    assert score(p_a, j, 0.0, band) < score(p_b, j, 1.0, band)
    p_a, p_b = pair(data.draw, NEEDS_OVERTURNS + EPS, band)
    r_a, r_b = data.draw(needs), data.draw(needs)
    for a, b in ((0.0, 1.0), (r_a, r_b)):
        assert score(p_a, j, a, band) > score(p_b, j, b, band)


@given(data=st.data(), band=bands)
def test_invariant_1_both_together_overturn_a_gap_under_their_reach_which_is_under_the_band(data, band):
    assert TOGETHER_OVERTURNS < 1
    p_a, p_b = pair(data.draw, TOGETHER_OVERTURNS - EPS, band)
    assert score(p_a, -1.0, 0.0, band) < score(p_b, 1.0, 1.0, band)
    p_a, p_b = pair(data.draw, TOGETHER_OVERTURNS + EPS, band)
    drawn = (data.draw(judgments), data.draw(needs), data.draw(judgments), data.draw(needs))
    for j_a, r_a, j_b, r_b in ((-1.0, 0.0, 1.0, 1.0), drawn):
        assert score(p_a, j_a, r_a, band) > score(p_b, j_b, r_b, band)


@given(
    p=st.one_of(st.sampled_from([0.0, 1.0]), preferences), j=judgments, r=needs,
    band=st.one_of(st.just(0.5), bands),
)
def test_the_score_is_always_within_0_and_1(p, j, r, band):
    assert 0.0 <= shown(p, j, r, band) <= 1.0


def test_a_judgment_about_an_opening_wins_over_one_about_its_employer(embedder):
    from matcher import OpeningIndex, rank
    from models import Employer, JobSeeker, Judgment, Opening

    home = {"lat": 44.97, "lon": -93.26}
    employers = [Employer(id=1, name="Acme", location=home), Employer(id=2, name="Other", location=home)]
    openings = [Opening(id=1, employer_id=1, title="Clerk"), Opening(id=2, employer_id=1, title="Clerk"),
                Opening(id=3, employer_id=2, title="Clerk")]
    index = OpeningIndex.build(openings, employers, embedder)
    judgments = [Judgment(employer_id=1, weight=0.5), Judgment(opening_id=2, weight=-1.0),
                 Judgment(opening_id=99, weight=1.0)]  # an opening no longer in the catalogue: ignored
    found = {s.opening_id: s.components["judgment"] for s in rank(JobSeeker(id=1, name="A"), index,
                                                                   judgments=judgments)}
    assert found == {1: 0.5, 2: -1.0, 3: 0.0}


def test_the_employer_needs_term_is_the_best_fit_of_its_needs_times_how_recent_each_is(embedder):
    import datetime as dt

    from matcher import OpeningIndex, rank
    from models import Employer, EmployerContact, JobSeeker, Opening

    home = {"lat": 44.97, "lon": -93.26}
    today = dt.date(2026, 11, 25)
    employers = [Employer(id=1, name="Fresh", location=home, hiring_needs=["someone careful and reliable"]),
                 Employer(id=2, name="Stale", location=home), Employer(id=3, name="None", location=home),
                 Employer(id=4, name="Forklifts", location=home, hiring_needs=["a forklift licence"])]
    old = EmployerContact(id=1, employer_id=2, specialist_id=1, on=today - dt.timedelta(days=60),
                          needs="someone careful and reliable")
    openings = [Opening(id=i, employer_id=i, title="Dishwasher") for i in (1, 2, 3, 4)]
    index = OpeningIndex.build(openings, employers, embedder, contacts=[old], today=today, needs_half_life_days=60)
    seeker = JobSeeker(id=1, name="A", profile={"strengths": ["careful", "reliable"]})
    fit = {s.opening_id: s.components["employer_needs"] for s in rank(seeker, index)}
    assert fit[1] > 0.5 and fit[3] == 0.0
    assert fit[4] < 0.1, "each employer is judged by its own needs, not another's"
    assert fit[2] == pytest.approx(fit[1] / 2, abs=1e-4), "a need recorded one half-life ago counts half"
