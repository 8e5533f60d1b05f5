"""Suggestions, feedback and judgments through the API, on the real embedding model."""

from __future__ import annotations

from service.stores import audit, seekers
from tests.service.api.conftest import Program

FIELDS = {
    "opening_id",
    "employer_id",
    "title",
    "employer_name",
    "score",
    "preference_score",
    "reasons",
    "monthly_earnings",
    "benefits_note",
    "unknown",
    "components",
    "distance_km",
}


def suggestions(program: Program, who: str = "seeker", limit: int = 10) -> list[dict]:
    answer = program.call(who, "GET", f"/seekers/{program.ids['ana']}/suggestions?limit={limit}")
    assert answer.status_code == 200, answer.text
    assert answer.json()["seeker_id"] == program.ids["ana"]
    return answer.json()["suggestions"]


def test_suggestions_are_ranked_explained_and_respect_hard_preferences(ranked_program: Program) -> None:
    found = suggestions(ranked_program)
    ids = ranked_program.ids
    assert found and all(set(s) == FIELDS for s in found)
    assert [s["score"] for s in found] == sorted((s["score"] for s in found), reverse=True)
    assert found[0]["opening_id"] in {ids["kennel"], ids["walker"]}
    assert ids["dishwasher"] not in {s["opening_id"] for s in found}  # night shift: Ana said no
    top = found[0]
    assert top["employer_name"] == "Northside Animal Shelter" and top["reasons"]
    assert top["monthly_earnings"] and top["monthly_earnings"] > 0 and 0 <= top["preference_score"] <= 1
    staff = suggestions(ranked_program, "specialist")
    assert staff == suggestions(ranked_program, "admin")
    for item in staff:  # staff also see the specialist's judgment weight; otherwise the lists are the same
        assert item["components"].pop("judgment") == 0.0
    assert staff == found


def test_not_for_me_removes_an_opening_for_good(ranked_program: Program) -> None:
    first = suggestions(ranked_program)[0]["opening_id"]
    path = f"/seekers/{ranked_program.ids['ana']}/feedback"
    answer = ranked_program.call("seeker", "POST", path, json={"opening_id": first, "reaction": "not_for_me"})
    assert answer.status_code == 201, answer.text
    assert answer.json()["seeker_id"] == ranked_program.ids["ana"] and answer.json()["at"]
    assert first not in {s["opening_id"] for s in suggestions(ranked_program)}


def test_the_limit_is_honoured(ranked_program: Program) -> None:
    assert len(suggestions(ranked_program, limit=1)) == 1


def test_a_name_change_does_not_change_the_ranking(ranked_program: Program) -> None:
    before = suggestions(ranked_program)
    patched = ranked_program.call(
        "specialist", "PATCH", f"/seekers/{ranked_program.ids['ana']}", json={"name": "Ana Ruiz"}
    )
    assert patched.status_code == 200
    assert suggestions(ranked_program) == before


def test_a_new_opening_is_suggested_at_once(ranked_program: Program) -> None:
    body = {
        "employer_id": ranked_program.ids["shelter"],
        "title": "Kennel attendant",
        "description": "Feed and walk dogs",
        "hours_min": 10,
        "hours_max": 20,
        "shifts": ["morning"],
        "wage": 18,
    }
    made = ranked_program.call("job_developer", "POST", "/openings", json=body)
    assert made.status_code == 201
    assert made.json()["id"] in {s["opening_id"] for s in suggestions(ranked_program)}


def test_an_opening_written_after_a_read_is_in_the_very_next_suggestions_without_a_rebuild(
    ranked_program: Program,
) -> None:
    ranking = ranked_program.client.app.state.ranking
    before = suggestions(ranked_program)
    body = {"employer_id": ranked_program.ids["shelter"], "title": "Kennel assistant", "description": "Walk dogs",
            "hours_min": 10, "hours_max": 20, "shifts": ["morning"], "wage": 19}
    made = ranked_program.call("job_developer", "POST", "/openings", json=body).json()["id"]
    after = suggestions(ranked_program)
    assert made in {x["opening_id"] for x in after} and made not in {x["opening_id"] for x in before}
    patched = ranked_program.call("job_developer", "PATCH", f"/openings/{made}", json={"status": "filled"})
    assert patched.status_code == 200
    assert made not in {x["opening_id"] for x in suggestions(ranked_program)}
    assert (ranking.rebuilds, ranking.updates) == (1, 2)


def test_judgments_are_recorded_with_their_author(ranked_program: Program) -> None:
    ids = ranked_program.ids
    path = f"/seekers/{ids['ana']}/judgments"
    made = ranked_program.call(
        "specialist", "POST", path, json={"opening_id": ids["walker"], "weight": 0.5, "note": "n"}
    )
    assert made.status_code == 201, made.text
    judgment = made.json()
    assert (judgment["author_id"], judgment["seeker_id"], judgment["weight"]) == (ids["specialist"], ids["ana"], 0.5)
    assert ranked_program.call("admin", "GET", path).json()["items"] == [judgment]
    walker = {s["opening_id"]: s for s in suggestions(ranked_program, "specialist")}[ids["walker"]]
    assert walker["components"]["judgment"] == 0.5
    assert "Your employment specialist thinks this could suit you." in walker["reasons"]
    as_seeker = {s["opening_id"]: s for s in suggestions(ranked_program, "seeker")}[ids["walker"]]
    assert "judgment" not in as_seeker["components"], "the seeker does not see the specialist's number"
    assert "Your employment specialist thinks this could suit you." in as_seeker["reasons"]


def test_reading_suggestions_leaves_an_audit_row(ranked_program: Program) -> None:
    suggestions(ranked_program)
    with ranked_program.database.session() as s:
        rows = audit.for_seeker(s, ranked_program.ids["ana"])
    assert [(r["action"], r["user_id"]) for r in rows] == [("read", ranked_program.ids["seeker_user"])]


def test_job_developers_see_disclosed_candidates_only(ranked_program: Program) -> None:
    ids = ranked_program.ids
    found = ranked_program.call("job_developer", "GET", f"/employers/{ids['shelter']}/candidates").json()
    assert found["employer_id"] == ids["shelter"]
    assert [c["seeker_id"] for c in found["candidates"]] == [ids["ana"]]  # Ben has not agreed to disclosure
    assert found["candidates"][0]["opening_id"] in {ids["kennel"], ids["walker"]}
    ben = ranked_program.call("job_developer", "GET", f"/employers/{ids['diner']}/candidates").json()
    assert ids["ben"] not in [c["seeker_id"] for c in ben["candidates"]]


def test_candidate_reasons_are_written_about_the_seeker_for_staff(ranked_program: Program) -> None:
    ids = ranked_program.ids
    found = ranked_program.call("job_developer", "GET", f"/employers/{ids['shelter']}/candidates").json()
    reasons = found["candidates"][0]["reasons"]
    assert reasons[0].startswith("Ana R. "), reasons
    assert not any(r.startswith("You ") or " you " in f" {r.lower()} " for r in reasons), reasons
    own = ranked_program.call("seeker", "GET", f"/seekers/{ids['ana']}/suggestions").json()["suggestions"]
    assert own[0]["reasons"][0].startswith("You "), "the seeker's own list still speaks to them"


def _numbers(items: list[dict]) -> dict[int, dict]:
    """Every number of each suggestion, by opening: what a seeker could compute a judgment from."""
    return {
        s["opening_id"]: {
            "score": s["score"], "preference_score": s["preference_score"], "monthly_earnings": s["monthly_earnings"],
            "distance_km": s["distance_km"], "components": s["components"],
        }
        for s in items
    }


def test_no_number_in_the_seekers_view_changes_when_a_judgment_is_added_changed_or_removed(
    ranked_program: Program,
) -> None:
    ids = ranked_program.ids
    before = _numbers(suggestions(ranked_program, limit=20))
    path = f"/seekers/{ids['ana']}/judgments"
    for weight in (1.0, -1.0):
        for target in ({"opening_id": ids["walker"]}, {"employer_id": ids["shelter"]}):
            made = ranked_program.call("specialist", "POST", path, json={**target, "weight": weight, "note": "x"})
            assert made.status_code == 201, made.text
            staff = _numbers(suggestions(ranked_program, "specialist", limit=20))
            assert staff[ids["walker"]]["score"] != before[ids["walker"]]["score"], "the judgment counts for staff"
            after = _numbers(suggestions(ranked_program, limit=20))
            shared = before.keys() & after.keys()
            assert ids["walker"] in shared
            assert {i: after[i] for i in shared} == {i: before[i] for i in shared}
            # Judgments are removed with the record they are about; a fresh seeker view starts again.
            with ranked_program.database.session() as s:
                from service.tables import JudgmentRow

                s.query(JudgmentRow).delete()
    assert _numbers(suggestions(ranked_program, limit=20)) == before


def test_the_answer_is_the_engines_list_field_by_field_in_each_callers_view(ranked_program: Program) -> None:
    """The v1 contract of GET /seekers/{id}/suggestions (API.md): exactly seeker_id and suggestions, and each
    suggestion exactly the engine's, field by field, as the caller's role may see it (the seeker's own view has no
    number that depends on the specialist's judgment)."""
    ids = ranked_program.ids
    judged = ranked_program.call("specialist", "POST", f"/seekers/{ids['ana']}/judgments",
                                 json={"opening_id": ids["walker"], "weight": 0.5, "note": "she liked the dogs"})
    assert judged.status_code == 201, judged.text
    ranking = ranked_program.client.app.state.ranking
    for who in ("seeker", "specialist", "admin"):
        answer = ranked_program.call(who, "GET", f"/seekers/{ids['ana']}/suggestions?limit=3")
        assert answer.status_code == 200 and answer.headers["content-type"] == "application/json", answer.text
        body = answer.json()
        assert list(body) == ["seeker_id", "suggestions"] and body["seeker_id"] == ids["ana"]
        with ranked_program.database.session() as s:
            expected = ranking.suggestions(s, seekers.get(s, ids["ana"]), 3)
        if who == "seeker":
            expected = [e.seeker_view() for e in expected]
        assert len(body["suggestions"]) == len(expected) == 3
        for got, engine in zip(body["suggestions"], expected, strict=True):
            want = engine.model_dump(mode="json")
            assert list(got) == list(want) and set(got) == FIELDS, who
            for name in FIELDS:
                assert got[name] == want[name], (who, name)
                assert type(got[name]) is type(want[name]), (who, name)
        judgment = {s["opening_id"]: s["components"].get("judgment") for s in body["suggestions"]}
        assert judgment.get(ids["walker"]) == (None if who == "seeker" else 0.5), who
