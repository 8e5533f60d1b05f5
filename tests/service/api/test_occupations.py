"""Occupation grounding through the API, on the real model and taxonomy, on SQLite and PostgreSQL.

Openings and seeker profiles show what their titles and job types stand for in the taxonomy; unsure matches
are flagged and queued for a person; a specialist's (or job developer's, or admin's) correction replaces
the automatic match, survives a restart, and reaches the ranking; a bad correction changes nothing.
"""

from __future__ import annotations

from fastapi.testclient import TestClient

from matcher.taxonomy import Taxonomy
from service.app import create_app
from service.db import Database
from service.ranking import RankingService
from service.stores import audit
from tests.service.api.conftest import Program

VIEW = {"code", "label", "confidence", "low_confidence", "corrected"}
NONSENSE = "Xqzv blorp 4471"
ANIMAL_CARETAKERS = "39-2021.00"  # Animal Caretakers
ACCOUNTANTS = "13-2011.00"  # Accountants and Auditors


def occupation_of(program: Program, opening_id: int, who: str = "job_developer") -> dict:
    answer = program.call(who, "GET", f"/openings/{opening_id}")
    assert answer.status_code == 200, answer.text
    return answer.json()["occupation"]


def new_opening(program: Program, title: str, **fields) -> int:
    body = {"employer_id": program.ids["shelter"], "title": title, **fields}
    answer = program.call("job_developer", "POST", "/openings", json=body)
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def test_a_clear_title_is_grounded_with_its_label_and_a_high_confidence(ranked_program: Program) -> None:
    ids = ranked_program.ids
    cook = occupation_of(ranked_program, ids["cook"])
    assert set(cook) == VIEW
    assert cook["code"].startswith("35-20") and "Cook" in cook["label"]  # Line cook: a cook of SOC 35-2010
    assert cook["confidence"] >= 0.6 and not cook["low_confidence"] and not cook["corrected"]
    dishes = occupation_of(ranked_program, ids["dishwasher"], who="seeker")  # every role reads openings
    assert dishes["label"] == "Dishwashers" and dishes["confidence"] >= 0.7
    listed = ranked_program.call("admin", "GET", "/openings").json()["items"]
    assert {o["id"]: o["occupation"] for o in listed}[ids["cook"]] == cook
    # The correction's code is shown as `occupation`, not as a field of the opening itself.
    assert all("occupation_code" not in o for o in listed)


def test_a_nonsense_title_is_flagged_and_waits_for_review(ranked_program: Program) -> None:
    odd = new_opening(ranked_program, NONSENSE)
    created = ranked_program.call("job_developer", "GET", f"/openings/{odd}").json()["occupation"]
    assert created["low_confidence"] and created["confidence"] < 0.5 and not created["corrected"]
    queue = ranked_program.call("job_developer", "GET", "/occupations/review")
    assert queue.status_code == 200, queue.text
    flagged = {o["opening_id"]: o for o in queue.json()["openings"]}
    assert flagged[odd]["title"] == NONSENSE and flagged[odd]["occupation"] == created
    assert ranked_program.ids["cook"] not in flagged  # a sure match is not queued
    assert all(o["occupation"]["low_confidence"] for o in flagged.values())


def test_a_correction_replaces_the_match_and_survives_a_restart(
    ranked_program: Program, database: Database, embedder
) -> None:
    odd = new_opening(ranked_program, NONSENSE)
    answer = ranked_program.call("specialist", "PUT", f"/openings/{odd}/occupation", json={"code": ANIMAL_CARETAKERS})
    assert answer.status_code == 200, answer.text
    expected = {"code": ANIMAL_CARETAKERS, "label": "Animal Caretakers", "confidence": 1.0, "low_confidence": False,
                "corrected": True}
    assert answer.json()["occupation"] == expected and answer.json()["title"] == NONSENSE
    queue = ranked_program.call("admin", "GET", "/occupations/review").json()["openings"]
    assert odd not in {o["opening_id"] for o in queue}  # settled by a person
    # A new process on the same database: a new Database object, ranking service and app.
    again = Database(database.url)
    try:
        with TestClient(create_app(again, ranking=RankingService(again, embedder=embedder))) as client:
            auth = {"Authorization": f"Bearer {ranked_program.tokens['seeker']}"}
            assert client.get(f"/api/v1/openings/{odd}", headers=auth).json()["occupation"] == expected
    finally:
        again.dispose()
    # null gives the automatic match back.
    back = ranked_program.call("admin", "PUT", f"/openings/{odd}/occupation", json={"code": None})
    assert back.status_code == 200 and not back.json()["occupation"]["corrected"]
    assert back.json()["occupation"]["low_confidence"]


def test_a_new_title_drops_the_correction_made_for_the_old_one(ranked_program: Program) -> None:
    ids = ranked_program.ids
    path = f"/openings/{ids['walker']}"
    chosen = ranked_program.call("job_developer", "PUT", f"{path}/occupation", json={"code": ACCOUNTANTS})
    assert chosen.status_code == 200, chosen.text
    kept = ranked_program.call("job_developer", "PATCH", path, json={"wage": 16.0, "title": "Dog walker"})
    assert kept.json()["occupation"]["code"] == ACCOUNTANTS  # the same title: the choice stands
    renamed = ranked_program.call("job_developer", "PATCH", path, json={"title": "Line cook"})
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["occupation"] == occupation_of(ranked_program, ids["cook"])


def test_an_unknown_or_malformed_code_is_a_422_that_changes_nothing(ranked_program: Program) -> None:
    ids = ranked_program.ids
    before = ranked_program.snapshot()
    shown = occupation_of(ranked_program, ids["kennel"])
    for code in ("99-9999.99", "kennel", ""):
        answer = ranked_program.call("admin", "PUT", f"/openings/{ids['kennel']}/occupation", json={"code": code})
        assert answer.status_code == 422, answer.text
        assert "code" in answer.json()["detail"]
    unknown = ranked_program.call("admin", "PUT", f"/openings/{ids['kennel']}/occupation", json={"code": "99-9999.99"})
    assert "GET /api/v1/occupations?q=" in unknown.json()["detail"]
    job_type = ranked_program.call(
        "specialist", "PUT", f"/seekers/{ids['ana']}/occupations", json={"job_type": "kennel assistant",
                                                                        "code": "99-9999.99"}
    )
    assert job_type.status_code == 422, job_type.text
    not_wanted = ranked_program.call(
        "specialist", "PUT", f"/seekers/{ids['ana']}/occupations", json={"job_type": "astronaut",
                                                                        "code": ANIMAL_CARETAKERS}
    )
    assert not_wanted.status_code == 422 and "kennel assistant" in not_wanted.json()["detail"]
    # The occupation is set only through its own endpoint, which records who chose it.
    sneaked = ranked_program.call("admin", "PATCH", f"/openings/{ids['kennel']}",
                                  json={"occupation_code": ANIMAL_CARETAKERS})
    assert sneaked.status_code == 422 and "PUT /api/v1/openings/{id}/occupation" in sneaked.json()["detail"]
    created = ranked_program.call("admin", "POST", "/openings", json={
        "employer_id": ids["shelter"], "title": "Groomer", "occupation_code": ANIMAL_CARETAKERS})
    assert created.status_code == 422, created.text
    profile = ranked_program.call("specialist", "PATCH", f"/seekers/{ids['ana']}", json={
        "profile": {"job_type_occupations": {"kennel assistant": ANIMAL_CARETAKERS}}})
    assert profile.status_code == 422, profile.text
    after = ranked_program.snapshot()
    assert after == before
    assert occupation_of(ranked_program, ids["kennel"]) == shown


def test_a_seeker_cannot_correct_an_occupation(ranked_program: Program) -> None:
    ids = ranked_program.ids
    body = {"job_type": "kennel assistant", "code": ANIMAL_CARETAKERS}
    own = ranked_program.call("seeker", "PUT", f"/seekers/{ids['ana']}/occupations", json=body)
    assert own.status_code == 403 and "specialist" in own.json()["detail"]
    opening = ranked_program.call("seeker", "PUT", f"/openings/{ids['kennel']}/occupation",
                                  json={"code": ANIMAL_CARETAKERS})
    assert opening.status_code == 403
    assert not occupation_of(ranked_program, ids["kennel"])["corrected"]
    mine = ranked_program.call("seeker", "GET", f"/seekers/{ids['ana']}").json()
    assert not mine["occupations"][0]["occupation"]["corrected"]


def test_a_seekers_job_types_are_grounded_and_their_specialist_corrects_them(ranked_program: Program) -> None:
    ids = ranked_program.ids
    path = f"/seekers/{ids['ana']}"
    read = ranked_program.call("seeker", "GET", path).json()
    (kennel,) = read["occupations"]
    assert kennel["job_type"] == "kennel assistant" and set(kennel["occupation"]) == VIEW
    assert kennel["occupation"]["code"].startswith(("31-9096", "39-20"))  # an animal care occupation
    assert "job_type_occupations" not in read["profile"]
    answer = ranked_program.call("specialist", "PUT", f"{path}/occupations",
                                 json={"job_type": "kennel assistant", "code": ANIMAL_CARETAKERS})
    assert answer.status_code == 200, answer.text
    assert answer.json()["occupations"][0]["occupation"]["corrected"] is True
    shown = ranked_program.call("seeker", "GET", path).json()["occupations"][0]["occupation"]
    assert shown["code"] == ANIMAL_CARETAKERS
    with ranked_program.database.session() as s:
        assert any(row["action"] == "update" and "kennel assistant" in row["detail"]
                   for row in audit.for_seeker(s, ids["ana"]))
    # Another job type gets its own automatic grounding; dropping the corrected one drops its correction.
    changed = ranked_program.call("seeker", "PATCH", path, json={"profile": {"job_types": ["line cook"]}})
    assert changed.status_code == 200, changed.text
    (cook,) = changed.json()["occupations"]
    assert cook["job_type"] == "line cook" and not cook["occupation"]["corrected"]
    back = ranked_program.call("seeker", "PATCH", path, json={"profile": {"job_types": ["kennel assistant"]}})
    assert not back.json()["occupations"][0]["occupation"]["corrected"]
    # Other callers: a job developer never reads seeker records, another specialist may not know Ana exists.
    body = {"job_type": "kennel assistant", "code": ANIMAL_CARETAKERS}
    assert ranked_program.call("job_developer", "PUT", f"{path}/occupations", json=body).status_code == 403
    assert ranked_program.call("other_specialist", "PUT", f"{path}/occupations", json=body).status_code == 404


def test_the_review_queue_shows_job_types_only_of_seekers_the_caller_may_read(ranked_program: Program) -> None:
    ids = ranked_program.ids
    vague = ranked_program.call("specialist", "PATCH", f"/seekers/{ids['ana']}",
                                json={"profile": {"job_types": ["kennel assistant", NONSENSE]}})
    assert vague.status_code == 200, vague.text
    queued = {}
    for who in ("specialist", "other_specialist", "job_developer", "admin"):
        answer = ranked_program.call(who, "GET", "/occupations/review")
        assert answer.status_code == 200, answer.text
        queued[who] = {(t["seeker_id"], t["job_type"]) for t in answer.json()["job_types"]}
    assert (ids["ana"], NONSENSE) in queued["specialist"] and (ids["ana"], NONSENSE) in queued["admin"]
    assert (ids["ana"], "kennel assistant") not in queued["specialist"]
    assert queued["job_developer"] == set() and all(seeker != ids["ana"] for seeker, _ in queued["other_specialist"])
    assert ranked_program.call("seeker", "GET", "/occupations/review").status_code == 403
    with ranked_program.database.session() as s:
        assert any(row["detail"] == "occupation review" for row in audit.for_seeker(s, ids["ana"]))


def test_the_occupation_search_finds_codes_for_the_picker(ranked_program: Program) -> None:
    answer = ranked_program.call("seeker", "GET", "/occupations?q=restaurant cook&limit=3")
    assert answer.status_code == 200, answer.text
    found = answer.json()["occupations"]
    assert len(found) == 3 and found[0]["code"] == "35-2014.00" and found[0]["label"] == "Cooks, Restaurant"
    assert [o["confidence"] for o in found] == sorted((o["confidence"] for o in found), reverse=True)
    assert all(o["code"] in Taxonomy.load() for o in found)
    assert ranked_program.call("seeker", "GET", "/occupations?q=").status_code == 422
    assert ranked_program.call("seeker", "GET", "/occupations?q=cook&limit=0").status_code == 422
    assert ranked_program.call("nobody", "GET", "/occupations?q=cook").status_code == 401
