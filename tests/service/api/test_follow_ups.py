"""GET /me/follow-ups and PATCH .../contacts/{id}: next steps due this ISO week, overdue, done, across a week's end."""

from __future__ import annotations

from typing import Any

from tests.service.api.conftest import Program


def log(program: Program, employer_id: int, on: str, due: str | None, who: str = "specialist", **extra: Any) -> int:
    body = {"on": on, "face_to_face": True, "next_step": f"return by {due}", "next_step_due": due, **extra}
    answer = program.call(who, "POST", f"/employers/{employer_id}/contacts", json=body)
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def mine(program: Program, today: str, who: str = "specialist") -> dict[str, list[int]]:
    answer = program.call(who, "GET", f"/me/follow-ups?today={today}")
    assert answer.status_code == 200, answer.text
    return {kind: [f["contact_id"] for f in answer.json()[kind]] for kind in ("due", "overdue", "done")}


def test_follow_ups_due_and_overdue_from_sunday_to_monday(program: Program) -> None:
    ids = program.ids
    sunday = log(program, ids["shelter"], "2026-11-23", "2026-11-29")
    monday = log(program, ids["diner"], "2026-11-23", "2026-11-30")
    friday = log(program, program.fresh("employer"), "2026-11-23", "2026-11-27")
    later = log(program, program.fresh("employer"), "2026-11-23", "2026-12-07")
    finished_at = program.fresh("employer")
    finished = log(program, finished_at, "2026-11-16", "2026-11-18")
    marked = program.call("specialist", "PATCH", f"/employers/{finished_at}/contacts/{finished}",
                          json={"done_on": "2026-11-20"})
    assert marked.status_code == 200 and marked.json()["done_on"] == "2026-11-20", marked.text

    # Sunday 29 November: the last day of ISO week 48. Monday's step belongs to next week.
    assert mine(program, "2026-11-29") == {"due": [sunday], "overdue": [friday], "done": [finished]}
    # Monday 30 November: a new week. Sunday's step is now overdue, Monday's is due, 7 December is not yet.
    assert mine(program, "2026-11-30") == {"due": [monday], "overdue": [friday, sunday], "done": [finished]}
    assert later not in sum(mine(program, "2026-11-30").values(), [])

    body = program.call("specialist", "GET", "/me/follow-ups?today=2026-11-30").json()
    assert body["due"][0] | {"seeker_ids": []} == {
        "contact_id": monday, "employer_id": ids["diner"], "employer_name": "Lakeview Diner",
        "next_step": "return by 2026-11-30", "due_on": "2026-11-30", "contact_on": "2026-11-23", "done_on": None,
        "seeker_ids": [],
    }
    # Done drops off after 14 days.
    assert mine(program, "2026-12-05")["done"] == [] and mine(program, "2026-12-04")["done"] == [finished]


def test_the_next_contact_with_the_employer_takes_the_step_and_others_see_only_their_own(program: Program) -> None:
    ids = program.ids
    step = log(program, ids["diner"], "2026-11-23", "2026-11-30")
    log(program, ids["diner"], "2026-11-24", "2026-11-30", who="other_specialist")
    # A phone call to the diner on 1 December by the same specialist is the next step taken.
    program.call("specialist", "POST", f"/employers/{ids['diner']}/contacts",
                 json={"on": "2026-12-01", "face_to_face": False})
    assert mine(program, "2026-12-02") == {"due": [], "overdue": [], "done": [step]}
    # The other specialist's own step with the diner stays open: my call was not theirs.
    assert len(mine(program, "2026-12-02", who="other_specialist")["overdue"]) == 1
    assert mine(program, "2026-12-02", who="job_developer") == {"due": [], "overdue": [], "done": []}
    assert program.call("seeker", "GET", "/me/follow-ups").status_code == 403


def test_marking_done_is_for_the_author_or_an_admin_and_bad_input_changes_nothing(program: Program) -> None:
    ids = program.ids
    step = log(program, ids["shelter"], "2026-11-23", "2026-11-27", seeker_ids=[ids["ana"]])
    path = f"/employers/{ids['shelter']}/contacts/{step}"
    before = program.snapshot()
    refused = {
        ("other_specialist", "2026-11-24"): 403,
        ("job_developer", "2026-11-24"): 403,
        ("seeker", "2026-11-24"): 403,
        ("specialist", "2026-11-22"): 422,  # before the contact itself
        ("specialist", "tomorrow"): 422,
    }
    for (who, day), status in refused.items():
        answer = program.call(who, "PATCH", path, json={"done_on": day})
        assert answer.status_code == status, (who, day, answer.text)
        assert answer.json()["detail"]
    assert program.call("specialist", "PATCH", path, json={}).status_code == 422
    assert program.call("specialist", "PATCH", path, json={"done_on": "2026-11-24", "note": "x"}).status_code == 422
    assert program.call("specialist", "PATCH", f"/employers/{ids['diner']}/contacts/{step}",
                        json={"done_on": "2026-11-24"}).status_code == 404  # not in the diner's log
    no_step = program.call("specialist", "PATCH", f"/employers/{ids['shelter']}/contacts/{ids['contact']}",
                           json={"done_on": "2026-11-24"})
    assert no_step.status_code == 422 and "no next step" in no_step.json()["detail"]
    assert program.snapshot() == before
    assert "only they or an admin" in program.call("other_specialist", "PATCH", path,
                                                   json={"done_on": "2026-11-24"}).json()["detail"]

    done = program.call("admin", "PATCH", path, json={"done_on": "2026-11-24"})
    assert done.status_code == 200 and done.json()["done_on"] == "2026-11-24"
    assert done.json()["seeker_ids"] == [ids["ana"]]
    reopened = program.call("specialist", "PATCH", path, json={"done_on": None})
    assert reopened.status_code == 200 and reopened.json()["done_on"] is None
    assert mine(program, "2026-11-28")["overdue"] == [step]
    assert program.call("specialist", "GET", "/me/follow-ups?today=someday").status_code == 422
