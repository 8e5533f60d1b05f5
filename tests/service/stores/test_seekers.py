"""service/stores/seekers.py: round trips, PATCH merge semantics, refused writes, references."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from models import EmployerContact, InvalidInput, JobSeeker, NotFound, Role, User
from service.db import Database
from service.stores import contacts, counters, reactions, seekers, users
from tests.service.stores.conftest import ANA


def test_a_seeker_round_trips_with_the_whole_profile(database: Database, specialist: User) -> None:
    given = JobSeeker.model_validate(ANA | {"specialist_id": specialist.id})
    with database.session() as s:
        created = seekers.create(s, given)
    assert created.id is not None
    with database.session() as s:
        stored = seekers.get(s, created.id)
    assert stored == created
    assert stored.model_dump(exclude={"id"}) == given.model_dump(exclude={"id"})
    assert stored.profile.home is not None and stored.profile.home.lat == 44.97
    assert stored.entered_on == dt.date(2026, 11, 2)


def test_a_bare_seeker_keeps_every_unknown_as_unknown(database: Database) -> None:
    with database.session() as s:
        created = seekers.create(s, JobSeeker(name="Bo"))
        stored = seekers.get(s, created.id)
    assert stored.specialist_id is None and stored.entered_on is None
    assert stored.profile.home is None and stored.profile.min_wage is None and stored.profile.shifts == []


def test_ids_come_from_the_database(database: Database) -> None:
    with database.session() as s:
        first = seekers.create(s, JobSeeker(id=999, name="One"))
        second = seekers.create(s, JobSeeker(name="Two"))
    assert first.id != 999 and second.id > first.id


def test_list_filters_by_specialist_activity_and_name(database: Database, specialist: User) -> None:
    with database.session() as s:
        other, _ = users.create(s, "Other Specialist", Role.specialist)
        ana = seekers.create(s, JobSeeker(name="Ana R.", specialist_id=specialist.id))
        ben = seekers.create(s, JobSeeker(name="Ben 100%_done", specialist_id=specialist.id, active=False))
        cy = seekers.create(s, JobSeeker(name="Cy", specialist_id=other.id))
    with database.session() as s:
        assert [x.id for x in seekers.list(s)] == [ana.id, ben.id, cy.id]
        assert [x.id for x in seekers.list(s, specialist_id=specialist.id)] == [ana.id, ben.id]
        assert [x.id for x in seekers.list(s, active=False)] == [ben.id]
        assert [x.id for x in seekers.list(s, specialist_id=specialist.id, active=True)] == [ana.id]
        assert [x.id for x in seekers.list(s, q="ana")] == [ana.id]
        assert [x.id for x in seekers.list(s, q="100%_")] == [ben.id]  # LIKE wildcards are literal
        assert [x.id for x in seekers.list(s, q="%")] == [ben.id]
        assert [x.id for x in seekers.list(s, offset=1, limit=1)] == [ben.id]
        assert seekers.list(s, limit=0) == []


def test_update_replaces_top_level_keys_and_merges_the_profile(database: Database, seeker: JobSeeker) -> None:
    with database.session() as s:
        changes = {"name": "Ana Rivera", "profile": {"shifts": ["evening"], "min_wage": 17}}
        updated = seekers.update(s, seeker.id, changes)
    assert updated.name == "Ana Rivera"
    assert updated.profile.shifts == ["evening"] and updated.profile.min_wage == 17
    # every profile field not sent is kept
    assert updated.profile.job_types == seeker.profile.job_types
    assert updated.profile.home == seeker.profile.home
    assert updated.profile.work_history == seeker.profile.work_history
    with database.session() as s:
        assert seekers.get(s, seeker.id) == updated


def test_update_with_null_clears_an_optional_field(database: Database, seeker: JobSeeker) -> None:
    with database.session() as s:
        updated = seekers.update(s, seeker.id, {"entered_on": None, "profile": {"home": None}})
    assert updated.entered_on is None and updated.profile.home is None
    assert updated.profile.max_commute_km == seeker.profile.max_commute_km


@pytest.mark.parametrize(
    "changes",
    [
        {"profile": {"hours_min": 30, "hours_max": 20}},  # range out of order once merged
        {"profile": {"diagnosis": "anything"}},  # zero exclusion
        {"criminal_record": True},
        {"name": ""},
        {"nickname": "A"},  # unknown field
        {"profile": None},
        {"profile": {"shifts": ["midnight"]}},
    ],
)
def test_a_rejected_update_changes_nothing(database: Database, seeker: JobSeeker, changes: dict) -> None:
    with pytest.raises(ValidationError), database.session() as s:
        seekers.update(s, seeker.id, {"name": "Changed too", **changes})
    with database.session() as s:
        assert seekers.get(s, seeker.id) == seeker


def test_the_id_cannot_be_changed(database: Database, seeker: JobSeeker) -> None:
    with pytest.raises(InvalidInput), database.session() as s:
        seekers.update(s, seeker.id, {"id": seeker.id + 1})
    with database.session() as s:
        assert seekers.update(s, seeker.id, {"id": seeker.id, "name": "Same id"}).id == seeker.id


def test_unknown_ids_are_not_found(database: Database) -> None:
    with database.session() as s:
        with pytest.raises(NotFound, match="No seeker with id 12."):
            seekers.get(s, 12)
        with pytest.raises(NotFound):
            seekers.update(s, 12, {"name": "X"})
        with pytest.raises(NotFound):
            seekers.delete(s, 12)
        for impossible in (0, -1, 2**63, 2**70):
            with pytest.raises(NotFound):
                seekers.get(s, impossible)


def test_the_specialist_must_be_a_specialist_user(database: Database, specialist: User) -> None:
    with database.session() as s:
        developer, _ = users.create(s, "Jo Developer", Role.job_developer)
    with pytest.raises(InvalidInput, match="no user with id 999"), database.session() as s:
        seekers.create(s, JobSeeker(name="Ana", specialist_id=999))
    with pytest.raises(InvalidInput, match="not an employment specialist"), database.session() as s:
        seekers.create(s, JobSeeker(name="Ana", specialist_id=developer.id))
    with database.session() as s:
        assert seekers.list(s) == []
        created = seekers.create(s, JobSeeker(name="Ana", specialist_id=specialist.id))
    with pytest.raises(InvalidInput), database.session() as s:
        seekers.update(s, created.id, {"specialist_id": developer.id, "name": "Not kept"})
    with database.session() as s:
        assert seekers.get(s, created.id) == created


def test_text_with_a_nul_character_is_refused_on_both_databases(database: Database) -> None:
    with pytest.raises(InvalidInput, match="NUL"), database.session() as s:
        seekers.create(s, JobSeeker.model_validate({"name": "Ana", "profile": {"interests": ["dogs\x00"]}}))
    with database.session() as s:
        assert seekers.list(s) == []


def test_delete_removes_the_seeker_their_reactions_and_sign_in(database: Database, seeker: JobSeeker, opening,
                                                               specialist: User) -> None:
    from models import Feedback, Judgment

    with database.session() as s:
        _, token = users.create(s, "Ana", Role.seeker, seeker_id=seeker.id)
        reactions.add_feedback(s, seeker.id, Feedback(opening_id=opening.id, reaction="interested"))
        reactions.add_judgment(s, seeker.id, Judgment(opening_id=opening.id, weight=0.5), specialist.id)
        other = seekers.create(s, JobSeeker(name="Ben"))
        contact = contacts.create(s, opening.employer_id, EmployerContact(
            specialist_id=specialist.id, on=dt.date(2026, 11, 20), seeker_ids=[seeker.id, other.id]))
        before = counters.value(s)
    with database.session() as s:
        seekers.delete(s, seeker.id)
    with database.session() as s:
        with pytest.raises(NotFound):
            seekers.get(s, seeker.id)
        assert users.by_token(s, token) is None
        assert reactions.feedback_for(s, seeker.id) == []
        assert reactions.judgments_for(s, seeker.id) == []
        # the contact stays, without the person who left
        assert [c.seeker_ids for c in contacts.list_for(s, opening.employer_id)] == [[other.id]]
        assert contacts.all(s)[0].id == contact.id
        assert counters.value(s) == before + 1
        assert [x.id for x in seekers.list(s)] == [other.id]
