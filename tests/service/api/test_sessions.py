"""One request, one database session: nothing a request calls opens a second one while it holds the first.

A request that held one pooled connection and asked for another (the embedding cache once did) could wait
for a connection other such requests held: under load every request timed out at once. The check counts
connections checked out by each thread at the same moment while requests run, cold caches included.
"""

from __future__ import annotations

import threading
from collections import defaultdict

from sqlalchemy import event

from tests.service.api.conftest import Program


def test_a_request_never_holds_two_connections(program: Program) -> None:
    held: dict[int, int] = defaultdict(int)
    most: dict[int, int] = defaultdict(int)
    engine = program.database.engine

    def checkout(*_: object) -> None:
        me = threading.get_ident()
        held[me] += 1
        most[me] = max(most[me], held[me])

    def checkin(*_: object) -> None:
        held[threading.get_ident()] -= 1

    event.listen(engine, "checkout", checkout)
    event.listen(engine, "checkin", checkin)
    try:
        ids = program.ids
        # Cold: the index is built and every text embedded during these requests.
        for who, path in [
            ("seeker", f"/seekers/{ids['ana']}/suggestions"),
            ("specialist", f"/seekers/{ids['ana']}/suggestions?limit=3"),
            ("job_developer", f"/employers/{ids['shelter']}/candidates"),
            ("admin", f"/seekers/{ids['ben']}/suggestions"),
        ]:
            assert program.call(who, "GET", path).status_code == 200
        changed = program.call("specialist", "PATCH", f"/seekers/{ids['ana']}",
                               json={"profile": {"interests": ["walking dogs in the park"]}})
        assert changed.status_code == 200
        assert program.call("seeker", "GET", f"/seekers/{ids['ana']}/suggestions").status_code == 200
    finally:
        event.remove(engine, "checkout", checkout)
        event.remove(engine, "checkin", checkin)
    assert most and max(most.values()) == 1, f"a thread held {max(most.values())} connections at once"
