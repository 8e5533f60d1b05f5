"""`ipsmatch employers duplicates` and `ipsmatch employers merge`, run on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from typer.testing import CliRunner

from models import Employer, EmployerContact, Location, Opening, Role
from service.cli import app
from service.db import Database
from service.stores import contacts, employers, openings, users

runner = CliRunner()


@pytest.fixture
def catalogue(database: Database, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """A messy catalogue: Walmart twice at one place, a Walmart across town, Target and Target Field."""
    monkeypatch.setenv("IPSMATCH_DATABASE_URL", database.url)
    here, across_town = Location(lat=45.0650, lon=-93.3180), Location(lat=44.9560, lon=-93.1640)
    downtown, ballpark = Location(lat=44.9747, lon=-93.2737), Location(lat=44.9817, lon=-93.2776)
    with database.session() as s:
        developer, _ = users.create(s, "Jo Developer", Role.job_developer)
        made = {
            "walmart": employers.create(s, Employer(name="Walmart Supercenter", location=here)).id,
            "walmart_again": employers.create(s, Employer(name="Wal-Mart #2231", location=here)).id,
            "walmart_midway": employers.create(s, Employer(name="Walmart", location=across_town)).id,
            "target": employers.create(s, Employer(name="Target", location=downtown)).id,
            "field": employers.create(s, Employer(name="Target Field", location=ballpark)).id,
            "marys": employers.create(s, Employer(name="St. Mary's Hospital")).id,
            "marys_again": employers.create(s, Employer(name="Saint Marys Hosp.")).id,
        }
        openings.create(s, Opening(employer_id=made["walmart_again"], title="Cart attendant", wage=16.0))
        contacts.create(s, made["walmart_again"], EmployerContact(specialist_id=developer.id, on=dt.date(2026, 11, 3)))
    return made


def test_duplicates_lists_the_likely_pairs_with_their_scores(catalogue: dict[str, int]) -> None:
    result = runner.invoke(app, ["employers", "duplicates"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[:2] == [
        f"1.00  employer {catalogue['walmart']} 'Walmart Supercenter'  ~  employer {catalogue['walmart_again']} "
        "'Wal-Mart #2231'  (0.00 km apart)",
        f"1.00  employer {catalogue['marys']} 'St. Mary's Hospital'  ~  employer {catalogue['marys_again']} "
        "'Saint Marys Hosp.'  (one has no location)",
    ]
    assert lines[2].startswith("2 likely duplicate pairs among 7 employers")
    assert "Walmart'" not in result.output and "Target" not in result.output  # another branch; another place


def test_merge_moves_the_records_and_the_pair_is_gone(catalogue: dict[str, int], database: Database) -> None:
    gone, kept = catalogue["walmart_again"], catalogue["walmart"]
    result = runner.invoke(app, ["employers", "merge", str(gone), "--into", str(kept)])
    assert result.exit_code == 0, result.output
    assert f"Merged employer {gone} 'Wal-Mart #2231' into employer {kept} 'Walmart Supercenter'" in result.output
    assert "1 contacts" in result.output and "1 openings" in result.output
    with database.session() as s:
        assert [o.employer_id for o in openings.list(s)] == [kept]
        assert len(contacts.list_for(s, kept)) == 1 and contacts.list_for(s, gone) == []
    again = runner.invoke(app, ["employers", "duplicates"])
    assert again.output.strip().splitlines()[-1].startswith("1 likely duplicate pair among 6 employers")


def test_merge_of_an_unknown_employer_says_so(catalogue: dict[str, int]) -> None:
    result = runner.invoke(app, ["employers", "merge", "999999", "--into", str(catalogue["walmart"])])
    assert result.exit_code == 1 and "No employer with id 999999" in result.output


def test_duplicates_on_a_catalogue_without_any(database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IPSMATCH_DATABASE_URL", database.url)
    result = runner.invoke(app, ["employers", "duplicates"])
    assert result.exit_code == 0 and result.output.strip() == "No likely duplicates among 0 employers."
