"""service/stores/exposures.py: what a seeker is shown, replaced on each serve, whatever was deleted meanwhile."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from models import JobSeeker, Opening
from service.db import Database
from service.stores import exposures, openings
from service.tables import ExposureRow


def test_a_serve_replaces_the_list_and_records_when(database: Database, seeker: JobSeeker, opening: Opening) -> None:
    with database.session() as s:
        second = openings.create(s, opening.model_copy(update={"id": None, "title": "Dog walker"}))
        exposures.record(s, seeker.id, [opening.id, second.id, opening.id])  # a repeat counts once
    with database.session() as s:
        assert exposures.shown_to(s, seeker.id) == sorted([opening.id, second.id])
        shown_at = s.scalars(select(ExposureRow.shown_at)).all()
        exposures.record(s, seeker.id, [second.id])
    with database.session() as s:
        assert exposures.shown_to(s, seeker.id) == [second.id]
    assert all(t.tzinfo is not None and abs(t - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5) for t in shown_at)


def test_openings_or_a_seeker_deleted_since_the_ranking_are_left_out(
    database: Database, seeker: JobSeeker, opening: Opening
) -> None:
    with database.session() as s:
        gone = openings.create(s, opening.model_copy(update={"id": None, "title": "Dog walker"}))
        openings.delete(s, gone.id)
    with database.session() as s:
        exposures.record(s, seeker.id, [gone.id, opening.id, 999_999])  # no error: the list is still served
        exposures.record(s, 999_998, [opening.id])  # an unknown seeker: nothing recorded
    with database.session() as s:
        assert exposures.shown_to(s, seeker.id) == [opening.id]
        assert exposures.shown_to(s, 999_998) == []
        exposures.record(s, seeker.id, [])
    with database.session() as s:
        assert exposures.shown_to(s, seeker.id) == []
