"""Importing seekers, employers or openings from CSV or JSON files.

Every row is validated before anything is written, and each row is written in its own savepoint, so a bad
row never half-imports. By default one bad row stops the whole import (nothing is written, and every bad row
is reported), so a specialist can fix the file and run the same command again without duplicates;
`skip_bad=True` imports the good rows and reports the rest.

CSV: one row per record, a header naming the fields. List fields (interests, job_types, avoid, shifts,
hiring_needs, benefits, ...) hold items separated by ';'. Seeker profile fields may be written bare
(`interests`) or dotted (`profile.interests`); locations are `home_lat`/`home_lon` for seekers and
`lat`/`lon` for employers and openings. An empty cell is an unknown value. JSON: a list of objects shaped
as in the API, or {"items": [...]}.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from models import CareerProfile, Employer, InvalidInput, IpsmatchError, JobSeeker, Opening, explain
from service.db import Database
from service.stores import employers, openings, seekers

KINDS: dict[str, type[BaseModel]] = {"seekers": JobSeeker, "employers": Employer, "openings": Opening}
_CREATE: dict[str, Callable[[Any, Any], Any]] = {
    "seekers": seekers.create, "employers": employers.create, "openings": openings.create,
}
_PROFILE_FIELDS = set(CareerProfile.model_fields)
_LIST_FIELDS = {
    name for model in (JobSeeker, CareerProfile, Employer, Opening)
    for name, info in model.model_fields.items() if "list[" in str(info.annotation)
}
MAX_ROWS = 100_000


class ImportFileError(InvalidInput):
    """The file cannot be read as CSV or JSON records."""


@dataclass
class ImportReport:
    """What an import did: how many rows were written and which rows were refused, with why."""

    kind: str
    rows: int = 0
    imported: int = 0
    errors: dict[int, list[str]] = field(default_factory=dict)  # row number (1 = first record) -> messages
    written: bool = False


def _csv_record(kind: str, row: dict[str, str]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    profile: dict[str, Any] = {}
    for raw_key, raw_value in row.items():
        if raw_key is None:
            raise ImportFileError("a row has more cells than the header has names")
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


def read_records(kind: str, path: Path) -> list[dict[str, Any]]:
    """The records in a CSV or JSON file, as dicts in API shape; ImportFileError when unreadable."""
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
        records = data
    else:
        try:
            records = [_csv_record(kind, row) for row in csv.DictReader(text.splitlines())]
        except csv.Error as error:
            raise ImportFileError(f"{path} is not valid CSV: {error}.") from error
    if len(records) > MAX_ROWS:
        raise ImportFileError(f"{path} has {len(records)} records; import at most {MAX_ROWS:,} at a time.")
    return records


def import_records(
    database: Database,
    kind: str,
    records: list[dict[str, Any]],
    *,
    skip_bad: bool = False,
    progress: Callable[[Iterable[Any]], Iterable[Any]] = lambda items: items,
) -> ImportReport:
    """Validates then writes the records; see the module docstring for what happens to bad rows."""
    model = KINDS[kind]
    report = ImportReport(kind=kind, rows=len(records))
    valid: list[tuple[int, BaseModel]] = []
    for number, record in enumerate(records, start=1):
        if "id" in record:
            report.errors[number] = ["id: ids are assigned by ipsmatch; remove the id column"]
            continue
        try:
            valid.append((number, model.model_validate(record)))
        except ValidationError as error:
            report.errors[number] = explain(error, model)
    if report.errors and not skip_bad:
        return report
    with database.session() as session:
        for number, item in progress(valid):
            savepoint = session.begin_nested()
            try:
                _CREATE[kind](session, item)
                savepoint.commit()
                report.imported += 1
            except IpsmatchError as error:
                savepoint.rollback()
                report.errors[number] = [str(error)]
        if report.errors and not skip_bad:
            session.rollback()
            report.imported = 0
            return report
    report.written = report.imported > 0
    return report
