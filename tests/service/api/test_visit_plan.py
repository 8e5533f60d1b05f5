"""The visit plan through the API, on SQLite and PostgreSQL: who may read whose plan, the week, the limits on
employers, the disclosure rule for talking points, and the audit rows.

The small program of conftest.py: Ana (the specialist's seeker, yes to disclosure) wants kennel work; the
shelter has a kennel assistant and a dog walker opening and was visited face to face on Fri 20 Nov 2026.
"""

from __future__ import annotations

from typing import Any

import pytest

from service.stores import audit
from tests.service.api.conftest import Program

FAR_WEEK = "2026-W50"  # Mon 7 to Sun 13 Dec 2026: the shelter's visit on 20 Nov is no longer recent


def plan(program: Program, who: str = "specialist", path: str | None = None, **query: Any) -> dict[str, Any]:
    path = path or f"/specialists/{program.ids['specialist']}/visit-plan"
    answer = program.call(who, "GET", path, params=query)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_the_plan_visits_the_shelter_for_ana_and_says_why(ranked_program: Program) -> None:
    ids = ranked_program.ids
    body = plan(ranked_program, week=FAR_WEEK)
    assert (body["week"], body["week_start"], body["week_end"]) == ("2026-W50", "2026-12-07", "2026-12-13")
    assert body["visits_asked"] == 6 and body["caseload_size"] == 1
    first = body["visits"][0]
    assert (first["employer_id"], first["employer_name"], first["for_seekers"]) == (
        ids["shelter"], "Northside Animal Shelter", [ids["ana"]]
    )
    assert first["reasons"][0].startswith("For Ana R.: Kennel assistant, preference score")
    assert any("Introduce Ana R. for the Kennel assistant opening" in p for p in first["talking_points"])
    assert body["seekers_served"] == 1
    # The same plan under /me, and for an admin; a date in the week names the same week.
    assert plan(ranked_program, path="/me/visit-plan", week="2026-12-09")["visits"] == body["visits"]
    assert plan(ranked_program, "admin", week=FAR_WEEK)["visits"] == body["visits"]
    with ranked_program.database.session() as s:
        rows = [r for r in audit.for_seeker(s, ids["ana"]) if r["detail"].startswith("visit plan")]
    assert [(r["user_id"], r["action"]) for r in rows] == [
        (ids["specialist"], "read"), (ids["specialist"], "read"), (ids["admin"], "read")
    ]


def test_a_recent_visit_holds_the_shelter_back_until_a_follow_up_is_due(ranked_program: Program) -> None:
    ids = ranked_program.ids
    body = plan(ranked_program, week="2026-W48")  # the shelter was seen on Fri 20 Nov
    assert ids["shelter"] not in [v["employer_id"] for v in body["visits"]]
    held = {h["employer_id"]: h["why"] for h in body["held_back"]}
    assert held[ids["shelter"]] == "Seen on Fri 20 Nov 2026, and no follow-up is due this week."

    promised = ranked_program.call(
        "specialist", "POST", f"/employers/{ids['shelter']}/contacts",
        json={"on": "2026-11-21", "face_to_face": True, "next_step": "Bring Ana's availability",
              "next_step_due": "2026-11-24"},
    )
    assert promised.status_code == 201, promised.text
    body = plan(ranked_program, week="2026-W48")
    (shelter,) = [v for v in body["visits"] if v["employer_id"] == ids["shelter"]]
    assert shelter["follow_up_due"] == "2026-11-24" and shelter["last_seen"] == "2026-11-21"
    assert any("is due Tue 24 Nov 2026: Bring Ana's availability" in r for r in shelter["reasons"])


def test_a_seeker_without_disclosure_is_planned_for_but_never_named_to_the_employer(ranked_program: Program) -> None:
    ids = ranked_program.ids
    no = {"profile": {"disclosure": "no"}}
    changed = ranked_program.call("specialist", "PATCH", f"/seekers/{ids['ana']}", json=no)
    assert changed.status_code == 200, changed.text
    (visit, *_) = plan(ranked_program, week=FAR_WEEK)["visits"]
    assert visit["for_seekers"] == [ids["ana"]] and visit["seekers"][0]["disclosure"] == "no"
    assert "Ana R." in visit["reasons"][0]
    assert visit["talking_points"] and not any("Ana" in p for p in visit["talking_points"])


def test_another_specialists_plan_is_unknown_in_the_words_of_a_missing_one(shared_program: Program) -> None:
    ids = shared_program.ids
    other = shared_program.call("other_specialist", "GET", f"/specialists/{ids['specialist']}/visit-plan")
    missing = shared_program.call("specialist", "GET", "/specialists/999999/visit-plan")
    not_one = shared_program.call("admin", "GET", f"/specialists/{ids['job_developer']}/visit-plan")
    assert other.status_code == missing.status_code == not_one.status_code == 404
    assert other.json()["detail"] == f"No specialist with id {ids['specialist']}."
    assert missing.json()["detail"] == "No specialist with id 999999."
    forbidden = shared_program.call("job_developer", "GET", "/me/visit-plan")
    assert forbidden.status_code == 403
    assert forbidden.json()["detail"] == (
        "As a job developer you may not plan employer visits for a caseload; that needs an employment specialist."
    )


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ({"week": "next week"}, "week: 'next week' is not a week; give a date in the week"),
        ({"week": "2026-W54"}, "or an ISO week, such as 2026-W48"),
        ({"week": "0999-01-01"}, "plan a week between 1900 and 2999"),
        ({"visits": 0}, "visits"),
        ({"visits": 31}, "visits"),
        ({"visits": "six"}, "visits"),
    ],
)
def test_a_bad_week_or_number_of_visits_is_a_422_that_says_what_to_send(
    shared_program: Program, query: dict[str, Any], words: str
) -> None:
    answer = shared_program.call("specialist", "GET", "/me/visit-plan", params=query)
    assert answer.status_code == 422, answer.text
    assert words in answer.json()["detail"]


def test_fewer_visits_when_asked(shared_program: Program) -> None:
    body = plan(shared_program, path="/me/visit-plan", visits=1, week=FAR_WEEK)
    assert body["visits_asked"] == 1 and len(body["visits"]) == 1
