"""The suggestion memo gives exactly what ranking now gives, whatever changed in between, and ranks nothing
again while nothing did (service/suggestion_memo.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from matcher import rank
from models import Employer, Feedback, JobSeeker, Judgment, Opening, Role
from service.db import Database
from service.ranking import RankingService
from service.stores import employers, exposures, openings, reactions, seekers, users
from service.stores.embeddings import bound_to
from service.suggestion_memo import SuggestionMemo

TODAY = dt.date(2026, 11, 20)
TITLES = ["Kennel assistant", "Dog walker", "Dishwasher", "Line cook", "Stock clerk", "Cashier", "Groomer"]
CHANGES = ["nothing", "feedback", "judgment", "profile", "opening", "close", "exposure", "exposure again"]


def _program(database: Database) -> dict[str, list[int] | int]:
    with database.session() as s:
        specialist = users.create(s, "Dana", Role.specialist)[0]
        shelter = employers.create(s, Employer(name="Northside Animal Shelter", industry="animal care",
                                               location={"lat": 44.99, "lon": -93.27}))
        diner = employers.create(s, Employer(name="Lakeside Diner", location={"lat": 44.95, "lon": -93.29}))
        for i, title in enumerate(TITLES):
            openings.create(s, Opening(employer_id=(shelter, diner)[i % 2].id, title=title, wage=16.0 + i))
        ids = [seekers.create(s, JobSeeker(name=name, specialist_id=specialist.id, profile={
            "interests": [interest], "home": {"lat": 44.97, "lon": -93.26}, "max_commute_km": 30}
        )).id for name, interest in [("Ana R.", "caring for animals"), ("Ben T.", "cooking"), ("Cy L.", "retail")]]
    return {"seekers": ids, "specialist": specialist.id, "employer": shelter.id}


def _lists(service: RankingService, memo: SuggestionMemo | None, seeker_ids: list[int], with_exposure: bool):
    """Each seeker's 5 best in the staff voice: from the memo, or ranked now when memo is None."""
    with service.database.session() as s:
        index = service.index(s)
        exposure = service.exposure(s) if with_exposure else None
        found = {}
        with bound_to(s):
            for seeker in seekers.by_ids(s, seeker_ids):
                judgments, feedback = reactions.judgments_for(s, seeker.id), reactions.feedback_for(s, seeker.id)
                if memo is None:
                    found[seeker.id] = rank(
                        seeker, index, judgments=judgments, feedback=feedback, limit=5, settings=service.settings,
                        voice="staff", exposure=None if exposure is None else exposure.others(seeker.id),
                    )
                else:
                    found[seeker.id] = memo.rank(seeker, index, judgments=judgments, feedback=feedback, limit=5,
                                                 settings=service.settings, voice="staff", exposure=exposure)
    return found


def _change(database: Database, ids: dict, what: str, step: int) -> None:
    ana, ben, _ = ids["seekers"]
    with database.session() as s:
        listed = openings.list(s, status="open", limit=100)
        if not listed:
            return
        first = listed[step % len(listed)]
        if what == "feedback":
            reaction = ("interested", "not_for_me")[step % 2]
            reactions.add_feedback(s, ana, Feedback(opening_id=first.id, reaction=reaction))
        elif what == "judgment":
            about = {"opening_id": first.id} if step % 2 else {"employer_id": first.employer_id}
            reactions.add_judgment(s, ben, Judgment(**about, weight=(1, -1)[step % 2]), ids["specialist"])
        elif what == "profile":
            seekers.update(s, ana, {"profile": {"interests": [("grooming dogs", "washing dishes")[step % 2]],
                                                "home": {"lat": 44.97, "lon": -93.26}, "max_commute_km": 30}})
        elif what == "opening":
            openings.create(s, Opening(employer_id=ids["employer"], title=TITLES[step % len(TITLES)], wage=18.0))
        elif what == "close":
            openings.update(s, first.id, {"status": "filled"})
        elif what == "exposure":
            exposures.record(s, ben, [o.id for o in listed[step % len(listed):][:3]])
        elif what == "exposure again":  # the same lists shown again: a new time, the same snapshot
            for seeker_id in ids["seekers"]:
                exposures.record(s, seeker_id, exposures.shown_to(s, seeker_id))


@pytest.mark.slow
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.lists(st.sampled_from(CHANGES), min_size=1, max_size=5), with_exposure=st.booleans())
@example(changes=CHANGES, with_exposure=True)  # every kind of change at least once, with congestion and without
@example(changes=CHANGES[::-1], with_exposure=False)
def test_the_memo_answers_as_ranking_now_after_any_change(database: Database, embedder, changes, with_exposure):
    """Invariant: after any sequence of writes, the memo's lists equal lists ranked now on the same inputs."""
    if not hasattr(database, "memo_program"):
        database.memo_program = _program(database)
    ids = database.memo_program
    service = RankingService(database, embedder=embedder, clock=lambda: TODAY)
    memo = SuggestionMemo()
    _lists(service, memo, ids["seekers"], with_exposure)
    for step, what in enumerate(changes):
        _change(database, ids, what, step)
        assert _lists(service, memo, ids["seekers"], with_exposure) == _lists(
            service, None, ids["seekers"], with_exposure)


def test_nothing_is_ranked_again_until_an_input_changes(database: Database, embedder):
    ids = _program(database)
    service = RankingService(database, embedder=embedder, clock=lambda: TODAY)
    memo = SuggestionMemo()
    first = _lists(service, memo, ids["seekers"], True)
    assert (memo.hits, memo.misses) == (0, 3)
    assert _lists(service, memo, ids["seekers"], True) == first
    assert (memo.hits, memo.misses) == (3, 3)
    _change(database, ids, "feedback", 1)  # only Ana's inputs change
    _lists(service, memo, ids["seekers"], True)
    assert (memo.hits, memo.misses) == (5, 4)
    _change(database, ids, "exposure", 0)  # who is shown what changes every congestion-aware list ...
    _lists(service, memo, ids["seekers"], True)
    assert (memo.hits, memo.misses) == (5, 7)
    _lists(service, memo, ids["seekers"], False)  # ... and lists ranked without congestion are apart
    _lists(service, memo, ids["seekers"], False)
    assert (memo.hits, memo.misses) == (8, 10)
    _change(database, ids, "opening", 2)  # a catalogue change: a new index, every list ranked again
    _lists(service, memo, ids["seekers"], False)
    assert (memo.hits, memo.misses) == (8, 13)
    service.clock = lambda: TODAY + dt.timedelta(days=1)  # a new day re-weighs needs: a new index too
    _lists(service, memo, ids["seekers"], False)
    assert (memo.hits, memo.misses) == (8, 16)


def test_the_least_recently_used_list_goes_first(database: Database, embedder):
    ids = _program(database)
    service = RankingService(database, embedder=embedder, clock=lambda: TODAY)
    memo = SuggestionMemo(kept=2)
    _lists(service, memo, ids["seekers"], False)
    assert len(memo._lists) == 2
    _lists(service, memo, ids["seekers"][1:], False)
    assert memo.hits == 2
