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

from models import Disclosure, Forbidden, InvalidInput, JobSeeker, NotFound, Role, User
from service import idempotency
from service.ranking import RankingService
from service.stores import seekers, users

MAX_ID = 2**63 - 1  # ids are 64-bit; a larger number is invalid input, not a database error

RecordPath = Annotated[int, Path(ge=1, le=MAX_ID, description="id assigned by the server")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="how many records to skip, 0 to 1,000,000")]
Limit = Annotated[int, Query(ge=1, le=200, description="the most records to return, 1 to 200")]

_ROLE_NAMES = {
    Role.admin: "an admin",
    Role.specialist: "an employment specialist",
    Role.job_developer: "a job developer",
    Role.seeker: "a job seeker",
}


def get_session(request: Request) -> Iterator[Session]:
    """One database transaction per request: committed when the route returns, rolled back if it raises."""
    with request.app.state.database.session() as session:
        yield session


# scope="function" closes the transaction before the response is sent: a 2xx answer means the write is
# committed (DESIGN.md invariant 7), and a failed commit still becomes an error answer, not a lost write.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]

_bearer = HTTPBearer(auto_error=False, description="the token `ipsmatch users add` printed")


def current_user(
    session: SessionDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> User:
    """The user whose bearer token came with the request; 401 when there is none or it is not valid."""
    user = users.by_token(session, credentials.credentials) if credentials else None
    if user is None:
        detail = "Sign in first: send 'Authorization: Bearer TOKEN' with a valid token."
        raise HTTPException(status_code=401, detail=detail, headers={"WWW-Authenticate": "Bearer"})
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def roles(*allowed: Role, action: str) -> Callable[[User], User]:
    """A dependency giving the current user when their role is one of `allowed`; 403 naming the action if not."""
    names = [_ROLE_NAMES[r] for r in allowed]
    needed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"

    def check(user: CurrentUser) -> User:
        if user.role not in allowed:
            raise Forbidden(f"As {_ROLE_NAMES[user.role]} you may not {action}; that needs {needed}.")
        return user

    return check


# Who may do what (API.md and the issue text). Seekers and job developers never manage caseloads;
# specialists read the catalogue and log contacts but only job developers and admins edit it.
CaseloadKeeper = Annotated[User, Depends(roles(Role.admin, Role.specialist, action="manage a caseload"))]
CatalogueEditor = Annotated[
    User, Depends(roles(Role.admin, Role.job_developer, action="add, change or delete employers and openings"))
]
ContactLogger = Annotated[
    User,
    Depends(roles(Role.admin, Role.specialist, Role.job_developer, action="see or log employer contacts")),
]
Recruiter = Annotated[User, Depends(roles(Role.admin, Role.job_developer, action="look for candidates"))]


def no_seeker_with(seeker_id: int) -> NotFound:
    """The one 404 for seekers, identical whether the seeker is missing or out of the caller's reach."""
    return NotFound(f"No seeker with id {seeker_id}.")


def may_know(user: User, seeker: JobSeeker) -> bool:
    """Whether the caller may know this seeker exists.

    Admins know every seeker, a specialist their caseload, a seeker themselves, and a job developer only the
    seekers who said yes to disclosure: a job developer talks to employers, so a seeker who has not agreed
    to that stays invisible to them.
    """
    if user.role == Role.admin:
        return True
    if user.role == Role.specialist:
        return seeker.specialist_id == user.id
    if user.role == Role.seeker:
        return user.seeker_id == seeker.id
    return user.role == Role.job_developer and seeker.profile.disclosure == Disclosure.yes


def reachable_seeker(session: Session, user: User, seeker_id: int) -> JobSeeker:
    """The seeker if it exists and the caller may know it; 404 with the same words otherwise."""
    try:
        seeker = seekers.get(session, seeker_id)
    except NotFound:
        raise no_seeker_with(seeker_id) from None
    if not may_know(user, seeker):
        raise no_seeker_with(seeker_id)
    return seeker


def referenced_seekers(session: Session, user: User, seeker_ids: list[int], field: str = "seeker_ids") -> None:
    """Checks seeker ids inside a body: an unknown id, or one out of the caller's reach, is invalid input."""
    for seeker_id in seeker_ids:
        try:
            reachable_seeker(session, user, seeker_id)
        except NotFound:
            raise InvalidInput(f"{field}: no seeker with id {seeker_id}.") from None


def seeker_in_path(*allowed: Role, action: str) -> Callable[..., JobSeeker]:
    """A dependency giving the seeker named by `{seeker_id}`: 403 for other roles, 404 out of reach."""
    check = roles(*allowed, action=action)

    def dependency(
        seeker_id: Annotated[int, Path(ge=1, le=MAX_ID, description="the job seeker's id")],
        session: SessionDep,
        user: Annotated[User, Depends(check)],
    ) -> JobSeeker:
        return reachable_seeker(session, user, seeker_id)

    return dependency


_OWN = (Role.admin, Role.specialist, Role.seeker)
# A seeker acts on their own record; a specialist on their caseload's; an admin on any.
OwnSeeker = Annotated[JobSeeker, Depends(seeker_in_path(*_OWN, action="read or change job seeker records"))]
CaseloadSeeker = Annotated[
    JobSeeker, Depends(seeker_in_path(Role.admin, Role.specialist, action="delete job seeker records"))
]
JudgedSeeker = Annotated[
    JobSeeker, Depends(seeker_in_path(Role.admin, Role.specialist, action="record or read specialist judgments"))
]


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
