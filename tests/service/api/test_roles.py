"""Who may do what: every endpoint x every caller -> the status API.md promises.

401 without a valid token; 403 when the caller's role may never do this; 404 when the record is unknown to
the caller (another specialist's seeker, another seeker's suggestions). The cases share one program per
database kind; a case that changes or deletes something works on a record made for it alone ({fresh_...}),
so no case sees another's effects.
"""

from __future__ import annotations

from typing import Any

import pytest

from service.stores import seekers
from tests.service.api.conftest import CALLERS, Program

ALL_OK = {"seeker": 200, "job_developer": 200, "other_specialist": 200, "specialist": 200, "admin": 200}


def expect(seeker: int, job_developer: int, other_specialist: int, specialist: int, admin: int) -> dict[str, int]:
    return dict(
        seeker=seeker,
        job_developer=job_developer,
        other_specialist=other_specialist,
        specialist=specialist,
        admin=admin,
    )


NEW_SEEKER = {"name": "Cara N.", "profile": {"job_types": ["baker"]}}
NEW_EMPLOYER = {"name": "Corner Bakery", "industry": "food"}
NEW_OPENING = {"employer_id": "{shelter}", "title": "Front desk", "wage": 16.0}
NEW_CONTACT = {"on": "2026-11-21", "face_to_face": True}
STAFF_OK = {"job_developer": 201, "other_specialist": 201, "specialist": 201, "admin": 201, "seeker": 403}

# (method, path, body, expected per caller). Ana is the specialist's seeker, the signed-in seeker, and said
# yes to disclosure; Ben belongs to the other specialist and is undecided about disclosure. {target} is Ana
# for the seeker caller and a fresh seeker of the specialist's caseload for everyone else, so that a change
# the caller may make does not leak into other cases.
MATRIX: dict[str, tuple[str, str, Any, dict[str, int]]] = {
    "who am I": ("GET", "/me", None, ALL_OK),
    "my caseload": ("GET", "/me/caseload", None, expect(403, 403, 200, 200, 403)),
    "create seeker": ("POST", "/seekers", NEW_SEEKER, expect(403, 403, 201, 201, 201)),
    "list seekers": ("GET", "/seekers", None, expect(403, 403, 200, 200, 200)),
    "read own seeker": ("GET", "/seekers/{ana}", None, expect(200, 403, 404, 200, 200)),
    "read other seeker": ("GET", "/seekers/{ben}", None, expect(404, 403, 200, 404, 200)),
    "read unknown seeker": ("GET", "/seekers/999999", None, expect(404, 403, 404, 404, 404)),
    "patch seeker profile": (
        "PATCH", "/seekers/{target}", {"name": "Renamed R.", "profile": {"hours_max": 30}},
        expect(200, 403, 404, 200, 200),
    ),
    "patch seeker active": ("PATCH", "/seekers/{target}", {"active": False}, expect(403, 403, 404, 200, 200)),
    "patch seeker entry date": (
        "PATCH", "/seekers/{target}", {"entered_on": "2026-01-05"}, expect(403, 403, 404, 200, 200)
    ),
    "hand seeker to another specialist": (
        "PATCH", "/seekers/{target}", {"specialist_id": "{other_specialist}"}, expect(403, 403, 404, 403, 200)
    ),
    "delete seeker": ("DELETE", "/seekers/{fresh_seeker}", None, expect(403, 403, 404, 204, 204)),
    # Every caller adds the same "Corner Bakery" to the shared program, so all but the first would be likely
    # duplicates (409): the row confirms, and the next one checks the 409 itself.
    "create employer": ("POST", "/employers?confirm=true", NEW_EMPLOYER, expect(403, 201, 201, 201, 201)),
    "create a likely duplicate employer": (
        "POST", "/employers", {"name": "North Side Animal Shelter Inc."}, expect(403, 409, 409, 409, 409)
    ),
    "list employers": ("GET", "/employers", None, ALL_OK),
    "read employer": ("GET", "/employers/{shelter}", None, ALL_OK),
    "read unknown employer": ("GET", "/employers/999999", None, expect(404, 404, 404, 404, 404)),
    "patch employer": ("PATCH", "/employers/{shelter}", {"industry": "pets"}, expect(403, 200, 200, 200, 200)),
    "delete employer": ("DELETE", "/employers/{fresh_employer}", None, expect(403, 204, 403, 403, 204)),
    "merge employers": (
        "POST", "/employers/{fresh_employer}/merge", {"into": "{diner}"}, expect(403, 200, 403, 403, 200)
    ),
    "create opening": ("POST", "/openings", NEW_OPENING, expect(403, 201, 201, 201, 201)),
    "list openings": ("GET", "/openings", None, ALL_OK),
    "read opening": ("GET", "/openings/{kennel}", None, ALL_OK),
    "patch opening": ("PATCH", "/openings/{fresh_opening}", {"status": "filled"}, expect(403, 200, 200, 200, 200)),
    "delete opening": ("DELETE", "/openings/{fresh_opening}", None, expect(403, 204, 403, 403, 204)),
    "log contact": ("POST", "/employers/{shelter}/contacts", NEW_CONTACT, STAFF_OK),
    "log contact as myself": (
        "POST", "/employers/{shelter}/contacts", {**NEW_CONTACT, "specialist_id": "{me}"}, STAFF_OK
    ),
    "log contact as someone else": (
        "POST", "/employers/{shelter}/contacts", {**NEW_CONTACT, "specialist_id": "{specialist}"},
        expect(403, 422, 422, 201, 422),
    ),
    "contact naming a disclosed seeker": (
        "POST", "/employers/{shelter}/contacts", {**NEW_CONTACT, "seeker_ids": ["{ana}"]},
        expect(403, 201, 422, 201, 201),
    ),
    "contact naming an undisclosed seeker": (
        "POST", "/employers/{shelter}/contacts", {**NEW_CONTACT, "seeker_ids": ["{ben}"]},
        expect(403, 422, 201, 422, 201),
    ),
    "read contacts": ("GET", "/employers/{shelter}/contacts", None, expect(403, 200, 200, 200, 200)),
    "own suggestions": ("GET", "/seekers/{ana}/suggestions?limit=3", None, expect(200, 403, 404, 200, 200)),
    "other seeker's suggestions": ("GET", "/seekers/{ben}/suggestions", None, expect(404, 403, 200, 404, 200)),
    "give feedback": (
        "POST",
        "/seekers/{ana}/feedback",
        {"opening_id": "{fresh_opening}", "reaction": "interested"},
        expect(201, 403, 404, 201, 201),
    ),
    "feedback for other seeker": (
        "POST",
        "/seekers/{ben}/feedback",
        {"opening_id": "{fresh_opening}", "reaction": "applied"},
        expect(404, 403, 201, 404, 201),
    ),
    "read feedback": ("GET", "/seekers/{ana}/feedback", None, expect(200, 403, 404, 200, 200)),
    "add judgment": (
        "POST",
        "/seekers/{ana}/judgments",
        {"opening_id": "{walker}", "weight": 0.5, "note": "good"},
        expect(403, 403, 404, 201, 201),
    ),
    "read judgments": ("GET", "/seekers/{ana}/judgments", None, expect(403, 403, 404, 200, 200)),
    "candidates": ("GET", "/employers/{shelter}/candidates", None, expect(403, 200, 200, 200, 200)),
    "employer needs": ("GET", "/employers/{shelter}/needs", None, expect(403, 200, 200, 200, 200)),
    "needs of an unknown employer": ("GET", "/employers/999999/needs", None, expect(403, 404, 404, 404, 404)),
    "my follow-ups": ("GET", "/me/follow-ups?today=2026-11-23", None, expect(403, 200, 200, 200, 200)),
    # The shared contact was logged by the specialist: they and admins may mark it; null reopens (no next step needed).
    "mark a contact done": (
        "PATCH", "/employers/{shelter}/contacts/{contact}", {"done_on": None}, expect(403, 403, 403, 200, 200)
    ),
    "mark an unknown contact done": (
        "PATCH", "/employers/{shelter}/contacts/999999", {"done_on": None}, expect(403, 404, 404, 404, 404)
    ),
    "fidelity figures": ("GET", "/metrics/fidelity", None, expect(403, 200, 200, 200, 200)),
    "my visit plan": ("GET", "/me/visit-plan?visits=2", None, expect(403, 403, 200, 200, 403)),
    "a specialist's visit plan": (
        "GET", "/specialists/{specialist}/visit-plan?visits=2", None, expect(403, 403, 404, 200, 200)
    ),
    "visit plan of no specialist": ("GET", "/specialists/{admin}/visit-plan", None, expect(403, 403, 404, 404, 404)),
    "search occupations": ("GET", "/occupations?q=dog walker&limit=3", None, ALL_OK),
    "review unsure occupations": ("GET", "/occupations/review?limit=5", None, expect(403, 200, 200, 200, 200)),
    "correct an opening's occupation": (
        "PUT", "/openings/{fresh_opening}/occupation", {"code": "39-2021.00"}, expect(403, 200, 200, 200, 200)
    ),
    "correct a job type's occupation": (
        "PUT", "/seekers/{target}/occupations", {"job_type": "baker", "code": "51-3011.00"},
        expect(403, 403, 404, 200, 200),
    ),
}


# A program lead reads who they are and the program's figures; every other endpoint is 403 for them (they
# never learn whether a record exists, so not 404 either).
LEAD_OK = {"who am I": 200, "fidelity figures": 200}
LEAD = {endpoint: LEAD_OK.get(endpoint, 403) for endpoint in MATRIX}

FRESH = ("seeker", "employer", "opening")


def fill(value: Any, ids: dict[str, int]) -> Any:
    """The template with {name} replaced by the program's ids (as numbers where a whole value is one id)."""
    if isinstance(value, str):
        if value.startswith("{") and value.endswith("}") and value[1:-1] in ids:
            return ids[value[1:-1]]
        return value.format(**ids)
    if isinstance(value, dict):
        return {k: fill(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, ids) for v in value]
    return value


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("endpoint", MATRIX)
def test_role_matrix(shared_program: Program, endpoint: str, caller: str) -> None:
    method, path, body, expected = MATRIX[endpoint]
    ids = {
        **shared_program.ids,
        **{f"fresh_{kind}": shared_program.fresh(kind) for kind in FRESH if f"fresh_{kind}" in f"{path}{body}"},
        "me": shared_program.ids.get("seeker_user" if caller == "seeker" else caller, 0),
    }
    if "{target}" in path:
        ids["target"] = shared_program.ids["ana"] if caller == "seeker" else shared_program.fresh("seeker")
    response = shared_program.call(caller, method, fill(path, ids), json=fill(body, ids))
    want = LEAD[endpoint] if caller == "program_lead" else expected.get(caller, 401)
    assert response.status_code == want, f"{endpoint} as {caller}: {response.status_code} {response.text}"
    if want >= 400:
        assert isinstance(response.json()["detail"], str) and response.json()["detail"]
    if want == 401:
        assert response.headers["www-authenticate"] == "Bearer"


def test_every_api_endpoint_is_in_the_matrix(shared_program: Program) -> None:
    """A new endpoint cannot slip in without its row: every route under /api/v1 is a case above."""
    paths = shared_program.client.get("/openapi.json").json()["paths"]
    routes = {(method.upper(), path.removeprefix("/api/v1")) for path, item in paths.items() for method in item}
    covered = {(method, _template(path)) for method, path, _, _ in MATRIX.values()}
    assert {(m, _template(p)) for m, p in routes} <= covered


def _template(path: str) -> str:
    """'/seekers/{ana}/feedback' and '/seekers/{seeker_id}/feedback' both as '/seekers/{}/feedback'."""
    import re

    return re.sub(r"\{[^}]*\}|\d+", "{}", path.split("?")[0])


def test_a_contact_log_shows_only_the_seekers_the_reader_may_know(shared_program: Program) -> None:
    ids = shared_program.ids
    made = shared_program.call(
        "admin", "POST", f"/employers/{ids['diner']}/contacts",
        json={"on": "2026-11-23", "seeker_ids": [ids["ana"], ids["ben"]]},
    )
    assert made.status_code == 201, made.text
    seen = {}
    for who in ("admin", "job_developer", "specialist", "other_specialist"):
        log = shared_program.call(who, "GET", f"/employers/{ids['diner']}/contacts").json()["items"]
        seen[who] = next(c["seeker_ids"] for c in log if c["id"] == made.json()["id"])
    assert seen == {
        "admin": [ids["ana"], ids["ben"]],
        "job_developer": [ids["ana"]],  # Ben has not agreed to disclosure
        "specialist": [ids["ana"]],  # Ben is another specialist's seeker
        "other_specialist": [ids["ben"]],
    }


def test_candidates_are_the_callers_to_introduce(shared_program: Program) -> None:
    ids = shared_program.ids
    found = {}
    for who in ("admin", "job_developer", "specialist", "other_specialist"):
        answer = shared_program.call(who, "GET", f"/employers/{ids['diner']}/candidates?limit=100")
        assert answer.status_code == 200, answer.text
        found[who] = {c["seeker_id"]: c["disclosure"] for c in answer.json()["candidates"]}
    assert found["other_specialist"][ids["ben"]] == "undecided", "a specialist sees their own caseload"
    assert ids["ben"] not in found["job_developer"] and ids["ben"] not in found["admin"]
    with shared_program.database.session() as s:
        for who in ("specialist", "other_specialist"):
            assert all(seekers.get(s, i).specialist_id == ids[who] for i in found[who]), "only their caseload"
        for who in ("job_developer", "admin"):
            assert all(disclosure == "yes" for disclosure in found[who].values())


def test_me_says_who_the_caller_is(shared_program: Program) -> None:
    ids = shared_program.ids
    assert shared_program.call("seeker", "GET", "/me").json() == {
        "id": ids["seeker_user"], "name": "Ana R.", "role": "seeker", "seeker_id": ids["ana"], "specialist_id": None,
    }
    assert shared_program.call("specialist", "GET", "/me").json() == {
        "id": ids["specialist"], "name": "Sam Specialist", "role": "specialist", "seeker_id": None,
        "specialist_id": ids["specialist"],
    }


def test_a_contact_is_filed_under_the_caller(shared_program: Program) -> None:
    ids = shared_program.ids
    made = shared_program.call("job_developer", "POST", f"/employers/{ids['shelter']}/contacts", json=NEW_CONTACT)
    assert made.status_code == 201 and made.json()["specialist_id"] == ids["job_developer"]


def test_a_program_lead_reads_every_specialists_figures_and_no_seeker(shared_program: Program) -> None:
    ids = shared_program.ids
    answer = shared_program.call("program_lead", "GET", "/metrics/fidelity?from=2026-10-01&to=2026-11-30")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert {row["specialist_id"] for row in body["specialists"]} == {ids["specialist"], ids["other_specialist"]}
    assert body["seekers"] == [], "no per-seeker rows: they name seekers"
    admin = shared_program.call("admin", "GET", "/metrics/fidelity?from=2026-10-01&to=2026-11-30").json()
    assert admin["seekers"], "the period holds seekers who entered it, so the lead's empty list is the rule's doing"
    assert body["figures"] == admin["figures"]
