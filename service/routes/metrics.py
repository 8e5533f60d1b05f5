"""The program's IPS-25 fidelity figures: `/api/v1/metrics/fidelity?from=&to=`.

Every staff role reads the program's figures (aggregates name no seeker). Rows are shown by the access table
(service/access.py), least privilege: per-specialist rows to admins, and to each specialist for their own;
per-seeker rows (rapid job search) to whoever may list that seeker: admins all, a specialist their own
caseload, a job developer none. Job seekers may not read the figures. Each seeker row shown is audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Query, Request

from service import access, fidelity
from service.access import Action
from service.deps import FidelityReader, Ranking, SessionDep
from service.errors import RESPONSES
from service.schemas import Fidelity
from service.stores import audit, seekers

router = APIRouter(prefix="/metrics", tags=["fidelity"], responses=RESPONSES)


@router.get("/fidelity", response_model=Fidelity, summary="The program's IPS-25 fidelity figures over a period")
def fidelity_figures(
    session: SessionDep,
    user: FidelityReader,
    ranking: Ranking,
    request: Request,
    start: Annotated[dt.date | None, Query(alias="from", description="first day, YYYY-MM-DD (default: 90 days "
                                                                      "before `to`)")] = None,
    end: Annotated[dt.date | None, Query(alias="to", description="last day, YYYY-MM-DD (default: today)")] = None,
) -> Fidelity:
    start, end = fidelity.period(start, end, dt.date.today())
    report = fidelity.report(session, ranking, request.app.state.settings, start, end)
    specialists = [
        r for r in report.specialists if access.may_for_owner(user, "specialist_figures", Action.read, r.specialist_id)
    ]
    listable = {
        s.id for s in seekers.by_ids(session, [r.seeker_id for r in report.seekers])
        if access.may(user, "seeker", Action.list, s)
    }
    rows = [r for r in report.seekers if r.seeker_id in listable]
    for row in rows:
        audit.record(session, user.id, "list", row.seeker_id, f"fidelity figures {start} to {end}")
    return Fidelity.model_validate({
        "start": start, "end": end, "figures": [asdict(f) for f in report.figures],
        "specialists": [asdict(r) for r in specialists], "seekers": [asdict(r) for r in rows],
    })
