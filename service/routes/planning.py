"""Visit plans: `/api/v1/specialists/{specialist_id}/visit-plan` and `/api/v1/me/visit-plan`.

A plan names seekers of one caseload, so a specialist reads only their own (another specialist's id answers
404 in the same words as an id that is no specialist's), admins any specialist's; job developers and seekers
never (service/access.py). `week` is any date in the week or an ISO week (2026-W48), this week by default;
`visits` defaults to the setting `visits_per_week`. Every seeker the plan names gets an audit row.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Request
from sqlalchemy.orm import Session

from matcher import visit_plan as engine
from models import User
from service.deps import CurrentUser, MyPlanOwner, PlannedSpecialist, Ranking, SessionDep
from service.errors import RESPONSES
from service.planning import plan_for
from service.ranking import RankingService
from service.schemas import HeldBackEmployer, PlannedSeeker, PlannedVisit, VisitPlan

router = APIRouter(tags=["job development"], responses=RESPONSES)

Visits = Annotated[
    int | None, Query(ge=1, le=30, description="how many visits, 1 to 30; the setting visits_per_week (6) if left out")
]
WeekQuery = Annotated[
    str | None,
    Query(max_length=40, description="a day of the week (2026-11-23) or an ISO week (2026-W48); this week if left out"),
]


@router.get("/specialists/{specialist_id}/visit-plan", response_model=VisitPlan, summary="A specialist's visit plan")
def specialist_plan(
    specialist: PlannedSpecialist, user: CurrentUser, session: SessionDep, ranking: Ranking, request: Request,
    visits: Visits = None, week: WeekQuery = None,
) -> VisitPlan:
    return _plan(session, ranking, request, specialist, user, visits, week)


@router.get("/me/visit-plan", response_model=VisitPlan, summary="My employer visits for the week, for whom and why")
def my_plan(
    user: MyPlanOwner, session: SessionDep, ranking: Ranking, request: Request,
    visits: Visits = None, week: WeekQuery = None,
) -> VisitPlan:
    return _plan(session, ranking, request, user, user, visits, week)


def _plan(
    session: Session,
    ranking: RankingService,
    request: Request,
    specialist: User,
    reader: User,
    visits: int | None,
    week: str | None,
) -> VisitPlan:
    """The plan as the API answers it; `reader` is who asked (the audit rows are theirs)."""
    settings = request.app.state.settings
    today = dt.date.today()
    plan = plan_for(
        session, ranking, specialist, week=engine.parse_week(week, today), visits=visits or settings.visits_per_week,
        settings=settings, reader_id=reader.id, today=today,
    )
    return VisitPlan(
        specialist_id=plan.specialist_id,
        week=plan.week.label,
        week_start=plan.week.start,
        week_end=plan.week.end,
        as_of=plan.as_of,
        visits_asked=plan.visits_asked,
        caseload_size=plan.caseload_size,
        objective=plan.objective,
        seekers_served=plan.seekers_served,
        visits=[
            PlannedVisit(
                employer_id=v.employer_id, employer_name=v.employer_name, industry=v.industry,
                for_seekers=v.for_seekers, seekers=[PlannedSeeker(**vars(s)) for s in v.seekers],
                reasons=list(v.reasons), talking_points=list(v.talking_points), score=v.score,
                follow_up_due=v.follow_up_due, last_seen=v.last_seen,
            )
            for v in plan.visits
        ],
        held_back=[HeldBackEmployer(**vars(h)) for h in plan.held_back],
    )
