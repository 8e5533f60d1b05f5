"""How long each main page takes to render on the demo program: p50 and p95 per page, p95 against 300 ms.

The demo program and its users' passwords go into a fresh SQLite file; the app runs in-process behind
Starlette's TestClient (the same app `ipsmatch serve` runs, without the network hop). Each role signs in
through the sign-in form, each page is fetched once to warm up (the first request loads the embedding model
and builds the opening index), then `--rounds` times; the time is the whole request, database included.
On a shared machine the wall-clock times grow with the load, so each row also gives the CPU time the process
spent per request (p50; the client's share of it is small), which the load changes much less.
Run: HF_HUB_OFFLINE=1 python benchmarks/pages.py [--rounds 20]
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from models import Role
from service.app import create_app
from service.db import Database
from service.demo.loader import demo_passwords, load_demo
from service.stores import employers, seekers

TARGET_MS = 300.0


def signed_in(app, username: str, password: str) -> TestClient:
    """A client holding a page session for that user, signed in through the form as a browser would."""
    client = TestClient(app)
    form = client.get("/sign-in")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token, "the sign-in page carries a CSRF token"
    answer = client.post("/sign-in", data={"username": username, "password": password, "csrf_token": token[1]},
                         follow_redirects=False)
    assert answer.status_code == 303, f"{username} could not sign in: {answer.status_code}"
    return client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="timed requests per page (after one warm-up)")
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as folder:
        database = Database(f"sqlite:///{Path(folder) / 'demo.db'}")
        database.migrate()
        load_demo(database)
        logins = demo_passwords(database)
        with database.session() as session:
            own = seekers.list(session, limit=1)[0]
            shine = employers.list(session, q="Shine On Auto Detailing", limit=1)[0]
        app = create_app(database)
        by_role = {}
        for login in logins:
            wanted = login.name == "Priya S." if login.role == Role.specialist else login.role not in by_role
            if wanted and login.role not in by_role:
                by_role[login.role] = login
        pages = [
            (Role.seeker, "/jobs"), (Role.seeker, "/preferences"),
            (Role.specialist, "/caseload"), (Role.specialist, "/visit-plan"), (Role.specialist, "/contacts/new"),
            (Role.specialist, f"/seekers/{own.id}"),
            (Role.job_developer, "/employers"), (Role.job_developer, "/employers?q=nortside"),
            (Role.job_developer, "/employers/new"), (Role.job_developer, f"/employers/{shine.id}"),
            (Role.program_lead, "/program"),
        ]
        with TestClient(app):
            app.state.ranking.wait_until_warm()  # the index builds in the background as the app starts
            clients = {role: signed_in(app, by_role[role].username, by_role[role].password) for role in by_role}
            print(f"Demo program, {rounds} requests per page after one warm-up; target p95 < {TARGET_MS:.0f} ms.")
            print(f"{'role':<15}{'page':<28}{'status':>7}{'p50 ms':>9}{'p95 ms':>9}{'CPU ms':>9}{'first ms':>10}  met")
            for role, path in pages:
                client = clients[role]
                started = time.perf_counter()
                first = client.get(path)
                first_ms = (time.perf_counter() - started) * 1000
                times, cpu = [], []
                for _ in range(rounds):
                    started, used = time.perf_counter(), time.process_time()
                    answer = client.get(path)
                    times.append((time.perf_counter() - started) * 1000)
                    cpu.append((time.process_time() - used) * 1000)
                    assert answer.status_code == first.status_code == 200, f"{path}: {answer.status_code}"
                p50 = statistics.median(times)
                p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else p50
                met = "yes" if p95 < TARGET_MS else "NO"
                row = (f"{role.value:<15}{path:<28}{answer.status_code:>7}{p50:>9.1f}{p95:>9.1f}"
                       f"{statistics.median(cpu):>9.1f}{first_ms:>10.0f}")
                print(f"{row}  {met}")
        database.dispose()


if __name__ == "__main__":
    main()
