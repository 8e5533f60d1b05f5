"""Processes sharing one database keep their opening indexes in step through the change log, without rebuilding.

Two RankingService instances, each on its own Database (its own engine and connections, as two `ipsmatch
serve` processes have): what one process writes, the other ranks on its very next request, changed in
place from the log (its `rebuilds` stays at 1), and ranks exactly as an index built fresh from the database.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from matcher import OpeningIndex, rank
from models import Employer, EmployerContact, JobSeeker, Opening, Role
from service.db import Database
from service.ranking import RankingService
from service.stores import catalogue_changes, contacts, counters, employers, openings, seekers, users
from tests.service.conftest import database_url

SEEKER = JobSeeker(name="Ana R.", profile={
    "interests": ["caring for animals"], "job_types": ["kennel assistant"], "home": {"lat": 44.97, "lon": -93.26},
    "max_commute_km": 30, "strengths": ["reliable", "driving"]})
TODAY = dt.date(2026, 11, 20)


def fresh_rank(service: RankingService, seeker: JobSeeker) -> list:
    """The seeker's suggestions from an index built from scratch on what the database holds now."""
    with service.database.session() as s:
        index = OpeningIndex.build(openings.all_open(s), employers.all(s), service.embedder,
                                   contacts=contacts.all(s), today=TODAY,
                                   needs_half_life_days=service.settings.needs_half_life_days)
    return rank(seeker, index, limit=10, settings=service.settings)


def suggestions(service: RankingService, seeker: JobSeeker) -> list:
    with service.database.session() as s:
        return service.suggestions(s, seeker, 10)


def test_a_write_through_one_process_reaches_the_other_in_place(database: Database, embedder):
    other = Database(database.url)
    # Embedding a new text is the model's time, measured by benchmarks/write_then_read.py; here only the way
    # a change travels is timed.
    embedder.encode(["Kennel assistant", "Dog walker", "a reliable driver for deliveries", "Dishwasher"])
    writer = RankingService(database, embedder=embedder, clock=lambda: TODAY)
    reader = RankingService(other, embedder=embedder, clock=lambda: TODAY)
    with database.session() as s:
        specialist = users.create(s, "Dana", Role.specialist)[0]
        shelter = employers.create(s, Employer(name="Northside Animal Shelter", industry="animal care",
                                               location={"lat": 44.99, "lon": -93.27}))
        diner = employers.create(s, Employer(name="Lakeside Diner", location={"lat": 44.95, "lon": -93.29}))
        openings.create(s, Opening(employer_id=diner.id, title="Dishwasher", wage=17.0))
        seeker = seekers.create(s, SEEKER.model_copy(update={"specialist_id": specialist.id}))
    assert [x.title for x in suggestions(reader, seeker)] == ["Dishwasher"]
    assert suggestions(writer, seeker)

    def write_then_read(change) -> list:
        with database.session() as s:
            change(s)
        start = time.perf_counter()
        found = suggestions(reader, seeker)
        assert time.perf_counter() - start < 1.0
        assert found == fresh_rank(reader, seeker)
        assert (reader.rebuilds, writer.rebuilds) == (1, 1)
        return found

    kennel = Opening(employer_id=shelter.id, title="Kennel assistant", wage=16.5)
    found = write_then_read(lambda s: openings.create(s, kennel))
    kennel_id = found[0].opening_id
    assert [x.title for x in found] == ["Kennel assistant", "Dishwasher"]
    found = write_then_read(lambda s: openings.update(s, kennel_id, {"title": "Dog walker"}))
    assert "Dog walker" in [x.title for x in found]
    write_then_read(lambda s: employers.update(s, shelter.id, {"location": {"lat": 45.2, "lon": -93.27}}))
    contact = EmployerContact(specialist_id=specialist.id, on=TODAY, needs="a reliable driver for deliveries")
    found = write_then_read(lambda s: contacts.create(s, diner.id, contact))
    assert found[-1].components["employer_needs"] > 0
    write_then_read(lambda s: openings.update(s, kennel_id, {"status": "filled"}))
    found = write_then_read(lambda s: employers.merge(s, diner.id, into=shelter.id))
    assert {x.employer_id for x in found} == {shelter.id}
    found = write_then_read(lambda s: employers.delete(s, shelter.id))
    assert found == []
    assert reader.updates == 7

    # A write the log cannot describe (a bulk load only moves the counter): the reader builds again.
    with database.session() as s:
        counters.bump(s)
        employers.create(s, Employer(name="Bulk Employer"))
    suggestions(reader, seeker)
    assert reader.rebuilds == 2
    other.dispose()


def test_every_catalogue_write_is_logged_with_what_it_touched_and_nothing_when_it_fails(database: Database):
    with database.session() as s:
        specialist = users.create(s, "Dana", Role.specialist)[0]
        a = employers.create(s, Employer(name="A"))
        b = employers.create(s, Employer(name="B"))
        first = openings.create(s, Opening(employer_id=a.id, title="Dishwasher"))
        second = openings.create(s, Opening(employer_id=a.id, title="Line cook"))
        contact = contacts.create(s, a.id, EmployerContact(specialist_id=specialist.id, on=TODAY, needs="cooks"))
        version = counters.value(s)
        assert catalogue_changes.since(s, 0, version) == catalogue_changes.Changes(
            version=version, complete=True, openings={first.id, second.id}, employers={a.id, b.id},
            contacts={contact.id},
        )
    with database.session() as s:
        employers.merge(s, a.id, into=b.id)
        merged = catalogue_changes.since(s, version, counters.value(s))
        assert (merged.employers, merged.openings, merged.contacts) == ({a.id, b.id}, {first.id, second.id},
                                                                         {contact.id})
        version = merged.version
    try:
        with database.session() as s:
            openings.update(s, first.id, {"title": "Pot washer"})
            raise RuntimeError("the request failed after the write")
    except RuntimeError:
        pass
    with database.session() as s:
        assert catalogue_changes.since(s, version, counters.value(s)) == catalogue_changes.Changes(version, True)
        employers.delete(s, b.id)
        gone = catalogue_changes.since(s, version, counters.value(s))
        assert (gone.employers, gone.openings, gone.contacts) == ({b.id}, {first.id, second.id}, {contact.id})
        # Pruning keeps the newest version, so a reader that has it still reads on in place.
        catalogue_changes.prune(s, before=dt.datetime.now(dt.UTC) + dt.timedelta(days=1), below=gone.version)
        assert catalogue_changes.since(s, version, gone.version).complete
        assert not catalogue_changes.since(s, 0, gone.version).complete


# One write: what it does and two numbers that pick what it does it to (taken modulo what exists).
WRITES = ["create", "create", "retitle", "rewage", "hours", "fill", "reopen", "delete", "move employer",
          "employer needs", "rename employer", "delete employer"]
TITLES = ["Kennel assistant", "Dog walker", "Dishwasher", "Line cook", "Groomer", "Stock clerk"]
NEEDS = ["a reliable driver for deliveries", "someone who likes dogs", "early risers for the kitchen"]
write = st.tuples(st.sampled_from(WRITES), st.integers(0, 99), st.integers(0, 99))


def _write(s, what: str, a: int, b: int, employer_ids: list[int], opening_ids: list[int], specialist_id: int) -> None:
    """Does one write of WRITES through the stores, as a route would; keeps the id lists current."""
    if what == "create" or not opening_ids:
        if employer_ids:
            opening = Opening(employer_id=employer_ids[b % len(employer_ids)], title=TITLES[a % len(TITLES)],
                              wage=15.0 + b % 6, hours_min=10 + 5 * (a % 3), hours_max=30)
            opening_ids.append(openings.create(s, opening).id)
        return
    opening_id = opening_ids[a % len(opening_ids)]
    employer_id = employer_ids[b % len(employer_ids)] if employer_ids else None
    if what == "retitle":
        openings.update(s, opening_id, {"title": TITLES[b % len(TITLES)]})
    elif what == "rewage":
        openings.update(s, opening_id, {"wage": 14.0 + b % 8})
    elif what == "hours":
        openings.update(s, opening_id, {"hours_min": 5 * (b % 5), "hours_max": 20 + 5 * (b % 3)})
    elif what in ("fill", "reopen"):
        openings.update(s, opening_id, {"status": "filled" if what == "fill" else "open"})
    elif what == "delete":
        openings.delete(s, opening_id)
        opening_ids.remove(opening_id)
    elif employer_id is None:
        return
    elif what == "move employer":
        employers.update(s, employer_id, {"location": {"lat": 44.9 + (a % 10) / 50, "lon": -93.3 + (b % 10) / 50}})
    elif what == "employer needs":
        contact = EmployerContact(specialist_id=specialist_id, on=TODAY, needs=NEEDS[a % len(NEEDS)])
        contacts.create(s, employer_id, contact)
    elif what == "rename employer":
        employers.update(s, employer_id, {"name": f"Employer {a}", "industry": ["animal care", "restaurant"][b % 2]})
    elif what == "delete employer":
        owned = {o.id for o in openings.all_open(s) if o.employer_id == employer_id}
        owned |= {i for i in opening_ids if openings.get(s, i).employer_id == employer_id}
        employers.delete(s, employer_id)
        employer_ids.remove(employer_id)
        opening_ids[:] = [i for i in opening_ids if i not in owned]


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(writes=st.lists(write, min_size=1, max_size=8))
@example(writes=[(what, 7 * i + 1, 5 * i + 2) for i, what in enumerate(WRITES)])
def test_after_any_writes_through_one_process_the_other_ranks_as_a_fresh_build(
    database_kind, tmp_path, request, embedder, writes
) -> None:
    """Property: after any sequence of opening creates, edits and deletes and employer changes made through one
    process, the other process's index, changed in place from the log (no rebuild), answers every seeker exactly
    as an index built fresh from the database; and so does the writer's own."""
    kind_url = (f"sqlite:///{tmp_path / f'{uuid.uuid4().hex}.db'}" if database_kind == "sqlite"
                else database_url(database_kind, tmp_path, request))
    database, other = Database(kind_url), Database(kind_url)
    database.migrate()
    embedder.encode([*TITLES, *NEEDS, "caring for animals", "cooking", "kennel assistant", "reliable"])
    writer = RankingService(database, embedder=embedder, clock=lambda: TODAY)
    reader = RankingService(other, embedder=embedder, clock=lambda: TODAY)
    try:
        with database.session() as s:
            specialist_id = users.create(s, "Dana", Role.specialist)[0].id
            employer_ids = [employers.create(s, Employer(name=name, location={"lat": lat, "lon": -93.27})).id
                            for name, lat in [("Northside Animal Shelter", 44.99), ("Lakeside Diner", 44.95),
                                              ("Midway Foods", 44.97)]]
            opening_ids: list[int] = []
            for i in range(4):
                _write(s, "create", i, i, employer_ids, opening_ids, specialist_id)
            people = [seekers.create(s, SEEKER.model_copy(update={"specialist_id": specialist_id})),
                      seekers.create(s, JobSeeker(name="Ben T.", specialist_id=specialist_id, profile={
                          "interests": ["cooking"], "hours_max": 25, "min_wage": 16.0}))]
        for person in people:
            suggestions(reader, person), suggestions(writer, person)
        for what, a, b in writes:
            with database.session() as s:
                _write(s, what, a, b, employer_ids, opening_ids, specialist_id)
            for person in people:
                assert suggestions(reader, person) == fresh_rank(reader, person), (what, a, b)
                assert suggestions(writer, person) == fresh_rank(writer, person), (what, a, b)
        assert (reader.rebuilds, writer.rebuilds) == (1, 1), "every change was applied in place"
    finally:
        database.dispose()
        other.dispose()
