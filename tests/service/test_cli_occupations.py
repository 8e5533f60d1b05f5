"""`ipsmatch occupations search|review|correct` (and `import`, which may not set occupations), on SQLite and
PostgreSQL with the real taxonomy."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from models import CareerProfile, Employer, JobSeeker, Opening
from service.cli import app
from service.db import Database
from service.stores import audit, employers, openings, seekers

runner = CliRunner()
NONSENSE = "Xqzv blorp 4471"


@pytest.fixture
def catalogue(database: Database, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """A shelter with one clear and one meaningless title, and a seeker with one unclear job type."""
    monkeypatch.setenv("IPSMATCH_DATABASE_URL", database.url)
    with database.session() as s:
        shelter = employers.create(s, Employer(name="Northside Animal Shelter")).id
        return {
            "cook": openings.create(s, Opening(employer_id=shelter, title="Line cook")).id,
            "odd": openings.create(s, Opening(employer_id=shelter, title=NONSENSE)).id,
            "ana": seekers.create(s, JobSeeker(name="Ana R.", profile=CareerProfile(job_types=["zzz qqq"]))).id,
        }


def test_review_lists_the_unsure_matches_and_correct_settles_one(
    catalogue: dict[str, int], database: Database
) -> None:
    listed = runner.invoke(app, ["occupations", "review"])
    assert listed.exit_code == 0, listed.output
    assert f"opening {catalogue['odd']} '{NONSENSE}'" in listed.output and "(unsure)" in listed.output
    assert f"seeker {catalogue['ana']} job type 'zzz qqq'" in listed.output
    assert "Line cook" not in listed.output
    assert listed.output.strip().splitlines()[-1].startswith("1 openings and 1 job types to review.")
    with database.session() as s:
        assert [row["detail"] for row in audit.for_seeker(s, catalogue["ana"])] == ["occupation review"]

    fixed = runner.invoke(app, ["occupations", "correct", str(catalogue["odd"]), "39-2021.00"])
    assert fixed.exit_code == 0, fixed.output
    assert f"Opening {catalogue['odd']} '{NONSENSE}' is now 39-2021.00 Animal Caretakers (1.00), chosen by hand." in (
        fixed.output
    )
    with database.session() as s:
        assert openings.get(s, catalogue["odd"]).occupation_code == "39-2021.00"
    assert NONSENSE not in runner.invoke(app, ["occupations", "review"]).output

    undone = runner.invoke(app, ["occupations", "correct", str(catalogue["odd"]), "auto"])
    assert undone.exit_code == 0 and "matched automatically" in undone.output


def test_an_unknown_code_or_opening_is_an_error_that_changes_nothing(
    catalogue: dict[str, int], database: Database
) -> None:
    wrong = runner.invoke(app, ["occupations", "correct", str(catalogue["cook"]), "99-9999.99"])
    assert wrong.exit_code == 1 and "'99-9999.99' is not an occupation code" in wrong.output
    missing = runner.invoke(app, ["occupations", "correct", "999", "39-2021.00"])
    assert missing.exit_code == 1 and "No opening with id 999" in missing.output
    with database.session() as s:
        assert openings.get(s, catalogue["cook"]).occupation_code is None


def test_search_prints_codes_to_choose_from(catalogue: dict[str, int]) -> None:
    found = runner.invoke(app, ["occupations", "search", "restaurant cook", "--limit", "2"])
    assert found.exit_code == 0, found.output
    assert found.output.splitlines()[0].startswith("35-2014.00 Cooks, Restaurant (")
    assert len(found.output.strip().splitlines()) == 2


def test_an_import_may_not_set_an_occupation(database: Database) -> None:
    from service.importing import ImportRow, import_records

    with database.session() as s:
        shelter = employers.create(s, Employer(name="Northside Animal Shelter")).id
    rows = [ImportRow("line 2", {"employer_id": shelter, "title": "Groomer", "occupation_code": "39-2021.00"})]
    report = import_records(database, "openings", rows)
    assert report.imported == 0 and "occupation_code" in report.errors["line 2"][0]
    chosen = {"groomer": "39-2021.00"}
    seeker = {"name": "Ana R.", "profile": {"job_types": ["groomer"], "job_type_occupations": chosen}}
    report = import_records(database, "seekers", [ImportRow("item 1", seeker)])
    assert report.imported == 0 and "job_type_occupations" in report.errors["item 1"][0]
    with database.session() as s:
        assert openings.list(s) == [] and seekers.list(s) == []


def test_a_job_type_correction_makes_a_stored_ranking_stale(catalogue: dict[str, int], database: Database) -> None:
    import datetime as dt

    from service.stores import occupations, rankings

    with database.session() as s:
        rankings.replace_many(s, {catalogue["ana"]: []}, ranked_at=dt.datetime.now(dt.UTC), catalogue=0,
                              voice="seeker")
    with database.session() as s:
        assert rankings.stale_seekers(s, [catalogue["ana"]]) == set()
        occupations.correct_job_type(s, catalogue["ana"], "zzz qqq", "39-2021.00", None)
    with database.session() as s:
        assert rankings.stale_seekers(s, [catalogue["ana"]]) == {catalogue["ana"]}
        assert seekers.get(s, catalogue["ana"]).profile.job_type_occupations == {"zzz qqq": "39-2021.00"}
