"""The career profile a specialist records with a job seeker (DOMAIN.md), and the seeker around it."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from models.base import DomainModel
from models.fields import (
    CommuteLimit,
    Hours,
    Location,
    Name,
    OccupationCode,
    Phrase,
    Phrases,
    RecordId,
    Shift,
    Text,
    Wage,
)


class Benefit(StrEnum):
    """Public benefits a seeker receives; they decide which earnings thresholds matter.

    Housing assistance is left out on purpose: it says something about a person's housing, which IPS zero
    exclusion keeps out of the record, and it plays no part in the earnings thresholds.
    """

    ssi = "ssi"
    ssdi = "ssdi"
    medicaid = "medicaid"
    medicare = "medicare"
    snap = "snap"
    other = "other"


class Disclosure(StrEnum):
    """May the specialist tell employers about the seeker's disability."""

    yes = "yes"
    no = "no"
    undecided = "undecided"


class Travel(StrEnum):
    """How the seeker can get to work."""

    walk = "walk"
    bike = "bike"
    bus = "bus"
    train = "train"
    car = "car"
    ride = "ride"


class PastJob(DomainModel):
    """One entry of work history: what the job was and what helped."""

    title: Phrase
    duties: Text | None = None
    why_ended: Text | None = None
    what_helped: Text | None = None
    start: dt.date | None = None
    end: dt.date | None = None


def _check_range(low: float | None, high: float | None, what: str) -> None:
    if low is not None and high is not None and low > high:
        raise ValueError(f"{what}_min ({low:g}) is more than {what}_max ({high:g}); give the smaller number first")


class CareerProfile(DomainModel):
    """What the seeker wants from work. Every field is optional: an absent field is unknown, never a match."""

    dream_job: Phrase | None = None
    job_wanted_now: Phrase | None = None
    interests: Phrases = Field(default_factory=list, description="things the seeker likes doing")
    strengths: Phrases = Field(default_factory=list, description="what the seeker is good at")
    job_types: Phrases = Field(default_factory=list, description="kinds of job wanted, e.g. 'kennel assistant'")
    avoid: Phrases = Field(
        default_factory=list, description="job types or settings to avoid, e.g. 'night shifts', 'fast food'"
    )
    hours_min: Hours | None = None
    hours_max: Hours | None = None
    shifts: Annotated[list[Shift], Field(max_length=5)] = Field(
        default_factory=list, description="shifts the seeker is available for"
    )
    min_wage: Wage | None = None
    home: Location | None = None
    max_commute_km: CommuteLimit | None = None
    travel: Annotated[list[Travel], Field(max_length=6)] = Field(default_factory=list)
    education_goals: Phrases = Field(default_factory=list)
    work_history: Annotated[list[PastJob], Field(max_length=30)] = Field(default_factory=list)
    benefits: Annotated[list[Benefit], Field(max_length=7)] = Field(default_factory=list)
    keep_under_threshold: bool | None = Field(
        default=None, description="the seeker wants earnings kept under their benefit thresholds"
    )
    disclosure: Disclosure = Disclosure.undecided
    job_type_occupations: Annotated[dict[Phrase, OccupationCode], Field(max_length=50)] = Field(
        default_factory=dict,
        description="occupation codes a specialist chose for job types; they override the automatic grounding",
    )

    @model_validator(mode="after")
    def _ranges_in_order(self) -> CareerProfile:
        _check_range(self.hours_min, self.hours_max, "hours")
        return self

    @model_validator(mode="after")
    def _occupations_of_job_types(self) -> CareerProfile:
        unknown = [phrase for phrase in self.job_type_occupations if phrase not in self.job_types]
        if unknown:
            raise ValueError(
                f"job_type_occupations names {', '.join(repr(p) for p in unknown)}, which is not one of job_types; "
                "give an occupation only for a job type the profile lists"
            )
        return self

    def wanted_phrases(self) -> list[str]:
        """The seeker's own words for the work they want, in the order they gave them, without repeats."""
        phrases = [*self.job_types, *self.interests]
        for extra in (self.job_wanted_now, self.dream_job):
            if extra:
                phrases.append(extra)
        return list(dict.fromkeys(p for p in phrases if p))


class JobSeeker(DomainModel):
    """A person in the IPS program looking for a competitive job."""

    id: RecordId | None = None
    name: Name
    specialist_id: RecordId | None = None
    entered_on: dt.date | None = Field(default=None, description="date the seeker entered the program")
    active: bool = True
    profile: CareerProfile = Field(default_factory=CareerProfile)
