"""Bad input is a 4xx with a readable `detail`, never a 500, and a rejected request changes nothing.

Each case is sent by a caller who may make that request, so the answer is about the input alone; the whole
stored state (records, reactions, audit trail) is read back through the stores before and after. The cases
share one program per database kind: none of them may change it, and each checks exactly that.
"""

from __future__ import annotations

from typing import Any

import pytest

from models import ZERO_EXCLUSION_MESSAGE
from tests.service.api.conftest import Program
from tests.service.api.test_roles import fill

ZERO_EXCLUSION = ZERO_EXCLUSION_MESSAGE.split("{field}")[1][:60]  # the words after the field name
TOO_BIG = 2**63

# name: (caller, method, path, json body or raw bytes, status, words the detail must contain)
CASES: dict[str, tuple[str, str, str, Any, int, str]] = {
    # malformed or mistyped bodies
    "malformed json": ("admin", "POST", "/seekers", b'{"name": ', 422, "not valid JSON"),
    "body is a list": ("admin", "POST", "/seekers", [{"name": "A"}], 422, "request body"),
    "body is text": ("admin", "POST", "/employers", "Corner Bakery", 422, "request body"),
    "NUL in a name": ("admin", "POST", "/seekers", b'{"name": "A\\u0000B"}', 422, "NUL"),
    "NUL by PATCH": ("seeker", "PATCH", "/seekers/{ana}", {"profile": {"interests": ["dogs\u0000"]}}, 422, "NUL"),
    "NaN wage": ("admin", "POST", "/seekers", b'{"name": "A", "profile": {"min_wage": NaN}}', 422, "min_wage"),
    "infinite hours": (
        "admin",
        "POST",
        "/seekers",
        b'{"name": "A", "profile": {"hours_max": Infinity}}',
        422,
        "0 to 80",
    ),
    "deeply nested": ("admin", "POST", "/employers", b"[" * 100_000 + b"]" * 100_000, 400, "parsing the body"),
    "not UTF-8": ("admin", "POST", "/employers", '{"name": "Zoë"}'.encode("latin-1"), 400, "parsing the body"),
    "empty body": ("admin", "POST", "/seekers", b"", 422, "request body"),
    "name is a number": ("admin", "POST", "/seekers", {"name": 5}, 422, "name"),
    "hours are words": (
        "admin",
        "POST",
        "/seekers",
        {"name": "A", "profile": {"hours_min": "many"}},
        422,
        "profile.hours_min",
    ),
    "wage is a list": (
        "job_developer",
        "POST",
        "/openings",
        {"employer_id": "{shelter}", "title": "T", "wage": [1]},
        422,
        "wage",
    ),
    # out of range, too long, too many
    "hours over 80": ("admin", "POST", "/seekers", {"name": "A", "profile": {"hours_max": 200}}, 422, "0 to 80"),
    "latitude 100": (
        "admin",
        "POST",
        "/seekers",
        {"name": "A", "profile": {"home": {"lat": 100, "lon": 0}}},
        422,
        "-90 to 90",
    ),
    "negative wage": (
        "job_developer",
        "POST",
        "/openings",
        {"employer_id": "{shelter}", "title": "T", "wage": -1},
        422,
        "0 to 500",
    ),
    "enormous wage": (
        "job_developer",
        "POST",
        "/openings",
        {"employer_id": "{shelter}", "title": "T", "wage": 1e308},
        422,
        "wage",
    ),
    "hours the wrong way round": (
        "admin",
        "POST",
        "/seekers",
        {"name": "A", "profile": {"hours_min": 30, "hours_max": 10}},
        422,
        "give the smaller number first",
    ),
    "name too long": ("admin", "POST", "/seekers", {"name": "x" * 201}, 422, "name"),
    "blank name": ("job_developer", "POST", "/employers", {"name": "   "}, 422, "name"),
    "description too long": (
        "job_developer",
        "POST",
        "/openings",
        {"employer_id": "{shelter}", "title": "T", "description": "x" * 5001},
        422,
        "description",
    ),
    "too many interests": (
        "admin",
        "POST",
        "/seekers",
        {"name": "A", "profile": {"interests": ["dogs"] * 51}},
        422,
        "interests",
    ),
    "unknown shift": ("admin", "POST", "/seekers", {"name": "A", "profile": {"shifts": ["midnight"]}}, 422, "shifts"),
    "unknown status": (
        "job_developer",
        "POST",
        "/openings",
        {"employer_id": "{shelter}", "title": "T", "status": "maybe"},
        422,
        "status",
    ),
    "unknown reaction": (
        "seeker",
        "POST",
        "/seekers/{ana}/feedback",
        {"opening_id": "{kennel}", "reaction": "love"},
        422,
        "reaction",
    ),
    "weight above 1": (
        "specialist",
        "POST",
        "/seekers/{ana}/judgments",
        {"opening_id": "{kennel}", "weight": 2},
        422,
        "-1 (poor fit) to 1 (good fit)",
    ),
    "judgment on two things": (
        "specialist",
        "POST",
        "/seekers/{ana}/judgments",
        {"opening_id": "{kennel}", "employer_id": "{shelter}", "weight": 0.2},
        422,
        "exactly one",
    ),
    "judgment on nothing": (
        "specialist", "POST", "/seekers/{ana}/judgments", {"weight": 0.2}, 422, "opening_id or employer_id is missing"
    ),
    "contact date is words": (
        "specialist",
        "POST",
        "/employers/{shelter}/contacts",
        {"specialist_id": "{specialist}", "on": "yesterday"},
        422,
        "on",
    ),
    "unknown stage": (
        "job_developer",
        "POST",
        "/employers/{shelter}/contacts",
        {"specialist_id": "{specialist}", "on": "2026-11-20", "stage": "dating"},
        422,
        "stage",
    ),
    "id too big in body": ("admin", "POST", "/seekers", {"name": "A", "specialist_id": TOO_BIG}, 422, "specialist_id"),
    # fields ipsmatch does not know, or that the server decides
    "unknown field": (
        "admin",
        "POST",
        "/seekers",
        {"name": "A", "favourite_colour": "blue"},
        422,
        "favourite_colour: is not a field ipsmatch knows",
    ),
    "unknown profile field": ("admin", "POST", "/seekers", {"name": "A", "profile": {"pets": 2}}, 422, "profile.pets"),
    "id in a create body": ("admin", "POST", "/seekers", {"id": 5, "name": "A"}, 422, "assigned by the server"),
    "seeker id in feedback body": (
        "seeker",
        "POST",
        "/seekers/{ana}/feedback",
        {"opening_id": "{kennel}", "reaction": "interested", "seeker_id": "{ben}"},
        422,
        "taken from the URL path",
    ),
    "author in a judgment": (
        "specialist",
        "POST",
        "/seekers/{ana}/judgments",
        {"opening_id": "{kennel}", "weight": 0.2, "author_id": "{admin}"},
        422,
        "author_id",
    ),
    # clinical and legal history: refused, with the reason
    "diagnosis": ("admin", "POST", "/seekers", {"name": "A", "diagnosis": "schizophrenia"}, 422, ZERO_EXCLUSION),
    "substance use in profile": (
        "specialist",
        "POST",
        "/seekers",
        {"name": "A", "profile": {"substance_use": "none"}},
        422,
        ZERO_EXCLUSION,
    ),
    "hospital stay in work history": (
        "admin",
        "POST",
        "/seekers",
        {"name": "A", "profile": {"work_history": [{"title": "cook", "Hospitalization": "2024"}]}},
        422,
        ZERO_EXCLUSION,
    ),
    "criminal record on a contact": (
        "job_developer",
        "POST",
        "/employers/{shelter}/contacts",
        {"specialist_id": "{specialist}", "on": "2026-11-20", "criminal_record": "x"},
        422,
        ZERO_EXCLUSION,
    ),
    "diagnosis by PATCH": (
        "specialist",
        "PATCH",
        "/seekers/{ana}",
        {"profile": {"diagnosis": "bipolar"}},
        422,
        ZERO_EXCLUSION,
    ),
    "readiness by PATCH": ("seeker", "PATCH", "/seekers/{ana}", {"readiness": "low"}, 422, ZERO_EXCLUSION),
    # PATCH: the merged record must be valid as a whole
    "PATCH breaks the hours range": (
        "specialist",
        "PATCH",
        "/seekers/{ana}",
        {"profile": {"hours_min": 30}},
        422,
        "hours_min (30) is more than hours_max (25)",
    ),
    "PATCH an unknown field": ("admin", "PATCH", "/seekers/{ana}", {"colour": "red"}, 422, "colour"),
    "PATCH the id": ("admin", "PATCH", "/seekers/{ana}", {"id": 77}, 422, "never change"),
    "PATCH with a list": ("admin", "PATCH", "/seekers/{ana}", [1, 2], 422, "request body"),
    "PATCH profile with a string": ("admin", "PATCH", "/seekers/{ana}", {"profile": "likes dogs"}, 422, "profile"),
    "PATCH an empty name": ("admin", "PATCH", "/seekers/{ana}", {"name": ""}, 422, "name"),
    "PATCH a wage out of range": ("job_developer", "PATCH", "/openings/{kennel}", {"wage": 501}, 422, "0 to 500"),
    "PATCH employer location": (
        "job_developer",
        "PATCH",
        "/employers/{shelter}",
        {"location": {"lat": "north"}},
        422,
        "location",
    ),
    # ids that name nothing (or nothing the caller may know)
    "unknown specialist": ("admin", "POST", "/seekers", {"name": "A", "specialist_id": 999999}, 422, "999999"),
    "specialist who is not one": (
        "admin",
        "POST",
        "/seekers",
        {"name": "A", "specialist_id": "{job_developer}"},
        422,
        "specialist",
    ),
    "opening at an unknown employer": (
        "job_developer",
        "POST",
        "/openings",
        {"employer_id": 999999, "title": "T"},
        422,
        "999999",
    ),
    "move an opening to an unknown employer": (
        "admin",
        "PATCH",
        "/openings/{kennel}",
        {"employer_id": 999999},
        422,
        "999999",
    ),
    "PATCH an unknown specialist": ("admin", "PATCH", "/seekers/{ana}", {"specialist_id": 999999}, 422, "999999"),
    "feedback on an unknown opening": (
        "seeker",
        "POST",
        "/seekers/{ana}/feedback",
        {"opening_id": 999999, "reaction": "interested"},
        422,
        "opening_id",
    ),
    "judgment on an unknown employer": (
        "specialist",
        "POST",
        "/seekers/{ana}/judgments",
        {"employer_id": 999999, "weight": 0.3},
        422,
        "employer_id",
    ),
    "judgment on an unknown opening": (
        "admin",
        "POST",
        "/seekers/{ana}/judgments",
        {"opening_id": 999999, "weight": 0.3},
        422,
        "opening_id",
    ),
    "contact naming an unknown seeker": (
        "job_developer",
        "POST",
        "/employers/{shelter}/contacts",
        {"on": "2026-11-20", "seeker_ids": [999999]},
        422,
        "seeker_ids",
    ),
    "contact naming another caseload's seeker": (
        "specialist",
        "POST",
        "/employers/{shelter}/contacts",
        {"on": "2026-11-20", "seeker_ids": ["{ben}"]},
        422,
        "seeker_ids",
    ),
    "contact naming an undisclosed seeker": (
        "job_developer",
        "POST",
        "/employers/{shelter}/contacts",
        {"on": "2026-11-20", "seeker_ids": ["{ben}"]},
        422,
        "seeker_ids",
    ),
    "contact filed under someone else": (
        "admin",
        "POST",
        "/employers/{shelter}/contacts",
        {"specialist_id": 999999, "on": "2026-11-20"},
        422,
        "signed-in user",
    ),
    "contact with an unknown employer": (
        "admin",
        "POST",
        "/employers/999999/contacts",
        {"specialist_id": "{specialist}", "on": "2026-11-20"},
        404,
        "999999",
    ),
    # paths and query strings
    "id is a word": ("admin", "GET", "/seekers/ana", None, 422, "seeker_id"),
    "id zero": ("admin", "GET", "/employers/0", None, 422, "employer_id"),
    "id too big in path": ("admin", "GET", f"/openings/{TOO_BIG}", None, 422, "opening_id"),
    "PATCH an unknown seeker": ("admin", "PATCH", "/seekers/999999", {"name": "B"}, 404, "No seeker with id 999999"),
    "PATCH an unknown opening": ("admin", "PATCH", "/openings/4611686018427387904", {"title": "B"}, 404, "opening"),
    "DELETE an unknown employer": ("admin", "DELETE", "/employers/999999", None, 404, "999999"),
    "limit 0": ("admin", "GET", "/seekers?limit=0", None, 422, "limit"),
    "limit 201": ("admin", "GET", "/openings?limit=201", None, 422, "limit"),
    "negative offset": ("admin", "GET", "/employers?offset=-1", None, 422, "offset"),
    "unknown status filter": ("admin", "GET", "/openings?status=maybe", None, 422, "status"),
    "suggestions limit 1000": ("seeker", "GET", "/seekers/{ana}/suggestions?limit=1000", None, 422, "limit"),
    "search too long": ("admin", "GET", "/employers?q=" + "x" * 201, None, 422, "q"),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_refused_and_changes_nothing(shared_program: Program, case: str) -> None:
    caller, method, path, body, status, words = CASES[case]
    before = shared_program.snapshot()
    sent = (
        {"content": body, "headers": {"Content-Type": "application/json"}}
        if isinstance(body, bytes)
        else {"json": fill(body, shared_program.ids)}
    )
    answer = shared_program.call(caller, method, fill(path, shared_program.ids), **sent)
    assert answer.status_code == status, answer.text
    detail = answer.json()["detail"]
    assert isinstance(detail, str) and words in detail, detail
    assert shared_program.snapshot() == before


def test_validation_errors_also_list_the_raw_problems(shared_program: Program) -> None:
    answer = shared_program.call("admin", "POST", "/seekers", json={"name": "", "profile": {"hours_max": -1}})
    assert answer.status_code == 422
    problems = answer.json()["errors"]
    assert {tuple(p["loc"]) for p in problems} == {("body", "name"), ("body", "profile", "hours_max")}
    assert "name:" in answer.json()["detail"] and "profile.hours_max:" in answer.json()["detail"]


def test_a_patch_that_breaks_the_record_lists_its_problems_the_same_way(shared_program: Program) -> None:
    path = f"/seekers/{shared_program.ids['ana']}"
    answer = shared_program.call("admin", "PATCH", path, json={"profile": {"min_wage": -3}})
    assert answer.status_code == 422
    assert [p["loc"] for p in answer.json()["errors"]] == [["body", "profile", "min_wage"]]
    assert answer.json()["detail"].startswith("profile.min_wage: ")


def test_a_body_that_is_not_sent_as_json_is_refused(shared_program: Program) -> None:
    before = shared_program.snapshot()
    headers = {"Content-Type": "text/plain"}
    answer = shared_program.call("admin", "POST", "/employers", content=b'{"name": "A"}', headers=headers)
    assert answer.status_code == 422 and "Content-Type: application/json" in answer.json()["detail"]
    assert shared_program.snapshot() == before


def test_rejected_input_is_not_echoed_back(shared_program: Program) -> None:
    answer = shared_program.call("admin", "POST", "/seekers", json={"name": "A", "diagnosis": "schizophrenia"})
    assert answer.status_code == 422 and "schizophrenia" not in answer.text


def test_an_idempotency_key_that_is_too_long_is_refused(shared_program: Program) -> None:
    before = shared_program.snapshot()
    answer = shared_program.call(
        "admin", "POST", "/employers", json={"name": "B"}, headers={"Idempotency-Key": "k" * 201}
    )
    assert answer.status_code == 422 and "Idempotency-Key" in answer.json()["detail"]
    assert shared_program.snapshot() == before
