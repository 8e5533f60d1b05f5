"""Candidates for an employer: `/api/v1/employers/{employer_id}/candidates`.

A candidate is an active seeker the caller may consider for an introduction (service/access.py: admins and
job developers, seekers who said yes to disclosure; a specialist, their own caseload, each candidate saying
whether they agreed to disclosure) whose own suggestions include an opening at this employer. The list is
ordered by the seeker's preference for that opening, then by score, then by seeker id: fit is judged from
the seeker's side, never from what the employer wants alone. Reasons are written about the seeker by name
("Ana R. asked for kennel assistant work"), for the staff member reading them. An employer with no open openings has no
candidates. Every seeker in the answer gets an audit row.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy.orm import Session

from models import JobSeeker, Role, User
from service import access
from service.access import Action
from service.deps import CandidateFinder, Ranking, RecordPath, SessionDep
from service.errors import RESPONSES
from service.schemas import Candidate, Candidates
from service.stores import audit, employers, seekers

router = APIRouter(prefix="/employers", tags=["ranking"], responses=RESPONSES)

# How deep into each seeker's ranked list to look for this employer's openings.
SUGGESTIONS_PER_SEEKER = 50
PAGE = 200


def _considered(session: Session, user: User) -> Iterator[JobSeeker]:
    """Every active seeker the caller may consider as a candidate, page by page."""
    only = user.id if user.role == Role.specialist else None
    offset = 0
    while rows := seekers.list(session, specialist_id=only, active=True, offset=offset, limit=PAGE):
        yield from (s for s in rows if access.may(user, "candidate", Action.know, s))
        offset += PAGE


@router.get("/{employer_id}/candidates", response_model=Candidates, summary="Seekers who fit an employer")
def candidates(
    employer_id: RecordPath,
    session: SessionDep,
    user: CandidateFinder,
    ranking: Ranking,
    limit: Annotated[int, Query(ge=1, le=100, description="how many candidates, 1 to 100")] = 10,
) -> Candidates:
    employers.get(session, employer_id)
    found = []
    exposure = ranking.exposure(session)  # read once for every seeker considered
    for seeker in _considered(session, user):
        ranked = ranking.suggestions(session, seeker, SUGGESTIONS_PER_SEEKER, voice="staff", exposure=exposure)
        fits = [s for s in ranked if s.employer_id == employer_id]
        if fits:
            best = fits[0]
            found.append(
                Candidate(
                    seeker_id=seeker.id,
                    name=seeker.name,
                    disclosure=seeker.profile.disclosure,
                    opening_id=best.opening_id,
                    title=best.title,
                    score=best.score,
                    preference_score=best.preference_score,
                    reasons=best.reasons,
                )
            )
    found.sort(key=lambda c: (-c.preference_score, -c.score, c.seeker_id))
    for candidate in found[:limit]:
        audit.record(session, user.id, "read", candidate.seeker_id, f"candidate for employer {employer_id}")
    return Candidates(employer_id=employer_id, candidates=found[:limit])
