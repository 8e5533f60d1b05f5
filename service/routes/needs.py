"""An employer's hiring needs over time: `/api/v1/employers/{employer_id}/needs`.

Staff (admins, specialists, job developers) read it; job seekers do not (service/access.py). The weights are
the ones the ranking uses today: each need counts half as much every `needs_half_life_days`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

from fastapi import APIRouter, Request

from matcher.needs import needs_timeline
from service.deps import NeedsReader, RecordPath, SessionDep
from service.errors import RESPONSES
from service.schemas import EmployerNeeds, NeedEntry
from service.stores import contacts, employers

router = APIRouter(prefix="/employers", tags=["job development"], responses=RESPONSES)


@router.get("/{employer_id}/needs", response_model=EmployerNeeds, summary="An employer's hiring needs over time")
def employer_needs(employer_id: RecordPath, session: SessionDep, user: NeedsReader, request: Request) -> EmployerNeeds:
    half_life = request.app.state.settings.needs_half_life_days
    employer = employers.get(session, employer_id)
    timeline = needs_timeline(
        employer, contacts.list_for(session, employer_id), today=dt.date.today(), half_life_days=half_life
    )
    return EmployerNeeds(
        employer_id=employer_id,
        half_life_days=half_life,
        needs=[NeedEntry(**{**asdict(need), "weight": round(need.weight, 4)}) for need in timeline],
    )
