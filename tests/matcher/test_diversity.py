"""Diversity and the employer-needs term: both reorder only within the band, never past a clear preference."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher import OpeningIndex, rank
from matcher.diversity import diversify
from models import Employer, JobSeeker, Opening, Settings

HOME = {"lat": 44.97, "lon": -93.26}


def test_the_top_ten_is_not_all_one_employer_when_others_are_about_as_good(embedder):
    employers = [Employer(id=1, name="Big Shelter", location=HOME), Employer(id=2, name="Small Kennel", location=HOME)]
    openings = [Opening(id=i, employer_id=1, title="Kennel assistant", wage=17) for i in range(1, 13)]
    openings += [Opening(id=20, employer_id=2, title="Kennel attendant", wage=17)]
    index = OpeningIndex.build(openings, employers, embedder)
    seeker = JobSeeker(id=1, name="A", profile={"job_types": ["kennel assistant"]})
    plain = rank(seeker, index, limit=10, settings=Settings(max_per_employer=99))
    assert {s.employer_id for s in plain} == {1}, "without diversity the one shelter fills the list"
    top = rank(seeker, index, limit=10)
    assert top[2].employer_id == 2, "after two shelter jobs, the close alternative comes next"
    assert plain[0].preference_score - top[2].preference_score < Settings().judgment_band


def test_diversity_never_costs_a_clearly_better_match(embedder):
    employers = [Employer(id=1, name="Big Shelter", location=HOME), Employer(id=2, name="Office", location=HOME)]
    openings = [Opening(id=i, employer_id=1, title="Kennel assistant") for i in range(1, 6)]
    openings += [Opening(id=20, employer_id=2, title="Accounts payable clerk")]
    index = OpeningIndex.build(openings, employers, embedder)
    top = rank(JobSeeker(id=1, name="A", profile={"job_types": ["kennel assistant"]}), index, limit=6)
    assert [s.opening_id for s in top] == [1, 2, 3, 4, 5, 20]


def test_diversify_respects_every_waiting_preference():
    preference = np.array([0.90, 0.89, 0.88, 0.85, 0.70])
    employer = np.array([1, 1, 1, 2, 3])
    order = np.arange(5)
    # Opening 3 (employer 2) is within 0.1 of everything waiting; opening 4 is not.
    assert diversify(order, preference, employer, band=0.1, max_per_employer=2, window=10, limit=5) == [0, 1, 3, 2, 4]
    # Something outside the pool preferred by more than the band blocks the jump.
    assert diversify(order[:4], preference, employer, band=0.1, max_per_employer=2, window=10, limit=4,
                     best_elsewhere=0.96) == [0, 1, 2, 3]


def test_employer_needs_break_a_near_tie_but_not_more(embedder):
    employers = [
        Employer(id=1, name="Plain Diner", location=HOME),
        Employer(id=2, name="Careful Diner", location=HOME, hiring_needs=["someone careful and reliable"]),
    ]
    openings = [Opening(id=1, employer_id=1, title="Dishwasher"), Opening(id=2, employer_id=2, title="Dishwasher")]
    index = OpeningIndex.build(openings, employers, embedder)
    seeker = JobSeeker(id=1, name="A", profile={"job_types": ["dishwasher"], "strengths": ["careful", "reliable"]})
    top = rank(seeker, index)
    assert [s.opening_id for s in top] == [2, 1], "equal preference: the employer that needs this seeker first"
    assert top[0].preference_score == top[1].preference_score
    assert 0 < top[0].score - top[0].preference_score < Settings().judgment_band
    assert "What the employer is looking for matches your strengths." in top[0].reasons


def test_diversity_applies_inside_the_window_only():
    preference = np.array([0.90, 0.89, 0.88, 0.85, 0.84])
    employer = np.array([1, 1, 1, 2, 3])
    # Window 2, one per employer: the second place goes to employer 2; past the window, plain order again.
    assert diversify(np.arange(5), preference, employer, band=0.1, max_per_employer=1, window=2, limit=5) == [
        0, 3, 1, 2, 4]


def test_one_per_employer_means_the_second_of_an_employer_waits():
    preference = np.array([0.90, 0.89, 0.85])
    employer = np.array([1, 1, 2])
    assert diversify(np.arange(3), preference, employer, band=0.1, max_per_employer=1, window=10, limit=3) == [0, 2, 1]


def test_an_opening_preferred_by_exactly_the_band_is_never_passed_over():
    preference = np.array([1.0, 1.0, 0.5])
    employer = np.array([1, 1, 2])
    assert diversify(np.arange(3), preference, employer, band=0.5, max_per_employer=1, window=10, limit=3) == [0, 1, 2]
    assert diversify(np.arange(3), preference, employer, band=0.5000001, max_per_employer=1, window=10,
                     limit=3) == [0, 2, 1]


def _diversified_one_row_at_a_time(order, preference, employer, *, band, max_per_employer, window, limit,
                                   best_elsewhere):
    """The greedy pass as the module docstring words it, one waiting row at a time."""
    remaining, chosen, count = [int(r) for r in order], [], {}
    while remaining and len(chosen) < limit:
        ceiling = max(best_elsewhere, max(preference[r] for r in remaining))
        pick = 0
        if len(chosen) < window and count.get(employer[remaining[0]], 0) >= max_per_employer:
            for i, row in enumerate(remaining):
                if count.get(employer[row], 0) < max_per_employer and preference[row] > ceiling - band:
                    pick = i
                    break
        row = remaining.pop(pick)
        chosen.append(row)
        count[employer[row]] = count.get(employer[row], 0) + 1
    return chosen


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(st.tuples(st.sampled_from([0.3, 0.5, 0.55, 0.6, 0.62, 0.7, 0.9, 1.0]), st.integers(1, 4)),
                  max_size=40),
    pool=st.data(),
    band=st.sampled_from([0.0, 0.05, 0.1, 0.3]),
    max_per_employer=st.integers(1, 3),
    window=st.integers(0, 12),
    limit=st.integers(1, 15),
    best_elsewhere=st.sampled_from([-np.inf, 0.4, 0.65, 0.95]),
)
def test_diversify_picks_what_the_one_row_at_a_time_pass_picks(
    rows, pool, band, max_per_employer, window, limit, best_elsewhere
):
    """Ties in P and employers at their cap (both common in a broad seeker's pool) included."""
    preference = np.array([p for p, _ in rows], dtype=np.float64)
    employer = np.array([e for _, e in rows], dtype=np.int64)
    order = pool.draw(st.permutations(range(len(rows))).flatmap(lambda p: st.sampled_from(
        [list(p), list(p)[: len(p) // 2]])))
    expected = _diversified_one_row_at_a_time(
        order, preference.tolist(), employer.tolist(), band=band, max_per_employer=max_per_employer, window=window,
        limit=limit, best_elsewhere=best_elsewhere,
    )
    assert diversify(np.array(order, dtype=np.int64), preference, employer, band=band,
                     max_per_employer=max_per_employer, window=window, limit=limit,
                     best_elsewhere=best_elsewhere) == expected
