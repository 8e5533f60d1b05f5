"""`ipsmatch metrics`: the fidelity figures as text and as CSV, on a small program in a SQLite file."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from models import Employer, EmployerContact, JobSeeker, Role
from service.cli import app
from service.db import Database
from service.stores import contacts, employers, seekers, users

runner = CliRunner()


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A program: Dana with two seekers (one contacted on day 5, one never), 6 visits in week 45, 1 in week 46."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("IPSMATCH_DATABASE_URL", url)
    database = Database(url)
    database.migrate()
    with database.session() as s:
        dana, _ = users.create(s, "Dana K.", Role.specialist)
        ana = seekers.create(s, JobSeeker(name="Ana R.", specialist_id=dana.id, entered_on=dt.date(2026, 9, 28)))
        seekers.create(s, JobSeeker(name="Ben T.", specialist_id=dana.id, entered_on=dt.date(2026, 9, 30)))
        shelter = employers.create(s, Employer(name="Northside Animal Shelter"))
        contacts.create(s, shelter.id, EmployerContact(specialist_id=dana.id, on=dt.date(2026, 10, 3),
                                                       face_to_face=True, seeker_ids=[ana.id]))
        for day in (2, 3, 4, 5, 6, 7, 10):  # Monday 2 to Saturday 7 November, then Tuesday 10 November
            contacts.create(s, shelter.id, EmployerContact(specialist_id=dana.id, on=dt.date(2026, 11, day),
                                                           face_to_face=True))
    database.dispose()
    return url


def test_metrics_as_text(url) -> None:
    result = runner.invoke(app, ["metrics", "--from", "2026-09-28", "--to", "2026-11-15"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "IPS-25 fidelity figures, 2026-09-28 to 2026-11-15" in out
    # Seven whole weeks (W40 to W46): 1 visit in W40 (3 October), 6 in W45, 1 in W46: 8 / 7 = 1.14 a week.
    assert "Job development: frequent employer contact: 1.14, 1 of 7 (target 6: not met)" in out
    # Ana: 5 days; Ben: no contact, 46 days by the end.
    assert "Rapid job search for competitive jobs: 50%, 1 of 2" in out
    assert "Ben T. (seeker 2, specialist 1): entered 2026-09-30, first contact none yet" in out
    assert "Dana K. (user 1): caseload 2; face to face per week 1.14 [1 0 0 0 0 6 1], 1 of 7 weeks on target" in out


def test_metrics_as_csv(url) -> None:
    result = runner.invoke(app, ["metrics", "--from", "2026-09-28", "--to", "2026-11-15", "--csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert list(rows[0]) == ["scope", "figure", "item", "value", "count", "out_of", "target", "met", "how"]
    by = {(r["scope"], r["figure"]): r for r in rows}
    assert by[("program", "caseload")]["value"] == "2" and by[("program", "caseload")]["met"] == "True"
    assert by[("program", "rapid_job_search")]["item"] == "Rapid job search for competitive jobs"
    assert by[("seeker 1 (Ana R.)", "days_to_first_contact")]["value"] == "5"
    assert by[("specialist 1 (Dana K.)", "face_to_face_per_week")]["count"] == "1"
    assert all(r["how"] for r in rows)


def test_a_bad_date_or_period_says_what_to_write(url) -> None:
    bad = runner.invoke(app, ["metrics", "--from", "28/09/2026"])
    assert bad.exit_code == 2 and "--from: '28/09/2026' is not a date; write it as YYYY-MM-DD" in bad.output
    reversed_ = runner.invoke(app, ["metrics", "--from", "2026-11-15", "--to", "2026-09-28"])
    assert reversed_.exit_code == 2 and "is after to" in reversed_.output
