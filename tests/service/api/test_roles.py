"""Who may do what: every endpoint x every caller -> the status API.md promises.

401 without a valid token; 403 when the caller's role may never do this; 404 when the record is unknown to
the caller (another specialist's seeker, another seeker's suggestions). The cases share one program per
database kind; a case that changes or deletes something works on a record made for it alone ({fresh_...}),
so no case sees another's effects.
"""

from __future__ import annotations

from typing import Any

import pytest

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
NEW_CONTACT = {"specialist_id": "{specialist}", "on": "2026-11-21", "face_to_face": True}

# (method, path, body, expected per caller). Ana is the specialist's seeker and the signed-in seeker;
# Ben belongs to the other specialist.
MATRIX: dict[str, tuple[str, str, Any, dict[str, int]]] = {
    "create seeker": ("POST", "/seekers", NEW_SEEKER, expect(403, 403, 201, 201, 201)),
    "list seekers": ("GET", "/seekers", None, expect(403, 403, 200, 200, 200)),
    "read own seeker": ("GET", "/seekers/{ana}", None, expect(200, 403, 404, 200, 200)),
    "read other seeker": ("GET", "/seekers/{ben}", None, expect(404, 403, 200, 404, 200)),
    "read unknown seeker": ("GET", "/seekers/999999", None, expect(404, 403, 404, 404, 404)),
    "patch seeker": ("PATCH", "/seekers/{ana}", {"profile": {"hours_max": 30}}, expect(200, 403, 404, 200, 200)),
    "delete seeker": ("DELETE", "/seekers/{fresh_seeker}", None, expect(403, 403, 404, 204, 204)),
    "create employer": ("POST", "/employers", NEW_EMPLOYER, expect(403, 201, 403, 403, 201)),
    "list employers": ("GET", "/employers", None, ALL_OK),
    "read employer": ("GET", "/employers/{shelter}", None, ALL_OK),
    "read unknown employer": ("GET", "/employers/999999", None, expect(404, 404, 404, 404, 404)),
    "patch employer": ("PATCH", "/employers/{shelter}", {"industry": "pets"}, expect(403, 200, 403, 403, 200)),
    "delete employer": ("DELETE", "/employers/{fresh_employer}", None, expect(403, 204, 403, 403, 204)),
    "create opening": ("POST", "/openings", NEW_OPENING, expect(403, 201, 403, 403, 201)),
    "list openings": ("GET", "/openings", None, ALL_OK),
    "read opening": ("GET", "/openings/{kennel}", None, ALL_OK),
    "patch opening": ("PATCH", "/openings/{fresh_opening}", {"status": "filled"}, expect(403, 200, 403, 403, 200)),
    "delete opening": ("DELETE", "/openings/{fresh_opening}", None, expect(403, 204, 403, 403, 204)),
    "log contact": ("POST", "/employers/{shelter}/contacts", NEW_CONTACT, expect(403, 201, 403, 201, 201)),
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
    "candidates": ("GET", "/employers/{shelter}/candidates", None, expect(403, 200, 403, 403, 200)),
}


FRESH = ("seeker", "employer", "opening")


def fill(value: Any, ids: dict[str, int]) -> Any:
    """The template with {name} replaced by the program's ids (as numbers where a whole value is one id)."""
    if isinstance(value, str):
        if value.startswith("{") and value.endswith("}") and value[1:-1] in ids:
            return ids[value[1:-1]]
        return value.format(**ids)
    if isinstance(value, dict):
        return {k: fill(v, ids) for k, v in value.items()}
    return value


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("endpoint", MATRIX)
def test_role_matrix(shared_program: Program, endpoint: str, caller: str) -> None:
    method, path, body, expected = MATRIX[endpoint]
    ids = {
        **shared_program.ids,
        **{f"fresh_{kind}": shared_program.fresh(kind) for kind in FRESH if f"fresh_{kind}" in f"{path}{body}"},
    }
    response = shared_program.call(caller, method, fill(path, ids), json=fill(body, ids))
    want = expected.get(caller, 401)
    assert response.status_code == want, f"{endpoint} as {caller}: {response.status_code} {response.text}"
    if want >= 400:
        assert isinstance(response.json()["detail"], str) and response.json()["detail"]
    if want == 401:
        assert response.headers["www-authenticate"] == "Bearer"
