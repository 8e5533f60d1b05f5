"""Employers the program knows: `/api/v1/employers`.

Every signed-in user may read employers (seekers see them in their suggestions anyway); job developers,
specialists (who do their own job development in IPS) and admins add and change them; only job developers
and admins delete them (service/access.py).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from models import Employer
from service.deps import (
    EmployerCreator,
    EmployerEditor,
    EmployerReader,
    EmployerRemover,
    Limit,
    Offset,
    Once,
    RecordPath,
    SessionDep,
)
from service.errors import RESPONSES
from service.schemas import EmployerCreate, EmployerPatch, Page, changes, to_domain
from service.stores import employers

router = APIRouter(prefix="/employers", tags=["employers"], responses=RESPONSES)


@router.post("", status_code=201, response_model=Employer, summary="Add an employer")
def create_employer(body: EmployerCreate, session: SessionDep, user: EmployerCreator, once: Once) -> Any:
    if (earlier := once.replay()) is not None:
        return earlier
    return once.remember(201, employers.create(session, to_domain(body, Employer)))


@router.get("", response_model=Page[Employer], summary="List employers, optionally by a fuzzy name search")
def list_employers(
    session: SessionDep,
    user: EmployerReader,
    offset: Offset = 0,
    limit: Limit = 50,
    q: Annotated[
        str | None, Query(max_length=200, description="words of the employer's name; typos are forgiven")
    ] = None,
) -> Page[Employer]:
    return Page[Employer].of(employers.list(session, q=q, offset=offset, limit=limit + 1), offset, limit)


@router.get("/{employer_id}", response_model=Employer, summary="Read an employer")
def read_employer(employer_id: RecordPath, session: SessionDep, user: EmployerReader) -> Employer:
    return employers.get(session, employer_id)


@router.patch("/{employer_id}", response_model=Employer, summary="Change an employer (partial)")
def update_employer(
    employer_id: RecordPath, body: EmployerPatch, session: SessionDep, user: EmployerEditor
) -> Employer:
    return employers.update(session, employer_id, changes(body))


@router.delete("/{employer_id}", status_code=204, summary="Delete an employer and its openings")
def delete_employer(employer_id: RecordPath, session: SessionDep, user: EmployerRemover) -> Response:
    employers.delete(session, employer_id)
    return Response(status_code=204)
