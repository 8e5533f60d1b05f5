"""Why an opening was suggested, in sentences a job seeker can read."""

from __future__ import annotations

from dataclasses import dataclass

from models import CareerProfile, Employer, Opening, Shift

_SHIFT_WORDS = {
    Shift.morning: "mornings", Shift.day: "daytime", Shift.evening: "evenings",
    Shift.night: "nights", Shift.weekend: "weekends",
}


@dataclass(frozen=True)
class Evidence:
    """The facts behind one suggestion that the reasons put into words."""

    interest: float
    phrase: str | None  # the seeker's own words that matched best
    need: str | None  # the employer's stated need, when that matched better than the opening's text
    title_hit: bool
    distance_km: float | None
    liked_title: str | None  # a job the seeker was interested in that this resembles
    judgment: float
    reciprocal: float
    unknown: tuple[str, ...]
    over_threshold: bool


def _hours(opening: Opening) -> str | None:
    low, high = opening.hours_min, opening.hours_max
    if low is None and high is None:
        return None
    if low is None or high is None or low == high:
        return f"{(low if low is not None else high):g} hours a week"
    return f"{low:g}-{high:g} hours a week"


def reasons(profile: CareerProfile, opening: Opening, employer: Employer, evidence: Evidence) -> list[str]:
    """Plain-language reasons, most important first; what is unknown is said, never hidden."""
    said: list[str] = []
    job = opening.title.lower()
    if evidence.title_hit and evidence.phrase:
        said.append(f"You asked for {evidence.phrase} work; this job is {job}.")
    elif evidence.need and evidence.phrase and evidence.interest > 0:
        need = evidence.need.rstrip(".")
        said.append(f"You said you like {evidence.phrase}; {employer.name} told us they need {need}.")
    elif evidence.phrase and evidence.interest >= 0.5:
        said.append(f"You said you like {evidence.phrase}; this job is {job}.")
    elif evidence.phrase and evidence.interest > 0:
        said.append(f"This job is partly like {evidence.phrase}, which you said you like.")
    elif not profile.wanted_phrases():
        said.append("Your profile doesn't say what work you like yet, so this is not ranked by your interests.")
    else:
        said.append("This job is not much like the work you said you want.")
    if evidence.liked_title:
        said.append(f"It is like {evidence.liked_title.lower()}, which you were interested in.")

    if evidence.distance_km is not None:
        limit = f", within your {profile.max_commute_km:g} km limit" if profile.max_commute_km else ""
        said.append(f"{evidence.distance_km:.0f} km from home{limit}.")
    hours = _hours(opening)
    if hours:
        wanted = ""
        if profile.hours_min is not None and profile.hours_max is not None:
            wanted = f"; you want {profile.hours_min:g}-{profile.hours_max:g}"
        said.append(f"{hours[0].upper()}{hours[1:]}{wanted}.")
    if opening.wage is not None:
        minimum = f", above your ${profile.min_wage:.2f} minimum" if profile.min_wage is not None else ""
        if profile.min_wage is not None and opening.wage == profile.min_wage:
            minimum = ", your minimum"
        said.append(f"${opening.wage:.2f} an hour{minimum}.")
    if opening.shifts:
        fits = [s for s in opening.shifts if s in profile.shifts]
        words = ", ".join(_SHIFT_WORDS[Shift(s)] for s in opening.shifts)
        said.append(f"Work is {words}" + (", when you said you're free." if fits else "."))
    if evidence.over_threshold:
        said.append("This would earn more than the benefit limit you want to stay under.")
    if evidence.judgment > 0:
        said.append("Your employment specialist thinks this could suit you.")
    if evidence.reciprocal >= 0.5:
        said.append("What the employer is looking for matches your strengths.")
    said.extend(f"{item} not known." for item in evidence.unknown)
    return said
