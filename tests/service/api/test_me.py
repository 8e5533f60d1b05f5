"""A specialist's caseload through the API: their active seekers, most urgent first, with rapid-search flags."""

from __future__ import annotations

import datetime as dt

from tests.service.api.conftest import Program


def test_the_caseload_shows_days_since_entry_and_the_first_face_to_face_contact(program: Program) -> None:
    ids = program.ids
    today = dt.date.today()
    entered = today - dt.timedelta(days=40)
    assert program.call("specialist", "PATCH", f"/seekers/{ids['ana']}",
                        json={"entered_on": entered.isoformat()}).status_code == 200
    answer = program.call("specialist", "GET", "/me/caseload")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["caseload_size"], body["caseload_limit"], body["rapid_search_days"]) == (1, 20, 30)
    (ana,) = body["seekers"]
    assert (ana["seeker_id"], ana["days_since_entry"], ana["days_left"], ana["flagged"]) == (ids["ana"], 40, -10, True)

    met = (today - dt.timedelta(days=2)).isoformat()
    logged = program.call("specialist", "POST", f"/employers/{ids['shelter']}/contacts",
                          json={"on": met, "face_to_face": True, "seeker_ids": [ids["ana"]]})
    assert logged.status_code == 201
    (ana,) = program.call("specialist", "GET", "/me/caseload").json()["seekers"]
    assert (ana["first_face_to_face"], ana["days_to_first_contact"], ana["flagged"]) == (met, 38, False)
    assert program.call("other_specialist", "GET", "/me/caseload").json()["seekers"][0]["seeker_id"] == ids["ben"]
