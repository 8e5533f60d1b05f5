"""Earnings estimates and benefits notes against DOMAIN.md's 2026 figures."""

from __future__ import annotations

import pytest

from matcher.benefits import benefits_note, earnings_limit, monthly_earnings, ssi_reduction
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
