"""GET /metrics/fidelity: the program's figures for every staff role, rows by least privilege."""

from __future__ import annotations

from tests.service.api.conftest import Program

PERIOD = "from=2026-11-02&to=2026-11-29"  # four whole ISO weeks, W45 to W48


def test_figures_for_each_role_with_rows_by_least_privilege(ranked_program: Program) -> None:
    program, ids = ranked_program, ranked_program.ids
    # Ana entered on 2 November; a visit to the shelter for her on 5 November: 3 days, and the shelter's kennel
    # opening is among her suggestions, so the contact is individualized.
    logged = program.call("specialist", "POST", f"/employers/{ids['shelter']}/contacts",
                          json={"on": "2026-11-05", "face_to_face": True, "seeker_ids": [ids["ana"]]})
    assert logged.status_code == 201, logged.text

    admin = program.call("admin", "GET", f"/metrics/fidelity?{PERIOD}")
    assert admin.status_code == 200, admin.text
    body = admin.json()
    assert (body["from"], body["to"]) == ("2026-11-02", "2026-11-29")
    figures = {f["key"]: f for f in body["figures"]}
    assert all(f["item"] and f["how"] for f in body["figures"])
    # Only Ana entered in the period (Ben on 1 October); contacted after 3 days, she is within 30: 1 of 1.
    assert (figures["rapid_job_search"]["count"], figures["rapid_job_search"]["out_of"]) == (1, 1)
    (ana,) = [s for s in body["seekers"] if s["seeker_id"] == ids["ana"]]
    assert (ana["first_face_to_face"], ana["days_to_first_contact"], ana["within_limit"]) == ("2026-11-05", 3, True)
    assert (figures["individualized_search"]["count"], figures["individualized_search"]["out_of"]) == (1, 1)
    # Two specialists; the contact of 20 November (fixture) and this one: 2 face to face over 8 specialist-weeks.
    assert figures["face_to_face_per_week"]["value"] == 0.25 and figures["face_to_face_per_week"]["target"] == 6
    assert {s["specialist_id"] for s in body["specialists"]} == {ids["specialist"], ids["other_specialist"]}

    mine = program.call("specialist", "GET", f"/metrics/fidelity?{PERIOD}").json()
    assert mine["figures"] == body["figures"]
    assert [s["specialist_id"] for s in mine["specialists"]] == [ids["specialist"]]
    assert {s["seeker_id"] for s in mine["seekers"]} == {ids["ana"]}  # Ben is the other specialist's

    developer = program.call("job_developer", "GET", f"/metrics/fidelity?{PERIOD}").json()
    assert developer["figures"] == body["figures"]
    assert (developer["specialists"], developer["seekers"]) == ([], [])
    assert program.call("seeker", "GET", f"/metrics/fidelity?{PERIOD}").status_code == 403


def test_a_bad_period_is_a_422_that_says_what_to_change(program: Program) -> None:
    reversed_ = program.call("admin", "GET", "/metrics/fidelity?from=2026-11-29&to=2026-11-02")
    assert reversed_.status_code == 422 and "is after to" in reversed_.json()["detail"]
    assert program.call("admin", "GET", "/metrics/fidelity?from=2016-01-01&to=2026-11-02").status_code == 422
    assert program.call("admin", "GET", "/metrics/fidelity?from=last+week").status_code == 422
