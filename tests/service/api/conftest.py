"""A small IPS program (two specialists, a job developer, an admin, two seekers, a catalogue) behind the app.

Records are made through the stores, not the API, so a broken route cannot hide behind a broken fixture.
Every request goes through FastAPI's TestClient (httpx underneath), on SQLite and on PostgreSQL:

- `program` and `ranked_program` stand on the `database` fixture of tests/service/conftest.py: a fresh,
  migrated database per test, for tests whose steps build on each other.
- `shared_program` is one program per test module and database kind, made with the same helper
  (`database_url`), for the hundreds of one-request cases of the role matrix and the bad-input table.
  A fresh database per case would cost a migration each and make the suite several times slower; the
  cases stay independent because every case that changes something works on records made for it alone
  (see `Program.fresh`), and the bad-input cases assert that they change nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from models import CareerProfile, Employer, EmployerContact, JobSeeker, Location, Opening, Role, Shift
from service.app import create_app
from service.db import Database
from service.ranking import RankingService
from service.stores import audit, contacts, employers, openings, reactions, seekers, users
from tests.service.conftest import database_url

# Who calls: no token, a token nobody has, then one user per role. "specialist" keeps the seeker's
# caseload; "other_specialist" keeps someone else's, so the seeker is a record they may not know exists.
CALLERS = ("nobody", "bad_token", "seeker", "job_developer", "other_specialist", "specialist", "admin", "program_lead")


@dataclass
class Program:
    """The people, records and tokens of one test, and a client that speaks for any of them."""

    client: TestClient
    database: Database
    tokens: dict[str, str]
    ids: dict[str, int] = field(default_factory=dict)

    def headers(self, who: str, **extra: str) -> dict[str, str]:
        """Authorization for `who` (none for 'nobody'), plus any extra headers."""
        if who == "nobody":
            return dict(extra)
        token = "not-a-token-anyone-has" if who == "bad_token" else self.tokens[who]
        return {"Authorization": f"Bearer {token}", **extra}

    def call(self, who: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """One request to /api/v1 as `who`."""
        headers = self.headers(who, **kwargs.pop("headers", {}))
        return self.client.request(method, f"/api/v1{path}", headers=headers, **kwargs)

    def fresh(self, kind: str) -> int:
        """A new record made for one case alone: 'seeker' (in the specialist's caseload), 'employer' or 'opening'."""
        with self.database.session() as s:
            if kind == "seeker":
                profile = CareerProfile(job_types=["baker"])
                return seekers.create(s, JobSeeker(name="Fresh F.", specialist_id=self.ids["specialist"],
                                                   profile=profile)).id
            if kind == "employer":
                return employers.create(s, Employer(name="Fresh Employer")).id
            opening = Opening(
                employer_id=self.ids["shelter"], title="Kennel cleaner", wage=16.0, shifts=[Shift.morning]
            )
            return openings.create(s, opening).id

    def snapshot(self) -> dict[str, Any]:
        """Everything a request could change, read straight from the stores, to compare before and after."""
        with self.database.session() as s:
            seeker_rows = seekers.list(s, limit=200)
            employer_rows = employers.list(s, limit=200)
            return {
                "seekers": [x.model_dump() for x in seeker_rows],
                "employers": [x.model_dump() for x in employer_rows],
                "openings": [x.model_dump() for x in openings.list(s, limit=200)],
                "contacts": [x.model_dump() for e in employer_rows for x in contacts.list_for(s, e.id)],
                "feedback": [x.model_dump() for p in seeker_rows for x in reactions.feedback_for(s, p.id)],
                "judgments": [x.model_dump() for p in seeker_rows for x in reactions.judgments_for(s, p.id)],
                "audit": [len(audit.for_seeker(s, p.id)) for p in seeker_rows],
            }


ANA = JobSeeker(
    name="Ana R.",
    entered_on=dt.date(2026, 11, 2),
    profile=CareerProfile(
        interests=["caring for animals"],
        job_types=["kennel assistant"],
        avoid=["night shifts", "fast food"],
        hours_min=10,
        hours_max=25,
        shifts=[Shift.morning, Shift.day],
        min_wage=15.0,
        home=Location(lat=44.97, lon=-93.26),
        max_commute_km=12,
        benefits=["ssdi"],
        disclosure="yes",
    ),
)
BEN = JobSeeker(
    name="Ben T.",
    entered_on=dt.date(2026, 10, 1),
    profile=CareerProfile(job_types=["line cook"], interests=["cooking"], home=Location(lat=44.95, lon=-93.1)),
)
SHELTER = Employer(
    name="Northside Animal Shelter",
    industry="animal care",
    location=Location(lat=44.99, lon=-93.27),
    hiring_needs=["kennel help on weekday mornings"],
)
DINER = Employer(name="Lakeview Diner", industry="restaurant", location=Location(lat=44.96, lon=-93.25))


def _openings(shelter: int, diner: int) -> list[Opening]:
    return [
        Opening(
            employer_id=shelter,
            title="Kennel assistant",
            description="Clean kennels, walk dogs",
            hours_min=15,
            hours_max=20,
            shifts=[Shift.morning],
            wage=16.5,
        ),
        Opening(
            employer_id=shelter,
            title="Dog walker",
            description="Walk the shelter's dogs twice a day",
            hours_min=10,
            hours_max=15,
            shifts=[Shift.morning, Shift.day],
            wage=15.5,
        ),
        Opening(
            employer_id=diner,
            title="Line cook",
            description="Prepare breakfast and lunch orders",
            hours_min=20,
            hours_max=30,
            shifts=[Shift.day],
            wage=17.0,
        ),
        Opening(
            employer_id=diner,
            title="Night dishwasher",
            description="Wash dishes after closing",
            hours_min=15,
            hours_max=20,
            shifts=[Shift.night],
            wage=15.0,
        ),
    ]


def build_program(database: Database, client: TestClient) -> Program:
    """Users of every role, Ana (the specialist's, signed in as the seeker) and Ben (the other specialist's)."""
    with database.session() as s:
        admin, admin_token = users.create(s, "Ada Admin", Role.admin)
        specialist, specialist_token = users.create(s, "Sam Specialist", Role.specialist)
        other, other_token = users.create(s, "Bea Specialist", Role.specialist)
        developer, developer_token = users.create(s, "Jo Developer", Role.job_developer)
        lead, lead_token = users.create(s, "Lee Lead", Role.program_lead)
        ana = seekers.create(s, ANA.model_copy(update={"specialist_id": specialist.id}))
        ben = seekers.create(s, BEN.model_copy(update={"specialist_id": other.id}))
        seeker_user, seeker_token = users.create(s, "Ana R.", Role.seeker, seeker_id=ana.id)
        shelter = employers.create(s, SHELTER)
        diner = employers.create(s, DINER)
        made = [openings.create(s, o) for o in _openings(shelter.id, diner.id)]
        contact = contacts.create(
            s, shelter.id, EmployerContact(specialist_id=specialist.id, on=dt.date(2026, 11, 20), face_to_face=True)
        )
    tokens = {
        "admin": admin_token,
        "specialist": specialist_token,
        "other_specialist": other_token,
        "job_developer": developer_token,
        "seeker": seeker_token,
        "program_lead": lead_token,
    }
    ids = {
        "admin": admin.id,
        "specialist": specialist.id,
        "other_specialist": other.id,
        "job_developer": developer.id,
        "program_lead": lead.id,
        "seeker_user": seeker_user.id,
        "ana": ana.id,
        "ben": ben.id,
        "shelter": shelter.id,
        "diner": diner.id,
        "kennel": made[0].id,
        "walker": made[1].id,
        "cook": made[2].id,
        "dishwasher": made[3].id,
        "contact": contact.id,
    }
    return Program(client=client, database=database, tokens=tokens, ids=ids)


@pytest.fixture
def program(database: Database) -> Iterator[Program]:
    """The small program on a fresh database. Suggestions here build their own ranking service lazily."""
    with TestClient(create_app(database)) as client:
        yield build_program(database, client)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def shared_program(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, embedder
) -> Iterator[Program]:
    """One program per test module and database kind, with ranking on the session's embedding model."""
    database = Database(database_url(request.param, tmp_path_factory.mktemp("shared"), request))
    database.migrate()
    app = create_app(database, ranking=RankingService(database, embedder=embedder))
    with TestClient(app) as client:
        yield build_program(database, client)
    database.dispose()


@pytest.fixture
def ranked_program(database: Database, embedder) -> Iterator[Program]:
    """The small program with a ranking service on the session's embedding model (loaded once)."""
    app = create_app(database, ranking=RankingService(database, embedder=embedder))
    with TestClient(app) as client:
        yield build_program(database, client)
