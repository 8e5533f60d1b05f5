"""Employers, their openings, and the job-development contacts that record what they need."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from models.base import DomainModel
from models.fields import Hours, Location, Name, OccupationCode, Phrase, Phrases, RecordId, Shift, Text, Wage
from models.profile import _check_range


class Employer(DomainModel):
    """A business the program's job developers know."""

    id: RecordId | None = None
    name: Name
    industry: Phrase | None = None
    location: Location | None = None
    hiring_needs: Phrases = Field(default_factory=list, description="what the employer said it needs")


class OpeningStatus(StrEnum):
    """Whether an opening can still be applied for."""

    open = "open"
    filled = "filled"
    closed = "closed"


class Opening(DomainModel):
    """A job an employer is hiring for. Without a location it is at its employer's location."""

    id: RecordId | None = None
    employer_id: RecordId
    title: Phrase
    description: Text = ""
    hours_min: Hours | None = None
    hours_max: Hours | None = None
    shifts: Annotated[list[Shift], Field(max_length=5)] = Field(default_factory=list)
    wage: Wage | None = None
    location: Location | None = None
    status: OpeningStatus = OpeningStatus.open
    set_aside: bool = Field(
        default=False,
        description="reserved for people with disabilities (sheltered or enclave work): not competitive employment",
    )
    occupation_code: OccupationCode | None = Field(
        default=None,
        description="the occupation a specialist chose for this opening; it overrides the automatic grounding",
    )

    @model_validator(mode="after")
    def _ranges_in_order(self) -> Opening:
        _check_range(self.hours_min, self.hours_max, "hours")
        return self


class ContactStage(StrEnum):
    """How far the relationship with an employer has come (DOMAIN.md)."""

    introduced = "introduced"
    learning_business = "learning_business"
    discussing_candidate = "discussing_candidate"
    hired_someone = "hired_someone"
    follow_along = "follow_along"


class EmployerContact(DomainModel):
    """One job-development contact with an employer."""

    id: RecordId | None = None
    employer_id: RecordId | None = None
    specialist_id: RecordId
    on: dt.date
    face_to_face: bool = False
    person_met: Phrase | None = None
    person_role: Phrase | None = None
    seeker_ids: Annotated[list[RecordId], Field(max_length=20)] = Field(default_factory=list)
    stage: ContactStage = ContactStage.introduced
    needs: Text | None = Field(default=None, description="what the employer said it needs")
    next_step: Text | None = None
    next_step_due: dt.date | None = None
    done_on: dt.date | None = Field(default=None, description="when the next step was taken (the follow-up is done)")

    @model_validator(mode="after")
    def _done_after_the_contact(self) -> EmployerContact:
        if self.done_on is not None and self.done_on < self.on:
            raise ValueError(
                f"done_on ({self.done_on}) is before the contact itself ({self.on}): a next step is taken after "
                "the contact that set it"
            )
        return self
