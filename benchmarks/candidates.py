"""GET /employers/{id}/candidates over 10,000 seekers, answered from the stored rankings of `ipsmatch rank-all`.

A generated program (service/demo/large.py; vectors made once by benchmarks/program_vectors.py) in a SQLite
file; rank-all stores every active seeker's ranking, then a job developer asks for the candidates of the
employers with the most stored fits, through the app (FastAPI's TestClient, in this process). The catalogue
is smaller than a state's by default because the request's cost is in the seekers, and ranking 10,000 of them
first takes this shared machine a long while. Measured as a job developer (disclosed seekers) and as the
specialist with the largest caseload, once the app has warmed up. Target: p50 under 200 ms at 10,000 seekers.
Run: HF_HUB_OFFLINE=1 python benchmarks/candidates.py --seekers 10000 --openings 2000
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).parent))
from program_vectors import prepare, program_arguments  # noqa: E402

from models import Role  # noqa: E402
from service.app import create_app  # noqa: E402
from service.db import Database  # noqa: E402
from service.rank_all import rank_all  # noqa: E402
from service.ranking import RankingService  # noqa: E402
from service.stores import rankings, users  # noqa: E402
from service.tables import SeekerRow, StoredSuggestionRow  # noqa: E402

REQUESTS = 60


def main() -> None:
    args, path = program_arguments(__doc__, openings=2_000, seekers=10_000, name="candidates")
    url = prepare(path, openings=args.openings, seekers=args.seekers)
    database = Database(url)
    ranking = RankingService(database)
    with database.session() as session:
        stale = len(rankings.stale_seekers(session))
        _, token = users.create(session, "Bench job developer", Role.job_developer)
        # The specialist with the largest caseload: their search reads only their own seekers' fits.
        specialist = session.scalars(select(SeekerRow.specialist_id).where(SeekerRow.specialist_id.is_not(None))
                                     .group_by(SeekerRow.specialist_id).order_by(func.count().desc())).first()
        specialist_token = users.issue_token(session, specialist)
    if stale:
        start = time.perf_counter()
        done = rank_all(database, ranking)
        print(f"rank-all first: {done.seekers:,} seekers over {args.openings:,} openings in "
              f"{time.perf_counter() - start:.0f} s", flush=True)
    with database.session() as session:
        count = func.count(func.distinct(StoredSuggestionRow.seeker_id))
        busiest = list(session.scalars(select(StoredSuggestionRow.employer_id).group_by(StoredSuggestionRow.employer_id)
                                       .order_by(count.desc()).limit(20)))
    with TestClient(create_app(database, ranking=ranking)) as client:
        # Steady state: the index the app builds in the background as it starts is ready (it took the CPU from
        # the first requests measured before), and the first request has filled the caches.
        ranking.wait_until_warm()
        client.get(f"/api/v1/employers/{busiest[0]}/candidates", headers={"Authorization": f"Bearer {token}"})
        for who, caller in (("a job developer", token), ("the specialist with the largest caseload", specialist_token)):
            p50, p90, size = _measure(client, busiest, caller)
            print(f"GET candidates as {who} over {args.seekers:,} seekers ({args.openings:,} openings), {REQUESTS} "
                  f"requests for the {len(busiest)} employers with the most stored fits: p50 {p50:.0f} ms, "
                  f"p90 {p90:.0f} ms (target p50 < 200 ms); {size:.1f} candidates an answer", flush=True)
    database.dispose()


def _measure(client: TestClient, busiest: list[int], token: str) -> tuple[float, float, float]:
    """p50 and p90 in ms of REQUESTS requests (limit 10) over the employers in turn, and the mean answer size."""
    headers = {"Authorization": f"Bearer {token}"}
    times, sizes = [], []
    for i in range(REQUESTS):
        employer = busiest[i % len(busiest)]
        start = time.perf_counter()
        response = client.get(f"/api/v1/employers/{employer}/candidates", params={"limit": 10}, headers=headers)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.text
        sizes.append(len(response.json()["candidates"]))
    times.sort()
    return statistics.median(times) * 1e3, times[int(0.9 * len(times))] * 1e3, statistics.mean(sizes)


if __name__ == "__main__":
    main()
