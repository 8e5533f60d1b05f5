"""Candidates for an employer: `/api/v1/employers/{employer_id}/candidates`.

A candidate is an active seeker the caller may consider for an introduction (service/access.py: admins and
job developers, seekers who said yes to disclosure; a specialist, their own caseload, each candidate saying
whether they agreed to disclosure) whose own suggestions include an opening at this employer. The list is
ordered by the seeker's preference for that opening, then by score, then by seeker id: fit is judged from
the seeker's side, never from what the employer wants alone. Seekers unchanged since `ipsmatch rank-all`
ranked them are answered from their stored ranking (openings closed or changed since are left out), the
others are ranked now; either way each seeker's list is searched SUGGESTIONS_PER_SEEKER deep. Reasons are
written about the seeker by name ("Ana R. asked for kennel assistant work"), for the staff member reading
them. An employer with no open openings has no candidates. Every seeker in the answer gets an audit row.
"""

from __future__ import annotations

import heapq
from itertools import islice
from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy.orm import Session

from models import JobSeeker, Role, Suggestion, User
from service import access
from service.access import Action
from service.deps import CandidateFinder, Ranking, RecordPath, SessionDep
from service.errors import RESPONSES
from service.rank_all import SUGGESTIONS_PER_SEEKER
from service.ranking import RankingService
from service.schemas import Candidate, Candidates
from service.stores import audit, employers, rankings, reactions, seekers
from service.stores.embeddings import bound_to
from service.suggestion_memo import memo_for

# Stored fits are read this many at a time, best first, until the answer is full.
CHUNK = 50

router = APIRouter(prefix="/employers", tags=["ranking"], responses=RESPONSES)

def _considered(session: Session, user: User, ids: set[int]) -> list[JobSeeker]:
    """Those of these active seekers the caller may consider as candidates, in id order."""
    only = user.id if user.role == Role.specialist else None
    return [s for s in seekers.by_ids(session, ids)
            if s.active and (only is None or s.specialist_id == only) and access.may(user, "candidate", Action.know, s)]


def _ranked_now(session: Session, ranking: RankingService, chosen: list[JobSeeker]) -> dict[int, list[Suggestion]]:
    """Each seeker's suggestions as GET /seekers/{id}/suggestions ranks them (staff voice, SUGGESTIONS_PER_SEEKER
    deep), on one index and one exposure snapshot, their feedback and judgments read in bulk; a seeker whose
    inputs are all unchanged since an earlier request is answered from service/suggestion_memo.py."""
    if not chosen:
        return {}
    index, exposure = ranking.index(session), ranking.exposure(session)
    ids = [s.id for s in chosen]
    feedback, judgments = reactions.feedback_for_many(session, ids), reactions.judgments_for_many(session, ids)
    memo = memo_for(ranking)
    with bound_to(session):
        return {
            s.id: memo.rank(s, index, judgments=judgments.get(s.id, []), feedback=feedback.get(s.id, []),
                            limit=SUGGESTIONS_PER_SEEKER, settings=ranking.settings, voice="staff", exposure=exposure)
            for s in chosen
        }


@router.get("/{employer_id}/candidates", response_model=Candidates, summary="Seekers who fit an employer")
def candidates(
    employer_id: RecordPath,
    session: SessionDep,
    user: CandidateFinder,
    ranking: Ranking,
    limit: Annotated[int, Query(ge=1, le=100, description="how many candidates, 1 to 100")] = 10,
) -> Candidates:
    employers.get(session, employer_id)
    only = user.id if user.role == Role.specialist else None
    # Seekers ranked by `ipsmatch rank-all` and unchanged since are read from their stored rankings; the rest
    # (never ranked, or changed since) are ranked now, as every seeker used to be.
    stale = rankings.stale_seekers(session, specialist_id=only)
    considered_now = _considered(session, user, stale)
    ranked_now = _ranked_now(session, ranking, considered_now)
    # Every fit, best first by (preference, score, seeker id): those ranked now, merged with the stored ones,
    # which are read from the database a page at a time, best first, only as far as the answer needs. Seekers
    # and stored suggestions are read a few at a time until `limit` pass access.
    now: list[tuple[tuple[float, float, int], JobSeeker | rankings.StoredFit, Suggestion | None]] = []
    for seeker in considered_now:
        best = next((s for s in ranked_now[seeker.id] if s.employer_id == employer_id), None)
        if best is not None:
            now.append(((-best.preference_score, -best.score, seeker.id), seeker, best))
    now.sort(key=lambda entry: entry[0])
    stored = (((-fit.preference_score, -fit.score, fit.seeker_id), fit, None)
              for fit in rankings.fits_in_order(session, employer_id, leave_out=stale, specialist_id=only))
    order = heapq.merge(now, stored, key=lambda entry: entry[0])
    found: list[Candidate] = []
    while len(found) < limit and (chunk := list(islice(order, CHUNK))):
        fits = [who for _, who, _ in chunk if isinstance(who, rankings.StoredFit)]
        allowed = {s.id: s for s in _considered(session, user, {f.seeker_id for f in fits})}
        suggestions = rankings.stored_suggestions(session, [f for f in fits if f.seeker_id in allowed])
        for _, who, best in chunk:
            seeker = allowed.get(who.seeker_id) if isinstance(who, rankings.StoredFit) else who
            best = suggestions.get(seeker.id) if seeker is not None and best is None else best
            if seeker is not None and best is not None:
                found.append(_candidate(seeker, best))
    for candidate in found[:limit]:
        audit.record(session, user.id, "read", candidate.seeker_id, f"candidate for employer {employer_id}")
    return Candidates(employer_id=employer_id, candidates=found[:limit])


def _candidate(seeker: JobSeeker, best: Suggestion) -> Candidate:
    return Candidate(
        seeker_id=seeker.id, name=seeker.name, disclosure=seeker.profile.disclosure, opening_id=best.opening_id,
        title=best.title, score=best.score, preference_score=best.preference_score, reasons=best.reasons,
    )
