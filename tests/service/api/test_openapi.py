"""The OpenAPI page: served at /docs, with the request examples of API.md."""

from __future__ import annotations

from service.schemas import CONTACT_EXAMPLE, EMPLOYER_EXAMPLE, OPENING_EXAMPLE, SEEKER_EXAMPLE
from tests.service.api.conftest import Program


def test_docs_and_schema_are_served_without_a_token(program: Program) -> None:
    assert program.client.get("/docs").status_code == 200
    schema = program.client.get("/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/seekers",
        "/api/v1/seekers/{seeker_id}",
        "/api/v1/employers",
        "/api/v1/employers/{employer_id}",
        "/api/v1/openings",
        "/api/v1/openings/{opening_id}",
        "/api/v1/employers/{employer_id}/contacts",
        "/api/v1/seekers/{seeker_id}/suggestions",
        "/api/v1/seekers/{seeker_id}/feedback",
        "/api/v1/seekers/{seeker_id}/judgments",
    ):
        assert path in paths, path
    components = schema["components"]["schemas"]
    assert components["SeekerCreate"]["examples"] == [SEEKER_EXAMPLE]
    assert components["EmployerCreate"]["examples"] == [EMPLOYER_EXAMPLE]
    assert components["OpeningCreate"]["examples"] == [OPENING_EXAMPLE]
    assert components["ContactCreate"]["examples"] == [CONTACT_EXAMPLE]
    assert "id" not in components["SeekerCreate"]["properties"]  # the server assigns ids
    assert "HTTPBearer" in schema["components"]["securitySchemes"]


def test_the_api_md_examples_are_accepted_as_they_stand(program: Program) -> None:
    ids = program.ids
    seeker = program.call("admin", "POST", "/seekers", json={**SEEKER_EXAMPLE, "specialist_id": ids["specialist"]})
    assert seeker.status_code == 201, seeker.text
    # The example is the program's shelter itself: a likely duplicate (409) until confirmed.
    assert program.call("admin", "POST", "/employers", json=EMPLOYER_EXAMPLE).status_code == 409
    assert program.call("admin", "POST", "/employers?confirm=true", json=EMPLOYER_EXAMPLE).status_code == 201
    opening = program.call("admin", "POST", "/openings", json={**OPENING_EXAMPLE, "employer_id": ids["shelter"]})
    assert opening.status_code == 201, opening.text
    contact = {**CONTACT_EXAMPLE, "specialist_id": ids["specialist"], "seeker_ids": [seeker.json()["id"]]}
    assert program.call("specialist", "POST", f"/employers/{ids['shelter']}/contacts", json=contact).status_code == 201
