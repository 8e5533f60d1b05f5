"""Why an opening was suggested, in plain sentences: to the seeker ("you"), or to staff about the seeker by name.

Every sentence states something the numbers behind it support (tests/matcher/test_reasons.py checks each
one against them): a likeness is claimed only above a calibrated similarity, a shift is called free only
when the seeker said so, a limit is called met only when it is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from matcher.benefits import agreed_hours, hours_under, monthly
from models import CareerProfile, Employer, Opening, Shift

# Cosine similarity (ipsmatch's tuned all-MiniLM-L6-v2) of a seeker's phrase and a job's text at which a likeness
# is claimed. Calibrated on the labelled (seeker phrase, job title) pairs in tests/matcher/test_reasons.py
# (25 related, 20 somewhat related, 25 unrelated):
#   related:   min 0.29, p10 0.39, median 0.54, p90 0.84
#   somewhat:  min 0.20, p10 0.23, median 0.35, p90 0.51, max 0.54 ("laundry" / "Housekeeper")
#   unrelated: min 0.06, p10 0.11, median 0.17, p90 0.30, max 0.45 ("kennel assistant" / "Outreach
#              assistant": one shared word; next highest 0.32, "kennel assistant" / "Library aide")
# At 0.55 and above no unrelated and no somewhat pair (12 of 25 related): "this job is X" is safe to say.
# From 0.41: 22 of 25 related, 6 of 20 somewhat and 1 of 25 unrelated pairs: said only as "somewhat like".
# Below 0.41 no likeness is claimed. The same thresholds apply to a job against one the seeker liked. (The
# packaged model separated the pairs less well at the same thresholds: 8 and 20 of 25 related, 1 somewhat at 0.55.)
LIKE = 0.55
SOMEWHAT_LIKE = 0.41
# The employer-needs fit (0..1) from which "what the employer is looking for matches your strengths" is said.
STRENGTHS_MATCH = 0.5

_SHIFT_WORDS = {
    Shift.morning: "mornings", Shift.day: "daytime", Shift.evening: "evenings",
    Shift.night: "nights", Shift.weekend: "weekends",
}


@dataclass(frozen=True)
class Evidence:
    """The facts behind one suggestion that the reasons put into words."""

    phrase: str | None  # the seeker's own words closest to the opening's text
    similarity: float  # cosine similarity of that phrase and the opening's text
    title_phrase: str | None  # the seeker's wanted job type that is this job's title (rapidfuzz), if any
    need: str | None  # the employer's stated need closest to the seeker's words
    need_phrase: str | None  # the seeker's words closest to that need
    need_similarity: float
    distance_km: float | None
    liked_title: str | None  # the job the seeker was interested in that is most like this one
    liked_similarity: float
    judgment: float
    reciprocal: float  # employer-needs fit, 0..1
    unknown: tuple[str, ...]
    benefit_limit: tuple[float, str] | None  # monthly earnings the seeker asked to stay under, and whose


@dataclass(frozen=True)
class _Voice:
    """Whom the sentences address: the seeker, or staff reading about the seeker (name given)."""

    name: str | None

    @property
    def subject(self) -> str:  # "You said ..." / "Ana R. said ..."
        return self.name or "You"

    @property
    def object(self) -> str:  # "... could suit you" / "... could suit Ana R."
        return self.name or "you"

    @property
    def they(self) -> str:  # "you said you like" / "Ana R. said they like"
        return "they" if self.name else "you"

    @property
    def your(self) -> str:
        return f"{self.name}'s" if self.name else "your"

    @property
    def their(self) -> str:  # a second mention in the same sentence
        return "their" if self.name else "your"

    @property
    def wants(self) -> str:
        return f"{self.name} wants" if self.name else "you want"

    @property
    def was(self) -> str:
        return f"{self.name} was" if self.name else "you were"


def _hours(opening: Opening) -> str | None:
    low, high = opening.hours_min, opening.hours_max
    if low is None and high is None:
        return None
    if low is None or high is None or low == high:
        return f"{(low if low is not None else high):g} hours a week"
    return f"{low:g}-{high:g} hours a week"


def km_text(distance: float) -> str:
    """A distance as the reasons write it: one decimal under 10 km ("0.4 km"), whole km above."""
    return f"{distance:.1f}" if distance < 10 else f"{distance:.0f}"


def _shift_words(shifts: list[Shift]) -> str:
    words = [_SHIFT_WORDS[s] for s in Shift if s in shifts]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _interest(profile: CareerProfile, opening: Opening, employer: Employer, e: Evidence, v: _Voice) -> str:
    job = opening.title.lower()
    if e.title_phrase:
        return f"{v.subject} asked for {e.title_phrase} work; this job is {job}."
    if e.need and e.need_phrase and e.need_similarity >= LIKE and e.need_similarity > e.similarity:
        need = e.need.rstrip(".")
        return f"{v.subject} said {v.they} like {e.need_phrase}; {employer.name} told us they need {need}."
    if e.phrase and e.similarity >= LIKE:
        return f"{v.subject} said {v.they} like {e.phrase}; this job is {job}."
    if e.phrase and e.similarity >= SOMEWHAT_LIKE:
        return f"This job is somewhat like {e.phrase}, which {v.object} said {v.they} like."
    if not profile.wanted_phrases():
        whose = v.your[0].upper() + v.your[1:]
        return f"{whose} profile doesn't say what work {v.they} like yet, so this is not ranked by {v.their} interests."
    return f"This job is not much like the work {v.object} said {v.they} want."


def _benefit_limit(profile: CareerProfile, opening: Opening, limit: tuple[float, str], v: _Voice) -> str:
    amount, benefit = limit
    line = f"${amount:,.0f} {benefit} limit"
    hours = agreed_hours(profile, opening)
    missing = [what for what, gone in (("wage", opening.wage is None), ("hours", hours is None)) if gone]
    if missing:
        what = " and ".join(missing)
        verb = "is" if missing == ["wage"] else "are"
        return f"Can't tell yet whether this job keeps {v.object} under {v.their} {line}: its {what} {verb} not known."
    assert opening.wage is not None and hours is not None
    fewest, most = hours
    if monthly(opening.wage, most) <= amount:
        return f"Even at {most:g} hours a week this job keeps {v.object} under {v.their} {line}."
    cap = hours_under(amount, opening.wage)
    # Whole hours read best, but never fewer than the job's fewest agreed hours, which fit under the limit.
    shown = math.floor(cap) if math.floor(cap) >= fewest else math.floor(cap * 10) / 10
    if v.name:
        return f"{v.name} can work up to {shown:g} hours a week here and stay under {v.their} {line}."
    return f"To stay under your {line}, work up to {shown:g} hours a week here."


def reasons(
    profile: CareerProfile, opening: Opening, employer: Employer, evidence: Evidence, *, about: str | None = None
) -> list[str]:
    """Plain-language reasons, most important first; what is unknown is said, never hidden.

    about: the seeker's name, for reasons written for staff in the third person ("Ana R. asked for ...");
    None (the default) addresses the seeker ("You asked for ...").
    """
    e, v = evidence, _Voice(about)
    said = [_interest(profile, opening, employer, e, v)]
    if e.liked_title and e.liked_similarity >= SOMEWHAT_LIKE:
        how = "like" if e.liked_similarity >= LIKE else "somewhat like"
        said.append(f"It is {how} {e.liked_title.lower()}, which {v.was} interested in.")

    if e.distance_km is not None:
        limit = ""
        if profile.max_commute_km is not None:
            side = "within" if e.distance_km <= profile.max_commute_km else "over"
            limit = f", {side} {v.their} {profile.max_commute_km:g} km limit"
        said.append(f"{km_text(e.distance_km)} km from {'home' if not v.name else v.your + ' home'}{limit}.")
    hours = _hours(opening)
    if hours:
        wanted = ""
        low, high = profile.hours_min, profile.hours_max
        if low is not None and high is not None:
            wanted = f"; {v.wants} {low:g}-{high:g}"
        elif low is not None:
            wanted = f"; {v.wants} at least {low:g}"
        elif high is not None:
            wanted = f"; {v.wants} at most {high:g}"
        said.append(f"{hours[0].upper()}{hours[1:]}{wanted}.")
    if opening.wage is not None:
        minimum = ""
        if profile.min_wage is not None:
            wage, least = round(opening.wage, 2), round(profile.min_wage, 2)
            side = "above" if wage > least else "below" if wage < least else None
            minimum = f", {side} {v.their} ${least:.2f} minimum" if side else f", {v.their} minimum"
        said.append(f"${opening.wage:.2f} an hour{minimum}.")
    if opening.shifts:
        free = f"when {v.object} said {v.they}'re free"
        fits = [s for s in opening.shifts if s in profile.shifts]
        rest = [s for s in opening.shifts if s not in profile.shifts]
        if not profile.shifts:
            said.append(f"Work is {_shift_words(opening.shifts)}.")
        elif not rest:
            said.append(f"Work is {_shift_words(fits)}, {free}.")
        elif fits:
            said.append(f"Some of the work is {_shift_words(fits)}, {free}; the rest is {_shift_words(rest)}.")
        else:
            said.append(f"Work is {_shift_words(rest)}, not {free}.")
    if e.benefit_limit is not None:
        said.append(_benefit_limit(profile, opening, e.benefit_limit, v))
    if round(e.judgment, 4) > 0:  # as published in the suggestion's components
        said.append("Your employment specialist thinks this could suit you." if not v.name
                    else f"The employment specialist thinks this could suit {v.name.rstrip('.')}.")
    if e.reciprocal >= STRENGTHS_MATCH:
        said.append(f"What the employer is looking for matches {v.your} strengths.")
    said.extend(f"{item} not known." for item in e.unknown)
    return said
