"""Estimated monthly earnings and what they would mean for the seeker's benefits (DOMAIN.md, 2026 figures)."""

from __future__ import annotations

from models import Benefit, CareerProfile, Opening, Settings

WEEKS_PER_MONTH = 52 / 12


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


def monthly_earnings(profile: CareerProfile, opening: Opening) -> float | None:
    """wage x hours per week x 52 / 12, in dollars; None when the wage or the hours are unknown."""
    hours = weekly_hours(profile, opening)
    if opening.wage is None or hours is None:
        return None
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


def over_threshold(profile: CareerProfile, earnings: float | None, settings: Settings) -> bool:
    """True when the seeker asked to stay under their benefit threshold and this job would go over it."""
    if not profile.keep_under_threshold or earnings is None:
        return False
    if Benefit.ssdi in profile.benefits and earnings > settings.sga_non_blind:
        return True
    return Benefit.ssi in profile.benefits and ssi_reduction(earnings, settings) >= settings.ssi_federal_rate
