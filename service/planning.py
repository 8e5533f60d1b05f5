"""A specialist's visit plan from the database: their caseload, the contact log and the current catalogue.

The choice itself is matcher/visit_plan.py (on matcher/planning.py's objective); this module loads what it
needs in the caller's session, ranks each seeker of the caseload on the process's opening index (in the staff
voice: the plan is read by the specialist; lists whose inputs are unchanged come from service/suggestion_memo.py)
and writes an audit row for every seeker the plan names.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from matcher.visit_plan import VisitPlan, Week, visit_plan
from models import NotFound, Reaction, Role, Settings, User
from service.ranking import RankingService
from service.stores import audit, contacts, employers, reactions, seekers, users
from service.stores.embeddings import bound_to
from service.suggestion_memo import memo_for

# How deep into each seeker's ranked list to look for employers that fit them (as for candidates).
SUGGESTIONS_PER_SEEKER = 50


def specialist(session: Session, specialist_id: int) -> User:
    """The employment specialist with that user id; NotFound, in the same words, for any other id."""
    try:
        user = users.get(session, specialist_id)
    except NotFound:
        user = None
    if user is None or user.role != Role.specialist:
        raise NotFound(f"No specialist with id {specialist_id}.")
    return user


def plan_for(
    session: Session,
    ranking: RankingService,
    specialist: User,
    *,
    week: Week,
    visits: int,
    settings: Settings,
    reader_id: int | None,
    today: dt.date | None = None,
) -> VisitPlan:
    """The specialist's plan for the week, made from what the database holds now; audited under `reader_id`."""
    caseload = seekers.list(session, specialist_id=specialist.id, active=True, limit=10_000)
    index = ranking.index(session)
    ids = [s.id for s in caseload]
    every_feedback = reactions.feedback_for_many(session, ids)
    every_judgment = reactions.judgments_for_many(session, ids)
    memo = memo_for(ranking)  # a seeker whose ranking inputs are unchanged since the last plan is not ranked again
    suggestions, working = {}, set()
    with bound_to(session):
        for seeker in caseload:
            feedback = every_feedback.get(seeker.id, [])
            if any(f.reaction == Reaction.hired for f in feedback):
                working.add(seeker.id)
            suggestions[seeker.id] = memo.rank(
                seeker, index, judgments=every_judgment.get(seeker.id, []), feedback=feedback,
                limit=SUGGESTIONS_PER_SEEKER, settings=ranking.settings, voice="staff",
            )
    plan = visit_plan(
        caseload, suggestions, employers.all(session), contacts.all(session), specialist_id=specialist.id,
        week=week, as_of=week.as_of(today or dt.date.today()), visits=visits, settings=settings, working=working,
    )
    detail = f"visit plan of specialist {specialist.id} for {week.label}"
    for seeker_id in dict.fromkeys(i for visit in plan.visits for i in visit.for_seekers):
        audit.record(session, reader_id, "read", seeker_id, detail)
    return plan
