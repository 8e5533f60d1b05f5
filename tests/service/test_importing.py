"""service/importing.py: re-runs that never duplicate, keys by `ref` or by content, and problems named by line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.db import Database
from service.importing import import_records, read_records
from service.stores import employers, seekers

EMPLOYERS_CSV = """name,industry,lat,lon,hiring_needs
Northside Animal Shelter,animal care,44.99,-93.27,kennel help on weekday mornings;someone steady
Lakeside Diner,restaurant,44.95,-93.29,
"""

SEEKERS = [
    {"ref": "CASE-101", "name": "Ana R.", "profile": {"job_types": ["kennel assistant"], "hours_max": 25}},
    {"ref": 102, "name": "Ben T.", "profile": {"job_types": ["line cook"]}},
]


def _import(database: Database, kind: str, path: Path, **options):
    return import_records(database, kind, read_records(kind, path), **options)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _names(database: Database, store) -> list[str]:
    with database.session() as s:
        return sorted(record.name for record in store.list(s, limit=200))


def test_importing_the_same_csv_twice_leaves_the_rows_of_one_import(database: Database, tmp_path: Path) -> None:
    path = _write(tmp_path, "employers.csv", EMPLOYERS_CSV)
    first = _import(database, "employers", path)
    assert first.imported == 2 and first.errors == {}
    second = _import(database, "employers", path)
    assert _names(database, employers) == ["Lakeside Diner", "Northside Animal Shelter"]
    with database.session() as s:
        ids = {e.name: e.id for e in employers.list(s)}
    assert second.imported == 0 and second.updated == 0
    assert second.already == {"line 2": ids["Northside Animal Shelter"], "line 3": ids["Lakeside Diner"]}


def test_a_row_with_a_known_ref_updates_its_record_and_the_ref_is_not_stored(
    database: Database, tmp_path: Path
) -> None:
    path = _write(tmp_path, "seekers.json", json.dumps(SEEKERS))
    assert _import(database, "seekers", path).imported == 2
    changed = [SEEKERS[0], {**SEEKERS[1], "profile": {"job_types": ["prep cook"], "hours_min": 10}}]
    report = _import(database, "seekers", _write(tmp_path, "seekers.json", json.dumps(changed)))
    assert (report.imported, report.updated, list(report.already)) == (0, 1, ["item 1"])
    with database.session() as s:
        stored = {p.name: p for p in seekers.list(s)}
    assert len(stored) == 2
    assert stored["Ben T."].profile.job_types == ["prep cook"] and stored["Ben T."].profile.hours_min == 10
    assert stored["Ana R."].profile.hours_max == 25
    assert "ref" not in stored["Ana R."].model_dump() and "CASE-101" not in json.dumps(
        stored["Ana R."].model_dump(mode="json")
    )
    # the same people as CSV: the refs find them, so nothing new is made
    csv_path = _write(tmp_path, "seekers.csv", "ref,name,job_types,hours_max\nCASE-101,Ana R.,kennel assistant,25\n")
    report = _import(database, "seekers", csv_path)
    assert (report.imported, report.updated, report.already) == (0, 0, {"line 2": stored["Ana R."].id})


def test_a_record_deleted_since_is_imported_again(database: Database, tmp_path: Path) -> None:
    path = _write(tmp_path, "employers.csv", EMPLOYERS_CSV)
    _import(database, "employers", path)
    with database.session() as s:
        diner = employers.list(s, q="Lakeside")[0]
        employers.delete(s, diner.id)
    report = _import(database, "employers", path)
    assert report.imported == 1 and list(report.already) == ["line 2"]
    assert _names(database, employers) == ["Lakeside Diner", "Northside Animal Shelter"]
    again = _import(database, "employers", path)
    assert again.imported == 0 and len(again.already) == 2


def test_csv_problems_name_the_line_of_the_file_even_after_a_cell_spanning_lines(
    database: Database, tmp_path: Path
) -> None:
    text = (
        "name,industry,hiring_needs\n"          # line 1
        'Northside Animal Shelter,animal care,"kennel help\n'  # line 2: a record on lines 2 to 4
        "on weekday\n"
        'mornings"\n'
        "Lakeside Diner,restaurant,\n"        # line 5
        ",bakery,\n"                           # line 6: no name
    )
    report = _import(database, "employers", _write(tmp_path, "employers.csv", text))
    assert list(report.errors) == ["line 6"]
    assert "name" in report.errors["line 6"][0]
    assert report.imported == 0 and _names(database, employers) == []


def test_json_problems_name_the_item(database: Database, tmp_path: Path) -> None:
    rows = [{"name": "Good employer"}, {"name": "Bad", "industry": ""}, {"industry": "no name"}]
    report = _import(database, "employers", _write(tmp_path, "employers.json", json.dumps(rows)))
    assert "item 3" in report.errors and "item 1" not in report.errors


@pytest.mark.parametrize("ref", [True, 1.5, {"a": 1}, "x" * 201])
def test_a_ref_that_cannot_be_a_key_is_a_bad_row(database: Database, tmp_path: Path, ref) -> None:
    rows = [{"ref": ref, "name": "Northside Animal Shelter"}]
    report = _import(database, "employers", _write(tmp_path, "employers.json", json.dumps(rows)), skip_bad=True)
    assert list(report.errors) == ["item 1"] and "ref" in report.errors["item 1"][0]
    assert report.imported == 0


def test_rows_written_in_batches_keep_file_order_and_a_bad_batch_names_its_bad_row(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from service import importing
    from service.stores import openings

    monkeypatch.setattr(importing, "_BATCH", 2)  # several bulk writes from a small file
    _import(database, "employers", _write(tmp_path, "employers.csv", EMPLOYERS_CSV))
    with database.session() as s:
        shelter = employers.list(s, q="Northside")[0].id
    rows = [{"employer_id": shelter, "title": f"Job {i}"} for i in range(7)]
    rows[3]["employer_id"] = 999_999  # passes validation, refused by the database's reference check
    rows.append(dict(rows[0]))  # the same content twice in one file is one record
    path = _write(tmp_path, "openings.json", json.dumps(rows))
    report = _import(database, "openings", path, skip_bad=True)
    assert list(report.errors) == ["item 4"] and "employer_id" in report.errors["item 4"][0]
    assert report.imported == 6 and list(report.already) == ["item 8"]
    with database.session() as s:
        stored = openings.list(s, limit=50)
    assert [o.title for o in stored] == ["Job 0", "Job 1", "Job 2", "Job 4", "Job 5", "Job 6"]
    assert report.already["item 8"] == stored[0].id


def test_the_same_ref_twice_in_one_file_creates_then_updates(database: Database, tmp_path: Path) -> None:
    rows = [{"ref": "A-1", "name": "Ana R."}, {"ref": "A-1", "name": "Ana Rivera"}]
    report = _import(database, "seekers", _write(tmp_path, "seekers.json", json.dumps(rows)))
    assert (report.imported, report.updated) == (1, 1)
    assert _names(database, seekers) == ["Ana Rivera"]
    again = _import(database, "seekers", _write(tmp_path, "seekers.json", json.dumps(rows[1:])))
    assert (again.imported, again.updated, len(again.already)) == (0, 0, 1)
