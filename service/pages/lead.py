"""The program's fidelity figures over a chosen period, per specialist, with small charts: `/program`.

For program leads first (a role that reads figures and nothing about any seeker), and for every role the
API lets read the figures. The page shows the program's figures and the per-specialist rows the access table
allows (a program lead and an admin: every specialist; a specialist: their own); it never shows a seeker's
name or id, even to those who may see them elsewhere, so it writes no audit rows.
"""

# No `from __future__ import annotations`: FastAPI reads the dependency types at runtime.
import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from fastapi import Query, Request
from fastapi.responses import Response

from matcher.fidelity import Figure, SpecialistFigures
from models import InvalidInput
from service import access, fidelity
from service.access import Action
from service.deps import Ranking
from service.pages import charts
from service.pages.web import PageSession, allowed_page, page_router, render

router = page_router()
FiguresReader = allowed_page("fidelity", Action.read)
SHARES = {"rapid_job_search", "individualized_search", "job_type_diversity", "employer_diversity", "competitive_jobs"}
DateText = Annotated[str | None, Query(max_length=40)]


@dataclass(frozen=True)
class Row:
    """One program figure as the page shows it."""

    item: str
    how: str
    value: str
    counted: str
    target: str


def _day(text: str | None, name: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"{name}: {text[:40]!r} is not a date; use the form YYYY-MM-DD, like 2026-09-01.") from None


def _row(f: Figure) -> Row:
    share = f.key in SHARES
    value = "no data" if f.value is None else (f"{f.value:.0%}" if share else f"{f.value:g}")
    target = "" if f.target is None else f"{f.target:g} ({'met' if f.met else 'not met'})"
    return Row(f.item, f.how, value, "" if f.out_of is None else f"{f.count} of {f.out_of}", target)


@router.get("/program")
def program(
    request: Request, session: PageSession, user: FiguresReader, ranking: Ranking,
    start: Annotated[DateText, Query(alias="from")] = None, end: Annotated[DateText, Query(alias="to")] = None,
) -> Response:
    settings = request.app.state.settings
    context = {"title": "Program figures", "start": start or "", "end": end or "", "error": None}
    try:
        first, last = fidelity.period(_day(start, "From"), _day(end, "To"), dt.date.today())
    except InvalidInput as error:
        return render(request, "program.html", {**context, "error": str(error)}, status_code=422)
    report = fidelity.report(session, ranking, settings, first, last)
    people: list[SpecialistFigures] = [
        r for r in report.specialists if access.may_for_owner(user, "specialist_figures", Action.read, r.specialist_id)
    ]
    names = [p.name for p in people]
    target = settings.contacts_per_week_target
    return render(request, "program.html", {
        **context, "start": first.isoformat(), "end": last.isoformat(), "rows": [_row(f) for f in report.figures],
        "people": people, "target": target, "caseload_limit": settings.caseload_limit,
        "shares_chart": charts.bars(
            "Program figures as shares, 0 to 100%", [f.item for f in report.figures if f.key in SHARES],
            [f.value for f in report.figures if f.key in SHARES], top=1.0, share=True,
        ),
        "contacts_chart": charts.bars(
            f"Face-to-face employer contacts a week, per specialist; target {target:g}", names,
            [p.face_to_face_per_week for p in people], target=target,
            met=[None if p.face_to_face_per_week is None else p.face_to_face_per_week >= target for p in people],
        ) if people else None,
        "caseload_chart": charts.bars(
            f"Caseload per specialist; limit {settings.caseload_limit}", names, [p.caseload for p in people],
            target=settings.caseload_limit,
        ) if people else None,
        "weekly": {
            p.specialist_id: charts.columns(
                f"{p.name}: face-to-face employer contacts in each week", [w.week for w in p.weeks],
                [w.face_to_face for w in p.weeks], target=target,
            ) for p in people
        },
    })
