"""service/stores/contacts.py: the job-development log and the references it checks."""

from __future__ import annotations

import datetime as dt

import pytest

from models import Employer, EmployerContact, InvalidInput, JobSeeker, Role, User
from service.db import Database
from service.stores import contacts, counters, employers, users

DAY = dt.date(2026, 11, 20)


def test_a_contact_round_trips(database: Database, employer: Employer, specialist: User, seeker: JobSeeker) -> None:
    given = EmployerContact(specialist_id=specialist.id, on=DAY, face_to_face=True, person_met="Dana",
                            person_role="manager", seeker_ids=[seeker.id], stage="learning_business",
                            needs="two dishwashers for weekday lunch", next_step="return Tue",
                            next_step_due=DAY + dt.timedelta(days=4))
    with database.session() as s:
        created = contacts.create(s, employer.id, given)
    assert created.id is not None and created.employer_id == employer.id
    assert created.model_dump(exclude={"id", "employer_id"}) == given.model_dump(exclude={"id", "employer_id"})
    with database.session() as s:
        assert contacts.list_for(s, employer.id) == [created]
        assert contacts.all(s) == [created]


def test_the_log_is_in_date_order_and_per_employer(database: Database, employer: Employer, specialist: User) -> None:
    with database.session() as s:
        other = employers.create(s, Employer(name="Other"))
        later = contacts.create(s, employer.id, EmployerContact(specialist_id=specialist.id, on=DAY))
        week_before = DAY - dt.timedelta(days=7)
        earlier = contacts.create(s, employer.id, EmployerContact(specialist_id=specialist.id, on=week_before))
        elsewhere = contacts.create(s, other.id, EmployerContact(specialist_id=specialist.id, on=DAY))
    with database.session() as s:
        assert [c.id for c in contacts.list_for(s, employer.id)] == [earlier.id, later.id]
        assert [c.id for c in contacts.list_for(s, other.id)] == [elsewhere.id]
        assert contacts.list_for(s, 999) == []
        assert [c.id for c in contacts.all(s)] == [later.id, earlier.id, elsewhere.id]


def test_a_seeker_named_twice_is_kept_once(database: Database, employer: Employer, specialist: User,
                                           seeker: JobSeeker) -> None:
    with database.session() as s:
        created = contacts.create(s, employer.id, EmployerContact(specialist_id=specialist.id, on=DAY,
                                                                  seeker_ids=[seeker.id, seeker.id]))
    assert created.seeker_ids == [seeker.id]


def test_job_developers_log_contacts_but_seekers_do_not(database: Database, employer: Employer,
                                                        seeker: JobSeeker) -> None:
    with database.session() as s:
        developer, _ = users.create(s, "Jo", Role.job_developer)
        seeker_user, _ = users.create(s, "Ana", Role.seeker, seeker_id=seeker.id)
        assert contacts.create(s, employer.id, EmployerContact(specialist_id=developer.id, on=DAY)).id
    with pytest.raises(InvalidInput, match="is a job seeker"), database.session() as s:
        contacts.create(s, employer.id, EmployerContact(specialist_id=seeker_user.id, on=DAY))


@pytest.mark.parametrize(
    ("employer_id", "specialist_id", "seeker_ids", "message"),
    [
        (999, None, [], "no employer with id 999; create the employer first"),
        (None, 999, [], "no user with id 999"),
        (None, None, [999], "seeker_ids: no seeker with id 999"),
    ],
)
def test_unknown_references_are_invalid_input_and_change_nothing(
    database: Database, employer: Employer, specialist: User, employer_id, specialist_id, seeker_ids, message
) -> None:
    with database.session() as s:
        start = counters.value(s)
    contact = EmployerContact(specialist_id=specialist_id or specialist.id, on=DAY, seeker_ids=seeker_ids)
    with pytest.raises(InvalidInput, match=message), database.session() as s:
        contacts.create(s, employer_id or employer.id, contact)
    with database.session() as s:
        assert contacts.all(s) == [] and counters.value(s) == start


def test_a_body_naming_another_employer_is_refused(database: Database, employer: Employer, specialist: User) -> None:
    with pytest.raises(InvalidInput, match="employer_id"), database.session() as s:
        other = EmployerContact(employer_id=employer.id + 1, specialist_id=specialist.id, on=DAY)
        contacts.create(s, employer.id, other)


def test_a_new_contact_moves_the_catalogue_counter(database: Database, employer: Employer, specialist: User) -> None:
    with database.session() as s:
        start = counters.value(s)
        contacts.create(s, employer.id, EmployerContact(specialist_id=specialist.id, on=DAY, needs="cooks"))
        assert counters.value(s) == start + 1
