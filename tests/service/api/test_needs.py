"""GET /employers/{id}/needs: the employer's needs over time, fading; a logged contact feeds the ranking at once."""

from __future__ import annotations

import datetime as dt

from models import Employer, EmployerContact, Role
from service.ranking import RankingService
from service.stores import contacts, employers, users
from tests.service.api.conftest import Program


def test_the_timeline_is_newest_first_and_fades_with_a_half_life_of_60_days(program: Program) -> None:
    ids, today = program.ids, dt.date.today()
    shelter = f"/employers/{ids['shelter']}"
    logged = []
    for days, needs in ((120, "someone to clean kennels on Sundays"), (60, "a dog walker for the afternoons")):
        on = (today - dt.timedelta(days=days)).isoformat()
        answer = program.call("job_developer", "POST", f"{shelter}/contacts", json={"on": on, "needs": needs})
        assert answer.status_code == 201, answer.text
        logged.append(answer.json()["id"])
    body = program.call("specialist", "GET", f"{shelter}/needs").json()
    assert body == {
        "employer_id": ids["shelter"],
        "half_life_days": 60.0,
        "needs": [
            {"text": "kennel help on weekday mornings", "recorded_on": today.isoformat(), "source": "employer record",
             "weight": 1.0},
            {"text": "a dog walker for the afternoons", "recorded_on": (today - dt.timedelta(days=60)).isoformat(),
             "source": f"contact {logged[1]}", "weight": 0.5},
            {"text": "someone to clean kennels on Sundays", "recorded_on": (today - dt.timedelta(days=120)).isoformat(),
             "source": f"contact {logged[0]}", "weight": 0.25},
        ],
    }
    assert program.call("seeker", "GET", f"{shelter}/needs").status_code == 403


def test_a_logged_contact_feeds_the_employer_needs_term_at_once(ranked_program: Program) -> None:
    program, ids = ranked_program, ranked_program.ids
    changed = program.call("specialist", "PATCH", f"/seekers/{ids['ana']}",
                           json={"profile": {"strengths": ["washing dishes fast"]}})
    assert changed.status_code == 200, changed.text

    def cook_needs() -> float:
        answer = program.call("specialist", "GET", f"/seekers/{ids['ana']}/suggestions?limit=10")
        assert answer.status_code == 200, answer.text
        (cook,) = [s for s in answer.json()["suggestions"] if s["opening_id"] == ids["cook"]]
        return cook["components"]["employer_needs"]

    assert cook_needs() == 0.0  # the diner has said nothing about what it needs
    logged = program.call("specialist", "POST", f"/employers/{ids['diner']}/contacts",
                          json={"on": dt.date.today().isoformat(), "face_to_face": True,
                                "needs": "They need a fast dishwasher for the lunch rush"})
    assert logged.status_code == 201, logged.text
    assert cook_needs() > 0.3


def test_the_ranking_index_weighs_needs_as_of_today_not_as_of_its_last_build(database, embedder) -> None:
    """Needs fade with age: a server left running rebuilds its index when the date moves on."""
    today = [dt.date(2026, 11, 25)]
    with database.session() as s:
        author, _ = users.create(s, "Jo", Role.job_developer)
        shelter = employers.create(s, Employer(name="Shelter"))
        contacts.create(s, shelter.id, EmployerContact(specialist_id=author.id, on=today[0], needs="dog walkers"))
    ranking = RankingService(database, embedder=embedder, clock=lambda: today[0])
    with database.session() as s:
        fresh = ranking.index(s).need_weights.tolist()
        today[0] += dt.timedelta(days=ranking.settings.needs_half_life_days)
        later = ranking.index(s).need_weights.tolist()
    assert fresh == [1.0] and later == [0.5]
