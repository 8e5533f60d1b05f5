"""What each seeker is currently shown (exposures), and how many other seekers are shown each opening.

A seeker's rows are replaced whenever their suggestions are served, in the request's own transaction, so
the counts follow what people actually see. Only active seekers count, and only what they were shown in the
last `exposure_days` days: a list nobody has opened for weeks no longer crowds anyone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.db import begin_writing
from service.tables import ExposureRow, SeekerRow, utcnow


def record(s: Session, seeker_id: int, opening_ids: Iterable[int]) -> None:
    """The seeker is now shown exactly these openings: their earlier rows are replaced."""
    begin_writing(s)
    if s.get_bind().dialect.name == "postgresql":
        # Two serves of one seeker at once take turns here, so neither inserts a row the other just wrote.
        s.execute(select(SeekerRow.id).where(SeekerRow.id == seeker_id).with_for_update())
    now = utcnow()
    rows = [ExposureRow(seeker_id=seeker_id, opening_id=i, shown_at=now) for i in dict.fromkeys(opening_ids)]
    s.execute(delete(ExposureRow).where(ExposureRow.seeker_id == seeker_id))
    try:
        # A savepoint: if the seeker or an opening was deleted since the list was ranked, the list is still
        # served and nothing is recorded; the next serve records it.
        with s.begin_nested():
            s.add_all(rows)
    except IntegrityError:
        pass


def counts(s: Session, *, excluding: int | None = None, since: dt.datetime | None = None) -> dict[int, int]:
    """Opening id -> how many active seekers (other than `excluding`) are shown it, shown at `since` or later."""
    query = (
        select(ExposureRow.opening_id, func.count())
        .join(SeekerRow, SeekerRow.id == ExposureRow.seeker_id)
        .where(SeekerRow.active.is_(True))
        .group_by(ExposureRow.opening_id)
    )
    if excluding is not None:
        query = query.where(ExposureRow.seeker_id != excluding)
    if since is not None:
        query = query.where(ExposureRow.shown_at >= since)
    return {int(opening_id): int(n) for opening_id, n in s.execute(query)}


def shown_to(s: Session, seeker_id: int) -> list[int]:
    """The ids of the openings the seeker is currently shown, ascending."""
    query = select(ExposureRow.opening_id).where(ExposureRow.seeker_id == seeker_id).order_by(ExposureRow.opening_id)
    return list(s.scalars(query))
