"""What job seekers say about suggestions, and the bounded judgment specialists may add."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field, model_validator

from models.base import DomainModel
from models.fields import RecordId, Text


class Reaction(StrEnum):
    """A seeker's answer to a suggested opening."""

    interested = "interested"
    not_for_me = "not_for_me"
    applied = "applied"
    hired = "hired"


class Feedback(DomainModel):
    """A seeker's reaction to one opening; 'not_for_me' removes it from their suggestions for good."""

    id: RecordId | None = None
    seeker_id: RecordId | None = None
    opening_id: RecordId
    reaction: Reaction
    reason: Text | None = None
    at: dt.datetime | None = None


class Judgment(DomainModel):
    """A specialist's view of an opening or employer for one seeker: a tie-breaker, never an override."""

    id: RecordId | None = None
    seeker_id: RecordId | None = None
    opening_id: RecordId | None = None
    employer_id: RecordId | None = None
    weight: float = Field(ge=-1, le=1, description="-1 (poor fit) to 1 (good fit)")
    note: Text = ""
    author_id: RecordId | None = None
    at: dt.datetime | None = None

    @model_validator(mode="after")
    def _one_target(self) -> Judgment:
        if self.opening_id is None and self.employer_id is None:
            raise ValueError(
                "opening_id or employer_id is missing: a judgment is about one opening or one employer; "
                "give one of them"
            )
        if self.opening_id is not None and self.employer_id is not None:
            raise ValueError("a judgment is about exactly one thing: give opening_id or employer_id, not both")
        return self
