"""Occupations of the taxonomy: search for a picker, the queue of unsure matches, and people's corrections.

- `GET /occupations?q=` finds occupations by words, for choosing one (every signed-in user: the taxonomy
  is public).
- `GET /occupations/review` lists unsure automatic matches nobody has corrected: open openings for staff,
  and the job types of seekers the caller may read (an audit row for each seeker listed).
- `PUT /openings/{id}/occupation` `{"code": ...}`: a specialist, job developer or admin chooses the
  opening's occupation (null: automatic again). It is a catalogue change: the ranking sees it at once.
- `PUT /seekers/{id}/occupations` `{"job_type": ..., "code": ...}`: the seeker's specialist or an admin
  chooses the occupation of one of the seeker's wanted job types.

An unknown code, or a job type the seeker does not want, is a 422 and changes nothing.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from service.deps import (
    CurrentUser,
    JobTypeCorrector,
    OccupationReviewer,
    OccupationsDep,
    OccupationSearcher,
    OpeningOccupationCorrector,
    RecordPath,
    SessionDep,
)
from service.errors import RESPONSES
from service.schemas import (
    JobTypeOccupationChoice,
    OccupationReview,
    OccupationSearch,
    OpeningOccupationChoice,
    OpeningOut,
    SeekerOut,
)
from service.stores import audit, occupations, openings, seekers

router = APIRouter(tags=["occupations"], responses=RESPONSES)


@router.get("/occupations", response_model=OccupationSearch, summary="Find occupations of the taxonomy by words")
def search_occupations(
    session: SessionDep,
    user: OccupationSearcher,
    grounding: OccupationsDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="words such as a job title")],
    limit: Annotated[int, Query(ge=1, le=50, description="how many occupations, 1 to 50")] = 10,
) -> OccupationSearch:
    words = q.strip()
    return OccupationSearch(q=words, occupations=grounding.search(session, words, limit) if words else [])


@router.get(
    "/occupations/review", response_model=OccupationReview, summary="Unsure occupation matches waiting for a person"
)
def review_occupations(
    session: SessionDep,
    user: OccupationReviewer,
    grounding: OccupationsDep,
    limit: Annotated[int, Query(ge=1, le=200, description="the most openings, and the most job types, 1 to 200")] = 50,
) -> OccupationReview:
    return grounding.review(session, user, limit)


@router.put(
    "/openings/{opening_id}/occupation", response_model=OpeningOut, summary="Choose the occupation of an opening"
)
def correct_opening(
    opening_id: RecordPath,
    body: OpeningOccupationChoice,
    session: SessionDep,
    user: OpeningOccupationCorrector,
    grounding: OccupationsDep,
) -> OpeningOut:
    openings.get(session, opening_id)  # an unknown opening is a 404 before the code is looked at
    if body.code is not None:
        grounding.occupation(body.code)
    occupations.correct_opening(session, opening_id, body.code, user.id)
    return grounding.opening(session, openings.get(session, opening_id))


@router.put(
    "/seekers/{seeker_id}/occupations",
    response_model=SeekerOut,
    summary="Choose the occupation of one of a seeker's wanted job types",
)
def correct_job_type(
    seeker: JobTypeCorrector, body: JobTypeOccupationChoice, session: SessionDep, user: CurrentUser,
    grounding: OccupationsDep,
) -> SeekerOut:
    if body.code is not None:
        grounding.occupation(body.code)
    occupations.correct_job_type(session, seeker.id, body.job_type, body.code, user.id)
    chosen = f"'{body.code}'" if body.code is not None else "automatic"
    audit.record(session, user.id, "update", seeker.id, f"occupation of job type '{body.job_type}': {chosen}")
    return grounding.seeker(session, seekers.get(session, seeker.id))
