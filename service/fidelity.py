"""The program's fidelity figures from the database: gathers the plain lists matcher/fidelity.py works on.

Used by `GET /metrics/fidelity` and `ipsmatch metrics`. The individualized-job-search figure asks the ranking
which employers fit each seeker a contact named: an employer fits when one of its openings is among the
seeker's top `SUGGESTIONS` suggestions today (their own preferences decide those).
"""

from __future__ import annotations

import datetime as dt
from weakref import WeakKeyDictionary

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matcher.fidelity import FidelityReport, fidelity
from models import InvalidInput, Role, Settings
from service.ranking import RankingService
from service.stores import contacts, counters, openings, reactions, seekers, users
from service.stores.embeddings import bound_to
from service.suggestion_memo import memo_for
from service.tables import ExposureRow, FeedbackRow, JudgmentRow, SeekerRow, utcnow

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
    suggested = suggested_employers(session, ranking, [s for s in everyone if s.id in named])
    staff = users.list(session, role=Role.specialist, limit=1_000_000)
    return fidelity(
        seekers=everyone, contacts=logged, feedback=feedback, openings=hired_openings, users=staff,
        suggested_employers=suggested, start=start, end=end, caseload_limit=settings.caseload_limit,
        contacts_per_week_target=settings.contacts_per_week_target, rapid_search_days=settings.rapid_search_days,
        min_wage=settings.min_wage,
    )


# Per ranking service: the version of everything rankings depend on, and each seeker's suggested employers
# as of that version. Ranking every named seeker is most of a report's cost (about 28 seekers x 50
# suggestions on the demo), and the answer is the same for every period until one of those inputs moves.
_SUGGESTED: WeakKeyDictionary[RankingService, tuple[tuple, dict[int, frozenset[int]]]] = WeakKeyDictionary()


def ranking_inputs(session: Session, ranking: RankingService) -> tuple:
    """A cheap version of every input of a seeker's suggestions: the catalogue counter and today's date, and
    count plus newest change of seekers, feedback, judgments and the exposures still counted (congestion)."""
    since = utcnow() - dt.timedelta(days=ranking.settings.exposure_days)
    return (
        counters.value(session), ranking.clock(),
        tuple(session.execute(select(func.count(), func.max(SeekerRow.updated_at))).one()),
        tuple(session.execute(select(func.count(), func.max(FeedbackRow.id))).one()),
        tuple(session.execute(select(func.count(), func.max(JudgmentRow.id))).one()),
        tuple(session.execute(
            select(func.count(), func.max(ExposureRow.shown_at)).where(ExposureRow.shown_at >= since)).one()),
    )


def suggested_employers(session: Session, ranking: RankingService, named: list) -> dict[int, frozenset[int]]:
    """Per seeker: the employers with an opening among the seeker's top SUGGESTIONS today (staff voice),
    computed once per version of the ranking's inputs and reused for every period asked about meanwhile."""
    version = ranking_inputs(session, ranking)
    cached = _SUGGESTED.get(ranking)
    if cached is None or cached[0] != version:
        cached = (version, {})
        _SUGGESTED[ranking] = cached
    known = cached[1]
    missing = [s for s in named if s.id not in known]
    if missing:
        # One index and one exposure snapshot for every seeker ranked here; a seeker whose own inputs did not
        # change since a list was last ranked for them (here, or by the candidates search) is not ranked again.
        index, exposure = ranking.index(session), ranking.exposure(session)
        ids = [s.id for s in missing]
        feedback, judgments = reactions.feedback_for_many(session, ids), reactions.judgments_for_many(session, ids)
        memo = memo_for(ranking)
        with bound_to(session):
            for s in missing:
                found = memo.rank(s, index, judgments=judgments.get(s.id, []), feedback=feedback.get(s.id, []),
                                  limit=SUGGESTIONS, settings=ranking.settings, voice="staff", exposure=exposure)
                known[s.id] = frozenset(x.employer_id for x in found)
    return {s.id: known[s.id] for s in named}
