"""Write, then read: the first suggestion request after one catalogue write, next to steady state.

For each program size (service/demo/large.py, seed 0) on PostgreSQL: the first build of the index, steady
latency of GET /seekers/{id}/suggestions through the API (TestClient) and of the engine call alone, then one
opening created, edited and deleted, each followed by the first suggestion request (ratios to steady; target:
within 2x). A second process, `ipsmatch serve` on the same database, warming up in the background: how long
until it serves, its first request after warm-up against its own steady state, and, for each write made by
the first process, how long until the second one shows it (target: within 1 s, without a full rebuild).
Embeddings come from benchmarks/.data/embeddings.sqlite (benchmarks/embedding_file_cache.py), copied into the
run's database first: embedding 100,000 distinct texts takes many minutes here, and is not what is measured.
`--catalogue vocabulary` uses openings whose texts come from a small vocabulary (216 distinct texts, the
titles and duties of benchmarks/ranking.py) instead of the large program's mostly distinct ones, for a run
that cannot wait for 100,000 texts to be embedded; the index, the writes and the ranking are the same.

    HF_HUB_OFFLINE=1 python benchmarks/write_then_read.py [--sizes 10000 100000] [--catalogue vocabulary]
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import sqlalchemy as sa
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from embedding_file_cache import FileCache, program_texts  # noqa: E402
from ranking import DUTIES, INDUSTRIES, SEEKER, SHIFTS, TITLES  # noqa: E402

from matcher import MODEL_ID, Embedder, OpeningIndex, text_key  # noqa: E402
from models import Employer, JobSeeker, Opening, Role, Settings  # noqa: E402
from service.app import create_app  # noqa: E402
from service.db import Database  # noqa: E402
from service.demo import DemoProgram  # noqa: E402
from service.demo.large import large_program  # noqa: E402
from service.demo.loader import load_into  # noqa: E402
from service.ranking import RankingService  # noqa: E402
from service.stores import seekers, users  # noqa: E402
from service.stores.embeddings import SqlEmbeddingCache  # noqa: E402

POSTGRES = os.environ.get("IPSMATCH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
WRITES = 5  # of each kind by default (--writes); the median first read is reported


def new_schema() -> tuple[str, sa.Engine, str]:
    """A URL on a new PostgreSQL schema, the admin engine and the schema's name (dropped at the end)."""
    admin = sa.create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = admin.url.update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False), admin, schema


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def p50(call, repeats: int) -> float:
    """Median seconds of `repeats` calls, after one to warm."""
    call()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def fitting_opening(seeker: JobSeeker, employer_id: int, n: int) -> dict:
    """An opening made for the seeker: their first job type, at their home, hours, shifts and wage they want."""
    p = seeker.profile
    low = p.hours_min if p.hours_min is not None else 10
    return {"employer_id": employer_id, "title": p.job_types[0].title(), "description": f"New posting {n}",
            "hours_min": low, "hours_max": low, "shifts": [s.value for s in p.shifts][:1],
            "wage": round(max(p.min_wage or 0, 15.0) + 4, 2), "location": p.home.model_dump()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--catalogue", choices=["large", "vocabulary"], default="large")
    parser.add_argument("--writes", type=int, default=WRITES, help="writes of each kind (the median is reported)")
    args = parser.parse_args()
    rows: list[str] = []
    for size in args.sizes:
        program = (large_program(openings=size, seekers=200, seed=0) if args.catalogue == "large"
                   else vocabulary_program(size))
        rows += measure(size, program, args.writes)
    print("\nwrite, then read (PostgreSQL; machine shared, ratios measured in one run)")
    for row in rows:
        print(row)


def vocabulary_program(size: int) -> DemoProgram:
    """`size` openings whose texts are one of 216 (a title and a duty), at size / 20 employers, deterministic."""
    rng = random.Random(7)
    employers = tuple(
        Employer(id=i, name=f"Employer {i}", industry=rng.choice(INDUSTRIES),
                 location={"lat": 44.97 + rng.uniform(-0.15, 0.15), "lon": -93.26 + rng.uniform(-0.2, 0.2)},
                 hiring_needs=[f"{rng.choice(DUTIES).lower()} on {rng.choice(SHIFTS)}s"])
        for i in range(1, size // 20 + 2)
    )
    openings = []
    for i in range(1, size + 1):
        low = rng.choice([10, 15, 20, 25, 30])
        openings.append(Opening(
            id=i, employer_id=rng.randint(1, len(employers)), title=rng.choice(TITLES), description=rng.choice(DUTIES),
            hours_min=low, hours_max=low + rng.choice([0, 5, 10]), shifts=rng.sample(SHIFTS, rng.randint(1, 2)),
            wage=round(rng.uniform(12, 26), 2) if rng.random() > 0.05 else None,
        ))
    seeker = SEEKER.model_copy(update={"id": 1})
    return DemoProgram(specialists=(), seekers=(seeker,), employers=employers, openings=tuple(openings),
                       contacts=(), feedback=())


def measure(size: int, program: DemoProgram, writes: int = WRITES) -> list[str]:
    print(f"\n== {size} openings: loading and copying embeddings ...", flush=True)
    url, admin, schema = new_schema()
    database = Database(url)
    database.migrate()
    ids = load_into(database, program)
    texts = program_texts(program)
    vectors = Embedder(cache=FileCache()).encode(texts, show_progress_bar=True)
    SqlEmbeddingCache(database).put_many(MODEL_ID, {text_key(t): v for t, v in zip(texts, vectors, strict=True)})
    with database.session() as s:
        token = users.create(s, "Bench admin", Role.admin)[1]
        chosen = next(x for x in program.seekers if x.active and x.profile.job_types and x.profile.home)
        seeker = seekers.get(s, ids["seekers"][chosen.id])
    # An employer whose industry the seeker does not avoid, so the opening made for them fits.
    employer = next(e for e in program.employers
                    if not any(a in (e.industry or "") or (e.industry or "-") in a for a in seeker.profile.avoid))
    employer_id = ids["employers"][employer.id]
    auth = {"Authorization": f"Bearer {token}"}
    path = f"/api/v1/seekers/{seeker.id}/suggestions"
    out: list[str] = []

    ranking = RankingService(database)
    with database.session() as s:
        start = time.perf_counter()
        ranking.index(s)
        build = time.perf_counter() - start
    out.append(f"{size:>7} first build of the index (embeddings cached): {build:.2f} s")

    def engine() -> None:
        with database.session() as s:
            ranking.suggestions(s, seeker, 10)

    app = create_app(database, settings=Settings(warm_in_background=False), ranking=ranking)
    with TestClient(app) as client:
        steady_engine = p50(engine, 20)
        steady_api = p50(lambda: client.get(path, headers=auth), 20)
        out.append(f"{size:>7} steady p50: engine {steady_engine * 1e3:.1f} ms, API {steady_api * 1e3:.1f} ms")
        second = start_server(url)
        out += warm_up(size, second, path, auth)
        steady_other = p50(lambda: second["client"].get(path, headers=auth), 20)
        out.append(f"{size:>7} second process steady p50: API {steady_other * 1e3:.1f} ms")
        firsts: dict[str, list[float]] = {"create": [], "edit": [], "delete": []}
        seen: dict[str, list[float]] = {"create": [], "edit": [], "delete": []}
        other_first: dict[str, list[float]] = {"create": [], "edit": [], "delete": []}
        rebuilds_before = ranking.rebuilds
        for n in range(writes):
            body = fitting_opening(seeker, employer_id, n)
            made = client.post("/api/v1/openings", json=body, headers=auth).json()["id"]
            visible = lambda found, made=made: made in [x["opening_id"] for x in found]  # noqa: E731
            first_read(client, path, auth, firsts["create"], visible)
            watch(second["client"], path, auth, seen["create"], other_first["create"], visible)
            title = f"{body['title']} ({n})"
            client.patch(f"/api/v1/openings/{made}", json={"title": title}, headers=auth)
            shown = lambda found, title=title: title in [x["title"] for x in found]  # noqa: E731
            first_read(client, path, auth, firsts["edit"], shown)
            watch(second["client"], path, auth, seen["edit"], other_first["edit"], shown)
            client.delete(f"/api/v1/openings/{made}", headers=auth)
            gone = lambda found, made=made: made not in [x["opening_id"] for x in found]  # noqa: E731
            first_read(client, path, auth, firsts["delete"], gone)
            watch(second["client"], path, auth, seen["delete"], other_first["delete"], gone)
        engine_firsts = engine_writes(database, ranking, seeker, employer_id, writes)
        with database.session() as s:
            out.append(f"{size:>7} {index_change_cost(ranking.index(s))}")
    for kind in firsts:
        first = statistics.median(firsts[kind])
        out.append(f"{size:>7} {kind:>6} then read, same process: API first {first * 1e3:.1f} ms = "
                   f"{first / steady_api:.2f}x steady (target <= 2); engine first "
                   f"{statistics.median(engine_firsts[kind]) * 1e3:.1f} ms = "
                   f"{statistics.median(engine_firsts[kind]) / steady_engine:.2f}x")
        other = statistics.median(other_first[kind])
        out.append(f"{size:>7} {kind:>6} then read, second process: seen after {max(seen[kind]) * 1e3:.0f} ms at most "
                   f"(target <= 1000), its first request {other * 1e3:.1f} ms = {other / steady_other:.2f}x steady")
    out.append(f"{size:>7} full rebuilds during the writes, first process: {ranking.rebuilds - rebuilds_before}")
    stop_server(second)
    database.dispose()
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    for row in out:
        print(row, flush=True)
    return out


def first_read(client: TestClient, path: str, auth: dict, times: list[float], done) -> None:
    start = time.perf_counter()
    answer = client.get(path, headers=auth)
    times.append(time.perf_counter() - start)
    assert answer.status_code == 200 and done(answer.json()["suggestions"]), "the write is not in the next read"


def watch(client: httpx.Client, path: str, auth: dict, seen: list[float], first: list[float], done) -> None:
    """Asks the second process until it shows the write: how long that took, and the first request's time."""
    start = time.perf_counter()
    while True:
        asked = time.perf_counter()
        answer = client.get(path, headers=auth)
        if len(seen) == len(first):
            first.append(time.perf_counter() - asked)
        if answer.status_code == 200 and done(answer.json()["suggestions"]):
            seen.append(time.perf_counter() - start)
            return
        if time.perf_counter() - start > 60:
            raise RuntimeError("the second process did not show the write within a minute")
        time.sleep(0.02)


def engine_writes(
    database: Database, ranking: RankingService, seeker: JobSeeker, employer_id: int, writes: int = WRITES
) -> dict:
    """The engine alone: a write through the stores, then the first ranking call after it (the write's new text
    is embedded by that call, where the API embeds it in the write request)."""
    from models import Opening
    from service.stores import openings

    times: dict[str, list[float]] = {"create": [], "edit": [], "delete": []}
    for n in range(writes):
        body = fitting_opening(seeker, employer_id, 100 + n)
        for kind in times:
            with database.session() as s:
                if kind == "create":
                    made = openings.create(s, Opening.model_validate(body)).id
                elif kind == "edit":
                    openings.update(s, made, {"title": f"{body['title']} (engine {n})"})
                else:
                    openings.delete(s, made)
            with database.session() as s:
                start = time.perf_counter()
                ranking.suggestions(s, seeker, 10)
                times[kind].append(time.perf_counter() - start)
    return times


def index_change_cost(index: OpeningIndex, repeats: int = 9) -> str:
    """What OpeningIndex.apply() alone takes for one opening created, edited (same text) or deleted (p50), each
    change made to the snapshot the one before gave, as the service makes them."""
    top = max(index.row_of_id)
    some = index.openings[index.row_of_id[top]]
    made = [some.model_copy(update={"id": top + 1 + i}) for i in range(2 * repeats + 2)]
    steps = {
        "create": iter([{"openings": [o]} for o in made]),
        "edit": iter([{"openings": [some.model_copy(update={"wage": 10.0 + i})]} for i in range(repeats + 1)]),
        "delete": iter([{"deleted_openings": [o.id]} for o in made]),
    }
    cost = {}
    for kind, changes in steps.items():
        times = []
        for _ in range(repeats + 1):
            kwargs = next(changes)
            start = time.perf_counter()
            index = index.apply(**kwargs)
            times.append(time.perf_counter() - start)
        cost[kind] = statistics.median(times[1:])
    return "index change alone (OpeningIndex.apply, p50): " + " / ".join(
        f"{kind} {seconds * 1e3:.2f} ms" for kind, seconds in cost.items())


def start_server(url: str) -> dict:
    port = free_port()
    env = {**os.environ, "IPSMATCH_DATABASE_URL": url, "IPSMATCH_WARM_IN_BACKGROUND": "true", "HF_HUB_OFFLINE": "1"}
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "service.cli", "serve", "--port", str(port)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return {"process": process, "started": started, "client": httpx.Client(base_url=f"http://127.0.0.1:{port}",
                                                                            timeout=600)}


def warm_up(size: int, server: dict, path: str, auth: dict) -> list[str]:
    """Waits for the second process to serve suggestions; how long, how often it said 'warming up', and the
    first request after that against the next twenty."""
    warming = 0
    while True:
        asked = time.perf_counter()
        try:
            answer = server["client"].get(path, headers=auth)
        except httpx.TransportError:
            time.sleep(0.1)
            continue
        if answer.status_code == 503:
            warming += 1
            assert "warming up" in answer.json()["detail"] and answer.headers["Retry-After"]
            time.sleep(0.2)
            continue
        assert answer.status_code == 200, answer.text
        first = time.perf_counter() - asked
        break
    ready = time.perf_counter() - server["started"]
    steady = p50(lambda: server["client"].get(path, headers=auth), 20)
    return [f"{size:>7} second process: serving {ready:.1f} s after start ({warming} 'warming up' answers); "
            f"its first request after warm-up {first * 1e3:.1f} ms = {first / steady:.2f}x steady (target <= 2)"]


def stop_server(server: dict) -> None:
    server["client"].close()
    server["process"].terminate()
    server["process"].wait(timeout=30)


if __name__ == "__main__":
    main()
