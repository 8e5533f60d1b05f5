"""An employer's needs fade with age: a hand-worked timeline, and the weights' bounds for any dates."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matcher.needs import Need, current_needs, fading, needs_timeline
from models import Employer, EmployerContact

TODAY = dt.date(2026, 11, 25)
SHELTER = Employer(id=7, name="Northside Animal Shelter", hiring_needs=["kennel help on weekday mornings"])


def contact(i: int, on: str, needs: str | None, employer_id: int = 7) -> EmployerContact:
    return EmployerContact(id=i, employer_id=employer_id, specialist_id=3, on=on, needs=needs)


CONTACTS = [
    contact(1, "2026-05-29", "two dishwashers for weekday lunch"),  # 180 days old: three half-lives, 1/8
    contact(2, "2026-09-26", "a front desk greeter on Saturdays"),  # 60 days: one half-life, 1/2
    contact(3, "2026-11-25", "kennel help on weekday mornings"),  # today: 1, and the same words as the record
    contact(4, "2026-10-26", None),  # no needs noted: not on the timeline
    contact(5, "2026-11-24", "someone to stock shelves", employer_id=8),  # another employer's
    contact(6, "2026-10-26", "a dog walker for the afternoons"),  # 30 days: half a half-life, 2 ** -0.5
]


def test_the_timeline_is_newest_first_with_each_need_weighted_by_its_age():
    timeline = needs_timeline(SHELTER, CONTACTS, today=TODAY, half_life_days=60)
    assert timeline == [
        Need("kennel help on weekday mornings", TODAY, "employer record", 1.0),
        Need("kennel help on weekday mornings", TODAY, "contact 3", 1.0),
        Need("a dog walker for the afternoons", dt.date(2026, 10, 26), "contact 6", pytest.approx(0.7071, abs=1e-4)),
        Need("a front desk greeter on Saturdays", dt.date(2026, 9, 26), "contact 2", 0.5),
        Need("two dishwashers for weekday lunch", dt.date(2026, 5, 29), "contact 1", 0.125),
    ]


def test_the_half_life_is_the_setting():
    (old,) = [n for n in needs_timeline(SHELTER, CONTACTS, today=TODAY, half_life_days=180) if n.source == "contact 1"]
    assert old.weight == 0.5


def test_current_needs_are_distinct_and_keep_the_newest_weight():
    assert current_needs(SHELTER, CONTACTS, today=TODAY, half_life_days=60) == [
        ("kennel help on weekday mornings", 1.0),
        ("a dog walker for the afternoons", pytest.approx(2**-0.5)),
        ("a front desk greeter on Saturdays", 0.5),
        ("two dishwashers for weekday lunch", 0.125),
    ]


def test_an_employer_without_needs_has_an_empty_timeline():
    assert needs_timeline(Employer(id=9, name="Quiet"), CONTACTS, today=TODAY, half_life_days=60) == []


@given(age=st.integers(-10_000, 100_000), half_life=st.floats(0.5, 3650))
def test_weights_stay_between_0_and_1_and_never_grow_with_age(age, half_life):
    weight = fading(age, half_life)
    assert 0.0 <= weight <= 1.0
    assert fading(age + 1, half_life) <= weight
    if age <= 0:
        assert weight == 1.0  # a need recorded today (or dated ahead) counts fully


def test_a_half_life_must_be_positive():
    with pytest.raises(ValueError, match="half_life_days"):
        fading(10, 0)


def test_an_old_need_lifts_an_opening_less_than_the_same_need_heard_today(embedder):
    from matcher import OpeningIndex, rank
    from models import JobSeeker, Opening

    employers = [Employer(id=1, name="Careful Diner"), Employer(id=2, name="Other Diner")]
    openings = [Opening(id=1, employer_id=1, title="Dishwasher"), Opening(id=2, employer_id=2, title="Dishwasher")]
    seeker = JobSeeker(id=1, name="A", profile={"job_types": ["dishwasher"], "strengths": ["careful", "reliable"]})

    def lift(on: str) -> float:
        heard = [EmployerContact(id=1, employer_id=1, specialist_id=3, on=on, needs="someone careful and reliable")]
        index = OpeningIndex.build(openings, employers, embedder, contacts=heard, today=TODAY, needs_half_life_days=60)
        (top,) = [s for s in rank(seeker, index) if s.opening_id == 1]
        return top.components["employer_needs"]

    today, two_months, long_ago = lift("2026-11-25"), lift("2026-09-26"), lift("2016-11-25")
    assert today > 0.3
    assert two_months == pytest.approx(today / 2, abs=1e-4)  # one half-life: half the fit
    assert long_ago < 1e-6
