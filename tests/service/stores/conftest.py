"""Records most store tests need: a specialist, an employer with an opening, a seeker on the caseload."""

from __future__ import annotations

import pytest

from models import Employer, JobSeeker, Location, Opening, Role, User
from service.db import Database
from service.stores import employers, openings, seekers, users


@pytest.fixture
def specialist(database: Database) -> User:
    """A user with role specialist."""
    with database.session() as s:
        user, _ = users.create(s, "Sam Specialist", Role.specialist)
    return user


@pytest.fixture
def employer(database: Database) -> Employer:
    """An employer with a location and hiring needs."""
    with database.session() as s:
        return employers.create(
            s,
            Employer(name="Northside Animal Shelter", industry="animal care", location=Location(lat=44.99, lon=-93.27),
                     hiring_needs=["kennel help on weekday mornings"]),
        )


@pytest.fixture
def opening(database: Database, employer: Employer) -> Opening:
    """An open opening at `employer`, without a location of its own."""
    with database.session() as s:
        return openings.create(
            s,
            Opening(employer_id=employer.id, title="Kennel assistant", description="Clean kennels, walk dogs",
                    hours_min=15, hours_max=20, shifts=["morning"], wage=16.5),
        )


@pytest.fixture
def seeker(database: Database, specialist: User) -> JobSeeker:
    """A seeker on `specialist`'s caseload with a full career profile."""
    with database.session() as s:
        return seekers.create(s, JobSeeker.model_validate(ANA | {"specialist_id": specialist.id}))


ANA = {
    "name": "Ana R.",
    "entered_on": "2026-11-02",
    "profile": {
        "dream_job": "veterinary technician",
        "interests": ["caring for animals"],
        "strengths": ["patient", "reliable"],
        "job_types": ["kennel assistant"],
        "avoid": ["night shifts", "fast food"],
        "hours_min": 10,
        "hours_max": 25,
        "shifts": ["morning", "day"],
        "min_wage": 15.0,
        "home": {"lat": 44.97, "lon": -93.26},
        "max_commute_km": 12,
        "travel": ["bus", "walk"],
        "work_history": [{"title": "dog walker", "what_helped": "a set schedule", "start": "2024-03-01"}],
        "benefits": ["ssdi"],
        "keep_under_threshold": True,
        "disclosure": "undecided",
    },
}
