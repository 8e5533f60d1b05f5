"""A team at once: 32 clients for 10 s of mixed reads and writes against a real `ipsmatch serve` process.

On SQLite and on PostgreSQL: no answer is a 5xx (a database that is truly saturated answers 503 with
Retry-After, which the clients honour, but this load must not even reach that), and every write that was
acknowledged with a 2xx is read back afterwards exactly as it was answered.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest

from models import CareerProfile, Employer, JobSeeker, Opening, Role, Shift
from service.db import Database
from service.stores import employers, openings, seekers, users
from tests.service.conftest import database_url
from tests.service.test_restart import free_port, serve, wait_until_up

CLIENTS = 32
SECONDS = 10.0
JOBS = ["kennel assistant", "line cook", "cashier", "stocker", "janitor", "barista", "library aide", "dishwasher"]


def _program(url: str) -> dict:
    """A small program: an admin, a specialist with 8 seekers, 4 employers with 3 openings each."""
    database = Database(url)
    database.migrate()
    with database.session() as s:
        _, admin = users.create(s, "Admin", Role.admin)
        specialist, specialist_token = users.create(s, "Sam Specialist", Role.specialist)
        seeker_ids = [
            seekers.create(s, JobSeeker(
                name=f"Seeker {i}", specialist_id=specialist.id, entered_on=dt.date(2026, 11, 1),
                profile=CareerProfile(job_types=[JOBS[i]], interests=["helping people"], shifts=[Shift.day],
                                      home={"lat": 44.97, "lon": -93.26}, disclosure="yes"),
            )).id
            for i in range(8)
        ]
        employer_ids, opening_ids = [], []
        for e in range(4):
            employer = employers.create(s, Employer(name=f"Employer {e}", location={"lat": 44.98, "lon": -93.25}))
            employer_ids.append(employer.id)
            for j in range(3):
                opening_ids.append(openings.create(s, Opening(
                    employer_id=employer.id, title=JOBS[(e + j) % 8].capitalize(), wage=16.0, shifts=[Shift.day],
                    hours_min=10, hours_max=30)).id)
    database.dispose()
    return {"admin": admin, "specialist": specialist_token, "seekers": seeker_ids, "employers": employer_ids,
            "openings": opening_ids}


def _client_loop(base: str, program: dict, number: int, stop: float, log: list, lock: threading.Lock) -> None:
    """One user of the team: a mix of reads and writes until `stop`, every answer logged."""
    rnd = random.Random(number)
    token = program["specialist"] if number % 2 else program["admin"]
    auth = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=f"{base}/api/v1", headers=auth, timeout=60) as client:
        while time.monotonic() < stop:
            seeker = rnd.choice(program["seekers"])
            employer = rnd.choice(program["employers"])
            kind = rnd.choices(
                ["suggest", "read", "list", "employer", "opening", "feedback", "patch", "contact"],
                weights=[5, 2, 1, 1, 1, 1, 1, 1],
            )[0]
            started = time.monotonic()
            if kind == "suggest":
                answer = client.get(f"/seekers/{seeker}/suggestions?limit=5")
            elif kind == "read":
                answer = client.get(f"/seekers/{seeker}")
            elif kind == "list":
                answer = client.get("/openings?limit=20")
            elif kind == "employer":
                answer = client.post("/employers", json={"name": f"Load {number}-{rnd.random():.6f}"})
            elif kind == "opening":
                answer = client.post("/openings", json={
                    "employer_id": employer, "title": rnd.choice(JOBS).title(), "wage": 17.5, "shifts": ["day"]})
            elif kind == "feedback":
                answer = client.post(f"/seekers/{seeker}/feedback",
                                     json={"opening_id": rnd.choice(program["openings"]), "reaction": "interested"})
            elif kind == "patch":
                answer = client.patch(f"/seekers/{seeker}", json={"profile": {"hours_max": rnd.randint(20, 40)}})
            else:
                answer = client.post(f"/employers/{employer}/contacts",
                                     json={"on": "2026-11-24", "face_to_face": True, "seeker_ids": [seeker]})
            if answer.status_code == 503:
                time.sleep(float(answer.headers.get("Retry-After", "1")))
            with lock:
                log.append((kind, answer.status_code, time.monotonic() - started, answer.json(), answer.request))


def _read_back(base: str, token: str, log: list) -> list[str]:
    """Every acknowledged write, read again: what differs from what the server answered."""
    wrong = []
    with httpx.Client(base_url=f"{base}/api/v1", headers={"Authorization": f"Bearer {token}"}) as client:
        for kind, status, _, body, _request in log:
            if status >= 300:
                continue
            if kind in ("employer", "opening"):
                path = f"/{kind}s/{body['id']}"
                if client.get(path).json() != body:
                    wrong.append(f"{path} differs from its 201 answer")
            elif kind == "contact":
                items = client.get(f"/employers/{body['employer_id']}/contacts?limit=200").json()["items"]
                if body not in items:
                    wrong.append(f"contact {body['id']} is missing")
            elif kind == "feedback":
                items = client.get(f"/seekers/{body['seeker_id']}/feedback?limit=200").json()["items"]
                if body not in items:
                    wrong.append(f"feedback {body['id']} is missing")
    return wrong


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_32_clients_for_10_seconds_get_no_5xx_and_lose_no_write(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = database_url(kind, tmp_path, request)
    program = _program(url)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = serve(url, port)
    try:
        wait_until_up(base, server)
        log: list = []
        lock = threading.Lock()
        stop = time.monotonic() + SECONDS
        threads = [
            threading.Thread(target=_client_loop, args=(base, program, n, stop, log, lock)) for n in range(CLIENTS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=SECONDS + 120)
        statuses = Counter(status for _, status, _, _, _ in log)
        latencies = sorted(seconds for _, _, seconds, _, _ in log)
        p99 = latencies[int(0.99 * (len(latencies) - 1))]
        print(f"\n{kind}: {len(log)} requests in {SECONDS:.0f} s ({len(log) / SECONDS:.1f}/s), statuses "
              f"{dict(sorted(statuses.items()))}, p50 {statistics.median(latencies) * 1000:.0f} ms, "
              f"p99 {p99 * 1000:.0f} ms")
        failures = [(k, s, b) for k, s, _, b, _ in log if s >= 500]
        assert not failures, f"{len(failures)} answers were 5xx, first: {failures[:3]}"
        assert all(not thread.is_alive() for thread in threads), "a client hung"
        assert statuses[200] + statuses[201] > 0
        assert _read_back(base, program["admin"], log) == []
    finally:
        server.terminate()
        server.wait(timeout=30)
