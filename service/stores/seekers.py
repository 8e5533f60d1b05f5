"""Job seekers and their career profiles, kept as rows of `seekers` with the profile as one JSON document."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from models import InvalidInput, JobSeeker, NotFound, Role
from models.fields import MAX_ID
from service.db import begin_writing
from service.stores import _rows, catalogue_changes, occupations
from service.stores._rows import flush, insert_many, merged, page, refuse_nul, row_or_404
from service.tables import ContactRow, SeekerOccupationRow, SeekerRow, UserRow

_MISSING = "specialist_id: that specialist no longer exists; choose another specialist."


def create(s: Session, seeker: JobSeeker) -> JobSeeker:
    """The seeker as stored, with the id the database gave it (any id passed in is ignored)."""
    seeker = JobSeeker.model_validate({**seeker.model_dump(mode="json"), "id": None})  # model_copy skips checks
    begin_writing(s)
    _check_specialist(s, seeker.specialist_id)
    row = SeekerRow(**_columns(seeker))
    s.add(row)
    flush(s, missing=_MISSING)
    return _model(row)


def create_many(s: Session, items: Sequence[JobSeeker]) -> builtins.list[int]:
    """The ids the database gave the new seekers, in order (bulk create, for imports).

    InvalidInput, and nothing written by this call, when a specialist_id names no specialist.
    """
    begin_writing(s)
    for specialist_id in sorted({x.specialist_id for x in items if x.specialist_id is not None}):
        _check_specialist(s, specialist_id)
    return insert_many(s, SeekerRow, [_columns(x) for x in items], missing=_MISSING)


def stored_alike(s: Session, items: dict[int, JobSeeker]) -> tuple[set[int], set[int]]:
    """Of the ids given: those that exist, and those whose stored record equals the item given for it."""
    return _rows.stored_alike(s, SeekerRow, {i: _columns(item, check=False) for i, item in items.items()})


# The columns a JobSeeker is made of, and the occupations chosen for its job types: two plain queries
# instead of an ORM object and its selectin-loaded relationship (every request about a seeker reads one).
_ONE = select(
    SeekerRow.id, SeekerRow.name, SeekerRow.specialist_id, SeekerRow.entered_on, SeekerRow.active, SeekerRow.profile
).where(SeekerRow.id == bindparam("id"))
_CODES = select(SeekerOccupationRow.job_type, SeekerOccupationRow.code).where(
    SeekerOccupationRow.seeker_id == bindparam("id")
)


def get(s: Session, id: int) -> JobSeeker:
    """The seeker with that id; NotFound when there is none."""
    found = s.execute(_ONE, {"id": id}).first() if 1 <= id <= MAX_ID else None
    if found is None:
        raise NotFound(f"No seeker with id {id}.")
    return from_columns(found, dict(s.execute(_CODES, {"id": id}).all()))


def by_ids(s: Session, ids: Iterable[int]) -> builtins.list[JobSeeker]:
    """The seekers with these ids that exist, in id order (unknown ids are left out)."""
    wanted = sorted({i for i in ids if 1 <= i <= MAX_ID})
    if not wanted:
        return []
    return [_model(row) for row in s.scalars(select(SeekerRow).where(SeekerRow.id.in_(wanted)).order_by(SeekerRow.id))]


def list(
    s: Session,
    *,
    specialist_id: int | None = None,
    active: bool | None = None,
    q: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> builtins.list[JobSeeker]:
    """Seekers in id order, optionally only one specialist's, only (in)active ones, or whose name contains q."""
    offset, limit = page(offset, limit)
    query = select(SeekerRow).order_by(SeekerRow.id)
    if specialist_id is not None:
        query = query.where(SeekerRow.specialist_id == specialist_id)
    if active is not None:
        query = query.where(SeekerRow.active == active)
    if q and q.strip():
        query = query.where(SeekerRow.name.icontains(q.strip(), autoescape=True))
    return [_model(row) for row in s.scalars(query.offset(offset).limit(limit))]


def update(s: Session, id: int, changes: dict[str, Any]) -> JobSeeker:
    """The seeker after applying PATCH `changes`: top-level keys replace, a `profile` dict merges key by key.

    The merged record is validated whole (pydantic ValidationError if invalid); nothing is written unless
    every check passes.
    """
    begin_writing(s)
    row = row_or_404(s, SeekerRow, id, "seeker", for_update=True)
    current = _model(row)
    # Chosen occupations are kept apart (stores/occupations.py) and follow the job types afterwards, so a
    # change that drops a job type is not refused for the occupation chosen for it.
    unchosen = current.profile.model_copy(update={"job_type_occupations": {}})
    seeker = merged(JobSeeker, current.model_copy(update={"profile": unchosen}), changes, nested=("profile",))
    if seeker.specialist_id != current.specialist_id:
        _check_specialist(s, seeker.specialist_id)
    for column, value in _columns(seeker).items():
        setattr(row, column, value)
    occupations.keep_job_types(s, row, seeker.profile.job_types)  # corrections of job types no longer wanted go
    flush(s, missing=_MISSING)
    return _model(row)


def delete(s: Session, id: int) -> None:
    """Deletes the seeker with their feedback, judgments and sign-in; NotFound when there is none.

    The seeker's id is also taken out of the employer contacts that named them, so nothing points at a
    person who has left the program. The audit trail keeps its rows.
    """
    begin_writing(s)
    row = row_or_404(s, SeekerRow, id, "seeker", for_update=True)
    # A program's contact log is small (a few thousand rows at most), so a scan beats dialect-specific JSON SQL.
    named = [c for c in s.execute(select(ContactRow.id, ContactRow.seeker_ids)) if id in (c.seeker_ids or [])]
    for contact_id, seeker_ids in named:
        contact = s.get_one(ContactRow, contact_id)
        contact.seeker_ids = [i for i in seeker_ids if i != id]
    if named:
        catalogue_changes.record(s, contacts=[contact_id for contact_id, _ in named])
    s.delete(row)
    flush(s, missing="This seeker is still referred to elsewhere.")


def _check_specialist(s: Session, specialist_id: int | None) -> None:
    """InvalidInput unless the id names a user whose role is specialist."""
    if specialist_id is None:
        return
    role = s.scalar(select(UserRow.role).where(UserRow.id == specialist_id))
    if role is None:
        raise InvalidInput(f"specialist_id: no user with id {specialist_id}; add the specialist as a user first.")
    if role != Role.specialist:
        raise InvalidInput(
            f"specialist_id: user {specialist_id} is not an employment specialist (their role is {role}); "
            "a seeker's specialist must be a user with role specialist."
        )


def _columns(seeker: JobSeeker, *, check: bool = True) -> dict[str, Any]:
    """The row's column values for a validated seeker (checked for what the database refuses, unless only
    compared)."""
    # Occupation corrections live in seeker_occupations (who chose them, when), not in the profile document.
    profile = seeker.profile.model_dump(mode="json", exclude={"job_type_occupations"})
    if check:
        refuse_nul({"name": seeker.name, "profile": profile})
    return {
        "name": seeker.name,
        "specialist_id": seeker.specialist_id,
        "entered_on": seeker.entered_on,
        "active": seeker.active,
        "profile": profile,
    }


def _model(row: SeekerRow) -> JobSeeker:
    return from_columns(row, occupations.job_type_codes(row))


def from_columns(row: Any, codes: dict[str, str]) -> JobSeeker:
    """The JobSeeker of a row (or a result row with the same columns) and the occupations chosen for its job types
    (those of job types it no longer wants are left out)."""
    wanted = set((row.profile or {}).get("job_types") or [])
    codes = {job_type: code for job_type, code in codes.items() if job_type in wanted}
    return JobSeeker.model_validate(
        {
            "id": row.id,
            "name": row.name,
            "specialist_id": row.specialist_id,
            "entered_on": row.entered_on,
            "active": row.active,
            "profile": {**row.profile, "job_type_occupations": codes},
        }
    )
