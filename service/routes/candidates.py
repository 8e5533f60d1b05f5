"""Candidates for an employer: `/api/v1/employers/{employer_id}/candidates`, for job developers and admins.

A candidate is an active seeker who said yes to disclosure (so the program may talk to employers about
them) and whose own suggestions include an opening at this employer. The list is ordered by the seeker's
preference for that opening, then by score, then by seeker id: fit is judged from the seeker's side, never
from what the employer wants alone. An employer with no open openings has no candidates. Every seeker in
the answer gets an audit row.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy.orm import Session

from models import Disclosure, JobSeeker
from service.deps import Ranking, RecordPath, Recruiter, SessionDep
from service.errors import RESPONSES
from service.schemas import Candidate, Candidates
from service.stores import audit, employers, seekers

router = APIRouter(prefix="/employers", tags=["ranking"], responses=RESPONSES)

# How deep into each seeker's ranked list to look for this employer's openings.
SUGGESTIONS_PER_SEEKER = 50
PAGE = 200


def _disclosed(session: Session) -> Iterator[JobSeeker]:
    """Every active seeker who said yes to disclosure, page by page."""
    offset = 0
    while rows := seekers.list(session, active=True, offset=offset, limit=PAGE):
        yield from (s for s in rows if s.profile.disclosure == Disclosure.yes)
        offset += PAGE


@router.get("/{employer_id}/candidates", response_model=Candidates, summary="Seekers who fit an employer")
def candidates(
    employer_id: RecordPath,
    session: SessionDep,
    user: Recruiter,
    ranking: Ranking,
    limit: Annotated[int, Query(ge=1, le=100, description="how many candidates, 1 to 100")] = 10,
) -> Candidates:
    employers.get(session, employer_id)
    found = []
    for seeker in _disclosed(session):
        fits = [s for s in ranking.suggestions(session, seeker, SUGGESTIONS_PER_SEEKER) if s.employer_id == employer_id]
        if fits:
            best = fits[0]
            found.append(
                Candidate(
                    seeker_id=seeker.id,
                    name=seeker.name,
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
