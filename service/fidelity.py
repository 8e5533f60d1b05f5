"""The program's fidelity figures from the database: gathers the plain lists matcher/fidelity.py works on.

Used by `GET /metrics/fidelity` and `ipsmatch metrics`. The individualized-job-search figure asks the ranking
which employers fit each seeker a contact named: an employer fits when one of its openings is among the
seeker's top `SUGGESTIONS` suggestions today (their own preferences decide those).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from matcher.fidelity import FidelityReport, fidelity
from models import InvalidInput, Role, Settings
from service.ranking import RankingService
from service.stores import contacts, openings, reactions, seekers, users

SUGGESTIONS = 50
DEFAULT_DAYS = 90  # without `from`: about a quarter, the span fidelity reviews usually look back over
LONGEST_DAYS = 5 * 366


def period(start: dt.date | None, end: dt.date | None, today: dt.date) -> tuple[dt.date, dt.date]:
    """The period asked for: `to` defaults to today, `from` to 90 days before `to`; InvalidInput when reversed
    or longer than five years."""
    end = end or today
    start = start or end - dt.timedelta(days=DEFAULT_DAYS)
    if start > end:
        raise InvalidInput(f"from: {start} is after to ({end}); give the earlier date as from.")
    if (end - start).days > LONGEST_DAYS:
        raise InvalidInput(f"from/to: the period {start} to {end} is longer than five years; ask for a shorter one.")
    return start, end


def report(
    session: Session, ranking: RankingService, settings: Settings, start: dt.date, end: dt.date
) -> FidelityReport:
    """Every figure of the period, over the whole program (the caller decides which rows to show)."""
    everyone = seekers.list(session, limit=1_000_000)
    logged = contacts.all(session)
    feedback = [f for s in everyone for f in reactions.feedback_for(session, s.id)]
    started = {f.opening_id for f in feedback if f.reaction == "hired"}
    hired_openings = [openings.get(session, i) for i in sorted(started)]
    named = {i for c in logged if start <= c.on <= end for i in c.seeker_ids}
    exposure = ranking.exposure(session)  # read once for every seeker ranked here
    suggested = {
        s.id: {x.employer_id for x in ranking.suggestions(session, s, SUGGESTIONS, voice="staff", exposure=exposure)}
        for s in everyone if s.id in named
    }
    staff = users.list(session, role=Role.specialist, limit=1_000_000)
    return fidelity(
        seekers=everyone, contacts=logged, feedback=feedback, openings=hired_openings, users=staff,
        suggested_employers=suggested, start=start, end=end, caseload_limit=settings.caseload_limit,
        contacts_per_week_target=settings.contacts_per_week_target, rapid_search_days=settings.rapid_search_days,
        min_wage=settings.min_wage,
    )
