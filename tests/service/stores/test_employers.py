"""service/stores/employers.py: round trips, fuzzy name search, merges, the catalogue counter."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from models import Employer, EmployerContact, Judgment, Location, NotFound, Opening, User
from service.db import Database
from service.stores import contacts, counters, employers, openings, reactions


def test_an_employer_round_trips_with_and_without_a_location(database: Database) -> None:
    with database.session() as s:
        placed = employers.create(s, Employer(name="Shelter", industry="animal care",
                                              location=Location(lat=44.99, lon=-93.27), hiring_needs=["kennel help"]))
        nowhere = employers.create(s, Employer(name="Bakery"))
    with database.session() as s:
        assert employers.get(s, placed.id) == placed
        assert employers.get(s, placed.id).location == Location(lat=44.99, lon=-93.27)
        assert employers.get(s, nowhere.id).location is None
        assert employers.get(s, nowhere.id).hiring_needs == []
        assert employers.all(s) == [placed, nowhere]


def test_name_search_forgives_case_punctuation_and_a_typo(database: Database) -> None:
    with database.session() as s:
        shelter = employers.create(s, Employer(name="Northside Animal Shelter"))
        bakery = employers.create(s, Employer(name="Sunrise Bakery & Café"))
        north = employers.create(s, Employer(name="North Loop Hardware"))
    with database.session() as s:
        assert [e.id for e in employers.list(s, q="animal")] == [shelter.id]
        assert [e.id for e in employers.list(s, q="NORTHSIDE")] == [shelter.id]
        assert [e.id for e in employers.list(s, q="nortside")] == [shelter.id]
        assert [e.id for e in employers.list(s, q="bakery cafe")] == [bakery.id]
        assert [e.id for e in employers.list(s, q="bakry")] == [bakery.id]
        assert [e.id for e in employers.list(s, q="Bakery & Café")] == [bakery.id]
        assert [e.id for e in employers.list(s, q="north")] == [shelter.id, north.id]  # substring hits, id order
        assert [e.id for e in employers.list(s, q="north", offset=1)] == [north.id]
        assert employers.list(s, q="zz") == []
        assert [e.id for e in employers.list(s, q="  ")] == [shelter.id, bakery.id, north.id]


def test_update_replaces_top_level_keys_and_validates_the_whole(database: Database, employer: Employer) -> None:
    with database.session() as s:
        updated = employers.update(s, employer.id, {"hiring_needs": ["dishwashers"], "location": None})
    assert updated.hiring_needs == ["dishwashers"] and updated.location is None and updated.name == employer.name
    with pytest.raises(ValidationError), database.session() as s:
        employers.update(s, employer.id, {"name": "Changed", "location": {"lat": 95, "lon": 0}})
    with database.session() as s:
        assert employers.get(s, employer.id) == updated


def test_unknown_employers_are_not_found(database: Database) -> None:
    with database.session() as s:
        with pytest.raises(NotFound, match="No employer with id 99."):
            employers.get(s, 99)
        with pytest.raises(NotFound):
            employers.update(s, 99, {"name": "X"})
        with pytest.raises(NotFound):
            employers.delete(s, 99)


def test_every_change_moves_the_catalogue_counter(database: Database) -> None:
    with database.session() as s:
        start = counters.value(s)
        employer = employers.create(s, Employer(name="A"))
        assert counters.value(s) == start + 1
        employers.update(s, employer.id, {"name": "B"})
        assert counters.value(s) == start + 2
        employers.delete(s, employer.id)
        assert counters.value(s) == start + 3
    with pytest.raises(ValidationError), database.session() as s:
        employers.create(s, Employer(name="C"))
        employers.update(s, employers.list(s)[0].id, {"name": ""})
    with database.session() as s:
        assert counters.value(s) == start + 3  # the rolled-back create did not count either


def test_delete_takes_openings_contacts_and_judgments_with_it(
    database: Database, employer: Employer, opening: Opening, seeker, specialist: User
) -> None:
    with database.session() as s:
        contacts.create(s, employer.id, EmployerContact(specialist_id=specialist.id, on=dt.date(2026, 11, 20)))
        reactions.add_judgment(s, seeker.id, Judgment(employer_id=employer.id, weight=0.3), specialist.id)
        reactions.add_judgment(s, seeker.id, Judgment(opening_id=opening.id, weight=0.3), specialist.id)
    with database.session() as s:
        employers.delete(s, employer.id)
    with database.session() as s:
        with pytest.raises(NotFound):
            openings.get(s, opening.id)
        assert contacts.all(s) == [] and reactions.judgments_for(s, seeker.id) == []
