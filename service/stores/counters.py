"""Named counters that only go up. 'catalogue' moves with every change to employers, openings or contacts,
so each process can tell, with one cheap read, that its in-memory opening index is out of date."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from service.db import begin_writing
from service.tables import CounterRow

CATALOGUE = "catalogue"


def bump(s: Session, name: str = CATALOGUE) -> None:
    """Adds one to the counter (creating it at 1), in the caller's transaction.

    An atomic upsert, so concurrent bumps from several processes all count; on PostgreSQL the row stays
    locked until the caller commits, which orders catalogue changes one after another.
    """
    begin_writing(s)
    insert = pg_insert if s.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(CounterRow).values(name=name, value=1)
    s.execute(statement.on_conflict_do_update(index_elements=[CounterRow.name], set_={"value": CounterRow.value + 1}))


def value(s: Session, name: str = CATALOGUE) -> int:
    """The counter's current value; 0 for a counter never bumped."""
    found = s.scalar(select(CounterRow.value).where(CounterRow.name == name))
    return int(found or 0)
