"""Failed sign-ins, counted per key ('name:dana.k', 'client:10.0.0.7') in the database, so every process of
a deployment slows the same guesser down."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import case, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from service.db import begin_writing
from service.tables import SignInFailureRow, as_utc

KEY_MAX = 300


def locked_until(s: Session, keys: list[str], now: dt.datetime) -> dt.datetime | None:
    """The latest time any of these keys is locked until, when that is after `now`; None when none is locked."""
    wanted = [k[:KEY_MAX] for k in keys]
    found = s.scalars(select(SignInFailureRow.locked_until).where(SignInFailureRow.key.in_(wanted)))
    later = [as_utc(t) for t in found if t is not None and as_utc(t) > now]
    return max(later) if later else None


def record(s: Session, key: str, now: dt.datetime, *, forget_after: dt.timedelta) -> int:
    """Counts one more failure for the key and gives back how many it has now.

    Failures older than `forget_after` (counted from the last one) are forgotten first. One statement (an
    upsert), so two failures at once from two processes both count.
    """
    key = key[:KEY_MAX]
    begin_writing(s)
    table = SignInFailureRow.__table__
    insert = (postgresql.insert if s.get_bind().dialect.name == "postgresql" else sqlite.insert)(table)
    stale = table.c.last_at < now - forget_after
    statement = insert.values(key=key, failures=1, last_at=now, locked_until=None).on_conflict_do_update(
        index_elements=[table.c.key],
        set_={
            "failures": case((stale, 1), else_=table.c.failures + 1),
            "last_at": now,
            "locked_until": case((stale, None), else_=table.c.locked_until),
        },
    )
    s.execute(statement)
    return s.scalar(select(SignInFailureRow.failures).where(SignInFailureRow.key == key).execution_options(
        populate_existing=True)) or 1


def lock(s: Session, key: str, until: dt.datetime) -> None:
    """Refuses sign-ins for the key until then."""
    begin_writing(s)
    row = s.get(SignInFailureRow, key[:KEY_MAX], populate_existing=True)
    if row is not None:
        row.locked_until = until


def forget(s: Session, key: str) -> None:
    """Forgets the key's failures (after a sign-in that worked)."""
    begin_writing(s)
    s.execute(delete(SignInFailureRow).where(SignInFailureRow.key == key[:KEY_MAX]))


def forget_older(s: Session, than: dt.datetime) -> int:
    """Drops keys whose last failure is older than `than` and that are not locked: a guesser trying many
    made-up usernames leaves no lasting rows. Gives back how many were dropped."""
    begin_writing(s)
    result = s.execute(delete(SignInFailureRow).where(
        SignInFailureRow.last_at < than,
        (SignInFailureRow.locked_until.is_(None)) | (SignInFailureRow.locked_until < than),
    ).execution_options(synchronize_session=False))
    return result.rowcount or 0
