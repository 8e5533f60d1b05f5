"""Ranking and what feeds it: suggestions, seeker feedback and specialist judgments, under `/api/v1/seekers`.

A seeker reads their own suggestions and gives their own feedback; their specialist and admins may do both
for them (a specialist often records "not for me" said in a meeting). Judgments are the specialist's
bounded tie-breaker, so only the seeker's specialist or an admin writes or reads them. Sending the same
reaction to the same opening twice keeps the first row and answers 200 with it, so a double tap in a
browser never counts twice. Each of these reads or changes a seeker record and writes an audit row.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from matcher import Suggestion
from models import Feedback, JobSeeker, Judgment, Role, User
from service.access import Action
from service.deps import (
    Credentials,
    CurrentUser,
    FeedbackGiver,
    FeedbackOwner,
    JudgedSeeker,
    JudgmentsSeeker,
    Limit,
    Offset,
    Once,
    SeekerPath,
    SessionDep,
    seeker_in_reach,
)
from service.errors import RESPONSES
from service.ranking import RankingService
from service.schemas import FeedbackCreate, JudgmentCreate, Page, Suggestions, to_domain
from service.stores import audit, exposures, reactions

router = APIRouter(prefix="/seekers", tags=["ranking"], responses=RESPONSES)


@router.get("/{seeker_id}/suggestions", response_model=Suggestions, summary="Ranked openings for a seeker, best first")
async def suggest(
    request: Request,
    seeker_id: SeekerPath,
    credentials: Credentials,
    limit: Annotated[int, Query(ge=1, le=100, description="how many suggestions, 1 to 100")] = 10,
) -> Response:
    # The busiest route does its whole work in one worker thread: sign-in, access, ranking, the exposure and
    # audit rows, the commit and the JSON, instead of one thread hop per dependency (each costs a wake-up of
    # a worker and of the event loop, which adds up on a loaded machine). The checks and their order are the
    # dependencies' own (deps.seeker_in_reach); the answer is sent only after the commit returned.
    state = request.app.state

    def answer() -> bytes:
        with state.database.session() as session:
            user, seeker = seeker_in_reach(session, credentials, seeker_id, "suggestions", Action.read)
            found = served(session, state.ranking, user, seeker, limit)
        return Suggestions(seeker_id=seeker_id, suggestions=found).model_dump_json().encode()

    return Response(await run_in_threadpool(answer), media_type="application/json")


def served(session: Session, ranking: RankingService, user: User, seeker: JobSeeker, limit: int) -> list[Suggestion]:
    """The seeker's suggestions as `user` may see them, recorded as shown and audited (the API and the pages)."""
    found = ranking.suggestions(session, seeker, limit)
    # What is shown now crowds the next seekers' lists (congestion), in this request's transaction.
    exposures.record(session, seeker.id, [s.opening_id for s in found])
    audit.record(session, user.id, "read", seeker.id, f"suggestions ({len(found)})")
    if user.role == Role.seeker:
        found = [s.seeker_view() for s in found]
    return found


@router.post(
    "/{seeker_id}/feedback",
    status_code=201,
    response_model=Feedback,
    summary="Say what the seeker thinks of an opening",
)
def give_feedback(
    seeker: FeedbackGiver, body: FeedbackCreate, session: SessionDep, user: CurrentUser, once: Once, response: Response
) -> Any:
    if (earlier := once.replay()) is not None:
        return earlier
    feedback, new = record_feedback(session, user, seeker, to_domain(body, Feedback, seeker_id=seeker.id))
    response.status_code = 201 if new else 200  # already counted: the first row answers, nothing new is written
    return once.remember(response.status_code, feedback)


def record_feedback(session: Session, user: User, seeker: JobSeeker, feedback: Feedback) -> tuple[Feedback, bool]:
    """The seeker's feedback row and whether it is new: the same reaction to the same opening is kept once.
    A new row is audited as written by `user` (the API and the pages)."""
    given = {(f.opening_id, f.reaction): f for f in reactions.feedback_for(session, seeker.id)}
    if (same := given.get((feedback.opening_id, feedback.reaction))) is not None:
        return same, False
    added = reactions.add_feedback(session, seeker.id, feedback)
    audit.record(session, user.id, "create", seeker.id, f"feedback {added.reaction} on opening {added.opening_id}")
    return added, True


@router.get("/{seeker_id}/feedback", response_model=Page[Feedback], summary="The seeker's feedback, oldest first")
def read_feedback(
    seeker: FeedbackOwner, session: SessionDep, user: CurrentUser, offset: Offset = 0, limit: Limit = 50
) -> Page[Feedback]:
    rows = reactions.feedback_for(session, seeker.id)
    audit.record(session, user.id, "read", seeker.id, "feedback")
    return Page[Feedback].of(rows[offset : offset + limit + 1], offset, limit)


@router.post("/{seeker_id}/judgments", status_code=201, response_model=Judgment, summary="Add a specialist judgment")
def add_judgment(seeker: JudgedSeeker, body: JudgmentCreate, session: SessionDep, user: CurrentUser, once: Once) -> Any:
    if (earlier := once.replay()) is not None:
        return earlier
    judgment = to_domain(body, Judgment, seeker_id=seeker.id, author_id=user.id)
    judgment = reactions.add_judgment(session, seeker.id, judgment, user.id)
    audit.record(session, user.id, "create", seeker.id, f"judgment {judgment.id}")
    return once.remember(201, judgment)


@router.get("/{seeker_id}/judgments", response_model=Page[Judgment], summary="Specialist judgments for the seeker")
def read_judgments(
    seeker: JudgmentsSeeker, session: SessionDep, user: CurrentUser, offset: Offset = 0, limit: Limit = 50
) -> Page[Judgment]:
    rows = reactions.judgments_for(session, seeker.id)
    audit.record(session, user.id, "read", seeker.id, "judgments")
    return Page[Judgment].of(rows[offset : offset + limit + 1], offset, limit)
