"""Estimated monthly earnings and what they would mean for the seeker's benefits (DOMAIN.md, 2026 figures)."""

from __future__ import annotations

import math

from models import Benefit, CareerProfile, Opening, Settings

WEEKS_PER_MONTH = 52 / 12


def earnings_limit(profile: CareerProfile, settings: Settings) -> tuple[float, str] | None:
    """The monthly earnings the seeker asked to stay under, and which benefit sets it; None when nothing does.

    SSDI: the substantial gainful activity level. SSI: the earnings at which SSI reaches zero ($20 + $65
    excluded, then 50 cents per dollar). With both, the lower one.
    """
    if not profile.keep_under_threshold:
        return None
    limits = []
    if Benefit.ssdi in profile.benefits:
        limits.append((settings.sga_non_blind, "SSDI"))
    if Benefit.ssi in profile.benefits:
        ssi_ends = settings.ssi_general_exclusion + settings.ssi_earned_exclusion + 2 * settings.ssi_federal_rate
        limits.append((ssi_ends, "SSI"))
    return min(limits) if limits else None


def monthly(wage: float, hours: float) -> float:
    """wage x hours a week x 52 / 12; filters.py computes it in this same order, so both agree to the cent."""
    return wage * hours * 52 / 12


def hours_under(limit: float, wage: float) -> float:
    """The most hours a week at this wage whose monthly earnings stay at or under the limit."""
    return limit * 12 / 52 / wage if wage > 0 else math.inf


def agreed_hours(profile: CareerProfile, opening: Opening) -> tuple[float, float] | None:
    """The fewest and most hours a week both the seeker and the opening accept; None when the job's are unknown."""
    job_low = opening.hours_min if opening.hours_min is not None else opening.hours_max
    job_high = opening.hours_max if opening.hours_max is not None else opening.hours_min
    if job_low is None or job_high is None:
        return None
    low = max(job_low, profile.hours_min) if profile.hours_min is not None else job_low
    high = min(job_high, profile.hours_max) if profile.hours_max is not None else job_high
    return low, max(low, high)


def weekly_hours(profile: CareerProfile, opening: Opening) -> float | None:
    """Hours a week the seeker would likely work: the middle of what both want, else of what is known."""
    job = (opening.hours_min, opening.hours_max)
    job_low = job[0] if job[0] is not None else job[1]
    job_high = job[1] if job[1] is not None else job[0]
    if job_low is None or job_high is None:
        return None
    low, high = job_low, job_high
    if profile.hours_min is not None:
        low = max(low, min(profile.hours_min, high))
    if profile.hours_max is not None:
        high = min(high, max(profile.hours_max, low))
    return (low + high) / 2


def monthly_earnings(profile: CareerProfile, opening: Opening, settings: Settings | None = None) -> float | None:
    """wage x hours per week x 52 / 12, in dollars; None when the wage or the hours are unknown.

    With settings, a seeker who asked to stay under a benefit threshold is assumed to work no more hours
    than keep them under it (see hours_under()).
    """
    hours = weekly_hours(profile, opening)
    if opening.wage is None or hours is None:
        return None
    limit = earnings_limit(profile, settings) if settings is not None else None
    if limit is not None:
        hours = min(hours, hours_under(limit[0], opening.wage))
    return round(opening.wage * hours * WEEKS_PER_MONTH, 2)


def ssi_reduction(earnings: float, settings: Settings) -> float:
    """How much SSI goes down for these monthly earnings: half of what is left after $20 + $65."""
    countable = max(0.0, earnings - settings.ssi_general_exclusion - settings.ssi_earned_exclusion) / 2
    return min(countable, settings.ssi_federal_rate)


def benefits_note(profile: CareerProfile, earnings: float | None, settings: Settings) -> str | None:
    """A plain sentence on earnings against the seeker's benefit thresholds; None when no benefits are recorded."""
    benefits = set(profile.benefits)
    if not benefits & {Benefit.ssi, Benefit.ssdi, Benefit.medicaid}:
        return None
    if earnings is None:
        return "Earnings can't be estimated yet (wage or hours not stated); check them with a benefits planner."
    year = settings.benefits_year
    notes = [f"About ${earnings:,.0f} a month."]
    if Benefit.ssdi in benefits:
        if earnings > settings.sga_non_blind:
            notes.append(
                f"That is over the ${settings.sga_non_blind:,.0f} SSDI substantial gainful activity level for {year}; "
                "talk with a benefits planner before starting."
            )
        elif earnings > settings.twp_month:
            notes.append(
                f"That is over ${settings.twp_month:,.0f}, so it would use a Trial Work Period month of SSDI ({year})."
            )
        else:
            notes.append(f"That is under the ${settings.twp_month:,.0f} SSDI Trial Work Period level for {year}.")
    if Benefit.ssi in benefits:
        cut = ssi_reduction(earnings, settings)
        if cut <= 0:
            notes.append("SSI would not change.")
        else:
            notes.append(
                f"SSI would go down by about ${cut:,.0f}, so you would have about ${earnings - cut:,.0f} more "
                "a month in total."
            )
    if Benefit.medicaid in benefits:
        notes.append("Medicaid usually continues while you work; a benefits planner can confirm.")
    return " ".join(notes)
