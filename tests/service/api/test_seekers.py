"""Seekers through the API: create, read, list, merge-on-PATCH, delete, and the audit trail they leave."""

from __future__ import annotations

from service.stores import audit
from tests.service.api.conftest import Program


def actions(program: Program, seeker_id: int) -> list[tuple[str, int | None]]:
    """The audit trail of one seeker as (action, user id), oldest first."""
    with program.database.session() as s:
        return [(row["action"], row["user_id"]) for row in audit.for_seeker(s, seeker_id)]


def test_create_read_list_and_delete_a_seeker(program: Program) -> None:
    body = {"name": "Cara N.", "entered_on": "2026-11-02", "profile": {"job_types": ["baker"], "min_wage": 16}}
    created = program.call("specialist", "POST", "/seekers", json=body)
    assert created.status_code == 201, created.text
    seeker = created.json()
    assert seeker["id"] >= 1 and seeker["specialist_id"] == program.ids["specialist"]  # joins the caller's caseload
    assert seeker["profile"]["job_types"] == ["baker"] and seeker["profile"]["disclosure"] == "undecided"

    assert program.call("specialist", "GET", f"/seekers/{seeker['id']}").json() == seeker
    listed = program.call("specialist", "GET", "/seekers").json()
    assert [s["name"] for s in listed["items"]] == ["Ana R.", "Cara N."]  # the caseload only, not Ben
    assert (listed["offset"], listed["limit"], listed["next_offset"]) == (0, 50, None)

    assert program.call("specialist", "DELETE", f"/seekers/{seeker['id']}").status_code == 204
    assert program.call("specialist", "GET", f"/seekers/{seeker['id']}").status_code == 404
    who = program.ids["specialist"]
    assert actions(program, seeker["id"]) == [("create", who), ("read", who), ("list", who), ("delete", who)]


def test_admin_lists_everyone_in_pages(program: Program) -> None:
    first = program.call("admin", "GET", "/seekers?limit=1").json()
    assert [s["name"] for s in first["items"]] == ["Ana R."] and first["next_offset"] == 1
    second = program.call("admin", "GET", "/seekers?limit=1&offset=1").json()
    assert [s["name"] for s in second["items"]] == ["Ben T."] and second["next_offset"] is None
    mine = program.call("admin", "GET", f"/seekers?specialist_id={program.ids['other_specialist']}").json()
    assert [s["name"] for s in mine["items"]] == ["Ben T."]


def test_patch_merges_the_profile_key_by_key(program: Program) -> None:
    ana = program.ids["ana"]
    before = program.call("seeker", "GET", f"/seekers/{ana}").json()
    answer = program.call(
        "seeker", "PATCH", f"/seekers/{ana}", json={"profile": {"shifts": ["evening"], "max_commute_km": 5}}
    )
    assert answer.status_code == 200, answer.text
    after = program.call("seeker", "GET", f"/seekers/{ana}").json()
    assert after == answer.json()
    assert after["profile"]["shifts"] == ["evening"] and after["profile"]["max_commute_km"] == 5
    unchanged = {k: v for k, v in before["profile"].items() if k not in {"shifts", "max_commute_km"}}
    assert {k: after["profile"][k] for k in unchanged} == unchanged  # interests, home, benefits... all kept
    assert {k: after[k] for k in ("name", "specialist_id", "entered_on", "active")} == {
        k: before[k] for k in ("name", "specialist_id", "entered_on", "active")
    }
    assert ("update", program.ids["seeker_user"]) in actions(program, ana)


def test_patch_null_clears_an_optional_field(program: Program) -> None:
    ana = program.ids["ana"]
    answer = program.call(
        "specialist", "PATCH", f"/seekers/{ana}", json={"profile": {"min_wage": None}, "active": False}
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["profile"]["min_wage"] is None and answer.json()["active"] is False
    assert answer.json()["profile"]["job_types"] == ["kennel assistant"]


def test_a_seeker_may_not_move_themselves_to_another_specialist(program: Program) -> None:
    before = program.snapshot()
    other = program.ids["other_specialist"]
    for who in ("seeker", "specialist"):
        answer = program.call(who, "PATCH", f"/seekers/{program.ids['ana']}", json={"specialist_id": other})
        assert answer.status_code == 403, answer.text
    assert program.snapshot() == before
    moved = program.call("admin", "PATCH", f"/seekers/{program.ids['ana']}", json={"specialist_id": other})
    assert moved.status_code == 200 and moved.json()["specialist_id"] == other
    assert program.call("specialist", "GET", f"/seekers/{program.ids['ana']}").status_code == 404


def test_a_specialist_adds_seekers_to_their_own_caseload_only(program: Program) -> None:
    body = {"name": "Dee", "specialist_id": program.ids["other_specialist"]}
    assert program.call("specialist", "POST", "/seekers", json=body).status_code == 403
    assert program.call("admin", "POST", "/seekers", json=body).status_code == 201


def test_a_specialist_lists_only_their_own_caseload(program: Program) -> None:
    other = program.ids["other_specialist"]
    assert program.call("specialist", "GET", f"/seekers?specialist_id={other}").status_code == 403
    found = program.call("specialist", "GET", "/seekers?q=ana").json()["items"]
    assert [s["name"] for s in found] == ["Ana R."]
    assert program.call("specialist", "GET", "/seekers?q=ben").json()["items"] == []  # Ben is not theirs
