"""Openings at employers. Every change is filed in the catalogue change log in the same transaction."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import InvalidInput, Opening, OpeningStatus
from service.db import begin_writing
from service.stores import _rows, catalogue_changes, occupations
from service.stores._rows import (
    existing_ids,
    flush,
    insert_many,
    location,
    merged,
    page,
    refuse_nul,
    require,
    row_or_404,
    rows_by_ids,
    with_lat_lon,
)
from service.tables import EmployerRow, OpeningRow


def create(s: Session, opening: Opening) -> Opening:
    """The opening as stored, with the id the database gave it; InvalidInput for an unknown employer_id."""
    opening = Opening.model_validate({**opening.model_dump(mode="json"), "id": None})
    begin_writing(s)
    _require_employer(s, opening.employer_id)
    row = OpeningRow(**_columns(opening))
    s.add(row)
    flush(s, missing=_missing(opening.employer_id))
    catalogue_changes.record(s, openings=[row.id])
    return _model(row)


def create_many(s: Session, items: Sequence[Opening]) -> builtins.list[int]:
    """The ids the database gave the new openings, in order (bulk create, for imports): one catalogue version.

    InvalidInput, and nothing written by this call, when an employer_id names no employer.
    """
    begin_writing(s)
    values = [_columns(o) for o in items]
    wanted = {v["employer_id"] for v in values}
    unknown = wanted - existing_ids(s, EmployerRow, wanted)
    if unknown:
        raise InvalidInput(_missing(min(unknown)))
    ids = insert_many(s, OpeningRow, values, missing=_missing(min(wanted, default=0)))
    catalogue_changes.record(s, openings=ids)
    return ids


def by_ids(s: Session, ids: Iterable[int]) -> builtins.list[Opening]:
    """The openings with these ids that exist, in id order (unknown ids are left out)."""
    return [_model(row) for row in rows_by_ids(s, OpeningRow, ids)]


def stored_alike(s: Session, items: dict[int, Opening]) -> tuple[set[int], set[int]]:
    """Of the ids given: those that exist, and those whose stored record equals the item given for it."""
    return _rows.stored_alike(s, OpeningRow, {i: _columns(item, check=False) for i, item in items.items()})


def get(s: Session, id: int) -> Opening:
    """The opening with that id; NotFound when there is none."""
    return _model(row_or_404(s, OpeningRow, id, "opening"))


def list(
    s: Session,
    *,
    employer_id: int | None = None,
    status: OpeningStatus | str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> builtins.list[Opening]:
    """Openings in id order, optionally only one employer's or only those with one status."""
    offset, limit = page(offset, limit)
    query = select(OpeningRow).order_by(OpeningRow.id)
    if employer_id is not None:
        query = query.where(OpeningRow.employer_id == employer_id)
    if status is not None:
        query = query.where(OpeningRow.status == _status(status))
    return [_model(row) for row in s.scalars(query.offset(offset).limit(limit))]


# each_open() reads this many openings a statement: the opening index is built as many at a time
# (matcher/index.py's BUILD_PART), so a build holds one page of Opening objects, not a state's 100,000.
OPEN_PAGE = 10_000


def all_open(s: Session) -> builtins.list[Opening]:
    """Every opening whose status is open, in id order (the ranking filters set-aside ones itself)."""
    return builtins.list(each_open(s))


def each_open(s: Session) -> Iterator[Opening]:
    """Every opening whose status is open, in id order, read OPEN_PAGE at a time (each page after the last id
    read, so no statement stays open while the caller works on what it was given)."""
    after = 0
    while True:
        query = (select(OpeningRow).where(OpeningRow.status == OpeningStatus.open.value, OpeningRow.id > after)
                 .order_by(OpeningRow.id).limit(OPEN_PAGE))
        # Rows stream in batches, each let go once it is a model: holding every ORM row of a page at once would
        # add to the process's peak, which the allocator keeps.
        page = [_model(row) for row in s.scalars(query.execution_options(yield_per=2_000))]
        if not page:
            return
        after = page[-1].id or 0
        yield from page
        del page  # before the next page is read


def count_open(s: Session) -> int:
    """How many openings are open."""
    return s.scalar(select(func.count()).select_from(OpeningRow).where(
        OpeningRow.status == OpeningStatus.open.value)) or 0


def update(s: Session, id: int, changes: dict[str, Any]) -> Opening:
    """The opening after applying PATCH `changes` (top-level keys replace), validated whole before writing."""
    begin_writing(s)
    row = row_or_404(s, OpeningRow, id, "opening", for_update=True)
    opening = merged(Opening, _model(row), changes)
    if opening.employer_id != row.employer_id:
        _require_employer(s, opening.employer_id)
    if opening.title != row.title:
        occupations.forget_opening(row)  # a correction was made for the old title
    for column, value in _columns(opening).items():
        setattr(row, column, value)
    flush(s, missing=_missing(opening.employer_id))
    catalogue_changes.record(s, openings=[row.id])
    return _model(row)


def delete(s: Session, id: int) -> None:
    """Deletes the opening with the feedback and judgments about it; NotFound when there is none."""
    begin_writing(s)
    row = row_or_404(s, OpeningRow, id, "opening", for_update=True)
    s.delete(row)
    flush(s, missing="This opening is still referred to elsewhere.")
    catalogue_changes.record(s, openings=[id])


def _status(status: OpeningStatus | str) -> str:
    try:
        return OpeningStatus(status).value
    except ValueError:
        allowed = ", ".join(s.value for s in OpeningStatus)
        raise InvalidInput(f"status: {status!r} is not a status an opening can have; use one of {allowed}.") from None


def _require_employer(s: Session, employer_id: int) -> None:
    require(s, EmployerRow, employer_id, "employer_id", "employer", "create the employer first")


def _missing(employer_id: int) -> str:
    return f"employer_id: no employer with id {employer_id}; create the employer first."


def _columns(opening: Opening, *, check: bool = True) -> dict[str, Any]:
    # The occupation is set only through stores/occupations.py, which records who chose it and when.
    values = with_lat_lon(opening.model_dump(mode="json", exclude={"id", "occupation_code"}))
    if check:  # what is written is checked; a comparison needs no check
        refuse_nul(values)
    return values


def _model(row: OpeningRow) -> Opening:
    return Opening.model_validate(
        {
            "id": row.id,
            "employer_id": row.employer_id,
            "title": row.title,
            "description": row.description,
            "hours_min": row.hours_min,
            "hours_max": row.hours_max,
            "shifts": row.shifts,
            "wage": row.wage,
            "location": location(row.lat, row.lon),
            "status": row.status,
            "set_aside": row.set_aside,
            "occupation_code": row.occupation_code,
        }
    )
