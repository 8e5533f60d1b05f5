"""The catalogue change log: which openings, employers and contacts each catalogue write touched.

Every write that changes what the ranking reads calls record() in its own transaction. record() moves the
'catalogue' counter first and files the records under the counter's new value (the write's version). On
PostgreSQL the counter row stays locked until the write commits, so versions are handed out in commit order:
a reader that has applied every version up to V never misses a write with a smaller version committed later.
Each process then reads only the versions newer than its own (since()) and changes its index in place
(service/ranking.py). A version with no rows here (a bulk load that only bumps the counter, or rows pruned
after RETENTION) tells a reader only that something changed, and it builds its index again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from service.stores import counters
from service.tables import CatalogueChangeRow, utcnow

OPENING, EMPLOYER, CONTACT = "opening", "employer", "contact"
# A process that has not read the log for this long builds its index again; a day covers any restart.
RETENTION = dt.timedelta(days=1)
# Pruning runs on one write in this many, so it costs the writers nothing noticeable.
PRUNE_EVERY = 256


def record(
    s: Session, *, openings: Iterable[int] = (), employers: Iterable[int] = (), contacts: Iterable[int] = ()
) -> int:
    """Moves the 'catalogue' counter and files these records under its new value, which is returned.

    In the caller's transaction, so the log and the write commit or roll back together.
    """
    counters.bump(s)
    version = counters.value(s)
    rows = [
        {"version": version, "kind": kind, "record_id": record_id}
        for kind, ids in ((OPENING, openings), (EMPLOYER, employers), (CONTACT, contacts))
        for record_id in dict.fromkeys(ids)
    ]
    if rows:
        s.execute(insert(CatalogueChangeRow), rows)
    if version % PRUNE_EVERY == 0:
        prune(s, before=utcnow() - RETENTION, below=version)
    return version


def prune(s: Session, *, before: dt.datetime, below: int) -> int:
    """Deletes rows filed before `before` under versions below `below` (the newest stay); how many went."""
    old = delete(CatalogueChangeRow).where(CatalogueChangeRow.at < before, CatalogueChangeRow.version < below)
    return s.execute(old).rowcount


@dataclass(frozen=True)
class Changes:
    """The records touched by the versions after one a reader has applied, up to `version`."""

    version: int  # the newest version read
    complete: bool  # every version read has its rows (False: pruned, or a write that only moved the counter)
    openings: set[int] = field(default_factory=set)
    employers: set[int] = field(default_factory=set)
    contacts: set[int] = field(default_factory=set)


def since(s: Session, applied: int, current: int) -> Changes:
    """What changed after version `applied`, read up to at least `current` (the counter read just before)."""
    query = select(CatalogueChangeRow.version, CatalogueChangeRow.kind, CatalogueChangeRow.record_id)
    rows = s.execute(query.where(CatalogueChangeRow.version > applied)).all()
    versions = {row.version for row in rows}
    newest = max(versions | {current})
    touched: dict[str, set[int]] = {OPENING: set(), EMPLOYER: set(), CONTACT: set()}
    for row in rows:
        touched.setdefault(row.kind, set()).add(row.record_id)
    return Changes(
        version=newest, complete=len(versions) == newest - applied,
        openings=touched[OPENING], employers=touched[EMPLOYER], contacts=touched[CONTACT],
    )
