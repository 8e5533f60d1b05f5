"""Duplicate employers over HTTP: a likely duplicate answers 409 until confirmed, and merging moves everything."""

from __future__ import annotations

import datetime as dt

from models import Employer, EmployerContact, Judgment, Location, Opening
from service.stores import contacts, counters, employers, openings, reactions
from tests.service.api.conftest import SHELTER, Program

# The program's shelter as a job board lists it: another spelling, no location.
SHELTER_AGAIN = {"name": "North Side Animal Shelter, Inc.", "industry": "animal care"}


def test_a_likely_duplicate_answers_409_with_the_records_and_writes_nothing(program: Program) -> None:
    before = program.snapshot()
    answer = program.call("job_developer", "POST", "/employers", json=SHELTER_AGAIN)
    assert answer.status_code == 409, answer.text
    body = answer.json()
    assert body["duplicates"] == [
        {"id": program.ids["shelter"], "name": "Northside Animal Shelter", "score": body["duplicates"][0]["score"],
         "distance_km": None}
    ]
    assert 0.85 <= body["duplicates"][0]["score"] <= 1
    assert "Northside Animal Shelter" in body["detail"] and "?confirm=true" in body["detail"]
    assert program.snapshot() == before


def test_the_same_request_with_confirm_adds_it(program: Program) -> None:
    answer = program.call("job_developer", "POST", "/employers?confirm=true", json=SHELTER_AGAIN)
    assert answer.status_code == 201, answer.text
    made = program.call("admin", "GET", f"/employers/{answer.json()['id']}").json()
    assert made["name"] == SHELTER_AGAIN["name"]


def test_the_409_gives_the_distance_and_a_branch_far_away_is_no_duplicate(program: Program) -> None:
    nearby = {"name": "Northside Animal Shelter", "location": {"lat": 44.9905, "lon": -93.2702}}
    answer = program.call("specialist", "POST", "/employers", json=nearby)
    assert answer.status_code == 409
    assert 0 < answer.json()["duplicates"][0]["distance_km"] < 0.5
    branch = {"name": "Northside Animal Shelter", "location": {"lat": 45.10, "lon": -93.40}}  # ~16 km away
    assert program.call("specialist", "POST", "/employers", json=branch).status_code == 201
    other = {"name": "Lakeview Diner Catering", "location": {"lat": 44.96, "lon": -93.25}}
    assert program.call("specialist", "POST", "/employers", json=other).status_code == 201


def test_confirm_must_be_a_yes_or_no(program: Program) -> None:
    answer = program.call("admin", "POST", "/employers?confirm=perhaps", json={"name": "Corner Bakery"})
    assert answer.status_code == 422 and "confirm" in answer.json()["detail"]


def test_renaming_an_employer_is_not_checked(program: Program) -> None:
    path = f"/employers/{program.ids['diner']}"
    answer = program.call("admin", "PATCH", path, json={"name": "Northside Animal Shelter"})
    assert answer.status_code == 200


def _duplicate_with_records(program: Program) -> int:
    """The shelter entered again, with an opening, a contact, a judgment and hiring needs of its own."""
    ids = program.ids
    with program.database.session() as s:
        twin = employers.create(s, Employer(
            name="Northside Animal Shelter Inc", industry="shelter", location=Location(lat=44.9901, lon=-93.2701),
            hiring_needs=["Kennel help on weekday mornings", "a cat room volunteer coordinator"],
        ))
        opening = openings.create(s, Opening(employer_id=twin.id, title="Cat room attendant", wage=16.0))
        contacts.create(s, twin.id, EmployerContact(specialist_id=ids["specialist"], on=dt.date(2026, 11, 25)))
        reactions.add_judgment(s, ids["ana"], Judgment(employer_id=twin.id, weight=0.4), ids["specialist"])
    ids["twin"], ids["cat_room"] = twin.id, opening.id
    return twin.id


def test_merging_moves_openings_contacts_judgments_and_needs(program: Program) -> None:
    ids = program.ids
    twin = _duplicate_with_records(program)
    with program.database.session() as s:
        counter = counters.value(s)
    answer = program.call("job_developer", "POST", f"/employers/{twin}/merge", json={"into": ids["shelter"]})
    assert answer.status_code == 200, answer.text
    kept = answer.json()
    assert (kept["id"], kept["name"], kept["industry"]) == (ids["shelter"], SHELTER.name, SHELTER.industry)
    # The kept record's needs first; a need it already lists (in other capitals) is not repeated.
    assert kept["hiring_needs"] == ["kennel help on weekday mornings", "a cat room volunteer coordinator"]
    assert program.call("admin", "GET", f"/employers/{twin}").status_code == 404
    assert program.call("admin", "GET", f"/openings/{ids['cat_room']}").json()["employer_id"] == ids["shelter"]
    log = program.call("admin", "GET", f"/employers/{ids['shelter']}/contacts").json()["items"]
    assert len(log) == 2 and {c["employer_id"] for c in log} == {ids["shelter"]}
    judged = program.call("specialist", "GET", f"/seekers/{ids['ana']}/judgments").json()["items"]
    assert [j["employer_id"] for j in judged] == [ids["shelter"]]
    with program.database.session() as s:
        assert counters.value(s) == counter + 1
    # The catalogue moved, so suggestions are recomputed on the merged record.
    assert program.call("specialist", "GET", f"/seekers/{ids['ana']}/suggestions").status_code == 200


def test_the_kept_record_takes_what_it_lacks(program: Program) -> None:
    with program.database.session() as s:
        bare = employers.create(s, Employer(name="Lakeview Diner LLC")).id
    answer = program.call("admin", "POST", f"/employers/{program.ids['diner']}/merge", json={"into": bare})
    assert answer.status_code == 200, answer.text
    assert answer.json()["location"] == {"lat": 44.96, "lon": -93.25} and answer.json()["industry"] == "restaurant"
    assert answer.json()["name"] == "Lakeview Diner LLC"


def test_a_refused_merge_changes_nothing(program: Program) -> None:
    ids = program.ids
    twin = _duplicate_with_records(program)
    before = program.snapshot()
    cases = [
        ("specialist", f"/employers/{twin}/merge", {"into": ids["shelter"]}, 403, "merge employers"),
        ("seeker", f"/employers/{twin}/merge", {"into": ids["shelter"]}, 403, "merge employers"),
        ("admin", f"/employers/{twin}/merge", {"into": twin}, 422, "itself"),
        ("admin", f"/employers/{twin}/merge", {"into": 999999}, 422, "999999"),
        ("admin", f"/employers/{twin}/merge", {}, 422, "into"),
        ("admin", f"/employers/{twin}/merge", {"into": ids["shelter"], "name": "x"}, 422, "name"),
        ("admin", "/employers/999999/merge", {"into": ids["shelter"]}, 404, "999999"),
    ]
    for who, path, body, status, words in cases:
        answer = program.call(who, "POST", path, json=body)
        assert answer.status_code == status and words in answer.json()["detail"], (who, body, answer.text)
    assert program.call("nobody", "POST", f"/employers/{twin}/merge", json={"into": 1}).status_code == 401
    assert program.snapshot() == before


def test_too_many_hiring_needs_together_is_refused(program: Program) -> None:
    with program.database.session() as s:
        a = employers.create(s, Employer(name="Alpha Cleaning", hiring_needs=[f"need {i}" for i in range(30)])).id
        b = employers.create(s, Employer(name="Alpha Cleaners", hiring_needs=[f"task {i}" for i in range(30)])).id
    before = program.snapshot()
    answer = program.call("admin", "POST", f"/employers/{a}/merge", json={"into": b})
    assert answer.status_code == 422 and "60 hiring needs" in answer.json()["detail"]
    assert program.snapshot() == before
