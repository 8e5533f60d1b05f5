"""The audit trail: who read or changed which seeker's record, and when.

Rows are written in the caller's transaction, so a request that is rolled back leaves no trace of a change
that did not happen, and one that answered has its row. They carry no foreign keys: the trail outlives the
seeker and the user it names.
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from models import InvalidInput
from service.db import begin_writing
from service.tables import AuditRow, utcnow

Action = Literal["read", "create", "update", "delete", "list"]
ACTIONS: frozenset[str] = frozenset(get_args(Action))
_INSERT = insert(AuditRow.__table__)
DETAIL_MAX = 2000  # a sentence or two; longer details are cut, not refused (the audit row must be written)


def record(s: Session, user_id: int | None, action: Action, seeker_id: int | None, detail: str = "") -> None:
    """Adds one audit row: `user_id` did `action` to seeker `seeker_id`, now."""
    if action not in ACTIONS:
        raise InvalidInput(f"action: {action!r} is not an audit action; use one of {', '.join(sorted(ACTIONS))}.")
    begin_writing(s)
    detail = (detail or "").replace("\x00", "")[:DETAIL_MAX]
    # Written at once with a plain INSERT (no ORM object to track until the flush): every read of a seeker's
    # record writes one of these.
    s.execute(_INSERT, {"at": utcnow(), "user_id": user_id, "action": action, "seeker_id": seeker_id, "detail": detail})


def for_seeker(s: Session, seeker_id: int) -> list[dict[str, Any]]:
    """The seeker's audit rows, oldest first: dicts with id, at, user_id, action, seeker_id, detail."""
    query = select(AuditRow).where(AuditRow.seeker_id == seeker_id).order_by(AuditRow.at, AuditRow.id)
    return [
        {"id": r.id, "at": r.at, "user_id": r.user_id, "action": r.action, "seeker_id": r.seeker_id, "detail": r.detail}
        for r in s.scalars(query)
    ]
