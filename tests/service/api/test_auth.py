"""Signing in: a bearer token or a 401 that says how, whatever is wrong with the header."""

from __future__ import annotations

import pytest

from tests.service.api.conftest import Program


@pytest.mark.parametrize(
    "authorization",
    ["", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Token abc", "Bearer not-a-token", "Bearer " + "x" * 5000],
)
def test_a_missing_or_bad_token_is_401(program: Program, authorization: str) -> None:
    before = program.snapshot()
    answer = program.client.post("/api/v1/employers", json={"name": "A"}, headers={"Authorization": authorization})
    assert answer.status_code == 401
    assert answer.headers["WWW-Authenticate"] == "Bearer" and "Bearer TOKEN" in answer.json()["detail"]
    assert program.snapshot() == before


def test_the_scheme_is_case_insensitive(program: Program) -> None:
    answer = program.client.get("/api/v1/employers", headers={"Authorization": f"bearer {program.tokens['seeker']}"})
    assert answer.status_code == 200


def test_a_forbidden_answer_names_what_the_role_may_not_do(program: Program) -> None:
    answer = program.call("seeker", "POST", "/employers", json={"name": "A"})
    assert answer.status_code == 403
    assert answer.json()["detail"] == (
        "As a job seeker you may not add employers; "
        "that needs an admin, an employment specialist or a job developer."
    )


def test_unknown_paths_and_methods_answer_json(program: Program) -> None:
    assert program.call("admin", "GET", "/nowhere").json() == {"detail": "Not Found"}
    assert program.call("admin", "PUT", "/seekers").status_code == 405
