"""service/stores/reactions.py: seekers' feedback and specialists' judgments."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from models import Employer, Feedback, InvalidInput, JobSeeker, Judgment, NotFound, Opening, User
from service.db import Database
from service.stores import openings, reactions


def test_feedback_round_trips_with_a_utc_time(database: Database, seeker: JobSeeker, opening: Opening) -> None:
    at = dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=-6)))
    with database.session() as s:
        created = reactions.add_feedback(s, seeker.id, Feedback(opening_id=opening.id, reaction="not_for_me",
                                                                reason="too far", at=at))
    with database.session() as s:
        assert reactions.feedback_for(s, seeker.id) == [created]
    assert created.seeker_id == seeker.id and created.reason == "too far"
    assert created.at == at and created.at.tzinfo is not None and created.at.utcoffset() == dt.timedelta(0)


def test_feedback_gets_the_current_time_when_none_is_given(database: Database, seeker: JobSeeker,
                                                           opening: Opening) -> None:
    before = dt.datetime.now(dt.UTC)
    with database.session() as s:
        created = reactions.add_feedback(s, seeker.id, Feedback(opening_id=opening.id, reaction="interested"))
    assert created.at is not None and before - dt.timedelta(seconds=1) <= created.at <= dt.datetime.now(dt.UTC)


def test_the_same_reaction_twice_is_one_row(database: Database, seeker: JobSeeker, opening: Opening) -> None:
    with database.session() as s:
        first = reactions.add_feedback(s, seeker.id, Feedback(opening_id=opening.id, reaction="interested"))
    with database.session() as s:
        again = reactions.add_feedback(s, seeker.id, Feedback(opening_id=opening.id, reaction="interested",
                                                              reason="really"))
        applied = reactions.add_feedback(s, seeker.id, Feedback(opening_id=opening.id, reaction="applied"))
    assert again == first
    with database.session() as s:
        assert [f.id for f in reactions.feedback_for(s, seeker.id)] == [first.id, applied.id]


def test_feedback_references(database: Database, seeker: JobSeeker, opening: Opening) -> None:
    with pytest.raises(NotFound, match="No seeker with id 999."), database.session() as s:
        reactions.add_feedback(s, 999, Feedback(opening_id=opening.id, reaction="interested"))
    with pytest.raises(InvalidInput, match="opening_id: no opening with id 999"), database.session() as s:
        reactions.add_feedback(s, seeker.id, Feedback(opening_id=999, reaction="interested"))
    with pytest.raises(InvalidInput, match="seeker_id"), database.session() as s:
        reactions.add_feedback(s, seeker.id, Feedback(seeker_id=seeker.id + 1, opening_id=opening.id,
                                                      reaction="interested"))
    with database.session() as s:
        assert reactions.feedback_for(s, seeker.id) == [] and reactions.feedback_for(s, 999) == []


def test_judgments_round_trip_for_an_opening_or_an_employer(database: Database, seeker: JobSeeker, opening: Opening,
                                                            employer: Employer, specialist: User) -> None:
    with database.session() as s:
        about_opening = reactions.add_judgment(s, seeker.id, Judgment(opening_id=opening.id, weight=0.5,
                                                                      note="did well at a similar job"), specialist.id)
        about_employer = reactions.add_judgment(s, seeker.id, Judgment(employer_id=employer.id, weight=-1),
                                                specialist.id)
    with database.session() as s:
        assert reactions.judgments_for(s, seeker.id) == [about_opening, about_employer]
    assert about_opening.author_id == specialist.id and about_opening.seeker_id == seeker.id
    assert about_employer.opening_id is None and about_employer.weight == -1 and about_employer.at is not None


def test_judgment_references_and_bounds(database: Database, seeker: JobSeeker, opening: Opening,
                                        specialist: User) -> None:
    cases = [
        (NotFound, 999, Judgment(opening_id=opening.id, weight=0), specialist.id),
        (InvalidInput, seeker.id, Judgment(opening_id=999, weight=0), specialist.id),
        (InvalidInput, seeker.id, Judgment(employer_id=999, weight=0), specialist.id),
        (InvalidInput, seeker.id, Judgment(opening_id=opening.id, weight=0), 999),
        (ValidationError, seeker.id, Judgment.model_construct(opening_id=opening.id, weight=2.0), specialist.id),
    ]
    for error, seeker_id, judgment, author_id in cases:
        with pytest.raises(error), database.session() as s:
            reactions.add_judgment(s, seeker_id, judgment, author_id)
    with database.session() as s:
        assert reactions.judgments_for(s, seeker.id) == []


def test_deleting_an_opening_deletes_what_was_said_about_it(database: Database, seeker: JobSeeker, opening: Opening,
                                                             specialist: User) -> None:
    with database.session() as s:
        reactions.add_feedback(s, seeker.id, Feedback(opening_id=opening.id, reaction="interested"))
        reactions.add_judgment(s, seeker.id, Judgment(opening_id=opening.id, weight=0.2), specialist.id)
    with database.session() as s:
        openings.delete(s, opening.id)
    with database.session() as s:
        assert reactions.feedback_for(s, seeker.id) == [] and reactions.judgments_for(s, seeker.id) == []
