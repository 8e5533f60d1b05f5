"""Earnings estimates and benefits notes against DOMAIN.md's 2026 figures."""

from __future__ import annotations

import math

import pytest

from matcher.benefits import (
    agreed_hours,
    benefits_note,
    earnings_limit,
    hours_under,
    monthly,
    monthly_earnings,
    ssi_reduction,
    weekly_hours,
)
from models import CareerProfile, Opening, Settings

SETTINGS = Settings()


def test_earnings_are_wage_times_weekly_hours_times_52_over_12():
    opening = Opening(employer_id=1, title="x", wage=16.5, hours_min=15, hours_max=20)
    assert monthly_earnings(CareerProfile(), opening) == pytest.approx(16.5 * 17.5 * 52 / 12, abs=0.01)
    # The seeker wants at most 16 hours: the estimate uses the hours both can agree on (15-16).
    assert monthly_earnings(CareerProfile(hours_max=16), opening) == pytest.approx(16.5 * 15.5 * 52 / 12, abs=0.01)
    assert monthly_earnings(CareerProfile(), Opening(employer_id=1, title="x", hours_min=10)) is None


def test_ssi_goes_down_fifty_cents_a_dollar_after_85():
    assert ssi_reduction(85.0, SETTINGS) == 0
    assert ssi_reduction(1085.0, SETTINGS) == pytest.approx(500.0)
    assert ssi_reduction(10_000.0, SETTINGS) == 994.0


@pytest.mark.parametrize(
    ("earnings", "expected"),
    [(1000.0, "under the $1,210"), (1300.0, "Trial Work Period month"), (1800.0, "$1,690 SSDI substantial")],
)
def test_ssdi_note_names_the_threshold_that_applies(earnings, expected):
    note = benefits_note(CareerProfile(benefits=["ssdi"]), earnings, SETTINGS)
    assert expected in note and "2026" in note


def test_no_benefits_no_note_and_thresholds_come_from_settings():
    assert benefits_note(CareerProfile(), 1500.0, SETTINGS) is None
    assert "$1,000 SSDI" in benefits_note(CareerProfile(benefits=["ssdi"]), 1100.0, Settings(sga_non_blind=1000))


def test_the_limit_to_stay_under_is_the_lowest_threshold_of_the_benefits_received():
    assert earnings_limit(CareerProfile(benefits=["ssdi"], keep_under_threshold=True), SETTINGS) == (1690.0, "SSDI")
    # SSI reaches zero at $20 + $65 + 2 x $994 = $2,073 of earnings a month.
    assert earnings_limit(CareerProfile(benefits=["ssi"], keep_under_threshold=True), SETTINGS) == (2073.0, "SSI")
    both = CareerProfile(benefits=["ssi", "ssdi"], keep_under_threshold=True)
    assert earnings_limit(both, SETTINGS) == (1690.0, "SSDI")
    assert earnings_limit(both, Settings(sga_non_blind=2500)) == (2073.0, "SSI")
    assert earnings_limit(CareerProfile(benefits=["ssdi"]), SETTINGS) is None, "only when the seeker asked"
    assert earnings_limit(CareerProfile(benefits=["medicaid"], keep_under_threshold=True), SETTINGS) is None


def test_the_earnings_estimate_respects_the_hours_that_keep_the_seeker_under_the_limit():
    opening = Opening(employer_id=1, title="x", wage=20.0, hours_min=15, hours_max=35)
    profile = CareerProfile(benefits=["ssdi"], keep_under_threshold=True)
    assert monthly_earnings(profile, opening) == pytest.approx(20 * 25 * 52 / 12, abs=0.01), "no settings: middle"
    assert monthly_earnings(profile, opening, SETTINGS) == pytest.approx(1690.0, abs=0.01)
    relaxed = CareerProfile(benefits=["ssdi"])
    assert monthly_earnings(relaxed, opening, SETTINGS) == pytest.approx(20 * 25 * 52 / 12, abs=0.01)


def test_the_note_in_full_for_each_benefit():
    ssdi, ssi, medicaid = (CareerProfile(benefits=[b]) for b in ("ssdi", "ssi", "medicaid"))
    assert benefits_note(ssdi, 1690.0, SETTINGS) == (
        "About $1,690 a month. That is over $1,210, so it would use a Trial Work Period month of SSDI (2026)."
    ), "at the SGA level exactly is not over it"
    assert benefits_note(ssdi, 1690.5, SETTINGS) == (
        "About $1,690 a month. That is over the $1,690 SSDI substantial gainful activity level for 2026; "
        "talk with a benefits planner before starting."
    )
    assert benefits_note(ssdi, 1210.0, SETTINGS) == (
        "About $1,210 a month. That is under the $1,210 SSDI Trial Work Period level for 2026."
    )
    assert benefits_note(ssi, 85.0, SETTINGS) == "About $85 a month. SSI would not change."
    assert benefits_note(ssi, 86.0, SETTINGS) == (
        "About $86 a month. SSI would go down by about $0, so you would have about $86 more a month in total."
    ), "50 cents is a change"
    assert benefits_note(ssi, 1085.0, SETTINGS) == (
        "About $1,085 a month. SSI would go down by about $500, so you would have about $585 more a month in total."
    )
    assert benefits_note(medicaid, 900.0, SETTINGS) == (
        "About $900 a month. Medicaid usually continues while you work; a benefits planner can confirm."
    )
    assert benefits_note(ssi, None, SETTINGS) == (
        "Earnings can't be estimated yet (wage or hours not stated); check them with a benefits planner."
    )


def test_one_end_of_the_job_s_hours_stands_for_both():
    only_min = Opening(employer_id=1, title="x", wage=12.0, hours_min=20)
    only_max = Opening(employer_id=1, title="x", wage=12.0, hours_max=20)
    for opening in (only_min, only_max):
        assert monthly_earnings(CareerProfile(), opening) == pytest.approx(12 * 20 * 52 / 12, abs=0.01)
        assert agreed_hours(CareerProfile(), opening) == (20, 20)
    assert weekly_hours(CareerProfile(), Opening(employer_id=1, title="x")) is None
    assert agreed_hours(CareerProfile(), Opening(employer_id=1, title="x")) is None


def test_the_hours_both_sides_accept():
    opening = Opening(employer_id=1, title="x", hours_min=15, hours_max=30)
    assert agreed_hours(CareerProfile(hours_min=20, hours_max=25), opening) == (20, 25)
    assert agreed_hours(CareerProfile(hours_min=10, hours_max=40), opening) == (15, 30)
    assert agreed_hours(CareerProfile(hours_max=10), opening) == (15, 15), "never fewer than the job's fewest"
    assert weekly_hours(CareerProfile(hours_min=20), opening) == 25
    assert weekly_hours(CareerProfile(hours_max=20), opening) == 17.5
    assert weekly_hours(CareerProfile(hours_min=35), opening) == 30, "the job's most when the seeker wants more"
    assert weekly_hours(CareerProfile(hours_max=10), opening) == 15, "the job's fewest when the seeker wants less"


def test_hours_under_a_limit_and_monthly_earnings_agree():
    assert hours_under(1690.0, 20.0) == pytest.approx(19.5, abs=1e-9)
    assert monthly(20.0, hours_under(1690.0, 20.0)) == pytest.approx(1690.0)
    assert hours_under(1690.0, 0.0) == math.inf, "an unpaid job never reaches the limit"
