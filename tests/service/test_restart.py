"""Nothing acknowledged is lost, and processes sharing one database agree (invariant 7, DESIGN.md scale).

Written through the API, read back by a new app on the same database: same records, same suggestions, and
no text embedded again. Two `ipsmatch serve` processes on one database: a change made through one shows in
the other's suggestions at once. A server process killed with SIGKILL keeps every write it acknowledged.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from matcher import Embedder
from models import Role
from service.app import create_app
from service.db import Database
from service.ranking import RankingService
from service.stores import users
from service.stores.embeddings import SqlEmbeddingCache
from tests.matcher.test_embedding import CountingModel

EMPLOYER = {"name": "Northside Animal Shelter", "industry": "animal care", "location": {"lat": 44.99, "lon": -93.27},
            "hiring_needs": ["kennel help on weekday mornings"]}
SEEKER = {"name": "Ana R.", "entered_on": "2026-11-02",
          "profile": {"interests": ["caring for animals"], "job_types": ["kennel assistant"], "avoid": ["fast food"],
                      "hours_min": 10, "hours_max": 25, "min_wage": 15.0, "home": {"lat": 44.97, "lon": -93.26},
                      "max_commute_km": 12, "benefits": ["ssdi"]}}


def openings_for(employer_id: int) -> list[dict]:
    return [
        {"employer_id": employer_id, "title": "Kennel assistant", "description": "Clean kennels, walk dogs",
         "hours_min": 15, "hours_max": 20, "shifts": ["morning"], "wage": 16.5},
        {"employer_id": employer_id, "title": "Dog walker", "description": "Walk shelter dogs", "hours_min": 10,
         "hours_max": 15, "shifts": ["day"]},
        {"employer_id": employer_id, "title": "Front desk", "description": "Greet visitors and answer phones",
         "hours_min": 20, "hours_max": 25, "shifts": ["day"], "wage": 17.0},
    ]


def app_on(url: str, model) -> tuple[TestClient, Database, CountingModel]:
    database = Database(url)
    database.migrate()
    counting = CountingModel(model)
    ranking = RankingService(database, embedder=Embedder(counting, cache=SqlEmbeddingCache(database)))
    return TestClient(create_app(database, ranking=ranking)), database, counting


def snapshot(client: TestClient, auth: dict, seeker_path: str, employer_id: int) -> dict:
    """Everything a user could read back: the seeker, the employer, the openings and the suggestions."""
    return {
        "seeker": client.get(seeker_path, headers=auth).json(),
        "employer": client.get(f"/api/v1/employers/{employer_id}", headers=auth).json(),
        "openings": client.get("/api/v1/openings", headers=auth).json()["items"],
        "suggestions": client.get(f"{seeker_path}/suggestions", headers=auth).json(),
    }


def admin_token(database: Database) -> str:
    with database.session() as session:
        return users.create(session, "Admin", Role.admin)[1]


def test_a_new_app_on_the_same_database_reads_everything_back_and_ranks_the_same(fresh_url, model):
    client, database, _ = app_on(fresh_url, model)
    auth = {"Authorization": f"Bearer {admin_token(database)}"}
    with client:
        employer = client.post("/api/v1/employers", json=EMPLOYER, headers=auth).json()
        opening_ids = [client.post("/api/v1/openings", json=o, headers=auth).json()["id"]
                       for o in openings_for(employer["id"])]
        seeker = client.post("/api/v1/seekers", json=SEEKER, headers=auth).json()
        path = f"/api/v1/seekers/{seeker['id']}"
        assert client.post(f"{path}/feedback", json={"opening_id": opening_ids[2], "reaction": "not_for_me"},
                           headers=auth).status_code in (200, 201)
        judgment = {"opening_id": opening_ids[1], "weight": 0.5, "note": "knows dogs"}
        assert client.post(f"{path}/judgments", json=judgment, headers=auth).status_code in (200, 201)
        before = snapshot(client, auth, path, employer["id"])
    database.dispose()
    assert [s["opening_id"] for s in before["suggestions"]["suggestions"]] == opening_ids[:2]

    client, database, counting = app_on(fresh_url, model)
    with client:
        after = snapshot(client, auth, path, employer["id"])
    database.dispose()
    assert after == before
    assert counting.texts == 0, "every embedding came from the database; the restart re-embedded nothing"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(url: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "IPSMATCH_DATABASE_URL": url, "HF_HUB_OFFLINE": "1"}
    return subprocess.Popen([sys.executable, "-m", "service.cli", "serve", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_until_up(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server exited: {server.stderr.read().decode()[-2000:]}")
        try:
            httpx.get(f"{base}/docs", timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.3)
    pytest.fail("the server did not start within 120 s")


@pytest.mark.slow
def test_writes_acknowledged_before_a_sigkill_survive_it(tmp_path):
    url = f"sqlite:///{tmp_path / 'crash.db'}"
    database = Database(url)
    database.migrate()
    token = admin_token(database)
    database.dispose()
    auth = {"Authorization": f"Bearer {token}"}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = serve(url, port)
    try:
        wait_until_up(base, server)
        made = []
        for i in range(20):
            response = httpx.post(f"{base}/api/v1/employers", json={**EMPLOYER, "name": f"Employer {i}"}, headers=auth)
            assert response.status_code == 201
            made.append(response.json())
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=10)
    finally:
        if server.poll() is None:
            server.kill()
    server = serve(url, port)
    try:
        wait_until_up(base, server)
        for record in made:
            assert httpx.get(f"{base}/api/v1/employers/{record['id']}", headers=auth).json() == record
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.slow
def test_two_server_processes_on_one_database_stay_consistent(fresh_url):
    """Two real `ipsmatch serve` processes on one database: a change made through one shows in the other."""
    database = Database(fresh_url)
    database.migrate()
    auth = {"Authorization": f"Bearer {admin_token(database)}"}
    database.dispose()
    ports = [free_port(), free_port()]
    servers = [serve(fresh_url, port) for port in ports]
    first, second = (f"http://127.0.0.1:{port}/api/v1" for port in ports)
    try:
        for port, server in zip(ports, servers, strict=True):
            wait_until_up(f"http://127.0.0.1:{port}", server)
        assert servers[0].pid != servers[1].pid and all(s.poll() is None for s in servers)
        client = httpx.Client(timeout=60)
        employer = client.post(f"{first}/employers", json=EMPLOYER, headers=auth).json()
        seeker = client.post(f"{first}/seekers", json=SEEKER, headers=auth).json()
        path = f"/seekers/{seeker['id']}/suggestions"
        assert client.get(f"{second}{path}", headers=auth).json()["suggestions"] == []
        opening = client.post(f"{first}/openings", json=openings_for(employer["id"])[0], headers=auth).json()
        seen = client.get(f"{second}{path}", headers=auth).json()["suggestions"]
        assert [s["opening_id"] for s in seen] == [opening["id"]], "the other process's index followed the change"
        client.patch(f"{second}/openings/{opening['id']}", json={"status": "filled"}, headers=auth)
        assert client.get(f"{first}{path}", headers=auth).json()["suggestions"] == []
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
