"""`ipsmatch plan`, run as a specialist would, on a SQLite file named by IPSMATCH_DATABASE_URL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from models import CareerProfile, Employer, JobSeeker, Location, Opening, Role, Shift
from service.cli import app
from service.db import Database
from service.stores import audit, employers, openings, seekers, users

runner = CliRunner()


@pytest.fixture
def program(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """A specialist with two seekers (Ana said yes to disclosure, Ben did not) and a shelter hiring kennel help."""
    url = f"sqlite:///{tmp_path / 'plan.db'}"
    monkeypatch.setenv("IPSMATCH_DATABASE_URL", url)
    database = Database(url)
    database.migrate()
    home = Location(lat=44.97, lon=-93.26)
    with database.session() as s:
        dana, _ = users.create(s, "Dana K.", Role.specialist)
        developer, _ = users.create(s, "Jo Developer", Role.job_developer)
        ana = seekers.create(s, JobSeeker(name="Ana R.", specialist_id=dana.id, entered_on=dt.date(2026, 11, 20),
                                          profile=CareerProfile(job_types=["kennel assistant"], home=home,
                                                                disclosure="yes")))
        ben = seekers.create(s, JobSeeker(name="Ben T.", specialist_id=dana.id,
                                          profile=CareerProfile(job_types=["dog walker"], home=home)))
        shelter = employers.create(s, Employer(name="Northside Animal Shelter", industry="animal care",
                                               location=Location(lat=44.99, lon=-93.27),
                                               hiring_needs=["kennel help on weekday mornings"]))
        for title in ("Kennel assistant", "Dog walker"):
            openings.create(s, Opening(employer_id=shelter.id, title=title, wage=16.0, shifts=[Shift.morning]))
    database.dispose()
    return {"dana": dana.id, "developer": developer.id, "ana": ana.id, "ben": ben.id, "url": url}


def run(*args: str):
    return runner.invoke(app, list(args))


def test_plan_prints_each_visit_for_whom_and_why(program: dict) -> None:
    result = run("plan", str(program["dana"]), "--week", "2026-W50", "--visits", "3")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("Visit plan for Dana K. (specialist 1), week 2026-W50 (Mon 7 Dec to Sun 13 Dec 2026): "
                          "1 of 3 visits for a caseload of 2.")
    assert "  1. Northside Animal Shelter (employer 1, animal care)" in out
    assert f"For: Ana R. (seeker {program['ana']}), Ben T. (seeker {program['ben']})" in out
    assert "- For Ana R.: Kennel assistant, preference score" in out
    talk = out.split("Talking points for the employer:")[1].split("Seekers with")[0]
    assert "Introduce Ana R. for the Kennel assistant opening" in talk and "Ben" not in talk
    assert "Seekers with at least one fitting visit (preference score 0.50 or more): 2 of 2." in out
    database = Database(program["url"])
    with database.session() as s:
        rows = audit.for_seeker(s, program["ben"])
    database.dispose()
    assert [(r["user_id"], r["action"], r["detail"]) for r in rows][-1] == (
        None, "read", "visit plan of specialist 1 for 2026-W50"
    )


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["plan", "{developer}"], "No specialist with id {developer}."),
        (["plan", "99"], "No specialist with id 99."),
        (["plan", "{dana}", "--week", "soon"], "week: 'soon' is not a week; give a date in the week"),
    ],
)
def test_plan_explains_what_is_wrong(program: dict, args: list[str], words: str) -> None:
    result = run(*[a.format(**program) for a in args])
    assert result.exit_code == 1 and words.format(**program) in result.output
    assert "Traceback" not in result.output
