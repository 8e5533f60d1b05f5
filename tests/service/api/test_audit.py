"""Every read or change of a seeker record leaves an audit row: who, what, which seeker, when."""

from __future__ import annotations

from service.stores import audit
from tests.service.api.conftest import Program


def trail(program: Program, seeker_id: int) -> list[tuple[str, int | None]]:
    with program.database.session() as s:
        rows = audit.for_seeker(s, seeker_id)
    assert all(row["at"] is not None for row in rows)
    return [(row["action"], row["user_id"]) for row in rows]


def test_each_endpoint_that_touches_a_seeker_leaves_a_row(ranked_program: Program) -> None:
    ids = ranked_program.ids
    ana, developer = ids["ana"], ids["job_developer"]
    steps = [
        ("specialist", "GET", f"/seekers/{ana}", None, "read"),
        ("specialist", "GET", "/seekers", None, "list"),
        ("specialist", "PATCH", f"/seekers/{ana}", {"profile": {"hours_max": 20}}, "update"),
        ("specialist", "GET", f"/seekers/{ana}/suggestions", None, "read"),
        (
            "specialist",
            "POST",
            f"/seekers/{ana}/feedback",
            {"opening_id": ids["walker"], "reaction": "applied"},
            "create",
        ),
        ("specialist", "GET", f"/seekers/{ana}/feedback", None, "read"),
        ("specialist", "POST", f"/seekers/{ana}/judgments", {"employer_id": ids["shelter"], "weight": 0.2}, "create"),
        ("specialist", "GET", f"/seekers/{ana}/judgments", None, "read"),
        (
            "job_developer",
            "POST",
            f"/employers/{ids['shelter']}/contacts",
            {"on": "2026-11-22", "seeker_ids": [ana]},
            "create",
        ),
        ("job_developer", "GET", f"/employers/{ids['shelter']}/candidates", None, "read"),
        ("specialist", "DELETE", f"/seekers/{ana}", None, "delete"),
    ]
    expected = []
    for who, method, path, body, action in steps:
        answer = ranked_program.call(who, method, path, json=body)
        assert answer.status_code < 300, (path, answer.text)
        expected.append((action, ids[who]))
        assert trail(ranked_program, ana) == expected, path  # exactly one new row per request
    assert developer in {user for _, user in expected}


def test_a_refused_request_leaves_no_row(ranked_program: Program) -> None:
    ana = ranked_program.ids["ana"]
    assert ranked_program.call("other_specialist", "GET", f"/seekers/{ana}").status_code == 404
    assert ranked_program.call("seeker", "PATCH", f"/seekers/{ana}", json={"diagnosis": "x"}).status_code == 422
    assert trail(ranked_program, ana) == []
