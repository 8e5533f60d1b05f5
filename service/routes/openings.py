"""Openings employers are hiring for: `/api/v1/openings`.

Every signed-in user may read openings; job developers, specialists and admins add and change them; only
job developers and admins delete them (service/access.py). An `employer_id` that names no employer is
invalid input (422), not a missing page (404). Every opening answered carries `occupation`: what its title
stands for in the taxonomy, or what a person chose (service/occupations.py); a new title drops the choice.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from models import Opening, OpeningStatus
from models.fields import MAX_ID
from service.deps import (
    Limit,
    OccupationsDep,
    Offset,
    Once,
    OpeningCreator,
    OpeningEditor,
    OpeningReader,
    OpeningRemover,
    Ranking,
    RecordPath,
    SessionDep,
)
from service.errors import RESPONSES
from service.schemas import OpeningCreate, OpeningOut, OpeningPatch, Page, changes, to_domain
from service.stores import openings

router = APIRouter(prefix="/openings", tags=["openings"], responses=RESPONSES)


@router.post("", status_code=201, response_model=OpeningOut, summary="Add an opening")
def create_opening(
    body: OpeningCreate,
    session: SessionDep,
    user: OpeningCreator,
    once: Once,
    grounding: OccupationsDep,
    ranking: Ranking,
) -> Any:
    if (earlier := once.replay()) is not None:
        return earlier
    made = openings.create(session, to_domain(body, Opening))
    ranking.embed(session, [made])
    return once.remember(201, grounding.opening(session, made))


@router.get("", response_model=Page[OpeningOut], summary="List openings")
def list_openings(
    session: SessionDep,
    user: OpeningReader,
    grounding: OccupationsDep,
    offset: Offset = 0,
    limit: Limit = 50,
    employer_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="only this employer's openings")] = None,
    status: Annotated[OpeningStatus | None, Query(description="only openings with this status")] = None,
) -> Page[OpeningOut]:
    rows = openings.list(session, employer_id=employer_id, status=status, offset=offset, limit=limit + 1)
    return Page[OpeningOut].of(grounding.openings(session, rows), offset, limit)


@router.get("/{opening_id}", response_model=OpeningOut, summary="Read an opening")
def read_opening(
    opening_id: RecordPath, session: SessionDep, user: OpeningReader, grounding: OccupationsDep
) -> OpeningOut:
    return grounding.opening(session, openings.get(session, opening_id))


@router.patch("/{opening_id}", response_model=OpeningOut, summary="Change an opening (partial)")
def update_opening(
    opening_id: RecordPath,
    body: OpeningPatch,
    session: SessionDep,
    user: OpeningEditor,
    grounding: OccupationsDep,
    ranking: Ranking,
) -> OpeningOut:
    changed = openings.update(session, opening_id, changes(body))
    ranking.embed(session, [changed])
    return grounding.opening(session, changed)


@router.delete("/{opening_id}", status_code=204, summary="Delete an opening")
def delete_opening(opening_id: RecordPath, session: SessionDep, user: OpeningRemover) -> Response:
    openings.delete(session, opening_id)
    return Response(status_code=204)
