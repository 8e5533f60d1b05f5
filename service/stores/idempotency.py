"""The first answer to a POST sent with an Idempotency-Key, kept per user so a repeat can be answered the same."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.db import begin_writing
from service.stores._rows import flush
from service.tables import IdempotencyRow


def get(s: Session, user_id: int, key: str) -> tuple[int, str] | None:
    """(status_code, body_json) stored for this user's key; None the first time the key is seen."""
    query = select(IdempotencyRow.status_code, IdempotencyRow.body_json).where(
        IdempotencyRow.user_id == user_id, IdempotencyRow.key == key
    )
    found = s.execute(query).first()
    return (found.status_code, found.body_json) if found is not None else None


def put(s: Session, user_id: int, key: str, status_code: int, body_json: str) -> None:
    """Keeps the answer in the caller's transaction, so it is stored exactly when the record it describes is.

    Conflict when the same key was stored meanwhile (two copies of one request racing); the caller's
    transaction then rolls back, and a retry replays the winner's answer.
    """
    if not isinstance(body_json, str):
        raise TypeError("body_json is the answer's JSON text (use json.dumps or model_dump_json)")
    begin_writing(s)
    s.add(IdempotencyRow(user_id=user_id, key=key, status_code=status_code, body_json=body_json))
    flush(
        s,
        missing=f"No user with id {user_id}.",
        duplicate="A request with this Idempotency-Key is being handled right now; send it again in a moment.",
    )
