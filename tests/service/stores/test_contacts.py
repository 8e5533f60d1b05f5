"""service/stores/contacts.py: the job-development log and the references it checks."""

from __future__ import annotations

import datetime as dt

import pytest

from models import Employer, EmployerContact, InvalidInput, JobSeeker, NotFound, Role, User
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


# Follow-ups: a next step with a due date, done when marked or when the same person comes back -------------------


def _follow_up(s, employer_id: int, user_id: int, on: dt.date, **extra) -> EmployerContact:
    return contacts.create(s, employer_id, EmployerContact(
        specialist_id=user_id, on=on, next_step="return Tue", next_step_due=on + dt.timedelta(days=4), **extra))


def test_marking_a_follow_up_done_and_open_again(database: Database, employer: Employer, specialist: User) -> None:
    with database.session() as s:
        made = _follow_up(s, employer.id, specialist.id, DAY)
        before = counters.value(s)
    with database.session() as s:
        assert contacts.mark_done(s, employer.id, made.id, DAY + dt.timedelta(days=3)).done_on == dt.date(2026, 11, 23)
        assert counters.value(s) == before, "a done follow-up changes nothing the ranking reads"
    with database.session() as s:
        assert contacts.get(s, employer.id, made.id).done_on == dt.date(2026, 11, 23)
        assert contacts.mark_done(s, employer.id, made.id, None).done_on is None
    with database.session() as s:
        assert contacts.follow_ups_of(s, specialist.id)[0].done_on is None


def test_a_follow_up_is_not_done_before_its_contact_nor_without_a_next_step(
    database: Database, employer: Employer, specialist: User
) -> None:
    with database.session() as s:
        made = _follow_up(s, employer.id, specialist.id, DAY)
        plain = contacts.create(s, employer.id, EmployerContact(specialist_id=specialist.id, on=DAY))
        other = employers.create(s, Employer(name="Other"))
    with pytest.raises(InvalidInput, match="before the contact itself"), database.session() as s:
        contacts.mark_done(s, employer.id, made.id, DAY - dt.timedelta(days=1))
    with pytest.raises(InvalidInput, match="no next step"), database.session() as s:
        contacts.mark_done(s, employer.id, plain.id, DAY)
    with pytest.raises(NotFound, match=f"No contact with id {made.id} in the log of employer {other.id}"):
        with database.session() as s:
            contacts.mark_done(s, other.id, made.id, DAY)
    with database.session() as s:
        assert contacts.get(s, employer.id, made.id).done_on is None


def test_the_next_contact_by_the_same_person_with_the_same_employer_takes_the_next_step(
    database: Database, employer: Employer, specialist: User
) -> None:
    with database.session() as s:
        colleague, _ = users.create(s, "Bea", Role.specialist)
        other = employers.create(s, Employer(name="Other"))
        mine = _follow_up(s, employer.id, specialist.id, DAY)
        same_day = _follow_up(s, employer.id, specialist.id, DAY + dt.timedelta(days=10))
        theirs = _follow_up(s, employer.id, colleague.id, DAY)
        elsewhere = _follow_up(s, other.id, specialist.id, DAY)
        # The next visit, ten days on: it takes my earlier step, not one set that same day or someone else's.
        contacts.create(s, employer.id, EmployerContact(specialist_id=specialist.id, on=DAY + dt.timedelta(days=10)))
        # A visit logged late, for a day before: it closes nothing set after its date.
        contacts.create(s, employer.id, EmployerContact(specialist_id=specialist.id, on=DAY + dt.timedelta(days=5)))
    with database.session() as s:
        done = {c.id: c.done_on for c in contacts.all(s)}
    assert done[mine.id] == dt.date(2026, 11, 30)
    assert done[same_day.id] is None and done[theirs.id] is None and done[elsewhere.id] is None


def test_follow_ups_of_a_user_are_theirs_with_a_due_date_by_due_date(
    database: Database, employer: Employer, specialist: User
) -> None:
    with database.session() as s:
        second = _follow_up(s, employer.id, specialist.id, DAY)
        first = contacts.create(s, employer.id, EmployerContact(
            specialist_id=specialist.id, on=DAY, next_step="call back", next_step_due=DAY + dt.timedelta(days=1)))
        contacts.create(s, employer.id, EmployerContact(specialist_id=specialist.id, on=DAY, next_step="someday"))
    with database.session() as s:
        assert [c.id for c in contacts.follow_ups_of(s, specialist.id)] == [first.id, second.id]
