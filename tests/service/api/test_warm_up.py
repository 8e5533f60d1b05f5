"""A server that has just started builds its opening index in the background and says so, never hanging.

While the index is being built, suggestion requests answer at once with 503, Retry-After and a detail that
says the server is warming up; other requests are served. Once built, and a suggestion request rehearsed,
suggestions are served from it.
The real model is wrapped so that it waits for the test before encoding: the build is held in mid-air.
"""

from __future__ import annotations

import threading
import time

from fastapi.testclient import TestClient

from matcher import Embedder, MemoryCache, text_key
from models import Employer, JobSeeker, Opening, Role, Settings
from service.app import create_app
from service.db import Database
from service.ranking import REHEARSAL_SEEKER, RankingService
from service.stores import audit, employers, exposures, openings, seekers, users
from service.stores.embeddings import SqlEmbeddingCache
from tests.matcher.test_embedding import CountingModel


class GatedModel:
    """The real model, whose encode() waits until the test opens the gate."""

    def __init__(self, model):
        self.model, self.gate = model, threading.Event()

    def encode(self, texts, **kwargs):
        assert self.gate.wait(60), "the test never opened the gate"
        return self.model.encode(texts, **kwargs)


def _shelter_with_a_seeker(database: Database):
    """An admin's token, an employer with one opening, and a seeker who wants that kind of work."""
    with database.session() as s:
        _, token = users.create(s, "Admin", Role.admin)
        shelter = employers.create(s, Employer(name="Northside Animal Shelter", industry="animal care"))
        kennel = openings.create(s, Opening(employer_id=shelter.id, title="Kennel assistant", wage=16.5))
        seeker = seekers.create(s, JobSeeker(name="Ana R.", profile={"job_types": ["kennel assistant"]}))
    return token, shelter, kennel, seeker


def test_suggestions_answer_warming_up_until_the_index_is_built_then_rank(database: Database, model):
    token, shelter, kennel, seeker = _shelter_with_a_seeker(database)
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


def test_warm_up_rehearses_a_suggestion_request_that_shows_and_records_nothing(database: Database, model):
    """Before answering, the process ranks as a request would (so the first person asking does not pay the first
    forward pass of the model and the first run of each step), but nobody is shown anything because of it."""
    token, shelter, kennel, seeker = _shelter_with_a_seeker(database)
    counting = CountingModel(model)
    cache = SqlEmbeddingCache(database)
    ranking = RankingService(database, embedder=Embedder(counting, cache=cache))
    app = create_app(database, settings=Settings(warm_in_background=True), ranking=ranking)
    made_up = [p for p in (*REHEARSAL_SEEKER.profile.wanted_phrases(), *REHEARSAL_SEEKER.profile.strengths)
               if p not in seeker.profile.wanted_phrases()]
    with TestClient(app) as client:
        assert ranking.wait_until_warm(60)
        # The model ran on the made-up seeker's phrases, which stay out of the database's cache.
        assert counting.texts > 2
        assert not cache.get_many(ranking.embedder.model_id, [text_key(p) for p in made_up])
        with database.session() as s:
            assert exposures.shown_to(s, seeker.id) == [] and audit.for_seeker(s, seeker.id) == []
        answer = client.get(f"/api/v1/seekers/{seeker.id}/suggestions", headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 200, answer.text
        assert [x["opening_id"] for x in answer.json()["suggestions"]] == [kennel.id]
        with database.session() as s:
            assert exposures.shown_to(s, seeker.id) == [kennel.id] and len(audit.for_seeker(s, seeker.id)) == 1
    assert ranking.rebuilds == 1
