"""People who sign in, and what their role lets them do."""

from __future__ import annotations

from enum import StrEnum

from models.base import DomainModel
from models.fields import Name, RecordId


class Role(StrEnum):
    """The roles of API.md, from most to least privileged; a program lead reads program figures only."""

    admin = "admin"
    specialist = "specialist"
    job_developer = "job_developer"
    seeker = "seeker"
    program_lead = "program_lead"


class User(DomainModel):
    """A signed-in person; a seeker user is tied to one job seeker record."""

    id: RecordId | None = None
    name: Name
    role: Role
    seeker_id: RecordId | None = None
