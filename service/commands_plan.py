"""`ipsmatch plan SPECIALIST_ID`: the week's employer visits for a specialist, printed for whom and why.

The same plan as `GET /api/v1/specialists/{id}/visit-plan` (service/planning.py), read straight from the
database named by IPSMATCH_DATABASE_URL; each seeker it names gets an audit row with no user (the command line).
"""

from __future__ import annotations

import datetime as dt

from matcher.visit_plan import FITTING, VisitPlan, parse_week
from models import Settings
from service.db import Database
from service.planning import plan_for, specialist
from service.ranking import RankingService


def plan_lines(
    database: Database, specialist_id: int, *, visits: int | None, week: str | None, today: dt.date | None = None
) -> list[str]:
    """The plan as lines of text; NotFound for an id that is no specialist's, InvalidInput for a bad week."""
    settings = Settings()
    today = today or dt.date.today()
    chosen_week = parse_week(week, today)
    with database.session() as session:
        person = specialist(session, specialist_id)
        plan = plan_for(
            session, RankingService(database, settings=settings), person, week=chosen_week,
            visits=visits or settings.visits_per_week, settings=settings, reader_id=None, today=today,
        )
    return _lines(plan, person.name)


def _lines(plan: VisitPlan, name: str) -> list[str]:
    week = plan.week
    lines = [
        f"Visit plan for {name} (specialist {plan.specialist_id}), week {week.label} "
        f"({week.start:%a} {week.start.day} {week.start:%b} to {week.end:%a} {week.end.day} {week.end:%b %Y}): "
        f"{len(plan.visits)} of {plan.visits_asked} visits for a caseload of {plan.caseload_size}."
    ]
    if not plan.visits:
        lines.append("  No employer fits anyone in the caseload this week, or every one that does is held back.")
    for number, visit in enumerate(plan.visits, start=1):
        industry = f", {visit.industry}" if visit.industry else ""
        lines.append(f"{number:>3}. {visit.employer_name} (employer {visit.employer_id}{industry})")
        if visit.seekers:
            whom = ", ".join(f"{s.name} (seeker {s.seeker_id})" for s in visit.seekers)
            lines.append(f"     For: {whom}")
        lines.append("     Why:")
        lines.extend(f"       - {reason}" for reason in visit.reasons)
        lines.append("     Talking points for the employer:")
        lines.extend(f"       - {point}" for point in visit.talking_points)
    if plan.held_back:
        lines.append("Held back this week:")
        lines.extend(f"  - {held.employer_name} (employer {held.employer_id}): {held.why}" for held in plan.held_back)
    lines.append(
        f"Seekers with at least one fitting visit (preference score {FITTING:.2f} or more): "
        f"{plan.seekers_served} of {plan.caseload_size}."
    )
    return lines
