"""GET /employers/{id}/candidates answered from stored rankings: the same answer as ranking everyone now."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from models import Role
from service.app import create_app
from service.db import Database
from service.demo.large import large_program
from service.demo.loader import load_into
from service.rank_all import rank_all
from service.ranking import RankingService
from service.stores import audit, employers, openings, rankings, seekers, users


@dataclass
class Setup:
    client: TestClient
    database: Database
    ranking: RankingService
    headers: dict[str, str]
    employers: list[int]

    def candidates(self, employer_id: int) -> list[dict]:
        response = self.client.get(f"/api/v1/employers/{employer_id}/candidates", params={"limit": 100},
                                   headers=self.headers)
        assert response.status_code == 200, response.text
        return response.json()["candidates"]


@pytest.fixture
def setup(database: Database, embedder) -> Iterator[Setup]:
    program = large_program(openings=150, seekers=40, employers=10, seed=21)
    ids = load_into(database, program)
    with database.session() as s:
        _, token = users.create(s, "Jo Developer", Role.job_developer)
    ranking = RankingService(database, embedder=embedder)
    with TestClient(create_app(database, ranking=ranking)) as client:
        yield Setup(client, database, ranking, {"Authorization": f"Bearer {token}"},
                    sorted(ids["employers"].values()))


def test_stored_rankings_give_the_answer_ranking_everyone_now_gives(setup: Setup) -> None:
    live = {e: setup.candidates(e) for e in setup.employers}
    assert sum(len(c) for c in live.values()) > 5
    rank_all(setup.database, setup.ranking)
    with setup.database.session() as s:
        assert rankings.stale_seekers(s) == set()
    assert {e: setup.candidates(e) for e in setup.employers} == live


def test_a_seeker_changed_since_is_ranked_now_and_a_closed_opening_drops_out(setup: Setup) -> None:
    rank_all(setup.database, setup.ranking)
    employer = max(setup.employers, key=lambda e: len(setup.candidates(e)))
    before = setup.candidates(employer)
    first, second = before[0], before[-1]
    with setup.database.session() as s:
        seeker = seekers.get(s, first["seeker_id"])
        # The seeker now says no to this employer's kind of work: a hard preference the live ranking keeps.
        industry = employers.get(s, employer).industry
        seekers.update(s, seeker.id, {"profile": {**seeker.profile.model_dump(mode="json"), "avoid": [industry]}})
        openings.update(s, second["opening_id"], {"status": "filled"})
    after = setup.candidates(employer)
    assert first["seeker_id"] not in [c["seeker_id"] for c in after]
    assert second["opening_id"] not in [c["opening_id"] for c in after]
    with setup.database.session() as s:
        rows = audit.for_seeker(s, after[0]["seeker_id"]) if after else []
    assert not after or any(f"candidate for employer {employer}" in r["detail"] for r in rows)
