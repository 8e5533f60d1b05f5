"""What every store does the same way: find a row or say so, refuse input the database would choke on,
turn database refusals into the models' errors, and merge PATCH changes into a record."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import insert, select
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from models import Conflict, InvalidInput, Location, NotFound
from models.fields import MAX_ID
from service.tables import Base

R = TypeVar("R", bound=Base)
M = TypeVar("M", bound=BaseModel)


def row_or_404(s: Session, table: type[R], record_id: int, what: str, *, for_update: bool = False) -> R:
    """The row with that id; NotFound("No {what} with id N.") when there is none.

    for_update re-reads the row even if the session holds it already (a write must not start from a stale
    copy) and locks it on PostgreSQL until the transaction ends.
    """
    row = None
    if 1 <= record_id <= MAX_ID:
        row = s.get(table, record_id, populate_existing=for_update, with_for_update=for_update or None)
    if row is None:
        raise NotFound(f"No {what} with id {record_id}.")
    return row


def exists(s: Session, table: type[Base], record_id: int) -> bool:
    """Whether a row with that id exists."""
    if not 1 <= record_id <= MAX_ID:
        return False
    return s.scalar(select(table.id).where(table.id == record_id)) is not None  # type: ignore[attr-defined]


def require(s: Session, table: type[Base], record_id: int | None, field: str, what: str, create_hint: str) -> None:
    """Checks a reference before writing: InvalidInput naming the field when the record does not exist."""
    if record_id is not None and not exists(s, table, record_id):
        raise InvalidInput(f"{field}: no {what} with id {record_id}; {create_hint}.")


def flush(s: Session, *, missing: str, duplicate: str = "This record already exists.") -> None:
    """Writes pending changes; a refused reference becomes InvalidInput(missing), a duplicate Conflict.

    The checks before a write cover the usual cases; this catches what another process changed meanwhile
    (a referenced record deleted between the check and the write), so no database error reaches the caller.
    """
    try:
        s.flush()
    except IntegrityError as error:
        if _is_foreign_key(error):
            raise InvalidInput(missing) from None
        if _is_unique(error):
            raise Conflict(duplicate) from None
        raise InvalidInput(f"A value is missing or not allowed here ({_first_line(error)}).") from None
    except DataError as error:
        raise InvalidInput(f"A value does not fit the database ({_first_line(error)}).") from None


def insert_many(s: Session, table: type[Base], rows: list[dict[str, Any]], *, missing: str,
                batch: int = 1_000) -> list[int]:
    """The ids the database gave the new rows, in the rows' order: one multi-row INSERT per `batch` rows.

    Refusals become the models' errors as in flush(): a broken reference InvalidInput(missing).
    """
    ids: list[int] = []
    try:
        for start in range(0, len(rows), batch):
            statement = insert(table.__table__).returning(  # Core, not the ORM bulk path: several times faster
                table.__table__.c.id, sort_by_parameter_order=True
            )
            ids += [row[0] for row in s.execute(statement, rows[start : start + batch])]
    except IntegrityError as error:
        if _is_foreign_key(error):
            raise InvalidInput(missing) from None
        raise InvalidInput(f"A value is missing or not allowed here ({_first_line(error)}).") from None
    except DataError as error:
        raise InvalidInput(f"A value does not fit the database ({_first_line(error)}).") from None
    return ids


def existing_ids(s: Session, table: type[Base], ids: Iterable[int], *, chunk: int = 500) -> set[int]:
    """Those of the ids that name a row of the table."""
    wanted = sorted({i for i in ids if 1 <= i <= MAX_ID})
    found: set[int] = set()
    column = table.id  # type: ignore[attr-defined]
    for start in range(0, len(wanted), chunk):
        found.update(s.scalars(select(column).where(column.in_(wanted[start : start + chunk]))))
    return found


def rows_by_ids(s: Session, table: type[R], ids: Iterable[int], *, chunk: int = 500) -> list[R]:
    """The rows with these ids that exist, in id order (unknown ids are left out), read `chunk` ids at a time."""
    wanted = sorted({i for i in ids if 1 <= i <= MAX_ID})
    column = table.id  # type: ignore[attr-defined]
    rows: list[R] = []
    for start in range(0, len(wanted), chunk):
        rows += s.scalars(select(table).where(column.in_(wanted[start : start + chunk])).order_by(column))
    return rows


def stored_alike(s: Session, table: type[Base], values: Mapping[int, dict[str, Any]], *,
                 chunk: int = 500) -> tuple[set[int], set[int]]:
    """Of the ids given: those that name a row, and those whose row holds exactly these column values.

    Compares columns as read, with no model built per row, so checking a hundred thousand records that an
    import has seen before takes seconds.
    """
    ids = sorted(i for i in values if 1 <= i <= MAX_ID)
    if not ids:
        return set(), set()
    names = list(next(iter(values.values())))
    table_ = table.__table__  # type: ignore[attr-defined]
    columns = [table_.c[name] for name in names]
    existing: set[int] = set()
    same: set[int] = set()
    for start in range(0, len(ids), chunk):
        query = select(table_.c.id, *columns).where(table_.c.id.in_(ids[start : start + chunk]))
        for record_id, *stored in s.execute(query):
            existing.add(record_id)
            wanted = values[record_id]
            if all(stored[k] == wanted[name] for k, name in enumerate(names)):
                same.add(record_id)
    return existing, same


def _is_foreign_key(error: IntegrityError) -> bool:
    code = getattr(error.orig, "sqlstate", None)
    return code == "23503" if code else "foreign key" in str(error.orig).lower()


def _is_unique(error: IntegrityError) -> bool:
    code = getattr(error.orig, "sqlstate", None)
    return code in ("23505", "23P01") if code else "unique" in str(error.orig).lower()


def _first_line(error: Exception) -> str:
    orig = getattr(error, "orig", error)
    return str(orig).strip().splitlines()[0][:200] if str(orig).strip() else type(orig).__name__


def refuse_nul(data: Any, where: str = "") -> None:
    """InvalidInput when a text holds the NUL character, which PostgreSQL cannot store (SQLite would, silently)."""
    if isinstance(data, str):
        if "\x00" in data:
            place = f"{where}: " if where else ""
            raise InvalidInput(f"{place}text may not contain the NUL character (\\u0000); remove it and send again.")
    elif isinstance(data, Mapping):
        for key, value in data.items():
            refuse_nul(value, f"{where}.{key}" if where else str(key))
    elif isinstance(data, Iterable) and not isinstance(data, bytes):
        for index, value in enumerate(data):
            refuse_nul(value, f"{where}.{index}" if where else str(index))


def location(lat: float | None, lon: float | None) -> Location | None:
    """The point stored as two columns; None unless both are known."""
    return None if lat is None or lon is None else Location(lat=lat, lon=lon)


def with_lat_lon(values: dict[str, Any]) -> dict[str, Any]:
    """A dumped record with its `location` ({"lat","lon"} or None) split into the lat and lon columns."""
    point = values.pop("location", None)
    values["lat"], values["lon"] = (point["lat"], point["lon"]) if point else (None, None)
    return values


def merged(model: type[M], current: M, changes: Mapping[str, Any], *, nested: Iterable[str] = ()) -> M:
    """The record with PATCH `changes` applied, validated whole by `model`.

    Top-level keys replace; a key listed in `nested` whose value is a dict is merged key by key into the
    current value. Invalid changes raise pydantic's ValidationError, and the id cannot change.
    """
    if not isinstance(changes, Mapping):
        raise InvalidInput("Send the changes as a JSON object of field names and new values.")
    if "id" in changes and changes["id"] not in (None, current.id):  # type: ignore[attr-defined]
        raise InvalidInput("id: a record's id is assigned by ipsmatch and cannot be changed.")
    values = current.model_dump(mode="json")
    for key, value in changes.items():
        if key == "id":
            continue
        if key in nested and isinstance(value, Mapping) and isinstance(values.get(key), dict):
            values[key] = {**values[key], **value}
        else:
            values[key] = value
    return model.model_validate(values)


def page(offset: int, limit: int) -> tuple[int, int]:
    """Offset and limit checked: InvalidInput for negative numbers (the API limits them further)."""
    if offset < 0 or limit < 0:
        raise InvalidInput("offset and limit must be 0 or more.")
    return offset, limit
