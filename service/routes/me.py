"""The caller: `/api/v1/me` (who am I, for everyone) and `/api/v1/me/caseload` (a specialist's own seekers)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

from fastapi import APIRouter, Request

from matcher.fidelity import face_to_face_in_week, rapid_search
from models import Role
from service.deps import CaseloadOwner, Myself, SessionDep
from service.errors import RESPONSES
from service.schemas import Caseload, CaseloadSeeker, Me
from service.stores import audit, contacts, seekers

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
