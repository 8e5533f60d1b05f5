"""Employers the program knows: `/api/v1/employers`.

Every signed-in user may read employers (seekers see them in their suggestions anyway); job developers,
specialists (who do their own job development in IPS) and admins add and change them; only job developers
and admins delete and merge them (service/access.py).

Duplicates: adding an employer whose name and place are close to one on record ("Wal-Mart #2231" next to
"Walmart Supercenter") answers 409 with the likely duplicates and writes nothing, until the same request is
sent again with `?confirm=true` (matcher/duplicates.py decides what is close). A PATCH is not checked: it
changes a record already kept. Two records of one employer are folded together with
`POST /employers/{id}/merge`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from fastapi.responses import JSONResponse

from matcher.duplicates import Resemblance
from models import Employer
from service.deps import (
    EmployerCreator,
    EmployerEditor,
    EmployerMerger,
    EmployerReader,
    EmployerRemover,
    Limit,
    Offset,
    Once,
    RecordPath,
    SessionDep,
)
from service.errors import RESPONSES
from service.schemas import (
    EmployerCreate,
    EmployerMerge,
    EmployerPatch,
    LikelyDuplicate,
    LikelyDuplicates,
    Page,
    changes,
    to_domain,
)
from service.stores import employers

router = APIRouter(prefix="/employers", tags=["employers"], responses=RESPONSES)


DUPLICATE_ANSWER = {
    409: {"model": LikelyDuplicates, "description": "likely on record already; nothing was written"}
}


@router.post(
    "", status_code=201, response_model=Employer, summary="Add an employer", responses=DUPLICATE_ANSWER
)
def create_employer(
    body: EmployerCreate,
    session: SessionDep,
    user: EmployerCreator,
    once: Once,
    confirm: Annotated[
        bool,
        Query(description="true: add the employer even though it looks like one on record (after a 409)"),
    ] = False,
) -> Any:
    """The new employer (201); 409 with the likely duplicates when it looks like one on record.

    An employer whose name is close to one on record, at the same place or with no location on one side,
    is likely the same employer entered twice: the answer is 409 with `detail` (a sentence) and
    `duplicates` (`id`, `name`, `score` 0 to 1, `distance_km`), and nothing is written. When it is a
    different employer after all (another branch, a namesake), send the same request again with the query
    parameter `?confirm=true`.
    """
    if (earlier := once.replay()) is not None:
        return earlier
    employer = to_domain(body, Employer)
    if not confirm and (found := employers.likely_duplicates(session, employer)):
        return JSONResponse(status_code=409, content=_likely_duplicates(employer, found).model_dump(mode="json"))
    return once.remember(201, employers.create(session, employer))


def _likely_duplicates(employer: Employer, found: list[tuple[Employer, Resemblance]]) -> LikelyDuplicates:
    """The 409 answer: a sentence naming the closest records, and each of them with its figures."""
    shown = [
        LikelyDuplicate(
            id=other.id or 0,
            name=other.name,
            score=round(r.score / 100, 2),
            distance_km=None if r.distance_km is None else round(r.distance_km, 2),
        )
        for other, r in found
    ]
    names = ", ".join(
        f"'{d.name}' (employer {d.id}" + ("" if d.distance_km is None else f", {d.distance_km:.1f} km away") + ")"
        for d in shown[:3]
    )
    more = f" and {len(shown) - 3} more" if len(shown) > 3 else ""
    detail = (
        f"'{employer.name}' looks like an employer already on record: {names}{more}. Nothing was added. Use "
        "the existing record if it is the same employer; if it is a different one, send the same request "
        "again with ?confirm=true."
    )
    return LikelyDuplicates(detail=detail, duplicates=shown)


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


@router.post("/{employer_id}/merge", response_model=Employer, summary="Merge a duplicate employer into another")
def merge_employer(
    employer_id: RecordPath, body: EmployerMerge, session: SessionDep, user: EmployerMerger, once: Once
) -> Any:
    """The employer `into` after the employer in the path is folded into it; the one in the path is deleted.

    Its openings, contacts and specialist judgments move to `into`; `into` keeps its own name, industry and
    location (taking the other's where it has none) and gains the other's hiring needs. Body:
    `{"into": <id of the employer to keep>}`. Job developers and admins only.
    """
    if (earlier := once.replay()) is not None:
        return earlier
    return once.remember(200, employers.merge(session, employer_id, body.into).employer)
