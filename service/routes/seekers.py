"""Job seekers and their career profiles: `/api/v1/seekers`.

Who may do what is service/access.py's table: admins see every seeker, a specialist their own caseload, a
seeker only themselves; job developers never read seeker records here (they see disclosed candidates per
employer instead). Every read and change of a seeker record writes an audit row in the same transaction,
so a rolled-back request leaves no audit trace of a change that did not happen and an answered one always
has its row. Every seeker answered carries `occupations`: what each wanted job type stands for in the
taxonomy, or what their specialist chose (service/occupations.py).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from models import Forbidden, JobSeeker, Role, User
from models.fields import MAX_ID
from service import access
from service.deps import (
    CurrentUser,
    EditableSeeker,
    Limit,
    OccupationsDep,
    Offset,
    Once,
    ReadableSeeker,
    RemovableSeeker,
    SeekerCreator,
    SeekerLister,
    SessionDep,
)
from service.errors import RESPONSES
from service.schemas import Page, SeekerCreate, SeekerOut, SeekerPatch, changes, to_domain
from service.stores import audit, seekers

router = APIRouter(prefix="/seekers", tags=["seekers"], responses=RESPONSES)


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


@router.post("", status_code=201, response_model=SeekerOut, summary="Add a job seeker")
def create_seeker(
    body: SeekerCreate, session: SessionDep, user: SeekerCreator, once: Once, grounding: OccupationsDep
) -> Any:
    if (earlier := once.replay()) is not None:
        return earlier
    seeker = to_domain(body, JobSeeker, specialist_id=_specialist_for_new_seeker(user, body.specialist_id))
    created = seekers.create(session, seeker)
    audit.record(session, user.id, "create", created.id, "seeker")
    return once.remember(201, grounding.seeker(session, created))


@router.get("", response_model=Page[SeekerOut], summary="List job seekers (a specialist: their caseload)")
def list_seekers(
    session: SessionDep,
    user: SeekerLister,
    grounding: OccupationsDep,
    offset: Offset = 0,
    limit: Limit = 50,
    specialist_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="only this specialist's")] = None,
    active: Annotated[bool | None, Query(description="only active (true) or inactive (false) seekers")] = None,
    q: Annotated[str | None, Query(max_length=200, description="part of the seeker's name")] = None,
) -> Page[SeekerOut]:
    if user.role == Role.specialist:
        if specialist_id not in (None, user.id):
            raise Forbidden("A specialist may list only their own caseload.")
        specialist_id = user.id
    rows = seekers.list(session, specialist_id=specialist_id, active=active, q=q, offset=offset, limit=limit + 1)
    page = Page[JobSeeker].of(rows, offset, limit)
    for seeker in page.items:
        audit.record(session, user.id, "list", seeker.id, "seeker list")
    return Page[SeekerOut](
        items=grounding.seekers(session, page.items), offset=page.offset, limit=page.limit,
        next_offset=page.next_offset,
    )


@router.get("/{seeker_id}", response_model=SeekerOut, summary="Read a job seeker and their career profile")
def read_seeker(seeker: ReadableSeeker, session: SessionDep, user: CurrentUser, grounding: OccupationsDep) -> SeekerOut:
    audit.record(session, user.id, "read", seeker.id, "seeker")
    return grounding.seeker(session, seeker)


@router.patch("/{seeker_id}", response_model=SeekerOut, summary="Change a job seeker (partial; profile merged)")
def update_seeker(
    seeker: EditableSeeker, body: SeekerPatch, session: SessionDep, user: CurrentUser, grounding: OccupationsDep
) -> SeekerOut:
    sent = changes(body)
    current = seeker.model_dump(mode="json")
    # Only what would actually change counts: sending back a field as it is, is not changing it.
    if refused := access.forbidden_seeker_fields(user, [k for k, v in sent.items() if current.get(k) != v]):
        raise Forbidden(
            f"As {access.ROLE_NAMES[user.role]} you may not change {', '.join(refused)} of a seeker record"
            + ("; handing a seeker to another specialist needs an admin." if "specialist_id" in refused else ".")
        )
    updated = seekers.update(session, seeker.id, sent)
    audit.record(session, user.id, "update", seeker.id, f"changed {', '.join(sorted(sent))}")
    return grounding.seeker(session, updated)


@router.delete("/{seeker_id}", status_code=204, summary="Delete a job seeker")
def delete_seeker(seeker: RemovableSeeker, session: SessionDep, user: CurrentUser) -> Response:
    seekers.delete(session, seeker.id)
    audit.record(session, user.id, "delete", seeker.id, "seeker")
    return Response(status_code=204)
