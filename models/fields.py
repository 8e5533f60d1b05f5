"""Field types shared by the domain models, with the limits the API documents."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints

from models.base import DomainModel

# Limits are generous for real use and keep one record from filling the database.
Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Phrase = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(max_length=5000)]
Phrases = Annotated[list[Phrase], Field(max_length=50)]
# An O*NET-SOC occupation code (matcher/taxonomy.py), e.g. "35-2014.00" for restaurant cooks.
OccupationCode = Annotated[
    str,
    StringConstraints(pattern=r"^\d{2}-\d{4}\.\d{2}$"),
    Field(description="O*NET-SOC occupation code such as 35-2014.00, chosen from the occupation search"),
]
MAX_HOURS = 80.0  # hours per week a profile or an opening may state
Hours = Annotated[float, Field(ge=0, le=MAX_HOURS, description="hours per week, 0 to 80")]
Wage = Annotated[float, Field(ge=0, le=500, description="dollars per hour, 0 to 500")]
MAX_ID = 2**63 - 1  # ids are 64-bit integers assigned by the database; a larger number names no record
RecordId = Annotated[int, Field(ge=1, le=MAX_ID, description="id assigned by the server")]
# A commute limit is a distance: null means no limit, and 0 would rule out every job, so it is refused.
CommuteLimit = Annotated[
    float, Field(gt=0, le=500, description="kilometres, more than 0 and up to 500; leave it out (null) for no limit")
]


class Shift(StrEnum):
    """When in the week the work happens (API.md)."""

    morning = "morning"
    day = "day"
    evening = "evening"
    night = "night"
    weekend = "weekend"


class Location(DomainModel):
    """A point on the map, in decimal degrees."""

    lat: float = Field(ge=-90, le=90, description="latitude, -90 to 90")
    lon: float = Field(ge=-180, le=180, description="longitude, -180 to 180")
