"""service/stores/openings.py: round trips, references to employers, filters, the catalogue counter."""

from __future__ import annotations

from itertools import islice

import pytest
from pydantic import ValidationError

from models import Employer, InvalidInput, Location, NotFound, Opening
from service.db import Database
from service.stores import counters, employers, openings


def test_an_opening_round_trips(database: Database, employer: Employer) -> None:
    given = Opening(employer_id=employer.id, title="Dishwasher", description="Weekday lunch", hours_min=10,
                    hours_max=20, shifts=["day", "weekend"], wage=15.25, location=Location(lat=45.0, lon=-93.0),
                    status="filled", set_aside=True)
    with database.session() as s:
        created = openings.create(s, given)
    with database.session() as s:
        stored = openings.get(s, created.id)
    assert stored == created
    assert stored.model_dump(exclude={"id"}) == given.model_dump(exclude={"id"})


def test_an_opening_without_location_or_wage_keeps_them_unknown(database: Database, opening: Opening) -> None:
    with database.session() as s:
        stored = openings.get(s, opening.id)
    assert stored.location is None and stored == opening
    with database.session() as s:
        bare = openings.create(s, Opening(employer_id=opening.employer_id, title="Helper"))
    assert bare.wage is None and bare.hours_min is None and bare.shifts == [] and bare.status == "open"


def test_an_unknown_employer_is_invalid_input(database: Database) -> None:
    refused = pytest.raises(InvalidInput, match="no employer with id 99; create the employer first")
    with refused, database.session() as s:
        openings.create(s, Opening(employer_id=99, title="Helper"))
    with pytest.raises(ValidationError), database.session() as s:  # model_copy/construct skip checks; create does not
        openings.create(s, Opening.model_construct(employer_id=2**64, title="Helper"))
    with database.session() as s:
        assert openings.list(s) == [] and counters.value(s) == 0


def test_list_filters_and_all_open(database: Database, employer: Employer, opening: Opening) -> None:
    with database.session() as s:
        other = employers.create(s, Employer(name="Other"))
        closed = openings.create(s, Opening(employer_id=employer.id, title="Old job", status="closed"))
        elsewhere = openings.create(s, Opening(employer_id=other.id, title="Cook"))
    with database.session() as s:
        assert [o.id for o in openings.list(s)] == [opening.id, closed.id, elsewhere.id]
        assert [o.id for o in openings.list(s, employer_id=employer.id)] == [opening.id, closed.id]
        assert [o.id for o in openings.list(s, status="closed")] == [closed.id]
        assert [o.id for o in openings.list(s, employer_id=employer.id, status="open")] == [opening.id]
        assert [o.id for o in openings.all_open(s)] == [opening.id, elsewhere.id]
        with pytest.raises(InvalidInput, match="status"):
            openings.list(s, status="gone")


@pytest.mark.parametrize("page", [1, 2, 3, 1000])
def test_open_openings_are_read_a_page_at_a_time_all_of_them_in_id_order(
    database: Database, employer: Employer, page: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    with database.session() as s:
        made = [openings.create(s, Opening(employer_id=employer.id, title=f"Job {i}", status=status))
                for i, status in enumerate(["open", "closed", "open", "open", "filled", "open", "open"])]
    monkeypatch.setattr(openings, "OPEN_PAGE", page)
    with database.session() as s:
        assert list(islice(openings.each_open(s), 100)) == [o for o in made if o.status == "open"]
        assert openings.count_open(s) == 5


def test_update_merges_and_checks_the_employer(database: Database, opening: Opening) -> None:
    with database.session() as s:
        updated = openings.update(s, opening.id, {"wage": 17.0, "status": "filled"})
    assert updated.wage == 17.0 and updated.status == "filled" and updated.title == opening.title
    with pytest.raises(InvalidInput, match="no employer with id 99"), database.session() as s:
        openings.update(s, opening.id, {"employer_id": 99, "title": "Not kept"})
    with pytest.raises(ValidationError), database.session() as s:
        openings.update(s, opening.id, {"hours_min": 30, "title": "Not kept"})  # 30 > hours_max 20
    with database.session() as s:
        assert openings.get(s, opening.id) == updated


def test_unknown_openings_are_not_found(database: Database) -> None:
    with database.session() as s:
        with pytest.raises(NotFound, match="No opening with id 40."):
            openings.get(s, 40)
        with pytest.raises(NotFound):
            openings.update(s, 40, {"title": "X"})
        with pytest.raises(NotFound):
            openings.delete(s, 40)


def test_every_change_moves_the_catalogue_counter(database: Database, employer: Employer) -> None:
    with database.session() as s:
        start = counters.value(s)
        created = openings.create(s, Opening(employer_id=employer.id, title="Helper"))
        openings.update(s, created.id, {"wage": 16})
        openings.delete(s, created.id)
        assert counters.value(s) == start + 3
