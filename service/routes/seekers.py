"""Job seekers and their career profiles: `/api/v1/seekers`.

Admins see every seeker, a specialist their own caseload, a seeker only themselves; job developers never
read seeker records here (they see disclosed candidates per employer instead). Every read and change of a
seeker record writes an audit row in the same transaction, so a rolled-back request leaves no audit trace
of a change that did not happen and an answered one always has its row.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Response

from models import Forbidden, JobSeeker, Role, User
from service.deps import (
    CaseloadKeeper,
    CaseloadSeeker,
    CurrentUser,
    Limit,
    Offset,
    Once,
    OwnSeeker,
    SessionDep,
)
from service.errors import RESPONSES
from service.schemas import PATCH_EXAMPLES, Page, SeekerCreate, changes_without_id, to_domain
from service.stores import audit, seekers

router = APIRouter(prefix="/seekers", tags=["seekers"], responses=RESPONSES)

# What a seeker may change about their own record; the rest is their specialist's or an admin's to keep.
SEEKER_EDITABLE = frozenset({"name", "profile"})
PATCH_DOC = (
    "Any subset of the seeker's fields. Only the fields sent change; `profile` is merged key by key, so "
    '`{"profile": {"shifts": ["morning"]}}` keeps every other profile field. Send `null` to clear an '
    "optional field. The merged record is validated as a whole; if it is invalid nothing changes. A seeker may "
    "change `name` and `profile`; handing a seeker to another specialist needs an admin."
)


def _specialist_for_new_seeker(user: User, asked: int | None) -> int | None:
    """A specialist creates seekers for their own caseload only; admins name any specialist (or none)."""
    if user.role == Role.specialist:
        if asked not in (None, user.id):
            raise Forbidden(
                "A specialist may add seekers only to their own caseload; ask an admin to add one for "
                "another specialist."
            )
        return user.id
    return asked


def _check_changes(user: User, changes: dict[str, Any]) -> None:
    """Refuses changes the caller's role may not make, before any of them reach the store."""
    if user.role == Role.seeker and (fields := sorted(set(changes) & set(JobSeeker.model_fields) - SEEKER_EDITABLE)):
        raise Forbidden(f"A job seeker may change their name and profile, not {', '.join(fields)}.")
    if user.role == Role.specialist and changes.get("specialist_id", user.id) != user.id:
        raise Forbidden("Handing a seeker to another specialist needs an admin.")


@router.post("", status_code=201, response_model=JobSeeker, summary="Add a job seeker")
def create_seeker(body: SeekerCreate, session: SessionDep, user: CaseloadKeeper, once: Once) -> Any:
    if (earlier := once.replay()) is not None:
        return earlier
    seeker = to_domain(body, JobSeeker, specialist_id=_specialist_for_new_seeker(user, body.specialist_id))
    created = seekers.create(session, seeker)
    audit.record(session, user.id, "create", created.id, "seeker")
    return once.remember(201, created)


@router.get("", response_model=Page[JobSeeker], summary="List job seekers (a specialist: their caseload)")
def list_seekers(
    session: SessionDep,
    user: CaseloadKeeper,
    offset: Offset = 0,
    limit: Limit = 50,
    specialist_id: Annotated[int | None, Query(ge=1, le=2**63 - 1, description="only this specialist's")] = None,
    active: Annotated[bool | None, Query(description="only active (true) or inactive (false) seekers")] = None,
    q: Annotated[str | None, Query(max_length=200, description="part of the seeker's name")] = None,
) -> Page[JobSeeker]:
    if user.role == Role.specialist:
        if specialist_id not in (None, user.id):
            raise Forbidden("A specialist may list only their own caseload.")
        specialist_id = user.id
    rows = seekers.list(session, specialist_id=specialist_id, active=active, q=q, offset=offset, limit=limit + 1)
    page = Page[JobSeeker].of(rows, offset, limit)
    for seeker in page.items:
        audit.record(session, user.id, "list", seeker.id, "seeker list")
    return page


@router.get("/{seeker_id}", response_model=JobSeeker, summary="Read a job seeker and their career profile")
def read_seeker(seeker: OwnSeeker, session: SessionDep, user: CurrentUser) -> JobSeeker:
    audit.record(session, user.id, "read", seeker.id, "seeker")
    return seeker


@router.patch("/{seeker_id}", response_model=JobSeeker, summary="Change a job seeker (partial; profile merged)")
def update_seeker(
    seeker: OwnSeeker,
    session: SessionDep,
    user: CurrentUser,
    changes: Annotated[
        dict[str, Any], Body(description=PATCH_DOC, openapi_examples={"profile": {"value": PATCH_EXAMPLES["seeker"]}})
    ],
) -> JobSeeker:
    _check_changes(user, changes_without_id(changes))
    updated = seekers.update(session, seeker.id, changes)
    audit.record(session, user.id, "update", seeker.id, f"changed {', '.join(sorted(changes))}")
    return updated


@router.delete("/{seeker_id}", status_code=204, summary="Delete a job seeker")
def delete_seeker(seeker: CaseloadSeeker, session: SessionDep, user: CurrentUser) -> Response:
    seekers.delete(session, seeker.id)
    audit.record(session, user.id, "delete", seeker.id, "seeker")
    return Response(status_code=204)
