"""Congestion through the API: what seekers are shown crowds the next seekers' lists, within the band only.

On SQLite and PostgreSQL (the `database` fixture), on the real embedding model. The ranking service here
counts an opening as fully crowded at 5 other seekers, so a handful of seekers shows the effect.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from models import Settings
from service.app import create_app
from service.db import Database
from service.ranking import RankingService
from service.stores import exposures, seekers
from service.tables import ExposureRow
from tests.service.api.conftest import ANA, SHELTER, Program, build_program

CROWDED = 5
BAND = Settings().judgment_band


@pytest.fixture
def crowded_program(database: Database, embedder) -> Iterator[Program]:
    """The small program, with a ranking service that counts 5 other seekers as fully crowded."""
    ranking = RankingService(database, embedder=embedder, settings=Settings(congestion_crowded=CROWDED))
    with TestClient(create_app(database, ranking=ranking)) as client:
        yield build_program(database, client)


def served(program: Program, seeker_id: int, who: str = "specialist", limit: int = 10) -> list[dict]:
    answer = program.call(who, "GET", f"/seekers/{seeker_id}/suggestions?limit={limit}")
    assert answer.status_code == 200, answer.text
    return answer.json()["suggestions"]


def twins(program: Program, n: int) -> list[int]:
    """n seekers in the specialist's caseload who want exactly what Ana wants."""
    caseload = {"specialist_id": program.ids["specialist"]}
    with program.database.session() as s:
        return [seekers.create(s, ANA.model_copy(update={"name": f"Twin {i}", **caseload})).id for i in range(n)]


def comparable_kennel(program: Program, name: str) -> int:
    """A new shelter next door to Ana's favourite, with the same kennel opening: one she likes as much."""
    employer = program.call("job_developer", "POST", "/employers", json={
        **SHELTER.model_dump(mode="json", exclude={"id"}), "name": name,
    }, params={"confirm": "true"})
    assert employer.status_code == 201, employer.text
    opening = program.call("job_developer", "POST", "/openings", json={
        "employer_id": employer.json()["id"], "title": "Kennel assistant", "description": "Clean kennels, walk dogs",
        "hours_min": 15, "hours_max": 20, "shifts": ["morning"], "wage": 16.5,
    })
    assert opening.status_code == 201, opening.text
    return opening.json()["id"]


def assert_preference_kept(found: list[dict]) -> None:
    """Invariant 1 in a served list: no opening sits below one the seeker likes less by the band or more."""
    for i, above in enumerate(found):
        for below in found[i + 1 :]:
            assert below["preference_score"] - above["preference_score"] < BAND + 1e-6, (
                f"{below['title']} (P={below['preference_score']}) is below {above['title']} "
                f"(P={above['preference_score']})"
            )


def test_a_crowded_opening_gives_way_to_comparable_ones_but_not_to_ones_liked_less(crowded_program: Program) -> None:
    program, ids = crowded_program, crowded_program.ids
    before = served(program, ids["ana"])
    assert before[0]["opening_id"] == ids["kennel"] and before[0]["components"]["congestion"] == 0.0

    # Five seekers with Ana's wishes are each shown their best opening: the kennel job, every time.
    for twin in twins(program, CROWDED):
        assert [s["opening_id"] for s in served(program, twin, limit=1)] == [ids["kennel"]]
    # Then two comparable kennel openings come in at shelters next door.
    new = {comparable_kennel(program, "Eastside Animal Shelter"), comparable_kennel(program, "Southside Animal Rescue")}

    found = served(program, ids["ana"])
    by_id = {s["opening_id"]: s for s in found}
    kennel = by_id[ids["kennel"]]
    assert kennel["components"]["congestion"] == 1.0, "shown to 5 other seekers: fully crowded"
    assert found[0]["opening_id"] in new, "a comparable opening nobody is shown yet moves up"
    assert all(by_id[i]["components"]["congestion"] == 0.0 for i in new)
    assert kennel["preference_score"] == before[0]["preference_score"], "Ana's own preference is untouched"
    liked_less = [s for s in found if kennel["preference_score"] - s["preference_score"] >= BAND]
    assert liked_less, "the program needs an opening Ana likes less by the band or more"
    assert all(found.index(kennel) < found.index(s) for s in liked_less), "never below one she likes less"
    assert_preference_kept(found)

    # Ana's own view keeps the congestion term: it is not the specialist's judgment.
    as_seeker = served(program, ids["ana"], who="seeker")
    assert [s["opening_id"] for s in as_seeker] == [s["opening_id"] for s in found]
    assert as_seeker[0]["components"]["congestion"] == found[0]["components"]["congestion"]
    with program.database.session() as s:
        assert exposures.shown_to(s, ids["ana"]) == sorted(x["opening_id"] for x in found), "what she saw is recorded"


def test_counts_are_other_active_seekers_shown_it_recently(crowded_program: Program) -> None:
    program, ids = crowded_program, crowded_program.ids
    first, second, resting = twins(program, 3)
    kennel, walker, cook = ids["kennel"], ids["walker"], ids["cook"]
    with program.database.session() as s:
        exposures.record(s, first, [kennel, walker])
        exposures.record(s, second, [kennel, kennel, cook])  # a repeat counts once
        exposures.record(s, resting, [kennel, cook])
        seekers.update(s, resting, {"active": False})
    with program.database.session() as s:
        assert exposures.counts(s) == {kennel: 2, walker: 1, cook: 1}, "inactive seekers crowd nobody"
        assert exposures.counts(s, excluding=first) == {kennel: 1, cook: 1}, "the asking seeker is left out"
        exposures.record(s, first, [cook])  # shown again: the earlier list is replaced
    with program.database.session() as s:
        assert exposures.shown_to(s, first) == [cook]
        assert exposures.counts(s) == {kennel: 1, cook: 2}
        s.query(ExposureRow).filter(ExposureRow.seeker_id == second).update(
            {"shown_at": dt.datetime.now(dt.UTC) - dt.timedelta(days=20)}
        )
    with program.database.session() as s:
        since = dt.datetime.now(dt.UTC) - dt.timedelta(days=14)
        assert exposures.counts(s, since=since) == {cook: 1}, "a list not served for weeks no longer counts"
        seekers.delete(s, first)
    with program.database.session() as s:
        assert exposures.counts(s) == {kennel: 1, cook: 1}, "a deleted seeker's rows go with them"
