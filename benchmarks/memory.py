"""Resident memory of a serving process over a large program: `ipsmatch serve`, warmed, then measured.

The server is a child process on 127.0.0.1 over a SQLite file with a generated program (service/demo/large.py;
vectors made once by benchmarks/program_vectors.py). It is warmed with suggestion requests for a few seekers
and one candidates request, then its resident set size (RSS, from psutil) is printed once the server has been
idle for TRIM_EVERY seconds (it then gives freed memory back, service/memory.py), with the RSS right after the
last request, the highest RSS while serving (VmHWM) and what the index's vectors take. Request loops here are
bounded in count and time. Target: under 1 GiB at 100,000 openings.
Run: HF_HUB_OFFLINE=1 python benchmarks/memory.py --openings 100000
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil

sys.path.insert(0, str(Path(__file__).parent))
from program_vectors import prepare, program_arguments  # noqa: E402

from models import Role  # noqa: E402
from service.db import Database  # noqa: E402
from service.memory import TRIM_EVERY  # noqa: E402
from service.stores import users  # noqa: E402

MIB = 1024 * 1024


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _status(pid: int, field: str) -> int:
    """A memory figure of the process from /proc (VmHWM: its highest resident memory so far), in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) * 1024
    return 0


def main() -> None:
    args, path = program_arguments(__doc__, openings=100_000, seekers=1_000, name="memory")
    url = prepare(path, openings=args.openings, seekers=args.seekers)
    database = Database(url)
    with database.session() as session:
        _, token = users.create(session, "Memory bench admin", Role.admin)
    database.dispose()
    port = free_port()
    env = {**os.environ, "IPSMATCH_DATABASE_URL": url, "HF_HUB_OFFLINE": "1"}
    start = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "service.cli", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        process = psutil.Process(server.pid)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}/api/v1", timeout=600,
                          headers={"Authorization": f"Bearer {token}"}) as client:
            deadline = time.monotonic() + 1800
            while True:
                try:
                    if client.get("/me").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start")
                time.sleep(1)
            started = time.perf_counter() - start
            idle = process.memory_info().rss
            # The index is built in the background as the server starts: 503 and Retry-After until it is ready.
            while (response := client.get("/seekers/1/suggestions", params={"limit": 10})).status_code == 503:
                if time.monotonic() > deadline:
                    raise SystemExit("the server was still warming up after 30 minutes")
                time.sleep(float(response.headers.get("Retry-After", "5")))
            ready = time.perf_counter() - start
            for seeker_id in range(1, 11):
                response = client.get(f"/seekers/{seeker_id}/suggestions", params={"limit": 10})
                assert response.status_code in (200, 404), response.text
            client.get("/employers/1/candidates")
            busy = process.memory_info().rss
            # A serving process gives freed memory back a moment after a burst of requests (service/memory.py).
            time.sleep(TRIM_EVERY + 2)
            warm = process.memory_info().rss
            anonymous, mapped = _status(server.pid, "RssAnon"), _status(server.pid, "RssFile")
            peak = _status(server.pid, "VmHWM")
        print(f"ipsmatch serve over {args.openings:,} openings and {args.seekers:,} seekers: up in {started:.0f} s, "
              f"ranking after {ready:.0f} s")
        print(f"resident memory after start-up: {idle / MIB:,.0f} MiB; after 10 suggestion requests and a "
              f"candidates request: {warm / MIB:,.0f} MiB (target < 1,024 MiB)")
        print(f"  right after the last request: {busy / MIB:,.0f} MiB; highest while serving: {peak / MIB:,.0f} MiB")
        print(f"  between requests, of which anonymous: {anonymous / MIB:,.0f} MiB; mapped from files (libraries, the "
              f"model's weights): {mapped / MIB:,.0f} MiB")
        print(f"of which the opening vectors alone (float32, 384 a row): {args.openings * 384 * 4 / MIB:,.0f} MiB")
    finally:
        server.terminate()
        server.wait(timeout=60)


if __name__ == "__main__":
    main()
