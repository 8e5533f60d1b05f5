"""Employers the job developers know. Every change moves the 'catalogue' counter in the same transaction."""

from __future__ import annotations

import builtins
import unicodedata
from typing import Any

from rapidfuzz import fuzz, utils
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Employer
from service.db import begin_writing
from service.stores import counters
from service.stores._rows import flush, location, merged, page, refuse_nul, row_or_404, with_lat_lon
from service.tables import EmployerRow

# partial_ratio (0-100) at or above which a name counts as a fuzzy match for q; 80 lets one typo through
# ("nortside" finds "Northside Animal Shelter") without matching unrelated names.
FUZZY_CUTOFF = 80
# Below this many characters a query only matches as a plain substring: two letters fuzzily match everything.
FUZZY_MIN_LENGTH = 4


def create(s: Session, employer: Employer) -> Employer:
    """The employer as stored, with the id the database gave it (any id passed in is ignored)."""
    employer = Employer.model_validate({**employer.model_dump(mode="json"), "id": None})
    begin_writing(s)
    row = EmployerRow(**_columns(employer))
    s.add(row)
    flush(s, missing="A referenced record does not exist.")
    counters.bump(s)
    return _model(row)


def get(s: Session, id: int) -> Employer:
    """The employer with that id; NotFound when there is none."""
    return _model(row_or_404(s, EmployerRow, id, "employer"))


def list(s: Session, *, q: str | None = None, offset: int = 0, limit: int = 50) -> builtins.list[Employer]:
    """Employers in id order; with q, those whose name matches it, best match first.

    The match forgives case, accents, punctuation and small typos: a name containing q comes first, then names
    within FUZZY_CUTOFF of it, ties in id order.
    """
    offset, limit = page(offset, limit)
    query = select(EmployerRow).order_by(EmployerRow.id)
    wanted = _plain(q or "")
    if not wanted:
        return [_model(row) for row in s.scalars(query.offset(offset).limit(limit))]
    # Employers number in the hundreds per program, so scoring every name here is cheaper than it sounds.
    scored = []
    for row_id, name in s.execute(select(EmployerRow.id, EmployerRow.name)):
        plain = _plain(name)
        if wanted in plain:
            score = 101.0
        elif len(wanted) >= FUZZY_MIN_LENGTH:
            score = fuzz.partial_ratio(wanted, plain)
        else:
            continue
        if score >= FUZZY_CUTOFF:
            scored.append((-score, row_id))
    ids = [row_id for _, row_id in sorted(scored)[offset : offset + limit]]
    rows = {row.id: row for row in s.scalars(select(EmployerRow).where(EmployerRow.id.in_(ids)))}
    return [_model(rows[i]) for i in ids if i in rows]


def all(s: Session) -> builtins.list[Employer]:
    """Every employer, in id order (for building the ranking index)."""
    return [_model(row) for row in s.scalars(select(EmployerRow).order_by(EmployerRow.id))]


def update(s: Session, id: int, changes: dict[str, Any]) -> Employer:
    """The employer after applying PATCH `changes` (top-level keys replace), validated whole before writing."""
    begin_writing(s)
    row = row_or_404(s, EmployerRow, id, "employer", for_update=True)
    employer = merged(Employer, _model(row), changes)
    for column, value in _columns(employer).items():
        setattr(row, column, value)
    flush(s, missing="A referenced record does not exist.")
    counters.bump(s)
    return _model(row)


def delete(s: Session, id: int) -> None:
    """Deletes the employer with its openings, contacts and the judgments about it; NotFound if unknown."""
    begin_writing(s)
    row = row_or_404(s, EmployerRow, id, "employer", for_update=True)
    s.delete(row)
    flush(s, missing="This employer is still referred to elsewhere.")
    counters.bump(s)


def _plain(text: str) -> str:
    """Lower case, accents and punctuation dropped, so "Café" and "cafe" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    return utils.default_process("".join(c for c in decomposed if not unicodedata.combining(c)))


def _columns(employer: Employer) -> dict[str, Any]:
    values = with_lat_lon(employer.model_dump(mode="json", exclude={"id"}))
    refuse_nul(values)
    return values


def _model(row: EmployerRow) -> Employer:
    return Employer.model_validate(
        {
            "id": row.id,
            "name": row.name,
            "industry": row.industry,
            "location": location(row.lat, row.lon),
            "hiring_needs": row.hiring_needs,
        }
    )
