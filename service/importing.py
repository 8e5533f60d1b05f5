"""Importing seekers, employers or openings from CSV or JSON files, as often as needed without duplicates.

Every row is validated before anything is written, and each row is written in its own savepoint, so a bad
row never half-imports. By default one bad row stops the whole import (nothing is written, and every bad row
is reported), so a specialist can fix the file and run the same command again; `skip_bad=True` imports the
good rows and reports the rest.

Re-running an import never duplicates: every row has a key, kept in the `import_keys` table with the id of
the record the row became.

- A row with a `ref` (a column in CSV, a field in JSON: the record's id in the program's other system) is
  keyed by it. The ref is only the key; it is not stored on the record. When a row with a known ref differs
  from its record, the record is updated to match the file (the file is the source of truth for the
  records it names); when it is the same, the row is skipped as already imported.
- A row without a ref is keyed by a sha256 of its content (the validated record in API shape, so
  "16.50" in a CSV and 16.5 in JSON are the same). Such a row imported before is skipped; a changed row is
  a new key and so a new record, and two identical rows in one file are one record. Give rows a ref when
  their content can change or repeat.
- A record deleted since its row was imported is imported again, as a new record.

Problems are reported where the specialist will look for them: "line 6" for CSV (the file's physical line
where the record starts; the header is line 1) and "item 5" for JSON (counting from 1).

CSV: one row per record, a header naming the fields. List fields (interests, job_types, avoid, shifts,
hiring_needs, benefits, ...) hold items separated by ';'. Seeker profile fields may be written bare
(`interests`) or dotted (`profile.interests`); locations are `home_lat`/`home_lon` for seekers and
`lat`/`lon` for employers and openings. An empty cell is an unknown value. JSON: a list of objects shaped
as in the API, or {"items": [...]}.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import CareerProfile, Employer, InvalidInput, IpsmatchError, JobSeeker, NotFound, Opening, explain
from service.db import Database, begin_writing
from service.stores import employers, openings, seekers
from service.stores._rows import flush
from service.tables import ImportKeyRow

KINDS: dict[str, type[BaseModel]] = {"seekers": JobSeeker, "employers": Employer, "openings": Opening}
_STORES = {"seekers": seekers, "employers": employers, "openings": openings}
_PROFILE_FIELDS = set(CareerProfile.model_fields)
_LIST_FIELDS = {
    name for model in (JobSeeker, CareerProfile, Employer, Opening)
    for name, info in model.model_fields.items() if "list[" in str(info.annotation)
}
MAX_ROWS = 100_000
MAX_REF_LENGTH = 200
_BATCH = 1_000  # new records written per bulk statement


class ImportFileError(InvalidInput):
    """The file cannot be read as CSV or JSON records."""


@dataclass(frozen=True)
class ImportRow:
    """One record of a file: where it is ("line 6", "item 5"), its fields in API shape and its `ref`, if any."""

    where: str
    record: dict[str, Any]
    ref: str | None = None
    problem: str | None = None  # why the row cannot be imported at all (a bad ref, too many cells)


@dataclass
class ImportReport:
    """What an import did: rows written, updated or already there, and which rows were refused, with why."""

    kind: str
    rows: int = 0
    imported: int = 0
    updated: int = 0
    already: dict[str, int] = field(default_factory=dict)  # where -> id of the record imported before
    errors: dict[str, list[str]] = field(default_factory=dict)  # where -> messages, in file order
    written: bool = False
    records: list[BaseModel] = field(default_factory=list, repr=False)  # the good rows' records, in file order

    @property
    def good(self) -> int:
        """How many rows are now in the database: new, updated, or imported before."""
        return self.imported + self.updated + len(self.already)


def _csv_record(kind: str, row: dict[str, str]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    profile: dict[str, Any] = {}
    for raw_key, raw_value in row.items():
        key, value = raw_key.strip(), (raw_value or "").strip()
        if not key or value == "":
            continue
        bare = key.removeprefix("profile.")
        parsed: Any = [item.strip() for item in value.split(";") if item.strip()] if bare in _LIST_FIELDS else value
        if kind == "seekers" and bare in {"home_lat", "home_lon"}:
            profile.setdefault("home", {})[bare.removeprefix("home_")] = value
        elif kind != "seekers" and key in {"lat", "lon"}:
            record.setdefault("location", {})[key] = value
        elif kind == "seekers" and (key.startswith("profile.") or bare in _PROFILE_FIELDS):
            profile[bare] = parsed
        else:
            record[key] = parsed
    if profile:
        record["profile"] = profile
    return record


def _row(where: str, record: dict[str, Any], problem: str | None = None) -> ImportRow:
    """The row with its `ref` taken out of the record (a ref is a key, never a field of the record)."""
    record = dict(record)
    ref = record.pop("ref", None)
    if isinstance(ref, str):
        ref = ref.strip() or None
    elif isinstance(ref, int) and not isinstance(ref, bool):
        ref = str(ref)
    elif ref is not None:
        problem = problem or "ref: the record's id in your other system must be text or a whole number."
        ref = None
    if ref is not None and (len(ref) > MAX_REF_LENGTH or "\x00" in ref):
        problem = problem or f"ref: at most {MAX_REF_LENGTH} characters, please."
        ref = None
    return ImportRow(where=where, record=record, ref=ref, problem=problem)


def _csv_rows(kind: str, path: Path, text: str) -> list[ImportRow]:
    # newline="" keeps line ends as they are, so the reader's line count is the file's physical line number.
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    rows: list[ImportRow] = []
    while True:
        first_line = reader.line_num + 1  # a record whose quoted cell spans lines starts here
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise ImportFileError(f"{path} is not valid CSV at line {reader.line_num}: {error}.") from error
        if not cells:
            continue  # a blank line
        if header is None:
            header = cells
            continue
        problem = None
        if len(cells) > len(header):
            problem = f"this line has {len(cells)} cells but the header names {len(header)}; check for a stray comma."
        record = _csv_record(kind, dict(zip(header, cells, strict=False)))
        rows.append(_row(f"line {first_line}", record, problem))
    return rows


def read_records(kind: str, path: Path) -> list[ImportRow]:
    """The records in a CSV or JSON file, each with where it is in the file; ImportFileError when unreadable."""
    if kind not in KINDS:
        raise ImportFileError(f"ipsmatch imports {', '.join(KINDS)}; '{kind}' is none of them")
    if not path.is_file():
        raise ImportFileError(f"There is no file at {path}.")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ImportFileError(f"{path} could not be read as UTF-8 text ({error}).") from error
    if path.suffix.lower() == ".json" or text.lstrip().startswith(("[", "{")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ImportFileError(f"{path} is not valid JSON: {error.msg} at line {error.lineno}.") from error
        if isinstance(data, dict) and isinstance(data.get("items"), list):
            data = data["items"]
        if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
            raise ImportFileError(f"{path} must hold a list of objects, or {{\"items\": [...]}}.")
        rows = [_row(f"item {number}", item) for number, item in enumerate(data, start=1)]
    else:
        rows = _csv_rows(kind, path, text)
    if len(rows) > MAX_ROWS:
        raise ImportFileError(f"{path} has {len(rows)} records; import at most {MAX_ROWS:,} at a time.")
    return rows


def _content_key(item: BaseModel) -> str:
    content = json.dumps(item.model_dump(mode="json", exclude={"id"}), sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(content.encode()).hexdigest()


def _same(stored: BaseModel, item: BaseModel) -> bool:
    return stored.model_dump(mode="json", exclude={"id"}) == item.model_dump(mode="json", exclude={"id"})


def _write(session: Session, report: ImportReport, row: ImportRow, item: BaseModel) -> None:
    """Creates, updates or skips the record for one valid row (see the module docstring for which)."""
    store = _STORES[report.kind]
    key = f"ref:{row.ref}" if row.ref is not None else _content_key(item)
    known = session.get(ImportKeyRow, (report.kind, key))
    stored = None
    if known is not None:
        try:
            stored = store.get(session, known.record_id)
        except NotFound:
            stored = None  # deleted since: import it again
    if stored is None:
        created = store.create(session, item)
        if known is None:
            session.add(ImportKeyRow(kind=report.kind, key=key, record_id=created.id))
        else:
            known.record_id = created.id
        flush(session, missing="A referenced record does not exist.",
              duplicate="Another import wrote this row at the same time; run the import again.")
        report.imported += 1
    elif row.ref is not None and not _same(stored, item):
        store.update(session, stored.id, item.model_dump(mode="json", exclude={"id"}))
        report.updated += 1
    else:
        report.already[row.where] = stored.id


def _write_one(session: Session, report: ImportReport, row: ImportRow, item: BaseModel) -> None:
    """_write in a savepoint of its own: a refused row is reported and leaves nothing behind."""
    savepoint = session.begin_nested()
    try:
        _write(session, report, row, item)
        savepoint.commit()
    except IpsmatchError as error:
        savepoint.rollback()
        report.errors[row.where] = [str(error)]


@dataclass
class _Batch:
    """New records waiting to be written together: each row with its model, key and whether the key is known
    (its record was deleted since it was imported, so the key is pointed at the new record)."""

    rows: list[tuple[ImportRow, BaseModel, str, bool]] = field(default_factory=list)

    def write(self, session: Session, report: ImportReport) -> None:
        """Creates the records in one bulk call; if the database refuses any, row by row, to say which."""
        if not self.rows:
            return
        savepoint = session.begin_nested()
        try:
            ids = _STORES[report.kind].create_many(session, [item for _, item, _, _ in self.rows])
            fresh = []
            for (_, _, key, known), record_id in zip(self.rows, ids, strict=True):
                if known:
                    session.execute(update(ImportKeyRow).where(
                        ImportKeyRow.kind == report.kind, ImportKeyRow.key == key).values(record_id=record_id))
                else:
                    fresh.append({"kind": report.kind, "key": key, "record_id": record_id})
            for start in range(0, len(fresh), _BATCH):
                session.execute(insert(ImportKeyRow.__table__), fresh[start : start + _BATCH])
            savepoint.commit()
            report.imported += len(ids)
        except (IpsmatchError, IntegrityError):
            savepoint.rollback()
            for row, item, _, _ in self.rows:
                _write_one(session, report, row, item)
        self.rows.clear()


def _known_keys(session: Session, kind: str, keys: list[str]) -> dict[str, int]:
    """key -> record id, for the import keys already recorded among these, read a few hundred at a time."""
    found: dict[str, int] = {}
    wanted = sorted(set(keys))
    for start in range(0, len(wanted), 500):
        query = select(ImportKeyRow.key, ImportKeyRow.record_id).where(
            ImportKeyRow.kind == kind, ImportKeyRow.key.in_(wanted[start : start + 500]))
        found.update((key, record_id) for key, record_id in session.execute(query))
    return found


def _write_all(
    session: Session, report: ImportReport, valid: list[tuple[ImportRow, BaseModel]],
    progress: Callable[[Iterable[Any]], Iterable[Any]],
) -> None:
    """Writes every valid row as _write would, but new records in bulk and rows imported before without a
    query each: the keys, and whether their records still exist and are the same, are read up front."""
    store = _STORES[report.kind]
    keys = [f"ref:{row.ref}" if row.ref is not None else _content_key(item) for row, item in valid]
    known = _known_keys(session, report.kind, keys)
    existing, same = store.stored_alike(
        session, {known[key]: item for (_, item), key in zip(valid, keys, strict=True) if key in known})
    batch, seen = _Batch(), set()
    for (row, item), key in progress(list(zip(valid, keys, strict=True))):
        if key in seen:  # the same key twice in one file: the first must be written before this one is judged
            batch.write(session, report)
            _write_one(session, report, row, item)
            continue
        seen.add(key)
        record_id = known.get(key)
        if record_id not in existing:
            batch.rows.append((row, item, key, record_id is not None))
            if len(batch.rows) >= _BATCH:
                batch.write(session, report)
        elif row.ref is not None and record_id not in same:
            savepoint = session.begin_nested()
            try:
                store.update(session, record_id, item.model_dump(mode="json", exclude={"id"}))
                savepoint.commit()
                report.updated += 1
            except IpsmatchError as error:
                savepoint.rollback()
                report.errors[row.where] = [str(error)]
        else:
            report.already[row.where] = record_id
    batch.write(session, report)


def _chosen_occupations(record: dict[str, Any]) -> str | None:
    """The name of an occupation field a row sets, which an import may not (it records no chooser); else None."""
    profile = record.get("profile")
    for name, where in (("occupation_code", record), ("job_type_occupations", record),
                        ("job_type_occupations", profile if isinstance(profile, dict) else {})):
        if where.get(name) not in (None, "", {}, []):
            return name
    return None


def import_records(
    database: Database,
    kind: str,
    rows: list[ImportRow],
    *,
    skip_bad: bool = False,
    progress: Callable[[Iterable[Any]], Iterable[Any]] = lambda items: items,
) -> ImportReport:
    """Validates then writes the rows; see the module docstring for bad rows and rows imported before."""
    model = KINDS[kind]
    report = ImportReport(kind=kind, rows=len(rows))
    valid: list[tuple[ImportRow, BaseModel]] = []
    for row in rows:
        if row.problem:
            report.errors[row.where] = [row.problem]
        elif "id" in row.record:
            report.errors[row.where] = ["id: ids are assigned by ipsmatch; remove the id column"]
        elif chosen := _chosen_occupations(row.record):
            report.errors[row.where] = [
                f"{chosen}: occupations are chosen one by one, with who chose them (`ipsmatch occupations correct`, "
                "or the API's PUT .../occupation); remove the column"
            ]
        else:
            try:
                valid.append((row, model.model_validate(row.record)))
            except ValidationError as error:
                report.errors[row.where] = explain(error, model)
    if report.errors and not skip_bad:
        return report
    with database.session() as session:
        begin_writing(session)
        _write_all(session, report, valid, progress)
        if report.errors and not skip_bad:
            session.rollback()
            report.imported = report.updated = 0
            report.already.clear()
            return report
    report.errors = {row.where: report.errors[row.where] for row in rows if row.where in report.errors}
    report.records = [item for row, item in valid if row.where not in report.errors]
    report.written = report.imported + report.updated > 0
    return report
