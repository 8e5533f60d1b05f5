"""What each seeker is currently shown (exposures), and how many other seekers are shown each opening.

A seeker's rows are replaced whenever their suggestions are served, in the request's own transaction, so
the counts follow what people actually see. Only active seekers count, and only what they were shown in the
last `exposure_days` days: a list nobody has opened for weeks no longer crowds anyone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import bindparam, delete, insert, select, type_coerce
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.db import begin_writing
from service.tables import ExposureRow, OpeningRow, SeekerRow, utcnow

_EXPOSURES = ExposureRow.__table__
_FORGET = delete(_EXPOSURES).where(_EXPOSURES.c.seeker_id == bindparam("seeker_id"))
# One INSERT ... SELECT of the openings that still exist, for a seeker that still exists: if either was deleted
# since the list was ranked, the list is still served and that row is simply not recorded.
_RECORD = insert(_EXPOSURES).from_select(
    ["seeker_id", "opening_id", "shown_at"],
    select(
        type_coerce(bindparam("seeker_id"), _EXPOSURES.c.seeker_id.type),
        OpeningRow.id,
        type_coerce(bindparam("now"), _EXPOSURES.c.shown_at.type),
    ).where(
        OpeningRow.id.in_(bindparam("opening_ids", expanding=True)),
        select(SeekerRow.id).where(SeekerRow.id == bindparam("seeker_id")).exists(),
    ),
)


def record(s: Session, seeker_id: int, opening_ids: Iterable[int]) -> None:
    """The seeker is now shown exactly these openings: their earlier rows are replaced.

    Plain statements, no ORM objects: this runs on every suggestion request.
    """
    begin_writing(s)
    postgresql = s.get_bind().dialect.name == "postgresql"
    if postgresql:
        # Two serves of one seeker at once take turns here, so neither inserts a row the other just wrote.
        s.execute(select(SeekerRow.id).where(SeekerRow.id == seeker_id).with_for_update())
    s.execute(_FORGET, {"seeker_id": seeker_id})
    wanted = list(dict.fromkeys(opening_ids))
    if not wanted:
        return
    values = {"seeker_id": seeker_id, "opening_ids": wanted, "now": utcnow()}
    if not postgresql:
        # SQLite: this transaction holds the write lock, so nothing can be deleted between the SELECT and the
        # INSERT's foreign key checks.
        s.execute(_RECORD, values)
        return
    try:
        # PostgreSQL (READ COMMITTED): an opening deleted by a transaction that commits meanwhile can still fail
        # the foreign key check; a savepoint keeps the answer served, and the next serve records it.
        with s.begin_nested():
            s.execute(_RECORD, values)
    except IntegrityError:
        pass


@dataclass(frozen=True)
class Exposure:
    """Who is shown what, read once: per opening how many active seekers see it, and each seeker's own."""

    seekers_of: dict[int, int]  # opening id -> active seekers shown it
    shown: dict[int, frozenset[int]]  # seeker id -> openings they are shown

    def others(self, seeker_id: int | None) -> dict[int, int]:
        """Opening id -> how many active seekers other than `seeker_id` are shown it (openings with none left out)."""
        own = self.shown.get(seeker_id, frozenset()) if seeker_id is not None else frozenset()
        counts = {i: n - (i in own) for i, n in self.seekers_of.items()}
        return {i: n for i, n in counts.items() if n > 0}


def snapshot(s: Session, *, since: dt.datetime | None = None) -> Exposure:
    """Every active seeker's current list, shown at `since` or later, in one query (a request ranking many
    seekers, such as candidates for an employer, reads it once)."""
    query = select(ExposureRow.seeker_id, ExposureRow.opening_id).join(SeekerRow, SeekerRow.id == ExposureRow.seeker_id)
    query = query.where(SeekerRow.active.is_(True))
    if since is not None:
        query = query.where(ExposureRow.shown_at >= since)
    seekers_of: dict[int, int] = {}
    shown: dict[int, set[int]] = {}
    for seeker_id, opening_id in s.execute(query):
        seekers_of[opening_id] = seekers_of.get(opening_id, 0) + 1
        shown.setdefault(seeker_id, set()).add(opening_id)
    return Exposure(seekers_of, {k: frozenset(v) for k, v in shown.items()})


def counts(s: Session, *, excluding: int | None = None, since: dt.datetime | None = None) -> dict[int, int]:
    """Opening id -> how many active seekers (other than `excluding`) are shown it, shown at `since` or later."""
    return snapshot(s, since=since).others(excluding)


def shown_to(s: Session, seeker_id: int) -> list[int]:
    """The ids of the openings the seeker is currently shown, ascending."""
    query = select(ExposureRow.opening_id).where(ExposureRow.seeker_id == seeker_id).order_by(ExposureRow.opening_id)
    return list(s.scalars(query))
