"""Request dependencies as named types: the database session, the signed-in user, and who may do what.

Routes take these as parameters (full-stack-fastapi-template style), so authentication, role checks and
"may this caller know this seeker exists" never repeat inside handlers. The order of the checks is the
contract of API.md: 401 without a valid token, then 403 when the caller's role may never do the action,
then 404 when the record is unknown *or* the caller may not know it exists (same message either way, so a
404 does not reveal whether another specialist's seeker exists).
"""

# No `from __future__ import annotations` here: the dependency factories below put local functions in
# Annotated[...] types, and FastAPI resolves string annotations against module globals only.
import hashlib
from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Path, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from models import InvalidInput, JobSeeker, NotFound, User
from models.fields import MAX_ID
from service import access, idempotency, planning
from service.access import Action
from service.occupations import Occupations
from service.ranking import RankingService
from service.stores import seekers, users

RecordPath = Annotated[int, Path(ge=1, le=MAX_ID, description="id assigned by the server")]
SeekerPath = Annotated[int, Path(ge=1, le=MAX_ID, description="the job seeker's id")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="how many records to skip, 0 to 1,000,000")]
Limit = Annotated[int, Query(ge=1, le=200, description="the most records to return, 1 to 200")]

def get_session(request: Request) -> Iterator[Session]:
    """One database transaction per request: committed when the route returns, rolled back if it raises."""
    with request.app.state.database.session() as session:
        yield session


# scope="function" closes the transaction before the response is sent: a 2xx answer means the write is
# committed (DESIGN.md invariant 7), and a failed commit still becomes an error answer, not a lost write.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]

_bearer = HTTPBearer(auto_error=False, description="the token `ipsmatch users add` printed")


# The bearer credentials as sent (None without any); HTTPBearer reads the header on the event loop, no thread.
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def signed_in(session: Session, credentials: HTTPAuthorizationCredentials | None) -> User:
    """The user whose bearer token came with the request; 401 when there is none or it is not valid."""
    user = users.by_token(session, credentials.credentials) if credentials else None
    if user is None:
        raise _not_signed_in()
    return user


def _not_signed_in() -> HTTPException:
    detail = "Sign in first: send 'Authorization: Bearer TOKEN' with a valid token."
    return HTTPException(status_code=401, detail=detail, headers={"WWW-Authenticate": "Bearer"})


def current_user(session: SessionDep, credentials: Credentials) -> User:
    """The user whose bearer token came with the request; 401 when there is none or it is not valid."""
    return signed_in(session, credentials)


CurrentUser = Annotated[User, Depends(current_user)]


def allowed(resource: str, action: Action) -> Callable[[User], User]:
    """A dependency giving the current user when their role may ever do `action` to `resource`; 403 if not."""

    def check(user: CurrentUser) -> User:
        access.require_role(user, resource, action)
        return user

    return check


def no_seeker_with(seeker_id: int) -> NotFound:
    """The one 404 for seekers, identical whether the seeker is missing or out of the caller's reach."""
    return NotFound(f"No seeker with id {seeker_id}.")


def reachable_seeker(
    session: Session, user: User, seeker_id: int, resource: str = "seeker", action: Action = Action.know
) -> JobSeeker:
    """The seeker if it exists and the caller may do `action` to it; 404 with the same words otherwise."""
    try:
        seeker = seekers.get(session, seeker_id)
    except NotFound:
        raise no_seeker_with(seeker_id) from None
    if not access.may(user, resource, action, seeker):
        raise no_seeker_with(seeker_id)
    return seeker


def named_seekers(session: Session, user: User, seeker_ids: list[int], field: str = "seeker_ids") -> None:
    """Checks seeker ids named inside a body: an unknown id, or one the caller may not name, is invalid input."""
    for seeker_id in seeker_ids:
        try:
            reachable_seeker(session, user, seeker_id, "seeker", Action.name)
        except NotFound:
            raise InvalidInput(f"{field}: no seeker with id {seeker_id} that you may name.") from None


def seeker_in_reach(
    session: Session, credentials: HTTPAuthorizationCredentials | None, seeker_id: int, resource: str, action: Action
) -> tuple[User, JobSeeker]:
    """The signed-in user and the seeker, checked in the order of the dependencies above (401, 403, 404), for a
    route that does its whole work in one worker thread instead of one thread hop per dependency. The user and
    the seeker are read in one statement; service/access.py decides as it does for the dependencies."""
    user, seeker = users.by_token_with_seeker(session, credentials.credentials if credentials else "", seeker_id)
    if user is None:
        raise _not_signed_in()
    access.require_role(user, resource, action)
    if seeker is None or not access.may(user, resource, action, seeker):
        raise no_seeker_with(seeker_id)
    return user, seeker


def seeker_for(resource: str, action: Action) -> Callable[..., JobSeeker]:
    """A dependency giving the seeker named by `{seeker_id}`: 403 for a role that never may, 404 out of reach."""

    def dependency(
        seeker_id: SeekerPath,
        session: SessionDep,
        user: Annotated[User, Depends(allowed(resource, action))],
    ) -> JobSeeker:
        return reachable_seeker(session, user, seeker_id, resource, action)

    return dependency


def _user(resource: str, action: Action) -> object:
    return Annotated[User, Depends(allowed(resource, action))]


def _seeker(resource: str, action: Action) -> object:
    return Annotated[JobSeeker, Depends(seeker_for(resource, action))]


# Named dependencies, one per (resource, action) a route needs; service/access.py holds the rules.
SeekerCreator = _user("seeker", Action.create)
SeekerLister = _user("seeker", Action.list)
EmployerReader = _user("employer", Action.read)
EmployerCreator = _user("employer", Action.create)
EmployerEditor = _user("employer", Action.update)
EmployerRemover = _user("employer", Action.delete)
EmployerMerger = _user("employer", Action.merge)
OpeningReader = _user("opening", Action.read)
OpeningCreator = _user("opening", Action.create)
OpeningEditor = _user("opening", Action.update)
OpeningRemover = _user("opening", Action.delete)
ContactLogger = _user("contact", Action.create)
ContactReader = _user("contact", Action.read)
CandidateFinder = _user("candidates", Action.read)
Myself = _user("me", Action.read)
CaseloadOwner = _user("caseload", Action.read)
NeedsReader = _user("needs", Action.read)
ContactEditor = _user("contact", Action.update)
FollowUpOwner = _user("follow_ups", Action.read)
FidelityReader = _user("fidelity", Action.read)
MyPlanOwner = _user("own_visit_plan", Action.read)
OccupationSearcher = _user("occupations", Action.read)
OccupationReviewer = _user("occupation_review", Action.read)
OpeningOccupationCorrector = _user("opening_occupation", Action.update)

ReadableSeeker = _seeker("seeker", Action.read)
EditableSeeker = _seeker("seeker", Action.update)
RemovableSeeker = _seeker("seeker", Action.delete)
SuggestedSeeker = _seeker("suggestions", Action.read)
FeedbackGiver = _seeker("feedback", Action.create)
FeedbackOwner = _seeker("feedback", Action.read)
JudgedSeeker = _seeker("judgment", Action.create)
JudgmentsSeeker = _seeker("judgment", Action.read)
JobTypeCorrector = _seeker("job_type_occupation", Action.update)


def specialist_for(resource: str, action: Action) -> Callable[..., User]:
    """A dependency giving the specialist named by `{specialist_id}`: 403 for a role that never may, 404 (the
    same words as for no such specialist) when the id is not a specialist's or the caller may not reach it."""

    def dependency(
        specialist_id: Annotated[int, Path(ge=1, le=MAX_ID, description="the specialist's user id")],
        session: SessionDep,
        user: Annotated[User, Depends(allowed(resource, action))],
    ) -> User:
        target = planning.specialist(session, specialist_id)
        if not access.may_for_owner(user, resource, action, target.id):
            raise NotFound(f"No specialist with id {specialist_id}.")
        return target

    return dependency


PlannedSpecialist = Annotated[User, Depends(specialist_for("visit_plan", Action.read))]


async def _request_fingerprint(request: Request) -> str:
    """What makes two POSTs the same request: method, path and the exact body bytes."""
    body = await request.body()
    return hashlib.sha256(b"%s %s\n%s" % (request.method.encode(), request.url.path.encode(), body)).hexdigest()


def once(
    session: SessionDep,
    user: CurrentUser,
    fingerprint: Annotated[str, Depends(_request_fingerprint)],
    key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            min_length=1,
            max_length=200,
            description="any unique string (a UUID is fine); sending the same POST again with the same key "
            "returns the first answer instead of creating a second record",
        ),
    ] = None,
) -> idempotency.Once:
    """The idempotency record of this POST, which replays the first answer when the key was seen before."""
    return idempotency.Once(session, user.id, key, fingerprint)


Once = Annotated[idempotency.Once, Depends(once)]


def get_ranking(request: Request) -> RankingService:
    """The app's ranking service (service.ranking.RankingService), shared by every request of the process."""
    return request.app.state.ranking


Ranking = Annotated[RankingService, Depends(get_ranking)]


def get_occupations(request: Request) -> Occupations:
    """The app's occupation groundings (service.occupations.Occupations), shared by every request of the process."""
    return request.app.state.occupations


OccupationsDep = Annotated[Occupations, Depends(get_occupations)]
