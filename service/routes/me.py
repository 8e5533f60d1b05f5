"""The caller: `/api/v1/me` (who am I, for everyone), `/api/v1/me/caseload` (a specialist's own seekers) and
`/api/v1/me/follow-ups` (the next steps the caller set at employer contacts: specialists, job developers and
admins, each their own)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Query, Request

from matcher.fidelity import face_to_face_in_week, rapid_search
from matcher.follow_ups import follow_ups as sort_follow_ups
from models import EmployerContact, Role
from service import access
from service.deps import CaseloadOwner, FollowUpOwner, Myself, SessionDep
from service.errors import RESPONSES
from service.schemas import Caseload, CaseloadSeeker, FollowUp, FollowUps, Me
from service.stores import audit, contacts, employers, seekers

router = APIRouter(prefix="/me", tags=["me"], responses=RESPONSES)


@router.get("", response_model=Me, summary="Who am I: my id, name, role and the records my role is tied to")
def me(user: Myself) -> Me:
    return Me(
        id=user.id,
        name=user.name,
        role=user.role,
        seeker_id=user.seeker_id,
        specialist_id=user.id if user.role == Role.specialist else None,
    )


@router.get("/caseload", response_model=Caseload, summary="My caseload, most urgent first, with rapid-search flags")
def caseload(session: SessionDep, user: CaseloadOwner, request: Request) -> Caseload:
    settings = request.app.state.settings
    today = dt.date.today()
    mine = seekers.list(session, specialist_id=user.id, active=True, limit=10_000)
    logged = contacts.all(session)
    rows = rapid_search(mine, logged, today=today, limit_days=settings.rapid_search_days)
    for row in rows:
        audit.record(session, user.id, "list", row.seeker_id, "caseload")
    return Caseload(
        specialist_id=user.id,
        caseload_size=len(rows),
        caseload_limit=settings.caseload_limit,
        rapid_search_days=settings.rapid_search_days,
        face_to_face_this_week=face_to_face_in_week(logged, user.id, today),
        contacts_per_week_target=settings.contacts_per_week_target,
        seekers=[CaseloadSeeker(**asdict(row)) for row in rows],
    )


@router.get("/follow-ups", response_model=FollowUps, summary="My follow-ups: due this week, overdue, recently done")
def follow_ups(
    session: SessionDep,
    user: FollowUpOwner,
    today: Annotated[dt.date | None, Query(description="the day to sort by (default: today), YYYY-MM-DD")] = None,
) -> FollowUps:
    today = today or dt.date.today()
    lists = sort_follow_ups(contacts.follow_ups_of(session, user.id), today=today)
    shown = [*lists.due, *lists.overdue, *lists.done]
    names = {i: employers.get(session, i).name for i in sorted({c.employer_id for c in shown})}
    known = access.known_ids(user, seekers.by_ids(session, {i for c in shown for i in c.seeker_ids}))

    def item(c: EmployerContact) -> FollowUp:
        return FollowUp(
            contact_id=c.id, employer_id=c.employer_id, employer_name=names[c.employer_id],
            next_step=c.next_step, due_on=c.next_step_due, contact_on=c.on, done_on=c.done_on,
            seeker_ids=[i for i in c.seeker_ids if i in known],
        )

    return FollowUps(
        user_id=user.id, today=today, due=[item(c) for c in lists.due], overdue=[item(c) for c in lists.overdue],
        done=[item(c) for c in lists.done],
    )
