"""Latency of GET /seekers/{id}/suggestions over HTTP with 10k openings, next to the engine call alone,
and requests per second for a mixed read/write load sent from this process to a server process.

The server is `ipsmatch serve` in a child process on 127.0.0.1, over a fresh SQLite file; every request
loop here is bounded in count and in time. Targets: p99 under 50 ms; HTTP p50 under 2x the engine's.
Run: HF_HUB_OFFLINE=1 python benchmarks/api_latency.py
"""

from __future__ import annotations

import http.client
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from ranking import SEEKER, catalogue  # noqa: E402

from models import Role  # noqa: E402
from service.db import Database  # noqa: E402
from service.ranking import RankingService  # noqa: E402
from service.stores import employers, openings, seekers, users  # noqa: E402

OPENINGS = 10_000
LATENCY_REQUESTS = 400
MIXED_SECONDS = 15.0
CLIENTS = 4


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def fill(url: str) -> tuple[int, str, list[int]]:
    """Writes 10k openings, one seeker and a specialist; returns the seeker id, a token and opening ids."""
    database = Database(url)
    database.migrate()
    employer_list, opening_list = catalogue(OPENINGS, random.Random(11))
    with database.session() as session:
        specialist, token = users.create(session, "Bench specialist", Role.specialist)
        ids = {e.id: employers.create(session, e.model_copy(update={"id": None})).id for e in employer_list}
        opening_ids = [
            openings.create(session, o.model_copy(update={"id": None, "employer_id": ids[o.employer_id]})).id
            for o in opening_list
        ]
        seeker = seekers.create(session, SEEKER.model_copy(update={"id": None, "specialist_id": specialist.id}))
    database.dispose()
    return seeker.id, token, opening_ids


def engine_times(url: str, seeker_id: int, repeats: int) -> list[float]:
    """RankingService.suggestions as the route calls it: in a transaction of its own (one per request, as each
    request has), after the seeker was read in it; only the ranking call is timed. What the route does besides
    (sign-in, access, exposure and audit rows, the durable commit, JSON, HTTP) is the overhead measured."""
    database = Database(url)
    ranking = RankingService(database)
    times = []
    with database.session() as session:
        ranking.suggestions(session, seekers.get(session, seeker_id), 10)  # builds this process's index, untimed
    for _ in range(repeats):
        with database.session() as session:
            seeker = seekers.get(session, seeker_id)
            start = time.perf_counter()
            ranking.suggestions(session, seeker, 10)
            times.append(time.perf_counter() - start)
    database.dispose()
    return times


def mixed_load(base: str, headers: dict[str, str], seeker_id: int, opening_ids: list[int]) -> dict[str, float]:
    """CLIENTS threads sending a read-heavy mix for MIXED_SECONDS; counts and tail latency."""
    end = time.monotonic() + MIXED_SECONDS
    lock = threading.Lock()
    done = {"read": 0, "write": 0, "error": 0}
    times: list[float] = []

    def client_loop(seed: int) -> None:
        rng = random.Random(seed)
        with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
            while time.monotonic() < end:
                roll, start = rng.random(), time.perf_counter()
                if roll < 0.6:
                    r, kind = client.get(f"/seekers/{seeker_id}/suggestions"), "read"
                elif roll < 0.8:
                    r, kind = client.get(f"/seekers/{seeker_id}"), "read"
                elif roll < 0.9:
                    body = {"opening_id": rng.choice(opening_ids), "reaction": "interested"}
                    r, kind = client.post(f"/seekers/{seeker_id}/feedback", json=body), "write"
                else:
                    body = {"profile": {"hours_max": rng.choice([25, 30])}}
                    r, kind = client.patch(f"/seekers/{seeker_id}", json=body), "write"
                with lock:
                    times.append(time.perf_counter() - start)
                    done[kind if r.status_code < 400 else "error"] += 1

    threads = [threading.Thread(target=client_loop, args=(seed,)) for seed in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {**done, "requests": len(times), "p99_ms": percentile(times, 0.99) * 1e3}


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="ipsmatch-bench-"))
    url = f"sqlite:///{workdir / 'bench.db'}"
    print(f"filling {OPENINGS} openings ...", flush=True)
    seeker_id, token, opening_ids = fill(url)
    port = free_port()
    env = {**os.environ, "IPSMATCH_DATABASE_URL": url, "HF_HUB_OFFLINE": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/api/v1"
    headers = {"Authorization": f"Bearer {token}"}
    try:
        with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
            deadline = time.monotonic() + 180
            while True:
                try:
                    if client.get(f"/seekers/{seeker_id}/suggestions").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start")
                time.sleep(0.5)
            # Two clients on keep-alive connections: the standard library's http.client, which adds little of its
            # own, measures the server; httpx (what the tests and most Python callers use) adds about 1 ms of its
            # own a request on this machine, so its figure is printed beside.
            plain = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            path = f"/api/v1/seekers/{seeker_id}/suggestions?limit=10"
            http_times, httpx_times, engine = [], [], []
            for _ in range(4):  # interleave, so machine noise hits all three alike
                for _ in range(LATENCY_REQUESTS // 4):
                    start = time.perf_counter()
                    plain.request("GET", path, headers=headers)
                    answer = plain.getresponse()
                    body = answer.read()
                    http_times.append(time.perf_counter() - start)
                    assert answer.status == 200, body
                for _ in range(LATENCY_REQUESTS // 4):
                    start = time.perf_counter()
                    response = client.get(f"/seekers/{seeker_id}/suggestions", params={"limit": 10})
                    httpx_times.append(time.perf_counter() - start)
                    assert response.status_code == 200, response.text
                engine += engine_times(url, seeker_id, LATENCY_REQUESTS // 4)
            plain.close()
            p50, p99 = percentile(http_times, 0.5) * 1e3, percentile(http_times, 0.99) * 1e3
            x50, x99 = percentile(httpx_times, 0.5) * 1e3, percentile(httpx_times, 0.99) * 1e3
            e50, e99 = percentile(engine, 0.5) * 1e3, percentile(engine, 0.99) * 1e3
            print(f"GET suggestions over HTTP (http.client), {OPENINGS} openings: p50 {p50:.1f} ms, p99 {p99:.1f} ms "
                  f"(target p99 < 50 ms); with httpx: p50 {x50:.1f} ms, p99 {x99:.1f} ms")
            print(f"engine call alone (RankingService.suggestions): p50 {e50:.1f} ms, p99 {e99:.1f} ms")
            print(f"HTTP / engine at p50: {p50 / e50:.2f}x (target < 2x), with httpx {x50 / e50:.2f}x; "
                  f"what HTTP adds at p50: {p50 - e50:.1f} ms ({x50 - e50:.1f} ms with httpx)")

            mixed = mixed_load(base, headers, seeker_id, opening_ids)
            print(f"mixed load for {MIXED_SECONDS:.0f} s from a second process, {CLIENTS} concurrent clients "
                  f"(60% suggestions, 20% seeker reads, 10% feedback, 10% profile edits): "
                  f"{mixed['requests'] / MIXED_SECONDS:.0f} requests/s, {mixed['write']} writes, "
                  f"{mixed['error']} errors, p99 {mixed['p99_ms']:.0f} ms")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
