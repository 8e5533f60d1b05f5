"""A server that has just started builds its opening index in the background and says so, never hanging.

While the index is being built, suggestion requests answer at once with 503, Retry-After and a detail that
says the server is warming up; other requests are served. Once built, suggestions are served from it.
The real model is wrapped so that it waits for the test before encoding: the build is held in mid-air.
"""

from __future__ import annotations

import threading
import time

from fastapi.testclient import TestClient

from matcher import Embedder, MemoryCache
from models import Employer, JobSeeker, Opening, Role, Settings
from service.app import create_app
from service.db import Database
from service.ranking import RankingService
from service.stores import employers, openings, seekers, users


class GatedModel:
    """The real model, whose encode() waits until the test opens the gate."""

    def __init__(self, model):
        self.model, self.gate = model, threading.Event()

    def encode(self, texts, **kwargs):
        assert self.gate.wait(60), "the test never opened the gate"
        return self.model.encode(texts, **kwargs)


def test_suggestions_answer_warming_up_until_the_index_is_built_then_rank(database: Database, model):
    with database.session() as s:
        _, token = users.create(s, "Admin", Role.admin)
        shelter = employers.create(s, Employer(name="Northside Animal Shelter", industry="animal care"))
        kennel = openings.create(s, Opening(employer_id=shelter.id, title="Kennel assistant", wage=16.5))
        seeker = seekers.create(s, JobSeeker(name="Ana R.", profile={"job_types": ["kennel assistant"]}))
    gated = GatedModel(model)
    ranking = RankingService(database, embedder=Embedder(gated, cache=MemoryCache()))
    app = create_app(database, settings=Settings(warm_in_background=True), ranking=ranking)
    auth = {"Authorization": f"Bearer {token}"}
    path = f"/api/v1/seekers/{seeker.id}/suggestions"
    with TestClient(app) as client:
        start = time.perf_counter()
        answer = client.get(path, headers=auth)
        assert time.perf_counter() - start < 5.0
        assert answer.status_code == 503, answer.text
        assert answer.headers["Retry-After"] == "5"
        assert "warming up" in answer.json()["detail"]
        assert client.get(f"/api/v1/employers/{shelter.id}", headers=auth).status_code == 200
        assert not ranking.wait_until_warm(0.1)
        gated.gate.set()
        assert ranking.wait_until_warm(60)
        answer = client.get(path, headers=auth)
        assert answer.status_code == 200, answer.text
        assert [x["opening_id"] for x in answer.json()["suggestions"]] == [kennel.id]
    assert ranking.rebuilds == 1
