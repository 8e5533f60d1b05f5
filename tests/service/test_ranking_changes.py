"""Processes sharing one database keep their opening indexes in step through the change log, without rebuilding.

Two RankingService instances, each on its own Database (its own engine and connections, as two `ipsmatch
serve` processes have): what one process writes, the other ranks on its very next request, changed in
place from the log (its `rebuilds` stays at 1), and ranks exactly as an index built fresh from the database.
"""

from __future__ import annotations

import datetime as dt
import time

from matcher import OpeningIndex, rank
from models import Employer, EmployerContact, JobSeeker, Opening, Role
from service.db import Database
from service.ranking import RankingService
from service.stores import catalogue_changes, contacts, counters, employers, openings, seekers, users

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
