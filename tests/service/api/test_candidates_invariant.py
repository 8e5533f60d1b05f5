"""Invariant of GET /employers/{id}/candidates: whatever was ranked, edited or closed in between, the answer is
the brute-force one, built seeker by seeker from their stored ranking, or their ranking now when stale.

The route reads the stored fits best first, a page at a time (service/stores/rankings.py `fits_in_order`), and
the seekers a chunk at a time; the pages and chunks are made tiny here, so that every answer crosses many of
them, and the callers are a job developer (disclosed seekers only) and a specialist (their caseload only).
"""

from __future__ import annotations

import uuid
from collections import Counter
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from models import Feedback, Role, User
from service import access
from service.access import Action
from service.app import create_app
from service.db import Database
from service.demo.large import large_program
from service.demo.loader import load_into
from service.rank_all import SUGGESTIONS_PER_SEEKER, rank_all
from service.ranking import RankingService
from service.routes import candidates as route
from service.schemas import Candidate
from service.stores import employers, openings, rankings, reactions, seekers, users
from service.tables import OpeningRow, as_utc
from tests.service.conftest import database_url

# One step: what it does and two numbers that pick whom or what it does it to.
STEPS = ["rank all", "rank some", "seeker edit", "seeker avoids", "disclosure", "deactivate", "feedback",
         "close", "fill", "reopen", "opening edit", "new opening"]
step = st.tuples(st.sampled_from(STEPS), st.integers(0, 999), st.integers(0, 999))


def _database(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> Database:
    url = f"sqlite:///{tmp_path / f'{uuid.uuid4().hex}.db'}" if kind == "sqlite" else database_url(kind, tmp_path,
                                                                                                     request)
    database = Database(url)
    database.migrate()
    return database


def _apply(database: Database, ranking: RankingService, what: str, a: int, b: int) -> None:
    with database.session() as s:
        people = seekers.list(s, limit=200)
        seeker = people[a % len(people)]
        # Openings most often stored as someone's suggestion first: closing one of them changes many fits.
        listed = openings.list(s, limit=200)
        stored = Counter(x.opening_id for p in people if (r := rankings.latest_for(s, p.id)) for x in r.suggestions)
        listed.sort(key=lambda o: -stored[o.id])
        opening = listed[b % len(listed) if b % 2 else b % 4]
        profile = seeker.profile.model_dump(mode="json")
        if what == "seeker edit":
            seekers.update(s, seeker.id, {"profile": {**profile, "interests": [("cooking", "retail", "animals")[b % 3]],
                                                      # never below the seeker's own minimum: a valid edit
                                                      "hours_max": max(20 + b % 20, profile["hours_min"] or 0)}})
        elif what == "seeker avoids":
            industry = employers.get(s, opening.employer_id).industry or "retail"
            seekers.update(s, seeker.id, {"profile": {**profile, "avoid": [industry]}})
        elif what == "disclosure":
            seekers.update(s, seeker.id, {"profile": {**profile, "disclosure": ("yes", "no", "undecided")[b % 3]}})
        elif what == "deactivate":
            seekers.update(s, seeker.id, {"active": not seeker.active})
        elif what == "feedback":
            reaction = ("interested", "not_for_me")[b % 2]
            reactions.add_feedback(s, seeker.id, Feedback(opening_id=opening.id, reaction=reaction))
        elif what in ("close", "fill", "reopen"):
            openings.update(s, opening.id, {"status": {"close": "closed", "fill": "filled", "reopen": "open"}[what]})
        elif what == "opening edit":
            openings.update(s, opening.id, {"wage": round(opening.wage + 0.5, 2) if opening.wage else 17.0})
        elif what == "new opening":
            openings.create(s, opening.model_copy(update={"id": None, "title": f"{opening.title} (new)"}))
        ids = [p.id for p in people if p.active]
    if what == "rank all":
        rank_all(database, ranking)
    elif what == "rank some":
        rank_all(database, ranking, seeker_ids=ids[a % 3 :: 3])


def _brute_force(database: Database, ranking: RankingService, user: User, limit: int) -> dict[int, list[dict]]:
    """employer id -> the answer: every active seeker the caller may consider, their best suggestion at the
    employer taken from their stored ranking less openings closed or changed since (or, if they changed since
    or were never ranked, from their ranking now), sorted by preference, score and seeker id."""
    fits: dict[int, list[tuple[tuple[float, float, int], Candidate]]] = {}
    with database.session() as s:
        exposure, stale = ranking.exposure(s), rankings.stale_seekers(s)
        for seeker in seekers.list(s, active=True, limit=200):
            if user.role == Role.specialist and seeker.specialist_id != user.id:
                continue
            if not access.may(user, "candidate", Action.know, seeker):
                continue
            if seeker.id in stale:
                listed = ranking.suggestions(s, seeker, SUGGESTIONS_PER_SEEKER, voice="staff", exposure=exposure)
            else:
                stored = rankings.latest_for(s, seeker.id)
                rows = {o.id: o for o in s.query(OpeningRow).filter(
                    OpeningRow.id.in_([x.opening_id for x in stored.suggestions]))}
                listed = [x for x in stored.suggestions if x.opening_id in rows and rows[x.opening_id].status == "open"
                          and as_utc(rows[x.opening_id].updated_at) <= as_utc(stored.ranked_at)]
            for employer_id in {x.employer_id for x in listed}:
                best = next(x for x in listed if x.employer_id == employer_id)
                candidate = Candidate(
                    seeker_id=seeker.id, name=seeker.name, disclosure=seeker.profile.disclosure,
                    opening_id=best.opening_id, title=best.title, score=best.score,
                    preference_score=best.preference_score, reasons=best.reasons,
                )
                fits.setdefault(employer_id, []).append(((-best.preference_score, -best.score, seeker.id), candidate))
    return {e: [c.model_dump(mode="json") for _, c in sorted(found, key=lambda f: f[0])[:limit]]
            for e, found in fits.items()}


@pytest.mark.slow
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, min_size=1, max_size=6), page=st.sampled_from([(1, 1), (2, 2), (3, 48), (128, 8192)]),
       chunk=st.sampled_from([1, 3, 50]), limit=st.sampled_from([1, 4, 100]))
@example(steps=[(what, 7 * i, 11 * i) for i, what in enumerate(STEPS)], page=(1, 1), chunk=1, limit=100)
@example(steps=[("close", 0, 0), ("close", 0, 1), ("opening edit", 1, 2), ("seeker edit", 2, 3), ("rank some", 0, 0),
                ("fill", 0, 4)], page=(2, 2), chunk=3, limit=4)
def test_the_answer_is_the_brute_force_one_after_any_writes(
    database_kind, tmp_path, request, embedder, monkeypatch, steps, page, chunk, limit
) -> None:
    """Invariant: after any sequence of rank-all runs, seeker edits and opening closes or edits, every employer's
    candidates, for a job developer and for a specialist, are the brute-force answer."""
    monkeypatch.setattr(rankings, "_FIRST_PAGE", page[0])
    monkeypatch.setattr(rankings, "_LAST_PAGE", page[1])
    monkeypatch.setattr(route, "CHUNK", chunk)
    database = _database(database_kind, tmp_path, request)
    try:
        ids = load_into(database, large_program(openings=60, seekers=30, employers=4, seed=7))
        ranking = RankingService(database, embedder=embedder)
        with database.session() as s:
            staff = [users.get(s, i) for i in ids["users"].values()]
            specialist = max((u for u in staff if u.role == Role.specialist),
                             key=lambda u: len(seekers.list(s, specialist_id=u.id, limit=200)))
            developer = next(u for u in staff if u.role == Role.job_developer)
            tokens = {u.id: users.issue_token(s, u.id) for u in (specialist, developer)}
        rank_all(database, ranking)
        with TestClient(create_app(database, ranking=ranking)) as client:
            for what, a, b in [("rank all", 0, 0), *steps]:
                _apply(database, ranking, what, a, b)
                with database.session() as s:
                    stale = rankings.stale_seekers(s)
                    for employer_id in ids["employers"].values():
                        every = sorted((f for i, f in rankings.fit_keys_at_employer(s, employer_id).items()
                                        if i not in stale), key=lambda f: (-f.preference_score, -f.score, f.seeker_id))
                        assert list(rankings.fits_in_order(s, employer_id, leave_out=stale)) == every
                for user in (developer, specialist):
                    expected = _brute_force(database, ranking, user, limit)
                    for employer_id in sorted(ids["employers"].values()):
                        response = client.get(f"/api/v1/employers/{employer_id}/candidates", params={"limit": limit},
                                              headers={"Authorization": f"Bearer {tokens[user.id]}"})
                        assert response.status_code == 200, response.text
                        assert response.json()["candidates"] == expected.get(employer_id, []), (what, user.role)
    finally:
        database.dispose()
