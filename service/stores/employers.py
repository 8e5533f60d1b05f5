"""Employers the job developers know. Every change is filed in the catalogue change log in the same transaction.

Likely duplicates (one employer entered twice under two spellings) are found by matcher/duplicates.py;
`merge` folds one record into the other.
"""

from __future__ import annotations

import builtins
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

import sqlalchemy as sa
from rapidfuzz import fuzz, utils
from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher import duplicates
from matcher.duplicates import Resemblance
from models import Employer, InvalidInput, NotFound
from service.db import begin_writing
from service.stores import _rows, catalogue_changes
from service.stores._rows import (
    flush,
    insert_many,
    location,
    merged,
    page,
    refuse_nul,
    row_or_404,
    rows_by_ids,
    with_lat_lon,
)
from service.tables import Base, ContactRow, EmployerRow, ImportKeyRow, OpeningRow

# partial_ratio (0-100) at or above which a name counts as a fuzzy match for q; 80 lets one typo through
# ("nortside" finds "Northside Animal Shelter") without matching unrelated names.
FUZZY_CUTOFF = 80
# Below this many characters a query only matches as a plain substring: two letters fuzzily match everything.
FUZZY_MIN_LENGTH = 4
# The most hiring needs one employer may list (models.fields.Phrases).
MAX_NEEDS = 50


def create(s: Session, employer: Employer) -> Employer:
    """The employer as stored, with the id the database gave it (any id passed in is ignored)."""
    employer = Employer.model_validate({**employer.model_dump(mode="json"), "id": None})
    begin_writing(s)
    row = EmployerRow(**_columns(employer))
    s.add(row)
    flush(s, missing="A referenced record does not exist.")
    catalogue_changes.record(s, employers=[row.id])
    return _model(row)


def create_many(s: Session, items: Sequence[Employer]) -> builtins.list[int]:
    """The ids the database gave the new employers, in order (bulk create, for imports): one catalogue version."""
    begin_writing(s)
    ids = insert_many(s, EmployerRow, [_columns(e) for e in items], missing="A referenced record does not exist.")
    catalogue_changes.record(s, employers=ids)
    return ids


def by_ids(s: Session, ids: Iterable[int]) -> builtins.list[Employer]:
    """The employers with these ids that exist, in id order (unknown ids are left out)."""
    return [_model(row) for row in rows_by_ids(s, EmployerRow, ids)]


def stored_alike(s: Session, items: dict[int, Employer]) -> tuple[set[int], set[int]]:
    """Of the ids given: those that exist, and those whose stored record equals the item given for it."""
    return _rows.stored_alike(s, EmployerRow, {i: _columns(item, check=False) for i, item in items.items()})


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
    catalogue_changes.record(s, employers=[id])
    return _model(row)


def delete(s: Session, id: int) -> None:
    """Deletes the employer with its openings, contacts and the judgments about it; NotFound if unknown."""
    begin_writing(s)
    row = row_or_404(s, EmployerRow, id, "employer", for_update=True)
    # The database deletes its openings and contacts with it: each is filed too, so every process drops them.
    openings, contacts = _owned(s, id)
    s.delete(row)
    flush(s, missing="This employer is still referred to elsewhere.")
    catalogue_changes.record(s, employers=[id], openings=openings, contacts=contacts)


def likely_duplicates(s: Session, employer: Employer) -> builtins.list[tuple[Employer, Resemblance]]:
    """The stored employers that are likely `employer` entered again, most alike first (see matcher/duplicates)."""
    return duplicates.likely_duplicates(employer, all(s))


def duplicate_pairs(s: Session) -> builtins.list[tuple[Employer, Employer, Resemblance]]:
    """Every pair of stored employers that are likely one employer entered twice, most alike first."""
    return duplicates.duplicate_pairs(all(s))


class Merged(NamedTuple):
    """The employer kept by a merge, and how many records of each table moved to it."""

    employer: Employer
    moved: dict[str, int]


def merge(s: Session, id: int, into: int) -> Merged:
    """The employer `into` after folding employer `id` into it; `id` is deleted. NotFound when `id` is unknown.

    Everything that refers to `id` (openings, contacts, judgments, and any later table with a key to
    employers) moves to `into`; `into` keeps its name, industry and location, takes the other's where it has
    none, and gains the other's hiring needs it does not list yet. An import that made `id` now points at
    `into`, so importing the same file again does not bring the duplicate back. One transaction.
    """
    begin_writing(s)
    gone = row_or_404(s, EmployerRow, id, "employer", for_update=True)
    if into == id:
        raise InvalidInput(f"into: employer {id} cannot be merged into itself; name the other employer's id.")
    try:
        kept = row_or_404(s, EmployerRow, into, "employer", for_update=True)
    except NotFound:
        raise InvalidInput(f"into: no employer with id {into}; name the employer to keep.") from None
    needs = builtins.list(kept.hiring_needs)
    known = {need.casefold() for need in needs}
    needs += [need for need in gone.hiring_needs if need.casefold() not in known]
    if len(needs) > MAX_NEEDS:
        raise InvalidInput(
            f"hiring_needs: together the two employers list {len(needs)} hiring needs, more than {MAX_NEEDS}; "
            "remove some from one of them first, then merge."
        )
    kept.hiring_needs = needs
    kept.industry = kept.industry or gone.industry
    if kept.lat is None or kept.lon is None:
        kept.lat, kept.lon = gone.lat, gone.lon
    openings, contacts = _owned(s, id)
    moved = {}
    # Every table with a key to employers, so a table added later (follow-ups, needs) moves along too.
    for table in Base.metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column.table is EmployerRow.__table__:
                done = s.execute(sa.update(table).where(key.parent == id).values({key.parent.name: into}))
                moved[table.name] = moved.get(table.name, 0) + done.rowcount
    s.execute(sa.update(ImportKeyRow).where(ImportKeyRow.kind == "employers", ImportKeyRow.record_id == id)
              .values(record_id=into))
    s.delete(gone)
    flush(s, missing="A record moved in the merge refers to something that no longer exists.",
          duplicate="Merging would make two records that may exist only once; nothing was changed.")
    catalogue_changes.record(s, employers=[id, into], openings=openings, contacts=contacts)
    s.refresh(kept)
    return Merged(_model(kept), moved)


def _owned(s: Session, id: int) -> tuple[builtins.list[int], builtins.list[int]]:
    """The ids of the employer's openings and of its contacts."""
    openings = builtins.list(s.scalars(select(OpeningRow.id).where(OpeningRow.employer_id == id)))
    return openings, builtins.list(s.scalars(select(ContactRow.id).where(ContactRow.employer_id == id)))


def _plain(text: str) -> str:
    """Lower case, accents and punctuation dropped, so "Café" and "cafe" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    return utils.default_process("".join(c for c in decomposed if not unicodedata.combining(c)))


def _columns(employer: Employer, *, check: bool = True) -> dict[str, Any]:
    values = with_lat_lon(employer.model_dump(mode="json", exclude={"id"}))
    if check:  # what is written is checked; a comparison needs no check
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
