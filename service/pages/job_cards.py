"""Suggested jobs as a job seeker reads them: short sentences about the job, the pay and their benefits.

The numbers come from the engine's Suggestion (seeker_view: no judgment figure) and the opening itself; the
benefits sentences are written here, for the seeker, from the same thresholds matcher/benefits.py uses
(the API's `benefits_note` is written for staff and says more).
"""

from __future__ import annotations

from dataclasses import dataclass

from matcher import Suggestion
from matcher.benefits import ssi_reduction
from models import Benefit, CareerProfile, Opening, Settings, Shift

SHIFT_WORDS = {
    Shift.morning: "mornings", Shift.day: "daytime", Shift.evening: "evenings", Shift.night: "nights",
    Shift.weekend: "weekends",
}
UNKNOWN_WORDS = {"wage": "the pay", "hours": "the hours", "shifts": "when the work is", "location": "where it is"}


@dataclass(frozen=True)
class JobCard:
    """What one card on "Jobs for you" says."""

    opening_id: int
    title: str
    employer: str
    about: str  # the employer's own words for the job
    where: str
    hours: str | None
    when: str | None
    pay: str | None
    monthly: str | None
    benefits: list[str]
    reasons: list[str]
    not_said: str | None
    interested: bool


def money(amount: float, cents: bool = False) -> str:
    """Dollars as people write them: $1,842 or $17.50."""
    return f"${amount:,.2f}" if cents else f"${amount:,.0f}"


def hours_words(opening: Opening) -> str | None:
    """'20 to 35 hours a week', '20 hours a week', or None when the job does not say."""
    low, high = opening.hours_min, opening.hours_max
    if low is None and high is None:
        return None
    if low is None or high is None or low == high:
        return f"{low if low is not None else high:g} hours a week"
    return f"{low:g} to {high:g} hours a week"


def shift_words(shifts: list[Shift]) -> str | None:
    """'Daytime and evenings'; None when the job does not say."""
    words = [SHIFT_WORDS[s] for s in shifts]
    if not words:
        return None
    text = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
    return text[0].upper() + text[1:]


def benefits_words(profile: CareerProfile, earnings: float | None, settings: Settings) -> list[str]:
    """Short sentences on what this pay means for the seeker's benefits; none when no benefits are recorded."""
    benefits = set(profile.benefits)
    if not benefits & {Benefit.ssi, Benefit.ssdi, Benefit.medicaid}:
        return []
    if earnings is None:
        return ["We can't tell the monthly pay yet. A benefits planner can help you check."]
    said = []
    if Benefit.ssdi in benefits:
        if earnings > settings.sga_non_blind:
            said.append(f"This is more than {money(settings.sga_non_blind)} a month. That could stop your SSDI. "
                        "Talk with a benefits planner first.")
        elif earnings > settings.twp_month:
            said.append(f"This is more than {money(settings.twp_month)} a month. Each month like this uses one "
                        "of your SSDI trial work months.")
        else:
            said.append(f"This is less than {money(settings.twp_month)} a month. Your SSDI stays the same.")
    if Benefit.ssi in benefits:
        cut = ssi_reduction(earnings, settings)
        if cut <= 0:
            said.append("Your SSI stays the same.")
        else:
            said.append(f"Your SSI would go down by about {money(cut)}. You would still have about "
                        f"{money(earnings - cut)} more each month.")
    if Benefit.medicaid in benefits:
        said.append("Most people keep Medicaid when they work. A benefits planner can check for you.")
    return said


def card(suggestion: Suggestion, opening: Opening, profile: CareerProfile, settings: Settings,
         interested: bool) -> JobCard:
    """The card for one suggestion (the seeker's view of it) and its opening."""
    where = f"At {suggestion.employer_name}"
    if suggestion.distance_km is not None:
        where += f", {suggestion.distance_km:.1f} km from your home"
    unknown = [UNKNOWN_WORDS.get(u, u) for u in suggestion.unknown]
    return JobCard(
        opening_id=suggestion.opening_id,
        title=suggestion.title,
        employer=suggestion.employer_name,
        about=opening.description,
        where=where + ".",
        hours=hours_words(opening),
        when=shift_words(opening.shifts),
        pay=f"{money(opening.wage, cents=True)} an hour" if opening.wage is not None else None,
        monthly=f"About {money(suggestion.monthly_earnings)} a month" if suggestion.monthly_earnings is not None
        else None,
        benefits=benefits_words(profile, suggestion.monthly_earnings, settings),
        reasons=list(suggestion.reasons),
        not_said=("The job does not say " + " or ".join(dict.fromkeys(unknown)) + ".") if unknown else None,
        interested=interested,
    )
